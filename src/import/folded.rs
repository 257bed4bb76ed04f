//! Folded stacks, as flamegraph.pl and inferno write them: one line per
//! stack, frames joined by `;` from the root, then a space and the count:
//! `main;parse;json::decode 42`. The leaf (last frame) gets the count.
//! Names are kept verbatim, `_[k]` annotations included.

use super::profile::Profile;
use super::{Format, ImportError};

/// Whether `head` (the file's start) looks like folded stacks: its first
/// non-empty line ends in a space and a number.
pub fn looks_like(bytes: &[u8]) -> bool {
    // The first line that is not blank or a `#` comment (as `read` skips
    // them), whole however long: a 1 MB stack must still end in its count.
    for line in bytes.split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        if line.is_empty() || line.starts_with(b"#") {
            continue;
        }
        let Some(space) = line.iter().rposition(|&b| b == b' ') else {
            return false;
        };
        let count = std::str::from_utf8(&line[space + 1..])
            .ok()
            .and_then(|c| c.parse::<f64>().ok());
        return count.is_some_and(f64::is_finite) && !line[..space].trim_ascii().is_empty();
    }
    false
}

/// A line's stack and count.
fn split(line: &str) -> Option<(&str, f64)> {
    let line = line.trim_end();
    let at = line.as_bytes().iter().rposition(|&b| b == b' ')?;
    let (stack, count) = (&line[..at], &line[at + 1..]);
    // Counts are nearly always whole numbers: an integer parse is several
    // times cheaper than a float's, and `as f64` rounds exactly as it would.
    let count: f64 = match count.parse::<u64>() {
        Ok(n) => n as f64,
        Err(_) => count.parse().ok()?,
    };
    (count.is_finite() && !stack.trim().is_empty()).then_some((stack, count))
}

/// Reads folded stacks.
pub fn read(bytes: &[u8]) -> Result<Profile, ImportError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::Parse {
        format: Format::Folded,
        detail: format!("not UTF-8 text at byte {}", e.valid_up_to()),
    })?;
    // At most one leaf a line: the table of names is sized once (a file
    // of millions of distinct leaves no longer rehashes it as it grows).
    let line_count = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut profile = Profile::with_capacity(line_count);
    // Leaves are added a few dozen at a time, so the lookups of a file of
    // millions of distinct leaves wait on memory together.
    const BATCH: usize = 32;
    let mut batch: Vec<(&str, f64)> = Vec::with_capacity(BATCH);
    let mut ids = Vec::with_capacity(BATCH);
    let mut offset = 0;
    let mut lines = 0;
    for (number, raw) in text.split('\n').enumerate() {
        let line = raw.trim_end_matches('\r').trim();
        let at = offset;
        offset += raw.len() + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (stack, count) = split(line).ok_or_else(|| ImportError::Parse {
            format: Format::Folded,
            detail: format!(
                "line {} (byte {at}): expected `frame;frame;… count`, got {:?}",
                number + 1,
                line.chars().take(80).collect::<String>()
            ),
        })?;
        if count < 0.0 {
            return Err(ImportError::Invalid(format!(
                "line {} (byte {at}): a negative count ({count})",
                number + 1
            )));
        }
        // A byte search: `;` is ASCII, and a char searcher costs more per line.
        let leaf = stack
            .as_bytes()
            .iter()
            .rposition(|&b| b == b';')
            .map_or(stack, |at| &stack[at + 1..]);
        batch.push((leaf, count));
        if batch.len() == BATCH {
            profile.add_batch(&batch, &mut ids);
            batch.clear();
        }
        lines += 1;
    }
    profile.add_batch(&batch, &mut ids);
    profile.description = format!("{lines} folded stacks");
    profile.check()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_get_their_counts_in_first_appearance_order() {
        let p = read(b"main;a;b 3\nmain;c 5\n\nmain;a;b 2\nmain;[kernel.kallsyms];x_[k] 1\n")
            .expect("reads");
        let leaves: Vec<(&str, f64)> = p.leaves().collect();
        assert_eq!(leaves, vec![("b", 5.0), ("c", 5.0), ("x_[k]", 1.0)]);
    }

    #[test]
    fn a_line_without_a_count_names_its_line_and_byte() {
        let err = read(b"main;a 3\nmain;b\n").expect_err("no count");
        assert!(err.to_string().contains("line 2 (byte 9)"), "{err}");
    }
}
