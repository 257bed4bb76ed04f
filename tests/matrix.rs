//! Matrix totals, ranks and flip thresholds against values computed
//! independently (tests/reference/expected_numbers.py sweeps the weights
//! numerically; the simple cases are worked by hand in comments).

mod shape;

use std::path::Path;

use perfcase::model::matrix::MatrixEval;
use perfcase::model::{evaluate, validate};
use perfcase::scenario_file::{self, FileError};

fn matrix(ron: &str) -> MatrixEval {
    let scenario = scenario_file::from_str(ron, Path::new("test.ron")).expect("valid scenario");
    evaluate(&scenario).matrix.expect("a matrix section")
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "got {actual}, expected {expected}"
    );
}

#[test]
fn rtb_totals_are_computed_not_copied_from_the_seed_table() {
    let m = matrix(include_str!("../samples/rtb-matrix.ron"));
    // (35×5)+(25×5)+(20×2)+(10×2)+(10×5) = 410; Go 105+100+80+40+40 = 365;
    // Python 35+25+100+50+20 = 230. The seed's table prints 425/375/205.
    let got: Vec<(&str, f64, usize)> = m
        .totals
        .iter()
        .map(|t| (t.candidate.as_str(), t.total, t.rank))
        .collect();
    assert_eq!(
        got,
        [("Rust", 410.0, 1), ("Go", 365.0, 2), ("Python", 230.0, 3)]
    );
    assert_eq!(m.winner.as_deref(), Some("Rust"));
    assert!(m.tied.is_empty());
    close(m.margin.expect("two or more candidates"), 45.0);
    close(m.weight_sum, 100.0);
}

#[test]
fn rtb_flip_thresholds() {
    let m = matrix(include_str!("../samples/rtb-matrix.ron"));
    // Tail latency at x, the other 65 rescaled to 100 − x:
    // Rust = 5x + (100 − x)·235/65, Go = 3x + (100 − x)·4 → equal at x = 500/31.
    let tail = &m.flips[0];
    let below = tail.below.as_ref().expect("a flip below");
    close(below.weight, 500.0 / 31.0);
    assert_eq!(below.winner, "Go");
    assert_eq!(tail.above, None);
    // Raw CPU: Rust leads on it and loses nothing elsewhere that Go could use.
    assert_eq!((&m.flips[1].below, &m.flips[1].above), (&None, &None));
    let velocity = m.flips[2].above.as_ref().expect("a flip above");
    close(velocity.weight, 34.693_877_551_020_41);
    assert_eq!(velocity.winner, "Go");
    let hiring = m.flips[3].above.as_ref().expect("a flip above");
    close(hiring.weight, 26.530_612_244_897_96);
    assert_eq!(m.flips[3].below, None);
    assert_eq!((&m.flips[4].below, &m.flips[4].above), (&None, &None));
}

#[test]
fn two_criteria_flip_at_the_midpoint() {
    // A = 5x + 2(100 − x) = 200 + 3x; B = 2x + 5(100 − x) = 500 − 3x → equal at x = 50.
    let m = matrix(
        r#"Scenario(format: 1, matrix: Matrix(
            criteria: [Criterion(name: "cost", weight: 60.0), Criterion(name: "speed", weight: 40.0)],
            candidates: [Candidate(name: "A", scores: [5.0, 2.0]), Candidate(name: "B", scores: [2.0, 5.0])],
        ))"#,
    );
    assert_eq!(m.winner.as_deref(), Some("A"));
    close(m.margin.expect("margin"), 380.0 - 320.0);
    let cost = m.flips[0].below.as_ref().expect("flip");
    close(cost.weight, 50.0);
    assert_eq!(cost.winner, "B");
    let speed = m.flips[1].above.as_ref().expect("flip");
    close(speed.weight, 50.0);
    assert_eq!(speed.winner, "B");
}

