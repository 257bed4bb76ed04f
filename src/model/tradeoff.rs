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

use serde::{Deserialize, Serialize};

use super::uncertain::Quantity;
use super::uncertain::sites::{CascadeField, ChoiceField, Domain, Field, TradeoffField};

/// z such that Φ(z) = 0.99.
pub const Z99: f64 = 2.326_347_874_040_840_8;

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
        TradeoffNums {
            volume_per_month: self.volume_per_month.point(),
            positive_rate: self.positive_rate.point(),
            false_positive_cost: self.false_positive_cost.point(),
            false_negative_cost: self.false_negative_cost.point(),
            latency_slo_ms: self.latency_slo_ms.map(|q| q.point()),
            choices: self
                .choices
                .iter()
                .map(|c| ChoiceNums {
                    recall: c.recall.point(),
                    false_positive_rate: c.false_positive_rate.point(),
                    p50_ms: c.p50_ms.point(),
                    p99_ms: c.p99_ms.point(),
                    infra_per_month: c.infra_per_month.point(),
                })
                .collect(),
            cascades: self
                .cascades
                .iter()
                .map(|c| CascadeNums {
                    first: self.choice_index(&c.first).unwrap_or(0),
                    second: self.choice_index(&c.second).unwrap_or(0),
                    escalate_share: c.escalate_share.point(),
                    recall: c.recall.point(),
                    false_positive_rate: c.false_positive_rate.point(),
                })
                .collect(),
        }
    }

    /// The row names: choices, then cascades.
    pub fn row_names(&self) -> impl Iterator<Item = &str> {
        self.choices
            .iter()
            .map(|c| c.name.as_str())
            .chain(self.cascades.iter().map(|c| c.name.as_str()))
    }
}

/// Calls `add(path, label, quantity, domain, field)` for every quantity of
/// the section, in file order (see [`crate::model::uncertain::sites`]).
pub fn sites<'a>(
    t: &'a Tradeoff,
    add: &mut dyn FnMut(String, String, &'a Quantity, Domain, Field),
) {
    use TradeoffField as F;
    let non_negative = Domain {
        min: 0.0,
        max: f64::INFINITY,
    };
    let fraction = Domain { min: 0.0, max: 1.0 };
    let root = |name: &str| format!("tradeoff.{name}");
    add(
        root("volume_per_month"),
        "decisions per month".into(),
        &t.volume_per_month,
        non_negative,
        Field::Tradeoff(F::VolumePerMonth),
    );
    add(
        root("positive_rate"),
        "positive rate".into(),
        &t.positive_rate,
        fraction,
        Field::Tradeoff(F::PositiveRate),
    );
    add(
        root("false_positive_cost"),
        "cost of a false positive".into(),
        &t.false_positive_cost,
        non_negative,
        Field::Tradeoff(F::FalsePositiveCost),
    );
    add(
        root("false_negative_cost"),
        "cost of a false negative".into(),
        &t.false_negative_cost,
        non_negative,
        Field::Tradeoff(F::FalseNegativeCost),
    );
    if let Some(slo) = &t.latency_slo_ms {
        add(
            root("latency_slo_ms"),
            "latency SLO".into(),
            slo,
            non_negative,
            Field::Tradeoff(F::LatencySloMs),
        );
    }
    for (i, c) in t.choices.iter().enumerate() {
        let at = |f: &str| format!("tradeoff.choices[{i}].{f}");
        let label = |f: &str| format!("{} · {f}", c.name);
        use ChoiceField as C;
        add(
            at("recall"),
            label("recall"),
            &c.recall,
            fraction,
            Field::Choice(i, C::Recall),
        );
        add(
            at("false_positive_rate"),
            label("false-positive rate"),
            &c.false_positive_rate,
            fraction,
            Field::Choice(i, C::FalsePositiveRate),
        );
        add(
            at("p50_ms"),
            label("p50"),
            &c.p50_ms,
            non_negative,
            Field::Choice(i, C::P50Ms),
        );
        add(
            at("p99_ms"),
            label("p99"),
            &c.p99_ms,
            non_negative,
            Field::Choice(i, C::P99Ms),
        );
        add(
            at("infra_per_month"),
            label("infrastructure"),
            &c.infra_per_month,
            non_negative,
            Field::Choice(i, C::InfraPerMonth),
        );
    }
    for (i, c) in t.cascades.iter().enumerate() {
        let at = |f: &str| format!("tradeoff.cascades[{i}].{f}");
        let label = |f: &str| format!("{} · {f}", c.name);
        use CascadeField as C;
        add(
            at("escalate_share"),
            label("escalated share"),
            &c.escalate_share,
            fraction,
            Field::Cascade(i, C::EscalateShare),
        );
        add(
            at("recall"),
            label("recall"),
            &c.recall,
            fraction,
            Field::Cascade(i, C::Recall),
        );
        add(
            at("false_positive_rate"),
            label("false-positive rate"),
            &c.false_positive_rate,
            fraction,
            Field::Cascade(i, C::FalsePositiveRate),
        );
    }
}

