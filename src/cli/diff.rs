//! `parallax diff`. PLACEHOLDER until its issue lands.
