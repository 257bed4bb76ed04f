//! The Monte Carlo run: draw every uncertain input, evaluate the compiled
//! scenario once per sample, keep each output's samples.
//!
//! Reproducible bit for bit for the same file, sample count and seed, on any
//! machine and thread count: samples are cut into fixed chunks of
//! [`CHUNK`] by index (never by thread), and each (input, chunk) pair draws
//! from its own xoshiro256++ stream seeded from the run's seed, a hash of the
//! input's path and the chunk's index. Keying streams by path rather than by
//! position means adding a range to one input leaves every other input's
//! draws as they were, so a live chart moves only where the change acts.

use rand::SeedableRng as _;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use super::compiled::{Compiled, Scalars};
use super::distribution::Distribution;
use super::sites::{ChoiceField, Domain, Field, Site};
use crate::model::Scenario;
use crate::model::budget::BudgetScalars;
use crate::model::cost::CostScalars;
use crate::model::load::QueueEval;
use crate::model::payback::PaybackScalars;
use crate::model::tradeoff::tied;

/// Samples per chunk: part of the reproducibility contract (changing it
/// changes the numbers).
pub const CHUNK: usize = 2048;

/// One uncertain input, ready to sample.
#[derive(Clone, Debug)]
pub struct Input {
    /// The field path, e.g. `budget.spans[0].time`.
    pub path: String,
    /// Where its value goes.
    pub field: Field,
    /// Its distribution.
    pub distribution: Distribution,
    /// Where draws are clamped.
    pub domain: Domain,
    /// The stream key: a hash of the path.
    key: u64,
}

/// How a scalar output is read from one evaluation: through the section
/// it belongs to, by reference (a sample copies nothing it does not need).
#[derive(Clone, Copy, Debug)]
pub enum Read {
    /// A number of the budget.
    Budget(fn(&BudgetScalars) -> f64),
    /// A number of the payback section.
    Payback(fn(&PaybackScalars) -> f64),
    /// A number of the queue.
    Queue(fn(&QueueEval) -> f64),
    /// A number of the cost section.
    Cost(fn(&CostScalars) -> f64),
    /// A number of the whole evaluation.
    Root(fn(&Scalars) -> f64),
}

impl Read {
    fn read(self, sc: &Scalars) -> f64 {
        match self {
            Self::Budget(f) => sc.budget.as_ref().map_or(f64::NAN, f),
            Self::Payback(f) => sc.payback.as_ref().map_or(f64::NAN, f),
            Self::Queue(f) => sc.queue.as_ref().map_or(f64::NAN, f),
            Self::Cost(f) => sc.cost.as_ref().map_or(f64::NAN, f),
            Self::Root(f) => f(sc),
        }
    }
}

/// Which number of an evaluation an output column holds.
#[derive(Clone, Copy, Debug)]
pub enum Output {
    /// A scalar by its key (`budget.total`) and how to read it.
    Scalar(&'static str, Read),
    /// Candidate `c`'s weighted total.
    MatrixTotal(usize),
    /// The winner's total minus the runner-up's.
    MatrixMargin,
    /// A trade-off row's total per month.
    RowTotal(usize),
    /// A trade-off row's p99, ms.
    RowP99(usize),
    /// The payback timeline's cumulative net at a month (for fan charts).
    Cumulative(u32),
    /// The budget's Amdahl speedup at language speedup `s` (for bands).
    AmdahlAt(f64),
}

impl Output {
    /// This output's value in one evaluation; non-finite for "no value".
    pub fn read(&self, sc: &Scalars, compiled: &Compiled) -> f64 {
        match *self {
            Self::Scalar(_, read) => read.read(sc),
            Self::MatrixTotal(c) => sc.matrix_totals.get(c).copied().unwrap_or(f64::NAN),
            Self::MatrixMargin => {
                let (mut first, mut second) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
                for &t in &sc.matrix_totals {
                    if t > first {
                        second = first;
                        first = t;
                    } else if t > second {
                        second = t;
                    }
                }
                first - second
            }
            Self::RowTotal(i) => sc
                .tradeoff
                .as_ref()
                .and_then(|t| t.rows.get(i))
                .map_or(f64::NAN, |r| r.total_per_month),
            Self::RowP99(i) => sc
                .tradeoff
                .as_ref()
                .and_then(|t| t.rows.get(i))
                .map_or(f64::NAN, |r| r.p99_ms),
            Self::Cumulative(month) => compiled.cumulative_at(month),
            Self::AmdahlAt(s) => compiled.amdahl_at(s),
        }
    }
}

/// A yes/no output counted over the samples.
#[derive(Clone, Copy, Debug)]
pub struct Probability {
    /// Its key under `uncertainty.probabilities`.
    pub key: &'static str,
    /// Its value in one evaluation: 1 for yes.
    pub read: Read,
}

/// What a run samples and records.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The uncertain inputs, in file order.
    pub inputs: Vec<Input>,
    /// The output columns.
    pub outputs: Vec<Output>,
    /// The probabilities.
    pub probabilities: Vec<Probability>,
    /// Candidates in the matrix (for win probabilities); 0 without one.
    pub candidates: usize,
    /// Rows of the trade-off (for best/cheapest shares); 0 without one.
    pub tradeoff_rows: usize,
    /// (choice, p50 input, p99 input) for choices whose latencies are uncertain.
    p99_checks: Vec<(usize, Option<usize>, Option<usize>)>,
    base: Compiled,
}

