//! The document: opening, saving, importing, the memo, autosave and recovery.

use std::path::{Path, PathBuf};

use eframe::egui;
use egui::util::undoer::Undoer;

use super::{AUTOSAVE_SECONDS, After, PerfcaseApp, Status};
use crate::model::{Scenario, evaluate, validate};
use crate::scenario_file;
use crate::ui::import_preview::ImportPreview;
use crate::ui::panel::PanelKind;
use crate::ui::recovery::{self, Recovered};

impl PerfcaseApp {
    /// Replaces the document with `scenario` (from `path`), resetting undo.
    pub(super) fn load_document(&mut self, scenario: Scenario, path: Option<PathBuf>) {
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
                    self.open_failed = Some(crate::ui::open_failed::OpenFailed::new(
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
        let status = crate::ui::load_panel::import_csv(&mut load, path);
        if !status.is_error {
            self.scenario.load = Some(load);
            self.panel = PanelKind::named("Load").unwrap_or_default();
        }
        self.status = status;
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

    /// Saves to the current file, or asks for one. Returns whether it saved.
    pub(super) fn save(&mut self) -> bool {
        match self.path.clone() {
            Some(path) => self.save_as(&path),
            None => self.save_as_dialog(),
        }
    }

    pub(super) fn save_as_dialog(&mut self) -> bool {
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
    pub(super) fn memo_dialog(&mut self) {
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
        let is_scenario = self.path.as_ref().is_some_and(|open| {
            std::fs::canonicalize(open).ok() == std::fs::canonicalize(&path).ok()
        });
        if is_scenario {
            self.status = Status::error(format!(
                "No memo written: {} is the scenario itself; choose another name, e.g. memo.md",
                path.display()
            ));
            return;
        }
        let views = crate::chart::views_for(&self.scenario, &self.evaluation);
        self.status = match crate::report::memo::write(
            &path,
            &self.scenario,
            &self.evaluation,
            views.as_ref(),
            None,
        ) {
            Ok(()) => Status::info(format!("Wrote the memo {}", path.display())),
            Err(err) => Status::error(format!("{err:#}")),
        };
    }

    pub(super) fn discard_recovery(&mut self) {
        if let Some(dir) = &self.recovery_dir {
            recovery::clear(dir);
        }
        self.autosaved = None;
        self.autosave_due = None;
    }

    /// Writes unsaved changes to the recovery file every few seconds.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
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
    pub(super) fn after_frame(&mut self, ctx: &egui::Context) {
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
}

/// A file name from the scenario title: "Orders endpoint: rewrite in Go?" → "orders-endpoint-rewrite-in-go.ron".
fn suggested_file_name(title: &str) -> String {
    match crate::format::slug(title) {
        slug if slug.is_empty() => "scenario.ron".to_owned(),
        slug => format!("{slug}.ron"),
    }
}
