//! The weighted decision matrix: totals, ranking, and the exact weights at
//! which the winner would change.
//!
//! A candidate's total is Σ weight · score over the criteria (weights are used
//! as given, not normalised). A *flip* asks: if one criterion's weight moved
//! from its current value w to x, with the other weights rescaled
//! proportionally so the sum W stays the same, at which x does the winner
//! change? Each candidate's total is then linear in x,
//!
//! T(x) = x · score_i + (W − x) · others / (W − w),
//!
//! with `others` its weighted total over the other criteria, so the flips are
//! where the winner's line crosses another's, nearest to w on either side.

use serde::{Deserialize, Serialize};

use crate::model::domain::Domain;
use crate::model::input::{Input, Typical};
use crate::model::quantity::Quantity;
use crate::model::unit::Unit;

/// One axis of the decision, e.g. "Tail latency".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The axis's name.
    pub name: String,
    /// How much it matters (any non-negative scale; 0–100 by convention).
    pub weight: Quantity,
}

/// One option being decided on, e.g. "Rust".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// The option's name.
    pub name: String,
    /// One score per criterion, in criterion order, within the matrix's scale.
    pub scores: Vec<Quantity>,
}

/// The scores' default range, 1 to 5.
pub const DEFAULT_SCALE: (f64, f64) = (1.0, 5.0);

fn default_scale() -> (f64, f64) {
    DEFAULT_SCALE
}

/// A weighted decision matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matrix {
    /// The axes and their weights.
    pub criteria: Vec<Criterion>,
    /// The options and their scores.
    pub candidates: Vec<Candidate>,
    /// The lowest and highest allowed score.
    #[serde(default = "default_scale")]
    pub scale: (f64, f64),
}

/// One candidate's weighted total and rank.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CandidateTotal {
    /// The candidate's name.
    pub candidate: String,
    /// Its index in `candidates`.
    pub index: usize,
    /// Σ weight · score.
    pub total: f64,
    /// 1 for the best; equal totals share a rank (1, 1, 3).
    pub rank: usize,
}

/// Where a flip leads: the weight at which the winner changes, and who wins beyond it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flip {
    /// The criterion's weight at the crossover (the two totals are equal there).
    pub weight: f64,
    /// Who wins once the weight moves past `weight`.
    pub winner: String,
}

/// What moving one criterion's weight would do to the winner.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriterionFlip {
    /// The criterion's name.
    pub criterion: String,
    /// Its current weight.
    pub weight: f64,
    /// The nearest flip when the weight decreases; null when none in [0, w).
    pub below: Option<Flip>,
    /// The nearest flip when the weight increases; null when none in (w, W].
    pub above: Option<Flip>,
}

/// Everything computed from a [`Matrix`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatrixEval {
    /// W, the sum of the weights.
    pub weight_sum: f64,
    /// Every candidate's total, best first (ties in input order).
    pub totals: Vec<CandidateTotal>,
    /// The unique best candidate; null on a tie at the top.
    pub winner: Option<String>,
    /// The candidates tied at the top; empty when there is a unique winner.
    pub tied: Vec<String>,
    /// Winner's total − runner-up's total (0 on a tie); null with one candidate.
    pub margin: Option<f64>,
    /// One entry per criterion; below/above are null when there is no unique winner.
    pub flips: Vec<CriterionFlip>,
}

/// Whether two totals are equal up to rounding.
pub(crate) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

impl Matrix {
    /// The score of candidate `c` on criterion `j` (0 when missing; validation rejects that).
    pub fn score(&self, c: usize, j: usize) -> f64 {
        self.candidates
            .get(c)
            .and_then(|cand| cand.scores.get(j))
            .map_or(0.0, Quantity::point)
    }

    /// Σ weight · score for candidate `c`.
    pub fn total(&self, c: usize) -> f64 {
        (0..self.criteria.len())
            .map(|j| self.weight(j) * self.score(c, j))
            .sum()
    }

    /// Criterion `j`'s weight (its point value; 0 when missing).
    pub fn weight(&self, j: usize) -> f64 {
        self.criteria.get(j).map_or(0.0, |c| c.weight.point())
    }

    /// The sum of the weights, W.
    pub fn weight_sum(&self) -> f64 {
        self.criteria.iter().map(|c| c.weight.point()).sum()
    }

    /// Sets criterion `i`'s weight to `x` (clamped to [0, W]) and rescales the
    /// others proportionally so the sum W stays the same: the rule the flip
    /// thresholds assume. When the others are all zero they share W − x equally.
    pub fn set_weight_keeping_sum(&mut self, i: usize, x: f64) {
        let w_sum = self.weight_sum();
        let Some(old) = self.criteria.get(i).map(|c| c.weight.point()) else {
            return;
        };
        let x = x.clamp(0.0, w_sum);
        let others_old = w_sum - old;
        let others_new = w_sum - x;
        let n_others = self.criteria.len().saturating_sub(1);
        for (j, criterion) in self.criteria.iter_mut().enumerate() {
            if j == i {
                criterion.weight.set_point(x);
            } else if others_old > 0.0 {
                criterion.weight = criterion.weight.scaled(others_new / others_old);
            } else if n_others > 0 {
                criterion.weight = Quantity::Value(others_new / n_others as f64);
            }
        }
    }

