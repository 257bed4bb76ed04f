//! Charts of a Monte Carlo run: distributions with their threshold and
//! probability, the payback fan, the Amdahl band, the tornado and the
//! matrix's win probabilities. Built from [`Views`] like the other charts
//! from an evaluation, so the screen and the exports show the same thing.

use super::{
    Axis, Band, Chart, ColumnSeries, Dash, LineSeries, RefLine, Segment, SegmentGroup, palette,
};
use crate::chart::ChartId;
use crate::format::{percent, quantity};
use crate::model::outputs::Metric;
use crate::model::uncertain::tornado::TornadoRow;
use crate::model::uncertain::views::{SampleSet, Spread, Views};

/// Histogram bins.
const BINS: usize = 40;

/// The band's colour: the main curve's, translucent.
pub const BAND: palette::Rgb = palette::PRIMARY;

/// Whether a band is wider than a line anywhere: only then is it drawn.
pub fn spreads(band: &[Spread]) -> bool {
    band.iter().any(|s| s.p90 - s.p10 > 1e-9 * s.p50.abs())
}

/// Whether the samples differ at all: a distribution of one value is not drawn.
pub fn varies(set: &SampleSet) -> bool {
    set.sorted.first() != set.sorted.last() || set.infinite > 0
}

/// Adds the P10–P90 band (and the median) of `spread` to `chart`, under its
/// lines, when the band has any width.
pub fn add_band(chart: &mut Chart, spread: &[Spread], what: &str) {
    if spread.len() < 2 || !spreads(spread) {
        return;
    }
    chart.bands.push(Band {
        name: format!("{what}: P10–P90 of the uncertain inputs"),
        points: spread.iter().map(|s| [s.x, s.p10, s.p90]).collect(),
        color: BAND,
    });
    chart.lines.push(LineSeries {
        name: format!("{what}: median"),
        points: spread.iter().map(|s| [s.x, s.p50]).collect(),
        color: BAND,
        dash: Dash::Dotted,
        width: 1.5,
    });
}

/// A threshold drawn on a distribution: the target or the SLO, and what
/// meeting it means ("≤" wins).
#[derive(Clone, Debug, PartialEq)]
pub struct Threshold {
    /// Where.
    pub value: f64,
    /// "target 12 months", "SLO 300 ms".
    pub name: String,
}

/// A histogram of `set` with its threshold: the share of samples per bin
/// (in percent), the P10/P50/P90 lines and, in the title, P(value ≤
/// threshold). The range covers the middle 99 % so one long tail does not
/// squash the rest; what lies beyond is named in the legend.
pub fn distribution_chart(
    name: ChartId,
    title: &str,
    x_label: &str,
    set: &SampleSet,
    threshold: Option<&Threshold>,
) -> Chart {
    let n = set.total().max(1) as f64;
    let mut full_title = title.to_owned();
    if let Some(t) = threshold {
        full_title = format!(
            "{title}: P(≤ {}) = {}",
            quantity(t.value),
            percent(set.share_at_most(t.value))
        );
    }
    let mut chart = Chart::new(
        name,
        full_title,
        Axis::linear(x_label),
        Axis::linear("share of samples (%)"),
    );
    let (Some(&min), Some(&max)) = (set.sorted.first(), set.sorted.last()) else {
        return chart;
    };
    let lo = set.quantile(0.005).unwrap_or(min).min(max);
    let mut hi = set.quantile(0.995).unwrap_or(max).max(lo);
    if hi <= lo {
        hi = lo + lo.abs().max(1.0) * 1e-3;
    }
    let width = (hi - lo) / BINS as f64;
    let mut counts = [0u64; BINS];
    let (mut below, mut above) = (0u64, set.infinite);
    for &v in &set.sorted {
        if v < lo {
            below += 1;
        } else if v > hi {
            above += 1;
        } else {
            let k = (((v - lo) / width) as usize).min(BINS - 1);
            counts[k] += 1;
        }
    }
    let mut beyond = Vec::new();
    if below > 0 {
        beyond.push(format!(
            "{} below {}",
            percent(below as f64 / n),
            quantity(lo)
        ));
    }
    if above > 0 {
        beyond.push(format!(
            "{} above {}",
            percent(above as f64 / n),
            quantity(hi)
        ));
    }
    if !beyond.is_empty() {
        chart.x.label = format!("{x_label}; not shown: {}", beyond.join(", "));
    }
    chart.columns.push(ColumnSeries {
        name: format!("{} samples", crate::format::grouped(n, 0)),
        bars: counts
            .iter()
            .enumerate()
            .map(|(k, &c)| [lo + (k as f64 + 0.5) * width, width, 100.0 * c as f64 / n])
            .collect(),
        color: palette::PRIMARY,
    });
    // One legend entry for the three lines: the legend stays small.
    let q = [0.1, 0.5, 0.9].map(|p| set.quantile(p));
    let shown = q.map(|x| x.map_or("∞".to_owned(), quantity));
    let name = format!(
        "P10 / P50 / P90: {} / {} / {}",
        shown[0], shown[1], shown[2]
    );
    for (value, dash) in q
        .into_iter()
        .zip([Dash::Dotted, Dash::Dashed, Dash::Dotted])
    {
        if let Some(value) = value {
            chart.vlines.push(RefLine {
                name: name.clone(),
                value,
                color: palette::CEILING,
                dash,
            });
        }
    }
    if let Some(t) = threshold {
        chart.vlines.push(RefLine {
            name: t.name.clone(),
            value: t.value,
            color: palette::TARGET,
            dash: Dash::Solid,
        });
    }
    chart.x.range = Some((lo - width, hi + width));
    chart
}

