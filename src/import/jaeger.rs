//! Jaeger's JSON: the UI's download (`{"data": [trace, …]}`) or one trace
//! object (`{"traceID", "spans", "processes"}`). Times in microseconds;
//! references CHILD_OF (the first one is the parent) or FOLLOWS_FROM; the
//! service from the span's process.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Deserialize;
use serde::de::{IgnoredAny, SeqAccess, Visitor};

use super::trace::{Hint, RawSpan, SpanList, SpanReader, Trace, normalize_id};
use super::{Format, ImportError, json_error};

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    data: Option<Vec<TraceJson>>,
    #[serde(default)]
    spans: Option<Spans>,
    #[serde(default)]
    processes: HashMap<String, Process>,
}

#[derive(Deserialize)]
struct TraceJson {
    #[serde(default)]
    spans: Spans,
    #[serde(default)]
    processes: HashMap<String, Process>,
}

#[derive(Deserialize)]
struct Process {
    #[serde(rename = "serviceName", default)]
    service_name: String,
}

/// A trace's spans, each converted to a [`RawSpan`] as it is read, its
/// `service` holding the process id until the processes are known.
type Spans = SpanList<JaegerSpan>;

/// Reads Jaeger spans for [`SpanList`].
struct JaegerSpan;

impl SpanReader for JaegerSpan {
    fn next<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<RawSpan>, A::Error> {
        Ok(seq.next_element::<SpanJson<'de>>()?.map(SpanJson::into_raw))
    }
}

#[derive(Deserialize)]
struct SpanJson<'a> {
    #[serde(rename = "traceID", borrow)]
    trace_id: Cow<'a, str>,
    #[serde(rename = "spanID", borrow)]
    span_id: Cow<'a, str>,
    #[serde(rename = "operationName", default)]
    operation_name: String,
    #[serde(default, borrow)]
    references: Vec<Reference<'a>>,
    #[serde(rename = "parentSpanID", default, borrow)]
    parent_span_id: Option<Cow<'a, str>>,
    #[serde(rename = "startTime")]
    start_time: i64,
    duration: i64,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
    #[serde(rename = "processID", default)]
    process_id: Option<String>,
}

#[derive(Deserialize)]
struct Reference<'a> {
    #[serde(rename = "refType", default, borrow)]
    ref_type: Cow<'a, str>,
    #[serde(rename = "spanID", borrow)]
    span_id: Cow<'a, str>,
}

#[derive(Deserialize)]
struct Tag<'a> {
    #[serde(borrow)]
    key: Cow<'a, str>,
    #[serde(default, borrow)]
    value: Text<'a>,
}

/// A tag's value when it is a string (all perfcase reads: `span.kind`);
/// numbers, booleans and nested values are skipped without being kept.
#[derive(Default)]
struct Text<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AnyValue<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for AnyValue<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a tag value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Some(Cow::Owned(v.to_owned()))))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Text(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Text(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Text(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Text(None))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Text(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
        }
        d.deserialize_any(AnyValue(std::marker::PhantomData))
    }
}

impl SpanJson<'_> {
    /// The span as the trace walk reads it; `service` holds the process id.
    fn into_raw(self) -> RawSpan {
        let child_of = self
            .references
            .iter()
            .find(|r| r.ref_type.eq_ignore_ascii_case("CHILD_OF"))
            .map(|r| r.span_id.to_ascii_lowercase());
        let follows_from = child_of.is_none()
            && self
                .references
                .iter()
                .any(|r| r.ref_type.eq_ignore_ascii_case("FOLLOWS_FROM"));
        let parent = child_of.or_else(|| {
            self.parent_span_id
                .filter(|p| !p.is_empty() && !follows_from)
                .map(|p| p.to_ascii_lowercase())
        });
        let span_kind = self
            .tags
            .iter()
            .find(|t| t.key == "span.kind")
            .and_then(|t| t.value.0.as_deref());
        let hint = Hint::from_attributes(self.tags.iter().map(|t| t.key.as_ref()), span_kind);
        RawSpan {
            trace_id: normalize_id(&self.trace_id),
            span_id: self.span_id.to_ascii_lowercase(),
            parent,
            follows_from,
            start: self.start_time,
            duration: self.duration,
            service: self.process_id,
            operation: self.operation_name,
            hint,
        }
    }
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
        let first = out.spans.len();
        out.spans.extend(t.spans.0);
        // The process ids become service names now the processes are read.
        for span in &mut out.spans[first..] {
            span.service = span
                .service
                .take()
                .and_then(|p| t.processes.get(&p))
                .map(|p| p.service_name.clone());
        }
    }
    Ok(out)
}
