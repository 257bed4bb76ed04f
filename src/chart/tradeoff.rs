//! The trade-off's charts: the iron triangle (total cost against p99, with
//! the SLO, the Pareto front and the best choice), the cost split per
//! choice, and a cascade's p99 against its escalated share.

use super::{Axis, Chart, Dash, LineSeries, Marker, RefLine, Segment, SegmentGroup, palette};
use crate::chart::ChartId;
use crate::format::number::Currency;
use crate::format::{money, percent, quantity};
use crate::model::tradeoff::{Tradeoff, TradeoffEval, cascade_p99};

/// Every row (choice or cascade) at (total cost per month, p99): the front
/// of the two plotted axes (no row cheaper and faster at once) drawn as a
/// staircase, the SLO as a horizontal line, the best row named as such.
/// Each row's label carries its error cost in `currency`. (The table's
/// "dominated" mark also counts errors, a third axis the plot cannot show.)
pub fn tradeoff_chart(input: &Tradeoff, t: &TradeoffEval, currency: &Currency) -> Chart {
    let mut chart = Chart::new(
        ChartId::Tradeoff,
        "Cost, latency and errors: the iron triangle",
        Axis::money("total cost per month (infrastructure + errors)"),
        Axis::linear("p99 latency (ms)"),
    );
    for (i, row) in t.choices.iter().enumerate() {
        let best = t.best.as_deref() == Some(row.choice.as_str());
        chart.markers.push(Marker {
            name: row.choice.clone(),
            at: [row.total_per_month, row.p99_ms],
            label: format!(
                "{}{}: errors {}/month",
                if best { "best, " } else { "" },
                row.choice,
                currency.wrap(&money(row.error_cost_per_month))
            ),
            // Placed clear of the front and the other points (labels.rs).
            label_below: false,
            label_left: false,
            color: palette::candidate(i),
        });
    }
    let points: Vec<[f64; 2]> = t
        .choices
        .iter()
        .map(|r| [r.total_per_month, r.p99_ms])
        .collect();
    let front = staircase(&front_2d(&points));
    if front.len() > 1 {
        chart.lines.push(LineSeries {
            name: "Pareto front (cost, p99)".into(),
            points: front,
            color: palette::CEILING,
            dash: Dash::Dotted,
            width: 1.5,
        });
    }
    if let Some(slo) = input.latency_slo_ms {
        let slo = slo.point();
        chart.hlines.push(RefLine::target(
            format!("SLO: p99 ≤ {} ms", quantity(slo)),
            slo,
        ));
    }
    let max_x = t
        .choices
        .iter()
        .map(|r| r.total_per_month)
        .fold(0.0, f64::max);
    let max_y = t
        .choices
        .iter()
        .map(|r| r.p99_ms)
        .chain(input.latency_slo_ms.map(|q| q.point()))
        .fold(0.0, f64::max);
    chart.x.range = Some((0.0, max_x.max(1.0) * 1.15));
    chart.y.range = Some((0.0, max_y.max(1.0) * 1.15));
    chart
}

/// The points no other point beats on both axes (lower x and lower y are
/// better; equal on both is not beaten), sorted by x.
pub fn front_2d(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut front: Vec<[f64; 2]> = points
        .iter()
        .filter(|p| {
            !points
                .iter()
                .any(|q| q[0] <= p[0] && q[1] <= p[1] && (q[0] < p[0] || q[1] < p[1]))
        })
        .copied()
        .collect();
    front.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    front.dedup();
    front
}

/// A front (sorted by x, y falling) as a staircase: from each point
/// across to the next one's x, then down to it — the region a cheaper,
/// faster choice would have to enter.
pub fn staircase(front: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut out = Vec::with_capacity(2 * front.len());
    for (k, p) in front.iter().enumerate() {
        if k > 0 {
            out.push([p[0], front[k - 1][1]]);
        }
        out.push(*p);
    }
    out
}

