//! Bad input never stops a drop: each problem file gets exactly one warning naming it and what
//! is wrong, the rest still loads, nothing panics and nothing is written into the folder.
//! Large inputs are generated here in a temporary folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use parallax::ingest::{self, Document, Drop, LoadError, LoadOptions, MAX_FILE_BYTES};

const STORY: &str =
    "Talks in Moscow ended without a compromise.\n\nThe Kremlin said contacts would continue.\n";

fn load(dir: &Path) -> Drop {
    ingest::load_paths(&[dir.to_path_buf()], &LoadOptions::default())
}

/// What the one warning for `file` says, failing unless there is exactly one.
fn only_warning_for(drop: &Drop, file: &Path) -> LoadError {
    let name = file.display().to_string();
    let hits: Vec<&LoadError> = drop
        .warnings
        .iter()
        .filter(|w| w.path == name)
        .map(|w| &w.problem)
        .collect();
    assert_eq!(hits.len(), 1, "warnings for {name}: {:?}", drop.warnings);
    hits[0].clone()
}

/// Every path under `dir` with its size and modification time, symlinks not followed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let m = fs::symlink_metadata(e.path()).unwrap();
            out.insert(e.path(), (m.len(), m.modified().unwrap()));
            if m.is_dir() {
                stack.push(e.path());
            }
        }
    }
    out
}

fn can_read(path: &Path) -> bool {
    fs::read(path).is_ok() || fs::read_dir(path).is_ok()
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn each_bad_file_gets_one_warning_and_the_rest_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("a_good.txt"), STORY).unwrap();
    // Binary content under an article's name: only reading finds out.
    let binary = dir.join("scrambled.txt");
    fs::write(
        &binary,
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01",
    )
    .unwrap();
    let empty = dir.join("empty.txt");
    fs::write(&empty, b"").unwrap();
    let blank = dir.join("blank.md");
    fs::write(&blank, b"  \n\n\t\n").unwrap();
    let bad_json = dir.join("broken.json");
    fs::write(&bad_json, br#"{"title": "Talks", "text": "unterminated"#).unwrap();
    // 200 MB without using the disk: a sparse file. Loading must refuse it from its size alone.
    let huge = dir.join("huge.txt");
    fs::File::create(&huge)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    fs::write(dir.join("z_good.md"), STORY).unwrap();
    let before = snapshot(dir);

    let drop = load(dir);

    let paths: Vec<String> = drop
        .articles
        .iter()
        .map(|a| a.path.rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["a_good.txt", "z_good.md"]);
    assert!(!paths.iter().any(|p| p == "scrambled.txt"));
    assert_eq!(drop.warnings.len(), 5, "{:?}", drop.warnings);
    assert_eq!(only_warning_for(&drop, &binary), LoadError::NulBytes);
    assert_eq!(only_warning_for(&drop, &empty), LoadError::Empty);
    assert_eq!(only_warning_for(&drop, &blank), LoadError::Blank);
    let json = only_warning_for(&drop, &bad_json);
    assert!(
        matches!(&json, LoadError::InvalidJson(m) if m.contains("line 1")),
        "{json:?}"
    );
    let size = only_warning_for(&drop, &huge);
    assert_eq!(
        size,
        LoadError::TooBig {
            bytes: 200 * 1024 * 1024
        }
    );
    // Sizes in the units people read.
    let said = size.to_string();
    assert!(said.contains("200 MB") && said.contains("32 MB"), "{said}");
    assert_eq!(snapshot(dir), before, "loading changed the folder");
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning_on_the_article() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("latin1.txt");
    fs::write(
        &file,
        b"Gespr\xe4che in Moskau\n\nDie Gespr\xe4che dauerten f\xfcnf Stunden.\n",
    )
    .unwrap();
    let a = ingest::load_file(&file, &LoadOptions::default()).unwrap();
    assert!(a.paragraphs.iter().any(|p| p.text.contains("fünf Stunden")));
    assert_eq!(a.warnings.len(), 1);
    assert!(
        a.warnings[0].contains("not valid UTF-8"),
        "{:?}",
        a.warnings
    );
}

