//! Scenario files: RON load and save, format versions, atomic writes.
//!
//! A file is read in two passes: first only its `format` number, so a file
//! from a newer perfcase is refused with a clear message instead of an
//! "unknown field" error deep inside; then the whole scenario, strictly
//! (unknown fields are errors, never silently dropped), and finally
//! [`crate::model::validate`]. Saving writes a temporary file in the same
//! folder, fsyncs it and renames it over the target, so the target is either
//! the old file or the new one, never a torn mix, and a failed save leaves it
//! untouched.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use serde::Deserialize;

use crate::model::{FORMAT, Scenario, ValidationError, validate};

mod locate;
pub mod migrate;
pub mod temporaries;

/// RON's message, made specific where a scenario's rules explain it better:
/// a range on a field that takes one number, a fraction where a whole
/// number belongs.
fn explain(text: &str, e: &ron::error::SpannedError) -> String {
    // RON suggests `r#name` for a name with a dash or a dot; no scenario
    // field is named that way, so the hint would only mislead.
    if let ron::Error::SuggestRawIdentifier(name) = &e.code {
        let fixed: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        return format!(
            "`{name}` is not a field name: names are letters, digits and underscores \
             (did you mean `{fixed}`?)"
        );
    }
    let message = e.code.to_string();
    let Some(offset) = offset_of(text, e.span.start.line, e.span.start.col) else {
        return message;
    };
    let rest = &text[offset..];
    if rest.trim_start().starts_with("Range")
        && message.starts_with("Expected")
        && let Some(field) = locate::field_before(text, offset)
    {
        return format!(
            "`{field}` takes a single number, not a range (ranges are for quantities; \
             counts, percentiles, horizons and scales stay exact)"
        );
    }
    if message.contains("out of bounds")
        && let Some(field) = locate::field_before(text, offset)
    {
        return format!(
            "`{field}` is out of range: a whole number is expected, within the field's limits"
        );
    }
    if message == "Expected comma" && rest.starts_with('.') {
        let digits_start = text[..offset]
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        if digits_start < offset
            && let Some(field) = locate::field_before(text, digits_start)
        {
            return format!("`{field}` must be a whole number");
        }
    }
    message
}

/// The byte offset of a 1-based (line, column in characters).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let line_text = &text[line_start..];
    let within = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Some(line_start + within)
}

/// Where the token RON complains about begins. RON reports some errors
/// ("Expected string", "Expected integer", an unexpected character) at the
/// whitespace before the token it could not read, one column too low; a
/// position on whitespace or a comment moves on to the next token.
fn token_at(text: &str, line: usize, column: usize) -> (usize, usize) {
    let Some(mut at) = offset_of(text, line, column) else {
        return (line, column);
    };
    let starts_on_gap = |at: usize| {
        let rest = &text[at..];
        rest.starts_with(char::is_whitespace) || rest.starts_with("//") || rest.starts_with("/*")
    };
    if !starts_on_gap(at) {
        return (line, column);
    }
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if let Some(comment) = trimmed.strip_prefix("//") {
            at += 2 + comment.find('\n').unwrap_or(comment.len());
        } else if let Some(comment) = trimmed.strip_prefix("/*") {
            // An unclosed comment is RON's own error; stop at its start.
            match comment.find("*/") {
                Some(end) => at += 2 + end + 2,
                None => break,
            }
        } else {
            break;
        }
    }
    if at >= text.len() {
        // Nothing but whitespace follows: the end of the file is the place.
        return (line, column);
    }
    locate::line_col(text, at)
}

/// Why a scenario file could not be loaded or saved. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file could not be read.
    #[error("{}: cannot read: {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error. Worded in the message, so it is not also the
        /// error's `source` (a chain printed with `{:#}` would say it twice).
        error: std::io::Error,
    },
    /// The file is not valid RON for a scenario.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the parser expected or found.
        message: String,
    },
    /// The file was written by a newer perfcase.
    #[error(
        "{}: scenario format {found} was made by a newer perfcase (this one reads formats 1 to \
         {FORMAT}); update perfcase to open it",
        path.display()
    )]
    FutureFormat {
        /// The file.
        path: PathBuf,
        /// The format number in the file.
        found: u64,
    },
    /// The file's format number is not one perfcase ever wrote.
    #[error("{}: unknown scenario format {found} (expected 1 to {FORMAT})", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
        /// The format number in the file.
        found: u64,
    },
    /// The file parsed, but some values make no sense.
    #[error("{}", describe_invalid(path, errors, locations))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem found, with its field path.
        errors: Vec<ValidationError>,
        /// Where each error's value is in the file (1-based line, column), when known.
        locations: Vec<Option<(usize, usize)>>,
    },
    /// The file could not be written; the previous file, if any, is untouched.
    #[error("{}: cannot save: {error}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS error. Worded in the message, so it is not also the
        /// error's `source` (a chain printed with `{:#}` would say it twice).
        error: std::io::Error,
    },
}

