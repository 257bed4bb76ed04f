//! perfcase's own temporary files and folders beside the files it writes
//! (`.perfcase-save-<pid>-….tmp`, `.perfcase-report-<pid>-…`), and the
//! clean-up of those a killed process left behind: before each write, the
//! ones whose process is gone are removed. A live process's are kept, so
//! two perfcase windows saving into one folder do not disturb each other.

use std::path::Path;

/// The prefix of a temporary file for a save.
pub const SAVE: &str = ".perfcase-save-";
/// The prefix of a temporary folder for a report.
pub const REPORT: &str = ".perfcase-report-";

/// `prefix` followed by this process's id and a dash.
pub fn prefix(kind: &str) -> String {
    format!("{kind}{}-", std::process::id())
}

/// Whether the process `pid` is still running. Where that cannot be told
/// (no `/proc`), a temporary counts as stale only after an hour.
fn alive(pid: u32, age: Option<std::time::Duration>) -> bool {
    let proc = Path::new("/proc");
    if proc.is_dir() {
        return proc.join(pid.to_string()).exists();
    }
    age.is_none_or(|a| a < std::time::Duration::from_secs(3600))
}

/// Removes the temporaries of dead perfcase processes in `dir`. Errors are
/// ignored: a leftover that cannot be removed now is tried again next time.
pub fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let own = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name
            .strip_prefix(SAVE)
            .or_else(|| name.strip_prefix(REPORT))
        else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let age = entry
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok());
        if pid == own || alive(pid, age) {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
}
