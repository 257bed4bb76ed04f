//! Editing a number that may be uncertain: a slider (or drag value) with a
//! small "±" toggle beside it that turns the number into a range with low
//! and high handles and a shape menu, and back.
//!
//! A range shows as "60 (40–90)": its point value (what every deterministic
//! number uses) and its 90 % interval.

use std::ops::RangeInclusive;

use eframe::egui;

use crate::format::{percent, quantity};
use crate::model::input::Input;
use crate::model::{Quantity, Range, Shape};

/// How a quantity is edited and shown.
#[derive(Clone, Debug)]
pub struct QuantitySpec<'a> {
    /// The slider's text and the widgets' accessible name, e.g. "monthly cost".
    pub label: &'a str,
    /// The slider's range (display units for `percent`: 0..=100).
    pub range: RangeInclusive<f64>,
    /// A unit after the number, e.g. " ms".
    pub suffix: &'a str,
    /// What the number is; shown on hover.
    pub hint: &'a str,
    /// A logarithmic slider.
    pub log: bool,
    /// A fraction shown in percent (0.55 shows as 55 %).
    pub percent: bool,
}

impl<'a> QuantitySpec<'a> {
    /// A linear slider over `range` named `label`.
    pub fn new(label: &'a str, range: RangeInclusive<f64>) -> Self {
        Self {
            label,
            range,
            suffix: "",
            hint: "",
            log: false,
            percent: false,
        }
    }

    /// With a unit suffix.
    pub fn suffix(mut self, suffix: &'a str) -> Self {
        self.suffix = suffix;
        self
    }

    /// With a hover text.
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = hint;
        self
    }

    /// Logarithmic.
    pub fn log(mut self) -> Self {
        self.log = true;
        self
    }

    /// A fraction shown in percent; `range` is then in percent.
    pub fn percent(mut self) -> Self {
        self.percent = true;
        self.suffix = " %";
        self
    }

    fn scale(&self) -> f64 {
        if self.percent { 100.0 } else { 1.0 }
    }

    /// A value for people: "55 %", "120 ms".
    fn show(&self, x: f64) -> String {
        if self.percent {
            percent(x)
        } else {
            format!("{}{}", quantity(x), self.suffix)
        }
    }
}

impl QuantitySpec<'static> {
    /// The spec a declared input implies: its label, unit, hint and the
    /// slider's usual range. `percent_span`: the budget is a profile.
    pub fn of<S, N>(input: &Input<S, N>, percent_span: bool) -> Self {
        let t = input.typical;
        let mut spec = Self::new(input.label, t.low..=t.high).hint(input.hint);
        if input.unit.is_fraction() {
            spec = spec.percent();
            spec.range = t.low * 100.0..=t.high * 100.0;
            // "%/year": the rate's period stays in the label's words.
            spec.suffix = input.unit.suffix(percent_span);
        } else {
            spec = spec.suffix(input.unit.suffix(percent_span));
        }
        if t.log {
            spec = spec.log();
        }
        spec
    }
}

/// The slider of one declared input of `row`, as its table entry describes
/// it; `None` when the row lacks that input.
pub fn input_slider_ui<S, N>(
    ui: &mut egui::Ui,
    input: &Input<S, N>,
    row: &mut S,
) -> Option<egui::Response> {
    let q = (input.get_mut)(row)?;
    Some(quantity_slider_ui(ui, q, &QuantitySpec::of(input, false)))
}

/// "60 (40–90)" for a range, "60" for a number.
pub fn quantity_text(q: &Quantity, spec: &QuantitySpec<'_>) -> String {
    match q {
        Quantity::Value(x) => spec.show(*x),
        Quantity::Range(r) => format!(
            "{} ({}–{})",
            spec.show(r.point()),
            strip_unit(&spec.show(r.low), spec),
            spec.show(r.high)
        ),
    }
}

fn strip_unit(text: &str, spec: &QuantitySpec<'_>) -> String {
    let unit = if spec.percent { " %" } else { spec.suffix };
    text.strip_suffix(unit).unwrap_or(text).to_owned()
}

