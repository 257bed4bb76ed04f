//! Capacity and the bill: Little's law, instances per type at a target
//! utilisation, and compute, egress and storage per month.
//!
//! Conventions: a GB is 10⁹ bytes (cloud price sheets); a month is
//! `hours_per_month` hours (730 by default) for compute and for the requests
//! that drive egress.

use serde::{Deserialize, Serialize};

use crate::input;
use crate::model::domain::Domain;
use crate::model::input::{Input, Typical, fill};
use crate::model::quantity::Quantity;
use crate::model::unit::Unit;

fn default_target_utilization() -> Quantity {
    Quantity::Value(0.7)
}

fn default_hours_per_month() -> f64 {
    730.0
}

fn default_peak_to_average() -> Quantity {
    Quantity::Value(1.0)
}

fn is_default_peak(q: &Quantity) -> bool {
    *q == default_peak_to_average()
}

/// One kind of instance that could serve the load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceType {
    /// E.g. "c7g.xlarge" or "GPU".
    pub name: String,
    /// Requests per second one instance serves at 100 % utilisation.
    pub capacity_per_s: Quantity,
    /// Price of one instance-hour.
    pub price_per_hour: Quantity,
}

/// The capacity and cost inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// Request rate to serve, per second.
    pub rate_per_s: Quantity,
    /// Latency of one request, in milliseconds (for Little's law).
    pub latency_ms: Quantity,
    /// Utilisation instances are sized for (0.7 = 70 %).
    #[serde(default = "default_target_utilization")]
    pub target_utilization: Quantity,
    /// The instance types to compare.
    #[serde(default)]
    pub instance_types: Vec<InstanceType>,
    /// Bytes in one response.
    #[serde(default)]
    pub response_bytes: Quantity,
    /// Fraction of responses that leave the region (egress), 0..=1.
    #[serde(default)]
    pub egress_share: Quantity,
    /// Price of one GB (10⁹ bytes) of egress.
    #[serde(default)]
    pub egress_price_per_gb: Quantity,
    /// Stored data, in GB.
    #[serde(default)]
    pub storage_gb: Quantity,
    /// Price of one GB stored for a month.
    #[serde(default)]
    pub storage_price_per_gb_month: Quantity,
    /// Hours in a billing month.
    #[serde(default = "default_hours_per_month")]
    pub hours_per_month: f64,
    /// Peak rate ÷ average rate: instances are sized for the peak (format
    /// 3; concurrency, egress and storage stay at the average).
    #[serde(
        default = "default_peak_to_average",
        skip_serializing_if = "is_default_peak"
    )]
    pub peak_to_average: Quantity,
    /// The most the service may cost a month (format 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_cap_per_month: Option<Quantity>,
}

impl Cost {
    /// Whether the section uses a format-3 field.
    pub fn uses_format_3(&self) -> bool {
        !is_default_peak(&self.peak_to_average) || self.budget_cap_per_month.is_some()
    }
}

/// One instance type sized for the load.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InstanceCost {
    /// The type's name.
    pub name: String,
    /// ceil(rate / (capacity × target utilisation)).
    pub instances: u64,
    /// instances × price per hour × hours per month.
    pub monthly_cost: f64,
}

/// Everything computed from a [`Cost`] section: one record for `eval
/// --json`, the panels and each Monte Carlo sample (which leaves the
/// per-type list and the cheapest type's name empty).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CostEval {
    /// Little's law: requests in flight = rate × latency.
    pub concurrency: f64,
    /// Each instance type, in input order.
    pub instance_types: Vec<InstanceCost>,
    /// The cheapest type; null without types.
    pub cheapest: Option<String>,
    /// The cheapest type's monthly cost (0 without types).
    pub compute_per_month: f64,
    /// rate × seconds per month × response bytes × egress share / 10⁹ × price per GB.
    pub egress_per_month: f64,
    /// storage GB × price per GB-month.
    pub storage_per_month: f64,
    /// compute + egress + storage.
    pub total_per_month: f64,
    /// Within the monthly cap, with a cap (format 3).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub cap: Option<CapEval>,
    /// The index of the cheapest type (first on a tie); `None` without types.
    #[serde(skip)]
    pub cheapest_row: Option<usize>,
}

