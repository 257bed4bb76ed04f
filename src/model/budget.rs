//! Where the time goes: a time budget of spans, the Amdahl ceiling of a
//! language change, what-if levers on single spans, and the SLO gap.
//!
//! Spans run in order; a span marked `concurrent` runs in parallel with the
//! span before it, and a run of such spans forms one *stage* whose time is its
//! longest span. The total is the sum over stages: the critical path.
//!
//! A language `s` times faster divides every [`SpanKind::OwnCode`] span by `s`.
//! On a serial trace that gives Amdahl's law, speedup = 1 / ((1 − f) + f/s)
//! with f the own-code fraction. With concurrent stages the speedup is the
//! exact ratio of critical paths (a shortened own-code span only helps while it
//! is the longest of its stage), and `f` is the share of the critical path the
//! language could remove, so the ceiling stays exactly 1 / (1 − f).

use serde::{Deserialize, Serialize};

use super::uncertain::Quantity;

/// What a span's `time` measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeUnit {
    /// A trace: latency of one request, in milliseconds.
    #[default]
    Milliseconds,
    /// A profile: each span's share of CPU time, in percent.
    Percent,
}

impl TimeUnit {
    /// The unit's short symbol for labels ("ms", "%").
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Milliseconds => "ms",
            Self::Percent => "%",
        }
    }
}

/// What kind of work a span is; only [`SpanKind::OwnCode`] speeds up with the language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SpanKind {
    /// The service's own code: the only part a faster language computes faster.
    OwnCode,
    /// A library already written in C/Rust (JPEG encoder, PDF engine…).
    NativeLibrary,
    /// Waiting on a database query.
    Database,
    /// Waiting on another service.
    External,
    /// Disk or object-storage I/O.
    Io,
    /// Queueing, locks, sleeps.
    Wait,
    /// Anything else.
    Other,
}

impl SpanKind {
    /// Every kind, in the order menus and legends list them.
    pub const ALL: [Self; 7] = [
        Self::OwnCode,
        Self::NativeLibrary,
        Self::Database,
        Self::External,
        Self::Io,
        Self::Wait,
        Self::Other,
    ];

    /// A human label ("own code", "database"…).
    pub fn label(self) -> &'static str {
        match self {
            Self::OwnCode => "own code",
            Self::NativeLibrary => "native library",
            Self::Database => "database",
            Self::External => "external",
            Self::Io => "I/O",
            Self::Wait => "wait",
            Self::Other => "other",
        }
    }
}

/// A what-if fix on one span. Every variant has a `label` and an optional
/// effort in engineer-days, used to rank levers by saving per day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Lever {
    /// The span becomes `factor` times faster (an index, a better algorithm).
    Speedup {
        /// What the fix is, e.g. "add index".
        #[serde(default)]
        label: String,
        /// How many times faster the span gets (≥ 1).
        factor: Quantity,
        /// Engineer-days of work, if estimated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effort_days: Option<Quantity>,
    },
    /// The span's time is replaced by `time` (a faster engine, a batched call).
    Replace {
        /// What the fix is.
        #[serde(default)]
        label: String,
        /// The span's new time, in the budget's unit.
        time: Quantity,
        /// Engineer-days of work, if estimated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effort_days: Option<Quantity>,
    },
    /// A cache in front of the span: time = h·hit_time + (1 − h)·time.
    Cache {
        /// What the fix is.
        #[serde(default)]
        label: String,
        /// Fraction of requests served from the cache, 0..=1.
        hit_ratio: Quantity,
        /// Time of a cache hit, in the budget's unit.
        hit_time: Quantity,
        /// Engineer-days of work, if estimated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effort_days: Option<Quantity>,
    },
    /// The span moves off the user-facing path (a background job): 0 on the critical path.
    Async {
        /// What the fix is.
        #[serde(default)]
        label: String,
        /// Engineer-days of work, if estimated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effort_days: Option<Quantity>,
    },
    /// The span runs concurrently with the span before it.
    Parallelize {
        /// What the fix is.
        #[serde(default)]
        label: String,
        /// Engineer-days of work, if estimated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effort_days: Option<Quantity>,
    },
}

impl Lever {
    /// The lever's label.
    pub fn label(&self) -> &str {
        match self {
            Self::Speedup { label, .. }
            | Self::Replace { label, .. }
            | Self::Cache { label, .. }
            | Self::Async { label, .. }
            | Self::Parallelize { label, .. } => label,
        }
    }

