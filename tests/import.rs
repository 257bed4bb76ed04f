//! Importing traces and profiles: small files written by hand with their
//! critical paths and shares worked out in the comments, one per format,
//! plus the edge cases (concurrent and back-to-back children, deep nesting,
//! clipping, FOLLOWS_FROM, orphans, several traces, cycles, ties), and every
//! real file from public projects in ../shared/data/imports when present.

mod shape;

use std::io::Write as _;
use std::path::Path;

use perfcase::import::{self, Format, ImportError, KindRule, Options};
use perfcase::model::budget::SpanKind;

/// (name, time, kind) of the scenario's spans.
fn spans(bytes: &[u8], options: &Options) -> Vec<(String, f64, SpanKind)> {
    let imported = import::import(bytes, "case", options).unwrap_or_else(|e| panic!("{e}"));
    imported.spans(&options.kinds, options.max_spans).0
}

fn names_and_times(s: &[(String, f64, SpanKind)]) -> Vec<(&str, f64)> {
    s.iter().map(|(n, t, _)| (n.as_str(), *t)).collect()
}

fn err(bytes: &[u8], options: &Options) -> ImportError {
    import::import(bytes, "case", options).expect_err("must not import")
}

/// A Jaeger span: (id, parent, start µs, duration µs, operation, extra JSON).
fn jaeger_span(
    trace: &str,
    id: &str,
    parent: Option<&str>,
    start: i64,
    dur: i64,
    op: &str,
    extra: &str,
) -> String {
    let refs = parent.map_or(String::new(), |p| {
        format!(r#""references":[{{"refType":"CHILD_OF","traceID":"{trace}","spanID":"{p}"}}],"#)
    });
    format!(
        r#"{{"traceID":"{trace}","spanID":"{id}",{refs}"operationName":"{op}","startTime":{start},"duration":{dur},"processID":"p1"{extra}}}"#
    )
}

fn jaeger(spans: &[String]) -> Vec<u8> {
    format!(
        r#"{{"data":[{{"traceID":"t1","spans":[{}],"processes":{{"p1":{{"serviceName":"api"}}}}}}]}}"#,
        spans.join(",")
    )
    .into_bytes()
}

/// The checkout tree. R [0, 100]; A [10, 40] (database) and B [20, 60]
/// (a client call) run concurrently; C [60, 80] starts as B ends; inside
/// C, D [65, 75] and inside D, E [70, 72].
///
/// cp(R, 100): the child ending last by 100 is C (80): R owns [80, 100] = 20.
/// cp(C, 80): D (75): C owns [75, 80] = 5; cp(D, 75): E: D owns [72, 75] = 3;
/// E owns [70, 72] = 2; D owns [65, 70] = 5; C owns [60, 65] = 5. Back in R
/// until 60: B ends at 60 (≤ counts, back to back): R owns nothing there;
/// B owns [20, 60] = 40. Until 20 no child ends (A ends at 40): R owns
/// [0, 20] = 20. A is hidden behind B. Totals: R 40, B 40, C 10, D 8, E 2 = 100.
fn checkout(extra_spans: &[String]) -> Vec<u8> {
    let mut s = vec![
        jaeger_span("t1", "r", None, 1000, 100_000, "GET /checkout", ""),
        jaeger_span(
            "t1",
            "a",
            Some("r"),
            11_000,
            30_000,
            "SELECT orders",
            r#","tags":[{"key":"db.system","type":"string","value":"postgresql"}]"#,
        ),
        jaeger_span(
            "t1",
            "b",
            Some("r"),
            21_000,
            40_000,
            "cache get",
            r#","tags":[{"key":"span.kind","type":"string","value":"client"}]"#,
        ),
        jaeger_span("t1", "c", Some("r"), 61_000, 20_000, "render", ""),
        jaeger_span("t1", "d", Some("c"), 66_000, 10_000, "template", ""),
        jaeger_span("t1", "e", Some("d"), 71_000, 2_000, "escape", ""),
    ];
    s.extend_from_slice(extra_spans);
    jaeger(&s)
}

#[test]
fn the_critical_path_of_concurrent_back_to_back_and_nested_children() {
    let s = spans(&checkout(&[]), &Options::default());
    assert_eq!(
        names_and_times(&s),
        vec![
            ("api: GET /checkout", 40.0),
            ("api: cache get", 40.0),
            ("api: render", 10.0),
            ("api: template", 8.0),
            ("api: escape", 2.0),
        ]
    );
    let kinds: Vec<SpanKind> = s.iter().map(|x| x.2).collect();
    assert_eq!(kinds[1], SpanKind::External, "a client span is external");
    assert!(
        kinds
            .iter()
            .enumerate()
            .all(|(i, k)| i == 1 || *k == SpanKind::OwnCode)
    );
    let total: f64 = s.iter().map(|x| x.1).sum();
    assert_eq!(total, 100.0, "the segments partition the root");
}

#[test]
fn of_two_children_ending_together_the_earlier_starting_one_is_on_the_path() {
    // X [0, 50] and Y [30, 50] both end at 50 inside R [0, 60]: X is taken,
    // R owns [50, 60] = 10, X owns [0, 50] = 50; Y (hidden behind X) owns nothing.
    let bytes = jaeger(&[
        jaeger_span("t1", "r", None, 0, 60, "root", ""),
        jaeger_span("t1", "y", Some("r"), 30, 20, "late", ""),
        jaeger_span("t1", "x", Some("r"), 0, 50, "early", ""),
    ]);
    let s = spans(&bytes, &Options::default());
    assert_eq!(
        names_and_times(&s),
        vec![("api: early", 0.05), ("api: root", 0.01)]
    );
}

#[test]
fn children_are_clipped_to_their_parent_and_dropped_when_wholly_outside() {
    // Z starts 10 ms before R: clipped to [R.start, 30 ms]; W starts exactly
    // at R's end: zero overlap, dropped with its child.
    let extra = [
        jaeger_span("t1", "z", Some("r"), -9_000, 40_000, "early bird", ""),
        jaeger_span("t1", "w", Some("r"), 101_000, 5_000, "after", ""),
        jaeger_span("t1", "w2", Some("w"), 102_000, 1_000, "after child", ""),
    ];
    let imported = import::import(&checkout(&extra), "case", &Options::default()).expect("imports");
    let s = imported.spans(&[], 24).0;
    // Z, clipped to [0, 30 ms] of R, ends after B starts (20 ms): when the
    // walk goes on in R until 20 ms, Z does not end by then and is not taken.
    // The path is the one above.
    let total: f64 = s.iter().map(|x| x.1).sum();
    assert_eq!(total, 100.0);
    let notes = imported.scenario(&[], 24).notes;
    assert!(
        notes.contains("1 span clipped to their parent's interval"),
        "{notes}"
    );
    assert!(
        notes.contains("2 spans dropped (wholly outside their parent: clock skew)"),
        "{notes}"
    );
}

#[test]
fn follows_from_and_orphans_are_left_out_and_counted() {
    let follows = r#"{"traceID":"t1","spanID":"f","references":[{"refType":"FOLLOWS_FROM","traceID":"t1","spanID":"r"}],"operationName":"async job","startTime":5000,"duration":90000,"processID":"p1"}"#.to_owned();
    let orphan = jaeger_span("t1", "o", Some("gone"), 1000, 50_000, "orphan", "");
    let imported = import::import(&checkout(&[follows, orphan]), "case", &Options::default())
        .expect("imports");
    let s = imported.spans(&[], 24).0;
    assert_eq!(s.len(), 5, "the same five groups: {s:?}");
    let notes = imported.scenario(&[], 24).notes;
    assert!(notes.contains("1 span left out (FOLLOWS_FROM)"), "{notes}");
    assert!(
        notes.contains("1 span left out (orphans outside the root's tree)"),
        "{notes}"
    );
}

#[test]
fn the_longest_root_picks_the_trace_and_trace_ids_pick_any() {
    let mut both = String::from_utf8(checkout(&[])).expect("utf-8");
    let second = r#"{"traceID":"00ABC","spans":[{"traceID":"00ABC","spanID":"q","operationName":"small","startTime":0,"duration":50000,"processID":"p1"}],"processes":{"p1":{"serviceName":"other"}}}"#;
    both = both.replacen("{\"data\":[", &format!("{{\"data\":[{second},"), 1);
    let s = spans(both.as_bytes(), &Options::default());
    assert_eq!(
        s[0].0, "api: GET /checkout",
        "the 100 ms root beats the 50 ms one"
    );
    let options = Options {
        trace: Some("abc".into()),
        ..Options::default()
    };
    let s = spans(both.as_bytes(), &options);
    assert_eq!(
        names_and_times(&s),
        vec![("other: small", 50.0)],
        "ids match ignoring case and leading zeros"
    );
    let unknown = Options {
        trace: Some("nope".into()),
        ..Options::default()
    };
    assert!(matches!(
        err(both.as_bytes(), &unknown),
        ImportError::UnknownTrace { .. }
    ));
}

#[test]
fn traces_tied_for_the_longest_root_need_a_choice() {
    let two = format!(
        r#"{{"data":[{{"traceID":"a","spans":[{}],"processes":{{}}}},{{"traceID":"b","spans":[{}],"processes":{{}}}}]}}"#,
        jaeger_span("a", "x", None, 0, 10, "one", ""),
        jaeger_span("b", "y", None, 5, 10, "two", "")
    );
    let e = err(two.as_bytes(), &Options::default());
    assert!(
        e.to_string().contains("several traces tie") && e.to_string().contains("--trace"),
        "{e}"
    );
}

#[test]
fn cycles_and_negative_durations_are_refused_by_span() {
    let cycle = jaeger(&[
        jaeger_span("t1", "r", None, 0, 100, "root", ""),
        jaeger_span("t1", "x", Some("y"), 0, 10, "x", ""),
        jaeger_span("t1", "y", Some("x"), 0, 10, "y", ""),
    ]);
    let e = err(&cycle, &Options::default());
    assert!(
        e.to_string().contains("cycle") && e.to_string().contains("span x"),
        "{e}"
    );
    let negative = jaeger(&[jaeger_span("t1", "r", None, 0, -5, "root", "")]);
    let e = err(&negative, &Options::default());
    assert!(
        e.to_string().contains("span r") && e.to_string().contains("negative"),
        "{e}"
    );
}

#[test]
fn rules_come_first_and_small_groups_merge_per_kind() {
    let options = Options {
        kinds: vec![KindRule::parse("render=Io").expect("rule")],
        max_spans: 2,
        ..Options::default()
    };
    let s = spans(&checkout(&[]), &options);
    // Kept: R (40) and B (40); merged: C is Io by the rule, D and E own code.
    // Each kind merges alone and is placed at its earliest group: C (60), D (65).
    assert_eq!(
        s,
        vec![
            ("api: GET /checkout".to_owned(), 40.0, SpanKind::OwnCode),
            ("api: cache get".to_owned(), 40.0, SpanKind::External),
            ("other (Io)".to_owned(), 10.0, SpanKind::Io),
            ("other (OwnCode)".to_owned(), 10.0, SpanKind::OwnCode),
        ]
    );
}

#[test]
fn kind_rules_split_at_the_last_equals_and_refuse_nonsense() {
    let rule = KindRule::parse("a=b=Database").expect("rule");
    assert!(rule.pattern.is_match("xa=by") && rule.kind == SpanKind::Database);
    assert!(
        KindRule::parse("db=database").is_ok(),
        "kind names ignore case"
    );
    assert!(KindRule::parse("db").is_err());
    assert!(KindRule::parse("(=Io").is_err());
    assert!(KindRule::parse("x=Cache").is_err());
}

#[test]
fn otlp_reads_nanoseconds_exactly_and_any_hex_case() {
    // Times above 2^53 as JSON numbers and strings: 1,000,000,000,000,000,123 ns.
    let otlp = br#"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
      "scopeSpans":[{"spans":[
        {"traceId":"AB","spanId":"0A","name":"POST /pay","kind":2,"startTimeUnixNano":1000000000000000123,"endTimeUnixNano":"1000000000002000123"},
        {"traceId":"ab","spanId":"0B","parentSpanId":"0a","name":"charge","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":"1000000000000500123","endTimeUnixNano":1000000000001500123},
        {"traceId":"ab","spanId":"0C","parentSpanId":"0A","name":"SELECT","kind":3,"startTimeUnixNano":"1000000000001500123","endTimeUnixNano":"1000000000001750123",
         "attributes":[{"key":"db.system.name","value":{"stringValue":"postgresql"}}]}]}]}]}"#;
    // Root 2 ms: SELECT [1.5, 1.75] ends last before 2: root owns [1.75, 2];
    // SELECT 0.25; back until 1.5: charge ends at 1.5 (back to back) = 1 ms;
    // root owns [0, 0.5]. Root 0.75 ms, charge 1, SELECT 0.25.
    let s = spans(otlp, &Options::default());
    assert_eq!(
        s,
        vec![
            ("shop: POST /pay".to_owned(), 0.75, SpanKind::OwnCode),
            ("shop: charge".to_owned(), 1.0, SpanKind::External),
            ("shop: SELECT".to_owned(), 0.25, SpanKind::Database),
        ]
    );
}

