//! Crash safety: the unsaved scenario is written every few seconds to a
//! recovery file in the app's data folder, and offered back on the next start.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Scenario;
use crate::scenario_file::write_atomically;

/// The recovery file's name inside the data folder.
const FILE_NAME: &str = "recovery.ron";

/// What the recovery file holds: the scenario and the file it belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recovered {
    /// The file the scenario was opened from, if any.
    pub path: Option<PathBuf>,
    /// The scenario as it was at the last autosave, valid or not.
    pub scenario: Scenario,
}

/// The recovery file in `dir`.
pub fn file(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Writes the recovery file atomically, creating `dir` if needed.
pub fn write(dir: &Path, recovered: &Recovered) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let config = ron::ser::PrettyConfig::new().struct_names(true);
    let text = ron::ser::to_string_pretty(recovered, config)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    write_atomically(&file(dir), text.as_bytes())
}

/// Reads the recovery file: `None` when there is none, an error message when
/// it cannot be read (it is then left in place for the user to inspect).
pub fn read(dir: &Path) -> Option<Result<Recovered, String>> {
    let path = file(dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(Err(format!("{}: cannot read: {e}", path.display()))),
    };
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    Some(
        options
            .from_str(&text)
            .map_err(|e| format!("{}:{}: {}", path.display(), e.span.start, e.code)),
    )
}

/// Removes the recovery file (nothing to recover any more).
pub fn clear(dir: &Path) {
    // Absent is as good as removed.
    let _ = std::fs::remove_file(file(dir));
}
