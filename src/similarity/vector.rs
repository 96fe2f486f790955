//! Small arithmetic on embedding vectors, shared by whoever compares whole articles or stories.

/// The mean of `vectors` (those of the first one's length), not rescaled: the dot product of
/// two such means of unit vectors is the mean cosine over their pairs. Empty when none.
pub fn mean(vectors: &[Vec<f32>]) -> Vec<f32> {
    let Some(dim) = vectors.first().map(Vec::len) else {
        return Vec::new();
    };
    let mut sum = vec![0.0f32; dim];
    for v in vectors.iter().filter(|v| v.len() == dim) {
        for (s, x) in sum.iter_mut().zip(v) {
            *s += x / vectors.len() as f32;
        }
    }
    sum
}

/// The mean of `vectors`, scaled to unit length; empty when there are none (or they cancel).
pub fn mean_unit(vectors: &[Vec<f32>]) -> Vec<f32> {
    let sum = mean(vectors);
    let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm <= f32::EPSILON {
        return Vec::new();
    }
    sum.iter().map(|x| x / norm).collect()
}

/// The dot product of two vectors (their cosine when both are unit); 0 when either is empty
/// or their lengths differ.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mean_of_two_unit_vectors_is_unit_and_between_them() {
        let m = mean_unit(&[vec![1.0, 0.0], vec![0.0, 1.0]]);
        assert!((m[0] - m[1]).abs() < 1e-6 && (cosine(&m, &m) - 1.0).abs() < 1e-6);
        assert!(mean_unit(&[]).is_empty());
        assert!(mean_unit(&[vec![1.0, 0.0], vec![-1.0, 0.0]]).is_empty());
        assert_eq!(cosine(&[1.0], &[1.0, 0.0]), 0.0);
    }
}
