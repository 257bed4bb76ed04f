//! The latency cliff: a queue against a percentile SLO with growth, and the
//! Universal Scalability Law fitted to load-test measurements.
//!
//! Queue conventions: arrivals are Poisson at λ per second, service times
//! have mean S (μ = 1/S) and coefficient of variation cv, c identical
//! servers. cv = 1 is the exact M/M/c; any other cv is Allen–Cunneen's
//! M/G/c ([`response`] holds both distributions). Retries multiply the
//! arrivals the servers see and make a successful request's time a mixture
//! over its attempts; memory in flight follows from Little's law.

mod erlang;
mod queue;
mod response;
mod usl;

pub use self::erlang::erlang_c;
pub use self::queue::evaluate_queue;
pub use self::response::{Attempts, Response, response_percentile, response_tail};
pub use self::usl::{fit_usl, points_from_csv, usl_throughput};

use serde::{Deserialize, Serialize};

use crate::input;
use crate::model::domain::Domain;
use crate::model::input::{Input, Typical, fill};
use crate::model::quantity::Quantity;
use crate::model::unit::Unit;

fn default_percentile() -> f64 {
    99.0
}

fn default_cv() -> Quantity {
    Quantity::Value(1.0)
}

fn is_default_cv(q: &Quantity) -> bool {
    *q == default_cv()
}

/// A queue: service time and its variability, servers, arrivals, growth,
/// the SLO; retries, memory in flight and an error budget (format 3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    /// Mean service time of one request, in milliseconds.
    pub service_ms: Quantity,
    /// Servers working in parallel (workers × instances).
    pub servers: u32,
    /// Arrival rate today, per second.
    pub arrival_per_s: Quantity,
    /// Load growth per quarter (0.2 = 20 %).
    #[serde(default)]
    pub growth_per_quarter: Quantity,
    /// The latency objective at `percentile`, in milliseconds.
    pub slo_ms: Quantity,
    /// The SLO's percentile, in percent (99 = p99); a value below 1 is read
    /// as a fraction (0.99 = p99).
    #[serde(default = "default_percentile")]
    pub percentile: f64,
    /// The service time's coefficient of variation (sd ÷ mean): 1 is
    /// exponential (M/M/c), 0 constant, 0.3 a near-constant call (format 3).
    #[serde(default = "default_cv", skip_serializing_if = "is_default_cv")]
    pub service_cv: Quantity,
    /// Retries against a partially failing dependency (format 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<Retries>,
    /// Memory one request holds while in flight, MB (format 3; with
    /// `memory_limit_mb`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_per_request_mb: Option<Quantity>,
    /// Memory available to requests in flight, MB (format 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_limit_mb: Option<Quantity>,
    /// The share of requests that must meet `slo_ms` (0.999): the error
    /// budget (format 3; a plain number, never a range).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slo_target: Option<f64>,
}

/// Retries: each attempt fails independently; a failure lasts the timeout,
/// then the next attempt starts after a backoff that doubles each time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retries {
    /// The chance one attempt fails, 0 ≤ p < 1.
    pub failure_rate: Quantity,
    /// Attempts in all, the first included (an integer ≥ 1).
    pub max_attempts: u32,
    /// How long a failed attempt lasts before it is given up, ms.
    pub timeout_ms: Quantity,
    /// The wait before the first retry, ms; it doubles after each failure.
    #[serde(default)]
    pub backoff_ms: Quantity,
}

impl Queue {
    /// Whether the queue uses a format-3 field.
    pub fn uses_format_3(&self) -> bool {
        !is_default_cv(&self.service_cv)
            || self.retries.is_some()
            || self.memory_per_request_mb.is_some()
            || self.memory_limit_mb.is_some()
            || self.slo_target.is_some()
    }
}

/// A load test: measured (concurrency, throughput) points for a USL fit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Usl {
    /// (N, X) pairs: concurrency and the throughput measured at it.
    pub points: Vec<(f64, f64)>,
}

/// The load section: a queue, a load test, or both.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Load {
    /// The queueing model of the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<Queue>,
    /// Load-test measurements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usl: Option<Usl>,
}

