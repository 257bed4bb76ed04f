//! Importing in the GUI: the preview shows the groups of the critical path,
//! a group can be reclassified before opening, and the Budget panel then
//! opens on the imported scenario, unsaved. A file that cannot be imported
//! changes nothing and says why.

mod common;

use std::path::Path;

use egui_kittest::kittest::Queryable as _;
use perfcase::model::budget::SpanKind;
use perfcase::ui::{PanelKind, PerfcaseApp};

fn trace() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/imports/checkout-trace.json")
}

#[test]
fn reclassifying_a_group_in_the_preview_changes_the_budget() {
    let mut app = PerfcaseApp::with_sample();
    app.request_import(&trace());
    let mut h = common::window(app);
    h.get_by_label("Import checkout-trace.json (jaeger)");
    // apply_promotions is 88.2 ms of own code on the critical path; as I/O
    // it leaves own code at 116.3 − 88.2 = 28.1 ms.
    h.get_by_label("kind of checkout: apply_promotions").click();
    h.run();
    // The menu's entry (the built-in sample behind also shows an "I/O" kind).
    h.get_all_by_label("I/O")
        .last()
        .expect("the menu entry")
        .click();
    h.run();
    h.get_by_label("Open in the Budget panel").click();
    h.run();
    let app = h.state();
    assert_eq!(app.panel(), PanelKind::named("Budget").expect("panel"));
    assert!(app.is_dirty(), "an import opens unsaved");
    assert_eq!(app.path(), None);
    assert_eq!(
        app.scenario().title,
        "web-gateway: POST /api/checkout (trace 6a2f4c1e)"
    );
    let budget = app.scenario().budget.as_ref().expect("budget");
    let promotions = budget
        .spans
        .iter()
        .find(|s| s.name == "checkout: apply_promotions")
        .expect("the group");
    assert_eq!(promotions.kind, SpanKind::Io);
    let e = app.evaluation().budget.as_ref().expect("evaluated");
    assert!((e.total - 412.5).abs() < 1e-9, "{}", e.total);
    assert!((e.own_code - 28.1).abs() < 1e-9, "{}", e.own_code);
}

#[test]
fn fewer_kept_spans_merge_the_rest() {
    let mut app = PerfcaseApp::with_sample();
    app.request_import(&trace());
    let mut h = common::window(app);
    let preview = h.state_mut().import_preview().expect("a preview");
    preview.max_spans = 3;
    let s = preview.scenario();
    let names: Vec<&str> = s
        .budget
        .as_ref()
        .expect("budget")
        .spans
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    // The three largest: the PSP call 236.8, apply_promotions 88.2, the cart
    // query 27.9; the rest merged per kind, placed by their earliest segment.
    assert!(
        names.contains(&"payments: POST https://api.psp.example/charges"),
        "{names:?}"
    );
    assert!(
        names.contains(&"other (OwnCode)") && names.contains(&"other (External)"),
        "{names:?}"
    );
    h.run();
}

#[test]
fn a_file_that_is_not_a_trace_changes_nothing_and_says_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("notes.json");
    std::fs::write(&bad, "{\"hello\": \"world\"}").expect("write");
    let mut app = PerfcaseApp::with_sample();
    let before = app.scenario().clone();
    app.request_import(&bad);
    let h = common::window(app);
    assert_eq!(h.state().scenario(), &before);
    assert!(!h.state().import_preview_open());
    let toast: Vec<&str> = h.state().toasts().collect();
    assert!(
        toast
            .iter()
            .any(|t| t.contains("notes.json") && t.contains("tried jaeger")),
        "{toast:?}"
    );
    h.get_by_label_contains("Import failed");
}
