//! The scenario compiled to plain numbers: what one Monte Carlo sample (or
//! one tornado point) evaluates, without allocating.
//!
//! [`ScenarioNums`] holds every section's numbers at their point values; a
//! sample overwrites the uncertain ones through their [`Field`] addresses
//! and [`Compiled::scalars`] recomputes every scalar output with the same
//! section cores the deterministic [`crate::model::evaluate`] uses, so a
//! sample at the point values gives exactly the deterministic numbers.

use super::sites::{CostField, Field, PaybackField, QueueField};
use crate::model::Scenario;
use crate::model::budget::{self, BudgetNums, BudgetScalars, LeverNums};
use crate::model::cost::{self, CostNums, CostScalars};
use crate::model::load::{QueueEval, QueueNums, evaluate_queue};
use crate::model::matrix::MatrixNums;
use crate::model::payback::{self, PaybackNums, PaybackScalars, ReductionFrom};
use crate::model::tradeoff::{TradeoffNums, TradeoffScalars};

/// Every section's numbers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScenarioNums {
    /// The budget, if any.
    pub budget: Option<BudgetNums>,
    /// The matrix, if any.
    pub matrix: Option<MatrixNums>,
    /// The payback section, if any.
    pub payback: Option<PaybackNums>,
    /// Where the payback's reduction comes from, when derived.
    pub reduction_from: Option<ReductionFrom>,
    /// The queue, if any.
    pub queue: Option<QueueNums>,
    /// The cost section, if any.
    pub cost: Option<CostNums>,
    /// The trade-off section, if any.
    pub tradeoff: Option<TradeoffNums>,
}

impl ScenarioNums {
    /// The scenario's numbers at their point values.
    pub fn points(scenario: &Scenario) -> Self {
        Self {
            budget: scenario.budget.as_ref().map(budget::Budget::nums),
            matrix: scenario
                .matrix
                .as_ref()
                .map(crate::model::matrix::Matrix::nums),
            payback: scenario.payback.as_ref().map(payback::Payback::nums),
            reduction_from: scenario.payback.as_ref().and_then(|p| p.reduction_from),
            queue: scenario
                .load
                .as_ref()
                .and_then(|l| l.queue.as_ref())
                .map(crate::model::load::Queue::nums),
            cost: scenario.cost.as_ref().map(cost::Cost::nums),
            tradeoff: scenario
                .tradeoff
                .as_ref()
                .map(crate::model::tradeoff::Tradeoff::nums),
        }
    }

    /// Writes `value` where `field` points.
    pub fn set(&mut self, field: Field, value: f64) {
        match field {
            Field::SpanTime(_)
            | Field::LeverFactor(_)
            | Field::LeverTime(_)
            | Field::LeverHitRatio(_)
            | Field::LeverHitTime(_)
            | Field::LanguageSpeedup
            | Field::SloLatency
            | Field::SloThroughput
            | Field::MeasuredThroughput => {
                if let Some(b) = &mut self.budget {
                    set_budget(b, field, value);
                }
            }
            Field::Weight(j) => {
                if let Some(w) = self.matrix.as_mut().and_then(|m| m.weights.get_mut(j)) {
                    *w = value;
                }
            }
            Field::Score(c, j) => {
                if let Some(m) = &mut self.matrix {
                    let n = m.weights.len();
                    if let Some(s) = m.scores.get_mut(c * n + j) {
                        *s = value;
                    }
                }
            }
            Field::Payback(f) => {
                if let Some(p) = &mut self.payback {
                    *payback_slot(p, f) = value;
                }
            }
            Field::Queue(f) => {
                if let Some(q) = &mut self.queue {
                    *match f {
                        QueueField::ServiceMs => &mut q.service_ms,
                        QueueField::ArrivalPerS => &mut q.arrival_per_s,
                        QueueField::GrowthPerQuarter => &mut q.growth_per_quarter,
                        QueueField::SloMs => &mut q.slo_ms,
                    } = value;
                }
            }
            Field::Cost(f) => {
                if let Some(c) = &mut self.cost {
                    *match f {
                        CostField::RatePerS => &mut c.rate_per_s,
                        CostField::LatencyMs => &mut c.latency_ms,
                        CostField::TargetUtilization => &mut c.target_utilization,
                        CostField::ResponseBytes => &mut c.response_bytes,
                        CostField::EgressShare => &mut c.egress_share,
                        CostField::EgressPricePerGb => &mut c.egress_price_per_gb,
                        CostField::StorageGb => &mut c.storage_gb,
                        CostField::StoragePricePerGbMonth => &mut c.storage_price_per_gb_month,
                    } = value;
                }
            }
            Field::InstanceCapacity(i) => {
                if let Some(t) = self.cost.as_mut().and_then(|c| c.instance_types.get_mut(i)) {
                    t.0 = value;
                }
            }
            Field::InstancePrice(i) => {
                if let Some(t) = self.cost.as_mut().and_then(|c| c.instance_types.get_mut(i)) {
                    t.1 = value;
                }
            }
            Field::Tradeoff(_) | Field::Choice(..) | Field::Cascade(..) => {
                if let Some(t) = &mut self.tradeoff {
                    t.set(field, value);
                }
            }
            Field::Unused => {}
        }
    }
}

