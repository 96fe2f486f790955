//! The numeric kernels of the BERT forward pass in `bert.rs`: matrix products on the `gemm`
//! crate, and the row-wise layer norm, GELU and softmax. The elementwise kernels are plain
//! loops compiled several times (AVX-512, AVX2+FMA, baseline) and picked at run time, so one
//! binary is fast on this machine and still runs on any x86-64 (no `-C target-cpu`).

/// The right-hand matrix of a product, row-major in its slice with the given row stride (in
/// elements): `b[k×n]` itself, or stored as `n×k` and read transposed (attention's keys are
/// stored row by row; the same memory read with the strides swapped).
#[derive(Debug, Clone, Copy)]
pub enum Rhs<'a> {
    Plain(&'a [f32], usize),
    Transposed(&'a [f32], usize),
}

/// `out[m×n] = (accumulate ? out : 0) + scale · a[m×k] · b`, all row-major with the given
/// row strides (`lda`, `ldo`, in elements; `b`'s is in [`Rhs`]), on the calling thread only:
/// callers parallelise over work units, not inside a product (one level of threads, no
/// barriers).
///
/// # Panics
/// When a slice is too short for its shape and stride.
#[allow(clippy::too_many_arguments)]
pub fn matmul(
    (m, k, n): (usize, usize, usize),
    a: &[f32],
    lda: usize,
    b: Rhs,
    out: &mut [f32],
    ldo: usize,
    accumulate: bool,
    scale: f32,
) {
    if m == 0 || n == 0 {
        return;
    }
    // The stored shape of b, its row stride, and (column, row) strides as the product reads it.
    let (data, (rows, cols), ldb, (b_cs, b_rs)) = match b {
        Rhs::Plain(data, ldb) => (data, (k, n), ldb, (1, ldb)),
        Rhs::Transposed(data, ldb) => (data, (n, k), ldb, (ldb, 1)),
    };
    let need = |rows: usize, cols: usize, ld: usize| (rows - 1) * ld + cols;
    assert!(k == 0 || (a.len() >= need(m, k, lda) && data.len() >= need(rows, cols, ldb)));
    assert!(out.len() >= need(m, n, ldo) && lda >= k && ldb >= cols && ldo >= n);
    // SAFETY: the asserts above keep every element gemm reads or writes inside the slices;
    // `out` is borrowed mutably, so it cannot alias `a` or `b`.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            out.as_mut_ptr(),
            1,
            ldo as isize,
            accumulate,
            a.as_ptr(),
            1,
            lda as isize,
            data.as_ptr(),
            b_cs as isize,
            b_rs as isize,
            // Ignored unless `accumulate` (gemm reads `out` only then).
            1.0,
            scale,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

/// Defines `pub fn $name` that runs `$generic` compiled for the best instruction set the CPU
/// has. `$generic` must be `#[inline(always)]` so each copy is vectorised for its features.
macro_rules! multiversion {
    ($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty),*) => $generic:ident) => {
        $(#[$doc])*
        pub fn $name($($arg: $ty),*) {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")]
                unsafe fn v4($($arg: $ty),*) {
                    $generic($($arg),*)
                }
                #[target_feature(enable = "avx2,fma")]
                unsafe fn v3($($arg: $ty),*) {
                    $generic($($arg),*)
                }
                if is_x86_feature_detected!("avx512f")
                    && is_x86_feature_detected!("avx512vl")
                    && is_x86_feature_detected!("avx512dq")
                    && is_x86_feature_detected!("avx512bw")
                {
                    // SAFETY: the CPU has the features `v4` was compiled for.
                    return unsafe { v4($($arg),*) };
                }
                if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                    // SAFETY: the CPU has the features `v3` was compiled for.
                    return unsafe { v3($($arg),*) };
                }
            }
            $generic($($arg),*)
        }
    };
}

/// Lanes the reductions below keep apart, so the compiler can vectorise them (a float sum in
/// one accumulator is a serial chain it may not reorder).
const LANES: usize = 16;

#[inline(always)]
fn sum(x: &[f32]) -> f32 {
    let mut acc = [0f32; LANES];
    let mut chunks = x.chunks_exact(LANES);
    for c in &mut chunks {
        for (a, v) in acc.iter_mut().zip(c) {
            *a += v;
        }
    }
    acc.iter().sum::<f32>() + chunks.remainder().iter().sum::<f32>()
}

