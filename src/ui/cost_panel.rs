//! The Cost panel: Little's law, instances per type and the monthly bill.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use super::headline;
use super::layout::{add_section_ui, chart_block_ui, section_frame};
use super::memo::Memo;
use super::panel::{Panel, PanelContext, PanelEntry};
use super::quantity::{QuantitySpec, quantity_drag_ui, quantity_slider_ui};
use crate::chart::{self, Chart};
use crate::format::{money, quantity};
use crate::model::Quantity;
use crate::model::cost::{Cost, CostEval, InstanceType};
use crate::report::explain::{self, Words};

/// The Cost panel's own state.
#[derive(Default)]
pub struct CostPanel {
    chart: Memo<Cost, Chart>,
    scaling: Memo<Cost, Chart>,
}

/// A cost section to start from.
fn starter_cost() -> Cost {
    Cost {
        rate_per_s: Quantity::Value(500.0),
        latency_ms: Quantity::Value(100.0),
        target_utilization: Quantity::Value(0.7),
        instance_types: vec![InstanceType {
            name: "general purpose".into(),
            capacity_per_s: Quantity::Value(100.0),
            price_per_hour: Quantity::Value(0.2),
        }],
        response_bytes: Quantity::Value(10_000.0),
        egress_share: Quantity::Value(0.1),
        egress_price_per_gb: Quantity::Value(0.09),
        storage_gb: Quantity::Value(100.0),
        storage_price_per_gb_month: Quantity::Value(0.023),
        hours_per_month: 730.0,
    }
}

/// The Cost panel's registration.
pub const ENTRY: PanelEntry = PanelEntry {
    name: "Cost",
    label: "Cost",
    question: "How many instances, and what does the bill come to?",
    has_section: |s| s.cost.is_some(),
    new: || Box::<CostPanel>::default(),
};

impl Panel for CostPanel {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) -> Option<super::Status> {
        let words = Words::of(cx.scenario);
        let view = cx.view;
        let (Some(section), Some(e)) = (cx.scenario.cost.as_mut(), cx.evaluation.cost.as_ref())
        else {
            if add_section_ui(
                ui,
                "This scenario has no cost model yet.",
                "Size instances for the load and add up compute, egress and storage per month.",
                "Add a cost model",
            ) {
                cx.scenario.cost = Some(starter_cost());
            }
            return None;
        };
        let headline = [explain::cost(&words, section, e)];
        section_frame(
            ui,
            "cost",
            view,
            &mut (self, section),
            // headline, inputs, charts
            |ui, _| headline::explanations_ui(ui, &headline),
            |ui, (_, section)| {
                inputs_ui(ui, section);
                None
            },
            |ui, (panel, section)| panel.charts_ui(ui, section, e, view),
        )
    }
}

impl CostPanel {
    /// The panel's charts.
    fn charts_ui(
        &mut self,
        ui: &mut egui::Ui,
        c: &mut Cost,
        e: &CostEval,
        view: super::PanelView<'_>,
    ) -> Option<super::Status> {
        let mut notice = None;
        let chart = self.chart.get(c, |c| {
            chart::cost::cost_chart(c, &crate::model::cost::evaluate(c))
        });
        ui.strong(&chart.title);
        let rows = chart.rows.len() as f32;
        if let Some(status) = chart_block_ui(ui, chart, 70.0 + 44.0 * rows, view) {
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
                            ui.label(format!("{}/month", money(t.monthly_cost)));
                        });
                    });
                }
            });
        ui.add_space(12.0);
        let scaling = self.scaling.get(c, |c| {
            chart::cost::scaling_chart(c, &crate::model::cost::evaluate(c))
        });
        ui.strong(&scaling.title).on_hover_text(
            "Each type's bill (compute for the instances the rate needs, plus egress \
             and storage) from no load to 3× today's: where the cheapest type changes, \
             and how much growth today's choice absorbs.",
        );
        if let Some(status) = chart_block_ui(ui, scaling, 300.0, view) {
            notice = Some(status);
        }
        notice
    }
}

fn inputs_ui(ui: &mut egui::Ui, c: &mut Cost) {
    let slider = |ui: &mut egui::Ui, q: &mut Quantity, spec: QuantitySpec<'_>| {
        quantity_slider_ui(ui, q, &spec);
    };
    ui.heading("Load");
    slider(
        ui,
        &mut c.rate_per_s,
        QuantitySpec::new("request rate", 0.0..=1_000_000.0)
            .log()
            .suffix("/s"),
    );
    slider(
        ui,
        &mut c.latency_ms,
        QuantitySpec::new("latency", 0.0..=10_000.0)
            .log()
            .suffix(" ms")
            .hint("Time one request is in flight (Little's law)"),
    );
    slider(
        ui,
        &mut c.target_utilization,
        QuantitySpec::new("target utilisation", 1.0..=100.0)
            .percent()
            .hint("Instances are sized so each runs at this share of its capacity"),
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
            let capacity = format!("capacity of {}", t.name);
            quantity_drag_ui(
                ui,
                &mut t.capacity_per_s,
                &QuantitySpec::new(&capacity, 0.001..=1e9)
                    .suffix("/s")
                    .hint("Requests per second at 100 % utilisation"),
                1.0,
            )
            .on_hover_text("Requests per second at 100 % utilisation");
            let price = format!("price of {}", t.name);
            quantity_drag_ui(
                ui,
                &mut t.price_per_hour,
                &QuantitySpec::new(&price, 0.0..=1e6).suffix("/h"),
                0.01,
            );
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
            capacity_per_s: Quantity::Value(100.0),
            price_per_hour: Quantity::Value(0.1),
        });
    }
    ui.separator();
    ui.heading("Egress and storage");
    slider(
        ui,
        &mut c.response_bytes,
        QuantitySpec::new("response size", 0.0..=100_000_000.0)
            .log()
            .suffix(" B"),
    );
    slider(
        ui,
        &mut c.egress_share,
        QuantitySpec::new("share egressed", 0.0..=100.0).percent(),
    );
    slider(
        ui,
        &mut c.egress_price_per_gb,
        QuantitySpec::new("egress price per GB", 0.0..=1.0),
    );
    slider(
        ui,
        &mut c.storage_gb,
        QuantitySpec::new("storage", 0.0..=1_000_000.0)
            .log()
            .suffix(" GB"),
    );
    slider(
        ui,
        &mut c.storage_price_per_gb_month,
        QuantitySpec::new("storage price per GB-month", 0.0..=1.0),
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
