//! What a trade-off evaluates to: each row's errors, cost and latency, the
//! Pareto front, and the best and cheapest rows.

use serde::Serialize;

use super::latency::{Latency, cascade_p99, max_escalate_share};
use super::{Tradeoff, TradeoffNums};
use crate::model::domain::within;

/// One row: a choice or a cascade (`tradeoff.choices[]` in `eval --json`).
///
/// A Monte Carlo sample fills only the numbers; [`evaluate`] adds the name,
/// the largest escalated share and the Pareto flag.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RowEval {
    /// The choice's or cascade's name.
    pub choice: String,
    /// Whether the row is a cascade.
    pub cascade: bool,
    /// For a cascade, the largest escalated share that still meets the SLO;
    /// null for a plain choice, without an SLO, or when even share 0 misses.
    pub max_escalate_share: Option<f64>,
    /// Vπ(1 − r).
    pub false_negatives_per_month: f64,
    /// V(1 − π)f.
    pub false_positives_per_month: f64,
    /// FN·c_fn + FP·c_fp.
    pub error_cost_per_month: f64,
    /// Infrastructure per month (a cascade: infra₁ + e·infra₂).
    pub infra_per_month: f64,
    /// error + infra.
    pub total_per_month: f64,
    /// total / V · 1000 (∞ when V = 0).
    pub cost_per_1k: f64,
    /// πr + (1 − π)(1 − f).
    pub accuracy: f64,
    /// πr / (πr + (1 − π)f); null when nothing is flagged.
    pub precision: Option<f64>,
    /// p99 latency, ms (a cascade: computed from the mixture).
    pub p99_ms: f64,
    /// p99 ≤ SLO (1e-9 relative); true without an SLO.
    pub meets_slo: bool,
    /// No other row is ≤ on p99, infra and error cost and < on one.
    pub pareto: bool,
}

/// Everything computed from a [`Tradeoff`], rows in order (choices, then cascades).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TradeoffEval {
    /// Choices, then cascades.
    pub choices: Vec<RowEval>,
    /// The cheapest row meeting the SLO; null when none does.
    pub best: Option<String>,
    /// The cheapest row.
    pub cheapest: Option<String>,
    /// The index of `best` in `choices` (first on a tie).
    #[serde(skip)]
    pub best_row: Option<usize>,
    /// The index of `cheapest` in `choices` (first on a tie).
    #[serde(skip)]
    pub cheapest_row: Option<usize>,
}

/// Whether `a` and `b` are equal within 1e-9 relative: a tie.
pub fn tied(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

impl TradeoffNums {
    fn row(&self, recall: f64, fpr: f64, infra: f64, p99: f64) -> RowEval {
        let (v, pi) = (self.volume_per_month, self.positive_rate);
        let false_negatives = v * pi * (1.0 - recall);
        let false_positives = v * (1.0 - pi) * fpr;
        let error =
            false_negatives * self.false_negative_cost + false_positives * self.false_positive_cost;
        let total = error + infra;
        let caught = pi * recall;
        let flagged = caught + (1.0 - pi) * fpr;
        RowEval {
            false_negatives_per_month: false_negatives,
            false_positives_per_month: false_positives,
            error_cost_per_month: error,
            infra_per_month: infra,
            total_per_month: total,
            cost_per_1k: if v > 0.0 {
                total / v * 1000.0
            } else {
                f64::INFINITY
            },
            accuracy: caught + (1.0 - pi) * (1.0 - fpr),
            precision: (flagged > 0.0).then(|| caught / flagged),
            p99_ms: p99,
            meets_slo: self.latency_slo_ms.is_none_or(|slo| within(p99, slo)),
            ..RowEval::default()
        }
    }

    /// Choice `i`'s latency distribution.
    pub fn latency(&self, i: usize) -> Latency {
        let c = self.choices.get(i).copied().unwrap_or_default();
        Latency::new(c.p50_ms, c.p99_ms)
    }

    /// Cascade `k`'s p99 at its escalated share.
    pub fn cascade_p99(&self, k: usize) -> f64 {
        let c = self.cascades[k];
        cascade_p99(
            self.latency(c.first),
            self.latency(c.second),
            c.escalate_share,
        )
    }

    /// Every row's numbers, reusing `out`'s rows (no allocation once grown);
    /// names and the Pareto flags are [`evaluate`]'s.
    pub fn scalars_into(&self, out: &mut TradeoffEval) {
        out.choices.clear();
        for c in &self.choices {
            out.choices.push(self.row(
                c.recall,
                c.false_positive_rate,
                c.infra_per_month,
                c.p99_ms.max(c.p50_ms),
            ));
        }
        for (k, c) in self.cascades.iter().enumerate() {
            let first = self.choices.get(c.first).copied().unwrap_or_default();
            let second = self.choices.get(c.second).copied().unwrap_or_default();
            let infra = first.infra_per_month + c.escalate_share * second.infra_per_month;
            out.choices
                .push(self.row(c.recall, c.false_positive_rate, infra, self.cascade_p99(k)));
        }
        let lowest = |meeting_only: bool| {
            let mut best: Option<(usize, f64)> = None;
            for (i, r) in out.choices.iter().enumerate() {
                if meeting_only && !r.meets_slo {
                    continue;
                }
                if best.is_none_or(|(_, total)| {
                    r.total_per_month < total && !tied(r.total_per_month, total)
                }) {
                    best = Some((i, r.total_per_month));
                }
            }
            best.map(|(i, _)| i)
        };
        out.best_row = lowest(true);
        out.cheapest_row = lowest(false);
    }
}

/// Whether row `i` is Pareto-optimal on (p99, infra, error cost): no other
/// row is ≤ on all three and < on one.
pub fn pareto(rows: &[RowEval], i: usize) -> bool {
    let key = |r: &RowEval| [r.p99_ms, r.infra_per_month, r.error_cost_per_month];
    let me = key(&rows[i]);
    !rows.iter().enumerate().any(|(j, other)| {
        let o = key(other);
        j != i && o.iter().zip(&me).all(|(a, b)| a <= b) && o.iter().zip(&me).any(|(a, b)| a < b)
    })
}

/// Evaluates a trade-off section.
pub fn evaluate(t: &Tradeoff) -> TradeoffEval {
    let nums = t.nums();
    let mut out = TradeoffEval::default();
    nums.scalars_into(&mut out);
    let names: Vec<&str> = t.row_names().collect();
    let n_choices = t.choices.len();
    let pareto: Vec<bool> = (0..out.choices.len())
        .map(|i| pareto(&out.choices, i))
        .collect();
    for (i, row) in out.choices.iter_mut().enumerate() {
        row.choice = names[i].to_owned();
        row.cascade = i >= n_choices;
        row.pareto = pareto[i];
        if row.cascade {
            let c = nums.cascades[i - n_choices];
            row.max_escalate_share = nums.latency_slo_ms.and_then(|slo| {
                max_escalate_share(nums.latency(c.first), nums.latency(c.second), slo)
            });
        }
    }
    out.best = out.best_row.map(|i| names[i].to_owned());
    out.cheapest = out.cheapest_row.map(|i| names[i].to_owned());
    out
}
