//! The sentence embedder: all-MiniLM-L6-v2 run in-process with candle (BERT forward pass,
//! attention-masked mean pooling, L2 normalisation), as sentence-transformers computes it.

use std::path::Path;

use anyhow::{anyhow, Context, Result};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use rayon::prelude::*;
use tokenizers::Tokenizer;

/// sentence-transformers' `max_seq_length` for all-MiniLM-L6-v2 (`sentence_bert_config.json`);
/// longer texts are cut there, word pieces past it are not seen. (`tokenizer.json` says 128,
/// which is what the tokenizer was trained with, not what the reference implementation uses.)
pub const MAX_TOKENS: usize = 256;

/// Texts per forward pass. Texts are sorted by length first, so a batch pads little; 32 keeps
/// a batch's activations small (32 × 256 × 1536 floats at most) and was the fastest of
/// 8/16/32/64 in `benches/embed.rs` on 2 cores.
const BATCH: usize = 32;

/// A loaded sentence-embedding model. Embeddings are unit vectors, so a dot product is a cosine.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    dim: usize,
    fingerprint: String,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("dim", &self.dim)
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl Embedder {
    /// Load the model in `dir` (`config.json`, `tokenizer.json`, `model.safetensors`). Every
    /// error names the file and what is wrong with it.
    pub fn load(dir: &Path) -> Result<Embedder> {
        super::locate::check_files(dir)?;
        let config_path = dir.join("config.json");
        let config_text = std::fs::read_to_string(&config_path)
            .with_context(|| format!("{}: cannot read", config_path.display()))?;
        let config: Config = serde_json::from_str(&config_text).with_context(|| {
            format!("{}: not a BERT model configuration", config_path.display())
        })?;

        let tokenizer_path = dir.join("tokenizer.json");
        let tokenizer_bytes = std::fs::read(&tokenizer_path)
            .with_context(|| format!("{}: cannot read", tokenizer_path.display()))?;
        let mut tokenizer = Tokenizer::from_bytes(&tokenizer_bytes)
            .map_err(|e| anyhow!("{}: not a usable tokenizer: {e}", tokenizer_path.display()))?;
        // Padding is done per batch below; truncation is the reference's, not the file's.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(tokenizers::TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| anyhow!("{}: {e}", tokenizer_path.display()))?;

        let weights_path = dir.join("model.safetensors");
        let weights = std::fs::read(&weights_path)
            .with_context(|| format!("{}: cannot read", weights_path.display()))?;
        let mut hasher = blake3::Hasher::new();
        hasher.update(config_text.as_bytes());
        hasher.update(&tokenizer_bytes);
        hasher.update(&weights);
        let fingerprint = hasher.finalize().to_hex().to_string();
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)
            .with_context(|| format!("{}: not a safetensors file", weights_path.display()))?;
        let model = BertModel::load(vb, &config).with_context(|| {
            format!(
                "{}: weights do not fit {} (wrong model?)",
                weights_path.display(),
                config_path.display()
            )
        })?;
        Ok(Embedder {
            model,
            tokenizer,
            dim: config.hidden_size,
            fingerprint,
        })
    }

    /// Length of every embedding (384 for all-MiniLM-L6-v2).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// A hash of the model's three files: embeddings cached under another fingerprint are not
    /// this model's.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Embed `texts`, returning one unit vector per text in the same order. Batches run in
    /// parallel on the rayon pool (all cores); results do not depend on the batching.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| anyhow!("tokenizing: {e}"))?;
        let ids: Vec<&[u32]> = encodings.iter().map(|e| e.get_ids()).collect();
        // Longest first so the slowest batches start first; ties in input order (determinism).
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(ids[i].len()));
        let batches: Vec<&[usize]> = order.chunks(BATCH).collect();
        let done: Vec<Vec<Vec<f32>>> = batches
            .par_iter()
            .map(|batch| {
                let rows: Vec<&[u32]> = batch.iter().map(|&i| ids[i]).collect();
                self.forward(&rows)
            })
            .collect::<Result<_>>()?;
        let mut out = vec![Vec::new(); texts.len()];
        for (batch, vectors) in batches.iter().zip(done) {
            for (&i, v) in batch.iter().zip(vectors) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    /// One forward pass over token-id rows: pad to the longest, run BERT, mean-pool the
    /// hidden states of real tokens (the attention mask), normalise to unit length.
    fn forward(&self, rows: &[&[u32]]) -> Result<Vec<Vec<f32>>> {
        let len = rows.iter().map(|r| r.len()).max().unwrap_or(0).max(1);
        let mut ids = Vec::with_capacity(rows.len() * len);
        let mut mask = Vec::with_capacity(rows.len() * len);
        for r in rows {
            ids.extend_from_slice(r);
            ids.extend(std::iter::repeat_n(0u32, len - r.len()));
            mask.extend(std::iter::repeat_n(1u32, r.len()));
            mask.extend(std::iter::repeat_n(0u32, len - r.len()));
        }
        let dev = &self.model.device;
        let ids = Tensor::from_vec(ids, (rows.len(), len), dev)?;
        let mask = Tensor::from_vec(mask, (rows.len(), len), dev)?;
        let types = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?.clamp(1e-9, f32::MAX)?;
        let mean = summed.broadcast_div(&counts)?;
        // sentence-transformers' Normalize: x / max(|x|, 1e-12).
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f32::MAX)?;
        Ok(mean.broadcast_div(&norm)?.to_vec2::<f32>()?)
    }
}