#[test]
fn the_nearest_of_several_crossings_is_the_flip() {
    // A = 240 + 2.6x, B = 400 − x, C = 500 − 3x on criterion 0: A meets B at
    // 44.44 and C at 46.43, so going down from 50, C takes over first.
    let m = matrix(
        r#"Scenario(format: 1, matrix: Matrix(
            criteria: [Criterion(name: "a", weight: 50.0), Criterion(name: "b", weight: 30.0),
                       Criterion(name: "c", weight: 20.0)],
            candidates: [Candidate(name: "A", scores: [5.0, 2.0, 3.0]),
                         Candidate(name: "B", scores: [3.0, 4.0, 4.0]),
                         Candidate(name: "C", scores: [2.0, 5.0, 5.0])],
        ))"#,
    );
    let got: Vec<(&str, usize)> = m
        .totals
        .iter()
        .map(|t| (t.candidate.as_str(), t.rank))
        .collect();
    assert_eq!(got, [("A", 1), ("B", 2), ("C", 2)], "B and C tie at 350");
    let a = m.flips[0].below.as_ref().expect("flip");
    close(a.weight, 260.0 / 5.6);
    assert_eq!(a.winner, "C");
    close(m.flips[1].above.as_ref().expect("flip").weight, 34.375);
    close(
        m.flips[2].above.as_ref().expect("flip").weight,
        27.272_727_272_727_27,
    );
}

#[test]
fn a_tie_at_the_top_has_no_winner() {
    let m = matrix(
        r#"Scenario(format: 1, matrix: Matrix(
            criteria: [Criterion(name: "x", weight: 1.0), Criterion(name: "y", weight: 1.0)],
            candidates: [Candidate(name: "P", scores: [2.0, 4.0]), Candidate(name: "Q", scores: [4.0, 2.0]),
                         Candidate(name: "R", scores: [1.0, 1.0])],
        ))"#,
    );
    assert_eq!(m.winner, None);
    assert_eq!(m.tied, ["P", "Q"]);
    close(m.margin.expect("margin"), 0.0);
    assert!(
        m.flips
            .iter()
            .all(|f| f.below.is_none() && f.above.is_none())
    );
}

#[test]
fn one_candidate_wins_with_no_margin_and_no_flips() {
    let m = matrix(
        r#"Scenario(format: 1, matrix: Matrix(
            criteria: [Criterion(name: "x", weight: 3.0)],
            candidates: [Candidate(name: "Only", scores: [4.0])],
        ))"#,
    );
    assert_eq!(m.winner.as_deref(), Some("Only"));
    assert_eq!(m.margin, None);
    assert_eq!((&m.flips[0].below, &m.flips[0].above), (&None, &None));
}

#[test]
fn a_criterion_everyone_scores_equally_flips_nothing() {
    // All candidates score 3 on "same": its weight moves every total alike
    // toward 3·W, so they meet only at x = W, the end of the range.
    let m = matrix(
        r#"Scenario(format: 1, matrix: Matrix(
            criteria: [Criterion(name: "same", weight: 50.0), Criterion(name: "diff", weight: 50.0)],
            candidates: [Candidate(name: "A", scores: [3.0, 5.0]), Candidate(name: "B", scores: [3.0, 1.0])],
        ))"#,
    );
    assert_eq!((&m.flips[0].below, &m.flips[0].above), (&None, &None));
}

#[test]
fn weights_summing_to_zero_are_refused_with_their_path() {
    let err = scenario_file::from_str(
        r#"Scenario(format: 1, matrix: Matrix(
            criteria: [Criterion(name: "x", weight: 0.0), Criterion(name: "y", weight: 0.0)],
            candidates: [Candidate(name: "A", scores: [1.0, 2.0])],
        ))"#,
        Path::new("zero.ron"),
    )
    .expect_err("all-zero weights");
    let FileError::Invalid { errors, .. } = &err else {
        panic!("expected a validation error, got {err}");
    };
    assert_eq!(errors[0].path, "matrix.criteria");
    assert!(
        err.to_string()
            .starts_with("zero.ron:2:23: invalid scenario"),
        "{err}"
    );
}

#[test]
fn scores_outside_the_scale_are_refused() {
    let scenario = scenario_file::from_str(
        include_str!("../samples/rtb-matrix.ron"),
        Path::new("rtb.ron"),
    )
    .expect("sample");
    let mut bad = scenario.clone();
    let matrix = bad.matrix.as_mut().expect("matrix");
    matrix.candidates[1].scores[2] = 7.0.into();
    let errors = validate(&bad);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, "matrix.candidates[1].scores[2]");
}

