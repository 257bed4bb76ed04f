//! The headline: a section's verdict in a sentence, then the numbers that
//! decide, large, each with its formula and actual inputs on hover — the
//! explained numbers of [`crate::report::explain`], as the memo words them.

use eframe::egui;

use crate::report::explain::{Explained, Explanation};

/// The width of one number's block in the headline.
const BLOCK_WIDTH: f32 = 150.0;

/// One explained number: a small caption (cut at the end, whole on hover)
/// over the value, large; hovering the value shows its formula with the
/// actual inputs and its full precision. A value is never cut or wrapped.
fn item_ui(ui: &mut egui::Ui, item: &Explained) {
    ui.allocate_ui_with_layout(
        egui::vec2(BLOCK_WIDTH, 48.0),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_min_width(BLOCK_WIDTH);
            ui.add(egui::Label::new(egui::RichText::new(&item.label).size(12.0).weak()).truncate());
            let derivation = item.derivation();
            let hover = if derivation.is_empty() {
                item.precise()
            } else {
                format!("{derivation}\n= {}", item.precise())
            };
            ui.add(egui::Label::new(egui::RichText::new(&item.shown).size(22.0).strong()).extend())
                .on_hover_text(hover);
        },
    );
}

/// The leading numbers, wrapped to the width; the rest behind "more".
fn items_ui(ui: &mut egui::Ui, e: &Explanation) {
    let id = ui.make_persistent_id(("headline_more", e.title));
    let mut open = ui.data_mut(|d| *d.get_persisted_mut_or(id, false));
    let rest = e.items.iter().filter(|i| !i.lead).count();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = egui::vec2(18.0, 10.0);
        for item in e.items.iter().filter(|i| i.lead || open) {
            item_ui(ui, item);
        }
    });
    if rest > 0 {
        let text = if open {
            "fewer numbers".to_owned()
        } else {
            format!("{rest} more numbers…")
        };
        if ui
            .link(text)
            .on_hover_text("The other numbers of this section, each with its formula on hover")
            .clicked()
        {
            open = !open;
            ui.data_mut(|d| d.insert_persisted(id, open));
        }
    }
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
                items_ui(ui, e);
            });
        ui.add_space(6.0);
    }
}