impl TradeoffNums {
    /// Writes `value` into the field `field` addresses.
    pub fn set(&mut self, field: Field, value: f64) {
        match field {
            Field::Tradeoff(f) => match f {
                TradeoffField::VolumePerMonth => self.volume_per_month = value,
                TradeoffField::PositiveRate => self.positive_rate = value,
                TradeoffField::FalsePositiveCost => self.false_positive_cost = value,
                TradeoffField::FalseNegativeCost => self.false_negative_cost = value,
                TradeoffField::LatencySloMs => self.latency_slo_ms = Some(value),
            },
            Field::Choice(i, f) => {
                if let Some(c) = self.choices.get_mut(i) {
                    match f {
                        ChoiceField::Recall => c.recall = value,
                        ChoiceField::FalsePositiveRate => c.false_positive_rate = value,
                        ChoiceField::P50Ms => c.p50_ms = value,
                        ChoiceField::P99Ms => c.p99_ms = value,
                        ChoiceField::InfraPerMonth => c.infra_per_month = value,
                    }
                }
            }
            Field::Cascade(i, f) => {
                if let Some(c) = self.cascades.get_mut(i) {
                    match f {
                        CascadeField::EscalateShare => c.escalate_share = value,
                        CascadeField::Recall => c.recall = value,
                        CascadeField::FalsePositiveRate => c.false_positive_rate = value,
                    }
                }
            }
            _ => {}
        }
    }
}

/// A choice's latency distribution: log-normal with median p50 and
/// σ = ln(p99/p50)/z₉₉ (a point mass at p50 when p99 = p50).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Latency {
    /// ln p50.
    pub mu: f64,
    /// σ ≥ 0.
    pub sigma: f64,
}

impl Latency {
    /// From a median and a p99 (p99 below p50 is read as p50).
    pub fn new(p50_ms: f64, p99_ms: f64) -> Self {
        Self {
            mu: p50_ms.ln(),
            sigma: (p99_ms.max(p50_ms) / p50_ms).ln().max(0.0) / Z99,
        }
    }

    /// P(X ≤ t).
    pub fn cdf(self, t: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        let d = t.ln() - self.mu;
        if self.sigma > 0.0 {
            0.5 * statrs::function::erf::erfc(-d / (self.sigma * std::f64::consts::SQRT_2))
        } else if d >= 0.0 {
            1.0
        } else {
            0.0
        }
    }

    /// The `p`-quantile.
    pub fn quantile(self, p: f64) -> f64 {
        (self.mu + self.sigma * super::uncertain::distribution::standard_normal_quantile(p)).exp()
    }
}

/// P(X₁ + X₂ ≤ t) for independent log-normal latencies: a Gauss–Legendre
/// integral over the narrower one (in standard-normal units, ±8σ) of the
/// wider one's CDF at the remainder.
pub fn sum_cdf(a: Latency, b: Latency, t: f64) -> f64 {
    if t <= 0.0 {
        return 0.0;
    }
    let (narrow, wide) = if a.sigma <= b.sigma { (a, b) } else { (b, a) };
    if narrow.sigma == 0.0 {
        return wide.cdf(t - narrow.mu.exp());
    }
    // X = e^(μ + σz); the integrand vanishes once X ≥ t.
    let z_end = ((t.ln() - narrow.mu) / narrow.sigma).min(8.0);
    if z_end <= -8.0 {
        return 0.0;
    }
    let (lo, hi) = (-8.0, z_end);
    let (half, mid) = (0.5 * (hi - lo), 0.5 * (hi + lo));
    let nodes = gauss_legendre();
    let mut sum = 0.0;
    for &(x, w) in nodes {
        let z = mid + half * x;
        let density = (-0.5 * z * z).exp() * FRAC_1_SQRT_2PI;
        sum += w * density * wide.cdf(t - (narrow.mu + narrow.sigma * z).exp());
    }
    sum * half
}

const FRAC_1_SQRT_2PI: f64 = 0.398_942_280_401_432_7;

