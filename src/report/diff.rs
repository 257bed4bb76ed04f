//! `perfcase diff`: what changed between two scenarios — the inputs that
//! differ and the deciding outputs of each section, A against B (DESIGN,
//! "Compare and diff").
//!
//! Inputs are compared on the files' structure, not their text: list rows
//! with a name (spans, criteria, candidates, instance types, choices,
//! cascades) are matched by name, so inserting a span does not mark every
//! later one as changed; an enum's variant name is left out of paths, as
//! elsewhere; a range is written `low–high shape` with its default shape
//! resolved, so spelling the default out changes nothing.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::model::outputs::{Metric, Probability};
use crate::model::quantity::Shape;
use crate::model::sites::sites;
use crate::model::uncertain::Uncertainty;
use crate::model::unit::Unit;
use crate::model::{Evaluation, Scenario};

/// One input that differs; a side is null where the input (or its section
/// or named row) is absent.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputChange {
    /// The field as the RON file names it (B's row index when both have it).
    pub path: String,
    /// A's value: a number, a range as `low–high shape`, a name or a word.
    pub a: Value,
    /// B's value.
    pub b: Value,
}

/// One deciding output of A and B.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutputChange {
    /// Its path in `eval --json`.
    pub path: String,
    /// A's value (null where A lacks it or it is null).
    pub a: Value,
    /// B's value.
    pub b: Value,
    /// b − a for numbers, null otherwise.
    pub change: Option<f64>,
}

impl OutputChange {
    /// Whether A and B differ.
    pub fn changed(&self) -> bool {
        self.a != self.b
    }
}

/// What `diff --json` prints.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    /// Inputs whose value or range differs, in B's file order (A-only rows after).
    pub inputs: Vec<InputChange>,
    /// The deciding outputs of each section present in either, then every
    /// probability with ranges.
    pub outputs: Vec<OutputChange>,
}

impl Diff {
    /// Whether any deciding output changed.
    pub fn decision_changed(&self) -> bool {
        self.outputs.iter().any(OutputChange::changed)
    }
}

/// One side of a comparison: the scenario, its evaluation and its run.
pub struct Side<'a> {
    /// The scenario as read.
    pub scenario: &'a Scenario,
    /// Its evaluation.
    pub evaluation: &'a Evaluation,
    /// Its Monte Carlo run, with ranges.
    pub uncertainty: Option<&'a Uncertainty>,
}

/// A deciding output: a summarised number, or a name the section picks
/// (the matrix's winner, the trade-off's best and cheapest choice).
#[derive(Clone, Copy)]
enum Deciding {
    /// A typed metric.
    Number(Metric),
    /// `(section path, key)` of a name.
    Name(&'static str, &'static str),
}

impl Deciding {
    /// Its dotted path in `eval --json`.
    fn path(self) -> String {
        match self {
            Self::Number(m) => m.path(),
            Self::Name(section, key) => format!("{section}.{key}"),
        }
    }

    /// The section it belongs to, whose absence on both sides drops it.
    fn section(self) -> &'static str {
        match self {
            Self::Number(m) => m.section().path(),
            Self::Name(section, _) => section,
        }
    }
}

/// The deciding outputs, section by section (DESIGN's list).
const DECIDING: &[Deciding] = {
    use Deciding::{Name, Number};
    &[
        Number(Metric::TotalAfterAll),
        Number(Metric::AmdahlSpeedup),
        Name("matrix", "winner"),
        Number(Metric::MatrixMargin),
        Number(Metric::BreakEvenMonth),
        Number(Metric::Npv),
        Number(Metric::KillReduction),
        Number(Metric::PercentileResponse),
        Number(Metric::MonthsToBreach),
        Number(Metric::TotalPerMonth),
        Name("tradeoff", "best"),
        Name("tradeoff", "cheapest"),
    ]
};

/// Top-level fields that are words, not inputs.
const NOT_INPUTS: &[&str] = &[
    "format",
    "title",
    "notes",
    "currency",
    "evidence",
    "monte_carlo",
];

