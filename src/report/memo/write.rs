//! Writing the memo and its charts to disk as one unit.

use std::path::Path;

use anyhow::Context as _;

use crate::chart::ChartId;
use crate::chart::export::{self, Size};
use crate::model::uncertain::views::Views;
use crate::model::{Evaluation, Scenario};

/// A chart written beside the memo, by its file names relative to the memo.
pub struct ChartFiles {
    /// Which chart it is.
    pub id: ChartId,
    /// Its title, the image's alt text.
    pub title: String,
    /// Relative path of the SVG.
    pub svg: String,
    /// Relative path of the PNG.
    pub png: String,
}

/// Writes the memo to `path` and its charts, each as SVG and 2× PNG, into
/// a folder beside it named after the memo and the charts' content
/// (`<memo stem>-charts-<id>/`), as one unit: everything is written into a
/// temporary folder first, the charts folder moves into place, then the memo
/// replaces the old one in a single rename. Killed at any moment, the memo
/// on disk is the old or the new one and its charts are all there; a
/// failed write leaves nothing behind.
pub fn write(
    path: &Path,
    scenario: &Scenario,
    eval: &Evaluation,
    views: Option<&Views>,
    changes: Option<&str>,
) -> anyhow::Result<()> {
    use crate::scenario_file::temporaries;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "memo".to_owned());
    if path.is_dir() {
        anyhow::bail!(
            "{}: is a folder; give the memo's file name, e.g. memo.md",
            path.display()
        );
    }
    temporaries::remove_stale(dir);
    let work = tempfile::Builder::new()
        .prefix(&temporaries::prefix(temporaries::REPORT))
        .tempdir_in(dir)
        .with_context(|| format!("{}: cannot write a temporary folder", dir.display()))?;
    // Errors name the memo the user asked for, never the temporary folder.
    let cannot = |what: &str| format!("{}: cannot write {what}", path.display());
    let staged = work.path().join("charts");
    std::fs::create_dir(&staged).with_context(|| cannot("its charts"))?;
    let mut rendered = Vec::new();
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for chart in crate::chart::all(scenario, eval, views) {
        let svg = export::svg(&chart, Size::default())?;
        let png = export::png(
            &chart,
            Size {
                scale: 2,
                ..Size::default()
            },
        )?;
        for (ext, bytes) in [("svg", svg.as_bytes()), ("png", png.as_slice())] {
            let name = format!("{}.{ext}", chart.name());
            stage(&staged.join(&name), bytes)
                .with_context(|| cannot(&format!("its chart {name}")))?;
            hash = crate::model::uncertain::monte_carlo::fnv1a_bytes(hash, bytes);
        }
        rendered.push((chart.id, chart.title.clone()));
    }
    // The folder's name carries the charts' content and the memo's name: a
    // rerun that draws the same charts reuses it, a changed one (or another
    // memo in the folder, memo.txt beside memo.md) gets a folder of its own.
    let memo_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    hash = crate::model::uncertain::monte_carlo::fnv1a_bytes(hash, memo_name.as_bytes());
    let charts_dir_name = format!("{stem}-charts-{:08x}", hash as u32);
    let files: Vec<ChartFiles> = rendered
        .into_iter()
        .map(|(id, title)| ChartFiles {
            id,
            title,
            svg: format!("{charts_dir_name}/{}.svg", id.name()),
            png: format!("{charts_dir_name}/{}.png", id.name()),
        })
        .collect();
    let mut text = super::markdown(scenario, eval, views.map(|v| &v.uncertainty), &files);
    if let Some(changes) = changes {
        // After the summary: what a reader of the earlier memo asks first.
        let at = text.find("\n## ").map_or(text.len(), |first| {
            text[first + 1..]
                .find("\n## ")
                .map_or(text.len(), |second| first + 1 + second + 1)
        });
        text.insert_str(at, changes);
    }
    let staged_memo = work.path().join("memo.md");
    stage(&staged_memo, text.as_bytes()).with_context(|| cannot("the memo"))?;
    stage(&staged.join(OWNER), memo_name.as_bytes()).with_context(|| cannot("its charts"))?;
    let charts_dir = dir.join(&charts_dir_name);
    // Reuse a folder only when it holds exactly these charts for this memo
    // (a kill may have left one half-deleted); otherwise set it aside first.
    let reusable = same_contents(&staged, &charts_dir);
    if charts_dir.exists() && !reusable {
        let owner = std::fs::read_to_string(charts_dir.join(OWNER));
        if !owner.is_ok_and(|o| o == memo_name) {
            anyhow::bail!(
                "{}: a folder perfcase did not write for this memo is in the way; move it or name the memo differently",
                charts_dir.display()
            );
        }
        let aside = work.path().join("replaced");
        std::fs::rename(&charts_dir, &aside)
            .with_context(|| format!("{}: cannot replace", charts_dir.display()))?;
    }
    let created = !reusable;
    if created {
        std::fs::rename(&staged, &charts_dir)
            .with_context(|| format!("{}: cannot write", charts_dir.display()))?;
    }
    if let Err(e) = std::fs::rename(&staged_memo, path) {
        if created {
            let _ = std::fs::remove_dir_all(&charts_dir);
        }
        return Err(e).with_context(|| format!("{}: cannot write", path.display()));
    }
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        d.sync_all().ok();
    }
    // Earlier versions of this memo's charts are no longer linked from it.
    remove_old_charts(dir, &stem, &charts_dir_name, &memo_name, work.path());
    Ok(())
}

/// Writes and syncs one file of the unit being staged.
fn stage(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::scenario_file::disk_full_failpoint()?;
    let mut f = std::fs::File::create(file)?;
    std::io::Write::write_all(&mut f, bytes)?;
    f.sync_all()
}

/// The file in a charts folder naming the memo that links it: only a
/// folder perfcase wrote for this very memo is ever replaced or removed.
const OWNER: &str = ".perfcase-memo";

/// Whether `existing` holds exactly the files of `staged`, byte for byte.
fn same_contents(staged: &Path, existing: &Path) -> bool {
    let names = |dir: &Path| -> Option<Vec<std::ffi::OsString>> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .ok()?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()
            .ok()?;
        names.sort();
        Some(names)
    };
    match (names(staged), names(existing)) {
        (Some(a), Some(b)) if a == b => a.iter().all(|name| {
            std::fs::read(staged.join(name)).ok() == std::fs::read(existing.join(name)).ok()
        }),
        _ => false,
    }
}

/// Removes the `<stem>-charts-<id>` folders other than `keep` that perfcase
/// wrote for the memo `memo_name` (a user's own folder of that name, or
/// another memo's — `memo.txt` beside `memo.md` — is left alone). Each is
/// first renamed into the run's temporary folder, so a kill mid-way leaves
/// a temporary the next run clears, never a half-deleted charts folder.
fn remove_old_charts(dir: &Path, stem: &str, keep: &str, memo_name: &str, work: &Path) {
    let prefix = format!("{stem}-charts-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for (i, entry) in entries.flatten().enumerate() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_version = name
            .strip_prefix(&prefix)
            .is_some_and(|id| id.len() == 8 && id.bytes().all(|b| b.is_ascii_hexdigit()));
        let ours = std::fs::read_to_string(entry.path().join(OWNER)).is_ok_and(|o| o == memo_name);
        if is_version && name != keep && ours && entry.path().is_dir() {
            let aside = work.join(format!("old-{i}"));
            if std::fs::rename(entry.path(), &aside).is_ok() {
                let _ = std::fs::remove_dir_all(&aside);
            }
        }
    }
}
