//! Monte Carlo speed on issue 13's model (`samples/uncertain-rewrite.ron`:
//! four uncertain spans, the language, the bill and the one-time cost, the
//! reduction derived from the budget) at 1k–1M samples, against the bare
//! random-number loop that draws the same inputs and evaluates nothing, so
//! the model's overhead is the ratio of the two. The summary step (means,
//! deviations and quantiles of every output column) is measured on its
//! own, on the columns of one 100,000-sample run; and the floor of any run
//! that keeps its samples: writing and reading as many columns as the run
//! records, computing nothing.

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use perfcase::model::uncertain::monte_carlo::Plan;

fn plan() -> (perfcase::model::Scenario, Plan) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/uncertain-rewrite.ron");
    let scenario = perfcase::scenario_file::load(&path).expect("sample");
    let plan = Plan::new(&scenario, &[]).expect("ranges");
    (scenario, plan)
}

fn monte_carlo(c: &mut Criterion) {
    let (scenario, plan) = plan();
    let mut group = c.benchmark_group("monte_carlo");
    group.sample_size(20);
    for n in [1_000usize, 10_000, 100_000, 1_000_000] {
        group.bench_with_input(BenchmarkId::new("model", n), &n, |b, &n| {
            b.iter(|| plan.run(black_box(n), 1));
        });
        group.bench_with_input(BenchmarkId::new("bare_rng", n), &n, |b, &n| {
            b.iter(|| plan.draw_only(black_box(n), 1));
        });
    }
    // The floor of any run that keeps its columns: as many fresh columns
    // as the run records (outputs and draws), each written once and read
    // once, with no model and no draws. Exact quantiles need every sample
    // kept (or computed twice), so a run cannot cost less than the bare
    // draws plus this.
    let recorded = plan.outputs.len() + plan.inputs.len();
    for n in [100_000usize, 1_000_000] {
        group.bench_with_input(
            BenchmarkId::new("write_and_read_columns", n),
            &n,
            |b, &n| {
                b.iter(|| write_and_read(&mut fresh(recorded, n)));
            },
        );
        // The same with the pages already mapped (a run reusing its
        // buffers): the memory traffic alone.
        let mut kept = fresh(recorded, n);
        write_and_read(&mut kept);
        group.bench_with_input(
            BenchmarkId::new("rewrite_and_read_columns", n),
            &n,
            |b, _| {
                b.iter(|| write_and_read(black_box(&mut kept)));
            },
        );
    }
    for n in [100_000u64, 1_000_000] {
        group.bench_with_input(BenchmarkId::new("run_and_summarize", n), &n, |b, &n| {
            b.iter(|| perfcase::model::uncertain::analyze(&scenario, black_box(n), 1));
        });
    }
    // Every column's summary, one column after another (the run does them
    // in parallel); the columns are copied afresh for each iteration, as
    // summarising rewrites NaN in place.
    let columns = plan.run(100_000, 1).columns;
    group.bench_function("summaries/100000", |b| {
        b.iter_batched(
            || columns.clone(),
            |mut columns| {
                columns
                    .iter_mut()
                    .map(|c| perfcase::model::uncertain::summary::summarize(c))
                    .collect::<Vec<_>>()
            },
            criterion::BatchSize::LargeInput,
        );
    });
    group.finish();
}

/// `columns` fresh columns of `n` zeros (mapped on first write, as a run's are).
fn fresh(columns: usize, n: usize) -> Vec<Vec<f64>> {
    (0..columns).map(|_| vec![0.0; n]).collect()
}

/// Writes every column once on the run's threads and reads each back once;
/// returns their sum so nothing is optimised away.
fn write_and_read(columns: &mut [Vec<f64>]) -> f64 {
    use rayon::prelude::*;
    columns
        .par_iter_mut()
        .enumerate()
        .map(|(c, column)| {
            for (j, x) in column.iter_mut().enumerate() {
                *x = (j ^ c) as f64;
            }
            column.iter().sum::<f64>()
        })
        .sum()
}

/// The realistic queue (`samples/chat-analytics-load.ron`: M/G/2400 with
/// retries, memory and an error budget; the service cv and the failure
/// rate ranged) at 10k samples, against the bare draws of the same inputs,
/// and the same queue with ten million servers.
fn realistic_queue(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/chat-analytics-load.ron");
    let scenario = perfcase::scenario_file::load(&path).expect("sample");
    let plan = Plan::new(&scenario, &[]).expect("ranges");
    let mut group = c.benchmark_group("realistic_queue");
    group.sample_size(10);
    group.bench_function("model/10000", |b| b.iter(|| plan.run(black_box(10_000), 1)));
    group.bench_function("bare_rng/10000", |b| {
        b.iter(|| plan.draw_only(black_box(10_000), 1));
    });
    // The same queue scaled to the most servers a file may have (10
    // million, at the same utilisation): Erlang C must not cost more per
    // server, and near saturation — where the root finders look — it did.
    let text = std::fs::read_to_string(&path).expect("sample");
    let scaled = text
        .replace("servers: 2400,", "servers: 10000000,")
        .replace("arrival_per_s: 10000.0,", "arrival_per_s: 41666666.0,");
    assert_ne!(scaled, text, "the sample's queue changed: update the bench");
    let scenario = perfcase::scenario_file::from_str(&scaled, &path).expect("scaled");
    let plan = Plan::new(&scenario, &[]).expect("ranges");
    group.bench_function("ten_million_servers/10000", |b| {
        b.iter(|| plan.run(black_box(10_000), 1));
    });
    group.finish();
}

criterion_group!(benches, monte_carlo, realistic_queue);
criterion_main!(benches);
