//! The memo's tables: what a list of rows needs beyond the explained
//! numbers (spans, levers, the matrix, instance types, trade-off rows, the
//! ranges assumed).

use std::fmt::Write as _;

use crate::format::{grouped, percent, quantity};
use crate::model::budget::{Budget, BudgetEval};
use crate::model::cost::{Cost, CostEval};
use crate::model::matrix::{Matrix, MatrixEval};
use crate::model::tradeoff::{Tradeoff, TradeoffEval};
use crate::model::uncertain::Uncertainty;
use crate::model::unit::Unit;
use crate::report::explain::Words;
use crate::report::verdict;

/// Where the time goes, span by span.
pub fn spans(out: &mut String, input: &Budget, b: &BudgetEval) {
    let unit = input.unit.symbol();
    let _ = writeln!(
        out,
        "| span | kind | time ({unit}) | share | concurrent | lever |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|:---:|---|");
    for span in &input.spans {
        let lever = span
            .lever
            .as_ref()
            .map_or("—".to_owned(), |l| l.describe(unit));
        let share = if b.total > 0.0 {
            percent(span.time.point() / b.total)
        } else {
            "—".into()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {share} | {} | {lever} |",
            span.name,
            span.kind.label(),
            quantity(span.time.point()),
            if span.concurrent { "yes" } else { "" }
        );
    }
    let _ = writeln!(out);
}

/// The cheap fixes, each applied alone, ranked by the time it saves.
pub fn levers(out: &mut String, words: &Words, b: &BudgetEval) {
    if b.levers.is_empty() {
        return;
    }
    let time = |x: f64| words.show(x, Unit::SpanTime);
    let _ = writeln!(out, "## Cheap fixes first\n");
    let _ = writeln!(
        out,
        "Each lever applied alone, ranked by the time it saves (saved = total − total after).\n"
    );
    let _ = writeln!(
        out,
        "| # | lever | span | saves | total after | effort | saved per effort-day |"
    );
    let _ = writeln!(out, "|---:|---|---|---:|---:|---:|---:|");
    for (k, l) in b.levers.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            k + 1,
            l.name(),
            l.span,
            time(l.saved),
            time(l.total_after),
            l.effort_days
                .map_or("—".to_owned(), |d| words.show(d, Unit::Days)),
            l.saved_per_effort_day
                .map_or("—".to_owned(), |x| format!("{}/day", time(x)))
        );
    }
    let _ = writeln!(out);
}

/// The matrix's weights and scores, its totals, and what would flip it.
pub fn matrix(out: &mut String, input: &Matrix, m: &MatrixEval) {
    let _ = write!(out, "| criterion | weight |");
    for c in &input.candidates {
        let _ = write!(out, " {} |", c.name);
    }
    let _ = write!(out, "\n|---|---:|");
    for _ in &input.candidates {
        let _ = write!(out, "---:|");
    }
    let _ = writeln!(out);
    for (j, criterion) in input.criteria.iter().enumerate() {
        let _ = write!(
            out,
            "| {} | {} |",
            criterion.name,
            quantity(criterion.weight.point())
        );
        for c in 0..input.candidates.len() {
            let _ = write!(out, " {} |", quantity(input.score(c, j)));
        }
        let _ = writeln!(out);
    }
    let _ = write!(out, "| Σ weight × score | {} |", quantity(m.weight_sum));
    for c in 0..input.candidates.len() {
        let total = m
            .totals
            .iter()
            .find(|t| t.index == c)
            .map_or(0.0, |t| t.total);
        let _ = write!(out, " {} |", quantity(total));
    }
    let _ = writeln!(out, "\n\n### What would flip it\n");
    let _ = writeln!(
        out,
        "Moving one weight, the others rescaled proportionally to keep the sum:\n"
    );
    for f in &m.flips {
        let text = verdict::flip_text(f, "**").unwrap_or_else(|| "no weight flips it".to_owned());
        let _ = writeln!(
            out,
            "- {} (now {}): {text}",
            f.criterion,
            quantity(f.weight)
        );
    }
    let _ = writeln!(out);
}

/// Each instance type sized for the load.
pub fn instances(out: &mut String, words: &Words, input: &Cost, c: &CostEval) {
    if c.instance_types.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "| instance type | capacity | price | instances | per month |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    for (t, e) in input.instance_types.iter().zip(&c.instance_types) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            t.name,
            words.show(t.capacity_per_s.point(), Unit::PerSecond),
            words.show(t.price_per_hour.point(), Unit::MoneyPerHour),
            e.instances,
            words.show(e.monthly_cost, Unit::MoneyPerMonth)
        );
    }
    let _ = writeln!(out);
}

