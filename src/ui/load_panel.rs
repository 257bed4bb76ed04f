//! The Load panel: the latency cliff against arrival rate, load growth to
//! the breach, and the USL fit of a load test (points importable from CSV).

use eframe::egui;

use super::Status;
use super::layout::chart_block_ui;
use super::memo::Memo;
use super::quantity::input_slider_ui;
use super::section_panel::{PartOf, section_panel};
use crate::chart::{self, Chart};
use crate::format::{grouped, quantity};
use crate::model::Quantity;
use crate::model::load::{
    self, Load, LoadEval, Queue, Retries, Usl, points_from_csv, usl_throughput,
};
use crate::report::explain;

/// The Load panel's own state.
pub struct LoadPanel {
    charts: Memo<Load, Vec<Chart>>,
    /// The concurrency at which to predict throughput from the USL fit.
    predict_at: f64,
}

impl Default for LoadPanel {
    fn default() -> Self {
        Self {
            charts: Memo::default(),
            predict_at: 64.0,
        }
    }
}

/// A load section to start from: a small M/M/c service.
fn starter_load() -> Load {
    Load {
        queue: Some(Queue {
            service_ms: Quantity::Value(50.0),
            servers: 8,
            arrival_per_s: Quantity::Value(100.0),
            growth_per_quarter: Quantity::Value(0.1),
            slo_ms: Quantity::Value(300.0),
            percentile: 99.0,
            service_cv: Quantity::Value(1.0),
            retries: None,
            memory_per_request_mb: None,
            memory_limit_mb: None,
            slo_target: None,
        }),
        usl: None,
    }
}

section_panel!(
    LoadPanel: load (Load, LoadEval), starter starter_load,
    name "Load", label "Load",
    question "When does growth push latency off the cliff, and where does scaling stop?",
    missing ("This scenario has no load model yet.", "A queue shows where latency falls off the cliff; a load test shows where scaling stops.", "Add a load model"),
    headline |l, e, f| explain::load(f.words, l, e)
);

impl LoadPanel {
    /// The inputs pane.
    fn inputs_pane(&mut self, ui: &mut egui::Ui, part: PartOf<'_, '_, Self>) -> Option<Status> {
        inputs_ui(ui, part.section)
    }

    /// The panel's charts.
    fn charts_pane(&mut self, ui: &mut egui::Ui, part: PartOf<'_, '_, Self>) -> Option<Status> {
        let (l, e) = (part.section, part.eval);
        let view = part.frame.view;
        let mut notice = None;
        let charts = self.charts.get(l, |l| {
            let scenario = crate::model::Scenario {
                load: Some(l.clone()),
                ..Default::default()
            };
            chart::all(&scenario, &crate::model::evaluate(&scenario), None)
        });
        for chart in charts {
            ui.strong(&chart.title);
            if let Some(status) = chart_block_ui(ui, chart, 260.0, view) {
                notice = Some(status);
            }
            ui.add_space(8.0);
        }
        if charts.is_empty() {
            ui.label("Add a queue or load-test points to see the charts.");
        }
        if let Some(u) = &e.usl {
            ui.horizontal_wrapped(|ui| {
                ui.label("Predicted throughput at N =");
                ui.add(
                    super::drag(&mut self.predict_at)
                        .range(1.0..=1e6)
                        .speed(1.0),
                )
                .accessible_name("predict at concurrency");
                let x = usl_throughput(self.predict_at, u.alpha, u.beta, u.gamma);
                ui.strong(format!("{}/s", quantity(x)))
                    .on_hover_text(format!(
                        "γN / (1 + α(N − 1) + βN(N − 1)) with α = {}, β = {:.3e}, γ = {}",
                        grouped(u.alpha, 4),
                        u.beta,
                        quantity(u.gamma)
                    ));
            });
        }
        notice
    }
}

