//! Evidence: which inputs were measured, and where (DESIGN, "evidence —
//! measured or assumed"). The file maps input paths to sources; every
//! other input is an assumption.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Scenario;

/// A measured input and its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Measured {
    /// The input's path, as `uncertainty.inputs` names it.
    pub path: String,
    /// Where it was measured: a trace, a dashboard, a load test.
    pub source: String,
}

/// The scenario's inputs split into measured and assumed, in inputs order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EvidenceEval {
    /// The inputs the file names a source for.
    pub measured: Vec<Measured>,
    /// Every other input's path.
    pub assumed: Vec<String>,
}

impl EvidenceEval {
    /// Whether the input at `path` was measured, and where.
    pub fn source(&self, path: &str) -> Option<&str> {
        self.measured
            .iter()
            .find(|m| m.path == path)
            .map(|m| m.source.as_str())
    }
}

/// The split of `scenario`'s inputs by `evidence`; `None` when the file
/// names no evidence (the output is then left out).
pub fn evaluate(scenario: &Scenario) -> Option<EvidenceEval> {
    if scenario.evidence.is_empty() {
        return None;
    }
    let mut out = EvidenceEval::default();
    for site in super::sites::sites(scenario) {
        match scenario.evidence.get(&site.path) {
            Some(source) => out.measured.push(Measured {
                path: site.path,
                source: source.clone(),
            }),
            None => out.assumed.push(site.path),
        }
    }
    Some(out)
}

/// The paths `evidence` names that are no input of `scenario`.
pub fn unknown_paths<'a>(
    scenario: &Scenario,
    evidence: &'a BTreeMap<String, String>,
) -> Vec<&'a str> {
    if evidence.is_empty() {
        return Vec::new();
    }
    let paths: Vec<String> = super::sites::sites(scenario)
        .into_iter()
        .map(|s| s.path)
        .collect();
    evidence
        .keys()
        .filter(|k| !paths.contains(k))
        .map(String::as_str)
        .collect()
}
