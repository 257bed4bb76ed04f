//! The menu bar: File, Edit, View, Export and Help.

use eframe::egui;

use super::{After, PerfcaseApp};
use crate::samples;
use crate::ui::command::Command;
use crate::ui::panel::PanelKind;
use crate::ui::prefs::ThemePref;

impl PerfcaseApp {
    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui, pending: &mut Vec<Command>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                self.command_button(ui, Command::New, pending);
                self.command_button(ui, Command::Open, pending);
                self.command_button(ui, Command::Import, pending);
                self.command_button(ui, Command::CompareWith, pending);
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
                self.command_button(ui, Command::ToggleInputs, pending);
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
                        if let Some(action) = crate::ui::plot::export_items_ui(ui) {
                            self.status =
                                crate::ui::plot::export(ui.ctx(), chart, action, &stem, size);
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
}
