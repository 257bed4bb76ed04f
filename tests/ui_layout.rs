//! The window at laptop and projector size (1024×640): the inputs start as
//! a closed drawer, and opened they sit beside the charts, never over them.

mod common;

use std::path::Path;

use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use perfcase::ui::{PanelKind, PerfcaseApp};

/// The sample open on `panel` in the test window (1280×800).
fn at_1280(sample: &str, panel: &str) -> Harness<'static, PerfcaseApp> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(sample);
    let mut app = PerfcaseApp::open_or_sample(&path);
    app.set_panel(PanelKind::named(panel).expect("panel"));
    let mut h = common::window(app);
    h.run();
    h
}

fn at_1024(sample: &str, panel: &str) -> Harness<'static, PerfcaseApp> {
    let mut h = at_1280(sample, panel);
    h.set_size(egui::vec2(1024.0, 640.0));
    h.run();
    h
}

/// Where the inputs panel's content begins: right of its resize handle
/// (the charts' scroll bar runs under the handle).
fn inputs_left(h: &Harness<'_, PerfcaseApp>) -> Option<f32> {
    h.query_all_by_role_and_label(Role::Splitter, "Resize panel")
        .map(|n| n.rect().max.x)
        .reduce(f32::min)
}

/// The plots left of `edge` (egui_plot areas: unlabelled nodes at least
/// 100 × 60), by their rects.
fn plots_left_of(h: &Harness<'_, PerfcaseApp>, edge: f32) -> Vec<egui::Rect> {
    h.query_all_by_role(Role::Unknown)
        .filter(|n| n.accesskit_node().bounding_box().is_some())
        .map(|n| n.rect())
        .filter(|r| r.width() >= 100.0 && r.height() >= 60.0 && r.min.x < edge)
        .collect()
}

#[test]
fn at_1024_by_640_the_inputs_open_beside_the_charts_not_over_them() {
    for (sample, panel) in [
        ("funding-memo.ron", "Budget"),
        ("funding-memo.ron", "Matrix"),
        ("funding-memo.ron", "Payback"),
        ("chat-analytics-load.ron", "Load"),
        ("inference-cost.ron", "Cost"),
        ("fraud-tradeoff.ron", "Tradeoff"),
    ] {
        let mut h = at_1024(sample, panel);
        // Narrow: the drawer starts closed, the charts get the width.
        assert_eq!(inputs_left(&h), None, "{sample} {panel}: inputs shown");
        h.get_by_label("◂ Inputs").click();
        h.run();
        let left = inputs_left(&h).unwrap_or_else(|| panic!("{sample} {panel}: no inputs"));
        let plots = plots_left_of(&h, left);
        assert!(!plots.is_empty(), "{sample} {panel}: no chart");
        for plot in plots {
            assert!(
                plot.max.x <= left,
                "{sample} {panel}: a chart reaches x = {}, the inputs start at x = {left}",
                plot.max.x
            );
        }
        // Every slider is inside the inputs, right of the charts.
        for slider in h.query_all_by_role(Role::Slider) {
            assert!(
                slider.rect().min.x >= left,
                "{sample} {panel}: a slider left of the inputs"
            );
        }
        assert!(
            left < 1024.0 * 0.75,
            "{sample} {panel}: inputs squeezed off screen"
        );
        // F9 closes it again.
        h.key_press(egui::Key::F9);
        h.run();
        assert_eq!(inputs_left(&h), None, "{sample} {panel}: F9 did not close");
    }
}

#[test]
fn a_wide_window_shows_the_inputs_from_the_start() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/funding-memo.ron");
    let mut app = PerfcaseApp::open_or_sample(&path);
    app.set_panel(PanelKind::named("Payback").expect("panel"));
    let h = common::window(app);
    let left = inputs_left(&h).expect("inputs at 1280");
    assert!(plots_left_of(&h, left).iter().all(|p| p.max.x <= left));
}

/// A wide grid scrolls its numbers sideways while each row's name stays
/// put: at 1280 the RTB matrix's third candidate is past the inputs pane's
/// edge, and scrolling to it keeps "Tail latency" beside its score.
/// The rect of the widget labelled `label` after it is scrolled into view;
/// asserts it was cut off at the window's right edge before.
fn scrolled_into_view(
    h: &mut Harness<'_, PerfcaseApp>,
    label: &str,
    right_edge: f32,
) -> egui::Rect {
    assert!(
        h.get_by_label(label).rect().max.x > right_edge - 10.0,
        "{label} is in view already; nothing to scroll"
    );
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.run();
    h.get_by_label(label).rect()
}

#[test]
fn a_wide_score_grid_keeps_its_criterion_column_in_view() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rtb-matrix.ron");
    let mut h = common::window(PerfcaseApp::open_or_sample(&path));
    h.run();
    let right_edge = 1280.0;
    let name = |h: &Harness<'_, PerfcaseApp>| h.get_by_label("name of criterion 1").rect();
    let before = name(&h);
    let pane = inputs_left(&h).expect("inputs at 1280");
    assert!(
        before.min.x >= pane,
        "the criterion names are in the inputs"
    );
    // Rust is the third column: hidden at first (the grid is wider than the pane).
    let rust = "Rust score on Tail latency / predictability";
    let score = scrolled_into_view(&mut h, rust, right_edge);
    assert!(
        score.max.x <= right_edge && score.min.x >= before.max.x,
        "Rust's score at {score:?} is not in view beside the names"
    );
    let after = name(&h);
    assert_eq!(after, before, "the criterion column moved with the scores");
    assert!(
        (after.center().y - score.center().y).abs() < 3.0,
        "the name and the score are not on one row"
    );
}

/// The Budget panel's span table is wider than the inputs at 1280 once the
/// times are ranges: its concurrency and lever columns scroll into view
/// (under a visible bar), on the row of their span, and stay put.
#[test]
fn the_span_tables_hidden_columns_scroll_into_view_on_their_rows() {
    let mut h = at_1280("uncertain-rewrite.ron", "Budget");
    let right_edge = 1280.0;
    let pane = inputs_left(&h).expect("inputs at 1280");
    let concurrent = "serde runs concurrently";
    let check = scrolled_into_view(&mut h, concurrent, right_edge);
    assert!(
        check.min.x >= pane && check.max.x <= right_edge,
        "the checkbox at {check:?} is not in the inputs"
    );
    let time = h.get_by_label("time of serde").rect();
    assert!(
        (time.center().y - check.center().y).abs() < 3.0,
        "the checkbox is not on serde's row"
    );
    // The rows keep their height from frame to frame.
    h.run();
    assert_eq!(h.get_by_label(concurrent).rect(), check, "the row moved");
}

/// Long span names are cut to the frozen column (whole in the tooltip), so
/// the time column — the one a user drags — and the concurrency box beside
/// it are in view at 1280 without scrolling: the funding memo's
/// "protobuf encode/decode (C++ library)" pushed them off the pane.
#[test]
fn long_span_names_leave_the_time_column_in_view() {
    let h = at_1280("funding-memo.ron", "Budget");
    let pane = inputs_left(&h).expect("inputs at 1280");
    for span in [
        "pricing math (own code)",
        "protobuf encode/decode (C++ library)",
    ] {
        for label in [
            format!("time of {span}"),
            format!("{span} runs concurrently"),
        ] {
            let rect = h.get_by_label(&label).rect();
            assert!(
                rect.min.x >= pane && rect.max.x <= 1280.0,
                "{label} at {rect:?} is not in the inputs (from x = {pane})"
            );
        }
    }
}