/// Adds the payback timeline's fan: P10–P90 of the cumulative net per
/// month, and its median.
pub fn add_fan(chart: &mut Chart, views: &Views) {
    add_band(chart, &views.fan, "cumulative net");
}

/// The tornado of one output: each uncertain input's bar runs from the
/// output with the input at its P10 to the output at its P90 (the others
/// at their point values), largest swing on top. An infinite end is drawn
/// at the chart's edge and named in the tooltip.
pub fn tornado_chart(
    name: ChartId,
    title: &str,
    value_label: &str,
    rows: &[&TornadoRow],
    point: f64,
) -> Chart {
    let (rows, title) = largest_rows(rows, title);
    let mut chart = Chart::new(name, title, Axis::linear(value_label), Axis::linear(""));
    let finite = rows
        .iter()
        .flat_map(|r| [r.at_p10, r.at_p90])
        .flatten()
        .chain(std::iter::once(point));
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let edge = hi + (hi - lo).abs().max(hi.abs() * 0.1).max(1e-9) * 0.25;
    let mut low_side = SegmentGroup {
        name: "input at its P10".into(),
        color: palette::OVERLAYS[0],
        segments: Vec::new(),
    };
    let mut high_side = SegmentGroup {
        name: "input at its P90".into(),
        color: palette::OVERLAYS[1],
        segments: Vec::new(),
    };
    for (row, r) in rows.iter().enumerate() {
        chart.rows.push(r.label.clone());
        for (value, group, which) in [
            (r.at_p10, &mut low_side, "P10"),
            (r.at_p90, &mut high_side, "P90"),
        ] {
            let end = value.unwrap_or(edge);
            let shown = value.map_or("∞".to_owned(), quantity);
            group.segments.push(Segment {
                row,
                start: point.min(end),
                length: (end - point).abs(),
                thickness: 0.6,
                label: format!("{} at its {which}: {shown}", r.label),
            });
        }
    }
    chart.segments = vec![low_side, high_side];
    chart.vlines.push(RefLine {
        name: format!("at the point values: {}", quantity(point)),
        value: point,
        color: palette::CEILING,
        dash: Dash::Dashed,
    });
    chart
}

/// Each candidate's probability of having the highest total.
pub fn win_chart(names: &[String], probabilities: &[f64]) -> Chart {
    let mut chart = Chart::new(
        ChartId::Win,
        "Probability of winning under the uncertain scores and weights",
        Axis {
            label: "share of samples it has the highest total (%)".into(),
            log: false,
            range: Some((0.0, 100.0)),
            money: false,
        },
        Axis::linear(""),
    );
    chart.rows = names.to_vec();
    chart.segments = names
        .iter()
        .zip(probabilities)
        .enumerate()
        .map(|(i, (name, p))| SegmentGroup {
            name: name.clone(),
            color: palette::candidate(i),
            segments: vec![Segment {
                row: i,
                start: 0.0,
                length: 100.0 * p,
                thickness: 0.6,
                label: format!("{name}: wins in {}", percent(*p)),
            }],
        })
        .collect();
    chart
}

