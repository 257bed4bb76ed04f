//! The funding memo: every computed (bold) number in it is a value of
//! `perfcase eval --json` for the same file, only the scenario's sections
//! appear, and the charts it links exist.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use perfcase::format::{grouped, money, months, percent, quantity, speedup};
use perfcase::samples;

fn perfcase(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_perfcase"))
        .args(args)
        .output()
        .expect("run perfcase");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every number in the JSON, formatted every way the memo formats numbers.
fn formatted_values(json: &serde_json::Value, out: &mut HashSet<String>) {
    match json {
        serde_json::Value::Number(n) => {
            if let Some(x) = n.as_f64() {
                for text in [
                    quantity(x),
                    speedup(x),
                    percent(x),
                    money(x),
                    months(x),
                    grouped(x, 1),
                    grouped(x, 4),
                    format!("{x:.2e}"),
                    format!("{x}"),
                ] {
                    out.insert(text.replace('\u{a0}', " "));
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| formatted_values(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| formatted_values(v, out)),
        _ => {}
    }
}

/// The text of every **bold** run that holds a digit.
fn bold_numbers(markdown: &str) -> Vec<String> {
    markdown
        .split("**")
        .skip(1)
        .step_by(2)
        .filter(|s| s.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_bold_number_in_every_memo_comes_from_eval_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    for sample in &samples::ALL {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(sample.file_name);
        let path = path.to_str().expect("utf-8");
        let stem = Path::new(sample.file_name)
            .file_name()
            .expect("a name")
            .to_string_lossy();
        let memo_path = dir.path().join(stem.replace(".ron", ".md"));
        perfcase(&["report", path, "--out", memo_path.to_str().expect("utf-8")]);
        // Numbers join their units with no-break spaces; compare as text.
        let memo = std::fs::read_to_string(&memo_path)
            .expect("memo")
            .replace('\u{a0}', " ");
        let json: serde_json::Value =
            serde_json::from_slice(&perfcase(&["eval", path, "--json"]).stdout).expect("json");
        let mut values = HashSet::new();
        formatted_values(&json, &mut values);
        let bold = bold_numbers(&memo);
        assert!(
            bold.len() >= 3,
            "{}: too few computed numbers",
            sample.file_name
        );
        for number in bold {
            // Money carries the sample's currency before it ("$420 k").
            let number = number.replacen('$', "", 1);
            // A number may carry its unit after it ("855.5 ms", "6.36 months").
            let matches = values.iter().any(|v| {
                number == *v
                    || number.starts_with(&format!("{v} "))
                    || number.starts_with(&format!("{v}/"))
            });
            assert!(
                matches,
                "{}: **{number}** is not a value of eval --json",
                sample.file_name
            );
        }
        // Every linked chart was written.
        for link in memo.split("](").skip(1) {
            let target = &link[..link.find(')').expect("closing paren")];
            assert!(
                dir.path().join(target).exists(),
                "{}: missing {target}",
                sample.file_name
            );
        }
    }
}

#[test]
fn only_the_scenarios_sections_appear() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rtb = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rtb-matrix.ron");
    let memo_path = dir.path().join("rtb.md");
    perfcase(&[
        "report",
        rtb.to_str().expect("utf-8"),
        "--out",
        memo_path.to_str().expect("utf-8"),
    ]);
    let memo = std::fs::read_to_string(&memo_path)
        .expect("memo")
        .replace('\u{a0}', " ");
    assert!(memo.contains("## Decision matrix"));
    assert!(memo.contains("below **16.1** Go wins"), "{memo}");
    assert!(
        memo.contains("- Winner's lead: Rust's total − Go's = 410 − 365 = **45**."),
        "{memo}"
    );
    for absent in ["## Where the time goes", "## Payback", "**Driver:**"] {
        assert!(!memo.contains(absent), "{absent} in a matrix-only memo");
    }
}

#[test]
fn the_orders_memo_says_no_language_can_close_the_gap() {
    let dir = tempfile::tempdir().expect("temp dir");
    let orders = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/orders-trace.ron");
    let memo_path = dir.path().join("orders.md");
    perfcase(&[
        "report",
        orders.to_str().expect("utf-8"),
        "--out",
        memo_path.to_str().expect("utf-8"),
    ]);
    let memo = std::fs::read_to_string(&memo_path)
        .expect("memo")
        .replace('\u{a0}', " ");
    assert!(
        memo.contains("No language can close the SLO gap: ceiling 1.01× < required 2.85×."),
        "{memo}"
    );
    assert!(
        memo.contains(
            "- Speedup the SLO needs: total ÷ latency SLO = 856 ms ÷ 300 ms = **2.85×**."
        ),
        "{memo}"
    );
    // Revisit trigger: (1 − 300/855.5) / (1 − 1/10) = 72.1 %.
    assert!(memo.contains("own code grows to **72.1 %**"), "{memo}");
}

#[test]
fn every_chart_perfcase_lists_is_linked_from_the_memo() {
    // `perfcase charts` and the memo both come from the chart registry;
    // a chart drawn but not linked (cost_scaling once was) fails here.
    let dir = tempfile::tempdir().expect("temp dir");
    for sample in &samples::ALL {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(sample.file_name);
        let path = path.to_str().expect("utf-8");
        let listed = String::from_utf8(perfcase(&["charts", path]).stdout).expect("utf-8");
        let names: Vec<&str> = listed
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert!(!names.is_empty(), "{}: no charts", sample.file_name);
        let stem = Path::new(sample.file_name)
            .file_stem()
            .expect("a name")
            .to_string_lossy();
        let memo_path = dir.path().join(format!("{stem}.md"));
        perfcase(&["report", path, "--out", memo_path.to_str().expect("utf-8")]);
        let memo = std::fs::read_to_string(&memo_path).expect("memo");
        for name in names {
            assert!(
                memo.contains(&format!("/{name}.svg)")),
                "{}: the {name} chart is not linked from the memo",
                sample.file_name
            );
        }
    }
}

#[test]
fn the_funding_memo_opens_with_the_summary_and_break_even_leads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/funding-memo.ron");
    let path = path.to_str().expect("utf-8");
    let memo_path = dir.path().join("memo.md");
    perfcase(&["report", path, "--out", memo_path.to_str().expect("utf-8")]);
    let memo = std::fs::read_to_string(&memo_path)
        .expect("memo")
        .replace('\u{a0}', " ");
    let json: serde_json::Value =
        serde_json::from_slice(&perfcase(&["eval", path, "--json"]).stdout).expect("json");
    // The summary comes right after the title, before any section.
    let summary = memo.split("\n## ").nth(1).expect("a first section");
    assert!(summary.starts_with("Summary\n"), "{memo}");
    // Worked by hand: $420 k spread over a 4-month build, then 120 k × 55 %
    // a month growing 20 %/year: the cumulative turns ≥ 0 at month 9.72
    // (9.7246). The kill reduction: break-even by month 12 needs
    // r · 120 k · Σ_{m=5}^{12} (1 + 0.2/12)^(m−1) ≥ 420 k, r = 38.6 %
    // (0.386213).
    assert!(
        summary.contains("- **Break-even:** month 9.72 on the cash-flow timeline"),
        "{summary}"
    );
    assert!(
        summary.contains("below 38.6 % (below it, break-even comes after month 12)"),
        "{summary}"
    );
    // The probability is the Monte Carlo's break-even one, as eval prints it.
    let p = json["uncertainty"]["probabilities"]["break_even_within_target"]
        .as_f64()
        .expect("a probability");
    assert!(
        summary.contains(&format!(
            "; {} probability of breaking even by month 12",
            percent(p).replace('\u{a0}', " ")
        )),
        "{summary}"
    );
    assert!(summary.contains(
        "- **Recommendation:** Fund Rust hot path: 6 engineers for 4 months, $420 k one-time"
    ));
    // The simple payback is labelled as such, never the lead.
    assert!(
        summary.contains(
            "Simple payback (one-time ÷ monthly saving, ignoring the build): 6.36 months"
        )
    );
    // Notes go to an appendix; figures have captions, not PNG lines.
    assert!(memo.contains("## Appendix: notes"));
    assert!(!memo.contains("(PNG:"));
    assert!(memo.contains("*Figure 1: "));
    // No table column that says nothing: no span runs concurrently here.
    assert!(!memo.contains("| concurrent |"), "{memo}");
}
