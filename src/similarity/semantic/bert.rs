//! A BERT encoder (the architecture of all-MiniLM-L6-v2) written out over `kernels.rs`, for
//! speed on CPUs: sequences are packed one after another with no padding, the linear layers
//! run once over all tokens of a work unit, attention runs per sequence and head on its own
//! length, biases and residuals are folded into the products, and nothing spawns threads
//! (the caller runs work units in parallel). Weights are read from `model.safetensors` with
//! candle and kept as plain f32 arrays, transposed once to the layout the products want; with
//! the int8 [`Kernel`] the attention output and feed-forward weights are quantised once at
//! load instead (`int8.rs`).

use std::sync::Arc;

use anyhow::{anyhow, bail, Result};
use candle_core::safetensors::SliceSafetensors;
use candle_core::{DType, Device};
use serde::Deserialize;

use super::int8::{matmul_int8, QuantMatrix};
use super::kernel_choice::Kernel;
use super::kernels::{gelu, layer_norm, matmul, softmax, Rhs};

/// The fields of a Hugging Face BERT `config.json` this encoder reads.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// Rows of the word embedding table.
    pub vocab_size: usize,
    /// Width of every token's hidden state (384 for all-MiniLM-L6-v2).
    pub hidden_size: usize,
    /// Transformer layers.
    pub num_hidden_layers: usize,
    /// Attention heads per layer; `hidden_size` must divide by it.
    pub num_attention_heads: usize,
    /// Width of the feed-forward layer.
    pub intermediate_size: usize,
    /// Only `gelu` (the exact, erf-based one) is implemented.
    pub hidden_act: String,
    /// Longest sequence the position table covers.
    pub max_position_embeddings: usize,
    /// Rows of the token-type table (all tokens here are type 0).
    pub type_vocab_size: usize,
    /// The layer norms' epsilon.
    pub layer_norm_eps: f64,
    /// Only `absolute` position embeddings are implemented.
    #[serde(default = "absolute")]
    pub position_embedding_type: String,
}

fn absolute() -> String {
    "absolute".into()
}

impl Config {
    /// What this encoder cannot run in the configuration, if anything.
    pub fn unsupported(&self) -> Option<String> {
        if self.hidden_act != "gelu" {
            return Some(format!("hidden_act {:?} (only \"gelu\")", self.hidden_act));
        }
        if self.position_embedding_type != "absolute" {
            return Some(format!(
                "position_embedding_type {:?} (only \"absolute\")",
                self.position_embedding_type
            ));
        }
        if self.num_attention_heads == 0
            || !self.hidden_size.is_multiple_of(self.num_attention_heads)
        {
            return Some("hidden_size does not divide into the attention heads".into());
        }
        (self.type_vocab_size == 0).then(|| "no token types".into())
    }
}

/// A dense layer, `y = x·W + b`, with W stored input-major (`inputs × outputs`, row-major).
struct Linear {
    w: Matrix,
    b: Vec<f32>,
    inputs: usize,
    outputs: usize,
}

/// A layer's weight matrix in the precision its products run in.
enum Matrix {
    F32(Vec<f32>),
    Int8(QuantMatrix),
}

impl Linear {
    /// This layer with its weights in int8 when `kernel` is int8 (the f32 ones dropped).
    fn in_kernel(self, kernel: Kernel) -> Linear {
        match (kernel, &self.w) {
            (Kernel::Int8, Matrix::F32(w)) => Linear {
                w: Matrix::Int8(QuantMatrix::quantise(w, self.inputs, self.outputs)),
                ..self
            },
            _ => self,
        }
    }

