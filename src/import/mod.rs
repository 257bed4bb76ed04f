//! Importing traces and profiles: Jaeger, OTLP and Zipkin JSON, Chrome trace
//! events, speedscope, folded stacks and pprof, each read by its own module
//! into one of two shared shapes — a [`trace::Trace`] or a
//! [`profile::Profile`] — and from there, in one shared step each, into a
//! budget: the critical path of a trace, or the self-time shares of a
//! profile.
//!
//! Headless and pure (bytes in, scenario out): no UI, no charts. The format
//! is recognised by content in [`detect`], not by the file's extension.

pub mod chrome;
mod error;
pub mod folded;
pub mod jaeger;
mod names;
pub mod otlp;
pub mod pprof;
pub mod profile;
pub mod speedscope;
pub mod trace;
pub mod zipkin;

use std::fmt;

pub use self::error::ImportError;
pub(crate) use self::error::json_error;
use crate::model::budget::{Budget, Span, SpanKind, TimeUnit};
use crate::model::{Quantity, Scenario};

/// The formats perfcase imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Jaeger UI's JSON download (or one trace object).
    Jaeger,
    /// OpenTelemetry OTLP/JSON.
    Otlp,
    /// Zipkin v2 JSON.
    Zipkin,
    /// Chrome trace event format (Perfetto, chrome://tracing).
    Chrome,
    /// speedscope's JSON (sampled and evented profiles).
    Speedscope,
    /// Folded stacks (`a;b;c 42`), as flamegraph.pl and inferno read.
    Folded,
    /// pprof's protobuf, gzipped or not.
    Pprof,
}

impl Format {
    /// Every format, in the order detection and messages list them.
    pub const ALL: [Self; 7] = [
        Self::Jaeger,
        Self::Otlp,
        Self::Zipkin,
        Self::Chrome,
        Self::Speedscope,
        Self::Folded,
        Self::Pprof,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jaeger => "jaeger",
            Self::Otlp => "otlp",
            Self::Zipkin => "zipkin",
            Self::Chrome => "chrome",
            Self::Speedscope => "speedscope",
            Self::Folded => "folded",
            Self::Pprof => "pprof",
        }
    }

    /// The format named `name` (as `--format` takes it).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Whether it is a trace format (a budget in ms) rather than a profile (%).
    pub fn is_trace(self) -> bool {
        matches!(
            self,
            Self::Jaeger | Self::Otlp | Self::Zipkin | Self::Chrome
        )
    }

    /// File extensions the open dialog offers for it.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Folded => &["folded", "txt", "collapsed"],
            Self::Pprof => &["pb", "gz", "prof", "pprof"],
            _ => &["json"],
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A `--kind REGEX=Kind` rule: spans whose name the regex finds get the kind.
#[derive(Clone, Debug)]
pub struct KindRule {
    /// The pattern, searched for in the full span name.
    pub pattern: regex::Regex,
    /// The kind it gives.
    pub kind: SpanKind,
}

impl KindRule {
    /// Parses `REGEX=Kind`, split at the last `=`; kind names ignore case.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (pattern, kind) = text.rsplit_once('=').ok_or_else(|| {
            format!("{text:?}: a kind rule is REGEX=Kind, e.g. 'redis|memcache=External'")
        })?;
        let kind = SpanKind::ALL
            .into_iter()
            .find(|k| format!("{k:?}").eq_ignore_ascii_case(kind.trim()))
            .ok_or_else(|| {
                let kinds: Vec<String> = SpanKind::ALL.iter().map(|k| format!("{k:?}")).collect();
                format!(
                    "{kind:?} is not a span kind; the kinds are {}",
                    kinds.join(", ")
                )
            })?;
        let pattern = regex::Regex::new(pattern).map_err(|e| format!("{pattern:?}: {e}"))?;
        Ok(Self { pattern, kind })
    }

    /// A rule matching exactly `name` (the preview's reclassification).
    pub fn exact(name: &str, kind: SpanKind) -> Self {
        Self {
            // An escaped literal always compiles.
            pattern: regex::Regex::new(&format!("^{}$", regex::escape(name)))
                .unwrap_or_else(|e| unreachable!("escaped literal: {e}")),
            kind,
        }
    }

    /// The kind of the first rule whose pattern `name` matches.
    pub fn first_match(rules: &[Self], name: &str) -> Option<SpanKind> {
        rules
            .iter()
            .find(|r| r.pattern.is_match(name))
            .map(|r| r.kind)
    }
}

