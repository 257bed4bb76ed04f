//! A queue evaluated: today's utilisation and response time, the load at
//! which the SLO breaks, memory in flight, the error budget and retries.

use super::{ErrorBudgetEval, MemoryEval, QueueEval, QueueNums, RetriesEval, response_percentile};
use crate::model::domain::within;
use crate::model::solve::{Bracket, illinois};

/// Minutes in 30 days: an error budget's window.
const MINUTES_PER_30_DAYS: f64 = 43_200.0;

/// Evaluates a queue.
pub fn evaluate_queue(q: &QueueNums) -> QueueEval {
    let c = q.servers.max(1);
    let arrival = q.arrival_per_s;
    if q.service_ms <= 0.0 {
        return instant(q);
    }
    let amplification = q.amplification();
    let offered = arrival * amplification;
    let mu = q.service_rate();
    let capacity = f64::from(c) * mu;
    let p = q.percentile_fraction();
    let utilization = offered / capacity;
    let saturated = utilization >= 1.0;
    let attempts = q.attempts();
    let plain = q.is_plain_m_m_c();
    let response = q.response_at(arrival);
    let (p_wait, mean_wait_ms, mean_response_ms, percentile_response_ms) = match (plain, &response)
    {
        (_, None) => (None, None, None, None),
        (true, Some(_)) => {
            // Format 2's arithmetic, kept to the bit.
            let wait = super::erlang_c(c, offered / mu);
            let mean_wait = 1000.0 * wait / (capacity - offered);
            (
                Some(wait),
                Some(mean_wait),
                Some(mean_wait + q.service_ms),
                Some(1000.0 * response_percentile(p, c, offered, mu)),
            )
        }
        (false, Some(r)) => {
            let mean_wait = 1000.0 * r.mean_wait();
            (
                Some(r.p_wait()),
                Some(mean_wait),
                Some(mean_wait + q.service_ms),
                Some(1000.0 * attempts.percentile(r, p)),
            )
        }
    };
    // The largest offered λ whose percentile meets the SLO. The response
    // time grows with λ, so "percentile ≤ SLO" is "P(T > SLO) ≤ 1 − p":
    // one root-finding over λ on the tail at the SLO. Reported as a user
    // arrival rate (before retries multiply it).
    let excess = |lam: f64| q.slo_tail_offered(lam, &attempts) - (1.0 - p);
    let max_arrival_per_s = if excess(0.0) > 0.0 {
        None
    } else {
        let root = if plain {
            // Format 2's bracket and tolerance, kept to the bit.
            largest_meeting(excess, capacity, None, |_| 1e-12 * capacity)
        } else {
            largest_meeting(excess, capacity, Some(offered), |hi| 1e-10 * hi)
        };
        Some(root / amplification)
    };
    let headroom = max_arrival_per_s.map(|max| {
        if arrival > 0.0 {
            max / arrival - 1.0
        } else {
            f64::INFINITY
        }
    });
    let months_to_breach = max_arrival_per_s.map(|max| {
        if arrival >= max {
            0.0
        } else if q.growth_per_quarter > 0.0 && arrival > 0.0 {
            3.0 * (max / arrival).ln() / (1.0 + q.growth_per_quarter).ln()
        } else {
            f64::INFINITY
        }
    });
    let memory = q.has_memory.then(|| MemoryEval {
        memory_mb: mean_response_ms.map(|t| offered * t / 1000.0 * q.memory_per_request_mb),
        max_arrival_for_memory_per_s: memory_limit_arrival(q, capacity, amplification),
    });
    let error_budget = q.slo_target.map(|target| {
        let fraction_over_slo = q.fraction_over_slo_at(arrival);
        ErrorBudgetEval {
            fraction_over_slo,
            burn_rate: fraction_over_slo / (1.0 - target),
            budget_minutes_per_30_days: (1.0 - target) * MINUTES_PER_30_DAYS,
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
        memory,
        error_budget,
        retries: retries(q, offered),
    }
}

/// The user arrival rate at which requests in flight hold the memory limit:
/// offered λ × mean response(λ) × MB per request = limit, solved over the
/// offered λ (the mean response grows without bound toward capacity).
fn memory_limit_arrival(q: &QueueNums, capacity: f64, amplification: f64) -> Option<f64> {
    let service_s = q.service_ms / 1000.0;
    let excess = |lam: f64| {
        super::Response::new(service_s, q.service_cv, q.servers, lam).map_or(1.0, |r| {
            lam * (service_s + r.mean_wait()) * q.memory_per_request_mb - q.memory_limit_mb
        })
    };
    let offered = q.arrival_per_s * amplification;
    (q.memory_per_request_mb > 0.0)
        .then(|| largest_meeting(excess, capacity, Some(offered), |hi| 1e-10 * hi) / amplification)
}

/// What retries do to the load; `None` without retries.
fn retries(q: &QueueNums, offered: f64) -> Option<RetriesEval> {
    q.has_retries.then(|| RetriesEval {
        amplification: q.amplification(),
        success_rate: 1.0 - q.failure_rate.powf(f64::from(q.max_attempts.max(1))),
        offered_per_s: offered,
    })
}

/// Instant service (only a Monte Carlo draw clamped to the bound gets
/// here): nobody waits, and no load ever breaks the SLO or fills memory.
fn instant(q: &QueueNums) -> QueueEval {
    QueueEval {
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
        memory: q.has_memory.then_some(MemoryEval {
            memory_mb: Some(0.0),
            max_arrival_for_memory_per_s: None,
        }),
        error_budget: q.slo_target.map(|target| ErrorBudgetEval {
            fraction_over_slo: 0.0,
            burn_rate: 0.0,
            budget_minutes_per_30_days: (1.0 - target) * MINUTES_PER_30_DAYS,
        }),
        retries: retries(q, q.arrival_per_s * q.amplification()),
    }
}

/// The largest λ in [0, capacity) with `excess(λ)` ≤ 0, for an `excess`
/// that rises with λ, is ≤ 0 at 0 and > 0 near capacity (the tail at the
/// SLO passes 1 − p): the Illinois root finder, so a many-server queue
/// needs a dozen Erlang C evaluations, not forty. With `today` (the
/// offered rate now) the bracket is first narrowed there: the format-3
/// models call an Erlang C per step, and a fleet of thousands made the
/// Monte Carlo crawl; they ask 1e-10 relative (the contract asks 1e-6).
fn largest_meeting(
    excess: impl Fn(f64) -> f64,
    capacity: f64,
    today: Option<f64>,
    tolerance: impl Fn(f64) -> f64,
) -> f64 {
    let at_zero = excess(0.0);
    let mut bracket = Bracket {
        lo: 0.0,
        hi: capacity,
        f_lo: at_zero,
        f_hi: 1.0 - at_zero.min(0.0),
    };
    if let Some(today) = today.filter(|&t| t > 0.0 && t < capacity) {
        let at_today = excess(today);
        if at_today > 0.0 {
            bracket.hi = today;
            bracket.f_hi = at_today;
        } else {
            bracket.lo = today;
            bracket.f_lo = at_today;
        }
    }
    illinois(excess, bracket, tolerance, 200).lo
}
