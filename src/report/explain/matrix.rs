//! The decision matrix explained: each candidate's weighted total and the
//! winner's lead.

use super::{Explanation, Expr, Part, Words, diff, leaf, times};
use crate::model::matrix::{Matrix, MatrixEval};
use crate::model::outputs::Metric;
use crate::model::uncertain::Uncertainty;
use crate::model::unit::Unit;
use crate::report::verdict;

/// The matrix's totals with their sums, and the winner's lead.
pub fn explain(
    words: &Words,
    input: &Matrix,
    m: &MatrixEval,
    u: Option<&Uncertainty>,
) -> Explanation {
    let total_expr = |c: usize| {
        Expr::Sum(
            (0..input.criteria.len())
                .map(|j| {
                    times(
                        leaf(input.weight(j), Unit::Points),
                        leaf(input.score(c, j), Unit::Points),
                    )
                })
                .collect(),
        )
    };
    let mut items: Vec<_> = m
        .totals
        .iter()
        .map(|t| {
            words.item(
                format!("#{} {}", t.rank, t.candidate),
                t.total,
                Unit::Points,
                "Σ weight × score over the criteria",
                Some(total_expr(t.index)),
            )
        })
        .collect();
    if let (Some(margin), [first, second, ..]) = (m.margin, m.totals.as_slice()) {
        items.push(words.metric(
            Metric::MatrixMargin,
            margin,
            format!("{}'s total − {}'s", first.candidate, second.candidate),
            Some(diff(
                leaf(first.total, Unit::Points),
                leaf(second.total, Unit::Points),
            )),
        ));
    }
    let mut sentence = verdict::matrix(m);
    if let Some(more) = u.and_then(verdict::uncertain_matrix) {
        sentence = format!("{sentence}\n{more}");
    }
    Explanation {
        part: Part::Matrix,
        title: "Decision matrix",
        verdict: sentence,
        items,
    }
}