/// A queue reduced to numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QueueNums {
    /// Mean service time, ms.
    pub service_ms: f64,
    /// c.
    pub servers: u32,
    /// λ per second.
    pub arrival_per_s: f64,
    /// Growth per quarter.
    pub growth_per_quarter: f64,
    /// The SLO, ms.
    pub slo_ms: f64,
    /// The SLO's percentile as written (99 or 0.99).
    pub percentile: f64,
    /// The service time's coefficient of variation.
    pub service_cv: f64,
    /// Whether the queue has retries.
    pub has_retries: bool,
    /// p, one attempt's chance to fail.
    pub failure_rate: f64,
    /// m, attempts in all.
    pub max_attempts: u32,
    /// A failed attempt's length, ms.
    pub timeout_ms: f64,
    /// The first backoff, ms.
    pub backoff_ms: f64,
    /// Whether the queue has memory figures.
    pub has_memory: bool,
    /// MB per request in flight.
    pub memory_per_request_mb: f64,
    /// MB available.
    pub memory_limit_mb: f64,
    /// The error budget's target share, if any.
    pub slo_target: Option<f64>,
}

/// What the queue model says today and when growth breaks the SLO.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct QueueEval {
    /// ρ = λ / (c μ).
    pub utilization: f64,
    /// ρ ≥ 1: the queue grows without bound; latencies below are null.
    pub saturated: bool,
    /// P(wait) by Erlang C; null when saturated.
    pub p_wait: Option<f64>,
    /// Mean wait, C / (cμ − λ), in ms; null when saturated.
    pub mean_wait_ms: Option<f64>,
    /// Mean wait + mean service, in ms; null when saturated.
    pub mean_response_ms: Option<f64>,
    /// The response time at the SLO's percentile, in ms; null when saturated.
    pub percentile_response_ms: Option<f64>,
    /// Whether that percentile meets the SLO today.
    pub meets_slo: bool,
    /// The arrival rate at which the percentile reaches the SLO; null when
    /// even an idle server misses it (the service time alone is too slow).
    pub max_arrival_per_s: Option<f64>,
    /// max_arrival / arrival − 1: how much more load fits (negative when breached).
    pub headroom: Option<f64>,
    /// Months until growth reaches max_arrival: 3 · ln(max/λ) / ln(1 + g);
    /// 0 when already breached, null when load does not grow.
    pub months_to_breach: Option<f64>,
    /// Memory in flight, with memory figures (format 3).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryEval>,
    /// The error budget, with an SLO target (format 3).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub error_budget: Option<ErrorBudgetEval>,
    /// What retries do to the load, with retries (format 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retries: Option<RetriesEval>,
}

/// Memory held by requests in flight (Little's law).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MemoryEval {
    /// Offered rate × mean response × MB per request; null when saturated.
    pub memory_mb: Option<f64>,
    /// The arrival rate (before retries) at which memory reaches the limit.
    pub max_arrival_for_memory_per_s: Option<f64>,
}

/// The error budget at today's load.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ErrorBudgetEval {
    /// P(a successful request takes longer than the SLO); 1 when saturated.
    pub fraction_over_slo: f64,
    /// fraction over ÷ (1 − target): 1 spends the budget exactly.
    pub burn_rate: f64,
    /// (1 − target) × 43,200: minutes over the SLO allowed in 30 days.
    pub budget_minutes_per_30_days: f64,
}

/// What retries do to the load.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RetriesEval {
    /// Expected attempts per request: (1 − pᵐ) ÷ (1 − p).
    pub amplification: f64,
    /// 1 − pᵐ.
    pub success_rate: f64,
    /// arrival × amplification: what the servers see.
    pub offered_per_s: f64,
}

/// The USL fitted to a load test.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UslEval {
    /// α, contention (the Amdahl serial fraction).
    pub alpha: f64,
    /// β, coherency (crosstalk) cost.
    pub beta: f64,
    /// γ, throughput of one client with no contention.
    pub gamma: f64,
    /// N* = √((1 − α) / β), where throughput peaks; null when β = 0.
    pub peak_concurrency: Option<f64>,
    /// X(N*) when β > 0, else the asymptote γ/α; null when neither exists.
    pub max_throughput: Option<f64>,
    /// γ / α, the Amdahl limit; null when α = 0.
    pub asymptote: Option<f64>,
    /// Sum of squared residuals of the fit.
    pub sse: f64,
    /// 1 − SSE / SST.
    pub r_squared: f64,
}

/// Everything computed from a [`Load`] section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LoadEval {
    /// Present when the section has a queue.
    pub queue: Option<QueueEval>,
    /// Present when the section has a load test with at least two points.
    pub usl: Option<UslEval>,
}

