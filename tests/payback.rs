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

/// The funding memo's economics (seed 000 Task 6 with a 4-month build, 20 %
/// a year growth, 10 % discount, 6 frozen weeks at 10,000) with format-3
/// fields spliced in.
fn funding(extra: &str) -> String {
    format!(
        "Scenario(format: 3, payback: Payback(monthly_cost: 120000.0, reduction: 0.55, \
         engineers: 6.0, months: 4.0, loaded_rate: 15000.0, freeze_weeks: 6.0, \
         freeze_cost_per_week: 10000.0, build_months: 4.0, annual_discount_rate: 0.1, \
         annual_bill_growth: 0.2, target_payback_months: 12.0, {extra}))"
    )
}

/// A funding case with a trace of 40 ms own code and a 60 ms query, a 2×
/// language (20 ms saved), and format-3 fields spliced into its payback.
fn priced_latency(extra: &str) -> String {
    format!(
        "Scenario(format: 3, budget: Budget(language_speedup: 2.0, spans: [\
         Span(name: \"own\", time: 40.0, kind: OwnCode), \
         Span(name: \"db\", time: 60.0, kind: Database)]), \
         payback: Payback(monthly_cost: 120000.0, reduction: 0.55, engineers: 6.0, months: 4.0, \
         loaded_rate: 15000.0, freeze_weeks: 6.0, freeze_cost_per_week: 10000.0, \
         build_months: 4.0, annual_discount_rate: 0.1, annual_bill_growth: 0.2, \
         target_payback_months: 12.0, {extra}))"
    )
}

// The kill reductions below are a bisection, to 1e-12, of the month-by-month
// timeline's break-even month against the target, in Python
// (tests/reference/payback_format3.py): an independent walk, not the
// closed form the model uses.

#[test]
fn the_kill_criterion_is_read_off_the_timeline() {
    let p = payback(&funding("kill_below: 0.3"));
    // Break-even on the timeline at month 9.7246; on the timeline the
    // rewrite stops breaking even by month 12 below a 38.62 % reduction
    // (the simple basis, ignoring the build, says 29.17 %).
    close(p.break_even_month, 9.724_600_563_902_367);
    assert!((p.kill_reduction - 0.386_213_316_596_695_2).abs() < 1e-9);
    close(
        p.kill_reduction_simple().expect("simple"),
        420_000.0 / (120_000.0 * 12.0),
    );
    // The team's 30 % threshold is below 38.6 %: not safe.
    assert_eq!(p.kill_below_safe, Some(false));
    let safe = payback(&funding("kill_below: 0.4"));
    assert_eq!(safe.kill_below_safe, Some(true));
    assert_eq!(payback(&funding("")).kill_below_safe, None);
}

#[test]
fn a_recurring_cost_comes_off_every_month_once_the_saving_starts() {
    let p = payback(&funding("recurring_monthly_cost: 30000.0"));
    close(p.bill_saving_per_month, 66_000.0);
    close(p.recurring_monthly_cost, 30_000.0);
    close(p.monthly_saving, 36_000.0);
    close(p.annual_saving, 12.0 * 36_000.0);
    // 420,000 / 36,000 = 11.67 months on the simple basis.
    close(p.payback().expect("pays back"), 420_000.0 / 36_000.0);
    close(p.break_even_month, 13.220_086_448_597_947);
    assert!((p.kill_reduction - 0.606_906_640_366_105_4).abs() < 1e-9);
    // Simple basis on the net: (420,000 / 12 + 30,000) / 120,000.
    close(p.break_even_reduction, (35_000.0 + 30_000.0) / 120_000.0);
}

#[test]
fn a_shrinking_bill_under_a_recurring_cost_is_bisected() {
    // The bill falls 50 % a year: the net saving shrinks and the
    // cumulative may turn back down, so no closed form applies.
    let p = payback(
        &funding("recurring_monthly_cost: 30000.0")
            .replace("annual_bill_growth: 0.2", "annual_bill_growth: -0.5"),
    );
    assert!(p.break_even().is_none(), "{}", p.break_even_month);
    assert!((p.kill_reduction - 0.941_532_509_593_344).abs() < 2e-9);
}

