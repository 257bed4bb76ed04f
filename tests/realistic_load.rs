//! Realistic load (DESIGN, "load additions"): M/G/c by Allen–Cunneen,
//! retries, memory in flight, the error budget, peak sizing and a cost cap —
//! against closed forms worked here by hand, against values computed
//! independently with scipy (tests/reference/realistic_load.py: Erlang C by
//! its recurrence, the response tail by numerical convolution, roots by
//! Brent's method), and against a simulation of the retry mixture.

use std::path::Path;

use perfcase::model::evaluate;
use perfcase::model::load::QueueEval;
use perfcase::scenario_file;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Gamma};

fn close(actual: f64, expected: f64, rel: f64) {
    assert!(
        (actual - expected).abs() <= rel * expected.abs().max(1e-300),
        "got {actual}, expected {expected}"
    );
}

fn scenario(ron: &str) -> perfcase::model::Scenario {
    scenario_file::from_str(ron, Path::new("q.ron")).expect("valid")
}

fn queue(fields: &str) -> QueueEval {
    let s = scenario(&format!(
        "Scenario(format: 3, load: Some(Load(queue: Some(Queue({fields})))))"
    ));
    evaluate(&s).load.expect("load").queue.expect("queue")
}

/// Erlang C summed directly: C = (aᶜ/c!)·(c/(c − a)) ÷ (Σ_{k<c} aᵏ/k! + (aᶜ/c!)·(c/(c − a))).
fn erlang_c(c: u32, a: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 0.0;
    for k in 0..c {
        if k > 0 {
            term *= a / f64::from(k);
        }
        sum += term;
    }
    let last = term * a / f64::from(c) * f64::from(c) / (f64::from(c) - a);
    last / (sum + last)
}

