//! The Cost panel: Little's law, instances per type and the monthly bill.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use super::headline;
use super::memo::Memo;
use super::plot::{chart_ui, export_button_ui};
use crate::chart::{self, Chart};
use crate::format::{money, quantity};
use crate::model::cost::{Cost, CostEval, InstanceType};

/// The Cost panel's own state.
#[derive(Default)]
pub struct CostPanel {
    chart: Memo<Cost, Chart>,
}

/// A cost section to start from.
fn starter_cost() -> Cost {
    Cost {
        rate_per_s: 500.0,
        latency_ms: 100.0,
        target_utilization: 0.7,
        instance_types: vec![InstanceType {
            name: "general purpose".into(),
            capacity_per_s: 100.0,
            price_per_hour: 0.2,
        }],
        response_bytes: 10_000.0,
        egress_share: 0.1,
        egress_price_per_gb: 0.09,
        storage_gb: 100.0,
        storage_price_per_gb_month: 0.023,
        hours_per_month: 730.0,
    }
}

impl CostPanel {
    /// Draws the panel; edits go to `cost` (adding one if absent).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        cost: &mut Option<Cost>,
        eval: Option<&CostEval>,
        view: super::PanelView<'_>,
    ) -> Option<super::Status> {
        let (Some(c), Some(e)) = (cost.as_mut(), eval) else {
            if super::add_section_ui(
                ui,
                "This scenario has no cost model yet.",
                "Size instances for the load and add up compute, egress and storage per month.",
                "Add a cost model",
            ) {
                *cost = Some(starter_cost());
            }
            return None;
        };
        let mut notice = None;
        egui::Panel::top("cost_headline").show(ui, |ui| headline::cost_headline_ui(ui, c, e));
        if view.show_inputs {
            egui::Panel::right("cost_inputs")
                .resizable(true)
                .default_size(460.0)
                .min_size(360.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| inputs_ui(ui, c))
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                let chart = self.chart.get(c, |c| {
                    chart::cost::cost_chart(c, &crate::model::cost::evaluate(c))
                });
                ui.strong(&chart.title);
                let rows = chart.rows.len() as f32;
                chart_ui(ui, chart, 70.0 + 44.0 * rows, view.line_width);
                if let Some(status) = export_button_ui(ui, chart, view.stem, view.export_size) {
                    notice = Some(status);
                }
                ui.add_space(8.0);
                ui.strong("Instance types compared");
                TableBuilder::new(ui)
                    .id_salt("instance costs")
                    .striped(true)
                    .column(Column::auto().at_least(200.0).clip(true))
                    .columns(Column::auto().at_least(90.0), 2)
                    .header(20.0, |mut h| {
                        for t in ["type", "instances", "per month"] {
                            h.col(|ui| {
                                ui.strong(t);
                            });
                        }
                    })
                    .body(|mut body| {
                        for t in &e.instance_types {
                            body.row(22.0, |mut row| {
                                row.col(|ui| {
                                    let label = if e.cheapest.as_deref() == Some(t.name.as_str()) {
                                        format!("{} (cheapest)", t.name)
                                    } else {
                                        t.name.clone()
                                    };
                                    ui.label(label);
                                });
                                row.col(|ui| {
                                    ui.label(t.instances.to_string());
                                });
                                row.col(|ui| {
                                    ui.label(money(t.monthly_cost));
                                });
                            });
                        }
                    });
            });
        });
        notice
    }
}

fn inputs_ui(ui: &mut egui::Ui, c: &mut Cost) {
    ui.heading("Load");
    ui.add(
        super::slider(&mut c.rate_per_s, 0.0..=1_000_000.0)
            .logarithmic(true)
            .smallest_positive(1.0)
            .suffix("/s")
            .text("request rate"),
    );
    ui.add(
        super::slider(&mut c.latency_ms, 0.0..=10_000.0)
            .logarithmic(true)
            .smallest_positive(0.1)
            .suffix(" ms")
            .text("latency"),
    )
    .on_hover_text("Time one request is in flight (Little's law)");
    super::percent_slider_ui(
        ui,
        &mut c.target_utilization,
        1.0..=100.0,
        "target utilisation",
    );
    ui.separator();
    ui.heading("Instance types");
    let mut remove = None;
    for (i, t) in c.instance_types.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut t.name)
                    .hint_text("type name")
                    .desired_width(150.0),
            )
            .accessible_name(format!("name of instance type {}", i + 1));
            ui.add(
                super::drag(&mut t.capacity_per_s)
                    .range(0.001..=1e9)
                    .speed(1.0)
                    .suffix("/s"),
            )
            .accessible_name(format!("capacity of {}", t.name))
            .on_hover_text("Requests per second at 100 % utilisation");
            ui.add(
                super::drag(&mut t.price_per_hour)
                    .range(0.0..=1e6)
                    .speed(0.01)
                    .prefix("")
                    .suffix("/h"),
            )
            .accessible_name(format!("price of {}", t.name));
            if ui
                .small_button("Delete")
                .on_hover_text("Remove this type")
                .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        c.instance_types.remove(i);
    }
    if ui.button("Add instance type").clicked() {
        c.instance_types.push(InstanceType {
            name: format!("type {}", c.instance_types.len() + 1),
            capacity_per_s: 100.0,
            price_per_hour: 0.1,
        });
    }
    ui.separator();
    ui.heading("Egress and storage");
    ui.add(
        super::slider(&mut c.response_bytes, 0.0..=100_000_000.0)
            .logarithmic(true)
            .smallest_positive(1.0)
            .suffix(" B")
            .text("response size"),
    );
    super::percent_slider_ui(ui, &mut c.egress_share, 0.0..=100.0, "share egressed");
    ui.add(super::slider(&mut c.egress_price_per_gb, 0.0..=1.0).text("egress price per GB"));
    ui.add(
        super::slider(&mut c.storage_gb, 0.0..=1_000_000.0)
            .logarithmic(true)
            .smallest_positive(1.0)
            .suffix(" GB")
            .text("storage"),
    );
    ui.add(
        super::slider(&mut c.storage_price_per_gb_month, 0.0..=1.0)
            .text("storage price per GB-month"),
    );
    ui.add(
        super::slider(&mut c.hours_per_month, 1.0..=744.0)
            .suffix(" h")
            .text("hours per month"),
    );
    ui.weak(format!(
        "GB = 10⁹ bytes; a month = {} hours.",
        quantity(c.hours_per_month)
    ));
}
