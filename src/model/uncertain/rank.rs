//! Where samples fall in sorted order, without sorting them: exact order
//! statistics for the summaries' quantiles and exact rank bins for the
//! value of information.
//!
//! Both answers depend only on ranks, and a full sort of every column (or
//! of every input's draws) costs O(n log n) with a large constant. Here the
//! values are spread over buckets by their leading differing bits (an
//! order-preserving integer key, so a bucket's position in sorted order is
//! a prefix sum of counts) and only the few buckets that hold a wanted rank
//! — or straddle a bin boundary — are looked at more closely, recursively.
//! Two or three linear passes instead of a sort; the results are exactly
//! those of a sort (values by `f64::total_cmp`, ties by sample index).

/// At most how many bits a bucketing pass splits on: 4,096 counters stay
/// in L1. Fewer for few values (about four values a bucket), so a small
/// bucket split again does not pay for thousands of empty ones.
const BITS: u32 = 12;

/// Below this many values a bucket is sorted rather than split again.
const SMALL: usize = 64;

/// The value as an unsigned key in `f64::total_cmp` order.
pub fn key(x: f64) -> u64 {
    let bits = x.to_bits();
    // Negative numbers: every bit flipped; positive: the sign bit set.
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// One bucketing of some keys: which bucket a key falls in.
struct Split {
    low: u64,
    shift: u32,
    buckets: usize,
}

impl Split {
    /// The split of `n` keys from `low` to `high` into buckets of 2^shift
    /// keys, at most 2^[`BITS`] + 1 of them (fewer for small n).
    fn over(low: u64, high: u64, n: usize) -> Self {
        let bits = (n / 4).max(16).ilog2().min(BITS);
        // The width of the range, not its highest differing bit: 1.0 and
        // 6.0 differ in bit 62 (the exponent carries over at 2) and split
        // there gave six buckets.
        let span = 64 - (high - low).leading_zeros();
        let shift = span.saturating_sub(bits);
        let buckets = ((high >> shift) - (low >> shift)) as usize + 1;
        Self {
            low: low >> shift,
            shift,
            buckets,
        }
    }

    fn bucket(&self, key: u64) -> usize {
        ((key >> self.shift) - self.low) as usize
    }
}

/// The smallest and largest of `keys`.
fn bounds(keys: impl Iterator<Item = u64>) -> (u64, u64) {
    keys.fold((u64::MAX, 0), |(lo, hi), k| (lo.min(k), hi.max(k)))
}

/// Counts per bucket, then each bucket's first position in sorted order.
fn starts(split: &Split, keys: impl Iterator<Item = u64>) -> Vec<usize> {
    let mut starts = vec![0usize; split.buckets + 1];
    for k in keys {
        starts[split.bucket(k) + 1] += 1;
    }
    prefix_sums(&mut starts);
    starts
}

/// Turns counts (shifted by one) into each bucket's first position.
fn prefix_sums(starts: &mut [usize]) {
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
}

/// The order statistics of `values` at the 0-based `ranks` (ascending,
/// each < `values.len()`, fewer than 255), in `f64::total_cmp` order:
/// what `sorted[rank]` would be.
pub fn order_statistics(values: &[f64], ranks: &[usize]) -> Vec<f64> {
    assert!(ranks.len() < 255, "too many ranks at once");
    let mut out = vec![0.0; ranks.len()];
    // The first split reads the values where they are (no copy of the
    // column); the buckets it keeps are split further as keys.
    select(
        values.iter().map(|&x| key(x)),
        values.len(),
        0,
        ranks,
        &mut out,
        0,
    );
    out
}

/// The first counting pass of [`order_statistics`], made by a caller that
/// reads the values anyway (the summaries add up the variance in the same
/// pass): one read of a column fewer. Build it from the keys' bounds, feed
/// it every value with [`Counts::add`], then [`Counts::order_statistics`].
pub struct Counts {
    split: Split,
    starts: Vec<usize>,
}

impl Counts {
    /// Counts for `n` values whose keys ([`key`]) lie in `low..=high`;
    /// `None` when a counting pass would not help (few values, or all
    /// equal): call [`order_statistics`] then.
    pub fn new(low: u64, high: u64, n: usize) -> Option<Self> {
        if n <= SMALL || low >= high {
            return None;
        }
        let split = Split::over(low, high, n);
        Some(Self {
            starts: vec![0; split.buckets + 1],
            split,
        })
    }

    /// Counts one value (within the bounds given).
    #[inline]
    pub fn add(&mut self, x: f64) {
        self.starts[self.split.bucket(key(x)) + 1] += 1;
    }

    /// The order statistics at `ranks` (as [`order_statistics`]) of the
    /// values whose `keys` were counted, every one of them.
    pub fn order_statistics<I>(mut self, keys: I, ranks: &[usize]) -> Vec<f64>
    where
        I: Iterator<Item = u64> + Clone,
    {
        assert!(ranks.len() < 255, "too many ranks at once");
        prefix_sums(&mut self.starts);
        let mut out = vec![0.0; ranks.len()];
        select_split(&self.split, &self.starts, keys, 0, ranks, &mut out, 0);
        out
    }
}

/// Fills `out[first + i]` for the `ranks` (absolute positions; the `n`
/// keys hold the values at positions `offset..offset + n` in sorted order).
fn select<I>(keys: I, n: usize, offset: usize, ranks: &[usize], out: &mut [f64], first: usize)
where
    I: Iterator<Item = u64> + Clone,
{
    if ranks.is_empty() {
        return;
    }
    let (low, high) = bounds(keys.clone());
    if low == high {
        // All equal (a column no input moves): every rank is that value.
        out[first..first + ranks.len()].fill(value(low));
        return;
    }
    if n <= SMALL {
        let mut sorted: Vec<u64> = keys.collect();
        sorted.sort_unstable();
        for (i, &r) in ranks.iter().enumerate() {
            out[first + i] = value(sorted[r - offset]);
        }
        return;
    }
    let split = Split::over(low, high, n);
    let starts = starts(&split, keys.clone());
    select_split(&split, &starts, keys, offset, ranks, out, first);
}

/// [`select`] once the keys are counted into `split`'s buckets (`starts`:
/// each bucket's first position): gathers the buckets that hold a wanted
/// rank and selects within them.
fn select_split<I>(
    split: &Split,
    starts: &[usize],
    keys: I,
    offset: usize,
    ranks: &[usize],
    out: &mut [f64],
    first: usize,
) where
    I: Iterator<Item = u64> + Clone,
{
    // The buckets that hold a wanted rank (in ascending order, each with
    // the first of its ranks), gathered in one pass.
    let mut wanted: Vec<(usize, usize)> = Vec::new();
    for (i, &r) in ranks.iter().enumerate() {
        let b = starts.partition_point(|&s| s <= r - offset) - 1;
        if wanted.last().is_none_or(|&(last, _)| last != b) {
            wanted.push((b, i));
        }
    }
    let mut slot = vec![u8::MAX; split.buckets];
    for (w, &(b, _)) in wanted.iter().enumerate() {
        slot[b] = w as u8;
    }
    let mut members: Vec<Vec<u64>> = wanted
        .iter()
        .map(|&(b, _)| Vec::with_capacity(starts[b + 1] - starts[b]))
        .collect();
    for k in keys {
        let w = slot[split.bucket(k)];
        if w != u8::MAX {
            members[w as usize].push(k);
        }
    }
    for (w, inner) in members.iter().enumerate() {
        let (b, i) = wanted[w];
        let j = wanted.get(w + 1).map_or(ranks.len(), |&(_, j)| j);
        let at = offset + starts[b];
        select(
            inner.iter().copied(),
            inner.len(),
            at,
            &ranks[i..j],
            out,
            first + i,
        );
    }
}

/// The value whose key is `k`.
pub fn value(k: u64) -> f64 {
    let bits = if k >> 63 == 1 { k & !(1 << 63) } else { !k };
    f64::from_bits(bits)
}

/// Each sample's bin when the samples, in order of `draws` (ties by sample
/// index), are cut into `bins` bins, bin k holding positions ⌊kN/B⌋ …
/// ⌊(k+1)N/B⌋ − 1 (at most 256 bins).
pub fn rank_bins(draws: &[f64], bins: usize) -> Vec<u8> {
    assert!((1..=256).contains(&bins), "{bins} bins do not fit a byte");
    let n = draws.len();
    let mut out = vec![0u8; n];
    if n == 0 {
        return out;
    }
    let bin_at = |p: usize| (((p + 1) * bins - 1) / n) as u8;
    // The first split reads the draws where they are (no keyed copy).
    let keyed = draws.iter().zip(0u32..).map(|(&x, s)| (key(x), s));
    assign(keyed, n, 0, &bin_at, &mut out);
    out
}

/// Assigns the bins of the `n` `members` ((key, sample) in sample order),
/// which occupy sorted positions `offset..offset + n`.
fn assign<I>(members: I, n: usize, offset: usize, bin_at: &dyn Fn(usize) -> u8, out: &mut [u8])
where
    I: Iterator<Item = (u64, u32)> + Clone,
{
    if n == 0 {
        return;
    }
    let (first, last) = (bin_at(offset), bin_at(offset + n - 1));
    if first == last {
        for (_, s) in members {
            out[s as usize] = first;
        }
        return;
    }
    let (low, high) = bounds(members.clone().map(|m| m.0));
    if n <= SMALL || low == high {
        // Stable: equal draws stay in sample order.
        let mut sorted: Vec<(u64, u32)> = members.collect();
        sorted.sort_by_key(|m| m.0);
        for (p, &(_, s)) in sorted.iter().enumerate() {
            out[s as usize] = bin_at(offset + p);
        }
        return;
    }
    let split = Split::over(low, high, n);
    let starts = starts(&split, members.clone().map(|m| m.0));
    // Per bucket: its bin when it lies inside one (assigned at once), else
    // 256 + its place among the buckets split again (at most 255 of them:
    // one per bin boundary).
    let mut straddling = 0u16;
    let target: Vec<u16> = starts
        .windows(2)
        .map(|w| {
            let (from, to) = (offset + w[0], offset + w[1].max(w[0] + 1) - 1);
            if bin_at(from) == bin_at(to) {
                u16::from(bin_at(from))
            } else {
                straddling += 1;
                255 + straddling
            }
        })
        .collect();
    // Each split-again bucket's members, sized from its count (no regrowth).
    let mut inner: Vec<Vec<(u64, u32)>> = starts
        .windows(2)
        .zip(&target)
        .filter(|&(_, &t)| t >= 256)
        .map(|(w, _)| Vec::with_capacity(w[1] - w[0]))
        .collect();
    for (k, s) in members {
        match target[split.bucket(k)] {
            bin @ 0..=255 => out[s as usize] = bin as u8,
            slot => inner[usize::from(slot - 256)].push((k, s)),
        }
    }
    let mut slots = 0;
    for (b, &t) in target.iter().enumerate() {
        if t >= 256 {
            let inner = &inner[slots];
            assign(
                inner.iter().copied(),
                inner.len(),
                offset + starts[b],
                bin_at,
                out,
            );
            slots += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sorted(values: &[f64]) -> Vec<f64> {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        v
    }

    #[test]
    fn a_split_uses_its_buckets_across_a_power_of_two() {
        // 1.0 and 6.0 differ in bit 62 of their keys (0xBFF0… and
        // 0xC018…): split on that bit, a million values got 6 buckets; on
        // the width (0x28 << 48, 54 bits), 2,561 (Python, by hand).
        let split = Split::over(key(1.0), key(6.0), 1_000_000);
        assert!(
            (2_048..=4_097).contains(&split.buckets),
            "{}",
            split.buckets
        );
        assert_eq!(split.bucket(key(1.0)), 0);
        assert_eq!(split.bucket(key(6.0)), split.buckets - 1);
        assert!(split.bucket(key(1.5)) < split.bucket(key(2.0)));
    }

    #[test]
    fn keys_keep_total_order() {
        let xs = [
            f64::NEG_INFINITY,
            -1e300,
            -1.0,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            1e300,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(key(w[0]) < key(w[1]), "{} {}", w[0], w[1]);
            assert_eq!(value(key(w[0])).to_bits(), w[0].to_bits());
        }
    }

    #[test]
    fn bins_of_a_small_case_by_hand() {
        // Draws 3, 1, 2, 1, 5 in order: 1 (sample 1), 1 (sample 3), 2, 3, 5;
        // two bins of five: positions 0–1 and 2–4.
        let bins = rank_bins(&[3.0, 1.0, 2.0, 1.0, 5.0], 2);
        assert_eq!(bins, vec![1, 0, 1, 0, 1]);
    }

    proptest! {
        #[test]
        fn order_statistics_are_the_sorted_values(
            values in prop::collection::vec(
                prop_oneof![
                    -1e6..1e6f64,
                    Just(f64::INFINITY),
                    Just(7.0),
                    (0.0..1.0f64).prop_map(|u| 1e-3 * (40.0 * u).exp()),
                ],
                1..3000,
            ),
            picks in prop::collection::vec(0.0..1.0f64, 1..12),
        ) {
            let mut ranks: Vec<usize> =
                picks.iter().map(|p| (p * values.len() as f64) as usize).collect();
            ranks.sort_unstable();
            let want = sorted(&values);
            let got = order_statistics(&values, &ranks);
            for (r, g) in ranks.iter().zip(&got) {
                prop_assert_eq!(want[*r].to_bits(), g.to_bits());
            }
        }

        #[test]
        fn rank_bins_are_those_of_a_stable_sort(
            draws in prop::collection::vec(
                prop_oneof![-50.0..50.0f64, Just(3.0), Just(-0.0), Just(0.0)],
                1..3000,
            ),
            bins in 1usize..=100,
        ) {
            let n = draws.len();
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| draws[a].total_cmp(&draws[b]).then(a.cmp(&b)));
            let mut want = vec![0u8; n];
            for k in 0..bins {
                for &s in &order[k * n / bins..(k + 1) * n / bins] {
                    want[s] = k as u8;
                }
            }
            prop_assert_eq!(rank_bins(&draws, bins), want);
        }
    }
}
