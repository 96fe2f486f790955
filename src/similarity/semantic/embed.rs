//! The sentence embedder: a BERT sentence model (all-MiniLM-L6-v2, multilingual-e5-small) run
//! in-process (the forward pass of `bert.rs`, mean pooling over each text's tokens, L2
//! normalisation), as sentence-transformers computes it; the model's [`Description`] says
//! which prefix texts get and where they are cut.

use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use rayon::prelude::*;
use tokenizers::Tokenizer;

use super::bert::{Bert, Config};
use super::description::{Description, DESCRIPTION_FILE};
use super::kernel_choice::Kernel;

/// Tokens per work unit: texts are packed into units of about this many tokens (one text
/// longer than that is a unit alone), and units run in parallel, one per core. Big enough that
/// the products run near the CPU's peak, small enough that two cores get several units each
/// to balance; chosen with `benches/embed.rs` (see the figures on [`Embedder::embed`]).
const UNIT_TOKENS: usize = 512;

/// A loaded sentence-embedding model. Embeddings are unit vectors, so a dot product is a cosine.
pub struct Embedder {
    model: Bert,
    tokenizer: Tokenizer,
    dim: usize,
    fingerprint: String,
    description: Description,
    kernel: Kernel,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("dim", &self.dim)
            .field("fingerprint", &self.fingerprint)
            .field("model", &self.description.name)
            .field("kernel", &self.kernel)
            .finish()
    }
}

impl Embedder {
    /// Load the model in `dir` (`config.json`, `tokenizer.json`, `model.safetensors`, and
    /// `parallax-model.json` when there is one) on the f32 kernel, the reference. Every error
    /// names the file and what is wrong with it.
    pub fn load(dir: &Path) -> Result<Embedder> {
        Embedder::load_with(dir, Kernel::F32)
    }

