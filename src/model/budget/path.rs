//! The critical path: spans grouped into stages, a stage's time under a
//! language `s` times faster, the path with some levers applied, and the
//! smallest language speedup that meets a target.

use super::{SpanKind, SpanNums};

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
    pub fn time(self, s: f64) -> f64 {
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
pub(super) fn fold_stages(
    spans: &[SpanNums],
    lever_on: impl Fn(usize) -> bool,
    mut each: impl FnMut(Stage),
) {
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