/// The samples and counts of one run.
#[derive(Clone, Debug)]
pub struct Samples {
    /// How many samples.
    pub samples: u64,
    /// The seed.
    pub seed: u64,
    /// One column of samples per `plan.outputs`.
    pub columns: Vec<Vec<f64>>,
    /// Per input: how many draws were clamped.
    pub clamped: Vec<u64>,
    /// Per probability: how many samples said yes.
    pub yes: Vec<u64>,
    /// Per candidate: its share of wins (ties split), summed over samples.
    pub wins: Vec<f64>,
    /// Per trade-off row: samples where it was the best (ties split).
    pub best: Vec<f64>,
    /// Per trade-off row: samples where it was the cheapest (ties split).
    pub cheapest: Vec<f64>,
}

/// FNV-1a, 64-bit: a stable hash of an input's path for its stream key.
fn fnv1a(text: &str) -> u64 {
    fnv1a_bytes(0xcbf2_9ce4_8422_2325, text.as_bytes())
}

/// FNV-1a over `bytes`, continuing from `hash` (start with the offset basis
/// 0xcbf29ce484222325): stable across machines and versions.
pub fn fnv1a_bytes(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// SplitMix64's finaliser: spreads a 64-bit value over all bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The random stream of one input in one chunk.
fn stream(seed: u64, key: u64, chunk: usize) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix(mix(seed ^ mix(key)) ^ chunk as u64))
}

impl Plan {
    /// The plan for `scenario` with the standard outputs (every scalar the
    /// evaluation has, per DESIGN) plus `extra` ones; `None` when nothing
    /// in the scenario is uncertain or a range is invalid.
    pub fn new(scenario: &Scenario, extra: &[Output]) -> Option<Self> {
        let sites: Vec<Site<'_>> = super::sites::sites(scenario);
        let mut inputs = Vec::new();
        for site in &sites {
            if let Some(range) = site.quantity.range() {
                inputs.push(Input {
                    path: site.path.clone(),
                    field: site.field,
                    distribution: Distribution::of(range)?,
                    domain: site.domain,
                    key: fnv1a(&site.path),
                });
            }
        }
        if inputs.is_empty() {
            return None;
        }
        let mut base = Compiled::new(scenario);
        base.track_timeline = extra.iter().any(|o| matches!(o, Output::Cumulative(_)));
        let point = base.scalars().clone();
        let (mut outputs, probabilities) = standard_outputs(&point);
        outputs.extend_from_slice(extra);
        let find = |field: Field| inputs.iter().position(|i: &Input| i.field == field);
        let p99_checks = scenario
            .tradeoff
            .as_ref()
            .map(|t| {
                (0..t.choices.len())
                    .map(|i| {
                        (
                            i,
                            find(Field::Choice(i, ChoiceField::P50Ms)),
                            find(Field::Choice(i, ChoiceField::P99Ms)),
                        )
                    })
                    .filter(|(_, a, b)| a.is_some() || b.is_some())
                    .collect()
            })
            .unwrap_or_default();
        Some(Self {
            inputs,
            outputs,
            probabilities,
            candidates: point.matrix_totals.len(),
            tradeoff_rows: point.tradeoff.as_ref().map_or(0, |t| t.rows.len()),
            p99_checks,
            base,
        })
    }

