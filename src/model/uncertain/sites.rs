//! Every quantity of a scenario, in the canonical file's order, with the
//! field path users see, a label for people, the domain a draw is clamped
//! to, and where its value goes in the numeric form ([`Field`]).
//!
//! This one walk is the list of inputs: validation of ranges, the
//! `uncertainty.inputs` rows, Monte Carlo slots and the tornado all read it.

use super::Quantity;
use crate::model::Scenario;
use crate::model::budget::Lever;

/// The values a quantity may take; draws outside are clamped to it. An open
/// bound (> 0) clamps to the bound itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Domain {
    /// The smallest allowed value.
    pub min: f64,
    /// The largest allowed value.
    pub max: f64,
}

impl Domain {
    const NON_NEGATIVE: Self = Self::at_least(0.0);
    const FRACTION: Self = Self { min: 0.0, max: 1.0 };

    const fn at_least(min: f64) -> Self {
        Self {
            min,
            max: f64::INFINITY,
        }
    }

    /// `x` clamped to the domain, and whether it had to be.
    pub fn clamp(self, x: f64) -> (f64, bool) {
        if x < self.min {
            (self.min, true)
        } else if x > self.max {
            (self.max, true)
        } else {
            (x, false)
        }
    }
}

/// Where a quantity's value goes in [`super::compiled::ScenarioNums`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `budget.spans[i].time`.
    SpanTime(usize),
    /// `budget.spans[i].lever.factor`.
    LeverFactor(usize),
    /// `budget.spans[i].lever.time`.
    LeverTime(usize),
    /// `budget.spans[i].lever.hit_ratio`.
    LeverHitRatio(usize),
    /// `budget.spans[i].lever.hit_time`.
    LeverHitTime(usize),
    /// `budget.language_speedup`.
    LanguageSpeedup,
    /// `budget.slo.latency`.
    SloLatency,
    /// `budget.slo.throughput_per_s`.
    SloThroughput,
    /// `budget.measured_throughput_per_s`.
    MeasuredThroughput,
    /// `matrix.criteria[j].weight`.
    Weight(usize),
    /// `matrix.candidates[c].scores[j]`.
    Score(usize, usize),
    /// A scalar of the payback section.
    Payback(PaybackField),
    /// A scalar of the queue.
    Queue(QueueField),
    /// A scalar of the cost section.
    Cost(CostField),
    /// `cost.instance_types[i].capacity_per_s`.
    InstanceCapacity(usize),
    /// `cost.instance_types[i].price_per_hour`.
    InstancePrice(usize),
    /// A scalar of the trade-off section.
    Tradeoff(TradeoffField),
    /// `tradeoff.choices[i].…`.
    Choice(usize, ChoiceField),
    /// `tradeoff.cascades[i].…`.
    Cascade(usize, CascadeField),
    /// A quantity no output reads (effort days, instance counts).
    Unused,
}

/// The payback section's quantities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[expect(missing_docs, reason = "each variant is the field of the same name")]
pub enum PaybackField {
    MonthlyCost,
    Reduction,
    Engineers,
    Months,
    LoadedRate,
    FreezeWeeks,
    FreezeCostPerWeek,
    OtherOneTime,
    BuildMonths,
    AnnualDiscountRate,
    AnnualBillGrowth,
    TargetPaybackMonths,
}

/// The queue's quantities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[expect(missing_docs, reason = "each variant is the field of the same name")]
pub enum QueueField {
    ServiceMs,
    ArrivalPerS,
    GrowthPerQuarter,
    SloMs,
}

/// The cost section's scalar quantities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[expect(missing_docs, reason = "each variant is the field of the same name")]
pub enum CostField {
    RatePerS,
    LatencyMs,
    TargetUtilization,
    ResponseBytes,
    EgressShare,
    EgressPricePerGb,
    StorageGb,
    StoragePricePerGbMonth,
}

