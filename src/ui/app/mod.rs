//! The application: one scenario document (file, unsaved changes, undo),
//! the window layout (menu, panel navigation, current panel, status bar),
//! commands, prompts, crash recovery and preferences.

use std::path::{Path, PathBuf};

use eframe::egui;
use egui::util::undoer::Undoer;

mod commands;
mod compare;
mod document;
mod menus;
mod prompts;
mod window;

use super::import_preview::ImportPreview;
use super::monte_carlo::MonteCarloRunner;
use super::panel::{PanelKind, Panels};
use super::prefs::Prefs;
use super::recovery::{self, Recovered};
use super::toast::Toasts;
use crate::model::{Evaluation, Scenario, evaluate};
use crate::samples;

/// The last message for the status bar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status {
    /// The message.
    pub text: String,
    /// Whether it reports a failure.
    pub is_error: bool,
}

impl Status {
    /// A plain message.
    pub(crate) fn info(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            is_error: false,
        }
    }

    /// A failure, shown in the error colour.
    pub(crate) fn error(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            // A megabyte-long message would stall the status bar.
            text: crate::format::message(&text).into_owned(),
            is_error: true,
        }
    }
}

/// What to do once the user has answered the unsaved-changes prompt.
#[derive(Clone, Debug, PartialEq)]
enum After {
    New,
    /// Open an imported scenario, unsaved.
    Imported(Box<Scenario>),
    Open(PathBuf),
    OpenDialog,
    OpenSample(usize),
    Quit,
}

/// A question the app is waiting on, shown as a modal.
#[derive(Clone, Debug, PartialEq)]
enum Prompt {
    /// Unsaved changes: Save / Discard / Cancel, then `After`.
    Unsaved(After),
    /// Discard the changes and reload the file?
    Revert,
    /// A recovery file from a session that did not end cleanly.
    Restore(Box<Recovered>),
}

/// Seconds between autosaves of unsaved changes to the recovery file.
pub(super) const AUTOSAVE_SECONDS: f64 = 3.0;

/// Presentation mode's zoom on top of the user's zoom.
pub(super) const PRESENTATION_ZOOM: f32 = 1.35;

/// The perfcase window.
pub struct PerfcaseApp {
    scenario: Scenario,
    /// The scenario as last loaded or saved: unsaved changes differ from it.
    saved: Scenario,
    /// The file the scenario belongs to; `None` for a sample or a new scenario.
    path: Option<PathBuf>,
    /// The evaluation of `evaluated`, the scenario as of the last frame.
    evaluation: Evaluation,
    evaluated: Scenario,
    undoer: Undoer<Scenario>,
    status: Status,
    panel: PanelKind,
    panels: Panels,
    /// The Monte Carlo behind the panels' distributions.
    monte_carlo: MonteCarloRunner,
    /// An imported trace or profile waiting for the user's go-ahead.
    import_preview: Option<ImportPreview>,
    toasts: Toasts,
    prefs: Prefs,
    presentation: bool,
    /// Whether presentation mode shows the inputs panel.
    presenting_inputs: bool,
    /// Whether the inputs panel is shown outside presentation mode: `None`
    /// follows the window (shown from [`WIDE_WINDOW`] points wide), the
    /// user's choice once made.
    inputs_open: Option<bool>,
    /// Whether the last frame's window was wide enough for the inputs
    /// beside the charts.
    wide: bool,
    prompt: Option<Prompt>,
    about_open: bool,
    /// Where the recovery file lives; `None` disables autosave.
    recovery_dir: Option<PathBuf>,
    /// The scenario last written to the recovery file.
    autosaved: Option<Scenario>,
    /// When the next autosave is due (egui time, seconds).
    autosave_due: Option<f64>,
    /// Set once the user has answered the prompt on closing.
    close_confirmed: bool,
    /// The title last sent to the window, to send it only when it changes.
    shown_title: String,
    /// The launch file that could not be opened, while the sample stands in.
    open_failed: Option<super::open_failed::OpenFailed>,
    /// Startup timing (`PERFCASE_STARTUP`), until the first frames are done.
    startup: Option<super::startup::Startup>,
    /// A second scenario shown beside this one (File → Compare With…).
    comparison: Option<compare::Comparison>,
}

/// The window width (points) from which the inputs sit beside the charts
/// by default; narrower, they start as a closed drawer (F9 opens it).
pub const WIDE_WINDOW: f32 = 1200.0;

impl PerfcaseApp {
    /// An app showing `scenario`, loaded from `path` if any.
    pub fn new(scenario: Scenario, path: Option<PathBuf>) -> Self {
        let evaluation = evaluate(&scenario);
        let panel = PanelKind::for_scenario(PanelKind::default(), &scenario);
        let mut undoer = Undoer::default();
        undoer.add_undo(&scenario);
        Self {
            saved: scenario.clone(),
            evaluated: scenario.clone(),
            scenario,
            path,
            evaluation,
            undoer,
            status: Status::default(),
            panel,
            panels: Panels::default(),
            monte_carlo: MonteCarloRunner::default(),
            import_preview: None,
            toasts: Toasts::default(),
            prefs: Prefs::default(),
            presentation: false,
            presenting_inputs: false,
            inputs_open: None,
            wide: true,
            prompt: None,
            about_open: false,
            recovery_dir: None,
            autosaved: None,
            autosave_due: None,
            close_confirmed: false,
            shown_title: String::new(),
            open_failed: None,
            startup: None,
            comparison: None,
        }
    }

