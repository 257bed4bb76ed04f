//! Budget numbers against values computed independently
//! (tests/reference/expected_numbers.py, or by hand where shown).

mod shape;

use std::path::Path;

use perfcase::model::budget::BudgetEval;
use perfcase::model::evaluate;
use perfcase::scenario_file;

/// `n` own-code spans of 1 ms in sequence, span i with `lever(i)`: the
/// many-levers budgets of the chart tests.
fn levered(
    n: usize,
    lever: impl Fn(usize) -> perfcase::model::budget::Lever,
) -> perfcase::model::budget::Budget {
    use perfcase::model::budget::{Budget, Span, SpanKind, TimeUnit};
    Budget {
        unit: TimeUnit::Milliseconds,
        language_speedup: 2.0.into(),
        slo: None,
        measured_throughput_per_s: None,
        spans: (0..n)
            .map(|i| Span {
                name: format!("s{i}"),
                time: 1.0.into(),
                kind: SpanKind::OwnCode,
                concurrent: false,
                lever: Some(lever(i)),
            })
            .collect(),
    }
}

fn budget(ron: &str) -> BudgetEval {
    let scenario = scenario_file::from_str(ron, Path::new("test.ron")).expect("valid scenario");
    evaluate(&scenario).budget.expect("a budget section")
}

fn close(actual: f64, expected: f64) {
    let tolerance = 1e-9 * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tolerance,
        "got {actual}, expected {expected}"
    );
}

const ORDERS: &str = include_str!("../samples/orders-trace.ron");

#[test]
fn orders_trace_own_code_is_a_sliver_and_a_language_buys_nothing() {
    let b = budget(ORDERS);
    // Seed 000 Task 1: 1.2 + 3.5 + 0.8 = 5.5 ms of 855.5 ms ≈ 0.643 %.
    close(b.total, 855.5);
    close(b.own_code, 5.5);
    close(b.own_code_fraction, 5.5 / 855.5);
    assert_eq!(format!("{:.3}", b.own_code_fraction * 100.0), "0.643");
    // 1 / (0.993571 + 0.000643) ≈ 1.0058.
    close(b.amdahl_speedup, 1.005_819_763_682_323_2);
    close(b.ceiling().expect("bounded"), 1.006_470_588_235_294);
    close(b.total_after_language, 855.5 - 5.5 + 0.55);
}

#[test]
fn orders_trace_levers_are_ranked_by_time_saved() {
    let b = budget(ORDERS);
    let names: Vec<&str> = b.levers.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(names, ["add the missing index", "cache fraud scores"]);
    // Index 15×: 610 → 40.667 ms.
    close(b.levers[0].total_after, 286.166_666_666_666_7);
    close(b.levers[0].saved, 610.0 - 610.0 / 15.0);
    close(
        b.levers[0].saved_per_effort_day.expect("1 day"),
        610.0 - 610.0 / 15.0,
    );
    // Cache: 0.8 · 1 + 0.2 · 240 = 48.8 ms.
    close(b.levers[1].total_after, 664.3);
    close(
        b.levers[1].saved_per_effort_day.expect("3 days"),
        (240.0 - 48.8) / 3.0,
    );
    close(b.total_after_levers, 94.966_666_666_666_67);
}

#[test]
fn orders_trace_slo_gap_is_beyond_any_language() {
    let b = budget(ORDERS);
    close(b.required_speedup.expect("an SLO"), 855.5 / 300.0);
    assert_eq!(
        b.language_speedup_needed(),
        None,
        "ceiling 1.006× < gap 2.85×"
    );
    assert_eq!(b.meets_slo_now, Some(false));
    assert_eq!(b.meets_slo_after_language, Some(false));
    assert_eq!(b.meets_slo_after_levers, Some(true));
    assert_eq!(b.meets_slo_after_all, Some(true));
    assert_eq!(b.throughput_after_language, None);
}

#[test]
fn thumbnail_profile_language_closes_the_throughput_gap() {
    let b = budget(include_str!("../samples/thumbnail-profile.ron"));
    // Seed 000 Task 2: f = 0.78 + 0.04 = 0.82; 1 / (0.18 + 0.82/8) ≈ 3.54 ≥ 800/240 ≈ 3.33.
    close(b.own_code_fraction, 0.82);
    close(b.amdahl_speedup, 3.539_823_008_849_557_7);
    close(b.required_speedup.expect("throughput SLO"), 800.0 / 240.0);
    // 0.82 / (240/800 − 0.18) = 6.833×.
    close(
        b.language_speedup_needed().expect("reachable"),
        6.833_333_333_333_333,
    );
    close(
        b.throughput_after_language.expect("measured"),
        849.557_522_123_893_9,
    );
    assert_eq!(b.meets_slo_now, Some(false));
    assert_eq!(b.meets_slo_after_language, Some(true));
}

