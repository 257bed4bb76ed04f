//! The Budget panel's span editing: the spans table, adding and moving
//! spans, the selected span's detail and its lever.

use eframe::egui::{self, RichText};

use super::{BudgetPanel, MAX_SPAN_MS};
use crate::chart::palette;
use crate::model::Quantity;
use crate::model::budget::{self, Budget, Lever, Span, SpanKind, TimeUnit};
use crate::model::unit::Unit;
use crate::ui::plot::color;
use crate::ui::quantity::{QuantitySpec, quantity_drag_ui, quantity_slider_ui};

impl BudgetPanel {
    /// The spans as a table: the span names stay put while the kind, time,
    /// concurrency and lever columns scroll sideways under a visible bar
    /// (the table is wider than the inputs at 1280 points once times are
    /// ranges). Grids, not an egui_extras table: a table's own scroll area
    /// would swallow the scroll-into-view of a cell reached with Tab.
    pub(super) fn spans_table_ui(&mut self, ui: &mut egui::Ui, b: &mut Budget) {
        const ROW: f32 = 24.0;
        const NAMES: f32 = 150.0;
        let unit = b.unit.symbol();
        let max_time = if b.unit == TimeUnit::Percent {
            100.0
        } else {
            MAX_SPAN_MS
        };
        // The selected span's row (the header is row 0), highlighted in both
        // halves; the others striped.
        let selected_row = self.selected.map(|i| i + 1);
        let rows = move |row: usize, style: &egui::Style| {
            if Some(row) == selected_row {
                Some(style.visuals.selection.bg_fill.gamma_multiply(0.5))
            } else {
                (row % 2 == 1).then_some(style.visuals.faint_bg_color)
            }
        };
        let selected = &mut self.selected;
        crate::ui::layout::frozen_first_column(
            ui,
            "spans scroll",
            NAMES,
            b,
            |ui, b| {
                crate::ui::layout::names_grid("span names", NAMES, ROW)
                    .with_row_color(rows)
                    .show(ui, |ui| {
                        ui.strong("span");
                        ui.end_row();
                        for (i, span) in b.spans.iter().enumerate() {
                            span_name_ui(ui, span, i, selected);
                            ui.end_row();
                        }
                    });
            },
            |ui, b| {
                crate::ui::layout::numbers_grid("span numbers", ROW, 20.0)
                    .with_row_color(rows)
                    .show(ui, |ui| {
                        ui.strong("kind");
                        ui.strong(format!("time ({unit})"));
                        ui.strong("‖").on_hover_text(
                            "Concurrent: runs in parallel with the span before it; a stage counts its longest span.",
                        );
                        ui.strong("lever");
                        ui.end_row();
                        for (i, span) in b.spans.iter_mut().enumerate() {
                            kind_combo_ui(ui, ("span kind", i), &format!("kind of {}", span.name), &mut span.kind);
                            let label = format!("time of {}", span.name);
                            let suffix = format!(" {unit}");
                            quantity_drag_ui(
                                ui,
                                &mut span.time,
                                &QuantitySpec::new(&label, 0.0..=max_time).suffix(&suffix),
                                0.1,
                            );
                            ui.checkbox(&mut span.concurrent, "")
                                .on_hover_text("Runs in parallel with the span before it")
                                .accessible_name(format!("{} runs concurrently", span.name));
                            ui.label(match &span.lever {
                                None => "—".to_owned(),
                                Some(l) => l.describe(unit),
                            });
                            ui.end_row();
                        }
                    });
            },
        );
    }

