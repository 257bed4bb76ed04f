//! Commands: what each one does, when it is enabled, the keys that give it,
//! and what follows the unsaved-changes prompt.

use std::path::PathBuf;

use eframe::egui;

use super::{After, PRESENTATION_ZOOM, PerfcaseApp, Prompt, Status};
use crate::model::Scenario;
use crate::samples;
use crate::ui::command::Command;
use crate::ui::panel::PanelKind;
use crate::ui::prefs::Prefs;

impl PerfcaseApp {
    /// Carries out `command` (some ask first, through a prompt).
    pub fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::New => self.after_confirming(After::New),
            Command::Open => self.after_confirming(After::OpenDialog),
            Command::CompareWith => {
                if let Some(path) = rfd::FileDialog::new()
                    .add_filter("perfcase scenario", &["ron"])
                    .pick_file()
                {
                    self.compare_with(&path);
                }
            }
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
            Command::ToggleInputs => {
                if self.presentation {
                    self.presenting_inputs = !self.presenting_inputs;
                } else {
                    self.inputs_open = Some(!self.inputs_shown());
                }
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
    pub(super) fn apply_zoom(&self, ctx: &egui::Context) {
        let presenting = if self.presentation {
            PRESENTATION_ZOOM
        } else {
            1.0
        };
        ctx.set_zoom_factor(self.prefs.zoom * presenting);
    }

    /// Whether `command` can run now (menus grey out the others).
    pub(super) fn enabled(&self, command: Command) -> bool {
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
    pub(super) fn after_confirming(&mut self, after: After) {
        if self.is_dirty() {
            self.prompt = Some(Prompt::Unsaved(after));
        } else {
            self.proceed(after);
        }
    }

    pub(super) fn proceed(&mut self, after: After) {
        match after {
            After::New => {
                let scenario = Scenario {
                    format: 2,
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

    /// Keyboard shortcuts, dropped files and the window's close button.
    pub(super) fn handle_input(&mut self, ctx: &egui::Context) {
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
        if self.comparison.is_some()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.close_comparison();
        }
        let dropped: Option<PathBuf> =
            ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_owned()));
        if let Some(path) = dropped {
            // A scenario opens; anything else is a trace or a profile to import.
            let is_scenario = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
            // With Shift held, a dropped scenario is compared, not opened.
            if is_scenario && ctx.input(|i| i.modifiers.shift) {
                self.compare_with(&path);
            } else if is_scenario {
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

    pub(super) fn command_button(
        &mut self,
        ui: &mut egui::Ui,
        command: Command,
        pending: &mut Vec<Command>,
    ) {
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

    /// Whether the inputs panel is shown outside presentation mode.
    pub fn inputs_shown(&self) -> bool {
        self.inputs_open.unwrap_or(self.wide)
    }
}
