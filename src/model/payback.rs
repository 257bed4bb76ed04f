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

use serde::{Deserialize, Serialize};

fn default_horizon_months() -> f64 {
    36.0
}

fn default_target_payback_months() -> f64 {
    12.0
}

/// Instance counts the bill and the reduction were derived from, when the
/// user thinks in instances ("600 → 270 instances").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instances {
    /// Instances running today.
    pub current: f64,
    /// Instances the rewrite needs for the same load.
    pub needed: f64,
    /// What one instance costs per month.
    pub price_per_month: f64,
}

impl Instances {
    /// current × price per month.
    pub fn monthly_cost(&self) -> f64 {
        self.current * self.price_per_month
    }

    /// 1 − needed / current (0 without instances).
    pub fn reduction(&self) -> f64 {
        if self.current > 0.0 {
            1.0 - self.needed / self.current
        } else {
            0.0
        }
    }
}

/// The inputs of a rewrite's business case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payback {
    /// Today's monthly bill of the service (currency per month).
    pub monthly_cost: f64,
    /// The measured fraction of the bill the rewrite saves, 0..=1.
    pub reduction: f64,
    /// Engineers on the rewrite.
    pub engineers: f64,
    /// Months they spend on it.
    pub months: f64,
    /// Loaded cost of one engineer-month.
    pub loaded_rate: f64,
    /// Weeks of feature work frozen by the cutover.
    #[serde(default)]
    pub freeze_weeks: f64,
    /// What one frozen week costs.
    #[serde(default)]
    pub freeze_cost_per_week: f64,
    /// Any other one-time cost (tooling, shadow-run infrastructure…).
    #[serde(default)]
    pub other_one_time: f64,
    /// Months before cutover: the one-time cost is spread over them and savings start after.
    #[serde(default)]
    pub build_months: f64,
    /// Annual discount rate (0.10 = 10 %/year); monthly rate = annual / 12.
    #[serde(default)]
    pub annual_discount_rate: f64,
    /// Annual growth of the bill (0.20 = 20 %/year), compounded monthly at annual / 12.
    #[serde(default)]
    pub annual_bill_growth: f64,
    /// How many months the timeline, NPV and ROI cover.
    #[serde(default = "default_horizon_months")]
    pub horizon_months: f64,
    /// The payback the business asks for; sets the kill criterion.
    #[serde(default = "default_target_payback_months")]
    pub target_payback_months: f64,
    /// The memo's trigger category and context, e.g. "Cloud cost — highest-volume
    /// CPU-bound service"; the driver line adds the measured reduction and payback.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub driver: String,
    /// Where `monthly_cost` and `reduction` came from, when derived from
    /// instance counts; validation checks they agree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instances: Option<Instances>,
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

/// Everything computed from a [`Payback`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PaybackEval {
    /// monthly_cost × reduction.
    pub monthly_saving: f64,
    /// 12 × monthly_saving.
    pub annual_saving: f64,
    /// engineers × months × loaded_rate + freeze_weeks × freeze_cost_per_week + other_one_time.
    pub one_time_cost: f64,
    /// one_time_cost / monthly_saving; null when nothing is saved.
    pub payback_months: Option<f64>,
    /// Whether payback_months ≤ target_payback_months.
    pub meets_target: bool,
    /// First month the cumulative net turns ≥ 0 on the timeline, interpolated; null if not within the horizon.
    pub break_even_month: Option<f64>,
    /// Net present value of the timeline at the monthly rate.
    pub npv: f64,
    /// As break_even_month, on the discounted cumulative.
    pub discounted_payback_months: Option<f64>,
    /// (savings within the horizon − one_time_cost) / one_time_cost; null when nothing is spent.
    pub roi: Option<f64>,
    /// Savings within the horizon.
    pub horizon_saving: f64,
    /// The reduction at which payback_months equals the target: one_time / (monthly_cost × target).
    /// Below it the rewrite misses the target (the kill criterion); null without a bill.
    pub break_even_reduction: Option<f64>,
    /// The monthly bill below which the measured reduction no longer pays
    /// back within the target: one_time / (target × reduction); null when
    /// nothing is saved.
    pub break_even_monthly_cost: Option<f64>,
    /// Months 0..=horizon.
    pub timeline: Vec<MonthFlow>,
}

