//! Chart export: every chart of every sample renders to SVG (parsed with an
//! XML parser and checked for its series and labels) and to PNG (decoded and
//! checked for its size), deterministically; the CLI writes them.

use std::path::Path;
use std::process::Command;

use perfcase::chart::export::{self, Size};
use perfcase::chart::{self, Chart};
use perfcase::model::evaluate;
use perfcase::samples;

fn charts_of(sample: &samples::Sample) -> Vec<Chart> {
    let scenario = sample.scenario().expect("sample");
    chart::all(&scenario, &evaluate(&scenario), None)
}

fn sample(name: &str) -> &'static samples::Sample {
    samples::ALL
        .iter()
        .find(|s| s.file_name == name)
        .expect(name)
}

/// All text content of an SVG document.
fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_owned()))
        .collect()
}

#[test]
fn every_chart_of_every_sample_exports_to_valid_svg_and_png() {
    let size = Size::default();
    for sample in &samples::ALL {
        for chart in charts_of(sample) {
            let svg = export::svg(&chart, size).expect("svg");
            let doc = roxmltree::Document::parse(&svg)
                .unwrap_or_else(|e| panic!("{} {}: {e}", sample.file_name, chart.name()));
            let texts = texts(&doc);
            let x_title = chart.x.title(&chart.currency);
            for label in [&chart.title, &x_title] {
                assert!(
                    texts.contains(label),
                    "{} {}: no {label:?}",
                    sample.file_name,
                    chart.name()
                );
            }
            // Money is never a bare "(currency)": with a currency, a money
            // axis names it.
            if chart.currency.0.is_some() {
                for axis in [&chart.x, &chart.y].into_iter().filter(|a| a.money) {
                    let title = format!("{} ($)", axis.label);
                    assert!(
                        texts.contains(&title),
                        "{} {}: no {title:?}",
                        sample.file_name,
                        chart.name()
                    );
                }
            }
            assert!(
                !texts.iter().any(|t| t.contains("(currency)")),
                "{} {}",
                sample.file_name,
                chart.name()
            );
            let png = export::png(&chart, size).expect("png");
            let image = image::load_from_memory(&png).expect("decodes");
            // PNGs are drawn at 2× by default: 900 × 520 points.
            assert_eq!((image.width(), image.height()), (1800, 1040));
        }
    }
}

#[test]
fn the_amdahl_svg_holds_the_curve_and_the_ceiling() {
    let charts = charts_of(sample("thumbnail-profile.ron"));
    let amdahl = charts
        .iter()
        .find(|c| c.name() == "amdahl")
        .expect("amdahl");
    let svg = export::svg(amdahl, Size::default()).expect("svg");
    let doc = roxmltree::Document::parse(&svg).expect("xml");
    // The main curve: one polyline in the primary colour with a point per sample.
    let curve_points = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some("#0072B2"))
        .map(|n| {
            n.attribute("points")
                .unwrap_or("")
                .split_whitespace()
                .count()
        })
        .max()
        .expect("a curve");
    assert_eq!(curve_points, amdahl.lines[0].points.len());
    assert_eq!(curve_points, 121);
    let texts = texts(&doc);
    // f = 0.82: ceiling 1 / 0.18 = 5.56×; the SLO needs 800/240 = 3.33×.
    assert!(
        texts.iter().any(|t| t == "ceiling 1/(1 − f) = 5.56×"),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == "SLO needs 3.33×"));
    assert!(texts.iter().any(|t| t == "total speedup (×)"));
}

#[test]
fn png_scale_doubles_the_pixels_and_exports_are_deterministic() {
    let charts = charts_of(sample("funding-memo.ron"));
    let timeline = charts
        .iter()
        .find(|c| c.name() == "timeline")
        .expect("timeline");
    let size = Size {
        width: 640,
        height: 400,
        scale: 2,
    };
    let png = export::png(timeline, size).expect("png");
    let image = image::load_from_memory(&png).expect("decodes");
    assert_eq!((image.width(), image.height()), (1280, 800));
    assert_eq!(export::png(timeline, size).expect("again"), png);
    let svg = export::svg(timeline, size).expect("svg");
    assert_eq!(export::svg(timeline, size).expect("again"), svg);
}

#[test]
fn absurd_sizes_are_refused() {
    let charts = charts_of(sample("rtb-matrix.ron"));
    let tiny = Size {
        width: 10,
        height: 10,
        scale: 1,
    };
    assert!(export::svg(&charts[0], tiny).is_err());
    // 8000×8000 at scale 4 is a billion pixels (3 GB to draw): refused
    // before anything is allocated, with the limit named; SVG has no pixels.
    let huge = Size {
        width: 8000,
        height: 8000,
        scale: 4,
    };
    let err = export::png(&charts[0], huge).expect_err("too many pixels");
    assert!(
        err.to_string()
            .contains("32000×32000 pixels (8000×8000 at scale 4) is more than 40 million"),
        "{err}"
    );
    assert!(export::svg(&charts[0], huge).is_ok());
}