    /// The lever's effort in engineer-days, if estimated (its point value).
    pub fn effort_days(&self) -> Option<f64> {
        self.effort_days_quantity().map(|q| q.point())
    }

    /// The lever's effort as written: a number or a range.
    pub fn effort_days_quantity(&self) -> Option<&Quantity> {
        match self {
            Self::Speedup { effort_days, .. }
            | Self::Replace { effort_days, .. }
            | Self::Cache { effort_days, .. }
            | Self::Async { effort_days, .. }
            | Self::Parallelize { effort_days, .. } => effort_days.as_ref(),
        }
    }

    /// The lever's effort, for editing.
    pub fn effort_days_mut(&mut self) -> &mut Option<Quantity> {
        match self {
            Self::Speedup { effort_days, .. }
            | Self::Replace { effort_days, .. }
            | Self::Cache { effort_days, .. }
            | Self::Async { effort_days, .. }
            | Self::Parallelize { effort_days, .. } => effort_days,
        }
    }

    /// What the lever does to its span, in words: "15.0× faster",
    /// "cache, 80 % hits at 2 ms"…
    pub fn effect(&self, unit: &str) -> String {
        use crate::format::{percent, quantity, speedup};
        match self {
            Self::Speedup { factor, .. } => format!("{} faster", speedup(factor.point())),
            Self::Replace { time, .. } => format!("replaced by {} {unit}", quantity(time.point())),
            Self::Cache {
                hit_ratio,
                hit_time,
                ..
            } => format!(
                "cache, {} hits at {} {unit}",
                percent(hit_ratio.point()),
                quantity(hit_time.point())
            ),
            Self::Async { .. } => "moved off the path (async)".to_owned(),
            Self::Parallelize { .. } => "run concurrently".to_owned(),
        }
    }

    /// The lever beside its span, in every span table (the budget panel's,
    /// the memo's): "label: effect", or the effect alone without a label.
    pub fn describe(&self, unit: &str) -> String {
        if self.label().is_empty() {
            self.effect(unit)
        } else {
            format!("{}: {}", self.label(), self.effect(unit))
        }
    }

    /// The variant's name as written in files ("Speedup", "Cache"…).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::Speedup { .. } => "Speedup",
            Self::Replace { .. } => "Replace",
            Self::Cache { .. } => "Cache",
            Self::Async { .. } => "Async",
            Self::Parallelize { .. } => "Parallelize",
        }
    }

    /// The lever's numbers at their point values.
    pub fn nums(&self) -> LeverNums {
        match self {
            Self::Speedup { factor, .. } => LeverNums::Speedup {
                factor: factor.point(),
            },
            Self::Replace { time, .. } => LeverNums::Replace { time: time.point() },
            Self::Cache {
                hit_ratio,
                hit_time,
                ..
            } => LeverNums::Cache {
                hit_ratio: hit_ratio.point(),
                hit_time: hit_time.point(),
            },
            Self::Async { .. } => LeverNums::Async,
            Self::Parallelize { .. } => LeverNums::Parallelize,
        }
    }
}

/// A lever reduced to the numbers that change the critical path.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LeverNums {
    /// time / factor.
    Speedup {
        /// ≥ 1.
        factor: f64,
    },
    /// The new time.
    Replace {
        /// ≥ 0.
        time: f64,
    },
    /// h·hit_time + (1 − h)·time.
    Cache {
        /// h, in [0, 1].
        hit_ratio: f64,
        /// ≥ 0.
        hit_time: f64,
    },
    /// 0 on the critical path.
    Async,
    /// Concurrent with the span before.
    Parallelize,
}

impl LeverNums {
    /// The span's `(time, concurrent)` once this lever is applied.
    fn apply(self, time: f64, concurrent: bool) -> (f64, bool) {
        match self {
            Self::Speedup { factor } => (time / factor, concurrent),
            Self::Replace { time: new_time } => (new_time, concurrent),
            Self::Cache {
                hit_ratio,
                hit_time,
            } => (hit_ratio * hit_time + (1.0 - hit_ratio) * time, concurrent),
            Self::Async => (0.0, concurrent),
            Self::Parallelize => (time, true),
        }
    }
}

