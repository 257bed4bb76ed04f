//! The Chrome trace event format (chrome://tracing, Perfetto's JSON export):
//! a JSON array of events or an object with `traceEvents`. Complete events
//! (`X`, with `dur`) and `B`/`E` pairs become spans named by the event name;
//! threads are (pid, tid); the busiest thread (most time covered by its
//! events) is the trace. Its root, named `idle` and of kind Wait, spans the
//! thread's first start to its last end, so the gaps between events show as
//! idle time. Each event's parent is the innermost event of the same thread
//! that encloses it; of two events with the same interval the later in the
//! file is the child. Times in microseconds (fractional ones kept, as ns).

use std::collections::HashMap;

use serde::Deserialize;

use super::names::Names;
use super::trace::{Hint, RawSpan, Trace};
use super::{Format, ImportError, json_error};

/// The phases perfcase reads: a complete event, a begin, an end.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Complete,
    Begin,
    End,
}

/// An event as kept: 32 bytes, its name and thread interned. Events of
/// other phases or without a time are dropped as they are read.
struct Compact {
    phase: Phase,
    name: u32,
    thread: u32,
    ts: f64,
    dur: Option<f64>,
}

/// The file's events and their strings: a top-level array, or an object's
/// `traceEvents` (its other keys skipped). Told apart by the first
/// character rather than `#[serde(untagged)]`, which buffers the whole
/// document before trying each shape (memory on large files) and then
/// reports "did not match any variant" with no position; read this way, a
/// badly typed field is named with its line and column, and each event is
/// made [`Compact`] as it is read.
struct File {
    events: Vec<Compact>,
    strings: Names,
}

/// Reads a list of events, compacting each.
fn compact_events<'de, A: serde::de::SeqAccess<'de>>(
    mut seq: A,
    strings: &mut Names,
) -> Result<Vec<Compact>, A::Error> {
    let mut events = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
    while let Some(e) = seq.next_element::<Event>()? {
        let phase = match e.ph.as_str() {
            "X" => Phase::Complete,
            "B" => Phase::Begin,
            "E" => Phase::End,
            _ => continue,
        };
        let Some(ts) = e.ts else { continue };
        let (thread, _) = strings.intern(&thread_key(&e));
        events.push(Compact {
            phase,
            name: strings.intern(&e.name).0,
            thread,
            ts,
            dur: e.dur,
        });
    }
    Ok(events)
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// `traceEvents`' value, read into the file's strings.
        struct List<'s>(&'s mut Names);
        impl<'de> serde::de::DeserializeSeed<'de> for List<'_> {
            type Value = Vec<Compact>;
            fn deserialize<D: serde::Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Vec<Compact>, D::Error> {
                d.deserialize_seq(self)
            }
        }
        impl<'de> serde::de::Visitor<'de> for List<'_> {
            type Value = Vec<Compact>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of trace events")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Vec<Compact>, A::Error> {
                compact_events(seq, self.0)
            }
        }
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = File;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of trace events or an object with `traceEvents`")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<File, A::Error> {
                let mut strings = Names::default();
                let events = compact_events(seq, &mut strings)?;
                Ok(File { events, strings })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<File, A::Error> {
                let mut strings = Names::default();
                let mut events = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key == "traceEvents" {
                        if events.is_some() {
                            return Err(serde::de::Error::duplicate_field("traceEvents"));
                        }
                        events = Some(map.next_value_seed(List(&mut strings))?);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                let events =
                    events.ok_or_else(|| serde::de::Error::missing_field("traceEvents"))?;
                Ok(File { events, strings })
            }
        }
        d.deserialize_any(Either)
    }
}

#[derive(Deserialize)]
struct Event {
    #[serde(default)]
    ph: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    ts: Option<f64>,
    #[serde(default)]
    dur: Option<f64>,
    #[serde(default)]
    pid: serde_json::Value,
    #[serde(default)]
    tid: serde_json::Value,
}

/// An interval on one thread, in ns; its name interned.
struct Interval {
    name: u32,
    start: i64,
    end: i64,
    order: usize,
}

/// Microseconds as ns, clamped to ±4.6e18 (146 years) so that sums and
/// differences of two times never overflow; the trace walk refuses times
/// that large with a message.
fn nanos(us: f64) -> i64 {
    (us * 1000.0).round().clamp(-4.6e18, 4.6e18) as i64
}

fn thread_key(e: &Event) -> String {
    let part = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "0".to_owned(),
        other => other.to_string(),
    };
    format!("{}:{}", part(&e.pid), part(&e.tid))
}

