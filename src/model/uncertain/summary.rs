//! Summaries of a sampled output: mean, standard deviation, quantiles,
//! extremes, and how many samples had no finite value.
//!
//! Quantiles interpolate linearly between order statistics, as numpy's
//! default (`method="linear"`). A sample with no finite value (payback when
//! nothing is saved) counts as +∞: it sorts last; a quantile that puts
//! weight on it is `None`, as are the mean and sd whenever one exists.

use serde::{Deserialize, Serialize};

/// The percentiles every summary reports.
pub const PERCENTILES: [f64; 5] = [0.05, 0.10, 0.50, 0.90, 0.95];

/// One output's distribution over the samples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Arithmetic mean; null when any sample is infinite.
    pub mean: Option<f64>,
    /// Standard deviation (divides by N, numpy's default); null when any sample is infinite.
    pub sd: Option<f64>,
    /// 5th percentile.
    pub p5: Option<f64>,
    /// 10th percentile.
    pub p10: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
    /// Smallest sample (the first in `f64::total_cmp` order, so −0 before
    /// +0); null when every sample is infinite.
    pub min: Option<f64>,
    /// Largest sample; null when any is infinite.
    pub max: Option<f64>,
    /// How many samples had no finite value.
    pub infinite: u64,
}

/// numpy's linear interpolation between neighbours `a` and `b` at `t`,
/// including its switch of formula at t = 0.5 (so numbers match to the bit).
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

/// Summarises `values`. NaN (∞ − ∞ and the like) counts
/// as +∞, so no NaN ever reaches the output.
///
/// Three reads of the column: the sum and bounds, then the variance with
/// the order statistics' first counting pass, then the gathering of the
/// few values near the wanted ranks ([`super::rank::Counts`]). The column
/// is far larger than the cache, so reads are what it costs.
pub fn summarize(values: &mut [f64]) -> Summary {
    use super::rank::{Counts, key};
    let n = values.len();
    if n == 0 {
        return Summary::default();
    }
    let mut infinite = 0u64;
    // The extremes are tracked as keys only (their bounds are needed for
    // the order statistics anyway): f64::min and max each put a NaN check
    // in the loop's critical path, which was most of its time.
    let (mut low, mut high) = (u64::MAX, 0);
    // The sum rides along, in LANES running sums (one chain of additions
    // was the loop's critical path), added up in a fixed order.
    let mut sums = [0.0; LANES];
    let mut visit = |v: &mut f64, sum: &mut f64| {
        if v.is_nan() {
            *v = f64::INFINITY;
        }
        if *v == f64::INFINITY {
            infinite += 1;
        }
        let k = key(*v);
        low = low.min(k);
        high = high.max(k);
        *sum += *v;
    };
    by_lanes(values, &mut sums, &mut visit);
    let sum = lanes_total(sums);
    // A column no input moves is its one value, exactly: a running sum of
    // n copies rounds (0.1 added 100,000 times, divided back, is
    // 0.10000000000018848, with a "deviation" of 2e-13).
    let constant = low == high;
    let (min, max) = (super::rank::value(low), super::rank::value(high));
    let mean = (infinite == 0).then(|| {
        if constant {
            super::rank::value(low)
        } else {
            sum / n as f64
        }
    });
    let (at, ranks) = wanted_ranks(n, &PERCENTILES);
    // The last `infinite` places in sorted order are +∞: ranks there need
    // no search, and the search counts only the finite values, split up to
    // the largest finite one — a column that mostly never breaks even was
    // gathered whole for a second look, and a few +∞ coarsened every bucket.
    let finite_n = n - infinite as usize;
    let searched = &ranks[..ranks.partition_point(|&r| r < finite_n)];
    let top = if infinite == 0 {
        high
    } else if searched.is_empty() {
        low
    } else {
        let inf = key(f64::INFINITY);
        let finite_keys = values.iter().map(|&v| key(v)).filter(|&k| k != inf);
        finite_keys.max().unwrap_or(low)
    };
    let mut counts = Counts::new(low, top, finite_n);
    // Squares in LANES running sums too, as the sum.
    let mut squares = [0.0; LANES];
    let square = |v: f64, mean: f64, sum: &mut f64| *sum += (v - mean) * (v - mean);
    match (&mut counts, mean) {
        (Some(counts), Some(mean)) => by_lanes(values, &mut squares, |&mut v, s| {
            square(v, mean, s);
            counts.add(v);
        }),
        // Only a column with an infinite sample has no mean.
        (Some(counts), None) => values
            .iter()
            .filter(|&&v| v != f64::INFINITY)
            .for_each(|&v| counts.add(v)),
        (None, Some(mean)) if !constant => {
            by_lanes(values, &mut squares, |&mut v, s| square(v, mean, s))
        }
        (None, _) => {}
    }
    let squares = lanes_total(squares);
    let sd = mean.map(|_| (squares / n as f64).sqrt());
    let mut stats = match counts {
        Some(counts) => {
            let keys = values.iter().map(|&v| key(v)).filter(move |&k| k <= top);
            counts.order_statistics(keys, searched)
        }
        // Every value the same (a column no input moves): no search.
        None if constant => vec![super::rank::value(low); searched.len()],
        // +∞ sorts last, so the finite ranks are found among every value.
        None => super::rank::order_statistics(values, searched),
    };
    stats.resize(ranks.len(), f64::INFINITY);
    let q = interpolate(&at, &ranks, &stats, n);
    let finite = |x: f64| x.is_finite().then_some(x);
    Summary {
        mean: mean.and_then(finite),
        sd: sd.and_then(finite),
        p5: q[0],
        p10: q[1],
        p50: q[2],
        p90: q[3],
        p95: q[4],
        min: finite(min),
        max: if infinite > 0 { None } else { finite(max) },
        infinite,
    }
}

