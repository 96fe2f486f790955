use super::*;

fn schoolbook(m: usize, k: usize, n: usize, a: &[f32], b: &[f32]) -> Vec<f32> {
    let mut c = vec![0f32; m * n];
    for i in 0..m {
        for j in 0..n {
            c[i * n + j] = (0..k).map(|p| a[i * k + p] * b[p * n + j]).sum();
        }
    }
    c
}

/// Values of both signs and uneven sizes, with one large entry per row of `a` (the outliers
/// that make per-row scales coarse).
fn data(len: usize, seed: usize, spike_every: usize) -> Vec<f32> {
    (0..len)
        .map(|i| {
            let x = ((i * 7919 + seed * 104_729) % 2003) as f32 / 2003.0 - 0.5;
            if i % spike_every == 0 {
                x * 8.0
            } else {
                x
            }
        })
        .collect()
}

/// Runs `path` on `(m, k, n)` and checks every element against the f32 product within the
/// worst case of rounding both sides (k · max|aᵢ| · max|wⱼ| / 127), and the whole within 4%
/// relative RMS (the spikes make the steps coarse: one step is 4/127 where most values are
/// within ±0.5, about 2.7% expected); returns the output for comparisons.
fn check(path: Path, (m, k, n): (usize, usize, usize)) -> Vec<f32> {
    let (a, b) = (data(m * k, 1, 37), data(k * n, 2, 101));
    let want = schoolbook(m, k, n, &a, &b);
    let w = QuantMatrix::quantise(&b, k, n);
    assert_eq!((w.k, w.n, w.k4 % 4), (k, n, 0));
    // Accumulates: the output starts at 1.
    let mut out = vec![1f32; m * n];
    matmul_int8_on(path, m, &a, k, &w, &mut out, n);
    let amax: Vec<f32> = a
        .chunks(k)
        .map(|r| r.iter().fold(0f32, |x, v| x.max(v.abs())))
        .collect();
    let wmax: Vec<f32> = (0..n)
        .map(|j| (0..k).fold(0f32, |x, p| x.max(b[p * n + j].abs())))
        .collect();
    let (mut err2, mut sig2) = (0f64, 0f64);
    for i in 0..m {
        for j in 0..n {
            let (got, exp) = (out[i * n + j] - 1.0, want[i * n + j]);
            let bound = k as f32 * amax[i] * wmax[j] / 127.0 + 1e-4;
            assert!((got - exp).abs() <= bound, "({i},{j}) {got} vs {exp}");
            err2 += ((got - exp) as f64).powi(2);
            sig2 += (exp as f64).powi(2);
        }
    }
    let rel = (err2 / sig2).sqrt();
    assert!(rel < 0.04, "{path:?} {m}x{k}x{n}: relative RMS error {rel}");
    out
}

const SHAPES: [(usize, usize, usize); 5] = [
    (1, 4, 16),
    (37, 70, 45),  // k not a multiple of 4 or 64, n not of 16, rows not of 4
    (9, 384, 384), // MiniLM's attention output
    (6, 384, 1536),
    (5, 1536, 384),
];

#[test]
fn the_scalar_path_is_within_rounding_of_the_f32_product() {
    for shape in SHAPES {
        check(Path::Scalar, shape);
    }
}

#[test]
fn the_vnni_path_gives_the_scalar_paths_results_exactly() {
    if !vnni::available() {
        eprintln!("SKIPPED the_vnni_path_gives_the_scalar_paths_results_exactly: no AVX-512 VNNI");
        return;
    }
    for shape in SHAPES {
        // The same integers scaled the same way: bit for bit.
        assert_eq!(
            check(Path::Vnni, shape),
            check(Path::Scalar, shape),
            "{shape:?}"
        );
    }
}

#[test]
fn strides_wider_than_the_rows_are_respected_and_zero_rows_stay_zero() {
    let (m, k, n) = (5, 20, 18);
    let b = data(k * n, 3, 7);
    let w = QuantMatrix::quantise(&b, k, n);
    // a in a wider buffer, its second row all zeros; out wider too, padding untouched.
    let mut a = data(m * (k + 3), 4, 11);
    a[(k + 3)..(k + 3) + k].fill(0.0);
    let mut out = vec![9f32; m * (n + 2)];
    matmul_int8_on(Path::best(), m, &a, k + 3, &w, &mut out, n + 2);
    // The same product on dense buffers: the strides change where numbers are, not which.
    let dense: Vec<f32> = a.chunks(k + 3).flat_map(|r| r[..k].to_vec()).collect();
    let mut want = vec![9f32; m * n];
    matmul_int8_on(Path::best(), m, &dense, k, &w, &mut want, n);
    assert!(want[..n].iter().any(|v| (v - 9.0).abs() > 0.1));
    for i in 0..m {
        assert_eq!(
            &out[i * (n + 2)..i * (n + 2) + n],
            &want[i * n..(i + 1) * n]
        );
        assert_eq!(&out[i * (n + 2) + n..(i + 1) * (n + 2)], &[9.0, 9.0]);
    }
    assert!(out[(n + 2)..(n + 2) + n].iter().all(|v| *v == 9.0));
}

#[test]
fn nan_and_zero_weights_quantise_without_panicking() {
    let w = QuantMatrix::quantise(&[0.0, f32::NAN, 0.0, 1.0], 2, 2);
    let mut out = vec![0f32; 2];
    matmul_int8_on(Path::Scalar, 1, &[1.0, 1.0], 2, &w, &mut out, 2);
    assert_eq!(out[0], 0.0);
    assert!((out[1] - 1.0).abs() < 0.01, "{}", out[1]);
}