#[test]
fn a_file_one_byte_over_the_limit_is_refused_and_one_at_the_limit_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let over = tmp.path().join("over.txt");
    fs::File::create(&over)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    let w = ingest::load_file(&over, &LoadOptions::default()).unwrap_err();
    assert_eq!(
        w.problem,
        LoadError::TooBig {
            bytes: MAX_FILE_BYTES + 1
        }
    );
    // At the limit the file is read: a sparse file of NULs is then refused as binary instead.
    let at = tmp.path().join("at.txt");
    fs::File::create(&at)
        .unwrap()
        .set_len(MAX_FILE_BYTES)
        .unwrap();
    let w = ingest::load_file(&at, &LoadOptions::default()).unwrap_err();
    assert_eq!(w.problem, LoadError::NulBytes);
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("good.txt"), STORY).unwrap();
    let locked = dir.join("locked.txt");
    fs::write(&locked, STORY).unwrap();
    set_mode(&locked, 0o000);
    let closed = dir.join("closed");
    fs::create_dir(&closed).unwrap();
    fs::write(closed.join("inside.txt"), STORY).unwrap();
    set_mode(&closed, 0o000);
    let root_reads_anyway = can_read(&locked);

    let drop = load(dir);

    set_mode(&closed, 0o755);
    set_mode(&locked, 0o644);
    if root_reads_anyway {
        eprintln!(
            "skipping the permission assertions: running as root, chmod 000 does not stop reads"
        );
        assert_eq!(drop.articles.len(), 3);
        return;
    }
    assert_eq!(drop.articles.len(), 1);
    let locked = only_warning_for(&drop, &locked);
    assert!(
        matches!(&locked, LoadError::CannotRead(e) if e.kind == std::io::ErrorKind::PermissionDenied),
        "{locked:?}"
    );
    let closed = only_warning_for(&drop, &closed);
    assert!(
        matches!(closed, LoadError::CannotReadFolder(_)),
        "{closed:?}"
    );
    assert_eq!(drop.warnings.len(), 2, "{:?}", drop.warnings);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_named_once_and_the_walk_ends() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let sub = dir.join("sub");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("story.txt"), STORY).unwrap();
    let back = sub.join("back");
    symlink(dir, &back).unwrap(); // sub/back → the drop itself
    let itself = dir.join("self.txt");
    symlink(&itself, &itself).unwrap(); // a link to itself
    let dangling = dir.join("gone.txt");
    symlink(dir.join("nowhere.txt"), &dangling).unwrap();

    let drop = load(dir);

    assert_eq!(drop.articles.len(), 1);
    let back = only_warning_for(&drop, &back);
    assert!(matches!(back, LoadError::LinkLoop { .. }), "{back:?}");
    for link in [&itself, &dangling] {
        let w = only_warning_for(&drop, link);
        assert!(matches!(w, LoadError::BrokenLink(_)), "{w:?}");
    }
    assert_eq!(drop.warnings.len(), 3, "{:?}", drop.warnings);
}

#[test]
fn hidden_entries_and_other_tools_state_are_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for sub in [
        ".git",
        ".obsidian",
        "node_modules",
        "__pycache__",
        "target",
        "notes",
    ] {
        fs::create_dir(dir.join(sub)).unwrap();
        fs::write(dir.join(sub).join("story.txt"), STORY).unwrap();
    }
    fs::write(dir.join(".hidden.txt"), STORY).unwrap();
    fs::write(dir.join("story.txt~"), STORY).unwrap();
    let drop = load(dir);
    let names: Vec<String> = drop
        .articles
        .iter()
        .map(|a| {
            a.path
                .strip_prefix(&dir.display().to_string())
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(names, ["/notes/story.txt"]);
    assert!(drop.warnings.is_empty(), "{:?}", drop.warnings);
    // Named explicitly, a hidden file is loaded: the user asked for it.
    let explicit = ingest::load_paths(&[dir.join(".hidden.txt")], &LoadOptions::default());
    assert_eq!(explicit.articles.len(), 1);
}

#[test]
fn twenty_thousand_files_all_load_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    const N: usize = 20_000;
    for i in 0..N {
        let sub = dir.join(format!("batch{:02}", i / 1000));
        if i % 1000 == 0 {
            fs::create_dir(&sub).unwrap();
        }
        fs::write(
            sub.join(format!("{i:05}.txt")),
            format!("Outlet {i} on the talks\n\nStory number {i} says the talks ended.\n"),
        )
        .unwrap();
    }
    let drop = load(dir);
    assert_eq!(drop.articles.len(), N);
    assert!(drop.warnings.is_empty());
    for (i, a) in drop.articles.iter().enumerate() {
        assert!(
            a.path.ends_with(&format!("{i:05}.txt")),
            "{} at {i}",
            a.path
        );
    }
    assert_eq!(
        drop.articles[12_345].title.as_deref(),
        Some("Outlet 12345 on the talks")
    );
}