#[test]
fn zipkin_puts_the_shared_server_half_under_its_client_half() {
    // Client "call" [10, 90] (id s) in front; its shared server half [20, 80]
    // in service b hangs under it, and b's child "work" [30, 70] under the server half.
    let zipkin = br#"[
      {"traceId":"1","id":"r","name":"request","timestamp":0,"duration":100,"localEndpoint":{"serviceName":"a"},"kind":"SERVER"},
      {"traceId":"1","id":"s","parentId":"r","name":"call","timestamp":10,"duration":80,"localEndpoint":{"serviceName":"a"},"kind":"CLIENT"},
      {"traceId":"1","id":"s","parentId":"r","name":"call","timestamp":20,"duration":60,"localEndpoint":{"serviceName":"b"},"kind":"SERVER","shared":true},
      {"traceId":"1","id":"w","parentId":"s","name":"work","timestamp":30,"duration":40,"localEndpoint":{"serviceName":"b"},"tags":{"sql.query":"select 1"}}
    ]"#;
    // a: request [0,10] + [90,100] = 20 µs; a: call [10,20] + [80,90] = 20;
    // b: call [20,30] + [70,80] = 20; b: work [30,70] = 40 (sql.query alone is not a database).
    let s = spans(zipkin, &Options::default());
    assert_eq!(
        names_and_times(&s),
        vec![
            ("a: request", 0.02),
            ("a: call", 0.02),
            ("b: call", 0.02),
            ("b: work", 0.04)
        ]
    );
    assert_eq!(s[3].2, SpanKind::OwnCode);
    assert_eq!(s[1].2, SpanKind::External);
}