/// A slider over one display-scaled number; the number changes only when
/// the user moves the slider (a file's value outside the range is kept).
fn scaled_slider_ui(
    ui: &mut egui::Ui,
    value: &mut f64,
    spec: &QuantitySpec<'_>,
    text: &str,
) -> egui::Response {
    let k = spec.scale();
    let mut shown = *value * k;
    let mut slider = super::slider(&mut shown, spec.range.clone())
        .suffix(spec.suffix)
        .text(text)
        // Thousands separators on big numbers (30,000,000), typed either way.
        .custom_formatter(|x, _| quantity(x))
        .custom_parser(|s| s.replace(',', "").trim().parse().ok());
    if spec.log {
        let smallest = (spec.range.end() * 1e-6).max(f64::MIN_POSITIVE);
        slider = slider.logarithmic(true).smallest_positive(smallest);
    }
    let response = ui.add(slider);
    if response.changed() {
        *value = shown / k;
    }
    response
}

/// A range around `x` that keeps `x` as its point value: ×/÷ 1.5 when
/// positive (log-normal), ± a twentieth of the slider's span otherwise.
pub fn default_range(x: f64, spec: &QuantitySpec<'_>) -> Range {
    if x > 0.0 {
        Range::new(x / 1.5, x * 1.5)
    } else {
        let span = (spec.range.end() - spec.range.start()) / spec.scale();
        let w = (0.5 * x.abs()).max(0.05 * span).max(1e-9);
        Range::new(x - w, x + w)
    }
}

/// The "±" toggle: a number becomes a range around it, a range its point
/// value. Returns whether it was clicked.
pub fn toggle_ui(ui: &mut egui::Ui, q: &mut Quantity, spec: &QuantitySpec<'_>) -> egui::Response {
    let uncertain = q.is_range();
    let response = ui
        .add(egui::Button::selectable(uncertain, "±").small())
        .on_hover_text(if uncertain {
            "Uncertain: click to use a single number (the range's point value). \
             Right-click to mark it measured or assumed."
        } else {
            "Click to give a range (low–high) instead of one number: Monte Carlo then shows \
             how uncertain the answer is. Right-click to mark it measured or assumed."
        })
        .accessible_name(format!("{} uncertain", spec.label));
    if response.clicked() {
        *q = match *q {
            Quantity::Value(x) => Quantity::Range(default_range(x, spec)),
            Quantity::Range(r) => Quantity::Value(r.point()),
        };
    }
    super::evidence_mark::mark_ui(ui, q, &response);
    response
}

/// The shape menu of a range.
fn shape_ui(ui: &mut egui::Ui, r: &mut Range, spec: &QuantitySpec<'_>) -> bool {
    let current = r.resolved_shape();
    let mut chosen = current;
    let options = [
        (
            Shape::LogNormal,
            "log-normal",
            "5th–95th percentile; skewed right (durations, costs)",
        ),
        (Shape::Normal, "normal", "5th–95th percentile; symmetric"),
        (
            Shape::Uniform,
            "uniform",
            "anything from low to high, equally likely",
        ),
        (
            Shape::Pert { mode: r.point() },
            "PERT",
            "low–high with a most likely value in between",
        ),
    ];
    egui::ComboBox::from_id_salt((spec.label, "shape"))
        .selected_text(match current {
            Shape::LogNormal => "log-normal",
            Shape::Normal => "normal",
            Shape::Uniform => "uniform",
            Shape::Pert { .. } => "PERT",
        })
        .width(90.0)
        .show_ui(ui, |ui| {
            for (shape, name, hint) in options {
                let allowed = !matches!(shape, Shape::LogNormal) || r.low > 0.0;
                let same = std::mem::discriminant(&shape) == std::mem::discriminant(&current);
                if ui
                    .add_enabled(allowed, egui::Button::selectable(same, name))
                    .on_hover_text(hint)
                    .clicked()
                {
                    chosen = shape;
                }
            }
        })
        .response
        .accessible_name(format!("{} shape", spec.label));
    if std::mem::discriminant(&chosen) == std::mem::discriminant(&current) {
        return false;
    }
    r.shape = (chosen != Shape::default_for(r.low)).then_some(chosen);
    true
}