fn parallax() -> Command {
    Command::cargo_bin("parallax").unwrap()
}

#[test]
fn show_exits_0_when_something_loads_even_with_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("good.txt"), STORY).unwrap();
    fs::write(tmp.path().join("empty.txt"), "").unwrap();
    let out = parallax()
        .args(["show", "--json"])
        .arg(tmp.path())
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("empty.txt: empty file"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(1));
}

#[test]
fn show_exits_1_when_nothing_loads() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("empty.txt"), "").unwrap();
    let out = parallax().arg("show").arg(tmp.path()).assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("empty.txt: empty file"), "{stderr}");
    parallax()
        .args(["show", "/no/such/folder/anywhere"])
        .assert()
        .code(1);
}

#[test]
fn show_exits_2_on_a_usage_error() {
    parallax().arg("show").assert().code(2);
    parallax()
        .args(["show", "--no-such-flag", "seeds"])
        .assert()
        .code(2);
}

#[test]
fn pathologically_nested_files_load_with_a_warning_instead_of_overflowing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let sentence = "The envoys left Moscow after midnight, a Kremlin aide said. ";
    // Far past what a DOM parse can afford: read by stripping tags.
    let very_deep = dir.join("very_deep.html");
    fs::write(
        &very_deep,
        format!(
            "<html><body>{}<p>{}</p></body></html>",
            "<div>".repeat(50_000),
            sentence.repeat(5)
        ),
    )
    .unwrap();
    // Parsed, but too deep for the recursive walk and for main-text scoring.
    let deep = dir.join("deep.html");
    fs::write(
        &deep,
        format!(
            "<html><head><title>Deep page</title></head><body>{}<p>{}</p></body></html>",
            "<div>".repeat(1_000),
            sentence.repeat(5)
        ),
    )
    .unwrap();
    let yaml = dir.join("nested.md");
    fs::write(
        &yaml,
        format!("---\ntitle: {}\n---\n\n{sentence}\n", "[".repeat(5_000)),
    )
    .unwrap();

    let drop = load(dir);

    assert!(drop.warnings.is_empty(), "{:?}", drop.warnings);
    assert_eq!(drop.articles.len(), 3);
    for a in &drop.articles {
        assert_eq!(a.warnings.len(), 1, "{}: {:?}", a.path, a.warnings);
        assert!(
            a.paragraphs
                .iter()
                .any(|p| p.text.contains("The envoys left Moscow after midnight")),
            "{}: story lost",
            a.path
        );
    }
    let by_name = |n: &str| drop.articles.iter().find(|a| a.path.ends_with(n)).unwrap();
    assert!(by_name("very_deep.html").warnings[0].contains("nested over 2000 deep"));
    assert!(by_name("deep.html").warnings[0].contains("nested over 256 deep"));
    assert_eq!(by_name("deep.html").title.as_deref(), Some("Deep page"));
    assert!(by_name("nested.md").warnings[0].contains("front matter could not be read"));
}

/// Three sentences of news prose, as a file without an extension would hold it.
const PROSE: &str = "Talks in Moscow ended on Tuesday without a compromise, officials said.\n\n\
The Kremlin said contacts with the American envoys would continue next week. \
Kyiv was not at the table, and its foreign minister called the meeting a show.\n";