/// One step of the trace or one line of the profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// What the span is, e.g. "load_user_orders".
    pub name: String,
    /// Duration (ms) or share (%), per the budget's unit.
    pub time: Quantity,
    /// What kind of work it is.
    pub kind: SpanKind,
    /// Runs in parallel with the span before it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub concurrent: bool,
    /// A what-if fix on this span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lever: Option<Lever>,
}

/// A span reduced to numbers: what one evaluation (or one Monte Carlo
/// sample) of the critical path reads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpanNums {
    /// Duration or share.
    pub time: f64,
    /// What kind of work it is.
    pub kind: SpanKind,
    /// Runs in parallel with the span before it.
    pub concurrent: bool,
    /// The what-if fix, if any.
    pub lever: Option<LeverNums>,
}

impl Span {
    /// The span's numbers at their point values.
    pub fn nums(&self) -> SpanNums {
        SpanNums {
            time: self.time.point(),
            kind: self.kind,
            concurrent: self.concurrent,
            lever: self.lever.as_ref().map(Lever::nums),
        }
    }
}

/// The service level objective the budget is judged against.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slo {
    /// Maximum total, in the budget's unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency: Option<Quantity>,
    /// Minimum throughput, per second (needs `measured_throughput_per_s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput_per_s: Option<Quantity>,
}

/// A time budget: a trace (ms) or a profile (%) of one service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// What span times measure.
    #[serde(default)]
    pub unit: TimeUnit,
    /// s: how many times faster the candidate language computes (≥ 1).
    pub language_speedup: Quantity,
    /// The objective, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slo: Option<Slo>,
    /// Measured throughput today; for CPU-bound profiles it scales with the speedup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_throughput_per_s: Option<Quantity>,
    /// The spans, in execution order.
    pub spans: Vec<Span>,
}

/// A budget reduced to numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetNums {
    /// The spans, in order.
    pub spans: Vec<SpanNums>,
    /// s.
    pub language_speedup: f64,
    /// The latency SLO, if any.
    pub slo_latency: Option<f64>,
    /// The throughput SLO, if any.
    pub slo_throughput: Option<f64>,
    /// The measured throughput, if any.
    pub measured_throughput: Option<f64>,
}

impl Budget {
    /// The budget's numbers at their point values.
    pub fn nums(&self) -> BudgetNums {
        let slo = self.slo.as_ref();
        BudgetNums {
            spans: self.spans.iter().map(Span::nums).collect(),
            language_speedup: self.language_speedup.point(),
            slo_latency: slo.and_then(|s| s.latency).map(|q| q.point()),
            slo_throughput: slo.and_then(|s| s.throughput_per_s).map(|q| q.point()),
            measured_throughput: self.measured_throughput_per_s.map(|q| q.point()),
        }
    }
}

/// One span as echoed in the evaluation: its inputs at their point values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpanEcho {
    /// The span's name.
    pub name: String,
    /// Its kind, as the variant name.
    pub kind: SpanKind,
    /// Its time (point value), before any lever.
    pub time: f64,
    /// Whether it runs in parallel with the span before it.
    pub concurrent: bool,
}

/// One lever's effect, applied alone.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeverEval {
    /// Name of the span the lever acts on.
    pub span: String,
    /// Index of that span in `spans`.
    pub span_index: usize,
    /// The lever's variant name ("Speedup", "Cache"…).
    pub kind: &'static str,
    /// The lever's label.
    pub label: String,
    /// total − total_after.
    pub saved: f64,
    /// The critical path with only this lever applied.
    pub total_after: f64,
    /// Engineer-days, if estimated.
    pub effort_days: Option<f64>,
    /// saved / effort_days; null without a positive effort.
    pub saved_per_effort_day: Option<f64>,
}

impl LeverEval {
    /// The lever's name wherever levers are ranked or compared (the
    /// chart's curves and bars, the memo's ranking, the verdict): its label,
    /// else "Kind on span".
    pub fn name(&self) -> String {
        if self.label.is_empty() {
            format!("{} on {}", self.kind, self.span)
        } else {
            self.label.clone()
        }
    }
}

