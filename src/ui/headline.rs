//! The headline: a section's verdict in a sentence, then the numbers that
//! decide, large, each with its formula and actual inputs on hover — the
//! explained numbers of [`crate::report::explain`], as the memo words them.

use eframe::egui;

use crate::report::explain::Explanation;

/// The numbers in as many columns as fit, each a large value with a small
/// caption; hovering a number shows its formula with the actual inputs and
/// its full precision.
fn items_ui(ui: &mut egui::Ui, id: &str, e: &Explanation) {
    const COLUMN_WIDTH: f32 = 130.0;
    let fit = ((ui.available_width() / COLUMN_WIDTH).floor() as usize).max(1);
    let columns = fit.min(e.items.len().max(1));
    egui::Grid::new(id)
        .num_columns(columns)
        .min_col_width(COLUMN_WIDTH - 24.0)
        .spacing([24.0, 10.0])
        .show(ui, |ui| {
            for (i, item) in e.items.iter().enumerate() {
                ui.vertical(|ui| {
                    ui.add(
                        egui::Label::new(egui::RichText::new(&item.label).size(12.0).weak())
                            .extend(),
                    );
                    let derivation = item.derivation();
                    let hover = if derivation.is_empty() {
                        item.precise()
                    } else {
                        format!("{derivation}\n= {}", item.precise())
                    };
                    ui.add(
                        egui::Label::new(egui::RichText::new(&item.shown).size(22.0).strong())
                            .extend(),
                    )
                    .on_hover_text(hover);
                });
                if (i + 1) % columns == 0 {
                    ui.end_row();
                }
            }
        });
}

/// Each explanation as a card: the verdict first (it is the sentence said
/// in the meeting), the numbers below it as its evidence.
pub fn explanations_ui(ui: &mut egui::Ui, explanations: &[Explanation]) {
    for e in explanations {
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(egui::RichText::new(&e.verdict).size(15.0).strong());
                ui.add_space(4.0);
                items_ui(ui, e.title, e);
            });
        ui.add_space(6.0);
    }
}
