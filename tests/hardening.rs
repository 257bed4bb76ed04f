//! Hostile input found by hand and by the fuzzer, each a regression test:
//! huge server counts, numbers that overflow, byte-order marks, invalid
//! UTF-8, fractions for whole numbers, endless files, undrawable charts,
//! and the temporaries a killed process leaves behind.

mod shape;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use perfcase::model::{self, evaluate};
use perfcase::scenario_file::{self, FileError};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn perfcase(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_perfcase"))
        .args(args)
        .output()
        .expect("perfcase runs")
}

/// `sample` with `from` replaced by `to`, written into `dir` as `name`.
fn edited(dir: &Path, sample_name: &str, from: &str, to: &str, name: &str) -> PathBuf {
    let text = std::fs::read_to_string(sample(sample_name)).expect("sample");
    assert!(text.contains(from), "{sample_name} has no {from:?}");
    let path = dir.join(name);
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    path
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn four_billion_servers_are_refused_by_name_and_a_million_evaluate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let huge = edited(
        dir.path(),
        "chat-analytics-load.ron",
        "servers: 2400,",
        "servers: 4294967295,",
        "huge.ron",
    );
    let out = perfcase(&["eval", huge.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // The line and column of the value, the field, the bound.
    let line = servers_line();
    assert!(err.contains(&format!("huge.ron:{line}:")), "{err}");
    assert!(err.contains("load.queue.servers"), "{err}");
    assert!(err.contains("at most 10,000,000 servers"), "{err}");
    // A million servers is allowed and evaluates (it used to take ~12 s;
    // the figure is in the README, measured, not asserted here).
    let million = edited(
        dir.path(),
        "chat-analytics-load.ron",
        "servers: 2400,",
        "servers: 1000000,",
        "million.ron",
    );
    let scenario = scenario_file::load(&million).expect("a million servers load");
    let queue = evaluate(&scenario)
        .load
        .and_then(|l| l.queue)
        .expect("queue");
    // 4,000,000 req/s offered to 1,000,000 servers of 200 ms each: ρ = 0.8,
    // far from saturation, so waiting is negligible and p99 ≈ service time.
    let q = scenario
        .load
        .as_ref()
        .and_then(|l| l.queue.as_ref())
        .expect("queue");
    assert_eq!(q.servers, 1_000_000);
    assert!(
        queue.utilization > 0.0 && queue.utilization < 1.0,
        "{queue:?}"
    );
}

/// The 1-based line of `servers:` in the chat-analytics sample.
fn servers_line() -> usize {
    include_str!("../samples/chat-analytics-load.ron")
        .lines()
        .position(|l| l.contains("servers: 2400,"))
        .expect("a servers line")
        + 1
}

#[test]
fn a_fraction_of_a_server_says_whole_number() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = edited(
        dir.path(),
        "chat-analytics-load.ron",
        "servers: 2400,",
        "servers: 2400.5,",
        "half.ron",
    );
    let err = stderr(&perfcase(&["eval", file.to_str().expect("utf-8")]));
    assert!(
        err.contains(&format!("half.ron:{}:", servers_line())),
        "{err}"
    );
    assert!(err.contains("`servers` must be a whole number"), "{err}");
    assert!(!err.contains("Expected comma"), "{err}");
}

#[test]
fn a_huge_finite_number_is_refused_by_field_and_report_leaves_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = edited(
        dir.path(),
        "funding-memo.ron",
        "loaded_rate: 15000.0,",
        "loaded_rate: 1e308,",
        "big.ron",
    );
    let path = file.to_str().expect("utf-8");
    let eval = perfcase(&["eval", path]);
    assert_eq!(eval.status.code(), Some(1));
    let err = stderr(&eval);
    assert!(err.contains("payback.loaded_rate"), "{err}");
    assert!(err.contains("at most 1e15"), "{err}");
    // Never a 309-digit number in a message.
    assert!(
        !err.as_bytes()
            .windows(40)
            .any(|w| w.iter().all(u8::is_ascii_digit)),
        "{err}"
    );
    let memo = dir.path().join("memo.md");
    let report = perfcase(&["report", path, "--out", memo.to_str().expect("utf-8")]);
    assert_eq!(report.status.code(), Some(1));
    let export = perfcase(&["export", path, "--all", "--out-dir", "charts"]);
    assert_eq!(export.status.code(), Some(1));
    // Only the scenario: no memo, no charts folder, no temporaries.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["big.ron".to_owned()]);
}

