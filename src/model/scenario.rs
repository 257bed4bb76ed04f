//! The scenario root (what a file holds) and the evaluation root (what is shown).

use serde::{Deserialize, Serialize};

use super::budget::{Budget, BudgetEval};
use super::cost::{Cost, CostEval};
use super::load::{Load, LoadEval};
use super::matrix::{Matrix, MatrixEval};
use super::payback::{Payback, PaybackEval};
use super::tradeoff::{Tradeoff, TradeoffEval};

/// The newest scenario file format this build reads (and writes, for a
/// scenario that uses its fields).
pub const FORMAT: u32 = 3;

/// Monte Carlo settings: how many samples, from which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonteCarlo {
    /// Samples per run, 1 to [`MonteCarlo::MAX_SAMPLES`].
    #[serde(default = "MonteCarlo::default_samples")]
    pub samples: u64,
    /// The seed: the same file, samples and seed give bit-identical numbers.
    #[serde(default = "MonteCarlo::default_seed")]
    pub seed: u64,
}

impl MonteCarlo {
    /// The most samples a run may ask for.
    pub const MAX_SAMPLES: u64 = 10_000_000;

    fn default_samples() -> u64 {
        10_000
    }

    fn default_seed() -> u64 {
        1
    }

    /// Whether these are the defaults (then the canonical file omits them).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

impl Default for MonteCarlo {
    fn default() -> Self {
        Self {
            samples: Self::default_samples(),
            seed: Self::default_seed(),
        }
    }
}

/// A performance business case: everything the user edits and saves.
///
/// Every section is optional; a scenario may hold only a matrix, say.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// File format number; see [`FORMAT`].
    pub format: u32,
    /// One line naming the decision, e.g. "Orders endpoint: rewrite in Go?".
    #[serde(default)]
    pub title: String,
    /// Free text: context, sources, assumptions.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The currency of every money figure: a symbol ("$", "€") or a code
    /// ("EUR"). Format 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Where the time goes: a trace or a profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    /// The weighted decision matrix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix: Option<Matrix>,
    /// Rewrite economics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payback: Option<Payback>,
    /// The latency cliff: queueing and load-test scalability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<Load>,
    /// Capacity and the monthly bill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cost>,
    /// Latency, cost and accuracy of alternative models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tradeoff: Option<Tradeoff>,
    /// How uncertain inputs are sampled.
    #[serde(default, skip_serializing_if = "MonteCarlo::is_default")]
    pub monte_carlo: MonteCarlo,
    /// The inputs that were measured, by path, and where (a trace, a
    /// dashboard, a load test); every other input is an assumption. Format 3.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub evidence: std::collections::BTreeMap<String, String>,
}

impl Scenario {
    /// Whether the scenario uses a field that format 3 introduced.
    pub fn uses_format_3(&self) -> bool {
        let payback = self.payback.as_ref().is_some_and(|p| {
            p.latency_value.is_some()
                || !p.recurring_monthly_cost.is_zero()
                || p.kill_below.is_some()
        });
        let queue = self
            .load
            .as_ref()
            .and_then(|l| l.queue.as_ref())
            .is_some_and(crate::model::load::Queue::uses_format_3);
        let cost = self
            .cost
            .as_ref()
            .is_some_and(crate::model::cost::Cost::uses_format_3);
        self.currency.is_some() || payback || queue || cost || !self.evidence.is_empty()
    }

    /// The lowest format that holds this scenario: what saving writes.
    pub fn required_format(&self) -> u32 {
        if self.uses_format_3() { 3 } else { 2 }
    }
}

impl Default for Scenario {
    fn default() -> Self {
        Self {
            format: 2,
            title: String::new(),
            notes: String::new(),
            currency: None,
            budget: None,
            matrix: None,
            payback: None,
            load: None,
            cost: None,
            tradeoff: None,
            monte_carlo: MonteCarlo::default(),
            evidence: std::collections::BTreeMap::new(),
        }
    }
}

/// Everything computed from a [`Scenario`]; `perfcase eval --json` prints it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// The scenario's title, repeated so a JSON consumer needs only this.
    pub title: String,
    /// Present when the scenario has a budget.
    pub budget: Option<BudgetEval>,
    /// Present when the scenario has a matrix.
    pub matrix: Option<MatrixEval>,
    /// Present when the scenario has a payback section.
    pub payback: Option<PaybackEval>,
    /// Present when the scenario has a load section.
    pub load: Option<LoadEval>,
    /// Present when the scenario has a cost section.
    pub cost: Option<CostEval>,
    /// Present when the scenario has a trade-off section.
    pub tradeoff: Option<TradeoffEval>,
    /// Measured and assumed inputs, when the file names evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<super::evidence::EvidenceEval>,
}

/// Evaluates every section present in `scenario`.
///
/// Pure and total: it never panics, whatever the numbers. Call
/// [`super::validate`] first to reject inputs whose results would be
/// meaningless (negative times, NaN, weights summing to zero…).
pub fn evaluate(scenario: &Scenario) -> Evaluation {
    let budget = scenario.budget.as_ref().map(super::budget::evaluate);
    let payback = scenario.payback.as_ref().map(|p| {
        let mut nums = p.nums();
        if let Some(b) = &budget {
            nums.link_budget(p, b);
        }
        super::payback::evaluate_nums(&nums)
    });
    Evaluation {
        title: scenario.title.clone(),
        budget,
        matrix: scenario.matrix.as_ref().map(super::matrix::evaluate),
        payback,
        load: scenario.load.as_ref().map(super::load::evaluate),
        cost: scenario.cost.as_ref().map(super::cost::evaluate),
        tradeoff: scenario.tradeoff.as_ref().map(super::tradeoff::evaluate),
        evidence: super::evidence::evaluate(scenario),
    }
}
