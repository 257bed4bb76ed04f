//! What a budget evaluates to: the critical path now, with the language,
//! with each lever and with everything, and the SLO gap.

use serde::Serialize;

use super::path::{Stage, critical_path, fold_stages, language_speedup_for, stages};
use super::{Budget, BudgetNums, SpanKind, SpanNums, TimeUnit};
use crate::model::domain::{SLO_TOLERANCE, finite, ratio, within};

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

/// Everything computed from a [`Budget`]: one record for `eval --json`, the
/// panels and each Monte Carlo sample.
///
/// A sample fills only the numbers ([`scalars`]); [`evaluate`] adds the
/// lists (the spans echoed, the levers ranked). A value the evaluation shows
/// as null because of the numbers (an unbounded ceiling, no language fast
/// enough) is `f64::INFINITY` here and serialises as null; an `Option` is
/// `None` only for structural reasons (no SLO, no measured throughput).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
    /// f = own_code / total (0 when the total is 0).
    pub own_code_fraction: f64,
    /// total / total_after_language; on a serial trace 1 / ((1 − f) + f/s).
    pub amdahl_speedup: f64,
    /// 1 / (1 − f) = total / floor: the speedup of an infinitely fast
    /// language; ∞ (null) when unbounded (f = 1).
    pub amdahl_ceiling: f64,
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
    /// null without an SLO, ∞ (null) when no language can (ceiling ≤ required).
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

impl BudgetEval {
    /// The Amdahl ceiling, `None` when unbounded.
    pub fn ceiling(&self) -> Option<f64> {
        finite(self.amdahl_ceiling)
    }

    /// The smallest language speedup meeting the SLO, `None` without an SLO
    /// or when no language can.
    pub fn language_speedup_needed(&self) -> Option<f64> {
        self.required_language_speedup.and_then(finite)
    }
}

/// Scratch space for [`scalars`], kept between Monte Carlo samples so the
/// loop does not allocate.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    stages: Vec<Stage>,
    breaks: Vec<f64>,
}

/// A budget's numbers, without its lists (spans, levers): what a Monte
/// Carlo sample records, without allocating once `scratch` has grown.
#[inline]
pub fn scalars(b: &BudgetNums, scratch: &mut Scratch) -> BudgetEval {
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
    let own_code_fraction_needed = required_speedup.and_then(|r| {
        let f = (1.0 - 1.0 / r) / (1.0 - 1.0 / s);
        (r > 1.0 && s > 1.0 && f <= 1.0).then_some(f)
    });
    let measured = b.measured_throughput;
    BudgetEval {
        spans: Vec::new(),
        unit: TimeUnit::default(),
        language_speedup: s,
        total,
        own_code,
        own_code_fraction,
        amdahl_speedup: ratio(total, total_after_language),
        amdahl_ceiling,
        total_after_language,
        levers: Vec::new(),
        total_after_levers,
        total_after_all,
        required_speedup,
        own_code_fraction_needed,
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

/// Evaluates a budget.
pub fn evaluate(budget: &Budget) -> BudgetEval {
    let nums = budget.nums();
    let sc = scalars(&nums, &mut Scratch::default());
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
        levers,
        ..sc
    }
}
