//! The memo's tables: what a list of rows needs beyond the explained
//! numbers (spans, levers, the matrix, instance types, trade-off rows, the
//! ranges assumed).

use std::fmt::Write as _;

use crate::format::{grouped, markdown_cell, percent, quantity};
use crate::model::budget::{Budget, BudgetEval};
use crate::model::cost::{Cost, CostEval};
use crate::model::matrix::{Matrix, MatrixEval};
use crate::model::tradeoff::{Tradeoff, TradeoffEval};
use crate::model::uncertain::Uncertainty;
use crate::model::unit::Unit;
use crate::report::explain::Words;
use crate::report::verdict;

use super::table::{Align, Table};

/// Where the time goes, span by span.
pub fn spans(out: &mut String, input: &Budget, b: &BudgetEval) {
    let unit = input.unit.symbol();
    let time = format!("time ({unit})");
    let mut table = Table::new(&[
        ("span", Align::Left),
        ("kind", Align::Left),
        (&time, Align::Right),
        ("share", Align::Right),
        ("concurrent", Align::Center),
        ("lever", Align::Left),
    ]);
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
        table.row(vec![
            span.name.clone(),
            span.kind.label().to_owned(),
            quantity(span.time.point()),
            share,
            if span.concurrent { "yes" } else { "" }.to_owned(),
            lever,
        ]);
    }
    table.write(out);
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
    let mut table = Table::new(&[
        ("lever", Align::Left),
        ("span", Align::Left),
        ("saves", Align::Right),
        ("total after", Align::Right),
        ("effort", Align::Right),
        ("saved per effort-day", Align::Right),
    ]);
    for (k, l) in b.levers.iter().enumerate() {
        table.row(vec![
            format!("{}. {}", k + 1, l.name()),
            l.span.clone(),
            time(l.saved),
            time(l.total_after),
            l.effort_days
                .map_or("—".to_owned(), |d| words.show(d, Unit::Days)),
            l.saved_per_effort_day
                .map_or("—".to_owned(), |x| format!("{}/day", time(x))),
        ]);
    }
    table.write(out);
}

