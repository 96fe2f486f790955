//! Paragraph similarity: the `Scorer` trait, lexical scoring, candidate generation.
