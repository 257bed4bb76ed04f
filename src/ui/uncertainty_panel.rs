//! The Uncertainty panel: every range the scenario assumes, the Monte Carlo
//! settings, the probabilities, and the tornadoes that say which input's
//! uncertainty moves the answer most — what to measure next.

use crate::model::outputs::{Metric, Probability};
use eframe::egui;

use super::layout::chart_block_ui;
use super::panel::{Panel, PanelContext, PanelEntry};
use crate::chart::{self, Chart};
use crate::format::{grouped, percent, quantity};
use crate::model::uncertain::views::Views;
use crate::model::{Evaluation, MonteCarlo, Scenario};

/// The Uncertainty panel's own state.
#[derive(Default)]
pub struct UncertaintyPanel;

/// The Uncertainty panel's registration.
pub const ENTRY: PanelEntry = PanelEntry {
    name: "Uncertainty",
    label: "Uncertainty",
    question: "How sure is the answer, and which input should we measure next?",
    has_section: |s| {
        crate::model::sites::sites(s)
            .iter()
            .any(|site| site.quantity.is_range())
    },
    new: || Box::<UncertaintyPanel>::default(),
};

impl Panel for UncertaintyPanel {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) -> Option<super::Status> {
        let PanelContext {
            scenario,
            evaluation: eval,
            views,
            refining,
            view,
        } = cx;
        self.show(ui, scenario, eval, *views, *refining, *view)
    }
}

impl UncertaintyPanel {
    /// Draws the panel; edits go to the scenario's Monte Carlo settings.
    fn show(
        &mut self,
        ui: &mut egui::Ui,
        scenario: &mut Scenario,
        eval: &Evaluation,
        views: Option<&Views>,
        refining: bool,
        view: super::PanelView<'_>,
    ) -> Option<super::Status> {
        let Some(v) = views else {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading("Nothing in this scenario is uncertain yet.");
                ui.label(
                    "Click the ± beside any input (a span's time, the language speedup, the bill…) \
                     to give a range instead of one number. The panels then show how sure each \
                     answer is, and this panel which input to measure next.",
                );
            });
            return None;
        };
        let mut notice = None;
        let u = &v.uncertainty;
        egui::Panel::top("uncertainty_headline").show(ui, |ui| {
            headline_ui(ui, scenario, eval, v, refining);
        });
        if view.show_inputs {
            // As every section panel: never more than half the room.
            let room = ui.available_width();
            egui::Panel::right("uncertainty_inputs")
                .resizable(true)
                .default_size(520.0_f32.min(room * 0.45))
                .min_size(300.0_f32.min(room * 0.4))
                .max_size(room * 0.5)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .auto_shrink([false, false])
                        .show(ui, |ui| {
                            settings_ui(ui, &mut scenario.monte_carlo);
                            ui.separator();
                            ui.heading("The ranges assumed");
                            ui.weak(
                                "90 % intervals (5th–95th percentile) unless uniform or PERT; \
                             deterministic numbers use the point value.",
                            );
                            inputs_table_ui(ui, u, scenario);
                            ui.separator();
                            evidence_ui(ui, scenario);
                        });
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                worth_measuring_ui(ui, scenario, u);
                let charts: Vec<Chart> = chart::uncertainty::tornado_charts(scenario, eval, v);
                if charts.is_empty() {
                    ui.label(
                        "No deciding number moves with these ranges: the tornado needs a \
                         payback, a budget, a matrix with two candidates or a trade-off whose \
                         inputs are uncertain.",
                    );
                }
                for chart in &charts {
                    ui.strong(&chart.title);
                    let rows = chart.rows.len() as f32;
                    if let Some(status) = chart_block_ui(ui, chart, 60.0 + 30.0 * rows, view) {
                        notice = Some(status);
                    }
                    ui.add_space(8.0);
                }
            });
        });
        notice
    }
}

