//! Format 2's uncertainty: ranges, Monte Carlo summaries, probabilities,
//! win shares and the tornado, against numbers computed independently in
//! `tests/reference/uncertainty_numbers.py` (scipy/numpy, no perfcase code)
//! or by hand. Monte Carlo numbers are compared within sampling error.

use perfcase::model::outputs::{Metric, Probability};
use std::path::Path;

use perfcase::model::uncertain::monte_carlo::Plan;
use perfcase::model::uncertain::{Uncertainty, analyze};
use perfcase::model::{Scenario, evaluate};
use perfcase::scenario_file;
use proptest::prelude::*;

fn scenario(text: &str) -> Scenario {
    scenario_file::from_str(text, Path::new("case.ron")).unwrap_or_else(|e| panic!("{e}"))
}

fn sample(name: &str) -> Scenario {
    scenario_file::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn run(s: &Scenario, samples: u64, seed: u64) -> Uncertainty {
    analyze(s, samples, seed).expect("the scenario has ranges")
}

/// |actual − expected| ≤ tol · |expected|.
fn close(actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol * expected.abs(),
        "{actual} is not within {tol} (relative) of {expected}"
    );
}

#[test]
fn each_shape_has_its_analytic_percentiles() {
    let s = scenario(
        r#"Scenario(format: 2,
            budget: Budget(language_speedup: 2.0, spans: [
                Span(name: "a", time: Range(low: 40.0, high: 90.0), kind: Database),
                Span(name: "b", time: 1.0, kind: OwnCode,
                     lever: Cache(hit_ratio: Range(low: 0.6, high: 0.9, shape: Uniform), hit_time: 0.1,
                                  effort_days: Range(low: 2.0, high: 10.0, shape: Pert(mode: 4.0)))),
            ]),
            payback: Payback(monthly_cost: 1000.0, reduction: 0.5, engineers: 1.0, months: 1.0,
                             loaded_rate: 1000.0, annual_bill_growth: Range(low: -2.0, high: 6.0))
        )"#,
    );
    let u = run(&s, 10, 1);
    let rows: Vec<(&str, &str, f64, f64, f64)> = u
        .inputs
        .iter()
        .map(|r| (r.path.as_str(), r.shape, r.point, r.p10, r.p90))
        .collect();
    // scipy: lognorm / uniform / beta(1 + 4(M−L)/(H−L), …) / norm ppf(0.1), ppf(0.9).
    let expected = [
        (
            "budget.spans[0].time",
            "LogNormal",
            60.0,
            43.747_537_758_824_28,
            82.290_345_569_765_14,
        ),
        (
            "budget.spans[1].lever.hit_ratio",
            "Uniform",
            0.75,
            0.63,
            0.87,
        ),
        (
            "budget.spans[1].lever.effort_days",
            "Pert",
            4.0,
            2.897_879_668_366_868,
            6.671_122_996_956_232,
        ),
        (
            "payback.annual_bill_growth",
            "Normal",
            2.0,
            -1.116_512_118_880_253,
            5.116_512_118_880_253,
        ),
    ];
    assert_eq!(rows.len(), expected.len(), "{rows:?}");
    for (got, want) in rows.iter().zip(expected) {
        assert_eq!((got.0, got.1), (want.0, want.1));
        close(got.2, want.2, 1e-12);
        close(got.3, want.3, 1e-9);
        close(got.4, want.4, 1e-9);
    }
    assert_eq!(u.inputs[2].mode, Some(4.0), "PERT rows carry their mode");
    assert_eq!(u.inputs[0].mode, None);
}

/// One log-normal input: payback = 600,000 / (0.5 × M) with M from 60k to
/// 180k, so payback is log-normal with closed-form quantiles.
const ONE_LOGNORMAL: &str = r#"Scenario(format: 2,
    payback: Payback(monthly_cost: Range(low: 60000.0, high: 180000.0), reduction: 0.5,
                     engineers: 4.0, months: 10.0, loaded_rate: 15000.0, target_payback_months: 12.0))"#;

