//! The budget explained: the critical path, what the language buys, the
//! levers and the SLO gap.

use super::{Explanation, Expr, Part, Words, diff, leaf, ratio, times};
use crate::model::budget::{Budget, BudgetEval};
use crate::model::outputs::{Metric, Probability};
use crate::model::uncertain::Uncertainty;
use crate::model::unit::Unit;
use crate::report::verdict;

/// The budget's numbers with their formulas.
pub fn explain(
    words: &Words,
    input: &Budget,
    b: &BudgetEval,
    u: Option<&Uncertainty>,
) -> Explanation {
    let span = words.span_unit;
    let s = b.language_speedup;
    let f = b.own_code_fraction;
    let mut items = vec![
        words.metric(
            Metric::Total,
            b.total,
            "sum over stages of each stage's longest span (concurrent spans share a stage)",
            None,
        ),
        words.metric(
            Metric::OwnCodeFraction,
            f,
            "own code on the critical path ÷ total",
            Some(ratio(leaf(b.own_code, span), leaf(b.total, span))),
        ),
        words.metric(
            Metric::AmdahlSpeedup,
            b.amdahl_speedup,
            format!(
                "at s = {}: total ÷ total after the language (1 ÷ ((1 − f) + f ÷ s) on a serial trace)",
                words.show(s, Unit::Times)
            ),
            Some(ratio(
                leaf(b.total, span),
                leaf(b.total_after_language, span),
            )),
        ).or_shown("unbounded"),
        words.metric(
            Metric::AmdahlCeiling,
            b.amdahl_ceiling,
            "1 ÷ (1 − f): an infinitely fast language",
            Some(ratio(
                Expr::Exact(1.0),
                diff(Expr::Exact(1.0), leaf(f, Unit::Fraction)),
            )),
        ).or_shown("unbounded"),
        words.metric(
            Metric::TotalAfterLanguage,
            b.total_after_language,
            format!("own-code spans divided by s = {}", words.show(s, Unit::Times)),
            None,
        ),
    ];
    if !b.levers.is_empty() {
        items.push(words.metric(
            Metric::TotalAfterLevers,
            b.total_after_levers,
            "every span's lever applied, the language unchanged",
            None,
        ));
        items.push(words.metric(
            Metric::TotalAfterAll,
            b.total_after_all,
            "every lever, then own code divided by s",
            None,
        ));
    }
    if let Some(required) = b.required_speedup {
        items.push(words.metric(
            Metric::RequiredSpeedup,
            required,
            slo_gap_formula(input),
            slo_gap_expr(words, input, b),
        ));
    }
    if let Some(t) = b.throughput_after_language {
        let measured = input.measured_throughput_per_s.map_or(0.0, |q| q.point());
        items.push(words.metric(
            Metric::ThroughputAfterLanguage,
            t,
            "measured throughput × the language's speedup",
            Some(times(
                leaf(measured, Unit::PerSecond),
                leaf(b.amdahl_speedup, Unit::Times),
            )),
        ));
    }
    let mut sentence = verdict::budget(b, span_symbol(span));
    if let Some(u) = u {
        if let Some(p) = u.probability(Probability::MeetsSloAfterAll) {
            items.push(words.probability(Probability::MeetsSloAfterAll, p, u.samples));
        }
        if let Some(more) = verdict::uncertain_budget(u, span_symbol(span)) {
            sentence = format!("{sentence}\n{more}");
        }
    }
    Explanation {
        part: Part::Budget,
        title: "Where the time goes",
        verdict: sentence,
        items,
    }
}

/// "ms" or "%": the symbol after a span time.
fn span_symbol(unit: Unit) -> &'static str {
    if unit == Unit::PercentPoints {
        "%"
    } else {
        "ms"
    }
}

/// The SLO gap in words: which objective sets it.
fn slo_gap_formula(input: &Budget) -> String {
    let slo = input.slo.clone().unwrap_or_default();
    let latency = slo.latency.is_some();
    let throughput = slo.throughput_per_s.is_some() && input.measured_throughput_per_s.is_some();
    match (latency, throughput) {
        (true, true) => {
            "the larger of total ÷ latency SLO and throughput SLO ÷ measured throughput"
        }
        (true, false) => "total ÷ latency SLO",
        (false, true) => "throughput SLO ÷ measured throughput",
        (false, false) => "",
    }
    .to_owned()
}

/// The SLO gap's arithmetic: the ratio that sets it.
fn slo_gap_expr(words: &Words, input: &Budget, b: &BudgetEval) -> Option<Expr> {
    let slo = input.slo.clone().unwrap_or_default();
    let latency = slo.latency.map(|l| {
        ratio(
            leaf(b.total, words.span_unit),
            leaf(l.point(), words.span_unit),
        )
    });
    let throughput = slo
        .throughput_per_s
        .zip(input.measured_throughput_per_s)
        .map(|(want, have)| {
            ratio(
                leaf(want.point(), Unit::PerSecond),
                leaf(have.point(), Unit::PerSecond),
            )
        });
    match (latency, throughput) {
        (Some(l), Some(t)) => Some(if l.eval(None) >= t.eval(None) { l } else { t }),
        (l, t) => l.or(t),
    }
}
