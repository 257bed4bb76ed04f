//! The Trade-off panel: which model (or cascade of a fast and a slow one)
//! costs least in total — infrastructure plus the cost of its mistakes —
//! under a latency SLO, with every number's formula on hover.

use eframe::egui;

use super::Status;
use super::layout::chart_block_ui;
use super::quantity::{QuantitySpec, input_slider_ui, quantity_drag_ui};
use super::section_panel::{PartOf, section_panel};
use crate::chart;
use crate::format::{grouped, money, percent, quantity};
use crate::model::Quantity;
use crate::model::input::Input;
use crate::model::tradeoff::{self, Cascade, Choice, Tradeoff, TradeoffEval};
use crate::model::uncertain::views::Views;
use crate::report::explain;

/// The Trade-off panel's own state.
#[derive(Default)]
pub struct TradeoffPanel {
    /// The cascade whose curve is shown.
    cascade: usize,
}

/// A trade-off to start from: seed 002's fraud case.
fn starter_tradeoff() -> Tradeoff {
    let v = Quantity::Value;
    Tradeoff {
        volume_per_month: v(30_000_000.0),
        positive_rate: v(0.002),
        false_positive_cost: v(8.0),
        false_negative_cost: v(400.0),
        latency_slo_ms: Some(v(100.0)),
        choices: vec![
            Choice {
                name: "Fast model".into(),
                recall: v(0.8),
                false_positive_rate: v(0.025),
                p50_ms: v(4.0),
                p99_ms: v(12.0),
                infra_per_month: v(3000.0),
            },
            Choice {
                name: "Accurate model".into(),
                recall: v(0.95),
                false_positive_rate: v(0.001),
                p50_ms: v(45.0),
                p99_ms: v(160.0),
                infra_per_month: v(60_000.0),
            },
        ],
        cascades: Vec::new(),
    }
}

section_panel!(
    TradeoffPanel: tradeoff (Tradeoff, TradeoffEval), starter starter_tradeoff,
    name "Tradeoff", label "Trade-off",
    question "Which model costs least in total, errors included, within the latency SLO?",
    missing ("This scenario has no latency-cost-accuracy trade-off yet.", "Compare models (or a cascade of a fast and a slow one) by total cost — \
                 infrastructure plus the cost of their mistakes — under a latency SLO.", "Add a trade-off"),
    headline |t, e, f| vec![explain::tradeoff(f.words, t, e, f.views.map(|v| &v.uncertainty))]
);

impl TradeoffPanel {
    /// The inputs pane.
    fn inputs_pane(&mut self, ui: &mut egui::Ui, part: PartOf<'_, '_, Self>) -> Option<Status> {
        self.inputs_ui(ui, part.section);
        None
    }

    /// The panel's charts.
    fn charts_pane(&mut self, ui: &mut egui::Ui, part: PartOf<'_, '_, Self>) -> Option<Status> {
        let (t, e) = (part.section, part.eval);
        let (views, view) = (part.frame.views, part.frame.view);
        let mut notice = None;
        // The table scrolls sideways on a narrow window instead of
        // widening the panel under the charts.
        rows_table_ui(ui, e, views);
        ui.add_space(8.0);
        let mut charts = vec![
            chart::tradeoff::tradeoff_chart(t, e, view.currency),
            chart::tradeoff::costs_chart(t, e, view.currency),
        ];
        let cascade = self.cascade.min(t.cascades.len().saturating_sub(1));
        if let Some(c) = chart::tradeoff::cascade_chart(t, e, cascade, view.currency) {
            charts.push(c);
        }
        for c in &charts {
            ui.strong(&c.title);
            let height = if c.rows.is_empty() {
                300.0
            } else {
                60.0 + 40.0 * c.rows.len() as f32
            };
            if let Some(status) = chart_block_ui(ui, c, height, view) {
                notice = Some(status);
            }
            ui.add_space(8.0);
        }
        notice
    }

