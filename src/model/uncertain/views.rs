//! What the panels and the exports draw from a Monte Carlo run, beyond the
//! `uncertainty` summaries: the samples of the deciding outputs (for
//! histograms and CDFs), the P10/P50/P90 fan of the payback timeline, and
//! the P10–P90 band of the Amdahl curve.

use super::monte_carlo::{Output, Plan};
use super::{Uncertainty, assemble};
use crate::model::Scenario;
use crate::model::outputs::Metric;
use crate::model::payback::MAX_HORIZON_MONTHS;

/// The samples of one output, sorted, with those that had no finite value
/// counted apart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SampleSet {
    /// The finite samples, ascending.
    pub sorted: Vec<f64>,
    /// How many samples had no finite value (payback when nothing is saved).
    pub infinite: u64,
}

impl SampleSet {
    fn new(mut values: Vec<f64>) -> Self {
        let before = values.len();
        values.retain(|v| v.is_finite());
        values.sort_unstable_by(f64::total_cmp);
        Self {
            infinite: (before - values.len()) as u64,
            sorted: values,
        }
    }

    /// All samples, finite or not.
    pub fn total(&self) -> u64 {
        self.sorted.len() as u64 + self.infinite
    }

    /// The share of all samples ≤ `x` (infinite ones are above any x).
    pub fn share_at_most(&self, x: f64) -> f64 {
        let below = self.sorted.partition_point(|&v| v <= x);
        below as f64 / self.total().max(1) as f64
    }

    /// The `p`-quantile of all samples (numpy's linear rule); `None` when it
    /// falls among the infinite ones.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        let n = self.total() as usize;
        if n == 0 {
            return None;
        }
        let h = (n - 1) as f64 * p;
        let lo = h.floor() as usize;
        let t = h - lo as f64;
        let at = |i: usize| self.sorted.get(i).copied();
        match (at(lo), at((lo + 1).min(n - 1))) {
            (Some(a), Some(b)) => Some(a + (b - a) * t),
            (Some(a), None) if t == 0.0 => Some(a),
            _ => None,
        }
    }
}

/// P10, P50 and P90 at one x.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Spread {
    /// Where: a month, a language speedup.
    pub x: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// Everything the GUI draws from one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Views {
    /// The summaries, probabilities, shares and tornado (`eval --json`'s block).
    pub uncertainty: Uncertainty,
    /// The break-even month on the timeline, when the scenario has a
    /// payback section.
    pub break_even_month: Option<SampleSet>,
    /// The total after every fix, when it has a budget.
    pub total_after_all: Option<SampleSet>,
    /// The cumulative net cash flow's spread per month.
    pub fan: Vec<Spread>,
    /// The Amdahl speedup's spread at each language speedup of `amdahl_grid`.
    pub amdahl_band: Vec<Spread>,
}

/// Runs `samples` samples of `scenario` from `seed` and gathers what the
/// panels draw; the Amdahl band is evaluated at `amdahl_grid`. `None` when
/// nothing is uncertain.
pub fn views(scenario: &Scenario, samples: u64, seed: u64, amdahl_grid: &[f64]) -> Option<Views> {
    let months = scenario.payback.as_ref().map_or(0, |p| {
        p.horizon_months.clamp(0.0, MAX_HORIZON_MONTHS) as u32
    });
    let mut extra: Vec<Output> = Vec::new();
    if scenario.payback.is_some() {
        extra.extend((0..=months).map(Output::Cumulative));
    }
    if scenario.budget.is_some() {
        extra.extend(amdahl_grid.iter().map(|&s| Output::AmdahlAt(s)));
    }
    let plan = Plan::new(scenario, &extra)?;
    let mut run = plan.run(usize::try_from(samples).ok()?.max(1), seed);
    let column = |run: &super::monte_carlo::Samples, metric: Metric| {
        plan.outputs
            .iter()
            .position(|o| matches!(o, Output::Metric(m) if *m == metric))
            .map(|i| SampleSet::new(run.columns[i].clone()))
    };
    let break_even_month = column(&run, Metric::BreakEvenMonth);
    let total_after_all = column(&run, Metric::TotalAfterAll);
    let mut fan = Vec::new();
    let mut amdahl_band = Vec::new();
    // The band's and the fan's quantiles, column by column in parallel.
    let spreads: Vec<Option<Spread>> = {
        use rayon::prelude::*;
        plan.outputs
            .par_iter()
            .zip(run.columns.par_iter_mut())
            .map(|(output, values)| {
                let x = match *output {
                    Output::Cumulative(m) => f64::from(m),
                    Output::AmdahlAt(s) => s,
                    _ => return None,
                };
                let q = super::summary::quantiles(values, &[0.1, 0.5, 0.9]);
                let [Some(p10), Some(p50), Some(p90)] = q[..] else {
                    return None;
                };
                Some(Spread { x, p10, p50, p90 })
            })
            .collect()
    };
    for (output, spread) in plan.outputs.iter().zip(spreads) {
        let out = match output {
            Output::Cumulative(_) => &mut fan,
            Output::AmdahlAt(_) => &mut amdahl_band,
            _ => continue,
        };
        out.extend(spread);
    }
    // The extra columns are not part of the JSON block.
    let keep = plan.outputs.len() - extra.len();
    run.columns.truncate(keep);
    let mut plan = plan;
    plan.outputs.truncate(keep);
    Some(Views {
        uncertainty: assemble(scenario, &plan, run),
        break_even_month,
        total_after_all,
        fan,
        amdahl_band,
    })
}
