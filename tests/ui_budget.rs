//! The Budget panel driven as a user would, by accessible labels: every
//! edit must change the scenario and the headline to independently
//! computed values (worked in the comments).

mod common;

use std::path::Path;

use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use perfcase::ui::PerfcaseApp;

fn harness(sample: &str) -> Harness<'static, PerfcaseApp> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(sample);
    let app = PerfcaseApp::open_or_sample(&path);
    assert!(!app.status().is_error, "{}", app.status().text);
    common::window(app)
}

fn spans<'a>(h: &'a Harness<'_, PerfcaseApp>) -> &'a [perfcase::model::budget::Span] {
    &h.state().scenario().budget.as_ref().expect("budget").spans
}

/// Clicks the span's name in the span table to select it.
fn select_span(h: &mut Harness<'_, PerfcaseApp>, name: &str) {
    h.get_by_role_and_label(Role::Button, name).click();
    h.run();
}

#[test]
fn the_language_slider_moves_the_amdahl_speedup() {
    let mut h = harness("thumbnail-profile.ron");
    // f = 0.82, s = 8: 1 / (0.18 + 0.1025) = 3.54×.
    h.get_by_label("3.54×");
    h.get_by_role_and_label(Role::Slider, "language speedup")
        .set_value_accesskit(4.0);
    h.run();
    let budget = h.state().scenario().budget.as_ref().expect("budget");
    assert_eq!(budget.language_speedup, 4.0);
    // 1 / (0.18 + 0.82/4) = 1 / 0.385 = 2.597×, three significant digits.
    h.get_by_label("2.6×");
}

#[test]
fn the_orders_trace_shows_the_seed_numbers_at_s_10() {
    let h = harness("orders-trace.ron");
    // 5.5 / 855.5 = 0.643 % own code; 10× → 1 / (0.99357 + 0.000643) = 1.006×
    // and the ceiling 1 / 0.99357 = 1.0065×, both 1.01× at three digits.
    h.get_by_label(&common::nb("0.643 %"));
    assert!(
        h.query_all_by_label("1.01×").count() >= 2,
        "speedup and ceiling"
    );
    // Both levers: 1.2 + 3.5 + 610/15 + (0.8·1 + 0.2·240) + 0.8 = 94.97 ms.
    h.get_by_label(&common::nb("95 ms"));
}

#[test]
fn a_span_time_slider_changes_the_total() {
    let mut h = harness("orders-trace.ron");
    select_span(&mut h, "load_user_orders");
    h.get_by_role_and_label(Role::Slider, "span time")
        .set_value_accesskit(61.0);
    h.run();
    assert_eq!(spans(&h)[2].time, 61.0);
    // 855.5 − 610 + 61 = 306.5 ms, 307 ms at three digits.
    h.get_by_label(&common::nb("307 ms"));
    let total = h
        .state()
        .evaluation()
        .budget
        .as_ref()
        .expect("budget")
        .total;
    assert!((total - 306.5).abs() < 1e-9);
}

#[test]
fn the_index_lever_factor_changes_the_total_after_levers() {
    let mut h = harness("orders-trace.ron");
    select_span(&mut h, "load_user_orders");
    h.get_by_role_and_label(Role::Slider, "lever factor")
        .set_value_accesskit(20.0);
    h.run();
    // 1.2 + 3.5 + 610/20 + 48.8 + 0.8 = 84.8 ms after both levers.
    h.get_by_label(&common::nb("84.8 ms"));
}

#[test]
fn switching_a_lever_on_adds_it_to_the_ranking() {
    let mut h = harness("orders-trace.ron");
    select_span(&mut h, "Application logic");
    h.get_by_label("lever kind").click_accesskit();
    h.run();
    h.get_by_label("Async").click_accesskit();
    h.run();
    let lever = spans(&h)[1].lever.as_ref().expect("a lever");
    assert_eq!(lever.kind_name(), "Async");
    let eval = h.state().evaluation().budget.as_ref().expect("budget");
    assert_eq!(eval.levers.len(), 3);
    // All levers: 94.967 − 3.5 = 91.47 ms.
    h.get_by_label(&common::nb("91.5 ms"));
}

#[test]
fn toggling_concurrent_takes_the_shorter_span_off_the_critical_path() {
    let mut h = harness("orders-trace.ron");
    select_span(&mut h, "fraud-scoring API");
    // Below the fold of the inputs panel: act through accessibility, as a screen reader would.
    h.get_by_role_and_label(Role::CheckBox, "runs in parallel with the span before it")
        .click_accesskit();
    h.run();
    assert!(spans(&h)[3].concurrent);
    // 240 ms now runs beside the 610 ms query: 1.2 + 3.5 + 610 + 0.8 = 615.5 ms
    // (616 ms at three digits), shown as the total and as the cache lever's
    // "total after" (it saves nothing now).
    assert_eq!(h.query_all_by_label(&common::nb("616 ms")).count(), 2);
    let eval = h.state().evaluation().budget.as_ref().expect("budget");
    assert!((eval.total - 615.5).abs() < 1e-9);
}

