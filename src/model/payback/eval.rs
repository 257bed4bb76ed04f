//! What a payback section evaluates to: the saving, the one-time cost, the
//! simple payback, the break-even month and NPV on the timeline, and the
//! kill criterion.

use serde::Serialize;

use super::timeline::{MonthFlow, month_flows};
use super::{Payback, PaybackNums, closed_form};
use crate::model::domain::{finite, per};

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
    /// monthly_cost × reduction: the bill's saving, today's bill.
    pub bill_saving_per_month: f64,
    /// The price on latency × the milliseconds saved; 0 without one.
    pub latency_saving_per_month: f64,
    /// The milliseconds saved that the latency saving prices (not in the
    /// JSON: the budget's outputs hold them).
    #[serde(skip)]
    pub latency_ms_saved: f64,
    /// What the change costs every month once it ships.
    pub recurring_monthly_cost: f64,
    /// The net: bill saving + latency saving − recurring cost.
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
    /// interpolated; ∞ (null) if not within the horizon. The deciding
    /// payback figure.
    pub break_even_month: f64,
    /// Whether break_even_month ≤ target (a case that never breaks even is
    /// not within): what `break_even_within_target` counts.
    #[serde(skip)]
    pub break_even_within_target: bool,
    /// The kill criterion on the timeline: the smallest bill reduction in
    /// [0, 1] at which break_even_month ≤ target; ∞ (null) when even 100 %
    /// misses.
    pub kill_reduction: f64,
    /// Whether the team's own kill threshold is at or above kill_reduction
    /// (false when kill_reduction is null); null without a threshold.
    pub kill_below_safe: Option<bool>,
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
    /// (monthly_cost × target), on the net saving with the format-3
    /// economics (clamped at 0, null above 1). Below it the rewrite misses
    /// the target on the simple basis; ∞ (null) without a bill.
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

    /// monthly_cost × reduction: the bill's saving.
    pub fn bill_saving(&self) -> f64 {
        self.monthly_cost * self.reduction
    }

    /// The price on latency × the milliseconds saved.
    pub fn latency_saving(&self) -> f64 {
        self.latency_per_ms_per_month * self.latency_ms_saved
    }

    /// The part of the net saving that does not grow with the bill:
    /// latency saving − recurring cost.
    pub fn flat_per_month(&self) -> f64 {
        self.latency_saving() - self.recurring_monthly_cost
    }

    /// The net monthly saving: bill + latency − recurring.
    pub fn monthly_saving(&self) -> f64 {
        let flat = self.flat_per_month();
        // Without a flat part the saving is the bill's, bit for bit.
        if flat == 0.0 {
            self.bill_saving()
        } else {
            self.bill_saving() + flat
        }
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
    let flat = p.flat_per_month();
    let target = p.target_payback_months;
    let kill_reduction = closed_form::kill_reduction(p, one_time_cost);
    let break_even_month = timeline.break_even(false);
    PaybackEval {
        reduction: p.reduction,
        bill_saving_per_month: p.bill_saving(),
        latency_saving_per_month: p.latency_saving(),
        latency_ms_saved: p.latency_ms_saved,
        recurring_monthly_cost: p.recurring_monthly_cost,
        monthly_saving,
        annual_saving: 12.0 * monthly_saving,
        one_time_cost,
        payback_months,
        meets_target: payback_months <= p.target_payback_months,
        break_even_month,
        break_even_within_target: break_even_month <= target,
        kill_reduction,
        kill_below_safe: p
            .kill_below
            .map(|k| kill_reduction.is_finite() && k >= kill_reduction),
        npv: timeline.npv(),
        // Undiscounted, the same walk gives the same month: not walked twice.
        discounted_payback_months: if timeline.discounts() {
            timeline.break_even(true)
        } else {
            break_even_month
        },
        roi: if one_time_cost > 0.0 {
            (horizon_saving - one_time_cost) / one_time_cost
        } else {
            f64::INFINITY
        },
        horizon_saving,
        break_even_reduction: if p.net_economics || p.recurring_monthly_cost != 0.0 {
            // The bill reduction at which one-time ÷ net saving = target.
            let needed = one_time_cost / target - flat;
            if needed <= 0.0 {
                0.0
            } else {
                let r = per(needed, p.monthly_cost);
                if r > 1.0 { f64::INFINITY } else { r }
            }
        } else {
            per(one_time_cost, p.monthly_cost * target)
        },
        break_even_monthly_cost: if flat == 0.0 {
            per(one_time_cost, target * p.reduction)
        } else {
            per(one_time_cost / target - flat, p.reduction)
        },
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