/// Everything computed from a [`Budget`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BudgetEval {
    /// The spans as given (point values, before levers), in file order.
    pub spans: Vec<SpanEcho>,
    /// The budget's unit, repeated for consumers of the JSON.
    pub unit: TimeUnit,
    /// s, repeated.
    pub language_speedup: f64,
    /// The critical path now.
    pub total: f64,
    /// Own-code time on the critical path: what an infinitely fast language removes.
    pub own_code: f64,
    /// f = own_code / total.
    pub own_code_fraction: f64,
    /// total / total_after_language; on a serial trace 1 / ((1 − f) + f/s).
    pub amdahl_speedup: f64,
    /// 1 / (1 − f): the speedup of an infinitely fast language; null when unbounded (f = 1).
    pub amdahl_ceiling: Option<f64>,
    /// The critical path with own code divided by s.
    pub total_after_language: f64,
    /// Each lever applied alone, ranked by time saved (then saving per effort-day).
    pub levers: Vec<LeverEval>,
    /// The critical path with every lever applied.
    pub total_after_levers: f64,
    /// Every lever, then the language.
    pub total_after_all: f64,
    /// The speedup the SLO needs (max of total / latency SLO and throughput SLO / measured); null without an SLO.
    pub required_speedup: Option<f64>,
    /// The own-code fraction f at which the current s would meet the SLO
    /// (Amdahl: f = (1 − 1/R) / (1 − 1/s)): the revisit trigger for a
    /// rewrite. Null without an SLO gap (R ≤ 1), with s = 1, or when no f ≤ 1
    /// suffices (R > s).
    pub own_code_fraction_needed: Option<f64>,
    /// The smallest language speedup that meets the SLO (1 when already met);
    /// null without an SLO or when no language can (ceiling ≤ required).
    pub required_language_speedup: Option<f64>,
    /// Whether the SLO holds today; null without an SLO.
    pub meets_slo_now: Option<bool>,
    /// … after the language change.
    pub meets_slo_after_language: Option<bool>,
    /// … after every lever.
    pub meets_slo_after_levers: Option<bool>,
    /// … after every lever and the language change.
    pub meets_slo_after_all: Option<bool>,
    /// measured × amdahl_speedup; null without a measured throughput.
    pub throughput_after_language: Option<f64>,
    /// measured × total / total_after_levers; null without a measured throughput.
    pub throughput_after_levers: Option<f64>,
    /// measured × total / total_after_all; null without a measured throughput.
    pub throughput_after_all: Option<f64>,
}

/// One stage of the critical path, split by what a language change does to it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stage {
    /// Longest span in the stage that the language does not touch.
    pub fixed: f64,
    /// Longest own-code span in the stage (divided by s under the language).
    pub own: f64,
}

impl Stage {
    /// The stage's time under a language `s` times faster.
    fn time(self, s: f64) -> f64 {
        self.fixed.max(self.own / s)
    }
}

impl SpanNums {
    /// The span's `(time, concurrent)`, with its lever applied when `lever_on`.
    pub fn effective(&self, lever_on: bool) -> (f64, bool) {
        match self.lever {
            Some(lever) if lever_on => lever.apply(self.time, self.concurrent),
            _ => (self.time, self.concurrent),
        }
    }
}

/// Groups spans into stages: a span joins the stage of the span before it
/// when it is concurrent (by itself or through a `Parallelize` lever); the
/// first span always opens one. Calls `add(stage, span_index, time)` for
/// each span, in order, with `stage` the index of its stage.
fn for_each_in_stages(
    spans: &[SpanNums],
    lever_on: impl Fn(usize) -> bool,
    mut add: impl FnMut(usize, usize, f64),
) {
    let mut stage: Option<usize> = None;
    for (i, span) in spans.iter().enumerate() {
        let (time, concurrent) = span.effective(lever_on(i));
        let current = match stage {
            Some(k) if concurrent => k,
            Some(k) => k + 1,
            None => 0,
        };
        stage = Some(current);
        add(current, i, time);
    }
}

/// Calls `each` once per stage, in order, without allocating: the form the
/// Monte Carlo loop uses.
fn fold_stages(spans: &[SpanNums], lever_on: impl Fn(usize) -> bool, mut each: impl FnMut(Stage)) {
    let mut current: Option<(usize, Stage)> = None;
    for_each_in_stages(spans, lever_on, |k, i, time| {
        if let Some((open, stage)) = current
            && open != k
        {
            each(stage);
            current = None;
        }
        let (_, stage) = current.get_or_insert((k, Stage::default()));
        if spans[i].kind == SpanKind::OwnCode {
            stage.own = stage.own.max(time);
        } else {
            stage.fixed = stage.fixed.max(time);
        }
    });
    if let Some((_, stage)) = current {
        each(stage);
    }
}

