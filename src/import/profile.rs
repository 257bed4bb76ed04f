//! A profile (from speedscope, folded stacks or pprof) and the step from a
//! profile to a budget: each leaf function's self weight as a share of the
//! total, largest first.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::names::Names;
use super::{Item, KindRule, merge_small};
use crate::model::budget::SpanKind;

/// A leaf's rank for the budget: heavier first, then first seen.
#[derive(Clone, Copy)]
struct Ranked {
    weight: f64,
    order: usize,
}

impl Ord for Ranked {
    /// Greater is better: more weight, then earlier.
    fn cmp(&self, other: &Self) -> Ordering {
        self.weight
            .total_cmp(&other.weight)
            .then(other.order.cmp(&self.order))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

/// A parsed profile: self weights per leaf, in order of first appearance.
///
/// Built for files of millions of distinct functions: each leaf is an
/// interned name ([`Names`]) and its weight.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    names: Names,
    /// Each leaf's summed weight, by its name's id.
    weights: Vec<f64>,
    /// What was read, for the notes ("pprof sample type cpu (nanoseconds)").
    pub description: String,
    /// What the parser set aside.
    pub notes: Vec<String>,
}

impl PartialEq for Profile {
    fn eq(&self, other: &Self) -> bool {
        self.leaves().eq(other.leaves())
            && self.description == other.description
            && self.notes == other.notes
    }
}

impl Profile {
    /// An empty profile with room for `leaves` distinct leaves (an upper
    /// bound a reader knows cheaply, such as its line count).
    pub fn with_capacity(leaves: usize) -> Self {
        Self {
            names: Names::with_capacity(leaves),
            weights: Vec::with_capacity(leaves),
            ..Self::default()
        }
    }

    /// Adds `weight` to leaf `name` (created at the end on first sight).
    pub fn add(&mut self, name: &str, weight: f64) {
        match self.names.intern(name) {
            (_, true) => self.weights.push(weight),
            (id, false) => self.weights[id as usize] += weight,
        }
    }

    /// Adds each (name, weight) of `leaves` in order, as [`Profile::add`]
    /// each, the names looked up together ([`Names::intern_batch`]).
    pub fn add_batch(&mut self, leaves: &[(&str, f64)], scratch: &mut Vec<(u32, bool)>) {
        scratch.clear();
        self.names
            .intern_batch(leaves.iter().map(|&(name, _)| name), scratch);
        for (&(id, new), &(_, weight)) in scratch.iter().zip(leaves) {
            if new {
                self.weights.push(weight);
            } else {
                self.weights[id as usize] += weight;
            }
        }
    }

    /// The leaves (name, summed self weight), in order of first appearance.
    pub fn leaves(&self) -> impl Iterator<Item = (&str, f64)> + '_ {
        self.weights
            .iter()
            .enumerate()
            .map(|(id, &w)| (self.names.get(id as u32), w))
    }

    /// How many distinct leaves.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
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
        let kind_of = |name: &str| {
            KindRule::first_match(rules, name).unwrap_or_else(|| Self::default_kind(name))
        };
        let name = |order: usize| self.names.get(order as u32);
        let item = |order: usize, weight: f64| Item {
            name: name(order).to_owned(),
            kind: kind_of(name(order)),
            weight,
            units: 0,
            order,
        };
        // (first-sight order, weight) of every leaf with positive weight.
        let positive = || {
            self.weights
                .iter()
                .copied()
                .enumerate()
                .filter(|&(_, w)| w > 0.0)
        };
        let n_positive = positive().count();
        let items = if n_positive <= max_spans {
            positive().map(|(order, w)| item(order, w)).collect()
        } else {
            // Millions of leaves: only the kept ones become items. The
            // `max_spans` largest (ties: first seen first) by a bounded
            // heap; the rest summed per kind, as `merge_small` would.
            let mut best: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(max_spans + 1);
            for (order, weight) in positive() {
                let ranked = Ranked { weight, order };
                // Most leaves lose to the worst one kept: no push and pop.
                if best.len() == max_spans && best.peek().is_some_and(|w| ranked <= w.0) {
                    continue;
                }
                best.push(Reverse(ranked));
                if best.len() > max_spans {
                    best.pop();
                }
            }
            let mut kept: Vec<usize> = best.into_iter().map(|Reverse(r)| r.order).collect();
            kept.sort_unstable();
            let mut items: Vec<Item> = kept.iter().map(|&o| item(o, self.weights[o])).collect();
            let mut others: Vec<Item> = Vec::new();
            for (order, weight) in positive().filter(|(o, _)| kept.binary_search(o).is_err()) {
                let kind = kind_of(name(order));
                match others.iter_mut().find(|o| o.kind == kind) {
                    Some(o) => {
                        o.weight += weight;
                        o.order = o.order.min(order);
                    }
                    None => others.push(Item {
                        name: format!("other ({kind:?})"),
                        kind,
                        weight,
                        units: 0,
                        order,
                    }),
                }
            }
            items.extend(others);
            items
        };
        // Sorted largest first; the items are already within the limit.
        let (items, _) = merge_small(items, usize::MAX, true);
        let merged = n_positive.saturating_sub(max_spans);

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
        self.weights.iter().map(|w| w.max(0.0)).sum()
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