/// Gauss–Legendre nodes and weights on [−1, 1], computed once (Newton's
/// method on the Legendre polynomial, as in Numerical Recipes' `gauleg`).
fn gauss_legendre() -> &'static [(f64, f64)] {
    const N: usize = 96;
    static NODES: std::sync::OnceLock<Vec<(f64, f64)>> = std::sync::OnceLock::new();
    NODES.get_or_init(|| {
        let n = N as f64;
        let mut out = Vec::with_capacity(N);
        for i in 1..=N.div_ceil(2) {
            let mut x = (std::f64::consts::PI * (i as f64 - 0.25) / (n + 0.5)).cos();
            let mut derivative = 1.0;
            for _ in 0..100 {
                let (mut p1, mut p2) = (1.0, 0.0);
                for j in 1..=N {
                    let j = j as f64;
                    let p3 = p2;
                    p2 = p1;
                    p1 = ((2.0 * j - 1.0) * x * p2 - (j - 1.0) * p3) / j;
                }
                derivative = n * (x * p1 - p2) / (x * x - 1.0);
                let step = p1 / derivative;
                x -= step;
                if step.abs() < 1e-15 {
                    break;
                }
            }
            let w = 2.0 / ((1.0 - x * x) * derivative * derivative);
            out.push((x, w));
            if 2 * i - 1 != N {
                out.push((-x, w));
            }
        }
        out
    })
}

/// The cascade's latency CDF at t: (1 − e)·F₁(t) + e·P(X₁ + X₂ ≤ t).
pub fn cascade_cdf(first: Latency, second: Latency, share: f64, t: f64) -> f64 {
    (1.0 - share) * first.cdf(t) + share * sum_cdf(first, second, t)
}

/// The cascade's p99, ms: the t where its CDF reaches 0.99, by bisection
/// and regula falsi (Illinois) to 1e-7 relative — well inside 0.1 %.
pub fn cascade_p99(first: Latency, second: Latency, share: f64) -> f64 {
    // X₁ + X₂ ≥ X₁, so the mixture's CDF is below F₁: the p99 is at least
    // F₁'s. P(X₁ + X₂ ≤ q₁ + q₂) ≥ P(X₁ ≤ q₁)·P(X₂ ≤ q₂) = 0.995² ≥ 0.99.
    let f = |t: f64| cascade_cdf(first, second, share, t) - 0.99;
    let (mut lo, mut hi) = (
        first.quantile(0.99),
        first.quantile(0.995) + second.quantile(0.995),
    );
    let (mut f_lo, mut f_hi) = (f(lo), f(hi));
    if f_lo >= 0.0 {
        return lo;
    }
    if f_hi <= 0.0 {
        return hi;
    }
    let mut side = 0;
    for _ in 0..100 {
        let t = (lo * f_hi - hi * f_lo) / (f_hi - f_lo);
        let t = if t > lo && t < hi { t } else { 0.5 * (lo + hi) };
        let value = f(t);
        if value > 0.0 {
            hi = t;
            f_hi = value;
            if side == -1 {
                f_lo *= 0.5;
            }
            side = -1;
        } else {
            lo = t;
            f_lo = value;
            if side == 1 {
                f_hi *= 0.5;
            }
            side = 1;
        }
        if hi - lo <= 1e-7 * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// The largest escalated share in [0, 1] whose p99 meets `slo_ms`: the
/// mixture's CDF at the SLO falls linearly in e, so it solves exactly. `None`
/// when even share 0 misses.
pub fn max_escalate_share(first: Latency, second: Latency, slo_ms: f64) -> Option<f64> {
    let alone = first.cdf(slo_ms);
    let both = sum_cdf(first, second, slo_ms);
    if both >= 0.99 {
        Some(1.0)
    } else if alone >= 0.99 {
        Some(((alone - 0.99) / (alone - both)).clamp(0.0, 1.0))
    } else {
        None
    }
}

/// One row's numbers: a choice or a cascade.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RowScalars {
    /// Vπ(1 − r).
    pub false_negatives_per_month: f64,
    /// V(1 − π)f.
    pub false_positives_per_month: f64,
    /// FN·c_fn + FP·c_fp.
    pub error_cost_per_month: f64,
    /// Infrastructure per month.
    pub infra_per_month: f64,
    /// error + infra.
    pub total_per_month: f64,
    /// total / V · 1000 (∞ when V = 0).
    pub cost_per_1k: f64,
    /// πr + (1 − π)(1 − f).
    pub accuracy: f64,
    /// πr / (πr + (1 − π)f); `None` when the denominator is 0.
    pub precision: Option<f64>,
    /// p99 latency, ms.
    pub p99_ms: f64,
    /// p99 ≤ SLO (1e-9 relative); true without an SLO.
    pub meets_slo: bool,
}

/// Everything the section's numbers give, rows in order (choices, then cascades).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TradeoffScalars {
    /// One per choice, then one per cascade.
    pub rows: Vec<RowScalars>,
    /// The cheapest row meeting the SLO (first on a tie).
    pub best: Option<usize>,
    /// The cheapest row (first on a tie).
    pub cheapest: Option<usize>,
}

