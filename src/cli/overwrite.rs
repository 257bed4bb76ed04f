//! What a command's output file may replace: never the scenario it reads,
//! never anything but a regular file, and (without `--force`) only a file
//! perfcase wrote for the same purpose — a memo over a memo, a chart over a
//! chart — so no command costs the user their own work.

use std::io::Read as _;
use std::path::Path;

/// A kind of output file and how to recognise one perfcase wrote.
pub struct Target {
    /// "memo", "chart".
    pub what: &'static str,
    /// ", e.g. memo.md": after "give the … a file name".
    pub example: &'static str,
    /// How much of an existing file to read to recognise it (its first
    /// bytes; a longer file is read that far).
    pub read_limit: u64,
    /// Whether those bytes are perfcase's.
    pub ours: fn(&[u8]) -> bool,
    /// "a memo perfcase wrote".
    pub ours_text: &'static str,
}

/// Refuses to write `out` over `file` (the scenario, by canonical path),
/// over a folder, device or pipe, or (without `force`) over a file that
/// `target` does not recognise as perfcase's.
pub fn guard(file: &Path, out: &Path, force: bool, target: &Target) -> anyhow::Result<()> {
    let what = target.what;
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(file), std::fs::canonicalize(out))
        && a == b
    {
        anyhow::bail!(
            "{}: is the scenario itself; give the {what} another name{}",
            out.display(),
            target.example
        );
    }
    let Ok(meta) = std::fs::metadata(out) else {
        return Ok(());
    };
    if !meta.is_file() {
        anyhow::bail!(
            "{}: is not a regular file (a folder, a device or a pipe); give the {what} a file name{}",
            out.display(),
            target.example
        );
    }
    if !force {
        let mut head = Vec::new();
        let ours = std::fs::File::open(out)
            .and_then(|f| f.take(target.read_limit).read_to_end(&mut head))
            .is_ok_and(|_| (target.ours)(&head));
        if !ours {
            anyhow::bail!(
                "{}: exists and is not {}; pass --force to replace it",
                out.display(),
                target.ours_text
            );
        }
    }
    Ok(())
}