/// How to import.
#[derive(Clone, Debug)]
pub struct Options {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// The trace to take (default: the one whose root lasts longest).
    pub trace: Option<String>,
    /// The speedscope profile to take, by name or index (default: all, summed).
    pub profile: Option<String>,
    /// The pprof sample type to take (default: the first).
    pub sample_type: Option<String>,
    /// Groups kept before the rest merge into `other (Kind)`.
    pub max_spans: usize,
    /// Kind rules, tried in order before the attributes.
    pub kinds: Vec<KindRule>,
}

/// The largest trace or profile read: 1 GiB.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Groups kept by default.
pub const DEFAULT_MAX_SPANS: usize = 24;

impl Default for Options {
    fn default() -> Self {
        Self {
            format: None,
            trace: None,
            profile: None,
            sample_type: None,
            max_spans: DEFAULT_MAX_SPANS,
            kinds: Vec::new(),
        }
    }
}

/// One budget span before merging: a trace group or a profile leaf.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Its name.
    pub name: String,
    /// Its kind (rules applied).
    pub kind: SpanKind,
    /// What ranks it: time or self weight.
    pub weight: f64,
    /// Exact time in source units (traces); 0 for profiles.
    pub units: i64,
    /// Its place: group order (traces) or first appearance (profiles).
    pub order: usize,
}

/// Keeps the `max` largest items (ties: lower order first) and merges the
/// rest per kind into one `other (Kind)` item each, placed by the same
/// rule as the others: by `order` when `by_size` is false (traces), largest
/// first when true (profiles). Returns the items and how many were merged.
pub fn merge_small(items: Vec<Item>, max: usize, by_size: bool) -> (Vec<Item>, usize) {
    if items.len() <= max {
        let mut items = items;
        sort_items(&mut items, by_size);
        return (items, 0);
    }
    let mut ranked = items;
    ranked.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.order.cmp(&b.order)));
    let rest = ranked.split_off(max);
    let merged = rest.len();
    let mut others: Vec<Item> = Vec::new();
    for item in rest {
        match others.iter_mut().find(|o| o.kind == item.kind) {
            Some(o) => {
                o.weight += item.weight;
                o.units += item.units;
                o.order = o.order.min(item.order);
            }
            None => others.push(Item {
                name: format!("other ({:?})", item.kind),
                ..item
            }),
        }
    }
    ranked.extend(others);
    sort_items(&mut ranked, by_size);
    (ranked, merged)
}

fn sort_items(items: &mut [Item], by_size: bool) {
    if by_size {
        items.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.order.cmp(&b.order)));
    } else {
        items.sort_by_key(|i| i.order);
    }
}

