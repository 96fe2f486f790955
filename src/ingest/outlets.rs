//! Outlet names a reader gives a drop: an optional `drop.toml` beside the articles maps file
//! names or globs to outlet names. Ingest applies it to every article it loads (so every front
//! names outlets the same way) and triage applies it to its report; `drop.toml` itself is never
//! read as an article. A bad line is a warning naming the file and line; the good lines apply.
//!
//! ```toml
//! [outlets]
//! "000_61c82fb66aab7e52.txt" = "Reuters"
//! "rks_*" = "RksNews"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{LoadError, Warning};

/// The name of the drop's own file, looked for in each folder a drop is opened on.
pub const DROP_FILE: &str = "drop.toml";

/// The most bytes of `drop.toml` read: a mapping of thousands of files fits many times over.
const MAX_DROP_FILE_BYTES: u64 = 1024 * 1024;

/// One `drop.toml`'s outlet names: exact file names and globs (`*` any run, `?` one character).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutletMap {
    exact: BTreeMap<String, String>,
    /// In file order: the first glob that matches wins.
    globs: Vec<(String, String)>,
}

impl OutletMap {
    /// Parse `text` (the content of `path`): the map of its good lines and a warning per bad one.
    pub fn parse(path: &str, text: &str) -> (OutletMap, Vec<Warning>) {
        let mut map = OutletMap::default();
        let mut warnings = Vec::new();
        let mut section: Option<String> = None;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let problem = if line.starts_with('[') {
                section = section_name(line);
                match section.as_deref() {
                    Some("outlets") => None,
                    Some(other) => Some(format!("unknown section [{other}] (only [outlets])")),
                    None => Some(format!("cannot read section header {line}")),
                }
            } else if section.as_deref() == Some("outlets") {
                map.add_line(line).err()
            } else if section.is_none() {
                Some("outside the [outlets] section".to_string())
            } else {
                // Lines of an unknown section: its header was already warned about.
                None
            };
            if let Some(message) = problem {
                warnings.push(Warning {
                    path: path.to_string(),
                    problem: LoadError::DropFileLine {
                        line: i + 1,
                        message,
                    },
                });
            }
        }
        (map, warnings)
    }

    /// Add one `"name or glob" = "Outlet"` line, or say why it cannot be used.
    fn add_line(&mut self, line: &str) -> Result<(), String> {
        let table: toml::Table = toml::from_str(line).map_err(|e| first_line(e.message()))?;
        for (key, value) in table {
            let Some(outlet) = value.as_str().map(str::trim).filter(|o| !o.is_empty()) else {
                return Err(format!("\"{key}\": the outlet must be a non-empty string"));
            };
            if key.contains(['*', '?']) {
                self.globs.push((key, outlet.to_string()));
            } else {
                self.exact.insert(key, outlet.to_string());
            }
        }
        Ok(())
    }

    /// The outlet for a file `name` (its path relative to the `drop.toml`'s folder, or its bare
    /// file name): an exact entry first, else the first glob that matches.
    pub fn outlet_for(&self, name: &str) -> Option<&str> {
        if let Some(o) = self.exact.get(name) {
            return Some(o);
        }
        self.globs
            .iter()
            .find(|(g, _)| glob_match(g, name))
            .map(|(_, o)| o.as_str())
    }

    /// Whether the map names no outlet.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.globs.is_empty()
    }
}

