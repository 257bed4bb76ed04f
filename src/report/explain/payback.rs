//! The payback explained: the saving, the one-time cost, when the cash
//! comes back, and the kill criterion.

use super::{Explanation, Expr, Part, Words, diff, leaf, ratio};
use crate::model::outputs::{Metric, Probability};
use crate::model::payback::{Payback, PaybackEval};
use crate::model::uncertain::Uncertainty;
use crate::model::unit::Unit;
use crate::report::verdict;

/// The payback's numbers with their formulas.
pub fn explain(
    words: &Words,
    input: &Payback,
    p: &PaybackEval,
    u: Option<&Uncertainty>,
) -> Explanation {
    let n = input.nums_with(p.reduction);
    let target = n.target_payback_months;
    let horizon = words.show(n.horizon_months, Unit::Months);
    let money = |x: f64| leaf(x, Unit::Money);
    let saving = leaf(p.monthly_saving, Unit::MoneyPerMonth);
    let mut items = vec![
        words.metric(
            Metric::MonthlySaving,
            p.monthly_saving,
            "monthly cost × bill reduction",
            Some(Expr::Product(vec![
                leaf(n.monthly_cost, Unit::MoneyPerMonth),
                leaf(n.reduction, Unit::Fraction),
            ])),
            "—",
        ),
        words.metric(
            Metric::AnnualSaving,
            p.annual_saving,
            "12 × monthly saving",
            Some(Expr::Product(vec![Expr::Exact(12.0), saving.clone()])),
            "—",
        ),
        words.metric(
            Metric::OneTimeCost,
            p.one_time_cost,
            "engineers × months × loaded rate + frozen weeks × cost per week + other",
            Some(Expr::Sum(vec![
                Expr::Product(vec![
                    leaf(n.engineers, Unit::Count),
                    leaf(n.months, Unit::Months),
                    leaf(n.loaded_rate, Unit::MoneyPerEngineerMonth),
                ]),
                Expr::Product(vec![
                    leaf(n.freeze_weeks, Unit::Weeks),
                    leaf(n.freeze_cost_per_week, Unit::MoneyPerWeek),
                ]),
                money(n.other_one_time),
            ])),
            "—",
        ),
        words.metric(
            Metric::PaybackMonths,
            p.payback_months,
            "one-time cost ÷ monthly saving (ignores build time and growth)",
            Some(ratio(money(p.one_time_cost), saving.clone())),
            "never",
        ),
        words.metric(
            Metric::BreakEvenMonth,
            p.break_even_month,
            format!(
                "first month the cumulative net turns ≥ 0 on the timeline: {} of build, then the bill growing {}",
                words.show(n.build_months, Unit::Months),
                words.show(n.annual_bill_growth, Unit::FractionPerYear)
            ),
            None,
            "not within the horizon",
        ),
        words.metric(
            Metric::Npv,
            p.npv,
            format!(
                "Σ net of month k ÷ (1 + r)^k over {horizon}, r = {} ÷ 12 a month, month 0 undiscounted",
                words.show(n.annual_discount_rate, Unit::FractionPerYear)
            ),
            None,
            "—",
        ),
    ];
    if p.break_even_reduction.is_finite() {
        items.push(words.metric(
            Metric::BreakEvenReduction,
            p.break_even_reduction,
            "one-time cost ÷ (monthly cost × target payback): below it the simple payback misses the target",
            Some(ratio(
                money(p.one_time_cost),
                Expr::Product(vec![
                    leaf(n.monthly_cost, Unit::MoneyPerMonth),
                    leaf(target, Unit::Months),
                ]),
            )),
            "—",
        ));
    }
    if p.discounted_payback_months.is_finite() {
        items.push(words.metric(
            Metric::DiscountedPayback,
            p.discounted_payback_months,
            "first month the discounted cumulative net turns ≥ 0",
            None,
            "—",
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
            "—",
        ));
    }
    let mut sentence = format!(
        "{}.\n{}",
        verdict::driver(input, p),
        verdict::payback(p, target)
    );
    if let Some(u) = u {
        if let Some(share) = u.probability(Probability::PaybackWithinTarget) {
            // First: it is the number the meeting asks for.
            items.insert(
                0,
                words.probability(Probability::PaybackWithinTarget, share, u.samples),
            );
        }
        if let Some(more) = verdict::uncertain_payback(u, target) {
            sentence = format!("{sentence}\n{more}");
        }
    }
    Explanation {
        part: Part::Payback,
        title: "Payback",
        verdict: sentence,
        items,
    }
}
