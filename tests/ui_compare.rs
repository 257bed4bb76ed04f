//! File → Compare With…: B beside A — the strip's numbers, B's curves
//! dashed in A's charts, Escape closes, and A (with its undo history) is
//! untouched throughout.

mod common;

use std::path::Path;

use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use perfcase::scenario_file;
use perfcase::ui::PerfcaseApp;

#[test]
fn comparing_shows_a_b_and_the_change_and_escape_closes_it() {
    let dir = tempfile::tempdir().expect("dir");
    let a_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rtb-rewrite.ron");
    let text = std::fs::read_to_string(&a_path).expect("sample");
    let b_path = dir.path().join("premium.ron");
    std::fs::write(
        &b_path,
        text.replacen(
            "recurring_monthly_cost: 15000.0",
            "recurring_monthly_cost: 30000.0",
            1,
        ),
    )
    .expect("write");
    let a = scenario_file::load(&a_path).expect("valid");
    let mut h = common::window(PerfcaseApp::new(a.clone(), Some(a_path.clone())));
    h.state_mut().compare_with(&b_path);
    h.run();
    // The break-even month: 11.4 → 13.6 months (+2.17), as `perfcase diff`
    // says of the same files (tests/diff.rs checks its numbers).
    h.get_by_label_contains("B: premium.ron");
    h.get_by_label(&common::nb("13.6 months"));
    h.get_by_label(&common::nb("+2.17 months"));
    assert_eq!(h.state().scenario(), &a, "A is untouched");
    assert!(!h.state().can_undo(), "comparing is no edit");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().comparison().is_none());
    assert!(h.query_by_label_contains("B: premium.ron").is_none());
    assert_eq!(h.state().scenario(), &a);
}

#[test]
fn a_file_that_cannot_be_compared_says_so_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Scenario(format: 2, budget: Some(Budget(spans: [").expect("write");
    let a_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rtb-rewrite.ron");
    let a = scenario_file::load(&a_path).expect("valid");
    let mut h = common::window(PerfcaseApp::new(a.clone(), Some(a_path)));
    h.state_mut().compare_with(&bad);
    h.run();
    assert!(h.state().comparison().is_none());
    assert!(
        h.state().status().text.contains("bad.ron"),
        "{}",
        h.state().status().text
    );
    assert_eq!(h.state().scenario(), &a);
}

#[test]
fn b_is_overlaid_dashed_in_the_same_colours() {
    use perfcase::chart::{self, Dash};
    let load = |name: &str| {
        scenario_file::load(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("samples")
                .join(name),
        )
        .expect("valid")
    };
    let a = load("funding-memo.ron");
    let mut b = a.clone();
    if let Some(p) = &mut b.payback {
        p.monthly_cost = 90_000.0.into();
    }
    let charts = |s: &perfcase::model::Scenario| chart::all(s, &perfcase::model::evaluate(s), None);
    let (ca, cb) = (charts(&a), charts(&b));
    let timeline = ca
        .iter()
        .find(|c| c.name() == "timeline")
        .expect("timeline");
    let both = timeline.overlaid(&cb).expect("B has a timeline");
    let n = timeline.lines.len();
    assert_eq!(both.lines.len(), 2 * n);
    for (mine, theirs) in both.lines[..n].iter().zip(&both.lines[n..]) {
        assert_eq!(theirs.color, mine.color);
        assert_eq!(theirs.dash, Dash::Dashed);
        assert_eq!(theirs.name, format!("{} (B)", mine.name));
    }
    assert_ne!(
        both.lines[0].points, both.lines[n].points,
        "B's bill differs"
    );
}