#[test]
fn overflowing_numbers_are_refused_with_path_and_position_in_both_formats() {
    let dir = tempfile::tempdir().expect("temp dir");
    let format1 =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/formats/format1-orders-trace.ron");
    let text = std::fs::read_to_string(&format1).expect("fixture");
    for (format, text) in [
        (1, text.clone()),
        (2, text.replacen("format: 1,", "format: 2,", 1)),
    ] {
        for bad in ["1e309", "-1e309", "NaN", "inf"] {
            let path = dir.path().join(format!("f{format}.ron"));
            std::fs::write(
                &path,
                text.replacen("time: 610.0,", &format!("time: {bad},"), 1),
            )
            .expect("write");
            let err = scenario_file::load(&path).expect_err("refused").to_string();
            // Line 24 holds load_user_orders' time in the fixture, its
            // value from column 23 (16 spaces and "time: ").
            assert!(
                err.contains(&format!("f{format}.ron:24:23:")),
                "{bad}: {err}"
            );
            assert!(err.contains("budget.spans[2].time"), "{bad}: {err}");
        }
    }
}

#[test]
fn a_byte_order_mark_is_accepted_and_invalid_utf8_is_placed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read(sample("rtb-matrix.ron")).expect("sample");
    let with_bom = dir.path().join("bom.ron");
    std::fs::write(&with_bom, [b"\xef\xbb\xbf".as_slice(), &text].concat()).expect("write");
    let plain = scenario_file::load(&sample("rtb-matrix.ron")).expect("sample loads");
    assert_eq!(scenario_file::load(&with_bom).expect("BOM accepted"), plain);
    // Bad bytes on line 2, after "Scenario(\n" and 4 characters of line 2.
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, b"Scenario(\n    f\xff\xfeormat: 2,\n)").expect("write");
    let err = scenario_file::load(&broken).expect_err("refused");
    match &err {
        FileError::Parse { line, column, .. } => assert_eq!((*line, *column), (2, 6)),
        other => panic!("not a parse error: {other}"),
    }
    // Byte 15 (0-based): 10 bytes of line 1 + 5 of line 2.
    assert!(err.to_string().contains("byte 15"), "{err}");
}

#[test]
fn a_nan_in_the_matrix_scale_is_reported_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = edited(
        dir.path(),
        "rtb-matrix.ron",
        "scale: (1.0, 5.0),",
        "scale: (NaN, 5.0),",
        "nan.ron",
    );
    let err = scenario_file::load(&file).expect_err("refused");
    match &err {
        FileError::Invalid { errors, .. } => {
            assert_eq!(errors.len(), 1, "{err}");
            assert_eq!(errors[0].path, "matrix.scale");
        }
        other => panic!("not a validation error: {other}"),
    }
}

#[test]
fn endless_and_oversized_files_are_refused_by_a_capped_read() {
    if Path::new("/dev/zero").exists() {
        let out = perfcase(&["eval", "/dev/zero"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("larger than 64 MiB"),
            "{}",
            stderr(&out)
        );
    }
    // A file over the limit is refused by its size, before it is read.
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.ron");
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(scenario_file::MAX_FILE_BYTES + 1)
        .expect("sparse file");
    let err = scenario_file::load(&big).expect_err("refused").to_string();
    assert!(
        err.contains("big.ron") && err.contains("larger than 64 MiB"),
        "{err}"
    );
    // The capped read itself: at most limit + 1 bytes come in.
    let capped = scenario_file::read_capped(Path::new("/dev/zero"), 1000);
    if Path::new("/dev/zero").exists() {
        assert!(capped.is_err());
    }
    let exact = dir.path().join("exact.bin");
    std::fs::write(&exact, vec![7u8; 1000]).expect("write");
    assert_eq!(
        scenario_file::read_capped(&exact, 1000)
            .expect("at the limit")
            .len(),
        1000
    );
    assert!(scenario_file::read_capped(&exact, 999).is_err());
}

#[cfg(unix)]
#[test]
fn the_gui_refuses_pipes_and_devices_instead_of_blocking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("fifo.ron");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Opening a FIFO for reading would block until a writer appears.
    let err = scenario_file::load_regular(&fifo)
        .expect_err("refused")
        .to_string();
    assert!(
        err.contains("fifo.ron") && err.contains("not a regular file"),
        "{err}"
    );
    let err = scenario_file::regular_file(dir.path()).expect_err("a folder");
    assert!(err.to_string().contains("folder"), "{err}");
    assert!(scenario_file::regular_file(&sample("rtb-matrix.ron")).is_ok());
}

