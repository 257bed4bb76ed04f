//! Latency, cost and accuracy of alternative models (seed 002): which
//! classifier, or which cascade of a fast one and a slow one, costs least in
//! total — infrastructure plus the cost of its mistakes — under a latency SLO.
//!
//! With V decisions a month, a positive rate π, recall r and false-positive
//! rate f, a choice misses Vπ(1 − r) positives and blocks V(1 − π)f
//! negatives; its error cost prices both, and its total adds the
//! infrastructure. A choice's latency is log-normal with median p50 and
//! σ = ln(p99/p50)/z₉₉. A cascade runs `first` on every decision and also
//! `second` on the escalated share e, so its latency T has
//! P(T ≤ t) = (1 − e)·F₁(t) + e·P(X₁ + X₂ ≤ t); its p99 solves P = 0.99.

mod eval;
pub mod latency;

use serde::{Deserialize, Serialize};

pub use self::eval::{RowEval, TradeoffEval, evaluate, pareto, tied};
pub use self::latency::{Latency, Z99, cascade_cdf, cascade_p99, max_escalate_share, sum_cdf};
use crate::input;
use crate::model::domain::Domain;
use crate::model::input::{Input, Typical, fill};
use crate::model::quantity::Quantity;
use crate::model::unit::Unit;

/// One model (or any classifier) that could make the decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// E.g. "Logistic regression".
    pub name: String,
    /// Share of positives it catches, 0..=1.
    pub recall: Quantity,
    /// Share of negatives it flags, 0..=1.
    pub false_positive_rate: Quantity,
    /// Median latency, ms (> 0).
    pub p50_ms: Quantity,
    /// 99th-percentile latency, ms (≥ p50).
    pub p99_ms: Quantity,
    /// Infrastructure per month.
    pub infra_per_month: Quantity,
}

/// A fast choice on every decision and a slow one on the borderline share.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cascade {
    /// E.g. "LR, ensemble on borderline".
    pub name: String,
    /// The choice that sees every decision.
    pub first: String,
    /// The choice that also sees the escalated share.
    pub second: String,
    /// Share of decisions escalated to `second`, 0..=1.
    pub escalate_share: Quantity,
    /// The cascade's measured recall (offline replay), 0..=1.
    pub recall: Quantity,
    /// The cascade's measured false-positive rate, 0..=1.
    pub false_positive_rate: Quantity,
}

/// The trade-off section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tradeoff {
    /// Decisions per month (> 0).
    pub volume_per_month: Quantity,
    /// Share of decisions that are positives (fraud), 0..=1.
    pub positive_rate: Quantity,
    /// Cost of one false positive (a legitimate decision blocked).
    pub false_positive_cost: Quantity,
    /// Cost of one false negative (a positive missed).
    pub false_negative_cost: Quantity,
    /// The SLO on each choice's p99, ms; none: every choice meets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_slo_ms: Option<Quantity>,
    /// The choices.
    pub choices: Vec<Choice>,
    /// Cascades of two choices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cascades: Vec<Cascade>,
}

/// A choice reduced to numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ChoiceNums {
    /// r.
    pub recall: f64,
    /// f.
    pub false_positive_rate: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// p99 latency, ms.
    pub p99_ms: f64,
    /// Infrastructure per month.
    pub infra_per_month: f64,
}

/// A cascade reduced to numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CascadeNums {
    /// Index of `first` in the choices.
    pub first: usize,
    /// Index of `second` in the choices.
    pub second: usize,
    /// e.
    pub escalate_share: f64,
    /// Measured recall.
    pub recall: f64,
    /// Measured false-positive rate.
    pub false_positive_rate: f64,
}

/// The section reduced to numbers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TradeoffNums {
    /// V.
    pub volume_per_month: f64,
    /// π.
    pub positive_rate: f64,
    /// c_fp.
    pub false_positive_cost: f64,
    /// c_fn.
    pub false_negative_cost: f64,
    /// The SLO, if any.
    pub latency_slo_ms: Option<f64>,
    /// The choices.
    pub choices: Vec<ChoiceNums>,
    /// The cascades (those naming existing, distinct choices).
    pub cascades: Vec<CascadeNums>,
}

impl Tradeoff {
    /// The index of the choice named `name`.
    pub fn choice_index(&self, name: &str) -> Option<usize> {
        self.choices.iter().position(|c| c.name == name)
    }

