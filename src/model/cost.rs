//! Capacity and the bill: Little's law, instances per type at a target
//! utilisation, and compute, egress and storage per month.
//!
//! Conventions: a GB is 10⁹ bytes (cloud price sheets); a month is
//! `hours_per_month` hours (730 by default) for compute and for the requests
//! that drive egress.

use serde::{Deserialize, Serialize};

fn default_target_utilization() -> f64 {
    0.7
}

fn default_hours_per_month() -> f64 {
    730.0
}

/// One kind of instance that could serve the load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceType {
    /// E.g. "c7g.xlarge" or "GPU".
    pub name: String,
    /// Requests per second one instance serves at 100 % utilisation.
    pub capacity_per_s: f64,
    /// Price of one instance-hour.
    pub price_per_hour: f64,
}

/// The capacity and cost inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// Request rate to serve, per second.
    pub rate_per_s: f64,
    /// Latency of one request, in milliseconds (for Little's law).
    pub latency_ms: f64,
    /// Utilisation instances are sized for (0.7 = 70 %).
    #[serde(default = "default_target_utilization")]
    pub target_utilization: f64,
    /// The instance types to compare.
    #[serde(default)]
    pub instance_types: Vec<InstanceType>,
    /// Bytes in one response.
    #[serde(default)]
    pub response_bytes: f64,
    /// Fraction of responses that leave the region (egress), 0..=1.
    #[serde(default)]
    pub egress_share: f64,
    /// Price of one GB (10⁹ bytes) of egress.
    #[serde(default)]
    pub egress_price_per_gb: f64,
    /// Stored data, in GB.
    #[serde(default)]
    pub storage_gb: f64,
    /// Price of one GB stored for a month.
    #[serde(default)]
    pub storage_price_per_gb_month: f64,
    /// Hours in a billing month.
    #[serde(default = "default_hours_per_month")]
    pub hours_per_month: f64,
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

/// Everything computed from a [`Cost`] section.
#[derive(Clone, Debug, PartialEq, Serialize)]
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
}

/// Evaluates a cost section.
pub fn evaluate(cost: &Cost) -> CostEval {
    let instance_types: Vec<InstanceCost> = cost
        .instance_types
        .iter()
        .map(|t| {
            let per_instance = t.capacity_per_s * cost.target_utilization;
            let instances = if per_instance > 0.0 {
                // A hair of tolerance so 500 / 70 × 70 does not round up to 9.
                (cost.rate_per_s / per_instance * (1.0 - 1e-12))
                    .ceil()
                    .max(0.0) as u64
            } else {
                0
            };
            InstanceCost {
                name: t.name.clone(),
                instances,
                monthly_cost: instances as f64 * t.price_per_hour * cost.hours_per_month,
            }
        })
        .collect();
    let cheapest = instance_types
        .iter()
        .min_by(|a, b| a.monthly_cost.total_cmp(&b.monthly_cost));
    let compute_per_month = cheapest.map_or(0.0, |c| c.monthly_cost);
    let seconds_per_month = cost.hours_per_month * 3600.0;
    let egress_gb =
        cost.rate_per_s * seconds_per_month * cost.response_bytes * cost.egress_share / 1e9;
    let egress_per_month = egress_gb * cost.egress_price_per_gb;
    let storage_per_month = cost.storage_gb * cost.storage_price_per_gb_month;
    CostEval {
        concurrency: cost.rate_per_s * cost.latency_ms / 1000.0,
        cheapest: cheapest.map(|c| c.name.clone()),
        instance_types,
        compute_per_month,
        egress_per_month,
        storage_per_month,
        total_per_month: compute_per_month + egress_per_month + storage_per_month,
    }
}
