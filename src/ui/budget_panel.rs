//! The Budget panel: where the time goes, the live Amdahl curve, the levers
//! and the SLO gap.

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use super::headline;
use super::layout::{add_section_ui, chart_block_ui, section_frame};
use super::memo::Memo;
use super::panel::{Panel, PanelContext, PanelEntry};
use super::plot::color;
use super::quantity::{QuantitySpec, quantity_drag_ui, quantity_slider_ui};
use crate::chart::{self, Chart, palette};
use crate::format::{percent, quantity};
use crate::model::Quantity;
use crate::model::budget::{Budget, BudgetEval, Lever, Slo, Span, SpanKind, TimeUnit};
use crate::model::uncertain::views::Views;
use crate::report::explain::{self, Words};

/// Which lever ranking the table shows first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LeverOrder {
    /// Most time saved first.
    #[default]
    Saved,
    /// Most time saved per engineer-day first.
    PerEffortDay,
}

/// The Budget panel's own state: selection, view options, chart cache.
#[derive(Default)]
pub struct BudgetPanel {
    /// The span the detail editor shows.
    pub selected: Option<usize>,
    /// Overlay the Amdahl curves after each lever.
    pub lever_curves: bool,
    /// The lever table's order.
    pub lever_order: LeverOrder,
    charts: Memo<(Budget, bool), (Chart, Chart)>,
}

/// The largest time a span's slider reaches, in milliseconds.
const MAX_SPAN_MS: f64 = 10_000.0;

/// A budget to start from when the scenario has none.
fn starter_budget() -> Budget {
    Budget {
        unit: TimeUnit::Milliseconds,
        language_speedup: Quantity::Value(10.0),
        slo: None,
        measured_throughput_per_s: None,
        spans: vec![
            Span {
                name: "own code".into(),
                time: Quantity::Value(10.0),
                kind: SpanKind::OwnCode,
                concurrent: false,
                lever: None,
            },
            Span {
                name: "database query".into(),
                time: Quantity::Value(100.0),
                kind: SpanKind::Database,
                concurrent: false,
                lever: None,
            },
        ],
    }
}

/// The Budget panel's registration.
pub const ENTRY: PanelEntry = PanelEntry {
    name: "Budget",
    label: "Budget",
    question: "Where does the time go, what is the ceiling, what is the cheap fix?",
    has_section: |s| s.budget.is_some(),
    new: || Box::<BudgetPanel>::default(),
};

impl Panel for BudgetPanel {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) -> Option<super::Status> {
        let words = Words::of(cx.scenario);
        let (views, view) = (cx.views, cx.view);
        let (Some(b), Some(e)) = (cx.scenario.budget.as_mut(), cx.evaluation.budget.as_ref())
        else {
            if add_section_ui(
                ui,
                "This scenario has no time budget yet.",
                "A budget lists where one request's time goes (a trace) or the CPU shares of a profile.",
                "Add a time budget",
            ) {
                cx.scenario.budget = Some(starter_budget());
                self.selected = Some(0);
            }
            return None;
        };
        let headline = explain::budget(&words, b, e, views.map(|v| &v.uncertainty));
        section_frame(
            ui,
            "budget",
            view,
            &mut (self, b),
            // headline, inputs, charts
            |ui, _| headline::explanations_ui(ui, &[headline]),
            |ui, (panel, b)| {
                panel.inputs_ui(ui, b);
                None
            },
            |ui, (panel, b)| panel.charts_ui(ui, b, e, views, view),
        )
    }
}

impl BudgetPanel {
    /// The Amdahl and time charts for `budget`, rebuilt only when it (or the
    /// overlay option) changed. They are built from the budget as edited
    /// this frame, not from the frame's starting evaluation, so a kept chart
    /// is never stale.
    fn charts(&mut self, budget: &Budget) -> &(Chart, Chart) {
        self.charts.get(
            &(budget.clone(), self.lever_curves),
            |(budget, lever_curves)| {
                let eval = crate::model::budget::evaluate(budget);
                (
                    chart::budget::amdahl_chart(budget, &eval, *lever_curves),
                    chart::budget::time_chart(budget, &eval),
                )
            },
        )
    }