    /// The section's numbers at their point values. A cascade naming a
    /// missing choice (validation refuses it) points at choice 0.
    pub fn nums(&self) -> TradeoffNums {
        let mut nums = TradeoffNums {
            choices: self
                .choices
                .iter()
                .map(|c| {
                    let mut n = ChoiceNums::default();
                    fill(CHOICE_INPUTS, c, &mut n);
                    n
                })
                .collect(),
            cascades: self
                .cascades
                .iter()
                .map(|c| {
                    let mut n = CascadeNums {
                        first: self.choice_index(&c.first).unwrap_or(0),
                        second: self.choice_index(&c.second).unwrap_or(0),
                        ..CascadeNums::default()
                    };
                    fill(CASCADE_INPUTS, c, &mut n);
                    n
                })
                .collect(),
            ..TradeoffNums::default()
        };
        fill(INPUTS, self, &mut nums);
        nums
    }

    /// The row names: choices, then cascades.
    pub fn row_names(&self) -> impl Iterator<Item = &str> {
        self.choices
            .iter()
            .map(|c| c.name.as_str())
            .chain(self.cascades.iter().map(|c| c.name.as_str()))
    }
}

/// The section's own inputs, in file order (the choices' and cascades' follow).
pub const INPUTS: &[Input<Tradeoff, TradeoffNums>] = &[
    input!(
        volume_per_month,
        "decisions per month",
        PerMonth,
        POSITIVE,
        Typical::log(1000.0, 1e9),
        "How many decisions the model makes a month",
    ),
    input!(
        positive_rate,
        "positive rate",
        Fraction,
        FRACTION,
        Typical::linear(0.0, 0.2),
        "Share of decisions that are positives (fraud, spam): the base rate π",
    ),
    input!(
        false_positive_cost,
        "cost of a false positive",
        Money,
        NON_NEGATIVE,
        Typical::linear(0.0, 1000.0),
        "What one wrongly flagged negative costs (a blocked payment, a hidden post)",
    ),
    input!(
        false_negative_cost,
        "cost of a false negative",
        Money,
        NON_NEGATIVE,
        Typical::linear(0.0, 10_000.0),
        "What one missed positive costs (a chargeback, spam shown)",
    ),
    Input::new(
        "latency_slo_ms",
        "latency SLO",
        Unit::Ms,
        Domain::POSITIVE,
        Typical::linear(1.0, 1000.0),
        "The most each choice's p99 may take",
        |t| t.latency_slo_ms.as_ref(),
        |t| t.latency_slo_ms.as_mut(),
        |n, v| n.latency_slo_ms = Some(v),
    ),
];

/// A choice's inputs, in file order.
pub const CHOICE_INPUTS: &[Input<Choice, ChoiceNums>] = &[
    input!(
        recall,
        "recall",
        Fraction,
        FRACTION,
        Typical::linear(0.0, 1.0),
        "Share of positives it catches",
    ),
    input!(
        false_positive_rate,
        "false-positive rate",
        Fraction,
        FRACTION,
        Typical::linear(0.0, 0.1),
        "Share of negatives it flags",
    ),
    input!(
        p50_ms,
        "p50",
        Ms,
        POSITIVE,
        Typical::log(0.1, 1000.0),
        "Median latency",
    ),
    input!(
        p99_ms,
        "p99",
        Ms,
        POSITIVE,
        Typical::log(0.1, 5000.0),
        "99th-percentile latency (at least the p50)",
    ),
    input!(
        infra_per_month,
        "infrastructure",
        MoneyPerMonth,
        NON_NEGATIVE,
        Typical::linear(0.0, 200_000.0),
        "What running it costs a month",
    ),
];

/// A cascade's inputs, in file order.
pub const CASCADE_INPUTS: &[Input<Cascade, CascadeNums>] = &[
    input!(
        escalate_share,
        "escalated share",
        Fraction,
        FRACTION,
        Typical::linear(0.0, 1.0),
        "Share of decisions sent on to the second choice",
    ),
    input!(
        recall,
        "recall",
        Fraction,
        FRACTION,
        Typical::linear(0.0, 1.0),
        "The cascade's recall, measured by an offline replay",
    ),
    input!(
        false_positive_rate,
        "false-positive rate",
        Fraction,
        FRACTION,
        Typical::linear(0.0, 0.1),
        "The cascade's false-positive rate, measured by an offline replay",
    ),
];