    fn inputs_ui(&mut self, ui: &mut egui::Ui, t: &mut Tradeoff) {
        ui.heading("Volume and costs");
        for input in tradeoff::INPUTS {
            if input.name != "latency_slo_ms" {
                input_slider_ui(ui, input, t);
                continue;
            }
            let mut has_slo = t.latency_slo_ms.is_some();
            if ui
                .checkbox(&mut has_slo, "latency SLO on p99")
                .on_hover_text("Each choice's p99 must stay within it; best = cheapest that does.")
                .changed()
            {
                t.latency_slo_ms = has_slo.then_some(Quantity::Value(100.0));
            }
            input_slider_ui(ui, input, t);
        }
        ui.separator();
        ui.heading("Choices");
        let mut remove = None;
        for (i, c) in t.choices.iter_mut().enumerate() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut c.name).desired_width(200.0))
                        .accessible_name(format!("name of choice {}", i + 1));
                    if ui
                        .small_button("Delete")
                        .on_hover_text(
                            "Remove this choice (cascades naming it must be changed first)",
                        )
                        .clicked()
                    {
                        remove = Some(i);
                    }
                });
                choice_inputs_ui(ui, c);
            });
        }
        if let Some(i) = remove
            && t.choices.len() > 1
        {
            let name = t.choices[i].name.clone();
            t.cascades.retain(|c| c.first != name && c.second != name);
            t.choices.remove(i);
        }
        if ui.button("Add choice").clicked() {
            let mut copy = t
                .choices
                .last()
                .cloned()
                .unwrap_or_else(|| starter_tradeoff().choices[0].clone());
            copy.name = format!("choice {}", t.choices.len() + 1);
            t.choices.push(copy);
        }
        ui.separator();
        ui.heading("Cascades");
        ui.weak("The first choice sees every decision; the second also sees the escalated share.");
        let names: Vec<String> = t.choices.iter().map(|c| c.name.clone()).collect();
        let mut remove = None;
        for (k, c) in t.cascades.iter_mut().enumerate() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut c.name).desired_width(200.0))
                        .accessible_name(format!("name of cascade {}", k + 1));
                    if ui.small_button("Show curve").clicked() {
                        self.cascade = k;
                    }
                    if ui.small_button("Delete").clicked() {
                        remove = Some(k);
                    }
                });
                ui.horizontal(|ui| {
                    choice_combo_ui(ui, ("first", k), "first", &mut c.first, &names);
                    ui.label("then");
                    choice_combo_ui(ui, ("second", k), "second", &mut c.second, &names);
                });
                cascade_inputs_ui(ui, c);
            });
        }
        if let Some(k) = remove {
            t.cascades.remove(k);
        }
        if names.len() >= 2 && ui.button("Add cascade").clicked() {
            t.cascades.push(Cascade {
                name: format!("{}, {} on borderline", names[0], names[1]),
                first: names[0].clone(),
                second: names[1].clone(),
                escalate_share: Quantity::Value(0.05),
                recall: Quantity::Value(0.9),
                false_positive_rate: Quantity::Value(0.005),
            });
        }
    }
}

fn choice_inputs_ui(ui: &mut egui::Ui, c: &mut Choice) {
    let name = c.name.clone();
    row_inputs_ui(ui, tradeoff::CHOICE_INPUTS, c, &name);
}

fn cascade_inputs_ui(ui: &mut egui::Ui, c: &mut Cascade) {
    let name = c.name.clone();
    row_inputs_ui(ui, tradeoff::CASCADE_INPUTS, c, &name);
}

/// A list row's inputs, one line each: its table's label as the caption,
/// "{row} {label}" as the editor's accessible name, a drag step of a
/// thousandth of the input's usual range.
fn row_inputs_ui<S, N>(ui: &mut egui::Ui, table: &[Input<S, N>], row: &mut S, name: &str) {
    for input in table {
        let label = format!("{name} {}", input.label);
        let spec = QuantitySpec {
            label: &label,
            ..QuantitySpec::of(input, false)
        };
        let speed = (spec.range.end() - spec.range.start()) / 1000.0;
        if let Some(q) = (input.get_mut)(row) {
            quantity_drag_row_ui(ui, input.label, q, &spec, speed);
        }
    }
}

/// A caption and a compact quantity editor on one line.
fn quantity_drag_row_ui(
    ui: &mut egui::Ui,
    caption: &str,
    q: &mut Quantity,
    spec: &QuantitySpec<'_>,
    speed: f64,
) {
    ui.horizontal(|ui| {
        ui.add_sized([150.0, 18.0], egui::Label::new(caption));
        quantity_drag_ui(ui, q, spec, speed);
    });
}

fn choice_combo_ui(
    ui: &mut egui::Ui,
    id: impl egui::AsIdSalt,
    accessible: &str,
    value: &mut String,
    names: &[String],
) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(value.as_str())
        .show_ui(ui, |ui| {
            for name in names {
                ui.selectable_value(value, name.clone(), name);
            }
        })
        .response
        .accessible_name(accessible);
}

