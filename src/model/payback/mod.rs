//! Rewrite economics: saving, one-time cost, payback, NPV and the kill criterion.
//!
//! Conventions (stated once, used by every output):
//! - Month `k` of the timeline is the cash flow at the end of month k; month 0
//!   is now. `build_months` = B = 0 puts the whole one-time cost at month 0.
//!   With B > 0 the cost is spread evenly over the interval [0, B] and the
//!   savings start at B (fractional B splits the month it ends in).
//! - The bill grows by `annual_bill_growth`/12 a month, compounded: the bill of
//!   month k is monthly_cost · (1 + g/12)^(k−1), so month 1 is today's bill.
//! - The monthly discount rate is `annual_discount_rate`/12; the NPV is numpy-
//!   financial's `npv(r, flows)` = Σ flows[k] / (1 + r)^k over k = 0..=horizon,
//!   so the month-0 flow is undiscounted.
//! - `payback_months` = one-time cost / monthly saving (today's bill, no build,
//!   growth or discounting); `break_even_month` reads the timeline instead.

mod closed_form;

use serde::{Deserialize, Serialize};

use crate::input;
use crate::model::domain::{Domain, finite, per};
use crate::model::input::{Input, Typical, fill};
use crate::model::quantity::Quantity;
use crate::model::unit::Unit;

fn default_horizon_months() -> f64 {
    36.0
}

fn default_target_payback_months() -> Quantity {
    Quantity::Value(12.0)
}

/// Instance counts the bill and the reduction were derived from, when the
/// user thinks in instances ("600 → 270 instances").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instances {
    /// Instances running today.
    pub current: Quantity,
    /// Instances the rewrite needs for the same load.
    pub needed: Quantity,
    /// What one instance costs per month.
    pub price_per_month: Quantity,
}

impl Instances {
    /// current × price per month (point values).
    pub fn monthly_cost(&self) -> f64 {
        self.current.point() * self.price_per_month.point()
    }

    /// 1 − needed / current (0 without instances; point values).
    pub fn reduction(&self) -> f64 {
        let current = self.current.point();
        if current > 0.0 {
            1.0 - self.needed.point() / current
        } else {
            0.0
        }
    }
}

/// Where the reduction comes from when the budget measures it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReductionFrom {
    /// 1 − total_after_language / total (= 1 − 1 / amdahl_speedup).
    Language,
    /// 1 − total_after_all / total: every lever and the language.
    AllFixes,
}

impl ReductionFrom {
    /// The reduction a budget's numbers give: 0 when the total is 0. Not
    /// clamped: a fix that makes things slower gives a negative reduction.
    pub fn reduction(self, total: f64, total_after_language: f64, total_after_all: f64) -> f64 {
        let after = match self {
            Self::Language => total_after_language,
            Self::AllFixes => total_after_all,
        };
        if total != 0.0 {
            1.0 - after / total
        } else {
            0.0
        }
    }

    /// A phrase for labels: "the language change", "every fix".
    pub fn label(self) -> &'static str {
        match self {
            Self::Language => "the language change",
            Self::AllFixes => "every lever and the language change",
        }
    }
}

/// The inputs of a rewrite's business case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payback {
    /// Today's monthly bill of the service (currency per month).
    pub monthly_cost: Quantity,
    /// The measured fraction of the bill the rewrite saves, 0..=1. Required
    /// unless `reduction_from` derives it (then it is ignored).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::model::quantity::serialize_bare"
    )]
    pub reduction: Option<Quantity>,
    /// Derive the reduction from the budget instead of `reduction`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduction_from: Option<ReductionFrom>,
    /// Engineers on the rewrite.
    pub engineers: Quantity,
    /// Months they spend on it.
    pub months: Quantity,
    /// Loaded cost of one engineer-month.
    pub loaded_rate: Quantity,
    /// Weeks of feature work frozen by the cutover.
    #[serde(default)]
    pub freeze_weeks: Quantity,
    /// What one frozen week costs.
    #[serde(default)]
    pub freeze_cost_per_week: Quantity,
    /// Any other one-time cost (tooling, shadow-run infrastructure…).
    #[serde(default)]
    pub other_one_time: Quantity,
    /// Months before cutover: the one-time cost is spread over them and savings start after.
    #[serde(default)]
    pub build_months: Quantity,
    /// Annual discount rate (0.10 = 10 %/year); monthly rate = annual / 12.
    #[serde(default)]
    pub annual_discount_rate: Quantity,
    /// Annual growth of the bill (0.20 = 20 %/year), compounded monthly at annual / 12.
    #[serde(default)]
    pub annual_bill_growth: Quantity,
    /// How many months the timeline, NPV and ROI cover (a plain number, never a range).
    #[serde(default = "default_horizon_months")]
    pub horizon_months: f64,
    /// The payback the business asks for; sets the kill criterion.
    #[serde(default = "default_target_payback_months")]
    pub target_payback_months: Quantity,
    /// The memo's trigger category and context, e.g. "Cloud cost — highest-volume
    /// CPU-bound service"; the driver line adds the measured reduction and payback.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub driver: String,
    /// Where `monthly_cost` and `reduction` came from, when derived from
    /// instance counts; validation checks they agree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instances: Option<Instances>,
}

