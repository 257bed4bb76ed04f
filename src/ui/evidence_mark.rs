//! The "measured" mark beside an input's ± toggle, in every section panel.
//!
//! The section panels edit quantities without knowing their paths in the
//! file (a span's time is `budget.spans[2].time` only to the scenario), so
//! before a panel draws, [`publish`] walks the scenario's inputs once
//! ([`crate::model::sites`]) and leaves, in the frame's memory, which
//! quantity (by its address, valid for this frame) is which path and what
//! the evidence map says. The toggle then asks [`mark_ui`] for its
//! quantity's mark; an edit made there is queued and [`apply`] writes it to
//! the scenario's `evidence` after the panel has drawn, so it is one edit
//! like any other (undo, autosave).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use eframe::egui;

use crate::model::{Quantity, Scenario};

/// This frame's paths and evidence, as [`publish`] left them.
#[derive(Clone, Default)]
struct Marks {
    /// A quantity's address → its path and label.
    by_address: HashMap<usize, (String, String)>,
    /// The scenario's evidence as the frame began.
    evidence: BTreeMap<String, String>,
}

/// An edit of one input's evidence: its source, or `None` (assumed).
type Edit = (String, Option<String>);

fn marks_id() -> egui::Id {
    egui::Id::unique("perfcase evidence marks")
}

fn edits_id() -> egui::Id {
    egui::Id::unique("perfcase evidence edits")
}

fn address(q: &Quantity) -> usize {
    std::ptr::from_ref(q) as usize
}

/// Leaves this frame's paths and evidence for [`mark_ui`]; call before a
/// panel draws the scenario's inputs.
pub fn publish(ctx: &egui::Context, scenario: &Scenario) {
    let by_address = crate::model::sites::sites(scenario)
        .into_iter()
        .map(|s| (address(s.quantity), (s.path, s.label)))
        .collect();
    let marks = Marks {
        by_address,
        evidence: scenario.evidence.clone(),
    };
    ctx.data_mut(|d| d.insert_temp(marks_id(), Arc::new(marks)));
}

/// Writes the evidence edits made while the panel drew into `scenario`;
/// whether there were any.
pub fn apply(ctx: &egui::Context, scenario: &mut Scenario) -> bool {
    let edits: Vec<Edit> = ctx.data_mut(|d| d.remove_temp(edits_id()).unwrap_or_default());
    for (path, source) in &edits {
        match source {
            Some(source) => {
                scenario.evidence.insert(path.clone(), source.clone());
            }
            None => {
                scenario.evidence.remove(path);
            }
        }
    }
    !edits.is_empty()
}

fn queue(ctx: &egui::Context, edit: Edit) {
    ctx.data_mut(|d| {
        d.get_temp_mut_or_default::<Vec<Edit>>(edits_id())
            .push(edit);
    });
}

/// The mark of quantity `q`: a small dot when the scenario cites a source
/// for it (a click shows and edits the source), and on the
/// ± toggle's `toggle` response a right-click menu to mark it measured or
/// assumed. Draws nothing for a quantity [`publish`] did not see.
pub fn mark_ui(ui: &mut egui::Ui, q: &Quantity, toggle: &egui::Response) {
    let Some(marks) = ui.data(|d| d.get_temp::<Arc<Marks>>(marks_id())) else {
        return;
    };
    let Some((path, label)) = marks.by_address.get(&address(q)) else {
        return;
    };
    let source = marks.evidence.get(path);
    toggle.context_menu(|ui| match source {
        Some(_) => {
            if ui.button("Mark as assumed").clicked() {
                queue(ui.ctx(), (path.clone(), None));
                ui.close();
            }
        }
        None => {
            if ui
                .button("Mark as measured…")
                .on_hover_text("Say where it was measured (a trace, a load test, a bill)")
                .clicked()
            {
                queue(ui.ctx(), (path.clone(), Some(String::new())));
                ui.close();
            }
        }
    });
    let Some(source) = source else {
        return;
    };
    // A dot, not a word: it must fit beside a table's drag value as well
    // as beside a slider; the tooltip says what it means.
    let accent = ui.visuals().hyperlink_color;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::click());
    let radius = if response.hovered() { 4.5 } else { 3.5 };
    ui.painter().circle_filled(rect.center(), radius, accent);
    let response = response
        .on_hover_text(if source.is_empty() {
            format!("Measured — click to say where.\n{label} ({path})")
        } else {
            format!("Measured: {source}\n{label} ({path})\nClick to edit the source.")
        })
        .on_hover_cursor(egui::CursorIcon::PointingHand);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("measured: {label}"))
    });
    egui::Popup::from_toggle_button_response(&response)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show(|ui| {
            ui.set_min_width(280.0);
            ui.strong(label);
            ui.weak(path);
            let mut text = source.clone();
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .hint_text("where: a trace, a dashboard, a load test")
                        .desired_width(260.0),
                )
                .accessible_name(format!("source of {label}"));
            if edit.changed() {
                queue(ui.ctx(), (path.clone(), Some(text)));
            }
            if ui.button("Mark as assumed").clicked() {
                queue(ui.ctx(), (path.clone(), None));
                ui.close();
            }
        });
}
