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
mod eval;
mod timeline;

use serde::{Deserialize, Serialize};

pub use self::closed_form::break_even_at;
pub use self::eval::{MAX_HORIZON_MONTHS, PaybackEval, evaluate, evaluate_nums, scalars};
pub use self::timeline::{MonthFlow, month_flows};

use crate::input;
use crate::model::domain::Domain;
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

/// A price on latency: money per month for each millisecond saved, from
/// the language alone or from every fix.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyValue {
    /// Money per month per millisecond the budget's total gets faster.
    pub per_ms_per_month: Quantity,
    /// Which faster total the milliseconds are counted from.
    pub from: ReductionFrom,
}

impl LatencyValue {
    /// The milliseconds saved: the budget's total minus its total after
    /// the language (or after every fix).
    pub fn ms_saved(self, total: f64, after_language: f64, after_all: f64) -> f64 {
        match self.from {
            ReductionFrom::Language => total - after_language,
            ReductionFrom::AllFixes => total - after_all,
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
    /// What the change costs every month once it ships: the new language's
    /// hiring premium, slower delivery, a cache's running cost (format 3).
    #[serde(default, skip_serializing_if = "Quantity::is_zero")]
    pub recurring_monthly_cost: Quantity,
    /// Money per month for each millisecond the budget's total gets faster
    /// (format 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_value: Option<LatencyValue>,
    /// The team's own kill threshold for the prototype's measured
    /// reduction, a fraction (format 3; not a range).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kill_below: Option<f64>,
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
    /// Per month, once shipped (format 3).
    pub recurring_monthly_cost: f64,
    /// Money per month per millisecond saved (0 without a price on latency).
    pub latency_per_ms_per_month: f64,
    /// Milliseconds the budget saves (set from the budget's evaluation).
    pub latency_ms_saved: f64,
    /// The team's kill threshold, if any.
    pub kill_below: Option<f64>,
    /// Whether the format-3 economics apply (a latency value or a recurring
    /// cost): the simple-basis kill reduction is then null above 100 %.
    pub net_economics: bool,
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
    input!(
        recurring_monthly_cost,
        "recurring monthly cost",
        MoneyPerMonth,
        NON_NEGATIVE,
        Typical::linear(0.0, 100_000.0),
        "What the change costs every month once it ships: a hiring premium, slower delivery, a cache's running cost",
    ),
    Input::new(
        "latency_value.per_ms_per_month",
        "value of a millisecond",
        Unit::MoneyPerMsMonth,
        Domain::NON_NEGATIVE,
        Typical::linear(0.0, 10_000.0),
        "Money per month for each millisecond the total gets faster (lost bids, conversion)",
        |p| p.latency_value.as_ref().map(|l| &l.per_ms_per_month),
        |p| p.latency_value.as_mut().map(|l| &mut l.per_ms_per_month),
        |n, v| n.latency_per_ms_per_month = v,
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

impl PaybackNums {
    /// Takes what the budget says: the reduction (under `reduction_from`)
    /// and the milliseconds saved (under a price on latency).
    pub fn link_budget(&mut self, section: &Payback, b: &crate::model::budget::BudgetEval) {
        self.link(
            section.reduction_from,
            section.latency_value,
            (b.total, b.total_after_language, b.total_after_all),
        );
    }

    /// As [`Self::link_budget`], from the budget's three totals (now,
    /// after the language, after every fix): what a Monte Carlo sample has.
    pub fn link(
        &mut self,
        reduction_from: Option<ReductionFrom>,
        latency_value: Option<LatencyValue>,
        (total, after_language, after_all): (f64, f64, f64),
    ) {
        if let Some(from) = reduction_from {
            self.reduction = from.reduction(total, after_language, after_all);
        }
        if let Some(value) = latency_value {
            self.latency_ms_saved = value.ms_saved(total, after_language, after_all);
        }
    }
}

impl Payback {
    /// The section's numbers at their point values, with what the budget
    /// gave evaluation `e` (a derived reduction, the milliseconds a price
    /// on latency counts): the numbers behind `e`, for charts and words.
    pub fn nums_for(&self, e: &PaybackEval) -> PaybackNums {
        let mut nums = self.nums();
        if self.reduction_from.is_some() {
            nums.reduction = e.reduction;
        }
        nums.latency_ms_saved = e.latency_ms_saved;
        nums
    }

    /// The section's numbers at their point values; the reduction is the
    /// given one (0 when absent or derived; [`ReductionFrom`] replaces it later).
    pub fn nums(&self) -> PaybackNums {
        let mut nums = PaybackNums {
            horizon_months: self.horizon_months,
            kill_below: self.kill_below,
            net_economics: self.latency_value.is_some()
                || self.recurring_monthly_cost != Quantity::Value(0.0),
            ..PaybackNums::default()
        };
        fill(INPUTS, self, &mut nums);
        nums
    }
}
