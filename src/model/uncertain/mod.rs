//! Uncertainty: ranges on any input, Monte Carlo over the compiled model,
//! summaries, probabilities, win shares and the tornado.
//!
//! Pure like the rest of the model: no egui, no I/O. [`analyze`] is what
//! `eval --json` prints under `uncertainty`; the GUI runs the same
//! [`monte_carlo::Plan`] on a background thread with extra outputs for its
//! bands and fan charts.

pub mod compiled;
pub mod monte_carlo;
pub mod rank;
pub mod summary;
pub mod tornado;
pub mod views;
pub mod voi;

use serde::Serialize;
use serde_json::{Map, Value};

use self::monte_carlo::{Output, Plan, Samples};
use self::summary::{Summary, summarize};
use self::tornado::TornadoRow;
use crate::model::outputs::{Metric, Probability};
use crate::model::quantity::distribution::Distribution;
use crate::model::{Scenario, Shape};

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
    /// What the input measures (for people; not in the JSON).
    #[serde(skip)]
    pub unit: crate::model::unit::Unit,
    /// The label of the input it is drawn together with (the same
    /// percentile in every sample), if any; not in the JSON.
    #[serde(skip)]
    pub drawn_with: Option<String>,
}

/// One row's share of the samples (a matrix candidate's wins, a trade-off
/// row's turns as best or cheapest).
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    /// The row's name.
    pub name: String,
    /// Its share of the samples.
    pub probability: f64,
}

/// Everything `eval --json` prints under `uncertainty`, with typed lookups
/// for the panels and the memo.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Uncertainty {
    /// Samples drawn.
    pub samples: u64,
    /// Why fewer samples were drawn than asked for, if they were.
    #[serde(skip)]
    pub limited: Option<monte_carlo::SampleLimit>,
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
    /// EVPI and each input's EVPPI, per decision present (empty when the
    /// scenario decides nothing: a load or cost model alone).
    pub value_of_information: Vec<voi::DecisionValue>,
    /// Each recorded metric's summary, in recording order.
    #[serde(skip)]
    pub summaries: Vec<(Metric, Summary)>,
    /// Each probability the scenario asks, with its value.
    #[serde(skip)]
    pub shares_yes: Vec<(Probability, f64)>,
    /// Each matrix candidate's total, in file order.
    #[serde(skip)]
    pub matrix_totals: Vec<Summary>,
    /// Each candidate's share of wins, in file order.
    #[serde(skip)]
    pub win_probability: Vec<Share>,
    /// Each trade-off row's total per month and p99, in row order.
    #[serde(skip)]
    pub rows: Vec<(Summary, Summary)>,
    /// How often each trade-off row is the best (cheapest meeting the SLO).
    #[serde(skip)]
    pub best_share: Vec<Share>,
    /// How often each trade-off row is the cheapest.
    #[serde(skip)]
    pub cheapest_share: Vec<Share>,
}

impl Uncertainty {
    /// The label of the ranged input at `path` ("monthly cost"), or the
    /// path itself when no ranged input has it.
    pub fn input_label(&self, path: &str) -> String {
        self.inputs
            .iter()
            .find(|i| i.path == path)
            .map_or_else(|| path.to_owned(), |i| i.label.clone())
    }

    /// The summary of `metric`, when the run recorded it.
    pub fn summary(&self, metric: Metric) -> Option<Summary> {
        self.summaries
            .iter()
            .find(|(m, _)| *m == metric)
            .map(|(_, s)| *s)
    }

    /// P(yes) of `probability`, when the scenario asks it.
    pub fn probability(&self, probability: Probability) -> Option<f64> {
        self.shares_yes
            .iter()
            .find(|(p, _)| *p == probability)
            .map(|(_, x)| *x)
    }

    /// The tornado's rows for one output, largest swing first.
    pub fn tornado_for(&self, output: Metric) -> impl Iterator<Item = &TornadoRow> {
        self.tornado.iter().filter(move |row| row.output == output)
    }

    /// The output whose tornado a reader should see first (see
    /// [`Metric::TORNADO_BY_WEIGHT`]), when any input moves one.
    pub fn lead_tornado(&self) -> Option<Metric> {
        Metric::TORNADO_BY_WEIGHT
            .into_iter()
            .find(|&m| self.tornado_for(m).next().is_some())
    }
}

/// Runs the Monte Carlo and the tornado for `scenario`; `None` when nothing
/// is uncertain.
pub fn analyze(scenario: &Scenario, samples: u64, seed: u64) -> Option<Uncertainty> {
    let plan = Plan::new(scenario, &[])?;
    // More than memory can index is more than any limit allows.
    let samples = usize::try_from(samples).unwrap_or(usize::MAX).max(1);
    let run = plan.run(samples, seed);
    Some(assemble(scenario, &plan, run))
}

