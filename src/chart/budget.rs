//! The budget's charts: the Amdahl curve and where the time goes.

use super::{Axis, Chart, Dash, LineSeries, Marker, RefLine, Segment, SegmentGroup, palette};
use crate::chart::ChartId;
use crate::format::{percent, quantity, speedup};
use crate::model::budget::{Budget, BudgetEval, SpanKind, critical_path, stages, timeline};

/// The smallest x-axis range of the Amdahl chart: 1× to 100×, the slider's range.
const AMDAHL_X_MAX: f64 = 100.0;
/// Points per curve, log-spaced.
const CURVE_POINTS: usize = 121;

/// The most levers drawn one by one (a curve each on the Amdahl chart, a
/// row each on the time chart): past a dozen the chart cannot be read, and
/// each one costs a walk of every span (4,000 levers took 20 s and 1.4 GB).
/// "All levers" still counts every one.
pub const MAX_LEVERS_DRAWN: usize = 12;

/// The levers drawn one by one: the `MAX_LEVERS_DRAWN` that save the most
/// (ties: the evaluation's order), in the evaluation's order; and how many
/// are left out.
fn levers_drawn(eval: &BudgetEval) -> (Vec<&crate::model::budget::LeverEval>, usize) {
    let mut ranked: Vec<(usize, &crate::model::budget::LeverEval)> =
        eval.levers.iter().enumerate().collect();
    if ranked.len() > MAX_LEVERS_DRAWN {
        ranked.sort_by(|(a, x), (b, y)| y.saved.total_cmp(&x.saved).then(a.cmp(b)));
        ranked.truncate(MAX_LEVERS_DRAWN);
        ranked.sort_by_key(|(k, _)| *k);
    }
    let left_out = eval.levers.len() - ranked.len();
    (ranked.into_iter().map(|(_, l)| l).collect(), left_out)
}

/// Total speedup against the language speedup s (log x), with the ceiling,
/// the SLO's required speedup, the current s and the crossing marked; with
/// `lever_curves`, one more curve per lever (and all levers) showing what the
/// language buys on top of each cheap fix, relative to today's total.
pub fn amdahl_chart(budget: &Budget, eval: &BudgetEval, lever_curves: bool) -> Chart {
    let s = eval.language_speedup;
    let x_max = amdahl_x_max(eval);
    let mut chart = Chart::new(
        ChartId::Amdahl,
        "What a faster language buys (Amdahl)",
        Axis {
            label: "language speedup s (×, log scale)".into(),
            log: true,
            range: Some((1.0, x_max)),
            money: false,
        },
        Axis::linear("total speedup (×)"),
    );
    let total = eval.total;
    let spans = budget.nums().spans;
    let xs: Vec<f64> = (0..CURVE_POINTS)
        .map(|i| x_max.powf(i as f64 / (CURVE_POINTS - 1) as f64))
        .collect();
    let curve = |lever_on: &dyn Fn(usize) -> bool| -> (Vec<[f64; 2]>, f64) {
        let st = stages(&spans, lever_on);
        let after = critical_path(&st, 1.0);
        let own: f64 = st.iter().map(|x| (x.own - x.fixed).max(0.0)).sum();
        let points = xs
            .iter()
            .map(|&x| [x, ratio(total, critical_path(&st, x))])
            .collect();
        (points, ratio(own, after))
    };

    let (now, f) = curve(&|_| false);
    chart.lines.push(LineSeries {
        name: format!("today (f = {})", percent(f)),
        points: now,
        color: palette::PRIMARY,
        dash: Dash::Solid,
        width: 2.5,
    });
    if lever_curves && !eval.levers.is_empty() {
        let (drawn, left_out) = levers_drawn(eval);
        if left_out > 0 {
            chart.title = format!(
                "{} ({} levers that save the most; {left_out} more in \"all levers\")",
                chart.title, MAX_LEVERS_DRAWN
            );
        }
        for (k, lever) in drawn.into_iter().enumerate() {
            let index = lever.span_index;
            let (points, f) = curve(&|i| i == index);
            chart.lines.push(LineSeries {
                name: format!("after {} (f = {})", lever.name(), percent(f)),
                points,
                color: palette::OVERLAYS[k % palette::OVERLAYS.len()],
                dash: Dash::Dotted,
                width: 1.5,
            });
        }
        if eval.levers.len() > 1 {
            let (points, f) = curve(&|_| true);
            chart.lines.push(LineSeries {
                name: format!("after all levers (f = {})", percent(f)),
                points,
                color: palette::CEILING,
                dash: Dash::Dotted,
                width: 2.0,
            });
        }
    }
    if let Some(ceiling) = eval.ceiling() {
        chart.hlines.push(RefLine {
            name: format!("ceiling 1/(1 − f) = {}", speedup(ceiling)),
            value: ceiling,
            color: palette::CEILING,
            dash: Dash::Dashed,
        });
    }
    if let Some(required) = eval.required_speedup {
        chart.hlines.push(RefLine::target(
            format!("SLO needs {}", speedup(required)),
            required,
        ));
        if let Some(needed) = eval.language_speedup_needed().filter(|n| *n > 1.0) {
            chart.markers.push(Marker {
                name: "meets the SLO".into(),
                at: [needed, required],
                label: format!("meets the SLO from s = {}", speedup(needed)),
                label_below: true,
                label_left: false,
                color: palette::REFERENCE,
            });
        }
    }
    chart.markers.push(Marker {
        name: "current s".into(),
        at: [s, eval.amdahl_speedup],
        label: format!("s = {}: {}", speedup(s), speedup(eval.amdahl_speedup)),
        label_below: false,
        label_left: false,
        color: palette::CURRENT,
    });
    chart
}