#[inline(always)]
fn sum_sq_dev(x: &[f32], mean: f32) -> f32 {
    let mut acc = [0f32; LANES];
    let mut chunks = x.chunks_exact(LANES);
    for c in &mut chunks {
        for (a, v) in acc.iter_mut().zip(c) {
            *a += (v - mean) * (v - mean);
        }
    }
    let rest: f32 = chunks
        .remainder()
        .iter()
        .map(|v| (v - mean) * (v - mean))
        .sum();
    acc.iter().sum::<f32>() + rest
}

#[inline(always)]
fn max(x: &[f32]) -> f32 {
    let mut acc = [f32::NEG_INFINITY; LANES];
    let mut chunks = x.chunks_exact(LANES);
    for c in &mut chunks {
        for (a, v) in acc.iter_mut().zip(c) {
            *a = a.max(*v);
        }
    }
    let m = acc.iter().fold(f32::NEG_INFINITY, |m, v| m.max(*v));
    chunks.remainder().iter().fold(m, |m, v| m.max(*v))
}

#[inline(always)]
fn layer_norm_generic(x: &mut [f32], width: usize, gamma: &[f32], beta: &[f32], eps: f32) {
    for row in x.chunks_exact_mut(width) {
        // Two passes (mean, then squared deviations) as PyTorch does: one-pass E[x²]−E[x]²
        // loses digits when the mean is large against the spread.
        let mean = sum(row) / width as f32;
        let var = sum_sq_dev(row, mean) / width as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, g), b) in row.iter_mut().zip(gamma).zip(beta) {
            *v = (*v - mean) * inv * g + b;
        }
    }
}

multiversion! {
    /// Layer norm of every `width`-long row of `x` in place: `(v − mean)/√(var + eps)·γ + β`.
    layer_norm(x: &mut [f32], width: usize, gamma: &[f32], beta: &[f32], eps: f32)
        => layer_norm_generic
}

/// erf to within 4e-7, about 3 ulp near ±1 (checked against candle's f64 erf in the tests): the rational
/// approximation Eigen and XLA use, clamped to ±4 where f32 erf is ±1. No branches and no
/// libm call, so a loop of it vectorises; libm's erff was a tenth of candle's run time.
// The published coefficients, digit for digit (clippy would shorten them to f32 precision).
#[allow(clippy::excessive_precision)]
#[inline(always)]
pub fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = -2.72614225801306e-10_f32;
    for c in [
        2.77068142495902e-08,
        -2.10102402082508e-06,
        -5.69250639462346e-05,
        -7.34990630326855e-04,
        -2.95459980854025e-03,
        -1.60960333262415e-02,
    ] {
        p = p * x2 + c;
    }
    let mut q = -1.45660718464996e-05_f32;
    for c in [
        -2.13374055278905e-04,
        -1.68282697438203e-03,
        -7.37332916720468e-03,
        -1.42647390514189e-02,
    ] {
        q = q * x2 + c;
    }
    x * p / q
}

#[inline(always)]
fn gelu_generic(x: &mut [f32]) {
    for v in x {
        *v = 0.5 * *v * (1.0 + erf(*v * std::f32::consts::FRAC_1_SQRT_2));
    }
}

multiversion! {
    /// BERT's exact GELU, `x·Φ(x) = ½x(1 + erf(x/√2))`, in place (not the tanh approximation:
    /// the reference implementation uses erf).
    gelu(x: &mut [f32]) => gelu_generic
}

/// eˣ for x ≤ 0 to about 2 ulp, branch-free so a loop of it vectorises: x = n·ln2 + r with
/// |r| ≤ ln2/2, a degree-6 polynomial for eʳ (the Cephes expf coefficients) and 2ⁿ put
/// straight into the exponent bits. Inputs below −87 give 2⁻¹²⁶·e^r, about 1e-38 (not 0).
#[allow(clippy::excessive_precision)]
#[inline(always)]
pub fn exp_neg(x: f32) -> f32 {
    const SHIFT: f32 = 12_582_912.0; // 1.5·2²³: adding it rounds to an integer in the low bits
    let x = x.max(-87.0);
    let t = x * std::f32::consts::LOG2_E + SHIFT;
    let n = t - SHIFT;
    let r = x - n * 0.693359375 + n * 2.12194440e-4; // ln2 split in two for exactness
    let mut p = 1.9875691500e-4_f32;
    for c in [
        1.3981999507e-3,
        8.3334519073e-3,
        4.1665795894e-2,
        1.6666665459e-1,
        5.0000001201e-1,
    ] {
        p = p * r + c;
    }
    let er = p * r * r + r + 1.0;
    let bits = (t.to_bits() as i32).wrapping_sub(SHIFT.to_bits() as i32);
    er * f32::from_bits(((bits + 127) << 23) as u32)
}