/// The trade-off section's scalar quantities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[expect(missing_docs, reason = "each variant is the field of the same name")]
pub enum TradeoffField {
    VolumePerMonth,
    PositiveRate,
    FalsePositiveCost,
    FalseNegativeCost,
    LatencySloMs,
}

/// A choice's quantities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[expect(missing_docs, reason = "each variant is the field of the same name")]
pub enum ChoiceField {
    Recall,
    FalsePositiveRate,
    P50Ms,
    P99Ms,
    InfraPerMonth,
}

/// A cascade's quantities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[expect(missing_docs, reason = "each variant is the field of the same name")]
pub enum CascadeField {
    EscalateShare,
    Recall,
    FalsePositiveRate,
}

/// One quantity of a scenario.
#[derive(Clone, Debug)]
pub struct Site<'a> {
    /// The field as the RON file names it: `budget.spans[1].lever.hit_ratio`.
    pub path: String,
    /// For people: "orders query · time".
    pub label: String,
    /// The quantity as written.
    pub quantity: &'a Quantity,
    /// Where draws are clamped.
    pub domain: Domain,
    /// Where its value goes in the numeric form.
    pub field: Field,
}

/// Collects sites in order.
struct Walk<'a> {
    out: Vec<Site<'a>>,
}

impl<'a> Walk<'a> {
    fn add(
        &mut self,
        path: impl Into<String>,
        label: impl Into<String>,
        quantity: &'a Quantity,
        domain: Domain,
        field: Field,
    ) {
        self.out.push(Site {
            path: path.into(),
            label: label.into(),
            quantity,
            domain,
            field,
        });
    }
}

/// Every quantity of `scenario`, in the order of the canonical file:
/// sections budget, matrix, payback, load, cost, tradeoff; fields in file
/// order; list items by index. A `reduction` that `reduction_from`
/// replaces is left out.
pub fn sites(scenario: &Scenario) -> Vec<Site<'_>> {
    let mut w = Walk { out: Vec::new() };
    if let Some(b) = &scenario.budget {
        budget_sites(&mut w, b);
    }
    if let Some(m) = &scenario.matrix {
        for (j, c) in m.criteria.iter().enumerate() {
            w.add(
                format!("matrix.criteria[{j}].weight"),
                format!("{} · weight", c.name),
                &c.weight,
                Domain::NON_NEGATIVE,
                Field::Weight(j),
            );
        }
        let scores = Domain {
            min: m.scale.0,
            max: m.scale.1,
        };
        for (c, cand) in m.candidates.iter().enumerate() {
            for (j, score) in cand.scores.iter().enumerate() {
                let criterion = m.criteria.get(j).map_or("?", |c| c.name.as_str());
                w.add(
                    format!("matrix.candidates[{c}].scores[{j}]"),
                    format!("{} · {criterion} score", cand.name),
                    score,
                    scores,
                    Field::Score(c, j),
                );
            }
        }
    }
    if let Some(p) = &scenario.payback {
        payback_sites(&mut w, p);
    }
    if let Some(q) = scenario.load.as_ref().and_then(|l| l.queue.as_ref()) {
        use QueueField as F;
        let positive = Domain::at_least(0.0);
        w.add(
            "load.queue.service_ms",
            "service time",
            &q.service_ms,
            positive,
            Field::Queue(F::ServiceMs),
        );
        w.add(
            "load.queue.arrival_per_s",
            "arrival rate",
            &q.arrival_per_s,
            Domain::NON_NEGATIVE,
            Field::Queue(F::ArrivalPerS),
        );
        w.add(
            "load.queue.growth_per_quarter",
            "growth per quarter",
            &q.growth_per_quarter,
            Domain::at_least(-0.99),
            Field::Queue(F::GrowthPerQuarter),
        );
        w.add(
            "load.queue.slo_ms",
            "queue SLO",
            &q.slo_ms,
            positive,
            Field::Queue(F::SloMs),
        );
    }
    if let Some(c) = &scenario.cost {
        use CostField as F;
        let n = Domain::NON_NEGATIVE;
        w.add(
            "cost.rate_per_s",
            "request rate",
            &c.rate_per_s,
            n,
            Field::Cost(F::RatePerS),
        );
        w.add(
            "cost.latency_ms",
            "request latency",
            &c.latency_ms,
            n,
            Field::Cost(F::LatencyMs),
        );
        w.add(
            "cost.target_utilization",
            "target utilisation",
            &c.target_utilization,
            Domain::FRACTION,
            Field::Cost(F::TargetUtilization),
        );
        for (i, t) in c.instance_types.iter().enumerate() {
            w.add(
                format!("cost.instance_types[{i}].capacity_per_s"),
                format!("{} · capacity", t.name),
                &t.capacity_per_s,
                n,
                Field::InstanceCapacity(i),
            );
            w.add(
                format!("cost.instance_types[{i}].price_per_hour"),
                format!("{} · price per hour", t.name),
                &t.price_per_hour,
                n,
                Field::InstancePrice(i),
            );
        }
        w.add(
            "cost.response_bytes",
            "response size",
            &c.response_bytes,
            n,
            Field::Cost(F::ResponseBytes),
        );
        w.add(
            "cost.egress_share",
            "egress share",
            &c.egress_share,
            Domain::FRACTION,
            Field::Cost(F::EgressShare),
        );
        w.add(
            "cost.egress_price_per_gb",
            "egress price",
            &c.egress_price_per_gb,
            n,
            Field::Cost(F::EgressPricePerGb),
        );
        w.add(
            "cost.storage_gb",
            "storage",
            &c.storage_gb,
            n,
            Field::Cost(F::StorageGb),
        );
        w.add(
            "cost.storage_price_per_gb_month",
            "storage price",
            &c.storage_price_per_gb_month,
            n,
            Field::Cost(F::StoragePricePerGbMonth),
        );
    }
    if let Some(t) = &scenario.tradeoff {
        super::super::tradeoff::sites(t, &mut |path, label, quantity, domain, field| {
            w.add(path, label, quantity, domain, field);
        });
    }
    w.out
}

