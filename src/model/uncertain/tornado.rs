//! The tornado: which input's uncertainty moves a deciding number most.
//!
//! One input at a time is set to its own 10th and then 90th percentile (the
//! analytic ones, clamped to its domain), every other input at its point
//! value; the swing is |at_p90 − at_p10|. It answers "what should we
//! measure next".

use serde::Serialize;

use super::compiled::{Compiled, Scalars};
use crate::model::Scenario;
use crate::model::outputs::Metric;
use crate::model::quantity::distribution::Distribution;

/// One input's effect on one output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TornadoRow {
    /// The output (written as its path, e.g. `payback.payback_months`).
    pub output: Metric,
    /// The input's field path.
    pub input: String,
    /// The input's label for people.
    pub label: String,
    /// The output with the input at its 10th percentile; null when +∞.
    pub at_p10: Option<f64>,
    /// The output with the input at its 90th percentile; null when +∞.
    pub at_p90: Option<f64>,
    /// |at_p90 − at_p10|; null when one side is +∞.
    pub swing: Option<f64>,
}

/// The tornado outputs present in a scenario, in the contract's order.
fn outputs(point: &Scalars) -> Vec<Metric> {
    Metric::TORNADO
        .into_iter()
        .filter(|m| m.read(point).is_some())
        .collect()
}

/// An output's value with one input moved: the matrix's margin is signed
/// against the point winner (negative where the winner flips).
fn read(metric: Metric, sc: &Scalars, winner: Option<usize>) -> f64 {
    match metric {
        Metric::MatrixMargin => signed_margin(&sc.matrix_totals, winner.unwrap_or(0)),
        _ => metric.read(sc).unwrap_or(f64::NAN),
    }
}

/// The point winner's total minus the best total of the others: negative
/// where the winner flips.
fn signed_margin(totals: &[f64], winner: usize) -> f64 {
    let others = totals
        .iter()
        .enumerate()
        .filter(|&(c, _)| c != winner)
        .map(|(_, &t)| t)
        .fold(f64::NEG_INFINITY, f64::max);
    totals.get(winner).copied().unwrap_or(f64::NAN) - others
}

/// The point winner: the highest total, the first in file order on a tie.
fn point_winner(totals: &[f64]) -> Option<usize> {
    let top = totals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    totals.iter().position(|&t| t == top)
}

/// The tornado rows of `scenario`, grouped by output in the contract's
/// order and sorted within each by swing (infinite first, then largest;
/// ties in input order). Rows with swing 0 are left out.
pub fn tornado(scenario: &Scenario) -> Vec<TornadoRow> {
    let mut compiled = Compiled::new(scenario);
    let point = compiled.scalars().clone();
    let winner = point_winner(&point.matrix_totals);
    let sites = crate::model::sites::sites(scenario);
    let uncertain: Vec<_> = sites
        .iter()
        .filter_map(|site| {
            let range = site.quantity.range()?;
            let d = Distribution::of(range)?;
            let p10 = site.domain.clamp(d.quantile(0.10)).0;
            let p90 = site.domain.clamp(d.quantile(0.90)).0;
            Some((site, p10, p90))
        })
        .collect();
    let outputs = outputs(&point);
    // [input][output] → (at_p10, at_p90)
    let mut values = vec![vec![(0.0, 0.0); outputs.len()]; uncertain.len()];
    for (i, (site, p10, p90)) in uncertain.iter().enumerate() {
        for (which, x) in [(0, *p10), (1, *p90)] {
            compiled.nums.set(site.field, x);
            compiled.scalars();
            for (o, &metric) in outputs.iter().enumerate() {
                let v = read(metric, &compiled.out, winner);
                if which == 0 {
                    values[i][o].0 = v;
                } else {
                    values[i][o].1 = v;
                }
            }
        }
        compiled.nums.set(site.field, site.quantity.point());
    }
    let mut rows = Vec::new();
    for (o, &metric) in outputs.iter().enumerate() {
        let mut group: Vec<(f64, TornadoRow)> = uncertain
            .iter()
            .enumerate()
            .filter_map(|(i, (site, _, _))| {
                let (a, b) = values[i][o];
                let (a, b) = (infinite_as_nan(a), infinite_as_nan(b));
                let swing = match (a.is_nan(), b.is_nan()) {
                    (false, false) => (b - a).abs(),
                    (true, true) => 0.0,
                    _ => f64::INFINITY,
                };
                (swing != 0.0).then(|| {
                    (
                        swing,
                        TornadoRow {
                            output: metric,
                            input: site.path.clone(),
                            label: site.label.clone(),
                            at_p10: finite(a),
                            at_p90: finite(b),
                            swing: finite(swing),
                        },
                    )
                })
            })
            .collect();
        // Stable: ties keep the inputs' order.
        group.sort_by(|x, y| y.0.total_cmp(&x.0));
        rows.extend(group.into_iter().map(|(_, row)| row));
    }
    rows
}

/// One input's swing on a number outside the contract's tornado (shown,
/// not written to the JSON): the number with the input at its 10th and its
/// 90th percentile, every other input at its point value.
#[derive(Clone, Debug, PartialEq)]
pub struct Swing {
    /// The input's label for people.
    pub label: String,
    /// The number with the input at its 10th percentile.
    pub at_p10: f64,
    /// The number with the input at its 90th percentile.
    pub at_p90: f64,
}

/// The swings of trade-off row `row`'s total per month, largest first
/// (ties in input order); rows with no swing are left out. Empty without a
/// trade-off or that row.
pub fn tradeoff_total_swings(scenario: &Scenario, row: usize) -> Vec<Swing> {
    let mut compiled = Compiled::new(scenario);
    let total = |sc: &Scalars| {
        sc.tradeoff
            .as_ref()
            .and_then(|t| t.choices.get(row))
            .map_or(f64::NAN, |r| r.total_per_month)
    };
    let mut swings = Vec::new();
    for site in crate::model::sites::sites(scenario) {
        let Some(d) = site.quantity.range().and_then(Distribution::of) else {
            continue;
        };
        let mut at = |q: f64| {
            compiled
                .nums
                .set(site.field, site.domain.clamp(d.quantile(q)).0);
            total(compiled.scalars())
        };
        let (at_p10, at_p90) = (at(0.10), at(0.90));
        compiled.nums.set(site.field, site.quantity.point());
        if at_p10.is_finite() && at_p90.is_finite() && at_p10 != at_p90 {
            swings.push(Swing {
                label: site.label.clone(),
                at_p10,
                at_p90,
            });
        }
    }
    swings.sort_by(|a, b| {
        (b.at_p90 - b.at_p10)
            .abs()
            .total_cmp(&(a.at_p90 - a.at_p10).abs())
    });
    swings
}

/// +∞ (or NaN) as NaN: "no value".
fn infinite_as_nan(x: f64) -> f64 {
    if x.is_finite() { x } else { f64::NAN }
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}
