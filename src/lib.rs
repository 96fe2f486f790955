//! Parallax: compare how different outlets report the same event.
//!
//! Data flows one way: files → [`ingest`] → [`clean`] → [`segment`] → [`normalise`] →
//! [`similarity`] → [`align`] → views. This library knows nothing of terminals; the TUI
//! (`tui`, the only module that may touch the terminal crates) and the CLI (`cli`) are thin fronts.

pub mod align;
pub mod article;
pub mod clean;
pub mod cli;
pub mod dates;
pub mod export;
pub mod ingest;
pub mod language;
pub mod normalise;
pub mod opener;
pub mod segment;
pub mod similarity;
pub mod triage;
pub mod tui;
pub mod unionfind;

// No global allocator here: a library that sets one imposes it on every consumer (the fuzz
// targets, where AddressSanitizer then cannot see Rust heap allocations). The binary and the
// benches set mimalloc themselves (`src/main.rs`), as ripgrep does.

pub use article::{Article, Format, Paragraph, ParagraphKind, RemovalReason, Removed, Sentence};
pub use ingest::Warning;