/// A payback section reduced to numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PaybackNums {
    /// Today's bill per month.
    pub monthly_cost: f64,
    /// The fraction saved (given, or derived from the budget).
    pub reduction: f64,
    /// Engineers.
    pub engineers: f64,
    /// Months of work.
    pub months: f64,
    /// Per engineer-month.
    pub loaded_rate: f64,
    /// Frozen weeks.
    pub freeze_weeks: f64,
    /// Per frozen week.
    pub freeze_cost_per_week: f64,
    /// Other one-time cost.
    pub other_one_time: f64,
    /// B, months before cutover.
    pub build_months: f64,
    /// Per year.
    pub annual_discount_rate: f64,
    /// Per year.
    pub annual_bill_growth: f64,
    /// Months covered.
    pub horizon_months: f64,
    /// The target payback.
    pub target_payback_months: f64,
}

/// The section's inputs, in file order (the instance counts' follow, in
/// [`INSTANCES_INPUTS`]).
pub const INPUTS: &[Input<Payback, PaybackNums>] = &[
    input!(
        monthly_cost,
        "monthly cost",
        MoneyPerMonth,
        NON_NEGATIVE,
        Typical::log(0.0, 10_000_000.0),
        "Today's monthly bill of the service",
    ),
    // Derived from the budget (and not an input) under `reduction_from`.
    Input::new(
        "reduction",
        "measured reduction",
        Unit::Fraction,
        Domain::FRACTION,
        Typical::linear(0.0, 1.0),
        "Fraction of the bill the rewrite saves, measured on a production-scale prototype",
        |p| p.reduction.as_ref().filter(|_| p.reduction_from.is_none()),
        |p| {
            if p.reduction_from.is_none() {
                p.reduction.as_mut()
            } else {
                None
            }
        },
        |n, v| n.reduction = v,
    ),
    input!(
        engineers,
        "engineers",
        Count,
        NON_NEGATIVE,
        Typical::linear(0.0, 50.0),
        "Engineers on the rewrite",
    ),
    input!(
        months,
        "months of work",
        Months,
        NON_NEGATIVE,
        Typical::linear(0.0, 36.0),
        "How long they work on it",
    ),
    input!(
        loaded_rate,
        "loaded rate",
        MoneyPerEngineerMonth,
        NON_NEGATIVE,
        Typical::linear(0.0, 50_000.0),
        "Fully loaded cost of one engineer-month",
    ),
    input!(
        freeze_weeks,
        "frozen weeks",
        Weeks,
        NON_NEGATIVE,
        Typical::linear(0.0, 52.0),
        "Feature work frozen by the cutover",
    ),
    input!(
        freeze_cost_per_week,
        "cost per frozen week",
        MoneyPerWeek,
        NON_NEGATIVE,
        Typical::linear(0.0, 200_000.0),
        "What a week of frozen feature work costs the business",
    ),
    input!(
        other_one_time,
        "other one-time cost",
        Money,
        NON_NEGATIVE,
        Typical::log(0.0, 10_000_000.0),
        "Tooling, shadow-run infrastructure, training…",
    ),
    input!(
        build_months,
        "build months",
        Months,
        NON_NEGATIVE,
        Typical::linear(0.0, 36.0),
        "0: the cost is paid now; otherwise it is spread over these months and savings start after cutover",
    ),
    input!(
        annual_discount_rate,
        "discount rate",
        FractionPerYear,
        ANNUAL_RATE,
        Typical::linear(0.0, 0.3),
        "Monthly rate = annual / 12; the NPV discounts month k by (1 + r)^k",
    ),
    input!(
        annual_bill_growth,
        "bill growth",
        FractionPerYear,
        ANNUAL_RATE,
        Typical::linear(-0.5, 1.0),
        "The bill grows annual / 12 a month, compounded",
    ),
    input!(
        target_payback_months,
        "target payback",
        Months,
        POSITIVE,
        Typical::linear(1.0, 60.0),
        "The payback the business asks for; it sets the kill criterion",
    ),
];

