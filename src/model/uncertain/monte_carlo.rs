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

use rand::RngExt as _;
use rand::SeedableRng as _;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use super::compiled::{Compiled, Scalars};
use crate::model::Scenario;
use crate::model::domain::Domain;
use crate::model::outputs::{Metric, Probability};
use crate::model::quantity::distribution::Distribution;
use crate::model::sites::{Field, Site};
use crate::model::tradeoff::tied;

/// The most numbers a Monte Carlo run records: 2²⁷ (1 GiB of f64). 200
/// ranged candidates at 10 million samples would need 16 GB and abort the
/// process; the run takes fewer samples instead and says so.
pub const MAX_RECORDED_VALUES: usize = 1 << 27;

/// The most steps of work a run does: 2³⁰, about half a second here. A
/// step is one recorded number, or one option's value added into a bin
/// for one input's value of information — which grows as inputs ×
/// options: 200 ranged candidates make 40,000 a sample (a 17 KB file took
/// 8 s at the 334,707 samples memory allowed). Past it the run takes
/// fewer samples and says so, as for memory.
pub const MAX_WORK: usize = 1 << 30;

/// Samples per chunk: part of the reproducibility contract (changing it
/// changes the numbers).
pub const CHUNK: usize = 2048;

/// Why a run took fewer samples than asked: which limit, and what in the
/// scenario makes a sample cost that much.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SampleLimit {
    /// [`MAX_RECORDED_VALUES`]: `per_sample` numbers recorded a sample.
    Memory {
        /// Outputs and inputs recorded per sample.
        per_sample: usize,
    },
    /// [`MAX_WORK`]: the value of information weighs every ranged input
    /// against every option of the decisions.
    Work {
        /// Ranged inputs.
        inputs: usize,
        /// Options of the decisions (2 for fund, one per candidate or row).
        options: usize,
    },
}

impl std::fmt::Display for SampleLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = |n: usize| crate::format::grouped(n as f64, 0);
        match *self {
            Self::Memory { per_sample } => write!(
                f,
                "this scenario records {} numbers a sample, and a run keeps at most 2^27 \
                 numbers (1 GiB)",
                count(per_sample)
            ),
            Self::Work { inputs, options } => write!(
                f,
                "the value of information weighs {} ranged inputs against {} options in every \
                 sample, and a run does at most 2^30 such steps",
                count(inputs),
                count(options)
            ),
        }
    }
}

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
    /// Drawn together with another input (perfect rank correlation): its
    /// draw is the other one's percentile of its own distribution. Set on
    /// the second of the pair, naming the first.
    with: Option<usize>,
}

/// Pairs of inputs that describe one thing and are drawn together when
/// both are ranges (format 3): the months of work and the build months are
/// the same build.
pub(crate) const DRAWN_TOGETHER: [(&str, &str); 1] = [("payback.months", "payback.build_months")];

