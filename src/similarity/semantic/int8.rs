//! int8 matrix products for the dense layers of `bert.rs`, the lower-precision path beside the
//! f32 one in `kernels.rs` (which stays the reference). A layer's weights are quantised once at
//! load, symmetric per output column; each product quantises its activations per row (also
//! symmetric), multiplies in integers and scales back to f32 on the way out. On a CPU with
//! AVX-512 VNNI the integer part is `vpdpbusd` (64 u8×i8 products a cycle per instruction:
//! activations are shifted by +128 to be unsigned, and 128·colsum(w) taken off again); other
//! CPUs run a plain loop with the same integer results, slower than the f32 path.

/// Columns one block of the packed weights holds: the 16 i32 lanes of a 512-bit register.
const LANES: usize = 16;

/// A weight matrix `k × n` (inputs × outputs) in int8, scaled per output column.
pub struct QuantMatrix {
    k: usize,
    n: usize,
    /// `k` rounded up to a multiple of 4 (one `vpdpbusd` lane takes 4 inputs).
    k4: usize,
    /// Blocks of [`LANES`] columns, each `k4 × 16` bytes laid out as `[k/4][lane][4]`, so one
    /// 64-byte load gives every lane its next 4 weights; padding is 0.
    packed: Vec<i8>,
    /// Per column: the f32 value of one int8 step.
    scale: Vec<f32>,
    /// Per column: 128 · Σ w (what the +128 shift of the activations adds).
    shift: Vec<i32>,
}

impl QuantMatrix {
    /// Quantise `w` (`k × n`, row-major: input-major as `bert.rs` stores it): each column's
    /// largest magnitude maps to 127.
    pub fn quantise(w: &[f32], k: usize, n: usize) -> QuantMatrix {
        let k4 = k.div_ceil(4) * 4;
        let blocks = n.div_ceil(LANES);
        let mut scale = vec![0f32; n];
        for row in w.chunks_exact(n).take(k) {
            for (s, v) in scale.iter_mut().zip(row) {
                *s = s.max(v.abs());
            }
        }
        scale.iter_mut().for_each(|s| *s /= 127.0);
        let mut packed = vec![0i8; blocks * k4 * LANES];
        let mut shift = vec![0i32; n];
        for (p, row) in w.chunks_exact(n).take(k).enumerate() {
            for (j, v) in row.iter().enumerate() {
                let q = quantum(*v, inverse(scale[j]));
                shift[j] += 128 * q as i32;
                packed[(j / LANES) * k4 * LANES + (p / 4) * 4 * LANES + (j % LANES) * 4 + p % 4] =
                    q;
            }
        }
        QuantMatrix {
            k,
            n,
            k4,
            packed,
            scale,
            shift,
        }
    }

    /// The packed weights of blocks `from..from + count`.
    fn blocks(&self, from: usize, count: usize) -> &[i8] {
        let len = self.k4 * LANES;
        &self.packed[from * len..(from + count) * len]
    }
}

/// `1/scale`, 0 for a zero scale (a column or row of zeros quantises to zeros).
fn inverse(scale: f32) -> f32 {
    if scale > 0.0 {
        1.0 / scale
    } else {
        0.0
    }
}

/// `v · inv` (`inv` = 1/step) rounded to the nearest (ties to even) within ±127; NaN gives 0
/// (`as` saturates and maps NaN to 0). Branch-free, no libm call (`round` is one on baseline
/// x86-64), so the row loop vectorises: activations are quantised on every product.
#[inline(always)]
fn quantum(v: f32, inv: f32) -> i8 {
    // 1.5·2²³: adding it leaves no fraction bits, so the sum is rounded to an integer.
    const ROUND: f32 = 12_582_912.0;
    (((v * inv).clamp(-127.0, 127.0) + ROUND) - ROUND) as i8
}

/// Activations quantised per row and shifted to u8 (`q + 128`), each row padded to `k4`.
struct QuantRows {
    bytes: Vec<u8>,
    scale: Vec<f32>,
    k4: usize,
}