/// Reads a Chrome trace: the busiest thread as one trace.
pub fn read(bytes: &[u8]) -> Result<Trace, ImportError> {
    let file: File = serde_json::from_slice(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
        .map_err(|e| json_error(Format::Chrome, bytes, &e))?;
    let File { events, strings } = file;
    // Per thread (by its interned key): its intervals, and its open B events.
    let mut threads: Vec<(u32, Vec<Interval>)> = Vec::new();
    let mut thread_of: HashMap<u32, usize> = HashMap::new();
    let mut open: HashMap<u32, Vec<(u32, i64, usize)>> = HashMap::new();
    let (mut no_dur, mut stray_end, mut negative) = (0, 0, 0);
    for (order, e) in events.iter().enumerate() {
        let key = e.thread;
        let t = *thread_of.entry(key).or_insert_with(|| {
            threads.push((key, Vec::new()));
            threads.len() - 1
        });
        let ts = e.ts;
        match e.phase {
            Phase::Complete => match e.dur {
                Some(dur) if dur >= 0.0 => threads[t].1.push(Interval {
                    name: e.name,
                    start: nanos(ts),
                    end: nanos(ts).saturating_add(nanos(dur)),
                    order,
                }),
                Some(_) => negative += 1,
                None => no_dur += 1,
            },
            Phase::Begin => open
                .entry(key)
                .or_default()
                .push((e.name, nanos(ts), order)),
            Phase::End => match open.get_mut(&key).and_then(Vec::pop) {
                Some((name, start, order)) => {
                    if nanos(ts) < start {
                        negative += 1;
                    } else {
                        threads[t].1.push(Interval {
                            name,
                            start,
                            end: nanos(ts),
                            order,
                        });
                    }
                }
                None => stray_end += 1,
            },
        }
    }
    drop(events);
    if negative > 0 {
        return Err(ImportError::Invalid(format!(
            "{negative} events have a negative duration (or an E before its B)"
        )));
    }
    let unclosed: usize = open.values().map(Vec::len).sum();
    // The busiest thread: the most time covered by the union of its events.
    let busy = |intervals: &[Interval]| -> i64 {
        let mut spans: Vec<(i64, i64)> = intervals.iter().map(|i| (i.start, i.end)).collect();
        spans.sort_unstable();
        let (mut total, mut reach) = (0i64, i64::MIN);
        for (s, e) in spans {
            if e > reach {
                total = total.saturating_add(e - s.max(reach));
                reach = e;
            }
        }
        total
    };
    let mut best: Option<(usize, i64)> = None;
    for (t, (_, intervals)) in threads.iter().enumerate() {
        if intervals.is_empty() {
            continue;
        }
        let b = busy(intervals);
        if best.is_none_or(|(_, most)| b > most) {
            best = Some((t, b));
        }
    }
    let Some((t, _)) = best else {
        return Err(ImportError::Empty(
            "no complete events (X with dur, or B/E pairs)".into(),
        ));
    };
    let (key, mut intervals) = (
        strings.get(threads[t].0).to_owned(),
        std::mem::take(&mut threads[t].1),
    );
    // Enclosing first: by start, then longest, then file order (the later
    // of two equal intervals becomes the child).
    intervals.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.order.cmp(&b.order))
    });
    let first = intervals.iter().map(|i| i.start).min().unwrap_or(0);
    let last = intervals.iter().map(|i| i.end).max().unwrap_or(0);
    let mut out = Trace {
        units_per_ms: 1_000_000.0,
        ..Trace::default()
    };
    out.spans.push(RawSpan {
        trace_id: key.clone(),
        span_id: "idle".into(),
        parent: None,
        follows_from: false,
        start: first,
        duration: last.saturating_sub(first),
        service: None,
        operation: "idle".into(),
        hint: Hint::Wait,
    });
    let mut stack: Vec<(usize, i64)> = Vec::new();
    for (k, i) in intervals.iter().enumerate() {
        while stack.last().is_some_and(|&(_, end)| end < i.end) {
            stack.pop();
        }
        let parent = stack
            .last()
            .map_or_else(|| "idle".to_owned(), |&(p, _)| p.to_string());
        out.spans.push(RawSpan {
            trace_id: key.clone(),
            span_id: k.to_string(),
            parent: Some(parent),
            follows_from: false,
            start: i.start,
            duration: i.end.saturating_sub(i.start),
            service: None,
            operation: strings.get(i.name).to_owned(),
            hint: Hint::None,
        });
        stack.push((k, i.end));
    }
    out.notes.push(format!(
        "thread {key}, the busiest of {} threads",
        threads.iter().filter(|(_, i)| !i.is_empty()).count().max(1)
    ));
    for (count, why) in [
        (no_dur, "X events without dur were skipped"),
        (stray_end, "E events with no open B were ignored"),
        (unclosed, "B events never closed were dropped"),
    ] {
        if count > 0 {
            out.notes.push(format!("{count} {why}"));
        }
    }
    Ok(out)
}
