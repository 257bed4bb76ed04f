//! Validation: inputs whose results would be meaningless, each reported with
//! the field path a user can find in the file (`budget.spans[3].time`).

use std::fmt;

use super::budget::Budget;
use super::cost::Cost;
use super::domain::{Domain, MAX_MAGNITUDE};
use super::load::Load;
use super::matrix::Matrix;
use super::payback::{MAX_HORIZON_MONTHS, Payback};
use super::quantity::Quantity;
use super::sites::{Section, section_sites};
use super::tradeoff::Tradeoff;
use super::{MonteCarlo, Scenario};
use crate::format::short;

/// One invalid input: where it is and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ValidationError {
    /// The field path, e.g. `budget.spans[3].time`.
    pub path: String,
    /// What is wrong, with the offending value.
    pub message: String,
}

/// Every problem in `scenario`, section by section in file order; empty
/// when it is valid. Within a section, every input is judged against its
/// declared domain first, then the checks that span several fields.
pub fn validate(scenario: &Scenario) -> Vec<ValidationError> {
    let mut v = Validator::default();
    text_checks(&mut v, scenario);
    for section in Section::ALL {
        input_checks(&mut v, scenario, section);
        match section {
            Section::Budget => scenario
                .budget
                .iter()
                .for_each(|b| budget_checks(&mut v, b)),
            Section::Matrix => scenario
                .matrix
                .iter()
                .for_each(|m| matrix_checks(&mut v, m)),
            Section::Payback => {
                let budget_unit = scenario.budget.as_ref().map(|b| b.unit);
                if let Some(p) = &scenario.payback {
                    payback_checks(&mut v, p, budget_unit);
                }
            }
            Section::Load => scenario.load.iter().for_each(|l| load_checks(&mut v, l)),
            Section::Cost => scenario.cost.iter().for_each(|c| cost_checks(&mut v, c)),
            Section::Tradeoff => {
                if let Some(t) = &scenario.tradeoff {
                    tradeoff_checks(&mut v, t);
                }
            }
        }
    }
    for path in super::evidence::unknown_paths(scenario, &scenario.evidence) {
        v.fail(
            "evidence",
            format!(
                "\"{}\" names no input of this scenario (paths as in uncertainty.inputs, e.g. budget.spans[0].time)",
                crate::format::clip(path, 80)
            ),
        );
    }
    let mc = scenario.monte_carlo;
    if !(1..=MonteCarlo::MAX_SAMPLES).contains(&mc.samples) {
        v.fail(
            "monte_carlo.samples",
            format!(
                "must be between 1 and {} (got {})",
                crate::format::grouped(MonteCarlo::MAX_SAMPLES as f64, 0),
                mc.samples
            ),
        );
    }
    v.errors
}

/// Every input of one section against its declared domain (its point
/// value), then the range itself: low < high, finite, a PERT mode inside, a
/// log-normal range above 0, nothing beyond [`MAX_MAGNITUDE`].
fn input_checks(v: &mut Validator, scenario: &Scenario, section: Section) {
    for site in section_sites(scenario, section) {
        if let Some(problem) = site.domain.problem(site.quantity.point()) {
            v.fail(site.path.clone(), problem);
        }
        let numbers = match site.quantity {
            Quantity::Value(x) => vec![*x],
            Quantity::Range(r) => vec![r.low, r.high],
        };
        if let Some(x) = numbers
            .into_iter()
            .find(|x| x.is_finite() && x.abs() > MAX_MAGNITUDE)
        {
            v.fail(site.path, too_big(x));
        } else if let Some(problem) = site.quantity.range().and_then(|r| r.problem()) {
            v.fail(site.path, problem);
        }
    }
}

/// The most attempts a retry policy may make: past a few dozen the backoff
/// alone outlasts any SLO.
const MAX_ATTEMPTS: u32 = 100;

/// The most servers a queue may have: the M/M/c evaluation is linear in
/// them (Erlang C by its recurrence), a million take a tenth of a second.
pub const MAX_SERVERS: u32 = 10_000_000;

fn too_big(x: f64) -> String {
    format!("is too large (got {}; at most 1e15 in size)", short(x))
}