/// For a trade-off: what to measure next (the input that moves the best
/// row's total most), each row's chance of being best and its total's
/// spread. `None` without a trade-off.
fn tradeoff_sentence(
    scenario: &Scenario,
    eval: &Evaluation,
    u: &crate::model::uncertain::Uncertainty,
) -> Option<String> {
    let t = eval.tradeoff.as_ref()?;
    let currency = crate::format::number::Currency::new(scenario.currency.as_deref());
    let money =
        |x: f64| crate::format::number::show(x, crate::model::unit::Unit::MoneyPerMonth, &currency);
    let mut text = String::new();
    let row = t.best_row.or(t.cheapest_row)?;
    if let Some(top) =
        crate::model::uncertain::tornado::tradeoff_total_swings(scenario, row).first()
    {
        text.push_str(&format!(
            "Measure {} next: it moves {}'s total most ({} to {}). ",
            top.label,
            t.choices[row].choice,
            money(top.at_p10),
            money(top.at_p90)
        ));
    }
    let shares: Vec<String> = u
        .best_share
        .iter()
        .map(|s| format!("{} {}", s.name, percent(s.probability)))
        .collect();
    if !shares.is_empty() {
        text.push_str(&format!("P(best): {}. ", shares.join(", ")));
    }
    let spreads: Vec<String> = t
        .choices
        .iter()
        .zip(&u.rows)
        .filter_map(|(c, (total, _))| {
            Some(format!(
                "{} {}–{}",
                c.choice,
                money(total.p10?),
                money(total.p90?)
            ))
        })
        .collect();
    if !spreads.is_empty() {
        text.push_str(&format!("Totals P10–P90: {}.", spreads.join("; ")));
    }
    (!text.is_empty()).then(|| text.trim_end().to_owned())
}

fn headline_ui(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    eval: &Evaluation,
    v: &Views,
    refining: bool,
) {
    let u = &v.uncertainty;
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let next = u
                .lead_tornado()
                .and_then(|o| u.tornado_for(o).next().map(|row| (o, row)));
            let moves = |output: Metric| match output {
                Metric::BreakEvenMonth => "the break-even month",
                Metric::PaybackMonths => "the simple payback",
                Metric::TotalAfterAll => "the total after every fix",
                Metric::AmdahlSpeedup => "what the language buys",
                _ => "the matrix winner's lead",
            };
            // What could change the decision leads; what moves a number
            // follows when no measurement could.
            let decided = !u.value_of_information.is_empty()
                && u.value_of_information
                    .iter()
                    .all(|d| d.evpi.is_some_and(|e| e <= 0.0));
            let sentence = match (worth_measuring_first(scenario, u), next) {
                (Some(lead), _) => lead,
                (None, Some((output, row))) if decided => format!(
                    "No measurement would change the decision; {} moves {} most.",
                    row.label,
                    moves(output)
                ),
                (None, Some((output, row))) => {
                    format!(
                        "Measure {} next: it moves {} most.",
                        row.label,
                        moves(output)
                    )
                }
                (None, None) => tradeoff_sentence(scenario, eval, u)
                    .unwrap_or_else(|| "No deciding number moves with these ranges.".to_owned()),
            };
            ui.label(egui::RichText::new(sentence).size(15.0).strong());
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "{} uncertain inputs, {} samples (seed {}){}.",
                    u.inputs.len(),
                    grouped(u.samples as f64, 0),
                    u.seed,
                    if refining { ", refining…" } else { "" }
                ));
                if let Some(limit) = u.limited {
                    ui.label(
                        egui::RichText::new("fewer samples than asked")
                            .color(ui.visuals().warn_fg_color),
                    )
                    .on_hover_text(format!(
                        "Set to {} samples; ran {}: {limit}.",
                        grouped(scenario.monte_carlo.samples as f64, 0),
                        grouped(u.samples as f64, 0),
                    ));
                }
                let target = scenario
                    .payback
                    .as_ref()
                    .map(|p| p.target_payback_months.point());
                for (key, text) in [
                    (
                        Probability::BreakEvenWithinTarget,
                        format!(
                            "P(break-even by month {})",
                            target.map_or(String::new(), crate::format::quantity)
                        ),
                    ),
                    (
                        Probability::PaybackWithinTarget,
                        format!(
                            "P(simple payback ≤ {})",
                            target.map_or(String::new(), crate::format::months)
                        ),
                    ),
                    (Probability::NpvPositive, "P(NPV > 0)".to_owned()),
                    (
                        Probability::MeetsSloAfterAll,
                        "P(meets SLO after all)".to_owned(),
                    ),
                    (Probability::LoadMeetsSlo, "P(queue meets SLO)".to_owned()),
                ] {
                    if let Some(p) = u.probability(key) {
                        ui.strong(format!("{text} = {}", percent(p)))
                            .on_hover_text("Share of the Monte Carlo samples where it holds.");
                    }
                }
            });
        });
    ui.add_space(6.0);
}