/// Evaluates a load section.
pub fn evaluate(load: &Load) -> LoadEval {
    LoadEval {
        queue: load.queue.as_ref().map(|q| evaluate_queue(&q.nums())),
        usl: load.usl.as_ref().and_then(|u| fit_usl(&u.points)),
    }
}

/// The queue's inputs, in file order.
pub const QUEUE_INPUTS: &[Input<Queue, QueueNums>] = &[
    input!(
        service_ms,
        "service time",
        Ms,
        POSITIVE,
        Typical::log(0.1, 5000.0),
        "Mean service time of one request",
    ),
    input!(
        arrival_per_s,
        "arrival rate",
        PerSecond,
        NON_NEGATIVE,
        Typical::log(0.0, 100_000.0),
        "Requests arriving per second today",
    ),
    input!(
        growth_per_quarter,
        "growth per quarter",
        FractionPerQuarter,
        QUARTERLY_GROWTH,
        Typical::linear(0.0, 1.0),
        "How much the load grows each quarter (0.2 = 20 %)",
    ),
    input!(
        slo_ms,
        "queue SLO",
        Ms,
        POSITIVE,
        Typical::log(1.0, 10_000.0),
        "The latency objective at the percentile",
    ),
    input!(
        service_cv,
        "service-time variability (cv)",
        Count,
        SERVICE_CV,
        Typical::linear(0.0, 2.0),
        "Coefficient of variation of the service time (sd ÷ mean): 1 = exponential, 0 = constant, 0.3 = a near-constant call",
    ),
    Input::new(
        "retries.failure_rate",
        "retry: failure rate",
        Unit::Fraction,
        Domain::FAILURE_RATE,
        Typical::linear(0.0, 0.5),
        "The chance one attempt fails (and is retried after its timeout)",
        |q| q.retries.as_ref().map(|r| &r.failure_rate),
        |q| q.retries.as_mut().map(|r| &mut r.failure_rate),
        |n, v| n.failure_rate = v,
    ),
    Input::new(
        "retries.timeout_ms",
        "retry: timeout",
        Unit::Ms,
        Domain::NON_NEGATIVE,
        Typical::log(0.0, 10_000.0),
        "How long a failed attempt lasts before the client gives up on it",
        |q| q.retries.as_ref().map(|r| &r.timeout_ms),
        |q| q.retries.as_mut().map(|r| &mut r.timeout_ms),
        |n, v| n.timeout_ms = v,
    ),
    Input::new(
        "retries.backoff_ms",
        "retry: first backoff",
        Unit::Ms,
        Domain::NON_NEGATIVE,
        Typical::log(0.0, 5000.0),
        "The wait before the first retry; it doubles after each failure",
        |q| q.retries.as_ref().map(|r| &r.backoff_ms),
        |q| q.retries.as_mut().map(|r| &mut r.backoff_ms),
        |n, v| n.backoff_ms = v,
    ),
    Input::new(
        "memory_per_request_mb",
        "memory per request",
        Unit::Mb,
        Domain::POSITIVE,
        Typical::log(0.01, 1000.0),
        "Memory one request holds while in flight",
        |q| q.memory_per_request_mb.as_ref(),
        |q| q.memory_per_request_mb.as_mut(),
        |n, v| n.memory_per_request_mb = v,
    ),
    Input::new(
        "memory_limit_mb",
        "memory limit",
        Unit::Mb,
        Domain::POSITIVE,
        Typical::log(1.0, 1_000_000.0),
        "Memory available to requests in flight",
        |q| q.memory_limit_mb.as_ref(),
        |q| q.memory_limit_mb.as_mut(),
        |n, v| n.memory_limit_mb = v,
    ),
];

impl Queue {
    /// The queue's numbers at their point values.
    pub fn nums(&self) -> QueueNums {
        let mut nums = QueueNums {
            service_ms: 0.0,
            servers: self.servers,
            arrival_per_s: 0.0,
            growth_per_quarter: 0.0,
            slo_ms: 0.0,
            percentile: self.percentile,
            service_cv: 1.0,
            has_retries: self.retries.is_some(),
            failure_rate: 0.0,
            max_attempts: self.retries.as_ref().map_or(1, |r| r.max_attempts),
            timeout_ms: 0.0,
            backoff_ms: 0.0,
            has_memory: self.memory_per_request_mb.is_some() && self.memory_limit_mb.is_some(),
            memory_per_request_mb: 0.0,
            memory_limit_mb: 0.0,
            slo_target: self.slo_target,
        };
        fill(QUEUE_INPUTS, self, &mut nums);
        nums
    }
}

