//! A short fuzz of every parser on each test run (the long one is
//! `cargo run --release --example fuzz`, see the README's Reliability
//! section), and the inputs the fuzzer found, kept as regression tests.

#[path = "../fuzz/mod.rs"]
mod fuzz;

use std::time::Duration;

use fuzz::engine::{self, Kind, Settings, Target, Verdict};

/// Inputs per target in the suite: the scenario target evaluates, charts
/// and re-saves what it accepts, so it gets fewer.
fn inputs(target: &str) -> u64 {
    match target {
        "scenario" => 6_000,
        "usl-csv" => 3_000,
        _ => 20_000,
    }
}

#[test]
fn a_short_fuzz_of_every_parser_finds_nothing() {
    engine::quiet_panics();
    let crashers = std::env::temp_dir().join(format!("perfcase-fuzz-{}", std::process::id()));
    let mut problems = Vec::new();
    for target in fuzz::targets::all() {
        let settings = Settings {
            inputs: inputs(target.name),
            seed: 20_261_201,
            threads: 2,
            // Debug builds are slow; a hang is an input that never ends.
            time_limit: Duration::from_secs(60),
            crashers: crashers.clone(),
        };
        let report = engine::run(&target, &settings);
        assert_eq!(report.inputs, settings.inputs, "{}", target.name);
        // The mutator must reach both sides of every parser.
        assert!(
            report.accepted > report.inputs / 100 && report.rejected > report.inputs / 10,
            "{}: {} accepted, {} refused of {}",
            target.name,
            report.accepted,
            report.rejected,
            report.inputs
        );
        for f in &report.failures {
            problems.push(format!(
                "{} {:?}: {} — {}",
                target.name,
                f.kind,
                f.message,
                engine::describe(target.name, f.file.as_deref())
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn target(name: &str) -> Target {
    fuzz::targets::all()
        .into_iter()
        .find(|t| t.name == name)
        .expect("a target of that name")
}

/// What the target makes of `input`: accepted, refused, or the failure.
fn verdict(name: &str, input: &[u8]) -> Result<bool, (Kind, String)> {
    engine::check(&target(name), input).map(|v| matches!(v, Verdict::Accepted))
}

#[test]
fn the_harness_reports_a_panic_and_a_broken_property() {
    engine::quiet_panics();
    let panics = Target {
        name: "panics",
        seeds: vec![b"x".to_vec()],
        run: |bytes| {
            assert!(bytes.len() > 1_000_000, "short input");
            Ok(Verdict::Accepted)
        },
    };
    let (kind, message) = engine::check(&panics, b"abc").err().expect("a failure");
    assert_eq!(kind, Kind::Panic);
    assert!(message.contains("short input"), "{message}");
    let broken = Target {
        name: "broken",
        seeds: vec![b"x".to_vec()],
        run: |_| Err("NaN".into()),
    };
    let (kind, _) = engine::check(&broken, b"abc").err().expect("a failure");
    assert_eq!(kind, Kind::Violation);
    // And a run saves the failing inputs with a replay command.
    let dir = tempfile::tempdir().expect("temp dir");
    let report = engine::run(
        &panics,
        &Settings {
            inputs: 50,
            seed: 1,
            threads: 2,
            time_limit: Duration::from_secs(60),
            crashers: dir.path().to_owned(),
        },
    );
    assert_eq!(report.failed, 50);
    let saved = report.failures[0].file.as_ref().expect("saved");
    assert!(saved.starts_with(dir.path()));
    assert!(
        saved
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("panics-panic-"))
    );
    assert!(engine::describe("panics", Some(saved)).contains("--replay panics"));
}

// Found by the fuzzer (each was a failure before its fix).

#[test]
fn a_chrome_event_at_the_end_of_time_is_refused_not_overflowed() {
    // ts + dur overflowed an i64 of nanoseconds (a panic in debug builds).
    let input = br#"{"traceEvents": [
        {"name": "a", "ph": "X", "ts": 9.2e15, "dur": 9.2e15, "pid": 1, "tid": 1},
        {"name": "b", "ph": "X", "ts": 0, "dur": 10, "pid": 1, "tid": 1}]}"#;
    assert_eq!(verdict("chrome", input), Ok(false));
}

#[test]
fn a_trace_whose_root_lasts_zero_is_refused() {
    // The critical path was empty and the budget had no spans (invalid).
    let input = br#"[{"traceId": "1", "id": "r", "name": "request", "timestamp": 0, "duration": 0,
        "localEndpoint": {"serviceName": "a"}, "kind": "SERVER"},
        {"traceId": "1", "id": "s", "parentId": "r", "name": "call", "timestamp": 10,
        "duration": 80, "localEndpoint": {"serviceName": "a"}, "kind": "CLIENT"}]"#;
    assert_eq!(verdict("zipkin", input), Ok(false));
    let err = perfcase::import::import(input, "t.json", &Default::default()).expect_err("refused");
    assert!(err.to_string().contains("lasts 0"), "{err}");
}

