//! Capacity and the bill explained: Little's law, the cheapest instance
//! type, egress and storage.

use super::{Explanation, Expr, Part, Words, leaf, times};
use crate::model::cost::{Cost, CostEval};
use crate::model::outputs::Metric;
use crate::model::unit::Unit;

/// The cost section's numbers with their formulas.
pub fn explain(words: &Words, input: &Cost, c: &CostEval) -> Explanation {
    let n = input.nums();
    let per_month = |x: f64| leaf(x, Unit::MoneyPerMonth);
    let mut items = vec![words.metric(
        Metric::Concurrency,
        c.concurrency,
        "Little's law: request rate × latency",
        Some(times(
            leaf(n.rate_per_s, Unit::PerSecond),
            leaf(n.latency_ms / 1000.0, Unit::Seconds),
        )),
    )];
    if let Some((name, t)) = c.cheapest.as_ref().and_then(|name| {
        c.instance_types
            .iter()
            .find(|t| &t.name == name)
            .map(|t| (name, t))
    }) {
        items.push(words.item(
            format!("Instances of {name} (cheapest)"),
            t.instances as f64,
            Unit::Count,
            if n.peak_to_average == 1.0 {
                format!(
                    "ceil(rate ÷ (capacity × {} utilisation))",
                    words.show(n.target_utilization, Unit::Fraction)
                )
            } else {
                format!(
                    "ceil(rate × {} peak ÷ average ÷ (capacity × {} utilisation)): sized for the peak",
                    words.show(n.peak_to_average, Unit::Times),
                    words.show(n.target_utilization, Unit::Fraction)
                )
            },
            None,
        ));
    }
    items.extend([
        words.metric(
            Metric::ComputePerMonth,
            c.compute_per_month,
            format!(
                "instances × price per hour × {} hours",
                crate::format::quantity(n.hours_per_month)
            ),
            None,
        ),
        words.metric(
            Metric::EgressPerMonth,
            c.egress_per_month,
            "rate × seconds a month × response bytes × egress share ÷ 10⁹ × price per GB",
            None,
        ),
        words.metric(
            Metric::StoragePerMonth,
            c.storage_per_month,
            "GB stored × price per GB-month",
            Some(times(
                leaf(n.storage_gb, Unit::Gb),
                leaf(n.storage_price_per_gb_month, Unit::MoneyPerGbMonth),
            )),
        ),
        words.metric(
            Metric::TotalPerMonth,
            c.total_per_month,
            "compute + egress + storage",
            Some(Expr::Sum(vec![
                per_month(c.compute_per_month),
                per_month(c.egress_per_month),
                per_month(c.storage_per_month),
            ])),
        ),
    ]);
    let mut sentence = format!(
        "{} in flight; the bill comes to {}{}.",
        words.show(c.concurrency, Unit::Count),
        words.show(c.total_per_month, Unit::MoneyPerMonth),
        c.cheapest
            .as_deref()
            .map(|name| format!(" on the cheapest type, {name}"))
            .unwrap_or_default()
    );
    if let (Some(cap), Some(limit)) = (&c.cap, n.budget_cap_per_month) {
        items.push(words.metric(
            Metric::CapHeadroom,
            cap.cap_headroom_per_month,
            "monthly cap − total per month",
            Some(super::diff(per_month(limit), per_month(c.total_per_month))),
        ));
        sentence.push_str(&if cap.within_cap {
            format!(
                " Within the {} cap, with {} to spare.",
                words.show(limit, Unit::MoneyPerMonth),
                words.show(cap.cap_headroom_per_month, Unit::MoneyPerMonth)
            )
        } else {
            format!(
                " Over the {} cap by {}.",
                words.show(limit, Unit::MoneyPerMonth),
                words.show(-cap.cap_headroom_per_month, Unit::MoneyPerMonth)
            )
        });
    }
    Explanation {
        part: Part::Cost,
        title: "Capacity and cost",
        verdict: sentence,
        items,
    }
}
