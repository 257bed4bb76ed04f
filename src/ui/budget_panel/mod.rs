//! The Budget panel: where the time goes, the live Amdahl curve, the levers
//! and the SLO gap.

mod spans;

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use super::Status;
use super::layout::chart_block_ui;
use super::memo::Memo;
use super::plot::color;
use super::quantity::{QuantitySpec, input_slider_ui, quantity_drag_ui};
use super::section_panel::{PartOf, section_panel};
use crate::chart::{self, Chart, palette};
use crate::format::{percent, quantity};
use crate::model::Quantity;
use crate::model::budget::{self, Budget, BudgetEval, Slo, Span, SpanKind, TimeUnit};
use crate::report::explain;

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
        language_speedup: Quantity::Value(crate::model::budget::DEFAULT_LANGUAGE_SPEEDUP),
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

section_panel!(
    BudgetPanel: budget (Budget, BudgetEval), starter starter_budget,
    name "Budget", label "Budget",
    question "Where does the time go, what is the ceiling, what is the cheap fix?",
    missing ("This scenario has no time budget yet.", "A budget lists where one request's time goes (a trace) or the CPU shares of a profile.", "Add a time budget"),
    headline |b, e, f| vec![explain::budget(f.words, b, e, f.views.map(|v| &v.uncertainty))],
    added |p| p.selected = Some(0)
);

impl BudgetPanel {
    /// The inputs pane.
    fn inputs_pane(&mut self, ui: &mut egui::Ui, part: PartOf<'_, '_, Self>) -> Option<Status> {
        self.inputs_ui(ui, part.section);
        None
    }

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
    fn charts_pane(&mut self, ui: &mut egui::Ui, part: PartOf<'_, '_, Self>) -> Option<Status> {
        let (b, e) = (part.section, part.eval);
        let (views, view) = (part.frame.views, part.frame.view);
        let mut notice = None;
        ui.horizontal_wrapped(|ui| {
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
        input_slider_ui(ui, &budget::INPUTS[0], b);
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

    fn levers_ui(&mut self, ui: &mut egui::Ui, b: &Budget, e: &BudgetEval) {
        let unit = b.unit.symbol();
        ui.horizontal_wrapped(|ui| {
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
        // Wider than the charts column: it scrolls sideways, never over the inputs.
        egui::ScrollArea::horizontal()
            .id_salt("levers scroll")
            .show(ui, |ui| levers_table_ui(ui, unit, e.total, &levers));
    }
}

/// The levers ranked, one row each; `total` is the budget's total.
fn levers_table_ui(
    ui: &mut egui::Ui,
    unit: &str,
    total: f64,
    levers: &[&crate::model::budget::LeverEval],
) {
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
                                quantity(total),
                                quantity(lever.total_after),
                                percent(lever.saved / total)
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
                        ui.label(
                            lever.saved_per_effort_day.map_or("—".to_owned(), |x| {
                                format!("{} {unit}/day", quantity(x))
                            }),
                        );
                    });
                });
            }
        });
}

fn slo_ui(ui: &mut egui::Ui, b: &mut Budget) {
    let unit = b.unit.symbol();
    // Each optional input's label, unit and hint, from the budget's table.
    let percent = b.unit == TimeUnit::Percent;
    let spec = |name: &str| {
        budget::INPUTS
            .iter()
            .find(|i| i.name == name)
            .map(|i| QuantitySpec::of(i, percent))
            .unwrap_or_else(|| QuantitySpec::new("", 0.0..=1.0))
    };
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
                quantity_drag_ui(ui, latency, &spec("slo.latency"), 1.0)
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
                quantity_drag_ui(ui, throughput, &spec("slo.throughput_per_s"), 1.0);
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
            quantity_drag_ui(ui, measured, &spec("measured_throughput_per_s"), 1.0);
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