/// Recognises the format from the content: gzip or protobuf (pprof), JSON
/// by its top-level keys, text lines ending in a count (folded stacks).
pub fn detect(bytes: &[u8]) -> Result<Format, ImportError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        // pprof is gzipped protobuf; a gzipped JSON trace is not, and
        // decoding it as protobuf only says "invalid wire type".
        let mut start = [0u8; 256];
        let n = std::io::Read::read(&mut flate2::read::MultiGzDecoder::new(bytes), &mut start)
            .unwrap_or(0);
        let first = start[..n].iter().find(|b| !b.is_ascii_whitespace());
        if matches!(first, Some(b'{' | b'[')) {
            return Err(ImportError::UnknownFormat(
                "gzip-compressed JSON: decompress it first (gunzip FILE), then import the JSON"
                    .into(),
            ));
        }
        return Ok(Format::Pprof);
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|i| text[i]);
    let head = String::from_utf8_lossy(&text[..text.len().min(1 << 20)]);
    match first {
        Some(b'{') | Some(b'[') => {
            let has = |key: &str| head.contains(&format!("\"{key}\""));
            let format = if has("resourceSpans") {
                Format::Otlp
            } else if has("traceEvents") || (first == Some(b'[') && has("ph")) {
                Format::Chrome
            } else if head.contains("speedscope") || (has("profiles") && has("shared")) {
                Format::Speedscope
            } else if has("spans") && (has("traceID") || has("data"))
                || (first == Some(b'{') && has("data"))
            {
                Format::Jaeger
            } else if first == Some(b'[') && has("traceId") {
                Format::Zipkin
            } else {
                return Err(ImportError::UnknownFormat(
                    "JSON, but without the keys of any of them (resourceSpans, traceEvents, \
                     profiles, spans, traceId)"
                        .into(),
                ));
            };
            Ok(format)
        }
        None => Err(ImportError::Empty("the file is empty".into())),
        _ => {
            if folded::looks_like(text) {
                Ok(Format::Folded)
            } else if pprof::looks_like(bytes) {
                Ok(Format::Pprof)
            } else {
                Err(ImportError::UnknownFormat(
                    "neither JSON, folded-stack text nor a pprof protobuf".into(),
                ))
            }
        }
    }
}

/// A parsed file, ready to become a budget (again, with other rules).
#[derive(Clone, Debug)]
pub enum Source {
    /// A trace and its walked critical path.
    Trace(trace::Trace, trace::Walked),
    /// A profile's self weights.
    Profile(profile::Profile),
}

/// An imported file: what it held, and how to make a scenario of it.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The file's name, for the notes.
    pub file_name: String,
    /// Its format.
    pub format: Format,
    /// What it held.
    pub source: Source,
}

/// Reads `bytes` (the file `file_name`) as `options` say: detects or takes
/// the format, parses, picks the trace or profile and walks it.
pub fn import(bytes: &[u8], file_name: &str, options: &Options) -> Result<Imported, ImportError> {
    let format = format_of(bytes, options)?;
    finish(parse(bytes, format, options)?, format, file_name, options)
}

/// [`import`] of a file's bytes it may drop once parsed: a large trace is
/// then never held as bytes and as a walked trace at once (the CLI and the
/// GUI read files this way).
pub fn import_owned(
    bytes: Vec<u8>,
    file_name: &str,
    options: &Options,
) -> Result<Imported, ImportError> {
    let format = format_of(&bytes, options)?;
    let parsed = parse(&bytes, format, options)?;
    drop(bytes);
    finish(parsed, format, file_name, options)
}

/// The format `options` force, else the one `bytes` look like.
fn format_of(bytes: &[u8], options: &Options) -> Result<Format, ImportError> {
    match options.format {
        Some(f) => Ok(f),
        None => detect(bytes),
    }
}

/// A file parsed, before a trace is walked.
enum Parsed {
    Trace(trace::Trace),
    Profile(profile::Profile),
}

fn parse(bytes: &[u8], format: Format, options: &Options) -> Result<Parsed, ImportError> {
    Ok(match format {
        Format::Jaeger => Parsed::Trace(jaeger::read(bytes)?),
        Format::Otlp => Parsed::Trace(otlp::read(bytes)?),
        Format::Zipkin => Parsed::Trace(zipkin::read(bytes)?),
        Format::Chrome => Parsed::Trace(chrome::read(bytes)?),
        Format::Speedscope => Parsed::Profile(speedscope::read(bytes, options.profile.as_deref())?),
        Format::Folded => Parsed::Profile(folded::read(bytes)?),
        Format::Pprof => Parsed::Profile(pprof::read(bytes, options.sample_type.as_deref())?),
    })
}

