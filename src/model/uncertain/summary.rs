//! Summaries of a sampled output: mean, standard deviation, quantiles,
//! extremes, and how many samples had no finite value.
//!
//! Quantiles interpolate linearly between order statistics, as numpy's
//! default (`method="linear"`). A sample with no finite value (payback when
//! nothing is saved) counts as +∞: it sorts last; a quantile that puts
//! weight on it is `None`, as are the mean and sd whenever one exists.

use serde::{Deserialize, Serialize};

/// The percentiles every summary reports.
pub const PERCENTILES: [f64; 5] = [0.05, 0.10, 0.50, 0.90, 0.95];

/// One output's distribution over the samples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Arithmetic mean; null when any sample is infinite.
    pub mean: Option<f64>,
    /// Standard deviation (divides by N, numpy's default); null when any sample is infinite.
    pub sd: Option<f64>,
    /// 5th percentile.
    pub p5: Option<f64>,
    /// 10th percentile.
    pub p10: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
    /// Smallest sample; null when every sample is infinite.
    pub min: Option<f64>,
    /// Largest sample; null when any is infinite.
    pub max: Option<f64>,
    /// How many samples had no finite value.
    pub infinite: u64,
}

/// numpy's linear interpolation between neighbours `a` and `b` at `t`,
/// including its switch of formula at t = 0.5 (so numbers match to the bit).
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

/// Summarises `values`. NaN (∞ − ∞ and the like) counts
/// as +∞, so no NaN ever reaches the output.
pub fn summarize(values: &mut [f64]) -> Summary {
    let n = values.len();
    if n == 0 {
        return Summary::default();
    }
    let mut infinite = 0u64;
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    // The sum rides along (same order as a separate pass: the same bits).
    let mut sum = 0.0;
    for v in values.iter_mut() {
        if v.is_nan() {
            *v = f64::INFINITY;
        }
        if *v == f64::INFINITY {
            infinite += 1;
        }
        min = min.min(*v);
        max = max.max(*v);
        sum += *v;
    }
    let (mean, sd) = if infinite == 0 {
        let mean = sum / n as f64;
        let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64;
        (Some(mean), Some(var.sqrt()))
    } else {
        (None, None)
    };
    let q = quantiles(values, &PERCENTILES);
    let finite = |x: f64| x.is_finite().then_some(x);
    Summary {
        mean: mean.and_then(finite),
        sd: sd.and_then(finite),
        p5: q[0],
        p10: q[1],
        p50: q[2],
        p90: q[3],
        p95: q[4],
        min: finite(min),
        max: if infinite > 0 { None } else { finite(max) },
        infinite,
    }
}

/// The `ps` quantiles of `values` (numpy's linear interpolation): each
/// needs only its one or two neighbouring order statistics, found together
/// without sorting ([`super::rank::order_statistics`]). A quantile that
/// touches an infinite (or NaN) sample is `None`.
pub fn quantiles(values: &[f64], ps: &[f64]) -> Vec<Option<f64>> {
    let n = values.len();
    if n == 0 {
        return vec![None; ps.len()];
    }
    // (rank of the lower neighbour, weight of the upper one) per quantile.
    let at: Vec<(usize, f64)> = ps
        .iter()
        .map(|&p| {
            let h = (n - 1) as f64 * p;
            let lo = h.floor() as usize;
            (lo, h - lo as f64)
        })
        .collect();
    let mut ranks: Vec<usize> = at
        .iter()
        .flat_map(|&(lo, t)| [Some(lo), (t > 0.0 && lo + 1 < n).then_some(lo + 1)])
        .flatten()
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    let stats = super::rank::order_statistics(values, &ranks);
    let stat = |r: usize| stats[ranks.partition_point(|&x| x < r)];
    at.iter()
        .map(|&(lo, t)| {
            let a = stat(lo);
            if t > 0.0 && lo + 1 < n {
                let b = stat(lo + 1);
                (a.is_finite() && b.is_finite()).then(|| lerp(a, b, t))
            } else {
                a.is_finite().then_some(a)
            }
        })
        .collect()
}