impl QuantRows {
    fn of(rows: usize, a: &[f32], lda: usize, k: usize, k4: usize) -> QuantRows {
        let mut bytes = vec![128u8; rows * k4];
        let mut scale = Vec::with_capacity(rows);
        for (i, out) in bytes.chunks_exact_mut(k4).enumerate() {
            let row = &a[i * lda..i * lda + k];
            let s = row.iter().fold(0f32, |m, v| m.max(v.abs())) / 127.0;
            let inv = inverse(s);
            for (o, v) in out.iter_mut().zip(row) {
                *o = (quantum(*v, inv) as i16 + 128) as u8;
            }
            scale.push(s);
        }
        QuantRows { bytes, scale, k4 }
    }

    fn rows(&self, from: usize, count: usize) -> &[u8] {
        &self.bytes[from * self.k4..(from + count) * self.k4]
    }
}

/// How the integer dot products are computed; both give the same integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// AVX-512 VNNI `vpdpbusd`.
    Vnni,
    /// Plain loops, on any CPU.
    Scalar,
}

impl Path {
    /// The fastest path this CPU runs.
    pub fn best() -> Path {
        if vnni::available() {
            Path::Vnni
        } else {
            Path::Scalar
        }
    }
}

/// `out[m×n] += a[m×k] · w` with `a` and `out` row-major (row strides `lda`, `ldo`), `a`
/// quantised per row here, on the calling thread, on [`Path::best`].
///
/// # Panics
/// When a slice is too short for its shape and stride.
pub fn matmul_int8(m: usize, a: &[f32], lda: usize, w: &QuantMatrix, out: &mut [f32], ldo: usize) {
    matmul_int8_on(Path::best(), m, a, lda, w, out, ldo);
}

/// [`matmul_int8`] on a given path (a `Vnni` asked for on a CPU without it runs `Scalar`).
pub fn matmul_int8_on(
    path: Path,
    m: usize,
    a: &[f32],
    lda: usize,
    w: &QuantMatrix,
    out: &mut [f32],
    ldo: usize,
) {
    if m == 0 || w.n == 0 {
        return;
    }
    assert!(lda >= w.k && a.len() >= (m - 1) * lda + w.k);
    assert!(ldo >= w.n && out.len() >= (m - 1) * ldo + w.n);
    let path = if path == Path::Vnni && !vnni::available() {
        Path::Scalar
    } else {
        path
    };
    let q = QuantRows::of(m, a, lda, w.k, w.k4);
    let blocks = w.n.div_ceil(LANES);
    let mut i = 0;
    while i < m {
        let full_rows = m - i >= 4;
        let mut jb = 0;
        while jb < blocks {
            let full_cols = blocks - jb >= 4;
            match (full_rows, full_cols) {
                (true, true) => tile::<4, 4>(path, &q, w, i, jb, out, ldo),
                (true, false) => tile::<4, 1>(path, &q, w, i, jb, out, ldo),
                (false, true) => tile::<1, 4>(path, &q, w, i, jb, out, ldo),
                (false, false) => tile::<1, 1>(path, &q, w, i, jb, out, ldo),
            }
            jb += if full_cols { 4 } else { 1 };
        }
        i += if full_rows { 4 } else { 1 };
    }
}

/// Rows `i..i+R` times column blocks `jb..jb+C`, scaled back and added into `out`.
fn tile<const R: usize, const C: usize>(
    path: Path,
    q: &QuantRows,
    w: &QuantMatrix,
    i: usize,
    jb: usize,
    out: &mut [f32],
    ldo: usize,
) {
    let (a, b) = (q.rows(i, R), w.blocks(jb, C));
    let mut acc = [[[0i32; LANES]; C]; R];
    match path {
        // SAFETY: `Vnni` is only run after `vnni::available()` said the CPU has the features
        // (checked in `matmul_int8_on`), and `a`/`b` hold R rows and C blocks of `k4`.
        Path::Vnni => unsafe { vnni::tile::<R, C>(a, b, w.k4, &mut acc) },
        Path::Scalar => scalar_tile::<R, C>(a, b, w.k4, &mut acc),
    }
    for (r, acc_row) in acc.iter().enumerate() {
        let sa = q.scale[i + r];
        let out_row = &mut out[(i + r) * ldo..];
        for (c, lanes) in acc_row.iter().enumerate() {
            // The block's columns that exist (the last block may be part padding); zipped
            // slices, so the loop has no bounds checks and vectorises.
            let j0 = (jb + c) * LANES;
            let j1 = w.n.min(j0 + LANES);
            let cols = out_row[j0..j1]
                .iter_mut()
                .zip(&w.shift[j0..j1])
                .zip(&w.scale[j0..j1]);
            for (((o, shift), sw), v) in cols.zip(lanes) {
                *o += (v - shift) as f32 * sa * sw;
            }
        }
    }
}