    pub(super) fn span_buttons_ui(&mut self, ui: &mut egui::Ui, b: &mut Budget) {
        let selected = self.selected.filter(|&i| i < b.spans.len());
        self.selected = selected;
        // Keyboard: only when no text field is being edited.
        let typing = ui.memory(|m| m.focused().is_some());
        let (dup_key, del_key, up_key, down_key) = if typing {
            (false, false, false, false)
        } else {
            ui.input_mut(|i| {
                (
                    i.consume_key(egui::Modifiers::COMMAND, egui::Key::D),
                    i.consume_key(egui::Modifiers::NONE, egui::Key::Delete),
                    i.consume_key(egui::Modifiers::ALT, egui::Key::ArrowUp),
                    i.consume_key(egui::Modifiers::ALT, egui::Key::ArrowDown),
                )
            })
        };
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Add span")
                .on_hover_text("Insert a new span after the selected one")
                .clicked()
            {
                let at = selected.map_or(b.spans.len(), |i| i + 1);
                b.spans.insert(
                    at,
                    Span {
                        name: format!("span {}", b.spans.len() + 1),
                        time: Quantity::Value(if b.unit == TimeUnit::Percent {
                            5.0
                        } else {
                            10.0
                        }),
                        kind: SpanKind::Other,
                        concurrent: false,
                        lever: None,
                    },
                );
                self.selected = Some(at);
            }
            let Some(i) = selected else {
                ui.weak("Select a span to duplicate, move or delete it.");
                return;
            };
            if ui
                .button("Duplicate")
                .on_hover_text("Duplicate the selected span (Ctrl+D)")
                .clicked()
                || dup_key
            {
                let copy = b.spans[i].clone();
                b.spans.insert(i + 1, copy);
                self.selected = Some(i + 1);
            }
            if ui
                .add_enabled(i > 0, egui::Button::new("Move up"))
                .on_hover_text("Move the selected span earlier (Alt+↑)")
                .clicked()
                || (up_key && i > 0)
            {
                b.spans.swap(i, i - 1);
                self.selected = Some(i - 1);
            }
            if ui
                .add_enabled(i + 1 < b.spans.len(), egui::Button::new("Move down"))
                .on_hover_text("Move the selected span later (Alt+↓)")
                .clicked()
                || (down_key && i + 1 < b.spans.len())
            {
                b.spans.swap(i, i + 1);
                self.selected = Some(i + 1);
            }
            if ui
                .add_enabled(b.spans.len() > 1, egui::Button::new("Delete span"))
                .on_hover_text("Delete the selected span (Delete); a budget keeps at least one")
                .clicked()
                || (del_key && b.spans.len() > 1)
            {
                b.spans.remove(i);
                self.selected = if b.spans.is_empty() {
                    None
                } else {
                    Some(i.min(b.spans.len() - 1))
                };
            }
        });
    }

    pub(super) fn span_detail_ui(&mut self, ui: &mut egui::Ui, b: &mut Budget, unit: &str) {
        let Some(i) = self.selected.filter(|&i| i < b.spans.len()) else {
            return;
        };
        let max_time = if b.unit == TimeUnit::Percent {
            100.0
        } else {
            MAX_SPAN_MS
        };
        let span = &mut b.spans[i];
        ui.heading(format!("Span {}: {}", i + 1, span.name));
        egui::Grid::new("span detail")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                ui.label("Name");
                ui.add(egui::TextEdit::singleline(&mut span.name).hint_text("span name"))
                    .accessible_name("span name");
                ui.end_row();
                ui.label("Kind");
                kind_combo_ui(ui, "detail kind", "span kind", &mut span.kind);
                ui.end_row();
                ui.label("Time");
                let spec = QuantitySpec {
                    label: "span time",
                    range: 0.0..=max_time,
                    ..QuantitySpec::of(&budget::SPAN_INPUTS[0], unit == "%")
                };
                quantity_slider_ui(ui, &mut span.time, &spec.log());
                ui.end_row();
                ui.label("Concurrent");
                ui.checkbox(
                    &mut span.concurrent,
                    "runs in parallel with the span before it",
                );
                ui.end_row();
            });
        ui.add_space(6.0);
        ui.strong("Lever (a what-if fix on this span)");
        lever_editor_ui(ui, span, unit, max_time);
    }
}

fn kind_combo_ui(
    ui: &mut egui::Ui,
    id_salt: impl egui::AsIdSalt,
    accessible_name: &str,
    kind: &mut SpanKind,
) {
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(RichText::new(kind.label()).color(color(palette::span_kind(*kind))))
        .show_ui(ui, |ui| {
            for k in SpanKind::ALL {
                ui.selectable_value(
                    kind,
                    k,
                    RichText::new(k.label()).color(color(palette::span_kind(k))),
                );
            }
        })
        .response
        .accessible_name(accessible_name);
}

/// The lever kinds offered in the editor, by name.
const LEVER_KINDS: [&str; 6] = [
    "none",
    "Speedup",
    "Replace",
    "Cache",
    "Async",
    "Parallelize",
];

