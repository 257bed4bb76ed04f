//! The load model against independently computed values: M/M/1 and M/M/c
//! queueing (tests/reference/expected_numbers.py sums Erlang C directly and
//! bisects the exact response tail), and USL fits of real load tests checked
//! against scipy's curve_fit with α, β ≥ 0.

use std::path::Path;

use perfcase::model::evaluate;
use perfcase::model::load::{Queue, fit_usl, points_from_csv};
use perfcase::scenario_file;

fn close(actual: f64, expected: f64, rel: f64) {
    assert!(
        (actual - expected).abs() <= rel * expected.abs().max(1e-12),
        "got {actual}, expected {expected}"
    );
}

fn queue(ron: &str) -> perfcase::model::load::QueueEval {
    let s = scenario_file::from_str(ron, Path::new("q.ron")).expect("valid");
    evaluate(&s).load.expect("load").queue.expect("queue")
}

#[test]
fn mm1_mean_response_and_p99() {
    // λ = 8/s, S = 100 ms: response ~ Exp(μ − λ = 2/s): mean 0.5 s, p99 ln(100)/2 s.
    let q = queue(
        "Scenario(format: 1, load: Load(queue: Queue(service_ms: 100.0, servers: 1, \
         arrival_per_s: 8.0, slo_ms: 3000.0, percentile: 99.0)))",
    );
    close(q.utilization, 0.8, 1e-12);
    close(q.p_wait.expect("stable"), 0.8, 1e-12);
    close(q.mean_response_ms.expect("stable"), 500.0, 1e-12);
    close(
        q.percentile_response_ms.expect("stable"),
        1000.0 * 100f64.ln() / 2.0,
        1e-9,
    );
    assert!(q.meets_slo);
}

#[test]
fn mmc_against_a_separate_implementation() {
    // c = 4, λ = 30/s, S = 100 ms: ρ = 0.75, Erlang C = 0.50943, p99 = 600.63 ms.
    let q = queue(
        "Scenario(format: 1, load: Load(queue: Queue(service_ms: 100.0, servers: 4, \
         arrival_per_s: 30.0, growth_per_quarter: 0.1, slo_ms: 800.0, percentile: 99.0)))",
    );
    close(q.utilization, 0.75, 1e-12);
    close(q.p_wait.expect("stable"), 0.509_433_962_264_150_9, 1e-12);
    close(
        q.mean_wait_ms.expect("stable"),
        50.943_396_226_415_09,
        1e-12,
    );
    close(
        q.mean_response_ms.expect("stable"),
        150.943_396_226_415_1,
        1e-12,
    );
    close(
        q.percentile_response_ms.expect("stable"),
        600.630_817_656_179_4,
        1e-9,
    );
    // p99 reaches 800 ms at λ = 33.4697/s; at 10 %/quarter that is 3.44 months away.
    close(
        q.max_arrival_per_s.expect("reachable"),
        33.469_747_985_787_755,
        1e-9,
    );
    close(
        q.months_to_breach.expect("growing"),
        3.444_897_623_807_918_8,
        1e-8,
    );
    close(
        q.headroom.expect("some"),
        33.469_747_985_787_755 / 30.0 - 1.0,
        1e-9,
    );
}

#[test]
fn a_saturated_queue_says_so_instead_of_a_negative_latency() {
    let q = queue(
        "Scenario(format: 1, load: Load(queue: Queue(service_ms: 100.0, servers: 2, \
         arrival_per_s: 25.0, slo_ms: 500.0)))",
    );
    assert!(q.saturated);
    close(q.utilization, 1.25, 1e-12);
    assert_eq!(
        (q.p_wait, q.mean_response_ms, q.percentile_response_ms),
        (None, None, None)
    );
    assert!(!q.meets_slo);
    assert_eq!(
        q.months_to_breach,
        Some(0.0),
        "already past the breach point"
    );
}

#[test]
fn a_slo_tighter_than_the_service_time_is_unreachable() {
    // Even idle, p99 of an exponential 100 ms service is 460.5 ms > 300 ms.
    let q = queue(
        "Scenario(format: 1, load: Load(queue: Queue(service_ms: 100.0, servers: 8, \
         arrival_per_s: 1.0, slo_ms: 300.0, percentile: 0.99)))",
    );
    assert_eq!(q.max_arrival_per_s, None);
    assert!(!q.meets_slo);
    let percentile = Queue {
        service_ms: 100.0.into(),
        servers: 1,
        arrival_per_s: 1.0.into(),
        growth_per_quarter: 0.0.into(),
        slo_ms: 1.0.into(),
        percentile: 0.99,
        service_cv: 1.0.into(),
        retries: None,
        memory_per_request_mb: None,
        memory_limit_mb: None,
        slo_target: None,
    }
    .nums()
    .percentile_fraction();
    assert_eq!(percentile, 0.99, "a fraction below 1 is read as a fraction");
}