#[test]
fn chrome_takes_the_busiest_thread_with_its_gaps_as_idle() {
    // Thread 1:1 is busy 0–50 and 60–100 (90 µs); thread 1:2 only 0–30.
    // On 1:1: "frame" [0, 50] holds "layout" [10, 30] (an X) and "paint"
    // [30, 45] (a B/E pair); "script" [60, 100]. Idle: [50, 60] = 10 µs.
    let chrome = br#"{"traceEvents":[
      {"ph":"X","name":"frame","ts":0,"dur":50,"pid":1,"tid":1},
      {"ph":"X","name":"layout","ts":10,"dur":20,"pid":1,"tid":1},
      {"ph":"B","name":"paint","ts":30,"pid":1,"tid":1},
      {"ph":"E","ts":45,"pid":1,"tid":1},
      {"ph":"E","ts":46,"pid":1,"tid":1},
      {"ph":"X","name":"script","ts":60,"dur":40,"pid":1,"tid":1},
      {"ph":"X","name":"other thread","ts":0,"dur":30,"pid":1,"tid":2},
      {"ph":"X","name":"no duration","ts":5,"pid":1,"tid":1,"tdur":3}]}"#;
    // frame owns [0,10] + [45,50] = 15; layout 20; paint 15; idle 10; script 40.
    let imported = import::import(chrome, "case", &Options::default()).expect("imports");
    let s = imported.spans(&[], 24).0;
    assert_eq!(
        names_and_times(&s),
        vec![
            ("frame", 0.015),
            ("layout", 0.02),
            ("paint", 0.015),
            ("idle", 0.01),
            ("script", 0.04)
        ]
    );
    assert_eq!(s[3].2, SpanKind::Wait);
    let notes = imported.scenario(&[], 24).notes;
    assert!(
        notes.contains("1 E events with no open B were ignored"),
        "{notes}"
    );
    assert!(
        notes.contains("1 X events without dur were skipped"),
        "{notes}"
    );
}