impl QueueNums {
    /// The percentile as a fraction (99 → 0.99, 0.99 → 0.99).
    pub fn percentile_fraction(&self) -> f64 {
        if self.percentile < 1.0 {
            self.percentile
        } else {
            self.percentile / 100.0
        }
    }

    /// μ, services per second per server.
    pub fn service_rate(&self) -> f64 {
        1000.0 / self.service_ms
    }

    /// Expected attempts per request: (1 − pᵐ) ÷ (1 − p); 1 without retries.
    pub fn amplification(&self) -> f64 {
        if self.has_retries {
            let p = self.failure_rate;
            (1.0 - p.powf(f64::from(self.max_attempts.max(1)))) / (1.0 - p)
        } else {
            1.0
        }
    }

    /// The attempts a successful request may take.
    pub fn attempts(&self) -> Attempts {
        if self.has_retries {
            Attempts::retrying(
                self.failure_rate,
                self.max_attempts,
                self.timeout_ms / 1000.0,
                self.backoff_ms / 1000.0,
            )
        } else {
            Attempts::single()
        }
    }

    /// Whether the queue is format 2's exact M/M/c without retries (its
    /// numbers are then computed exactly as format 2 did).
    pub fn is_plain_m_m_c(&self) -> bool {
        self.service_cv == 1.0 && !self.has_retries
    }

    /// One attempt's response time at a user arrival rate (retries added);
    /// `None` when saturated.
    pub fn response_at(&self, arrival_per_s: f64) -> Option<Response> {
        Response::new(
            self.service_ms / 1000.0,
            self.service_cv,
            self.servers,
            arrival_per_s * self.amplification(),
        )
    }

    /// A successful request's response time (ms) at percentile `q` (a
    /// fraction) and a user arrival rate; `None` when saturated.
    pub fn percentile_at(&self, q: f64, arrival_per_s: f64) -> Option<f64> {
        if self.is_plain_m_m_c() {
            let (c, mu) = (self.servers.max(1), self.service_rate());
            return (arrival_per_s < f64::from(c) * mu)
                .then(|| 1000.0 * response_percentile(q, c, arrival_per_s, mu));
        }
        let r = self.response_at(arrival_per_s)?;
        Some(1000.0 * self.attempts().percentile(&r, q))
    }

    /// P(a successful request takes longer than the SLO) at a user arrival
    /// rate; 1 when saturated (the queue grows until every request is late).
    pub fn fraction_over_slo_at(&self, arrival_per_s: f64) -> f64 {
        if self.service_ms <= 0.0 {
            return 0.0;
        }
        self.slo_tail_offered(arrival_per_s * self.amplification(), &self.attempts())
    }

    /// P(a successful request takes longer than the SLO) when the servers
    /// see `offered` arrivals a second (retries included); 1 when saturated.
    /// Format 2's exact M/M/c tail without retries, else the attempt mixture.
    pub fn slo_tail_offered(&self, offered: f64, attempts: &Attempts) -> f64 {
        let slo_s = self.slo_ms / 1000.0;
        let c = self.servers.max(1);
        if self.is_plain_m_m_c() {
            let mu = self.service_rate();
            return if offered < f64::from(c) * mu {
                response_tail(slo_s, c, offered, mu)
            } else {
                1.0
            };
        }
        Response::new(self.service_ms / 1000.0, self.service_cv, c, offered)
            .map_or(1.0, |r| attempts.tail(&r, slo_s))
    }

    /// The user arrival rate at which the error budget burns exactly as
    /// fast as allowed (P(over the SLO) = 1 − target), by bisection; `None`
    /// without a target or when even idle servers burn it faster.
    pub fn max_arrival_within_budget(&self) -> Option<f64> {
        let allowed = 1.0 - self.slo_target?;
        if self.fraction_over_slo_at(0.0) > allowed {
            return None;
        }
        let (mut lo, mut hi) = (0.0, self.saturation_arrival());
        for _ in 0..100 {
            if hi - lo <= 1e-10 * hi {
                break;
            }
            let mid = 0.5 * (lo + hi);
            if self.fraction_over_slo_at(mid) > allowed {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(lo)
    }

    /// The user arrival rate the servers saturate at: c·μ ÷ amplification.
    pub fn saturation_arrival(&self) -> f64 {
        f64::from(self.servers.max(1)) * self.service_rate() / self.amplification()
    }
}