#[test]
fn a_price_on_latency_counts_the_milliseconds_the_language_saves() {
    let p = payback(&priced_latency(
        "recurring_monthly_cost: 15000.0, latency_value: LatencyValue(per_ms_per_month: 1000.0, from: Language)",
    ));
    // 40 ms own code at 2× saves 20 ms: 20 × 1,000 = 20,000 a month.
    close(p.latency_saving_per_month, 20_000.0);
    close(p.monthly_saving, 66_000.0 + 20_000.0 - 15_000.0);
    close(p.break_even_month, 9.373_769_651_089_898);
    assert!((p.kill_reduction - 0.349_431_095_968_611_77).abs() < 1e-9);
    close(p.break_even_reduction, (35_000.0 - 5_000.0) / 120_000.0);
}

#[test]
fn a_kill_reduction_above_100_percent_is_null_and_none_needed_is_0() {
    // 6 engineers for 40 months: no reduction breaks even within 12 months.
    let p = payback(&funding("").replace("months: 4.0, loaded_rate", "months: 40.0, loaded_rate"));
    assert!(p.kill_reduction.is_infinite());
    // Nothing to pay back: any reduction, none included, breaks even at once.
    let free = payback(
        &funding("")
            .replace("engineers: 6.0", "engineers: 0.0")
            .replace("freeze_weeks: 6.0", "freeze_weeks: 0.0"),
    );
    assert_eq!(free.kill_reduction, 0.0);
}

#[test]
fn format_2_keeps_its_simple_kill_reduction_above_100_percent() {
    // Format 2 said 1,000,000 / (10,000 × 12) = 833 %; format 3's null-above-
    // 100 % applies only with its economics, so old files read the same.
    let p = payback(&pricing("other_one_time: 1000000.0").replace("120000.0", "10000.0"));
    close(
        p.break_even_reduction,
        (1_000_000.0 + 360_000.0) / (10_000.0 * 12.0),
    );
}

#[test]
fn a_price_on_latency_needs_a_budget_in_milliseconds() {
    let text =
        priced_latency("latency_value: LatencyValue(per_ms_per_month: 1000.0, from: AllFixes)")
            .replace("budget: Budget(", "budget: Budget(unit: Percent, ");
    let err = scenario_file::from_str(&text, Path::new("case.ron")).expect_err("a profile");
    let message = err.to_string();
    assert!(message.contains("payback.latency_value"), "{message}");
    assert!(message.contains("case.ron:1:"), "{message}");
}

#[test]
fn a_file_using_format_3_is_written_as_format_3_and_one_that_does_not_as_2() {
    let three =
        scenario_file::from_str(&funding("kill_below: 0.3"), Path::new("a.ron")).expect("valid");
    assert!(scenario_file::to_string(&three).contains("format: 3"));
    let two = scenario_file::from_str(&funding(""), Path::new("b.ron")).expect("valid");
    let text = scenario_file::to_string(&two);
    assert!(text.contains("format: 2"), "{text}");
    assert!(!text.contains("recurring_monthly_cost"), "{text}");
}

#[test]
fn the_saving_parts_chart_is_a_waterfall_that_adds_up() {
    use perfcase::chart::{self, ChartId};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rtb-rewrite.ron");
    let s = perfcase::scenario_file::load(&path).expect("valid");
    let e = perfcase::model::evaluate(&s);
    let charts = chart::all(&s, &e, None);
    let parts = charts
        .iter()
        .find(|c| c.id == ChartId::SavingParts)
        .expect("a price on latency and a recurring cost draw the parts");
    // The sample's parts (its memo): 80 k × 45 % = 36 k bill saving;
    // recurring 15 k; latency = net + recurring − bill.
    let bill = 80_000.0 * 0.45;
    let p = e.payback.as_ref().expect("payback");
    let latency = p.monthly_saving + 15_000.0 - bill;
    let seg = |group: usize, i: usize| {
        let s = &parts.segments[group].segments[i];
        (s.start, s.start + s.length)
    };
    let close = |a: (f64, f64), b: (f64, f64)| {
        assert!(
            (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6,
            "{a:?} vs {b:?}"
        );
    };
    close(seg(0, 0), (0.0, bill));
    close(seg(0, 1), (bill, bill + latency));
    close(seg(1, 0), (bill + latency - 15_000.0, bill + latency));
    close(seg(2, 0), (0.0, bill + latency - 15_000.0));
    // Without a price on latency or a recurring cost there are no parts.
    let plain = perfcase::scenario_file::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/funding-memo.ron"),
    )
    .expect("valid");
    let plain_charts = chart::all(&plain, &perfcase::model::evaluate(&plain), None);
    assert!(plain_charts.iter().all(|c| c.id != ChartId::SavingParts));
}