#[inline(always)]
fn softmax_generic(x: &mut [f32], width: usize) {
    for row in x.chunks_exact_mut(width) {
        let m = max(row);
        for v in row.iter_mut() {
            *v = exp_neg(*v - m);
        }
        let inv = 1.0 / sum(row);
        for v in row.iter_mut() {
            *v *= inv;
        }
    }
}

multiversion! {
    /// Softmax of every `width`-long row of `x` in place (max subtracted first, so no row
    /// overflows).
    softmax(x: &mut [f32], width: usize) => softmax_generic
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(m: usize, k: usize, n: usize, a: &[f32], b: &[f32]) -> Vec<f32> {
        let mut c = vec![0f32; m * n];
        for i in 0..m {
            for j in 0..n {
                c[i * n + j] = (0..k).map(|p| a[i * k + p] * b[p * n + j]).sum();
            }
        }
        c
    }

    fn ramp(len: usize, mul: f32) -> Vec<f32> {
        (0..len)
            .map(|i| ((i * 7919) % 23) as f32 * mul - 0.3)
            .collect()
    }

    #[test]
    fn matmul_matches_the_schoolbook_product_and_accumulates() {
        let (m, k, n) = (37, 19, 45);
        let (a, b) = (ramp(m * k, 0.05), ramp(k * n, 0.03));
        let want = naive(m, k, n, &a, &b);
        let mut out = vec![1f32; m * n];
        matmul((m, k, n), &a, k, Rhs::Plain(&b, n), &mut out, n, true, 1.0);
        for (o, w) in out.iter().zip(&want) {
            assert!((o - (w + 1.0)).abs() < 1e-4, "{o} vs {}", w + 1.0);
        }
        // b transposed, scaled, written into a wider buffer: the padding column stays.
        let bt: Vec<f32> = (0..n * k).map(|i| b[(i % k) * n + i / k]).collect();
        let mut wide = vec![9f32; m * (n + 1)];
        let bt = Rhs::Transposed(&bt, k);
        matmul((m, k, n), &a, k, bt, &mut wide, n + 1, false, 0.5);
        for i in 0..m {
            for j in 0..n {
                assert!((wide[i * (n + 1) + j] - 0.5 * want[i * n + j]).abs() < 1e-4);
            }
            assert_eq!(wide[i * (n + 1) + n], 9.0);
        }
    }

    #[test]
    fn erf_is_within_4e7_of_the_f64_erf() {
        let worst = (-6000..=6000)
            .map(|i| i as f32 / 1000.0)
            .map(|x| (erf(x) as f64 - candle_core::cpu::erf::erf_f64(x as f64)).abs())
            .fold(0f64, f64::max);
        assert!(worst < 4e-7, "worst error {worst}");
    }

    #[test]
    fn exp_neg_is_within_3e7_relative_of_exp() {
        let worst = (0..=87_000)
            .map(|i| -(i as f32) / 1000.0)
            .map(|x| ((exp_neg(x) as f64 - (x as f64).exp()) / (x as f64).exp()).abs())
            .fold(0f64, f64::max);
        assert!(worst < 3e-7, "worst relative error {worst}");
    }

    #[test]
    fn softmax_rows_sum_to_one_and_keep_order() {
        let mut x = vec![1.0, 2.0, 3.0, -1000.0, 0.0, 1000.0];
        softmax(&mut x, 3);
        assert!((x[..3].iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(x[0] < x[1] && x[1] < x[2]);
        assert!((x[2] - 0.665_240_94).abs() < 1e-6, "{}", x[2]);
        assert_eq!(x[5], 1.0);
    }

    #[test]
    fn layer_norm_gives_zero_mean_unit_variance_before_the_affine() {
        let mut x: Vec<f32> = (0..40).map(|i| 1000.0 + i as f32).collect();
        let (g, b) = (vec![2.0; 20], vec![0.5; 20]);
        layer_norm(&mut x, 20, &g, &b, 1e-12);
        for row in x.chunks(20) {
            let mean = row.iter().sum::<f32>() / 20.0;
            let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / 20.0;
            assert!(
                (mean - 0.5).abs() < 1e-5 && (var - 4.0).abs() < 1e-4,
                "{mean} {var}"
            );
        }
    }
}
