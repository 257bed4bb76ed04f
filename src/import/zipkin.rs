//! Zipkin v2 JSON: a list of spans or a list of traces (lists of spans),
//! times in microseconds. The `shared` server half of an RPC has the same
//! id as its client half: it becomes the client half's child, and spans
//! whose parent id is the shared id hang under the server half.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::trace::{Hint, RawSpan, Trace, normalize_id};
use super::{Format, ImportError, json_error};

/// A top-level element: a trace (a list of spans) or a span. Told apart by
/// its first character rather than `#[serde(untagged)]`, which would buffer
/// every element whole before trying each shape (memory on large files, and
/// an error that names neither shape's problem).
/// Each span is converted to a compact [`Half`] as it is read (`None`
/// without a timestamp or duration), so its JSON form never outlives it.
enum Element {
    Trace(Vec<Option<Half>>),
    Span(Option<Half>),
}

/// A span as read: its raw form and whether it is the shared server half.
struct Half {
    raw: RawSpan,
    shared: bool,
}

impl<'de> Deserialize<'de> for Element {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = Element;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a span object or a list of spans")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Element, A::Error> {
                let mut spans = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
                while let Some(span) = seq.next_element::<SpanJson>()? {
                    spans.push(span.into_half());
                }
                Ok(Element::Trace(spans))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Element, A::Error> {
                SpanJson::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|s| Element::Span(s.into_half()))
            }
        }
        d.deserialize_any(Either)
    }
}

#[derive(Deserialize)]
struct SpanJson {
    #[serde(rename = "traceId")]
    trace_id: String,
    id: String,
    #[serde(rename = "parentId", default)]
    parent_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    timestamp: Option<i64>,
    #[serde(default)]
    duration: Option<i64>,
    #[serde(rename = "localEndpoint", default)]
    local_endpoint: Option<Endpoint>,
    /// Only the keys matter (they hint at the kind); values are skipped.
    #[serde(default)]
    tags: HashMap<String, serde::de::IgnoredAny>,
    #[serde(default)]
    shared: bool,
}

#[derive(Deserialize)]
struct Endpoint {
    #[serde(rename = "serviceName", default)]
    service_name: Option<String>,
}

/// What the shared-id rule does to a span.
enum Move {
    Stay,
    /// The shared server half: it becomes the client half's child.
    ServerHalf,
    /// Its parent is a moved id: it hangs under the server half.
    UnderServerHalf,
}

/// The id a shared server half gets: its own, told apart from the client's.
fn server_id(id: &str) -> String {
    format!("{id}#server")
}

impl SpanJson {
    /// The span as the walk reads it, ids normalised; `None` untimed.
    fn into_half(self) -> Option<Half> {
        let (Some(start), Some(duration)) = (self.timestamp, self.duration) else {
            return None;
        };
        let hint =
            Hint::from_attributes(self.tags.keys().map(String::as_str), self.kind.as_deref());
        Some(Half {
            raw: RawSpan {
                trace_id: normalize_id(&self.trace_id),
                span_id: self.id.to_ascii_lowercase(),
                parent: self.parent_id.map(|p| p.to_ascii_lowercase()),
                follows_from: false,
                start,
                duration,
                service: self.local_endpoint.and_then(|e| e.service_name),
                operation: self.name.unwrap_or_else(|| "(unnamed)".to_owned()),
                hint,
            },
            shared: self.shared,
        })
    }
}

/// Reads a Zipkin v2 JSON file.
pub fn read(bytes: &[u8]) -> Result<Trace, ImportError> {
    let elements: Vec<Element> =
        serde_json::from_slice(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
            .map_err(|e| json_error(Format::Zipkin, bytes, &e))?;
    let mut untimed = 0;
    let mut spans: Vec<Half> = Vec::new();
    for e in elements {
        let halves = match e {
            Element::Trace(t) => t,
            Element::Span(s) => vec![s],
        };
        for h in halves {
            match h {
                Some(h) => spans.push(h),
                None => untimed += 1,
            }
        }
    }
    // (trace, id) pairs that have a non-shared half: their shared halves
    // move. Decided per span while the ids are borrowed, applied after.
    let moves: Vec<Move> = {
        fn key(h: &Half) -> (&str, &str) {
            (h.raw.trace_id.as_str(), h.raw.span_id.as_str())
        }
        let client_halves: HashSet<(&str, &str)> =
            spans.iter().filter(|h| !h.shared).map(key).collect();
        let moved: HashSet<(&str, &str)> = spans
            .iter()
            .filter(|h| h.shared && client_halves.contains(&key(h)))
            .map(key)
            .collect();
        spans
            .iter()
            .map(|h| {
                if moved.is_empty() {
                    // The common case: no RPC halves share an id.
                    Move::Stay
                } else if h.shared && moved.contains(&key(h)) {
                    Move::ServerHalf
                } else if h
                    .raw
                    .parent
                    .as_deref()
                    .is_some_and(|p| moved.contains(&(h.raw.trace_id.as_str(), p)))
                {
                    Move::UnderServerHalf
                } else {
                    Move::Stay
                }
            })
            .collect()
    };
    let mut out = Trace {
        units_per_ms: 1000.0,
        ..Trace::default()
    };
    out.spans.reserve(spans.len());
    for (Half { mut raw, .. }, how) in spans.into_iter().zip(moves) {
        match how {
            Move::Stay => {}
            Move::ServerHalf => {
                // The server half: a child of the client half with the same id.
                let id = std::mem::take(&mut raw.span_id);
                raw.span_id = server_id(&id);
                raw.parent = Some(id);
            }
            Move::UnderServerHalf => {
                // Children of a shared id hang under its server half.
                raw.parent = raw.parent.as_deref().map(server_id);
            }
        }
        out.spans.push(raw);
    }
    if untimed > 0 {
        out.notes.push(format!(
            "{untimed} spans without a timestamp or duration were left out"
        ));
    }
    Ok(out)
}