    /// Runs `samples` samples from `seed`.
    pub fn run(&self, samples: usize, seed: u64) -> Samples {
        // Zeroed allocations, not clones of one column: no copying of megabytes.
        let mut columns: Vec<Vec<f64>> = (0..self.outputs.len())
            .map(|_| vec![0.0; samples])
            .collect();
        let chunks = samples.div_ceil(CHUNK);
        let mut per_chunk: Vec<Vec<&mut [f64]>> = (0..chunks).map(|_| Vec::new()).collect();
        for column in &mut columns {
            for (k, piece) in column.chunks_mut(CHUNK).enumerate() {
                per_chunk[k].push(piece);
            }
        }
        let counts: Vec<ChunkCounts> = per_chunk
            .into_par_iter()
            .enumerate()
            .map(|(k, mut slices)| {
                let len = CHUNK.min(samples - k * CHUNK);
                self.chunk(seed, k, len, &mut slices)
            })
            .collect();
        // Integer counts add exactly; fractional shares are summed in chunk
        // order, so the total does not depend on which thread ran what.
        let mut total = ChunkCounts::new(self);
        for c in &counts {
            total.add(c);
        }
        Samples {
            samples: samples as u64,
            seed,
            columns,
            clamped: total.clamped,
            yes: total.yes,
            wins: total.wins,
            best: total.best,
            cheapest: total.cheapest,
        }
    }

    /// Draws every input's samples, chunk by chunk on the same threads as
    /// [`Plan::run`], without evaluating anything: the bare loop the
    /// benchmark compares the model against. Returns a checksum so the
    /// draws cannot be optimised away.
    pub fn draw_only(&self, samples: usize, seed: u64) -> f64 {
        let sums: Vec<f64> = (0..samples.div_ceil(CHUNK))
            .into_par_iter()
            .map(|k| {
                let len = CHUNK.min(samples - k * CHUNK);
                let mut clamped = vec![0; self.inputs.len()];
                let draws = self.draw_chunk(seed, k, len, &mut clamped);
                draws.iter().step_by(len).sum::<f64>()
            })
            .collect();
        sums.iter().sum()
    }

    /// Chunk `k`'s draws, input by input: `draws[i · len + j]` is input
    /// i's value in the chunk's sample j, clamped to its domain.
    fn draw_chunk(&self, seed: u64, k: usize, len: usize, clamped: &mut [u64]) -> Vec<f64> {
        let mut draws = vec![0.0; self.inputs.len() * len];
        for (i, input) in self.inputs.iter().enumerate() {
            let mut rng = stream(seed, input.key, k);
            for d in &mut draws[i * len..(i + 1) * len] {
                let (x, was_clamped) = input.domain.clamp(input.distribution.sample(&mut rng));
                *d = x;
                clamped[i] += u64::from(was_clamped);
            }
        }
        draws
    }

    fn chunk(&self, seed: u64, k: usize, len: usize, out: &mut [&mut [f64]]) -> ChunkCounts {
        let mut counts = ChunkCounts::new(self);
        let draws = self.draw_chunk(seed, k, len, &mut counts.clamped);
        let mut compiled = self.base.clone();
        for j in 0..len {
            for (i, input) in self.inputs.iter().enumerate() {
                compiled.nums.set(input.field, draws[i * len + j]);
            }
            self.count_p99_clamps(&compiled, &mut counts);
            compiled.scalars();
            let sc = &compiled.out;
            for (column, output) in out.iter_mut().zip(&self.outputs) {
                column[j] = output.read(sc, &compiled);
            }
            for (yes, p) in counts.yes.iter_mut().zip(&self.probabilities) {
                *yes += u64::from(p.read.read(sc) == 1.0);
            }
            share_top(&sc.matrix_totals, &mut counts.wins);
            if let Some(t) = &sc.tradeoff {
                let lowest = |meeting: bool, shares: &mut [f64]| {
                    let totals = t.rows.iter().map(|r| {
                        if r.meets_slo || !meeting {
                            r.total_per_month
                        } else {
                            f64::NAN
                        }
                    });
                    share_lowest(totals, shares);
                };
                lowest(true, &mut counts.best);
                lowest(false, &mut counts.cheapest);
            }
        }
        counts
    }

