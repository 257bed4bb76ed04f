//! A trace (from Jaeger, OTLP, Zipkin or Chrome) and the step from a trace
//! to a budget: pick the trace and its root, clip children to their
//! parents, walk the critical path, group its segments by service and
//! operation, classify them and merge the small ones.
//!
//! Times stay in the source's integer units (µs or ns) until a group's total
//! is converted once to milliseconds, so the budget's total is the root's
//! duration exactly.

mod walk;

use std::fmt;

pub use self::walk::{Bar, Group, Segment, Walked, walk};
use super::{KindRule, merge_small};
use crate::model::budget::SpanKind;

/// What a span's attributes say about its kind (OpenTelemetry semantic
/// conventions, Jaeger tags alike).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Hint {
    /// Neither: own code unless a rule says otherwise.
    #[default]
    None,
    /// `db.system`, `db.system.name` or `db.type`.
    Database,
    /// Span kind client or producer, or `messaging.system`.
    External,
    /// Waiting: a Chrome thread's idle gaps.
    Wait,
}

impl Hint {
    /// The kind this hint gives.
    pub fn kind(self) -> SpanKind {
        match self {
            Self::None => SpanKind::OwnCode,
            Self::Database => SpanKind::Database,
            Self::External => SpanKind::External,
            Self::Wait => SpanKind::Wait,
        }
    }

    /// The hint from attribute keys and a span kind ("client", "producer"…,
    /// any case).
    pub fn from_attributes<'a>(
        keys: impl IntoIterator<Item = &'a str>,
        span_kind: Option<&str>,
    ) -> Self {
        let mut hint = Self::None;
        for key in keys {
            match key {
                "db.system" | "db.system.name" | "db.type" => return Self::Database,
                "messaging.system" => hint = Self::External,
                _ => {}
            }
        }
        let remote = span_kind.is_some_and(|k| {
            let k = k.to_ascii_lowercase();
            k == "client" || k == "producer" || k.ends_with("_client") || k.ends_with("_producer")
        });
        if remote { Self::External } else { hint }
    }
}

/// Reads the next span of a JSON list straight into its raw form, for
/// [`SpanList`]: the format's own span struct lives only that long.
pub(crate) trait SpanReader {
    /// The next span, `None` at the end of the list.
    fn next<'de, A: serde::de::SeqAccess<'de>>(seq: &mut A) -> Result<Option<RawSpan>, A::Error>;
}

/// A JSON list of spans converted one by one as they are read, so a large
/// file is held as bytes and compact [`RawSpan`]s, never also as the
/// format's JSON structs (tags, attributes and all).
pub(crate) struct SpanList<R>(pub Vec<RawSpan>, std::marker::PhantomData<R>);

impl<R> Default for SpanList<R> {
    fn default() -> Self {
        Self(Vec::new(), std::marker::PhantomData)
    }
}

impl<'de, R: SpanReader> serde::Deserialize<'de> for SpanList<R> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Each<R>(std::marker::PhantomData<R>);
        impl<'de, R: SpanReader> serde::de::Visitor<'de> for Each<R> {
            type Value = SpanList<R>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of spans")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut spans = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
                while let Some(span) = R::next(&mut seq)? {
                    spans.push(span);
                }
                Ok(SpanList(spans, std::marker::PhantomData))
            }
        }
        d.deserialize_seq(Each(std::marker::PhantomData))
    }
}

/// One span as a parser read it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawSpan {
    /// The trace's id, normalised (lower case, no leading zeros).
    pub trace_id: String,
    /// The span's id (unique within its trace).
    pub span_id: String,
    /// The CHILD_OF parent (the first one, when several).
    pub parent: Option<String>,
    /// Set when the span's only references are FOLLOWS_FROM.
    pub follows_from: bool,
    /// Start, in the source's units.
    pub start: i64,
    /// Duration, in the source's units (≥ 0).
    pub duration: i64,
    /// The service, when the format knows it.
    pub service: Option<String>,
    /// The operation (span name).
    pub operation: String,
    /// What the attributes say about the kind.
    pub hint: Hint,
}

impl RawSpan {
    fn end(&self) -> i64 {
        self.start.saturating_add(self.duration)
    }

    /// `service: operation`, or the operation alone without a service.
    pub fn name(&self) -> String {
        match &self.service {
            Some(service) if !service.is_empty() => format!("{service}: {}", self.operation),
            _ => self.operation.clone(),
        }
    }
}

/// A parsed trace file: every span of every trace in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    /// The spans, in file order.
    pub spans: Vec<RawSpan>,
    /// Source units per millisecond (1,000 for µs, 1,000,000 for ns).
    pub units_per_ms: f64,
    /// What the parser set aside, for the scenario's notes.
    pub notes: Vec<String>,
}

/// Normalises a trace id for comparison: lower case, no leading zeros.
pub fn normalize_id(id: &str) -> String {
    let lower = id.trim().to_ascii_lowercase();
    let trimmed = lower.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// The budget spans of a walked trace: kinds from the rules, then the
/// attributes; the largest `max_spans` kept and the rest merged per kind.
pub fn budget_spans(
    walked: &Walked,
    rules: &[KindRule],
    max_spans: usize,
    units_per_ms: f64,
) -> (Vec<(String, f64, SpanKind)>, usize) {
    let items: Vec<super::Item> = walked
        .groups
        .iter()
        .enumerate()
        .map(|(order, g)| super::Item {
            name: g.name.clone(),
            kind: KindRule::first_match(rules, &g.name).unwrap_or_else(|| g.hint.kind()),
            weight: g.units as f64,
            units: g.units,
            order,
        })
        .collect();
    let (items, merged) = merge_small(items, max_spans, false);
    (
        items
            .into_iter()
            .map(|it| (it.name, it.units as f64 / units_per_ms, it.kind))
            .collect(),
        merged,
    )
}