#[test]
fn a_source_tree_loads_only_its_articles_and_one_warning_says_what_was_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir(dir.join("src")).unwrap();
    let files: [(&str, &[u8]); 8] = [
        (
            "Cargo.toml",
            b"[package]\nname = \"demo\"\nversion = \"0.1.0\"\n",
        ),
        (
            "Cargo.lock",
            b"[[package]]\nname = \"demo\"\nversion = \"0.1.0\"\n",
        ),
        (
            "src/main.rs",
            b"/// Entry point.\nfn main() {\n    println!(\"hi\");\n}\n",
        ),
        (
            "src/lib.rs",
            b"pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n",
        ),
        ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        (
            "Makefile",
            b"build:\n\tcargo build --release\n\ntest:\n\tcargo test --release\n",
        ),
        ("notes.md", STORY.as_bytes()),
        ("README", PROSE.as_bytes()),
    ];
    for (name, bytes) in files {
        fs::write(dir.join(name), bytes).unwrap();
    }

    let drop = load(dir);

    let names: Vec<&str> = drop
        .articles
        .iter()
        .map(|a| a.path.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(names, ["README", "notes.md"]);
    assert_eq!(drop.warnings.len(), 1, "{:?}", drop.warnings);
    let w = &drop.warnings[0];
    assert_eq!(w.path, dir.display().to_string());
    let kinds = [
        (".rs", 2),
        (".lock", 1),
        (".png", 1),
        (".toml", 1),
        ("no extension", 1),
    ];
    assert_eq!(
        w.problem,
        LoadError::NotArticles(kinds.map(|(k, n)| (k.to_string(), n)).to_vec())
    );
}

#[test]
fn pdf_and_word_files_are_named_as_unsupported_with_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00";
    let files: [(&str, &[u8], Document); 8] = [
        (
            "report.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            Document::Pdf,
        ),
        ("Report2.PDF", b"%PDF-1.4\n", Document::Pdf),
        ("old.doc", ole, Document::Doc),
        (
            "letter.docx",
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml",
            Document::Docx,
        ),
        (
            "essay.odt",
            b"PK\x03\x04\x14\x00\x00\x08\x00\x00mimetypeapplication/vnd.oasis.opendocument.text",
            Document::Odt,
        ),
        ("memo.rtf", b"{\\rtf1\\ansi Talks ended.}", Document::Rtf),
        // Named like an article, or not named at all: the first bytes tell.
        (
            "disguised.txt",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            Document::Pdf,
        ),
        ("scan", ole, Document::Doc),
    ];
    for (name, bytes, _) in &files {
        fs::write(dir.join(name), bytes).unwrap();
    }

    let drop = load(dir);

    assert!(drop.articles.is_empty());
    assert_eq!(drop.warnings.len(), files.len(), "{:?}", drop.warnings);
    for (name, _, doc) in files {
        let w = only_warning_for(&drop, &dir.join(name));
        assert_eq!(w, LoadError::Unsupported(doc), "{name}");
        // What to do instead is the point of the message.
        assert!(
            w.to_string().contains("save it as HTML or text"),
            "{name}: {w}"
        );
    }
}

#[test]
fn json_lines_load_one_article_per_line_and_a_broken_line_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let feed = tmp.path().join("feed.jsonl");
    fs::write(
        &feed,
        "{\"title\": \"Talks end\", \"source\": \"Wire One\", \"text\": \"Talks in Moscow ended.\"}\n\
         {\"title\": \"Talks end\", \"source\": \n\
         \n\
         {\"title\": \"No deal\", \"source\": \"Wire Two\", \"text\": \"The Kremlin said talks go on.\"}\n",
    )
    .unwrap();

    let drop = load(tmp.path());

    let outlets: Vec<Option<&str>> = drop.articles.iter().map(|a| a.outlet.as_deref()).collect();
    assert_eq!(outlets, [Some("Wire One"), Some("Wire Two")]);
    let name = format!("{}#2", feed.display());
    let w = only_warning_for(&drop, Path::new(&name));
    assert!(
        matches!(w, LoadError::InvalidJsonLine { line: 2, .. }),
        "{w:?}"
    );
    assert_eq!(drop.warnings.len(), 1, "{:?}", drop.warnings);
}
