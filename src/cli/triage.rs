//! `parallax triage`. PLACEHOLDER until its issue lands.