fn settings_ui(ui: &mut egui::Ui, mc: &mut MonteCarlo) {
    ui.heading("Monte Carlo");
    ui.horizontal(|ui| {
        ui.label("samples");
        ui.add(
            egui::DragValue::new(&mut mc.samples)
                .range(1_000..=MonteCarlo::MAX_SAMPLES)
                .speed(1000.0),
        )
        .accessible_name("Monte Carlo samples")
        .on_hover_text(format!(
            "Samples per run once a drag ends (while dragging: {}); more is smoother and slower.",
            grouped(super::monte_carlo::LIVE_SAMPLES as f64, 0)
        ));
        ui.label("seed");
        ui.add(egui::DragValue::new(&mut mc.seed))
            .accessible_name("Monte Carlo seed")
            .on_hover_text("The same file, samples and seed give the same numbers on any machine.");
    });
}

fn inputs_table_ui(
    ui: &mut egui::Ui,
    u: &crate::model::uncertain::Uncertainty,
    scenario: &Scenario,
) {
    // The input's name stays put while its numbers scroll sideways.
    const ROW: f32 = 22.0;
    const NAMES: f32 = 170.0;
    super::layout::frozen_first_column(
        ui,
        "ranges scroll",
        NAMES,
        &mut (),
        |ui, _| {
            super::layout::names_grid("range names", NAMES, ROW).show(ui, |ui| {
                {
                    ui.strong("input")
                        .on_hover_text("The field, as a label; hover for its path in the file");
                }
                ui.end_row();
                for row in &u.inputs {
                    {
                        {
                            match scenario.evidence.get(&row.path) {
                                Some(source) => ui
                                    .label(format!("{} (measured)", row.label))
                                    .on_hover_text(format!("measured: {source}\n{}", row.path)),
                                None => ui
                                    .label(&row.label)
                                    .on_hover_text(format!("{}\nassumed\n{}", row.label, row.path)),
                            };
                        }
                    }
                    ui.end_row();
                }
            });
        },
        |ui, _| range_numbers_table(ui, u, ROW),
    );
}

/// The numbers of each range: its ends, shape, point, the input's own
/// P10–P90 and how many draws were clamped; rows in `u.inputs` order.
fn range_numbers_table(
    ui: &mut egui::Ui,
    u: &crate::model::uncertain::Uncertainty,
    row_height: f32,
) {
    super::layout::numbers_grid("ranges", row_height, 56.0).show(ui, |ui| {
            for (title, hint) in [
                ("low", "The range's low (5th percentile, or the minimum)"),
                ("high", "The range's high (95th percentile, or the maximum)"),
                ("shape", "The distribution"),
                ("point", "The value deterministic numbers use"),
                ("P10–P90", "The input's own 10th and 90th percentiles: the tornado's ends"),
                ("clamped", "Samples whose draw fell outside the field's allowed values and was clamped"),
            ] {
                ui.strong(title).on_hover_text(hint);
            }
            ui.end_row();
            for row in &u.inputs {
                {
                    ui.horizontal(|ui| {
                        ui.label(quantity(row.low));
                    });
                    ui.horizontal(|ui| {
                        ui.label(quantity(row.high));
                    });
                    ui.horizontal(|ui| {
                        ui.label(match row.mode {
                            Some(m) => format!("PERT ({})", quantity(m)),
                            None => row.shape.to_owned(),
                        });
                    });
                    ui.horizontal(|ui| {
                        ui.label(quantity(row.point));
                    });
                    ui.horizontal(|ui| {
                        ui.label(format!("{}–{}", quantity(row.p10), quantity(row.p90)));
                    });
                    ui.horizontal(|ui| {
                        let share = row.clamped as f64 / u.samples.max(1) as f64;
                        let text = if row.clamped == 0 {
                            "0".to_owned()
                        } else {
                            format!("{} ({})", grouped(row.clamped as f64, 0), percent(share))
                        };
                        ui.label(text).on_hover_text(
                            "Draws outside the field's allowed values (a fraction above 1, a negative time) \
                             are clamped to the nearest bound. A large share means the range is wider than \
                             the field allows.",
                        );
                    });
                }
                ui.end_row();
            }
        });
}

/// How many inputs a worth-measuring sentence names before "and N more".
const LISTED_INPUTS: usize = 6;