/// Compares A with B.
pub fn diff(a: &Side<'_>, b: &Side<'_>) -> Diff {
    let mut inputs = Vec::new();
    let (va, vb) = (scenario_value(a.scenario), scenario_value(b.scenario));
    compare(&mut inputs, "", Some(&va), Some(&vb));
    let (ea, eb) = (eval_value(a), eval_value(b));
    let mut outputs = Vec::new();
    for d in DECIDING {
        let present = |v: &Value| !lookup(v, d.section()).is_null();
        if present(&ea) || present(&eb) {
            let path = d.path();
            outputs.push(output(&path, lookup(&ea, &path), lookup(&eb, &path)));
        }
    }
    for p in Probability::ALL {
        let path = format!("uncertainty.probabilities.{}", p.key());
        let (x, y) = (lookup(&ea, &path), lookup(&eb, &path));
        if !x.is_null() || !y.is_null() {
            outputs.push(output(&path, x, y));
        }
    }
    Diff { inputs, outputs }
}

fn output(path: &str, a: Value, b: Value) -> OutputChange {
    let change = match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => Some(y - x),
        _ => None,
    };
    OutputChange {
        path: path.to_owned(),
        a,
        b,
        change,
    }
}

fn scenario_value(s: &Scenario) -> Value {
    let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.retain(|k, _| !NOT_INPUTS.contains(&k.as_str()));
        if let Some(Value::Object(p)) = map.get_mut("payback") {
            p.remove("driver");
        }
    }
    v
}

fn eval_value(side: &Side<'_>) -> Value {
    super::json_value(side.evaluation, side.uncertainty)
}

/// The value at a dotted path, or null.
fn lookup(v: &Value, path: &str) -> Value {
    path.split('.')
        .try_fold(v, |v, key| v.get(key))
        .cloned()
        .unwrap_or(Value::Null)
}

/// A range as serialised (`{low, high, shape?}`), written `low–high shape`.
fn as_range(v: &Value) -> Option<String> {
    let map = v.as_object()?;
    if !map.contains_key("low")
        || !map.contains_key("high")
        || map
            .keys()
            .any(|k| !matches!(k.as_str(), "low" | "high" | "shape"))
    {
        return None;
    }
    let (low, high) = (map["low"].as_f64()?, map["high"].as_f64()?);
    let shape = match map.get("shape") {
        None | Some(Value::Null) => Shape::default_for(low),
        Some(s) => serde_json::from_value(s.clone()).ok()?,
    };
    let shape = match shape {
        Shape::Pert { mode } => format!("Pert(mode: {mode})"),
        other => format!("{other:?}"),
    };
    Some(format!("{low}–{high} {shape}"))
}

/// An enum variant with data (`{"Cache": {…}}`): its name and its fields.
fn as_variant(v: &Value) -> Option<(&str, &Value)> {
    let map = v.as_object()?;
    let (name, inner) = map.iter().next().filter(|_| map.len() == 1)?;
    name.starts_with(|c: char| c.is_ascii_uppercase())
        .then_some((name.as_str(), inner))
}