#[test]
fn adding_and_deleting_a_span() {
    let mut h = harness("orders-trace.ron");
    h.get_by_label("Add span").click();
    h.run();
    assert_eq!(spans(&h).len(), 6);
    // A new 10 ms span: 855.5 + 10 = 865.5 ms, 866 ms at three digits.
    h.get_by_label(&common::nb("866 ms"));
    h.get_by_label("Delete span").click();
    h.run();
    assert_eq!(spans(&h).len(), 5);
    h.get_by_label(&common::nb("856 ms"));
    assert!(!h.state().is_dirty(), "back to the loaded scenario");
}

#[test]
fn a_scenario_without_a_budget_offers_to_add_one() {
    let mut h = harness("rtb-matrix.ron");
    h.get_by_label("Budget").click();
    h.run();
    h.get_by_label("Add a time budget").click();
    h.run();
    let budget = h
        .state()
        .scenario()
        .budget
        .as_ref()
        .expect("a budget was added");
    assert_eq!(budget.spans.len(), 2);
    // The starter budget: 10 ms own code + 100 ms query = 110 ms.
    h.get_by_label(&common::nb("110 ms"));
    assert!(h.state().is_dirty());
}

#[test]
fn viewing_values_outside_slider_ranges_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("slow.ron");
    let text = include_str!("../samples/orders-trace.ron")
        .replace("language_speedup: 10.0", "language_speedup: 200.0")
        .replace("time: 610.0", "time: 20000.0");
    std::fs::write(&path, text).expect("write");
    let mut h = common::window(PerfcaseApp::open_or_sample(&path));
    select_span(&mut h, "load_user_orders");
    assert!(
        !h.state().is_dirty(),
        "showing a slider must not clamp the file's value"
    );
    let budget = h.state().scenario().budget.clone().expect("budget");
    assert_eq!(
        (
            budget.language_speedup.point(),
            budget.spans[2].time.point()
        ),
        (200.0, 20000.0)
    );
}

#[test]
fn a_lever_has_one_name_in_the_table_the_charts_the_memo_and_the_verdict() {
    use perfcase::model::evaluate;
    let mut h = harness("orders-trace.ron");
    // Drop the fraud-scoring cache's label: it is then named by kind and span.
    {
        let spans = &mut h
            .state_mut()
            .scenario_mut()
            .budget
            .as_mut()
            .expect("budget")
            .spans;
        let lever = spans[3].lever.as_mut().expect("the cache lever");
        match lever {
            perfcase::model::budget::Lever::Cache { label, .. } => label.clear(),
            other => panic!("not a cache: {other:?}"),
        }
    }
    h.run();
    // The span table: "label: effect", or the effect alone.
    h.get_by_label("add the missing index: 15× faster");
    h.get_by_label_contains(&format!("cache, {} hits at", common::nb("80 %")));
    let scenario = h.state().scenario().clone();
    let eval = evaluate(&scenario);
    let (budget, b) = (
        scenario.budget.as_ref().expect("budget"),
        eval.budget.as_ref().expect("eval"),
    );
    // The ranking's names, everywhere levers are compared.
    let names: Vec<String> = b.levers.iter().map(|l| l.name()).collect();
    assert_eq!(
        names,
        ["add the missing index", "Cache on fraud-scoring API"]
    );
    let time = perfcase::chart::budget::time_chart(budget, b);
    let amdahl = perfcase::chart::budget::amdahl_chart(budget, b, true);
    let memo = perfcase::report::memo::markdown(&scenario, &eval, None, &[]);
    let verdict = perfcase::report::verdict::budget(b, budget.unit.symbol());
    for name in &names {
        assert!(
            time.rows
                .iter()
                .any(|r| r.starts_with(&format!("{name}: "))),
            "{name} in {:?}",
            time.rows
        );
        assert!(
            amdahl
                .lines
                .iter()
                .any(|l| l.name.starts_with(&format!("after {name} (f = "))),
            "{name}"
        );
        assert!(
            // Ranked: "| 1. add the missing index |".
            memo.contains(&format!(". {name} |")),
            "{name} not in the memo's ranking"
        );
    }
    assert!(
        verdict.contains("the best lever, add the missing index,"),
        "{verdict}"
    );
    // The memo's span table says what the panel's does.
    assert!(memo.contains("| add the missing index: 15× faster |"));
    assert!(memo.contains(&format!("| cache, {} hits at ", common::nb("80 %"))));
}
