//! The parsers under fuzzing and what each must never do with any input:
//! panic, hang, or accept it and then produce NaN, an unloadable save, or
//! an error that does not name the file.

use std::path::{Path, PathBuf};

use perfcase::chart;
use perfcase::import::{self, Format, Options};
use perfcase::model::load::{Load, Usl, fit_usl, points_from_csv};
use perfcase::model::{Scenario, evaluate, uncertain, validate};
use perfcase::report;
use perfcase::scenario_file;

use super::engine::{Target, Verdict};

/// The name every fuzzed scenario is "read from".
const FILE: &str = "fuzzed.ron";
/// Samples per Monte Carlo run while fuzzing: enough to reach every
/// summary, few enough for thousands of inputs a second.
const SAMPLES: u64 = 48;

/// Every target, in the order runs take them.
pub fn all() -> Vec<Target> {
    let json_seeds = || {
        seeds(&[
            "fuzz/corpus/jaeger.json",
            "fuzz/corpus/otlp.json",
            "fuzz/corpus/zipkin.json",
            "fuzz/corpus/chrome.json",
            "fuzz/corpus/speedscope.json",
            "samples/imports/checkout-trace.json",
        ])
    };
    let mut targets = vec![Target {
        name: "scenario",
        seeds: scenario_seeds(),
        run: scenario,
    }];
    for (name, run, first) in [
        (
            "jaeger",
            jaeger as super::engine::Run,
            "fuzz/corpus/jaeger.json",
        ),
        ("otlp", otlp, "fuzz/corpus/otlp.json"),
        ("zipkin", zipkin, "fuzz/corpus/zipkin.json"),
        ("chrome", chrome, "fuzz/corpus/chrome.json"),
        ("speedscope", speedscope, "fuzz/corpus/speedscope.json"),
    ] {
        // Its own format's seed twice: the others are there to be confused.
        let mut s = json_seeds();
        s.extend(seeds(&[first]));
        targets.push(Target {
            name,
            seeds: s,
            run,
        });
    }
    targets.push(Target {
        name: "folded",
        seeds: seeds(&[
            "fuzz/corpus/folded.txt",
            "samples/imports/json-service.folded",
        ]),
        run: folded,
    });
    targets.push(Target {
        name: "pprof",
        seeds: seeds(&["fuzz/corpus/pprof.pb", "fuzz/corpus/pprof.pb.gz"]),
        run: pprof,
    });
    targets.push(Target {
        name: "usl-csv",
        seeds: seeds(&[
            "fuzz/corpus/usl.csv",
            "tests/data/usl/cisco.csv",
            "tests/data/usl/specsdm91.csv",
            "tests/data/usl/raytracer.csv",
        ]),
        run: usl_csv,
    });
    targets
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeds(paths: &[&str]) -> Vec<Vec<u8>> {
    paths
        .iter()
        .map(|p| {
            let path = root().join(p);
            std::fs::read(&path).unwrap_or_else(|e| panic!("seed {}: {e}", path.display()))
        })
        .collect()
}

/// Every `.ron` under `samples/` and `tests/data/formats/`: formats 1 and 2.
fn scenario_seeds() -> Vec<Vec<u8>> {
    let mut found = Vec::new();
    for dir in ["samples", "samples/imports", "tests/data/formats"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect();
        paths.sort();
        for p in paths {
            if let Ok(bytes) = std::fs::read(&p) {
                found.push(bytes);
            }
        }
    }
    assert!(found.len() >= 10, "scenario seeds missing: {}", found.len());
    found
}

/// The scenario loader and everything a loaded file feeds: evaluation, a
/// small Monte Carlo run, `eval --json`, every chart (exported as SVG) and
/// the canonical save, which must load again.
fn scenario(bytes: &[u8]) -> Result<Verdict, String> {
    let path = Path::new(FILE);
    let mut scenario = match scenario_file::from_bytes(bytes.to_vec(), path) {
        Ok(s) => s,
        Err(e) => {
            let message = e.to_string();
            if !message.contains(FILE) {
                return Err(format!("an error without the file's name: {message}"));
            }
            if message.len() > 4000 {
                return Err(format!("an error of {} bytes", message.len()));
            }
            return Ok(Verdict::Rejected);
        }
    };
    scenario.monte_carlo.samples = scenario.monte_carlo.samples.min(SAMPLES);
    outputs(&scenario)?;
    let saved = scenario_file::to_string(&scenario);
    let again = scenario_file::from_str(&saved, path)
        .map_err(|e| format!("the canonical save does not load: {e}\n{saved}"))?;
    if scenario_file::to_string(&again) != saved {
        return Err("the canonical save is not stable".into());
    }
    Ok(Verdict::Accepted)
}

/// Evaluates `scenario` as `eval --json` and the charts do, checking that
/// no number is NaN and every chart either draws or says why it cannot.
fn outputs(scenario: &Scenario) -> Result<(), String> {
    let evaluation = evaluate(scenario);
    let uncertainty = uncertain::analyze(
        scenario,
        scenario.monte_carlo.samples,
        scenario.monte_carlo.seed,
    );
    no_nan("the evaluation", &evaluation)?;
    if let Some(u) = &uncertainty {
        no_nan("the uncertainty summary", u)?;
    }
    let json = report::json(&evaluation, uncertainty.as_ref());
    if serde_json::from_str::<serde_json::Value>(&json).is_err() {
        return Err("eval --json is not JSON".into());
    }
    let views = chart::views_for(scenario, &evaluation);
    let size = chart::export::Size {
        width: 400,
        height: 300,
        scale: 1,
    };
    for c in chart::all(scenario, &evaluation, views.as_ref()) {
        match chart::export::svg(&c, size) {
            Ok(_) | Err(chart::export::ExportError::Undrawable(_)) => {}
            Err(e) => return Err(format!("chart {} fails: {e}", c.name())),
        }
    }
    Ok(())
}

/// Fails if `value` serialises with a NaN anywhere (outside strings). RON
/// keeps NaN as `NaN` where JSON would hide it as `null`.
fn no_nan(what: &str, value: &impl serde::Serialize) -> Result<(), String> {
    let text = ron::to_string(value).map_err(|e| format!("{what} does not serialise: {e}"))?;
    let bytes = text.as_bytes();
    let (mut in_string, mut escaped) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if bytes[i..].starts_with(b"NaN")
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
        {
            let from = i.saturating_sub(120);
            return Err(format!(
                "{what} has NaN: …{}",
                String::from_utf8_lossy(&bytes[from..i + 3])
            ));
        }
    }
    Ok(())
}

