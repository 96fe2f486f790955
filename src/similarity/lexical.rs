//! Lexical scoring over stemmed content words, character n-grams, entities, numbers and quotes.