/// Low, high (and PERT's mode) as sliders, kept ordered.
fn range_handles_ui(ui: &mut egui::Ui, r: &mut Range, spec: &QuantitySpec<'_>) -> bool {
    let mut changed = false;
    let pert = matches!(r.resolved_shape(), Shape::Pert { .. });
    let (low_name, high_name) = if pert || r.resolved_shape() == Shape::Uniform {
        ("low", "high")
    } else {
        ("low (5th pct)", "high (95th pct)")
    };
    let low = scaled_slider_ui(ui, &mut r.low, spec, &format!("{} {low_name}", spec.label));
    let high = scaled_slider_ui(
        ui,
        &mut r.high,
        spec,
        &format!("{} {high_name}", spec.label),
    );
    // Keep low < high, moving the handle the user did not touch.
    let gap = (r.low.abs().max(r.high.abs()) * 1e-6).max(1e-12);
    if low.changed() {
        changed = true;
        if r.high <= r.low {
            r.high = r.low + gap;
        }
    }
    if high.changed() {
        changed = true;
        if r.low >= r.high {
            r.low = r.high - gap;
        }
    }
    if let Some(Shape::Pert { mode }) = &mut r.shape {
        let mut m = *mode;
        if scaled_slider_ui(ui, &mut m, spec, &format!("{} most likely", spec.label)).changed() {
            changed = true;
        }
        *mode = m.clamp(r.low, r.high);
    }
    // A log-normal range needs low > 0: fall back to the default shape.
    if r.low <= 0.0 && r.shape == Some(Shape::LogNormal) {
        r.shape = None;
    }
    changed
}

/// A labelled slider with the "±" toggle beside it; a range shows its
/// value, shape and toggle on one line and its low/high handles below.
pub fn quantity_slider_ui(
    ui: &mut egui::Ui,
    q: &mut Quantity,
    spec: &QuantitySpec<'_>,
) -> egui::Response {
    match *q {
        Quantity::Value(mut x) => {
            ui.horizontal(|ui| {
                let mut r = scaled_slider_ui(ui, &mut x, spec, spec.label);
                if !spec.hint.is_empty() {
                    r = r.on_hover_text(spec.hint);
                }
                *q = Quantity::Value(x);
                if toggle_ui(ui, q, spec).clicked() {
                    r.mark_changed();
                }
                r
            })
            .inner
        }
        Quantity::Range(mut r) => {
            let text = quantity_text(q, spec);
            ui.vertical(|ui| {
                let mut head = ui
                    .horizontal(|ui| {
                        ui.label(spec.label);
                        let head = ui.strong(text).on_hover_text(format!(
                            "{}\nPoint value (median, or the most likely value for PERT) and \
                             the range; deterministic numbers use the point value, the Monte \
                             Carlo draws from the range.",
                            spec.hint
                        ));
                        let changed = shape_ui(ui, &mut r, spec);
                        *q = Quantity::Range(r);
                        let toggled = toggle_ui(ui, q, spec).clicked();
                        let mut head = head;
                        if changed || toggled {
                            head.mark_changed();
                        }
                        head
                    })
                    .inner;
                if let Quantity::Range(range) = q {
                    ui.indent((spec.label, "handles"), |ui| {
                        if range_handles_ui(ui, range, spec) {
                            head.mark_changed();
                        }
                    });
                }
                head
            })
            .inner
        }
    }
}

/// A compact editor for tables: a drag value with a small "±"; a range
/// shows as a button "60 (40–90)" that opens its handles.
pub fn quantity_drag_ui(
    ui: &mut egui::Ui,
    q: &mut Quantity,
    spec: &QuantitySpec<'_>,
    speed: f64,
) -> egui::Response {
    ui.horizontal(|ui| {
        let mut response = match q {
            Quantity::Value(x) => {
                let k = spec.scale();
                let mut shown = *x * k;
                let r = ui
                    .add(
                        super::drag(&mut shown)
                            .range(spec.range.clone())
                            .speed(speed)
                            .suffix(spec.suffix),
                    )
                    .accessible_name(spec.label);
                if r.changed() {
                    *x = shown / k;
                }
                r
            }
            Quantity::Range(r) => {
                let text = quantity_text(&Quantity::Range(*r), spec);
                let mut changed = false;
                let menu = ui.menu_button(text, |ui| {
                    ui.set_min_width(260.0);
                    changed |= shape_ui(ui, r, spec);
                    changed |= range_handles_ui(ui, r, spec);
                });
                let mut response = menu.response.accessible_name(spec.label);
                if changed {
                    response.mark_changed();
                }
                response
            }
        };
        if toggle_ui(ui, q, spec).clicked() {
            response.mark_changed();
        }
        response
    })
    .inner
}