fn finish(
    parsed: Parsed,
    format: Format,
    file_name: &str,
    options: &Options,
) -> Result<Imported, ImportError> {
    let source = match parsed {
        Parsed::Trace(t) => {
            let walked = trace::walk(&t, options)?;
            Source::Trace(t, walked)
        }
        Parsed::Profile(p) => Source::Profile(p),
    };
    Ok(Imported {
        file_name: file_name.to_owned(),
        format,
        source,
    })
}

impl Imported {
    /// The budget's spans: (name, time, kind) with `rules` and `max_spans`,
    /// and how many groups were merged.
    pub fn spans(
        &self,
        rules: &[KindRule],
        max_spans: usize,
    ) -> (Vec<(String, f64, SpanKind)>, usize) {
        match &self.source {
            Source::Trace(t, walked) => {
                trace::budget_spans(walked, rules, max_spans, t.units_per_ms)
            }
            Source::Profile(p) => p.budget_spans(rules, max_spans),
        }
    }

    /// The scenario: a budget of the critical path (ms) or the self-time
    /// shares (%), the default language speedup (10×, which the user then
    /// sets), titled after the
    /// trace or profile, with notes citing the evidence.
    pub fn scenario(&self, rules: &[KindRule], max_spans: usize) -> Scenario {
        let (spans, merged) = self.spans(rules, max_spans);
        let unit = if self.format.is_trace() {
            TimeUnit::Milliseconds
        } else {
            TimeUnit::Percent
        };
        let (title, mut notes) = match &self.source {
            Source::Trace(t, w) => {
                let total = w.root_units as f64 / t.units_per_ms;
                let mut notes = format!(
                    "Imported from {} ({}): trace {}, root \"{}\" of {} ms; {} in its tree, \
                     {} groups on the critical path.",
                    self.file_name,
                    self.format,
                    w.trace_id,
                    w.root_name,
                    crate::format::short(total),
                    spans_count(w.kept),
                    w.groups.len()
                );
                for (count, why) in &w.set_aside {
                    notes.push_str(&format!(" {} {why}.", spans_count(*count)));
                }
                if w.other_traces > 0 {
                    notes.push_str(&format!(
                        " {} other traces in the file were not used.",
                        w.other_traces
                    ));
                }
                for note in &t.notes {
                    notes.push_str(&format!(" {note}."));
                }
                (
                    format!("{} (trace {})", w.root_name, short_id(&w.trace_id)),
                    notes,
                )
            }
            Source::Profile(p) => {
                let notes = format!(
                    "Imported from {} ({}): {}; {} functions with self time.{}",
                    self.file_name,
                    self.format,
                    p.description,
                    p.len(),
                    p.notes.iter().map(|n| format!(" {n}.")).collect::<String>()
                );
                (format!("CPU profile: {}", self.file_name), notes)
            }
        };
        if !rules.is_empty() {
            let listed: Vec<String> = rules
                .iter()
                .map(|r| format!("{}={:?}", r.pattern.as_str(), r.kind))
                .collect();
            notes.push_str(&format!(" Kind rules: {}.", listed.join(", ")));
        }
        if merged > 0 {
            notes.push_str(&format!(
                " The {merged} smallest groups beyond the {max_spans} largest were merged into other (Kind)."
            ));
        }
        Scenario {
            title: visible(&title),
            notes: visible(&notes),
            budget: Some(Budget {
                unit,
                language_speedup: Quantity::Value(crate::model::budget::DEFAULT_LANGUAGE_SPEEDUP),
                slo: None,
                measured_throughput_per_s: None,
                spans: spans
                    .into_iter()
                    .map(|(name, time, kind)| Span {
                        name: visible(&name),
                        time: Quantity::Value(time),
                        kind,
                        concurrent: false,
                        lever: None,
                    })
                    .collect(),
            }),
            ..Scenario::default()
        }
    }
}

/// `text` with each control character (a newline or an escape sequence in
/// a span name) shown as U+FFFD: a scenario's names are one visible line.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// "1 span", "3 spans".
fn spans_count(n: usize) -> String {
    if n == 1 {
        "1 span".to_owned()
    } else {
        format!("{n} spans")
    }
}

/// A trace id shortened for titles: its first 8 characters.
fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}
