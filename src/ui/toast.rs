//! Short-lived messages in the window's corner: an import that failed, a
//! file that could not be read. The status bar keeps the last one.

use eframe::egui;

/// Seconds a toast stays up.
const SECONDS: f64 = 8.0;

/// The toasts on screen.
#[derive(Default)]
pub struct Toasts {
    items: Vec<(String, bool, Option<f64>)>,
}

impl Toasts {
    /// Shows `text`; `error` draws it in the error colour.
    pub fn push(&mut self, text: impl Into<String>, error: bool) {
        self.items.push((text.into(), error, None));
    }

    /// The messages shown now, oldest first (tests read them).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|(t, _, _)| t.as_str())
    }

    /// Draws the toasts, dropping expired ones.
    pub fn ui(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        self.items
            .retain(|(_, _, shown)| shown.is_none_or(|t| now - t < SECONDS));
        if self.items.is_empty() {
            return;
        }
        let mut dismiss = None;
        egui::Area::new(egui::Id::unique("toasts"))
            .anchor(egui::Align2::RIGHT_BOTTOM, [-16.0, -40.0])
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for (k, (text, error, shown)) in self.items.iter_mut().enumerate() {
                    shown.get_or_insert(now);
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_max_width(420.0);
                        ui.horizontal(|ui| {
                            let color = if *error {
                                ui.visuals().error_fg_color
                            } else {
                                ui.visuals().text_color()
                            };
                            ui.label(egui::RichText::new(text.as_str()).color(color));
                            if ui.small_button("×").on_hover_text("Dismiss").clicked() {
                                dismiss = Some(k);
                            }
                        });
                    });
                }
            });
        if let Some(k) = dismiss {
            self.items.remove(k);
        }
        // Come back when the oldest expires, without a busy loop.
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(SECONDS));
    }
}