/// The stages of `spans`, with the levers chosen by `lever_on` applied.
pub fn stages(spans: &[SpanNums], lever_on: impl Fn(usize) -> bool) -> Vec<Stage> {
    let mut out = Vec::with_capacity(spans.len());
    fold_stages(spans, lever_on, |stage| out.push(stage));
    out
}

/// One span as drawn on a timeline: where it starts and how long it takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlacedSpan {
    /// Index in `spans`.
    pub span: usize,
    /// The stage's start on the critical path.
    pub start: f64,
    /// The span's time in this variant (levers and language applied).
    pub time: f64,
    /// Whether it is the longest of its stage, the one on the critical path.
    pub critical: bool,
}

/// Every span placed on the critical-path timeline, with the levers chosen
/// by `lever_on` applied and own code divided by `s`. Concurrent spans share
/// their stage's start; exactly one span per stage is marked critical.
pub fn timeline(spans: &[SpanNums], lever_on: impl Fn(usize) -> bool, s: f64) -> Vec<PlacedSpan> {
    let mut placed: Vec<(usize, PlacedSpan)> = Vec::with_capacity(spans.len());
    for_each_in_stages(spans, lever_on, |k, i, time| {
        let time = if spans[i].kind == SpanKind::OwnCode {
            time / s
        } else {
            time
        };
        placed.push((
            k,
            PlacedSpan {
                span: i,
                start: 0.0,
                time,
                critical: false,
            },
        ));
    });
    let mut start = 0.0;
    let mut k = 0;
    while k < placed.len() {
        let stage = placed[k].0;
        let end = k + placed[k..]
            .iter()
            .take_while(|(st, _)| *st == stage)
            .count();
        let longest = (k..end)
            .max_by(|&a, &b| placed[a].1.time.total_cmp(&placed[b].1.time))
            .unwrap_or(k);
        for (_, span) in &mut placed[k..end] {
            span.start = start;
        }
        placed[longest].1.critical = true;
        start += placed[longest].1.time;
        k = end;
    }
    placed.into_iter().map(|(_, span)| span).collect()
}

/// The critical path of `stages` under a language `s` times faster.
pub fn critical_path(stages: &[Stage], s: f64) -> f64 {
    stages.iter().map(|stage| stage.time(s)).sum()
}

/// The smallest s ≥ 1 with `critical_path(stages, s) <= target`, or `None`
/// when even an infinitely fast language stays above `target`.
///
/// Exact: each stage is max(fixed, own/s), so between the breakpoints
/// s = own/fixed the path is A + B/s and solves in closed form. `breaks` is
/// scratch space, reused so a Monte Carlo loop does not allocate.
pub fn language_speedup_for(stages: &[Stage], target: f64, breaks: &mut Vec<f64>) -> Option<f64> {
    if critical_path(stages, 1.0) <= target {
        return Some(1.0);
    }
    // Breakpoints above 1, ascending; past the last one every stage is fixed.
    breaks.clear();
    breaks.extend(stages.iter().filter(|st| st.own > st.fixed).map(|st| {
        if st.fixed > 0.0 {
            st.own / st.fixed
        } else {
            f64::INFINITY
        }
    }));
    breaks.sort_by(f64::total_cmp);
    let mut lo = 1.0_f64;
    for &hi in breaks.iter().chain(std::iter::once(&f64::INFINITY)) {
        // On (lo, hi): stages whose breakpoint is ≤ lo are at their fixed time.
        let (mut a, mut b) = (0.0, 0.0);
        for st in stages {
            if st.own > st.fixed && (st.fixed == 0.0 || st.own / st.fixed > lo) {
                b += st.own;
            } else {
                a += st.fixed;
            }
        }
        let at_hi = if hi.is_finite() { a + b / hi } else { a };
        if at_hi <= target && a < target {
            let s = if b > 0.0 { b / (target - a) } else { lo };
            return Some(s.max(lo));
        }
        if !hi.is_finite() {
            break;
        }
        lo = hi;
    }
    None
}

/// Relative tolerance for "meets the SLO" comparisons, so that a total equal
/// to the SLO up to rounding counts as meeting it.
pub const SLO_TOLERANCE: f64 = 1e-9;

/// Whether `value` ≤ `target`, with [`SLO_TOLERANCE`].
pub fn within(value: f64, target: f64) -> bool {
    value <= target + SLO_TOLERANCE * target.abs()
}

