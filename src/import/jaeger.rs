//! Jaeger's JSON: the UI's download (`{"data": [trace, …]}`) or one trace
//! object (`{"traceID", "spans", "processes"}`). Times in microseconds;
//! references CHILD_OF (the first one is the parent) or FOLLOWS_FROM; the
//! service from the span's process.

use std::collections::HashMap;

use serde::Deserialize;

use super::trace::{Hint, RawSpan, Trace, normalize_id};
use super::{Format, ImportError, json_error};

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    data: Option<Vec<TraceJson>>,
    #[serde(default)]
    spans: Option<Vec<SpanJson>>,
    #[serde(default)]
    processes: HashMap<String, Process>,
}

#[derive(Deserialize)]
struct TraceJson {
    #[serde(default)]
    spans: Vec<SpanJson>,
    #[serde(default)]
    processes: HashMap<String, Process>,
}

#[derive(Deserialize)]
struct Process {
    #[serde(rename = "serviceName", default)]
    service_name: String,
}

#[derive(Deserialize)]
struct SpanJson {
    #[serde(rename = "traceID")]
    trace_id: String,
    #[serde(rename = "spanID")]
    span_id: String,
    #[serde(rename = "operationName", default)]
    operation_name: String,
    #[serde(default)]
    references: Vec<Reference>,
    #[serde(rename = "parentSpanID", default)]
    parent_span_id: Option<String>,
    #[serde(rename = "startTime")]
    start_time: i64,
    duration: i64,
    #[serde(default)]
    tags: Vec<Tag>,
    #[serde(rename = "processID", default)]
    process_id: Option<String>,
}

#[derive(Deserialize)]
struct Reference {
    #[serde(rename = "refType", default)]
    ref_type: String,
    #[serde(rename = "spanID")]
    span_id: String,
}

#[derive(Deserialize)]
struct Tag {
    key: String,
    #[serde(default)]
    value: serde_json::Value,
}

/// Reads a Jaeger JSON file.
pub fn read(bytes: &[u8]) -> Result<Trace, ImportError> {
    let file: File = serde_json::from_slice(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
        .map_err(|e| json_error(Format::Jaeger, bytes, &e))?;
    let traces: Vec<TraceJson> = match (file.data, file.spans) {
        (Some(data), _) => data,
        (None, Some(spans)) => vec![TraceJson {
            spans,
            processes: file.processes,
        }],
        (None, None) => return Err(ImportError::Empty("no \"data\" and no \"spans\"".into())),
    };
    let mut out = Trace {
        units_per_ms: 1000.0,
        ..Trace::default()
    };
    for t in traces {
        for s in t.spans {
            let child_of = s
                .references
                .iter()
                .find(|r| r.ref_type.eq_ignore_ascii_case("CHILD_OF"))
                .map(|r| r.span_id.clone());
            let follows_from = child_of.is_none()
                && s.references
                    .iter()
                    .any(|r| r.ref_type.eq_ignore_ascii_case("FOLLOWS_FROM"));
            let parent = child_of.or(s.parent_span_id.filter(|p| !p.is_empty() && !follows_from));
            let span_kind = s
                .tags
                .iter()
                .find(|t| t.key == "span.kind")
                .and_then(|t| t.value.as_str());
            let hint = Hint::from_attributes(s.tags.iter().map(|t| t.key.as_str()), span_kind);
            let service = s
                .process_id
                .as_ref()
                .and_then(|p| t.processes.get(p))
                .map(|p| p.service_name.clone());
            out.spans.push(RawSpan {
                trace_id: normalize_id(&s.trace_id),
                span_id: s.span_id.to_ascii_lowercase(),
                parent: parent.map(|p| p.to_ascii_lowercase()),
                follows_from,
                start: s.start_time,
                duration: s.duration,
                service,
                operation: s.operation_name,
                hint,
            });
        }
    }
    Ok(out)
}
