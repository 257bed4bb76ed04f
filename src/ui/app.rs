//! The application: one scenario document (file, unsaved changes, undo),
//! the window layout (menu, panel navigation, current panel, status bar),
//! commands, prompts, crash recovery and preferences.

use std::path::{Path, PathBuf};

use eframe::egui;
use egui::util::undoer::Undoer;

use super::command::Command;
use super::import_preview::{Decision, ImportPreview};
use super::monte_carlo::MonteCarloRunner;
use super::panel::{PanelContext, PanelKind, Panels};
use super::prefs::{Prefs, ThemePref};
use super::recovery::{self, Recovered};
use super::toast::Toasts;
use crate::model::{Evaluation, FORMAT, Scenario, evaluate, validate};
use crate::{samples, scenario_file};

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
        Self {
            text: text.into(),
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
const AUTOSAVE_SECONDS: f64 = 3.0;

/// Presentation mode's zoom on top of the user's zoom.
const PRESENTATION_ZOOM: f32 = 1.35;

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
}

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
            prompt: None,
            about_open: false,
            recovery_dir: None,
            autosaved: None,
            autosave_due: None,
            close_confirmed: false,
            shown_title: String::new(),
            open_failed: None,
            startup: None,
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

    /// Replaces the document with `scenario` (from `path`), resetting undo.
    fn load_document(&mut self, scenario: Scenario, path: Option<PathBuf>) {
        self.panel = PanelKind::for_scenario(self.panel, &scenario);
        self.undoer = Undoer::default();
        self.undoer.add_undo(&scenario);
        self.evaluation = evaluate(&scenario);
        self.evaluated = scenario.clone();
        self.saved = scenario.clone();
        self.scenario = scenario;
        self.path = path;
        self.open_failed = None;
        self.discard_recovery();
    }

    /// Loads the file at `path` now, without asking about unsaved changes.
    /// On failure the current scenario stays open, untouched, and the error
    /// (naming the file) goes to the status bar.
    pub fn open(&mut self, path: &Path) {
        match scenario_file::load_regular(path) {
            Ok(scenario) => {
                self.load_document(scenario, Some(path.to_owned()));
                self.prefs.remember(path);
                self.status = Status::info(format!("Opened {}", path.display()));
            }
            Err(err) => {
                self.status = Status::error(err.to_string());
                // Retrying the launch file: its banner shows the new error.
                if self.open_failed.as_ref().is_some_and(|f| f.path() == path) {
                    self.open_failed = Some(super::open_failed::OpenFailed::new(
                        path,
                        self.status.text.clone(),
                    ));
                }
            }
        }
    }

    /// Opens `path`, first asking to save unsaved changes.
    pub fn request_open(&mut self, path: &Path) {
        self.after_confirming(After::Open(path.to_owned()));
    }

    /// Saves to `path` atomically; on success it becomes the current file.
    /// On failure the file on disk is untouched and the error is shown.
    /// Returns whether it saved.
    pub fn save_as(&mut self, path: &Path) -> bool {
        match scenario_file::save(path, &self.scenario) {
            Ok(()) => {
                self.saved = self.scenario.clone();
                self.path = Some(path.to_owned());
                self.prefs.remember(path);
                self.discard_recovery();
                self.status = Status::info(format!("Saved {}", path.display()));
                true
            }
            Err(err) => {
                self.status = Status::error(err.to_string());
                false
            }
        }
    }

    /// Imports load-test points from the CSV at `path` into the load section
    /// (creating it if needed) and shows the Load panel; errors name the file
    /// and line and leave the scenario as it was.
    pub fn import_usl_csv(&mut self, path: &Path) {
        let mut load = self.scenario.load.clone().unwrap_or_default();
        let status = super::load_panel::import_csv(&mut load, path);
        if !status.is_error {
            self.scenario.load = Some(load);
            self.panel = PanelKind::named("Load").unwrap_or_default();
        }
        self.status = status;
    }

    /// The scenario being shown.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario, for edits (tests and commands); re-evaluated next frame.
    pub fn scenario_mut(&mut self) -> &mut Scenario {
        &mut self.scenario
    }

    /// Reads `path` as a trace or a profile and shows the import preview;
    /// a file that cannot be imported leaves everything as it was and says
    /// why in a toast and the status bar.
    pub fn request_import(&mut self, path: &Path) {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let result = scenario_file::regular_file(path)
            .and_then(|()| scenario_file::read_capped(path, crate::import::MAX_FILE_BYTES))
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))
            .and_then(|bytes| {
                crate::import::import_owned(bytes, &name, &crate::import::Options::default())
                    .map_err(|e| format!("{}: {e}", path.display()))
            });
        match result {
            Ok(imported) => {
                self.import_preview = Some(ImportPreview::new(
                    imported,
                    crate::import::DEFAULT_MAX_SPANS,
                ));
            }
            Err(message) => {
                self.toasts.push(format!("Import failed: {message}"), true);
                self.status = Status::error(message);
            }
        }
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

    /// Carries out `command` (some ask first, through a prompt).
    pub fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::New => self.after_confirming(After::New),
            Command::Open => self.after_confirming(After::OpenDialog),
            Command::Import => {
                let extensions: Vec<&str> = crate::import::Format::ALL
                    .iter()
                    .flat_map(|f| f.extensions().iter().copied())
                    .collect();
                let dialog = rfd::FileDialog::new()
                    .add_filter("trace or profile", &extensions)
                    .add_filter("any file", &["*"]);
                if let Some(path) = dialog.pick_file() {
                    self.request_import(&path);
                }
            }
            Command::Save => {
                self.save();
            }
            Command::SaveAs => {
                self.save_as_dialog();
            }
            Command::Revert => {
                if self.path.is_some() && self.is_dirty() {
                    self.prompt = Some(Prompt::Revert);
                }
            }
            Command::Undo => {
                if let Some(state) = self.undoer.undo(&self.scenario) {
                    self.scenario = state.clone();
                }
            }
            Command::Redo => {
                if let Some(state) = self.undoer.redo(&self.scenario) {
                    self.scenario = state.clone();
                }
            }
            Command::ShowPanel(panel) => self.panel = panel,
            Command::TogglePresentation => {
                self.presentation = !self.presentation;
                self.apply_zoom(ctx);
            }
            Command::ZoomIn | Command::ZoomOut | Command::ZoomReset => {
                self.prefs.zoom = match command {
                    Command::ZoomIn => Prefs::zoom_step(self.prefs.zoom, 1),
                    Command::ZoomOut => Prefs::zoom_step(self.prefs.zoom, -1),
                    _ => 1.0,
                };
                self.apply_zoom(ctx);
                self.status = Status::info(format!("Zoom {:.0} %", self.prefs.zoom * 100.0));
            }
            Command::About => self.about_open = true,
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    /// Sets egui's zoom: the user's, times presentation mode's larger text
    /// for the room (the user's own zoom comes back after).
    fn apply_zoom(&self, ctx: &egui::Context) {
        let presenting = if self.presentation {
            PRESENTATION_ZOOM
        } else {
            1.0
        };
        ctx.set_zoom_factor(self.prefs.zoom * presenting);
    }

    /// Whether `command` can run now (menus grey out the others).
    fn enabled(&self, command: Command) -> bool {
        match command {
            Command::Undo => self.can_undo(),
            Command::Redo => self.can_redo(),
            Command::Revert => self.path.is_some() && self.is_dirty(),
            Command::ZoomIn => Prefs::zoom_step(self.prefs.zoom, 1) != self.prefs.zoom,
            Command::ZoomOut => Prefs::zoom_step(self.prefs.zoom, -1) != self.prefs.zoom,
            Command::ZoomReset => self.prefs.zoom != 1.0,
            _ => true,
        }
    }

    /// Runs `after` now if there is nothing unsaved, else asks first.
    fn after_confirming(&mut self, after: After) {
        if self.is_dirty() {
            self.prompt = Some(Prompt::Unsaved(after));
        } else {
            self.proceed(after);
        }
    }

    fn proceed(&mut self, after: After) {
        match after {
            After::New => {
                let scenario = Scenario {
                    format: FORMAT,
                    title: "Untitled scenario".into(),
                    ..Scenario::default()
                };
                self.load_document(scenario, None);
                self.status =
                    Status::info("New scenario: add a budget, a matrix or a payback section.");
            }
            After::Imported(scenario) => {
                let title = scenario.title.clone();
                self.load_document(*scenario, None);
                // Nothing on disk holds it yet: it opens unsaved.
                self.saved = Scenario::default();
                self.panel = PanelKind::named("Budget").unwrap_or_default();
                self.status = Status::info(format!("Imported: {title} (not saved yet)"));
            }
            After::Open(path) => self.open(&path),
            After::OpenDialog => {
                let dialog = rfd::FileDialog::new().add_filter("perfcase scenario", &["ron"]);
                if let Some(path) = dialog.pick_file() {
                    self.open(&path);
                }
            }
            After::OpenSample(index) => {
                if let Some(sample) = samples::ALL.get(index) {
                    match sample.scenario() {
                        Ok(scenario) => {
                            self.load_document(scenario, None);
                            self.status = Status::info(format!("Sample: {}", sample.file_name));
                        }
                        Err(err) => self.status = Status::error(err.to_string()),
                    }
                }
            }
            After::Quit => self.close_confirmed = true,
        }
    }

    /// Saves to the current file, or asks for one. Returns whether it saved.
    fn save(&mut self) -> bool {
        match self.path.clone() {
            Some(path) => self.save_as(&path),
            None => self.save_as_dialog(),
        }
    }

    fn save_as_dialog(&mut self) -> bool {
        let dialog = rfd::FileDialog::new()
            .add_filter("perfcase scenario", &["ron"])
            .set_file_name(suggested_file_name(&self.scenario.title));
        match dialog.save_file() {
            Some(path) => self.save_as(&path),
            None => {
                self.status = Status::info("Not saved: no file was chosen.");
                false
            }
        }
    }

    /// Writes the funding memo (Markdown) and its charts to a chosen file.
    fn memo_dialog(&mut self) {
        let stem = match crate::format::slug(&self.scenario.title) {
            slug if slug.is_empty() => "memo".to_owned(),
            slug => slug,
        };
        let dialog = rfd::FileDialog::new()
            .add_filter("Markdown", &["md"])
            .set_file_name(format!("{stem}.md"));
        let Some(path) = dialog.save_file() else {
            self.status = Status::info("No memo written: no file was chosen.");
            return;
        };
        let views = crate::chart::views_for(&self.scenario, &self.evaluation);
        self.status = match crate::report::memo::write(
            &path,
            &self.scenario,
            &self.evaluation,
            views.as_ref(),
        ) {
            Ok(()) => Status::info(format!("Wrote the memo {}", path.display())),
            Err(err) => Status::error(format!("{err:#}")),
        };
    }

    fn discard_recovery(&mut self) {
        if let Some(dir) = &self.recovery_dir {
            recovery::clear(dir);
        }
        self.autosaved = None;
        self.autosave_due = None;
    }

    /// Writes unsaved changes to the recovery file every few seconds.
    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(dir) = self.recovery_dir.clone() else {
            return;
        };
        if !self.is_dirty() {
            if self.autosaved.is_some() {
                self.discard_recovery();
            }
            return;
        }
        if self.autosaved.as_ref() == Some(&self.scenario) {
            return;
        }
        let now = ctx.input(|i| i.time);
        let due = *self.autosave_due.get_or_insert(now + AUTOSAVE_SECONDS);
        if now < due {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            return;
        }
        let recovered = Recovered {
            path: self.path.clone(),
            scenario: self.scenario.clone(),
        };
        match recovery::write(&dir, &recovered) {
            Ok(()) => self.autosaved = Some(self.scenario.clone()),
            Err(err) => {
                self.status = Status::error(format!(
                    "{}: cannot write the recovery file: {err}",
                    recovery::file(&dir).display()
                ));
                // Do not retry every frame; the next edit tries again.
                self.autosaved = Some(self.scenario.clone());
            }
        }
        self.autosave_due = None;
    }

    /// After the frame's edits: undo points, re-evaluation, title, autosave.
    fn after_frame(&mut self, ctx: &egui::Context) {
        // One undo point per interaction: while a pointer is held or a field
        // is being typed in, the undoer only watches; on release the state
        // becomes an undo point.
        let busy = ctx.input(|i| i.pointer.any_down()) || ctx.memory(|m| m.focused().is_some());
        if busy {
            self.undoer
                .feed_state(ctx.input(|i| i.time), &self.scenario);
        } else {
            self.undoer.add_undo(&self.scenario);
        }
        if self.scenario != self.evaluated {
            self.evaluation = evaluate(&self.scenario);
            self.evaluated = self.scenario.clone();
            if let Some(first) = validate(&self.scenario).first() {
                self.status = Status::error(format!("Check the inputs: {first}"));
            } else if self.status.text.starts_with("Check the inputs") {
                self.status = Status::default();
            }
            ctx.request_repaint();
        }
        // Ranges are sampled again after every change, quickly while a
        // pointer is held, then at the file's sample count.
        let dragging = ctx.input(|i| i.pointer.any_down());
        self.monte_carlo
            .update(ctx, &self.scenario, &self.evaluation, dragging);
        let title = self.window_title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
        self.autosave(ctx);
    }

    /// Keyboard shortcuts, dropped files and the window's close button.
    fn handle_input(&mut self, ctx: &egui::Context) {
        if self.prompt.is_some() {
            return;
        }
        let commands: Vec<Command> = ctx.input_mut(|i| {
            Command::with_shortcuts()
                .into_iter()
                .filter(|c| {
                    let main = c.shortcut().is_some_and(|s| i.consume_shortcut(&s));
                    let alt = c
                        .alternative_shortcut()
                        .is_some_and(|s| i.consume_shortcut(&s));
                    main || alt
                })
                .collect()
        });
        for command in commands {
            if self.enabled(command) {
                self.run_command(ctx, command);
            }
        }
        let dropped: Option<PathBuf> =
            ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_owned()));
        if let Some(path) = dropped {
            // A scenario opens; anything else is a trace or a profile to import.
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
            {
                self.request_open(&path);
            } else {
                self.request_import(&path);
            }
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.close_confirmed {
            if self.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.prompt = Some(Prompt::Unsaved(After::Quit));
            } else {
                self.discard_recovery();
            }
        }
        if self.close_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn command_button(&mut self, ui: &mut egui::Ui, command: Command, pending: &mut Vec<Command>) {
        let mut button = egui::Button::new(command.label());
        if let Some(shortcut) = command.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui
            .add_enabled(self.enabled(command), button)
            .on_hover_text(command.tooltip())
            .clicked()
        {
            pending.push(command);
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui, pending: &mut Vec<Command>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                self.command_button(ui, Command::New, pending);
                self.command_button(ui, Command::Open, pending);
                self.command_button(ui, Command::Import, pending);
                ui.menu_button("Open Recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.weak("No recent files");
                    }
                    for path in self.prefs.recent.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            self.request_open(&path);
                        }
                    }
                });
                ui.menu_button("Open Sample", |ui| {
                    for (index, sample) in samples::ALL.iter().enumerate() {
                        if ui.button(sample.file_name).clicked() {
                            self.after_confirming(After::OpenSample(index));
                        }
                    }
                });
                ui.separator();
                self.command_button(ui, Command::Save, pending);
                self.command_button(ui, Command::SaveAs, pending);
                self.command_button(ui, Command::Revert, pending);
                ui.separator();
                self.command_button(ui, Command::Quit, pending);
            });
            ui.menu_button("Edit", |ui| {
                self.command_button(ui, Command::Undo, pending);
                self.command_button(ui, Command::Redo, pending);
            });
            ui.menu_button("View", |ui| {
                for panel in PanelKind::all() {
                    self.command_button(ui, Command::ShowPanel(panel), pending);
                }
                ui.separator();
                self.command_button(ui, Command::TogglePresentation, pending);
                ui.separator();
                for zoom in [Command::ZoomIn, Command::ZoomOut, Command::ZoomReset] {
                    self.command_button(ui, zoom, pending);
                }
                ui.separator();
                ui.label("Theme");
                for (theme, label) in [
                    (ThemePref::System, "Follow the system"),
                    (ThemePref::Dark, "Dark"),
                    (ThemePref::Light, "Light"),
                ] {
                    ui.radio_value(&mut self.prefs.theme, theme, label);
                }
            });
            ui.menu_button("Export", |ui| {
                // The charts as on screen: the latest run, not a new one per frame.
                let charts =
                    crate::chart::all(&self.scenario, &self.evaluation, self.monte_carlo.views());
                if charts.is_empty() {
                    ui.weak("No charts: add a budget, a matrix or a payback section.");
                }
                let stem = crate::format::slug(&self.scenario.title);
                let size = self.prefs.export_size.into();
                for chart in &charts {
                    ui.menu_button(chart.title.as_str(), |ui| {
                        if let Some(action) = super::plot::export_items_ui(ui) {
                            self.status = super::plot::export(ui.ctx(), chart, action, &stem, size);
                        }
                    });
                }
                ui.separator();
                let export_size = &mut self.prefs.export_size;
                ui.horizontal(|ui| {
                    ui.label("Size");
                    ui.add(
                        egui::DragValue::new(&mut export_size.width)
                            .range(200..=8000)
                            .suffix(" px"),
                    )
                    .accessible_name("export width");
                    ui.label("×");
                    ui.add(
                        egui::DragValue::new(&mut export_size.height)
                            .range(150..=8000)
                            .suffix(" px"),
                    )
                    .accessible_name("export height");
                });
                ui.horizontal(|ui| {
                    ui.label("PNG scale");
                    ui.selectable_value(&mut export_size.scale, 1, "1×");
                    ui.selectable_value(&mut export_size.scale, 2, "2×");
                });
                ui.separator();
                if ui
                    .add_enabled(!charts.is_empty(), egui::Button::new("Funding memo…"))
                    .on_hover_text(
                        "A Markdown memo with every number, its formula and the charts beside it",
                    )
                    .clicked()
                {
                    self.memo_dialog();
                }
            });
            ui.menu_button("Help", |ui| {
                self.command_button(ui, Command::About, pending);
            });
        });
    }

    fn prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(prompt) = self.prompt.clone() else {
            return;
        };
        let file = self
            .path
            .as_deref()
            .map_or("this scenario".to_owned(), |p| p.display().to_string());
        egui::Modal::new(egui::Id::unique("perfcase prompt")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            match prompt {
                Prompt::Unsaved(after) => {
                    let doing = match &after {
                        After::New => "starting a new scenario",
                        After::Open(_)
                        | After::OpenDialog
                        | After::OpenSample(_)
                        | After::Imported(_) => "opening another",
                        After::Quit => "closing",
                    };
                    ui.heading("Unsaved changes");
                    ui.label(format!("Save the changes to {file} before {doing}?"));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            self.prompt = None;
                            if self.save() {
                                self.proceed(after.clone());
                            }
                        }
                        if ui.button("Discard").clicked() {
                            self.prompt = None;
                            // The user chose to lose these changes.
                            self.discard_recovery();
                            self.saved = self.scenario.clone();
                            self.proceed(after.clone());
                        }
                        if ui.button("Cancel").clicked() {
                            self.prompt = None;
                        }
                    });
                }
                Prompt::Revert => {
                    ui.heading("Revert to saved?");
                    ui.label(format!("Discard the unsaved changes and reload {file}?"));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Revert").clicked() {
                            self.prompt = None;
                            if let Some(path) = self.path.clone() {
                                self.open(&path);
                            }
                        }
                        if ui.button("Cancel").clicked() {
                            self.prompt = None;
                        }
                    });
                }
                Prompt::Restore(recovered) => {
                    let from = recovered
                        .path
                        .as_deref()
                        .map_or("an unsaved scenario".to_owned(), |p| p.display().to_string());
                    ui.heading("Restore unsaved work?");
                    ui.label(format!(
                        "perfcase did not close cleanly last time. Restore the unsaved changes to {from} (\"{}\")?",
                        recovered.scenario.title
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            self.prompt = None;
                            // Restored work is unsaved relative to its file
                            // (or to nothing, if it never had one).
                            let on_disk = recovered
                                .path
                                .as_deref()
                                .and_then(|p| scenario_file::load(p).ok());
                            self.load_document(recovered.scenario.clone(), recovered.path.clone());
                            self.saved = on_disk.unwrap_or_default();
                            self.status = Status::info(
                                "Restored the unsaved changes: save them to keep them.",
                            );
                        }
                        if ui.button("Discard").clicked() {
                            self.prompt = None;
                            self.discard_recovery();
                        }
                    });
                }
            }
        });
    }

    fn about_ui(&mut self, ctx: &egui::Context) {
        if !self.about_open {
            return;
        }
        let response = egui::Modal::new(egui::Id::unique("perfcase about")).show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.heading(format!("perfcase {}", env!("CARGO_PKG_VERSION")));
            ui.label("A workbench for performance business cases: where the time goes, what a faster language could buy, which cheap fix comes first, which option wins and what would flip it, and whether a rewrite pays back.");
            ui.add_space(6.0);
            ui.weak("Hover any number to see its formula and inputs.");
            ui.add_space(8.0);
            ui.button("Close").clicked()
        });
        if response.inner || response.should_close() {
            self.about_open = false;
        }
    }

    fn apply_look(&self, ctx: &egui::Context) {
        let preference = match self.prefs.theme {
            ThemePref::System => egui::ThemePreference::System,
            ThemePref::Dark => egui::ThemePreference::Dark,
            ThemePref::Light => egui::ThemePreference::Light,
        };
        ctx.set_theme(preference);
    }

    /// Draws the whole window for one frame.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.apply_look(&ctx);
        self.handle_input(&ctx);
        let mut pending = Vec::new();
        let stem = crate::format::slug(&self.scenario.title);
        let view = if self.presentation {
            super::PanelView {
                stem: &stem,
                export_size: self.prefs.export_size.into(),
                line_width: 2.0,
                show_inputs: self.presenting_inputs,
            }
        } else {
            super::PanelView {
                stem: &stem,
                export_size: self.prefs.export_size.into(),
                ..super::PanelView::default()
            }
        };
        if self.presentation {
            egui::Panel::top("presenting").show(ui, |ui| {
                ui.horizontal(|ui| {
                    for panel in PanelKind::all() {
                        if ui
                            .selectable_label(self.panel == panel, panel.label())
                            .clicked()
                        {
                            self.panel = panel;
                        }
                    }
                    ui.separator();
                    ui.toggle_value(&mut self.presenting_inputs, "Show inputs")
                        .on_hover_text("Show the sliders beside the plots");
                    if ui.button("Exit presentation (F11)").clicked() {
                        pending.push(Command::TogglePresentation);
                    }
                });
            });
        } else {
            egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut pending));
            egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
            egui::Panel::left("nav")
                .resizable(false)
                .exact_size(120.0)
                .show(ui, |ui| self.nav_ui(ui));
        }
        if let Some(failed) = &self.open_failed {
            use super::open_failed::Choice;
            match failed.banner(ui) {
                Some(Choice::Retry) => {
                    let path = failed.path().to_owned();
                    self.request_open(&path);
                }
                Some(Choice::OpenAnother) => pending.push(Command::Open),
                Some(Choice::Dismiss) => self.open_failed = None,
                None => {}
            }
        }
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
        let mut cx = PanelContext {
            scenario: &mut self.scenario,
            evaluation: &self.evaluation,
            views: self.monte_carlo.views(),
            refining: self.monte_carlo.is_refining(),
            view,
        };
        let panels = &mut self.panels;
        let panel = self.panel;
        let notice = egui::CentralPanel::default()
            .show(ui, |ui| panels.ui(panel, ui, &mut cx))
            .inner;
        if let Some(status) = notice {
            self.status = status;
        }
        self.prompt_ui(&ctx);
        if let Some(preview) = &mut self.import_preview {
            match preview.ui(&ctx) {
                Some(Decision::Open(scenario)) => {
                    self.import_preview = None;
                    self.after_confirming(After::Imported(scenario));
                }
                Some(Decision::Cancel) => self.import_preview = None,
                None => {}
            }
        }
        self.toasts.ui(&ctx);
        self.about_ui(&ctx);
        for command in pending {
            self.run_command(&ctx, command);
        }
        self.prefs.last_panel = self.panel;
        if self.startup.as_mut().is_some_and(|s| s.frame_done(&ctx)) {
            self.startup = None;
        }
        self.after_frame(&ctx);
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let file = self
                .path
                .as_deref()
                .map_or("not saved to a file".to_owned(), |p| {
                    p.display().to_string()
                });
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
    }

    fn nav_ui(&mut self, ui: &mut egui::Ui) {
        ui.add_space(8.0);
        for panel in PanelKind::all() {
            let shortcut = Command::ShowPanel(panel)
                .shortcut()
                .map(|s| ui.ctx().format_shortcut(&s))
                .unwrap_or_default();
            let mut label = egui::RichText::new(panel.label()).size(16.0);
            if !panel.has_section(&self.scenario) {
                label = label.weak();
            }
            if ui
                .selectable_label(self.panel == panel, label)
                .on_hover_text(format!("{} ({shortcut})", panel.question()))
                .clicked()
            {
                self.panel = panel;
            }
            ui.add_space(4.0);
        }
    }
}

/// A file name from the scenario title: "Orders endpoint: rewrite in Go?" → "orders-endpoint-rewrite-in-go.ron".
fn suggested_file_name(title: &str) -> String {
    match crate::format::slug(title) {
        slug if slug.is_empty() => "scenario.ron".to_owned(),
        slug => format!("{slug}.ron"),
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