fn budget_sites<'a>(w: &mut Walk<'a>, b: &'a crate::model::budget::Budget) {
    w.add(
        "budget.language_speedup",
        "language speedup",
        &b.language_speedup,
        Domain::at_least(1.0),
        Field::LanguageSpeedup,
    );
    if let Some(slo) = &b.slo {
        if let Some(latency) = &slo.latency {
            w.add(
                "budget.slo.latency",
                "latency SLO",
                latency,
                Domain::at_least(0.0),
                Field::SloLatency,
            );
        }
        if let Some(throughput) = &slo.throughput_per_s {
            w.add(
                "budget.slo.throughput_per_s",
                "throughput SLO",
                throughput,
                Domain::at_least(0.0),
                Field::SloThroughput,
            );
        }
    }
    if let Some(measured) = &b.measured_throughput_per_s {
        w.add(
            "budget.measured_throughput_per_s",
            "measured throughput",
            measured,
            Domain::at_least(0.0),
            Field::MeasuredThroughput,
        );
    }
    for (i, span) in b.spans.iter().enumerate() {
        let at = format!("budget.spans[{i}]");
        w.add(
            format!("{at}.time"),
            format!("{} · time", span.name),
            &span.time,
            Domain::NON_NEGATIVE,
            Field::SpanTime(i),
        );
        let Some(lever) = &span.lever else { continue };
        let at = format!("{at}.lever");
        let who = &span.name;
        match lever {
            Lever::Speedup { factor, .. } => {
                w.add(
                    format!("{at}.factor"),
                    format!("{who} · lever factor"),
                    factor,
                    Domain::at_least(1.0),
                    Field::LeverFactor(i),
                );
            }
            Lever::Replace { time, .. } => {
                w.add(
                    format!("{at}.time"),
                    format!("{who} · lever time"),
                    time,
                    Domain::NON_NEGATIVE,
                    Field::LeverTime(i),
                );
            }
            Lever::Cache {
                hit_ratio,
                hit_time,
                ..
            } => {
                w.add(
                    format!("{at}.hit_ratio"),
                    format!("{who} · cache hit ratio"),
                    hit_ratio,
                    Domain::FRACTION,
                    Field::LeverHitRatio(i),
                );
                w.add(
                    format!("{at}.hit_time"),
                    format!("{who} · cache hit time"),
                    hit_time,
                    Domain::NON_NEGATIVE,
                    Field::LeverHitTime(i),
                );
            }
            Lever::Async { .. } | Lever::Parallelize { .. } => {}
        }
        if let Some(days) = lever.effort_days_quantity() {
            w.add(
                format!("{at}.effort_days"),
                format!("{who} · lever effort"),
                days,
                Domain::NON_NEGATIVE,
                Field::Unused,
            );
        }
    }
}

