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

/// `text` as the one number formatter writes it: a no-break space wherever
/// a number meets its unit ("95 ms" → "95\u{a0}ms"), so labels can be
/// written plainly in tests.
#[allow(dead_code, reason = "not every test file needs it")]
pub fn nb(text: &str) -> String {
    text.replace(' ', "\u{a0}")
}
