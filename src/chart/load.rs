//! The load charts: the latency cliff, growth toward the breach, and the USL fit.

use super::{Axis, Chart, Dash, LineSeries, Marker, RefLine, ScatterSeries, palette};
use crate::chart::ChartId;
use crate::format::{grouped, percent, quantity};
use crate::model::load::{QueueEval, QueueNums, Usl, UslEval, usl_throughput};

/// Points per curve.
const CURVE_POINTS: usize = 160;

/// Points per curve for a queue of `servers`: each point is an Erlang C
/// evaluation linear in the servers, so a huge fleet gets fewer.
fn curve_points(servers: u32) -> usize {
    match servers {
        0..=10_000 => CURVE_POINTS,
        10_001..=200_000 => 60,
        _ => 24,
    }
}

fn percentile_name(q: &QueueNums) -> String {
    format!("p{}", quantity(100.0 * q.percentile_fraction()))
}

/// The response-time percentile against the arrival rate, up to saturation:
/// flat, then the cliff. The SLO, today's load and the breach are marked.
pub fn latency_chart(q: &QueueNums, e: &QueueEval) -> Chart {
    let p = percentile_name(q);
    let c = q.servers.max(1);
    // In user arrivals: with retries the servers saturate before c·μ.
    let capacity = q.saturation_arrival();
    let mut chart = Chart::new(
        ChartId::Latency,
        format!("{p} response time against load"),
        Axis {
            label: "arrival rate (requests/s)".into(),
            log: false,
            range: Some((0.0, capacity)),
            money: false,
        },
        Axis::linear(format!("{p} response time (ms)")),
    );
    // Beyond a few times the SLO the curve only goes vertical; cap the view there.
    let y_cap = (q.slo_ms * 3.0).max(e.percentile_response_ms.unwrap_or(0.0) * 1.2);
    chart.y.range = Some((0.0, y_cap));
    // Uniform samples, plus samples crowding toward saturation, where a
    // many-server queue's cliff is sharp: ρ = 1 − 10^(−k) for k up to 4.
    let n = curve_points(c);
    let mut rates: Vec<f64> = (0..n)
        .map(|i| capacity * i as f64 / n as f64)
        .chain((0..n).map(|i| {
            let k = 0.5 + 3.5 * i as f64 / (n - 1) as f64;
            capacity * (1.0 - 10f64.powf(-k))
        }))
        .collect();
    rates.sort_by(f64::total_cmp);
    let fraction = q.percentile_fraction();
    let points: Vec<[f64; 2]> = rates
        .into_iter()
        .filter_map(|lam| q.percentile_at(fraction, lam).map(|t| [lam, t]))
        .take_while(|pt| pt[1] <= y_cap * 1.5)
        .collect();
    let model = if q.service_cv == 1.0 {
        format!("M/M/{c}")
    } else {
        format!("M/G/{c}, cv {}", quantity(q.service_cv))
    };
    let retries = if q.has_retries { ", with retries" } else { "" };
    chart.lines.push(LineSeries {
        name: format!("{p} ({model}{retries})"),
        points,
        color: palette::PRIMARY,
        dash: Dash::Solid,
        width: 2.5,
    });
    chart.hlines.push(RefLine::target(
        format!("SLO: {p} ≤ {} ms", quantity(q.slo_ms)),
        q.slo_ms,
    ));
    chart.vlines.push(RefLine {
        name: format!(
            "today: {}/s ({} busy)",
            quantity(q.arrival_per_s),
            percent(e.utilization)
        ),
        value: q.arrival_per_s,
        color: palette::CURRENT,
        dash: Dash::Dotted,
    });
    if let Some(max) = e.max_arrival_per_s {
        chart.markers.push(Marker {
            name: "SLO breaks".into(),
            at: [max, q.slo_ms],
            label: format!("breaks at {}/s", quantity(max)),
            label_below: false,
            label_left: false,
            color: palette::REFERENCE,
        });
    }
    if let Some(limit) = e.memory.and_then(|m| m.max_arrival_for_memory_per_s) {
        chart.vlines.push(RefLine {
            name: format!(
                "memory runs out: {}/s ({} MB)",
                quantity(limit),
                quantity(q.memory_limit_mb)
            ),
            value: limit,
            color: palette::REFERENCE,
            dash: Dash::Dashed,
        });
    }
    if let (Some(target), Some(budget)) = (q.slo_target, q.max_arrival_within_budget()) {
        chart.vlines.push(RefLine {
            name: format!(
                "error budget ({} ≤ {} ms) spent: {}/s",
                percent(target),
                quantity(q.slo_ms),
                quantity(budget)
            ),
            value: budget,
            color: palette::TARGET,
            dash: Dash::Dotted,
        });
    }
    chart
}