#[test]
fn a_trace_timestamp_near_the_largest_integer_is_refused() {
    // timestamp + duration saturated, so the root lasted 0.
    let input = br#"[{"traceId": "1", "id": "r", "name": "request",
        "timestamp": 9223372036854775807, "duration": 100, "kind": "SERVER"},
        {"traceId": "1", "id": "s", "parentId": "r", "name": "call", "timestamp": 10,
        "duration": 80, "kind": "CLIENT"}]"#;
    assert_eq!(verdict("zipkin", input), Ok(false));
}

#[test]
fn folded_counts_near_the_largest_number_give_finite_shares() {
    // 100 · 1e308 overflowed before dividing by the total: a span of inf %.
    assert_eq!(verdict("folded", b"a;b 1e308\na;c 1e307\n"), Ok(true));
    let imported = perfcase::import::import(b"a;b 1e308\na;c 1e307\n", "x", &Default::default())
        .expect("imports");
    let (spans, _) = imported.spans(&[], 24);
    // b: 1e308 / 1.1e308 = 90.909 %, c: 9.0909 %.
    assert!((spans[0].1 - 100.0 / 1.1).abs() < 1e-9, "{spans:?}");
    assert!((spans[1].1 - 10.0 / 1.1).abs() < 1e-9, "{spans:?}");
    // Weights that add up past the largest number are refused.
    assert_eq!(verdict("folded", b"a;b 1.5e308\na;c 1.5e308\n"), Ok(false));
}

#[test]
fn negative_profile_values_are_not_time() {
    // pprof values may be negative (a diff profile's savings): they made
    // the positive shares sum past 100 % (or the total 0, every span 0 %).
    use perfcase::import::profile::Profile;
    let mut profile = Profile::default();
    for (name, weight) in [("b", 30.0), ("c", -10.0), ("d", 10.0)] {
        profile.add(name, weight);
    }
    let (spans, _) = profile.check().expect("has weight").budget_spans(&[], 24);
    assert_eq!(
        spans
            .iter()
            .map(|s| (s.0.as_str(), s.1))
            .collect::<Vec<_>>(),
        vec![("b", 75.0), ("d", 25.0)]
    );
    let mut cancelled = Profile::default();
    cancelled.add("x", -5.0);
    assert!(cancelled.check().is_err());
}

#[test]
fn usl_csv_points_obey_the_scenario_rules() {
    // Huge or negative points passed the reader; the fit then gave NaN R².
    for bad in [
        "n,x\n1,1e300\n2,5\n",
        "n,x\n-1,10\n2,5\n",
        "n,x\n1,-10\n2,5\n",
        "n,x\n0,10\n2,5\n",
    ] {
        assert_eq!(verdict("usl-csv", bad.as_bytes()), Ok(false), "{bad}");
    }
    let err = perfcase::model::load::points_from_csv("n,x\n1,10\n2,1e16\n").expect_err("refused");
    assert!(err.starts_with("line 3:"), "{err}");
    assert_eq!(verdict("usl-csv", b"n,x\n1,10\n2,19\n4,30\n"), Ok(true));
}

#[test]
fn a_build_of_a_subnormal_number_of_months_gives_a_finite_npv() {
    // C / B overflowed to ∞ for B = 1e-320 and the NPV became NaN. With no
    // discounting, a build that short is a build of 0: the same NPV.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/pricing-payback.ron");
    let mut scenario = perfcase::scenario_file::load(&path).expect("sample");
    let p = scenario.payback.as_mut().expect("payback");
    assert_eq!(p.annual_discount_rate.point(), 0.0);
    p.build_months = perfcase::model::Quantity::Value(0.0);
    let instant = perfcase::model::evaluate(&scenario)
        .payback
        .expect("payback")
        .npv;
    scenario.payback.as_mut().expect("payback").build_months =
        perfcase::model::Quantity::Value(1e-320);
    let text = perfcase::scenario_file::to_string(&scenario);
    assert_eq!(verdict("scenario", text.as_bytes()), Ok(true));
    let npv = perfcase::model::evaluate(&scenario)
        .payback
        .expect("payback")
        .npv;
    assert!(
        (npv - instant).abs() <= 1e-9 * instant.abs(),
        "{npv} vs {instant}"
    );
}

#[test]
fn a_long_value_in_a_json_error_is_cut_short() {
    // serde_json quotes the offending value whole: this input (found by the
    // fuzzer) has a 10,000-character string where a trace object belongs,
    // and made a 10 KB error message.
    let input = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/fuzz/zipkin-long-string.json"),
    )
    .expect("fixture");
    assert_eq!(verdict("zipkin", &input), Ok(false));
    let zipkin = perfcase::import::Options {
        format: Some(perfcase::import::Format::Zipkin),
        ..Default::default()
    };
    let err = perfcase::import::import(&input, "t.json", &zipkin)
        .expect_err("refused")
        .to_string();
    assert!(err.len() < 300, "{} bytes: {err}", err.len());
    assert!(err.contains(" characters)"), "{err}");
    assert!(err.contains("line 1, column 10382 (byte 10381)"), "{err}");
    // serde_json's own "at line … column …" is not repeated.
    assert!(!err.contains(" at line "), "{err}");
}