fn fit(name: &str) -> perfcase::model::load::UslEval {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/usl/{name}.csv"));
    let text = std::fs::read_to_string(path).expect("data");
    fit_usl(&points_from_csv(&text).expect("csv")).expect("fit")
}

#[test]
fn usl_fit_of_specsdm91_matches_scipy() {
    // scipy: α 0.0277284, β 1.04366e-4, γ 89.9952, SSE 27453.72, N* 96.52.
    let f = fit("specsdm91");
    close(f.alpha, 0.027_728_413_999_879_66, 1e-4);
    close(f.beta, 0.000_104_365_772_157_397_79, 1e-4);
    close(f.gamma, 89.995_183_351_402_19, 1e-5);
    assert!(
        f.sse <= 27_453.719_585_398_59 * (1.0 + 1e-9),
        "sse {}",
        f.sse
    );
    close(
        f.peak_concurrency.expect("β > 0"),
        96.519_430_706_061_94,
        1e-4,
    );
}

#[test]
fn usl_fit_of_cisco_matches_scipy() {
    // scipy: α 0.0267159, β 7.69094e-4, γ 995.649, N* 35.57.
    let f = fit("cisco");
    close(f.alpha, 0.026_715_945_548_057_05, 1e-4);
    close(f.beta, 0.000_769_093_909_860_445_4, 1e-4);
    close(f.gamma, 995.648_788_667_586_5, 1e-5);
    close(
        f.peak_concurrency.expect("β > 0"),
        35.573_788_440_206_165,
        1e-4,
    );
    let x_max = f.max_throughput.expect("peak");
    let at_peak = perfcase::model::load::usl_throughput(
        f.peak_concurrency.expect("peak"),
        f.alpha,
        f.beta,
        f.gamma,
    );
    close(x_max, at_peak, 1e-12);
}

#[test]
fn usl_fit_of_raytracer_has_no_coherency_and_no_peak() {
    // scipy: β at its bound 0, α 0.0577708, γ 21.8488: Amdahl-shaped, asymptote γ/α.
    let f = fit("raytracer");
    assert!(f.beta < 1e-12, "β = {}", f.beta);
    close(f.alpha, 0.057_770_781_081_834_754, 1e-4);
    close(f.gamma, 21.848_842_945_164_64, 1e-5);
    assert_eq!(f.peak_concurrency, None);
    close(
        f.asymptote.expect("α > 0"),
        21.848_842_945_164_64 / 0.057_770_781_081_834_754,
        1e-4,
    );
}

#[test]
fn csv_errors_name_the_line() {
    let err = points_from_csv("n,x\n1,10\n2,abc\n").expect_err("bad number");
    assert!(err.starts_with("line 3:"), "{err}");
    assert!(
        points_from_csv("n,x\n1,10\n").is_err(),
        "one point is not a load test"
    );
}

#[test]
fn erlang_c_for_huge_fleets_matches_40_digit_arithmetic() {
    // Above 100,000 servers Erlang B is summed as a series instead of the
    // recurrence. Reference: mpmath at 40 digits, B = pmf / cdf of
    // Poisson(a) at c (regularized upper incomplete gamma, log-gamma),
    // C = B / (1 − ρ(1 − B)). (scipy's float64 Poisson pmf is off by ~3e-8
    // here: exp of a difference of logs near 1.6e8.)
    use perfcase::model::load::erlang_c;
    for (c, a, expected) in [
        (100_000, 99_000.0, 0.000_821_908_237_410_795), // the recurrence
        (100_001, 99_001.0, 0.000_821_953_993_984_991), // the series
        (200_000, 198_000.0, 3.786_850_254_954_051e-6),
        (200_000, 199_800.0, 0.545_518_376_391_873),
        (10_000_000, 9_990_000.0, 0.000_847_148_991_602_524),
        (10_000_000, 9_999_000.0, 0.657_883_551_197_885),
    ] {
        close(erlang_c(c, a), expected, 1e-10);
    }
    // Half-loaded, nobody waits: C is below 1e-800,000 and underflows to 0.
    assert_eq!(erlang_c(10_000_000, 5_000_000.0), 0.0);
}