/// The most rows a tornado or value-of-information chart draws: past it,
/// 200 bars of a ranged matrix are too thin to read or name.
pub const MOST_ROWS: usize = 20;

/// The first [`MOST_ROWS`] of `rows` (largest first), and `title` saying
/// how many were left out when any were.
fn largest_rows<'r, T>(rows: &'r [T], title: &str) -> (&'r [T], String) {
    if rows.len() <= MOST_ROWS {
        return (rows, title.to_owned());
    }
    let title = format!(
        "{title} (the {MOST_ROWS} largest of {} inputs)",
        crate::format::grouped(rows.len() as f64, 0)
    );
    (&rows[..MOST_ROWS], title)
}

/// Is it worth measuring? One bar per ranged input: what knowing it before
/// the decision is worth (EVPPI), for the first decision any measurement
/// could change (fund, then matrix, then trade-off), with the EVPI as the
/// ceiling. `None` when no decision has a positive EVPI.
pub fn voi_chart(u: &crate::model::uncertain::Uncertainty) -> Option<Chart> {
    let d = u
        .value_of_information
        .iter()
        .find(|d| d.evpi.is_some_and(|e| e > 0.0))?;
    let evpi = d.evpi?;
    let (unit, what) = match d.decision {
        "fund" => ("money", "the funding decision"),
        "matrix" => ("points", "the choice of candidate"),
        _ => ("money per month", "the choice of model"),
    };
    let (inputs, title) = largest_rows(
        &d.inputs,
        &format!("Is it worth measuring? What knowing each input first is worth to {what}"),
    );
    let mut chart = Chart::new(
        ChartId::Voi,
        title,
        Axis::linear(format!(
            "expected value of knowing it first (EVPPI, {unit})"
        )),
        Axis::linear(""),
    );
    chart.x.money = d.decision != "matrix";
    let label = |path: &str| u.input_label(path);
    let mut bars = SegmentGroup {
        name: "EVPPI".into(),
        color: palette::PRIMARY,
        segments: Vec::new(),
    };
    for (row, input) in inputs.iter().enumerate() {
        let value = input.evppi.unwrap_or(0.0);
        chart.rows.push(label(&input.input));
        bars.segments.push(Segment {
            row,
            start: 0.0,
            length: value,
            thickness: 0.6,
            label: if value > 0.0 {
                format!("{}: worth up to {}", label(&input.input), quantity(value))
            } else {
                format!("{}: would not change the decision", label(&input.input))
            },
        });
    }
    chart.segments = vec![bars];
    chart.vlines.push(RefLine {
        name: format!("knowing everything (EVPI): {}", quantity(evpi)),
        value: evpi,
        color: palette::CEILING,
        dash: Dash::Dashed,
    });
    Some(chart)
}

/// The total after every fix: its distribution against the latency SLO.
pub fn total_chart(budget: &crate::model::budget::Budget, set: &SampleSet) -> Chart {
    let unit = budget.unit.symbol();
    let slo = budget
        .slo
        .as_ref()
        .and_then(|s| s.latency)
        .map(|l| l.point());
    distribution_chart(
        ChartId::TotalDist,
        "Total after every fix and the language",
        &format!("total after all ({unit})"),
        set,
        slo.map(|value| Threshold {
            value,
            name: format!("SLO: {}", crate::format::amount(value, unit)),
        })
        .as_ref(),
    )
}

/// Payback months against the target.
pub fn break_even_chart(target: f64, set: &SampleSet) -> Chart {
    let mut chart = distribution_chart(
        ChartId::PaybackDist,
        "Break-even month",
        "break-even month (cash-flow timeline)",
        set,
        Some(&Threshold {
            value: target,
            name: format!("target: month {}", quantity(target)),
        }),
    );
    if set.infinite > 0 {
        chart.title.push_str(&format!(
            "; never breaks even in {} samples",
            crate::format::share_of(set.infinite, set.total())
        ));
    }
    chart
}

