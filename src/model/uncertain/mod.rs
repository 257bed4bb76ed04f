//! Uncertainty: ranges on any input, Monte Carlo over the compiled model,
//! summaries, probabilities, win shares and the tornado.
//!
//! Pure like the rest of the model: no egui, no I/O. [`analyze`] is what
//! `eval --json` prints under `uncertainty`; the GUI runs the same
//! [`monte_carlo::Plan`] on a background thread with extra outputs for its
//! bands and fan charts.

pub mod compiled;
pub mod distribution;
pub mod monte_carlo;
pub mod quantity;
pub mod sites;
pub mod summary;
pub mod tornado;
pub mod views;

pub use quantity::{Quantity, Range, Shape};

use serde::Serialize;
use serde_json::{Map, Value};

use self::distribution::Distribution;
use self::monte_carlo::{Output, Plan, Samples};
use self::summary::{Summary, summarize};
use self::tornado::TornadoRow;
use crate::model::Scenario;

/// One uncertain input as `uncertainty.inputs` lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputRow {
    /// The field path, as the RON file names it.
    pub path: String,
    /// For people.
    pub label: String,
    /// The range's low.
    pub low: f64,
    /// The range's high.
    pub high: f64,
    /// The resolved shape's name.
    pub shape: &'static str,
    /// PERT's mode (only on PERT rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<f64>,
    /// The point value deterministic outputs use.
    pub point: f64,
    /// The analytic 10th percentile (unclamped).
    pub p10: f64,
    /// The analytic 90th percentile (unclamped).
    pub p90: f64,
    /// How many samples' draws were clamped to the field's domain.
    pub clamped: u64,
}

/// Everything `eval --json` prints under `uncertainty`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Uncertainty {
    /// Samples drawn.
    pub samples: u64,
    /// The seed.
    pub seed: u64,
    /// The uncertain inputs, in file order.
    pub inputs: Vec<InputRow>,
    /// Summaries and shares per section, mirroring the deterministic keys.
    #[serde(flatten)]
    pub sections: Map<String, Value>,
    /// P(…) of every yes/no output the scenario has.
    pub probabilities: Map<String, Value>,
    /// One-at-a-time swings.
    pub tornado: Vec<TornadoRow>,
}

impl Uncertainty {
    /// The summary at a dotted path such as `payback.payback_months`.
    pub fn summary(&self, path: &str) -> Option<Summary> {
        let mut parts = path.split('.');
        let mut node = self.sections.get(parts.next()?)?;
        for part in parts {
            node = node.get(part)?;
        }
        serde_json::from_value(node.clone()).ok()
    }

    /// P(key), e.g. `payback_within_target`.
    pub fn probability(&self, key: &str) -> Option<f64> {
        self.probabilities.get(key)?.as_f64()
    }

    /// The tornado's rows for one output, largest swing first.
    pub fn tornado_for<'a>(&'a self, output: &'a str) -> impl Iterator<Item = &'a TornadoRow> {
        self.tornado.iter().filter(move |row| row.output == output)
    }
}

/// Runs the Monte Carlo and the tornado for `scenario`; `None` when nothing
/// is uncertain.
pub fn analyze(scenario: &Scenario, samples: u64, seed: u64) -> Option<Uncertainty> {
    let plan = Plan::new(scenario, &[])?;
    let samples = usize::try_from(samples).ok()?.max(1);
    let run = plan.run(samples, seed);
    Some(assemble(scenario, &plan, run))
}