/// The instance counts' inputs, in file order. No output reads their draws:
/// the bill and the reduction they imply are checked at point values.
pub const INSTANCES_INPUTS: &[Input<Instances, ()>] = &[
    Input::new(
        "current",
        "instances today",
        Unit::Count,
        Domain::POSITIVE,
        Typical::linear(1.0, 10_000.0),
        "Instances running today",
        |i| Some(&i.current),
        |i| Some(&mut i.current),
        |_, _| {},
    ),
    Input::new(
        "needed",
        "instances needed",
        Unit::Count,
        Domain::NON_NEGATIVE,
        Typical::linear(0.0, 10_000.0),
        "Instances the rewrite needs for the same load (measured on a prototype)",
        |i| Some(&i.needed),
        |i| Some(&mut i.needed),
        |_, _| {},
    ),
    Input::new(
        "price_per_month",
        "price per instance",
        Unit::MoneyPerMonth,
        Domain::NON_NEGATIVE,
        Typical::linear(0.0, 10_000.0),
        "What one instance costs per month",
        |i| Some(&i.price_per_month),
        |i| Some(&mut i.price_per_month),
        |_, _| {},
    ),
];

impl Payback {
    /// The section's numbers at their point values with `reduction` (the
    /// one an evaluation used, derived or given).
    pub fn nums_with(&self, reduction: f64) -> PaybackNums {
        PaybackNums {
            reduction,
            ..self.nums()
        }
    }

    /// The section's numbers at their point values; the reduction is the
    /// given one (0 when absent or derived; [`ReductionFrom`] replaces it later).
    pub fn nums(&self) -> PaybackNums {
        let mut nums = PaybackNums {
            horizon_months: self.horizon_months,
            ..PaybackNums::default()
        };
        fill(INPUTS, self, &mut nums);
        nums
    }
}

/// One month of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MonthFlow {
    /// Months from now.
    pub month: u32,
    /// One-time cost paid this month.
    pub cost: f64,
    /// Saving realised this month.
    pub saving: f64,
    /// saving − cost.
    pub net: f64,
    /// Σ net up to and including this month.
    pub cumulative: f64,
    /// Σ net / (1 + r)^k up to and including this month.
    pub discounted_cumulative: f64,
}

/// Everything computed from a [`Payback`]: one record for `eval --json`,
/// the panels and each Monte Carlo sample.
///
/// A value the evaluation shows as null (payback when nothing is saved, no
/// break-even within the horizon…) is `f64::INFINITY` here and serialises
/// as null. A sample leaves `timeline` empty; [`evaluate_nums`] fills it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PaybackEval {
    /// The reduction used: the given one, or the one derived from the budget.
    pub reduction: f64,
    /// monthly_cost × reduction.
    pub monthly_saving: f64,
    /// 12 × monthly_saving.
    pub annual_saving: f64,
    /// engineers × months × loaded_rate + freeze_weeks × freeze_cost_per_week + other_one_time.
    pub one_time_cost: f64,
    /// one_time_cost / monthly_saving: the simple payback, ignoring build
    /// time; 0 when nothing is spent, ∞ (null) when nothing is saved.
    pub payback_months: f64,
    /// Whether payback_months ≤ target_payback_months.
    pub meets_target: bool,
    /// First month the cumulative net turns ≥ 0 on the timeline,
    /// interpolated; ∞ (null) if not within the horizon.
    pub break_even_month: f64,
    /// Net present value of the timeline at the monthly rate.
    pub npv: f64,
    /// As break_even_month, on the discounted cumulative.
    pub discounted_payback_months: f64,
    /// (savings within the horizon − one_time_cost) / one_time_cost; ∞
    /// (null) when nothing is spent.
    pub roi: f64,
    /// Savings within the horizon.
    pub horizon_saving: f64,
    /// The reduction at which payback_months equals the target: one_time /
    /// (monthly_cost × target). Below it the rewrite misses the target on
    /// the simple basis; ∞ (null) without a bill.
    pub break_even_reduction: f64,
    /// The monthly bill below which the measured reduction no longer pays
    /// back within the target: one_time / (target × reduction); ∞ (null)
    /// when nothing is saved.
    pub break_even_monthly_cost: f64,
    /// Months 0..=horizon.
    pub timeline: Vec<MonthFlow>,
}

