//! Opening an article's web address in the reader's browser: the first command of `$BROWSER`
//! when it is set, else the desktop's opener (`open` on macOS, `xdg-open` elsewhere). Blocking
//! for a moment (the app runs it on a worker thread); only http(s) addresses are opened.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long to wait for the opener to fail before taking it as having opened the address: a
/// browser started by `$BROWSER` may run until the reader closes it.
const SETTLE: Duration = Duration::from_secs(3);

/// Open `url` in a browser; what to tell the reader, either way.
pub fn open_url(url: &str) -> Result<String, String> {
    open_with(std::env::var("BROWSER").ok().as_deref(), url)
}

/// [`open_url`] with `browser` for `$BROWSER`.
pub fn open_with(browser: Option<&str>, url: &str) -> Result<String, String> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("not a web address, not opened: {url}"));
    }
    let (program, args) = opener(browser, url);
    let mut child = Command::new(&program)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot open {url}: cannot run {program}: {e}"))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(format!("opened {url}")),
            Ok(Some(status)) => {
                return Err(format!("cannot open {url}: {program} failed ({status})"))
            }
            Ok(None) if start.elapsed() >= SETTLE => {
                // Still running: a browser that took the address. Reap it when it ends.
                std::thread::spawn(move || child.wait());
                return Ok(format!("opened {url}"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("cannot open {url}: {e}")),
        }
    }
}

/// The command that opens `url`: `$BROWSER`'s first entry (entries are `:`-separated; `%s`
/// stands for the address, else it is the last argument), else the platform's opener.
fn opener(browser: Option<&str>, url: &str) -> (String, Vec<String>) {
    let first = browser
        .and_then(|b| b.split(':').map(str::trim).find(|s| !s.is_empty()))
        .map(|s| s.split_whitespace().map(String::from).collect::<Vec<_>>());
    match first {
        Some(mut words) if !words.is_empty() => {
            let program = words.remove(0);
            if words.iter().any(|w| w.contains("%s")) {
                for w in &mut words {
                    *w = w.replace("%s", url);
                }
            } else {
                words.push(url.to_string());
            }
            (program, words)
        }
        _ if cfg!(target_os = "macos") => ("open".into(), vec![url.into()]),
        _ => ("xdg-open".into(), vec![url.into()]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_takes_the_address_last_or_where_percent_s_is() {
        let u = "https://example.com/a";
        assert_eq!(
            opener(Some("firefox"), u),
            ("firefox".into(), vec![u.into()])
        );
        assert_eq!(
            opener(Some("w3m -o x=%s:lynx"), u),
            ("w3m".into(), vec!["-o".into(), format!("x={u}")])
        );
        let (program, _) = opener(None, u);
        assert!(program == "xdg-open" || program == "open");
        assert_eq!(opener(Some(" : "), u).0, opener(None, u).0);
    }

    #[test]
    fn only_web_addresses_are_opened() {
        let e = open_url("file:///etc/passwd").unwrap_err();
        assert!(e.contains("not a web address"), "{e}");
    }

    #[test]
    fn an_opener_that_fails_is_reported_with_the_address() {
        // `false` exits 1 at once, like an opener that could not hand the address on.
        let e = open_with(Some("false"), "https://example.com/").unwrap_err();
        assert!(
            e.contains("https://example.com/") && e.contains("false failed"),
            "{e}"
        );
        let e = open_with(Some("no-such-opener-here"), "https://example.com/").unwrap_err();
        assert!(e.contains("cannot run no-such-opener-here"), "{e}");
        assert_eq!(
            open_with(Some("true"), "https://example.com/"),
            Ok("opened https://example.com/".into())
        );
    }
}