/// How many running sums a column's sum and squares are spread over.
const LANES: usize = 4;

/// Calls `f` with each value and the running sum of its lane (value j goes
/// to lane j mod [`LANES`]); the first pass rewrites NaN through it.
#[inline]
fn by_lanes(values: &mut [f64], sums: &mut [f64; LANES], mut f: impl FnMut(&mut f64, &mut f64)) {
    let mut blocks = values.chunks_exact_mut(LANES);
    for block in &mut blocks {
        block
            .iter_mut()
            .zip(sums.iter_mut())
            .for_each(|(v, s)| f(v, s));
    }
    let rest = blocks.into_remainder();
    rest.iter_mut()
        .zip(sums.iter_mut())
        .for_each(|(v, s)| f(v, s));
}

/// The lanes' running sums added up, always in the same order.
fn lanes_total(sums: [f64; LANES]) -> f64 {
    const { assert!(LANES == 4, "four lanes are added here") };
    (sums[0] + sums[1]) + (sums[2] + sums[3])
}

/// The `ps` quantiles of `values` (numpy's linear interpolation): each
/// needs only its one or two neighbouring order statistics, found together
/// without sorting ([`super::rank::order_statistics`]). A quantile that
/// touches an infinite (or NaN) sample is `None`.
pub fn quantiles(values: &[f64], ps: &[f64]) -> Vec<Option<f64>> {
    let n = values.len();
    if n == 0 {
        return vec![None; ps.len()];
    }
    let (at, ranks) = wanted_ranks(n, ps);
    let stats = super::rank::order_statistics(values, &ranks);
    interpolate(&at, &ranks, &stats, n)
}

/// Per quantile of `n` values: (rank of the lower neighbour, weight of the
/// upper one); and every rank that needs, ascending, once.
fn wanted_ranks(n: usize, ps: &[f64]) -> (Vec<(usize, f64)>, Vec<usize>) {
    let at: Vec<(usize, f64)> = ps
        .iter()
        .map(|&p| {
            let h = (n - 1) as f64 * p;
            let lo = h.floor() as usize;
            (lo, h - lo as f64)
        })
        .collect();
    let mut ranks: Vec<usize> = at
        .iter()
        .flat_map(|&(lo, t)| [Some(lo), (t > 0.0 && lo + 1 < n).then_some(lo + 1)])
        .flatten()
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    (at, ranks)
}

