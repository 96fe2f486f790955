//! The terminal app. The only module that may use ratatui or crossterm.

/// Run the app on `paths`. PLACEHOLDER until the app issue lands.
pub fn run(paths: &[std::path::PathBuf]) -> anyhow::Result<()> {
    anyhow::bail!(
        "the terminal app is not built yet; try `parallax show {}`",
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    )
}
