//! The Matrix panel driven by accessible labels: weights, scores and
//! structure edits change totals, ranking and flips to independently
//! computed values (worked in the comments).

mod common;

use std::path::Path;

use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use perfcase::model::Scenario;
use perfcase::model::matrix::MatrixEval;
use perfcase::scenario_file;
use perfcase::ui::{PanelKind, PerfcaseApp};

fn harness_on(app: PerfcaseApp) -> Harness<'static, PerfcaseApp> {
    common::window(app)
}

fn rtb() -> Harness<'static, PerfcaseApp> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rtb-matrix.ron");
    let h = harness_on(PerfcaseApp::open_or_sample(&path));
    assert_eq!(
        h.state().panel(),
        PanelKind::named("Matrix").expect("panel"),
        "a matrix-only file opens on the matrix"
    );
    h
}

fn matrix_only(ron: &str) -> Harness<'static, PerfcaseApp> {
    let scenario: Scenario = scenario_file::from_str(ron, Path::new("t.ron")).expect("valid");
    harness_on(PerfcaseApp::new(scenario, None))
}

fn eval(h: &Harness<'_, PerfcaseApp>) -> MatrixEval {
    h.state().evaluation().matrix.clone().expect("matrix")
}

fn total(e: &MatrixEval, name: &str) -> f64 {
    e.totals
        .iter()
        .find(|t| t.candidate == name)
        .expect(name)
        .total
}

fn close(a: f64, b: f64) {
    assert!(
        (a - b).abs() < 1e-9 * b.abs().max(1.0),
        "got {a}, expected {b}"
    );
}

#[test]
fn the_seed_matrix_shows_computed_totals_and_flips() {
    let h = rtb();
    // (35×5)+(25×5)+(20×2)+(10×2)+(10×5) = 410; Go 365; Python 230.
    h.get_by_label("410");
    h.get_by_label("365");
    h.get_by_label("230");
    // Rust = 5x + (100 − x)·235/65 meets Go = 3x + (100 − x)·4 at x = 500/31 = 16.1.
    h.get_by_label("below 16.1 Go wins");
    assert_eq!(h.query_all_by_label("no weight flips it").count(), 2);
}

#[test]
fn dragging_a_weight_keeps_the_sum_and_reranks() {
    let mut h = rtb();
    h.get_by_role_and_label(Role::Slider, "weight of Tail latency / predictability")
        .set_value_accesskit(10.0);
    h.run();
    let e = eval(&h);
    close(e.weight_sum, 100.0);
    // Others × 90/65: Go = 30 + 260·90/65 = 390; Rust = 50 + 235·90/65 = 375.4.
    close(total(&e, "Go"), 390.0);
    close(total(&e, "Rust"), 50.0 + 235.0 * 90.0 / 65.0);
    assert_eq!(e.winner.as_deref(), Some("Go"));
    h.get_by_label("390");
}

#[test]
fn without_keep_sum_a_weight_moves_alone() {
    let mut h = rtb();
    h.get_by_label("keep the sum while dragging").click();
    h.run();
    h.get_by_role_and_label(Role::Slider, "weight of Tail latency / predictability")
        .set_value_accesskit(10.0);
    h.run();
    let e = eval(&h);
    // Σ = 75; Rust = 50 + 235 = 285, Go = 30 + 260 = 290.
    close(e.weight_sum, 75.0);
    close(total(&e, "Go"), 290.0);
    close(e.margin.expect("margin"), 5.0);
    h.get_by_label("Σ weights = 75");
    h.get_by_label("Normalize to 100").click();
    h.run();
    close(eval(&h).weight_sum, 100.0);
}

#[test]
fn editing_a_score_changes_the_winner() {
    let mut h = rtb();
    h.get_by_label("Rust score on Tail latency / predictability")
        .set_value_accesskit(3.0);
    h.run();
    let e = eval(&h);
    // Rust loses 35 × 2 = 70: 340 < Go's 365.
    close(total(&e, "Rust"), 340.0);
    assert_eq!(e.winner.as_deref(), Some("Go"));
    close(e.margin.expect("margin"), 25.0);
}

#[test]
fn a_second_matrix_flips_at_the_computed_weight() {
    // A = 200 + 3x, B = 500 − 3x on "cost": equal at x = 50.
    let h = matrix_only(
        r#"Scenario(format: 1, matrix: Matrix(
            criteria: [Criterion(name: "cost", weight: 60.0), Criterion(name: "speed", weight: 40.0)],
            candidates: [Candidate(name: "A", scores: [5.0, 2.0]), Candidate(name: "B", scores: [2.0, 5.0])],
        ))"#,
    );
    h.get_by_label("below 50.0 B wins");
    h.get_by_label("above 50.0 B wins");
}

#[test]
fn ties_one_candidate_and_equal_scores_are_said_plainly() {
    let tie = matrix_only(
        r#"Scenario(format: 1, matrix: Matrix(
            criteria: [Criterion(name: "x", weight: 1.0), Criterion(name: "y", weight: 1.0)],
            candidates: [Candidate(name: "P", scores: [2.0, 4.0]), Candidate(name: "Q", scores: [4.0, 2.0])],
        ))"#,
    );
    tie.get_by_label("P and Q tie at the top: any change in weights decides it.");
    assert_eq!(eval(&tie).winner, None);

    let one = matrix_only(
        r#"Scenario(format: 1, matrix: Matrix(
            criteria: [Criterion(name: "x", weight: 3.0)],
            candidates: [Candidate(name: "Only", scores: [4.0])],
        ))"#,
    );
    one.get_by_label("One candidate: nothing to flip.");
    one.get_by_label("Only is the only candidate.");

    let same = matrix_only(
        r#"Scenario(format: 1, matrix: Matrix(
            criteria: [Criterion(name: "same", weight: 50.0), Criterion(name: "diff", weight: 50.0)],
            candidates: [Candidate(name: "A", scores: [3.0, 5.0]), Candidate(name: "B", scores: [3.0, 1.0])],
        ))"#,
    );
    // "same" can never flip; "diff" neither: A leads at every weight of it above 0.
    assert_eq!(same.query_all_by_label("no weight flips it").count(), 2);
}

#[test]
fn all_weights_zero_warns_without_panicking() {
    let mut h = rtb();
    h.get_by_label("keep the sum while dragging").click();
    h.run();
    for name in [
        "Tail latency / predictability",
        "Raw CPU performance",
        "Team velocity / time-to-ship",
        "Hiring / onboarding",
        "Memory footprint",
    ] {
        h.get_by_role_and_label(Role::Slider, &format!("weight of {name}"))
            .set_value_accesskit(0.0);
        h.run();
    }
    h.get_by_label("The weights sum to 0: every total is 0. Give at least one criterion a weight.");
    assert!(
        h.state().status().is_error,
        "validation shows in the status bar"
    );
    assert!(h.state().status().text.contains("matrix.criteria"));
}

#[test]
fn adding_criteria_and_candidates_keeps_the_grid_whole() {
    let mut h = rtb();
    h.get_by_label("Add criterion").click();
    h.run();
    h.get_by_label("Add candidate").click();
    h.run();
    let m = h.state().scenario().matrix.clone().expect("matrix");
    assert_eq!(m.criteria.len(), 6);
    assert_eq!(m.candidates.len(), 4);
    assert!(m.candidates.iter().all(|c| c.scores.len() == 6));
    // The new candidate scores 3 everywhere: 3 × (100 + 10) = 330.
    close(total(&eval(&h), "option 4"), 330.0);
}
