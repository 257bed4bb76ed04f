//! The load section explained: the queue today and when growth breaks its
//! SLO, and the scalability fitted to a load test.

use super::{Explanation, Expr, Part, Words, leaf, ratio, times};
use crate::model::load::{Load, LoadEval};
use crate::model::outputs::Metric;
use crate::model::unit::Unit;

/// The queue's and the load test's numbers, one explanation each.
pub fn explain(words: &Words, input: &Load, l: &LoadEval) -> Vec<Explanation> {
    let mut out = Vec::new();
    if let (Some(q), Some(e)) = (&input.queue, &l.queue) {
        let q = q.nums();
        let pct = format!(
            "p{}",
            crate::format::quantity(100.0 * q.percentile_fraction())
        );
        let ms = |x: Option<f64>| x.unwrap_or(f64::INFINITY);
        let amplification = q.amplification();
        let arrivals = if q.has_retries {
            "offered rate λ (arrivals × retry amplification)"
        } else {
            "arrival rate λ"
        };
        let wait_formula = if q.service_cv == 1.0 {
            "mean wait C ÷ (cμ − λ) + mean service".to_owned()
        } else {
            format!(
                "mean wait C ÷ (cμ − λ) × (1 + cv²) ÷ 2 (Allen–Cunneen, cv = {}) + mean service",
                words.show(q.service_cv, Unit::Count)
            )
        };
        let distribution = match (q.service_cv == 1.0, q.has_retries) {
            (true, false) => "from the exact M/M/c response-time distribution (wait + service)",
            (false, false) => {
                "from the M/G/c response time: an exponential wait (Allen–Cunneen) plus a Gamma service time"
            }
            (_, true) => {
                "of a successful request: its failed attempts' timeouts and backoffs plus one response (wait + service)"
            }
        };
        let mut items = vec![
            words.metric(
                Metric::Utilization,
                e.utilization,
                format!("{arrivals} ÷ (servers c × service rate μ)"),
                Some(ratio(
                    leaf(q.arrival_per_s * amplification, Unit::PerSecond),
                    times(
                        Expr::Exact(f64::from(q.servers)),
                        leaf(q.service_rate(), Unit::PerSecond),
                    ),
                )),
            ),
            words
                .metric(
                    Metric::PWait,
                    ms(e.p_wait),
                    "Erlang C: the chance an arrival finds every server busy",
                    None,
                )
                .or_shown("saturated"),
            words
                .metric(
                    Metric::MeanResponse,
                    ms(e.mean_response_ms),
                    wait_formula,
                    None,
                )
                .or_shown("saturated"),
            words
                .item(
                    format!("{pct} response"),
                    ms(e.percentile_response_ms),
                    Unit::Ms,
                    distribution,
                    None,
                )
                .or_shown("saturated"),
        ];
        if let Some(r) = &e.retries {
            items.push(words.metric(
                Metric::RetryAmplification,
                r.amplification,
                format!(
                    "expected attempts (1 − pᵐ) ÷ (1 − p), p = {} failing, m = {} attempts",
                    words.show(q.failure_rate, Unit::Fraction),
                    q.max_attempts
                ),
                None,
            ));
            items.push(words.metric(
                Metric::RetrySuccessRate,
                r.success_rate,
                "1 − pᵐ: requests that succeed within their attempts",
                None,
            ));
        }
        if let Some(max) = e.max_arrival_per_s {
            items.push(words.metric(
                Metric::MaxArrival,
                max,
                format!(
                    "the arrival rate at which the {pct} reaches {}",
                    words.show(q.slo_ms, Unit::Ms)
                ),
                None,
            ));
        }
        if let Some(months) = e.months_to_breach {
            items.push(words.metric(
                Metric::MonthsToBreach,
                months,
                format!(
                    "3 × ln(max ÷ λ) ÷ ln(1 + g), g = {} a quarter",
                    words.show(q.growth_per_quarter, Unit::Fraction)
                ),
                None,
            ));
        }
        if let Some(m) = &e.memory {
            items.push(
                words
                    .metric(
                        Metric::MemoryMb,
                        ms(m.memory_mb),
                        format!(
                            "in flight (Little's law: {} × mean response) × {} a request",
                            if q.has_retries {
                                "offered rate"
                            } else {
                                "arrival rate"
                            },
                            words.show(q.memory_per_request_mb, Unit::Mb)
                        ),
                        None,
                    )
                    .or_shown("saturated"),
            );
            if let Some(max) = m.max_arrival_for_memory_per_s {
                items.push(words.metric(
                    Metric::MaxArrivalForMemory,
                    max,
                    format!(
                        "the arrival rate at which requests in flight hold {}",
                        words.show(q.memory_limit_mb, Unit::Mb)
                    ),
                    None,
                ));
            }
        }
        if let (Some(b), Some(target)) = (&e.error_budget, q.slo_target) {
            items.push(words.metric(
                Metric::FractionOverSlo,
                b.fraction_over_slo,
                format!(
                    "P(response > {}) for a successful request",
                    words.show(q.slo_ms, Unit::Ms)
                ),
                None,
            ));
            items.push(words.metric(
                Metric::BurnRate,
                b.burn_rate,
                format!(
                    "requests over the SLO ÷ the {} the {} target allows",
                    words.show(1.0 - target, Unit::Fraction),
                    words.show(target, Unit::Fraction)
                ),
                Some(ratio(
                    leaf(b.fraction_over_slo, Unit::Fraction),
                    leaf(1.0 - target, Unit::Fraction),
                )),
            ));
            items.push(words.metric(
                Metric::BudgetMinutes,
                b.budget_minutes_per_30_days,
                "(1 − target) × 43,200 minutes in 30 days",
                None,
            ));
        }
        let sentence = if e.saturated {
            format!(
                "Saturated: {} of capacity; the queue grows without bound.",
                words.show(e.utilization, Unit::Fraction)
            )
        } else {
            let today = words.show(ms(e.percentile_response_ms), Unit::Ms);
            match (e.max_arrival_per_s, e.months_to_breach) {
                (None, _) if q.has_retries => format!(
                    "No load meets the SLO: even on idle servers, failed attempts' timeouts and backoffs put more than {} of requests over {}.",
                    words.show(1.0 - q.percentile_fraction(), Unit::Fraction),
                    words.show(q.slo_ms, Unit::Ms)
                ),
                (None, _) => format!(
                    "No load meets the SLO: the {pct} of the service time alone is above {}.",
                    words.show(q.slo_ms, Unit::Ms)
                ),
                (Some(_), Some(m)) if m <= 0.0 => {
                    "The SLO is already broken at today's load.".to_owned()
                }
                (Some(max), Some(m)) => format!(
                    "The {pct} is {today} today; the SLO breaks at {}, {} away at +{} a quarter.",
                    words.show(max, Unit::PerSecond),
                    words.show(m, Unit::Months),
                    words.show(q.growth_per_quarter, Unit::Fraction)
                ),
                (Some(max), None) => format!(
                    "The {pct} is {today} today; the SLO breaks at {}.",
                    words.show(max, Unit::PerSecond)
                ),
            }
        };
        // With more than a plain queue's six numbers, the headline leads with
        // what decides (today's tail, where load breaks it, how soon, what
        // runs out first, the budget); the rest fold.
        let many = items.len() > 6;
        for item in items.iter_mut().filter(|_| many) {
            item.lead = match item.metric {
                None => true,
                Some(m) => matches!(
                    m,
                    Metric::Utilization
                        | Metric::MaxArrival
                        | Metric::MonthsToBreach
                        | Metric::MaxArrivalForMemory
                        | Metric::BurnRate
                ),
            };
        }
        let mut sentence = sentence;
        if let Some(limit) = e.memory.and_then(|m| m.max_arrival_for_memory_per_s) {
            let first = e.max_arrival_per_s.is_none_or(|slo| limit < slo);
            sentence.push_str(&format!(
                " Memory ({} in flight at most) runs out at {}{}.",
                words.show(q.memory_limit_mb, Unit::Mb),
                words.show(limit, Unit::PerSecond),
                if first {
                    ": before the SLO breaks, so memory is the real limit"
                } else {
                    ", after the SLO breaks"
                }
            ));
        }
        if let Some(b) = &e.error_budget {
            let target = q.slo_target.unwrap_or(0.999);
            let busier = q.arrival_per_s * 1.4;
            let later = if busier >= q.saturation_arrival() {
                "the servers saturate".to_owned()
            } else {
                words.show(q.fraction_over_slo_at(busier) / (1.0 - target), Unit::Times)
            };
            sentence.push_str(&format!(
                " At today's load the error budget burns {} as fast as allowed; at +40 % load, {later}.",
                words.show(b.burn_rate, Unit::Times),
            ));
        }
        out.push(Explanation {
            part: Part::Queue,
            title: "Load: the latency cliff",
            verdict: sentence,
            items,
        });
    }
    if let Some(u) = &l.usl {
        let mut items = vec![
            words.item(
                "α (contention)",
                u.alpha,
                Unit::Count,
                "the USL's serial fraction",
                None,
            ),
            words.item(
                "β (coherency)",
                u.beta,
                Unit::Count,
                "the USL's crosstalk cost",
                None,
            ),
            words.item(
                "R² of the fit",
                u.r_squared,
                Unit::Count,
                "1 − SSE ÷ SST",
                None,
            ),
        ];
        let sentence = match (u.peak_concurrency, u.max_throughput, u.asymptote) {
            (Some(n), Some(x), _) => {
                items.push(words.item(
                    "Peak throughput",
                    x,
                    Unit::PerSecond,
                    format!(
                        "X(N*) at N* = √((1 − α) ÷ β) = {} clients",
                        words.show(n, Unit::Count)
                    ),
                    None,
                ));
                format!(
                    "Throughput peaks at {} with {} clients; more clients lower it.",
                    words.show(x, Unit::PerSecond),
                    words.show(n, Unit::Count)
                )
            }
            (_, _, Some(a)) => {
                items.push(words.item("Asymptote", a, Unit::PerSecond, "γ ÷ α", None));
                format!(
                    "No peak (β = 0): throughput approaches γ ÷ α = {}.",
                    words.show(a, Unit::PerSecond)
                )
            }
            _ => "Throughput grows linearly over the measured range.".to_owned(),
        };
        out.push(Explanation {
            part: Part::Usl,
            title: "Scalability (USL fit of the load test)",
            verdict: sentence,
            items,
        });
    }
    out
}
