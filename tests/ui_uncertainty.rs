//! Ranges in the GUI: the "±" toggle turns a slider into low/high handles,
//! dragging a handle reruns the Monte Carlo, and the probabilities the
//! headline shows follow. Expected probabilities are worked in the comments
//! from the log-normal CDF (scipy: `lognorm.sf`).

mod common;

use perfcase::model::outputs::Probability;
use std::path::Path;

use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use perfcase::model::{Quantity, Shape};
use perfcase::ui::{PanelKind, PerfcaseApp};

fn harness(sample: &str, panel: PanelKind) -> Harness<'static, PerfcaseApp> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(sample);
    let mut app = PerfcaseApp::open_or_sample(&path);
    app.set_panel(panel);
    common::window(app)
}

/// The pricing engine with the bill given directly instead of by instances.
fn pricing() -> Harness<'static, PerfcaseApp> {
    let mut h = harness(
        "pricing-payback.ron",
        PanelKind::named("Payback").expect("panel"),
    );
    h.get_by_label("derive from instance counts").click();
    h.run();
    h
}

fn p_within(h: &Harness<'_, PerfcaseApp>) -> f64 {
    h.state()
        .uncertainty()
        .and_then(|u| u.probability(Probability::PaybackWithinTarget))
        .expect("a payback probability")
}

#[test]
fn toggling_a_range_on_and_dragging_a_handle_moves_the_probability() {
    let mut h = pricing();
    assert!(h.state().uncertainty().is_none(), "no ranges yet");
    h.get_by_label("monthly cost uncertain").click();
    h.run();
    // 120,000 becomes 80,000–180,000 (÷/× 1.5, log-normal, median kept).
    let bill = h
        .state()
        .scenario()
        .payback
        .as_ref()
        .expect("payback")
        .monthly_cost;
    let Quantity::Range(range) = bill else {
        panic!("a range: {bill:?}");
    };
    assert_eq!(
        (range.low, range.high, range.resolved_shape()),
        (80_000.0, 180_000.0, Shape::LogNormal)
    );
    assert_eq!(
        h.state()
            .evaluation()
            .payback
            .as_ref()
            .expect("payback")
            .monthly_saving,
        66_000.0,
        "the point value is still 120,000"
    );
    // Payback = 360,000 / (0.55·M) ≤ 12 ⟺ M ≥ 54,545. With M log-normal
    // on 80k–180k (σ = ln 2.25 / 3.29 = 0.2465): P = 1 − Φ(−3.20) = 0.99931.
    let p = p_within(&h);
    assert!((p - 0.999_31).abs() < 0.001, "{p}");
    // The headline leads with the timeline's probability (the same event
    // here: no build, a flat bill).
    h.get_by_label("P(breaks even by the target month)");
    // Drag the low handle to 10,000: M from 10k to 180k, median 42,426,
    // σ = ln 18 / (2·1.6449) = 0.8786; P(M ≥ 54,545) = 1 − Φ(0.2862) = 0.38745.
    h.get_by_role_and_label(Role::Slider, "monthly cost low (5th pct)")
        .set_value_accesskit(10_000.0);
    h.run();
    let p = p_within(&h);
    assert!((p - 0.3874).abs() < 0.015, "{p}");
    // No build and a flat bill: break-even on the timeline is the simple
    // payback, so the headline's probability is the same one.
    h.get_by_label_contains("Breaks even by month 12 with");
}

/// The payback section's engineer count as the app holds it.
fn engineers(h: &Harness<'_, PerfcaseApp>) -> Quantity {
    h.state()
        .scenario()
        .payback
        .as_ref()
        .expect("payback")
        .engineers
}

#[test]
fn a_range_is_undone_in_one_step_and_toggled_back_to_its_point() {
    let mut h = pricing();
    h.get_by_label("engineers uncertain").click();
    h.run();
    assert!(engineers(&h).is_range());
    h.get_by_label("engineers uncertain").click();
    h.run();
    let point = engineers(&h);
    // 6 → 4–9 → back to its median √36 = 6 (up to rounding).
    assert!(
        (point.point() - 6.0).abs() < 1e-12 && !point.is_range(),
        "{point:?}"
    );
    let ctx = h.ctx.clone();
    h.state_mut().run_command(&ctx, perfcase::ui::Command::Undo);
    h.run();
    assert!(engineers(&h).is_range());
}

#[test]
fn the_uncertainty_panel_says_what_to_measure_next() {
    let h = harness(
        "uncertain-rewrite.ron",
        PanelKind::named("Uncertainty").expect("panel"),
    );
    // The tornado by hand (tests/uncertainty.rs): the bill moves payback most.
    // It never breaks even on the timeline (no tornado there), so the
    // simple payback's tornado leads.
    // The bill also has the largest EVPPI of the funding decision
    // (tests/value_of_information.rs checks the estimator's numbers).
    h.get_by_label_contains("Measure monthly cost next: knowing it first is worth up to $");
    h.get_by_label_contains("to the funding decision.");
    h.get_by_label("What moves the simple payback most");
    h.get_by_label("other one-time cost");
}

#[test]
fn the_budget_panel_shows_the_distribution_of_the_total() {
    let h = harness(
        "uncertain-rewrite.ron",
        PanelKind::named("Budget").expect("panel"),
    );
    h.get_by_label_contains("With the ranges, the total after every fix is");
    h.get_by_label("Total after every fix and the language");
}

#[test]
fn showing_a_ranged_reduction_beside_instance_counts_changes_nothing() {
    // The funding memo derives its bill from instance counts and gives the
    // reduction as a range around them: drawing the panel must not replace
    // the range with the counts' single number.
    let h = harness(
        "funding-memo.ron",
        PanelKind::named("Payback").expect("panel"),
    );
    assert!(!h.state().is_dirty(), "opening a file must not change it");
    let reduction = h
        .state()
        .scenario()
        .payback
        .as_ref()
        .expect("payback")
        .reduction;
    assert!(reduction.is_some_and(|q| q.is_range()), "{reduction:?}");
}

#[test]
fn the_uncertainty_panel_says_whether_measuring_is_worth_it_and_marks_evidence() {
    let mut h = harness(
        "funding-memo.ron",
        PanelKind::named("Uncertainty").expect("panel"),
    );
    h.get_by_label("Is it worth measuring?");
    // The NPV stays positive in every sample (P(NPV > 0) = 100 %), so no
    // measurement changes whether to fund it (tests/value_of_information.rs
    // checks the estimator's numbers).
    h.get_by_label_contains("Whether to fund it: no measurement would change it");
    // Rust's uncertain score can hand the matrix to Tune the Python.
    h.get_by_label_contains("Which candidate wins: knowing every input first is worth up to");
    h.get_by_label_contains("Worth measuring: Rust hot path · Pricing correctness risk score");
    // The sample names its measured bill; its ranges table marks it.
    let measured = h.state().scenario().evidence.len();
    assert!(measured > 0, "the sample names its evidence");
    // 41 inputs: `eval --json`'s evidence.measured plus evidence.assumed.
    h.get_by_label(&format!("Evidence: {measured} of 41 inputs measured"));
    let path = "payback.loaded_rate";
    assert!(!h.state().scenario().evidence.contains_key(path));
    h.get_by_label("measured: loaded rate").scroll_to_me();
    h.run();
    h.get_by_label("measured: loaded rate").click();
    h.run();
    assert_eq!(
        h.state().scenario().evidence.get(path).map(String::as_str),
        Some(""),
        "ticked: measured, its source to be typed"
    );
    assert!(h.state().can_undo(), "an edit like any other");
}
