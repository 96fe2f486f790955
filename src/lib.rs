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
pub mod ingest;
pub mod language;
pub mod normalise;
pub mod segment;
pub mod similarity;
pub mod triage;
pub mod tui;

// Every front (the app, the CLI, benches and tests) links this library, so they all run on the
// allocator the benchmarks measure. Ingest allocates many small, short-lived strings; mimalloc
// lifts its throughput by about a quarter over the system allocator (`cargo bench --bench ingest`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub use article::{
    Article, Format, Paragraph, ParagraphKind, RemovalReason, Removed, Sentence, Warning,
};
