//! How long `evaluate` takes on the largest sample: the budget a Monte Carlo
//! run or a slider drag spends per call.

use criterion::{Criterion, criterion_group, criterion_main};
use perfcase::model::evaluate;
use perfcase::samples;

fn bench_evaluate(c: &mut Criterion) {
    // The largest sample by text is the one with every section.
    let largest = samples::ALL
        .iter()
        .max_by_key(|s| s.text.len())
        .expect("samples exist");
    let scenario = largest.scenario().expect("samples load");
    c.bench_function(&format!("evaluate {}", largest.file_name), |b| {
        b.iter(|| evaluate(std::hint::black_box(&scenario)));
    });
}

criterion_group!(benches, bench_evaluate);
criterion_main!(benches);