/// How many validation errors a message lists before "and N more".
const ERRORS_SHOWN: usize = 3;

/// `file:line:col: path: message` per error (without line and column when
/// the value could not be found), the first few joined with "; ".
fn describe_invalid(
    path: &Path,
    errors: &[ValidationError],
    locations: &[Option<(usize, usize)>],
) -> String {
    let mut parts: Vec<String> = errors
        .iter()
        .take(ERRORS_SHOWN)
        .enumerate()
        .map(|(i, e)| {
            let at = match locations.get(i).copied().flatten() {
                Some((line, column)) => format!("{}:{line}:{column}", path.display()),
                None => path.display().to_string(),
            };
            let what = if i == 0 { "invalid scenario: " } else { "" };
            format!("{at}: {what}{e}")
        })
        .collect();
    if errors.len() > ERRORS_SHOWN {
        parts.push(format!("and {} more", errors.len() - ERRORS_SHOWN));
    }
    parts.join("; ")
}

/// Only the format number, read before anything else.
#[derive(Deserialize)]
#[serde(rename = "Scenario")]
struct Header {
    format: Option<u64>,
}

/// RON options for reading: `implicit_some` lets `latency: 300.0` stand for `Some(300.0)`.
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Reads, parses and validates the scenario at `path`.
pub fn load(path: &Path) -> Result<Scenario, FileError> {
    let text = read_text(path)?;
    from_str(&text, path)
}

/// Refuses anything but a regular file: opening a FIFO blocks until a
/// writer appears and `/dev/zero` never ends, which would freeze a window.
/// (The command line reads them, capped: `eval <(…)` reads a pipe.)
pub fn regular_file(path: &Path) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        Ok(())
    } else if meta.is_dir() {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "is a folder, not a file",
        ))
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a pipe or a device): save it to a file first",
        ))
    }
}

/// [`load`] for the GUI: refuses anything but a regular file first.
pub fn load_regular(path: &Path) -> Result<Scenario, FileError> {
    regular_file(path).map_err(|error| FileError::Read {
        path: path.to_owned(),
        error,
    })?;
    load(path)
}

/// The largest scenario file read: 64 MiB.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Reads at most `limit` bytes of `path`, refusing a file that is larger —
/// by its reported size before reading, and by what a read actually
/// returns (a FIFO or `/dev/zero` reports no size).
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, std::io::Error> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    let too_large = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than {} MiB: refused", limit >> 20),
        )
    };
    let size = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    if size.is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    // Sized once for a regular file: growing by doubling would briefly
    // hold a large trace twice.
    let mut bytes = Vec::with_capacity(size.map_or(0, |len| len as usize + 1));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The text of the scenario file at `path`: at most [`MAX_FILE_BYTES`],
/// UTF-8 (a byte-order mark is dropped).
pub fn read_text(path: &Path) -> Result<String, FileError> {
    let bytes = read_capped(path, MAX_FILE_BYTES).map_err(|error| FileError::Read {
        path: path.to_owned(),
        error,
    })?;
    text_of(bytes, path)
}

/// Parses and validates scenario bytes as read from a file: UTF-8 (a
/// byte-order mark is dropped, other bytes are refused with their line,
/// column and offset); `path` is only used in error messages.
pub fn from_bytes(bytes: Vec<u8>, path: &Path) -> Result<Scenario, FileError> {
    from_str(&text_of(bytes, path)?, path)
}

/// Bytes as scenario text: UTF-8 without a byte-order mark.
fn text_of(mut bytes: Vec<u8>, path: &Path) -> Result<String, FileError> {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = &e.as_bytes()[..at];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        FileError::Parse {
            path: path.to_owned(),
            line,
            column,
            message: format!("not UTF-8 text (byte {at}): save the file as UTF-8"),
        }
    })
}

/// Parses and validates scenario text; `path` is only used in error messages.
pub fn from_str(text: &str, path: &Path) -> Result<Scenario, FileError> {
    // A byte-order mark is not part of the scenario.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = ron_options();
    let parse_error = |e: ron::error::SpannedError| {
        let (line, column) = token_at(text, e.span.start.line, e.span.start.col);
        FileError::Parse {
            path: path.to_owned(),
            line,
            column,
            message: explain(text, &e),
        }
    };
    // If even the header does not parse, the full parse below reports the
    // syntax error with its precise message.
    if let Ok(header) = options.from_str::<Header>(text) {
        match header.format {
            Some(found) if found > u64::from(FORMAT) => {
                return Err(FileError::FutureFormat {
                    path: path.to_owned(),
                    found,
                });
            }
            Some(0) => {
                return Err(FileError::UnknownFormat {
                    path: path.to_owned(),
                    found: 0,
                });
            }
            // Formats 1 to 3 share one reader: each only added fields.
            Some(_) | None => {}
        }
    }
    let scenario: Scenario = options.from_str(text).map_err(parse_error)?;
    // Every older format is a subset of this one: the number only guards
    // against newer files; saving writes the lowest format that holds it.
    let from = scenario.format;
    let scenario = migrate::migrate(scenario, from);
    let errors = validate(&scenario);
    if errors.is_empty() {
        Ok(scenario)
    } else {
        let locator = locate::Locator::new(text);
        let locations = errors.iter().map(|e| locator.locate(&e.path)).collect();
        Err(FileError::Invalid {
            path: path.to_owned(),
            errors,
            locations,
        })
    }
}

