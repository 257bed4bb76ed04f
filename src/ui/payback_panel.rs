//! The Payback panel: rewrite economics on a live timeline, with the kill
//! criterion read straight off a chart.

use eframe::egui;

use super::Status;
use super::layout::chart_block_ui;
use super::memo::Memo;
use super::quantity::{QuantitySpec, input_slider_ui, quantity_slider_ui};
use super::section_panel::{PartOf, section_panel};
use crate::chart::{self, Chart};
use crate::model::Quantity;
use crate::model::input::Input;
use crate::model::payback::{self, Instances, Payback, PaybackEval, PaybackNums, ReductionFrom};
use crate::report::explain;

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
        recurring_monthly_cost: Quantity::Value(0.0),
        latency_value: None,
        kill_below: None,
        driver: String::new(),
        instances: None,
    }
}

section_panel!(
    PaybackPanel: payback (Payback, PaybackEval), starter starter_payback,
    name "Payback", label "Payback",
    question "Is the rewrite worth funding, and when would we stop?",
    missing ("This scenario has no payback section yet.", "A payback weighs the rewrite's one-time cost against the monthly saving.", "Add a payback section"),
    headline |p, e, f| vec![explain::payback(f.words, p, e, f.views.map(|v| &v.uncertainty))]
);

impl PaybackPanel {
    /// The inputs pane.
    fn inputs_pane(&mut self, ui: &mut egui::Ui, part: PartOf<'_, '_, Self>) -> Option<Status> {
        inputs_ui(ui, part.section, part.eval, part.frame.has_budget);
        None
    }

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

    /// The panel's charts.
    fn charts_pane(&mut self, ui: &mut egui::Ui, part: PartOf<'_, '_, Self>) -> Option<Status> {
        let (p, e) = (part.section, part.eval);
        let (views, view) = (part.frame.views, part.frame.view);
        let mut notice = None;
        ui.horizontal_wrapped(|ui| {
            ui.strong("Cumulative net cash flow by month");
            ui.checkbox(&mut self.discounted, "show the discounted curve")
                .on_hover_text("Each month's net divided by (1 + annual rate / 12)^month.");
        });
        // Built from the section as edited this frame; a derived
        // reduction comes from the budget, which this panel leaves alone.
        let nums = p.nums_for(e);
        let (timeline, _) = self.charts(&nums);
        let fanned = views
            .filter(|v| v.fan.iter().any(|s| s.p90 > s.p10))
            .map(|v| {
                let mut chart = timeline.clone();
                chart::uncertainty::add_fan(&mut chart, v);
                chart
            });
        let timeline = fanned.as_ref().unwrap_or(timeline);
        if let Some(status) = chart_block_ui(ui, timeline, 280.0, view) {
            notice = Some(status);
        }
        if let Some(set) = views
            .and_then(|v| v.break_even_month.as_ref())
            .filter(|set| chart::uncertainty::varies(set))
        {
            ui.add_space(8.0);
            let chart = chart::uncertainty::break_even_chart(nums.target_payback_months, set);
            ui.strong(&chart.title);
            if let Some(status) = chart_block_ui(ui, &chart, 220.0, view) {
                notice = Some(status);
            }
        }
        ui.add_space(8.0);
        ui.strong("Payback against the measured reduction: the kill criterion");
        let (_, break_even) = self.charts(&nums);
        if let Some(status) = chart_block_ui(ui, break_even, 260.0, view) {
            notice = Some(status);
        }
        notice
    }
}

/// The section's inputs, in the order of its input table, under three
/// headings; the bill may come from instance counts and the reduction from
/// the budget.
fn inputs_ui(ui: &mut egui::Ui, p: &mut Payback, e: &PaybackEval, has_budget: bool) {
    ui.heading("Bill and saving");
    for input in payback::INPUTS {
        match input.name {
            "monthly_cost" => bill_ui(ui, p, e, input),
            "reduction" => reduction_ui(ui, p, e, has_budget),
            name => {
                match name {
                    "engineers" => {
                        ui.separator();
                        ui.heading("One-time cost");
                    }
                    "build_months" => {
                        ui.separator();
                        ui.heading("Timing and rates");
                    }
                    "target_payback_months" => {
                        ui.add(
                            super::slider(&mut p.horizon_months, 1.0..=120.0)
                                .suffix(" months")
                                .text("horizon"),
                        )
                        .on_hover_text("Months the timeline, NPV and ROI cover");
                    }
                    _ => {}
                }
                input_slider_ui(ui, input, p);
            }
        }
    }
    ui.separator();
    ui.heading("Memo driver");
    ui.add(
        egui::TextEdit::singleline(&mut p.driver)
            .hint_text("Cloud cost — highest-volume CPU-bound service")
            .desired_width(f32::INFINITY),
    )
    .accessible_name("memo driver");
}

/// The bill: a slider, or instance counts (today's, the rewrite's) and a
/// price, from which the bill and the reduction follow.
fn bill_ui(
    ui: &mut egui::Ui,
    p: &mut Payback,
    e: &PaybackEval,
    bill: &Input<Payback, PaybackNums>,
) {
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
    let Some(instances) = &mut p.instances else {
        input_slider_ui(ui, bill, p);
        return;
    };
    let current = instances.current.point();
    let mut changed = false;
    for input in payback::INSTANCES_INPUTS {
        let mut spec = QuantitySpec::of(input, false);
        // The rewrite cannot need more instances than run today.
        if input.name == "needed" {
            spec.range = 0.0..=current;
        }
        if let Some(q) = (input.get_mut)(instances) {
            changed |= quantity_slider_ui(ui, q, &spec).changed();
        }
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
            p.reduction.get_or_insert(Quantity::Value(0.0));
            let input = payback::INPUTS.iter().find(|i| i.name == "reduction");
            if let Some(input) = input {
                input_slider_ui(ui, input, p);
            }
        }
    }
}
