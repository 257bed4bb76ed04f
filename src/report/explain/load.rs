//! The load section explained: the queue today and when growth breaks its
//! SLO, and the scalability fitted to a load test.

use super::{Explanation, Expr, Part, Words, leaf, ratio};
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
        let mut items = vec![
            words.metric(
                Metric::Utilization,
                e.utilization,
                "arrival rate λ ÷ (servers c × service rate μ)",
                Some(ratio(
                    leaf(q.arrival_per_s, Unit::PerSecond),
                    Expr::Product(vec![
                        Expr::Exact(f64::from(q.servers)),
                        leaf(q.service_rate(), Unit::PerSecond),
                    ]),
                )),
                "—",
            ),
            words.metric(
                Metric::PWait,
                ms(e.p_wait),
                "Erlang C: the chance an arrival finds every server busy",
                None,
                "saturated",
            ),
            words.metric(
                Metric::MeanResponse,
                ms(e.mean_response_ms),
                "mean wait C ÷ (cμ − λ) + mean service",
                None,
                "saturated",
            ),
            words.item(
                format!("{pct} response"),
                ms(e.percentile_response_ms),
                Unit::Ms,
                "from the exact M/M/c response-time distribution (wait + service)",
                None,
                "saturated",
            ),
        ];
        if let Some(max) = e.max_arrival_per_s {
            items.push(words.metric(
                Metric::MaxArrival,
                max,
                format!(
                    "the arrival rate at which the {pct} reaches {}",
                    words.show(q.slo_ms, Unit::Ms)
                ),
                None,
                "—",
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
                "—",
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
                "—",
            ),
            words.item(
                "β (coherency)",
                u.beta,
                Unit::Count,
                "the USL's crosstalk cost",
                None,
                "—",
            ),
            words.item(
                "R² of the fit",
                u.r_squared,
                Unit::Count,
                "1 − SSE ÷ SST",
                None,
                "—",
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
                    "—",
                ));
                format!(
                    "Throughput peaks at {} with {} clients; more clients lower it.",
                    words.show(x, Unit::PerSecond),
                    words.show(n, Unit::Count)
                )
            }
            (_, _, Some(a)) => {
                items.push(words.item("Asymptote", a, Unit::PerSecond, "γ ÷ α", None, "—"));
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
