//! The desktop GUI: an eframe app over the pure model.
//!
//! The UI edits the [`crate::model::Scenario`] only and re-evaluates it when it
//! changes; every number on screen comes from the [`crate::model::Evaluation`].

mod app;
mod budget_panel;
mod headline;
mod matrix_panel;
mod payback_panel;
mod plot;

pub use app::{PanelKind, PerfcaseApp, Status};
pub use budget_panel::BudgetPanel;
pub use matrix_panel::MatrixPanel;

use std::path::PathBuf;

use eframe::egui;

/// Opens the main window on `file`, or on the built-in sample when `None`.
///
/// A file that fails to load does not stop the app: it opens on the built-in
/// sample and shows the error in the status bar.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let app = match file {
        Some(path) => PerfcaseApp::open_or_sample(&path),
        None => PerfcaseApp::with_sample(),
    };
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title(app.window_title())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    eframe::run_native(
        "perfcase",
        options,
        Box::new(|cc| {
            setup_context(&cc.egui_ctx);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

/// Context set-up shared by the window and the UI tests.
///
/// egui's proportional font lacks a few symbols perfcase prints (→, ‖); the
/// bundled monospace font has them, so it is added as the last fallback.
pub fn setup_context(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let monospace = fonts
        .families
        .get(&egui::FontFamily::Monospace)
        .and_then(|family| family.first().cloned());
    if let (Some(fallback), Some(proportional)) = (
        monospace,
        fonts.families.get_mut(&egui::FontFamily::Proportional),
    ) {
        proportional.push(fallback);
    }
    ctx.set_fonts(fonts);
}

/// A slider that clamps only what the user edits: a value from a file
/// outside the slider's range is shown as it is, never silently changed.
pub(crate) fn slider<Num: egui::emath::Numeric>(
    value: &mut Num,
    range: std::ops::RangeInclusive<Num>,
) -> egui::Slider<'_> {
    egui::Slider::new(value, range).clamping(egui::SliderClamping::Edits)
}

/// A drag value that, like [`slider`], leaves values outside its range alone
/// until the user edits them.
pub(crate) fn drag(value: &mut f64) -> egui::DragValue<'_> {
    egui::DragValue::new(value).clamp_existing_to_range(false)
}
