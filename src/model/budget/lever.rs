//! Levers: what-if fixes on one span (an index, a cache, async, running
//! concurrently), as written in the file and reduced to numbers.

use serde::{Deserialize, Serialize};

use crate::model::domain::Domain;
use crate::model::input::{Input, Typical, fill};
use crate::model::quantity::Quantity;
use crate::model::unit::Unit;

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
        use crate::format::{percent, speedup};
        match self {
            Self::Speedup { factor, .. } => format!("{} faster", speedup(factor.point())),
            Self::Replace { time, .. } => {
                format!("replaced by {}", crate::format::amount(time.point(), unit))
            }
            Self::Cache {
                hit_ratio,
                hit_time,
                ..
            } => format!(
                "cache, {} hits at {}",
                percent(hit_ratio.point()),
                crate::format::amount(hit_time.point(), unit)
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
        // The kind decides the shape; the numbers come from the table.
        let mut nums = match self {
            Self::Speedup { .. } => LeverNums::Speedup { factor: 1.0 },
            Self::Replace { .. } => LeverNums::Replace { time: 0.0 },
            Self::Cache { .. } => LeverNums::Cache {
                hit_ratio: 0.0,
                hit_time: 0.0,
            },
            Self::Async { .. } => LeverNums::Async,
            Self::Parallelize { .. } => LeverNums::Parallelize,
        };
        fill(LEVER_INPUTS, self, &mut nums);
        nums
    }
}

/// One [`Input`] for field `$field` of lever kind `$variant`, which its
/// numbers keep under the same name.
macro_rules! lever_input {
    ($variant:ident, $field:ident, $label:expr, $unit:ident, $domain:ident, $typical:expr, $hint:expr $(,)?) => {
        Input::new(
            stringify!($field),
            $label,
            Unit::$unit,
            Domain::$domain,
            $typical,
            $hint,
            |l| match l {
                Lever::$variant { $field, .. } => Some($field),
                _ => None,
            },
            |l| match l {
                Lever::$variant { $field, .. } => Some($field),
                _ => None,
            },
            |n, v| {
                if let LeverNums::$variant { $field, .. } = n {
                    *$field = v;
                }
            },
        )
    };
}

/// A lever's inputs, in file order; each applies to the lever kinds that have it.
pub const LEVER_INPUTS: &[Input<Lever, LeverNums>] = &[
    lever_input!(
        Speedup,
        factor,
        "lever factor",
        Times,
        SPEEDUP,
        Typical::log(1.0, 100.0),
        "How many times faster the span gets",
    ),
    lever_input!(
        Replace,
        time,
        "lever time",
        SpanTime,
        NON_NEGATIVE,
        Typical::linear(0.0, 1000.0),
        "The span's new time",
    ),
    lever_input!(
        Cache,
        hit_ratio,
        "cache hit ratio",
        Fraction,
        FRACTION,
        Typical::linear(0.0, 1.0),
        "Share of requests the cache serves",
    ),
    lever_input!(
        Cache,
        hit_time,
        "cache hit time",
        SpanTime,
        NON_NEGATIVE,
        Typical::linear(0.0, 100.0),
        "The time of a cache hit",
    ),
    // No output reads the effort's draws: levers are ranked at point values.
    Input::new(
        "effort_days",
        "lever effort",
        Unit::Days,
        Domain::NON_NEGATIVE,
        Typical::linear(0.0, 60.0),
        "Engineer-days of work, to rank levers by saving per day",
        Lever::effort_days_quantity,
        |l| l.effort_days_mut().as_mut(),
        |_, _| {},
    ),
];

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
    pub(super) fn apply(self, time: f64, concurrent: bool) -> (f64, bool) {
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