    /// A choice's p99 below its p50 is read as p50 (the model does so);
    /// each such sample counts as a clamp of the p99 input (or of p50's
    /// when p99 is a plain number).
    fn count_p99_clamps(&self, compiled: &Compiled, counts: &mut ChunkCounts) {
        let Some(t) = &compiled.nums.tradeoff else {
            return;
        };
        for &(choice, p50, p99) in &self.p99_checks {
            let c = t.choices[choice];
            if c.p99_ms < c.p50_ms
                && let Some(input) = p99.or(p50)
            {
                counts.clamped[input] += 1;
            }
        }
    }
}

/// Adds one sample's shares of "highest" among `values`; candidates tied
/// at the top (as the ranking judges ties) split the sample equally.
fn share_top(values: &[f64], shares: &mut [f64]) {
    use crate::model::matrix::same;
    let Some(top) = values.iter().copied().max_by(f64::total_cmp) else {
        return;
    };
    let tied = values.iter().filter(|&&v| same(v, top)).count();
    for (share, &v) in shares.iter_mut().zip(values) {
        if same(v, top) {
            *share += 1.0 / tied as f64;
        }
    }
}

/// Adds one sample's shares of "lowest" among `values`, NaN meaning "not
/// eligible"; ties within 1e-9 relative split the sample; none eligible:
/// no row gets it.
fn share_lowest(values: impl Iterator<Item = f64> + Clone, shares: &mut [f64]) {
    let Some(low) = values
        .clone()
        .filter(|v| !v.is_nan())
        .min_by(f64::total_cmp)
    else {
        return;
    };
    let tied_count = values
        .clone()
        .filter(|&v| !v.is_nan() && tied(v, low))
        .count();
    for (share, v) in shares.iter_mut().zip(values) {
        if !v.is_nan() && tied(v, low) {
            *share += 1.0 / tied_count as f64;
        }
    }
}

/// One chunk's counts.
struct ChunkCounts {
    clamped: Vec<u64>,
    yes: Vec<u64>,
    wins: Vec<f64>,
    best: Vec<f64>,
    cheapest: Vec<f64>,
}

impl ChunkCounts {
    fn new(plan: &Plan) -> Self {
        Self {
            clamped: vec![0; plan.inputs.len()],
            yes: vec![0; plan.probabilities.len()],
            wins: vec![0.0; plan.candidates],
            best: vec![0.0; plan.tradeoff_rows],
            cheapest: vec![0.0; plan.tradeoff_rows],
        }
    }

    fn add(&mut self, other: &Self) {
        let add_u = |a: &mut Vec<u64>, b: &Vec<u64>| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        let add_f = |a: &mut Vec<f64>, b: &Vec<f64>| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        add_u(&mut self.clamped, &other.clamped);
        add_u(&mut self.yes, &other.yes);
        add_f(&mut self.wins, &other.wins);
        add_f(&mut self.best, &other.best);
        add_f(&mut self.cheapest, &other.cheapest);
    }
}