impl PaybackEval {
    /// The simple payback, `None` when nothing is saved.
    pub fn payback(&self) -> Option<f64> {
        finite(self.payback_months)
    }

    /// The break-even month on the timeline, `None` past the horizon.
    pub fn break_even(&self) -> Option<f64> {
        finite(self.break_even_month)
    }

    /// The discounted payback, `None` past the horizon.
    pub fn discounted_payback(&self) -> Option<f64> {
        finite(self.discounted_payback_months)
    }

    /// The ROI, `None` when nothing is spent.
    pub fn return_on_investment(&self) -> Option<f64> {
        finite(self.roi)
    }

    /// The simple-basis kill reduction, `None` without a bill.
    pub fn kill_reduction_simple(&self) -> Option<f64> {
        finite(self.break_even_reduction)
    }

    /// The bill below which the case stops paying back, `None` when nothing is saved.
    pub fn break_even_bill(&self) -> Option<f64> {
        finite(self.break_even_monthly_cost)
    }
}

/// The longest timeline evaluated, whatever the input says (100 years).
pub const MAX_HORIZON_MONTHS: f64 = 1200.0;

impl PaybackNums {
    /// engineers × months × loaded_rate + freeze_weeks × freeze_cost_per_week + other_one_time.
    pub fn one_time_cost(&self) -> f64 {
        self.engineers * self.months * self.loaded_rate
            + self.freeze_weeks * self.freeze_cost_per_week
            + self.other_one_time
    }

    /// monthly_cost × reduction.
    pub fn monthly_saving(&self) -> f64 {
        self.monthly_cost * self.reduction
    }
}

/// Every output but the timeline's months, in closed form: what a Monte
/// Carlo sample records.
#[inline]
pub fn scalars(p: &PaybackNums) -> PaybackEval {
    let monthly_saving = p.monthly_saving();
    let one_time_cost = p.one_time_cost();
    let payback_months = if one_time_cost <= 0.0 {
        0.0
    } else if monthly_saving > 0.0 {
        one_time_cost / monthly_saving
    } else {
        f64::INFINITY
    };
    let timeline = closed_form::Timeline::new(p, one_time_cost);
    let horizon_saving = timeline.horizon_saving();
    PaybackEval {
        reduction: p.reduction,
        monthly_saving,
        annual_saving: 12.0 * monthly_saving,
        one_time_cost,
        payback_months,
        meets_target: payback_months <= p.target_payback_months,
        break_even_month: timeline.break_even(false),
        npv: timeline.npv(),
        discounted_payback_months: timeline.break_even(true),
        roi: if one_time_cost > 0.0 {
            (horizon_saving - one_time_cost) / one_time_cost
        } else {
            f64::INFINITY
        },
        horizon_saving,
        break_even_reduction: per(one_time_cost, p.monthly_cost * p.target_payback_months),
        break_even_monthly_cost: per(one_time_cost, p.target_payback_months * p.reduction),
        timeline: Vec::new(),
    }
}

/// Evaluates a payback section with the reduction in `p`.
pub fn evaluate_nums(p: &PaybackNums) -> PaybackEval {
    let sc = scalars(p);
    PaybackEval {
        timeline: month_flows(p, sc.one_time_cost).collect(),
        ..sc
    }
}

/// Evaluates a payback section on its own reduction (no budget link).
pub fn evaluate(p: &Payback) -> PaybackEval {
    evaluate_nums(&p.nums())
}

