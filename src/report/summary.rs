//! `perfcase eval` without `--json`: every section's explained numbers, as
//! the headline and the memo word them, for the terminal.

use std::fmt::Write as _;

use super::explain::{Explanation, Words, explain};
use crate::format::{grouped, share_of};
use crate::model::outputs::Metric;
use crate::model::uncertain::Uncertainty;
use crate::model::uncertain::summary::Summary;
use crate::model::unit::Unit;
use crate::model::{Evaluation, Scenario};

/// Every section's verdict and numbers, one number a line with the formula
/// and inputs it came from, then the Monte Carlo's spreads.
pub fn summary(
    scenario: &Scenario,
    eval: &Evaluation,
    uncertainty: Option<&Uncertainty>,
) -> String {
    let mut out = String::new();
    let title = if eval.title.is_empty() {
        "(untitled scenario)"
    } else {
        &eval.title
    };
    let _ = writeln!(out, "{title}");
    for section in explain(scenario, eval, uncertainty) {
        section_lines(&mut out, &section);
    }
    if let Some(u) = uncertainty {
        uncertainty_lines(&mut out, &Words::of(scenario), u);
    }
    out
}

fn section_lines(out: &mut String, section: &Explanation) {
    let _ = writeln!(out, "\n{}", section.title);
    for line in section.verdict.lines() {
        let _ = writeln!(out, "  {line}");
    }
    let rows: Vec<(String, String, String)> = section
        .items
        .iter()
        .map(|i| (i.label.clone(), i.shown.clone(), i.derivation()))
        .collect();
    aligned(out, &rows);
}

/// Rows of (label, value, note), each column padded to its widest cell.
fn aligned(out: &mut String, rows: &[(String, String, String)]) {
    let width = |f: fn(&(String, String, String)) -> &String| {
        rows.iter().map(|r| f(r).chars().count()).max().unwrap_or(0)
    };
    let (label, value) = (width(|r| &r.0), width(|r| &r.1));
    for (l, v, note) in rows {
        let line = format!("  {l:<label$}  {v:<value$}  {note}");
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// "4.2 / 5.5 / 7.9": P10 / P50 / P90 of a summary, "never" where a
/// quantile is unbounded.
pub fn spread(s: &Summary, show: impl Fn(f64) -> String) -> String {
    let q = |x: Option<f64>| x.map_or("never".to_owned(), &show);
    format!("{} / {} / {}", q(s.p10), q(s.p50), q(s.p90))
}

/// The Monte Carlo lines: the deciding numbers' P10 / P50 / P90 (those the
/// ranges move) and what to measure next.
fn uncertainty_lines(out: &mut String, words: &Words, u: &Uncertainty) {
    let _ = writeln!(
        out,
        "\nUncertainty ({} samples, seed {}; P10 / P50 / P90)",
        grouped(u.samples as f64, 0),
        u.seed
    );
    let mut rows = Vec::new();
    let mut row = |label: String, value: String| rows.push((label, value, String::new()));
    for metric in Metric::DECIDING {
        if let Some(s) = u.summary(metric).filter(|s| s.p10 != s.p90) {
            row(
                metric.label().to_owned(),
                spread(&s, |x| words.show(x, metric.unit())),
            );
        }
    }
    for (p, share) in &u.shares_yes {
        let count = (share * u.samples as f64).round() as u64;
        row(format!("P({})", p.says()), share_of(count, u.samples));
    }
    let fraction = |x: f64| words.show(x, Unit::Fraction);
    for share in &u.win_probability {
        row(
            format!("P({} wins the matrix)", share.name),
            fraction(share.probability),
        );
    }
    for share in &u.best_share {
        row(
            format!("P({} is best)", share.name),
            fraction(share.probability),
        );
    }
    if let Some((metric, top)) = u
        .lead_tornado()
        .and_then(|m| u.tornado_for(m).next().map(|top| (m, top)))
    {
        row(
            "Measure next".to_owned(),
            format!(
                "{}: it moves the {} most",
                top.label,
                metric.label().to_lowercase()
            ),
        );
    }
    aligned(out, &rows);
}
