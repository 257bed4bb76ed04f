//! Capacity and cost against hand-worked numbers.

use std::path::Path;

use perfcase::model::evaluate;
use perfcase::scenario_file;

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "got {actual}, expected {expected}"
    );
}

#[test]
fn littles_law_for_10k_requests_through_a_200_ms_api() {
    // Seed 004: 10,000 req/s × 0.2 s = 2,000 requests in flight.
    let s = scenario_file::from_str(
        "Scenario(format: 1, cost: Cost(rate_per_s: 10000.0, latency_ms: 200.0))",
        Path::new("c.ron"),
    )
    .expect("valid");
    let c = evaluate(&s).cost.expect("cost");
    close(c.concurrency, 2000.0);
    assert_eq!(c.cheapest, None);
    close(c.total_per_month, 0.0);
}

#[test]
fn inference_service_bill_from_seed_003() {
    // 500 RPS; GPU serves 100 RPS at 100 %, sized at 70 %: ceil(500 / 70) = 8
    // instances × 2.5/h × 730 h = 14,600. CPU: 20 RPS at 0.34/h: ceil(500/14) = 36
    // × 0.34 × 730 = 8,935.2 — the cheapest.
    // Egress: 500/s × 2,628,000 s × 10,000 B × 30 % / 10⁹ = 3,942 GB × 0.09 = 354.78.
    // Storage: 200 GB × 0.02 = 4. Total 8,935.2 + 354.78 + 4 = 9,293.98.
    let s = scenario_file::from_str(
        r#"Scenario(format: 1, cost: Cost(rate_per_s: 500.0, latency_ms: 80.0, target_utilization: 0.7,
            instance_types: [InstanceType(name: "GPU", capacity_per_s: 100.0, price_per_hour: 2.5),
                             InstanceType(name: "CPU", capacity_per_s: 20.0, price_per_hour: 0.34)],
            response_bytes: 10000.0, egress_share: 0.3, egress_price_per_gb: 0.09,
            storage_gb: 200.0, storage_price_per_gb_month: 0.02))"#,
        Path::new("c.ron"),
    )
    .expect("valid");
    let c = evaluate(&s).cost.expect("cost");
    assert_eq!(c.instance_types[0].instances, 8);
    close(c.instance_types[0].monthly_cost, 14_600.0);
    assert_eq!(c.instance_types[1].instances, 36);
    close(c.instance_types[1].monthly_cost, 8_935.2);
    assert_eq!(c.cheapest.as_deref(), Some("CPU"));
    close(c.egress_per_month, 354.78);
    close(c.storage_per_month, 4.0);
    close(c.total_per_month, 9_293.98);
    close(c.concurrency, 40.0);
}

#[test]
fn an_exact_multiple_does_not_round_up() {
    // 700 / (100 × 0.7) = 10 instances exactly, even though 100 × 0.7 is 70.00000000000001.
    let s = scenario_file::from_str(
        r#"Scenario(format: 1, cost: Cost(rate_per_s: 700.0, latency_ms: 10.0,
            instance_types: [InstanceType(name: "a", capacity_per_s: 100.0, price_per_hour: 1.0)]))"#,
        Path::new("c.ron"),
    )
    .expect("valid");
    assert_eq!(
        evaluate(&s).cost.expect("cost").instance_types[0].instances,
        10
    );
}

#[test]
fn the_bill_as_the_load_grows_ends_at_three_times_todays_rate() {
    // At 3 × 500 = 1,500/s: CPU needs ceil(1500 / 14) = 108 instances ×
    // 0.34 × 730 = 26,805.6; GPU ceil(1500 / 70) = 22 × 2.5 × 730 = 40,150.
    // Egress triples to 1,064.34, storage stays 4: CPU 27,873.94, GPU
    // 41,218.34. At no load both cost only the storage, 4.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/inference-cost.ron");
    let s = scenario_file::load(&path).expect("sample");
    let (c, e) = (
        s.cost.as_ref().expect("cost"),
        evaluate(&s).cost.expect("cost"),
    );
    let chart = perfcase::chart::cost::scaling_chart(c, &e, &perfcase::format::Currency::NONE);
    let line = |name: &str| {
        chart
            .lines
            .iter()
            .find(|l| l.name == name)
            .unwrap_or_else(|| panic!("no line {name}"))
    };
    for (name, at_top) in [("CPU", 27_873.94), ("GPU", 41_218.34)] {
        let points = &line(name).points;
        let last = points.last().expect("points");
        close(last[0], 1500.0);
        close(last[1], at_top);
        close(points[0][1], 4.0);
    }
    // Today's bill is marked at today's rate.
    close(chart.markers[0].at[0], 500.0);
    close(chart.markers[0].at[1], 9_293.98);
    assert_eq!(chart.vlines[0].value, 500.0);
}