#[test]
fn a_chart_with_an_infinite_range_says_it_cannot_be_drawn() {
    use perfcase::chart::export::{ExportError, Size, svg};
    use perfcase::chart::{Axis, Chart};
    let mut chart = Chart::new(
        perfcase::chart::ChartId::Amdahl,
        "A chart",
        Axis::linear("x"),
        Axis::linear("y"),
    );
    chart.y.range = Some((0.0, f64::INFINITY));
    assert!(chart.undrawable().is_some());
    assert!(matches!(
        svg(&chart, Size::default()),
        Err(ExportError::Undrawable(_))
    ));
}

#[test]
fn stale_temporaries_of_dead_processes_are_removed_and_live_ones_kept() {
    use perfcase::scenario_file::temporaries::{REPORT, SAVE, remove_stale};
    let dir = tempfile::tempdir().expect("temp dir");
    // A pid that cannot be running: above the kernel's maximum.
    let dead = 4_194_305 + 7;
    let own = std::process::id();
    let names = [
        format!("{SAVE}{dead}-abc.tmp"),
        format!("{SAVE}{own}-def.tmp"),
        "notes.txt".to_owned(),
        ".perfcase-save-notapid.tmp".to_owned(),
    ];
    for n in &names {
        std::fs::write(dir.path().join(n), b"x").expect("write");
    }
    let report_dir = dir.path().join(format!("{REPORT}{dead}-xyz"));
    std::fs::create_dir_all(report_dir.join("charts")).expect("mkdir");
    std::fs::write(report_dir.join("charts/a.svg"), b"<svg/>").expect("write");
    remove_stale(dir.path());
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let mut expected = vec![names[1].clone(), names[2].clone(), names[3].clone()];
    expected.sort();
    assert_eq!(left, expected);
}

#[test]
fn growth_that_overflows_is_refused_by_field() {
    let mut scenario = scenario_file::load(&sample("funding-memo.ron")).expect("sample");
    let payback = scenario.payback.as_mut().expect("payback");
    // 1e14 a year is within the 1e15 bound, but (1 + 1e14/12)^600 is not.
    payback.annual_bill_growth = model::Quantity::Value(1e14);
    payback.horizon_months = 600.0;
    let errors = model::validate(&scenario);
    assert!(
        errors
            .iter()
            .any(|e| e.path == "payback.annual_bill_growth"),
        "{errors:?}"
    );
}

#[test]
fn a_dashed_field_name_is_explained_without_the_raw_identifier_hint() {
    // RON's own message suggested `r#language-speedup`, which no scenario
    // accepts either.
    let err = scenario_file::from_str(
        "Scenario(format: 2, budget: Some(Budget(unit: Milliseconds, language-speedup: 2.0, spans: [])))",
        Path::new("dash.ron"),
    )
    .expect_err("refused")
    .to_string();
    assert!(err.starts_with("dash.ron:1:"), "{err}");
    assert!(
        err.contains("`language-speedup` is not a field name"),
        "{err}"
    );
    assert!(err.contains("did you mean `language_speedup`?"), "{err}");
    assert!(!err.contains("r#"), "{err}");
}

