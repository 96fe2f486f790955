//! `parallax align`. PLACEHOLDER until its issue lands.
