//! Candidate generation: an inverted index over rare terms, so large drops are never compared all-pairs.
