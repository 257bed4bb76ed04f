//! The window for one frame: theme, chrome (menu, navigation, status
//! bar), the current panel, prompts and toasts.

use eframe::egui;

use super::{After, PerfcaseApp};
use crate::ui::command::Command;
use crate::ui::import_preview::Decision;
use crate::ui::panel::{PanelContext, PanelKind};
use crate::ui::prefs::ThemePref;

impl PerfcaseApp {
    pub(super) fn apply_look(&self, ctx: &egui::Context) {
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
        self.wide = ui.max_rect().width() >= super::WIDE_WINDOW;
        self.apply_look(&ctx);
        self.handle_input(&ctx);
        let mut pending = Vec::new();
        let stem = crate::format::slug(&self.scenario.title);
        let currency = crate::format::number::Currency::new(self.scenario.currency.as_deref());
        let compare = self
            .comparison
            .as_ref()
            .map(|c| std::rc::Rc::clone(&c.charts));
        let view = if self.presentation {
            crate::ui::PanelView {
                stem: &stem,
                export_size: self.prefs.export_size.into(),
                line_width: 2.0,
                show_inputs: self.presenting_inputs,
                currency: &currency,
                compare: compare.as_deref().map(Vec::as_slice),
            }
        } else {
            crate::ui::PanelView {
                stem: &stem,
                export_size: self.prefs.export_size.into(),
                currency: &currency,
                show_inputs: self.inputs_shown(),
                compare: compare.as_deref().map(Vec::as_slice),
                ..crate::ui::PanelView::default()
            }
        };
        if self.presentation {
            egui::Panel::top("presenting").show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
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
            use crate::ui::open_failed::Choice;
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
            ui.horizontal(|ui| {
                if !self.presentation {
                    // The drawer's handle, at the right where the inputs open.
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let shown = self.inputs_shown();
                        let text = if shown {
                            "Hide inputs ▸"
                        } else {
                            "◂ Inputs"
                        };
                        let shortcut = Command::ToggleInputs
                            .shortcut()
                            .map(|s| ctx.format_shortcut(&s))
                            .unwrap_or_default();
                        if ui
                            .selectable_label(shown, text)
                            .on_hover_text(format!(
                                "{} ({shortcut})",
                                Command::ToggleInputs.tooltip()
                            ))
                            .clicked()
                        {
                            pending.push(Command::ToggleInputs);
                        }
                        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                            ui.add(
                                egui::Label::new(egui::RichText::new(title).size(20.0).strong())
                                    .truncate(),
                            )
                            .on_hover_text(&self.scenario.notes);
                        });
                    });
                } else {
                    ui.label(egui::RichText::new(title).size(20.0).strong())
                        .on_hover_text(&self.scenario.notes);
                }
            });
            ui.add_space(2.0);
        });
        if self.comparison.is_some() {
            egui::Panel::top("comparison").show(ui, |ui| self.comparison_ui(ui));
        }
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

    pub(super) fn status_ui(&mut self, ui: &mut egui::Ui) {
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

    pub(super) fn nav_ui(&mut self, ui: &mut egui::Ui) {
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