    /// The charts: Amdahl, where the time goes, the total's distribution
    /// and the levers ranked.
    fn charts_ui(
        &mut self,
        ui: &mut egui::Ui,
        b: &mut Budget,
        e: &BudgetEval,
        views: Option<&Views>,
        view: super::PanelView<'_>,
    ) -> Option<super::Status> {
        let mut notice = None;
        ui.horizontal(|ui| {
            ui.strong("Amdahl: total speedup vs language speedup");
            ui.checkbox(&mut self.lever_curves, "show curves after each lever")
                .on_hover_text(
                    "Dotted curves: what the language buys on top of each cheap fix, \
                     relative to today's total.",
                );
        });
        let (amdahl, time) = self.charts(b);
        let banded = views
            .filter(|v| chart::uncertainty::spreads(&v.amdahl_band))
            .map(|v| {
                let mut chart = amdahl.clone();
                chart::uncertainty::add_band(&mut chart, &v.amdahl_band, "speedup");
                chart
            });
        let amdahl = banded.as_ref().unwrap_or(amdahl);
        if let Some(status) = chart_block_ui(ui, amdahl, 260.0, view) {
            notice = Some(status);
        }
        ui.add_space(8.0);
        ui.strong(
            "Where the time goes (critical path; thin bars run concurrently and do not count)",
        );
        let rows = time.rows.len() as f32;
        if let Some(status) = chart_block_ui(ui, time, 70.0 + 34.0 * rows, view) {
            notice = Some(status);
        }
        ui.add_space(8.0);
        if let Some(set) = views
            .and_then(|v| v.total_after_all.as_ref())
            .filter(|set| chart::uncertainty::varies(set))
        {
            let chart = chart::uncertainty::total_chart(b, set);
            ui.strong(&chart.title);
            if let Some(status) = chart_block_ui(ui, &chart, 220.0, view) {
                notice = Some(status);
            }
            ui.add_space(8.0);
        }
        self.levers_ui(ui, b, e);
        notice
    }

    fn inputs_ui(&mut self, ui: &mut egui::Ui, b: &mut Budget) {
        let unit = b.unit.symbol();
        ui.heading("Language");
        quantity_slider_ui(
            ui,
            &mut b.language_speedup,
            &QuantitySpec::new("language speedup s", 1.0..=100.0)
                .log()
                .suffix("×")
                .hint("How many times faster the candidate language computes own code."),
        );
        ui.horizontal(|ui| {
            ui.label("Unit:");
            ui.selectable_value(&mut b.unit, TimeUnit::Milliseconds, "ms (a trace)");
            ui.selectable_value(&mut b.unit, TimeUnit::Percent, "% (a profile)");
        });
        ui.separator();
        slo_ui(ui, b);
        ui.separator();
        ui.heading("Spans");
        ui.label(
            RichText::new("Own-code spans (orange) are what a language change can touch.")
                .color(color(palette::span_kind(SpanKind::OwnCode))),
        );
        self.spans_table_ui(ui, b);
        self.span_buttons_ui(ui, b);
        ui.separator();
        self.span_detail_ui(ui, b, unit);
    }

    fn spans_table_ui(&mut self, ui: &mut egui::Ui, b: &mut Budget) {
        let unit = b.unit.symbol();
        let max_time = if b.unit == TimeUnit::Percent {
            100.0
        } else {
            MAX_SPAN_MS
        };
        TableBuilder::new(ui)
            .id_salt("spans")
            .striped(true)
            .column(Column::auto().at_least(150.0).clip(true))
            .column(Column::auto().at_least(110.0))
            .column(Column::auto().at_least(80.0))
            .column(Column::auto())
            .column(Column::remainder().at_least(90.0))
            .header(20.0, |mut header| {
                header.col(|ui| {
                    ui.strong("span");
                });
                header.col(|ui| {
                    ui.strong("kind");
                });
                header.col(|ui| {
                    ui.strong(format!("time ({unit})"));
                });
                header.col(|ui| {
                    ui.strong("‖").on_hover_text(
                        "Concurrent: runs in parallel with the span before it; a stage counts its longest span.",
                    );
                });
                header.col(|ui| {
                    ui.strong("lever");
                });
            })
            .body(|mut body| {
                for (i, span) in b.spans.iter_mut().enumerate() {
                    body.row(24.0, |mut row| {
                        row.set_selected(self.selected == Some(i));
                        row.col(|ui| {
                            let kind_color = color(palette::span_kind(span.kind));
                            let mut text = RichText::new(&span.name);
                            if span.kind == SpanKind::OwnCode {
                                text = text.color(kind_color).strong();
                            }
                            ui.horizontal(|ui| {
                                let (swatch, _) = ui.allocate_exact_size(
                                    egui::vec2(8.0, 14.0),
                                    egui::Sense::hover(),
                                );
                                ui.painter().rect_filled(swatch, 2.0, kind_color);
                                if ui
                                    .selectable_label(self.selected == Some(i), text)
                                    .on_hover_text("Select to edit this span below")
                                    .clicked()
                                {
                                    self.selected = Some(i);
                                }
                            });
                        });
                        row.col(|ui| {
                            kind_combo_ui(ui, ("span kind", i), &format!("kind of {}", span.name), &mut span.kind);
                        });
                        row.col(|ui| {
                            let label = format!("time of {}", span.name);
                            let suffix = format!(" {unit}");
                            quantity_drag_ui(
                                ui,
                                &mut span.time,
                                &QuantitySpec::new(&label, 0.0..=max_time).suffix(&suffix),
                                0.1,
                            );
                        });
                        row.col(|ui| {
                            ui.checkbox(&mut span.concurrent, "")
                                .on_hover_text("Runs in parallel with the span before it")
                                .accessible_name(format!("{} runs concurrently", span.name));
                        });
                        row.col(|ui| {
                            let text = match &span.lever {
                                None => "—".to_owned(),
                                Some(l) => l.describe(unit),
                            };
                            ui.label(text);
                        });
                    });
                }
            });
    }

