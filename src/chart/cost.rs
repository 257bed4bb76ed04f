//! The cost charts: the monthly bill per instance type, split into compute,
//! egress and storage; and the bill of each type as the load grows.

use super::{Axis, Chart, Dash, LineSeries, Marker, RefLine, Segment, SegmentGroup, palette};
use crate::chart::ChartId;
use crate::format::number::Currency;
use crate::format::{money, quantity};
use crate::model::cost::{Cost, CostEval};

/// One row per instance type (cheapest first), each a stacked bar of its
/// compute cost plus the shared egress and storage.
pub fn cost_chart(_input: &Cost, e: &CostEval, currency: &Currency) -> Chart {
    let money = |x: f64| currency.wrap(&money(x));
    let mut chart = Chart::new(
        ChartId::Cost,
        "Monthly bill by instance type",
        Axis::money("cost per month"),
        Axis::linear(""),
    );
    let mut types: Vec<_> = e.instance_types.iter().collect();
    types.sort_by(|a, b| a.monthly_cost.total_cmp(&b.monthly_cost));
    let mut compute = Vec::new();
    let mut egress = Vec::new();
    let mut storage = Vec::new();
    let shared = e.egress_per_month + e.storage_per_month;
    let rows: Vec<(String, f64)> = if types.is_empty() {
        vec![("no instance types".to_owned(), 0.0)]
    } else {
        types
            .iter()
            .map(|t| (format!("{} × {}", t.instances, t.name), t.monthly_cost))
            .collect()
    };
    for (row, (name, compute_cost)) in rows.iter().enumerate() {
        chart
            .rows
            .push(format!("{name}: {}", money(compute_cost + shared)));
        compute.push(Segment {
            row,
            start: 0.0,
            length: *compute_cost,
            thickness: 0.6,
            label: format!("compute: {}", money(*compute_cost)),
        });
        egress.push(Segment {
            row,
            start: *compute_cost,
            length: e.egress_per_month,
            thickness: 0.6,
            label: format!("egress: {}", money(e.egress_per_month)),
        });
        storage.push(Segment {
            row,
            start: compute_cost + e.egress_per_month,
            length: e.storage_per_month,
            thickness: 0.6,
            label: format!("storage: {}", money(e.storage_per_month)),
        });
    }
    chart.segments = vec![
        SegmentGroup {
            name: "compute".into(),
            color: palette::BLUE,
            segments: compute,
        },
        SegmentGroup {
            name: "egress".into(),
            color: palette::ORANGE,
            segments: egress,
        },
        SegmentGroup {
            name: "storage".into(),
            color: palette::GREEN,
            segments: storage,
        },
    ];
    let longest = rows.iter().map(|r| r.1 + shared).fold(0.0, f64::max);
    chart.x.range = Some((0.0, longest.max(1.0) * 1.1));
    chart
}

/// Points per line of the scaling chart: enough to show every step of
/// ceil(rate / capacity) up to a few dozen instances.
const SCALING_POINTS: usize = 301;

/// The total monthly bill (compute, egress, storage) of each instance type
/// as the request rate grows from 0 to 3× today's, with today's rate and
/// bill marked: where one type overtakes another, and how far the current
/// choice holds. Types whose instances serve nothing are left out.
pub fn scaling_chart(input: &Cost, e: &CostEval, currency: &Currency) -> Chart {
    let money = |x: f64| currency.wrap(&money(x));
    let nums = input.nums();
    let today = nums.rate_per_s;
    let mut chart = Chart::new(
        ChartId::CostScaling,
        "Monthly bill as the load grows",
        Axis {
            label: "request rate (requests/s)".into(),
            log: false,
            range: Some((0.0, (3.0 * today).max(1.0))),
            money: false,
        },
        Axis::money("total cost per month"),
    );
    let top = (3.0 * today).max(1.0);
    for (i, (t, &numbers)) in input
        .instance_types
        .iter()
        .zip(&nums.instance_types)
        .enumerate()
    {
        let points: Vec<[f64; 2]> = (0..SCALING_POINTS)
            .map(|k| {
                let rate = top * k as f64 / (SCALING_POINTS - 1) as f64;
                let at = crate::model::cost::CostNums {
                    rate_per_s: rate,
                    ..nums.clone()
                };
                let shared = crate::model::cost::scalars(&at);
                let bill =
                    at.monthly_cost(numbers) + shared.egress_per_month + shared.storage_per_month;
                [rate, bill]
            })
            .collect();
        if points.iter().all(|p| p[1].is_finite()) {
            chart.lines.push(LineSeries {
                name: t.name.clone(),
                points,
                color: palette::candidate(i),
                dash: Dash::Solid,
                width: 2.0,
            });
        }
    }
    chart.vlines.push(RefLine {
        name: format!("today: {}/s", quantity(today)),
        value: today,
        // Grey: the types take the candidate colours, orange among them.
        color: palette::CEILING,
        dash: Dash::Dashed,
    });
    if let Some(cheapest) = &e.cheapest
        && e.total_per_month.is_finite()
    {
        chart.markers.push(Marker {
            name: "today's bill".into(),
            at: [today, e.total_per_month],
            label: format!("{cheapest}: {}", money(e.total_per_month)),
            label_below: false,
            label_left: false,
            color: palette::CEILING,
        });
    }
    chart
}