/// Scratch space for [`scalars`], kept between Monte Carlo samples so the
/// loop does not allocate.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    stages: Vec<Stage>,
    breaks: Vec<f64>,
}

/// The scalar outputs of a budget: what a Monte Carlo sample records.
///
/// A value that the evaluation shows as null because of the numbers (an
/// unbounded ceiling, no language fast enough) is `f64::INFINITY` here; an
/// `Option` is `None` only for structural reasons (no SLO, no measured
/// throughput).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BudgetScalars {
    /// The critical path now.
    pub total: f64,
    /// Own-code time on the critical path.
    pub own_code: f64,
    /// own_code / total (0 when the total is 0).
    pub own_code_fraction: f64,
    /// total / total_after_language.
    pub amdahl_speedup: f64,
    /// total / floor; ∞ when unbounded.
    pub amdahl_ceiling: f64,
    /// The critical path with own code divided by s.
    pub total_after_language: f64,
    /// With every lever.
    pub total_after_levers: f64,
    /// With every lever and the language.
    pub total_after_all: f64,
    /// The SLO gap; `None` without an SLO.
    pub required_speedup: Option<f64>,
    /// The smallest language speedup meeting the SLO (∞: none can); `None` without an SLO.
    pub required_language_speedup: Option<f64>,
    /// Whether the SLO holds now; `None` without an SLO.
    pub meets_slo_now: Option<bool>,
    /// … after the language change.
    pub meets_slo_after_language: Option<bool>,
    /// … after every lever.
    pub meets_slo_after_levers: Option<bool>,
    /// … after every lever and the language.
    pub meets_slo_after_all: Option<bool>,
    /// measured × total / total_after_language; `None` without a measured throughput.
    pub throughput_after_language: Option<f64>,
    /// measured × total / total_after_levers.
    pub throughput_after_levers: Option<f64>,
    /// measured × total / total_after_all.
    pub throughput_after_all: Option<f64>,
}

/// The scalar outputs of a budget, without allocating once `scratch` has grown.
#[inline]
pub fn scalars(b: &BudgetNums, scratch: &mut Scratch) -> BudgetScalars {
    let s = b.language_speedup;
    let has_slo = b.slo_latency.is_some() || b.slo_throughput.is_some();
    let (mut total, mut floor, mut own_code, mut total_after_language) = (0.0, 0.0, 0.0, 0.0);
    scratch.stages.clear();
    fold_stages(
        &b.spans,
        |_| false,
        |stage| {
            total += stage.time(1.0);
            floor += stage.fixed;
            // Summed per stage rather than total − floor, so a 5.5 ms slice of
            // an 855.5 ms trace keeps its digits.
            own_code += (stage.own - stage.fixed).max(0.0);
            total_after_language += stage.time(s);
            if has_slo {
                scratch.stages.push(stage);
            }
        },
    );
    let (mut total_after_levers, mut total_after_all) = (total, total_after_language);
    // Without levers the lever variant is the same path: no second walk.
    if b.spans.iter().any(|span| span.lever.is_some()) {
        (total_after_levers, total_after_all) = (0.0, 0.0);
        fold_stages(
            &b.spans,
            |_| true,
            |stage| {
                total_after_levers += stage.time(1.0);
                total_after_all += stage.time(s);
            },
        );
    }

    let own_code_fraction = if total > 0.0 { own_code / total } else { 0.0 };
    let amdahl_ceiling = if floor > 0.0 {
        total / floor
    } else if total > 0.0 {
        f64::INFINITY
    } else {
        1.0
    };

    // A throughput SLO can only be judged against a measured throughput.
    let throughput_slo = b.slo_throughput.zip(b.measured_throughput);
    let required_speedup = [
        b.slo_latency.map(|l| ratio(total, l)),
        throughput_slo.map(|(want, have)| ratio(want, have)),
    ]
    .into_iter()
    .flatten()
    .reduce(f64::max);
    let meets = |t: f64| -> Option<bool> {
        let latency_ok = b.slo_latency.map(|l| within(t, l));
        let throughput_ok = throughput_slo
            .map(|(want, have)| have * ratio(total, t) >= want * (1.0 - SLO_TOLERANCE));
        match (latency_ok, throughput_ok) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(true) && b.unwrap_or(true)),
        }
    };
    let required_language_speedup = required_speedup.map(|r| {
        language_speedup_for(&scratch.stages, total / r, &mut scratch.breaks)
            .unwrap_or(f64::INFINITY)
    });
    let measured = b.measured_throughput;
    BudgetScalars {
        total,
        own_code,
        own_code_fraction,
        amdahl_speedup: ratio(total, total_after_language),
        amdahl_ceiling,
        total_after_language,
        total_after_levers,
        total_after_all,
        required_speedup,
        required_language_speedup,
        meets_slo_now: meets(total),
        meets_slo_after_language: meets(total_after_language),
        meets_slo_after_levers: meets(total_after_levers),
        meets_slo_after_all: meets(total_after_all),
        throughput_after_language: measured.map(|m| m * ratio(total, total_after_language)),
        throughput_after_levers: measured.map(|m| m * ratio(total, total_after_levers)),
        throughput_after_all: measured.map(|m| m * ratio(total, total_after_all)),
    }
}