/// Stages [db 100 ‖ ext 60] then [own 30 ‖ io 50 ‖ own 80].
const CONCURRENT: &str = r#"Scenario(format: 1, budget: Budget(
    language_speedup: 1.25,
    slo: Slo(latency: 160.0),
    spans: [
        Span(name: "db", time: 100.0, kind: Database),
        Span(name: "ext", time: 60.0, kind: External, concurrent: true),
        Span(name: "own a", time: 30.0, kind: OwnCode),
        Span(name: "io", time: 50.0, kind: Io, concurrent: true),
        Span(name: "own b", time: 80.0, kind: OwnCode, concurrent: true),
    ],
))"#;

#[test]
fn concurrent_spans_count_only_the_longest_of_their_stage() {
    let b = budget(CONCURRENT);
    close(b.total, 100.0 + 80.0);
    // Only 30 ms of own code is on the critical path: below 50 ms the io span leads.
    close(b.own_code, 30.0);
    close(b.own_code_fraction, 30.0 / 180.0);
    // 80/1.25 = 64 > 50: 180 → 164; exact, not 1/((1−f)+f/s) = 1.0345.
    close(b.total_after_language, 164.0);
    close(b.amdahl_speedup, 1.097_560_975_609_756_2);
    close(b.ceiling().expect("bounded"), 1.2);
    // 80/s = 60 → s = 4/3.
    close(b.language_speedup_needed().expect("reachable"), 4.0 / 3.0);
}

const EVERY_LEVER: &str = r#"Scenario(format: 1, budget: Budget(
    language_speedup: 5.0,
    spans: [
        Span(name: "own", time: 10.0, kind: OwnCode,
             lever: Speedup(label: "algorithm", factor: 2.0, effort_days: 4.0)),
        Span(name: "db", time: 100.0, kind: Database,
             lever: Replace(label: "denormalise", time: 20.0, effort_days: 10.0)),
        Span(name: "ext", time: 50.0, kind: External,
             lever: Cache(label: "cache", hit_ratio: 0.5, hit_time: 10.0)),
        Span(name: "io", time: 40.0, kind: Io, lever: Async(label: "background job", effort_days: 0.0)),
        Span(name: "wait", time: 30.0, kind: Wait, lever: Parallelize(label: "overlap", effort_days: 2.0)),
    ],
))"#;

#[test]
fn every_lever_kind_applied_alone_and_together() {
    let b = budget(EVERY_LEVER);
    close(b.total, 230.0);
    let by_label = |label: &str| {
        b.levers
            .iter()
            .find(|l| l.label == label)
            .unwrap_or_else(|| panic!("lever {label}"))
    };
    close(by_label("algorithm").total_after, 225.0);
    close(by_label("denormalise").total_after, 150.0);
    close(by_label("cache").total_after, 210.0);
    close(by_label("background job").total_after, 190.0);
    close(by_label("overlap").total_after, 200.0);
    let ranked: Vec<&str> = b.levers.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        ranked,
        [
            "denormalise",
            "background job",
            "overlap",
            "cache",
            "algorithm"
        ]
    );
    close(
        by_label("denormalise")
            .saved_per_effort_day
            .expect("10 days"),
        8.0,
    );
    assert_eq!(
        by_label("cache").saved_per_effort_day,
        None,
        "no effort given"
    );
    assert_eq!(
        by_label("background job").saved_per_effort_day,
        None,
        "zero effort"
    );
    // All together: 5 + 20 + 30 + max(0, 30); then the language divides the 5 ms by 5.
    close(b.total_after_levers, 85.0);
    close(b.total_after_all, 81.0);
}

#[test]
fn all_own_code_has_no_ceiling_and_needs_exactly_the_gap() {
    let b = budget(
        r#"Scenario(format: 1, budget: Budget(language_speedup: 4.0, slo: Slo(latency: 25.0),
            spans: [Span(name: "compute", time: 100.0, kind: OwnCode)]))"#,
    );
    assert_eq!(b.ceiling(), None);
    close(b.amdahl_speedup, 4.0);
    close(b.language_speedup_needed().expect("reachable"), 4.0);
    assert_eq!(b.meets_slo_after_language, Some(true));
}

#[test]
fn an_slo_met_today_needs_no_faster_language() {
    let b = budget(
        r#"Scenario(format: 1, budget: Budget(language_speedup: 2.0, slo: Slo(latency: 50.0),
            spans: [Span(name: "a", time: 10.0, kind: OwnCode), Span(name: "b", time: 30.0, kind: Database)]))"#,
    );
    close(b.required_speedup.expect("an SLO"), 40.0 / 50.0);
    assert_eq!(b.language_speedup_needed(), Some(1.0));
    assert_eq!(b.meets_slo_now, Some(true));
}