fn payback_sites<'a>(w: &mut Walk<'a>, p: &'a crate::model::payback::Payback) {
    use PaybackField as F;
    let n = Domain::NON_NEGATIVE;
    w.add(
        "payback.monthly_cost",
        "monthly cost",
        &p.monthly_cost,
        n,
        Field::Payback(F::MonthlyCost),
    );
    if p.reduction_from.is_none()
        && let Some(reduction) = &p.reduction
    {
        w.add(
            "payback.reduction",
            "measured reduction",
            reduction,
            Domain::FRACTION,
            Field::Payback(F::Reduction),
        );
    }
    w.add(
        "payback.engineers",
        "engineers",
        &p.engineers,
        n,
        Field::Payback(F::Engineers),
    );
    w.add(
        "payback.months",
        "months of work",
        &p.months,
        n,
        Field::Payback(F::Months),
    );
    w.add(
        "payback.loaded_rate",
        "loaded rate",
        &p.loaded_rate,
        n,
        Field::Payback(F::LoadedRate),
    );
    w.add(
        "payback.freeze_weeks",
        "frozen weeks",
        &p.freeze_weeks,
        n,
        Field::Payback(F::FreezeWeeks),
    );
    w.add(
        "payback.freeze_cost_per_week",
        "cost per frozen week",
        &p.freeze_cost_per_week,
        n,
        Field::Payback(F::FreezeCostPerWeek),
    );
    w.add(
        "payback.other_one_time",
        "other one-time cost",
        &p.other_one_time,
        n,
        Field::Payback(F::OtherOneTime),
    );
    w.add(
        "payback.build_months",
        "build months",
        &p.build_months,
        n,
        Field::Payback(F::BuildMonths),
    );
    w.add(
        "payback.annual_discount_rate",
        "discount rate",
        &p.annual_discount_rate,
        Domain::at_least(-1.0),
        Field::Payback(F::AnnualDiscountRate),
    );
    w.add(
        "payback.annual_bill_growth",
        "bill growth",
        &p.annual_bill_growth,
        Domain::at_least(-1.0),
        Field::Payback(F::AnnualBillGrowth),
    );
    w.add(
        "payback.target_payback_months",
        "target payback",
        &p.target_payback_months,
        Domain::at_least(0.0),
        Field::Payback(F::TargetPaybackMonths),
    );
    if let Some(instances) = &p.instances {
        w.add(
            "payback.instances.current",
            "instances today",
            &instances.current,
            Domain::at_least(0.0),
            Field::Unused,
        );
        w.add(
            "payback.instances.needed",
            "instances needed",
            &instances.needed,
            n,
            Field::Unused,
        );
        w.add(
            "payback.instances.price_per_month",
            "price per instance",
            &instances.price_per_month,
            n,
            Field::Unused,
        );
    }
}
