//! The payback explained, timeline first: when the cumulative net turns
//! positive (with the build and the bill's growth), how likely that is by
//! the target, the kill criterion on the same timeline, what it costs and
//! saves; the simple payback last, labelled as such.

use super::{Explained, Explanation, Expr, Part, Words, diff, leaf, ratio, times};
use crate::model::outputs::{Metric, Probability};
use crate::model::payback::{Payback, PaybackEval};
use crate::model::uncertain::Uncertainty;
use crate::model::unit::Unit;
use crate::report::verdict;

/// The payback's numbers with their formulas, the deciding ones first.
pub fn explain(
    words: &Words,
    input: &Payback,
    p: &PaybackEval,
    u: Option<&Uncertainty>,
) -> Explanation {
    let n = input.nums_for(p);
    let target = n.target_payback_months;
    let horizon = words.show(n.horizon_months, Unit::Months);
    let money = |x: f64| leaf(x, Unit::Money);
    let per_month = |x: f64| leaf(x, Unit::MoneyPerMonth);
    let saving = per_month(p.monthly_saving);
    let mut items: Vec<Explained> = Vec::new();
    if let Some(u) = u
        && let Some(share) = u.probability(Probability::BreakEvenWithinTarget)
    {
        // The number the meeting asks for.
        items.push(words.probability(Probability::BreakEvenWithinTarget, share, u.samples));
    }
    let mut timeline = Vec::new();
    if n.build_months > 0.0 {
        timeline.push(format!(
            "{} of build first",
            words.show(n.build_months, Unit::Months)
        ));
    }
    if n.annual_bill_growth != 0.0 {
        timeline.push(format!(
            "the bill growing {}",
            words.show(n.annual_bill_growth, Unit::FractionPerYear)
        ));
    }
    timeline.push(format!("target month {}", crate::format::quantity(target)));
    items.push(
        words
            .metric(
                Metric::BreakEvenMonth,
                p.break_even_month,
                format!(
                    "the month the cumulative net turns ≥ 0 on the timeline: {}",
                    timeline.join("; ")
                ),
                None,
            )
            .or_shown("not within the horizon"),
    );
    items.push(
        words
            .metric(
                Metric::KillReduction,
                p.kill_reduction,
                format!(
                    "the smallest bill reduction that still breaks even by month {} on the same \
             timeline: below it, stop",
                    crate::format::quantity(target)
                ),
                None,
            )
            .or_shown("none: even a full reduction misses"),
    );
    items.push(words.metric(
        Metric::OneTimeCost,
        p.one_time_cost,
        "engineers × months × loaded rate + frozen weeks × cost per week + other",
        Some(Expr::Sum(vec![
            Expr::Product(vec![
                leaf(n.engineers, Unit::Count),
                leaf(n.months, Unit::Months),
                leaf(n.loaded_rate, Unit::MoneyPerEngineerMonth),
            ]),
            times(
                leaf(n.freeze_weeks, Unit::Weeks),
                leaf(n.freeze_cost_per_week, Unit::MoneyPerWeek),
            ),
            money(n.other_one_time),
        ])),
    ));
    let bill = times(per_month(n.monthly_cost), leaf(n.reduction, Unit::Fraction));
    let net_parts = p.latency_saving_per_month != 0.0 || p.recurring_monthly_cost != 0.0;
    if net_parts {
        items.push(words.metric(
            Metric::MonthlySaving,
            p.monthly_saving,
            "bill saving + latency saving − recurring cost",
            Some(diff(
                Expr::Sum(vec![
                    per_month(p.bill_saving_per_month),
                    per_month(p.latency_saving_per_month),
                ]),
                per_month(p.recurring_monthly_cost),
            )),
        ));
        items.push(words.metric(
            Metric::BillSaving,
            p.bill_saving_per_month,
            "monthly cost × bill reduction",
            Some(bill),
        ));
        if p.latency_saving_per_month != 0.0 {
            items.push(words.metric(
                Metric::LatencySaving,
                p.latency_saving_per_month,
                "value of a millisecond × milliseconds saved",
                Some(times(
                    leaf(n.latency_per_ms_per_month, Unit::MoneyPerMsMonth),
                    leaf(n.latency_ms_saved, Unit::Ms),
                )),
            ));
        }
        if p.recurring_monthly_cost != 0.0 {
            items.push(words.metric(
                Metric::RecurringCost,
                p.recurring_monthly_cost,
                "what the change costs every month once it ships",
                None,
            ));
        }
    } else {
        items.push(words.metric(
            Metric::MonthlySaving,
            p.monthly_saving,
            "monthly cost × bill reduction",
            Some(bill),
        ));
    }
    items.push(words.metric(
        Metric::Npv,
        p.npv,
        format!(
            "Σ net of month k ÷ (1 + r)^k over {horizon}, r = {} ÷ 12 a month, month 0 undiscounted",
            words.show(n.annual_discount_rate, Unit::FractionPerYear)
        ),
        None,
    ));
    let lead = items.len();
    items.push(
        words
            .metric(
                Metric::PaybackMonths,
                p.payback_months,
                "one-time cost ÷ net monthly saving; ignores the build and growth",
                Some(ratio(money(p.one_time_cost), saving.clone())),
            )
            .or_shown("never"),
    );
    if let Some(u) = u
        && let Some(share) = u.probability(Probability::PaybackWithinTarget)
    {
        items.push(words.probability(Probability::PaybackWithinTarget, share, u.samples));
    }
    items.push(words.metric(
        Metric::AnnualSaving,
        p.annual_saving,
        "12 × net monthly saving",
        Some(times(Expr::Exact(12.0), saving)),
    ));
    if p.break_even_reduction.is_finite() {
        let formula = "simple basis: the reduction at which one-time cost ÷ net monthly saving \
                       = the target; ignores the build";
        let expr = (!net_parts).then(|| {
            ratio(
                money(p.one_time_cost),
                times(per_month(n.monthly_cost), leaf(target, Unit::Months)),
            )
        });
        items.push(words.metric(
            Metric::BreakEvenReduction,
            p.break_even_reduction,
            formula,
            expr,
        ));
    }
    if p.discounted_payback_months.is_finite() {
        items.push(words.metric(
            Metric::DiscountedPayback,
            p.discounted_payback_months,
            "the month the discounted cumulative net turns ≥ 0",
            None,
        ));
    }
    if p.roi.is_finite() {
        items.push(words.metric(
            Metric::Roi,
            p.roi,
            format!("(savings within {horizon} − one-time cost) ÷ one-time cost"),
            Some(ratio(
                diff(money(p.horizon_saving), money(p.one_time_cost)),
                money(p.one_time_cost),
            )),
        ));
    }
    for (i, item) in items.iter_mut().enumerate() {
        item.lead = i < lead;
    }
    // The driver line heads the memo; the verdict is what the numbers say.
    let mut sentence = verdict::payback(p, &n, words);
    if let Some(more) = u.and_then(|u| verdict::uncertain_payback(u, target)) {
        sentence = format!("{sentence}\n{more}");
    }
    Explanation {
        part: Part::Payback,
        title: "Payback",
        verdict: sentence,
        items,
    }
}