#[test]
fn no_slo_means_no_verdicts() {
    let b = budget(
        r#"Scenario(format: 1, budget: Budget(language_speedup: 2.0,
            spans: [Span(name: "a", time: 10.0, kind: OwnCode)]))"#,
    );
    assert_eq!(b.required_speedup, None);
    assert_eq!(b.language_speedup_needed(), None);
    assert_eq!(b.meets_slo_now, None);
    assert_eq!(b.meets_slo_after_all, None);
}

mod properties {
    use perfcase::model::budget::{
        Budget, Span, SpanKind, TimeUnit, critical_path, evaluate, language_speedup_for, stages,
    };
    use proptest::prelude::*;

    fn serial(spans: &[(f64, bool)], s: f64) -> Budget {
        Budget {
            unit: TimeUnit::Milliseconds,
            language_speedup: s.into(),
            slo: None,
            measured_throughput_per_s: None,
            spans: spans
                .iter()
                .enumerate()
                .map(|(i, &(time, own))| Span {
                    name: format!("span {i}"),
                    time: time.into(),
                    kind: if own {
                        SpanKind::OwnCode
                    } else {
                        SpanKind::Database
                    },
                    concurrent: false,
                    lever: None,
                })
                .collect(),
        }
    }

    proptest! {
        /// On a serial trace the exact critical-path ratio is Amdahl's formula.
        #[test]
        fn serial_traces_follow_amdahls_formula(
            spans in prop::collection::vec((0.1f64..1000.0, any::<bool>()), 1..12),
            s in 1.0f64..100.0,
        ) {
            let b = evaluate(&serial(&spans, s));
            let own: f64 = spans.iter().filter(|x| x.1).map(|x| x.0).sum();
            let total: f64 = spans.iter().map(|x| x.0).sum();
            let f = own / total;
            let amdahl = 1.0 / ((1.0 - f) + f / s);
            prop_assert!((b.amdahl_speedup - amdahl).abs() <= 1e-9 * amdahl);
            prop_assert!(b.amdahl_speedup <= b.ceiling().unwrap_or(f64::INFINITY) * (1.0 + 1e-12));
        }

        /// The goal-seek answer meets the target exactly: any slower language misses it.
        #[test]
        fn goal_seek_lands_on_the_target(
            spans in prop::collection::vec((0.1f64..1000.0, any::<bool>(), any::<bool>()), 1..12),
            shrink in 0.05f64..1.0,
        ) {
            let budget = Budget {
                spans: spans.iter().enumerate().map(|(i, &(time, own, concurrent))| Span {
                    name: format!("span {i}"),
                    time: time.into(),
                    kind: if own { SpanKind::OwnCode } else { SpanKind::Io },
                    concurrent,
                    lever: None,
                }).collect(),
                ..serial(&[], 1.0)
            };
            let st = stages(&budget.nums().spans, |_| false);
            let total = critical_path(&st, 1.0);
            let target = total * shrink;
            match language_speedup_for(&st, target, &mut Vec::new()) {
                Some(s) => {
                    prop_assert!(critical_path(&st, s) <= target * (1.0 + 1e-9));
                    if s > 1.0 {
                        prop_assert!(critical_path(&st, s * (1.0 - 1e-6)) > target);
                    }
                }
                None => prop_assert!(critical_path(&st, f64::INFINITY) >= target),
            }
        }
    }
}

mod charts {
    use perfcase::chart::budget::{amdahl_chart, time_chart};
    use perfcase::model::budget::{Budget, Lever, Span, SpanKind, TimeUnit, evaluate};
    use proptest::prelude::*;

    fn lever(choice: u8, x: f64) -> Option<Lever> {
        let label = String::new();
        match choice % 6 {
            0 => None,
            1 => Some(Lever::Speedup {
                label,
                factor: (1.0 + x).into(),
                effort_days: Some(x.into()),
            }),
            2 => Some(Lever::Replace {
                label,
                time: x.into(),
                effort_days: None,
            }),
            3 => Some(Lever::Cache {
                label,
                hit_ratio: (x / 100.0).min(1.0).into(),
                hit_time: x.into(),
                effort_days: None,
            }),
            4 => Some(Lever::Async {
                label,
                effort_days: Some(0.0.into()),
            }),
            _ => Some(Lever::Parallelize {
                label,
                effort_days: None,
            }),
        }
    }

