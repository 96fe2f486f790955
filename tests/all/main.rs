//! Parallax's integration tests, in one binary: each file a module. One binary links the
//! crate (and candle, gemm, tokenizers) once instead of once per file, which was most of a
//! clean `cargo test` (issue 16).
mod common;

mod align;
mod align_gold;
mod cli;
mod cross_language;
mod cross_language_heldout;
mod derivation;
mod export;
mod ingest;
mod ingest_bad_input;
mod model_install;
mod outlets;
mod props;
mod quotes;
mod reuse;
mod seeds;
mod semantic;
mod semantic_e5;
mod semantic_int8;
mod similarity_choice;
mod stories;
mod tmux;
mod triage;
mod triage_cli;
mod triage_pins;
mod triage_state;
mod triage_watch;
mod tui;
mod tui_details;
mod tui_diff;
mod tui_export;
mod tui_reading;
mod tui_semantic;
mod tui_stories;
mod tui_triage;