fn perfcase(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_perfcase"))
        .args(args)
        .output()
        .expect("run perfcase")
}

fn sample_path(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn the_cli_lists_and_exports_charts() {
    let list = perfcase(&["charts", &sample_path("funding-memo.ron")]);
    assert!(list.status.success());
    let names: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    assert_eq!(
        names,
        [
            "amdahl",
            "time",
            "ranking",
            "sweep",
            "win",
            "timeline",
            "break_even",
            "payback_dist",
            "tornado_payback",
            "tornado_margin",
            "voi"
        ]
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("ranking.png");
    let run = perfcase(&[
        "export",
        &sample_path("rtb-matrix.ron"),
        "--chart",
        "ranking",
        "--out",
        out.to_str().expect("utf-8"),
        "--width",
        "800",
        "--height",
        "300",
        "--scale",
        "2",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let image = image::open(&out).expect("png");
    assert_eq!((image.width(), image.height()), (1600, 600));

    let all = perfcase(&[
        "export",
        &sample_path("orders-trace.ron"),
        "--all",
        "--out-dir",
        dir.path().join("all").to_str().expect("utf-8"),
    ]);
    assert!(all.status.success());
    for file in ["amdahl.svg", "amdahl.png", "time.svg", "time.png"] {
        assert!(dir.path().join("all").join(file).exists(), "{file}");
    }
}

#[test]
fn the_cli_names_what_is_wrong() {
    let dir = tempfile::tempdir().expect("temp dir");
    let unknown = perfcase(&[
        "export",
        &sample_path("rtb-matrix.ron"),
        "--chart",
        "pie",
        "--out",
        dir.path().join("x.svg").to_str().expect("utf-8"),
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("no chart named \"pie\"") && stderr.contains("ranking, sweep"),
        "{stderr}"
    );
    let bad_ext = perfcase(&[
        "export",
        &sample_path("rtb-matrix.ron"),
        "--chart",
        "ranking",
        "--out",
        dir.path().join("x.jpg").to_str().expect("utf-8"),
    ]);
    assert_eq!(bad_ext.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad_ext.stderr).contains("must end in .svg or .png"));
    assert_eq!(
        perfcase(&["export", &sample_path("rtb-matrix.ron")])
            .status
            .code(),
        Some(2)
    );
}

/// `export` draws a chart that is not marked as drawing uncertainty without
/// running the Monte Carlo; that is right only if such a chart is the same
/// with and without a run. Every sample with ranges holds every chart to it
/// (compared as SVG), and the CLI's export equals the drawing with the run.
#[test]
fn charts_marked_deterministic_are_the_same_without_a_monte_carlo() {
    let mut checked = 0;
    for s in samples::ALL {
        let scenario = s.scenario().expect("sample");
        let eval = evaluate(&scenario);
        let Some(views) = chart::views_for(&scenario, &eval) else {
            continue;
        };
        let without = chart::all(&scenario, &eval, None);
        for with in chart::all(&scenario, &eval, Some(&views)) {
            if with.id.draws_uncertainty() {
                continue;
            }
            let plain = without.iter().find(|c| c.id == with.id).unwrap_or_else(|| {
                panic!("{}: {} exists only with a run", s.file_name, with.name())
            });
            let size = Size::default();
            assert!(
                export::svg(plain, size).expect("svg") == export::svg(&with, size).expect("svg"),
                "{}: {} changes with the Monte Carlo but is not marked so",
                s.file_name,
                with.name()
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} charts compared");
    // Through the CLI: `time` of a ranged scenario, byte for byte.
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("time.svg");
    let run = perfcase(&[
        "export",
        &sample_path("uncertain-rewrite.ron"),
        "--chart",
        "time",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let scenario = sample("uncertain-rewrite.ron").scenario().expect("sample");
    let eval = evaluate(&scenario);
    let views = chart::views_for(&scenario, &eval);
    let time = chart::all(&scenario, &eval, views.as_ref())
        .into_iter()
        .find(|c| c.name() == "time")
        .expect("time chart");
    assert!(
        std::fs::read_to_string(&out).expect("read")
            == export::svg(&time, Size::default()).expect("svg"),
        "the CLI's time chart differs from the one drawn with the run"
    );
}
