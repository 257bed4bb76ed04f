//! The command line as a user runs it: `perfcase eval FILE [--json]`, exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use perfcase::samples;

fn perfcase(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_perfcase"))
        .args(args)
        .output()
        .expect("run perfcase")
}

fn sample_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

#[test]
fn eval_json_succeeds_for_every_sample() {
    for sample in &samples::ALL {
        let path = sample_path(sample.file_name);
        let out = perfcase(&["eval", path.to_str().expect("utf-8"), "--json"]);
        let value = json(&out);
        assert!(value["title"].is_string(), "{}", sample.file_name);
    }
}

#[test]
fn eval_json_uses_the_design_keys() {
    let path = sample_path("funding-memo.ron");
    let v = json(&perfcase(&[
        "eval",
        path.to_str().expect("utf-8"),
        "--json",
    ]));
    // The pricing-engine profile: f = 0.88, s = 2.67 → 1 / (0.12 + 0.88/2.67).
    let f = v["budget"]["own_code_fraction"].as_f64().expect("f");
    assert!((f - 0.88).abs() < 1e-12);
    let speedup = v["budget"]["amdahl_speedup"].as_f64().expect("speedup");
    assert!((speedup - 1.0 / (0.12 + 0.88 / 2.67)).abs() < 1e-9);
    let ceiling = v["budget"]["amdahl_ceiling"].as_f64().expect("ceiling");
    assert!((ceiling - 1.0 / 0.12).abs() < 1e-9);
    assert!(
        v["budget"]["required_language_speedup"].is_null(),
        "no SLO in this sample"
    );
    for key in [
        "total",
        "own_code",
        "total_after_language",
        "levers",
        "total_after_levers",
        "total_after_all",
        "required_speedup",
        "meets_slo_now",
        "meets_slo_after_language",
        "meets_slo_after_levers",
        "meets_slo_after_all",
        "throughput_after_language",
    ] {
        assert!(v["budget"].get(key).is_some(), "budget.{key}");
    }
    // Rust hot path 45·5 + 20·3 + 15·3 + 10·2 + 10·3 = 380.
    assert_eq!(v["matrix"]["totals"][0]["candidate"], "Rust hot path");
    assert_eq!(v["matrix"]["totals"][0]["total"].as_f64(), Some(380.0));
    assert_eq!(v["matrix"]["totals"][0]["rank"].as_u64(), Some(1));
    assert_eq!(v["matrix"]["winner"], "Rust hot path");
    assert_eq!(v["matrix"]["margin"].as_f64(), Some(15.0));
    assert_eq!(v["matrix"]["flips"].as_array().map(Vec::len), Some(5));
    for key in ["below", "above", "criterion", "weight"] {
        assert!(v["matrix"]["flips"][0].get(key).is_some(), "flips[].{key}");
    }
    // 360,000 + 6 weeks × 10,000 = 420,000; / 66,000 = 6.36 months.
    let p = &v["payback"];
    assert_eq!(p["one_time_cost"].as_f64(), Some(420_000.0));
    let months = p["payback_months"].as_f64().expect("payback");
    assert!((months - 420_000.0 / 66_000.0).abs() < 1e-9);
    let kill = p["break_even_reduction"].as_f64().expect("kill criterion");
    assert!((kill - 420_000.0 / (120_000.0 * 12.0)).abs() < 1e-12);
    for key in [
        "monthly_saving",
        "annual_saving",
        "break_even_month",
        "npv",
        "discounted_payback_months",
        "roi",
        "timeline",
    ] {
        assert!(p.get(key).is_some(), "payback.{key}");
    }
}

#[test]
fn eval_without_json_prints_a_readable_summary() {
    let path = sample_path("orders-trace.ron");
    let out = perfcase(&["eval", path.to_str().expect("utf-8")]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.starts_with("Orders endpoint: rewrite in Go?"),
        "{text}"
    );
    // Numbers for people: three significant digits, units attached.
    let text = text.replace('\u{a0}', " ");
    assert!(text.contains("856 ms"), "{text}");
    assert!(text.contains("1.01×"), "{text}");
    assert!(
        text.contains("No language can close the SLO gap: ceiling 1.01× < required 2.85×"),
        "{text}"
    );
    // Every number with the formula it came from, worded as on screen.
    assert!(
        text.contains("Speedup the SLO needs")
            && text.contains("total ÷ latency SLO = 856 ms ÷ 300 ms"),
        "{text}"
    );
}

