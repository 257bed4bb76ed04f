//! Chart descriptions: what a chart shows (series, colours, axes with units,
//! reference lines, markers), built from a scenario and its evaluation.
//!
//! Pure data: the egui_plot view renders a [`Chart`], and so will the
//! SVG/PNG exporters, so a chart on screen and its export cannot disagree.

pub mod budget;
pub mod cost;
pub mod export;
mod id;
mod labels;
pub mod load;
pub mod matrix;
pub mod palette;
pub mod payback;
pub mod tradeoff;
pub mod uncertainty;

pub use id::{ChartId, ChartSection};
pub use palette::Rgb;

use crate::format::number::Currency;

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    /// A continuous line.
    Solid,
    /// Long dashes: asymptotes and targets.
    Dashed,
    /// Dots: secondary overlays.
    Dotted,
}

/// One axis: its label (with the unit) and scale.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// E.g. "language speedup s (×, log scale)".
    pub label: String,
    /// Logarithmic (base 10) scale.
    pub log: bool,
    /// Fixed range, when the chart wants one.
    pub range: Option<(f64, f64)>,
    /// Whether its values are money: the title names the chart's currency
    /// and the ticks carry it.
    pub money: bool,
}

impl Axis {
    /// A linear axis with automatic range.
    pub fn linear(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            log: false,
            range: None,
            money: false,
        }
    }

    /// A linear axis of money ("cumulative net" → "cumulative net ($)").
    pub fn money(label: impl Into<String>) -> Self {
        Self {
            money: true,
            ..Self::linear(label)
        }
    }

    /// The axis title with the currency, when it is money and there is one.
    pub fn title(&self, currency: &Currency) -> String {
        match (&currency.0, self.money) {
            (Some(c), true) => format!("{} ({c})", self.label),
            _ => self.label.clone(),
        }
    }

    /// A tick label at `value`: three significant digits, the currency on
    /// money, "×" on a log (speedup) axis.
    pub fn tick(&self, value: f64, currency: &Currency) -> String {
        let text = crate::format::quantity(value);
        if self.log {
            format!("{text}×")
        } else if self.money {
            currency.wrap(&text)
        } else {
            text
        }
    }
}

/// A polyline through data points.
#[derive(Clone, Debug, PartialEq)]
pub struct LineSeries {
    /// Legend entry.
    pub name: String,
    /// (x, y) in data units.
    pub points: Vec<[f64; 2]>,
    /// Colour.
    pub color: Rgb,
    /// Stroke style.
    pub dash: Dash,
    /// Stroke width in points at 1× scale.
    pub width: f32,
}

/// Measured points, drawn as dots.
#[derive(Clone, Debug, PartialEq)]
pub struct ScatterSeries {
    /// Legend entry.
    pub name: String,
    /// (x, y) in data units.
    pub points: Vec<[f64; 2]>,
    /// Colour.
    pub color: Rgb,
}

/// A horizontal or vertical reference line across the whole plot.
#[derive(Clone, Debug, PartialEq)]
pub struct RefLine {
    /// Legend entry and label.
    pub name: String,
    /// The y (horizontal line) or x (vertical line) value.
    pub value: f64,
    /// Colour.
    pub color: Rgb,
    /// Stroke style.
    pub dash: Dash,
}

impl RefLine {
    /// A dashed line in the target colour: an SLO, a target, a breaking point.
    pub fn target(name: impl Into<String>, value: f64) -> Self {
        Self {
            name: name.into(),
            value,
            color: palette::TARGET,
            dash: Dash::Dashed,
        }
    }
}

/// A labelled point: the current setting, a crossing.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// Legend entry.
    pub name: String,
    /// Where, in data units.
    pub at: [f64; 2],
    /// Text drawn beside the point.
    pub label: String,
    /// Draw the label below-right of the point instead of above-right, so
    /// two nearby markers' labels do not overlap.
    pub label_below: bool,
    /// Prefer the label above-left of the point: for a curve rising through
    /// it, where the right side is where the curve goes. Near the left edge
    /// the label goes below-right instead, still clear of a rising curve.
    pub label_left: bool,
    /// Colour.
    pub color: Rgb,
}

/// One horizontal bar segment of a category row.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// Row index into [`Chart::rows`].
    pub row: usize,
    /// Where the segment starts on the value axis.
    pub start: f64,
    /// Its length on the value axis.
    pub length: f64,
    /// Bar thickness as a fraction of the row pitch: full bars are on the
    /// critical path, thin ones run concurrently and do not count.
    pub thickness: f64,
    /// Tooltip text: what the segment is and its value.
    pub label: String,
}

