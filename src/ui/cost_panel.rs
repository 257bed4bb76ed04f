//! The Cost panel: Little's law, instances per type and the monthly bill.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use super::Status;
use super::layout::chart_block_ui;
use super::memo::Memo;
use super::quantity::{QuantitySpec, input_slider_ui, quantity_drag_ui};
use super::section_panel::{PartOf, section_panel};
use crate::chart::{self, Chart};
use crate::format::{money, quantity};
use crate::model::Quantity;
use crate::model::cost::{self, Cost, CostEval, InstanceType};
use crate::report::explain;

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
        peak_to_average: Quantity::Value(1.0),
        budget_cap_per_month: None,
    }
}

section_panel!(
    CostPanel: cost (Cost, CostEval), starter starter_cost,
    name "Cost", label "Cost",
    question "How many instances, and what does the bill come to?",
    missing ("This scenario has no cost model yet.", "Size instances for the load and add up compute, egress and storage per month.", "Add a cost model"),
    headline |c, e, f| vec![explain::cost(f.words, c, e)]
);

impl CostPanel {
    /// The inputs pane.
    fn inputs_pane(&mut self, ui: &mut egui::Ui, part: PartOf<'_, '_, Self>) -> Option<Status> {
        inputs_ui(ui, part.section);
        None
    }

    /// The panel's charts.
    fn charts_pane(&mut self, ui: &mut egui::Ui, part: PartOf<'_, '_, Self>) -> Option<Status> {
        let (c, e) = (part.section, part.eval);
        let view = part.frame.view;
        let mut notice = None;
        let chart = self.chart.get(c, |c| {
            chart::cost::cost_chart(c, &crate::model::cost::evaluate(c), view.currency)
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
            chart::cost::scaling_chart(c, &crate::model::cost::evaluate(c), view.currency)
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

/// The section's inputs as its tables declare them: the load, each
/// instance type (a row: name, capacity, price), egress and storage.
fn inputs_ui(ui: &mut egui::Ui, c: &mut Cost) {
    ui.heading("Load");
    for input in cost::INPUTS {
        input_slider_ui(ui, input, c);
    }
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
            for input in cost::INSTANCE_INPUTS {
                let label = format!("{} of {}", input.label, t.name);
                let spec = QuantitySpec {
                    label: &label,
                    ..QuantitySpec::of(input, false)
                };
                let hint = input.hint;
                if let Some(q) = (input.get_mut)(t) {
                    quantity_drag_ui(ui, q, &spec, 1.0).on_hover_text(hint);
                }
            }
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
    for input in cost::TAIL_INPUTS {
        input_slider_ui(ui, input, c);
    }
    ui.add(
        super::slider(&mut c.hours_per_month, 1.0..=744.0)
            .suffix(" h")
            .text("hours per month"),
    );
    ui.weak(format!(
        "GB = 10⁹ bytes; a month = {} hours.",
        quantity(c.hours_per_month)
    ));
    let mut capped = c.budget_cap_per_month.is_some();
    if ui
        .checkbox(&mut capped, "a monthly cost cap")
        .on_hover_text("The most the service may cost a month: the panel says whether the bill fits, and by how much")
        .changed()
    {
        c.budget_cap_per_month = capped.then_some(Quantity::Value(5000.0));
    }
}
