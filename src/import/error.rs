//! What can go wrong in an import, worded for the person who gave the file:
//! the format, where in the file (line, column, byte), and what was expected.

use super::Format;

/// Why an import failed. The caller adds the file's name.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The bytes are not what the format needs (bad JSON, bad protobuf…).
    #[error("not a {format} file: {detail}")]
    Parse {
        /// The format tried.
        format: Format,
        /// Where and what: line, column and byte offset when known.
        detail: String,
    },
    /// The content matches none of the formats.
    #[error(
        "not a trace or profile perfcase can read (tried jaeger, otlp, zipkin, chrome, \
         speedscope, folded, pprof): {0}"
    )]
    UnknownFormat(String),
    /// Nothing to budget.
    #[error("{0}")]
    Empty(String),
    /// Negative durations, cycles.
    #[error("{0}")]
    Invalid(String),
    /// Several traces' roots last equally long.
    #[error("several traces tie for the longest root ({}): choose one with --trace", ids.join(", "))]
    Tied {
        /// The tied traces' ids.
        ids: Vec<String>,
    },
    /// `--trace` names no trace of the file.
    #[error("no trace {wanted} in the file; it has {}", have.join(", "))]
    UnknownTrace {
        /// The id asked for.
        wanted: String,
        /// The ids in the file.
        have: Vec<String>,
    },
    /// `--profile` names no profile of the file.
    #[error("no profile {wanted:?} in the file; it has {}", have.join(", "))]
    UnknownProfile {
        /// The profile asked for.
        wanted: String,
        /// The profiles in the file.
        have: Vec<String>,
    },
    /// `--sample-type` names no sample type of the file.
    #[error("no sample type {wanted:?} in the profile; it has {}", have.join(", "))]
    UnknownSampleType {
        /// The type asked for.
        wanted: String,
        /// The types in the file.
        have: Vec<String>,
    },
}

/// A JSON parse error's place: line, column and byte offset.
pub(crate) fn json_error(format: Format, bytes: &[u8], e: &serde_json::Error) -> ImportError {
    let (line, column) = (e.line(), e.column());
    let offset = byte_offset(bytes, line, column);
    let message = e.to_string();
    // serde_json ends with its own "at line L column C": said first here.
    let what = message
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&message);
    let what = shorten_quoted(what);
    ImportError::Parse {
        format,
        detail: match offset {
            Some(offset) => format!("line {line}, column {column} (byte {offset}): {what}"),
            None => what,
        },
    }
}

/// Quoted text in a message cut to its first 40 characters: serde_json
/// quotes the offending value whole, and a value can be megabytes long.
fn shorten_quoted(message: &str) -> String {
    const KEEP: usize = 40;
    let mut out = String::with_capacity(message.len().min(512));
    let mut rest = message;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        // The closing quote: the next one not escaped by a backslash.
        let mut close = None;
        let mut escaped = false;
        for (i, c) in after.char_indices() {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => {
                    close = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let Some(close) = close else {
            rest = after;
            break;
        };
        let quoted = &after[..close];
        if quoted.chars().count() > KEEP + 8 {
            out.extend(quoted.chars().take(KEEP));
            out.push_str(&format!("… ({} characters)", quoted.chars().count()));
        } else {
            out.push_str(quoted);
        }
        out.push('"');
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The byte offset of a 1-based line and column (columns count bytes, as
/// serde_json's do).
fn byte_offset(bytes: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += bytes[start..].iter().position(|&b| b == b'\n')? + 1;
    }
    Some(start + column.saturating_sub(1))
}