    /// [`Embedder::load`] with its products on `kernel`.
    pub fn load_with(dir: &Path, kernel: Kernel) -> Result<Embedder> {
        super::locate::check_files(dir)?;
        let description = Description::read(dir).map_err(|e| anyhow!(e))?;
        let max_tokens = description.max_tokens;
        let config_path = dir.join("config.json");
        let config_text = std::fs::read_to_string(&config_path)
            .with_context(|| format!("{}: cannot read", config_path.display()))?;
        let config: Config = serde_json::from_str(&config_text).with_context(|| {
            format!("{}: not a BERT model configuration", config_path.display())
        })?;
        if let Some(what) = config.unsupported() {
            bail!(
                "{}: not a BERT model this build runs: {what}",
                config_path.display()
            );
        }
        if config.max_position_embeddings < max_tokens {
            bail!(
                "{}: max_position_embeddings {} is below the {max_tokens} tokens texts are cut \
                 at ({DESCRIPTION_FILE})",
                config_path.display(),
                config.max_position_embeddings
            );
        }

        let tokenizer_path = dir.join("tokenizer.json");
        let tokenizer_bytes = std::fs::read(&tokenizer_path)
            .with_context(|| format!("{}: cannot read", tokenizer_path.display()))?;
        let mut tokenizer = Tokenizer::from_bytes(&tokenizer_bytes)
            .map_err(|e| anyhow!("{}: not a usable tokenizer: {e}", tokenizer_path.display()))?;
        // Padding is done per batch below; truncation is the reference's, not the file's.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(tokenizers::TruncationParams {
                max_length: max_tokens,
                ..Default::default()
            }))
            .map_err(|e| anyhow!("{}: {e}", tokenizer_path.display()))?;

        let weights_path = dir.join("model.safetensors");
        let weights = map_file(&weights_path)
            .with_context(|| format!("{}: cannot read", weights_path.display()))?;
        let mut hasher = blake3::Hasher::new();
        hasher.update(config_text.as_bytes());
        hasher.update(&tokenizer_bytes);
        hasher.update(&weights);
        // The description's prefix and cut change every vector (a folder without one hashes
        // as before it existed).
        if let Ok(d) = std::fs::read(dir.join(DESCRIPTION_FILE)) {
            hasher.update(&d);
        }
        let fingerprint = kernel.fingerprint(&hasher.finalize().to_hex());
        let model = Bert::from_mapped(weights, &config, kernel).with_context(|| {
            format!(
                "{}: weights do not fit {} (wrong model, or not a safetensors file?)",
                weights_path.display(),
                config_path.display()
            )
        })?;
        // Every id the tokenizer can produce must have a row in the embedding table.
        if tokenizer.get_vocab_size(true) > model.vocab_size() {
            bail!(
                "{}: {} tokens, more than the {} rows in {}",
                tokenizer_path.display(),
                tokenizer.get_vocab_size(true),
                model.vocab_size(),
                weights_path.display()
            );
        }
        Ok(Embedder {
            model,
            tokenizer,
            dim: config.hidden_size,
            fingerprint,
            description,
            kernel,
        })
    }

    /// The kernel the products run on.
    pub fn kernel(&self) -> Kernel {
        self.kernel
    }

    /// What Parallax knows of the model: name, prefix, calibration.
    pub fn description(&self) -> &Description {
        &self.description
    }

    /// Length of every embedding (384 for both models).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// A hash of the model's files, and of the kernel unless f32 ([`Kernel::fingerprint`]):
    /// embeddings cached under another fingerprint are not this model's.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Embed `texts`, returning one unit vector per text in the same order. Work units of
    /// about [`UNIT_TOKENS`] tokens run in parallel on the rayon pool (all cores); each text is
    /// computed on its own tokens only (no padding), so its vector does not depend on the
    /// other texts beyond float rounding.
    ///
    /// Cost (the 132 seed sentences of `benches/embed.rs`, 31.7 word pieces on average, on
    /// this project's 2-core AMD EPYC): about 1.0 CPU-second a run, 133 sentences per
    /// CPU-second, 80% of it inside gemm's matrix kernel; so about 260 sentences/s on two free
    /// cores (measured 259–265/s wall-clock), and what other work leaves otherwise (87–111/s at
    /// load average 5). candle's `BertModel` in padded batches of 32, with rayon over batches
    /// and candle's own threads inside, needed 2.8 CPU-seconds (47 per CPU-second): 73/s at
    /// load average 2, 39/s at 5.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let prefix = &self.description.prefix;
        let inputs: Vec<String> = texts.iter().map(|t| format!("{prefix}{t}")).collect();
        let encodings = self
            .tokenizer
            .encode_batch(inputs, true)
            .map_err(|e| anyhow!("tokenizing: {e}"))?;
        let ids: Vec<&[u32]> = encodings.iter().map(|e| e.get_ids()).collect();
        // Longest first so the slowest units start first and short ones fill the gaps; ties
        // in input order (determinism).
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(ids[i].len()));
        let units = pack(&order, |i| ids[i].len(), UNIT_TOKENS);
        let done: Vec<Vec<Vec<f32>>> = units
            .par_iter()
            .map(|unit| {
                let seqs: Vec<&[u32]> = unit.iter().map(|&i| ids[i]).collect();
                self.pooled(&seqs)
            })
            .collect();
        let mut out = vec![Vec::new(); texts.len()];
        for (unit, vectors) in units.iter().zip(done) {
            for (&i, v) in unit.iter().zip(vectors) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    /// Mean of each sequence's last hidden states (all its tokens, `[CLS]` and `[SEP]`
    /// included, as sentence-transformers' masked mean), normalised to unit length.
    fn pooled(&self, seqs: &[&[u32]]) -> Vec<Vec<f32>> {
        let h = self.dim;
        let hidden = self.model.forward(seqs);
        let mut start = 0;
        seqs.iter()
            .map(|s| {
                let rows = &hidden[start * h..(start + s.len()) * h];
                start += s.len();
                let mut mean = vec![0f32; h];
                for row in rows.chunks_exact(h) {
                    mean.iter_mut().zip(row).for_each(|(m, v)| *m += v);
                }
                let count = s.len().max(1) as f32;
                mean.iter_mut().for_each(|m| *m /= count);
                // sentence-transformers' Normalize: x / max(|x|, 1e-12).
                let norm = mean.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
                mean.iter_mut().for_each(|m| *m /= norm);
                mean
            })
            .collect()
    }
}

/// `order` cut into runs whose `len`s add up to at most `budget` (a single item over it is a
/// run alone), keeping the order.
/// The file mapped into memory, read-only.
fn map_file(path: &Path) -> std::io::Result<std::sync::Arc<memmap2::Mmap>> {
    let file = std::fs::File::open(path)?;
    // SAFETY: the map is read-only and the model folder is Parallax's own (written once by
    // `parallax model install`); a file truncated under a running process is the one
    // hazard, as with any mapped file.
    let map = unsafe { memmap2::Mmap::map(&file)? };
    Ok(std::sync::Arc::new(map))
}

fn pack(order: &[usize], len: impl Fn(usize) -> usize, budget: usize) -> Vec<Vec<usize>> {
    let mut units: Vec<Vec<usize>> = Vec::new();
    let mut filled = 0;
    for &i in order {
        let n = len(i);
        match units.last_mut() {
            Some(u) if filled + n <= budget => u.push(i),
            _ => {
                units.push(vec![i]);
                filled = 0;
            }
        }
        filled += n;
    }
    units
}

#[cfg(test)]
mod tests {
    use super::pack;

    #[test]
    fn packing_keeps_order_and_budget_and_gives_a_long_text_its_own_unit() {
        let lens = [300, 200, 100, 700, 50, 50];
        let units = pack(&[0, 1, 2, 3, 4, 5], |i| lens[i], 512);
        assert_eq!(units, vec![vec![0, 1], vec![2], vec![3], vec![4, 5]]);
        assert!(pack(&[], |i| lens[i], 512).is_empty());
    }
}