    /// The middle of the scale: the score a new criterion or candidate starts with.
    pub fn middle_score(&self) -> f64 {
        (self.scale.0 + self.scale.1) / 2.0
    }

    /// Appends a criterion; every candidate gets the middle score on it.
    pub fn add_criterion(&mut self, name: impl Into<String>, weight: f64) {
        let middle = self.middle_score();
        self.criteria.push(Criterion {
            name: name.into(),
            weight: Quantity::Value(weight),
        });
        for candidate in &mut self.candidates {
            candidate.scores.push(Quantity::Value(middle));
        }
    }

    /// Removes criterion `j` and its score from every candidate.
    pub fn remove_criterion(&mut self, j: usize) {
        if j < self.criteria.len() {
            self.criteria.remove(j);
            for candidate in &mut self.candidates {
                if j < candidate.scores.len() {
                    candidate.scores.remove(j);
                }
            }
        }
    }

    /// Swaps criteria `a` and `b`, with every candidate's scores.
    pub fn swap_criteria(&mut self, a: usize, b: usize) {
        if a < self.criteria.len() && b < self.criteria.len() {
            self.criteria.swap(a, b);
            for candidate in &mut self.candidates {
                if a < candidate.scores.len() && b < candidate.scores.len() {
                    candidate.scores.swap(a, b);
                }
            }
        }
    }

    /// Appends a candidate scoring the middle of the scale on every criterion.
    pub fn add_candidate(&mut self, name: impl Into<String>) {
        let middle = self.middle_score();
        self.candidates.push(Candidate {
            name: name.into(),
            scores: vec![Quantity::Value(middle); self.criteria.len()],
        });
    }

    /// Scales every weight so they sum to `target` (no change when they sum to 0).
    pub fn normalize_weights(&mut self, target: f64) {
        let w_sum = self.weight_sum();
        if w_sum > 0.0 {
            for criterion in &mut self.criteria {
                criterion.weight = criterion.weight.scaled(target / w_sum);
            }
        }
    }

    /// Candidate `c`'s total as a line in criterion `i`'s weight x:
    /// `(intercept, slope)` with T(x) = intercept + slope · x, the other
    /// weights rescaled proportionally to keep their sum W − x. When the other
    /// weights are all zero they share W − x equally.
    pub fn total_line(&self, c: usize, i: usize) -> (f64, f64) {
        self.nums().total_line(c, i)
    }
}

/// A criterion's inputs (its weight); a candidate's scores follow the
/// criteria, each within [`Matrix::score_domain`].
pub const CRITERION_INPUTS: &[Input<Criterion, f64>] = &[Input::new(
    "weight",
    "weight",
    Unit::Points,
    Domain::NON_NEGATIVE,
    Typical::linear(0.0, 100.0),
    "How much this criterion matters (any non-negative scale)",
    |c| Some(&c.weight),
    |c| Some(&mut c.weight),
    |w, v| *w = v,
)];

impl Matrix {
    /// The values a score may take: the matrix's scale, or any number
    /// while the scale itself is broken (that is reported once, on the scale).
    pub fn score_domain(&self) -> Domain {
        let (lo, hi) = self.scale;
        if lo.is_finite() && hi.is_finite() && lo < hi {
            Domain::between(lo, hi)
        } else {
            Domain::ANY
        }
    }
}

/// A matrix reduced to numbers: what one Monte Carlo sample reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MatrixNums {
    /// One weight per criterion.
    pub weights: Vec<f64>,
    /// Row-major scores: candidate `c`, criterion `j` at `c · weights.len() + j`.
    pub scores: Vec<f64>,
}

impl Matrix {
    /// The matrix's numbers at their point values (missing scores as 0).
    pub fn nums(&self) -> MatrixNums {
        let n = self.criteria.len();
        MatrixNums {
            weights: (0..n).map(|j| self.weight(j)).collect(),
            scores: (0..self.candidates.len())
                .flat_map(|c| (0..n).map(move |j| (c, j)))
                .map(|(c, j)| self.score(c, j))
                .collect(),
        }
    }
}

impl MatrixNums {
    /// W, the sum of the weights (in criterion order, as [`Matrix::weight_sum`]).
    pub fn weight_sum(&self) -> f64 {
        self.weights.iter().sum()
    }

    /// Candidate `c`'s score on criterion `j`.
    fn score(&self, c: usize, j: usize) -> f64 {
        self.scores
            .get(c * self.weights.len() + j)
            .copied()
            .unwrap_or(0.0)
    }

    /// As [`Matrix::total_line`], from the numbers (no point values to
    /// recompute: the flips call it for every candidate and criterion).
    pub fn total_line(&self, c: usize, i: usize) -> (f64, f64) {
        self.total_line_given(self.weight_sum(), c, i)
    }