#[test]
fn speedscope_sampled_profiles_sum_and_can_be_picked() {
    let file = br#"{"$schema":"https://www.speedscope.app/file-format-schema.json",
      "shared":{"frames":[{"name":"main"},{"name":"parse"},{"name":"[unknown]"}]},
      "profiles":[
        {"type":"sampled","name":"one","unit":"milliseconds","startValue":0,"endValue":10,"samples":[[0,1],[0,2],[0,1]],"weights":[3,1,2]},
        {"type":"sampled","name":"two","unit":"milliseconds","startValue":0,"endValue":10,"samples":[[0]],"weights":[4]}]}"#;
    // Summed: parse 5, [unknown] 1, main 4 of 10 → 50 %, 40 %, 10 %.
    let s = spans(file, &Options::default());
    assert_eq!(
        s,
        vec![
            ("parse".to_owned(), 50.0, SpanKind::OwnCode),
            ("main".to_owned(), 40.0, SpanKind::OwnCode),
            ("[unknown]".to_owned(), 10.0, SpanKind::Other),
        ]
    );
    let picked = Options {
        profile: Some("1".into()),
        ..Options::default()
    };
    assert_eq!(
        names_and_times(&spans(file, &picked)),
        vec![("main", 100.0)]
    );
    let unknown = Options {
        profile: Some("three".into()),
        ..Options::default()
    };
    assert!(matches!(
        err(file, &unknown),
        ImportError::UnknownProfile { .. }
    ));
    let mixed = String::from_utf8_lossy(file).replacen(
        "\"unit\":\"milliseconds\"",
        "\"unit\":\"bytes\"",
        1,
    );
    assert!(
        err(mixed.as_bytes(), &Options::default())
            .to_string()
            .contains("different units")
    );
}

#[test]
fn folded_stacks_keep_names_and_mark_kernel_frames() {
    let folded = b"main;serve;json::decode 60\nmain;serve;[kernel.kallsyms] 25\nmain;gc 15\n";
    let s = spans(folded, &Options::default());
    assert_eq!(
        s,
        vec![
            ("json::decode".to_owned(), 60.0, SpanKind::OwnCode),
            ("[kernel.kallsyms]".to_owned(), 25.0, SpanKind::Other),
            ("gc".to_owned(), 15.0, SpanKind::OwnCode),
        ]
    );
}