fn inputs_ui(ui: &mut egui::Ui, l: &mut Load) -> Option<super::Status> {
    let mut notice = None;
    ui.heading("Queue (M/M/c, or M/G/c with a service cv)");
    let mut has_queue = l.queue.is_some();
    if ui
        .checkbox(&mut has_queue, "model the service as a queue")
        .changed()
    {
        l.queue = has_queue.then(|| starter_load().queue).flatten();
    }
    if let Some(q) = &mut l.queue {
        // The queue's inputs from its table; the server count (an integer)
        // after the service time.
        for input in load::QUEUE_INPUTS {
            input_slider_ui(ui, input, q);
            if input.name == "retries.failure_rate"
                && let Some(r) = &mut q.retries
            {
                ui.add(super::slider(&mut r.max_attempts, 1..=10).text("retry: attempts in all"))
                    .on_hover_text("Attempts per request, the first included (1 = no retry)");
            }
            if input.name == "service_ms" {
                ui.add(
                    super::slider(&mut q.servers, 1..=10_000)
                        .logarithmic(true)
                        .text("servers"),
                )
                .on_hover_text("Workers × instances serving in parallel");
            }
        }
        ui.add(super::slider(&mut q.percentile, 50.0..=99.99).text("SLO percentile"))
            .on_hover_text("99 = p99");
        realistic_ui(ui, q);
    }
    ui.separator();
    ui.heading("Load test (USL)");
    if ui
        .button("Import CSV…")
        .on_hover_text("A header row, then two columns: concurrency, throughput")
        .clicked()
        && let Some(path) = rfd::FileDialog::new()
            .add_filter("CSV", &["csv"])
            .pick_file()
    {
        notice = Some(import_csv(l, &path));
    }
    if let Some(u) = &mut l.usl {
        ui.label(format!("{} measured points", u.points.len()));
        egui::Grid::new("usl points")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                ui.strong("concurrency N");
                ui.strong("throughput X (/s)");
                ui.end_row();
                for (i, (n, x)) in u.points.iter_mut().enumerate() {
                    ui.add(super::drag(n).range(0.001..=1e9).speed(0.1))
                        .accessible_name(format!("concurrency of point {}", i + 1));
                    ui.add(super::drag(x).range(0.0..=1e12).speed(1.0))
                        .accessible_name(format!("throughput of point {}", i + 1));
                    ui.end_row();
                }
            });
        if ui.button("Remove the load test").clicked() {
            l.usl = None;
        }
    } else {
        ui.weak("No load test yet: import (concurrency, throughput) points to fit the USL.");
    }
    notice
}

/// The format-3 parts of a queue: retries, memory in flight and an error
/// budget, each switched on with its defaults and off again.
fn realistic_ui(ui: &mut egui::Ui, q: &mut Queue) {
    ui.add_space(4.0);
    let mut retries = q.retries.is_some();
    if ui
        .checkbox(&mut retries, "retries against a failing dependency")
        .on_hover_text("Each failed attempt lasts its timeout, then the request is retried after a doubling backoff: more load, a longer tail")
        .changed()
    {
        q.retries = retries.then_some(Retries {
            failure_rate: Quantity::Value(0.01),
            max_attempts: 3,
            timeout_ms: Quantity::Value(1000.0),
            backoff_ms: Quantity::Value(100.0),
        });
    }
    let mut memory = q.memory_per_request_mb.is_some();
    if ui
        .checkbox(&mut memory, "memory in flight")
        .on_hover_text("Little's law: requests in flight × memory per request, against a limit")
        .changed()
    {
        (q.memory_per_request_mb, q.memory_limit_mb) = if memory {
            (Some(Quantity::Value(1.0)), Some(Quantity::Value(4096.0)))
        } else {
            (None, None)
        };
    }
    let mut budget = q.slo_target.is_some();
    ui.horizontal(|ui| {
        if ui
            .checkbox(&mut budget, "error budget")
            .on_hover_text(
                "The share of requests that must meet the SLO; the panel reads the burn rate",
            )
            .changed()
        {
            q.slo_target = budget.then_some(0.999);
        }
        if let Some(target) = &mut q.slo_target {
            let mut pct = *target * 100.0;
            if ui
                .add(
                    super::drag(&mut pct)
                        .range(50.0..=99.9999)
                        .speed(0.01)
                        .suffix(" %"),
                )
                .accessible_name("SLO target")
                .on_hover_text(
                    "99.9 % = at most 0.1 % of requests over the SLO (43.2 minutes in 30 days)",
                )
                .changed()
            {
                *target = pct / 100.0;
            }
        }
    });
}

/// Replaces the load test's points with the CSV at `path`; the status names the file.
pub fn import_csv(l: &mut Load, path: &std::path::Path) -> super::Status {
    use crate::scenario_file::{MAX_FILE_BYTES, read_capped, regular_file};
    let result = regular_file(path)
        .and_then(|()| read_capped(path, MAX_FILE_BYTES))
        .map_err(|e| format!("cannot read: {e}"))
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|e| {
                format!(
                    "not UTF-8 text (byte {}): save it as UTF-8 CSV",
                    e.utf8_error().valid_up_to()
                )
            })
        })
        .and_then(|text| points_from_csv(&text));
    match result {
        Ok(points) => {
            let n = points.len();
            l.usl = Some(Usl { points });
            super::Status::info(format!("Imported {n} points from {}", path.display()))
        }
        Err(err) => super::Status::error(format!("{}: {err}", path.display())),
    }
}
