//! The Load and Cost panels driven by their sliders, against independently
//! computed values (tests/reference/expected_numbers.py; hand-worked costs).

mod common;

use std::path::Path;

use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use perfcase::scenario_file;
use perfcase::ui::{PanelKind, PerfcaseApp};

fn harness(ron: &str) -> Harness<'static, PerfcaseApp> {
    let scenario = scenario_file::from_str(ron, Path::new("t.ron")).expect("valid");
    common::window(PerfcaseApp::new(scenario, None))
}

fn set(h: &mut Harness<'_, PerfcaseApp>, slider: &str, value: f64) {
    h.get_by_role_and_label(Role::Slider, slider)
        .set_value_accesskit(value);
    h.run();
}

const MM4: &str = "Scenario(format: 1, load: Load(queue: Queue(service_ms: 100.0, servers: 2, \
     arrival_per_s: 30.0, growth_per_quarter: 0.1, slo_ms: 800.0, percentile: 99.0)))";

#[test]
fn the_servers_slider_moves_the_queue_to_the_computed_values() {
    let mut h = harness(MM4);
    assert_eq!(
        h.state().panel(),
        PanelKind::named("Load").expect("panel"),
        "a load-only file opens on Load"
    );
    // Two servers at 30/s × 100 ms: ρ = 1.5, saturated.
    h.get_by_label_contains("Saturated");
    set(&mut h, "servers", 4.0);
    // Four servers: ρ = 75 %, Erlang C = 50.9 %, p99 = 600.6 ms, breaks at
    // 33.4697/s in 3 × ln(33.4697 / 30) / ln(1.1) = 3.4449 months (a bisection on the exact tail, in Python).
    h.get_by_label(&common::nb("75 %"));
    h.get_by_label(&common::nb("50.9 %"));
    h.get_by_label(&common::nb("601 ms"));
    h.get_by_label("33.5/s");
    h.get_by_label(&common::nb("3.44 months"));
    let q = h
        .state()
        .evaluation()
        .load
        .as_ref()
        .and_then(|l| l.queue)
        .expect("queue");
    assert!((q.percentile_response_ms.expect("p99") - 600.6).abs() < 0.05);
}

#[test]
fn the_arrival_slider_past_the_breach_says_so() {
    let mut h = harness(&MM4.replace("servers: 2", "servers: 4"));
    set(&mut h, "arrival rate", 35.0);
    // 35/s > 33.47/s: months to breach 0.
    h.get_by_label_contains("already broken");
}

#[test]
fn importing_a_load_test_fits_the_usl() {
    let mut h = harness(MM4);
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/usl/cisco.csv");
    h.state_mut().import_usl_csv(&csv);
    h.run();
    assert!(h.state().status().text.starts_with("Imported 32 points"));
    // scipy: α = 0.0267, peak 12,343/s at N* = 35.6.
    h.get_by_label("0.0267");
    h.get_by_label(&common::nb("12.3 k/s"));
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "n,x\n1,10\n2,ten\n").expect("write");
    let before = h.state().scenario().clone();
    h.state_mut().import_usl_csv(&bad);
    h.run();
    assert_eq!(h.state().scenario(), &before);
    assert!(
        h.state().status().text.contains("bad.csv: line 3:"),
        "{}",
        h.state().status().text
    );
}

const INFERENCE: &str = r#"Scenario(format: 1, cost: Cost(rate_per_s: 500.0, latency_ms: 80.0,
    instance_types: [InstanceType(name: "GPU", capacity_per_s: 100.0, price_per_hour: 2.5)],
    response_bytes: 10000.0, egress_share: 0.3, egress_price_per_gb: 0.09,
    storage_gb: 200.0, storage_price_per_gb_month: 0.02))"#;

#[test]
fn the_cost_panel_adds_up_the_bill() {
    let mut h = harness(INFERENCE);
    assert_eq!(h.state().panel(), PanelKind::named("Cost").expect("panel"));
    // 8 GPUs × 2.5 × 730 = 14,600 (compute, and the table row); egress 354.78;
    // storage 4; total 14,958.78.
    let bill = |h: &Harness<'_, PerfcaseApp>| {
        let c = h.state().evaluation().cost.clone().expect("cost");
        (c.compute_per_month, c.total_per_month)
    };
    assert_eq!(h.query_all_by_label(&common::nb("14.6 k/month")).count(), 2);
    h.get_by_label(&common::nb("15 k/month"));
    assert!((bill(&h).1 - 14_958.78).abs() < 0.01);
    h.get_by_label("40");
    set(&mut h, "request rate", 1000.0);
    // ceil(1000 / 70) = 15 GPUs × 1,825 = 27,375; egress doubles to 709.56.
    assert_eq!(h.query_all_by_label(&common::nb("27.4 k/month")).count(), 2);
    h.get_by_label(&common::nb("28.1 k/month"));
    assert!((bill(&h).1 - 28_088.56).abs() < 0.01);
    set(&mut h, "target utilisation", 100.0);
    // ceil(1000 / 100) = 10 GPUs = 18,250.
    assert_eq!(h.query_all_by_label(&common::nb("18.3 k/month")).count(), 2);
    assert!((bill(&h).0 - 18_250.0).abs() < 1e-9);
}

#[test]
fn the_fit_predicts_throughput_at_any_concurrency() {
    let mut h = harness(MM4);
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/usl/cisco.csv");
    h.state_mut().import_usl_csv(&csv);
    h.run();
    h.get_by_label("predict at concurrency")
        .set_value_accesskit(10.0);
    h.run();
    // scipy's fit: 995.649 × 10 / (1 + 0.0267159 × 9 + 0.000769094 × 90) = 7,602.3/s.
    h.get_by_label("7,600/s");
}

#[test]
fn switching_on_the_error_budget_and_a_constant_service_reads_the_burn_rate() {
    // Four servers, 100 ms, 30/s, SLO 800 ms at p99.
    let mut h = harness(&MM4.replace("servers: 2", "servers: 4"));
    h.get_by_role_and_label(Role::CheckBox, "error budget")
        .click();
    h.run();
    assert_eq!(
        h.state()
            .scenario()
            .load
            .as_ref()
            .and_then(|l| l.queue.as_ref())
            .and_then(|q| q.slo_target),
        Some(0.999),
        "the checkbox starts at 99.9 %"
    );
    // M/M/4 at a = 3: C = 27/53 = 0.50943 (Erlang C by hand); θ = cμ − λ =
    // 10/s = μ, where the exact tail is (1 − C)e^(−μt) + C(1 + μt)e^(−μt)
    // = e^(−8)(1 + 8C) = 0.0017026 at t = 0.8 s: a burn rate of 1.70× at 99.9 %.
    h.get_by_label("1.7×");
    set(&mut h, "service-time variability (cv)", 0.0);
    // Constant 100 ms: the wait rate doubles (θ = 20/s) and the tail is
    // C·e^(−20·0.7) = 4.2e-7: 0.000424× the allowed burn.
    let q = h
        .state()
        .evaluation()
        .load
        .clone()
        .expect("load")
        .queue
        .expect("queue");
    let burn = q.error_budget.expect("budget").burn_rate;
    let c = 0.509_433_962_264_151;
    assert!((burn - c * (-14.0f64).exp() / 0.001).abs() < 1e-9, "{burn}");
}
