//! One-sentence verdicts for each section: the line a staff engineer would
//! say in the meeting, computed from the evaluation.

use crate::format::{grouped, money, months, percent, quantity, speedup};
use crate::model::budget::BudgetEval;
use crate::model::matrix::{CriterionFlip, MatrixEval};
use crate::model::outputs::{Metric, Probability};
use crate::model::payback::{Payback, PaybackEval};
use crate::model::uncertain::Uncertainty;

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
/// reduction, ~5.5-month payback".
pub fn driver(input: &Payback, p: &PaybackEval) -> String {
    let category = if input.driver.trim().is_empty() {
        "Cloud cost"
    } else {
        input.driver.trim()
    };
    let payback = match p.payback() {
        Some(m) => format!("~{}-month payback", grouped(m, 1)),
        None => "no payback".to_owned(),
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

/// Whether it pays back within the target, and the kill criterion.
pub fn payback(p: &PaybackEval, target_months: f64) -> String {
    let Some(payback) = p.payback() else {
        return "Never pays back: the measured reduction saves nothing.".to_owned();
    };
    let mut sentence = if payback <= target_months {
        format!(
            "Pays back in {} (target {}).",
            months(payback),
            months(target_months)
        )
    } else {
        format!(
            "Pays back in {}, beyond the {} target.",
            months(payback),
            months(target_months)
        )
    };
    if let Some(kill) = kill_criterion(p, target_months) {
        sentence.push_str(&format!(" Kill criterion: {kill}."));
    }
    sentence
}

/// The kill criterion in words: the reduction below which payback misses
/// the target, or that no reduction can meet it when that is above 100 %.
pub fn kill_criterion(p: &PaybackEval, target_months: f64) -> Option<String> {
    let r = p.kill_reduction_simple()?;
    Some(if r <= 1.0 {
        format!(
            "stop if the measured reduction under production load is below {}",
            percent(r)
        )
    } else {
        format!(
            "none: even a 100 % reduction would not pay back within {} (it would take {} of the bill)",
            months(target_months),
            percent(r)
        )
    })
}

/// "P10 9, P90 40": a spread for sentences; "never" for an unbounded end.
fn spread_words(s: &crate::model::uncertain::summary::Summary, show: fn(f64) -> String) -> String {
    let q = |x: Option<f64>| x.map_or("never".to_owned(), show);
    format!("P10 {}, P90 {}", q(s.p10), q(s.p90))
}

/// The payback in probabilities: "Pays back within 12 months with 31 %
/// probability; median 17 months (P10 9, P90 40)."
pub fn uncertain_payback(u: &Uncertainty, target_months: f64) -> Option<String> {
    let p = u.probability(Probability::PaybackWithinTarget)?;
    let s = u.summary(Metric::PaybackMonths)?;
    let median = s.p50.map_or("never".to_owned(), months);
    let mut text = format!(
        "Pays back within {} with {} probability; median {median} ({}).",
        months(target_months),
        percent(p),
        spread_words(&s, quantity)
    );
    if s.infinite > 0 {
        text.push_str(&format!(
            " In {} samples nothing is saved.",
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
pub fn tradeoff(t: &crate::model::tradeoff::TradeoffEval, slo_ms: Option<f64>) -> String {
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
