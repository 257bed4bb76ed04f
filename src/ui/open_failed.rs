//! A file named on the command line that could not be opened: the window
//! must not quietly show the built-in sample as if it were that file. The
//! title says so, and a red banner above the panels gives the error (file,
//! line and column) with Retry, Open… and Dismiss until the user acts or
//! another document is loaded.

use std::path::{Path, PathBuf};

use eframe::egui;

/// The failed launch file and why it failed.
#[derive(Clone, Debug)]
pub struct OpenFailed {
    path: PathBuf,
    message: String,
}

/// What the user chose in the banner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Try the same file again (after fixing it in an editor).
    Retry,
    /// Pick another file.
    OpenAnother,
    /// Keep the sample and hide the banner.
    Dismiss,
}

impl OpenFailed {
    /// `path` failed with `message` (which names the file, line and column).
    pub fn new(path: &Path, message: String) -> Self {
        Self {
            path: path.to_owned(),
            message,
        }
    }

    /// The file that failed.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// The window title while the sample stands in for the file.
    pub fn title(&self) -> String {
        format!(
            "Could not open {} — showing the built-in sample — perfcase",
            self.name()
        )
    }

    /// The banner, as a top panel inside `ui`; the user's choice, if any.
    pub fn banner(&self, ui: &mut egui::Ui) -> Option<Choice> {
        let mut choice = None;
        let error = ui.visuals().error_fg_color;
        egui::Panel::top("open failed")
            .frame(
                egui::Frame::new()
                    .fill(error.gamma_multiply(0.18))
                    .stroke(egui::Stroke::new(1.0, error))
                    .inner_margin(8.0),
            )
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(format!("Could not open {}", self.name()))
                            .strong()
                            .color(error),
                    );
                    ui.label("— this is the built-in sample, not your file.");
                });
                ui.label(egui::RichText::new(&self.message).monospace());
                ui.horizontal(|ui| {
                    if ui
                        .button("Retry")
                        .on_hover_text(
                            "Open the same file again, e.g. after fixing it in an editor",
                        )
                        .clicked()
                    {
                        choice = Some(Choice::Retry);
                    }
                    if ui.button("Open…").clicked() {
                        choice = Some(Choice::OpenAnother);
                    }
                    if ui
                        .button("Dismiss")
                        .on_hover_text("Keep working on the sample")
                        .clicked()
                    {
                        choice = Some(Choice::Dismiss);
                    }
                });
            });
        choice
    }
}