/// The outputs every run records, decided by the point evaluation's
/// structure: an output null for structural reasons (no SLO, one candidate)
/// is left out.
fn standard_outputs(point: &Scalars) -> (Vec<Output>, Vec<Probability>) {
    use Output::Scalar as S;
    use Read::{Budget as B, Cost as C, Payback as P, Queue as Q};
    let mut outputs = Vec::new();
    let mut probabilities = Vec::new();
    let probability = |key, read| Probability { key, read };
    if let Some(b) = &point.budget {
        outputs.extend([
            S("budget.total", B(|b| b.total)),
            S("budget.own_code", B(|b| b.own_code)),
            S("budget.own_code_fraction", B(|b| b.own_code_fraction)),
            S("budget.amdahl_speedup", B(|b| b.amdahl_speedup)),
            S("budget.amdahl_ceiling", B(|b| b.amdahl_ceiling)),
            S("budget.total_after_language", B(|b| b.total_after_language)),
            S("budget.total_after_levers", B(|b| b.total_after_levers)),
            S("budget.total_after_all", B(|b| b.total_after_all)),
        ]);
        if b.required_speedup.is_some() {
            outputs.extend([
                S("budget.required_speedup", B(|b| opt(b.required_speedup))),
                S(
                    "budget.required_language_speedup",
                    B(|b| opt(b.required_language_speedup)),
                ),
            ]);
        }
        if b.throughput_after_language.is_some() {
            outputs.extend([
                S(
                    "budget.throughput_after_language",
                    B(|b| opt(b.throughput_after_language)),
                ),
                S(
                    "budget.throughput_after_levers",
                    B(|b| opt(b.throughput_after_levers)),
                ),
                S(
                    "budget.throughput_after_all",
                    B(|b| opt(b.throughput_after_all)),
                ),
            ]);
        }
        if b.meets_slo_now.is_some() {
            probabilities.extend([
                probability("meets_slo_now", B(|b| flag(b.meets_slo_now))),
                probability(
                    "meets_slo_after_language",
                    B(|b| flag(b.meets_slo_after_language)),
                ),
                probability(
                    "meets_slo_after_levers",
                    B(|b| flag(b.meets_slo_after_levers)),
                ),
                probability("meets_slo_after_all", B(|b| flag(b.meets_slo_after_all))),
            ]);
        }
    }
    if !point.matrix_totals.is_empty() {
        outputs.extend((0..point.matrix_totals.len()).map(Output::MatrixTotal));
        if point.matrix_totals.len() > 1 {
            outputs.push(Output::MatrixMargin);
        }
    }
    if point.payback.is_some() {
        outputs.extend([
            S("payback.reduction", Read::Root(|s| s.reduction)),
            S("payback.monthly_saving", P(|p| p.monthly_saving)),
            S("payback.annual_saving", P(|p| p.annual_saving)),
            S("payback.one_time_cost", P(|p| p.one_time_cost)),
            S("payback.payback_months", P(|p| p.payback_months)),
            S("payback.break_even_month", P(|p| p.break_even_month)),
            S("payback.npv", P(|p| p.npv)),
            S(
                "payback.discounted_payback_months",
                P(|p| p.discounted_payback_months),
            ),
            S("payback.roi", P(|p| p.roi)),
            S("payback.horizon_saving", P(|p| p.horizon_saving)),
            S(
                "payback.break_even_reduction",
                P(|p| p.break_even_reduction),
            ),
            S(
                "payback.break_even_monthly_cost",
                P(|p| p.break_even_monthly_cost),
            ),
        ]);
        probabilities.extend([
            probability("payback_within_target", P(|p| flag(Some(p.meets_target)))),
            probability("npv_positive", P(|p| flag(Some(p.npv > 0.0)))),
        ]);
    }
    if point.queue.is_some() {
        outputs.extend([
            S("load.queue.utilization", Q(|q| q.utilization)),
            S("load.queue.p_wait", Q(|q| opt(q.p_wait))),
            S("load.queue.mean_wait_ms", Q(|q| opt(q.mean_wait_ms))),
            S(
                "load.queue.mean_response_ms",
                Q(|q| opt(q.mean_response_ms)),
            ),
            S(
                "load.queue.percentile_response_ms",
                Q(|q| opt(q.percentile_response_ms)),
            ),
            // Null when even an idle server misses the SLO: no load fits.
            S(
                "load.queue.max_arrival_per_s",
                Q(|q| q.max_arrival_per_s.unwrap_or(0.0)),
            ),
            S(
                "load.queue.headroom",
                Q(|q| match q.max_arrival_per_s {
                    None => -1.0,
                    Some(_) => opt(q.headroom),
                }),
            ),
            S(
                "load.queue.months_to_breach",
                Q(|q| match q.max_arrival_per_s {
                    None => 0.0,
                    Some(_) => opt(q.months_to_breach),
                }),
            ),
        ]);
        probabilities.push(probability(
            "load_meets_slo",
            Q(|q| flag(Some(q.meets_slo))),
        ));
    }
    if point.cost.is_some() {
        outputs.extend([
            S("cost.concurrency", C(|c| c.concurrency)),
            S("cost.compute_per_month", C(|c| c.compute_per_month)),
            S("cost.egress_per_month", C(|c| c.egress_per_month)),
            S("cost.storage_per_month", C(|c| c.storage_per_month)),
            S("cost.total_per_month", C(|c| c.total_per_month)),
        ]);
    }
    if let Some(t) = &point.tradeoff {
        for i in 0..t.rows.len() {
            outputs.push(Output::RowTotal(i));
            outputs.push(Output::RowP99(i));
        }
    }
    (outputs, probabilities)
}

/// A yes/no as the number [`Probability`] counts: 1 for yes.
fn flag(b: Option<bool>) -> f64 {
    if b == Some(true) { 1.0 } else { 0.0 }
}

/// A value-dependent null is +∞ in a sample.
fn opt(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::INFINITY)
}