/// One row per choice: infrastructure, false positives and false negatives
/// per month, stacked.
pub fn costs_chart(input: &Tradeoff, t: &TradeoffEval, currency: &Currency) -> Chart {
    let money = |x: f64| currency.wrap(&money(x));
    let mut chart = Chart::new(
        ChartId::TradeoffCosts,
        "What each choice costs per month",
        Axis::money("cost per month"),
        Axis::linear(""),
    );
    let n = input.nums();
    let parts = [
        ("infrastructure", palette::BLUE),
        ("false positives", palette::ORANGE),
        ("false negatives (missed positives)", palette::VERMILION),
    ];
    let mut groups: Vec<SegmentGroup> = parts
        .iter()
        .map(|(name, color)| SegmentGroup {
            name: (*name).to_owned(),
            color: *color,
            segments: Vec::new(),
        })
        .collect();
    for (row, r) in t.choices.iter().enumerate() {
        chart
            .rows
            .push(format!("{}: {}", r.choice, money(r.total_per_month)));
        let values = [
            r.infra_per_month,
            r.false_positives_per_month * n.false_positive_cost,
            r.false_negatives_per_month * n.false_negative_cost,
        ];
        let mut start = 0.0;
        for (group, value) in groups.iter_mut().zip(values) {
            group.segments.push(Segment {
                row,
                start,
                length: value,
                thickness: 0.6,
                label: format!("{}: {}", group.name, money(value)),
            });
            start += value;
        }
    }
    chart.segments = groups;
    let longest = t
        .choices
        .iter()
        .map(|r| r.total_per_month)
        .fold(0.0, f64::max);
    chart.x.range = Some((0.0, longest.max(1.0) * 1.1));
    chart
}

/// Points on the cascade curve.
const SHARE_POINTS: usize = 41;

/// Cascade `k`'s p99 against its escalated share (0 to 100 %), with the SLO
/// and the largest share that still meets it.
pub fn cascade_chart(
    input: &Tradeoff,
    t: &TradeoffEval,
    k: usize,
    currency: &Currency,
) -> Option<Chart> {
    let money = |x: f64| currency.wrap(&money(x));
    let cascade = input.cascades.get(k)?;
    let n = input.nums();
    let c = n.cascades.get(k)?;
    let (first, second) = (n.latency(c.first), n.latency(c.second));
    let mut chart = Chart::new(
        ChartId::Cascade,
        format!("{}: p99 against the escalated share", cascade.name),
        Axis {
            label: format!("share of decisions escalated to {} (%)", cascade.second),
            log: false,
            range: Some((0.0, 100.0)),
            money: false,
        },
        Axis::linear("p99 latency (ms)"),
    );
    chart.lines.push(LineSeries {
        name: "p99 of the cascade".into(),
        points: (0..SHARE_POINTS)
            .map(|i| {
                let share = i as f64 / (SHARE_POINTS - 1) as f64;
                [100.0 * share, cascade_p99(first, second, share)]
            })
            .collect(),
        color: palette::PRIMARY,
        dash: Dash::Solid,
        width: 2.5,
    });
    if let Some(slo) = n.latency_slo_ms {
        chart.hlines.push(RefLine::target(
            format!("SLO: p99 ≤ {} ms", quantity(slo)),
            slo,
        ));
    }
    let row = t.choices.get(input.choices.len() + k)?;
    if let Some(max) = row.max_escalate_share {
        chart.vlines.push(RefLine {
            name: format!("break point: at most {} escalated", percent(max)),
            value: 100.0 * max,
            color: palette::REFERENCE,
            dash: Dash::Dotted,
        });
    }
    chart.markers.push(Marker {
        name: "now".into(),
        at: [100.0 * c.escalate_share, row.p99_ms],
        label: format!(
            "{} escalated: p99 {} ms, infra {}",
            percent(c.escalate_share),
            quantity(row.p99_ms),
            money(row.infra_per_month)
        ),
        label_below: false,
        label_left: false,
        color: palette::CURRENT,
    });
    Some(chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_is_of_the_plotted_axes_and_drawn_as_steps() {
        // (cost, p99): B is cheaper and faster than D; C is dearer but fastest.
        let points = [[3.0, 50.0], [1.0, 80.0], [5.0, 20.0], [4.0, 60.0]];
        let front = front_2d(&points);
        assert_eq!(front, vec![[1.0, 80.0], [3.0, 50.0], [5.0, 20.0]]);
        assert_eq!(
            staircase(&front),
            vec![
                [1.0, 80.0],
                [3.0, 80.0],
                [3.0, 50.0],
                [5.0, 50.0],
                [5.0, 20.0]
            ]
        );
    }
}