#[test]
fn moving_a_weight_keeps_the_sum_and_the_others_proportions() {
    let scenario = scenario_file::from_str(
        include_str!("../samples/rtb-matrix.ron"),
        Path::new("rtb.ron"),
    )
    .expect("sample");
    let mut m = scenario.matrix.expect("matrix");
    // Tail latency 35 → 16: the other 65 become 84, each × 84/65.
    m.set_weight_keeping_sum(0, 16.0);
    let weights: Vec<f64> = m.criteria.iter().map(|c| c.weight.point()).collect();
    let expected = [
        16.0,
        25.0 * 84.0 / 65.0,
        20.0 * 84.0 / 65.0,
        10.0 * 84.0 / 65.0,
        10.0 * 84.0 / 65.0,
    ];
    for (got, want) in weights.iter().zip(expected) {
        close(*got, want);
    }
    close(m.weight_sum(), 100.0);
    // Just below the flip at 500/31 ≈ 16.13, Go leads: Rust 5·16 + 235·84/65 = 383.69,
    // Go 3·16 + 260·84/65 = 384.0.
    let e = perfcase::model::matrix::evaluate(&m);
    assert_eq!(e.winner.as_deref(), Some("Go"));
    close(e.totals[0].total, 48.0 + 260.0 * 84.0 / 65.0);
}

#[test]
fn normalizing_scales_weights_to_100() {
    let mut m = matrix_input(
        r#"Scenario(format: 1, matrix: Matrix(
            criteria: [Criterion(name: "a", weight: 3.0), Criterion(name: "b", weight: 1.0)],
            candidates: [Candidate(name: "A", scores: [1.0, 2.0])],
        ))"#,
    );
    m.normalize_weights(100.0);
    close(m.criteria[0].weight.point(), 75.0);
    close(m.criteria[1].weight.point(), 25.0);
}

fn matrix_input(ron: &str) -> perfcase::model::matrix::Matrix {
    scenario_file::from_str(ron, Path::new("test.ron"))
        .expect("valid")
        .matrix
        .expect("matrix")
}

#[test]
fn structural_edits_keep_one_score_per_criterion() {
    let mut m = matrix_input(include_str!("../samples/rtb-matrix.ron"));
    m.add_criterion("Cold start", 10.0);
    assert!(m.candidates.iter().all(|c| c.scores.len() == 6));
    assert_eq!(m.candidates[2].scores[5].point(), 3.0, "the middle of 1..5");
    m.swap_criteria(0, 5);
    assert_eq!(m.criteria[0].name, "Cold start");
    assert_eq!(m.candidates[2].scores[0], 3.0);
    assert_eq!(
        m.candidates[2].scores[5], 5.0,
        "Rust's tail-latency score moved along"
    );
    m.remove_criterion(0);
    assert_eq!(m.criteria[0].name, "Raw CPU performance");
    assert!(m.candidates.iter().all(|c| c.scores.len() == 5));
    m.add_candidate("Java");
    assert_eq!(m.candidates[3].scores, vec![3.0; 5]);
    let scenario = perfcase::model::Scenario {
        matrix: Some(m),
        ..Default::default()
    };
    assert!(validate(&scenario).is_empty());
}

mod charts {
    use perfcase::chart::matrix::{MAX_CANDIDATES_DRAWN, ranking_chart, sweep_chart};
    use perfcase::model::matrix::{Candidate, Criterion, Matrix};
    use proptest::prelude::*;

    fn matrix(weights: &[f64], scores: &[Vec<f64>]) -> Matrix {
        Matrix {
            criteria: weights
                .iter()
                .enumerate()
                .map(|(j, &w)| Criterion {
                    name: format!("k{j}"),
                    weight: w.into(),
                })
                .collect(),
            candidates: scores
                .iter()
                .enumerate()
                .map(|(c, s)| Candidate {
                    name: format!("c{c}"),
                    scores: s.iter().map(|&x| x.into()).collect(),
                })
                .collect(),
            scale: (1.0, 5.0),
        }
    }