    /// `out = (residual ? out : 0) + b + x·W` for `rows` rows of `x`.
    fn forward(&self, x: &[f32], rows: usize, out: &mut [f32], residual: bool) {
        let out = &mut out[..rows * self.outputs];
        for row in out.chunks_exact_mut(self.outputs) {
            if residual {
                row.iter_mut().zip(&self.b).for_each(|(o, b)| *o += b);
            } else {
                row.copy_from_slice(&self.b);
            }
        }
        match &self.w {
            Matrix::F32(w) => {
                let shape = (rows, self.inputs, self.outputs);
                let w = Rhs::Plain(w, self.outputs);
                matmul(shape, x, self.inputs, w, out, self.outputs, true, 1.0);
            }
            Matrix::Int8(q) => matmul_int8(rows, x, self.inputs, q, out, self.outputs),
        }
    }
}

/// Layer-norm scale and shift.
struct Norm {
    gamma: Vec<f32>,
    beta: Vec<f32>,
}

/// One transformer layer; query, key and value are one product (`qkv`, outputs q|k|v).
struct Layer {
    qkv: Linear,
    attn_out: Linear,
    attn_norm: Norm,
    up: Linear,
    down: Linear,
    out_norm: Norm,
}

const WORD_TABLE: &str = "embeddings.word_embeddings.weight";

/// The encoder: embeddings and layers, no pooler (sentence-transformers does not use it).
pub struct Bert {
    cfg: Config,
    word: WordTable,
    position: Vec<f32>,
    token_type0: Vec<f32>,
    emb_norm: Norm,
    layers: Vec<Layer>,
}

/// The word embedding table: its own copy, or rows read straight from the mapped weights
/// file (f32, little-endian, `offset` bytes in), which then stays shared page cache.
enum WordTable {
    Owned(Vec<f32>),
    Mapped {
        map: Arc<memmap2::Mmap>,
        offset: usize,
    },
}

impl WordTable {
    /// Add row `id` (width `h`) into `out`.
    fn add_row(&self, id: usize, h: usize, out: &mut [f32]) {
        match self {
            WordTable::Owned(w) => {
                for (o, v) in out.iter_mut().zip(&w[id * h..][..h]) {
                    *o += v;
                }
            }
            WordTable::Mapped { map, offset } => {
                let bytes = &map[offset + id * h * 4..][..h * 4];
                for (o, b) in out.iter_mut().zip(bytes.chunks_exact(4)) {
                    *o += f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                }
            }
        }
    }
}

/// The tensors of a safetensors file by name, found with or without a `bert.` prefix, each
/// converted only when asked for (never the whole file at once).
struct Weights<'a>(SliceSafetensors<'a>);

impl Weights<'_> {
    fn view(&self, name: &str, dims: &[usize]) -> Result<safetensors::tensor::TensorView<'_>> {
        let t = self
            .0
            .get(name)
            .or_else(|_| self.0.get(&format!("bert.{name}")))
            .map_err(|_| anyhow!("no tensor {name}"))?;
        if t.shape() != dims {
            bail!("{name} is {:?}, expected {dims:?}", t.shape());
        }
        Ok(t)
    }

    /// The tensor `name` as f32, checked to have `dims`.
    fn get(&self, name: &str, dims: &[usize]) -> Result<Vec<f32>> {
        let view = self.view(name, dims)?;
        if view.dtype() == safetensors::Dtype::F32 {
            return Ok(view
                .data()
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect());
        }
        let t = candle_core::safetensors::Load::load(&view, &Device::Cpu)?;
        Ok(t.to_dtype(DType::F32)?.flatten_all()?.to_vec1::<f32>()?)
    }

    /// Where the f32 tensor `name` starts in `file` (the bytes these weights were read
    /// from), for reading it in place; `None` for another dtype.
    fn f32_offset(&self, name: &str, dims: &[usize], file: &[u8]) -> Result<Option<usize>> {
        let view = self.view(name, dims)?;
        let at = view.data().as_ptr() as usize - file.as_ptr() as usize;
        Ok((view.dtype() == safetensors::Dtype::F32).then_some(at))
    }

    /// A PyTorch `Linear` (`weight` is outputs × inputs), transposed to input-major.
    fn linear(&self, name: &str, inputs: usize, outputs: usize) -> Result<Linear> {
        let (w, b) = self.matrix(name, inputs, outputs)?;
        Ok(Linear {
            w: Matrix::F32(w),
            b,
            inputs,
            outputs,
        })
    }

    /// The weights (transposed to input-major) and bias of a PyTorch `Linear`.
    fn matrix(&self, name: &str, inputs: usize, outputs: usize) -> Result<(Vec<f32>, Vec<f32>)> {
        let w = self.get(&format!("{name}.weight"), &[outputs, inputs])?;
        let mut t = vec![0f32; w.len()];
        for (o, row) in w.chunks_exact(inputs).enumerate() {
            for (i, v) in row.iter().enumerate() {
                t[i * outputs + o] = *v;
            }
        }
        Ok((t, self.get(&format!("{name}.bias"), &[outputs])?))
    }

    fn norm(&self, name: &str, width: usize) -> Result<Norm> {
        Ok(Norm {
            gamma: self.get(&format!("{name}.weight"), &[width])?,
            beta: self.get(&format!("{name}.bias"), &[width])?,
        })
    }
}