    proptest! {
        /// Whatever the spans (zero times, all concurrent, every lever), the
        /// charts hold only finite numbers, so no renderer gets NaN or ∞.
        #[test]
        fn charts_are_always_finite(
            spans in prop::collection::vec(
                (0.0f64..100.0, 0usize..7, any::<bool>(), any::<u8>(), 0.0f64..100.0),
                1..10,
            ),
            s in 1.0f64..100.0,
            zero in any::<bool>(),
        ) {
            let budget = Budget {
                unit: TimeUnit::Milliseconds,
                language_speedup: s.into(),
                slo: None,
                measured_throughput_per_s: None,
                spans: spans.iter().map(|&(time, kind, concurrent, choice, x)| Span {
                    name: "s".into(),
                    time: if zero { 0.0 } else { time }.into(),
                    kind: SpanKind::ALL[kind],
                    concurrent,
                    lever: lever(choice, x),
                }).collect(),
            };
            let eval = evaluate(&budget);
            let amdahl = amdahl_chart(&budget, &eval, true);
            for line in &amdahl.lines {
                prop_assert!(line.points.iter().flatten().all(|v| v.is_finite()), "{}", line.name);
            }
            prop_assert!(amdahl.markers.iter().all(|m| m.at.iter().all(|v| v.is_finite())));
            let time = time_chart(&budget, &eval);
            for group in &time.segments {
                prop_assert!(group.segments.iter().all(|g| g.start.is_finite() && g.length.is_finite()));
            }
            // Rows: today, one per lever, the language, and with levers "all
            // levers" and "all levers + language".
            let all_rows = if eval.levers.is_empty() { 0 } else { 2 };
            prop_assert_eq!(time.rows.len(), 2 + eval.levers.len() + all_rows);
        }
    }

    /// Past a dozen levers, the charts draw the dozen that save the most
    /// (a curve and a row each) and say how many more "all levers" holds:
    /// 4,000 levers once took 20 s and 1.4 GB to chart.
    #[test]
    fn many_levers_draw_the_twelve_that_save_the_most() {
        // 40 spans of 1 ms in sequence; span i's lever replaces it by
        // (1 − (i + 1)/40) ms, so it saves (i + 1)/40 ms: spans 28–39 save most.
        let budget = super::levered(40, |i| Lever::Replace {
            label: String::new(),
            time: (1.0 - (i as f64 + 1.0) / 40.0).into(),
            effort_days: None,
        });
        let eval = evaluate(&budget);
        assert_eq!(eval.levers.len(), 40);
        let time = time_chart(&budget, &eval);
        // today, 12 levers, the language, all levers, all levers + language.
        assert_eq!(time.rows.len(), 16, "{:?}", time.rows);
        let lever_rows: Vec<&str> = time.rows[1..13].iter().map(String::as_str).collect();
        // In the evaluation's order: largest saving first.
        for (row, i) in lever_rows.iter().zip((28..40).rev()) {
            assert!(row.contains(&format!("s{i}")), "{row} is not s{i}'s lever");
        }
        assert!(time.title.contains("28 more"), "{}", time.title);
        let amdahl = amdahl_chart(&budget, &eval, true);
        // today, 12 levers, all levers.
        assert_eq!(amdahl.lines.len(), 14);
        assert!(amdahl.title.contains("28 more"), "{}", amdahl.title);
    }
}

#[test]
fn the_revisit_trigger_is_the_own_code_share_that_would_close_the_gap() {
    let b = budget(ORDERS);
    // f = (1 − 1/R) / (1 − 1/s), R = 855.5/300, s = 10 (expected_numbers.py).
    close(
        b.own_code_fraction_needed.expect("a gap"),
        0.721_475_420_481_849_4,
    );
    let met = budget(
        r#"Scenario(format: 1, budget: Budget(language_speedup: 2.0, slo: Slo(latency: 50.0),
            spans: [Span(name: "a", time: 10.0, kind: OwnCode)]))"#,
    );
    assert_eq!(met.own_code_fraction_needed, None, "no gap to close");
}

/// Charting a budget is linear in its levers (4,000 once took 20 s): the
/// charts of 4× the levers may take about 4× as long, not 16× (the best of
/// three runs each, timed in one run of the test; the evaluation, which
/// walks the spans once per lever, is outside the timing).
#[test]
fn charting_many_levers_takes_linear_time() {
    use perfcase::model::budget::Lever;
    let time = |n: usize| {
        let budget = levered(n, |_| Lever::Cache {
            label: String::new(),
            hit_ratio: 0.5.into(),
            hit_time: 0.1.into(),
            effort_days: None,
        });
        let eval = perfcase::model::budget::evaluate(&budget);
        shape::best_of_three(
            || {
                (
                    perfcase::chart::budget::amdahl_chart(&budget, &eval, true),
                    perfcase::chart::budget::time_chart(&budget, &eval),
                )
            },
            |(amdahl, time)| assert!(amdahl.lines.len() <= 14 && time.rows.len() <= 16),
        )
    };
    shape::assert_linear("4× the levers", time(300), time(1_200));
}
