//! OpenTelemetry's OTLP/JSON: resource spans (`service.name` from the
//! resource), scope spans (or the older `instrumentationLibrarySpans`),
//! times in nanoseconds as strings or JSON numbers (read as integers, exact
//! above 2^53), ids in hex of any case.

use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::trace::{Hint, RawSpan, SpanList, SpanReader, Trace, normalize_id};
use super::{Format, ImportError, json_error};

#[derive(Deserialize)]
struct File {
    #[serde(rename = "resourceSpans", default)]
    resource_spans: Vec<ResourceSpans>,
}

#[derive(Deserialize)]
struct ResourceSpans {
    #[serde(default)]
    resource: Option<Resource>,
    #[serde(rename = "scopeSpans", alias = "instrumentationLibrarySpans", default)]
    scope_spans: Vec<ScopeSpans>,
}

#[derive(Deserialize)]
struct Resource {
    #[serde(default)]
    attributes: Vec<KeyValue>,
}

#[derive(Deserialize)]
struct ScopeSpans {
    /// Converted as they are read; the service is set once the resource is.
    #[serde(default)]
    spans: SpanList<OtlpSpan>,
}

/// Reads OTLP spans for [`SpanList`].
struct OtlpSpan;

impl SpanReader for OtlpSpan {
    fn next<'de, A: de::SeqAccess<'de>>(seq: &mut A) -> Result<Option<RawSpan>, A::Error> {
        Ok(seq.next_element::<SpanJson>()?.map(SpanJson::into_raw))
    }
}

impl SpanJson {
    /// The span as the walk reads it, without its service (the resource's).
    fn into_raw(self) -> RawSpan {
        let hint = Hint::from_attributes(
            self.attributes.iter().map(|a| a.key.as_str()),
            self.kind.as_deref(),
        );
        RawSpan {
            trace_id: normalize_id(&self.trace_id),
            span_id: self.span_id.to_ascii_lowercase(),
            parent: self
                .parent_span_id
                .filter(|p| !p.trim().is_empty())
                .map(|p| p.to_ascii_lowercase()),
            follows_from: false,
            start: self.start,
            duration: self.end - self.start,
            service: None,
            operation: self.name,
            hint,
        }
    }
}

#[derive(Deserialize)]
struct KeyValue {
    key: String,
    #[serde(default)]
    value: Option<AnyValue>,
}

#[derive(Deserialize)]
struct AnyValue {
    #[serde(rename = "stringValue", default)]
    string_value: Option<String>,
}

#[derive(Deserialize)]
struct SpanJson {
    #[serde(rename = "traceId")]
    trace_id: String,
    #[serde(rename = "spanId")]
    span_id: String,
    #[serde(rename = "parentSpanId", default)]
    parent_span_id: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default, deserialize_with = "kind")]
    kind: Option<String>,
    #[serde(rename = "startTimeUnixNano", deserialize_with = "nanos")]
    start: i64,
    #[serde(rename = "endTimeUnixNano", deserialize_with = "nanos")]
    end: i64,
    #[serde(default)]
    attributes: Vec<KeyValue>,
}

/// Nanoseconds as a JSON integer or a decimal string, read exactly.
fn nanos<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Nanos {
        Number(u64),
        Text(String),
    }
    let n = match Nanos::deserialize(d)? {
        Nanos::Number(n) => n,
        Nanos::Text(t) => t.trim().parse::<u64>().map_err(de::Error::custom)?,
    };
    i64::try_from(n).map_err(de::Error::custom)
}

/// The span kind as an enum number (0–5) or name (`SPAN_KIND_CLIENT`).
fn kind<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Kind {
        Number(i64),
        Text(String),
    }
    Ok(Some(match Kind::deserialize(d)? {
        Kind::Number(n) => match n {
            1 => "internal",
            2 => "server",
            3 => "client",
            4 => "producer",
            5 => "consumer",
            _ => "unspecified",
        }
        .to_owned(),
        Kind::Text(t) => t,
    }))
}

/// Reads an OTLP/JSON file.
pub fn read(bytes: &[u8]) -> Result<Trace, ImportError> {
    let file: File = serde_json::from_slice(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
        .map_err(|e| json_error(Format::Otlp, bytes, &e))?;
    let mut out = Trace {
        units_per_ms: 1_000_000.0,
        ..Trace::default()
    };
    for rs in file.resource_spans {
        let service = rs
            .resource
            .as_ref()
            .and_then(|r| r.attributes.iter().find(|a| a.key == "service.name"))
            .and_then(|a| a.value.as_ref())
            .and_then(|v| v.string_value.clone());
        for ss in rs.scope_spans {
            let first = out.spans.len();
            out.spans.extend(ss.spans.0);
            for span in &mut out.spans[first..] {
                span.service.clone_from(&service);
            }
        }
    }
    Ok(out)
}