/// Segments sharing a colour and a legend entry (e.g. one span kind).
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentGroup {
    /// Legend entry.
    pub name: String,
    /// Colour.
    pub color: Rgb,
    /// The segments.
    pub segments: Vec<Segment>,
}

/// A shaded area between a low and a high curve: an uncertainty band (P10–P90).
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Legend entry.
    pub name: String,
    /// (x, low, high) in data units, x ascending.
    pub points: Vec<[f64; 3]>,
    /// Colour (drawn translucent).
    pub color: Rgb,
}

/// Vertical bars on a numeric x axis: a histogram.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnSeries {
    /// Legend entry.
    pub name: String,
    /// (centre x, width, height) in data units.
    pub bars: Vec<[f64; 3]>,
    /// Colour.
    pub color: Rgb,
}

/// One legend entry's sample: a line, a filled swatch, or a dot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swatch {
    /// A line sample in the line's dash.
    Line(Dash),
    /// A filled square (bars, bands, columns).
    Fill,
    /// A dot (points, markers).
    Dot,
}

/// A complete chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Which chart it is; its name is used for ids and export file names ("amdahl").
    pub id: ChartId,
    /// Title, for exports and headers.
    pub title: String,
    /// The horizontal axis.
    pub x: Axis,
    /// The vertical axis.
    pub y: Axis,
    /// Lines, drawn in order.
    pub lines: Vec<LineSeries>,
    /// Measured points, drawn over the lines.
    pub scatter: Vec<ScatterSeries>,
    /// Horizontal reference lines (y = value).
    pub hlines: Vec<RefLine>,
    /// Vertical reference lines (x = value).
    pub vlines: Vec<RefLine>,
    /// Labelled points.
    pub markers: Vec<Marker>,
    /// Category rows of a horizontal bar chart, top to bottom; empty otherwise.
    pub rows: Vec<String>,
    /// Bar segments on those rows.
    pub segments: Vec<SegmentGroup>,
    /// Shaded bands, drawn first (under everything else).
    pub bands: Vec<Band>,
    /// Vertical bars (histograms), drawn under the lines.
    pub columns: Vec<ColumnSeries>,
    /// The currency of money axes.
    pub currency: Currency,
}

/// The largest magnitude a chart's axes may reach: beyond it tick
/// computations lose all precision (and some libraries loop).
pub const MAX_AXIS: f64 = 1e100;

