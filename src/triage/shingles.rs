//! Word shingles and MinHash: a fixed-size fingerprint of an article's text whose agreement
//! estimates the Jaccard similarity of the two articles' 3-word shingle sets, plus LSH banding
//! to find candidate pairs without comparing every pair of a large drop.

/// Number of MinHash values per article. 64 gives a Jaccard estimate within about ±0.06
/// (one standard deviation, sqrt(J(1-J)/64) at J = 0.5), enough to separate copies (> 0.8)
/// from same-story articles by other outlets (< 0.1 on the seeds).
pub const MINHASH_LEN: usize = 64;
/// Rows per LSH band: 21 bands of 3 rows find a pair at J = 0.5 with probability
/// 1 - (1 - 0.5^3)^21 ≈ 0.94, at J = 0.6 ≈ 0.99, at J = 0.2 only ≈ 0.16.
pub const BAND_ROWS: usize = 3;
/// Words per shingle.
const SHINGLE: usize = 3;

/// FNV-1a 64: stable across Rust releases (fingerprints are cached on disk, so `DefaultHasher`,
/// whose algorithm is unspecified, would silently invalidate them).
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// splitmix64 finaliser: turns one shingle hash into independent-looking permutations.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The MinHash fingerprint of a word sequence (3-word shingles; shorter texts hash their words).
pub fn minhash(words: &[&str]) -> Vec<u32> {
    let mut mins = vec![u32::MAX; MINHASH_LEN];
    let mut add = |h: u64| {
        for (i, m) in mins.iter_mut().enumerate() {
            let v = (mix(h ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32) as u32;
            if v < *m {
                *m = v;
            }
        }
    };
    if words.len() < SHINGLE {
        for w in words {
            add(fnv64(w.as_bytes()));
        }
    } else {
        for win in words.windows(SHINGLE) {
            let mut h = fnv64(win[0].as_bytes());
            for w in &win[1..] {
                h = mix(h ^ fnv64(w.as_bytes()));
            }
            add(h);
        }
    }
    mins
}

/// Estimated Jaccard similarity of the two shingle sets, in [0, 1].
pub fn similarity(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    // An empty text keeps every slot at MAX: two empty texts are not "the same text".
    if a.iter().all(|&v| v == u32::MAX) || b.iter().all(|&v| v == u32::MAX) {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f32 / a.len() as f32
}

/// LSH band keys of a fingerprint: articles sharing any key are candidate near-duplicates.
pub fn band_keys(sig: &[u32]) -> Vec<u64> {
    sig.chunks_exact(BAND_ROWS)
        .enumerate()
        .map(|(band, rows)| {
            let mut h = mix(band as u64 + 1);
            for r in rows {
                h = mix(h ^ u64::from(*r));
            }
            h
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    #[test]
    fn identical_texts_score_one_and_disjoint_texts_near_zero() {
        let a = "the kremlin aide said talks with the us envoys were constructive but no deal";
        let b = "heavy rain flooded the valley overnight and rescue crews evacuated two villages";
        assert_eq!(similarity(&minhash(&words(a)), &minhash(&words(a))), 1.0);
        assert!(similarity(&minhash(&words(a)), &minhash(&words(b))) < 0.1);
    }

    #[test]
    fn one_changed_word_keeps_high_similarity() {
        let base: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        let mut edited = base.clone();
        edited[100] = "changed".into();
        let a: Vec<&str> = base.iter().map(String::as_str).collect();
        let b: Vec<&str> = edited.iter().map(String::as_str).collect();
        // True Jaccard: 195 shared of 201 shingles ≈ 0.97.
        assert!(similarity(&minhash(&a), &minhash(&b)) > 0.85);
    }

    #[test]
    fn empty_texts_are_not_similar() {
        assert_eq!(similarity(&minhash(&[]), &minhash(&[])), 0.0);
    }

    #[test]
    fn identical_signatures_share_every_band() {
        let s = minhash(&words("one two three four five six"));
        assert_eq!(band_keys(&s), band_keys(&s));
        assert_eq!(band_keys(&s).len(), MINHASH_LEN / BAND_ROWS);
    }
}
