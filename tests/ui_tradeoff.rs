//! The Trade-off panel on seed 002's fraud case: the headline's verdict
//! follows the inputs. Numbers are worked independently in
//! tests/reference/uncertainty_numbers.py and tests/tradeoff.rs.

mod common;

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use perfcase::ui::{PanelKind, PerfcaseApp};

fn fraud() -> Harness<'static, PerfcaseApp> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/fraud-tradeoff.ron");
    let mut app = PerfcaseApp::open_or_sample(&path);
    app.set_panel(PanelKind::named("Tradeoff").expect("panel"));
    common::window(app)
}

#[test]
fn the_fraud_case_shows_the_cascade_as_best() {
    let h = fraud();
    let nb = common::nb;
    h.get_by_label_contains(&format!(
        "LR, ensemble on borderline is the cheapest choice that meets the {} SLO: {} in total, p99 {}.",
        nb("100 ms"),
        nb("$2.05 M/month"),
        nb("75.8 ms")
    ));
    // 30M · 0.002 · 0.05 · 400 + 30M · 0.998 · 0.0009018 · 8 + 60,000
    // (the sample's money is in $).
    h.get_by_label(&nb("$1.48 M/month"));
    let t = h.state().evaluation().tradeoff.clone().expect("trade-off");
    assert!((t.choices[1].total_per_month - 1_476_000.0).abs() < 1.0);
    // The largest share within 100 ms: 0.11904 (scipy).
    h.get_by_label(&nb("11.9 %"));
}

#[test]
fn escalating_past_the_break_point_makes_the_cascade_miss() {
    let mut h = fraud();
    // 20 % escalated: past the 11.9 % break point, the cascade's p99 is over
    // 100 ms, so only logistic regression meets the SLO.
    h.get_by_label("LR, ensemble on borderline escalated share")
        .set_value_accesskit(20.0);
    h.run();
    let t = h.state().evaluation().tradeoff.clone().expect("trade-off");
    let cascade = &t.choices[2];
    assert!(cascade.p99_ms > 100.0 && !cascade.meets_slo, "{cascade:?}");
    // Infrastructure 3,000 + 20 % × 60,000 = 15,000.
    assert!((cascade.infra_per_month - 15_000.0).abs() < 1e-9);
    assert_eq!(t.best.as_deref(), Some("Logistic regression"));
    h.get_by_label_contains(&format!(
        "Logistic regression is the cheapest choice that meets the {} SLO",
        common::nb("100 ms")
    ));
}

#[test]
fn a_choice_can_be_made_uncertain_and_its_chance_of_staying_best_shows() {
    let mut h = fraud();
    h.get_by_label("Ensemble p99 uncertain").click();
    h.run();
    // 160 ms becomes 106.7–240 ms: always above 100 ms, so the cascade stays
    // best; the panel shows how often (P(best)) and the share in the headline.
    assert!(h.state().uncertainty().is_some());
    h.get_by_label("P(best)");
    h.get_by_label("P(it stays best)");
}

#[test]
fn under_uncertainty_each_total_shows_its_p10_to_p90() {
    // The moderation sample has an uncertain spam rate and error cost; the
    // table puts each choice's P10–P90 total beside its point value, from
    // the same Monte Carlo as `eval --json` at the file's samples and seed.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/moderation-tradeoff.ron");
    let mut app = PerfcaseApp::open_or_sample(&path);
    app.set_panel(PanelKind::named("Tradeoff").expect("panel"));
    let h = common::window(app);
    let scenario = h.state().scenario().clone();
    let mc = scenario.monte_carlo;
    let u = perfcase::model::uncertain::analyze(&scenario, mc.samples, mc.seed).expect("ranges");
    let choices = u.sections["tradeoff"]["choices"]
        .as_array()
        .expect("choices")
        .clone();
    assert_eq!(choices.len(), 4);
    for c in &choices {
        let total = &c["total_per_month"];
        let (p10, p90) = (
            total["p10"].as_f64().expect("p10"),
            total["p90"].as_f64().expect("p90"),
        );
        assert!(p10 < p90, "{c}");
        let text = format!(
            "{}–{}",
            perfcase::format::money(p10),
            perfcase::format::money(p90)
        );
        h.get_by_label(&text);
    }
}