/// A list whose every item is an object with a `name`: matched by name.
fn named_rows(v: &Value) -> Option<Vec<(String, &Value)>> {
    let items = v.as_array()?;
    if items.is_empty() {
        return Some(Vec::new());
    }
    let mut seen: Vec<String> = Vec::new();
    items
        .iter()
        .map(|item| {
            let name = item.get("name")?.as_str()?.to_owned();
            // A repeated name is matched by its occurrence.
            let n = seen.iter().filter(|s| **s == name).count();
            seen.push(name.clone());
            Some((
                if n == 0 {
                    name
                } else {
                    format!("{name}#{}", n + 1)
                },
                item,
            ))
        })
        .collect()
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Appends every difference under `path`; a side that is absent (a section,
/// a named row, an optional field) is null.
fn compare(out: &mut Vec<InputChange>, path: &str, a: Option<&Value>, b: Option<&Value>) {
    let (a, b) = (a.filter(|v| !v.is_null()), b.filter(|v| !v.is_null()));
    match (a, b) {
        (None, None) => {}
        (Some(x), Some(y)) => compare_present(out, path, x, y),
        (x, y) => {
            // Absent on one side: a leaf as itself; a section or a larger
            // structure as its key.
            let show = |v: Option<&Value>| {
                v.map_or(Value::Null, |v| {
                    leaf(v).unwrap_or_else(|| Value::String(last_key(path)))
                })
            };
            out.push(InputChange {
                path: path.to_owned(),
                a: show(x),
                b: show(y),
            });
        }
    }
}

fn last_key(path: &str) -> String {
    path.rsplit('.').next().unwrap_or(path).to_owned()
}

/// A number, a string, a bool or a range as one value; `None` for structure.
fn leaf(v: &Value) -> Option<Value> {
    if let Some(range) = as_range(v) {
        return Some(Value::String(range));
    }
    match v {
        Value::Object(_) | Value::Array(_) => None,
        other => Some(other.clone()),
    }
}

fn compare_present(out: &mut Vec<InputChange>, path: &str, a: &Value, b: &Value) {
    if let (Some(x), Some(y)) = (leaf(a), leaf(b)) {
        if x != y {
            out.push(InputChange {
                path: path.to_owned(),
                a: x,
                b: y,
            });
        }
        return;
    }
    if let (Some((na, ia)), Some((nb, ib))) = (as_variant(a), as_variant(b)) {
        if na != nb {
            out.push(InputChange {
                path: path.to_owned(),
                a: Value::String(na.to_owned()),
                b: Value::String(nb.to_owned()),
            });
        }
        return compare_present(out, path, ia, ib);
    }
    if let (Some(ra), Some(rb)) = (named_rows(a), named_rows(b))
        && !(ra.is_empty() && rb.is_empty())
    {
        // B's rows in order, then the rows only A has.
        for (i, (name, row)) in rb.iter().enumerate() {
            let at = format!("{path}[{i}]");
            match ra.iter().find(|(n, _)| n == name) {
                Some((_, old)) => compare_present(out, &at, old, row),
                None => out.push(InputChange {
                    path: at,
                    a: Value::Null,
                    b: Value::String(name.clone()),
                }),
            }
        }
        for (i, (name, _)) in ra.iter().enumerate() {
            if !rb.iter().any(|(n, _)| n == name) {
                out.push(InputChange {
                    path: format!("{path}[{i}]"),
                    a: Value::String(name.clone()),
                    b: Value::Null,
                });
            }
        }
        return;
    }
    match (a, b) {
        (Value::Object(ma), Value::Object(mb)) => {
            for (key, vb) in mb {
                compare(out, &join(path, key), ma.get(key), Some(vb));
            }
            for (key, va) in ma.iter().filter(|(k, _)| !mb.contains_key(*k)) {
                compare(out, &join(path, key), Some(va), None);
            }
        }
        (Value::Array(xa), Value::Array(xb)) => {
            for i in 0..xa.len().max(xb.len()) {
                let at = if xa.get(i).or(xb.get(i)).is_some_and(|v| leaf(v).is_some())
                    && path.ends_with(']')
                {
                    // A tuple's members (a load test's points): `.0`, `.1`.
                    format!("{path}.{i}")
                } else {
                    format!("{path}[{i}]")
                };
                compare(out, &at, xa.get(i), xb.get(i));
            }
        }
        (x, y) => {
            out.push(InputChange {
                path: path.to_owned(),
                a: leaf(x).unwrap_or_else(|| Value::String(last_key(path))),
                b: leaf(y).unwrap_or_else(|| Value::String(last_key(path))),
            });
        }
    }
}

/// The diff as a Markdown table fit for a pull-request comment: the
/// decisions that changed first (marked), then the others, then the inputs.
/// Numbers are shown for people in B's currency (A's for what only A has).
pub fn markdown(d: &Diff, a: &Scenario, b: &Scenario, a_name: &str, b_name: &str) -> String {
    let words = super::explain::Words::of(b);
    let units: Vec<(String, Unit)> = sites(b)
        .into_iter()
        .chain(sites(a))
        .map(|s| (s.path, s.unit))
        .collect();
    let mut out = String::new();
    let changed = d.outputs.iter().filter(|o| o.changed()).count();
    let _ = writeln!(
        out,
        "### perfcase diff: `{}` → `{}`\n",
        crate::format::markdown_cell(a_name),
        crate::format::markdown_cell(b_name)
    );
    let _ = writeln!(
        out,
        "{}\n",
        match changed {
            0 => "No deciding number changed.".to_owned(),
            1 => "**1 deciding number changed.**".to_owned(),
            n => format!("**{n} deciding numbers changed.**"),
        }
    );
    if !d.outputs.is_empty() {
        let _ = writeln!(out, "| | output | A | B | change |");
        let _ = writeln!(out, "|---|---|---:|---:|---:|");
        let mut rows: Vec<&OutputChange> = d.outputs.iter().filter(|o| o.changed()).collect();
        rows.extend(d.outputs.iter().filter(|o| !o.changed()));
        for o in rows {
            let (name, unit) = describe(&o.path);
            let show = |v: &Value| cell(v, unit, &words, "—");
            let change = show_change(o.change, unit, &words).unwrap_or_else(|| "—".to_owned());
            let _ = writeln!(
                out,
                "| {} | {name} | {} | {} | {change} |",
                if o.changed() { "**changed**" } else { "" },
                show(&o.a),
                show(&o.b),
            );
        }
        let _ = writeln!(out);
    }
    if d.inputs.is_empty() {
        let _ = writeln!(out, "No input differs.");
    } else {
        let _ = writeln!(out, "| input | A | B |");
        let _ = writeln!(out, "|---|---:|---:|");
        for i in &d.inputs {
            let unit = units.iter().find(|(p, _)| *p == i.path).map(|(_, u)| *u);
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                crate::format::markdown_cell(&i.path),
                cell(&i.a, unit, &words, "(absent)"),
                cell(&i.b, unit, &words, "(absent)")
            );
        }
    }
    out
}

/// An output's name for people and its unit ("Break-even month", months),
/// for the paths that name a metric or a probability.
pub fn output_name(path: &str) -> Option<(String, Unit)> {
    if let Some(m) = Metric::ALL.iter().find(|m| m.path() == path) {
        return Some((m.label().to_owned(), m.unit()));
    }
    Probability::ALL
        .iter()
        .find(|p| path == format!("uncertainty.probabilities.{}", p.key()))
        .map(|p| (format!("P({})", p.says()), Unit::Fraction))
}

/// "Break-even month (`payback.break_even_month`)" and its unit.
fn describe(path: &str) -> (String, Option<Unit>) {
    match output_name(path) {
        Some((name, unit)) => (
            format!("{} (`{path}`)", crate::format::markdown_cell(&name)),
            Some(unit),
        ),
        None => (format!("`{path}`"), None),
    }
}

/// A change for people: "+2.17 months", "−$392 k", "+14.2 pp" for a
/// fraction, "0"; `None` without a numeric change.
pub fn show_change(
    change: Option<f64>,
    unit: Option<Unit>,
    words: &super::explain::Words,
) -> Option<String> {
    Some(match (change?, unit) {
        (0.0, _) => "0".to_owned(),
        (x, Some(Unit::Fraction)) => {
            format!(
                "{} pp",
                signed(&crate::format::quantity(100.0 * x.abs()), x)
            )
        }
        (x, Some(unit)) => signed(&words.show(x.abs(), unit), x),
        (x, None) => signed(&crate::format::quantity(x.abs()), x),
    })
}

fn cell(v: &Value, unit: Option<Unit>, words: &super::explain::Words, null: &str) -> String {
    match (v, unit) {
        (Value::Null, _) => null.to_owned(),
        (Value::Number(n), Some(unit)) => n
            .as_f64()
            .map_or_else(|| n.to_string(), |x| words.show(x, unit)),
        (Value::Number(n), None) => n
            .as_f64()
            .map_or_else(|| n.to_string(), crate::format::short),
        (Value::String(s), _) => crate::format::markdown_cell(s),
        (other, _) => other.to_string(),
    }
}

/// `magnitude` with the sign of `x`: "+2.17 months", "−$392 k".
fn signed(magnitude: &str, x: f64) -> String {
    if x > 0.0 {
        format!("+{magnitude}")
    } else {
        format!("−{}", magnitude.trim_start_matches(['-', '−']))
    }
}

/// The memo's "What changed since" section: the diff against an earlier
/// version, as a section of its own.
pub fn since_section(d: &Diff, old: &Scenario, new: &Scenario, old_name: &str) -> String {
    let table = markdown(d, old, new, old_name, "this version");
    let body = table
        .split_once('\n')
        .map_or("", |(_, rest)| rest)
        .replace(
            "| | output | A | B | change |",
            "| | output | then | now | change |",
        )
        .replace("| input | A | B |", "| input | then | now |");
    format!(
        "## What changed since `{}`\n{body}\n",
        crate::format::markdown_cell(old_name)
    )
}
