//! Export cost of the largest chart: SVG and PNG (1× and 2×).

use criterion::{Criterion, criterion_group, criterion_main};
use perfcase::chart::export::{Size, png, svg};
use perfcase::model::evaluate;
use perfcase::samples;

fn bench_export(c: &mut Criterion) {
    // The largest chart by drawn elements across the samples.
    let chart = samples::ALL
        .iter()
        .filter_map(|s| s.scenario().ok())
        .flat_map(|s| perfcase::chart::all(&s, &evaluate(&s), None))
        .max_by_key(|c| {
            c.lines.iter().map(|l| l.points.len()).sum::<usize>()
                + c.segments.iter().map(|g| g.segments.len()).sum::<usize>()
        })
        .expect("a chart");
    let size = Size::default();
    c.bench_function(&format!("svg {}", chart.name()), |b| {
        b.iter(|| svg(std::hint::black_box(&chart), size));
    });
    c.bench_function(&format!("png 1x {}", chart.name()), |b| {
        b.iter(|| png(std::hint::black_box(&chart), size));
    });
    let double = Size { scale: 2, ..size };
    c.bench_function(&format!("png 2x {}", chart.name()), |b| {
        b.iter(|| png(std::hint::black_box(&chart), double));
    });
}

criterion_group!(benches, bench_export);
criterion_main!(benches);
