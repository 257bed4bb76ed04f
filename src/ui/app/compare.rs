//! File → Compare With…: a second scenario (B) beside the open one (A).
//! The strip under the title shows the deciding numbers of A and B and
//! the change; every chart overlays B's curves dashed in the same colours.
//! Nothing in A changes and the undo history is untouched; Escape closes.

use std::path::{Path, PathBuf};

use eframe::egui;

use super::{PerfcaseApp, Status};
use crate::chart::Chart;
use crate::model::{Evaluation, Scenario};
use crate::report::diff::{Diff, Side, diff};

/// The scenario compared with the open one.
pub struct Comparison {
    /// Where B was read from.
    pub path: PathBuf,
    /// B.
    pub scenario: Scenario,
    /// B's evaluation.
    pub evaluation: Evaluation,
    /// B's charts, overlaid on A's of the same id (shared with each frame's view).
    pub charts: std::rc::Rc<Vec<Chart>>,
}

impl PerfcaseApp {
    /// Puts the scenario at `path` beside the open one; the status says
    /// what happened (a file that cannot be read names itself and changes
    /// nothing).
    pub fn compare_with(&mut self, path: &Path) {
        match crate::scenario_file::load_regular(path) {
            Ok(scenario) => {
                let evaluation = crate::model::evaluate(&scenario);
                let charts = crate::chart::all(&scenario, &evaluation, None);
                self.status = Status::info(format!(
                    "Comparing with {} (dashed); Escape closes the comparison",
                    path.display()
                ));
                self.comparison = Some(Comparison {
                    path: path.to_owned(),
                    scenario,
                    evaluation,
                    charts: std::rc::Rc::new(charts),
                });
            }
            Err(err) => self.status = Status::error(format!("Not compared: {err}")),
        }
    }

    /// Ends the comparison; A is as it was.
    pub fn close_comparison(&mut self) {
        if self.comparison.take().is_some() {
            self.status = Status::info("Comparison closed");
        }
    }

    /// The scenario being compared with, if any.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.comparison.as_ref()
    }

    /// The deciding numbers of A and B, as `perfcase diff` computes them
    /// (without ranges: the strip compares point values).
    pub fn comparison_diff(&self) -> Option<Diff> {
        let b = self.comparison.as_ref()?;
        Some(diff(
            &Side {
                scenario: &self.scenario,
                evaluation: &self.evaluation,
                uncertainty: None,
            },
            &Side {
                scenario: &b.scenario,
                evaluation: &b.evaluation,
                uncertainty: None,
            },
        ))
    }

    /// The strip under the title: A, B and the change of each deciding number.
    pub(super) fn comparison_ui(&mut self, ui: &mut egui::Ui) {
        let Some(d) = self.comparison_diff() else {
            return;
        };
        let Some(b) = &self.comparison else {
            return;
        };
        let words = crate::report::explain::Words::of(&self.scenario);
        let name = b.path.file_name().map_or_else(
            || b.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut close = false;
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!(
                "A: this scenario · B: {name} (dashed in the charts)"
            ));
            if ui
                .button("Close comparison")
                .on_hover_text("Back to A alone (Escape); nothing in A changed")
                .clicked()
            {
                close = true;
            }
        });
        let changed: Vec<_> = d.outputs.iter().filter(|o| o.changed()).collect();
        if changed.is_empty() {
            ui.label("No deciding number differs.");
        } else {
            egui::Grid::new("comparison")
                .num_columns(4)
                .striped(true)
                .show(ui, |ui| {
                    for header in ["deciding number", "A", "B", "change"] {
                        ui.weak(header);
                    }
                    ui.end_row();
                    for o in changed {
                        let (label, unit) = describe(&o.path);
                        let show = |v: &serde_json::Value| match (v, unit) {
                            (serde_json::Value::Number(n), Some(u)) => {
                                words.show(n.as_f64().unwrap_or(f64::NAN), u)
                            }
                            (serde_json::Value::Null, _) => "—".to_owned(),
                            (serde_json::Value::String(s), _) => s.clone(),
                            (other, _) => other.to_string(),
                        };
                        ui.label(label).on_hover_text(&o.path);
                        ui.label(show(&o.a));
                        ui.label(show(&o.b));
                        let change = crate::report::diff::show_change(o.change, unit, &words)
                            .unwrap_or_else(|| "changed".to_owned());
                        ui.strong(change);
                        ui.end_row();
                    }
                });
        }
        if !d.inputs.is_empty() {
            ui.weak(format!(
                "{} input{} differ{}: {}",
                d.inputs.len(),
                if d.inputs.len() == 1 { "" } else { "s" },
                if d.inputs.len() == 1 { "s" } else { "" },
                d.inputs
                    .iter()
                    .take(4)
                    .map(|i| i.path.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if close {
            self.close_comparison();
        }
    }
}

/// An output's label and unit: the diff's names, and the three outputs
/// that are names rather than numbers.
fn describe(path: &str) -> (String, Option<crate::model::unit::Unit>) {
    if let Some((name, unit)) = crate::report::diff::output_name(path) {
        return (name, Some(unit));
    }
    let name = match path {
        "matrix.winner" => "Matrix winner",
        "tradeoff.best" => "Best trade-off choice",
        "tradeoff.cheapest" => "Cheapest trade-off choice",
        other => other,
    };
    (name.to_owned(), None)
}
