//! A readable plain-text summary of an evaluation, for the terminal.

use crate::model::outputs::{Metric, Probability};
use std::fmt::Write as _;

use crate::format::{grouped, money, months, percent, quantity, speedup};
use crate::model::budget::BudgetEval;
use crate::model::matrix::MatrixEval;
use crate::model::payback::PaybackEval;
use crate::model::uncertain::Uncertainty;
use crate::model::uncertain::summary::Summary;
use crate::model::{Evaluation, Scenario};

/// The headline numbers of every section, one per line, with the formula
/// each came from.
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
    if let (Some(input), Some(b)) = (&scenario.budget, &eval.budget) {
        budget(&mut out, input.unit.symbol(), b);
    }
    if let Some(m) = &eval.matrix {
        matrix(&mut out, m);
    }
    if let Some(p) = &eval.payback {
        let target = scenario
            .payback
            .as_ref()
            .map_or(12.0, |p| p.target_payback_months.point());
        payback(&mut out, p, target);
    }
    if let Some(l) = &eval.load {
        if let Some(q) = &l.queue {
            let _ = writeln!(out, "\nLoad (queue)");
            let _ = writeln!(
                out,
                "  utilisation               {}{}",
                percent(q.utilization),
                if q.saturated { " — saturated" } else { "" }
            );
            if let (Some(mean), Some(pct)) = (q.mean_response_ms, q.percentile_response_ms) {
                let _ = writeln!(
                    out,
                    "  mean / percentile         {} ms / {} ms",
                    quantity(mean),
                    quantity(pct)
                );
            }
            match (q.max_arrival_per_s, q.months_to_breach) {
                (Some(max), Some(m)) => {
                    let _ = writeln!(
                        out,
                        "  SLO breaks at             {}/s, in {} months",
                        quantity(max),
                        grouped(m, 1)
                    );
                }
                (Some(max), None) => {
                    let _ = writeln!(out, "  SLO breaks at             {}/s", quantity(max));
                }
                (None, _) => {
                    let _ = writeln!(
                        out,
                        "  SLO unreachable at any load (the service time alone misses it)"
                    );
                }
            }
        }
        if let Some(u) = &l.usl {
            let _ = writeln!(out, "\nLoad (USL fit)");
            let _ = writeln!(
                out,
                "  alpha {}, beta {:.3e}, gamma {}",
                grouped(u.alpha, 4),
                u.beta,
                quantity(u.gamma)
            );
            if let (Some(n), Some(x)) = (u.peak_concurrency, u.max_throughput) {
                let _ = writeln!(out, "  peak {}/s at N = {}", quantity(x), grouped(n, 1));
            }
        }
    }
    if let Some(c) = &eval.cost {
        let _ = writeln!(out, "\nCost");
        let _ = writeln!(
            out,
            "  in flight (Little)        {}",
            quantity(c.concurrency)
        );
        for t in &c.instance_types {
            let _ = writeln!(
                out,
                "  {} × {:<30} {}/month",
                t.instances,
                t.name,
                money(t.monthly_cost)
            );
        }
        let _ = writeln!(
            out,
            "  total per month           {} (compute {}, egress {}, storage {})",
            money(c.total_per_month),
            money(c.compute_per_month),
            money(c.egress_per_month),
            money(c.storage_per_month)
        );
    }
    if let Some(u) = uncertainty {
        uncertainty_lines(&mut out, scenario, u);
    }
    out
}

fn yes_no(x: Option<bool>) -> &'static str {
    match x {
        Some(true) => "meets the SLO",
        Some(false) => "misses the SLO",
        None => "no SLO",
    }
}

