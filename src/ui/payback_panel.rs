//! The Payback panel: rewrite economics on a live timeline, with the kill
//! criterion read straight off a chart.

use eframe::egui;

use super::headline;
use super::memo::Memo;
use super::plot::{chart_ui, export_button_ui};
use super::quantity::{QuantitySpec, quantity_slider_ui};
use crate::chart::{self, Chart};
use crate::model::Quantity;
use crate::model::payback::{Instances, Payback, PaybackEval, PaybackNums, ReductionFrom};
use crate::model::uncertain::views::Views;

/// The Payback panel's own state.
#[derive(Default)]
pub struct PaybackPanel {
    /// Draw the discounted cumulative beside the undiscounted one.
    pub discounted: bool,
    charts: Memo<(PaybackNums, bool), (Chart, Chart)>,
}

/// A payback section to start from: the seed's pricing-engine case.
fn starter_payback() -> Payback {
    Payback {
        monthly_cost: Quantity::Value(120_000.0),
        reduction: Some(Quantity::Value(0.55)),
        reduction_from: None,
        engineers: Quantity::Value(6.0),
        months: Quantity::Value(4.0),
        loaded_rate: Quantity::Value(15_000.0),
        freeze_weeks: Quantity::Value(0.0),
        freeze_cost_per_week: Quantity::Value(0.0),
        other_one_time: Quantity::Value(0.0),
        build_months: Quantity::Value(0.0),
        annual_discount_rate: Quantity::Value(0.0),
        annual_bill_growth: Quantity::Value(0.0),
        horizon_months: 36.0,
        target_payback_months: Quantity::Value(12.0),
        driver: String::new(),
        instances: None,
    }
}

impl PaybackPanel {
    /// The timeline and break-even charts, rebuilt only when their inputs changed.
    fn charts(&mut self, payback: &PaybackNums) -> &(Chart, Chart) {
        self.charts
            .get(&(*payback, self.discounted), |(payback, discounted)| {
                let eval = crate::model::payback::evaluate_nums(payback);
                (
                    chart::payback::timeline_chart(payback, &eval, *discounted),
                    chart::payback::break_even_chart(payback, &eval),
                )
            })
    }

    /// Draws the panel; edits go to `payback` (adding one if absent).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        payback: &mut Option<Payback>,
        eval: Option<&PaybackEval>,
        views: Option<&Views>,
        view: super::PanelView<'_>,
        has_budget: bool,
    ) -> Option<super::Status> {
        let line_width = view.line_width;
        let mut notice = None;
        let (Some(p), Some(e)) = (payback.as_mut(), eval) else {
            if super::add_section_ui(
                ui,
                "This scenario has no payback section yet.",
                "A payback weighs the rewrite's one-time cost against the monthly saving.",
                "Add a payback section",
            ) {
                *payback = Some(starter_payback());
            }
            return None;
        };
        egui::Panel::top("payback_headline").show(ui, |ui| {
            headline::payback_headline_ui(ui, p, e, views.map(|v| &v.uncertainty));
        });
        if view.show_inputs {
            egui::Panel::right("payback_inputs")
                .resizable(true)
                .default_size(460.0)
                .min_size(380.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| inputs_ui(ui, p, e, has_budget));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.strong("Cumulative net cash flow by month");
                    ui.checkbox(&mut self.discounted, "show the discounted curve")
                        .on_hover_text("Each month's net divided by (1 + annual rate / 12)^month.");
                });
                // Built from the section as edited this frame; a derived
                // reduction comes from the budget, which this panel leaves alone.
                let nums = if p.reduction_from.is_some() {
                    p.nums_with(e.reduction)
                } else {
                    p.nums()
                };
                let (timeline, _) = self.charts(&nums);
                let fanned = views
                    .filter(|v| v.fan.iter().any(|s| s.p90 > s.p10))
                    .map(|v| {
                        let mut chart = timeline.clone();
                        chart::uncertainty::add_fan(&mut chart, v);
                        chart
                    });
                let timeline = fanned.as_ref().unwrap_or(timeline);
                chart_ui(ui, timeline, 280.0, line_width);
                if let Some(status) = export_button_ui(ui, timeline, view.stem, view.export_size) {
                    notice = Some(status);
                }
                if let Some(set) = views
                    .and_then(|v| v.payback_months.as_ref())
                    .filter(|set| chart::uncertainty::varies(set))
                {
                    ui.add_space(8.0);
                    let chart = chart::uncertainty::payback_chart(nums.target_payback_months, set);
                    ui.strong(&chart.title);
                    chart_ui(ui, &chart, 220.0, line_width);
                    if let Some(status) = export_button_ui(ui, &chart, view.stem, view.export_size)
                    {
                        notice = Some(status);
                    }
                }
                ui.add_space(8.0);
                ui.strong("Payback against the measured reduction: the kill criterion");
                let (_, break_even) = self.charts(&nums);
                chart_ui(ui, break_even, 260.0, line_width);
                if let Some(status) = export_button_ui(ui, break_even, view.stem, view.export_size)
                {
                    notice = Some(status);
                }
            });
        });
        notice
    }
}

