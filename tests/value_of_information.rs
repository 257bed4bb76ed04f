//! The value of information against closed forms (DESIGN, "value of
//! information"). For NPV ~ Normal(μ, σ), EVPI = μ·Φ(μ/σ) + σ·φ(μ/σ) −
//! max(μ, 0). For NPV = a·X + b·Y with X, Y independent normals, knowing X
//! leaves E[NPV | X] = a·X + b·μ_Y ~ Normal(μ, |a|·σ_X): its EVPPI is the
//! same formula with σ = |a|·σ_X. The Monte Carlo estimates converge to
//! these; the tolerances below are a few standard errors at 200,000 samples.

use std::path::Path;

use perfcase::model::uncertain::analyze;
use perfcase::scenario_file;
use statrs::distribution::{Continuous, ContinuousCDF, Normal};

/// μ·Φ(μ/σ) + σ·φ(μ/σ) − max(μ, 0).
fn evpi_normal(mu: f64, sigma: f64) -> f64 {
    let z = Normal::standard();
    mu * z.cdf(mu / sigma) + sigma * z.pdf(mu / sigma) - mu.max(0.0)
}

/// The 90 % interval of Normal(μ, σ), as a file writes a range.
fn range(mu: f64, sigma: f64) -> String {
    let half = 1.644_853_626_951_472_2 * sigma;
    format!(
        "Range(low: {}, high: {}, shape: Normal)",
        mu - half,
        mu + half
    )
}

/// A payback whose NPV is 12 × 0.5 × monthly cost − other one-time cost:
/// no build, no growth, no discount, a 12-month horizon (month 0 carries
/// the one-time cost, months 1–12 the saving).
fn scenario(monthly_cost: &str, other: &str) -> perfcase::model::Scenario {
    let text = format!(
        "Scenario(format: 2, payback: Some(Payback(monthly_cost: {monthly_cost}, reduction: 0.5, \
         engineers: 0.0, months: 0.0, loaded_rate: 0.0, freeze_weeks: 0.0, freeze_cost_per_week: 0.0, \
         other_one_time: {other}, build_months: 0.0, annual_discount_rate: 0.0, \
         annual_bill_growth: 0.0, horizon_months: 12.0, target_payback_months: 12.0)))"
    );
    scenario_file::from_str(&text, Path::new("voi.ron")).expect("loads")
}

fn fund(s: &perfcase::model::Scenario) -> perfcase::model::uncertain::voi::DecisionValue {
    let u = analyze(s, 200_000, 7).expect("ranges");
    u.value_of_information
        .into_iter()
        .find(|d| d.decision == "fund")
        .expect("the fund decision")
}

fn close(actual: f64, expected: f64, relative: f64) {
    assert!(
        (actual - expected).abs() <= relative * expected.abs(),
        "{actual} vs {expected}"
    );
}

#[test]
fn evpi_of_a_normal_npv_matches_the_closed_form() {
    // Monthly cost N(100 k, 20 k): NPV = 6·M − 600 k ~ N(0, 120 k);
    // EVPI = 120 k · φ(0) = 47,873.
    let s = scenario(&range(100_000.0, 20_000.0), "600000.0");
    let d = fund(&s);
    let expected = evpi_normal(0.0, 120_000.0);
    close(d.evpi.expect("finite"), expected, 0.02);
    // One uncertain input: knowing it is knowing everything, up to the
    // binning (100 bins).
    assert_eq!(d.inputs.len(), 1);
    assert_eq!(d.inputs[0].input, "payback.monthly_cost");
    close(d.inputs[0].evppi.expect("finite"), expected, 0.03);
}

#[test]
fn evppi_of_each_input_of_a_sum_matches_the_closed_form() {
    // NPV = 6·M − Y, M ~ N(105 k, 20 k), Y ~ N(600 k, 60 k): μ = 30 k,
    // σ = √(120 k² + 60 k²); EVPPI(M) with σ = 120 k, EVPPI(Y) with 60 k.
    let s = scenario(&range(105_000.0, 20_000.0), &range(600_000.0, 60_000.0));
    let d = fund(&s);
    let sigma = (120_000.0_f64.powi(2) + 60_000.0_f64.powi(2)).sqrt();
    close(d.evpi.expect("finite"), evpi_normal(30_000.0, sigma), 0.03);
    let by = |path: &str| {
        d.inputs
            .iter()
            .find(|i| i.input == path)
            .and_then(|i| i.evppi)
            .expect(path)
    };
    close(
        by("payback.monthly_cost"),
        evpi_normal(30_000.0, 120_000.0),
        0.04,
    );
    close(
        by("payback.other_one_time"),
        evpi_normal(30_000.0, 60_000.0),
        0.06,
    );
    // Largest first.
    assert_eq!(d.inputs[0].input, "payback.monthly_cost");
}

#[test]
fn a_decision_no_draw_can_change_is_worth_nothing() {
    // NPV = 6·M − 100 k with M ≥ 50 k in practice: funding always wins.
    let s = scenario(&range(100_000.0, 10_000.0), "100000.0");
    let d = fund(&s);
    assert_eq!(d.evpi, Some(0.0));
    assert_eq!(d.inputs[0].evppi, Some(0.0));
}