#[test]
fn a_log_normal_bill_gives_log_normal_payback() {
    let s = scenario(ONE_LOGNORMAL);
    let u = run(&s, 200_000, 7);
    let p = u.summary(Metric::PaybackMonths).expect("payback summary");
    // uncertainty_numbers.py: 600k / (0.5 · M.ppf(1 − p)).
    for (got, want) in [
        (p.p5, 6.666_666_666_666_674),
        (p.p10, 7.526_621_847_144_042),
        (p.p50, 11.547_005_383_792_524),
        (p.p90, 17.714_897_339_226_17),
        (p.p95, 20.000_000_000_000_01),
    ] {
        close(got.expect("finite"), want, 0.01);
    }
    close(
        p.mean.expect("no infinite sample"),
        12.209_189_521_049_623,
        0.005,
    );
    assert_eq!(p.infinite, 0);
    // P(payback ≤ 12) = P(M ≥ 100,000) = 0.54587; SE at 200k samples ≈ 0.0011.
    let within = u
        .probability(Probability::PaybackWithinTarget)
        .expect("probability");
    assert!((within - 0.545_867_346_544_455_3).abs() < 0.005, "{within}");
    // The deterministic payback uses the median bill, √(60k · 180k).
    let point = evaluate(&s).payback.expect("payback");
    close(
        point.payback().expect("finite"),
        11.547_005_383_792_524,
        1e-12,
    );
}

#[test]
fn a_two_candidate_win_probability_matches_the_hand_count() {
    // A scores Uniform(1, 5), B scores 4 on the only criterion: A wins when
    // its score is above 4, a quarter of the time.
    let s = scenario(
        r#"Scenario(format: 2, matrix: Matrix(
            criteria: [Criterion(name: "speed", weight: 10.0)],
            candidates: [Candidate(name: "A", scores: [Range(low: 1.0, high: 5.0, shape: Uniform)]),
                         Candidate(name: "B", scores: [4.0])]))"#,
    );
    let u = run(&s, 100_000, 3);
    let shares = u.sections["matrix"]["win_probability"]
        .as_array()
        .expect("list");
    let a = shares[0]["probability"].as_f64().expect("number");
    let b = shares[1]["probability"].as_f64().expect("number");
    assert_eq!(shares[0]["candidate"], "A");
    assert!((a - 0.25).abs() < 0.005, "{a}");
    assert!((a + b - 1.0).abs() < 1e-12, "shares add to 1");
}

#[test]
fn ties_share_the_sample_equally() {
    // Identical rows tie in every sample: each wins half of it.
    let s = scenario(
        r#"Scenario(format: 2, matrix: Matrix(
            criteria: [Criterion(name: "x", weight: Range(low: 1.0, high: 2.0))],
            candidates: [Candidate(name: "A", scores: [3.0]), Candidate(name: "B", scores: [3.0]),
                         Candidate(name: "C", scores: [1.0])]))"#,
    );
    let u = run(&s, 1000, 1);
    let p: Vec<f64> = u.sections["matrix"]["win_probability"]
        .as_array()
        .expect("list")
        .iter()
        .map(|r| r["probability"].as_f64().expect("number"))
        .collect();
    assert_eq!(p, vec![0.5, 0.5, 0.0]);
}