/// Load over the coming months at the quarterly growth rate, against the
/// arrival rate where the SLO breaks; the breach month is marked.
pub fn growth_chart(q: &QueueNums, e: &QueueEval) -> Chart {
    let horizon = e
        .months_to_breach
        .map_or(24.0, |m| (m * 1.5).clamp(6.0, 120.0));
    let mut chart = Chart::new(
        ChartId::Growth,
        "Load growth toward the breach",
        Axis {
            label: "months from now".into(),
            log: false,
            range: Some((0.0, horizon)),
            money: false,
        },
        Axis::linear("arrival rate (requests/s)"),
    );
    let points = (0..CURVE_POINTS)
        .map(|i| horizon * i as f64 / (CURVE_POINTS - 1) as f64)
        .map(|m| {
            [
                m,
                q.arrival_per_s * (1.0 + q.growth_per_quarter).powf(m / 3.0),
            ]
        })
        .collect();
    chart.lines.push(LineSeries {
        name: format!("load, +{} a quarter", percent(q.growth_per_quarter)),
        points,
        color: palette::PRIMARY,
        dash: Dash::Solid,
        width: 2.5,
    });
    if let Some(max) = e.max_arrival_per_s {
        chart.hlines.push(RefLine::target(
            format!("SLO breaks at {}/s", quantity(max)),
            max,
        ));
    }
    if let (Some(month), Some(max)) = (e.months_to_breach, e.max_arrival_per_s) {
        chart.markers.push(Marker {
            name: "breach".into(),
            at: [month, max],
            label: format!("breach in {} months", grouped(month, 1)),
            label_below: true,
            label_left: false,
            color: palette::REFERENCE,
        });
    }
    chart
}

/// Measured throughput against concurrency with the fitted USL curve, the
/// linear-scaling reference and the peak.
pub fn usl_chart(u: &Usl, e: &UslEval) -> Chart {
    let n_max_data = u.points.iter().map(|p| p.0).fold(1.0, f64::max);
    let n_max = e
        .peak_concurrency
        .map_or(n_max_data, |n| n_max_data.max(n * 1.3))
        .min(n_max_data * 4.0);
    let mut chart = Chart::new(
        ChartId::Usl,
        "Scalability: the USL fitted to the load test",
        Axis {
            label: "concurrency N".into(),
            log: false,
            range: Some((0.0, n_max)),
            money: false,
        },
        Axis::linear("throughput (per second)"),
    );
    let x_top = u
        .points
        .iter()
        .map(|p| p.1)
        .fold(0.0, f64::max)
        .max(e.max_throughput.unwrap_or(0.0));
    chart.y.range = Some((0.0, x_top * 1.15));
    chart.lines.push(LineSeries {
        name: "linear scaling (γN)".into(),
        points: vec![
            [0.0, 0.0],
            [x_top * 1.15 / e.gamma.max(1e-12), x_top * 1.15],
        ],
        color: palette::CEILING,
        dash: Dash::Dashed,
        width: 1.5,
    });
    chart.lines.push(LineSeries {
        name: format!(
            "USL fit: α = {}, β = {:.2e}, γ = {}",
            grouped(e.alpha, 4),
            e.beta,
            quantity(e.gamma)
        ),
        points: (0..CURVE_POINTS)
            .map(|i| n_max * i as f64 / (CURVE_POINTS - 1) as f64)
            .map(|n| [n, usl_throughput(n, e.alpha, e.beta, e.gamma)])
            .collect(),
        color: palette::PRIMARY,
        dash: Dash::Solid,
        width: 2.5,
    });
    chart.scatter.push(ScatterSeries {
        name: "measured".into(),
        points: u.points.iter().map(|&(n, x)| [n, x]).collect(),
        color: palette::CURRENT,
    });
    if let (Some(n), Some(x)) = (e.peak_concurrency, e.max_throughput) {
        chart.markers.push(Marker {
            name: "peak".into(),
            at: [n, x],
            label: format!("peak {}/s at N = {}", quantity(x), grouped(n, 1)),
            label_below: false,
            label_left: false,
            color: palette::REFERENCE,
        });
    }
    chart
}
