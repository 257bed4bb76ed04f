//! One-sentence verdicts for each section: the line a staff engineer would
//! say in the meeting, computed from the evaluation.

use crate::format::{grouped, months, percent, quantity, speedup};
use crate::model::budget::BudgetEval;
use crate::model::domain::finite;
use crate::model::matrix::{CriterionFlip, MatrixEval};
use crate::model::outputs::{Metric, Probability};
use crate::model::payback::{Payback, PaybackEval, PaybackNums};
use crate::model::uncertain::Uncertainty;
use crate::model::unit::Unit;
use crate::report::explain::Words;

/// What the language buys, what the best lever buys, and whether the SLO can be met.
pub fn budget(b: &BudgetEval, unit: &str) -> String {
    let mut parts = Vec::new();
    let language_gain = 1.0 - 1.0 / b.amdahl_speedup;
    parts.push(format!(
        "A {} language cuts the total by {} ({} → {}\u{a0}{unit})",
        speedup(b.language_speedup),
        percent(language_gain),
        quantity(b.total),
        quantity(b.total_after_language)
    ));
    if let Some(best) = b.levers.first().filter(|l| l.saved > 0.0) {
        parts.push(format!(
            "the best lever, {}, cuts it by {} ({}\u{a0}{unit} saved)",
            best.name(),
            percent(best.saved / b.total),
            quantity(best.saved)
        ));
    }
    let mut sentence = parts.join("; ") + ".";
    if let Some(required) = b.required_speedup {
        let slo = if b.meets_slo_now == Some(true) {
            " The SLO is already met.".to_owned()
        } else {
            match (b.language_speedup_needed(), b.ceiling()) {
                (None, Some(ceiling)) => format!(
                    " No language can close the SLO gap: ceiling {} < required {}.",
                    speedup(ceiling),
                    speedup(required)
                ),
                (None, None) => " No language can close the SLO gap.".to_owned(),
                (Some(needed), _) => format!(
                    " The SLO needs {} overall: a {} language would do it.",
                    speedup(required),
                    speedup(needed)
                ),
            }
        };
        sentence.push_str(&slo);
        if b.meets_slo_now == Some(false) && b.meets_slo_after_levers == Some(true) {
            sentence.push_str(" The levers alone meet it.");
        }
    }
    sentence
}

/// Who wins, by how much, and the nearest weight change that would flip it.
pub fn matrix(m: &MatrixEval) -> String {
    let Some(winner) = &m.winner else {
        let total = m.totals.first().map_or(0.0, |t| t.total);
        return format!(
            "Tie at the top: {} at {}; any change in weights decides it.",
            m.tied.join(" and "),
            quantity(total)
        );
    };
    let Some(margin) = m.margin else {
        return format!("{winner} is the only candidate.");
    };
    let runner_up = &m.totals[1];
    let mut sentence = format!(
        "{winner} wins by {} ({} vs {} for {})",
        quantity(margin),
        quantity(m.totals[0].total),
        quantity(runner_up.total),
        runner_up.candidate
    );
    // The flip needing the smallest weight change, as a share of the weight sum.
    let nearest = m
        .flips
        .iter()
        .flat_map(|f| {
            [("below", &f.below), ("above", &f.above)]
                .into_iter()
                .filter_map(move |(dir, flip)| flip.as_ref().map(|x| (f, dir, x)))
        })
        .min_by(|a, b| {
            (a.2.weight - a.0.weight)
                .abs()
                .total_cmp(&(b.2.weight - b.0.weight).abs())
        });
    match nearest {
        Some((f, dir, flip)) => sentence.push_str(&format!(
            "; the nearest flip: {} {dir} {} (now {}) makes {} the winner.",
            f.criterion,
            grouped(flip.weight, 1),
            quantity(f.weight),
            flip.winner
        )),
        None => sentence.push_str("; no single weight change flips it."),
    }
    sentence
}

/// The one-line driver at the top of a funding memo, in the seeds' style:
/// "Cloud cost — highest-volume CPU-bound service; measured 55 % compute
/// reduction, break-even in month 9.7". The month is the timeline's (build
/// first, then the growing bill), not the simple payback.
pub fn driver(input: &Payback, p: &PaybackEval) -> String {
    let category = if input.driver.trim().is_empty() {
        "Cloud cost"
    } else {
        input.driver.trim()
    };
    let payback = match p.break_even() {
        Some(m) => format!("break-even in month {}", quantity(m)),
        None if p.payback().is_none() => "no payback".to_owned(),
        None => "no break-even within the horizon".to_owned(),
    };
    format!(
        "{category}; measured {} compute reduction, {payback}",
        percent(p.reduction)
    )
}