/// The matrix's weights and scores, its totals, and what would flip it.
pub fn matrix(out: &mut String, input: &Matrix, m: &MatrixEval) {
    let mut header = vec![("criterion", Align::Left), ("weight", Align::Right)];
    header.extend(
        input
            .candidates
            .iter()
            .map(|c| (c.name.as_str(), Align::Right)),
    );
    let mut table = Table::new(&header);
    for (j, criterion) in input.criteria.iter().enumerate() {
        let mut row = vec![criterion.name.clone(), quantity(criterion.weight.point())];
        row.extend((0..input.candidates.len()).map(|c| quantity(input.score(c, j))));
        table.row(row);
    }
    let mut totals = vec!["Σ weight × score".to_owned(), quantity(m.weight_sum)];
    totals.extend((0..input.candidates.len()).map(|c| {
        quantity(
            m.totals
                .iter()
                .find(|t| t.index == c)
                .map_or(0.0, |t| t.total),
        )
    }));
    table.row(totals);
    table.write(out);
    let _ = writeln!(out, "### What would flip it\n");
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
    let mut table = Table::new(&[
        ("instance type", Align::Left),
        ("capacity", Align::Right),
        ("price", Align::Right),
        ("instances", Align::Right),
        ("per month", Align::Right),
    ]);
    for (t, e) in input.instance_types.iter().zip(&c.instance_types) {
        table.row(vec![
            t.name.clone(),
            words.show(t.capacity_per_s.point(), Unit::PerSecond),
            words.show(t.price_per_hour.point(), Unit::MoneyPerHour),
            e.instances.to_string(),
            words.show(e.monthly_cost, Unit::MoneyPerMonth),
        ]);
    }
    table.write(out);
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
    let mut table = Table::new(&[
        ("choice", Align::Left),
        ("total / month", Align::Right),
        ("p99", Align::Right),
        ("meets SLO", Align::Center),
        ("precision", Align::Right),
        ("accuracy", Align::Right),
        ("misses / month", Align::Right),
        ("false alarms / month", Align::Right),
        ("errors / month", Align::Right),
        ("infrastructure / month", Align::Right),
        ("per 1,000", Align::Right),
    ]);
    for row in &t.choices {
        table.row(vec![
            format!(
                "{}{}",
                row.choice,
                if row.pareto { "" } else { " (dominated)" }
            ),
            money(row.total_per_month),
            words.show(row.p99_ms, Unit::Ms),
            if n.latency_slo_ms.is_none() {
                String::new()
            } else if row.meets_slo {
                "yes".to_owned()
            } else {
                "no".to_owned()
            },
            row.precision
                .map_or("—".to_owned(), |p| words.show(p, Unit::Fraction)),
            words.show(row.accuracy, Unit::Fraction),
            words.show(row.false_negatives_per_month, Unit::Count),
            words.show(row.false_positives_per_month, Unit::Count),
            money(row.error_cost_per_month),
            money(row.infra_per_month),
            words.show(row.cost_per_1k, Unit::Money),
        ]);
    }
    table.write(out);
    let _ = writeln!(
        out,
        "Accuracy = π·recall + (1 − π)·(1 − false-positive rate) says little here: a model that flags nothing is {} accurate at this base rate; precision (the share of flags that are right) and the error cost are what differ.\n",
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
pub fn ranges(
    out: &mut String,
    words: &Words,
    u: &Uncertainty,
    evidence: Option<&crate::model::evidence::EvidenceEval>,
) {
    let _ = writeln!(
        out,
        "The inputs below are ranges, not single numbers: 90 % intervals (5th to 95th percentile) \
         unless uniform or PERT, drawn independently (except where noted) in {} Monte Carlo samples (seed {}). \
         Every number above uses their point values (the median; the most likely value for PERT).\n",
        grouped(u.samples as f64, 0),
        u.seed
    );
    if let Some(limit) = u.limited {
        // The file asked for more: say why the memo's figures rest on fewer.
        let _ = writeln!(out, "Fewer samples than the scenario asks for: {limit}.\n");
    }
    let mut table = Table::new(&[
        ("input", Align::Left),
        ("range", Align::Left),
        ("shape", Align::Left),
        ("point value", Align::Right),
        ("evidence", Align::Left),
    ]);
    for row in &u.inputs {
        let show = |x: f64| words.show(x, row.unit);
        let mut shape = match row.mode {
            Some(mode) => format!("PERT, most likely {}", show(mode)),
            None => row.shape.to_owned(),
        };
        if let Some(other) = &row.drawn_with {
            shape.push_str(&format!("; drawn together with {other}"));
        }
        table.row(vec![
            row.label.clone(),
            format!("{} – {}", show(row.low), show(row.high)),
            shape,
            show(row.point),
            evidence.map_or(String::new(), |e| match e.source(&row.path) {
                Some(source) => format!("measured: {}", markdown_cell(source)),
                None => "assumed".to_owned(),
            }),
        ]);
    }
    table.write(out);
}

/// Each trade-off row's chance of being best (cheapest meeting the SLO) and
/// its total's spread; rows whose total does not move and is never best
/// are left out, and nothing is written when no row's total moves.
pub fn tradeoff_spread(out: &mut String, words: &Words, u: &Uncertainty) {
    if u.rows.is_empty() || u.rows.iter().all(|(total, _)| total.p10 == total.p90) {
        return;
    }
    let money = |x: Option<f64>| x.map_or("—".to_owned(), |x| words.show(x, Unit::MoneyPerMonth));
    let _ = writeln!(
        out,
        "\nEach choice's chance of being best (the cheapest that meets the SLO) and its total per month:\n"
    );
    let mut table = Table::new(&[
        ("choice", Align::Left),
        ("P(best)", Align::Right),
        ("total P10", Align::Right),
        ("P50", Align::Right),
        ("P90", Align::Right),
    ]);
    for ((total, _), share) in u.rows.iter().zip(&u.best_share) {
        if total.p10 == total.p90 && share.probability == 0.0 {
            continue;
        }
        table.row(vec![
            share.name.clone(),
            percent(share.probability),
            money(total.p10),
            money(total.p50),
            money(total.p90),
        ]);
    }
    table.write(out);
}