#[test]
fn the_issue_model_agrees_with_squiggle_and_numpy() {
    // Issue 13: p50 payback ≈ 173 months, p90 ≈ 487, mean Amdahl ≈ 1.522
    // (Squiggle 0.10); numpy with 2M samples: 173.24, 486.51, 1.52152.
    let s = sample("uncertain-rewrite.ron");
    let u = run(&s, 100_000, 1);
    let payback = u.summary(Metric::PaybackMonths).expect("payback");
    close(payback.p50.expect("finite"), 173.24, 0.02);
    close(payback.p90.expect("finite"), 486.5, 0.03);
    let amdahl = u.summary(Metric::AmdahlSpeedup).expect("amdahl");
    close(amdahl.mean.expect("finite"), 1.5215, 0.003);
    // A language draw below 1 is clamped to 1: nothing saved, payback +∞,
    // so the mean is unknown and the maximum too.
    let clamped = u.inputs[0].clamped;
    assert_eq!(u.inputs[0].path, "budget.language_speedup");
    assert!(clamped > 0 && clamped < 20, "{clamped}");
    assert_eq!(payback.infinite, clamped);
    assert_eq!((payback.mean, payback.max), (None, None));
}

#[test]
fn the_tornado_is_one_input_at_a_time_at_its_own_percentiles() {
    let u = run(&sample("uncertain-rewrite.ron"), 100, 1);
    let rows: Vec<(String, &str, f64, f64, f64)> = u
        .tornado
        .iter()
        .map(|r| {
            (
                r.output.path(),
                r.input.as_str(),
                r.at_p10.expect("finite"),
                r.at_p90.expect("finite"),
                r.swing.expect("finite"),
            )
        })
        .collect();
    // uncertainty_numbers.py, "its tornado": each input at its P10 / P90,
    // the others at their medians, sorted by swing within each output.
    let expected = [
        (
            "payback.payback_months",
            "payback.monthly_cost",
            356.625_123_932_782_86,
            74.203_976_217_701_03,
        ),
        (
            "payback.payback_months",
            "payback.other_one_time",
            94.793_519_736_780_31,
            279.164_675_902_156_15,
        ),
        (
            "payback.payback_months",
            "budget.spans[2].time",
            232.098_218_427_839_2,
            122.220_033_323_913_4,
        ),
        (
            "payback.payback_months",
            "budget.spans[0].time",
            144.870_848_107_180_17,
            187.092_378_642_457_42,
        ),
        (
            "payback.payback_months",
            "budget.language_speedup",
            189.867_032_150_505_03,
            150.144_071_353_941_03,
        ),
        (
            "payback.payback_months",
            "budget.spans[1].time",
            156.068_364_217_631_65,
            172.809_409_144_902_96,
        ),
        (
            "payback.payback_months",
            "budget.spans[3].time",
            156.969_705_358_455_43,
            173.353_655_308_159_2,
        ),
        (
            "budget.total_after_all",
            "budget.spans[0].time",
            82.248_385_722_012,
            120.791_193_532_952_86,
        ),
        (
            "budget.total_after_all",
            "budget.spans[1].time",
            92.470_272_658_215,
            107.752_685_896_338_18,
        ),
        (
            "budget.total_after_all",
            "budget.spans[3].time",
            93.293_080_782_942_68,
            108.249_512_397_09,
        ),
        (
            "budget.total_after_all",
            "budget.language_speedup",
            105.661_781_424_449_15,
            94.328_036_806_133_65,
        ),
        (
            "budget.total_after_all",
            "budget.spans[2].time",
            94.328_036_806_133_65,
            105.661_781_424_449_15,
        ),
        (
            "budget.amdahl_speedup",
            "budget.spans[2].time",
            1.308_878_942_054_214_8,
            1.812_069_095_841_050_6,
        ),
        (
            "budget.amdahl_speedup",
            "budget.spans[0].time",
            1.607_914_666_787_418_7,
            1.413_937_461_313_018_5,
        ),
        (
            "budget.amdahl_speedup",
            "budget.language_speedup",
            1.405_435_777_830_128_7,
            1.574_302_328_250_422_3,
        ),
        (
            "budget.amdahl_speedup",
            "budget.spans[1].time",
            1.540_714_313_504_925_7,
            1.464_025_556_152_741_8,
        ),
        (
            "budget.amdahl_speedup",
            "budget.spans[3].time",
            1.535_945_426_824_642,
            1.461_895_845_004_694_4,
        ),
    ];
    assert_eq!(rows.len(), expected.len(), "{rows:#?}");
    for (got, want) in rows.iter().zip(expected) {
        assert_eq!((got.0.as_str(), got.1), (want.0, want.1), "{rows:#?}");
        close(got.2, want.2, 1e-12);
        close(got.3, want.3, 1e-12);
        close(got.4, (want.3 - want.2).abs(), 1e-9);
    }
}

