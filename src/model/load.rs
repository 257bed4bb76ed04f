//! The latency cliff: an M/M/c queue against a percentile SLO with growth,
//! and the Universal Scalability Law fitted to load-test measurements.
//!
//! Queue conventions: arrivals are Poisson at λ per second, service times
//! exponential with mean S (so μ = 1/S), c identical servers. The response
//! time T is the wait W plus the service S; W is 0 with probability 1 − C
//! (C from Erlang C) and otherwise exponential with rate θ = cμ − λ, so
//!
//! P(T > t) = (1 − C)·e^(−μt) + C·(θ·e^(−μt) − μ·e^(−θt)) / (θ − μ)
//!
//! (with the limit (1 + μt)·e^(−μt) when θ = μ): the exact M/M/c response
//! distribution, not "wait percentile + mean service", which is wrong for c > 1.

use serde::{Deserialize, Serialize};

use crate::input;
use crate::model::domain::within;
use crate::model::input::{Input, Typical, fill};
use crate::model::quantity::Quantity;
use crate::model::solve::{Bracket, illinois};

fn default_percentile() -> f64 {
    99.0
}

/// An M/M/c queue: service time, servers, arrivals, growth and the SLO.
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
}

/// Erlang C: the probability an arrival waits, for `c` servers at offered
/// load `a` = λ/μ (< c), from Erlang B: C = B / (1 − ρ(1 − B)).
pub fn erlang_c(c: u32, a: f64) -> f64 {
    let b = if c > LARGE_FLEET {
        erlang_b_by_series(c, a)
    } else {
        erlang_b_by_recurrence(c, a)
    };
    let rho = a / f64::from(c);
    b / (1.0 - rho * (1.0 - b))
}

/// Above this many servers Erlang B is summed as a series (O(√a) terms)
/// instead of the recurrence (O(c) steps): 10 million servers took seconds
/// per evaluation, and a chart evaluates hundreds.
const LARGE_FLEET: u32 = 100_000;

/// Erlang B by its recurrence B(k) = a·B(k−1) / (k + a·B(k−1)), stable for
/// thousands of servers.
fn erlang_b_by_recurrence(c: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
        // Past the offered load B only shrinks: once it underflows the
        // remaining servers change nothing (no one waits).
        if b < 1e-300 {
            return 0.0;
        }
    }
    b
}

/// Erlang B from 1/B = Σ_{j=0..c} Π_{i<j} (c − i)/a, for a < c. The terms
/// grow while c − j > a and then fall off like a Gaussian of width √a, so
/// the sum stops a few dozen widths past its peak — or as soon as it
/// overflows, when B is below 1e-300 and nobody waits.
fn erlang_b_by_series(c: u32, a: f64) -> f64 {
    let (c, mut term, mut sum) = (f64::from(c), 1.0_f64, 1.0_f64);
    let peak = (c - a).max(0.0);
    let mut j = 0.0;
    while j < c {
        term *= (c - j) / a;
        sum += term;
        j += 1.0;
        if sum > 1e300 {
            return 0.0;
        }
        if j > peak && term < sum * 1e-18 {
            break;
        }
    }
    1.0 / sum
}

/// P(T > t) for the M/M/c response time, t in seconds, given the Erlang C
/// probability of waiting (so a bisection over t computes it once).
fn tail_given_wait(t: f64, wait: f64, c: u32, lambda: f64, mu: f64) -> f64 {
    let theta = f64::from(c) * mu - lambda;
    let both = if (theta - mu).abs() <= 1e-9 * mu {
        (1.0 + mu * t) * (-mu * t).exp()
    } else {
        (theta * (-mu * t).exp() - mu * (-theta * t).exp()) / (theta - mu)
    };
    (1.0 - wait) * (-mu * t).exp() + wait * both
}

/// P(T > t) for the M/M/c response time, t in seconds.
pub fn response_tail(t: f64, c: u32, lambda: f64, mu: f64) -> f64 {
    tail_given_wait(t, erlang_c(c, lambda / mu), c, lambda, mu)
}