fn set_budget(b: &mut BudgetNums, field: Field, value: f64) {
    fn lever(b: &mut BudgetNums, i: usize) -> Option<&mut LeverNums> {
        b.spans.get_mut(i).and_then(|s| s.lever.as_mut())
    }
    match field {
        Field::SpanTime(i) => {
            if let Some(s) = b.spans.get_mut(i) {
                s.time = value;
            }
        }
        Field::LeverFactor(i) => {
            if let Some(LeverNums::Speedup { factor }) = lever(b, i) {
                *factor = value;
            }
        }
        Field::LeverTime(i) => {
            if let Some(LeverNums::Replace { time }) = lever(b, i) {
                *time = value;
            }
        }
        Field::LeverHitRatio(i) => {
            if let Some(LeverNums::Cache { hit_ratio, .. }) = lever(b, i) {
                *hit_ratio = value;
            }
        }
        Field::LeverHitTime(i) => {
            if let Some(LeverNums::Cache { hit_time, .. }) = lever(b, i) {
                *hit_time = value;
            }
        }
        Field::LanguageSpeedup => b.language_speedup = value,
        Field::SloLatency => b.slo_latency = Some(value),
        Field::SloThroughput => b.slo_throughput = Some(value),
        Field::MeasuredThroughput => b.measured_throughput = Some(value),
        _ => {}
    }
}

fn payback_slot(p: &mut PaybackNums, f: PaybackField) -> &mut f64 {
    match f {
        PaybackField::MonthlyCost => &mut p.monthly_cost,
        PaybackField::Reduction => &mut p.reduction,
        PaybackField::Engineers => &mut p.engineers,
        PaybackField::Months => &mut p.months,
        PaybackField::LoadedRate => &mut p.loaded_rate,
        PaybackField::FreezeWeeks => &mut p.freeze_weeks,
        PaybackField::FreezeCostPerWeek => &mut p.freeze_cost_per_week,
        PaybackField::OtherOneTime => &mut p.other_one_time,
        PaybackField::BuildMonths => &mut p.build_months,
        PaybackField::AnnualDiscountRate => &mut p.annual_discount_rate,
        PaybackField::AnnualBillGrowth => &mut p.annual_bill_growth,
        PaybackField::TargetPaybackMonths => &mut p.target_payback_months,
    }
}

/// Every scalar output of one evaluation of [`ScenarioNums`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scalars {
    /// The budget's outputs.
    pub budget: Option<BudgetScalars>,
    /// Each candidate's weighted total, in file order (empty without a matrix).
    pub matrix_totals: Vec<f64>,
    /// The payback's outputs, with the derived reduction when linked.
    pub payback: Option<PaybackScalars>,
    /// The reduction the payback used.
    pub reduction: f64,
    /// The queue's outputs.
    pub queue: Option<QueueEval>,
    /// The cost section's outputs.
    pub cost: Option<CostScalars>,
    /// The trade-off rows.
    pub tradeoff: Option<TradeoffScalars>,
    /// The payback timeline's cumulative net per month, when tracked.
    pub cumulative: Vec<f64>,
}

/// A compiled scenario with its scratch space: evaluates [`ScenarioNums`]
/// again and again without allocating.
#[derive(Clone, Debug, Default)]
pub struct Compiled {
    /// The numbers evaluated; callers overwrite uncertain ones.
    pub nums: ScenarioNums,
    scratch: budget::Scratch,
    /// The last evaluation's outputs.
    pub out: Scalars,
    /// Whether [`Self::scalars`] also fills `out.cumulative`.
    pub track_timeline: bool,
}

impl Compiled {
    /// Compiles `scenario` at its point values.
    pub fn new(scenario: &Scenario) -> Self {
        Self {
            nums: ScenarioNums::points(scenario),
            ..Self::default()
        }
    }

    /// Evaluates the current numbers into `self.out`.
    pub fn scalars(&mut self) -> &Scalars {
        let Self {
            nums,
            scratch,
            out,
            track_timeline,
        } = self;
        // Results are written into their slots, not returned in new
        // Options: moving a 170-byte struct per sample showed as memcpy.
        match &nums.budget {
            Some(b) => {
                *out.budget.get_or_insert_with(Default::default) = budget::scalars(b, scratch)
            }
            None => out.budget = None,
        }
        out.matrix_totals.clear();
        if let Some(m) = &nums.matrix {
            out.matrix_totals
                .extend((0..m.candidates()).map(|c| m.total(c)));
        }
        match nums.payback {
            Some(mut p) => {
                if let (Some(from), Some(b)) = (nums.reduction_from, &out.budget) {
                    p.reduction =
                        from.reduction(b.total, b.total_after_language, b.total_after_all);
                }
                out.reduction = p.reduction;
                let slot = out.payback.get_or_insert_with(Default::default);
                *slot = payback::scalars(&p);
                if *track_timeline {
                    out.cumulative.clear();
                    out.cumulative
                        .extend(payback::month_flows(&p, slot.one_time_cost).map(|m| m.cumulative));
                }
            }
            None => out.payback = None,
        }
        out.queue = nums.queue.as_ref().map(evaluate_queue);
        out.cost = nums.cost.as_ref().map(cost::scalars);
        match (&nums.tradeoff, &mut out.tradeoff) {
            (Some(t), Some(sc)) => t.scalars_into(sc),
            (Some(t), slot) => {
                let mut sc = TradeoffScalars::default();
                t.scalars_into(&mut sc);
                *slot = Some(sc);
            }
            (None, slot) => *slot = None,
        }
        &self.out
    }

    /// The cumulative net at `month` of the last evaluation (needs
    /// `track_timeline`); NaN past the horizon.
    pub fn cumulative_at(&self, month: u32) -> f64 {
        self.out
            .cumulative
            .get(month as usize)
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// The budget's Amdahl speedup at language speedup `s`, for the
    /// current numbers.
    pub fn amdahl_at(&self, s: f64) -> f64 {
        self.nums
            .budget
            .as_ref()
            .map_or(f64::NAN, |b| budget::amdahl_at(&b.spans, s))
    }
}
