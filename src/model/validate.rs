//! Validation: inputs whose results would be meaningless, each reported with
//! the field path a user can find in the file (`budget.spans[3].time`).

use std::fmt;

use super::budget::{Budget, Lever};
use super::cost::Cost;
use super::load::Load;
use super::matrix::Matrix;
use super::payback::{MAX_HORIZON_MONTHS, Payback};
use super::tradeoff::Tradeoff;
use super::uncertain::Quantity;
use super::{MonteCarlo, Scenario};

/// One invalid input: where it is and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ValidationError {
    /// The field path, e.g. `budget.spans[3].time`.
    pub path: String,
    /// What is wrong, with the offending value.
    pub message: String,
}

/// Every problem in `scenario`, in file order; empty when it is valid.
pub fn validate(scenario: &Scenario) -> Vec<ValidationError> {
    let mut v = Validator::default();
    if let Some(budget) = &scenario.budget {
        budget_checks(&mut v, budget);
    }
    if let Some(matrix) = &scenario.matrix {
        matrix_checks(&mut v, matrix);
    }
    if let Some(payback) = &scenario.payback {
        payback_checks(&mut v, payback, scenario.budget.is_some());
    }
    if let Some(load) = &scenario.load {
        load_checks(&mut v, load);
    }
    if let Some(cost) = &scenario.cost {
        cost_checks(&mut v, cost);
    }
    if let Some(tradeoff) = &scenario.tradeoff {
        tradeoff_checks(&mut v, tradeoff);
    }
    range_checks(&mut v, scenario);
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

/// The ranges themselves: low < high, finite, a PERT mode inside, a
/// log-normal range above 0. Whether a range's point value lies in its
/// field's domain is the format-1 check on that field, run on the point.
fn range_checks(v: &mut Validator, scenario: &Scenario) {
    for site in crate::model::uncertain::sites::sites(scenario) {
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

/// The most servers a queue may have: the M/M/c evaluation is linear in
/// them (Erlang C by its recurrence), a million take a tenth of a second.
pub const MAX_SERVERS: u32 = 10_000_000;

/// The largest magnitude any number may have: 10¹⁵. No business case needs
/// more (a quadrillion a month, 30,000 years in ms), and below it no product
/// or sum perfcase computes overflows.
pub const MAX_MAGNITUDE: f64 = 1e15;

fn too_big(x: f64) -> String {
    format!("is too large (got {}; at most 1e15 in size)", short(x))
}

/// Collects errors; each check names its field path.
#[derive(Default)]
struct Validator {
    errors: Vec<ValidationError>,
}

use crate::format::short;

/// A number, or a quantity read at its point value: what the format-1
/// checks judge.
trait PointValue {
    fn value(&self) -> f64;
}

impl PointValue for f64 {
    fn value(&self) -> f64 {
        *self
    }
}

impl PointValue for Quantity {
    fn value(&self) -> f64 {
        self.point()
    }
}

impl<T: PointValue> PointValue for &T {
    fn value(&self) -> f64 {
        (*self).value()
    }
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

    /// A finite number ≥ `min`.
    fn at_least(&mut self, path: &str, x: impl PointValue, min: f64) {
        let x = x.value();
        if self.finite(path, x) && x < min {
            self.fail(path, format!("must be ≥ {} (got {})", short(min), short(x)));
        }
    }

    /// A finite number > 0.
    fn positive(&mut self, path: &str, x: impl PointValue) {
        let x = x.value();
        if self.finite(path, x) && x <= 0.0 {
            self.fail(path, format!("must be > 0 (got {})", short(x)));
        }
    }

    /// A finite number in [lo, hi].
    fn within(&mut self, path: &str, x: impl PointValue, lo: f64, hi: f64) {
        let x = x.value();
        if self.finite(path, x) && !(lo..=hi).contains(&x) {
            self.fail(
                path,
                format!(
                    "must be between {} and {} (got {})",
                    short(lo),
                    short(hi),
                    short(x)
                ),
            );
        }
    }
}

fn budget_checks(v: &mut Validator, b: &Budget) {
    v.at_least("budget.language_speedup", b.language_speedup, 1.0);
    if let Some(slo) = &b.slo {
        if let Some(latency) = slo.latency {
            v.positive("budget.slo.latency", latency);
        }
        if let Some(throughput) = slo.throughput_per_s {
            v.positive("budget.slo.throughput_per_s", throughput);
        }
    }
    if let Some(measured) = b.measured_throughput_per_s {
        v.positive("budget.measured_throughput_per_s", measured);
    }
    if b.spans.is_empty() {
        v.fail("budget.spans", "a budget needs at least one span");
    }
    for (i, span) in b.spans.iter().enumerate() {
        let at = format!("budget.spans[{i}]");
        v.at_least(&format!("{at}.time"), span.time, 0.0);
        let Some(lever) = &span.lever else { continue };
        let at = format!("{at}.lever");
        match lever {
            Lever::Speedup { factor, .. } => v.at_least(&format!("{at}.factor"), factor, 1.0),
            Lever::Replace { time, .. } => v.at_least(&format!("{at}.time"), time, 0.0),
            Lever::Cache {
                hit_ratio,
                hit_time,
                ..
            } => {
                v.within(&format!("{at}.hit_ratio"), hit_ratio, 0.0, 1.0);
                v.at_least(&format!("{at}.hit_time"), hit_time, 0.0);
            }
            Lever::Async { .. } | Lever::Parallelize { .. } => {}
        }
        if let Some(days) = lever.effort_days() {
            v.at_least(&format!("{at}.effort_days"), days, 0.0);
        }
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
    for (j, criterion) in m.criteria.iter().enumerate() {
        v.at_least(
            &format!("matrix.criteria[{j}].weight"),
            criterion.weight,
            0.0,
        );
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
        // A broken scale is reported once (above), not once per score.
        if lo.is_finite() && hi.is_finite() && lo < hi {
            for (j, score) in candidate.scores.iter().enumerate() {
                v.within(&format!("{at}[{j}]"), score, lo, hi);
            }
        }
    }
}

fn payback_checks(v: &mut Validator, p: &Payback, has_budget: bool) {
    for (field, x) in [
        ("monthly_cost", p.monthly_cost),
        ("engineers", p.engineers),
        ("months", p.months),
        ("loaded_rate", p.loaded_rate),
        ("freeze_weeks", p.freeze_weeks),
        ("freeze_cost_per_week", p.freeze_cost_per_week),
        ("other_one_time", p.other_one_time),
        ("build_months", p.build_months),
    ] {
        v.at_least(&format!("payback.{field}"), x, 0.0);
    }
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
        (None, Some(reduction)) => v.within("payback.reduction", reduction, 0.0, 1.0),
        (None, None) => v.fail(
            "payback.reduction",
            "missing: give the measured reduction (0.55 = 55 %), or derive it with reduction_from: Language",
        ),
    }
    v.within(
        "payback.horizon_months",
        p.horizon_months,
        1.0,
        MAX_HORIZON_MONTHS,
    );
    v.positive("payback.target_payback_months", p.target_payback_months);
    // Rates are per year; below −100 % a year the monthly factors turn negative.
    v.at_least("payback.annual_discount_rate", p.annual_discount_rate, -1.0);
    v.at_least("payback.annual_bill_growth", p.annual_bill_growth, -1.0);
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
        v.positive("payback.instances.current", instances.current);
        v.at_least("payback.instances.needed", instances.needed, 0.0);
        v.at_least(
            "payback.instances.price_per_month",
            instances.price_per_month,
            0.0,
        );
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
    v.positive("tradeoff.volume_per_month", t.volume_per_month);
    v.within("tradeoff.positive_rate", t.positive_rate, 0.0, 1.0);
    v.at_least("tradeoff.false_positive_cost", t.false_positive_cost, 0.0);
    v.at_least("tradeoff.false_negative_cost", t.false_negative_cost, 0.0);
    if let Some(slo) = t.latency_slo_ms {
        v.positive("tradeoff.latency_slo_ms", slo);
    }
    if t.choices.is_empty() {
        v.fail("tradeoff.choices", "a trade-off needs at least one choice");
    }
    for (i, c) in t.choices.iter().enumerate() {
        let at = |f: &str| format!("tradeoff.choices[{i}].{f}");
        v.within(&at("recall"), c.recall, 0.0, 1.0);
        v.within(&at("false_positive_rate"), c.false_positive_rate, 0.0, 1.0);
        v.positive(&at("p50_ms"), c.p50_ms);
        v.positive(&at("p99_ms"), c.p99_ms);
        v.at_least(&at("infra_per_month"), c.infra_per_month, 0.0);
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
        v.within(&at("escalate_share"), c.escalate_share, 0.0, 1.0);
        v.within(&at("recall"), c.recall, 0.0, 1.0);
        v.within(&at("false_positive_rate"), c.false_positive_rate, 0.0, 1.0);
    }
}

fn load_checks(v: &mut Validator, load: &Load) {
    if let Some(q) = &load.queue {
        v.positive("load.queue.service_ms", q.service_ms);
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
        v.at_least("load.queue.arrival_per_s", q.arrival_per_s, 0.0);
        v.at_least("load.queue.growth_per_quarter", q.growth_per_quarter, -0.99);
        v.positive("load.queue.slo_ms", q.slo_ms);
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
            v.positive(&format!("load.usl.points[{i}].0"), *n);
            v.at_least(&format!("load.usl.points[{i}].1"), *x, 0.0);
            if let Some(big) = [*n, *x].into_iter().find(|y| y.abs() > MAX_MAGNITUDE) {
                v.fail(format!("load.usl.points[{i}]"), too_big(big));
            }
        }
    }
}

fn cost_checks(v: &mut Validator, c: &Cost) {
    v.at_least("cost.rate_per_s", c.rate_per_s, 0.0);
    v.at_least("cost.latency_ms", c.latency_ms, 0.0);
    let utilization = c.target_utilization.point();
    if v.finite("cost.target_utilization", utilization)
        && !(utilization > 0.0 && utilization <= 1.0)
    {
        v.fail(
            "cost.target_utilization",
            format!("must be above 0 and at most 1 (got {})", short(utilization)),
        );
    }
    for (i, t) in c.instance_types.iter().enumerate() {
        v.positive(
            &format!("cost.instance_types[{i}].capacity_per_s"),
            t.capacity_per_s,
        );
        v.at_least(
            &format!("cost.instance_types[{i}].price_per_hour"),
            t.price_per_hour,
            0.0,
        );
    }
    v.at_least("cost.response_bytes", c.response_bytes, 0.0);
    v.within("cost.egress_share", c.egress_share, 0.0, 1.0);
    v.at_least("cost.egress_price_per_gb", c.egress_price_per_gb, 0.0);
    v.at_least("cost.storage_gb", c.storage_gb, 0.0);
    v.at_least(
        "cost.storage_price_per_gb_month",
        c.storage_price_per_gb_month,
        0.0,
    );
    v.positive("cost.hours_per_month", c.hours_per_month);
    if c.hours_per_month.abs() > MAX_MAGNITUDE {
        v.fail("cost.hours_per_month", too_big(c.hours_per_month));
    }
}
