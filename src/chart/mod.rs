//! Chart descriptions: what a chart shows (series, colours, axes with units,
//! reference lines, markers), built from a scenario and its evaluation.
//!
//! Pure data: the egui_plot view renders a [`Chart`], and so will the
//! SVG/PNG exporters, so a chart on screen and its export cannot disagree.

pub mod budget;
pub mod cost;
pub mod export;
pub mod load;
pub mod matrix;
pub mod palette;
pub mod payback;

pub use palette::Rgb;

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
}

impl Axis {
    /// A linear axis with automatic range.
    pub fn linear(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            log: false,
            range: None,
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

/// Where the on-screen legend goes: the corner the data leaves empty.
/// (Exports always put the legend below the plot.)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LegendPlace {
    /// Bottom right: rising curves leave it empty.
    #[default]
    BottomRight,
    /// Top left: flat-then-cliff curves leave it empty.
    TopLeft,
    /// Top right: falling curves leave it empty.
    TopRight,
}

/// A complete chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Stable short name, used for ids and export file names ("amdahl").
    pub name: &'static str,
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
    /// Where the on-screen legend goes.
    pub legend: LegendPlace,
}

impl Chart {
    /// Whether a marker's label should sit to the left of its point: when the
    /// point is in the right 30 % of a fixed x range, so the label stays inside.
    pub fn label_on_left(&self, marker: &Marker) -> bool {
        match self.x.range {
            Some((lo, hi)) if hi > lo => {
                let (x, lo, hi) = if self.x.log {
                    (
                        marker.at[0].max(1e-300).log10(),
                        lo.max(1e-300).log10(),
                        hi.log10(),
                    )
                } else {
                    (marker.at[0], lo, hi)
                };
                x > lo + 0.7 * (hi - lo)
            }
            _ => false,
        }
    }

    /// An empty chart with the given name, title and axes.
    pub fn new(name: &'static str, title: impl Into<String>, x: Axis, y: Axis) -> Self {
        Self {
            name,
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
            legend: LegendPlace::default(),
        }
    }
}

/// Every chart the scenario has, with default view options, in panel order:
/// `amdahl` and `time` (budget), `ranking` and `sweep` (matrix), `timeline`
/// and `break_even` (payback), `latency`, `growth` and `usl` (load), `cost`. The names are stable: CLI and file names use them.
pub fn all(scenario: &crate::model::Scenario, eval: &crate::model::Evaluation) -> Vec<Chart> {
    let mut charts = Vec::new();
    if let (Some(b), Some(e)) = (&scenario.budget, &eval.budget) {
        charts.push(budget::amdahl_chart(b, e, !e.levers.is_empty()));
        charts.push(budget::time_chart(b, e));
    }
    if let (Some(m), Some(e)) = (&scenario.matrix, &eval.matrix) {
        charts.push(matrix::ranking_chart(m, e, false));
        charts.push(matrix::sweep_chart(m, 0));
    }
    if let (Some(p), Some(e)) = (&scenario.payback, &eval.payback) {
        let nums = p.nums_with(e.reduction);
        charts.push(payback::timeline_chart(
            &nums,
            e,
            nums.annual_discount_rate > 0.0,
        ));
        charts.push(payback::break_even_chart(&nums, e));
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
        charts.push(cost::cost_chart(c, e));
    }
    charts
}