/// The `uncertainty` JSON of a finished run.
pub fn assemble(scenario: &Scenario, plan: &Plan, mut run: Samples) -> Uncertainty {
    let n = run.samples as f64;
    let inputs = input_rows(scenario, &run.clamped);
    let mut sections = Map::new();
    let names = |c: usize| -> String {
        scenario
            .matrix
            .as_ref()
            .and_then(|m| m.candidates.get(c))
            .map_or_else(String::new, |c| c.name.clone())
    };
    let rows: Vec<String> = scenario
        .tradeoff
        .as_ref()
        .map(|t| t.row_names().map(str::to_owned).collect())
        .unwrap_or_default();
    let mut matrix_totals = Vec::new();
    let mut row_stats: Vec<Map<String, Value>> = vec![Map::new(); rows.len()];
    for (output, column) in plan.outputs.iter().zip(&mut run.columns) {
        let summary = to_value(summarize(column));
        match *output {
            Output::Scalar(path, _) => insert_path(&mut sections, path, summary),
            Output::MatrixTotal(c) => {
                let mut row = Map::new();
                row.insert("candidate".into(), Value::String(names(c)));
                if let Value::Object(stats) = summary {
                    row.extend(stats);
                }
                matrix_totals.push(Value::Object(row));
            }
            Output::MatrixMargin => insert_path(&mut sections, "matrix.margin", summary),
            Output::RowTotal(i) => {
                row_stats[i].insert("total_per_month".into(), summary);
            }
            Output::RowP99(i) => {
                row_stats[i].insert("p99_ms".into(), summary);
            }
            Output::Cumulative(_) | Output::AmdahlAt(_) => {}
        }
    }
    if plan.candidates > 0 {
        let matrix = section(&mut sections, "matrix");
        matrix.insert("totals".into(), Value::Array(matrix_totals));
        matrix.insert(
            "win_probability".into(),
            shares(&run.wins, n, "candidate", &names),
        );
    }
    if plan.tradeoff_rows > 0 {
        let row_name = |i: usize| rows.get(i).cloned().unwrap_or_default();
        let choices = row_stats
            .into_iter()
            .enumerate()
            .map(|(i, stats)| {
                let mut row = Map::new();
                row.insert("choice".into(), Value::String(row_name(i)));
                row.extend(stats);
                Value::Object(row)
            })
            .collect();
        let tradeoff = section(&mut sections, "tradeoff");
        tradeoff.insert("choices".into(), Value::Array(choices));
        tradeoff.insert(
            "best_share".into(),
            shares(&run.best, n, "choice", &row_name),
        );
        tradeoff.insert(
            "cheapest_share".into(),
            shares(&run.cheapest, n, "choice", &row_name),
        );
    }
    let mut probabilities = Map::new();
    for (p, yes) in plan.probabilities.iter().zip(&run.yes) {
        probabilities.insert(p.key.into(), number(*yes as f64 / n));
    }
    Uncertainty {
        samples: run.samples,
        seed: run.seed,
        inputs,
        sections,
        probabilities,
        tornado: tornado::tornado(scenario),
    }
}

/// Counts over `n` samples as `[{key: name(i), "probability": count / n}]`:
/// the matrix's win shares and the trade-off's best and cheapest shares.
fn shares(counts: &[f64], n: f64, key: &str, name: &dyn Fn(usize) -> String) -> Value {
    Value::Array(
        counts
            .iter()
            .enumerate()
            .map(|(i, count)| {
                let mut row = Map::new();
                row.insert(key.into(), Value::String(name(i)));
                row.insert("probability".into(), number(count / n));
                Value::Object(row)
            })
            .collect(),
    )
}

/// The `inputs` rows: every range in file order with its analytic percentiles.
pub fn input_rows(scenario: &Scenario, clamped: &[u64]) -> Vec<InputRow> {
    sites::sites(scenario)
        .into_iter()
        .filter_map(|site| {
            let range = site.quantity.range()?;
            let d = Distribution::of(range)?;
            let shape = range.resolved_shape();
            Some((site, *range, d, shape))
        })
        .enumerate()
        .map(|(i, (site, range, d, shape))| InputRow {
            path: site.path,
            label: site.label,
            low: range.low,
            high: range.high,
            shape: shape.name(),
            mode: match shape {
                Shape::Pert { mode } => Some(mode),
                _ => None,
            },
            point: range.point(),
            p10: d.quantile(0.10),
            p90: d.quantile(0.90),
            clamped: clamped.get(i).copied().unwrap_or(0),
        })
        .collect()
}

fn to_value(summary: Summary) -> Value {
    serde_json::to_value(summary).unwrap_or(Value::Null)
}

fn number(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

/// The object at `key` in `map`, created when absent.
fn section<'m>(map: &'m mut Map<String, Value>, key: &str) -> &'m mut Map<String, Value> {
    let entry = map
        .entry(key.to_owned())
        .or_insert_with(|| Value::Object(Map::new()));
    if !entry.is_object() {
        *entry = Value::Object(Map::new());
    }
    match entry {
        Value::Object(inner) => inner,
        _ => unreachable!("just made an object"),
    }
}

/// Inserts `value` at a dotted path such as `load.queue.utilization`.
fn insert_path(map: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        Some((head, rest)) => insert_path(section(map, head), rest, value),
        None => {
            map.insert(path.to_owned(), value);
        }
    }
}