/// A small pprof profile: functions f1 "compress", f2 "hash"; location 1 →
/// f1 (inlined into f2), location 2 → f2, location 3 without lines.
fn pprof(gzip: bool) -> Vec<u8> {
    use import::pprof::{Function, Line, Location, ProfileProto, Sample, ValueType};
    let strings = [
        "",
        "samples",
        "count",
        "cpu",
        "nanoseconds",
        "compress",
        "hash",
    ];
    let p = ProfileProto {
        sample_type: vec![
            ValueType { r#type: 1, unit: 2 },
            ValueType { r#type: 3, unit: 4 },
        ],
        sample: vec![
            Sample {
                location_id: vec![1, 2],
                value: vec![3, 300],
            },
            Sample {
                location_id: vec![2],
                value: vec![1, 100],
            },
            Sample {
                location_id: vec![3, 2],
                value: vec![1, 600],
            },
        ],
        location: vec![
            Location {
                id: 1,
                line: vec![Line { function_id: 1 }, Line { function_id: 2 }],
            },
            Location {
                id: 2,
                line: vec![Line { function_id: 2 }],
            },
            Location {
                id: 3,
                line: vec![],
            },
        ],
        function: vec![Function { id: 1, name: 5 }, Function { id: 2, name: 6 }],
        string_table: strings.iter().map(|s| (*s).to_owned()).collect(),
    };
    let raw = prost::Message::encode_to_vec(&p);
    if !gzip {
        return raw;
    }
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(&raw).expect("gzip");
    e.finish().expect("gzip")
}

#[test]
fn pprof_takes_the_innermost_function_of_the_leaf_location() {
    // samples: compress 3, hash 1, [unknown] 1 of 5 → 60 %, 20 %, 20 %.
    for gzip in [true, false] {
        let bytes = pprof(gzip);
        assert_eq!(import::detect(&bytes).expect("detects"), Format::Pprof);
        let s = spans(&bytes, &Options::default());
        assert_eq!(
            s,
            vec![
                ("compress".to_owned(), 60.0, SpanKind::OwnCode),
                ("hash".to_owned(), 20.0, SpanKind::OwnCode),
                ("[unknown]".to_owned(), 20.0, SpanKind::Other),
            ]
        );
    }
    // cpu: compress 300, hash 100, [unknown] 600 of 1000.
    let cpu = Options {
        sample_type: Some("cpu".into()),
        ..Options::default()
    };
    assert_eq!(
        names_and_times(&spans(&pprof(true), &cpu)),
        vec![("[unknown]", 60.0), ("compress", 30.0), ("hash", 10.0)]
    );
    let unknown = Options {
        sample_type: Some("alloc".into()),
        ..Options::default()
    };
    assert!(matches!(
        err(&pprof(true), &unknown),
        ImportError::UnknownSampleType { .. }
    ));
}

#[test]
fn a_pprof_of_several_gzip_members_is_read_whole() {
    // `gzip a; gzip b; cat a.gz b.gz` is one gzip file of both: split the
    // profile's bytes anywhere, gzip each half, and the import is the same
    // 60 / 20 / 20 % — not the first member's fragment.
    let raw = pprof(false);
    let member = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).expect("gzip");
        e.finish().expect("gzip")
    };
    let (head, tail) = raw.split_at(raw.len() / 2);
    let two = [member(head), member(tail)].concat();
    assert_eq!(
        spans(&two, &Options::default()),
        spans(&pprof(true), &Options::default())
    );
}