/// The longest timeline evaluated, whatever the input says (100 years).
pub const MAX_HORIZON_MONTHS: f64 = 1200.0;

impl Payback {
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

/// Evaluates a payback section.
pub fn evaluate(p: &Payback) -> PaybackEval {
    let monthly_saving = p.monthly_saving();
    let one_time_cost = p.one_time_cost();
    let payback_months = if one_time_cost <= 0.0 {
        Some(0.0)
    } else if monthly_saving > 0.0 {
        Some(one_time_cost / monthly_saving)
    } else {
        None
    };
    let timeline = timeline(p, one_time_cost);
    let npv = timeline.last().map_or(0.0, |m| m.discounted_cumulative);
    let horizon_saving: f64 = timeline.iter().map(|m| m.saving).sum();
    let break_even_reduction = (p.monthly_cost > 0.0 && p.target_payback_months > 0.0)
        .then(|| one_time_cost / (p.monthly_cost * p.target_payback_months));

    PaybackEval {
        monthly_saving,
        annual_saving: 12.0 * monthly_saving,
        one_time_cost,
        payback_months,
        meets_target: payback_months.is_some_and(|m| m <= p.target_payback_months),
        break_even_month: crossing(&timeline, |m| m.cumulative),
        npv,
        discounted_payback_months: crossing(&timeline, |m| m.discounted_cumulative),
        roi: (one_time_cost > 0.0).then(|| (horizon_saving - one_time_cost) / one_time_cost),
        horizon_saving,
        break_even_reduction,
        break_even_monthly_cost: (p.reduction > 0.0 && p.target_payback_months > 0.0)
            .then(|| one_time_cost / (p.target_payback_months * p.reduction)),
        timeline,
    }
}

/// The length of the overlap of the intervals [a0, a1] and [b0, b1].
fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// Months 0..=horizon of cost, saving and cumulative nets.
fn timeline(p: &Payback, one_time_cost: f64) -> Vec<MonthFlow> {
    let horizon = p.horizon_months.clamp(0.0, MAX_HORIZON_MONTHS) as u32;
    let build = p.build_months.max(0.0);
    let monthly_rate = p.annual_discount_rate / 12.0;
    let growth = 1.0 + p.annual_bill_growth / 12.0;
    let (mut cumulative, mut discounted_cumulative) = (0.0, 0.0);
    let mut bill = p.monthly_cost;
    let mut discount = 1.0;
    let mut out = Vec::with_capacity(horizon as usize + 1);
    for month in 0..=horizon {
        let (cost, saving) = if month == 0 {
            let cost = if build == 0.0 { one_time_cost } else { 0.0 };
            (cost, 0.0)
        } else {
            let (start, end) = (f64::from(month - 1), f64::from(month));
            let cost = if build > 0.0 {
                one_time_cost * overlap(start, end, 0.0, build) / build
            } else {
                0.0
            };
            let saving = bill * p.reduction * overlap(start, end, build, f64::INFINITY);
            bill *= growth;
            (cost, saving)
        };
        let net = saving - cost;
        cumulative += net;
        discounted_cumulative += net / discount;
        discount *= 1.0 + monthly_rate;
        out.push(MonthFlow {
            month,
            cost,
            saving,
            net,
            cumulative,
            discounted_cumulative,
        });
    }
    out
}

/// The first month at which `value` turns from negative to ≥ 0, linearly
/// interpolated between months; 0 when it is never negative; null when it
/// is still negative at the horizon.
fn crossing(timeline: &[MonthFlow], value: impl Fn(&MonthFlow) -> f64) -> Option<f64> {
    let first_negative = timeline.iter().position(|m| value(m) < 0.0);
    let Some(start) = first_negative else {
        return Some(0.0);
    };
    timeline.windows(2).skip(start).find_map(|pair| {
        let (before, after) = (value(&pair[0]), value(&pair[1]));
        (before < 0.0 && after >= 0.0)
            .then(|| f64::from(pair[0].month) + -before / (after - before))
    })
}