/// The quantiles at `at` from the order statistics `stats` at `ranks`.
fn interpolate(at: &[(usize, f64)], ranks: &[usize], stats: &[f64], n: usize) -> Vec<Option<f64>> {
    let stat = |r: usize| stats[ranks.partition_point(|&x| x < r)];
    at.iter()
        .map(|&(lo, t)| {
            let a = stat(lo);
            if t > 0.0 && lo + 1 < n {
                let b = stat(lo + 1);
                (a.is_finite() && b.is_finite()).then(|| lerp(a, b, t))
            } else {
                a.is_finite().then_some(a)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// numpy's `quantile(..., method="linear")` by sorting, written apart
    /// from the selection: h = (n − 1)·p between its neighbours.
    fn by_sorting(values: &[f64], p: f64) -> Option<f64> {
        let mut sorted: Vec<f64> = values
            .iter()
            .map(|&v| if v.is_nan() { f64::INFINITY } else { v })
            .collect();
        sorted.sort_by(f64::total_cmp);
        let h = (sorted.len() - 1) as f64 * p;
        let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
        let (a, b) = (sorted[lo], sorted[hi]);
        if lo == hi {
            return a.is_finite().then_some(a);
        }
        (a.is_finite() && b.is_finite()).then(|| lerp(a, b, h - lo as f64))
    }

    #[test]
    fn a_small_case_by_hand() {
        // 1..=11: p5 at h = 0.5 → 1.5, median 6, p95 at h = 9.5 → 10.5;
        // mean 6, sd √10.
        let mut values: Vec<f64> = (1..=11).rev().map(f64::from).collect();
        let s = summarize(&mut values);
        assert_eq!((s.p5, s.p50, s.p95), (Some(1.5), Some(6.0), Some(10.5)));
        assert_eq!(s.mean, Some(6.0));
        assert!((s.sd.unwrap() - 10f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn infinite_tails_are_not_searched() {
        // Mostly +∞ (a case that rarely breaks even): every quantile lands
        // on +∞. A few +∞ at the end of 0..998: the quantiles are those of
        // a sort (numpy: p95 at h = 999 · 0.95 = 949.05).
        let mut mostly: Vec<f64> = (1..=30).map(f64::from).collect();
        mostly.extend(std::iter::repeat_n(f64::INFINITY, 970));
        mostly.reverse();
        let s = summarize(&mut mostly.clone());
        assert_eq!([s.p5, s.p10, s.p50, s.p90, s.p95], [None; 5]);
        assert_eq!((s.min, s.max, s.infinite), (Some(1.0), None, 970));
        let mut few: Vec<f64> = (0..998).map(f64::from).collect();
        few.extend([f64::INFINITY, f64::NAN]);
        few.swap(10, 998);
        let s = summarize(&mut few.clone());
        let got = [s.p5, s.p10, s.p50, s.p90, s.p95];
        for (p, g) in PERCENTILES.iter().zip(got) {
            assert_eq!(g, by_sorting(&few, *p), "p {p}");
        }
        assert!((s.p95.expect("finite") - 949.05).abs() < 1e-12);
        assert_eq!((s.max, s.infinite), (None, 2));
    }

    #[test]
    fn a_constant_column_is_its_value_exactly() {
        // Summed one by one, 100,000 copies of 0.1 divided back give
        // 0.10000000000018848 and a deviation of 1.9e-13 (Python, by hand);
        // the column's mean is 0.1 and it does not deviate at all.
        let mut values = vec![0.1; 100_000];
        let s = summarize(&mut values);
        assert_eq!((s.mean, s.sd), (Some(0.1), Some(0.0)));
        assert_eq!((s.min, s.p50, s.max), (Some(0.1), Some(0.1), Some(0.1)));
        // Every sample infinite: no mean, no deviation.
        let s = summarize(&mut vec![f64::INFINITY; 1_000]);
        assert_eq!((s.mean, s.sd, s.infinite), (None, None, 1_000));
    }

    proptest! {
        /// Columns past the size where the counting pass is shared with the
        /// variance (ties, ±0, infinities, NaN, constant columns).
        #[test]
        fn summaries_are_those_of_a_sort(
            values in prop::collection::vec(
                prop_oneof![
                    -1e6..1e6f64,
                    Just(f64::INFINITY),
                    Just(f64::NAN),
                    Just(7.0),
                    Just(-0.0),
                    Just(0.0),
                ],
                1..3000,
            ),
            constant in any::<bool>(),
        ) {
            let values = if constant { vec![values[0]; values.len()] } else { values };
            let s = summarize(&mut values.clone());
            let want: Vec<Option<f64>> =
                PERCENTILES.iter().map(|&p| by_sorting(&values, p)).collect();
            let got = [s.p5, s.p10, s.p50, s.p90, s.p95];
            for (w, g) in want.iter().zip(got) {
                prop_assert_eq!(w.map(f64::to_bits), g.map(f64::to_bits));
            }
            // The extremes are the first and last in sorted order (NaN as
            // +∞, −0 before +0), null when not finite.
            let mut sorted: Vec<f64> =
                values.iter().map(|&v| if v.is_nan() { f64::INFINITY } else { v }).collect();
            sorted.sort_by(f64::total_cmp);
            let (first, last) = (sorted[0], sorted[sorted.len() - 1]);
            prop_assert_eq!(s.min.map(f64::to_bits), first.is_finite().then_some(first.to_bits()));
            prop_assert_eq!(s.max.map(f64::to_bits), last.is_finite().then_some(last.to_bits()));
            let finite = values.iter().all(|v| v.is_finite());
            prop_assert_eq!(s.mean.is_some(), finite);
            if let Some(mean) = s.mean {
                let n = values.len() as f64;
                let want = values.iter().sum::<f64>() / n;
                prop_assert!((mean - want).abs() <= 1e-9 * want.abs().max(1.0));
                let var = values.iter().map(|v| (v - want).powi(2)).sum::<f64>() / n;
                prop_assert!((s.sd.unwrap() - var.sqrt()).abs() <= 1e-6 * var.sqrt().max(1.0));
            }
        }
    }
}