/// The matrix's win probabilities, when the run has them.
pub fn win_chart_of(matrix: &crate::model::matrix::Matrix, views: &Views) -> Option<Chart> {
    let probabilities: Vec<f64> = views
        .uncertainty
        .win_probability
        .iter()
        .map(|s| s.probability)
        .collect();
    let names: Vec<String> = matrix.candidates.iter().map(|c| c.name.clone()).collect();
    (names.len() > 1 && names.len() == probabilities.len())
        .then(|| win_chart(&names, &probabilities))
}

/// One tornado per deciding output the scenario has.
pub fn tornado_charts(
    scenario: &crate::model::Scenario,
    eval: &crate::model::Evaluation,
    views: &Views,
) -> Vec<Chart> {
    let unit = scenario.budget.as_ref().map_or("", |b| b.unit.symbol());
    let margin = eval.matrix.as_ref().and_then(|m| {
        let winner = m.totals.first()?;
        let best_other = m.totals.get(1)?;
        Some(winner.total - best_other.total)
    });
    let outputs = [
        // The break-even month when the ranges move it; the simple payback
        // when it never breaks even (nothing to explain on the timeline).
        if views
            .uncertainty
            .tornado_for(Metric::BreakEvenMonth)
            .next()
            .is_some()
        {
            (
                Metric::BreakEvenMonth,
                ChartId::TornadoPayback,
                "What moves the break-even month most",
                "break-even month".to_owned(),
                eval.payback.as_ref().and_then(|p| p.break_even()),
            )
        } else {
            (
                Metric::PaybackMonths,
                ChartId::TornadoPayback,
                "What moves the simple payback most",
                "simple payback (months)".to_owned(),
                eval.payback.as_ref().and_then(|p| p.payback()),
            )
        },
        (
            Metric::TotalAfterAll,
            ChartId::TornadoTotal,
            "What moves the total after all fixes most",
            format!("total after all ({unit})"),
            eval.budget.as_ref().map(|b| b.total_after_all),
        ),
        (
            Metric::AmdahlSpeedup,
            ChartId::TornadoAmdahl,
            "What moves the language's speedup most",
            "Amdahl speedup (×)".to_owned(),
            eval.budget.as_ref().map(|b| b.amdahl_speedup),
        ),
        (
            Metric::MatrixMargin,
            ChartId::TornadoMargin,
            "What moves the matrix winner's lead most",
            "winner's total − best other (below 0: the winner flips)".to_owned(),
            margin,
        ),
    ];
    let mut charts = Vec::new();
    for (output, name, title, label, point) in outputs {
        let rows: Vec<&TornadoRow> = views.uncertainty.tornado_for(output).collect();
        if let (Some(point), false) = (point, rows.is_empty()) {
            charts.push(tornado_chart(name, title, &label, &rows, point));
        }
    }
    charts.extend(tradeoff_tornado(scenario, eval));
    charts.extend(voi_chart(&views.uncertainty));
    charts
}

/// What moves the best trade-off row's total per month most: the same
/// one-at-a-time swings as the contract's tornado, on a number it does not
/// list (drawn, not written to the JSON). `None` without a trade-off or
/// when nothing moves it.
pub fn tradeoff_tornado(
    scenario: &crate::model::Scenario,
    eval: &crate::model::Evaluation,
) -> Option<Chart> {
    let t = eval.tradeoff.as_ref()?;
    let row = t.best_row.or(t.cheapest_row)?;
    let choice = &t.choices.get(row)?;
    let rows: Vec<TornadoRow> =
        crate::model::uncertain::tornado::tradeoff_total_swings(scenario, row)
            .into_iter()
            .map(|s| TornadoRow {
                output: Metric::TotalPerMonth,
                input: String::new(),
                label: s.label,
                at_p10: Some(s.at_p10),
                at_p90: Some(s.at_p90),
                swing: Some((s.at_p90 - s.at_p10).abs()),
            })
            .collect();
    if rows.is_empty() {
        return None;
    }
    let refs: Vec<&TornadoRow> = rows.iter().collect();
    let mut chart = tornado_chart(
        ChartId::TornadoTradeoff,
        &format!("What moves {}'s total per month most", choice.choice),
        "total cost per month",
        &refs,
        choice.total_per_month,
    );
    chart.x.money = true;
    Some(chart)
}