    /// An app on the built-in sample scenario.
    pub fn with_sample() -> Self {
        match samples::DEFAULT.scenario() {
            Ok(scenario) => {
                let mut app = Self::new(scenario, None);
                app.status =
                    Status::info(format!("Built-in sample: {}", samples::DEFAULT.file_name));
                app
            }
            // Only reachable if the sample file were broken; the tests load it.
            Err(err) => {
                let mut app = Self::new(Scenario::default(), None);
                app.status = Status::error(err.to_string());
                app
            }
        }
    }

    /// An app on the file at `path`; if it cannot be loaded, on the built-in
    /// sample with the error in the status bar.
    pub fn open_or_sample(path: &Path) -> Self {
        let mut app = Self::with_sample();
        app.open(path);
        if app.path.is_none() {
            app.open_failed = Some(super::open_failed::OpenFailed::new(
                path,
                app.status.text.clone(),
            ));
        }
        app
    }

    /// The launch file that could not be opened, while the sample stands in.
    pub fn open_failed(&self) -> Option<&Path> {
        self.open_failed.as_ref().map(|f| f.path())
    }

    /// Enables crash recovery in `dir`: unsaved changes are autosaved there,
    /// and a recovery file left by a session that did not end cleanly is
    /// offered back.
    #[must_use]
    pub fn with_recovery_dir(mut self, dir: PathBuf) -> Self {
        match recovery::read(&dir) {
            Some(Ok(recovered)) => self.prompt = Some(Prompt::Restore(Box::new(recovered))),
            Some(Err(err)) => {
                self.status = Status::error(format!("Recovery file unreadable: {err}"))
            }
            None => {}
        }
        self.recovery_dir = Some(dir);
        self
    }

    /// Reports startup timing after the first frame (see `startup.rs`).
    #[must_use]
    pub(crate) fn with_startup(mut self, startup: super::startup::Startup) -> Self {
        self.startup = Some(startup);
        self
    }

    /// Runs the Monte Carlo on the UI thread, each frame's result ready in
    /// that frame (tests).
    #[must_use]
    pub fn with_synchronous_monte_carlo(mut self) -> Self {
        self.monte_carlo = MonteCarloRunner::synchronous();
        self
    }

    /// Applies remembered preferences: theme, zoom, last panel, recent files.
    #[must_use]
    pub fn with_prefs(mut self, prefs: Prefs) -> Self {
        if prefs.last_panel.has_section(&self.scenario) {
            self.panel = prefs.last_panel;
        }
        self.prefs = prefs;
        self
    }

    /// The scenario being shown.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario, for edits (tests and commands); re-evaluated next frame.
    pub fn scenario_mut(&mut self) -> &mut Scenario {
        &mut self.scenario
    }

    /// The import preview, while one is open.
    pub fn import_preview(&mut self) -> Option<&mut ImportPreview> {
        self.import_preview.as_mut()
    }

    /// Whether the import preview is open.
    pub fn import_preview_open(&self) -> bool {
        self.import_preview.is_some()
    }

    /// The toasts on screen.
    pub fn toasts(&self) -> impl Iterator<Item = &str> {
        self.toasts.texts()
    }

    /// Its evaluation, as of the last frame.
    pub fn evaluation(&self) -> &Evaluation {
        &self.evaluation
    }

    /// The latest Monte Carlo run's uncertainty block, when the scenario has ranges.
    pub fn uncertainty(&self) -> Option<&crate::model::uncertain::Uncertainty> {
        self.monte_carlo.views().map(|v| &v.uncertainty)
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

    /// The file the scenario belongs to.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The remembered preferences.
    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// Whether presentation mode is on.
    pub fn is_presenting(&self) -> bool {
        self.presentation
    }

    /// Whether the scenario differs from the file it was loaded from or saved to.
    pub fn is_dirty(&self) -> bool {
        self.scenario != self.saved
    }

    /// Whether there is an edit to undo.
    pub fn can_undo(&self) -> bool {
        self.undoer.has_undo(&self.scenario)
    }

    /// Whether there is an undone edit to redo.
    pub fn can_redo(&self) -> bool {
        self.undoer.has_redo(&self.scenario)
    }

    /// "title • — file — perfcase", the dot marking unsaved changes.
    pub fn window_title(&self) -> String {
        let file = self.path.as_deref().map_or_else(
            || "unsaved".to_owned(),
            |p| {
                p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            },
        );
        let dirty = if self.is_dirty() { " •" } else { "" };
        if let Some(failed) = &self.open_failed {
            return failed.title();
        }
        if self.scenario.title.is_empty() {
            format!("{file}{dirty} — perfcase")
        } else {
            format!("{}{dirty} — {file} — perfcase", self.scenario.title)
        }
    }
}

impl eframe::App for PerfcaseApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, super::prefs::KEY, &self.prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // A clean exit with nothing unsaved leaves no recovery file behind.
        if !self.is_dirty() {
            self.discard_recovery();
        }
    }
}