fn budget(out: &mut String, unit: &str, b: &BudgetEval) {
    let s = b.language_speedup;
    let _ = writeln!(out, "\nBudget");
    let _ = writeln!(
        out,
        "  total (critical path)     {} {unit}",
        quantity(b.total)
    );
    let _ = writeln!(
        out,
        "  own code                  {} {unit} = f {} of the total",
        quantity(b.own_code),
        percent(b.own_code_fraction)
    );
    let _ = writeln!(
        out,
        "  language {}           speedup {} (1 / ((1 − f) + f/s)), total {} {unit} — {}",
        speedup(s),
        speedup(b.amdahl_speedup),
        quantity(b.total_after_language),
        yes_no(b.meets_slo_after_language)
    );
    let ceiling = b.ceiling().map_or("unbounded".to_owned(), speedup);
    let _ = writeln!(out, "  Amdahl ceiling            {ceiling} (1 / (1 − f))");
    for lever in &b.levers {
        let per_day = lever
            .saved_per_effort_day
            .map(|x| format!(", {} {unit}/effort-day", quantity(x)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  lever: {} on {:?}: saves {} {unit} → {} {unit}{per_day}",
            lever.label,
            lever.span,
            quantity(lever.saved),
            quantity(lever.total_after)
        );
    }
    if !b.levers.is_empty() {
        let _ = writeln!(
            out,
            "  all levers                {} {unit} — {}; with the language {} {unit} — {}",
            quantity(b.total_after_levers),
            yes_no(b.meets_slo_after_levers),
            quantity(b.total_after_all),
            yes_no(b.meets_slo_after_all)
        );
    }
    if let Some(required) = b.required_speedup {
        let verdict = match (b.language_speedup_needed(), b.ceiling()) {
            (Some(x), _) => format!("a {} language closes it", speedup(x)),
            (None, Some(c)) => format!(
                "unreachable by any language: ceiling {} < required {}",
                speedup(c),
                speedup(required)
            ),
            (None, None) => "unreachable".to_owned(),
        };
        let _ = writeln!(
            out,
            "  SLO gap                   {} needed today ({}); {verdict}",
            speedup(required),
            yes_no(b.meets_slo_now)
        );
    }
    if let Some(t) = b.throughput_after_language {
        let _ = writeln!(out, "  throughput after language {}/s", quantity(t));
    }
}

fn matrix(out: &mut String, m: &MatrixEval) {
    let _ = writeln!(out, "\nMatrix (weights sum to {})", quantity(m.weight_sum));
    for t in &m.totals {
        let _ = writeln!(
            out,
            "  #{} {:<24} {}",
            t.rank,
            t.candidate,
            quantity(t.total)
        );
    }
    match (&m.winner, m.margin) {
        (Some(w), Some(margin)) => {
            let _ = writeln!(out, "  winner: {w}, by {}", quantity(margin));
        }
        (Some(w), None) => {
            let _ = writeln!(out, "  winner: {w} (the only candidate)");
        }
        (None, _) => {
            let _ = writeln!(out, "  tie at the top: {}", m.tied.join(", "));
        }
    }
    for f in &m.flips {
        let text =
            super::verdict::flip_text(f, "").unwrap_or_else(|| "no weight flips it".to_owned());
        let _ = writeln!(
            out,
            "  {} (now {}): {text}",
            f.criterion,
            quantity(f.weight)
        );
    }
}

fn payback(out: &mut String, p: &PaybackEval, target: f64) {
    let _ = writeln!(out, "\nPayback");
    let _ = writeln!(
        out,
        "  saving                    {}/month, {}/year",
        money(p.monthly_saving),
        money(p.annual_saving)
    );
    let _ = writeln!(
        out,
        "  one-time cost             {}",
        money(p.one_time_cost)
    );
    let payback = p
        .payback()
        .map_or("never (nothing saved)".to_owned(), months);
    let _ = writeln!(
        out,
        "  payback                   {payback} (one-time / monthly saving)"
    );
    let break_even = p
        .break_even()
        .map_or("not within the horizon".to_owned(), |m| {
            format!("month {}", grouped(m, 1))
        });
    let _ = writeln!(out, "  break-even on timeline    {break_even}");
    let _ = writeln!(out, "  NPV                       {}", money(p.npv));
    if let Some(roi) = p.return_on_investment() {
        let _ = writeln!(out, "  ROI over the horizon      {}", percent(roi));
    }
    if let Some(kill) = crate::report::verdict::kill_criterion(p, target) {
        let _ = writeln!(out, "  kill criterion            {kill}");
    }
}

/// "4.2 / 5.5 / 7.9": P10 / P50 / P90 of a summary, "∞" where a quantile is unbounded.
pub fn spread(s: &Summary, show: impl Fn(f64) -> String) -> String {
    let q = |x: Option<f64>| x.map_or("∞".to_owned(), &show);
    format!("{} / {} / {}", q(s.p10), q(s.p50), q(s.p90))
}

/// The Monte Carlo lines: the deciding numbers' P10 / P50 / P90, the
/// probabilities, and what to measure next.
fn uncertainty_lines(out: &mut String, scenario: &Scenario, u: &Uncertainty) {
    let _ = writeln!(
        out,
        "\nUncertainty ({} samples, seed {}; P10 / P50 / P90)",
        grouped(u.samples as f64, 0),
        u.seed
    );
    let unit = scenario.budget.as_ref().map_or("", |b| b.unit.symbol());
    type Show = Box<dyn Fn(f64) -> String>;
    let rows: [(Metric, &str, Show); 6] = [
        (
            Metric::Total,
            "total now",
            Box::new(move |x| format!("{} {unit}", quantity(x))),
        ),
        (
            Metric::TotalAfterAll,
            "total after all",
            Box::new(move |x| format!("{} {unit}", quantity(x))),
        ),
        (Metric::AmdahlSpeedup, "Amdahl speedup", Box::new(speedup)),
        (Metric::MonthlySaving, "monthly saving", Box::new(money)),
        (Metric::PaybackMonths, "payback", Box::new(months)),
        (Metric::Npv, "NPV", Box::new(money)),
    ];
    for (path, name, show) in rows {
        // Numbers the ranges do not move are in the lines above.
        if let Some(s) = u.summary(path).filter(|s| s.p10 != s.p90) {
            let _ = writeln!(out, "  {name:<26}{}", spread(&s, show));
        }
    }
    let target = scenario
        .payback
        .as_ref()
        .map(|p| p.target_payback_months.point());
    for (key, name) in [
        (
            Probability::PaybackWithinTarget,
            format!("P(payback ≤ {})", target.map_or(String::new(), months)),
        ),
        (Probability::NpvPositive, "P(NPV > 0)".to_owned()),
        (Probability::MeetsSloNow, "P(meets SLO now)".to_owned()),
        (
            Probability::MeetsSloAfterAll,
            "P(meets SLO after all)".to_owned(),
        ),
        (
            Probability::LoadMeetsSlo,
            "P(queue meets its SLO)".to_owned(),
        ),
    ] {
        if let Some(p) = u.probability(key) {
            let _ = writeln!(out, "  {name:<26}{}", percent(p));
        }
    }
    for output in [Metric::PaybackMonths, Metric::TotalAfterAll] {
        if let Some(row) = u.tornado_for(output).next() {
            let what = if output == Metric::PaybackMonths {
                "payback"
            } else {
                "the total after all fixes"
            };
            let _ = writeln!(
                out,
                "  measure next              {}: it moves {what} most",
                row.label
            );
            break;
        }
    }
}
