//! The modal questions (unsaved changes, revert, restore) and the About box.

use eframe::egui;

use super::{After, PerfcaseApp, Prompt, Status};
use crate::scenario_file;

impl PerfcaseApp {
    pub(super) fn prompt_ui(&mut self, ctx: &egui::Context) {
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

    pub(super) fn about_ui(&mut self, ctx: &egui::Context) {
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
}
