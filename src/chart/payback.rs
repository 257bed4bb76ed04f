//! The payback's charts: the cumulative cash-flow timeline and payback
//! against the measured reduction (the kill criterion read off a chart).

use super::{Axis, Chart, Dash, LineSeries, Marker, RefLine, Segment, SegmentGroup, palette};
use crate::chart::ChartId;
use crate::format::{grouped, percent};
use crate::model::domain::finite;
use crate::model::payback::{PaybackEval, PaybackNums, break_even_at};

/// Points on the break-even curve.
const CURVE_POINTS: usize = 200;

/// Cumulative net cash flow by month: the build phase going negative, the
/// savings climbing, the zero line, the payback crossing, the target and
/// (with a build phase) the cutover; with `discounted`, the discounted
/// cumulative beside it.
pub fn timeline_chart(input: &PaybackNums, p: &PaybackEval, discounted: bool) -> Chart {
    let mut chart = Chart::new(
        ChartId::Timeline,
        "Cumulative net cash flow",
        Axis {
            label: "months from now".into(),
            log: false,
            range: Some((0.0, input.horizon_months.max(1.0))),
            money: false,
        },
        Axis::money("cumulative net"),
    );
    chart.lines.push(LineSeries {
        name: "cumulative net".into(),
        points: p
            .timeline
            .iter()
            .map(|m| [f64::from(m.month), m.cumulative])
            .collect(),
        color: palette::PRIMARY,
        dash: Dash::Solid,
        width: 2.5,
    });
    if discounted {
        chart.lines.push(LineSeries {
            name: format!("discounted at {}/year", percent(input.annual_discount_rate)),
            points: p
                .timeline
                .iter()
                .map(|m| [f64::from(m.month), m.discounted_cumulative])
                .collect(),
            color: palette::OVERLAYS[0],
            dash: Dash::Dashed,
            width: 2.0,
        });
    }
    chart.hlines.push(RefLine {
        name: "zero: costs recovered".into(),
        value: 0.0,
        color: palette::CEILING,
        dash: Dash::Solid,
    });
    chart.vlines.push(RefLine::target(
        format!("target: month {}", grouped(input.target_payback_months, 1)),
        input.target_payback_months,
    ));
    if input.build_months > 0.0 {
        chart.vlines.push(RefLine {
            name: format!("cutover: month {}", grouped(input.build_months, 1)),
            value: input.build_months,
            color: palette::CEILING,
            dash: Dash::Dotted,
        });
    }
    if let Some(month) = p.break_even() {
        chart.markers.push(Marker {
            name: "break-even".into(),
            at: [month, 0.0],
            label: format!("break-even at month {}", grouped(month, 1)),
            // Above-left: the curve rises to the right of the crossing.
            label_below: false,
            label_left: true,
            color: palette::CURRENT,
        });
    }
    if discounted && let Some(month) = p.discounted_payback() {
        chart.markers.push(Marker {
            name: "pays back, discounted".into(),
            at: [month, 0.0],
            label: format!("discounted: month {}", grouped(month, 1)),
            label_below: true,
            label_left: false,
            color: palette::OVERLAYS[0],
        });
    }
    chart
}

/// The break-even month on the cash-flow timeline against the measured
/// reduction, everything else fixed. The target is a horizontal line, the
/// measured reduction a marker, and the curve crosses the target at the
/// kill criterion (`kill_reduction`).
pub fn break_even_chart(input: &PaybackNums, p: &PaybackEval) -> Chart {
    let target = input.target_payback_months;
    let mut chart = Chart::new(
        ChartId::BreakEven,
        "Break-even month against the measured reduction",
        Axis {
            label: "measured reduction (%)".into(),
            log: false,
            range: Some((0.0, 100.0)),
            money: false,
        },
        Axis::linear("break-even month (cash-flow timeline)"),
    );
    let y_max = (2.0 * target)
        .max(p.break_even().unwrap_or(0.0) * 1.5)
        .min(input.horizon_months.max(target))
        .max(1.0);
    chart.y.range = Some((0.0, y_max));
    let points: Vec<[f64; 2]> = (0..CURVE_POINTS)
        .map(|i| i as f64 / (CURVE_POINTS - 1) as f64)
        .filter_map(|r| {
            let month = break_even_at(input, p.one_time_cost, r);
            (month <= y_max).then_some([100.0 * r, month])
        })
        .collect();
    if !points.is_empty() {
        chart.lines.push(LineSeries {
            name: "break-even month (build, then the growing bill)".into(),
            points,
            color: palette::PRIMARY,
            dash: Dash::Solid,
            width: 2.5,
        });
    }
    chart.hlines.push(RefLine::target(
        format!("target: month {}", grouped(target, 1)),
        target,
    ));
    if let Some(r) = finite(p.kill_reduction).filter(|r| *r > 0.0) {
        chart.vlines.push(RefLine {
            name: format!("kill below {}", percent(r)),
            value: 100.0 * r,
            color: palette::REFERENCE,
            dash: Dash::Dotted,
        });
    }
    if let Some(month) = p.break_even() {
        chart.markers.push(Marker {
            name: "measured".into(),
            at: [100.0 * input.reduction, month.min(y_max)],
            label: format!(
                "measured {}: month {}",
                percent(input.reduction),
                grouped(month, 1)
            ),
            label_below: false,
            label_left: false,
            color: palette::CURRENT,
        });
    }
    chart
}

/// The net monthly saving as a waterfall: the bill saving, the latency
/// saving on top, the recurring cost taken off, and the net they leave.
/// `None` without a price on latency or a recurring cost (the net is then
/// the bill saving alone).
pub fn saving_parts_chart(input: &PaybackNums, p: &PaybackEval) -> Option<Chart> {
    if !input.net_economics {
        return None;
    }
    let mut chart = Chart::new(
        ChartId::SavingParts,
        "The net monthly saving in its parts",
        Axis::money("per month"),
        Axis::linear(""),
    );
    let bill = p.bill_saving_per_month;
    let latency = p.latency_saving_per_month;
    let recurring = p.recurring_monthly_cost;
    let net = p.monthly_saving;
    let bar = |row: usize, start: f64, length: f64, label: String| Segment {
        row,
        // A negative part is drawn from its lower end.
        start: start.min(start + length),
        length: length.abs(),
        thickness: 0.6,
        label,
    };
    chart.rows = vec![
        "bill saving: monthly cost × reduction".into(),
        "latency saving: value of a ms × ms saved".into(),
        "recurring cost: what the change costs monthly".into(),
        "net monthly saving".into(),
    ];
    let show = |x: f64| grouped(x, 0);
    chart.segments = vec![
        SegmentGroup {
            name: "adds to the saving".into(),
            color: palette::PRIMARY,
            segments: vec![
                bar(0, 0.0, bill, format!("bill saving: {}", show(bill))),
                bar(
                    1,
                    bill,
                    latency,
                    format!("latency saving: {}", show(latency)),
                ),
            ],
        },
        SegmentGroup {
            name: "takes from it".into(),
            color: palette::VERMILION,
            segments: vec![bar(
                2,
                bill + latency,
                -recurring,
                format!("recurring cost: −{}", show(recurring)),
            )],
        },
        SegmentGroup {
            name: "net".into(),
            color: palette::CURRENT,
            segments: vec![bar(3, 0.0, net, format!("net: {}", show(net)))],
        },
    ];
    let high = (bill + latency).max(net).max(0.0);
    let low = net.min(0.0);
    chart.x.range = Some((low * 1.1, high.max(1.0) * 1.1));
    Some(chart)
}