/// Every row's numbers, with the formula on hover and, under uncertainty,
/// the P10–P90 of its total and how often it is the best.
fn rows_table_ui(ui: &mut egui::Ui, e: &TradeoffEval, views: Option<&Views>) {
    let u = views.map(|v| &v.uncertainty);
    let best_share: Vec<f64> = u.map_or_else(Vec::new, |u| {
        u.best_share.iter().map(|s| s.probability).collect()
    });
    // Each row's total under uncertainty: (P10, P50, P90), by choice name.
    let totals: Vec<(String, [f64; 3])> = u.map_or_else(Vec::new, |u| {
        u.rows
            .iter()
            .zip(&u.best_share)
            .filter_map(|((total, _), share)| {
                Some((share.name.clone(), [total.p10?, total.p50?, total.p90?]))
            })
            .collect()
    });
    let uncertain = !best_share.is_empty();
    // The choice's name stays put while its numbers scroll sideways.
    const ROW: f32 = 22.0;
    const NAMES: f32 = 250.0;
    super::layout::frozen_first_column(
        ui,
        "tradeoff rows scroll",
        NAMES,
        &mut (),
        |ui, _| {
            super::layout::names_grid("tradeoff names", NAMES, ROW).show(ui, |ui| {
                    ui.strong("choice").on_hover_text("A model, or a cascade of two");
                    ui.end_row();
                    for r in &e.choices {
                        {
                    ui.horizontal(|ui| {
                        let mut text = egui::RichText::new(&r.choice);
                        if e.best.as_deref() == Some(r.choice.as_str()) {
                            text = text.strong();
                        }
                        let tag = match (r.pareto, r.cascade) {
                            (false, _) => " (dominated)",
                            (true, true) => " (cascade)",
                            _ => "",
                        };
                        ui.label(text).on_hover_text(format!(
                            "{}{}",
                            r.choice,
                            if r.pareto {
                                "\nOn the Pareto front: no other row is better on p99, infrastructure and errors at once."
                            } else {
                                "\nDominated: another row is at least as good on p99, infrastructure and errors, and better on one."
                            }
                        ));
                        if !tag.is_empty() {
                            ui.weak(tag);
                        }
                    });
                        }
                        ui.end_row();
                    }
                });
        },
        |ui, _| {
            super::layout::numbers_grid("tradeoff rows", ROW, 64.0).show(ui, |ui| {
                // What decides first (total, how sure, latency), then why.
                let mut titles = vec![(
                    "total/month",
                    "errors + infrastructure (under uncertainty: its P10–P90 beside it)",
                )];
                if uncertain {
                    titles.push((
                        "P(best)",
                        "Share of Monte Carlo samples where it is the cheapest meeting the SLO",
                    ));
                }
                titles.extend([
                    (
                        "p99",
                        "p99 latency; a cascade's from the log-normal mixture",
                    ),
                    ("errors/month", "misses × cost + false alarms × cost"),
                    (
                        "infra/month",
                        "Infrastructure; a cascade's is first + share × second",
                    ),
                    ("accuracy", "π·recall + (1 − π)·(1 − false-positive rate)"),
                    ("precision", "Share of flagged decisions that are positives"),
                    ("per 1,000", "total / decisions × 1,000"),
                ]);
                for (title, hint) in titles {
                    ui.strong(title).on_hover_text(hint);
                }
                ui.end_row();
                for (i, r) in e.choices.iter().enumerate() {
                    {
                        ui.horizontal(|ui| {
                            ui.spacing_mut().item_spacing.x = 6.0;
                            let spread = totals.iter().find(|(name, _)| *name == r.choice);
                            let response = ui.strong(money(r.total_per_month));
                            if let Some((_, [p10, p50, p90])) = spread {
                                response.on_hover_text(format!(
                                    "At the point values: {}. Over the Monte Carlo samples: \
                                 P10 {}, median {}, P90 {}.",
                                    money(r.total_per_month),
                                    money(*p10),
                                    money(*p50),
                                    money(*p90)
                                ));
                                ui.weak(format!("{}–{}", money(*p10), money(*p90)));
                            }
                        });
                        if uncertain {
                            ui.horizontal(|ui| {
                                ui.label(percent(best_share.get(i).copied().unwrap_or(0.0)));
                            });
                        }
                        ui.horizontal(|ui| {
                            let text = format!("{} ms", quantity(r.p99_ms));
                            let l = if r.meets_slo {
                                ui.label(text)
                            } else {
                                ui.colored_label(ui.visuals().warn_fg_color, text)
                            };
                            l.on_hover_text(match r.max_escalate_share {
                                Some(max) => {
                                    format!("Meets the SLO up to {} escalated", percent(max))
                                }
                                None if r.meets_slo => "Meets the SLO".to_owned(),
                                None => "Misses the SLO".to_owned(),
                            });
                        });
                        ui.horizontal(|ui| {
                            ui.label(money(r.error_cost_per_month))
                                .on_hover_text(format!(
                                    "{} misses + {} false alarms a month",
                                    grouped(r.false_negatives_per_month, 0),
                                    grouped(r.false_positives_per_month, 0)
                                ));
                        });
                        ui.horizontal(|ui| {
                            ui.label(money(r.infra_per_month));
                        });
                        ui.horizontal(|ui| {
                            ui.label(percent(r.accuracy));
                        });
                        ui.horizontal(|ui| {
                            ui.label(r.precision.map_or("—".to_owned(), percent));
                        });
                        ui.horizontal(|ui| {
                            ui.label(quantity(r.cost_per_1k));
                        });
                    }
                    ui.end_row();
                }
            });
        },
    );
}