impl Chart {
    /// The chart's stable name ("amdahl").
    pub fn name(&self) -> &'static str {
        self.id.name()
    }

    /// What a pointer at data `x` reads off the chart: the line whose value
    /// at `x` is nearest `y`, and that value (linear between its points) —
    /// never the pointer's own height. `None` when no line spans `x`.
    pub fn snap(&self, x: f64, y: f64) -> Option<(&str, f64)> {
        self.lines
            .iter()
            .filter_map(|line| Some((line.name.as_str(), value_at(&line.points, x)?)))
            .min_by(|a, b| (a.1 - y).abs().total_cmp(&(b.1 - y).abs()))
    }

    /// The value written at the end of each bar row: `(row, end, text)`,
    /// the text being the sum of the row's full-thickness segments (a
    /// stacked total, a span's time) as the axis writes it.
    pub fn bar_ends(&self) -> Vec<(usize, f64, String)> {
        (0..self.rows.len())
            .filter_map(|row| {
                let segments: Vec<&Segment> = self
                    .segments
                    .iter()
                    .flat_map(|g| &g.segments)
                    .filter(|s| s.row == row)
                    .collect();
                let thickest = segments.iter().map(|s| s.thickness).fold(0.0, f64::max);
                let end = segments
                    .iter()
                    .map(|s| s.start + s.length)
                    .fold(f64::NEG_INFINITY, f64::max);
                let value: f64 = segments
                    .iter()
                    .filter(|s| s.thickness >= thickest)
                    .map(|s| s.length)
                    .sum();
                end.is_finite()
                    .then(|| (row, end, self.x.tick(value, &self.currency)))
            })
            .collect()
    }

    /// The legend's entries in drawing order, drawn outside the data (below
    /// the plot) on screen and in exports alike. Reference lines sharing a
    /// name (P10 / P50 / P90) share one entry; a marker is listed by its label.
    pub fn legend_entries(&self) -> Vec<(String, Rgb, Swatch)> {
        let mut entries = Vec::new();
        for band in &self.bands {
            entries.push((band.name.clone(), band.color, Swatch::Fill));
        }
        for series in &self.columns {
            entries.push((series.name.clone(), series.color, Swatch::Fill));
        }
        for group in &self.segments {
            entries.push((group.name.clone(), group.color, Swatch::Fill));
        }
        for line in &self.lines {
            entries.push((line.name.clone(), line.color, Swatch::Line(line.dash)));
        }
        for scatter in &self.scatter {
            entries.push((scatter.name.clone(), scatter.color, Swatch::Dot));
        }
        for r in self.hlines.iter().chain(&self.vlines) {
            if !entries.iter().any(|(name, _, _)| *name == r.name) {
                entries.push((r.name.clone(), r.color, Swatch::Line(r.dash)));
            }
        }
        for m in &self.markers {
            entries.push((m.label.clone(), m.color, Swatch::Dot));
        }
        entries
    }

    /// Why the chart cannot be drawn, if it cannot: a number that is not
    /// finite or too large to put on an axis.
    pub fn undrawable(&self) -> Option<String> {
        let ranges: Vec<f64> = [self.x.range, self.y.range]
            .into_iter()
            .flatten()
            .flat_map(|(a, b)| [a, b])
            .collect();
        let mut values = self
            .lines
            .iter()
            .flat_map(|l| l.points.iter().flatten())
            .chain(self.scatter.iter().flat_map(|s| s.points.iter().flatten()))
            .chain(self.markers.iter().flat_map(|m| m.at.iter()))
            .chain(self.hlines.iter().chain(&self.vlines).map(|r| &r.value))
            .chain(self.bands.iter().flat_map(|b| b.points.iter().flatten()))
            .chain(self.columns.iter().flat_map(|c| c.bars.iter().flatten()))
            .chain(
                self.segments
                    .iter()
                    .flat_map(|g| g.segments.iter().flat_map(|s| [&s.start, &s.length])),
            )
            .chain(ranges.iter());
        values
            .find(|v| !v.is_finite() || v.abs() > MAX_AXIS)
            .map(|v| {
                format!(
                    "\"{}\" cannot be drawn: a value ({}) is beyond what an axis can show",
                    self.title,
                    crate::format::short(*v)
                )
            })
    }

    /// An empty chart with the given name, title and axes.
    pub fn new(id: ChartId, title: impl Into<String>, x: Axis, y: Axis) -> Self {
        Self {
            id,
            title: title.into(),
            x,
            y,
            lines: Vec::new(),
            scatter: Vec::new(),
            hlines: Vec::new(),
            vlines: Vec::new(),
            markers: Vec::new(),
            rows: Vec::new(),
            segments: Vec::new(),
            bands: Vec::new(),
            columns: Vec::new(),
            currency: Currency::NONE,
        }
    }

    /// The chart with its money in `currency`.
    pub fn in_currency(mut self, currency: &Currency) -> Self {
        self.currency = currency.clone();
        self
    }
}

/// The polyline's value at `x`, linear between its points (sorted by x or
/// not); `None` outside its span.
fn value_at(points: &[[f64; 2]], x: f64) -> Option<f64> {
    points.windows(2).find_map(|w| {
        let (a, b) = (w[0], w[1]);
        let (lo, hi) = if a[0] <= b[0] { (a, b) } else { (b, a) };
        if !(lo[0]..=hi[0]).contains(&x) {
            return None;
        }
        if hi[0] == lo[0] {
            return Some(lo[1]);
        }
        Some(lo[1] + (x - lo[0]) / (hi[0] - lo[0]) * (hi[1] - lo[1]))
    })
}

/// The Monte Carlo run the charts of `scenario` draw on, at the file's
/// sample count and seed; `None` when nothing is uncertain.
pub fn views_for(
    scenario: &crate::model::Scenario,
    eval: &crate::model::Evaluation,
) -> Option<crate::model::uncertain::views::Views> {
    let grid = eval
        .budget
        .as_ref()
        .map(budget::amdahl_grid)
        .unwrap_or_default();
    let mc = scenario.monte_carlo;
    crate::model::uncertain::views::views(scenario, mc.samples, mc.seed, &grid)
}