#[test]
fn draws_stay_within_the_magnitude_limit() {
    // A log-normal over 315 decades: its 95th percentile is 1e15, so about
    // 5 % of draws land above it and are clamped there (counted).
    let s = scenario_file::from_str(
        "Scenario(format: 2, payback: Some(Payback(monthly_cost: Range(low: 1e-300, \
         high: 1e15), reduction: Some(0.5), engineers: 1.0, months: 1.0, loaded_rate: 1.0)))",
        Path::new("big.ron"),
    )
    .expect("valid");
    let u = model::uncertain::analyze(&s, 10_000, 1).expect("a range");
    let clamped = u.inputs[0].clamped;
    assert!((300..=700).contains(&clamped), "{clamped} of 10,000 ≈ 5 %");
    let saving = u
        .summary(model::outputs::Metric::BillSaving)
        .expect("summary");
    assert!(saving.max.expect("finite") <= 0.5e15, "{saving:?}");
    assert!(saving.sd.is_some_and(f64::is_finite), "{saving:?}");
}

/// A matrix of 200 candidates with one criterion; `ranged` of them have
/// a ranged score (the rest score 3).
fn many_candidates(ranged: usize) -> model::Scenario {
    let candidates: Vec<String> = (0..200)
        .map(|i| {
            let score = if i < ranged {
                "Range(low: 1.0, high: 5.0, shape: Uniform)"
            } else {
                "3.0"
            };
            format!("Candidate(name: \"c{i}\", scores: [{score}])")
        })
        .collect();
    scenario_file::from_str(
        &format!(
            "Scenario(format: 2, matrix: Some(Matrix(criteria: [Criterion(name: \"x\", \
             weight: 1.0)], candidates: [{}])))",
            candidates.join(", ")
        ),
        Path::new("many.ron"),
    )
    .expect("valid")
}

#[test]
fn a_monte_carlo_run_records_at_most_a_gibibyte() {
    use model::uncertain::monte_carlo::{MAX_RECORDED_VALUES, Plan, SampleLimit};
    // 200 candidates at 10 million samples would record 8 bytes × 10⁷ ×
    // (the 200 totals and the other outputs) ≈ 16 GB and abort the
    // process. One ranged score keeps the value of information cheap
    // (1 input × 200 options a sample), so memory is what binds.
    let plan = Plan::new(&many_candidates(1), &[]).expect("ranges");
    let per_sample = plan.outputs.len() + plan.inputs.len();
    assert!(per_sample > 200);
    let (cap, limit) = plan.limit();
    assert_eq!(limit, SampleLimit::Memory { per_sample });
    assert!(
        cap * per_sample <= MAX_RECORDED_VALUES && (cap + 1) * per_sample > MAX_RECORDED_VALUES
    );
    assert!(cap < 10_000_000, "the cap binds here: {cap}");
}

#[test]
fn a_monte_carlo_run_does_a_bounded_amount_of_work() {
    use model::uncertain::monte_carlo::{MAX_WORK, Plan, SampleLimit};
    // 200 ranged candidates: the value of information adds every
    // candidate's total into a bin for every ranged input, 200 × 200 a
    // sample; at the 334,707 samples memory allows, 1.3·10¹⁰ steps (8 s).
    let plan = Plan::new(&many_candidates(200), &[]).expect("ranges");
    let (cap, limit) = plan.limit();
    assert_eq!(
        limit,
        SampleLimit::Work {
            inputs: 200,
            options: 200
        }
    );
    let per_sample = plan.outputs.len() + plan.inputs.len() + 200 * 200;
    assert!(cap * per_sample <= MAX_WORK && (cap + 1) * per_sample > MAX_WORK);
    let said = limit.to_string();
    assert!(
        said.contains("200 ranged inputs against 200 options") && said.contains("2^30"),
        "{said}"
    );
    // Asked for fewer, a run takes them all and names no limit.
    let run = plan.run(3_000, 1);
    assert_eq!((run.samples, run.limited), (3_000, None));
    assert_eq!(plan.run(cap + 1, 1).limited, Some(limit));
    // The memo says why its figures rest on fewer samples than the file asks.
    let s = many_candidates(200);
    let mut u = model::uncertain::analyze(&s, 2_000, 1).expect("ranges");
    let memo = |u: &model::uncertain::Uncertainty| {
        perfcase::report::memo::markdown(&s, &model::evaluate(&s), Some(u), &[])
    };
    assert!(!memo(&u).contains("Fewer samples"));
    u.limited = Some(limit);
    assert!(memo(&u).contains(&format!(
        "Fewer samples than the scenario asks for: {said}."
    )));
}

