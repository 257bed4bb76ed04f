//! Payback numbers against values computed independently
//! (tests/reference/expected_numbers.py: explicit month-by-month flows and
//! numpy-financial's npv convention, month 0 undiscounted).

use std::path::Path;

use perfcase::model::evaluate;
use perfcase::model::payback::PaybackEval;
use perfcase::scenario_file;

fn payback(ron: &str) -> PaybackEval {
    let scenario = scenario_file::from_str(ron, Path::new("test.ron")).expect("valid scenario");
    evaluate(&scenario).payback.expect("a payback section")
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "got {actual}, expected {expected}"
    );
}

/// The pricing engine (seed 000 Task 6) with extra fields spliced in.
fn pricing(extra: &str) -> String {
    format!(
        "Scenario(format: 1, payback: Payback(monthly_cost: 120000.0, reduction: 0.55, \
         engineers: 6.0, months: 4.0, loaded_rate: 15000.0, {extra}))"
    )
}

#[test]
fn pricing_engine_seed_numbers() {
    let p = payback(include_str!("../samples/pricing-payback.ron"));
    // 120,000 × 55 % = 66,000/month; × 12 = 792,000; 6 × 4 × 15,000 = 360,000.
    close(p.monthly_saving, 66_000.0);
    close(p.annual_saving, 792_000.0);
    close(p.one_time_cost, 360_000.0);
    // 360,000 / 66,000 = 5.45 months.
    close(p.payback().expect("pays back"), 360_000.0 / 66_000.0);
    assert!(p.meets_target);
    close(
        p.break_even().expect("within horizon"),
        360_000.0 / 66_000.0,
    );
    // Kill criterion: 360,000 / (120,000 × 12) = 25 %.
    close(p.kill_reduction_simple().expect("a bill"), 0.25);
    // Undiscounted over 36 months: −360,000 + 36 × 66,000.
    close(p.npv, 2_016_000.0);
    close(p.return_on_investment().expect("money spent"), 5.6);
    assert_eq!(p.timeline.len(), 37, "months 0..=36");
}

#[test]
fn npv_at_ten_percent_a_year_over_24_months() {
    // npv(0.10/12, [−360000] + [66000]·24) as numpy-financial computes it.
    let p = payback(&pricing("annual_discount_rate: 0.10, horizon_months: 24.0"));
    close(p.npv, 1_070_276.419_064_105_3);
    close(
        p.discounted_payback().expect("within horizon"),
        5.606_620_474_235_628,
    );
    // Discounting does not change the simple payback.
    close(p.payback().expect("pays back"), 5.454_545_454_545_454);
}

#[test]
fn a_build_phase_delays_break_even_by_its_length() {
    // 420,000 spread over months 1–4, savings from month 5: 4 + 420,000/66,000.
    let p = payback(&pricing("other_one_time: 60000.0, build_months: 4.0"));
    close(p.one_time_cost, 420_000.0);
    close(
        p.break_even().expect("within horizon"),
        10.363_636_363_636_363,
    );
    close(p.npv, 1_692_000.0);
    close(p.timeline[1].cost, 105_000.0);
    close(p.timeline[5].saving, 66_000.0);
    assert_eq!(p.timeline[4].saving, 0.0);
}

#[test]
fn growth_and_discount_together() {
    let p = payback(&pricing(
        "freeze_weeks: 6.0, freeze_cost_per_week: 10000.0, build_months: 4.0, \
         annual_discount_rate: 0.1, annual_bill_growth: 0.2",
    ));
    close(
        p.break_even().expect("within horizon"),
        9.724_600_563_902_367,
    );
    close(p.npv, 2_054_901.432_697_95);
    close(
        p.discounted_payback().expect("within horizon"),
        9.958_051_209_569_431,
    );
}

#[test]
fn a_fractional_build_splits_its_last_month() {
    // 300,000 over 2.5 months (120,000/month); month 3 pays 60,000 and saves half of 50,000.
    let p = payback(
        "Scenario(format: 1, payback: Payback(monthly_cost: 100000.0, reduction: 0.5, \
         engineers: 1.0, months: 1.0, loaded_rate: 300000.0, build_months: 2.5, horizon_months: 12.0))",
    );
    close(p.timeline[3].net, -35_000.0);
    close(p.break_even().expect("within horizon"), 8.5);
}

#[test]
fn zero_reduction_never_pays_back() {
    let p = payback(&pricing("").replace("reduction: 0.55", "reduction: 0.0"));
    assert_eq!(p.payback(), None);
    assert_eq!(p.break_even(), None);
    assert_eq!(p.discounted_payback(), None);
    assert!(!p.meets_target);
    close(p.npv, -360_000.0);
    close(p.return_on_investment().expect("money spent"), -1.0);
    // The kill criterion does not depend on the measured reduction.
    close(p.kill_reduction_simple().expect("a bill"), 0.25);
}

#[test]
fn a_horizon_shorter_than_the_build_sees_only_costs() {
    // 360,000 over 6 months, horizon 3: three months of −60,000, nothing saved.
    let p = payback(&pricing(
        "build_months: 6.0, horizon_months: 3.0, annual_discount_rate: 0.12",
    ));
    assert_eq!(p.timeline.len(), 4);
    close(p.npv, -176_459.112_434_133_3);
    assert_eq!(p.break_even(), None);
    assert_eq!(p.horizon_saving, 0.0);
    // Payback months ignores the horizon: 360,000 / 66,000.
    close(p.payback().expect("pays back"), 360_000.0 / 66_000.0);
}

#[test]
fn a_payback_beyond_the_target_misses_it() {
    // 360,000 / (120,000 × 0.2) = 15 months > 12.
    let p = payback(&pricing("").replace("reduction: 0.55", "reduction: 0.2"));
    close(p.payback().expect("pays back"), 15.0);
    assert!(!p.meets_target);
}

#[test]
fn the_bill_below_which_the_rewrite_misses_its_target() {
    let p = payback(include_str!("../samples/pricing-payback.ron"));
    // 360,000 / (12 × 0.55) = 54,545.45 a month.
    close(p.break_even_bill().expect("a saving"), 360_000.0 / 6.6);
}