/// Each choice's errors, cost and latency, and each cascade.
pub fn tradeoff(out: &mut String, words: &Words, input: &Tradeoff, t: &TradeoffEval) {
    let n = input.nums();
    let money = |x: f64| words.show(x, Unit::MoneyPerMonth);
    let slo = n.latency_slo_ms.map_or("no latency SLO".to_owned(), |s| {
        format!("a p99 SLO of {}", words.show(s, Unit::Ms))
    });
    let _ = writeln!(
        out,
        "{} decisions a month, {} of them positive; a false positive costs {}, a false negative {}; {slo}.\n",
        words.show(n.volume_per_month, Unit::Count),
        words.show(n.positive_rate, Unit::Fraction),
        words.show(n.false_positive_cost, Unit::Money),
        words.show(n.false_negative_cost, Unit::Money)
    );
    let _ = writeln!(
        out,
        "| choice | total / month | p99 | meets SLO | precision | accuracy | misses / month | false alarms / month | errors / month | infrastructure | per 1,000 |"
    );
    let _ = writeln!(
        out,
        "|---|---:|---:|:---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for row in &t.choices {
        let _ = writeln!(
            out,
            "| {}{} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.choice,
            if row.pareto { "" } else { " (dominated)" },
            money(row.total_per_month),
            words.show(row.p99_ms, Unit::Ms),
            if row.meets_slo { "yes" } else { "no" },
            row.precision
                .map_or("—".to_owned(), |p| words.show(p, Unit::Fraction)),
            words.show(row.accuracy, Unit::Fraction),
            words.show(row.false_negatives_per_month, Unit::Count),
            words.show(row.false_positives_per_month, Unit::Count),
            money(row.error_cost_per_month),
            money(row.infra_per_month),
            words.show(row.cost_per_1k, Unit::Money)
        );
    }
    let _ = writeln!(
        out,
        "\nAccuracy = π·recall + (1 − π)·(1 − false-positive rate) says little here: a model that flags nothing is {} accurate at this base rate; precision (the share of flags that are right) and the error cost are what differ.\n",
        words.show(1.0 - n.positive_rate, Unit::Fraction)
    );
    for (k, cascade) in input.cascades.iter().enumerate() {
        let Some(row) = t.choices.get(input.choices.len() + k) else {
            continue;
        };
        let infra = |i: usize| n.choices.get(i).map_or(0.0, |c| c.infra_per_month);
        let share = cascade.escalate_share.point();
        let _ = write!(
            out,
            "- {}: {} on every decision and {} on {} of them; p99 from the log-normal mixture = {}, infrastructure {} + {} × {} = {}.",
            cascade.name,
            cascade.first,
            cascade.second,
            percent(share),
            words.show(row.p99_ms, Unit::Ms),
            money(infra(n.cascades[k].first)),
            percent(share),
            money(infra(n.cascades[k].second)),
            money(row.infra_per_month)
        );
        match row.max_escalate_share {
            Some(max) => {
                let _ = writeln!(
                    out,
                    " Escalating up to {} of decisions keeps p99 within the SLO.",
                    percent(max)
                );
            }
            None if n.latency_slo_ms.is_some() => {
                let _ = writeln!(out, " Even with nothing escalated, p99 misses the SLO.");
            }
            None => {
                let _ = writeln!(out);
            }
        }
    }
    let _ = writeln!(out);
}

/// The ranges the scenario assumes.
pub fn ranges(out: &mut String, words: &Words, u: &Uncertainty) {
    let _ = writeln!(
        out,
        "The inputs below are ranges, not single numbers: 90 % intervals (5th to 95th percentile) \
         unless uniform or PERT, drawn independently in {} Monte Carlo samples (seed {}). \
         Every number above uses their point values (the median; the most likely value for PERT).\n",
        grouped(u.samples as f64, 0),
        u.seed
    );
    let _ = writeln!(out, "| input | range | shape | point value |");
    let _ = writeln!(out, "|---|---|---|---:|");
    for row in &u.inputs {
        let show = |x: f64| words.show(x, row.unit);
        let shape = match row.mode {
            Some(mode) => format!("PERT, most likely {}", show(mode)),
            None => row.shape.to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} | {} – {} | {shape} | {} |",
            row.label,
            show(row.low),
            show(row.high),
            show(row.point)
        );
    }
    let _ = writeln!(out);
}