/// Which number of an evaluation an output column holds.
#[derive(Clone, Copy, Debug)]
pub enum Output {
    /// A scalar output.
    Metric(Metric),
    /// Candidate `c`'s weighted total.
    MatrixTotal(usize),
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
    /// A metric's is taken from `metrics`, every metric's value of that
    /// evaluation ([`Metric::read_all`], read once for all outputs).
    pub fn read(&self, metrics: &[f64; Metric::COUNT], sc: &Scalars, compiled: &Compiled) -> f64 {
        match *self {
            Self::Metric(metric) => metrics[metric as usize],
            Self::MatrixTotal(c) => sc.matrix_totals.get(c).copied().unwrap_or(f64::NAN),
            Self::RowTotal(i) => sc
                .tradeoff
                .as_ref()
                .and_then(|t| t.choices.get(i))
                .map_or(f64::NAN, |r| r.total_per_month),
            Self::RowP99(i) => sc
                .tradeoff
                .as_ref()
                .and_then(|t| t.choices.get(i))
                .map_or(f64::NAN, |r| r.p99_ms),
            Self::Cumulative(month) => compiled.cumulative_at(month),
            Self::AmdahlAt(s) => compiled.amdahl_at(s),
        }
    }
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
    /// Why fewer samples ran than were asked for, if they did.
    pub limited: Option<SampleLimit>,
    /// One column of samples per `plan.outputs`.
    pub columns: Vec<Vec<f64>>,
    /// One column of draws per `plan.inputs` (clamped to the input's
    /// domain): what each sample was evaluated at.
    pub draws: Vec<Vec<f64>>,
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
        let sites: Vec<Site<'_>> = crate::model::sites::sites(scenario);
        let mut inputs = Vec::new();
        for site in &sites {
            if let Some(range) = site.quantity.range() {
                inputs.push(Input {
                    path: site.path.clone(),
                    field: site.field,
                    distribution: Distribution::of(range)?,
                    domain: site.domain,
                    key: fnv1a(&site.path),
                    with: None,
                });
            }
        }
        if inputs.is_empty() {
            return None;
        }
        if scenario.uses_format_3() {
            for (first, second) in DRAWN_TOGETHER {
                let at = |path: &str| inputs.iter().position(|i: &Input| i.path == path);
                if let (Some(a), Some(b)) = (at(first), at(second)) {
                    inputs[b].with = Some(a);
                    inputs[a].with = Some(a);
                }
            }
        }
        let mut base = Compiled::new(scenario);
        base.track_timeline = extra.iter().any(|o| matches!(o, Output::Cumulative(_)));
        let point = base.scalars().clone();
        let (mut outputs, probabilities) = standard_outputs(&point);
        outputs.extend_from_slice(extra);
        let find = |path: String| inputs.iter().position(|i: &Input| i.path == path);
        let p99_checks = scenario
            .tradeoff
            .as_ref()
            .map(|t| {
                (0..t.choices.len())
                    .map(|i| {
                        (
                            i,
                            find(format!("tradeoff.choices[{i}].p50_ms")),
                            find(format!("tradeoff.choices[{i}].p99_ms")),
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
            tradeoff_rows: point.tradeoff.as_ref().map_or(0, |t| t.choices.len()),
            p99_checks,
            base,
        })
    }

    /// The most samples a run takes, and the limit that sets it: every
    /// output column and every input's draws hold one number per sample
    /// (within [`MAX_RECORDED_VALUES`]), and each sample's work, those
    /// numbers plus inputs × options for the value of information, stays
    /// within [`MAX_WORK`].
    pub fn limit(&self) -> (usize, SampleLimit) {
        let per_sample = (self.outputs.len() + self.inputs.len()).max(1);
        let memory = (MAX_RECORDED_VALUES / per_sample).max(1);
        let options = self.decision_options();
        let work_per_sample = per_sample + self.inputs.len() * options;
        let work = (MAX_WORK / work_per_sample).max(1);
        if work < memory {
            let inputs = self.inputs.len();
            (work, SampleLimit::Work { inputs, options })
        } else {
            (memory, SampleLimit::Memory { per_sample })
        }
    }

    /// The most samples a run takes ([`Plan::limit`]).
    pub fn max_samples(&self) -> usize {
        self.limit().0
    }

    /// How many options the value of information weighs, over every
    /// decision.
    fn decision_options(&self) -> usize {
        super::voi::decisions(self)
            .iter()
            .map(|d| d.options.len())
            .sum()
    }

    /// Runs `samples` samples from `seed` (at most [`Plan::max_samples`]:
    /// the run says how many it took, and why no more).
    pub fn run(&self, samples: usize, seed: u64) -> Samples {
        let (most, limit) = self.limit();
        let limited = (samples > most).then_some(limit);
        let samples = samples.min(most);
        // Zeroed allocations, not clones of one column: no copying of megabytes.
        let zeroed =
            |count: usize| -> Vec<Vec<f64>> { (0..count).map(|_| vec![0.0; samples]).collect() };
        let (mut columns, mut draws) = (zeroed(self.outputs.len()), zeroed(self.inputs.len()));
        let chunks = samples.div_ceil(CHUNK);
        let counts: Vec<ChunkCounts> = by_chunk(&mut columns, chunks)
            .into_par_iter()
            .zip(by_chunk(&mut draws, chunks))
            .enumerate()
            .map(|(k, (mut outputs, mut inputs))| {
                let len = CHUNK.min(samples - k * CHUNK);
                self.chunk(seed, k, len, &mut outputs, &mut inputs)
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
            limited,
            columns,
            draws,
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
                let mut draws = vec![0.0; self.inputs.len() * len];
                let mut rows: Vec<&mut [f64]> = draws.chunks_mut(len).collect();
                self.draw_chunk(seed, k, &mut rows, &mut clamped);
                rows.iter().map(|row| row[0]).sum::<f64>()
            })
            .collect();
        sums.iter().sum()
    }

    /// Chunk `k`'s draws into `rows`: `rows[i][j]` is input i's value in
    /// the chunk's sample j, clamped to its domain.
    fn draw_chunk(&self, seed: u64, k: usize, rows: &mut [&mut [f64]], clamped: &mut [u64]) {
        // The percentiles of a pair drawn together, from its first input's stream.
        let mut shared: Vec<f64> = Vec::new();
        for (i, (input, row)) in self.inputs.iter().zip(rows.iter_mut()).enumerate() {
            let mut rng = stream(seed, input.key, k);
            match input.with {
                None => {
                    for d in row.iter_mut() {
                        let (x, was_clamped) =
                            input.domain.clamp(input.distribution.sample(&mut rng));
                        *d = x;
                        clamped[i] += u64::from(was_clamped);
                    }
                }
                Some(first) => {
                    if first == i {
                        // A percentile strictly inside (0, 1).
                        shared = (0..row.len())
                            .map(|_| rng.random::<f64>().max(f64::MIN_POSITIVE))
                            .collect();
                    }
                    for (d, &u) in row.iter_mut().zip(&shared) {
                        let (x, was_clamped) = input.domain.clamp(input.distribution.quantile(u));
                        *d = x;
                        clamped[i] += u64::from(was_clamped);
                    }
                }
            }
        }
    }

    fn chunk(
        &self,
        seed: u64,
        k: usize,
        len: usize,
        out: &mut [&mut [f64]],
        draws: &mut [&mut [f64]],
    ) -> ChunkCounts {
        let mut counts = ChunkCounts::new(self);
        // Drawn straight into the run's kept draws, then evaluated from there.
        self.draw_chunk(seed, k, draws, &mut counts.clamped);
        let mut compiled = self.base.clone();
        let mut metrics = [f64::NAN; Metric::COUNT];
        for j in 0..len {
            for (input, row) in self.inputs.iter().zip(draws.iter()) {
                compiled.nums.set(input.field, row[j]);
            }
            self.count_p99_clamps(&compiled, &mut counts);
            compiled.scalars();
            let sc = &compiled.out;
            Metric::read_all(sc, &mut metrics);
            for (column, output) in out.iter_mut().zip(&self.outputs) {
                column[j] = output.read(&metrics, sc, &compiled);
            }
            for (yes, p) in counts.yes.iter_mut().zip(&self.probabilities) {
                *yes += u64::from(p.read(sc) == Some(true));
            }
            share_top(&sc.matrix_totals, &mut counts.wins);
            if let Some(t) = &sc.tradeoff {
                let lowest = |meeting: bool, shares: &mut [f64]| {
                    let totals = t.choices.iter().map(|r| {
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

/// Each column's pieces of [`CHUNK`] samples, chunk by chunk: `[k][c]` is
/// column c's chunk k.
fn by_chunk(columns: &mut [Vec<f64>], chunks: usize) -> Vec<Vec<&mut [f64]>> {
    let mut per_chunk: Vec<Vec<&mut [f64]>> = (0..chunks).map(|_| Vec::new()).collect();
    for column in columns {
        for (k, piece) in column.chunks_mut(CHUNK).enumerate() {
            per_chunk[k].push(piece);
        }
    }
    per_chunk
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
    let mut outputs = Vec::new();
    for &metric in Metric::ALL {
        if metric == Metric::MatrixMargin {
            outputs.extend((0..point.matrix_totals.len()).map(Output::MatrixTotal));
        }
        if metric.read(point).is_some() {
            outputs.push(Output::Metric(metric));
        }
    }
    if let Some(t) = &point.tradeoff {
        for i in 0..t.choices.len() {
            outputs.push(Output::RowTotal(i));
            outputs.push(Output::RowP99(i));
        }
    }
    let probabilities = Probability::ALL
        .iter()
        .copied()
        .filter(|p| p.read(point).is_some())
        .collect();
    (outputs, probabilities)
}