#[test]
fn a_bad_file_exits_1_and_names_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "Scenario(format: 1, budget: Budget(").expect("write");
    let out = perfcase(&["eval", path.to_str().expect("utf-8"), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.ron:1:"), "{stderr}");
    assert!(out.stdout.is_empty());

    let missing = perfcase(&["eval", "/nonexistent/case.ron"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/case.ron"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(perfcase(&["eval"]).status.code(), Some(2), "missing FILE");
    assert_eq!(
        perfcase(&["eval", "x.ron", "--bogus"]).status.code(),
        Some(2)
    );
    assert_eq!(perfcase(&["frobnicate", "x.ron"]).status.code(), Some(2));
}

#[test]
fn eval_takes_monte_carlo_overrides_and_refuses_bad_sample_counts() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/uncertain-rewrite.ron");
    let sample = sample.to_str().expect("utf-8");
    let out = perfcase(&["eval", sample, "--json", "--samples", "2000", "--seed", "9"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["uncertainty"]["samples"], 2000);
    assert_eq!(json["uncertainty"]["seed"], 9);
    for bad in ["0", "10000001", "-3", "many"] {
        let out = perfcase(&["eval", sample, "--json", "--samples", bad]);
        assert_eq!(out.status.code(), Some(2), "--samples {bad}");
    }
}

#[test]
fn fmt_check_reports_and_fmt_rewrites_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("old.ron");
    let old = include_str!("data/formats/format1-orders-trace.ron");
    std::fs::write(&file, old).expect("write");
    let path = file.to_str().expect("utf-8");
    let check = perfcase(&["fmt", "--check", path]);
    assert_eq!(check.status.code(), Some(1), "a format-1 file would change");
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        old,
        "--check changes nothing"
    );
    assert!(perfcase(&["fmt", path]).status.success());
    let new = std::fs::read_to_string(&file).expect("read");
    assert_eq!(new, include_str!("../samples/orders-trace.ron"));
    assert_eq!(perfcase(&["fmt", "--check", path]).status.code(), Some(0));
}

mod import {
    use super::perfcase;
    use std::path::Path;

    fn sample(name: &str) -> String {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/imports")
            .join(name)
            .display()
            .to_string()
    }

    #[test]
    fn import_prints_a_scenario_that_eval_reads() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("checkout.ron");
        let out_s = out.to_str().expect("utf-8");
        let run = perfcase(&["import", &sample("checkout-trace.json"), "--out", out_s]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let json: serde_json::Value =
            serde_json::from_slice(&perfcase(&["eval", out_s, "--json"]).stdout).expect("json");
        // The root lasts 412.5 ms: the budget's total, exactly.
        assert_eq!(json["budget"]["total"], 412.5);
        assert_eq!(
            json["budget"]["spans"][0]["name"],
            "web-gateway: POST /api/checkout"
        );
        // The payment provider call is external; the cart query a database.
        let spans = json["budget"]["spans"].as_array().expect("spans");
        let kind = |name: &str| {
            spans
                .iter()
                .find(|s| s["name"] == name)
                .map(|s| s["kind"].clone())
        };
        assert_eq!(
            kind("payments: POST https://api.psp.example/charges"),
            Some("External".into())
        );
        assert_eq!(kind("cart: SELECT cart_items"), Some("Database".into()));
        // Without --out the scenario goes to standard output.
        let stdout = perfcase(&["import", &sample("checkout-trace.json")]);
        assert!(String::from_utf8_lossy(&stdout.stdout).starts_with("Scenario("));
    }

    #[test]
    fn import_never_overwrites_without_force() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("mine.ron");
        std::fs::write(&out, "precious").expect("write");
        let out_s = out.to_str().expect("utf-8");
        let run = perfcase(&["import", &sample("json-service.folded"), "--out", out_s]);
        assert_eq!(run.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&run.stderr).contains("--force"));
        assert_eq!(std::fs::read_to_string(&out).expect("read"), "precious");
        let run = perfcase(&[
            "import",
            &sample("json-service.folded"),
            "--out",
            out_s,
            "--force",
        ]);
        assert!(run.status.success());
        assert!(
            std::fs::read_to_string(&out)
                .expect("read")
                .starts_with("Scenario(")
        );
    }

    #[test]
    fn bad_arguments_are_usage_errors_and_unknown_choices_are_errors() {
        let trace = sample("checkout-trace.json");
        assert_eq!(
            perfcase(&["import", &trace, "--max-spans", "0"])
                .status
                .code(),
            Some(2)
        );
        assert_eq!(
            perfcase(&["import", &trace, "--kind", "(=Io"])
                .status
                .code(),
            Some(2)
        );
        assert_eq!(
            perfcase(&["import", &trace, "--kind", "x=Cache"])
                .status
                .code(),
            Some(2)
        );
        assert_eq!(
            perfcase(&["import", &trace, "--format", "xml"])
                .status
                .code(),
            Some(2)
        );
        let unknown = perfcase(&["import", &trace, "--trace", "deadbeef"]);
        assert_eq!(unknown.status.code(), Some(1));
        let message = String::from_utf8_lossy(&unknown.stderr);
        assert!(
            message.contains("checkout-trace.json") && message.contains("6a2f4c1e9b7d3a50"),
            "{message}"
        );
        let wrong_format = perfcase(&["import", &trace, "--format", "folded"]);
        assert_eq!(wrong_format.status.code(), Some(1));
    }

    #[test]
    fn the_shipped_import_samples_are_what_import_makes() {
        let folded = perfcase(&[
            "import",
            &sample("json-service.folded"),
            "--kind",
            r"\.c:|\[lib=NativeLibrary",
        ]);
        assert!(folded.status.success());
        let expected = std::fs::read_to_string(sample("json-service.ron")).expect("sample");
        assert_eq!(String::from_utf8_lossy(&folded.stdout), expected);
        let trace = perfcase(&["import", &sample("checkout-trace.json")]);
        let expected = std::fs::read_to_string(sample("checkout-trace.ron")).expect("sample");
        assert_eq!(String::from_utf8_lossy(&trace.stdout), expected);
    }
}
