//! The Budget panel's cost: building its chart series, and one whole UI
//! frame (headless, through egui_kittest) idle and after an edit.

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use perfcase::chart::budget::{amdahl_chart, time_chart};
use perfcase::model::budget::evaluate;
use perfcase::samples;
use perfcase::ui::{PerfcaseApp, setup_context};

/// The sample with the most spans: the biggest budget panel.
fn largest_budget_sample() -> perfcase::model::Scenario {
    samples::ALL
        .iter()
        .filter_map(|s| s.scenario().ok())
        .filter(|s| s.budget.is_some())
        .max_by_key(|s| s.budget.as_ref().map_or(0, |b| b.spans.len()))
        .expect("a sample with a budget")
}

fn bench_series(c: &mut Criterion) {
    let scenario = largest_budget_sample();
    let budget = scenario.budget.as_ref().expect("budget");
    c.bench_function(
        "budget series (evaluate + Amdahl with lever curves + time bars)",
        |b| {
            b.iter(|| {
                let eval = evaluate(std::hint::black_box(budget));
                let amdahl = amdahl_chart(budget, &eval, true);
                let time = time_chart(budget, &eval);
                (amdahl, time)
            });
        },
    );
}

fn bench_frame(c: &mut Criterion) {
    let scenario = largest_budget_sample();
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(setup_context)
        .build_eframe(|_cc| PerfcaseApp::new(scenario, None));
    h.run();
    c.bench_function("budget panel frame, idle", |b| b.iter(|| h.step()));
    let mut s = 10.0;
    c.bench_function("budget panel frame, after a slider edit", |b| {
        b.iter(|| {
            // Alternate s so every frame re-evaluates and rebuilds the charts.
            s = if s == 10.0 { 11.0 } else { 10.0 };
            if let Some(budget) = h.state_mut().scenario_mut().budget.as_mut() {
                budget.language_speedup = s.into();
            }
            h.step();
        });
    });
}

criterion_group!(benches, bench_series, bench_frame);
criterion_main!(benches);