    /// Where the leader changes, found by brute force: every pair's
    /// crossing inside (0, W), kept when the highest line differs just
    /// before and just after it.
    fn brute_force(lines: &[(f64, f64)], w: f64) -> Vec<f64> {
        let top = |x: f64| {
            let mut best = 0;
            for (c, &(b, m)) in lines.iter().enumerate() {
                if b + m * x > lines[best].0 + lines[best].1 * x {
                    best = c;
                }
            }
            best
        };
        let eps = 1e-9 * w.max(1.0);
        let mut xs: Vec<f64> = Vec::new();
        for (a, &(b1, m1)) in lines.iter().enumerate() {
            for &(b2, m2) in &lines[a + 1..] {
                if m1 != m2 {
                    let x = (b2 - b1) / (m1 - m2);
                    if x > 0.0 && x < w {
                        xs.push(x);
                    }
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        xs.dedup_by(|a, b| (*a - *b).abs() < eps);
        xs.into_iter()
            .filter(|&x| top(x - eps) != top(x + eps))
            .collect()
    }

    proptest! {
        /// The sweep marks exactly the weights where the leader changes.
        #[test]
        fn the_sweep_marks_every_change_of_leader(
            weights in prop::collection::vec(1u8..100, 2..4),
            scores in prop::collection::vec(prop::collection::vec(1u8..=5, 3), 2..9),
        ) {
            let weights: Vec<f64> = weights.iter().map(|&w| f64::from(w)).collect();
            let scores: Vec<Vec<f64>> = scores
                .iter()
                .map(|s| s[..weights.len()].iter().map(|&x| f64::from(x)).collect())
                .collect();
            let m = matrix(&weights, &scores);
            let lines: Vec<(f64, f64)> =
                (0..m.candidates.len()).map(|c| m.total_line(c, 0)).collect();
            // A change at the sweep's very ends (exactly 0 or W in exact
            // arithmetic) falls on either side by rounding: compared inside.
            let w = m.weight_sum();
            let inside = |x: &f64| *x > 1e-9 * w && *x < w * (1.0 - 1e-9);
            let expected: Vec<f64> = brute_force(&lines, w).into_iter().filter(inside).collect();
            let marked: Vec<f64> = sweep_chart(&m, 0)
                .markers
                .iter()
                .filter(|k| k.name == "leader changes")
                .map(|k| k.at[0])
                .filter(inside)
                .collect();
            prop_assert_eq!(marked.len(), expected.len(), "{:?} vs {:?}", marked, expected);
            for (a, b) in marked.iter().zip(&expected) {
                prop_assert!((a - b).abs() < 1e-6, "{} vs {}", a, b);
            }
        }
    }

    /// 100 candidates: the ranking draws the best 30 and names the rest;
    /// the sweep draws the highest lines and every leader.
    #[test]
    fn a_hundred_candidates_draw_the_best_thirty() {
        // Candidate c scores (1 + c mod 5, 5 − c mod 5): totals tie in
        // fives; the weights 60/40 make c ≡ 4 (mod 5) best at 5·60 + 1·40.
        let scores: Vec<Vec<f64>> = (0..100)
            .map(|c| vec![1.0 + (c % 5) as f64, 5.0 - (c % 5) as f64])
            .collect();
        let m = matrix(&[60.0, 40.0], &scores);
        let eval = perfcase::model::matrix::evaluate(&m);
        let ranking = ranking_chart(&m, &eval, false);
        assert_eq!(ranking.rows.len(), MAX_CANDIDATES_DRAWN);
        assert!(ranking.title.contains("70 more"), "{}", ranking.title);
        assert!(ranking.rows[0].contains("340"), "{}", ranking.rows[0]);
        let sweep = sweep_chart(&m, 0);
        assert_eq!(sweep.lines.len(), MAX_CANDIDATES_DRAWN);
        assert!(sweep.title.contains("70 more not drawn"), "{}", sweep.title);
    }
}

/// Charting a matrix is about linear in its candidates (10,000 once took
/// 23 s through every pair's crossing): 4× the candidates may take about
/// 4× as long, not 16× (best of three, one run of the test).
#[test]
fn charting_many_candidates_takes_about_linear_time() {
    use perfcase::model::matrix::{Candidate, Criterion, Matrix};
    let time = |n: usize| {
        let m = Matrix {
            criteria: vec![
                Criterion {
                    name: "a".into(),
                    weight: 60.0.into(),
                },
                Criterion {
                    name: "b".into(),
                    weight: 40.0.into(),
                },
            ],
            candidates: (0..n)
                .map(|c| Candidate {
                    name: format!("c{c}"),
                    scores: vec![
                        (1.0 + (c * 7 % 41) as f64 / 10.0).into(),
                        (1.0 + (c * 13 % 37) as f64 / 9.0).into(),
                    ],
                })
                .collect(),
            scale: (1.0, 5.0),
        };
        let eval = perfcase::model::matrix::evaluate(&m);
        shape::best_of_three(
            || {
                (
                    perfcase::chart::matrix::ranking_chart(&m, &eval, true),
                    perfcase::chart::matrix::sweep_chart(&m, 0),
                )
            },
            |(ranking, sweep)| assert!(ranking.rows.len() <= 30 && sweep.lines.len() <= 30 + n),
        )
    };
    shape::assert_linear("4× the candidates", time(1_000), time(4_000));
}
