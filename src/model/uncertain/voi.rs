//! The value of information (DESIGN, "value of information"): what
//! knowing the answer before deciding is worth, in the decision's own
//! unit. EVPI for knowing everything; EVPPI for one input, by the binned
//! estimator the contract fixes (samples ordered by the input's draw, cut
//! into B = clamp(⌊N/200⌋, 1, 100) bins).
//!
//! The decisions: `fund` (V(fund) = NPV, V(don't) = 0), `matrix` (pick the
//! highest total; V = its total) and `tradeoff` (pick the lowest total per
//! month; V = −total).

use serde::Serialize;

use super::monte_carlo::{Output, Plan};
use crate::model::outputs::Metric;

/// One option of a decision: its value in each sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionValue {
    /// Output column i as it is.
    Column(usize),
    /// Output column i negated (a cost, where the lowest is best).
    Negated(usize),
    /// 0 in every sample (not funding).
    Zero,
}

/// A decision the value of information weighs, and its options.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// Its name in the JSON: `fund`, `matrix` or `tradeoff`.
    pub name: &'static str,
    /// Its options: (fund, don't), or the candidates or rows in file order.
    pub options: Vec<OptionValue>,
}

/// The decisions the value of information weighs (DESIGN, "value of
/// information"), each option's value a column of the run: `fund`
/// (the NPV, or 0 for not funding) when the run records the NPV,
/// `matrix` (each candidate's total) with a matrix, `tradeoff` (each
/// row's total per month, negated: the lowest is best) with a
/// trade-off. The one list both the value of information and the
/// work limit read.
pub fn decisions(plan: &Plan) -> Vec<Decision> {
    // Each option's first column, found in one pass over the outputs: a
    // search of the outputs per candidate was quadratic in the candidates
    // (10,000 ranged candidates: 10⁸ comparisons, on every run's limit).
    let mut npv = None;
    let mut totals = vec![None; plan.candidates];
    let mut rows = vec![None; plan.tradeoff_rows];
    for (i, output) in plan.outputs.iter().enumerate() {
        let slot = match *output {
            Output::Metric(Metric::Npv) => Some(&mut npv),
            Output::MatrixTotal(c) => totals.get_mut(c),
            Output::RowTotal(r) => rows.get_mut(r),
            _ => None,
        };
        if let Some(slot) = slot {
            slot.get_or_insert(i);
        }
    }
    let mut decisions = Vec::new();
    if let Some(npv) = npv {
        decisions.push(Decision {
            name: "fund",
            options: vec![OptionValue::Column(npv), OptionValue::Zero],
        });
    }
    let totals: Vec<OptionValue> = totals
        .into_iter()
        .flatten()
        .map(OptionValue::Column)
        .collect();
    let rows: Vec<OptionValue> = rows
        .into_iter()
        .flatten()
        .map(OptionValue::Negated)
        .collect();
    for (name, options) in [("matrix", totals), ("tradeoff", rows)] {
        if !options.is_empty() {
            decisions.push(Decision { name, options });
        }
    }
    decisions
}

/// One input's expected value of partial perfect information.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputValue {
    /// The input's path.
    pub input: String,
    /// EVPPI, floored at 0; null when the decision's values are not all finite.
    pub evppi: Option<f64>,
}

/// A decision's value of information.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionValue {
    /// `fund`, `matrix` or `tradeoff`.
    pub decision: &'static str,
    /// EVPI; null when a value is not finite in some sample.
    pub evpi: Option<f64>,
    /// Every ranged input, largest EVPPI first (ties in inputs order).
    pub inputs: Vec<InputValue>,
}

impl DecisionValue {
    /// What its values are measured in: money (fund), points (matrix),
    /// money per month (trade-off).
    pub fn unit(&self) -> crate::model::unit::Unit {
        use crate::model::unit::Unit;
        match self.decision {
            "fund" => Unit::Money,
            "matrix" => Unit::Points,
            _ => Unit::MoneyPerMonth,
        }
    }
}

