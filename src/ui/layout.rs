//! The frame every section panel shares: the headline across the top, the
//! inputs beside the charts, the charts in a scroll area; and a chart with
//! its Export ▾ button. One place decides how a panel fits the window.

use eframe::egui;

use super::plot::{chart_ui, export_button_ui};
use super::{PanelView, Status};
use crate::chart::Chart;

/// A chart `height` points tall with its Export ▾ button beneath; the
/// export's message for the status bar, if the user exported.
pub fn chart_block_ui(
    ui: &mut egui::Ui,
    chart: &Chart,
    height: f32,
    view: PanelView<'_>,
) -> Option<Status> {
    if let Some(with_b) = view.compare.and_then(|b| chart.overlaid(b)) {
        let with_b = with_b.in_currency(view.currency);
        chart_ui(ui, &with_b, height, view.line_width);
        return export_button_ui(ui, &with_b, view.stem, view.export_size);
    }
    if chart.currency != *view.currency {
        let chart = chart.clone().in_currency(view.currency);
        chart_ui(ui, &chart, height, view.line_width);
        return export_button_ui(ui, &chart, view.stem, view.export_size);
    }
    chart_ui(ui, chart, height, view.line_width);
    export_button_ui(ui, chart, view.stem, view.export_size)
}

/// Lays out a section panel: `headline` on top (the verdict and the numbers
/// that decide), `inputs` on the right (unless presentation mode hides
/// them), `charts` in the middle; each part gets the panel's own `state`,
/// one part at a time. `id` keeps each panel's resizable inputs width
/// apart. Returns the last status message any part reported.
pub fn section_frame<T>(
    ui: &mut egui::Ui,
    id: &str,
    view: PanelView<'_>,
    state: &mut T,
    headline: impl FnOnce(&mut egui::Ui, &mut T),
    inputs: impl FnOnce(&mut egui::Ui, &mut T) -> Option<Status>,
    charts: impl FnOnce(&mut egui::Ui, &mut T) -> Option<Status>,
) -> Option<Status> {
    egui::Panel::top(format!("{id}_headline")).show(ui, |ui| headline(ui, state));
    let mut notice = None;
    if view.show_inputs {
        // Never more than half the room: a wide table scrolls inside the
        // panel instead of pushing the panel over the charts.
        let room = ui.available_width();
        egui::Panel::right(format!("{id}_inputs"))
            .resizable(true)
            .default_size(460.0_f32.min(room * 0.45))
            .min_size(300.0_f32.min(room * 0.4))
            .max_size(room * 0.5)
            .show(ui, |ui| {
                egui::ScrollArea::both()
                    .auto_shrink([false, false])
                    .show(ui, |ui| notice = inputs(ui, state));
            });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            if let Some(status) = charts(ui, state) {
                notice = Some(status);
            }
        });
    });
    notice
}

/// A table too wide for its pane, drawn as two tables side by side: `first`
/// (its name column, `width` points wide) stays put while `rest` scrolls
/// sideways under a bar that is always visible, so a number is never read
/// without its row's name and the user can see that more columns exist.
/// Both halves must draw the same header and row heights so rows line up.
/// `state` is lent to each half in turn.
pub fn frozen_first_column<T: ?Sized>(
    ui: &mut egui::Ui,
    id: &str,
    width: f32,
    state: &mut T,
    first: impl FnOnce(&mut egui::Ui, &mut T),
    rest: impl FnOnce(&mut egui::Ui, &mut T),
) {
    let top_down = egui::Layout::top_down(egui::Align::Min);
    ui.horizontal_top(|ui| {
        ui.allocate_ui_with_layout(egui::vec2(width, 0.0), top_down, |ui| {
            ui.set_width(width);
            first(ui, state);
        });
        let room = ui.available_size();
        ui.allocate_ui_with_layout(room, top_down, |ui| {
            // A solid bar: egui's default floating one stays invisible until
            // hovered.
            ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
            egui::ScrollArea::horizontal()
                .id_salt(id)
                .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
                .show(ui, |ui| rest(ui, state));
        });
    });
}

/// The grid of a [`frozen_first_column`]'s names: one column `width` wide
/// (less its padding), rows at least `row` high, striped like its numbers.
pub fn names_grid(id: &str, width: f32, row: f32) -> egui::Grid {
    egui::Grid::new(id)
        .striped(true)
        .min_row_height(row)
        .min_col_width(width - 8.0)
        .max_col_width(width - 8.0)
}

/// The grid of a [`frozen_first_column`]'s numbers: the same rows as its
/// names, columns at least `column` wide.
pub fn numbers_grid(id: &str, row: f32, column: f32) -> egui::Grid {
    egui::Grid::new(id)
        .striped(true)
        .min_row_height(row)
        .min_col_width(column)
}

/// The placeholder of a panel whose section the scenario lacks: what the
/// section is for and a button to add it. Returns whether it was clicked.
pub fn add_section_ui(ui: &mut egui::Ui, missing: &str, purpose: &str, button: &str) -> bool {
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        ui.heading(missing);
        ui.label(purpose);
        ui.add_space(8.0);
        ui.button(button).clicked()
    })
    .inner
}