/// Collects errors; each check names its field path.
#[derive(Default)]
struct Validator {
    errors: Vec<ValidationError>,
}

impl Validator {
    fn fail(&mut self, path: impl Into<String>, message: impl fmt::Display) {
        self.errors.push(ValidationError {
            path: path.into(),
            message: message.to_string(),
        });
    }

    /// A finite number; returns whether it was, so range checks can follow.
    fn finite(&mut self, path: &str, x: f64) -> bool {
        if x.is_finite() {
            true
        } else {
            self.fail(path, format!("must be a finite number (got {})", short(x)));
            false
        }
    }
}

/// The checks that span the spans: at least one, not all 0.
fn budget_checks(v: &mut Validator, b: &Budget) {
    if b.spans.is_empty() {
        v.fail("budget.spans", "a budget needs at least one span");
    }
    let times = || b.spans.iter().map(|s| s.time.point());
    let all_valid = times().all(|t| t.is_finite() && t >= 0.0);
    if !b.spans.is_empty() && all_valid && times().all(|t| t == 0.0) {
        v.fail(
            "budget.spans",
            "every span's time is 0: there is nothing to budget",
        );
    }
}

fn matrix_checks(v: &mut Validator, m: &Matrix) {
    let (lo, hi) = m.scale;
    if let Some(big) = [lo, hi].into_iter().find(|y| y.abs() > MAX_MAGNITUDE) {
        v.fail("matrix.scale", too_big(big));
    }
    if v.finite("matrix.scale", lo) && v.finite("matrix.scale", hi) && lo >= hi {
        v.fail(
            "matrix.scale",
            format!("the lowest score must be below the highest (got ({lo}, {hi}))"),
        );
    }
    if m.criteria.is_empty() {
        v.fail("matrix.criteria", "a matrix needs at least one criterion");
    }
    if m.candidates.is_empty() {
        v.fail("matrix.candidates", "a matrix needs at least one candidate");
    }
    let weights_valid = m.criteria.iter().all(|c| c.weight.point().is_finite());
    if !m.criteria.is_empty() && weights_valid && m.weight_sum() <= 0.0 {
        v.fail(
            "matrix.criteria",
            "the weights sum to 0: give at least one criterion a weight",
        );
    }
    for (c, candidate) in m.candidates.iter().enumerate() {
        let at = format!("matrix.candidates[{c}].scores");
        if candidate.scores.len() != m.criteria.len() {
            v.fail(
                &at,
                format!(
                    "{:?} has {} scores for {} criteria",
                    candidate.name,
                    candidate.scores.len(),
                    m.criteria.len()
                ),
            );
        }
    }
}

fn payback_checks(
    v: &mut Validator,
    p: &Payback,
    budget_unit: Option<crate::model::budget::TimeUnit>,
) {
    let has_budget = budget_unit.is_some();
    match (p.reduction_from, p.reduction) {
        // Derived from the budget: the given reduction is ignored.
        (Some(_), _) => {
            if !has_budget {
                v.fail(
                    "payback.reduction_from",
                    "derives the reduction from the budget, but the scenario has no budget section",
                );
            }
        }
        (None, Some(_)) => {}
        (None, None) => v.fail(
            "payback.reduction",
            "missing: give the measured reduction (0.55 = 55 %), or derive it with reduction_from: Language",
        ),
    }
    within(
        v,
        "payback.horizon_months",
        p.horizon_months,
        1.0,
        MAX_HORIZON_MONTHS,
    );
    if let Some(kill) = p.kill_below {
        within(v, "payback.kill_below", kill, 0.0, 1.0);
    }
    if p.latency_value.is_some() {
        match budget_unit {
            None => v.fail(
                "payback.latency_value",
                "prices the milliseconds the budget saves, but the scenario has no budget section",
            ),
            Some(crate::model::budget::TimeUnit::Percent) => v.fail(
                "payback.latency_value",
                "prices milliseconds, but the budget is a profile in percent: give a trace in milliseconds",
            ),
            Some(_) => {}
        }
    }
    // Compounded over the horizon, a huge growth overflows the bill.
    let growth = 1.0 + p.annual_bill_growth.point() / 12.0;
    let months = p.horizon_months.clamp(0.0, MAX_HORIZON_MONTHS);
    if growth.is_finite()
        && !(p.monthly_cost.point() * growth.powf(months) * p.horizon_months).is_finite()
    {
        v.fail(
            "payback.annual_bill_growth",
            format!(
                "compounded over {} months it grows the bill past any number (got {})",
                short(months),
                short(p.annual_bill_growth.point())
            ),
        );
    }
    if let Some(instances) = &p.instances {
        let (current, needed) = (instances.current.point(), instances.needed.point());
        let agree = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0);
        let (cost, reduction) = (instances.monthly_cost(), instances.reduction());
        let given = p.reduction.map_or(0.0, |q| q.point());
        // With reduction_from the agreement check is skipped (both halves).
        if p.reduction_from.is_none()
            && current > 0.0
            && needed <= current
            && !(agree(cost, p.monthly_cost.point()) && agree(reduction, given))
        {
            v.fail(
                "payback.instances",
                format!(
                    "{} → {} instances at {}/month mean monthly_cost {} and reduction {}, \
                     but the file says {} and {}",
                    short(current),
                    short(needed),
                    short(instances.price_per_month.point()),
                    short(cost),
                    short(reduction),
                    short(p.monthly_cost.point()),
                    short(given)
                ),
            );
        }
        if needed > current {
            v.fail(
                "payback.instances.needed",
                format!(
                    "needs more instances ({}) than today ({}): nothing is saved",
                    short(needed),
                    short(current)
                ),
            );
        }
    }
}