/// An importer with its format forced (detection is skipped, so every
/// input reaches the parser), then the scenario it makes, which must be
/// valid, evaluate without NaN and survive a save and load.
fn import_as(bytes: &[u8], format: Format) -> Result<Verdict, String> {
    let options = Options {
        format: Some(format),
        ..Options::default()
    };
    // Detection must not panic either.
    let _ = import::detect(bytes);
    let imported = match import::import(bytes, "fuzzed-input", &options) {
        Ok(i) => i,
        Err(e) => {
            let message = e.to_string();
            if message.is_empty() || message.len() > 4000 {
                return Err(format!("an unhelpful error: {message:?}"));
            }
            return Ok(Verdict::Rejected);
        }
    };
    let mut scenario = imported.scenario(&options.kinds, options.max_spans);
    let errors = validate(&scenario);
    if !errors.is_empty() {
        return Err(format!(
            "the imported scenario is invalid: {}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    scenario.monte_carlo.samples = SAMPLES;
    no_nan("the evaluation", &evaluate(&scenario))?;
    let saved = scenario_file::to_string(&scenario);
    scenario_file::from_str(&saved, Path::new(FILE))
        .map_err(|e| format!("the imported scenario's save does not load: {e}"))?;
    Ok(Verdict::Accepted)
}

fn jaeger(bytes: &[u8]) -> Result<Verdict, String> {
    import_as(bytes, Format::Jaeger)
}
fn otlp(bytes: &[u8]) -> Result<Verdict, String> {
    import_as(bytes, Format::Otlp)
}
fn zipkin(bytes: &[u8]) -> Result<Verdict, String> {
    import_as(bytes, Format::Zipkin)
}
fn chrome(bytes: &[u8]) -> Result<Verdict, String> {
    import_as(bytes, Format::Chrome)
}
fn speedscope(bytes: &[u8]) -> Result<Verdict, String> {
    import_as(bytes, Format::Speedscope)
}
fn folded(bytes: &[u8]) -> Result<Verdict, String> {
    import_as(bytes, Format::Folded)
}
fn pprof(bytes: &[u8]) -> Result<Verdict, String> {
    import_as(bytes, Format::Pprof)
}

/// The load panel's CSV reader, then the USL fit and, when the points make
/// a valid load test, the scenario's evaluation.
fn usl_csv(bytes: &[u8]) -> Result<Verdict, String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(Verdict::Rejected);
    };
    let points = match points_from_csv(text) {
        Ok(p) => p,
        Err(e) if e.is_empty() => return Err("an empty error".into()),
        Err(_) => return Ok(Verdict::Rejected),
    };
    if let Some(fit) = fit_usl(&points) {
        no_nan("the USL fit", &fit)?;
    }
    let scenario = Scenario {
        load: Some(Load {
            queue: None,
            usl: Some(Usl { points }),
        }),
        ..Scenario::default()
    };
    if !validate(&scenario).is_empty() {
        return Ok(Verdict::Rejected);
    }
    outputs(&scenario)?;
    Ok(Verdict::Accepted)
}
