//! Triage: what is new, duplicated, revised, part of which story, and what it adds.