/// A decision's options' values, sample by sample: `values[o][s]`.
pub struct Options<'a> {
    /// Its name in the JSON.
    pub decision: &'static str,
    /// Option by option, the value in each sample.
    pub values: Vec<std::borrow::Cow<'a, [f64]>>,
}

/// Each option's mean over every sample.
fn means(values: &[std::borrow::Cow<'_, [f64]>]) -> Vec<f64> {
    values
        .iter()
        .map(|v| v.iter().sum::<f64>() / v.len() as f64)
        .collect()
}

/// The option with the best mean (the first on a tie): the decision taken
/// without more information.
fn chosen(values: &[std::borrow::Cow<'_, [f64]>]) -> usize {
    let m = means(values);
    let best = m.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    m.iter().position(|&x| x == best).unwrap_or(0)
}

/// EVPI: the mean over samples of the best option's value, less the best
/// option's mean value — computed as the mean regret of the option chosen
/// without information, which is the same number and exactly 0 when that
/// option is best in every sample.
pub fn evpi(values: &[std::borrow::Cow<'_, [f64]>]) -> f64 {
    let n = values.first().map_or(0, |v| v.len());
    if n == 0 {
        return 0.0;
    }
    let c = chosen(values);
    let regret: f64 = (0..n)
        .map(|s| {
            values
                .iter()
                .map(|v| v[s])
                .fold(f64::NEG_INFINITY, f64::max)
                - values[c][s]
        })
        .sum();
    (regret / n as f64).max(0.0)
}

/// The number of bins for `n` samples: ⌊n/200⌋ between 1 and 100.
pub fn bins(n: usize) -> usize {
    (n / 200).clamp(1, 100)
}

/// EVPPI of the input drawn `draws` (one value per sample): the samples in
/// order of the draw (ties by sample index) cut into [`bins`] bins, bin k
/// holding positions ⌊kN/B⌋ … ⌊(k+1)N/B⌋ − 1; Σₖ (nₖ/N) · maxₒ mean over
/// the bin − maxₒ mean, floored at 0.
pub fn evppi(values: &[std::borrow::Cow<'_, [f64]>], draws: &[f64]) -> f64 {
    evppi_binned(values, &draw_bins(draws), chosen(values))
}

/// Each sample's bin by its draw's rank, [`bins`] bins.
fn draw_bins(draws: &[f64]) -> Vec<u8> {
    super::rank::rank_bins(draws, bins(draws.len().max(1)))
}

/// [`evppi`] with each sample's bin known (`bin_of[s]`, from the draw's
/// rank: no sort needed) and the option chosen without information (`c`).
/// A bin's sums add its samples in sample order.
fn evppi_binned(values: &[std::borrow::Cow<'_, [f64]>], bin_of: &[u8], c: usize) -> f64 {
    let n = bin_of.len();
    if n == 0 {
        return 0.0;
    }
    let (b, k) = (bins(n), values.len());
    // sums[bin · k + option], each option's column read in order.
    let mut sums = vec![0.0; b * k];
    for (o, v) in values.iter().enumerate() {
        for (&bin, &x) in bin_of.iter().zip(v.iter()) {
            sums[usize::from(bin) * k + o] += x;
        }
    }
    // Σₖ (nₖ/N)·(maxₒ meanₖ − meanₖ of the chosen option): the contract's
    // difference, term by term, so a bin where the chosen option stays best
    // adds exactly 0.
    let gain: f64 = sums
        .chunks_exact(k)
        .enumerate()
        .map(|(bin, sums)| {
            let size = (bin + 1) * n / b - bin * n / b;
            if size == 0 {
                return 0.0;
            }
            let mean = |sum: f64| sum / size as f64;
            let best = sums
                .iter()
                .map(|&s| mean(s))
                .fold(f64::NEG_INFINITY, f64::max);
            size as f64 / n as f64 * (best - mean(sums[c]))
        })
        .sum();
    gain.max(0.0)
}

/// The value of information of each decision, with every ranged input's
/// EVPPI; `draws[i]` is input i's draws, `paths[i]` its path.
pub fn value_of_information(
    decisions: Vec<Options<'_>>,
    draws: &[Vec<f64>],
    paths: &[String],
) -> Vec<DecisionValue> {
    use rayon::prelude::*;
    let finite: Vec<bool> = decisions
        .iter()
        .map(|d| d.values.iter().all(|v| v.iter().all(|x| x.is_finite())))
        .collect();
    let chosen: Vec<usize> = decisions.iter().map(|d| chosen(&d.values)).collect();
    // Input by input (in parallel): each sample's bin by the draw's rank
    // once, then its EVPPI for every decision that has one.
    let per_input: Vec<Vec<Option<f64>>> = draws
        .par_iter()
        .map(|draws| {
            let bin_of = finite.iter().any(|&f| f).then(|| draw_bins(draws));
            decisions
                .iter()
                .zip(&finite)
                .zip(&chosen)
                .map(|((d, &finite), &c)| {
                    let bin_of = bin_of.as_deref().filter(|_| finite)?;
                    Some(evppi_binned(&d.values, bin_of, c))
                })
                .collect()
        })
        .collect();
    decisions
        .into_iter()
        .zip(finite)
        .enumerate()
        .map(|(k, (d, finite))| {
            let mut inputs: Vec<InputValue> = paths
                .iter()
                .zip(&per_input)
                .map(|(path, values)| InputValue {
                    input: path.clone(),
                    evppi: values[k],
                })
                .collect();
            // Stable: ties keep the inputs' order.
            inputs.sort_by(|a, b| b.evppi.unwrap_or(0.0).total_cmp(&a.evppi.unwrap_or(0.0)));
            DecisionValue {
                decision: d.decision,
                evpi: finite.then(|| evpi(&d.values)),
                inputs,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn evpi_of_fund_or_not_by_hand() {
        // NPV −1, 3 in two samples: funding is worth 1 on average, knowing
        // first is worth mean(max(−1, 0), max(3, 0)) = 1.5: EVPI 0.5.
        let npv = [-1.0, 3.0];
        let values = vec![Cow::Borrowed(&npv[..]), Cow::Owned(vec![0.0; 2])];
        assert_eq!(evpi(&values), 0.5);
    }

    #[test]
    fn the_bins_follow_the_contract() {
        assert_eq!(bins(100), 1);
        assert_eq!(bins(1_000), 5);
        assert_eq!(bins(1_000_000), 100);
        // Four samples, one bin: EVPPI 0 (the bin is everything).
        let npv = [-1.0, 3.0, -2.0, 4.0];
        let values = vec![Cow::Borrowed(&npv[..]), Cow::Owned(vec![0.0; 4])];
        assert_eq!(evppi(&values, &[1.0, 2.0, 3.0, 4.0]), 0.0);
    }

    #[test]
    fn evppi_by_the_binned_estimator_by_hand() {
        // 400 samples → 2 bins. Draws: a permutation of 0, 1/400, …,
        // 399/400; V(fund) = draw − 0.3. The low bin's mean value is
        // 0.24875 − 0.3 < 0 (don't fund: 0), the high bin's 0.74875 − 0.3
        // = 0.44875; informed: ½ · 0.44875 = 0.224375; uninformed: mean
        // 0.49875 − 0.3 = 0.19875. EVPPI = 0.025625.
        let draws: Vec<f64> = (0..400)
            .map(|s| ((s * 7919) % 400) as f64 / 400.0)
            .collect();
        let fund: Vec<f64> = draws.iter().map(|d| d - 0.3).collect();
        let values = vec![Cow::Owned(fund), Cow::Owned(vec![0.0; 400])];
        assert!((evppi(&values, &draws) - 0.025625).abs() < 1e-12);
    }
}