fn tradeoff_checks(v: &mut Validator, t: &Tradeoff) {
    if t.choices.is_empty() {
        v.fail("tradeoff.choices", "a trade-off needs at least one choice");
    }
    for (i, c) in t.choices.iter().enumerate() {
        let at = |f: &str| format!("tradeoff.choices[{i}].{f}");
        let (p50, p99) = (c.p50_ms.point(), c.p99_ms.point());
        if p50.is_finite() && p99.is_finite() && p99 < p50 {
            v.fail(
                at("p99_ms"),
                format!(
                    "a p99 below the p50 is impossible (p50 {} ms, p99 {} ms)",
                    short(p50),
                    short(p99)
                ),
            );
        }
    }
    for (i, c) in t.choices.iter().enumerate() {
        if t.choices[..i].iter().any(|earlier| earlier.name == c.name) {
            v.fail(
                format!("tradeoff.choices[{i}].name"),
                format!(
                    "{:?} names an earlier choice too: a cascade or a reader could not tell them apart",
                    crate::format::clip(&c.name, 80)
                ),
            );
        }
    }
    for (i, c) in t.cascades.iter().enumerate() {
        let at = |f: &str| format!("tradeoff.cascades[{i}].{f}");
        let known = |name: &str| t.choice_index(name).is_some();
        let choices = || {
            t.choices
                .iter()
                .map(|c| format!("{:?}", c.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !known(&c.first) {
            v.fail(
                at("first"),
                format!("no choice is named {:?} (choices: {})", c.first, choices()),
            );
        }
        if !known(&c.second) {
            v.fail(
                at("second"),
                format!("no choice is named {:?} (choices: {})", c.second, choices()),
            );
        } else if c.second == c.first {
            v.fail(
                at("second"),
                format!(
                    "names the same choice as first ({:?}): a cascade needs two",
                    c.first
                ),
            );
        }
    }
}

fn load_checks(v: &mut Validator, load: &Load) {
    if let Some(q) = &load.queue {
        if q.servers == 0 {
            v.fail("load.queue.servers", "needs at least one server");
        }
        if q.servers > MAX_SERVERS {
            v.fail(
                "load.queue.servers",
                format!(
                    "at most {} servers (got {}): model a larger fleet as several queues",
                    crate::format::grouped(f64::from(MAX_SERVERS), 0),
                    crate::format::grouped(f64::from(q.servers), 0)
                ),
            );
        }
        if let Some(r) = &q.retries
            && !(1..=MAX_ATTEMPTS).contains(&r.max_attempts)
        {
            v.fail(
                "load.queue.retries.max_attempts",
                format!(
                    "must be between 1 and {MAX_ATTEMPTS} attempts (got {})",
                    r.max_attempts
                ),
            );
        }
        match (&q.memory_per_request_mb, &q.memory_limit_mb) {
            (Some(_), None) => v.fail(
                "load.queue.memory_limit_mb",
                "is needed with memory_per_request_mb: give both or neither",
            ),
            (None, Some(_)) => v.fail(
                "load.queue.memory_per_request_mb",
                "is needed with memory_limit_mb: give both or neither",
            ),
            _ => {}
        }
        if let Some(target) = q.slo_target
            && v.finite("load.queue.slo_target", target)
            && !(target > 0.0 && target < 1.0)
        {
            v.fail(
                "load.queue.slo_target",
                format!("must be a share such as 0.999, above 0 and below 1 (got {target})"),
            );
        }
        if v.finite("load.queue.percentile", q.percentile)
            && !(q.percentile > 0.0 && q.percentile < 100.0)
        {
            v.fail(
                "load.queue.percentile",
                format!(
                    "must be a percentile such as 99 or 99.9 (got {})",
                    q.percentile
                ),
            );
        }
    }
    if let Some(usl) = &load.usl {
        if usl.points.len() < 2 {
            v.fail(
                "load.usl.points",
                "a load test needs at least two measured points",
            );
        }
        for (i, (n, x)) in usl.points.iter().enumerate() {
            let at = |k: usize| format!("load.usl.points[{i}].{k}");
            for (k, x, domain) in [(0, *n, Domain::POSITIVE), (1, *x, Domain::NON_NEGATIVE)] {
                if let Some(problem) = domain.problem(x) {
                    v.fail(at(k), problem);
                }
            }
            if let Some(big) = [*n, *x].into_iter().find(|y| y.abs() > MAX_MAGNITUDE) {
                v.fail(format!("load.usl.points[{i}]"), too_big(big));
            }
        }
    }
}

fn cost_checks(v: &mut Validator, c: &Cost) {
    if let Some(problem) = Domain::POSITIVE.problem(c.hours_per_month) {
        v.fail("cost.hours_per_month", problem);
    }
    if c.hours_per_month.abs() > MAX_MAGNITUDE {
        v.fail("cost.hours_per_month", too_big(c.hours_per_month));
    }
}

/// A plain number (not a quantity) in [lo, hi].
fn within(v: &mut Validator, path: &str, x: f64, lo: f64, hi: f64) {
    if let Some(problem) = Domain::between(lo, hi).problem(x) {
        v.fail(path, problem);
    }
}

/// Names, labels and the title are one line without control characters,
/// and the notes have none but line breaks and tabs: a newline in a name
/// would split a memo's table row or start a heading, an escape sequence
/// would reach the terminal.
fn text_checks(v: &mut Validator, scenario: &Scenario) {
    fn walk(v: &mut Validator, path: &str, value: &serde_json::Value) {
        match value {
            serde_json::Value::String(text) => {
                let multi_line = path == "notes";
                if let Some(c) = text
                    .chars()
                    .find(|&c| c.is_control() && !(multi_line && matches!(c, '\n' | '\r' | '\t')))
                {
                    v.fail(
                        path,
                        format!(
                            "contains the control character U+{:04X}: {}",
                            u32::from(c),
                            if multi_line {
                                "notes may hold line breaks and tabs, nothing else invisible"
                            } else {
                                "a name is one line of visible text"
                            }
                        ),
                    );
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(v, &format!("{path}[{i}]"), item);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    // An enum's variant name is left out of paths, as elsewhere.
                    let transparent =
                        map.len() == 1 && key.starts_with(|c: char| c.is_ascii_uppercase());
                    let at = match (transparent, path.is_empty()) {
                        (true, _) => path.to_owned(),
                        (false, true) => key.clone(),
                        (false, false) => format!("{path}.{key}"),
                    };
                    if path == "evidence" && key.chars().any(char::is_control) {
                        v.fail("evidence", "an input path contains a control character");
                    }
                    walk(v, &at, item);
                }
            }
            _ => {}
        }
    }
    if let Ok(value) = serde_json::to_value(scenario) {
        walk(v, "", &value);
    }
}