fn inputs_ui(ui: &mut egui::Ui, p: &mut Payback, e: &PaybackEval, has_budget: bool) {
    let slider = |ui: &mut egui::Ui, q: &mut Quantity, spec: QuantitySpec<'_>| {
        quantity_slider_ui(ui, q, &spec);
    };
    ui.heading("Bill and saving");
    let mut by_instances = p.instances.is_some();
    if ui
        .checkbox(&mut by_instances, "derive from instance counts")
        .on_hover_text("Give today's and the needed instance counts and a price; the bill and the reduction follow.")
        .changed()
    {
        p.instances = by_instances.then(|| {
            let price = 200.0;
            let current = (p.monthly_cost.point() / price).round().max(1.0);
            Instances {
                current: Quantity::Value(current),
                needed: Quantity::Value((current * (1.0 - e.reduction)).round()),
                price_per_month: Quantity::Value(price),
            }
        });
    }
    if let Some(instances) = &mut p.instances {
        let current = instances.current.point();
        let mut changed = false;
        for (q, spec) in [
            (
                &mut instances.current,
                QuantitySpec::new("instances today", 1.0..=10_000.0)
                    .hint("Instances running today"),
            ),
            (
                &mut instances.needed,
                QuantitySpec::new("instances needed", 0.0..=current).hint(
                    "Instances the rewrite needs for the same load (measured on a prototype)",
                ),
            ),
            (
                &mut instances.price_per_month,
                QuantitySpec::new("price per instance", 0.0..=10_000.0)
                    .suffix("/month")
                    .hint("What one instance costs per month"),
            ),
        ] {
            changed |= quantity_slider_ui(ui, q, &spec).changed();
        }
        // The bill and the reduction follow the counts only when the user
        // moves them: opening a file (whose reduction may be a range) must
        // not rewrite it.
        if changed {
            if instances.needed.point() > instances.current.point() {
                instances.needed = Quantity::Value(instances.current.point());
            }
            p.monthly_cost = Quantity::Value(instances.monthly_cost());
            if p.reduction_from.is_none() {
                p.reduction = Some(Quantity::Value(instances.reduction()));
            }
        }
        ui.label(format!(
            "→ bill {}/month, reduction {}",
            crate::format::money(instances.monthly_cost()),
            crate::format::percent(instances.reduction())
        ));
    } else {
        slider(
            ui,
            &mut p.monthly_cost,
            QuantitySpec::new("monthly cost", 0.0..=10_000_000.0)
                .log()
                .suffix("/month")
                .hint("Today's monthly bill of the service"),
        );
    }
    reduction_ui(ui, p, e, has_budget);
    ui.separator();
    ui.heading("One-time cost");
    slider(
        ui,
        &mut p.engineers,
        QuantitySpec::new("engineers", 0.0..=50.0).hint("Engineers on the rewrite"),
    );
    slider(
        ui,
        &mut p.months,
        QuantitySpec::new("months of work", 0.0..=36.0)
            .suffix(" months")
            .hint("How long they work on it"),
    );
    slider(
        ui,
        &mut p.loaded_rate,
        QuantitySpec::new("loaded rate", 0.0..=50_000.0)
            .suffix("/eng-month")
            .hint("Fully loaded cost of one engineer-month"),
    );
    slider(
        ui,
        &mut p.freeze_weeks,
        QuantitySpec::new("frozen feature weeks", 0.0..=52.0)
            .suffix(" weeks")
            .hint("Feature work frozen by the cutover"),
    );
    slider(
        ui,
        &mut p.freeze_cost_per_week,
        QuantitySpec::new("cost per frozen week", 0.0..=200_000.0)
            .suffix("/week")
            .hint("What a week of frozen feature work costs the business"),
    );
    slider(
        ui,
        &mut p.other_one_time,
        QuantitySpec::new("other one-time cost", 0.0..=10_000_000.0)
            .log()
            .hint("Tooling, shadow-run infrastructure, training…"),
    );
    ui.separator();
    ui.heading("Timing and rates");
    slider(
        ui,
        &mut p.build_months,
        QuantitySpec::new("build months", 0.0..=36.0).suffix(" months").hint(
            "0: the cost is paid now; otherwise it is spread over these months and savings start after cutover",
        ),
    );
    slider(
        ui,
        &mut p.annual_discount_rate,
        QuantitySpec::new("discount rate (per year)", 0.0..=30.0)
            .percent()
            .hint("Monthly rate = annual / 12; the NPV discounts month k by (1 + r)^k"),
    );
    slider(
        ui,
        &mut p.annual_bill_growth,
        QuantitySpec::new("bill growth (per year)", -50.0..=100.0)
            .percent()
            .hint("The bill grows annual / 12 a month, compounded"),
    );
    ui.add(
        super::slider(&mut p.horizon_months, 1.0..=120.0)
            .suffix(" months")
            .text("horizon"),
    )
    .on_hover_text("Months the timeline, NPV and ROI cover");
    slider(
        ui,
        &mut p.target_payback_months,
        QuantitySpec::new("target payback", 1.0..=60.0)
            .suffix(" months")
            .hint("The payback the business asks for; it sets the kill criterion"),
    );
    ui.separator();
    ui.heading("Memo driver");
    ui.add(
        egui::TextEdit::singleline(&mut p.driver)
            .hint_text("Cloud cost — highest-volume CPU-bound service")
            .desired_width(f32::INFINITY),
    )
    .accessible_name("memo driver");
}