/// Whether `a` and `b` are equal within 1e-9 relative: a tie.
pub fn tied(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

impl TradeoffNums {
    fn row(&self, recall: f64, fpr: f64, infra: f64, p99: f64) -> RowScalars {
        let (v, pi) = (self.volume_per_month, self.positive_rate);
        let false_negatives = v * pi * (1.0 - recall);
        let false_positives = v * (1.0 - pi) * fpr;
        let error =
            false_negatives * self.false_negative_cost + false_positives * self.false_positive_cost;
        let total = error + infra;
        let caught = pi * recall;
        let flagged = caught + (1.0 - pi) * fpr;
        RowScalars {
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
            meets_slo: self
                .latency_slo_ms
                .is_none_or(|slo| super::budget::within(p99, slo)),
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

    /// Every row's numbers, reusing `out`'s rows (no allocation once grown).
    pub fn scalars_into(&self, out: &mut TradeoffScalars) {
        out.rows.clear();
        for c in &self.choices {
            out.rows.push(self.row(
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
            out.rows
                .push(self.row(c.recall, c.false_positive_rate, infra, self.cascade_p99(k)));
        }
        let lowest = |meeting_only: bool| {
            let mut best: Option<(usize, f64)> = None;
            for (i, r) in out.rows.iter().enumerate() {
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
        out.best = lowest(true);
        out.cheapest = lowest(false);
    }
}

/// One row of the evaluation (`tradeoff.choices[]` in `eval --json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
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
    /// total / V · 1000.
    pub cost_per_1k: f64,
    /// πr + (1 − π)(1 − f).
    pub accuracy: f64,
    /// πr / (πr + (1 − π)f); null when nothing is flagged.
    pub precision: Option<f64>,
    /// p99 latency, ms (a cascade: computed from the mixture).
    pub p99_ms: f64,
    /// p99 ≤ SLO.
    pub meets_slo: bool,
    /// No other row is ≤ on p99, infra and error cost and < on one.
    pub pareto: bool,
}

/// Everything computed from a [`Tradeoff`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TradeoffEval {
    /// Choices, then cascades.
    pub choices: Vec<RowEval>,
    /// The cheapest row meeting the SLO; null when none does.
    pub best: Option<String>,
    /// The cheapest row.
    pub cheapest: Option<String>,
}

/// Whether row `i` is Pareto-optimal on (p99, infra, error cost): no other
/// row is ≤ on all three and < on one.
pub fn pareto(rows: &[RowScalars], i: usize) -> bool {
    let key = |r: &RowScalars| [r.p99_ms, r.infra_per_month, r.error_cost_per_month];
    let me = key(&rows[i]);
    !rows.iter().enumerate().any(|(j, other)| {
        let o = key(other);
        j != i && o.iter().zip(&me).all(|(a, b)| a <= b) && o.iter().zip(&me).any(|(a, b)| a < b)
    })
}

/// Evaluates a trade-off section.
pub fn evaluate(t: &Tradeoff) -> TradeoffEval {
    let nums = t.nums();
    let mut sc = TradeoffScalars::default();
    nums.scalars_into(&mut sc);
    let names: Vec<&str> = t.row_names().collect();
    let n_choices = t.choices.len();
    let choices = sc
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let cascade = i >= n_choices;
            let max_escalate_share = if cascade {
                let c = nums.cascades[i - n_choices];
                nums.latency_slo_ms.and_then(|slo| {
                    max_escalate_share(nums.latency(c.first), nums.latency(c.second), slo)
                })
            } else {
                None
            };
            RowEval {
                choice: names[i].to_owned(),
                cascade,
                max_escalate_share,
                false_negatives_per_month: r.false_negatives_per_month,
                false_positives_per_month: r.false_positives_per_month,
                error_cost_per_month: r.error_cost_per_month,
                infra_per_month: r.infra_per_month,
                total_per_month: r.total_per_month,
                cost_per_1k: r.cost_per_1k,
                accuracy: r.accuracy,
                precision: r.precision,
                p99_ms: r.p99_ms,
                meets_slo: r.meets_slo,
                pareto: pareto(&sc.rows, i),
            }
        })
        .collect();
    TradeoffEval {
        choices,
        best: sc.best.map(|i| names[i].to_owned()),
        cheapest: sc.cheapest.map(|i| names[i].to_owned()),
    }
}
