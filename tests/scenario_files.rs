//! Scenario files: every sample loads, saves round-trip byte for byte, bad
//! input gets a named error, and a failed save never touches the target.

use std::path::Path;

use perfcase::model::Scenario;
use perfcase::samples;
use perfcase::scenario_file::{self, FileError};

const ORDERS: &str = include_str!("../samples/orders-trace.ron");

fn parse(text: &str) -> Result<Scenario, FileError> {
    scenario_file::from_str(text, Path::new("case.ron"))
}

#[test]
fn every_sample_loads_from_disk_and_is_stored_canonically() {
    for sample in &samples::ALL {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(sample.file_name);
        let scenario =
            scenario_file::load(&path).unwrap_or_else(|e| panic!("{}: {e}", sample.file_name));
        assert!(
            !scenario.title.is_empty(),
            "{} has a title",
            sample.file_name
        );
        // Saving a sample rewrites nothing: they are kept in canonical form.
        assert_eq!(
            scenario_file::to_string(&scenario),
            sample.text,
            "{} is not in canonical form",
            sample.file_name
        );
    }
}

#[test]
fn the_default_sample_has_every_section() {
    let scenario = samples::DEFAULT.scenario().expect("default sample");
    assert!(scenario.budget.is_some() && scenario.matrix.is_some() && scenario.payback.is_some());
}

#[test]
fn save_then_load_is_equal_and_a_second_save_is_byte_identical() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("orders.ron");
    let original = parse(ORDERS).expect("sample");
    scenario_file::save(&path, &original).expect("first save");
    let first = std::fs::read(&path).expect("read back");
    let reloaded = scenario_file::load(&path).expect("reload");
    assert_eq!(reloaded, original);
    scenario_file::save(&path, &reloaded).expect("second save");
    assert_eq!(std::fs::read(&path).expect("read back"), first);
}

#[test]
fn implicit_some_and_integer_numbers_load() {
    let short = parse(
        r#"Scenario(format: 1, budget: Budget(language_speedup: 10, slo: Slo(latency: 300),
            spans: [Span(name: "q", time: 610, kind: Database, lever: Speedup(factor: 15, effort_days: 1))]))"#,
    )
    .expect("implicit Some and integers");
    let long = parse(
        r#"Scenario(format: 1, budget: Some(Budget(language_speedup: 10.0, slo: Some(Slo(latency: Some(300.0))),
            spans: [Span(name: "q", time: 610.0, kind: Database,
                         lever: Some(Speedup(label: "", factor: 15.0, effort_days: Some(1.0))))])))"#,
    )
    .expect("explicit Some and floats");
    assert_eq!(short, long);
}

#[test]
fn notes_with_quotes_and_line_breaks_round_trip() {
    let mut scenario = parse(ORDERS).expect("sample");
    scenario.notes = "Line one\nit's \"quoted\", a back\\slash and a raw \"# marker\n".to_owned();
    let text = scenario_file::to_string(&scenario);
    assert_eq!(parse(&text).expect("reparse"), scenario);
}

/// Asserts a parse error names the file, line and column.
fn assert_parse_error(text: &str, line: usize, needle: &str) {
    let err = parse(text).expect_err("must not load");
    let FileError::Parse {
        line: got, column, ..
    } = &err
    else {
        panic!("expected a parse error, got {err}");
    };
    assert_eq!(*got, line, "{err}");
    assert!(*column >= 1);
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("case.ron:{line}:{column}: ")),
        "{message}"
    );
    assert!(message.contains(needle), "{message}");
}

#[test]
fn a_truncated_file_is_a_parse_error_at_its_end() {
    let cut = &ORDERS[..ORDERS.find("load_user_orders").expect("span")];
    let last_line = cut.lines().count();
    assert_parse_error(cut, last_line, "");
}

#[test]
fn a_wrong_type_is_a_parse_error_at_the_value() {
    let text = ORDERS.replace("time: 610.0", "time: \"slow\"");
    let line = 1 + ORDERS[..ORDERS.find("time: 610.0").expect("span")]
        .lines()
        .count()
        - 1;
    assert_parse_error(&text, line, "a number");
}

#[test]
fn an_unknown_field_is_an_error_not_dropped() {
    let text = ORDERS.replace(
        "kind: Database,",
        "kind: Database,\n                colour: \"red\",",
    );
    let line = ORDERS[..ORDERS.find("kind: Database,").expect("span")]
        .lines()
        .count()
        + 1;
    assert_parse_error(&text, line, "colour");
}

