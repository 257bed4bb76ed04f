//! A choice's latency as a log-normal distribution, and a cascade's: the
//! CDF of a sum of two log-normals by Gauss–Legendre quadrature, its p99,
//! and the largest escalated share that meets an SLO.

use crate::model::quantity::distribution::standard_normal_quantile;
use crate::model::solve::{Bracket, illinois};

/// z such that Φ(z) = 0.99.
pub const Z99: f64 = 2.326_347_874_040_840_8;

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
            // libm's erfc: statrs' is off by up to 1e-10 relative.
            0.5 * libm::erfc(-d / (self.sigma * std::f64::consts::SQRT_2))
        } else if d >= 0.0 {
            1.0
        } else {
            0.0
        }
    }

    /// The `p`-quantile.
    pub fn quantile(self, p: f64) -> f64 {
        (self.mu + self.sigma * standard_normal_quantile(p)).exp()
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
    let (lo, hi) = (
        first.quantile(0.99),
        first.quantile(0.995) + second.quantile(0.995),
    );
    let (f_lo, f_hi) = (f(lo), f(hi));
    if f_lo >= 0.0 {
        return lo;
    }
    if f_hi <= 0.0 {
        return hi;
    }
    let bracket = Bracket { lo, hi, f_lo, f_hi };
    illinois(f, bracket, |hi| 1e-7 * hi, 100).mid()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cdf_to_the_last_digits() {
        // p50 100 ms, p99 400 ms: Φ((ln t − ln 100)/σ), σ = ln 4/z₉₉, by
        // mpmath at 40 digits from the same float64 ln t − μ and σ (statrs'
        // erfc, used before, was off by up to 1e-10 relative).
        let latency = Latency::new(100.0, 400.0);
        for (t, want) in [
            (200.0, 0.877_620_530_654_097_1),
            (60.0, 0.195_661_884_522_19),
            (400.0, 0.99),
        ] {
            let got = latency.cdf(t);
            assert!((got - want).abs() <= 4e-16 * want, "{t}: {got} vs {want}");
        }
    }
}