/// Every chart the scenario has, with default view options, in panel order:
/// `amdahl` and `time` (budget), `ranking` and `sweep` (matrix), `timeline`
/// and `break_even` (payback), `latency`, `growth` and `usl` (load), `cost`
/// and `cost_scaling`;
/// with a Monte Carlo run, the distributions (`total_dist`, `payback_dist`),
/// `win` and the tornadoes (`tornado_payback`, `tornado_total`,
/// `tornado_amdahl`, `tornado_margin`), and bands on `amdahl` and
/// `timeline`; the trade-off's `tradeoff`, `tradeoff_costs` and `cascade`
/// (its first cascade). The names are stable: CLI and file names use them.
pub fn all(
    scenario: &crate::model::Scenario,
    eval: &crate::model::Evaluation,
    views: Option<&crate::model::uncertain::views::Views>,
) -> Vec<Chart> {
    let currency = Currency::new(scenario.currency.as_deref());
    let mut charts = Vec::new();
    if let (Some(b), Some(e)) = (&scenario.budget, &eval.budget) {
        let mut amdahl = budget::amdahl_chart(b, e, !e.levers.is_empty());
        if let Some(v) = views {
            uncertainty::add_band(&mut amdahl, &v.amdahl_band, "speedup");
        }
        charts.push(amdahl);
        charts.push(budget::time_chart(b, e));
        if let Some(set) = views
            .and_then(|v| v.total_after_all.as_ref())
            .filter(|s| uncertainty::varies(s))
        {
            charts.push(uncertainty::total_chart(b, set));
        }
    }
    if let (Some(m), Some(e)) = (&scenario.matrix, &eval.matrix) {
        charts.push(matrix::ranking_chart(m, e, false));
        charts.push(matrix::sweep_chart(m, 0));
        if let Some(v) = views
            && let Some(win) = uncertainty::win_chart_of(m, v)
        {
            charts.push(win);
        }
    }
    if let (Some(p), Some(e)) = (&scenario.payback, &eval.payback) {
        let nums = p.nums_for(e);
        let mut timeline = payback::timeline_chart(&nums, e, nums.annual_discount_rate > 0.0);
        if let Some(v) = views {
            uncertainty::add_fan(&mut timeline, v);
        }
        charts.push(timeline);
        charts.extend(payback::saving_parts_chart(&nums, e));
        charts.push(payback::break_even_chart(&nums, e));
        if let Some(set) = views
            .and_then(|v| v.break_even_month.as_ref())
            .filter(|s| uncertainty::varies(s))
        {
            charts.push(uncertainty::break_even_chart(
                nums.target_payback_months,
                set,
            ));
        }
    }
    if let (Some(l), Some(e)) = (&scenario.load, &eval.load) {
        if let (Some(q), Some(qe)) = (&l.queue, &e.queue) {
            let q = q.nums();
            charts.push(load::latency_chart(&q, qe));
            charts.push(load::growth_chart(&q, qe));
        }
        if let (Some(u), Some(ue)) = (&l.usl, &e.usl) {
            charts.push(load::usl_chart(u, ue));
        }
    }
    if let (Some(c), Some(e)) = (&scenario.cost, &eval.cost) {
        charts.push(cost::cost_chart(c, e, &currency));
        charts.push(cost::scaling_chart(c, e, &currency));
    }
    if let (Some(t), Some(e)) = (&scenario.tradeoff, &eval.tradeoff) {
        charts.push(tradeoff::tradeoff_chart(t, e, &currency));
        charts.push(tradeoff::costs_chart(t, e, &currency));
        if let Some(cascade) = tradeoff::cascade_chart(t, e, 0, &currency) {
            charts.push(cascade);
        }
    }
    if let Some(v) = views {
        charts.extend(uncertainty::tornado_charts(scenario, eval, v));
    }
    charts
        .into_iter()
        .map(|c| c.in_currency(&currency))
        .collect()
}

impl Chart {
    /// This chart with the curves of the chart of the same id in `other`
    /// (a compared scenario's) added dashed, in the same colours, named
    /// "… (B)"; `None` when `other` has no such chart with curves.
    pub fn overlaid(&self, other: &[Chart]) -> Option<Chart> {
        let theirs = other.iter().find(|c| c.id == self.id)?;
        if theirs.lines.is_empty() {
            return None;
        }
        let mut out = self.clone();
        out.lines.extend(theirs.lines.iter().map(|l| LineSeries {
            name: format!("{} (B)", l.name),
            dash: Dash::Dashed,
            ..l.clone()
        }));
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str, points: Vec<[f64; 2]>) -> LineSeries {
        LineSeries {
            name: name.into(),
            points,
            color: palette::PRIMARY,
            dash: Dash::Solid,
            width: 1.0,
        }
    }

    #[test]
    fn the_hover_reads_the_nearest_curve_not_the_pointer() {
        let mut chart = Chart::new(ChartId::Amdahl, "t", Axis::linear("x"), Axis::linear("y"));
        chart
            .lines
            .push(line("low", vec![[0.0, 0.0], [10.0, 10.0]]));
        chart
            .lines
            .push(line("high", vec![[0.0, 20.0], [10.0, 40.0]]));
        // At x = 2.5: low is 2.5, high is 25; a pointer at y = 9 is nearer low.
        assert_eq!(chart.snap(2.5, 9.0), Some(("low", 2.5)));
        assert_eq!(chart.snap(2.5, 20.0), Some(("high", 25.0)));
        // Outside every line's span there is nothing to read.
        assert_eq!(chart.snap(11.0, 5.0), None);
    }
}