/// The bill against its monthly cap.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CapEval {
    /// total ≤ cap.
    pub within_cap: bool,
    /// cap − total (negative: over the cap by that much).
    pub cap_headroom_per_month: f64,
}

/// A cost section reduced to numbers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CostNums {
    /// Requests per second.
    pub rate_per_s: f64,
    /// Latency, ms.
    pub latency_ms: f64,
    /// Target utilisation.
    pub target_utilization: f64,
    /// Each instance type's numbers.
    pub instance_types: Vec<InstanceNums>,
    /// Bytes per response.
    pub response_bytes: f64,
    /// Share leaving the region.
    pub egress_share: f64,
    /// Per GB.
    pub egress_price_per_gb: f64,
    /// GB stored.
    pub storage_gb: f64,
    /// Per GB-month.
    pub storage_price_per_gb_month: f64,
    /// Hours in a month.
    pub hours_per_month: f64,
    /// Peak ÷ average rate (1 without a peak).
    pub peak_to_average: f64,
    /// The monthly cap, if any.
    pub budget_cap_per_month: Option<f64>,
}

/// An instance type reduced to numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct InstanceNums {
    /// Requests per second at 100 % utilisation.
    pub capacity_per_s: f64,
    /// Per instance-hour.
    pub price_per_hour: f64,
}

/// The section's inputs before the instance types, in file order.
pub const INPUTS: &[Input<Cost, CostNums>] = &[
    input!(
        rate_per_s,
        "request rate",
        PerSecond,
        NON_NEGATIVE,
        Typical::log(0.0, 100_000.0),
        "Requests per second to serve",
    ),
    input!(
        latency_ms,
        "request latency",
        Ms,
        NON_NEGATIVE,
        Typical::log(0.0, 5000.0),
        "Latency of one request, for Little's law",
    ),
    input!(
        target_utilization,
        "target utilisation",
        Fraction,
        POSITIVE_FRACTION,
        Typical::linear(0.05, 1.0),
        "Utilisation instances are sized for",
    ),
];

/// An instance type's inputs, in file order.
pub const INSTANCE_INPUTS: &[Input<InstanceType, InstanceNums>] = &[
    input!(
        capacity_per_s,
        "capacity",
        PerSecond,
        POSITIVE,
        Typical::log(1.0, 10_000.0),
        "Requests per second one instance serves at 100 % utilisation",
    ),
    input!(
        price_per_hour,
        "price per hour",
        MoneyPerHour,
        NON_NEGATIVE,
        Typical::linear(0.0, 50.0),
        "Price of one instance-hour",
    ),
];

/// The section's inputs after the instance types, in file order.
pub const TAIL_INPUTS: &[Input<Cost, CostNums>] = &[
    input!(
        response_bytes,
        "response size",
        Bytes,
        NON_NEGATIVE,
        Typical::log(0.0, 10_000_000.0),
        "Bytes in one response",
    ),
    input!(
        egress_share,
        "egress share",
        Fraction,
        FRACTION,
        Typical::linear(0.0, 1.0),
        "Share of responses that leave the region",
    ),
    input!(
        egress_price_per_gb,
        "egress price",
        MoneyPerGb,
        NON_NEGATIVE,
        Typical::linear(0.0, 0.2),
        "Price of one GB (10⁹ bytes) of egress",
    ),
    input!(
        storage_gb,
        "storage",
        Gb,
        NON_NEGATIVE,
        Typical::log(0.0, 100_000.0),
        "Data stored, in GB",
    ),
    input!(
        storage_price_per_gb_month,
        "storage price",
        MoneyPerGbMonth,
        NON_NEGATIVE,
        Typical::linear(0.0, 0.5),
        "Price of one GB stored for a month",
    ),
    input!(
        peak_to_average,
        "peak ÷ average load",
        Times,
        SPEEDUP,
        Typical::linear(1.0, 5.0),
        "Peak request rate ÷ average: instances are sized for the peak",
    ),
    Input::new(
        "budget_cap_per_month",
        "monthly cost cap",
        Unit::MoneyPerMonth,
        Domain::NON_NEGATIVE,
        Typical::log(0.0, 10_000_000.0),
        "The most the service may cost a month",
        |c| c.budget_cap_per_month.as_ref(),
        |c| c.budget_cap_per_month.as_mut(),
        |n, v| n.budget_cap_per_month = Some(v),
    ),
];

