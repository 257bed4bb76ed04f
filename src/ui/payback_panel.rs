//! The Payback panel: rewrite economics on a live timeline, with the kill
//! criterion read straight off a chart.

use eframe::egui;

use super::headline;
use super::memo::Memo;
use super::plot::{chart_ui, export_button_ui};
use crate::chart::{self, Chart};
use crate::model::payback::{Instances, Payback, PaybackEval};

/// The Payback panel's own state.
#[derive(Default)]
pub struct PaybackPanel {
    /// Draw the discounted cumulative beside the undiscounted one.
    pub discounted: bool,
    charts: Memo<(Payback, bool), (Chart, Chart)>,
}

/// A payback section to start from: the seed's pricing-engine case.
fn starter_payback() -> Payback {
    Payback {
        monthly_cost: 120_000.0,
        reduction: 0.55,
        engineers: 6.0,
        months: 4.0,
        loaded_rate: 15_000.0,
        freeze_weeks: 0.0,
        freeze_cost_per_week: 0.0,
        other_one_time: 0.0,
        build_months: 0.0,
        annual_discount_rate: 0.0,
        annual_bill_growth: 0.0,
        horizon_months: 36.0,
        target_payback_months: 12.0,
        driver: String::new(),
        instances: None,
    }
}

impl PaybackPanel {
    /// The timeline and break-even charts, rebuilt only when their inputs changed.
    fn charts(&mut self, payback: &Payback) -> &(Chart, Chart) {
        self.charts.get(
            &(payback.clone(), self.discounted),
            |(payback, discounted)| {
                let eval = crate::model::payback::evaluate(payback);
                (
                    chart::payback::timeline_chart(payback, &eval, *discounted),
                    chart::payback::break_even_chart(payback, &eval),
                )
            },
        )
    }

    /// Draws the panel; edits go to `payback` (adding one if absent).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        payback: &mut Option<Payback>,
        eval: Option<&PaybackEval>,
        view: super::PanelView<'_>,
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
            headline::payback_headline_ui(ui, p, e);
        });
        if view.show_inputs {
            egui::Panel::right("payback_inputs")
                .resizable(true)
                .default_size(460.0)
                .min_size(380.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| inputs_ui(ui, p));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.strong("Cumulative net cash flow by month");
                    ui.checkbox(&mut self.discounted, "show the discounted curve")
                        .on_hover_text("Each month's net divided by (1 + annual rate / 12)^month.");
                });
                let (timeline, _) = self.charts(p);
                chart_ui(ui, timeline, 280.0, line_width);
                if let Some(status) = export_button_ui(ui, timeline, view.stem, view.export_size) {
                    notice = Some(status);
                }
                ui.add_space(8.0);
                ui.strong("Payback against the measured reduction: the kill criterion");
                let (_, break_even) = self.charts(p);
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

/// A slider for a quantity with a unit suffix.
fn slider_ui(
    ui: &mut egui::Ui,
    value: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    label: &str,
    suffix: &str,
    hint: &str,
) -> egui::Response {
    ui.add(super::slider(value, range).suffix(suffix).text(label))
        .on_hover_text(hint)
}

fn inputs_ui(ui: &mut egui::Ui, p: &mut Payback) {
    ui.heading("Bill and saving");
    let mut by_instances = p.instances.is_some();
    if ui
        .checkbox(&mut by_instances, "derive from instance counts")
        .on_hover_text("Give today's and the needed instance counts and a price; the bill and the reduction follow.")
        .changed()
    {
        p.instances = by_instances.then(|| {
            let price = 200.0;
            let current = (p.monthly_cost / price).round().max(1.0);
            Instances {
                current,
                needed: (current * (1.0 - p.reduction)).round(),
                price_per_month: price,
            }
        });
    }
    if let Some(instances) = &mut p.instances {
        slider_ui(
            ui,
            &mut instances.current,
            1.0..=10_000.0,
            "instances today",
            "",
            "Instances running today",
        );
        let current = instances.current;
        slider_ui(
            ui,
            &mut instances.needed,
            0.0..=current,
            "instances needed",
            "",
            "Instances the rewrite needs for the same load (measured on a prototype)",
        );
        slider_ui(
            ui,
            &mut instances.price_per_month,
            0.0..=10_000.0,
            "price per instance",
            "/month",
            "What one instance costs per month",
        );
        instances.needed = instances.needed.min(instances.current);
        p.monthly_cost = instances.monthly_cost();
        p.reduction = instances.reduction();
        ui.label(format!(
            "→ bill {}/month, reduction {}",
            crate::format::money(p.monthly_cost),
            crate::format::percent(p.reduction)
        ));
    } else {
        ui.add(
            super::slider(&mut p.monthly_cost, 0.0..=10_000_000.0)
                .logarithmic(true)
                .smallest_positive(100.0)
                .suffix("/month")
                .text("monthly cost"),
        )
        .on_hover_text("Today's monthly bill of the service");
        super::percent_slider_ui(ui, &mut p.reduction, 0.0..=100.0, "measured reduction")
            .on_hover_text(
                "Fraction of the bill the rewrite saves, measured on a production-scale prototype",
            );
    }
    ui.separator();
    ui.heading("One-time cost");
    slider_ui(
        ui,
        &mut p.engineers,
        0.0..=50.0,
        "engineers",
        "",
        "Engineers on the rewrite",
    );
    slider_ui(
        ui,
        &mut p.months,
        0.0..=36.0,
        "months of work",
        " months",
        "How long they work on it",
    );
    slider_ui(
        ui,
        &mut p.loaded_rate,
        0.0..=50_000.0,
        "loaded rate",
        "/eng-month",
        "Fully loaded cost of one engineer-month",
    );
    slider_ui(
        ui,
        &mut p.freeze_weeks,
        0.0..=52.0,
        "frozen feature weeks",
        " weeks",
        "Feature work frozen by the cutover",
    );
    slider_ui(
        ui,
        &mut p.freeze_cost_per_week,
        0.0..=200_000.0,
        "cost per frozen week",
        "/week",
        "What a week of frozen feature work costs the business",
    );
    ui.add(
        super::slider(&mut p.other_one_time, 0.0..=10_000_000.0)
            .logarithmic(true)
            .smallest_positive(100.0)
            .text("other one-time cost"),
    )
    .on_hover_text("Tooling, shadow-run infrastructure, training…");
    ui.separator();
    ui.heading("Timing and rates");
    slider_ui(
        ui,
        &mut p.build_months,
        0.0..=36.0,
        "build months",
        " months",
        "0: the cost is paid now; otherwise it is spread over these months and savings start after cutover",
    );
    super::percent_slider_ui(
        ui,
        &mut p.annual_discount_rate,
        0.0..=30.0,
        "discount rate (per year)",
    )
    .on_hover_text("Monthly rate = annual / 12; the NPV discounts month k by (1 + r)^k");
    super::percent_slider_ui(
        ui,
        &mut p.annual_bill_growth,
        -50.0..=100.0,
        "bill growth (per year)",
    )
    .on_hover_text("The bill grows annual / 12 a month, compounded");
    slider_ui(
        ui,
        &mut p.horizon_months,
        1.0..=120.0,
        "horizon",
        " months",
        "Months the timeline, NPV and ROI cover",
    );
    slider_ui(
        ui,
        &mut p.target_payback_months,
        1.0..=60.0,
        "target payback",
        " months",
        "The payback the business asks for; it sets the kill criterion",
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
