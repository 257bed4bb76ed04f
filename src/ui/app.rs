//! The application state and the window layout: menu, panel navigation,
//! the current panel, and the status bar.

use std::path::{Path, PathBuf};

use eframe::egui;

use super::budget_panel::BudgetPanel;
use super::matrix_panel::MatrixPanel;
use super::payback_panel::PaybackPanel;
use crate::model::{Evaluation, Scenario, evaluate, validate};
use crate::{samples, scenario_file};

/// The last message for the status bar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status {
    /// The message.
    pub text: String,
    /// Whether it reports a failure.
    pub is_error: bool,
}

/// The panels of the left navigation, in order; Ctrl+1.. selects them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PanelKind {
    /// Where the time goes.
    #[default]
    Budget,
    /// The weighted decision matrix.
    Matrix,
    /// Rewrite economics.
    Payback,
}

impl PanelKind {
    /// Every panel, in navigation order.
    pub const ALL: [Self; 3] = [Self::Budget, Self::Matrix, Self::Payback];

    /// The navigation label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Budget => "Budget",
            Self::Matrix => "Matrix",
            Self::Payback => "Payback",
        }
    }

    /// Whether `scenario` has this panel's section.
    pub fn has_section(self, scenario: &Scenario) -> bool {
        match self {
            Self::Budget => scenario.budget.is_some(),
            Self::Matrix => scenario.matrix.is_some(),
            Self::Payback => scenario.payback.is_some(),
        }
    }

    /// `preferred` if `scenario` has its section, else the first panel that
    /// has one (a matrix-only file opens on the matrix), else `preferred`.
    fn for_scenario(preferred: Self, scenario: &Scenario) -> Self {
        if preferred.has_section(scenario) {
            return preferred;
        }
        Self::ALL
            .into_iter()
            .find(|p| p.has_section(scenario))
            .unwrap_or(preferred)
    }

    /// What the panel answers, for the navigation tooltip.
    fn question(self) -> &'static str {
        match self {
            Self::Budget => "Where does the time go, what is the ceiling, what is the cheap fix?",
            Self::Matrix => "Which option wins on the axes that matter, and what would flip it?",
            Self::Payback => "Is the rewrite worth funding, and when would we stop?",
        }
    }
}

/// The perfcase window: one scenario, its evaluation, and where it came from.
pub struct PerfcaseApp {
    scenario: Scenario,
    /// The evaluation of `evaluated`, which is the scenario as of the last
    /// re-evaluation; compared each frame to notice edits.
    evaluation: Evaluation,
    evaluated: Scenario,
    /// The scenario as last loaded or saved: unsaved changes differ from it.
    saved: Scenario,
    /// The file the scenario was loaded from; `None` for the built-in sample.
    path: Option<PathBuf>,
    status: Status,
    panel: PanelKind,
    budget_panel: BudgetPanel,
    matrix_panel: MatrixPanel,
    payback_panel: PaybackPanel,
}