/// Query, key and value (`inputs × each` weights and their biases) side by side: one f32
/// product with three times the outputs.
fn concat_outputs(parts: [(Vec<f32>, Vec<f32>); 3], inputs: usize, each: usize) -> Linear {
    let mut w = Vec::with_capacity(inputs * each * 3);
    for i in 0..inputs {
        for (pw, _) in &parts {
            w.extend_from_slice(&pw[i * each..(i + 1) * each]);
        }
    }
    Linear {
        w: Matrix::F32(w),
        b: parts.iter().flat_map(|(_, b)| b.iter().copied()).collect(),
        inputs,
        outputs: each * 3,
    }
}

impl Bert {
    /// Build the encoder from a mapped safetensors file, its products on `kernel`, the word
    /// table read in place from the map when it is f32; the error names the first tensor
    /// that is missing or has the wrong shape for `cfg`.
    pub fn from_mapped(map: Arc<memmap2::Mmap>, cfg: &Config, kernel: Kernel) -> Result<Bert> {
        let w = Weights(SliceSafetensors::new(&map)?);
        let dims = [cfg.vocab_size, cfg.hidden_size];
        let word = match w.f32_offset(WORD_TABLE, &dims, &map)? {
            Some(offset) => WordTable::Mapped {
                map: map.clone(),
                offset,
            },
            None => WordTable::Owned(w.get(WORD_TABLE, &dims)?),
        };
        Bert::from_weights(&w, word, cfg, kernel)
    }

    fn from_weights(w: &Weights, word: WordTable, cfg: &Config, kernel: Kernel) -> Result<Bert> {
        let (h, i) = (cfg.hidden_size, cfg.intermediate_size);
        let mut layers = Vec::with_capacity(cfg.num_hidden_layers);
        for l in 0..cfg.num_hidden_layers {
            let p = format!("encoder.layer.{l}");
            let qkv = ["query", "key", "value"]
                .map(|n| w.matrix(&format!("{p}.attention.self.{n}"), h, h));
            let [q, k, v] = qkv;
            // Query, key and value stay f32 with every kernel: quantising them too took (a first
            // attempt, issue 18) all-MiniLM-L6-v2 to cosine 0.987 of f32 (0.995 asked),
            // the scores' softmax magnifying their rounding.
            layers.push(Layer {
                qkv: concat_outputs([q?, k?, v?], h, h),
                attn_out: w
                    .linear(&format!("{p}.attention.output.dense"), h, h)?
                    .in_kernel(kernel),
                attn_norm: w.norm(&format!("{p}.attention.output.LayerNorm"), h)?,
                up: w
                    .linear(&format!("{p}.intermediate.dense"), h, i)?
                    .in_kernel(kernel),
                down: w
                    .linear(&format!("{p}.output.dense"), i, h)?
                    .in_kernel(kernel),
                out_norm: w.norm(&format!("{p}.output.LayerNorm"), h)?,
            });
        }
        let types = w.get(
            "embeddings.token_type_embeddings.weight",
            &[cfg.type_vocab_size, h],
        )?;
        Ok(Bert {
            word,
            position: w.get(
                "embeddings.position_embeddings.weight",
                &[cfg.max_position_embeddings, h],
            )?,
            token_type0: types[..h].to_vec(),
            emb_norm: w.norm("embeddings.LayerNorm", h)?,
            layers,
            cfg: cfg.clone(),
        })
    }

