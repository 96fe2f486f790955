//! Which kernel a model's matrix products run on: f32 (the reference) or int8 (`int8.rs`,
//! faster where the CPU has AVX-512 VNNI, at a small cost in precision). Chosen per run by
//! `PARALLAX_KERNEL` (`f32`, `int8`, `auto`); `auto` takes int8 only where the CPU has VNNI
//! and the model's description says int8 met its quality criteria. The kernel is part of the
//! fingerprint vectors are cached under, so vectors of two kernels never mix. No model code
//! here, so this builds without the `semantic` feature.

use super::description::Description;

/// Environment variable choosing the kernel ([`KernelChoice`]); unset means `auto`.
pub const KERNEL_ENV: &str = "PARALLAX_KERNEL";

/// The kernel a loaded model runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    /// f32 products on `gemm`: the reference the vectors are checked against.
    F32,
    /// int8 products for the layers `bert.rs` quantises, f32 for the rest.
    Int8,
}

impl Kernel {
    /// The name `PARALLAX_KERNEL` and messages use.
    pub fn name(self) -> &'static str {
        match self {
            Kernel::F32 => "f32",
            Kernel::Int8 => "int8",
        }
    }

    /// The fingerprint vectors of the model whose files hash to `files` are cached under with
    /// this kernel: f32 keeps the files' hash (vectors cached before there was a choice stay
    /// valid), int8 mixes its name in.
    pub fn fingerprint(self, files: &str) -> String {
        match self {
            Kernel::F32 => files.to_string(),
            Kernel::Int8 => {
                let mut h = blake3::Hasher::new();
                h.update(files.as_bytes());
                h.update(b"\0kernel=int8");
                h.finalize().to_hex().to_string()
            }
        }
    }
}

/// What a run asks for: a kernel, or `Auto` (the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KernelChoice {
    /// int8 where the CPU has VNNI and the model's description allows it, else f32.
    #[default]
    Auto,
    F32,
    Int8,
}

impl std::str::FromStr for KernelChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<KernelChoice, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(KernelChoice::Auto),
            "f32" => Ok(KernelChoice::F32),
            "int8" => Ok(KernelChoice::Int8),
            other => Err(format!("`{other}` is not a kernel: use f32, int8 or auto")),
        }
    }
}

impl KernelChoice {
    /// The choice [`KERNEL_ENV`] makes (`Auto` when unset or empty); a bad value is an error
    /// naming the variable.
    pub fn from_env() -> Result<KernelChoice, String> {
        match std::env::var(KERNEL_ENV) {
            Ok(v) if !v.trim().is_empty() => v.parse().map_err(|e| format!("{KERNEL_ENV}: {e}")),
            _ => Ok(KernelChoice::Auto),
        }
    }

    /// The kernel for the model `description` describes on this CPU.
    pub fn resolve(self, description: &Description) -> Kernel {
        self.resolve_on(description, cpu_has_vnni())
    }

    /// [`KernelChoice::resolve`] on a CPU that has VNNI or not (`vnni`). An explicit `Int8`
    /// is int8 everywhere (without VNNI on plain loops, slower than f32, but the same vectors).
    pub fn resolve_on(self, description: &Description, vnni: bool) -> Kernel {
        match self {
            KernelChoice::F32 => Kernel::F32,
            KernelChoice::Int8 => Kernel::Int8,
            KernelChoice::Auto if vnni && description.int8 => Kernel::Int8,
            KernelChoice::Auto => Kernel::F32,
        }
    }
}

/// Whether this CPU has AVX-512 VNNI, what makes the int8 kernel faster than f32.
pub fn cpu_has_vnni() -> bool {
    #[cfg(target_arch = "x86_64")]
    return is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512vnni");
    #[cfg(not(target_arch = "x86_64"))]
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_takes_int8_only_with_vnni_and_a_model_that_allows_it() {
        let mut allows = Description::minilm();
        allows.int8 = true;
        let mut forbids = Description::minilm();
        forbids.int8 = false;
        let auto = KernelChoice::Auto;
        assert_eq!(auto.resolve_on(&allows, true), Kernel::Int8);
        assert_eq!(auto.resolve_on(&allows, false), Kernel::F32);
        assert_eq!(auto.resolve_on(&forbids, true), Kernel::F32);
        assert_eq!(KernelChoice::Int8.resolve_on(&forbids, false), Kernel::Int8);
        assert_eq!(KernelChoice::F32.resolve_on(&allows, true), Kernel::F32);
    }

    #[test]
    fn vectors_of_the_two_kernels_are_filed_apart_and_f32_keeps_the_files_hash() {
        let files = "ab".repeat(32);
        assert_eq!(Kernel::F32.fingerprint(&files), files);
        let int8 = Kernel::Int8.fingerprint(&files);
        assert_ne!(int8, files);
        assert_eq!(int8.len(), 64);
        assert_ne!(int8, Kernel::Int8.fingerprint(&"cd".repeat(32)));
    }

    #[test]
    fn a_kernel_is_parsed_from_its_name_and_a_bad_one_is_named() {
        assert_eq!(" INT8 ".parse::<KernelChoice>(), Ok(KernelChoice::Int8));
        assert_eq!("f32".parse::<KernelChoice>(), Ok(KernelChoice::F32));
        assert_eq!("auto".parse::<KernelChoice>(), Ok(KernelChoice::Auto));
        let e = "bf16".parse::<KernelChoice>().unwrap_err();
        assert!(e.contains("bf16") && e.contains("f32, int8 or auto"), "{e}");
    }
}