/// The response time (seconds) at percentile `p` (a fraction), by bisection
/// on the exact tail; requires λ < cμ.
pub fn response_percentile(p: f64, c: u32, lambda: f64, mu: f64) -> f64 {
    let wait = erlang_c(c, lambda / mu);
    let tail = |t: f64| tail_given_wait(t, wait, c, lambda, mu);
    let target = 1.0 - p;
    // The tail decays at least as fast as the slower of e^(−μt), e^(−θt).
    let theta = f64::from(c) * mu - lambda;
    let mut hi = -target.ln() / mu.min(theta) * 2.0 + 1.0 / mu;
    while tail(hi) > target && hi.is_finite() {
        hi *= 2.0;
    }
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if tail(mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-14 * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Evaluates a queue.
pub fn evaluate_queue(q: &QueueNums) -> QueueEval {
    let c = q.servers.max(1);
    let lambda = q.arrival_per_s;
    if q.service_ms <= 0.0 {
        // Instant service (only a Monte Carlo draw clamped to the bound gets
        // here): nobody waits, and no load ever breaks the SLO.
        return QueueEval {
            utilization: 0.0,
            saturated: false,
            p_wait: Some(0.0),
            mean_wait_ms: Some(0.0),
            mean_response_ms: Some(0.0),
            percentile_response_ms: Some(0.0),
            meets_slo: true,
            max_arrival_per_s: Some(f64::INFINITY),
            headroom: Some(f64::INFINITY),
            months_to_breach: Some(f64::INFINITY),
        };
    }
    let mu = q.service_rate();
    let capacity = f64::from(c) * mu;
    let p = q.percentile_fraction();
    let utilization = lambda / capacity;
    let saturated = utilization >= 1.0;
    let (p_wait, mean_wait_ms, mean_response_ms, percentile_response_ms) = if saturated {
        (None, None, None, None)
    } else {
        let wait = erlang_c(c, lambda / mu);
        let mean_wait = 1000.0 * wait / (capacity - lambda);
        (
            Some(wait),
            Some(mean_wait),
            Some(mean_wait + q.service_ms),
            Some(1000.0 * response_percentile(p, c, lambda, mu)),
        )
    };
    // The largest λ whose percentile meets the SLO. The response time grows
    // with λ, so "percentile ≤ SLO" is "P(T > SLO) ≤ 1 − p": one bisection
    // over λ on the tail at the SLO, one Erlang C per step.
    let slo_s = q.slo_ms / 1000.0;
    let excess = |lam: f64| response_tail(slo_s, c, lam, mu) - (1.0 - p);
    let max_arrival_per_s = if excess(0.0) > 0.0 {
        None
    } else {
        Some(largest_meeting(excess, capacity))
    };
    let headroom = max_arrival_per_s.map(|max| {
        if lambda > 0.0 {
            max / lambda - 1.0
        } else {
            f64::INFINITY
        }
    });
    let months_to_breach = max_arrival_per_s.map(|max| {
        if lambda >= max {
            0.0
        } else if q.growth_per_quarter > 0.0 && lambda > 0.0 {
            3.0 * (max / lambda).ln() / (1.0 + q.growth_per_quarter).ln()
        } else {
            f64::INFINITY
        }
    });
    QueueEval {
        utilization,
        saturated,
        p_wait,
        mean_wait_ms,
        mean_response_ms,
        percentile_response_ms,
        meets_slo: percentile_response_ms.is_some_and(|t| within(t, q.slo_ms)),
        max_arrival_per_s,
        headroom: headroom.filter(|h| h.is_finite()),
        months_to_breach: months_to_breach.filter(|m| m.is_finite()),
    }
}

/// The largest λ in [0, capacity) with `excess(λ)` ≤ 0, for an `excess`
/// that rises with λ, is ≤ 0 at 0 and > 0 near capacity (the tail at the
/// SLO passes 1 − p): the Illinois root finder, so a many-server queue
/// needs a dozen Erlang C evaluations, not forty.
fn largest_meeting(excess: impl Fn(f64) -> f64, capacity: f64) -> f64 {
    let at_zero = excess(0.0);
    let bracket = Bracket {
        lo: 0.0,
        hi: capacity,
        f_lo: at_zero,
        f_hi: 1.0 - at_zero.min(0.0),
    };
    illinois(excess, bracket, |_| 1e-12 * capacity, 200).lo
}

/// The USL throughput at concurrency `n`.
pub fn usl_throughput(n: f64, alpha: f64, beta: f64, gamma: f64) -> f64 {
    gamma * n / (1.0 + alpha * (n - 1.0) + beta * n * (n - 1.0))
}

/// For fixed α and β the best γ is linear least squares, so the fit
/// searches only (α, β) ≥ 0 with γ profiled out: returns (γ, SSE).
fn profile(points: &[(f64, f64)], alpha: f64, beta: f64) -> (f64, f64) {
    let shape = |n: f64| usl_throughput(n, alpha, beta, 1.0);
    let (sxg, sgg) = points.iter().fold((0.0, 0.0), |(sxg, sgg), &(n, x)| {
        let g = shape(n);
        (sxg + x * g, sgg + g * g)
    });
    let gamma = if sgg > 0.0 { sxg / sgg } else { 0.0 };
    let sse = points
        .iter()
        .map(|&(n, x)| (x - gamma * shape(n)).powi(2))
        .sum();
    (gamma, sse)
}

/// Fits the USL by nonlinear least squares with α, β ≥ 0: a coarse search on
/// a log grid (with 0 included on both axes), then pattern search refining
/// around the best point, each candidate's γ solved exactly. `None` with
/// fewer than two points.
pub fn fit_usl(points: &[(f64, f64)]) -> Option<UslEval> {
    let points: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(n, x)| n.is_finite() && x.is_finite() && *n > 0.0)
        .collect();
    if points.len() < 2 {
        return None;
    }
    let grid = |lo: f64, hi: f64, steps: u32| -> Vec<f64> {
        std::iter::once(0.0)
            .chain((0..=steps).map(move |i| lo * (hi / lo).powf(f64::from(i) / f64::from(steps))))
            .collect()
    };
    let alphas = grid(1e-5, 1.0, 50);
    let betas = grid(1e-9, 1.0, 72);
    let (mut alpha, mut beta, mut best) = (0.0, 0.0, f64::INFINITY);
    for &a in &alphas {
        for &b in &betas {
            let (_, sse) = profile(&points, a, b);
            if sse < best {
                (alpha, beta, best) = (a, b, sse);
            }
        }
    }
    // Pattern search: try moving each parameter up or down by a relative
    // step (or to/from 0), halve the steps when nothing improves.
    let (mut step_a, mut step_b) = (0.5, 0.5);
    for _ in 0..4000 {
        let mut improved = false;
        let candidates = [
            (alpha * (1.0 + step_a), beta),
            (alpha * (1.0 - step_a), beta),
            (alpha.max(1e-7) * step_a.min(1.0), beta),
            (alpha, beta * (1.0 + step_b)),
            (alpha, beta * (1.0 - step_b)),
            (alpha, beta.max(1e-11) * step_b.min(1.0)),
            (alpha * (1.0 + step_a), beta * (1.0 - step_b)),
            (alpha * (1.0 - step_a), beta * (1.0 + step_b)),
            (0.0, beta),
            (alpha, 0.0),
        ];
        for (a, b) in candidates {
            let (a, b) = (a.max(0.0), b.max(0.0));
            let (_, sse) = profile(&points, a, b);
            if sse < best * (1.0 - 1e-15) {
                (alpha, beta, best) = (a, b, sse);
                improved = true;
            }
        }
        if !improved {
            step_a *= 0.5;
            step_b *= 0.5;
            if step_a < 1e-12 && step_b < 1e-12 {
                break;
            }
        }
    }
    let (gamma, sse) = profile(&points, alpha, beta);
    let mean = points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64;
    let sst: f64 = points.iter().map(|p| (p.1 - mean).powi(2)).sum();
    let peak_concurrency = (beta > 0.0 && alpha < 1.0).then(|| ((1.0 - alpha) / beta).sqrt());
    let asymptote = (alpha > 0.0).then(|| gamma / alpha);
    let max_throughput = match peak_concurrency {
        Some(n) => Some(usl_throughput(n, alpha, beta, gamma)),
        None => asymptote,
    };
    Some(UslEval {
        alpha,
        beta,
        gamma,
        peak_concurrency,
        max_throughput,
        asymptote,
        sse,
        r_squared: if sst > 0.0 { 1.0 - sse / sst } else { 1.0 },
    })
}

/// Reads (concurrency, throughput) points from CSV text: a header row, then
/// two numeric columns: concurrency above 0, throughput at least 0, both at
/// most 1e15. Errors name the line.
pub fn points_from_csv(text: &str) -> Result<Vec<(f64, f64)>, String> {
    let mut points = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut fields = line.split(',').map(|f| f.trim().trim_matches('"'));
        let mut number = |what: &str| -> Result<f64, String> {
            let field = fields
                .next()
                .ok_or_else(|| format!("line {}: missing the {what} column", i + 1))?;
            field
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("line {}: {what} {field:?} is not a number", i + 1))
        };
        let n = number("concurrency")?;
        let x = number("throughput")?;
        // The rules a load test's points obey in a scenario file, so an
        // import never leaves the scenario invalid.
        if n <= 0.0 {
            return Err(format!(
                "line {}: concurrency must be above 0 (got {n})",
                i + 1
            ));
        }
        if x < 0.0 {
            return Err(format!(
                "line {}: throughput must not be negative (got {x})",
                i + 1
            ));
        }
        if n.abs().max(x.abs()) > crate::model::domain::MAX_MAGNITUDE {
            return Err(format!("line {}: a number is larger than 1e15", i + 1));
        }
        points.push((n, x));
    }
    if points.len() < 2 {
        return Err("a load test needs at least two measured points".to_owned());
    }
    Ok(points)
}