/// The integer dot products of [`vnni::tile`] in plain loops.
fn scalar_tile<const R: usize, const C: usize>(
    a: &[u8],
    b: &[i8],
    k4: usize,
    acc: &mut [[[i32; LANES]; C]; R],
) {
    for (r, acc_row) in acc.iter_mut().enumerate() {
        let row = &a[r * k4..(r + 1) * k4];
        for (c, lanes) in acc_row.iter_mut().enumerate() {
            let block = &b[c * k4 * LANES..(c + 1) * k4 * LANES];
            for (a4, w64) in row.chunks_exact(4).zip(block.chunks_exact(4 * LANES)) {
                for (lane, w4) in lanes.iter_mut().zip(w64.chunks_exact(4)) {
                    *lane += a4
                        .iter()
                        .zip(w4)
                        .map(|(&x, &y)| x as i32 * y as i32)
                        .sum::<i32>();
                }
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod vnni {
    use std::arch::x86_64::{
        __m512i, _mm512_dpbusd_epi32, _mm512_loadu_si512, _mm512_set1_epi32, _mm512_setzero_si512,
        _mm512_storeu_si512,
    };

    use super::LANES;

    /// Whether the CPU runs [`tile`].
    pub fn available() -> bool {
        crate::similarity::semantic::kernel_choice::cpu_has_vnni()
    }

    /// `acc[r][c][lane] = Σₚ a[r][p] · b[c][p][lane]`: R activation rows of `k4` bytes times C
    /// packed column blocks, R·C registers of accumulators (16 at most, of 32).
    ///
    /// # Safety
    /// The CPU must have AVX-512F and AVX-512 VNNI ([`available`]); `a` must hold `R·k4`
    /// bytes and `b` `C·k4·16` (checked, as a panic, below), `k4` a multiple of 4.
    #[target_feature(enable = "avx512f,avx512vnni")]
    pub unsafe fn tile<const R: usize, const C: usize>(
        a: &[u8],
        b: &[i8],
        k4: usize,
        acc: &mut [[[i32; LANES]; C]; R],
    ) {
        assert!(k4.is_multiple_of(4) && a.len() >= R * k4 && b.len() >= C * k4 * LANES);
        let block = k4 * LANES;
        let mut sums = [[_mm512_setzero_si512(); C]; R];
        for p in (0..k4).step_by(4) {
            let mut w = [_mm512_setzero_si512(); C];
            for (c, w) in w.iter_mut().enumerate() {
                // SAFETY: c·block + p·16 + 64 ≤ C·block = b's length checked above.
                *w = unsafe { _mm512_loadu_si512(b.as_ptr().add(c * block + p * LANES).cast()) };
            }
            for (r, sums) in sums.iter_mut().enumerate() {
                // SAFETY: r·k4 + p + 4 ≤ R·k4 = a's length checked above (p < k4, step 4).
                let four = unsafe { a.as_ptr().add(r * k4 + p).cast::<i32>().read_unaligned() };
                let x = _mm512_set1_epi32(four);
                for (s, w) in sums.iter_mut().zip(&w) {
                    *s = _mm512_dpbusd_epi32(*s, x, *w);
                }
            }
        }
        for (out, sums) in acc.iter_mut().zip(&sums) {
            for (o, s) in out.iter_mut().zip(sums) {
                // SAFETY: `o` is 16 i32s, the 64 bytes one register stores.
                unsafe { _mm512_storeu_si512(o.as_mut_ptr().cast::<__m512i>(), *s) };
            }
        }
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod vnni {
    use super::LANES;

    pub fn available() -> bool {
        false
    }

    /// Never called: [`available`] is false off x86-64.
    pub unsafe fn tile<const R: usize, const C: usize>(
        a: &[u8],
        b: &[i8],
        k4: usize,
        acc: &mut [[[i32; LANES]; C]; R],
    ) {
        super::scalar_tile::<R, C>(a, b, k4, acc)
    }
}

#[cfg(test)]
#[path = "int8_tests.rs"]
mod tests;
