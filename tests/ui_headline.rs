//! The window as a user sees it: title and headline numbers of the loaded
//! scenario, found by their text, and errors that keep the scenario open.

mod common;

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use perfcase::ui::{PanelKind, PerfcaseApp};

fn harness(app: PerfcaseApp) -> Harness<'static, PerfcaseApp> {
    common::window(app)
}

fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

#[test]
fn the_orders_trace_shows_its_title_and_headline_numbers() {
    let mut h = harness(PerfcaseApp::open_or_sample(&sample("orders-trace.ron")));
    h.run();
    h.get_by_label("Orders endpoint: rewrite in Go?");
    // 855.5 ms total (856 ms at three significant digits); 5.5 / 855.5 =
    // 0.643 %; 1 / (0.99357 + 0.00064) = 1.006× and the ceiling 1.0065×,
    // both 1.01×.
    h.get_by_label(&common::nb("856 ms"));
    h.get_by_label(&common::nb("0.643 %"));
    assert!(
        h.query_all_by_label("1.01×").count() >= 2,
        "speedup and ceiling"
    );
    // 855.5 / 300 = 2.85× needed.
    h.get_by_label("2.85×");
    assert!(!h.state().status().is_error);
}

#[test]
fn the_default_sample_shows_every_section_through_the_navigation() {
    let mut h = harness(PerfcaseApp::with_sample());
    h.run();
    assert_eq!(
        h.state().panel(),
        PanelKind::named("Budget").expect("panel")
    );
    // Pricing-engine profile: f = 0.88 → ceiling 1 / 0.12 = 8.33×.
    h.get_by_label("8.33×");
    h.get_by_label("Payback").click();
    h.run();
    assert_eq!(
        h.state().panel(),
        PanelKind::named("Payback").expect("panel")
    );
    // 120,000 × 55 % = 66,000 a month (the sample's money is in $).
    h.get_by_label(&common::nb("$66 k/month"));
    // The break-even month on the timeline leads (4-month build, bill
    // growing 20 %/year: 9.72, tests/ui_payback.rs); the simple payback,
    // 420,000 / 66,000 = 6.36 months, is folded under "more".
    h.get_by_label(&common::nb("9.72 months"));
    assert_eq!(h.query_all_by_label(&common::nb("6.36 months")).count(), 0);
    h.get_by_label_contains("more numbers…").click();
    h.run();
    h.get_by_label(&common::nb("6.36 months"));
    h.get_by_label("Matrix").click();
    h.run();
    // Rust hot path: 45·5 + 20·3 + 15·3 + 10·2 + 10·3 = 380.
    h.get_by_label("380");
}

#[test]
fn a_corrupt_file_shows_an_error_and_keeps_the_scenario() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("corrupt.ron");
    std::fs::write(&bad, "Scenario(format: 1, title: ").expect("write");
    let mut h = harness(PerfcaseApp::open_or_sample(&sample("rtb-matrix.ron")));
    h.run();
    let before = h.state().scenario().clone();
    h.state_mut().open(&bad);
    h.run();
    assert_eq!(
        h.state().scenario(),
        &before,
        "the open scenario is untouched"
    );
    let status = h.state().status();
    assert!(status.is_error);
    assert!(status.text.contains("corrupt.ron:1:"), "{}", status.text);
    h.get_by_label(&status.text.clone());
    h.get_by_label("Real-time bidding service: which language?");
}