#[test]
fn an_infinite_tornado_value_is_null_and_sorts_first() {
    // A reduction that can reach 0 (its P10 here is below 0 and clamped):
    // payback at P10 is +∞.
    let s = scenario(
        r#"Scenario(format: 2, payback: Payback(monthly_cost: Range(low: 1000.0, high: 3000.0),
            reduction: Range(low: -0.2, high: 0.6), engineers: 1.0, months: 1.0, loaded_rate: 1000.0))"#,
    );
    let u = run(&s, 100, 1);
    let first = &u.tornado[0];
    assert_eq!(first.input, "payback.reduction");
    assert_eq!((first.at_p10, first.swing), (None, None));
    assert!(first.at_p90.is_some());
    assert_eq!(u.tornado[1].input, "payback.monthly_cost");
}

#[test]
fn the_same_seed_gives_identical_json_and_another_seed_does_not() {
    let s = sample("uncertain-rewrite.ron");
    let json = |seed| {
        let e = evaluate(&s);
        perfcase::report::json(&e, analyze(&s, 5000, seed).as_ref())
    };
    assert_eq!(json(42), json(42));
    assert_ne!(json(42), json(43));
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let s = sample("uncertain-rewrite.ron");
    let plan = Plan::new(&s, &[]).expect("ranges");
    let on = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
            .install(|| plan.run(10_000, 9))
    };
    let (one, four) = (on(1), on(4));
    assert_eq!(one.columns, four.columns);
    assert_eq!(one.clamped, four.clamped);
    assert_eq!(one.yes, four.yes);
}

#[test]
fn a_file_without_ranges_has_no_uncertainty() {
    assert!(analyze(&sample("orders-trace.ron"), 1000, 1).is_none());
}

#[test]
fn reduction_from_links_the_budget_to_the_payback() {
    // Language: reduction = 1 − total_after_language / total = 1 − 1 / amdahl.
    let s = sample("uncertain-rewrite.ron");
    let e = evaluate(&s);
    let (b, p) = (e.budget.expect("budget"), e.payback.expect("payback"));
    close(p.reduction, 1.0 - 1.0 / b.amdahl_speedup, 1e-12);
    // Points: total 60 + √300 + 60 + √125 = 148.5; after 60 + √300 + 10 + √125.
    let total = 60.0 + 300f64.sqrt() + 60.0 + 125f64.sqrt();
    close(p.reduction, 1.0 - (total - 50.0) / total, 1e-12);
    close(
        p.monthly_saving,
        (2000.0f64 * 15000.0).sqrt() * 50.0 / total,
        1e-12,
    );
}

#[test]
fn all_fixes_reduction_uses_every_lever() {
    let s = scenario(
        r#"Scenario(format: 2,
            budget: Budget(language_speedup: 2.0, spans: [
                Span(name: "own", time: 40.0, kind: OwnCode),
                Span(name: "db", time: 60.0, kind: Database, lever: Speedup(factor: 3.0)),
            ]),
            payback: Payback(monthly_cost: 1000.0, reduction_from: AllFixes, engineers: 1.0,
                             months: 1.0, loaded_rate: 600.0))"#,
    );
    // After all: 40/2 + 60/3 = 40 of 100: reduction 0.6, saving 600, payback 1 month.
    let p = evaluate(&s).payback.expect("payback");
    close(p.reduction, 0.6, 1e-12);
    close(p.payback().expect("finite"), 1.0, 1e-12);
}