impl PerfcaseApp {
    /// An app showing `scenario`, loaded from `path` if any.
    pub fn new(scenario: Scenario, path: Option<PathBuf>) -> Self {
        let evaluation = evaluate(&scenario);
        let panel = PanelKind::for_scenario(PanelKind::default(), &scenario);
        Self {
            evaluated: scenario.clone(),
            saved: scenario.clone(),
            scenario,
            evaluation,
            path,
            status: Status::default(),
            panel,
            budget_panel: BudgetPanel::default(),
            matrix_panel: MatrixPanel::default(),
            payback_panel: PaybackPanel::default(),
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
                let panel = PanelKind::for_scenario(self.panel, &scenario);
                *self = Self::new(scenario, Some(path.to_owned()));
                self.panel = panel;
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

    /// Saves to `path` atomically; on success it becomes the current file.
    /// On failure the file on disk is untouched and the error is shown.
    pub fn save_as(&mut self, path: &Path) {
        match scenario_file::save(path, &self.scenario) {
            Ok(()) => {
                self.saved = self.scenario.clone();
                self.path = Some(path.to_owned());
                self.status = Status {
                    text: format!("Saved {}", path.display()),
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

    /// The scenario, for edits (tests and commands); re-evaluated next frame.
    pub fn scenario_mut(&mut self) -> &mut Scenario {
        &mut self.scenario
    }

    /// Its evaluation, as of the last frame.
    pub fn evaluation(&self) -> &Evaluation {
        &self.evaluation
    }

    /// The status bar's message.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// The panel being shown.
    pub fn panel(&self) -> PanelKind {
        self.panel
    }

    /// Shows another panel.
    pub fn set_panel(&mut self, panel: PanelKind) {
        self.panel = panel;
    }

    /// Whether the scenario differs from the file it was loaded from or saved to.
    pub fn is_dirty(&self) -> bool {
        self.scenario != self.saved
    }

    /// "title • — file — perfcase", the dot marking unsaved changes.
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
        let dirty = if self.is_dirty() { " •" } else { "" };
        if self.scenario.title.is_empty() {
            format!("{file}{dirty} — perfcase")
        } else {
            format!("{}{dirty} — {file} — perfcase", self.scenario.title)
        }
    }

    /// Re-evaluates when the scenario changed since the last evaluation, and
    /// reports validation problems in the status bar.
    fn refresh(&mut self, ctx: &egui::Context) {
        if self.scenario == self.evaluated {
            return;
        }
        self.evaluation = evaluate(&self.scenario);
        self.evaluated = self.scenario.clone();
        let errors = validate(&self.scenario);
        if let Some(first) = errors.first() {
            self.status = Status {
                text: format!("Check the inputs: {first}"),
                is_error: true,
            };
        } else if self.status.text.starts_with("Check the inputs") {
            self.status = Status::default();
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(self.window_title()));
        ctx.request_repaint();
    }

    fn open_dialog(&mut self) {
        let dialog = rfd::FileDialog::new().add_filter("perfcase scenario", &["ron"]);
        if let Some(path) = dialog.pick_file() {
            self.open(&path);
        }
    }

    fn save(&mut self) {
        match self.path.clone() {
            Some(path) => self.save_as(&path),
            None => self.save_as_dialog(),
        }
    }

    fn save_as_dialog(&mut self) {
        let name = suggested_file_name(&self.scenario.title);
        let dialog = rfd::FileDialog::new()
            .add_filter("perfcase scenario", &["ron"])
            .set_file_name(name);
        match dialog.save_file() {
            Some(path) => self.save_as(&path),
            None => {
                self.status = Status {
                    text: "Save cancelled (no file chosen).".into(),
                    is_error: false,
                };
            }
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
        let save_as = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
        let panel_keys = [Key::Num1, Key::Num2, Key::Num3];
        let (do_open, do_save_as, do_save, panel) = ctx.input_mut(|i| {
            let do_save_as = i.consume_shortcut(&save_as);
            let panel = panel_keys
                .iter()
                .position(|&k| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, k)));
            (
                i.consume_shortcut(&open),
                do_save_as,
                i.consume_shortcut(&save),
                panel,
            )
        });
        if let Some(k) = panel {
            self.panel = PanelKind::ALL[k];
        }
        if do_open {
            self.open_dialog();
        }
        if do_save_as {
            self.save_as_dialog();
        } else if do_save {
            self.save();
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .add(egui::Button::new("Open…").shortcut_text("Ctrl+O"))
                    .clicked()
                {
                    self.open_dialog();
                }
                ui.menu_button("Open sample", |ui| {
                    for sample in &samples::ALL {
                        if ui.button(sample.file_name).clicked() {
                            match sample.scenario() {
                                Ok(scenario) => {
                                    let panel = PanelKind::for_scenario(self.panel, &scenario);
                                    *self = Self::new(scenario, None);
                                    self.panel = panel;
                                    self.status.text = format!("Sample: {}", sample.file_name);
                                }
                                Err(err) => {
                                    self.status = Status {
                                        text: format!("{err}"),
                                        is_error: true,
                                    };
                                }
                            }
                        }
                    }
                });
                ui.separator();
                if ui
                    .add(egui::Button::new("Save").shortcut_text("Ctrl+S"))
                    .clicked()
                {
                    self.save();
                }
                if ui
                    .add(egui::Button::new("Save As…").shortcut_text("Ctrl+Shift+S"))
                    .clicked()
                {
                    self.save_as_dialog();
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("View", |ui| {
                for (k, panel) in PanelKind::ALL.into_iter().enumerate() {
                    let button = egui::Button::selectable(self.panel == panel, panel.label())
                        .shortcut_text(format!("Ctrl+{}", k + 1));
                    if ui.add(button).clicked() {
                        self.panel = panel;
                    }
                }
            });
            ui.menu_button("Help", |ui| {
                ui.label(format!("perfcase {}", env!("CARGO_PKG_VERSION")));
                ui.label("A workbench for performance business cases.");
                ui.label("Hover any number to see its formula and inputs.");
            });
        });
    }

    /// Draws the whole window.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.shortcuts(ui.ctx());
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let file = self
                    .path
                    .as_deref()
                    .map_or("built-in sample".to_owned(), |p| p.display().to_string());
                ui.label(file);
                if self.is_dirty() {
                    ui.label("• unsaved changes");
                }
                ui.separator();
                let text = egui::RichText::new(&self.status.text);
                if self.status.is_error {
                    ui.label(text.color(ui.visuals().error_fg_color));
                } else {
                    ui.label(text);
                }
            });
        });
        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(120.0)
            .show(ui, |ui| {
                ui.add_space(8.0);
                for (k, panel) in PanelKind::ALL.into_iter().enumerate() {
                    let label = egui::RichText::new(panel.label()).size(16.0);
                    if ui
                        .selectable_label(self.panel == panel, label)
                        .on_hover_text(format!("{} (Ctrl+{})", panel.question(), k + 1))
                        .clicked()
                    {
                        self.panel = panel;
                    }
                    ui.add_space(4.0);
                }
            });
        egui::Panel::top("title").show(ui, |ui| {
            let title = if self.scenario.title.is_empty() {
                "(untitled scenario)"
            } else {
                &self.scenario.title
            };
            ui.add_space(4.0);
            ui.label(egui::RichText::new(title).size(20.0).strong())
                .on_hover_text(&self.scenario.notes);
            ui.add_space(2.0);
        });
        egui::CentralPanel::default().show(ui, |ui| match self.panel {
            PanelKind::Budget => self.budget_panel.ui(
                ui,
                &mut self.scenario.budget,
                self.evaluation.budget.as_ref(),
                1.0,
            ),
            PanelKind::Matrix => self.matrix_panel.ui(
                ui,
                &mut self.scenario.matrix,
                self.evaluation.matrix.as_ref(),
                1.0,
            ),
            PanelKind::Payback => self.payback_panel.ui(
                ui,
                &mut self.scenario.payback,
                self.evaluation.payback.as_ref(),
                1.0,
            ),
        });
        self.refresh(ui.ctx());
    }
}

/// A file name from the scenario title: "Orders endpoint: rewrite in Go?" → "orders-endpoint-rewrite-in-go.ron".
fn suggested_file_name(title: &str) -> String {
    let slug: String = title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "scenario.ron".to_owned()
    } else {
        format!("{slug}.ron")
    }
}

impl eframe::App for PerfcaseApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