/// The canonical text of a scenario: pretty RON with struct names, one field
/// a line, `Some(…)` written out, strings unescaped, so files diff cleanly and saving twice
/// gives the same bytes.
pub fn to_string(scenario: &Scenario) -> String {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ")
        .new_line("\n")
        // Notes keep their line breaks and apostrophes as typed; a string
        // with quotes or backslashes is written as a raw string instead.
        .escape_strings(false);
    // The number says the lowest format that holds the scenario.
    let scenario = &Scenario {
        format: scenario.required_format(),
        ..scenario.clone()
    };
    let mut text = ron::Options::default()
        .to_string_pretty(scenario, config)
        // Serialising plain structs of strings, numbers and options cannot fail.
        .unwrap_or_else(|e| unreachable!("scenario serialisation failed: {e}"));
    text.push('\n');
    text
}

/// Validates `scenario` and writes it to `path` atomically.
///
/// An invalid scenario is refused (a file perfcase could not reopen is worse
/// than no save). On any failure `path` is left exactly as it was.
pub fn save(path: &Path, scenario: &Scenario) -> Result<(), FileError> {
    let errors = validate(scenario);
    if !errors.is_empty() {
        return Err(FileError::Invalid {
            path: path.to_owned(),
            locations: vec![None; errors.len()],
            errors,
        });
    }
    write_atomically(path, to_string(scenario).as_bytes()).map_err(|error| FileError::Write {
        path: path.to_owned(),
        error,
    })
}

/// For the fault-injection tests: with `PERFCASE_FAILPOINT=<name>` in the
/// environment the process aborts here, as a `kill -9` or a power cut at
/// the worst moment would stop it. One environment lookup per write.
fn failpoint(name: &str) {
    if std::env::var_os("PERFCASE_FAILPOINT").is_some_and(|v| v == name) {
        std::process::abort();
    }
}

/// With `PERFCASE_FAILPOINT=disk-full`, every staged write fails as on a
/// full disk: how the tests check which file a disk-full error names.
pub(crate) fn disk_full_failpoint() -> std::io::Result<()> {
    if std::env::var_os("PERFCASE_FAILPOINT").is_some_and(|v| v == "disk-full") {
        return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, fsyncs it, keeps the
/// old file's permissions, and renames it over `path`.
///
/// A symbolic link is followed: its target is replaced and the link kept.
/// Anything but a regular file (a device, a pipe, a folder) is refused,
/// never replaced by a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let resolved = resolve_link(path)?;
    let path = resolved.as_path();
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a folder, a device or a pipe): perfcase replaces only files",
        ));
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    temporaries::remove_stale(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(&temporaries::prefix(temporaries::SAVE))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| without_temporary(&e, "cannot create a file in the folder"))?;
    // Through the plain file: the NamedTempFile's own writer would add the
    // temporary's name to the error, and the user should read the target's
    // (the caller names it).
    let file = tmp.as_file_mut();
    disk_full_failpoint()?;
    file.write_all(bytes)?;
    file.sync_all()?;
    // tempfile creates files readable by the owner only; keep what the user had.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        tmp.as_file().set_permissions(permissions)?;
    }
    failpoint("before-rename");
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable.
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(dir) {
        dir.sync_all().ok();
    }
    Ok(())
}

/// `e` without the " at path …" that tempfile appends (the name of a
/// temporary the user never sees), prefixed with what failed.
fn without_temporary(e: &std::io::Error, what: &str) -> std::io::Error {
    let text = e.to_string();
    let cause = text.split(" at path ").next().unwrap_or(&text);
    std::io::Error::new(e.kind(), format!("{what}: {cause}"))
}

/// `path`, or the file a symbolic link at `path` points to (through any
/// chain of links); a link to nothing is an error rather than replaced.
fn resolve_link(path: &Path) -> std::io::Result<std::path::PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("a link to a file that cannot be reached ({e}); not replaced"),
            )
        }),
        _ => Ok(path.to_owned()),
    }
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}
