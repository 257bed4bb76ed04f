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

mod eval;
mod lever;
pub mod path;

use serde::{Deserialize, Serialize};

pub use self::eval::{BudgetEval, LeverEval, Scratch, SpanEcho, amdahl_at, evaluate, scalars};
pub use self::lever::{LEVER_INPUTS, Lever, LeverNums};
pub use self::path::{PlacedSpan, Stage, critical_path, language_speedup_for, stages, timeline};
use crate::input;
use crate::model::domain::Domain;
use crate::model::input::{Input, Typical, fill};
use crate::model::quantity::Quantity;
use crate::model::unit::Unit;

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

/// A span's inputs, in file order (its lever's follow, in [`LEVER_INPUTS`]).
pub const SPAN_INPUTS: &[Input<Span, SpanNums>] = &[input!(
    time,
    "time",
    SpanTime,
    NON_NEGATIVE,
    Typical::linear(0.0, 1000.0),
    "Duration (ms) or share (%) of this span, per the budget's unit"
)];

impl Span {
    /// The span's numbers at their point values.
    pub fn nums(&self) -> SpanNums {
        let mut nums = SpanNums {
            time: 0.0,
            kind: self.kind,
            concurrent: self.concurrent,
            lever: self.lever.as_ref().map(Lever::nums),
        };
        fill(SPAN_INPUTS, self, &mut nums);
        nums
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

/// The language speedup a new or imported budget starts at: the order of a
/// compiled rewrite of interpreted own code (the seeds' "10×"), so the
/// panels show what a rewrite would buy before anyone moves the slider.
pub const DEFAULT_LANGUAGE_SPEEDUP: f64 = 10.0;

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

/// The budget's own inputs, in file order (the spans' follow).
pub const INPUTS: &[Input<Budget, BudgetNums>] = &[
    input!(
        language_speedup,
        "language speedup",
        Times,
        SPEEDUP,
        Typical::log(1.0, 100.0),
        "s: how many times faster the candidate language computes own code"
    ),
    Input::new(
        "slo.latency",
        "latency SLO",
        Unit::SpanTime,
        Domain::POSITIVE,
        Typical::linear(0.0, 2000.0),
        "The most the critical path may take",
        |b| b.slo.as_ref()?.latency.as_ref(),
        |b| b.slo.as_mut()?.latency.as_mut(),
        |n, v| n.slo_latency = Some(v),
    ),
    Input::new(
        "slo.throughput_per_s",
        "throughput SLO",
        Unit::PerSecond,
        Domain::POSITIVE,
        Typical::linear(0.0, 10_000.0),
        "The least throughput the service must sustain (needs a measured throughput)",
        |b| b.slo.as_ref()?.throughput_per_s.as_ref(),
        |b| b.slo.as_mut()?.throughput_per_s.as_mut(),
        |n, v| n.slo_throughput = Some(v),
    ),
    Input::new(
        "measured_throughput_per_s",
        "measured throughput",
        Unit::PerSecond,
        Domain::POSITIVE,
        Typical::linear(0.0, 10_000.0),
        "Throughput measured today; for a CPU-bound profile it scales with the speedup",
        |b| b.measured_throughput_per_s.as_ref(),
        |b| b.measured_throughput_per_s.as_mut(),
        |n, v| n.measured_throughput = Some(v),
    ),
];

impl Budget {
    /// The budget's numbers at their point values.
    pub fn nums(&self) -> BudgetNums {
        let mut nums = BudgetNums {
            spans: self.spans.iter().map(Span::nums).collect(),
            language_speedup: 1.0,
            slo_latency: None,
            slo_throughput: None,
            measured_throughput: None,
        };
        fill(INPUTS, self, &mut nums);
        nums
    }
}
