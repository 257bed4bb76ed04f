//! One-sentence verdicts for each section: the line a staff engineer would
//! say in the meeting, computed from the evaluation.

use crate::format::{grouped, months, percent, quantity, speedup};
use crate::model::budget::BudgetEval;
use crate::model::matrix::{CriterionFlip, MatrixEval};
use crate::model::payback::{Payback, PaybackEval};

/// What the language buys, what the best lever buys, and whether the SLO can be met.
pub fn budget(b: &BudgetEval, unit: &str) -> String {
    let mut parts = Vec::new();
    let language_gain = 1.0 - 1.0 / b.amdahl_speedup;
    parts.push(format!(
        "A {} language cuts the total by {} ({} → {} {unit})",
        speedup(b.language_speedup),
        percent(language_gain),
        quantity(b.total),
        quantity(b.total_after_language)
    ));
    if let Some(best) = b.levers.first().filter(|l| l.saved > 0.0) {
        parts.push(format!(
            "the best lever, {}, cuts it by {} ({} {unit} saved)",
            if best.label.is_empty() {
                &best.span
            } else {
                &best.label
            },
            percent(best.saved / b.total),
            quantity(best.saved)
        ));
    }
    let mut sentence = parts.join("; ") + ".";
    if let Some(required) = b.required_speedup {
        let slo = if b.meets_slo_now == Some(true) {
            " The SLO is already met.".to_owned()
        } else {
            match (b.required_language_speedup, b.amdahl_ceiling) {
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
    let payback = match p.payback_months {
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
    let Some(payback) = p.payback_months else {
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
    if let Some(r) = p.break_even_reduction {
        sentence.push_str(&format!(
            " Kill criterion: stop if the measured reduction under production load is below {}.",
            percent(r)
        ));
    }
    sentence
}
