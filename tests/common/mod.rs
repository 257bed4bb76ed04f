//! What the UI tests share: the app in a headless 1280×800 window.

use egui_kittest::Harness;
use perfcase::ui::{PerfcaseApp, setup_context};

/// `app` in a headless window the size of the screenshots, run until it
/// settles. Its Monte Carlo runs in the frame that asks for it (not on a
/// worker thread), so every test sees the same frames.
pub fn window(app: PerfcaseApp) -> Harness<'static, PerfcaseApp> {
    let app = app.with_synchronous_monte_carlo();
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(setup_context)
        .build_eframe(|_cc| app);
    h.run();
    h
}