#[test]
fn a_reduction_from_without_a_budget_is_refused() {
    let err = scenario_file::from_str(
        r#"Scenario(format: 2, payback: Payback(monthly_cost: 1000.0, reduction_from: Language,
            engineers: 1.0, months: 1.0, loaded_rate: 600.0))"#,
        Path::new("case.ron"),
    )
    .expect_err("no budget");
    assert!(err.to_string().contains("payback.reduction_from"), "{err}");
}

/// Sets the quantity at `path` (as `uncertainty.inputs` names it) to `value`,
/// through the scenario's serde form: a check of the path → slot mapping that
/// does not use it.
fn with_value(s: &Scenario, path: &str, value: f64) -> Scenario {
    let mut json = serde_json::to_value(s).expect("json");
    let mut node = &mut json;
    for part in path.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (
                name,
                Some(rest.trim_end_matches(']').parse::<usize>().expect("index")),
            ),
            None => (part, None),
        };
        node = &mut node[name];
        // Enum variants (`{"Cache": {…}}`) wrap their fields.
        if node.is_object() && node.as_object().expect("object").len() == 1 {
            let key = node
                .as_object()
                .expect("object")
                .keys()
                .next()
                .expect("key")
                .clone();
            if key.starts_with(char::is_uppercase) {
                node = &mut node[key.as_str()];
            }
        }
        if let Some(i) = index {
            node = &mut node[i];
        }
    }
    *node = serde_json::json!(value);
    serde_json::from_value(json).expect("scenario")
}

#[test]
fn every_input_slot_moves_the_field_its_path_names() {
    // Every quantity of a scenario with all sections, each made a range, then
    // set through the compiled form's slot and, independently, in the
    // scenario itself: both evaluations agree.
    use perfcase::model::sites::sites;
    use perfcase::model::uncertain::compiled::Compiled;
    let mut s = sample("funding-memo.ron");
    for extra in [
        "chat-analytics-load.ron",
        "inference-cost.ron",
        "fraud-tradeoff.ron",
    ] {
        let other = sample(extra);
        s.load = s.load.or(other.load);
        s.cost = s.cost.or(other.cost);
        s.tradeoff = s.tradeoff.or(other.tradeoff);
    }
    let all = sites(&s);
    assert!(all.len() > 60, "{}", all.len());
    for site in all {
        let point = site.quantity.point();
        let value = if point > 0.0 { point * 0.9 } else { 0.05 };
        let value = site.domain.clamp(value).0;
        let mut compiled = Compiled::new(&s);
        compiled.nums.set(site.field, value);
        let via_slot = compiled.scalars().clone();
        let via_file = Compiled::new(&with_value(&s, &site.path, value))
            .scalars()
            .clone();
        assert_eq!(via_slot, via_file, "{}", site.path);
    }
}