    fn span_buttons_ui(&mut self, ui: &mut egui::Ui, b: &mut Budget) {
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

    fn span_detail_ui(&mut self, ui: &mut egui::Ui, b: &mut Budget, unit: &str) {
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
                let suffix = format!(" {unit}");
                quantity_slider_ui(
                    ui,
                    &mut span.time,
                    &QuantitySpec::new("span time", 0.0..=max_time)
                        .log()
                        .suffix(&suffix),
                );
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

    fn levers_ui(&mut self, ui: &mut egui::Ui, b: &Budget, e: &BudgetEval) {
        let unit = b.unit.symbol();
        ui.horizontal(|ui| {
            ui.strong("Cheap fixes first: each lever alone");
            ui.label("sorted by");
            ui.selectable_value(&mut self.lever_order, LeverOrder::Saved, "time saved");
            ui.selectable_value(
                &mut self.lever_order,
                LeverOrder::PerEffortDay,
                "saved per effort-day",
            );
        });
        if e.levers.is_empty() {
            ui.weak(
                "No levers yet: select a span and choose a lever to see what a cheap fix buys.",
            );
            return;
        }
        let mut levers: Vec<_> = e.levers.iter().collect();
        if self.lever_order == LeverOrder::PerEffortDay {
            levers.sort_by(|a, b| {
                let key = |l: &&crate::model::budget::LeverEval| {
                    l.saved_per_effort_day.unwrap_or(f64::NEG_INFINITY)
                };
                key(b).total_cmp(&key(a))
            });
        }
        TableBuilder::new(ui)
            .id_salt("levers")
            .striped(true)
            .column(Column::auto().at_least(24.0))
            .column(Column::auto().at_least(180.0).clip(true))
            .column(Column::auto().at_least(120.0).clip(true))
            .column(Column::auto().at_least(90.0))
            .column(Column::auto().at_least(90.0))
            .column(Column::auto().at_least(70.0))
            .column(Column::remainder().at_least(90.0))
            .header(20.0, |mut header| {
                for title in [
                    "#",
                    "lever",
                    "span",
                    "saves",
                    "total after",
                    "effort",
                    "saved / day",
                ] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|mut body| {
                for (k, lever) in levers.iter().enumerate() {
                    body.row(22.0, |mut row| {
                        row.col(|ui| {
                            ui.label(format!("{}", k + 1));
                        });
                        row.col(|ui| {
                            ui.label(&lever.label);
                        });
                        row.col(|ui| {
                            ui.label(&lever.span);
                        });
                        row.col(|ui| {
                            ui.label(crate::format::amount(lever.saved, unit))
                                .on_hover_text(format!(
                                    "total − total after = {} − {} {unit} ({} of the total)",
                                    quantity(e.total),
                                    quantity(lever.total_after),
                                    percent(lever.saved / e.total)
                                ));
                        });
                        row.col(|ui| {
                            ui.label(crate::format::amount(lever.total_after, unit));
                        });
                        row.col(|ui| {
                            ui.label(
                                lever
                                    .effort_days
                                    .map_or("—".to_owned(), |d| format!("{} d", quantity(d))),
                            );
                        });
                        row.col(|ui| {
                            ui.label(lever.saved_per_effort_day.map_or("—".to_owned(), |x| {
                                format!("{} {unit}/day", quantity(x))
                            }));
                        });
                    });
                }
            });
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

fn slo_ui(ui: &mut egui::Ui, b: &mut Budget) {
    let unit = b.unit.symbol();
    ui.heading("SLO");
    let slo = b.slo.get_or_insert_with(Slo::default);
    egui::Grid::new("slo")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            let mut has_latency = slo.latency.is_some();
            if ui
                .checkbox(&mut has_latency, format!("latency ≤ ({unit})"))
                .changed()
            {
                slo.latency = has_latency.then_some(Quantity::Value(300.0));
            }
            if let Some(latency) = &mut slo.latency {
                let suffix = format!(" {unit}");
                quantity_drag_ui(
                    ui,
                    latency,
                    &QuantitySpec::new("latency SLO", 0.001..=1e7).suffix(&suffix),
                    1.0,
                )
                .on_hover_text("The total (critical path) must not exceed this.");
            }
            ui.end_row();
            let mut has_throughput = slo.throughput_per_s.is_some();
            if ui
                .checkbox(&mut has_throughput, "throughput ≥ (/s)")
                .changed()
            {
                slo.throughput_per_s = has_throughput.then_some(Quantity::Value(100.0));
            }
            if let Some(throughput) = &mut slo.throughput_per_s {
                quantity_drag_ui(
                    ui,
                    throughput,
                    &QuantitySpec::new("throughput SLO", 0.001..=1e9).suffix(" /s"),
                    1.0,
                );
            }
            ui.end_row();
        });
    if slo.latency.is_none() && slo.throughput_per_s.is_none() {
        b.slo = None;
    }
    let mut has_measured = b.measured_throughput_per_s.is_some();
    ui.horizontal(|ui| {
        if ui
            .checkbox(&mut has_measured, "measured throughput")
            .on_hover_text("Throughput today; for a CPU-bound profile it scales with the speedup.")
            .changed()
        {
            b.measured_throughput_per_s = has_measured.then_some(Quantity::Value(100.0));
        }
        if let Some(measured) = &mut b.measured_throughput_per_s {
            quantity_drag_ui(
                ui,
                measured,
                &QuantitySpec::new("measured throughput", 0.001..=1e9).suffix(" /s"),
                1.0,
            );
        }
    });
    let throughput_slo = b.slo.as_ref().and_then(|s| s.throughput_per_s).is_some();
    if throughput_slo && b.measured_throughput_per_s.is_none() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "A throughput SLO needs a measured throughput to be judged.",
        );
    }
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
    let (label, effort_days) = match lever {
        Lever::Speedup {
            label,
            factor,
            effort_days,
        } => {
            quantity_slider_ui(
                ui,
                factor,
                &QuantitySpec::new("lever speedup factor", 1.0..=100.0)
                    .log()
                    .suffix("×"),
            );
            (label, effort_days)
        }
        Lever::Replace {
            label,
            time,
            effort_days,
        } => {
            let suffix = format!(" {unit}");
            quantity_slider_ui(
                ui,
                time,
                &QuantitySpec::new("replacement time", 0.0..=max_time)
                    .log()
                    .suffix(&suffix),
            );
            (label, effort_days)
        }
        Lever::Cache {
            label,
            hit_ratio,
            hit_time,
            effort_days,
        } => {
            quantity_slider_ui(
                ui,
                hit_ratio,
                &QuantitySpec::new("cache hit ratio", 0.0..=100.0).percent(),
            );
            let suffix = format!(" {unit}");
            quantity_slider_ui(
                ui,
                hit_time,
                &QuantitySpec::new("cache hit time", 0.0..=max_time)
                    .log()
                    .suffix(&suffix),
            );
            ui.weak("time = h·hit time + (1 − h)·time");
            (label, effort_days)
        }
        Lever::Async { label, effort_days } => {
            ui.weak("Moved off the user-facing path: 0 on the critical path.");
            (label, effort_days)
        }
        Lever::Parallelize { label, effort_days } => {
            ui.weak("Runs concurrently with the span before it.");
            (label, effort_days)
        }
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
        if let Some(days) = effort_days {
            quantity_drag_ui(
                ui,
                days,
                &QuantitySpec::new("lever effort", 0.0..=10_000.0).suffix(" days"),
                0.1,
            );
        }
    });
}