    /// Rows of the word table: token ids must be below it.
    pub fn vocab_size(&self) -> usize {
        self.cfg.vocab_size
    }

    /// The last hidden states of `seqs` (token ids with `[CLS]`/`[SEP]`), packed: sequence
    /// after sequence, one `hidden_size` row per token, no padding. Each sequence attends to
    /// itself only, so its states do not depend on the others beyond float rounding.
    ///
    /// # Panics
    /// When a sequence is longer than `max_position_embeddings` or has an id out of the vocabulary.
    pub fn forward(&self, seqs: &[&[u32]]) -> Vec<f32> {
        let h = self.cfg.hidden_size;
        let tokens: usize = seqs.iter().map(|s| s.len()).sum();
        let longest = seqs.iter().map(|s| s.len()).max().unwrap_or(0);
        assert!(longest <= self.cfg.max_position_embeddings);
        let eps = self.cfg.layer_norm_eps as f32;

        let mut x = Vec::with_capacity(tokens * h);
        for seq in seqs {
            for (p, &id) in seq.iter().enumerate() {
                let pos = &self.position[p * h..][..h];
                let start = x.len();
                x.extend((0..h).map(|j| pos[j] + self.token_type0[j]));
                self.word.add_row(id as usize, h, &mut x[start..]);
            }
        }
        layer_norm(&mut x, h, &self.emb_norm.gamma, &self.emb_norm.beta, eps);

        let mut qkv = vec![0f32; tokens * 3 * h];
        let mut ctx = vec![0f32; tokens * h];
        let mut up = vec![0f32; tokens * self.cfg.intermediate_size];
        let mut scores = vec![0f32; longest * longest];
        for layer in &self.layers {
            layer.qkv.forward(&x, tokens, &mut qkv, false);
            self.attention(seqs, &qkv, &mut ctx, &mut scores);
            layer.attn_out.forward(&ctx, tokens, &mut x, true);
            let n = &layer.attn_norm;
            layer_norm(&mut x, h, &n.gamma, &n.beta, eps);
            layer.up.forward(&x, tokens, &mut up, false);
            gelu(&mut up);
            layer.down.forward(&up, tokens, &mut x, true);
            let n = &layer.out_norm;
            layer_norm(&mut x, h, &n.gamma, &n.beta, eps);
        }
        x
    }

    /// Scaled dot-product attention of every sequence and head on its own tokens: `qkv` holds
    /// each token's q|k|v, the heads' outputs land side by side in `ctx`.
    fn attention(&self, seqs: &[&[u32]], qkv: &[f32], ctx: &mut [f32], scores: &mut [f32]) {
        let h = self.cfg.hidden_size;
        let heads = self.cfg.num_attention_heads;
        let d = h / heads;
        let scale = 1.0 / (d as f32).sqrt();
        let mut start = 0;
        for seq in seqs {
            let n = seq.len();
            let rows = &qkv[start * 3 * h..(start + n) * 3 * h];
            let out = &mut ctx[start * h..(start + n) * h];
            let s = &mut scores[..n * n];
            for head in 0..heads {
                let (q, k, v) = (head * d, h + head * d, 2 * h + head * d);
                let keys = Rhs::Transposed(&rows[k..], 3 * h);
                matmul((n, d, n), &rows[q..], 3 * h, keys, s, n, false, scale);
                softmax(s, n);
                let values = Rhs::Plain(&rows[v..], 3 * h);
                matmul((n, n, d), s, n, values, &mut out[q..], h, false, 1.0);
            }
            start += n;
        }
    }
}
