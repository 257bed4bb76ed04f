//! The Payback panel driven by its sliders: every number shown is checked
//! against values computed independently (worked in the comments; NPV with
//! numpy-financial's convention, month 0 undiscounted, as in
//! tests/reference/expected_numbers.py).

mod common;

use std::path::Path;

use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use perfcase::ui::{PanelKind, PerfcaseApp};

fn harness(sample: &str) -> Harness<'static, PerfcaseApp> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(sample);
    let mut app = PerfcaseApp::open_or_sample(&path);
    app.set_panel(PanelKind::named("Payback").expect("panel"));
    let mut h = common::window(app);
    // Every number, not only the leading ones.
    h.get_by_label_contains("more numbers…").click();
    h.run();
    h
}

fn set(h: &mut Harness<'_, PerfcaseApp>, slider: &str, value: f64) {
    h.get_by_role_and_label(Role::Slider, slider)
        .set_value_accesskit(value);
    h.run();
}

/// The pricing engine with the bill given directly instead of by instances.
fn pricing() -> Harness<'static, PerfcaseApp> {
    let mut h = harness("pricing-payback.ron");
    h.get_by_label("derive from instance counts").click();
    h.run();
    h
}

#[test]
fn the_pricing_engine_shows_the_seed_numbers() {
    let h = harness("pricing-payback.ron");
    // 120,000 × 55 % = 66,000; × 12 = 792,000; 6 × 4 × 15,000 = 360,000; / 66,000 = 5.45.
    let nb = common::nb;
    h.get_by_label(&nb("66 k/month"));
    h.get_by_label(&nb("792 k/year"));
    h.get_by_label(&nb("360 k"));
    // Without a build or a discount rate, the break-even month and the
    // discounted payback are the simple payback too.
    assert_eq!(h.query_all_by_label(&nb("5.45 months")).count(), 3);
    // 360,000 / (120,000 × 12) = 25 %: with no build and a flat bill the
    // kill reduction on the timeline and the simple one are the same.
    assert_eq!(h.query_all_by_label(&nb("25 %")).count(), 2);
    h.get_by_label_contains(&format!(
        "Kill criterion: stop if the reduction measured under production load is below {}",
        nb("25 %")
    ));
    // The memo's driver line, in the seed's words, with the timeline's month.
    let state = h.state();
    let memo = perfcase::report::memo::markdown(state.scenario(), state.evaluation(), None, &[]);
    assert!(
        memo.contains(&format!(
            "Cloud cost — highest-volume CPU-bound service; measured {} compute reduction, break-even in month 5.45",
            nb("55 %")
        )),
        "{memo}"
    );
}

#[test]
fn instance_counts_derive_the_reduction() {
    let mut h = harness("pricing-payback.ron");
    set(&mut h, "instances needed", 300.0);
    // 600 → 300 instances at 200: 120,000 × 50 % = 60,000; 360,000 / 60,000 = 6 months.
    let p = h.state().scenario().payback.clone().expect("payback");
    assert!((p.reduction.expect("a reduction").point() - 0.5).abs() < 1e-12);
    h.get_by_label(&common::nb("60 k/month"));
    assert_eq!(h.query_all_by_label(&common::nb("6 months")).count(), 3);
}

#[test]
fn reduction_and_team_sliders_move_payback_and_the_kill_criterion() {
    let mut h = pricing();
    set(&mut h, "measured reduction", 30.0);
    // 120,000 × 30 % = 36,000; 360,000 / 36,000 = 10 months.
    h.get_by_label(&common::nb("36 k/month"));
    assert_eq!(h.query_all_by_label(&common::nb("10 months")).count(), 3);
    set(&mut h, "engineers", 3.0);
    // 3 × 4 × 15,000 = 180,000; / 36,000 = 5 months; kill: 180,000 / 1,440,000 = 12.5 %.
    h.get_by_label(&common::nb("180 k"));
    assert_eq!(h.query_all_by_label(&common::nb("5 months")).count(), 3);
    // Timeline and simple kill reductions agree without a build or growth.
    assert_eq!(h.query_all_by_label(&common::nb("12.5 %")).count(), 2);
}