/// What moving one criterion's weight does: "below 16.1 Go wins; above 40.0
/// Python wins", each weight wrapped in `emphasis` (`"**"` for Markdown);
/// `None` when no weight of it changes the winner.
pub fn flip_text(flip: &CriterionFlip, emphasis: &str) -> Option<String> {
    let parts: Vec<String> = [("below", &flip.below), ("above", &flip.above)]
        .into_iter()
        .filter_map(|(dir, f)| {
            f.as_ref().map(|f| {
                format!(
                    "{dir} {emphasis}{}{emphasis} {} wins",
                    grouped(f.weight, 1),
                    f.winner
                )
            })
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// When it breaks even on the timeline against the target, and the kill
/// criterion: "Breaks even in month 9.7 (after a 5-month build), within
/// the month-12 target. Kill criterion: …".
pub fn payback(p: &PaybackEval, n: &PaybackNums, words: &Words) -> String {
    let target = n.target_payback_months;
    if p.payback().is_none() {
        return "Never pays back: the measured reduction saves nothing.".to_owned();
    }
    let build = if n.build_months > 0.0 {
        format!(
            " (after {} of build)",
            words.show(n.build_months, Unit::Months)
        )
    } else {
        String::new()
    };
    let mut sentence = match p.break_even() {
        Some(month) if month <= target => format!(
            "Breaks even in month {}{build}, within the month-{} target.",
            quantity(month),
            quantity(target)
        ),
        Some(month) => format!(
            "Breaks even in month {}{build}, after the month-{} target.",
            quantity(month),
            quantity(target)
        ),
        None => format!(
            "Does not break even within the {} horizon{build}.",
            words.show(n.horizon_months, Unit::Months)
        ),
    };
    sentence.push_str(&format!(" Kill criterion: {}.", kill_criterion(p, n)));
    sentence
}

/// The kill criterion on the timeline in words: the measured reduction
/// below which break-even misses the target, and whether the team's own
/// threshold is safe against it.
pub fn kill_criterion(p: &PaybackEval, n: &PaybackNums) -> String {
    let target = quantity(n.target_payback_months);
    let mut text = match finite(p.kill_reduction) {
        Some(r) if r > 0.0 => format!(
            "stop if the reduction measured under production load is below {} \
             (below it, break-even comes after month {target})",
            percent(r)
        ),
        Some(_) => {
            format!("none needed: it breaks even by month {target} even with no bill reduction")
        }
        None => format!("none: even a 100 % reduction would not break even by month {target}"),
    };
    if let Some(threshold) = n.kill_below {
        text.push_str(&match p.kill_below_safe {
            Some(true) => format!("; the team's threshold of {} is safe", percent(threshold)),
            _ => format!(
                "; the team's threshold of {} is too low: a prototype just above it would still miss",
                percent(threshold)
            ),
        });
    }
    text
}

/// "P10 9, P90 40": a spread for sentences; "never" for an unbounded end.
fn spread_words(s: &crate::model::uncertain::summary::Summary, show: fn(f64) -> String) -> String {
    let q = |x: Option<f64>| x.map_or("never".to_owned(), show);
    format!("P10 {}, P90 {}", q(s.p10), q(s.p90))
}

/// The break-even in probabilities: "Breaks even by month 12 with 70 %
/// probability; median month 11 (P10 9.2, P90 13.3)."
pub fn uncertain_payback(u: &Uncertainty, target_months: f64) -> Option<String> {
    let p = u.probability(Probability::BreakEvenWithinTarget)?;
    let s = u.summary(Metric::BreakEvenMonth)?;
    let median = s
        .p50
        .map_or("never".to_owned(), |m| format!("month {}", quantity(m)));
    let mut text = format!(
        "Breaks even by month {} with {} probability; median {median} ({}).",
        quantity(target_months),
        percent(p),
        spread_words(&s, quantity)
    );
    if s.infinite > 0 {
        text.push_str(&format!(
            " In {} samples it never breaks even.",
            crate::format::share_of(s.infinite, u.samples)
        ));
    }
    Some(text)
}

/// The budget in probabilities: the total after every fix and the chance
/// the SLO holds.
pub fn uncertain_budget(u: &Uncertainty, unit: &str) -> Option<String> {
    let total = u.summary(Metric::TotalAfterAll)?;
    if total.p10 == total.p90 {
        return None;
    }
    let show = |x: Option<f64>| x.map_or("∞".to_owned(), quantity);
    let mut text = format!(
        "With the ranges, the total after every fix is {}–{}\u{a0}{unit} (P10–P90)",
        show(total.p10),
        show(total.p90)
    );
    match u.probability(Probability::MeetsSloAfterAll) {
        Some(p) => text.push_str(&format!(
            "; it meets the SLO with {} probability.",
            percent(p)
        )),
        None => text.push('.'),
    }
    Some(text)
}

/// The matrix in probabilities: each candidate's chance of winning.
pub fn uncertain_matrix(u: &Uncertainty) -> Option<String> {
    if u.win_probability.is_empty() {
        return None;
    }
    let mut shares: Vec<_> = u.win_probability.iter().collect();
    shares.sort_by(|a, b| b.probability.total_cmp(&a.probability));
    let parts: Vec<String> = shares
        .iter()
        .map(|s| format!("{} {}", s.name, percent(s.probability)))
        .collect();
    Some(format!("Probability of winning: {}.", parts.join(", ")))
}

/// The trade-off in one or two sentences: which row is best (cheapest
/// meeting the SLO), and what the cheapest row gives up when they differ.
pub fn tradeoff(
    t: &crate::model::tradeoff::TradeoffEval,
    slo_ms: Option<f64>,
    words: &Words,
) -> String {
    let money = |x: f64| words.show(x, Unit::Money);
    let row = |name: &Option<String>| {
        name.as_ref()
            .and_then(|n| t.choices.iter().find(|c| &c.choice == n))
    };
    let slo = slo_ms.map_or("the latency SLO".to_owned(), |s| {
        format!("the {} SLO", crate::format::amount(s, "ms"))
    });
    match (row(&t.best), row(&t.cheapest)) {
        (Some(best), Some(cheapest)) if best.choice == cheapest.choice => format!(
            "{} is cheapest in total ({}/month: {} of errors and {} of infrastructure) and its p99 of {}\u{a0}ms meets {slo}.",
            best.choice,
            money(best.total_per_month),
            money(best.error_cost_per_month),
            money(best.infra_per_month),
            quantity(best.p99_ms)
        ),
        (Some(best), Some(cheapest)) => format!(
            "{} is the cheapest choice that meets {slo}: {}/month in total, p99 {}\u{a0}ms. {} costs less ({}/month) but its p99 of {}\u{a0}ms misses.",
            best.choice,
            money(best.total_per_month),
            quantity(best.p99_ms),
            cheapest.choice,
            money(cheapest.total_per_month),
            quantity(cheapest.p99_ms)
        ),
        (None, Some(cheapest)) => format!(
            "No choice meets {slo}; the cheapest, {}, costs {}/month with a p99 of {}\u{a0}ms.",
            cheapest.choice,
            money(cheapest.total_per_month),
            quantity(cheapest.p99_ms)
        ),
        _ => "The trade-off has no choices.".to_owned(),
    }
}

/// The memo's opening lines, each `(label, text)`: the recommendation with
/// its ask, break-even and its probability, the kill criterion and when it
/// is checked, and the driver. Without a payback section: the matrix's,
/// the trade-off's or the budget's verdict.
pub fn lead(
    scenario: &crate::model::Scenario,
    eval: &crate::model::Evaluation,
    u: Option<&Uncertainty>,
) -> Vec<(&'static str, String)> {
    let words = Words::of(scenario);
    let winner = eval.matrix.as_ref().and_then(|m| m.winner.clone());
    if let (Some(input), Some(p)) = (&scenario.payback, &eval.payback) {
        let n = input.nums_for(p);
        let subject = winner.unwrap_or_else(|| "the rewrite".to_owned());
        let share = u.and_then(|u| u.probability(Probability::BreakEvenWithinTarget));
        let mut lines = vec![
            ("Recommendation", recommend(&subject, p, &n, share, &words)),
            ("Break-even", break_even_line(p, &n, share)),
        ];
        if p.payback().is_some() {
            let check = if n.build_months > 0.0 {
                format!(
                    "checked by the team on the prototype before cutover (by month {}, when the \
                     build ends)",
                    quantity(n.build_months)
                )
            } else {
                "checked by the team on the prototype before cutover".to_owned()
            };
            lines.push((
                "Kill criterion",
                format!("{}; {check}.", upper_first(&kill_criterion(p, &n))),
            ));
        }
        lines.push(("Driver", format!("{}.", driver(input, p))));
        return lines;
    }
    if let Some(m) = &eval.matrix {
        return vec![("Recommendation", matrix(m))];
    }
    if let (Some(input), Some(t)) = (&scenario.tradeoff, &eval.tradeoff) {
        return vec![(
            "Recommendation",
            tradeoff(t, input.latency_slo_ms.map(|q| q.point()), &words),
        )];
    }
    if let (Some(input), Some(b)) = (&scenario.budget, &eval.budget) {
        return vec![("Finding", budget(b, input.unit.symbol()))];
    }
    let mut findings = Vec::new();
    if let (Some(l), Some(e)) = (&scenario.load, &eval.load) {
        for part in crate::report::explain::load(&words, l, e) {
            findings.push(("Load", part.verdict));
        }
    }
    if let (Some(c), Some(e)) = (&scenario.cost, &eval.cost) {
        findings.push(("Cost", crate::report::explain::cost(&words, c, e).verdict));
    }
    if findings.is_empty() {
        findings.push(("Finding", "The scenario has no sections yet.".to_owned()));
    }
    findings
}

/// "Fund the Rust hot path: 6 engineers for 4 months, $420 k one-time
/// (including 6 weeks of frozen feature work)." — or why not.
fn recommend(
    subject: &str,
    p: &PaybackEval,
    n: &PaybackNums,
    share: Option<f64>,
    words: &Words,
) -> String {
    let mut ask = format!(
        "{} engineers for {}, {} one-time",
        quantity(n.engineers),
        words.show(n.months, Unit::Months),
        words.show(p.one_time_cost, Unit::Money)
    );
    if n.freeze_weeks > 0.0 {
        ask.push_str(&format!(
            " (including {} of frozen feature work)",
            words.show(n.freeze_weeks, Unit::Weeks)
        ));
    }
    let target = quantity(n.target_payback_months);
    let text = match p.break_even() {
        _ if p.payback().is_none() => {
            format!("do not fund {subject}: the measured reduction saves nothing.")
        }
        Some(month) if month <= n.target_payback_months => match share {
            Some(s) if s < 0.5 => format!(
                "fund {subject} only once the inputs that move break-even most are measured: \
                 {ask}. On the point values it breaks even by month {target}, but with the \
                 ranges only {} of outcomes do.",
                percent(s)
            ),
            _ => format!("fund {subject}: {ask}."),
        },
        Some(_) => format!(
            "do not fund {subject} as proposed ({ask}): it breaks even after the month-{target} target."
        ),
        None => format!(
            "do not fund {subject} as proposed ({ask}): it does not break even within the horizon."
        ),
    };
    upper_first(&text)
}

/// "month 9.72 on the cash-flow timeline (after 4 months of build; target
/// month 12), 73.6 % probability by month 12; simple payback 6.36 months".
fn break_even_line(p: &PaybackEval, n: &PaybackNums, share: Option<f64>) -> String {
    let target = quantity(n.target_payback_months);
    let mut text = match p.break_even() {
        Some(month) => format!(
            "month {} on the cash-flow timeline ({}target month {target})",
            quantity(month),
            if n.build_months > 0.0 {
                format!("after {} of build; ", months(n.build_months))
            } else {
                String::new()
            }
        ),
        None => format!("not within the {} horizon", months(n.horizon_months)),
    };
    if let Some(s) = share {
        text.push_str(&format!(
            "; {} probability of breaking even by month {target} with the ranges",
            percent(s)
        ));
    }
    if let Some(simple) = p.payback() {
        text.push_str(&format!(
            ". Simple payback (one-time ÷ monthly saving, ignoring the build): {}",
            months(simple)
        ));
    }
    text + "."
}

/// `text` with its first letter capitalised.
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
