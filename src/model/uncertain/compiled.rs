//! The scenario compiled to plain numbers: what one Monte Carlo sample (or
//! one tornado point) evaluates, without allocating.
//!
//! [`ScenarioNums`] holds every section's numbers at their point values; a
//! sample overwrites the uncertain ones through their [`Field`] addresses
//! (each section's input table says where a value goes) and
//! [`Compiled::scalars`] recomputes every output with the same section cores
//! the deterministic [`crate::model::evaluate`] uses, so a sample at the
//! point values gives exactly the deterministic numbers.

use crate::model::Scenario;
use crate::model::budget::{self, BudgetEval, BudgetNums};
use crate::model::cost::{self, CostEval, CostNums};
use crate::model::load::{QueueEval, QueueNums, evaluate_queue};
use crate::model::matrix::{self, MatrixNums};
use crate::model::outputs::Records;
use crate::model::payback::{self, LatencyValue, PaybackEval, PaybackNums, ReductionFrom};
use crate::model::sites::{Field, Table};
use crate::model::tradeoff::{self, TradeoffEval, TradeoffNums};

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
    /// The payback's price on latency, whose milliseconds come from the budget.
    pub latency_value: Option<LatencyValue>,
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
            matrix: scenario.matrix.as_ref().map(matrix::Matrix::nums),
            payback: scenario.payback.as_ref().map(payback::Payback::nums),
            reduction_from: scenario.payback.as_ref().and_then(|p| p.reduction_from),
            latency_value: scenario.payback.as_ref().and_then(|p| p.latency_value),
            queue: scenario
                .load
                .as_ref()
                .and_then(|l| l.queue.as_ref())
                .map(crate::model::load::Queue::nums),
            cost: scenario.cost.as_ref().map(cost::Cost::nums),
            tradeoff: scenario.tradeoff.as_ref().map(tradeoff::Tradeoff::nums),
        }
    }

    /// Writes `value` where `field` points, through its table's setter.
    pub fn set(&mut self, field: Field, value: f64) {
        let Field {
            table,
            row,
            col,
            input,
        } = field;
        match table {
            Table::Budget => {
                if let Some(b) = &mut self.budget {
                    (budget::INPUTS[input].set)(b, value);
                }
            }
            Table::Span => {
                if let Some(s) = self.budget.as_mut().and_then(|b| b.spans.get_mut(row)) {
                    (budget::SPAN_INPUTS[input].set)(s, value);
                }
            }
            Table::Lever => {
                let span = self.budget.as_mut().and_then(|b| b.spans.get_mut(row));
                if let Some(lever) = span.and_then(|s| s.lever.as_mut()) {
                    (budget::LEVER_INPUTS[input].set)(lever, value);
                }
            }
            Table::Criterion => {
                if let Some(w) = self.matrix.as_mut().and_then(|m| m.weights.get_mut(row)) {
                    (matrix::CRITERION_INPUTS[input].set)(w, value);
                }
            }
            Table::Score => {
                if let Some(m) = &mut self.matrix {
                    let n = m.weights.len();
                    if let Some(s) = m.scores.get_mut(row * n + col) {
                        *s = value;
                    }
                }
            }
            Table::Payback => {
                if let Some(p) = &mut self.payback {
                    (payback::INPUTS[input].set)(p, value);
                }
            }
            // No output reads the instance counts' draws.
            Table::Instances => {}
            Table::Queue => {
                if let Some(q) = &mut self.queue {
                    (crate::model::load::QUEUE_INPUTS[input].set)(q, value);
                }
            }
            Table::Cost => {
                if let Some(c) = &mut self.cost {
                    (cost::INPUTS[input].set)(c, value);
                }
            }
            Table::InstanceType => {
                if let Some(t) = self
                    .cost
                    .as_mut()
                    .and_then(|c| c.instance_types.get_mut(row))
                {
                    (cost::INSTANCE_INPUTS[input].set)(t, value);
                }
            }
            Table::CostTail => {
                if let Some(c) = &mut self.cost {
                    (cost::TAIL_INPUTS[input].set)(c, value);
                }
            }
            Table::Tradeoff => {
                if let Some(t) = &mut self.tradeoff {
                    (tradeoff::INPUTS[input].set)(t, value);
                }
            }
            Table::Choice => {
                if let Some(c) = self.tradeoff.as_mut().and_then(|t| t.choices.get_mut(row)) {
                    (tradeoff::CHOICE_INPUTS[input].set)(c, value);
                }
            }
            Table::Cascade => {
                if let Some(c) = self.tradeoff.as_mut().and_then(|t| t.cascades.get_mut(row)) {
                    (tradeoff::CASCADE_INPUTS[input].set)(c, value);
                }
            }
        }
    }
}

/// Every output of one evaluation of [`ScenarioNums`]: the sections'
/// records (without their lists and names) and the matrix's totals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scalars {
    /// The budget's outputs.
    pub budget: Option<BudgetEval>,
    /// Each candidate's weighted total, in file order (empty without a matrix).
    pub matrix_totals: Vec<f64>,
    /// The payback's outputs, with the derived reduction when linked.
    pub payback: Option<PaybackEval>,
    /// The queue's outputs.
    pub queue: Option<QueueEval>,
    /// The cost section's outputs.
    pub cost: Option<CostEval>,
    /// The trade-off rows.
    pub tradeoff: Option<TradeoffEval>,
    /// The payback timeline's cumulative net per month, when tracked.
    pub cumulative: Vec<f64>,
}

impl Records for Scalars {
    fn budget(&self) -> Option<&BudgetEval> {
        self.budget.as_ref()
    }

    fn payback(&self) -> Option<&PaybackEval> {
        self.payback.as_ref()
    }

    fn queue(&self) -> Option<&QueueEval> {
        self.queue.as_ref()
    }

    fn cost(&self) -> Option<&CostEval> {
        self.cost.as_ref()
    }

    fn matrix_margin(&self) -> Option<f64> {
        if self.matrix_totals.len() < 2 {
            return None;
        }
        let (mut first, mut second) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for &t in &self.matrix_totals {
            if t > first {
                second = first;
                first = t;
            } else if t > second {
                second = t;
            }
        }
        Some(first - second)
    }
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
        // Options: moving a large struct per sample showed as memcpy.
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
                if let Some(b) = &out.budget {
                    let totals = (b.total, b.total_after_language, b.total_after_all);
                    p.link(nums.reduction_from, nums.latency_value, totals);
                }
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
        match &nums.tradeoff {
            Some(t) => t.scalars_into(out.tradeoff.get_or_insert_with(Default::default)),
            None => out.tradeoff = None,
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
