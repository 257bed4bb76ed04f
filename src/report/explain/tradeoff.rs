//! The trade-off explained: the best row's (and, when it differs, the
//! cheapest row's) total cost, latency and precision.

use super::{Explanation, Expr, Part, Words, leaf, times};
use crate::model::tradeoff::{Tradeoff, TradeoffEval};
use crate::model::uncertain::Uncertainty;
use crate::model::unit::Unit;
use crate::report::verdict;

/// The trade-off's deciding numbers with their formulas.
pub fn explain(
    words: &Words,
    input: &Tradeoff,
    t: &TradeoffEval,
    u: Option<&Uncertainty>,
) -> Explanation {
    let n = input.nums();
    let mut items = Vec::new();
    let rows = [("Best", t.best_row), ("Cheapest", t.cheapest_row)];
    for (which, row) in rows {
        let Some((i, r)) = row.and_then(|i| t.choices.get(i).map(|r| (i, r))) else {
            continue;
        };
        if which == "Cheapest" && t.best_row == t.cheapest_row {
            continue;
        }
        let errors = Expr::Sum(vec![
            times(
                leaf(r.false_negatives_per_month, Unit::PerMonth),
                leaf(n.false_negative_cost, Unit::Money),
            ),
            times(
                leaf(r.false_positives_per_month, Unit::PerMonth),
                leaf(n.false_positive_cost, Unit::Money),
            ),
        ]);
        items.push(words.item(
            format!("{which}: {} total", r.choice),
            r.total_per_month,
            Unit::MoneyPerMonth,
            "misses × cost of a miss + false alarms × cost of a false alarm + infrastructure",
            Some(Expr::Sum(vec![
                errors,
                leaf(r.infra_per_month, Unit::MoneyPerMonth),
            ])),
        ));
        items.push(words.item(
            format!("{which}: p99"),
            r.p99_ms,
            Unit::Ms,
            if r.cascade {
                "from the log-normal mixture: (1 − e)·F₁(t) + e·P(X₁ + X₂ ≤ t) = 0.99"
            } else {
                "as measured"
            },
            None,
        ));
        items.push(words.item(
            format!("{which}: precision"),
            r.precision.unwrap_or(f64::NAN),
            Unit::Fraction,
            format!(
                "of its flags, the share that are positives: π·r ÷ (π·r + (1 − π)·f); its accuracy of {} says less at a {} base rate",
                words.show(r.accuracy, Unit::Fraction),
                words.show(n.positive_rate, Unit::Fraction)
            ),
            None,
        ));
        if let Some(max) = r.max_escalate_share {
            items.push(words.item(
                "Max escalated share",
                max,
                Unit::Fraction,
                "the largest share sent to the second model that keeps p99 within the SLO",
                None,
            ));
        }
        if which == "Best"
            && let Some(share) = u.and_then(|u| u.best_share.get(i))
        {
            items.push(words.item(
                "P(it stays best)",
                share.probability,
                Unit::Fraction,
                "share of the Monte Carlo samples where it is the cheapest row meeting the SLO",
                None,
            ));
        }
    }
    Explanation {
        part: Part::Tradeoff,
        title: "Latency, cost and accuracy",
        verdict: verdict::tradeoff(t, n.latency_slo_ms, words),
        items,
    }
}