#[test]
fn a_sample_at_the_point_values_is_the_deterministic_evaluation() {
    use perfcase::model::uncertain::compiled::Compiled;
    for name in [
        "funding-memo.ron",
        "orders-trace.ron",
        "pdf-invoice.ron",
        "thumbnail-profile.ron",
        "uncertain-rewrite.ron",
        "chat-analytics-load.ron",
        "inference-cost.ron",
    ] {
        let s = sample(name);
        let e = evaluate(&s);
        let sc = Compiled::new(&s).scalars().clone();
        if let (Some(b), Some(x)) = (&e.budget, &sc.budget) {
            assert_eq!(
                (
                    b.total,
                    b.total_after_all,
                    b.amdahl_speedup,
                    b.required_speedup
                ),
                (
                    x.total,
                    x.total_after_all,
                    x.amdahl_speedup,
                    x.required_speedup
                ),
                "{name}"
            );
        }
        if let (Some(p), Some(x)) = (&e.payback, &sc.payback) {
            assert_eq!(p.npv, x.npv, "{name}");
            assert_eq!(
                p.payback(),
                Some(x.payback_months).filter(|m| m.is_finite())
            );
        }
        if let (Some(c), Some(x)) = (&e.cost, &sc.cost) {
            assert_eq!(c.total_per_month, x.total_per_month, "{name}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Ranges shrunk towards their point values converge to the
    /// deterministic outputs.
    #[test]
    fn narrow_ranges_converge_to_the_point_values(
        own in 1.0f64..200.0, db in 1.0f64..200.0, s in 1.5f64..20.0,
        bill in 1000.0f64..1e6, one_time in 1e4f64..1e6,
    ) {
        let narrow = |x: f64| format!("Range(low: {}, high: {})", x * (1.0 - 1e-7), x * (1.0 + 1e-7));
        let text = format!(
            r#"Scenario(format: 2,
                budget: Budget(language_speedup: {}, spans: [
                    Span(name: "own", time: {}, kind: OwnCode),
                    Span(name: "db", time: {}, kind: Database)]),
                payback: Payback(monthly_cost: {}, reduction_from: Language, engineers: 0.0,
                                 months: 0.0, loaded_rate: 0.0, other_one_time: {}))"#,
            narrow(s), narrow(own), narrow(db), narrow(bill), narrow(one_time)
        );
        let sc = scenario(&text);
        let e = evaluate(&sc);
        let u = run(&sc, 500, 1);
        let near = |path: Metric, point: f64| {
            let m = u.summary(path).and_then(|s| s.p50).expect("finite");
            (m - point).abs() <= 1e-5 * point.abs()
        };
        let b = e.budget.expect("budget");
        prop_assert!(near(Metric::Total, b.total));
        prop_assert!(near(Metric::AmdahlSpeedup, b.amdahl_speedup));
        let p = e.payback.expect("payback");
        prop_assert!(near(Metric::PaybackMonths, p.payback().expect("finite")));
        prop_assert!(near(Metric::Npv, p.npv));
    }
}

mod files {
    use std::path::Path;

    use perfcase::scenario_file::{self, FileError};

    fn error(text: &str) -> String {
        scenario_file::from_str(text, Path::new("case.ron"))
            .expect_err("must not load")
            .to_string()
    }

    const PAYBACK: &str = "Scenario(format: 2, payback: Payback(monthly_cost: 1000.0, \
        reduction: 0.5, engineers: 1.0, months: 1.0, loaded_rate: 100.0))";

    #[test]
    fn bad_ranges_name_the_file_line_column_and_field() {
        for (from, to, says) in [
            (
                "reduction: 0.5",
                "reduction: Range(low: 0.6, high: 0.2)",
                "low must be below its high",
            ),
            (
                "reduction: 0.5",
                "reduction: Range(low: NaN, high: 0.2)",
                "must be finite",
            ),
            (
                "reduction: 0.5",
                "reduction: Range(low: 0.1, high: 0.5, shape: Pert(mode: 0.9))",
                "Pert mode must lie within",
            ),
            (
                "reduction: 0.5",
                "reduction: Range(low: -0.2, high: 0.5, shape: LogNormal)",
                "LogNormal range needs low > 0",
            ),
            // The point value (median 1.37) must lie in the field's domain.
            (
                "reduction: 0.5",
                "reduction: Range(low: 1.2, high: 1.5)",
                "must be between 0 and 1",
            ),
        ] {
            let message = error(&PAYBACK.replace(from, to));
            assert!(message.starts_with("case.ron:1:"), "{message}");
            assert!(message.contains("payback.reduction"), "{message}");
            assert!(message.contains(says), "{message}");
        }
    }

    #[test]
    fn a_range_on_a_field_that_takes_none_says_so() {
        let message = error(&PAYBACK.replace(
            "loaded_rate: 100.0",
            "loaded_rate: 100.0, horizon_months: Range(low: 12.0, high: 24.0)",
        ));
        assert!(message.starts_with("case.ron:1:"), "{message}");
        assert!(
            message.contains("`horizon_months` takes a single number"),
            "{message}"
        );
    }

    #[test]
    fn monte_carlo_samples_out_of_bounds_are_refused_by_path() {
        let message = error(&PAYBACK.replace(
            "loaded_rate: 100.0))",
            "loaded_rate: 100.0), monte_carlo: MonteCarlo(samples: 0))",
        ));
        assert!(message.contains("monte_carlo.samples"), "{message}");
    }

    #[test]
    fn format_1_loads_and_saves_as_format_2() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let old = scenario_file::load(&dir.join("tests/data/formats/format1-orders-trace.ron"))
            .expect("a format-1 file loads");
        let new = scenario_file::load(&dir.join("samples/orders-trace.ron")).expect("sample");
        assert_eq!(old, new, "the same scenario in both formats");
        let text = scenario_file::to_string(&old);
        assert!(text.contains("format: 2,"), "{text}");
        assert_eq!(
            text,
            std::fs::read_to_string(dir.join("samples/orders-trace.ron")).expect("sample")
        );
    }

    #[test]
    fn a_format_1_file_with_ranges_is_read_as_format_2() {
        let text = PAYBACK.replace("format: 2", "format: 1").replace(
            "reduction: 0.5",
            "reduction: Range(low: 0.4, high: 0.6, shape: Normal)",
        );
        let s = scenario_file::from_str(&text, Path::new("case.ron")).expect("loads");
        assert!(
            s.payback
                .expect("payback")
                .reduction
                .expect("reduction")
                .is_range()
        );
    }

    #[test]
    fn format_4_is_from_a_newer_perfcase() {
        let err = scenario_file::from_str(
            &PAYBACK.replace("format: 2", "format: 4"),
            Path::new("case.ron"),
        )
        .expect_err("newer");
        assert!(matches!(err, FileError::FutureFormat { found: 4, .. }));
        assert!(
            err.to_string().contains("made by a newer perfcase"),
            "{err}"
        );
    }

    #[test]
    fn canonical_ranges_omit_the_default_shape() {
        let text = PAYBACK.replace(
            "reduction: 0.5",
            "reduction: Range(low: 0.4, high: 0.6, shape: LogNormal), months: Range(low: -1.0, high: 3.0, shape: Normal)",
        )
        .replace(" months: 1.0,", "");
        let s = scenario_file::from_str(&text, Path::new("case.ron")).expect("loads");
        let saved = scenario_file::to_string(&s);
        // LogNormal is the default for low > 0, Normal for low ≤ 0: neither is written.
        assert!(!saved.contains("shape"), "{saved}");
        assert!(
            !saved.contains("monte_carlo"),
            "defaults are not written: {saved}"
        );
        let again = scenario_file::from_str(&saved, Path::new("case.ron")).expect("reloads");
        assert_eq!(again, s);
    }
}

#[test]
fn months_and_build_months_are_drawn_together_in_format_3() {
    use perfcase::model::uncertain::monte_carlo::Plan;
    // The funding memo's build: 3.5–8 months, most likely 4, for the
    // engineers' time and for the cutover alike.
    let mut s = sample("funding-memo.ron");
    let columns = |s: &perfcase::model::Scenario| {
        let plan = Plan::new(s, &[]).expect("ranges");
        let at = |path: &str| {
            plan.inputs
                .iter()
                .position(|i| i.path == path)
                .expect("a range")
        };
        let draws = plan.run(5000, 1).draws;
        (
            draws[at("payback.months")].clone(),
            draws[at("payback.build_months")].clone(),
        )
    };
    // Format 2 (the sample without its currency or evidence) draws them
    // independently, as it always did.
    s.currency = None;
    s.evidence.clear();
    let (months, build) = columns(&s);
    assert_ne!(months, build);
    // Format 3 (a currency is enough) draws one percentile for both: with
    // the same distribution, the same number in every sample.
    s.currency = Some("$".into());
    let (months, build) = columns(&s);
    assert_eq!(months, build);
    // And still the PERT(3.5, 4, 8): mean (3.5 + 4·4 + 8) / 6 = 4.583.
    let mean = months.iter().sum::<f64>() / months.len() as f64;
    assert!((mean - 27.5 / 6.0).abs() < 0.03, "{mean}");
}

#[test]
fn the_headline_probability_is_break_even_by_the_target() {
    // No build, a flat bill: the cumulative net is −360,000 + 120,000·r·k,
    // so break-even is month 3 / r. With r uniform on [0.2, 0.8],
    // P(3 / r ≤ 5) = P(r ≥ 0.6) = 0.2 / 0.6 = 1/3.
    let text = "Scenario(format: 3, currency: \"$\", payback: Payback(monthly_cost: 120000.0, \
        reduction: Range(low: 0.2, high: 0.8, shape: Uniform), engineers: 6.0, months: 4.0, \
        loaded_rate: 15000.0, target_payback_months: 5.0))";
    let u = run(&scenario(text), 100_000, 3);
    let p = u
        .probability(Probability::BreakEvenWithinTarget)
        .expect("asked");
    assert!((p - 1.0 / 3.0).abs() < 0.005, "{p}");
    // The simple payback is the same 3 / r here: the same share.
    let simple = u
        .probability(Probability::PaybackWithinTarget)
        .expect("asked");
    assert!((simple - p).abs() < 1e-12);
    // Its median: 3 / 0.5 = 6 months.
    let median = u
        .summary(Metric::BreakEvenMonth)
        .and_then(|s| s.p50)
        .expect("median");
    assert!((median - 6.0).abs() < 0.05, "{median}");
}

/// A matrix of 30 candidates, each score ranged (wider for later ones, so
/// the swings differ and have an order): the tornado and the value of
/// information draw the 20 largest rows, and their titles say so.
#[test]
fn charts_of_many_inputs_draw_the_largest_twenty() {
    let candidates: Vec<String> = (0..30)
        .map(|i| {
            let half = 0.5 + 0.05 * f64::from(i);
            format!(
                "Candidate(name: \"c{i}\", scores: [Range(low: {}, high: {}, shape: Uniform)])",
                3.0 - half,
                3.0 + half
            )
        })
        .collect();
    let s = scenario(&format!(
        "Scenario(format: 2, matrix: Some(Matrix(criteria: [Criterion(name: \"x\", weight: 1.0)], \
         candidates: [{}])), monte_carlo: MonteCarlo(samples: 4000, seed: 3))",
        candidates.join(", ")
    ));
    let eval = evaluate(&s);
    let views = perfcase::chart::views_for(&s, &eval).expect("ranges");
    let charts = perfcase::chart::all(&s, &eval, Some(&views));
    let u = &views.uncertainty;
    for (id, listed) in [
        (
            "tornado_margin",
            u.tornado_for(Metric::MatrixMargin).count(),
        ),
        ("voi", u.value_of_information[0].inputs.len()),
    ] {
        assert_eq!(listed, 30, "{id}: the JSON still lists every input");
        let chart = charts
            .iter()
            .find(|c| c.name() == id)
            .unwrap_or_else(|| panic!("{id} drawn"));
        assert_eq!(chart.rows.len(), 20, "{id}");
        assert!(
            chart.title.ends_with("(the 20 largest of 30 inputs)"),
            "{}",
            chart.title
        );
    }
    // The tornado keeps the widest swings: c29's score (±1.95) leads.
    let tornado = charts.iter().find(|c| c.name() == "tornado_margin");
    assert!(tornado.is_some_and(|c| c.rows.contains(&"c29 · x score".to_owned())));
}