/// "Is it worth measuring?": per decision, what knowing everything first
/// is worth (EVPI) and which inputs could change the decision (EVPPI).
fn worth_measuring_ui(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    u: &crate::model::uncertain::Uncertainty,
) {
    if u.value_of_information.is_empty() {
        return;
    }
    let words = crate::report::explain::Words::of(scenario);
    ui.heading("Is it worth measuring?");
    for d in &u.value_of_information {
        let what = match d.decision {
            "fund" => "Whether to fund it",
            "matrix" => "Which candidate wins",
            _ => "Which model to run",
        };
        let (unit, label) = (d.unit(), |path: &str| u.input_label(path));
        let text = match d.evpi {
            None => format!("{what}: the value of information is unbounded in some samples."),
            Some(e) if e <= 0.0 => format!(
                "{what}: no measurement would change it — the same option is best in every sample."
            ),
            Some(e) => {
                let worth: Vec<String> = d
                    .inputs
                    .iter()
                    .filter(|i| i.evppi.is_some_and(|v| v > 0.0))
                    .map(|i| {
                        format!(
                            "{} (up to {})",
                            label(&i.input),
                            words.show(i.evppi.unwrap_or(0.0), unit)
                        )
                    })
                    .collect();
                let idle: Vec<String> = d
                    .inputs
                    .iter()
                    .filter(|i| i.evppi == Some(0.0))
                    .map(|i| label(&i.input))
                    .collect();
                let mut t = format!(
                    "{what}: knowing every input first is worth up to {} (EVPI).",
                    words.show(e, unit)
                );
                // The largest few; the chart of the same name draws twenty.
                let first_of = |items: &[String]| crate::format::first_of(items, LISTED_INPUTS);
                if !worth.is_empty() {
                    t.push_str(&format!(" Worth measuring: {}.", first_of(&worth)));
                }
                if !idle.is_empty() {
                    t.push_str(&format!(
                        " Would not change the decision: {}.",
                        first_of(&idle)
                    ));
                }
                t
            }
        };
        ui.label(text).on_hover_text(
            "EVPI: the mean over samples of the best option's value minus the value of the option \
             best on average. EVPPI of an input: the same, knowing only that input first \
             (samples binned by its draw).",
        );
    }
    ui.add_space(8.0);
}

/// Every input, measured (with its source) or assumed: tick one to say
/// where it was measured; the memo lists both.
fn evidence_ui(ui: &mut egui::Ui, scenario: &mut Scenario) {
    let sites: Vec<(String, String)> = crate::model::sites::sites(scenario)
        .into_iter()
        .map(|s| (s.path, s.label))
        .collect();
    let measured = scenario.evidence.len();
    egui::CollapsingHeader::new(format!(
        "Evidence: {measured} of {} inputs measured",
        sites.len()
    ))
    .id_salt("evidence")
    .default_open(measured > 0)
    .show(ui, |ui| {
        ui.weak("Tick an input that was measured (a trace, a load test, a bill) and say where; the rest are assumptions.");
        for (path, label) in sites {
            ui.horizontal(|ui| {
                let mut is_measured = scenario.evidence.contains_key(&path);
                if ui
                    .checkbox(&mut is_measured, "")
                    .on_hover_text(&path)
                    .accessible_name(format!("measured: {label}"))
                    .changed()
                {
                    if is_measured {
                        scenario.evidence.insert(path.clone(), String::new());
                    } else {
                        scenario.evidence.remove(&path);
                    }
                }
                ui.label(&label);
                if let Some(source) = scenario.evidence.get_mut(&path) {
                    ui.add(
                        egui::TextEdit::singleline(source)
                            .hint_text("where: a trace, a dashboard, a load test")
                            .desired_width(220.0),
                    )
                    .on_hover_text("The source of the measurement, as the memo cites it");
                }
            });
        }
    });
}

/// "Measure X next: knowing it first is worth up to $Y to the funding
/// decision." — the input of largest EVPPI in the first decision (in the
/// contract's order) a measurement could change; `None` when none could.
fn worth_measuring_first(
    scenario: &Scenario,
    u: &crate::model::uncertain::Uncertainty,
) -> Option<String> {
    let words = crate::report::explain::Words::of(scenario);
    u.value_of_information.iter().find_map(|d| {
        // The inputs come largest EVPPI first.
        let best = d.inputs.first()?;
        let value = best.evppi.filter(|v| *v > 0.0)?;
        let what = match d.decision {
            "fund" => "the funding decision",
            "matrix" => "the choice of candidate",
            _ => "the choice of model",
        };
        Some(format!(
            "Measure {} next: knowing it first is worth up to {} to {what}.",
            u.input_label(&best.input),
            words.show(value, d.unit())
        ))
    })
}
