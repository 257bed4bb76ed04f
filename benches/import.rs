//! Importing a large trace: a generated Jaeger file of 100,000 spans (about
//! 30 MB) — a request fanning out across 50 services, each span with up to
//! four children — parsed, walked and turned into a scenario; against the
//! baseline of a bare typed serde_json parse of the same bytes (the fields
//! an importer needs, nothing done with them), so the import's cost beyond
//! reading JSON is a ratio measured in one run.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use perfcase::import::{self, Options};

/// A Jaeger UI download with `n` spans in one trace: span i's parent is
/// (i − 1) / 4, starts nested inside the parent's interval.
fn jaeger(n: usize) -> Vec<u8> {
    let mut spans = String::with_capacity(n * 320);
    // Intervals: each child gets a quarter of its parent's span.
    let mut interval: Vec<(i64, i64)> = Vec::with_capacity(n);
    for i in 0..n {
        let (start, dur) = if i == 0 {
            (1_733_000_000_000_000_i64, 4_000_000_000_i64)
        } else {
            let p = (i - 1) / 4;
            let slot = ((i - 1) % 4) as i64;
            let (ps, pd) = interval[p];
            let quarter = (pd / 4).max(1);
            (
                ps + slot * quarter + quarter / 10,
                (quarter * 8 / 10).max(1),
            )
        };
        interval.push((start, dur));
        if i > 0 {
            spans.push(',');
        }
        let refs = if i == 0 {
            String::new()
        } else {
            format!(
                r#"{{"refType":"CHILD_OF","traceID":"abc123","spanID":"{:x}"}}"#,
                (i - 1) / 4 + 1
            )
        };
        let _ = write!(
            spans,
            r#"{{"traceID":"abc123","spanID":"{:x}","flags":1,"operationName":"op-{}","references":[{refs}],"startTime":{start},"duration":{dur},"tags":[{{"key":"span.kind","type":"string","value":"{}"}},{{"key":"component","type":"string","value":"grpc"}}],"logs":[],"processID":"p{}"}}"#,
            i + 1,
            i % 97,
            if i % 3 == 0 { "client" } else { "server" },
            i % 50
        );
    }
    let processes: Vec<String> = (0..50)
        .map(|p| format!(r#""p{p}":{{"serviceName":"service-{p}","tags":[]}}"#))
        .collect();
    format!(
        r#"{{"data":[{{"traceID":"abc123","spans":[{spans}],"processes":{{{}}}}}]}}"#,
        processes.join(",")
    )
    .into_bytes()
}

/// The baseline: the spans' fields as typed structs, and nothing more.
mod bare {
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct File {
        pub data: Vec<Trace>,
    }
    #[derive(Deserialize)]
    pub struct Trace {
        pub spans: Vec<Span>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Span {
        #[serde(rename = "traceID")]
        pub trace_id: String,
        #[serde(rename = "spanID")]
        pub span_id: String,
        pub operation_name: String,
        pub references: Vec<Reference>,
        pub start_time: i64,
        pub duration: i64,
        #[serde(rename = "processID")]
        pub process_id: String,
    }
    #[derive(Deserialize)]
    pub struct Reference {
        #[serde(rename = "refType")]
        pub ref_type: String,
        #[serde(rename = "spanID")]
        pub span_id: String,
    }
}

fn bench_import(c: &mut Criterion) {
    let bytes = jaeger(100_000);
    eprintln!("generated Jaeger file: {} bytes", bytes.len());
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("bare_typed_parse_100k_spans", |b| {
        b.iter(|| {
            let file: bare::File = serde_json::from_slice(black_box(&bytes)).expect("parses");
            // Touch every field, so none is optimised away or unread.
            file.data
                .iter()
                .flat_map(|t| &t.spans)
                .map(|s| {
                    let refs: usize = s
                        .references
                        .iter()
                        .map(|r| r.ref_type.len() + r.span_id.len())
                        .sum();
                    s.trace_id.len()
                        + s.span_id.len()
                        + s.operation_name.len()
                        + s.process_id.len()
                        + refs
                        + (s.start_time ^ s.duration) as usize
                })
                .sum::<usize>()
        });
    });
    group.bench_function("jaeger_100k_spans", |b| {
        b.iter(|| {
            let imported = import::import(black_box(&bytes), "big.json", &Options::default())
                .expect("imports");
            imported.scenario(&[], 24)
        });
    });
    group.finish();
}

criterion_group!(benches, bench_import);
criterion_main!(benches);
