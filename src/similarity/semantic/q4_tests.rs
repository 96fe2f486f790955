//! Tests of the E5S1 reader (`q4.rs`) on a tiny synthetic file.
use super::*;

/// A tiny E5S1 file: hidden 32, one layer, one head, FF 32, vocab 2, 2 positions, 1 type;
/// every Q4_0 tensor has block scale `d` and nibbles counting up, every f32 one is 0.5.
fn tiny(d: u16) -> Vec<u8> {
    let (h, ff, voc, maxp, tvs) = (32usize, 32usize, 2usize, 2usize, 1usize);
    let mut b = b"E5S1".to_vec();
    b.extend(1u32.to_le_bytes());
    for v in [h, 1, 1, ff, voc, maxp, tvs] {
        b.extend((v as i32).to_le_bytes());
    }
    b.extend(1e-12f32.to_le_bytes());
    b.extend(32i32.to_le_bytes());
    // Tokenizer: one piece "a", specials, blob of 1 byte, no normalisation entries.
    b.extend(1i32.to_le_bytes());
    b.extend([0i32, 2, 1, 3].iter().flat_map(|v| v.to_le_bytes()));
    b.extend(1u64.to_le_bytes());
    b.extend([0u32, 1].iter().flat_map(|v| v.to_le_bytes()));
    b.extend(0f32.to_le_bytes());
    b.push(b'a');
    b.extend(0i32.to_le_bytes());
    b.extend(0u32.to_le_bytes());
    let file = E5File {
        header: Header {
            hidden: h,
            layers: 1,
            heads: 1,
            ff,
            vocab: voc,
            max_positions: maxp,
            token_types: tvs,
            eps: 1e-12,
        },
        data: &[],
        entries: Vec::new(),
    };
    let plan = file.plan();
    // Directory, then data right after it.
    let dir_len: usize = 4 + plan
        .iter()
        .map(|(_, _, n)| 2 + n.len() + 1 + 4 + 8 + 8)
        .sum::<usize>();
    let mut offset = b.len() + dir_len;
    let mut data = Vec::new();
    b.extend((plan.len() as i32).to_le_bytes());
    for (_, shape, name) in &plan {
        let count: usize = shape.iter().product();
        let q4 = name.ends_with(".w") && shape.len() == 2 || name == "emb.word";
        let bytes = if q4 { count / 32 * 18 } else { count * 4 };
        b.extend((name.len() as u16).to_le_bytes());
        b.extend(name.as_bytes());
        b.push(u8::from(q4));
        b.extend((count as u32).to_le_bytes());
        b.extend((offset as u64).to_le_bytes());
        b.extend((bytes as u64).to_le_bytes());
        offset += bytes;
        for _ in 0..count / if q4 { 32 } else { 1 } {
            if q4 {
                data.extend(d.to_le_bytes());
                data.extend((0..16u8).map(|j| j | ((15 - j) << 4)));
            } else {
                data.extend(0.5f32.to_le_bytes());
            }
        }
    }
    b.extend(data);
    b
}

#[test]
fn q4_0_blocks_dequantise_with_low_nibbles_first_and_an_offset_of_eight() {
    // d = 0.5 (f16 0x3800); byte j holds j (low) and 15 - j (high).
    let mut block = vec![0x00, 0x38];
    block.extend((0..16u8).map(|j| j | ((15 - j) << 4)));
    let mut out = Vec::new();
    dequantise_q4_0(&block, &mut out);
    assert_eq!(out.len(), 32);
    assert_eq!(out[0], -4.0); // (0 - 8) * 0.5
    assert_eq!(out[15], 3.5); // (15 - 8) * 0.5
    assert_eq!(out[16], 3.5); // high nibble of byte 0: 15
    assert_eq!(out[31], -4.0);
    assert_eq!(f16_to_f32(0x3c00), 1.0);
    assert_eq!(f16_to_f32(0xc000), -2.0);
    assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
}

#[test]
fn a_tiny_file_becomes_a_safetensors_file_candle_reads() {
    let bytes = tiny(0x3800);
    let f = parse(&bytes).unwrap();
    assert_eq!(f.header.hidden, 32);
    let t = tempfile::tempdir().unwrap();
    let path = t.path().join("model.safetensors");
    f.write_safetensors(&path).unwrap();
    let loaded = candle_core::safetensors::load(&path, &candle_core::Device::Cpu).unwrap();
    assert_eq!(loaded.len(), 5 + 16);
    let q = &loaded["encoder.layer.0.attention.self.query.weight"];
    assert_eq!(q.dims(), &[32, 32]);
    let row: Vec<f32> = q.get(0).unwrap().to_vec1().unwrap();
    assert_eq!((row[0], row[16]), (-4.0, 3.5));
    let ln: Vec<f32> = loaded["embeddings.LayerNorm.bias"].to_vec1().unwrap();
    assert!(ln.iter().all(|&v| v == 0.5));
    let cfg: serde_json::Value = serde_json::from_str(&f.config_json()).unwrap();
    assert_eq!(cfg["intermediate_size"], 32);
}

#[test]
fn truncated_or_foreign_files_are_errors_not_panics() {
    let bytes = tiny(0x3800);
    assert!(parse(b"PK\x03\x04 not this")
        .unwrap_err()
        .to_string()
        .contains("E5S1"));
    // Cut at every length up to the directory's end, and a few in the data: all errors.
    for cut in (0..bytes.len()).step_by(7) {
        match parse(&bytes[..cut]) {
            Err(e) => assert!(!e.to_string().is_empty()),
            Ok(f) => panic!(
                "parsed a file cut at {cut} of {}: {:?}",
                bytes.len(),
                f.header
            ),
        }
    }
    let mut wrong = bytes.clone();
    wrong[4] = 9; // version
    assert!(parse(&wrong).unwrap_err().to_string().contains("version 9"));
    let mut huge = bytes.clone();
    huge[8..12].copy_from_slice(&(-5i32).to_le_bytes());
    assert!(parse(&huge)
        .unwrap_err()
        .to_string()
        .contains("not a plausible size"));
}
