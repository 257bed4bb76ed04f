//! A profile (from speedscope, folded stacks or pprof) and the step from a
//! profile to a budget: each leaf function's self weight as a share of the
//! total, largest first.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

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

/// A leaf's place in the name arena, its name's hash (so the table grows
/// without hashing every name again) and its weight: 32 bytes a leaf.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Entry {
    start: usize,
    len: u32,
    hash: u64,
    weight: f64,
}

/// A parsed profile: self weights per leaf, in order of first appearance.
///
/// Built for files of millions of distinct functions: each name is stored
/// once, back to back in one arena, and found again through a table of
/// leaf indices hashed by name, so a leaf costs its name's bytes plus
/// about 40 (a map of owned names cost about 170).
#[derive(Clone, Debug, Default)]
pub struct Profile {
    names: String,
    leaves: Vec<Entry>,
    table: hashbrown::HashTable<u32>,
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

fn hash(name: &str) -> u64 {
    use std::hash::BuildHasher as _;
    rustc_hash::FxBuildHasher.hash_one(name)
}

impl Profile {
    fn name(&self, e: &Entry) -> &str {
        &self.names[e.start..e.start + e.len as usize]
    }

    /// Adds `weight` to leaf `name` (created at the end on first sight).
    pub fn add(&mut self, name: &str, weight: f64) {
        let h = hash(name);
        let (names, leaves) = (&self.names, &self.leaves);
        let same = |&i: &u32| {
            let e = &leaves[i as usize];
            e.hash == h && &names[e.start..e.start + e.len as usize] == name
        };
        if let Some(&i) = self.table.find(h, same) {
            self.leaves[i as usize].weight += weight;
            return;
        }
        // A name (or a count of names) past 4 Gi cannot come from a file of
        // at most 1 GiB; were it to, the name is stored empty, not cut.
        let stored = if u32::try_from(name.len()).is_ok() {
            name
        } else {
            ""
        };
        let index = u32::try_from(self.leaves.len()).unwrap_or(u32::MAX);
        self.leaves.push(Entry {
            start: self.names.len(),
            len: stored.len() as u32,
            hash: h,
            weight,
        });
        self.names.push_str(stored);
        let leaves = &self.leaves;
        self.table
            .insert_unique(h, index, |&i| leaves[i as usize].hash);
    }

    /// The leaves (name, summed self weight), in order of first appearance.
    pub fn leaves(&self) -> impl Iterator<Item = (&str, f64)> + '_ {
        self.leaves.iter().map(|e| (self.name(e), e.weight))
    }

    /// How many distinct leaves.
    pub fn len(&self) -> usize {
        self.leaves.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.leaves.is_empty()
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
        let item = |order: usize, e: &Entry| Item {
            name: self.name(e).to_owned(),
            kind: kind_of(self.name(e)),
            weight: e.weight,
            units: 0,
            order,
        };
        let positive = || {
            self.leaves
                .iter()
                .enumerate()
                .filter(|(_, e)| e.weight > 0.0)
        };
        let n_positive = positive().count();
        let items = if n_positive <= max_spans {
            positive().map(|(order, e)| item(order, e)).collect()
        } else {
            // Millions of leaves: only the kept ones become items. The
            // `max_spans` largest (ties: first seen first) by a bounded
            // heap; the rest summed per kind, as `merge_small` would.
            let mut best: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(max_spans + 1);
            for (order, e) in positive() {
                best.push(Reverse(Ranked {
                    weight: e.weight,
                    order,
                }));
                if best.len() > max_spans {
                    best.pop();
                }
            }
            let mut kept: Vec<usize> = best.into_iter().map(|Reverse(r)| r.order).collect();
            kept.sort_unstable();
            let mut items: Vec<Item> = kept.iter().map(|&o| item(o, &self.leaves[o])).collect();
            let mut others: Vec<Item> = Vec::new();
            for (order, e) in positive().filter(|(o, _)| kept.binary_search(o).is_err()) {
                let kind = kind_of(self.name(e));
                match others.iter_mut().find(|o| o.kind == kind) {
                    Some(o) => {
                        o.weight += e.weight;
                        o.order = o.order.min(order);
                    }
                    None => others.push(Item {
                        name: format!("other ({kind:?})"),
                        kind,
                        weight: e.weight,
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
        self.leaves.iter().map(|e| e.weight.max(0.0)).sum()
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