/// The length of the overlap of the intervals [a0, a1] and [b0, b1].
fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// Months 0..=horizon of cost, saving and cumulative nets, computed lazily.
pub fn month_flows(p: &PaybackNums, one_time_cost: f64) -> impl Iterator<Item = MonthFlow> {
    let horizon = p.horizon_months.clamp(0.0, MAX_HORIZON_MONTHS) as u32;
    let build = p.build_months.max(0.0);
    let monthly_rate = p.annual_discount_rate / 12.0;
    let growth = 1.0 + p.annual_bill_growth / 12.0;
    let reduction = p.reduction;
    let (mut cumulative, mut discounted_cumulative) = (0.0, 0.0);
    let mut bill = p.monthly_cost;
    let mut discount = 1.0;
    (0..=horizon).map(move |month| {
        let (cost, saving) = if month == 0 {
            let cost = if build == 0.0 { one_time_cost } else { 0.0 };
            (cost, 0.0)
        } else {
            let (start, end) = (f64::from(month - 1), f64::from(month));
            let cost = if build > 0.0 {
                one_time_cost * (overlap(start, end, 0.0, build) / build)
            } else {
                0.0
            };
            let saving = bill * reduction * overlap(start, end, build, f64::INFINITY);
            bill *= growth;
            (cost, saving)
        };
        let net = saving - cost;
        cumulative += net;
        discounted_cumulative += net / discount;
        discount *= 1.0 + monthly_rate;
        MonthFlow {
            month,
            cost,
            saving,
            net,
            cumulative,
            discounted_cumulative,
        }
    })
}

/// Finds, month by month, where a cumulative value first turns from
/// negative to ≥ 0, linearly interpolated between months: 0 when it is
/// never negative, ∞ when it is still negative at the horizon. The
/// reference the closed form is tested against.
#[cfg(test)]
#[derive(Default)]
struct Crossing {
    seen_negative: bool,
    previous: Option<(u32, f64)>,
    found: Option<f64>,
}

#[cfg(test)]
impl Crossing {
    fn push(&mut self, month: u32, value: f64) {
        if self.found.is_none()
            && self.seen_negative
            && let Some((before_month, before)) = self.previous
            && before < 0.0
            && value >= 0.0
        {
            self.found = Some(f64::from(before_month) + -before / (value - before));
        }
        self.seen_negative |= value < 0.0;
        self.previous = Some((month, value));
    }

    fn result(&self) -> f64 {
        match self.found {
            Some(month) => month,
            None if self.seen_negative => f64::INFINITY,
            None => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The month-by-month walk: NPV, savings and both break-evens.
    fn walked(p: &PaybackNums) -> (f64, f64, f64, f64) {
        let c = p.one_time_cost();
        let (mut plain, mut discounted) = (Crossing::default(), Crossing::default());
        let (mut saving, mut npv) = (0.0, 0.0);
        for m in month_flows(p, c) {
            plain.push(m.month, m.cumulative);
            discounted.push(m.month, m.discounted_cumulative);
            saving += m.saving;
            npv = m.discounted_cumulative;
        }
        (npv, saving, plain.result(), discounted.result())
    }

    fn agree(a: f64, b: f64, scale: f64) -> bool {
        (a.is_infinite() && b.is_infinite()) || (a - b).abs() <= 1e-9 * scale.max(a.abs()).max(1.0)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The closed form agrees with the walk over every month, whatever
        /// the build (none, whole, fractional, past the horizon), growth,
        /// discount and sign of the saving.
        #[test]
        fn closed_form_matches_the_walk(
            monthly_cost in 0.0f64..200_000.0,
            reduction in -0.3f64..1.0,
            one_time in prop_oneof![Just(0.0), 0.0f64..5e6],
            build in prop_oneof![Just(0.0), Just(4.0), 0.0f64..50.0],
            discount in prop_oneof![Just(0.0), -1.0f64..1.0],
            growth in prop_oneof![Just(0.0), -1.0f64..2.0],
            horizon in prop_oneof![Just(36.0), 1.0f64..240.0],
        ) {
            let p = PaybackNums {
                monthly_cost,
                reduction,
                engineers: 1.0,
                months: 1.0,
                loaded_rate: one_time,
                build_months: build,
                annual_discount_rate: discount,
                annual_bill_growth: growth,
                horizon_months: horizon.floor(),
                target_payback_months: 12.0,
                ..PaybackNums::default()
            };
            let sc = scalars(&p);
            let (npv, saving, plain, discounted) = walked(&p);
            let scale = one_time + monthly_cost * horizon;
            prop_assert!(agree(sc.npv, npv, scale), "npv {} vs {}", sc.npv, npv);
            prop_assert!(agree(sc.horizon_saving, saving, scale), "saving {} vs {}", sc.horizon_saving, saving);
            prop_assert!(agree(sc.break_even_month, plain, 1.0), "break-even {} vs {}", sc.break_even_month, plain);
            prop_assert!(agree(sc.discounted_payback_months, discounted, 1.0), "discounted {} vs {}", sc.discounted_payback_months, discounted);
        }
    }
}