/// The reduction: measured (a slider), or derived from the budget.
fn reduction_ui(ui: &mut egui::Ui, p: &mut Payback, e: &PaybackEval, has_budget: bool) {
    let mut source = p.reduction_from;
    ui.horizontal(|ui| {
        ui.label("reduction from");
        egui::ComboBox::from_id_salt("reduction source")
            .selected_text(match source {
                None => "a measurement",
                Some(ReductionFrom::Language) => "the budget: language",
                Some(ReductionFrom::AllFixes) => "the budget: all fixes",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut source, None, "a measurement")
                    .on_hover_text("Enter the reduction measured on a production-scale prototype");
                for (from, name, hint) in [
                    (
                        ReductionFrom::Language,
                        "the budget: language",
                        "1 − total after the language / total",
                    ),
                    (
                        ReductionFrom::AllFixes,
                        "the budget: all fixes",
                        "1 − total after every lever and the language / total",
                    ),
                ] {
                    ui.add_enabled_ui(has_budget, |ui| {
                        ui.selectable_value(&mut source, Some(from), name)
                            .on_hover_text(hint);
                    });
                }
            })
            .response
            .accessible_name("reduction source");
    });
    if source != p.reduction_from {
        p.reduction_from = source;
        if source.is_none() && p.reduction.is_none() {
            p.reduction = Some(Quantity::Value(e.reduction.clamp(0.0, 1.0)));
        }
    }
    match p.reduction_from {
        Some(from) => {
            ui.label(format!("reduction = {} (from {})", crate::format::percent(e.reduction), from.label()))
                .on_hover_text("Derived from the Budget panel, per Monte Carlo sample when its inputs are uncertain.");
        }
        None => {
            let reduction = p.reduction.get_or_insert(Quantity::Value(0.0));
            quantity_slider_ui(
                ui,
                reduction,
                &QuantitySpec::new("measured reduction", 0.0..=100.0)
                    .percent()
                    .hint("Fraction of the bill the rewrite saves, measured on a production-scale prototype"),
            );
        }
    }
}