#[test]
fn npv_at_ten_percent_over_24_months() {
    let mut h = pricing();
    set(&mut h, "discount rate", 10.0);
    set(&mut h, "horizon", 24.0);
    // npv(0.10/12, [−360,000] + [66,000] × 24) = 1,070,276.42.
    h.get_by_label(&common::nb("1.07 M"));
    let p = h.state().evaluation().payback.clone().expect("payback");
    assert!((p.npv - 1_070_276.42).abs() < 0.01);
    // Discounted payback: month 5.61.
    h.get_by_label(&common::nb("5.61 months"));
}

#[test]
fn zero_reduction_never_pays_back() {
    let mut h = pricing();
    set(&mut h, "measured reduction", 0.0);
    h.get_by_label("never");
    h.get_by_label_contains("Never pays back: the measured reduction saves nothing.");
    h.get_by_label("not within the horizon");
    let p = h.state().evaluation().payback.clone().expect("payback");
    assert_eq!(p.payback(), None);
}

#[test]
fn a_short_horizon_gives_a_negative_npv() {
    let mut h = pricing();
    set(&mut h, "horizon", 3.0);
    // −360,000 + 3 × 66,000 = −162,000.
    h.get_by_label(&common::nb("-162 k"));
}

#[test]
fn a_horizon_shorter_than_the_build_sees_only_costs() {
    let mut h = pricing();
    set(&mut h, "build months", 6.0);
    set(&mut h, "horizon", 3.0);
    // 360,000 over 6 months = 60,000 a month; 3 months inside the horizon: −180,000.
    h.get_by_label(&common::nb("-180 k"));
    h.get_by_label("not within the horizon");
}

#[test]
fn growth_and_discount_together_in_the_funding_memo() {
    let h = harness("funding-memo.ron");
    // 4-month build, 20 %/yr growth, 10 %/yr discount: NPV 2,054,901; break-even month 9.72.
    // The sample's money is in $.
    h.get_by_label(&common::nb("$2.05 M"));
    h.get_by_label(&common::nb("9.72 months"));
}

#[test]
fn viewing_values_outside_slider_ranges_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.ron");
    let text = include_str!("../samples/pricing-payback.ron")
        .replace("engineers: 6.0", "engineers: 80.0")
        .replace("horizon_months: 36.0", "horizon_months: 240.0");
    std::fs::write(&path, text).expect("write");
    let mut app = PerfcaseApp::open_or_sample(&path);
    app.set_panel(PanelKind::named("Payback").expect("panel"));
    let h = common::window(app);
    assert!(
        !h.state().is_dirty(),
        "showing a slider must not clamp the file's value"
    );
    let p = h.state().scenario().payback.clone().expect("payback");
    assert_eq!((p.engineers.point(), p.horizon_months), (80.0, 240.0));
}

/// A measured input carries a "measured" mark beside its slider; a click
/// shows its source to edit, and a right-click on any input's ± marks it
/// measured (or assumed again) — edits of the file's `evidence`, undoable.
#[test]
fn a_measured_input_is_marked_beside_its_slider_and_its_source_edited() {
    let mut h = harness("funding-memo.ron");
    let evidence = |h: &Harness<'_, PerfcaseApp>| h.state().scenario().evidence.clone();
    // The sample cites the bill for the instance count and price, not for
    // the count needed.
    let current = "payback.instances.current";
    let needed = "payback.instances.needed";
    assert!(evidence(&h).contains_key(current));
    assert!(!evidence(&h).contains_key(needed));
    h.get_by_label("measured: instances today");
    assert!(h.query_by_label("measured: instances needed").is_none());
    // Its source, edited in place.
    h.get_by_label("measured: instances today").click();
    h.run();
    let source = h.get_by_label("source of instances today");
    source.focus();
    source.type_text(", October");
    h.run();
    let cited = evidence(&h).get(current).cloned().unwrap_or_default();
    assert!(cited.ends_with(", October"), "source now {cited:?}");
    assert!(h.state().can_undo(), "an edit like any other");
    // A right-click on "instances needed"'s ± marks it measured.
    h.key_press(eframe::egui::Key::Escape);
    h.run();
    h.get_by_label("instances needed uncertain")
        .click_secondary();
    h.run();
    h.get_by_label("Mark as measured…").click();
    h.run();
    assert_eq!(evidence(&h).get(needed).map(String::as_str), Some(""));
    h.get_by_label("measured: instances needed");
    // And back to an assumption.
    h.get_by_label("instances needed uncertain")
        .click_secondary();
    h.run();
    h.get_by_label("Mark as assumed").click();
    h.run();
    assert!(!evidence(&h).contains_key(needed));
}