/// The Amdahl chart's widest language speedup: 100×, or more when the
/// current s or the one the SLO needs lies beyond.
fn amdahl_x_max(eval: &BudgetEval) -> f64 {
    let mut x_max = AMDAHL_X_MAX.max(eval.language_speedup);
    if let Some(needed) = eval.language_speedup_needed().filter(|n| *n <= 1e4) {
        x_max = x_max.max(needed * 1.5);
    }
    x_max
}

/// Language speedups at which the uncertainty band of the Amdahl chart is
/// evaluated: log-spaced over the chart's range, coarser than its curves.
pub fn amdahl_grid(eval: &BudgetEval) -> Vec<f64> {
    const BAND_POINTS: usize = 41;
    let x_max = amdahl_x_max(eval);
    (0..BAND_POINTS)
        .map(|i| x_max.powf(i as f64 / (BAND_POINTS - 1) as f64))
        .collect()
}

/// Horizontal bars of the critical path, one row per variant (today, each
/// lever, the language, all levers, both), segments coloured by span kind;
/// concurrent spans off the critical path are drawn thin. The SLO is a
/// vertical line at the total it allows.
pub fn time_chart(budget: &Budget, eval: &BudgetEval) -> Chart {
    let unit = budget.unit.symbol();
    let x_label = match budget.unit {
        crate::model::budget::TimeUnit::Milliseconds => "time on the critical path (ms)",
        crate::model::budget::TimeUnit::Percent => "share of today's CPU time (%)",
    };
    let mut chart = Chart::new(
        ChartId::Time,
        "Where the time goes",
        Axis::linear(x_label),
        Axis::linear(""),
    );
    let s = eval.language_speedup;
    let spans = budget.nums().spans;
    let mut variants = vec![("today".to_owned(), Levers::None, 1.0)];
    let (drawn, left_out) = levers_drawn(eval);
    for lever in drawn {
        variants.push((lever.name(), Levers::One(lever.span_index), 1.0));
    }
    if left_out > 0 {
        chart.title = format!(
            "{} ({} levers that save the most; {left_out} more in \"all levers\")",
            chart.title, MAX_LEVERS_DRAWN
        );
    }
    variants.push((format!("{} language", speedup(s)), Levers::None, s));
    if !eval.levers.is_empty() {
        variants.push(("all levers".into(), Levers::All, 1.0));
        variants.push(("all levers + language".to_owned(), Levers::All, s));
    }

    let mut groups: Vec<SegmentGroup> = SpanKind::ALL
        .iter()
        .map(|&kind| SegmentGroup {
            name: kind.label().to_owned(),
            color: palette::span_kind(kind),
            segments: Vec::new(),
        })
        .collect();
    for (row, (name, levers, speed)) in variants.iter().enumerate() {
        let placed = timeline(&spans, |i| levers.on(i), *speed);
        let total: f64 = placed.iter().filter(|p| p.critical).map(|p| p.time).sum();
        chart
            .rows
            .push(format!("{name}: {}", crate::format::amount(total, unit)));
        for p in placed {
            let span = &budget.spans[p.span];
            let kind_index = SpanKind::ALL
                .iter()
                .position(|k| *k == span.kind)
                .unwrap_or(0);
            let note = if p.critical {
                ""
            } else {
                " (concurrent, shorter: not on the critical path)"
            };
            groups[kind_index].segments.push(Segment {
                row,
                start: p.start,
                length: p.time,
                thickness: if p.critical { 0.6 } else { 0.18 },
                label: format!("{}: {} {unit}{note}", span.name, quantity(p.time)),
            });
        }
    }
    // Room on the right for the legend, past the longest bar.
    let longest = groups
        .iter()
        .flat_map(|g| &g.segments)
        .map(|seg| seg.start + seg.length)
        .fold(0.0, f64::max);
    chart.x.range = Some((0.0, longest * 1.4));
    chart.segments = groups
        .into_iter()
        .filter(|g| !g.segments.is_empty())
        .collect();
    if let Some(required) = eval.required_speedup {
        let allowed = eval.total / required;
        chart.vlines.push(RefLine::target(
            format!("SLO: ≤ {}", crate::format::amount(allowed, unit)),
            allowed,
        ));
    }
    chart
}

/// Which levers a row of the time chart applies.
#[derive(Clone, Copy)]
enum Levers {
    None,
    One(usize),
    All,
}

impl Levers {
    fn on(self, span: usize) -> bool {
        match self {
            Self::None => false,
            Self::One(i) => i == span,
            Self::All => true,
        }
    }
}

/// A speedup ratio that stays plottable: 1 when nothing is left to compare
/// (a zero-length path), a / b otherwise; b is never 0 for a positive a
/// because a language speedup only divides own code by a finite s.
fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 1.0 }
}
