//! Zipkin v2 JSON: a list of spans or a list of traces (lists of spans),
//! times in microseconds. The `shared` server half of an RPC has the same
//! id as its client half: it becomes the client half's child, and spans
//! whose parent id is the shared id hang under the server half.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::trace::{Hint, RawSpan, Trace, normalize_id};
use super::{Format, ImportError, json_error};

#[derive(Deserialize)]
#[serde(untagged)]
enum Element {
    Trace(Vec<SpanJson>),
    Span(Box<SpanJson>),
}

#[derive(Clone, Deserialize)]
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
    #[serde(default)]
    tags: HashMap<String, serde_json::Value>,
    #[serde(default)]
    shared: bool,
}

#[derive(Clone, Deserialize)]
struct Endpoint {
    #[serde(rename = "serviceName", default)]
    service_name: Option<String>,
}

/// The id a shared server half gets: its own, told apart from the client's.
fn server_id(id: &str) -> String {
    format!("{id}#server")
}

/// Reads a Zipkin v2 JSON file.
pub fn read(bytes: &[u8]) -> Result<Trace, ImportError> {
    let elements: Vec<Element> =
        serde_json::from_slice(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
            .map_err(|e| json_error(Format::Zipkin, bytes, &e))?;
    let spans: Vec<SpanJson> = elements
        .into_iter()
        .flat_map(|e| match e {
            Element::Trace(t) => t,
            Element::Span(s) => vec![*s],
        })
        .collect();
    // (trace, id) pairs that have a non-shared half: their shared halves move.
    let key = |s: &SpanJson| (normalize_id(&s.trace_id), s.id.to_ascii_lowercase());
    let client_halves: HashSet<(String, String)> =
        spans.iter().filter(|s| !s.shared).map(key).collect();
    let moved: HashSet<(String, String)> = spans
        .iter()
        .filter(|s| s.shared && client_halves.contains(&key(s)))
        .map(key)
        .collect();
    let mut out = Trace {
        units_per_ms: 1000.0,
        ..Trace::default()
    };
    let mut untimed = 0;
    for s in &spans {
        let (Some(start), Some(duration)) = (s.timestamp, s.duration) else {
            untimed += 1;
            continue;
        };
        let (trace_id, id) = key(s);
        let parent = s.parent_id.as_ref().map(|p| p.to_ascii_lowercase());
        let (span_id, parent) = if s.shared && moved.contains(&(trace_id.clone(), id.clone())) {
            // The server half: a child of the client half with the same id.
            (server_id(&id), Some(id))
        } else {
            // Children of a shared id hang under its server half.
            let parent = parent.map(|p| {
                if moved.contains(&(trace_id.clone(), p.clone())) {
                    server_id(&p)
                } else {
                    p
                }
            });
            (id, parent)
        };
        let hint = Hint::from_attributes(s.tags.keys().map(String::as_str), s.kind.as_deref());
        out.spans.push(RawSpan {
            trace_id,
            span_id,
            parent,
            follows_from: false,
            start,
            duration,
            service: s
                .local_endpoint
                .as_ref()
                .and_then(|e| e.service_name.clone()),
            operation: s.name.clone().unwrap_or_else(|| "(unnamed)".to_owned()),
            hint,
        });
    }
    if untimed > 0 {
        out.notes.push(format!(
            "{untimed} spans without a timestamp or duration were left out"
        ));
    }
    Ok(out)
}