/// total / total at language speedup `s`: one point of the Amdahl curve,
/// without allocating.
pub fn amdahl_at(spans: &[SpanNums], s: f64) -> f64 {
    let (mut now, mut after) = (0.0, 0.0);
    fold_stages(
        spans,
        |_| false,
        |stage| {
            now += stage.time(1.0);
            after += stage.time(s);
        },
    );
    ratio(now, after)
}

/// `Some(x)` when finite: the evaluation shows an unbounded value as null.
pub(crate) fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Evaluates a budget.
pub fn evaluate(budget: &Budget) -> BudgetEval {
    let nums = budget.nums();
    let sc = scalars(&nums, &mut Scratch::default());
    let s = nums.language_speedup;
    let total = sc.total;

    let mut levers: Vec<LeverEval> = budget
        .spans
        .iter()
        .enumerate()
        .filter_map(|(i, span)| {
            let lever = span.lever.as_ref()?;
            let total_after = critical_path(&stages(&nums.spans, |j| j == i), 1.0);
            let saved = total - total_after;
            let effort_days = lever.effort_days();
            Some(LeverEval {
                span: span.name.clone(),
                span_index: i,
                kind: lever.kind_name(),
                label: lever.label().to_owned(),
                saved,
                total_after,
                effort_days,
                saved_per_effort_day: effort_days.filter(|d| *d > 0.0).map(|d| saved / d),
            })
        })
        .collect();
    levers.sort_by(|a, b| {
        b.saved.total_cmp(&a.saved).then_with(|| {
            let per_day = |l: &LeverEval| l.saved_per_effort_day.unwrap_or(f64::NEG_INFINITY);
            per_day(b).total_cmp(&per_day(a))
        })
    });

    let own_code_fraction_needed = sc.required_speedup.and_then(|r| {
        let f = (1.0 - 1.0 / r) / (1.0 - 1.0 / s);
        (r > 1.0 && s > 1.0 && f <= 1.0).then_some(f)
    });

    BudgetEval {
        spans: budget
            .spans
            .iter()
            .map(|span| SpanEcho {
                name: span.name.clone(),
                kind: span.kind,
                time: span.time.point(),
                concurrent: span.concurrent,
            })
            .collect(),
        unit: budget.unit,
        language_speedup: s,
        total,
        own_code: sc.own_code,
        own_code_fraction: sc.own_code_fraction,
        amdahl_speedup: sc.amdahl_speedup,
        amdahl_ceiling: finite(sc.amdahl_ceiling),
        total_after_language: sc.total_after_language,
        levers,
        total_after_levers: sc.total_after_levers,
        total_after_all: sc.total_after_all,
        required_speedup: sc.required_speedup,
        own_code_fraction_needed,
        required_language_speedup: sc.required_language_speedup.and_then(finite),
        meets_slo_now: sc.meets_slo_now,
        meets_slo_after_language: sc.meets_slo_after_language,
        meets_slo_after_levers: sc.meets_slo_after_levers,
        meets_slo_after_all: sc.meets_slo_after_all,
        throughput_after_language: sc.throughput_after_language,
        throughput_after_levers: sc.throughput_after_levers,
        throughput_after_all: sc.throughput_after_all,
    }
}

/// `a / b` for a speedup-like ratio: 1 when both are zero (nothing changed),
/// infinite when only `b` is (everything moved off the path; JSON shows null).
pub(crate) fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else if a > 0.0 {
        f64::INFINITY
    } else {
        1.0
    }
}