#[test]
fn a_message_is_cut_to_a_readable_length_keeping_both_ends() {
    let long = format!("bad.ron:1:2: {} (see DESIGN)", "id, ".repeat(300_000));
    let shown = perfcase::format::message(&long);
    assert!(shown.chars().count() < 2_100, "{}", shown.len());
    assert!(shown.starts_with("bad.ron:1:2: id, "));
    assert!(shown.ends_with("(see DESIGN)"));
    let left_out = long.chars().count() - 1_500 - 400;
    assert!(
        shown.contains(&format!(
            "({} characters left out)",
            perfcase::format::grouped(left_out as f64, 0)
        )),
        "{shown}"
    );
    assert_eq!(perfcase::format::message("short"), "short");
}

#[test]
fn a_load_test_point_is_placed_by_line_and_column() {
    let text = "Scenario(format: 2, load: Some(Load(usl: Some(Usl(points: [\n  (1.0, 10.0),\n  (-2.0, 18.0),\n])))))";
    let err = scenario_file::from_str(text, Path::new("usl.ron"))
        .expect_err("a negative concurrency")
        .to_string();
    // Line 3, column 4: the "-2.0" inside "  (-2.0, 18.0)".
    assert!(err.contains("usl.ron:3:4:"), "{err}");
    assert!(err.contains("load.usl.points[1].0"), "{err}");
}

/// RON places some errors on the whitespace before the token it could not
/// read; perfcase points at the token itself, past blanks and comments.
#[test]
fn a_syntax_error_points_at_the_offending_token_not_the_blank_before_it() {
    let cases = [
        // "'" is character 28: 9 for "Scenario(", "format: 3, " 11, "title: " 7, then it.
        ("Scenario(format: 3, title: 'xy')", (1, 28)),
        // "#" right after "format: " (9 + 8 = 17 characters before it).
        ("Scenario(format: #3)", (1, 18)),
        // "5" on line 2 after two blanks and a 7-character block comment and a blank.
        ("Scenario(format: 3, title: // c\n  /* x */ 5)", (2, 11)),
        // Not on a blank: RON's own position, unchanged ("@" is character 32).
        ("Scenario(format: 3, title: \"x\" @)", (1, 32)),
    ];
    for (text, expected) in cases {
        match scenario_file::from_str(text, Path::new("t.ron")) {
            Err(FileError::Parse { line, column, .. }) => {
                assert_eq!((line, column), expected, "{text}");
            }
            other => panic!("{text}: not a parse error: {other:?}"),
        }
    }
}

/// A scenario with `n` spans of negative time: `n` validation errors.
fn negative_spans(n: usize) -> String {
    let spans: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "        Span(name: \"s{i}\", kind: OwnCode, time: -{}.0)",
                i + 1
            )
        })
        .collect();
    format!(
        "Scenario(\n    format: 3,\n    title: \"x\",\n    budget: Some(Budget(\n        unit: Milliseconds,\n        language_speedup: 2.0,\n        spans: [\n{}\n        ],\n    )),\n)\n",
        spans.join(",\n")
    )
}

/// Each of thousands of errors is placed by line and column, and placing
/// them is linear in the file: the text is scanned once, not once per error
/// (10,000 errors once took minutes). Times are compared within one run
/// (the best of three each): 4× the errors may take 4× as long, not 16×.
#[test]
fn thousands_of_invalid_values_are_placed_in_linear_time() {
    let place = |n: usize| {
        let text = negative_spans(n);
        shape::best_of_three(
            || scenario_file::from_str(&text, Path::new("many.ron")).expect_err("invalid"),
            |err| {
                let FileError::Invalid {
                    errors, locations, ..
                } = err
                else {
                    panic!("not a validation error");
                };
                assert_eq!(errors.len(), n);
                // The spans start on line 8; the last one's value follows 8 blanks
                // and `Span(name: "s…", kind: OwnCode, time: ` (13 + its digits + 24).
                let digits = (n - 1).to_string().len();
                assert_eq!(
                    locations[n - 1],
                    Some((8 + n - 1, 8 + 13 + digits + 24 + 1))
                );
            },
        )
    };
    shape::assert_linear("4× the errors", place(2_000), place(8_000));
}