impl Cost {
    /// The section's numbers at their point values.
    pub fn nums(&self) -> CostNums {
        let mut nums = CostNums {
            instance_types: self
                .instance_types
                .iter()
                .map(|t| {
                    let mut n = InstanceNums::default();
                    fill(INSTANCE_INPUTS, t, &mut n);
                    n
                })
                .collect(),
            hours_per_month: self.hours_per_month,
            peak_to_average: 1.0,
            ..CostNums::default()
        };
        fill(INPUTS, self, &mut nums);
        fill(TAIL_INPUTS, self, &mut nums);
        nums
    }
}

impl CostNums {
    /// Instances of a type with `capacity_per_s` for the peak load: ceil(rate
    /// × peak ÷ average / (capacity × target utilisation)); ∞ when an
    /// instance serves nothing (a Monte Carlo draw clamped to the open bound 0).
    pub fn instances(&self, capacity_per_s: f64) -> f64 {
        let per_instance = capacity_per_s * self.target_utilization;
        // Format 2's arithmetic to the bit without a peak.
        let rate = if self.peak_to_average == 1.0 {
            self.rate_per_s
        } else {
            self.rate_per_s * self.peak_to_average
        };
        if per_instance > 0.0 {
            // A hair of tolerance so 500 / 70 × 70 does not round up to 9.
            (rate / per_instance * (1.0 - 1e-12)).ceil().max(0.0)
        } else {
            f64::INFINITY
        }
    }

    /// instances × price × hours; ∞ when the instances are.
    pub fn monthly_cost(&self, t: InstanceNums) -> f64 {
        let instances = self.instances(t.capacity_per_s);
        if instances.is_finite() {
            instances * t.price_per_hour * self.hours_per_month
        } else {
            f64::INFINITY
        }
    }
}

/// The section's numbers without the per-type list and names: what a Monte
/// Carlo sample records.
pub fn scalars(c: &CostNums) -> CostEval {
    let mut cheapest: Option<(usize, f64)> = None;
    for (i, &t) in c.instance_types.iter().enumerate() {
        let cost = c.monthly_cost(t);
        if cheapest.is_none_or(|(_, best)| cost < best) {
            cheapest = Some((i, cost));
        }
    }
    let compute_per_month = cheapest.map_or(0.0, |(_, cost)| cost);
    let seconds_per_month = c.hours_per_month * 3600.0;
    let egress_gb = c.rate_per_s * seconds_per_month * c.response_bytes * c.egress_share / 1e9;
    let egress_per_month = egress_gb * c.egress_price_per_gb;
    let storage_per_month = c.storage_gb * c.storage_price_per_gb_month;
    let total_per_month = compute_per_month + egress_per_month + storage_per_month;
    CostEval {
        concurrency: c.rate_per_s * c.latency_ms / 1000.0,
        cheapest_row: cheapest.map(|(i, _)| i),
        compute_per_month,
        egress_per_month,
        storage_per_month,
        total_per_month,
        cap: c.budget_cap_per_month.map(|cap| CapEval {
            within_cap: total_per_month <= cap,
            cap_headroom_per_month: cap - total_per_month,
        }),
        ..CostEval::default()
    }
}

/// Evaluates a cost section.
pub fn evaluate(cost: &Cost) -> CostEval {
    let nums = cost.nums();
    let sc = scalars(&nums);
    CostEval {
        instance_types: cost
            .instance_types
            .iter()
            .zip(&nums.instance_types)
            .map(|(t, &numbers)| InstanceCost {
                name: t.name.clone(),
                // Saturating: validation keeps point values far from this.
                instances: nums.instances(numbers.capacity_per_s) as u64,
                monthly_cost: nums.monthly_cost(numbers),
            })
            .collect(),
        cheapest: sc.cheapest_row.map(|i| cost.instance_types[i].name.clone()),
        ..sc
    }
}
