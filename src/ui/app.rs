//! The application state and the window layout.

use std::path::{Path, PathBuf};

use eframe::egui;

use crate::model::{Evaluation, Scenario, evaluate};
use crate::{samples, scenario_file};

/// The last message for the status bar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status {
    /// The message.
    pub text: String,
    /// Whether it reports a failure.
    pub is_error: bool,
}

/// The perfcase window: one scenario, its evaluation, and where it came from.
pub struct PerfcaseApp {
    scenario: Scenario,
    evaluation: Evaluation,
    /// The file the scenario was loaded from; `None` for the built-in sample.
    path: Option<PathBuf>,
    status: Status,
}

impl PerfcaseApp {
    /// An app showing `scenario`, loaded from `path` if any.
    pub fn new(scenario: Scenario, path: Option<PathBuf>) -> Self {
        let evaluation = evaluate(&scenario);
        Self {
            scenario,
            evaluation,
            path,
            status: Status::default(),
        }
    }

    /// An app on the built-in sample scenario.
    pub fn with_sample() -> Self {
        match samples::DEFAULT.scenario() {
            Ok(scenario) => {
                let mut app = Self::new(scenario, None);
                app.status.text = format!("Built-in sample: {}", samples::DEFAULT.file_name);
                app
            }
            // Only reachable if the sample file were broken; the tests load it.
            Err(err) => {
                let mut app = Self::new(Scenario::default(), None);
                app.status = Status {
                    text: format!("{err}"),
                    is_error: true,
                };
                app
            }
        }
    }

    /// An app on the file at `path`; if it cannot be loaded, on the built-in
    /// sample with the error in the status bar.
    pub fn open_or_sample(path: &Path) -> Self {
        let mut app = Self::with_sample();
        app.open(path);
        app
    }

    /// Loads the file at `path`. On failure the current scenario stays open,
    /// untouched, and the error (naming the file) goes to the status bar.
    pub fn open(&mut self, path: &Path) {
        match scenario_file::load(path) {
            Ok(scenario) => {
                self.evaluation = evaluate(&scenario);
                self.scenario = scenario;
                self.path = Some(path.to_owned());
                self.status = Status {
                    text: format!("Opened {}", path.display()),
                    is_error: false,
                };
            }
            Err(err) => {
                self.status = Status {
                    text: format!("{err}"),
                    is_error: true,
                };
            }
        }
    }

    /// The scenario being shown.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Its evaluation.
    pub fn evaluation(&self) -> &Evaluation {
        &self.evaluation
    }

    /// The status bar's message.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// "title — file — perfcase".
    pub fn window_title(&self) -> String {
        let file = self.path.as_deref().map_or_else(
            || "built-in sample".to_owned(),
            |p| {
                p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            },
        );
        if self.scenario.title.is_empty() {
            format!("{file} — perfcase")
        } else {
            format!("{} — {file} — perfcase", self.scenario.title)
        }
    }

    /// Draws the whole window.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let Self {
            scenario,
            evaluation,
            path,
            status,
        } = self;
        egui::Panel::top("title").show(ui, |ui| {
            ui.add_space(6.0);
            let title = if scenario.title.is_empty() {
                "(untitled scenario)"
            } else {
                &scenario.title
            };
            ui.heading(egui::RichText::new(title).size(22.0).strong());
            ui.add_space(4.0);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let file = path
                    .as_deref()
                    .map_or("built-in sample".to_owned(), |p| p.display().to_string());
                ui.label(file);
                ui.separator();
                let text = egui::RichText::new(&status.text);
                if status.is_error {
                    ui.label(text.color(ui.visuals().error_fg_color));
                } else {
                    ui.label(text);
                }
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                super::headline::scenario_headline_ui(ui, scenario, evaluation);
            });
        });
    }
}

impl eframe::App for PerfcaseApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