#[test]
fn bad_input_names_what_is_wrong() {
    let cut = &checkout(&[])[..200];
    let e = err(cut, &Options::default());
    assert!(
        e.to_string().contains("not a jaeger file") && e.to_string().contains("byte"),
        "{e}"
    );
    let e = err(b"{\"hello\": 1}", &Options::default());
    assert!(
        e.to_string().contains("tried jaeger, otlp, zipkin, chrome"),
        "{e}"
    );
    let e = err(b"\x00\x01\x02 binary", &Options::default());
    assert!(matches!(e, ImportError::UnknownFormat(_)), "{e}");
    let e = err(b"", &Options::default());
    assert!(e.to_string().contains("empty"), "{e}");
    let e = err(br#"{"data":[]}"#, &Options::default());
    assert!(e.to_string().contains("no spans"), "{e}");
}

#[test]
fn detection_reads_the_content_not_the_name() {
    for (bytes, format) in [
        (checkout(&[]), Format::Jaeger),
        (br#"{"resourceSpans":[]}"#.to_vec(), Format::Otlp),
        (br#"[{"traceId":"1","id":"2"}]"#.to_vec(), Format::Zipkin),
        (br#"[{"ph":"X","ts":1}]"#.to_vec(), Format::Chrome),
        (br#"{"traceEvents":[]}"#.to_vec(), Format::Chrome),
        (
            br#"{"$schema":"https://www.speedscope.app/file-format-schema.json"}"#.to_vec(),
            Format::Speedscope,
        ),
        (b"a;b 1\n".to_vec(), Format::Folded),
    ] {
        assert_eq!(import::detect(&bytes).expect("detects"), format);
    }
}

/// Every real file exported by public projects' tools (see the folder's
/// README) imports, and its budget's total is its root's duration (traces)
/// or 100 % (profiles). A user's clone has no such folder: the test says so
/// and passes.
#[test]
fn real_files_from_public_projects_import() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/imports");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "skipped: {} is absent (it exists only beside the project's CI)",
            dir.display()
        );
        return;
    };
    let mut seen = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        let imported = import::import(&bytes, "real", &Options::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let s = imported.spans(&[], 24).0;
        assert!(!s.is_empty(), "{}", path.display());
        let total: f64 = s.iter().map(|x| x.1).sum();
        let expected = match &imported.source {
            import::Source::Trace(t, w) => w.root_units as f64 / t.units_per_ms,
            import::Source::Profile(_) => 100.0,
        };
        assert!(
            (total - expected).abs() <= 1e-9 * expected,
            "{}: {total} vs {expected}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 4, "only {seen} files");
}

#[test]
fn jaeger_tags_of_any_type_are_read_and_owned_bytes_import_the_same() {
    // Tag values may be numbers, booleans or nested: only keys and a string
    // span.kind matter. R [0, 100] holds A [10, 40], a database call tagged
    // with a numeric db.system, and B [50, 90], a client call.
    let spans = [
        jaeger_span(
            "t1",
            "r",
            None,
            0,
            100,
            "GET /",
            r#","tags":[{"key":"n","value":3},{"key":"b","value":true}]"#,
        ),
        jaeger_span(
            "t1",
            "a",
            Some("r"),
            10,
            30,
            "SELECT",
            r#","tags":[{"key":"db.system","value":1},{"key":"x","value":{"a":[1,2]}}]"#,
        ),
        jaeger_span(
            "t1",
            "b",
            Some("r"),
            50,
            40,
            "charge",
            r#","tags":[{"key":"span.kind","type":"string","value":"client"},{"key":"f","value":1.5}]"#,
        ),
    ];
    let bytes = jaeger(&spans);
    let borrowed = spans_of(import::import(&bytes, "case", &Options::default()));
    let owned = spans_of(import::import_owned(bytes, "case", &Options::default()));
    assert_eq!(borrowed, owned);
    // R owns [0, 10] + [40, 50] + [90, 100] = 30 µs = 0.03 ms; A 0.03; B 0.04.
    assert_eq!(
        borrowed,
        vec![
            ("api: GET /".to_owned(), 0.03, SpanKind::OwnCode),
            ("api: SELECT".to_owned(), 0.03, SpanKind::Database),
            ("api: charge".to_owned(), 0.04, SpanKind::External),
        ]
    );
}

fn spans_of(imported: Result<import::Imported, ImportError>) -> Vec<(String, f64, SpanKind)> {
    imported.unwrap_or_else(|e| panic!("{e}")).spans(&[], 24).0
}

#[test]
fn folded_stacks_behind_a_comment_or_a_huge_first_line_are_recognised() {
    let commented = b"# perf script | stackcollapse-perf.pl\n\nmain;parse 30\nmain;hash 70\n";
    assert_eq!(import::detect(commented).expect("detects"), Format::Folded);
    // A first stack of over 1 MB (deep recursion) still ends in its count.
    let deep = format!("{} 5\nmain;hash 5\n", vec!["frame"; 200_000].join(";"));
    assert!(deep.len() > 1 << 20);
    assert_eq!(
        import::detect(deep.as_bytes()).expect("detects"),
        Format::Folded
    );
    // Neither is text that is not folded stacks.
    assert!(import::detect(b"# just a note\nhello world\n").is_err());
}

#[test]
fn a_gzipped_json_trace_is_told_to_be_decompressed() {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(br#"{"data": [{"traceID": "a", "spans": []}]}"#)
        .expect("gzip");
    let gz = e.finish().expect("gzip");
    let err = import::detect(&gz).expect_err("not pprof").to_string();
    assert!(err.contains("gunzip"), "{err}");
    // A gzipped pprof is still pprof.
    assert_eq!(
        import::detect(&pprof(true)).expect("detects"),
        Format::Pprof
    );
}

/// A badly typed Chrome field is named with its position, in both shapes
/// of the file (a bare array and an object with `traceEvents`).
#[test]
fn a_badly_typed_chrome_field_is_placed_by_line_and_column() {
    let chrome = Options {
        format: Some(Format::Chrome),
        ..Options::default()
    };
    // `"zz"` ends at character 46 of the line: 45 characters precede its end.
    let object = br#"{"traceEvents":[{"name":"a","ph":"X","ts":"zz","dur":5,"pid":1,"tid":1}]}"#;
    let e = err(object, &chrome).to_string();
    assert!(e.contains("line 1, column 46"), "{e}");
    assert!(e.contains("\"zz\""), "{e}");
    assert!(!e.contains("untagged"), "{e}");
    // The array form, on line 2: `"5"` ends at character 37 of it.
    let array = b"[\n{\"name\":\"a\",\"ph\":\"X\",\"ts\":1,\"dur\":\"5\",\"pid\":1,\"tid\":1}]";
    let e = err(array, &chrome).to_string();
    assert!(e.contains("line 2, column 37"), "{e}");
    // An object without events says so.
    let e = err(br#"{"otherData": {}}"#, &chrome).to_string();
    assert!(e.contains("missing field `traceEvents`"), "{e}");
    // Keys besides traceEvents are skipped, in any order.
    let both = br#"{"displayTimeUnit":"ms","traceEvents":[{"ph":"X","name":"a","ts":0,"dur":7,"pid":1,"tid":1}],"otherData":{"x":[1,2]}}"#;
    let s = spans(both, &chrome);
    assert_eq!(names_and_times(&s), vec![("a", 0.007)]);
}

/// Empty protobuf entries (tag and a zero length: 2 bytes) of field `tag`,
/// `n` of them, after a header with one sample type and its strings.
fn pprof_of_empty(tag: u8, n: usize) -> Vec<u8> {
    // sample_type {type: 1, unit: 2}; strings "", "cpu", "nanoseconds".
    let mut raw = vec![0x0a, 4, 0x08, 1, 0x10, 2, 0x32, 0, 0x32, 3];
    raw.extend_from_slice(b"cpu");
    raw.extend_from_slice(&[0x32, 11]);
    raw.extend_from_slice(b"nanoseconds");
    raw.extend(std::iter::repeat_n([tag << 3 | 2, 0], n).flatten());
    raw
}

/// A small gzip of millions of empty samples (a gzip bomb) is refused by
/// how far it decompresses, with the limit in the message; millions of
/// empty locations (each 2 bytes, tens decoded) by what their table would
/// take; and millions of samples within the limits are summed as they are
/// read, not kept.
#[test]
fn a_pprof_that_decodes_to_far_more_than_its_size_is_refused_by_its_limit() {
    let pprof_only = Options {
        format: Some(Format::Pprof),
        ..Options::default()
    };
    // 40M empty samples: 80 MB, past 64 MiB + 16 × its ~80 kB gzipped.
    let raw = pprof_of_empty(2, 40_000_000);
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(&raw).expect("gzip");
    let bomb = e.finish().expect("gzip");
    assert!(bomb.len() < 1_000_000, "{} bytes gzipped", bomb.len());
    let msg = err(&bomb, &pprof_only).to_string();
    assert!(msg.contains("decompresses to more than"), "{msg}");
    assert!(
        msg.contains("64 MiB plus 16 times its gzipped size"),
        "{msg}"
    );
    // 3M empty locations: 6 MB of protobuf; 64 bytes each decoded (the
    // struct, doubled for growth) is 192 MB, past 128 MiB + 12 MB.
    let msg = err(&pprof_of_empty(4, 3_000_000), &pprof_only).to_string();
    assert!(
        msg.contains("locations, functions and strings would take more than"),
        "{msg}"
    );
    // 2M samples of an empty stack, within every limit: one [unknown] leaf.
    let mut many = pprof_of_empty(2, 0);
    let sample = [0x12, 2, 0x10, 5]; // value: [5]
    many.extend(std::iter::repeat_n(sample, 2_000_000).flatten());
    let imported = import::import(&many, "many", &pprof_only).expect("imports");
    let (s, _) = imported.spans(&[], 24);
    assert_eq!(names_and_times(&s), vec![("[unknown]", 100.0)]);
    assert!(imported.scenario(&[], 24).notes.contains("2000000 samples"));
}

/// speedscope's evented profiles: the frame on top runs between events; a
/// close of a frame ends it and everything opened inside it; a close of a
/// frame that is not open changes nothing.
#[test]
fn speedscope_evented_profiles_close_frames_as_a_stack() {
    // main opens at 0; parse at 2; lex at 3; "C main" at 6 closes lex,
    // parse and main; "C lex" at 7 (not open) is ignored; main again 8–10.
    // main: 0–2 and 8–10 = 4; parse: 2–3 = 1; lex: 3–6 = 3 → 50, 12.5, 37.5 %.
    let file = br#"{"shared":{"frames":[{"name":"main"},{"name":"parse"},{"name":"lex"}]},
      "profiles":[{"type":"evented","name":"e","unit":"milliseconds","startValue":0,"endValue":10,
        "events":[{"type":"O","frame":0,"at":0},{"type":"O","frame":1,"at":2},
          {"type":"O","frame":2,"at":3},{"type":"C","frame":0,"at":6},
          {"type":"C","frame":2,"at":7},{"type":"O","frame":0,"at":8},
          {"type":"X","frame":0,"at":9},{"type":"C","frame":0,"at":10}]}]}"#;
    let s = spans(file, &Options::default());
    assert_eq!(
        names_and_times(&s),
        vec![("main", 50.0), ("lex", 37.5), ("parse", 12.5)]
    );
}

/// A deep stack followed by many closes of a frame that is not open: each
/// close once scanned the whole stack (quadratic: 2 s for a 9 MB file).
/// 4× the events may take about 4× as long, not 16× (the best of three
/// runs each, in one run of the test).
#[test]
fn speedscope_closes_of_frames_not_open_take_linear_time() {
    let file = |n: usize| {
        let mut events = Vec::with_capacity(2 * n);
        for i in 0..n {
            events.push(format!(r#"{{"type":"O","frame":{},"at":{i}}}"#, i % 2));
        }
        for _ in 0..n {
            events.push(format!(r#"{{"type":"C","frame":2,"at":{n}}}"#));
        }
        format!(
            r#"{{"shared":{{"frames":[{{"name":"a"}},{{"name":"b"}},{{"name":"c"}}]}},"profiles":[{{"type":"evented","name":"e","unit":"none","startValue":0,"endValue":{n},"events":[{}]}}]}}"#,
            events.join(",")
        )
        .into_bytes()
    };
    let time = |n: usize| {
        let bytes = file(n);
        shape::best_of_three(
            || spans(&bytes, &Options::default()),
            // a and b alternate on top for n − 1 units: about half each.
            |s| assert_eq!(s.len(), 2),
        )
    };
    shape::assert_linear("4× the events", time(20_000), time(80_000));
}

/// A profile with more functions than spans kept: the largest stay (ties:
/// the first seen), the rest are summed per kind into "other (Kind)".
#[test]
fn a_profile_past_the_span_limit_keeps_the_largest_and_sums_the_rest_per_kind() {
    // f1…f8 weigh 1…8; f8b ties f8 at 8 but comes later; k1 (own code:
    // its leaf is not a kernel frame) weighs 3, the leaf
    // "[kernel.kallsyms]" (Other) 4. Total 36 + 8 + 3 + 4 = 51. Keep 4:
    // f8, f8b, f7, f6 (8, 8, 7, 6); the rest: own code f1…f5 + k1 = 18,
    // Other 4.
    let mut text = String::new();
    for w in 1..=8 {
        text.push_str(&format!("main;f{w} {w}\n"));
    }
    text.push_str("main;f8b 8\nmain;[kernel.kallsyms];k1 3\nmain;[kernel.kallsyms] 4\n");
    let options = Options {
        max_spans: 4,
        ..Options::default()
    };
    let imported = import::import(text.as_bytes(), "p.folded", &options).expect("imports");
    let (s, merged) = imported.spans(&[], 4);
    let got: Vec<(&str, f64)> = s.iter().map(|(n, t, _)| (n.as_str(), *t)).collect();
    let pct = |w: f64| 100.0 * w / 51.0;
    let expected = vec![
        ("other (OwnCode)", pct(18.0)),
        ("f8", pct(8.0)),
        ("f8b", pct(8.0)),
        ("f7", pct(7.0)),
        ("f6", pct(6.0)),
        ("other (Other)", pct(4.0)),
    ];
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for ((name, share), (want_name, want)) in got.iter().zip(&expected) {
        assert_eq!(name, want_name, "{got:?}");
        assert!((share - want).abs() < 1e-9, "{name}: {share} vs {want}");
    }
    assert_eq!(merged, 7, "f1…f5, k1 and the kernel frame");
}

/// A folded profile of many distinct functions imports in linear time and
/// names only the functions it keeps: 4× the lines may take about 4× as
/// long, not 16× (best of three, one run of the test).
#[test]
fn many_distinct_folded_stacks_import_in_linear_time() {
    let time = |n: usize| {
        let text: String = (0..n)
            .map(|i| format!("main;fn_{i} {}\n", 1 + i % 7))
            .collect();
        shape::best_of_three(
            || spans(text.as_bytes(), &Options::default()),
            |s| assert_eq!(s.len(), 24 + 1, "24 kept and one other (OwnCode)"),
        )
    };
    shape::assert_linear("4× the stacks", time(50_000), time(200_000));
}

/// A Jaeger trace whose spans form one long parent chain, each child
/// inside its parent: `n` spans.
fn chain(n: usize) -> Vec<u8> {
    let spans: Vec<String> = (0..n)
        .map(|i| {
            let refs = if i == 0 {
                String::new()
            } else {
                format!(r#"{{"refType":"CHILD_OF","traceID":"t","spanID":"{i:x}"}}"#)
            };
            format!(
                r#"{{"traceID":"t","spanID":"{:x}","operationName":"op{}","references":[{refs}],"startTime":{},"duration":{},"processID":"p"}}"#,
                i + 1,
                i % 10,
                1000 + i,
                10 * n - 2 * i
            )
        })
        .collect();
    format!(
        r#"{{"data":[{{"traceID":"t","spans":[{}],"processes":{{"p":{{"serviceName":"s"}}}}}}]}}"#,
        spans.join(",")
    )
    .into_bytes()
}

/// Deep parent chains and large Chrome traces import in linear time (a
/// 1M-deep chain once took 19 s): 4× the spans may take about 4× as long,
/// not 16× (best of three, one run of the test).
#[test]
fn deep_chains_and_chrome_traces_import_in_linear_time() {
    let best = |bytes: &[u8]| shape::best_of_three(|| spans(bytes, &Options::default()), drop);
    shape::assert_linear(
        "a 4× deeper chain",
        best(&chain(10_000)),
        best(&chain(40_000)),
    );
    let chrome = |n: usize| {
        let events: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"ph":"X","name":"f{}","ts":{},"dur":5,"pid":1,"tid":{}}}"#,
                    i % 300,
                    6 * i,
                    i % 3
                )
            })
            .collect();
        format!(r#"{{"traceEvents":[{}]}}"#, events.join(",")).into_bytes()
    };
    shape::assert_linear(
        "a 4× larger Chrome trace",
        best(&chrome(20_000)),
        best(&chrome(80_000)),
    );
}