/// `[outlets]` → `outlets`; `None` for a header that is not one.
fn section_name(line: &str) -> Option<String> {
    let inner = line.split('#').next()?.trim();
    let inner = inner.strip_prefix('[')?.strip_suffix(']')?.trim();
    (!inner.is_empty()).then(|| inner.trim_matches('"').to_string())
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

/// Whether `name` matches `glob`: `*` any run of characters, `?` exactly one.
pub fn glob_match(glob: &str, name: &str) -> bool {
    let (g, n): (Vec<char>, Vec<char>) = (glob.chars().collect(), name.chars().collect());
    // Iterative matching with one backtrack point: linear enough for file names.
    let (mut gi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if gi < g.len() && (g[gi] == '?' || g[gi] == n[ni]) {
            gi += 1;
            ni += 1;
        } else if gi < g.len() && g[gi] == '*' {
            star = Some((gi, ni));
            gi += 1;
        } else if let Some((sg, sn)) = star {
            gi = sg + 1;
            ni = sn + 1;
            star = Some((sg, sn + 1));
        } else {
            return false;
        }
    }
    g[gi..].iter().all(|c| *c == '*')
}

/// The outlet names of a drop opened on some paths: the `drop.toml` of each folder given and of
/// the folder of each file given, with the warnings reading them met.
#[derive(Debug, Clone, Default)]
pub struct DropOutlets {
    /// Folder → its `drop.toml`'s map; longest folder first, so the nearest file wins.
    maps: Vec<(PathBuf, OutletMap)>,
    pub warnings: Vec<Warning>,
}

impl DropOutlets {
    /// Read the `drop.toml` beside `paths` (folders, or files whose folder holds one).
    pub fn read(paths: &[PathBuf]) -> DropOutlets {
        let mut folders: Vec<PathBuf> = paths
            .iter()
            .filter_map(|p| {
                if p.is_dir() {
                    Some(p.clone())
                } else {
                    p.parent().map(|d| d.to_path_buf())
                }
            })
            .collect();
        folders.sort();
        folders.dedup();
        let mut out = DropOutlets::default();
        for folder in folders {
            if let Some(map) = out.read_one(&folder) {
                out.maps.push((folder, map));
            }
        }
        out.maps
            .sort_by_key(|(f, _)| std::cmp::Reverse(f.as_os_str().len()));
        out
    }

    fn read_one(&mut self, folder: &Path) -> Option<OutletMap> {
        let file = if folder.as_os_str().is_empty() {
            PathBuf::from(DROP_FILE)
        } else {
            folder.join(DROP_FILE)
        };
        if !file.is_file() {
            return None;
        }
        let name = file.display().to_string();
        let text = match super::read::read_limited(&file) {
            Ok(bytes) if bytes.len() as u64 <= MAX_DROP_FILE_BYTES => {
                String::from_utf8_lossy(&bytes).into_owned()
            }
            Ok(_) => return self.warn(&name, 0, "file too big for outlet names".into()),
            Err(e) => {
                self.warnings.push(Warning {
                    path: name,
                    problem: e,
                });
                return None;
            }
        };
        let (map, warnings) = OutletMap::parse(&name, &text);
        self.warnings.extend(warnings);
        (!map.is_empty()).then_some(map)
    }

    fn warn(&mut self, path: &str, line: usize, message: String) -> Option<OutletMap> {
        self.warnings.push(Warning {
            path: path.to_string(),
            problem: LoadError::DropFileLine { line, message },
        });
        None
    }

    /// The outlet `drop.toml` gives the article at `path` (as loaded: `folder/name`, with
    /// `#N` for an entry of a JSON list), if any.
    pub fn outlet_for(&self, path: &str) -> Option<&str> {
        let file = Path::new(file_part(path));
        self.maps.iter().find_map(|(folder, map)| {
            let rel = if folder.as_os_str().is_empty() {
                file
            } else {
                file.strip_prefix(folder).ok()?
            };
            let rel_name = rel.to_string_lossy();
            let bare = file.file_name().map(|n| n.to_string_lossy());
            map.outlet_for(&rel_name)
                .or_else(|| bare.and_then(|b| map.outlet_for(&b)))
        })
    }

    /// Name the outlet of each article `drop.toml` maps (over what the file itself says).
    pub fn apply(&self, articles: &mut [crate::article::Article]) {
        if self.maps.is_empty() {
            return;
        }
        for a in articles {
            if let Some(o) = self.outlet_for(&a.path) {
                a.outlet = Some(o.to_string());
            }
        }
    }
}

/// `dir/list.json#2` → `dir/list.json`: the file an article came from.
fn file_part(path: &str) -> &str {
    match path.rsplit_once('#') {
        Some((file, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => file,
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
# outlet names for the seeds
[outlets]
"000_61c82fb66aab7e52.txt" = "Reuters"
"rks_*" = "RksNews"
"rks_special.txt" = "RKS Special"
"#;

    #[test]
    fn exact_names_win_over_globs_and_globs_match_the_rest() {
        let (map, warnings) = OutletMap::parse("drop.toml", GOOD);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(map.outlet_for("000_61c82fb66aab7e52.txt"), Some("Reuters"));
        assert_eq!(map.outlet_for("rks_1.md"), Some("RksNews"));
        assert_eq!(map.outlet_for("rks_special.txt"), Some("RKS Special"));
        assert_eq!(map.outlet_for("001_other.txt"), None);
    }

    #[test]
    fn a_bad_line_is_warned_with_its_number_and_the_good_lines_still_apply() {
        let text = "[outlets]\n\"a.txt\" = \"A\"\n\"b.txt\" = \n\"c.txt\" = 3\n\"d.txt\" = \"D\"\n";
        let (map, warnings) = OutletMap::parse("x/drop.toml", text);
        let lines: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].starts_with("x/drop.toml: line 3: "), "{lines:?}");
        assert!(lines[1].starts_with("x/drop.toml: line 4: "), "{lines:?}");
        assert!(lines[1].contains("non-empty string"), "{lines:?}");
        assert_eq!(map.outlet_for("a.txt"), Some("A"));
        assert_eq!(map.outlet_for("d.txt"), Some("D"));
        assert_eq!(map.outlet_for("b.txt"), None);
    }

    #[test]
    fn an_unknown_section_and_a_line_outside_any_section_are_warned() {
        let text = "\"a.txt\" = \"A\"\n[outlet]\n\"b.txt\" = \"B\"\n";
        let (map, warnings) = OutletMap::parse("drop.toml", text);
        let lines: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains("line 1: outside the [outlets] section"));
        assert!(lines[1].contains("line 2: unknown section [outlet]"));
        assert!(map.is_empty());
    }

    #[test]
    fn globs_match_stars_and_question_marks_only_where_they_fit() {
        assert!(glob_match("rks_*", "rks_"));
        assert!(glob_match("*.txt", "a.b.txt"));
        assert!(glob_match("a?c*", "abcdef"));
        assert!(glob_match("*a*b*", "xxaxxbxx"));
        assert!(!glob_match("rks_*", "xrks_1"));
        assert!(!glob_match("*.txt", "a.md"));
        assert!(!glob_match("a?c", "ac"));
    }

    #[test]
    fn a_json_list_entry_is_named_by_its_file() {
        assert_eq!(file_part("d/list.json#12"), "d/list.json");
        assert_eq!(file_part("d/odd#name.txt"), "d/odd#name.txt");
    }
}
