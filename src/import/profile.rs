//! A profile (from speedscope, folded stacks or pprof) and the step from a
//! profile to a budget: each leaf function's self weight as a share of the
//! total, largest first.

use super::{Item, KindRule, merge_small};
use crate::model::budget::SpanKind;

/// One leaf function and its self weight.
#[derive(Clone, Debug, PartialEq)]
pub struct Leaf {
    /// The function's name, verbatim.
    pub name: String,
    /// Its self weight (samples, nanoseconds…), summed.
    pub weight: f64,
}

/// A parsed profile: self weights per leaf, in order of first appearance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Profile {
    /// The leaves, in order of first appearance in the file.
    pub leaves: Vec<Leaf>,
    /// What was read, for the notes ("pprof sample type cpu (nanoseconds)").
    pub description: String,
    /// What the parser set aside.
    pub notes: Vec<String>,
}

impl Profile {
    /// Adds `weight` to leaf `name` (created at the end on first sight).
    /// `index` maps names to positions so a large profile stays linear.
    pub fn add(
        &mut self,
        index: &mut std::collections::HashMap<String, usize>,
        name: &str,
        weight: f64,
    ) {
        match index.get(name) {
            Some(&i) => self.leaves[i].weight += weight,
            None => {
                index.insert(name.to_owned(), self.leaves.len());
                self.leaves.push(Leaf {
                    name: name.to_owned(),
                    weight,
                });
            }
        }
    }

    /// The kind of a leaf without a rule: `[kernel…]` and `[unknown]` frames
    /// are Other, everything else own code.
    pub fn default_kind(name: &str) -> SpanKind {
        if name.starts_with("[kernel") || name == "[unknown]" {
            SpanKind::Other
        } else {
            SpanKind::OwnCode
        }
    }

    /// The budget's spans: (name, share of the total in percent, kind),
    /// largest first, the largest `max_spans` kept and the rest merged per
    /// kind; and how many were merged.
    pub fn budget_spans(
        &self,
        rules: &[KindRule],
        max_spans: usize,
    ) -> (Vec<(String, f64, SpanKind)>, usize) {
        // Shares of the positive weights: a negative value (a diff profile's
        // savings) is not time spent.
        let total = self.positive_total();
        let items: Vec<Item> = self
            .leaves
            .iter()
            .enumerate()
            .filter(|(_, l)| l.weight > 0.0)
            .map(|(order, l)| Item {
                name: l.name.clone(),
                kind: KindRule::first_match(rules, &l.name)
                    .unwrap_or_else(|| Self::default_kind(&l.name)),
                weight: l.weight,
                units: 0,
                order,
            })
            .collect();
        let (items, merged) = merge_small(items, max_spans, true);
        // 100 · w / total, rounded once; w / total first only where 100 · w
        // would overflow (weights near 1e308).
        let share = |w: f64| {
            if total <= 0.0 {
                0.0
            } else if (100.0 * w).is_finite() {
                100.0 * w / total
            } else {
                100.0 * (w / total)
            }
        };
        (
            items
                .into_iter()
                .map(|it| (it.name, share(it.weight), it.kind))
                .collect(),
            merged,
        )
    }

    /// The sum of the positive weights.
    fn positive_total(&self) -> f64 {
        self.leaves.iter().map(|l| l.weight.max(0.0)).sum()
    }

    /// Refuses a profile with no positive weight, or whose weights add up
    /// past the largest number.
    pub fn check(self) -> Result<Self, super::ImportError> {
        let total = self.positive_total();
        if !total.is_finite() {
            Err(super::ImportError::Invalid(
                "the profile's weights add up past the largest number (1.8e308)".into(),
            ))
        } else if total > 0.0 {
            Ok(self)
        } else {
            Err(super::ImportError::Empty(
                "the profile has no samples with weight".into(),
            ))
        }
    }
}