#[test]
fn a_future_format_is_refused_with_a_clear_message() {
    let text = ORDERS.replace("format: 2,", "format: 4,\n    budget_v4: Whatever(x: 1),");
    let err = parse(&text).expect_err("future format");
    assert!(
        matches!(err, FileError::FutureFormat { found: 4, .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("made by a newer perfcase"),
        "{err}"
    );
}

#[test]
fn a_missing_format_is_refused() {
    let err = parse(r#"Scenario(title: "x")"#).expect_err("no format");
    assert!(err.to_string().contains("format"), "{err}");
}

/// Asserts the text parses but fails validation at `path`.
fn assert_invalid(text: &str, path: &str) {
    let err = parse(text).expect_err("must not load");
    let FileError::Invalid { errors, .. } = &err else {
        panic!("expected a validation error, got {err}");
    };
    assert!(
        errors.iter().any(|e| e.path == path),
        "{path} not among {errors:?}"
    );
    // The message names the line and column of the value: that line holds
    // the field the path ends in (`…spans[2].time` → `time:`).
    let message = err.to_string();
    let location = message
        .strip_prefix("case.ron:")
        .and_then(|rest| rest.split_once(": invalid scenario: "))
        .map(|(at, _)| at.to_owned())
        .unwrap_or_else(|| panic!("no location in {message}"));
    let (line, _column) = location.split_once(':').expect("line:column");
    let line: usize = line.parse().expect("line number");
    let field = path
        .rsplit('.')
        .next()
        .and_then(|last| last.split('[').next())
        .expect("field");
    let text_line = text.lines().nth(line - 1).expect("line in file");
    assert!(
        text_line.contains(&format!("{field}:")),
        "{message}: line {line} is {text_line:?}"
    );
}

#[test]
fn nan_and_infinity_are_refused_with_the_field_path() {
    assert_invalid(
        &ORDERS.replace("time: 610.0", "time: NaN"),
        "budget.spans[2].time",
    );
    assert_invalid(
        &ORDERS.replace("language_speedup: 10.0", "language_speedup: inf"),
        "budget.language_speedup",
    );
}

#[test]
fn negative_time_and_out_of_range_levers_are_refused() {
    assert_invalid(
        &ORDERS.replace("time: 610.0", "time: -5.0"),
        "budget.spans[2].time",
    );
    assert_invalid(
        &ORDERS.replace("hit_ratio: 0.8", "hit_ratio: 1.2"),
        "budget.spans[3].lever.hit_ratio",
    );
    assert_invalid(
        &ORDERS.replace("factor: 15.0", "factor: 0.5"),
        "budget.spans[2].lever.factor",
    );
    assert_invalid(
        &ORDERS.replace("language_speedup: 10.0", "language_speedup: 0.9"),
        "budget.language_speedup",
    );
}

#[test]
fn a_wrong_score_count_is_refused() {
    let rtb = include_str!("../samples/rtb-matrix.ron");
    let start = rtb.find("scores: [").expect("scores");
    let end = start + rtb[start..].find(']').expect("end of scores");
    let text = format!("{}scores: [1.0, 2.0{}", &rtb[..start], &rtb[end..]);
    assert_invalid(&text, "matrix.candidates[0].scores");
}

#[test]
fn an_invalid_payback_is_refused() {
    let pricing = include_str!("../samples/pricing-payback.ron");
    assert_invalid(
        &pricing.replace("reduction: 0.55", "reduction: 1.5"),
        "payback.reduction",
    );
    assert_invalid(
        &pricing.replace("horizon_months: 36.0", "horizon_months: 0.0"),
        "payback.horizon_months",
    );
}

#[test]
fn an_unreadable_file_names_the_path() {
    let err = scenario_file::load(Path::new("/nonexistent/dir/case.ron")).expect_err("missing");
    assert!(matches!(err, FileError::Read { .. }));
    assert!(
        err.to_string()
            .starts_with("/nonexistent/dir/case.ron: cannot read"),
        "{err}"
    );
}

#[test]
fn an_invalid_scenario_is_not_saved_and_the_file_is_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("case.ron");
    std::fs::write(&path, ORDERS).expect("seed the file");
    let mut bad = parse(ORDERS).expect("sample");
    bad.budget.as_mut().expect("budget").spans[0].time = f64::NAN.into();
    let err = scenario_file::save(&path, &bad).expect_err("invalid");
    assert!(matches!(err, FileError::Invalid { .. }));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), ORDERS);
}

#[test]
fn a_failed_write_leaves_the_target_and_no_temp_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The target is a non-empty directory: the final rename must fail.
    let target = dir.path().join("case.ron");
    std::fs::create_dir(&target).expect("dir");
    std::fs::write(target.join("keep.txt"), "precious").expect("content");
    let scenario = parse(ORDERS).expect("sample");
    let err = scenario_file::save(&target, &scenario).expect_err("cannot replace a directory");
    assert!(matches!(err, FileError::Write { .. }), "{err}");
    assert!(err.to_string().contains("case.ron: cannot save"), "{err}");
    assert_eq!(
        std::fs::read_to_string(target.join("keep.txt")).expect("kept"),
        "precious"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".perfcase-save-"))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("case.ron");
    std::fs::write(&path, ORDERS).expect("seed");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    scenario_file::save(&path, &parse(ORDERS).expect("sample")).expect("save");
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any title and notes survive a save and reload.
        #[test]
        fn text_fields_round_trip(title in any::<String>(), notes in any::<String>()) {
            let mut scenario = parse(ORDERS).expect("sample");
            scenario.title = title;
            scenario.notes = notes;
            let text = scenario_file::to_string(&scenario);
            prop_assert_eq!(parse(&text).expect("reparse"), scenario);
        }
    }
}

mod never_panics {
    use super::*;
    use perfcase::model::evaluate;
    use proptest::prelude::*;

    proptest! {
        /// Any prefix of a sample, or a sample with one character replaced,
        /// either loads (and evaluates and charts) or gives an error: never a panic.
        #[test]
        fn damaged_samples_give_errors_not_panics(
            which in 0usize..samples::ALL.len(),
            cut in 0.0f64..1.0,
            replace_at in 0.0f64..1.0,
            replacement in prop::sample::select(vec!['(', ')', ',', ':', '"', '9', '-', 'x', ' ', '\n', '.', 'e']),
        ) {
            let text = samples::ALL[which].text;
            let chars: Vec<char> = text.chars().collect();
            let prefix: String = chars[..(cut * chars.len() as f64) as usize].iter().collect();
            let mut edited = chars.clone();
            let at = ((replace_at * chars.len() as f64) as usize).min(chars.len() - 1);
            edited[at] = replacement;
            let edited: String = edited.into_iter().collect();
            for candidate in [prefix, edited] {
                if let Ok(scenario) = parse(&candidate) {
                    let eval = evaluate(&scenario);
                    let _ = perfcase::chart::all(&scenario, &eval, None);
                    let _ = perfcase::report::json(&eval, None);
                }
            }
        }
    }
}