/// The `uncertainty` block of a finished run.
pub fn assemble(scenario: &Scenario, plan: &Plan, mut run: Samples) -> Uncertainty {
    let n = run.samples as f64;
    // Before the summaries sort the columns: it needs them in sample order.
    let value_of_information = value_of_information(plan, &run);
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
    let row_name = |i: usize| rows.get(i).cloned().unwrap_or_default();
    let mut summaries = Vec::new();
    let mut matrix_totals = Vec::new();
    let mut row_summaries = vec![(Summary::default(), Summary::default()); rows.len()];
    // Column by column in parallel: each summary selects within its own
    // column, and the columns are independent.
    let column_summaries: Vec<Summary> = {
        use rayon::prelude::*;
        run.columns.par_iter_mut().map(|c| summarize(c)).collect()
    };
    for (output, summary) in plan.outputs.iter().zip(column_summaries) {
        match *output {
            Output::Metric(metric) => {
                insert_path(&mut sections, &metric.path(), to_value(summary));
                summaries.push((metric, summary));
            }
            Output::MatrixTotal(_) => matrix_totals.push(summary),
            Output::RowTotal(i) => row_summaries[i].0 = summary,
            Output::RowP99(i) => row_summaries[i].1 = summary,
            Output::Cumulative(_) | Output::AmdahlAt(_) => {}
        }
    }
    let share_list = |counts: &[f64], name: &dyn Fn(usize) -> String| -> Vec<Share> {
        counts
            .iter()
            .enumerate()
            .map(|(i, count)| Share {
                name: name(i),
                probability: count / n,
            })
            .collect()
    };
    let win_probability = share_list(&run.wins, &names);
    let best_share = share_list(&run.best, &row_name);
    let cheapest_share = share_list(&run.cheapest, &row_name);
    if plan.candidates > 0 {
        let totals = matrix_totals
            .iter()
            .enumerate()
            .map(|(c, summary)| named("candidate", names(c), *summary))
            .collect();
        let matrix = section(&mut sections, "matrix");
        matrix.insert("totals".into(), Value::Array(totals));
        matrix.insert(
            "win_probability".into(),
            shares_json(&win_probability, "candidate"),
        );
    }
    if plan.tradeoff_rows > 0 {
        let choices = row_summaries
            .iter()
            .enumerate()
            .map(|(i, (total, p99))| {
                let mut row = Map::new();
                row.insert("choice".into(), Value::String(row_name(i)));
                // The row's summarised outputs, under its record's keys.
                row.insert(Metric::TotalPerMonth.key().into(), to_value(*total));
                row.insert(ROW_P99.into(), to_value(*p99));
                Value::Object(row)
            })
            .collect();
        let tradeoff = section(&mut sections, "tradeoff");
        tradeoff.insert("choices".into(), Value::Array(choices));
        tradeoff.insert("best_share".into(), shares_json(&best_share, "choice"));
        tradeoff.insert(
            "cheapest_share".into(),
            shares_json(&cheapest_share, "choice"),
        );
    }
    let mut probabilities = Map::new();
    let mut shares_yes = Vec::new();
    for (&p, yes) in plan.probabilities.iter().zip(&run.yes) {
        let share = *yes as f64 / n;
        probabilities.insert(p.key().into(), number(share));
        shares_yes.push((p, share));
    }
    Uncertainty {
        samples: run.samples,
        limited: run.limited,
        seed: run.seed,
        inputs,
        sections,
        probabilities,
        tornado: tornado::tornado(scenario),
        value_of_information,
        summaries,
        shares_yes,
        matrix_totals,
        win_probability,
        rows: row_summaries,
        best_share,
        cheapest_share,
    }
}

/// The value of information of the plan's decisions
/// ([`voi::decisions`]), their options' values read from the run's
/// columns, against the inputs' draws.
fn value_of_information(plan: &Plan, run: &Samples) -> Vec<voi::DecisionValue> {
    use std::borrow::Cow;
    use voi::OptionValue;
    let n = run.samples as usize;
    let decisions: Vec<voi::Options<'_>> = voi::decisions(plan)
        .into_iter()
        .map(|d| voi::Options {
            decision: d.name,
            values: d
                .options
                .iter()
                .map(|&option| match option {
                    OptionValue::Column(i) => Cow::Borrowed(&run.columns[i][..]),
                    OptionValue::Negated(i) => {
                        Cow::Owned(run.columns[i].iter().map(|x| -x).collect())
                    }
                    OptionValue::Zero => Cow::Owned(vec![0.0; n]),
                })
                .collect(),
        })
        .collect();
    if decisions.is_empty() {
        return Vec::new();
    }
    let paths: Vec<String> = plan.inputs.iter().map(|i| i.path.clone()).collect();
    voi::value_of_information(decisions, &run.draws, &paths)
}

/// The key of a trade-off row's p99 under `uncertainty.tradeoff.choices`
/// (its total is under [`Metric::TotalPerMonth`]'s key, as in the record).
const ROW_P99: &str = "p99_ms";

/// `{key: name, …summary}`: a list row's summary, keyed by the row's name.
fn named(key: &str, name: String, summary: Summary) -> Value {
    let mut row = Map::new();
    row.insert(key.into(), Value::String(name));
    if let Value::Object(stats) = to_value(summary) {
        row.extend(stats);
    }
    Value::Object(row)
}

/// Shares as `[{key: name, "probability": share}]`.
fn shares_json(shares: &[Share], key: &str) -> Value {
    Value::Array(
        shares
            .iter()
            .map(|s| {
                let mut row = Map::new();
                row.insert(key.into(), Value::String(s.name.clone()));
                row.insert("probability".into(), number(s.probability));
                Value::Object(row)
            })
            .collect(),
    )
}

/// The `inputs` rows: every range in file order with its analytic percentiles.
pub fn input_rows(scenario: &Scenario, clamped: &[u64]) -> Vec<InputRow> {
    let mut rows: Vec<InputRow> = crate::model::sites::sites(scenario)
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
            unit: site.unit,
            drawn_with: None,
        })
        .collect();
    if scenario.uses_format_3() {
        for (first, second) in monte_carlo::DRAWN_TOGETHER {
            let at = |path: &str| rows.iter().position(|r| r.path == path);
            if let (Some(a), Some(b)) = (at(first), at(second)) {
                rows[a].drawn_with = Some(rows[b].label.clone());
                rows[b].drawn_with = Some(rows[a].label.clone());
            }
        }
    }
    rows
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
