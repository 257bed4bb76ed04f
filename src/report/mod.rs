//! Reports rendered from an [`Evaluation`]: the JSON behind `eval --json` and
//! the plain-text summary behind `eval`.

pub mod memo;
mod summary;
pub mod verdict;

pub use summary::summary;

use crate::model::Evaluation;

/// The evaluation as pretty JSON with the snake_case keys of DESIGN.md.
/// Non-finite numbers (an unbounded ceiling) become `null`.
pub fn json(evaluation: &Evaluation) -> String {
    serde_json::to_string_pretty(evaluation)
        // Plain structs of numbers, strings and options always serialise.
        .unwrap_or_else(|e| unreachable!("evaluation serialisation failed: {e}"))
}
