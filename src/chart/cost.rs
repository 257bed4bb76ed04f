//! The cost chart: the monthly bill per instance type, split into compute,
//! egress and storage.

use super::{Axis, Chart, Rgb, Segment, SegmentGroup};
use crate::format::money;
use crate::model::cost::{Cost, CostEval};

/// One row per instance type (cheapest first), each a stacked bar of its
/// compute cost plus the shared egress and storage.
pub fn cost_chart(_input: &Cost, e: &CostEval) -> Chart {
    let mut chart = Chart::new(
        "cost",
        "Monthly bill by instance type",
        Axis::linear("cost per month"),
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
            color: Rgb(0, 114, 178),
            segments: compute,
        },
        SegmentGroup {
            name: "egress".into(),
            color: Rgb(230, 159, 0),
            segments: egress,
        },
        SegmentGroup {
            name: "storage".into(),
            color: Rgb(0, 158, 115),
            segments: storage,
        },
    ];
    let longest = rows.iter().map(|r| r.1 + shared).fold(0.0, f64::max);
    chart.x.range = Some((0.0, longest.max(1.0) * 1.1));
    chart
}