#[test]
fn m_d_1_mean_wait_is_pollaczek_khinchine_and_the_percentile_has_a_closed_form() {
    // S = 50 ms constant, λ = 12/s: ρ = 0.6. P-K: W = ρ·S / (2(1 − ρ)) = 37.5 ms.
    let q = queue(
        "service_ms: 50.0, servers: 1, arrival_per_s: 12.0, slo_ms: 150.0, \
         percentile: 99.0, service_cv: 0.0, slo_target: Some(0.99)",
    );
    close(q.p_wait.expect("stable"), 0.6, 1e-12);
    close(q.mean_wait_ms.expect("stable"), 37.5, 1e-12);
    close(q.mean_response_ms.expect("stable"), 87.5, 1e-12);
    // Allen–Cunneen: a waiting request waits Exp(θ), θ = 2(μ − λ)/(1 + 0) =
    // 16/s, so P(T > t) = C·e^(−θ(t − S)) past S and the p99 is
    // S + ln(C / 0.01) / θ.
    let p99 = 50.0 + 1000.0 * (0.6f64 / 0.01).ln() / 16.0;
    close(q.percentile_response_ms.expect("stable"), p99, 1e-9);
    assert!(!q.meets_slo, "{p99} ms > 150 ms");
    // Over the SLO: 0.6·e^(−16·0.1); burn = that ÷ 1 %.
    let over = 0.6 * (-1.6f64).exp();
    let budget = q.error_budget.expect("a target");
    close(budget.fraction_over_slo, over, 1e-12);
    close(budget.burn_rate, over / 0.01, 1e-9);
    close(budget.budget_minutes_per_30_days, 432.0, 1e-12);
    // The SLO breaks where C(λ)·e^(−2(20 − λ)·0.1) = 0.01 with C = λ/20:
    // solved here by bisection on the closed form.
    let (mut lo, mut hi) = (0.0, 20.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid / 20.0 * (-2.0 * (20.0 - mid) * 0.1f64).exp() > 0.01 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    close(q.max_arrival_per_s.expect("reachable"), lo, 1e-9);
}

#[test]
fn m_d_c_percentile_uses_erlang_c_and_the_shorter_wait() {
    // c = 4, S = 100 ms constant, λ = 30/s: a = 3, θ = 2(40 − 30) = 20/s.
    let q = queue(
        "service_ms: 100.0, servers: 4, arrival_per_s: 30.0, slo_ms: 500.0, \
         percentile: 99.0, service_cv: 0.0",
    );
    let c = erlang_c(4, 3.0);
    close(q.p_wait.expect("stable"), c, 1e-12);
    // M/M/c mean wait C/(cμ − λ) halved for constant service.
    close(
        q.mean_wait_ms.expect("stable"),
        1000.0 * c / 10.0 / 2.0,
        1e-12,
    );
    close(
        q.percentile_response_ms.expect("stable"),
        100.0 + 1000.0 * (c / 0.01).ln() / 20.0,
        1e-9,
    );
}

#[test]
fn the_percentile_at_an_atom_is_the_atom() {
    // Constant 100 ms service on 50 servers at 1/s: P(wait) ≈ 0, so the p99
    // is the service time itself (the smallest t with F(t) ≥ 0.99).
    let q = queue(
        "service_ms: 100.0, servers: 50, arrival_per_s: 1.0, slo_ms: 500.0, \
         percentile: 99.0, service_cv: 0.0",
    );
    close(q.percentile_response_ms.expect("stable"), 100.0, 1e-12);
}

#[test]
fn m_g_c_matches_a_numerical_convolution() {
    // tests/reference/realistic_load.py, the M/G/3 case: cv 0.5, p95.
    let q = queue(
        "service_ms: 50.0, servers: 3, arrival_per_s: 48.0, slo_ms: 150.0, percentile: 95.0, \
         service_cv: 0.5, memory_per_request_mb: 2.0, memory_limit_mb: 100.0, slo_target: Some(0.99)",
    );
    close(q.p_wait.expect("stable"), 0.6471910112359549, 1e-12);
    close(q.mean_wait_ms.expect("stable"), 33.70786516853932, 1e-12);
    close(
        q.percentile_response_ms.expect("stable"),
        190.55622839067982,
        1e-6,
    );
    close(
        q.max_arrival_per_s.expect("reachable"),
        43.461875475049176,
        1e-6,
    );
    let memory = q.memory.expect("memory");
    close(memory.memory_mb.expect("stable"), 8.035955056179773, 1e-12);
    close(
        memory.max_arrival_for_memory_per_s.expect("reachable"),
        59.23194037393112,
        1e-6,
    );
    close(
        q.error_budget.expect("a target").fraction_over_slo,
        0.10906412710265431,
        1e-6,
    );
    // A heavy tail (cv 2, Gamma shape 1/4): the reference's M/G/4.
    let heavy = queue(
        "service_ms: 50.0, servers: 4, arrival_per_s: 60.0, slo_ms: 400.0, percentile: 99.0, \
         service_cv: 2.0",
    );
    close(
        heavy.percentile_response_ms.expect("stable"),
        665.0289052678382,
        1e-6,
    );
    assert_eq!(
        heavy.max_arrival_per_s, None,
        "an idle server's p99 is past 400 ms"
    );
}

#[test]
fn retries_amplify_the_load_and_make_the_successful_time_a_mixture() {
    // The reference's retry case: 1 % failing, 3 attempts, 1 s timeouts, 100 ms backoff.
    let q = queue(
        "service_ms: 200.0, servers: 2400, arrival_per_s: 10000.0, slo_ms: 400.0, \
         percentile: 99.0, service_cv: 0.3, retries: Some(Retries(failure_rate: 0.01, \
         max_attempts: 3, timeout_ms: 1000.0, backoff_ms: 100.0)), \
         memory_per_request_mb: 2.0, memory_limit_mb: 8000.0, slo_target: Some(0.999)",
    );
    let r = q.retries.expect("retries");
    // (1 − 0.01³) / (1 − 0.01) = 1.0101; 1 − 10⁻⁶.
    close(r.amplification, 1.0101, 1e-12);
    close(r.success_rate, 0.999999, 1e-12);
    close(r.offered_per_s, 10101.0, 1e-12);
    close(q.utilization, 10101.0 / 12000.0, 1e-12);
    close(
        q.percentile_response_ms.expect("stable"),
        623.1012027065025,
        1e-6,
    );
    // Even idle servers miss: ~1 % of successes start after a 1.1 s delay.
    assert_eq!(q.max_arrival_per_s, None);
    assert!(!q.meets_slo);
    close(
        q.error_budget.expect("a target").fraction_over_slo,
        0.013379558742712573,
        1e-6,
    );
    let memory = q.memory.expect("memory");
    // Little: 10,101/s × 0.2 s × 2 MB (nobody waits).
    close(memory.memory_mb.expect("stable"), 4040.4, 1e-9);
    close(
        memory.max_arrival_for_memory_per_s.expect("reachable"),
        11876.050362974385,
        1e-6,
    );
}

#[test]
fn the_retry_mixture_agrees_with_a_simulation() {
    // Many idle servers (nobody waits): a request's time is its failed
    // attempts' timeouts and backoffs plus one Gamma service time. Simulate
    // requests and count successes over the SLO.
    let (p, m, timeout, backoff, service, cv, slo) = (0.2, 3, 80.0, 40.0, 100.0, 0.5, 250.0);
    let q = queue(&format!(
        "service_ms: {service:.1}, servers: 1000, arrival_per_s: 1.0, slo_ms: {slo:.1}, \
         percentile: 95.0, service_cv: {cv}, retries: Some(Retries(failure_rate: {p}, \
         max_attempts: {m}, timeout_ms: {timeout:.1}, backoff_ms: {backoff:.1})), \
         slo_target: Some(0.9)"
    ));
    let gamma = Gamma::new(1.0 / (cv * cv), service * cv * cv).expect("gamma");
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
    let (mut successes, mut over) = (0u32, 0u32);
    for _ in 0..400_000 {
        let mut elapsed = 0.0;
        for attempt in 1..=m {
            if rng.random::<f64>() < p {
                elapsed += timeout + backoff * 2f64.powi(attempt - 1);
                continue;
            }
            successes += 1;
            if elapsed + gamma.sample(&mut rng) > slo {
                over += 1;
            }
            break;
        }
    }
    let share = f64::from(over) / f64::from(successes);
    let sd = (share * (1.0 - share) / f64::from(successes)).sqrt();
    let model = q.error_budget.expect("a target").fraction_over_slo;
    assert!(
        (model - share).abs() < 4.0 * sd,
        "model {model}, simulated {share} ± {sd}"
    );
    close(q.retries.expect("retries").amplification, 1.24, 1e-12);
}

#[test]
fn cv_1_and_absent_fields_give_format_2_outputs_to_the_bit() {
    let old = "Scenario(format: 2, load: Some(Load(queue: Some(Queue(service_ms: 80.0, \
               servers: 6, arrival_per_s: 60.0, growth_per_quarter: 0.15, slo_ms: 400.0)))))";
    let new = "Scenario(format: 3, load: Some(Load(queue: Some(Queue(service_ms: 80.0, \
               servers: 6, arrival_per_s: 60.0, growth_per_quarter: 0.15, slo_ms: 400.0, \
               service_cv: 1.0)))))";
    let json = |ron: &str| serde_json::to_string(&evaluate(&scenario(ron))).expect("json");
    assert_eq!(json(old), json(new));
    assert!(!json(old).contains("memory_mb") && !json(old).contains("retries"));
}

#[test]
fn peak_sizing_and_the_cost_cap() {
    let cost = |extra: &str| {
        let s = scenario(&format!(
            "Scenario(format: 3, cost: Some(Cost(rate_per_s: 10000.0, latency_ms: 200.0, \
             target_utilization: 0.7, instance_types: [InstanceType(name: \"w\", \
             capacity_per_s: 2500.0, price_per_hour: 0.34)]{extra})))"
        ));
        evaluate(&s).cost.expect("cost")
    };
    // Average: ceil(10,000 / 1,750) = 6. Peak 1.5×: ceil(15,000 / 1,750) = 9.
    assert_eq!(cost("").instance_types[0].instances, 6);
    let peak = cost(", peak_to_average: 1.5, budget_cap_per_month: Some(2000.0)");
    assert_eq!(peak.instance_types[0].instances, 9);
    // Concurrency stays at the average: 10,000 × 0.2.
    close(peak.concurrency, 2000.0, 1e-12);
    let total = 9.0 * 0.34 * 730.0;
    close(peak.total_per_month, total, 1e-12);
    let cap = peak.cap.expect("a cap");
    assert!(!cap.within_cap, "{total} > 2,000");
    close(cap.cap_headroom_per_month, 2000.0 - total, 1e-12);
    assert!(
        cost(", budget_cap_per_month: Some(2000.0)")
            .cap
            .expect("cap")
            .within_cap
    );
}

#[test]
fn bad_realistic_inputs_are_named() {
    for (fields, path) in [
        (
            "memory_per_request_mb: Some(1.0)",
            "load.queue.memory_limit_mb",
        ),
        ("slo_target: Some(1.5)", "load.queue.slo_target"),
        ("service_cv: 11.0", "load.queue.service_cv"),
        (
            "retries: Some(Retries(failure_rate: 0.1, max_attempts: 0, timeout_ms: 1.0))",
            "load.queue.retries.max_attempts",
        ),
        (
            "retries: Some(Retries(failure_rate: 1.0, max_attempts: 2, timeout_ms: 1.0))",
            "load.queue.retries.failure_rate",
        ),
    ] {
        let ron = format!(
            "Scenario(format: 3, load: Some(Load(queue: Some(Queue(service_ms: 10.0, \
             servers: 1, arrival_per_s: 1.0, slo_ms: 100.0, {fields})))))"
        );
        let err = scenario_file::from_str(&ron, Path::new("bad.ron"))
            .expect_err(fields)
            .to_string();
        assert!(err.contains(path), "{fields}: {err}");
        assert!(err.contains("bad.ron"), "{err}");
    }
}

#[test]
fn ranges_on_the_new_inputs_reach_the_monte_carlo() {
    let s = scenario(
        "Scenario(format: 3, load: Some(Load(queue: Some(Queue(service_ms: 50.0, servers: 3, \
         arrival_per_s: 40.0, slo_ms: 200.0, service_cv: Range(low: 0.2, high: 1.5, shape: Uniform), \
         memory_per_request_mb: Some(1.0), memory_limit_mb: Some(50.0), slo_target: Some(0.99))))))",
    );
    let u = perfcase::model::uncertain::analyze(&s, 2000, 3).expect("a range");
    let json = serde_json::to_value(&u).expect("json");
    let queue = &json["load"]["queue"];
    for key in [
        "fraction_over_slo",
        "burn_rate",
        "memory_mb",
        "max_arrival_for_memory_per_s",
    ] {
        assert!(queue[key]["p50"].is_number(), "{key}: {queue}");
    }
    // A wider service time only lengthens the tail: the spread is real.
    assert!(
        queue["percentile_response_ms"]["p90"].as_f64()
            > queue["percentile_response_ms"]["p10"].as_f64()
    );
    assert!(json["probabilities"]["within_error_budget"].is_number());
}