    /// [`Self::total_line`] with W already summed.
    fn total_line_given(&self, w_sum: f64, c: usize, i: usize) -> (f64, f64) {
        let n = self.weights.len();
        let others_weight = w_sum - self.weights.get(i).copied().unwrap_or(0.0);
        let others = || (0..n).filter(move |&j| j != i);
        // Per unit of the others' weight: their weighted mean score.
        let per_unit = if others_weight > 0.0 {
            others()
                .map(|j| self.weights[j] * self.score(c, j))
                .sum::<f64>()
                / others_weight
        } else if n > 1 {
            others().map(|j| self.score(c, j)).sum::<f64>() / (n - 1) as f64
        } else {
            0.0
        };
        (w_sum * per_unit, self.score(c, i) - per_unit)
    }

    /// How many candidates there are.
    pub fn candidates(&self) -> usize {
        self.scores
            .len()
            .checked_div(self.weights.len())
            .unwrap_or(0)
    }

    /// Σ weight · score for candidate `c`.
    pub fn total(&self, c: usize) -> f64 {
        let n = self.weights.len();
        self.weights
            .iter()
            .zip(&self.scores[c * n..(c + 1) * n])
            .map(|(w, s)| w * s)
            .sum()
    }
}

/// Evaluates a matrix.
pub fn evaluate(matrix: &Matrix) -> MatrixEval {
    let n = matrix.candidates.len();
    let nums = matrix.nums();
    let raw: Vec<f64> = (0..n).map(|c| matrix.total(c)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| raw[b].total_cmp(&raw[a]));

    let mut totals: Vec<CandidateTotal> = Vec::with_capacity(n);
    for (pos, &c) in order.iter().enumerate() {
        let rank = match totals.last() {
            Some(prev) if same(prev.total, raw[c]) => prev.rank,
            _ => pos + 1,
        };
        totals.push(CandidateTotal {
            candidate: matrix.candidates[c].name.clone(),
            index: c,
            total: raw[c],
            rank,
        });
    }

    let top: Vec<&CandidateTotal> = totals.iter().filter(|t| t.rank == 1).collect();
    let winner_index = (top.len() == 1).then(|| top[0].index);
    let tied = if top.len() > 1 {
        top.iter().map(|t| t.candidate.clone()).collect()
    } else {
        Vec::new()
    };
    let margin = (n >= 2).then(|| totals[0].total - totals[1].total);

    let flips = matrix
        .criteria
        .iter()
        .enumerate()
        .map(|(i, criterion)| {
            let (below, above) = match winner_index {
                Some(w) => (
                    flip(matrix, &nums, i, w, Direction::Below),
                    flip(matrix, &nums, i, w, Direction::Above),
                ),
                None => (None, None),
            };
            CriterionFlip {
                criterion: criterion.name.clone(),
                weight: criterion.weight.point(),
                below,
                above,
            }
        })
        .collect();

    MatrixEval {
        weight_sum: matrix.weight_sum(),
        totals,
        winner: winner_index.map(|w| matrix.candidates[w].name.clone()),
        tied,
        margin,
        flips,
    }
}

/// Which way a criterion's weight moves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Below,
    Above,
}

/// The nearest weight of criterion `i`, in the given direction, at which
/// candidate `w` (the current unique winner) stops winning, and who wins past it.
///
/// The weight ranges over [0, W]; a crossing exactly at an end of that range
/// is not a flip, since no weight past it exists (e.g. a criterion everyone
/// scores equally makes all totals meet only at x = W).
fn flip(matrix: &Matrix, nums: &MatrixNums, i: usize, w: usize, dir: Direction) -> Option<Flip> {
    let x0 = matrix.weight(i);
    let w_sum = nums.weight_sum();
    let (win_b, win_m) = nums.total_line_given(w_sum, w, i);
    // (crossing weight, slope of the challenger) of the nearest crossings so far.
    let mut best: Option<(f64, f64, usize)> = None;
    for c in (0..matrix.candidates.len()).filter(|&c| c != w) {
        let (b, m) = nums.total_line_given(w_sum, c, i);
        // The winner's lead is (win_b − b) + (win_m − m)·x, positive at x0.
        let lead_slope = win_m - m;
        let x = (b - win_b) / lead_slope;
        let reachable = match dir {
            Direction::Below => lead_slope > 0.0 && x > 0.0 && x < x0,
            Direction::Above => lead_slope < 0.0 && x < w_sum && x > x0,
        };
        if !reachable || !x.is_finite() {
            continue;
        }
        // Nearest crossing first; among simultaneous ones, the line that
        // rises fastest in the direction of travel wins past it.
        let better = match best {
            None => true,
            Some((bx, bm, _)) if same(x, bx) => match dir {
                Direction::Below => m < bm,
                Direction::Above => m > bm,
            },
            Some((bx, _, _)) => match dir {
                Direction::Below => x > bx,
                Direction::Above => x < bx,
            },
        };
        if better {
            best = Some((x, m, c));
        }
    }
    best.map(|(weight, _, c)| Flip {
        weight,
        winner: matrix.candidates[c].name.clone(),
    })
}
