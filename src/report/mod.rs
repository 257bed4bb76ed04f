//! Reports rendered from an [`Evaluation`]: the JSON behind `eval --json` and
//! the plain-text summary behind `eval`.

pub mod diff;
pub mod explain;
pub mod memo;
mod summary;
pub mod verdict;

pub use summary::summary;

use serde::Serialize;

use crate::model::Evaluation;
use crate::model::uncertain::Uncertainty;

/// What `eval --json` prints: the evaluation, and `uncertainty` when the
/// scenario has ranges.
#[derive(Serialize)]
struct EvalJson<'a> {
    #[serde(flatten)]
    evaluation: &'a Evaluation,
    #[serde(skip_serializing_if = "Option::is_none")]
    uncertainty: Option<&'a Uncertainty>,
}

/// The evaluation as `eval --json` prints it, as a JSON value (non-finite
/// numbers null), for reading outputs by path without printing and parsing.
pub fn json_value(evaluation: &Evaluation, uncertainty: Option<&Uncertainty>) -> serde_json::Value {
    serde_json::to_value(EvalJson {
        evaluation,
        uncertainty,
    })
    .unwrap_or(serde_json::Value::Null)
}

/// The evaluation as pretty JSON with the snake_case keys of DESIGN.md.
/// Non-finite numbers (an unbounded ceiling) become `null`.
pub fn json(evaluation: &Evaluation, uncertainty: Option<&Uncertainty>) -> String {
    serde_json::to_string_pretty(&EvalJson {
        evaluation,
        uncertainty,
    })
    // Plain structs of numbers, strings and options always serialise.
    .unwrap_or_else(|e| unreachable!("evaluation serialisation failed: {e}"))
}
