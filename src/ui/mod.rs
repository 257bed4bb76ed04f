//! The desktop GUI: an eframe app over the pure model.
//!
//! The UI edits the [`crate::model::Scenario`] only and re-evaluates it when it
//! changes; every number on screen comes from the [`crate::model::Evaluation`].

mod app;
mod budget_panel;
mod command;
mod cost_panel;
mod evidence_mark;
mod headline;
mod import_preview;
mod layout;
mod load_panel;
mod matrix_panel;
mod memo;
mod monte_carlo;
mod open_failed;
mod panel;
mod payback_panel;
mod plot;
mod prefs;
mod quantity;
mod recovery;
mod section_panel;
mod startup;
mod toast;
mod tradeoff_panel;
mod uncertainty_panel;

pub use app::{PerfcaseApp, Status};
pub use budget_panel::BudgetPanel;
pub use command::Command;
pub use import_preview::ImportPreview;
pub use matrix_panel::MatrixPanel;
pub use panel::{PANELS, Panel, PanelContext, PanelEntry, PanelKind};
pub use prefs::{ExportSize, Prefs, ThemePref};

use std::path::PathBuf;

use eframe::egui;

/// Opens the main window on `file`, or on the built-in sample when `None`;
/// `present` starts in presentation mode.
///
/// A file that fails to load does not stop the app: it opens on the built-in
/// sample and shows the error in the status bar.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    let mut startup = startup::Startup::from_env(std::time::Instant::now());
    let Launch {
        file,
        present,
        panel,
        import,
        compare,
    } = launch;
    let mut app = match file {
        Some(path) => PerfcaseApp::open_or_sample(&path),
        None => PerfcaseApp::with_sample(),
    };
    if let Some(path) = import {
        app.request_import(&path);
    }
    if let Some(path) = compare {
        app.compare_with(&path);
    }
    if let Some(s) = &mut startup {
        s.mark("scenario loaded");
    }
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(app.window_title())
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 400.0])
        .with_drag_and_drop(true);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "perfcase",
        options,
        Box::new(|cc| {
            if let Some(s) = &mut startup {
                s.mark("window ready");
            }
            setup_context(&cc.egui_ctx);
            let prefs = Prefs::load(cc.storage);
            cc.egui_ctx.set_zoom_factor(prefs.zoom);
            let mut app = app.with_prefs(prefs);
            if let Some(dir) = eframe::storage_dir("perfcase") {
                app = app.with_recovery_dir(dir);
            }
            if let Some(panel) = panel {
                app.set_panel(panel);
            }
            if present {
                app.run_command(&cc.egui_ctx, Command::TogglePresentation);
            }
            if let Some(mut s) = startup {
                s.mark("app set up");
                app = app.with_startup(s);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

/// How the window opens.
#[derive(Clone, Debug, Default)]
pub struct Launch {
    /// The scenario to open (default: the built-in sample).
    pub file: Option<PathBuf>,
    /// Start in presentation mode.
    pub present: bool,
    /// The panel to show first.
    pub panel: Option<PanelKind>,
    /// A trace or profile to import (its preview shows first).
    pub import: Option<PathBuf>,
    /// A second scenario to compare with (File → Compare With…).
    pub compare: Option<PathBuf>,
}

/// The window icon.
const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

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
    // Zoom is perfcase's own commands (menu-listed, remembered), not egui's
    // built-in keys, which would bypass them.
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
}

/// How a panel is drawn this frame: normal or presentation mode.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PanelView<'a> {
    /// The start of suggested export file names (the scenario title's slug).
    pub stem: &'a str,
    /// The size chart exports are drawn at.
    pub export_size: crate::chart::export::Size,
    /// Multiplies every plot stroke (presentation mode draws thicker lines).
    pub line_width: f32,
    /// Whether the inputs side panel is shown (presentation mode can hide it
    /// to give the plots the room).
    pub show_inputs: bool,
    /// The scenario's currency, for money axes.
    pub currency: &'a crate::format::number::Currency,
    /// A compared scenario's charts (File → Compare With…), overlaid dashed.
    pub compare: Option<&'a [crate::chart::Chart]>,
}

/// No currency, for a view without a scenario.
static NO_CURRENCY: crate::format::number::Currency = crate::format::number::Currency::NONE;

impl Default for PanelView<'_> {
    fn default() -> Self {
        Self {
            stem: "",
            export_size: crate::chart::export::Size::default(),
            line_width: 1.0,
            show_inputs: true,
            currency: &NO_CURRENCY,
            compare: None,
        }
    }
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