fn lever_editor_ui(ui: &mut egui::Ui, span: &mut Span, unit: &str, max_time: f64) {
    let current = span.lever.as_ref().map_or("none", Lever::kind_name);
    let mut chosen = current;
    egui::ComboBox::from_label("lever kind")
        .selected_text(chosen)
        .show_ui(ui, |ui| {
            for kind in LEVER_KINDS {
                ui.selectable_value(&mut chosen, kind, kind);
            }
        });
    if chosen != current {
        let label = span
            .lever
            .as_ref()
            .map(|l| l.label().to_owned())
            .unwrap_or_default();
        let effort_days = span
            .lever
            .as_ref()
            .and_then(|l| l.effort_days_quantity().copied());
        let time = span.time.point();
        span.lever = match chosen {
            "Speedup" => Some(Lever::Speedup {
                label,
                factor: Quantity::Value(10.0),
                effort_days,
            }),
            "Replace" => Some(Lever::Replace {
                label,
                time: Quantity::Value(time / 10.0),
                effort_days,
            }),
            "Cache" => Some(Lever::Cache {
                label,
                hit_ratio: Quantity::Value(0.8),
                hit_time: Quantity::Value(1.0_f64.min(time)),
                effort_days,
            }),
            "Async" => Some(Lever::Async { label, effort_days }),
            "Parallelize" => Some(Lever::Parallelize { label, effort_days }),
            _ => None,
        };
    }
    let Some(lever) = &mut span.lever else {
        ui.weak("No lever: choose one to see what a cheap fix on this span buys.");
        return;
    };
    // The lever's numbers, as its kind's table entries describe them; a
    // time reaches as far as the span's own slider.
    let percent = unit == "%";
    for input in budget::LEVER_INPUTS
        .iter()
        .filter(|i| i.name != "effort_days")
    {
        if let Some(q) = (input.get_mut)(lever) {
            let mut spec = QuantitySpec::of(input, percent);
            if input.unit == Unit::SpanTime {
                spec.range = 0.0..=max_time;
                spec = spec.log();
            }
            quantity_slider_ui(ui, q, &spec);
        }
    }
    match lever {
        Lever::Cache { .. } => {
            ui.weak("time = h·hit time + (1 − h)·time");
        }
        Lever::Async { .. } => {
            ui.weak("Moved off the user-facing path: 0 on the critical path.");
        }
        Lever::Parallelize { .. } => {
            ui.weak("Runs concurrently with the span before it.");
        }
        Lever::Speedup { .. } | Lever::Replace { .. } => {}
    }
    let effort = budget::LEVER_INPUTS
        .iter()
        .find(|i| i.name == "effort_days")
        .map(|i| QuantitySpec::of(i, percent));
    let (label, effort_days) = match lever {
        Lever::Speedup {
            label, effort_days, ..
        }
        | Lever::Replace {
            label, effort_days, ..
        }
        | Lever::Cache {
            label, effort_days, ..
        }
        | Lever::Async { label, effort_days }
        | Lever::Parallelize { label, effort_days } => (label, effort_days),
    };
    ui.horizontal(|ui| {
        ui.label("label");
        ui.add(egui::TextEdit::singleline(label).hint_text("what the fix is, e.g. add index"))
            .accessible_name("lever label");
    });
    ui.horizontal(|ui| {
        let mut has_effort = effort_days.is_some();
        if ui
            .checkbox(&mut has_effort, "effort")
            .on_hover_text("Engineer-days of work; ranks levers by saving per day.")
            .changed()
        {
            *effort_days = has_effort.then_some(Quantity::Value(1.0));
        }
        if let (Some(days), Some(spec)) = (effort_days, &effort) {
            quantity_drag_ui(ui, days, spec, 0.1);
        }
    });
}

/// A span's name cell: its kind's swatch and a selectable name (own code
/// in bold orange), cut to the column.
fn span_name_ui(ui: &mut egui::Ui, span: &Span, i: usize, selected: &mut Option<usize>) {
    let kind_color = color(palette::span_kind(span.kind));
    let mut text = RichText::new(&span.name);
    if span.kind == SpanKind::OwnCode {
        text = text.color(kind_color).strong();
    }
    ui.horizontal(|ui| {
        let (swatch, _) = ui.allocate_exact_size(egui::vec2(8.0, 14.0), egui::Sense::hover());
        ui.painter().rect_filled(swatch, 2.0, kind_color);
        // Cut to the frozen column's width (the time column beside it is the
        // one a user drags); the whole name is in the tooltip.
        if ui
            .add(egui::Button::selectable(*selected == Some(i), text).truncate())
            .on_hover_text(format!("{}\nSelect to edit this span below", span.name))
            .clicked()
        {
            *selected = Some(i);
        }
    });
}
