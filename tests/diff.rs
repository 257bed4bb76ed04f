//! `perfcase diff` (DESIGN, "Compare and diff"): each kind of change gives
//! exactly the rows it should, the exit code follows `--exit-code`, and the
//! git diff driver the README documents works in a repository made here.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

fn perfcase(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_perfcase"))
        .args(args)
        .output()
        .expect("run perfcase")
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// Writes `text` as a scenario file in `dir`.
fn file(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

/// `diff --json A B` (with `--samples 2000` so ranges run fast) and its exit code.
fn diff(a: &str, b: &str) -> (Value, Option<i32>) {
    let out = perfcase(&["diff", a, b, "--json", "--samples", "2000", "--exit-code"]);
    assert!(
        out.status.code() != Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (json, out.status.code())
}

fn output<'a>(d: &'a Value, path: &str) -> &'a Value {
    d["outputs"]
        .as_array()
        .expect("outputs")
        .iter()
        .find(|o| o["path"] == path)
        .unwrap_or_else(|| panic!("no output {path}: {d}"))
}

const PAYBACK: &str = "Scenario(format: 3, payback: Some(Payback(monthly_cost: 100000.0, \
    reduction: Some(0.5), engineers: 4.0, months: 3.0, loaded_rate: 10000.0)))";

#[test]
fn a_file_against_itself_changes_nothing() {
    let a = sample("funding-memo.ron").display().to_string();
    let (d, code) = diff(&a, &a);
    assert_eq!(d["inputs"], json!([]));
    for o in d["outputs"].as_array().expect("outputs") {
        assert_eq!(o["a"], o["b"], "{o}");
        assert!(o["change"] == json!(0.0) || o["change"].is_null(), "{o}");
    }
    // Every deciding output of the four sections, then the probabilities.
    let paths: Vec<&str> = d["outputs"]
        .as_array()
        .expect("outputs")
        .iter()
        .map(|o| o["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        paths[..7],
        [
            "budget.total_after_all",
            "budget.amdahl_speedup",
            "matrix.winner",
            "matrix.margin",
            "payback.break_even_month",
            "payback.npv",
            "payback.kill_reduction"
        ]
    );
    assert!(paths.contains(&"uncertainty.probabilities.break_even_within_target"));
    assert_eq!(code, Some(0));
}

#[test]
fn a_changed_value_lists_the_input_and_the_moved_outputs() {
    let dir = tempfile::tempdir().expect("dir");
    let a = file(dir.path(), "a.ron", PAYBACK);
    let b = file(dir.path(), "b.ron", &PAYBACK.replace("0.5)", "0.25)"));
    let (d, code) = diff(&a, &b);
    assert_eq!(
        d["inputs"],
        json!([{"path": "payback.reduction", "a": 0.5, "b": 0.25}])
    );
    // One-time 120,000; saving 50,000 → 25,000 a month, no build: break-even
    // month 120,000 / 50,000 = 2.4 → 4.8.
    let be = output(&d, "payback.break_even_month");
    assert_eq!((be["a"].as_f64(), be["b"].as_f64()), (Some(2.4), Some(4.8)));
    assert!((be["change"].as_f64().expect("number") - 2.4).abs() < 1e-12);
    assert_eq!(code, Some(1), "a deciding output changed");
    // Without --exit-code the exit is 0 all the same.
    assert_eq!(perfcase(&["diff", &a, &b]).status.code(), Some(0));
}

#[test]
fn a_range_is_written_low_high_shape() {
    let dir = tempfile::tempdir().expect("dir");
    let a = file(dir.path(), "a.ron", PAYBACK);
    let b = file(
        dir.path(),
        "b.ron",
        &PAYBACK.replace(
            "Some(0.5)",
            "Some(Range(low: 0.4, high: 0.6, shape: Uniform))",
        ),
    );
    let (d, _) = diff(&a, &b);
    assert_eq!(
        d["inputs"],
        json!([{"path": "payback.reduction", "a": 0.5, "b": "0.4–0.6 Uniform"}])
    );
    // The default shape spelled out is no change: low > 0 means LogNormal.
    let c = file(
        dir.path(),
        "c.ron",
        &PAYBACK.replace("Some(0.5)", "Some(Range(low: 0.4, high: 0.6))"),
    );
    let e = file(
        dir.path(),
        "e.ron",
        &PAYBACK.replace(
            "Some(0.5)",
            "Some(Range(low: 0.4, high: 0.6, shape: LogNormal))",
        ),
    );
    assert_eq!(diff(&c, &e).0["inputs"], json!([]));
}

#[test]
fn an_added_span_is_one_row_with_a_null_side_and_later_spans_are_matched_by_name() {
    let dir = tempfile::tempdir().expect("dir");
    let spans = |extra: &str| {
        format!(
            "Scenario(format: 2, budget: Some(Budget(language_speedup: 2.0, spans: [\
             Span(name: \"parse\", time: 10.0, kind: OwnCode),{extra}\
             Span(name: \"db\", time: 50.0, kind: Database)])))"
        )
    };
    let a = file(dir.path(), "a.ron", &spans(""));
    let b = file(
        dir.path(),
        "b.ron",
        &spans("Span(name: \"cache\", time: 5.0, kind: Io),"),
    );
    let (d, code) = diff(&a, &b);
    assert_eq!(
        d["inputs"],
        json!([{"path": "budget.spans[1]", "a": null, "b": "cache"}])
    );
    // 60 → 65 ms after the language: own code 10 → 5, I/O 5, db 50.
    let total = output(&d, "budget.total_after_all");
    assert_eq!(
        (total["a"].as_f64(), total["b"].as_f64()),
        (Some(55.0), Some(60.0))
    );
    assert_eq!(code, Some(1));
}

#[test]
fn a_removed_candidate_and_a_flipped_winner() {
    let dir = tempfile::tempdir().expect("dir");
    let matrix = |candidates: &str| {
        format!(
            "Scenario(format: 2, matrix: Some(Matrix(criteria: [Criterion(name: \"speed\", \
             weight: 1.0)], candidates: [{candidates}])))"
        )
    };
    let a = file(
        dir.path(),
        "a.ron",
        &matrix("Candidate(name: \"Go\", scores: [4.0]), Candidate(name: \"Rust\", scores: [5.0])"),
    );
    let b = file(
        dir.path(),
        "b.ron",
        &matrix("Candidate(name: \"Go\", scores: [4.0])"),
    );
    let (d, code) = diff(&a, &b);
    assert_eq!(
        d["inputs"],
        json!([{"path": "matrix.candidates[1]", "a": "Rust", "b": null}])
    );
    let winner = output(&d, "matrix.winner");
    assert_eq!(winner["a"], "Rust");
    assert_eq!(winner["b"], "Go");
    assert!(winner["change"].is_null());
    // Rust leads by 1 point; alone, Go has no runner-up: the margin is null.
    let margin = output(&d, "matrix.margin");
    assert_eq!(margin["a"].as_f64(), Some(1.0));
    assert!(margin["b"].is_null() && margin["change"].is_null());
    assert_eq!(code, Some(1));
}

#[test]
fn a_crossed_slo_shows_in_the_percentile_and_the_probability() {
    let dir = tempfile::tempdir().expect("dir");
    // M/M/1, 100 ms: at 5/s the p99 is ln(100)/5 s = 921 ms (meets 1 s); at
    // 6/s ln(100)/4 s = 1,151 ms (misses). A narrow range keeps it so in
    // every sample.
    let queue = |rate: &str| {
        format!(
            "Scenario(format: 2, load: Some(Load(queue: Some(Queue(service_ms: \
             Range(low: 99.9, high: 100.1, shape: Uniform), servers: 1, \
             arrival_per_s: {rate}, slo_ms: 1000.0)))))"
        )
    };
    let a = file(dir.path(), "a.ron", &queue("5.0"));
    let b = file(dir.path(), "b.ron", &queue("6.0"));
    let (d, code) = diff(&a, &b);
    assert_eq!(
        d["inputs"],
        json!([{"path": "load.queue.arrival_per_s", "a": 5.0, "b": 6.0}])
    );
    let p99 = output(&d, "load.queue.percentile_response_ms");
    let (x, y) = (p99["a"].as_f64().expect("a"), p99["b"].as_f64().expect("b"));
    assert!((x - 1000.0 * 100f64.ln() / 5.0).abs() < 1e-6, "{x}");
    assert!((y - 1000.0 * 100f64.ln() / 4.0).abs() < 1e-6, "{y}");
    let p = output(&d, "uncertainty.probabilities.load_meets_slo");
    assert_eq!((p["a"].as_f64(), p["b"].as_f64()), (Some(1.0), Some(0.0)));
    assert_eq!(p["change"].as_f64(), Some(-1.0));
    assert_eq!(code, Some(1));
}

#[test]
fn an_old_format_against_its_upgrade_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let old = file(
        dir.path(),
        "old.ron",
        include_str!("data/formats/format1-orders-trace.ron"),
    );
    let new = sample("orders-trace.ron").display().to_string();
    let (d, code) = diff(&old, &new);
    assert_eq!(d["inputs"], json!([]));
    assert_eq!(code, Some(0));
}

#[test]
fn the_text_form_is_a_markdown_table_with_changes_first() {
    let dir = tempfile::tempdir().expect("dir");
    let a = file(dir.path(), "a.ron", PAYBACK);
    let b = file(dir.path(), "b.ron", &PAYBACK.replace("0.5)", "0.25)"));
    let out = perfcase(&["diff", &a, &b]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| ")).collect();
    assert!(
        rows[0].starts_with("| | output | A | B | change |"),
        "{text}"
    );
    assert!(rows[1].starts_with("| **changed** |"), "{text}");
    assert!(text.contains("| `payback.reduction` |"), "{text}");
}

#[test]
fn the_git_diff_driver_shows_the_table() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir.path())
            .output()
            .expect("git");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    git(&["init", "-q"]);
    git(&["config", "user.email", "t@example.com"]);
    git(&["config", "user.name", "t"]);
    // As the README documents it, with the binary under test.
    let command = format!(
        "sh -c '\"{}\" diff \"$2\" \"$5\"' perfcase-diff",
        env!("CARGO_BIN_EXE_perfcase")
    );
    git(&["config", "diff.perfcase.command", &command]);
    std::fs::write(dir.path().join(".gitattributes"), "*.ron diff=perfcase\n").expect("write");
    file(dir.path(), "case.ron", PAYBACK);
    git(&["add", "."]);
    git(&["commit", "-qm", "a"]);
    file(dir.path(), "case.ron", &PAYBACK.replace("0.5)", "0.25)"));
    let shown = git(&["diff"]);
    assert!(
        shown.contains("| **changed** | Break-even month"),
        "{shown}"
    );
    assert!(shown.contains("| `payback.reduction` | 50"), "{shown}");
}

#[test]
fn a_missing_file_is_named_with_its_os_error_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.ron");
    let a = sample("funding-memo.ron");
    let out = perfcase(&["diff", a.to_str().unwrap(), missing.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("gone.ron: cannot read:"), "{err}");
    // The OS's words once, not again as the error's cause.
    assert_eq!(err.matches("os error 2").count(), 1, "{err}");
}
