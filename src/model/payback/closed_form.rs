//! The payback timeline's sums in closed form: the cumulative net (plain
//! and discounted) at any month, the NPV, the savings within the horizon
//! and the break-even months, in a handful of operations instead of a walk
//! over every month — the Monte Carlo loop evaluates them once per sample.
//!
//! The timeline ([`super::month_flows`]) has three phases. With B the build
//! months, nb = ⌊B⌋ and f = B − nb: months 1..=nb each pay C/B and save
//! nothing; month nb + 1 pays C·f/B and saves S·G^nb·(1 − f); every later
//! month k saves S·G^(k−1). With B = 0 the whole cost C is paid at month 0
//! and month 1 saves S. S is the first month's saving, G = 1 + g/12 the
//! monthly bill growth, v = 1/(1 + ρ/12) the monthly discount factor: each
//! phase is a geometric series. A flat monthly amount (a price on latency
//! less a recurring cost, format 3) starts with the savings and does not
//! grow: one more geometric series, in v alone. The month-by-month walk
//! stays the reference: a property test holds the two together.

use super::{MAX_HORIZON_MONTHS, PaybackNums};

/// Σ x^i for i in 0..m: (x^m − 1)/(x − 1), or m when x = 1.
fn geometric(x: f64, m: u32) -> f64 {
    if m == 0 {
        return 0.0;
    }
    let e = x - 1.0;
    if e.abs() < 1e-9 {
        // Near 1 the ratio loses digits; the series' expansion does not.
        let m = f64::from(m);
        return m + e * m * (m - 1.0) / 2.0 + e * e * m * (m - 1.0) * (m - 2.0) / 6.0;
    }
    (x.powi(m as i32) - 1.0) / e
}

/// The timeline's parameters, computed once per evaluation.
#[derive(Clone, Copy, Debug)]
pub struct Timeline {
    /// The horizon, in whole months.
    horizon: u32,
    /// Cost paid at month 0 (C when B = 0).
    cost_now: f64,
    /// Cost per build month, C/B (0 when B = 0).
    per_build_month: f64,
    /// ⌊B⌋ (at most one past the horizon).
    nb: u32,
    /// The boundary month's cost, C·f/B.
    boundary_cost: f64,
    /// The boundary month's saving, S·G^nb·(1 − f).
    boundary_saving: f64,
    /// The first full month's saving, S·G^(nb+1).
    first_full: f64,
    /// The bill's monthly growth G.
    growth: f64,
    /// The monthly discount factor v.
    v: f64,
    /// The flat net per month once the savings start (latency value less
    /// recurring cost); 0 before format 3.
    flat: f64,
    /// The boundary month's share of the savings period, 1 − f.
    share: f64,
}

impl Timeline {
    /// The timeline of `p` with one-time cost `c`.
    pub fn new(p: &PaybackNums, c: f64) -> Self {
        let horizon = p.horizon_months.clamp(0.0, MAX_HORIZON_MONTHS) as u32;
        let build = p.build_months.max(0.0);
        let growth = 1.0 + p.annual_bill_growth / 12.0;
        let s = p.monthly_cost * p.reduction;
        let (cost_now, per_build_month, nb, f) = if build == 0.0 {
            (c, 0.0, 0.0, 0.0)
        } else {
            // A build beyond the horizon: only its first months are seen.
            let nb = build.floor().min(f64::from(horizon) + 1.0);
            let f = if nb < build.floor() { 0.0 } else { build - nb };
            // Shares of the build before multiplying by C: C / B overflows
            // for a build of a subnormal number of months.
            let per_month = if nb >= 1.0 { c / build } else { 0.0 };
            (0.0, per_month, nb, f)
        };
        let g_nb = growth.powi(nb as i32);
        Self {
            horizon,
            cost_now,
            per_build_month,
            nb: nb as u32,
            boundary_cost: if build > 0.0 { c * (f / build) } else { 0.0 },
            boundary_saving: s * g_nb * (1.0 - f),
            first_full: s * g_nb * growth,
            growth,
            v: 1.0 / (1.0 + p.annual_discount_rate / 12.0),
            flat: p.flat_per_month(),
            share: 1.0 - f,
        }
    }

    /// The cumulative net at month `k`, undiscounted or discounted.
    pub fn cumulative(&self, k: u32, discounted: bool) -> f64 {
        let v = if discounted { self.v } else { 1.0 };
        let build = k.min(self.nb);
        // Months 1..=build pay C/B each: Σ v^j = v · geometric(v, build).
        let mut total = -self.cost_now - self.per_build_month * v * geometric(v, build);
        if k <= self.nb {
            return total;
        }
        let boundary = self.nb + 1;
        let v_boundary = v.powi(boundary as i32);
        total += (self.boundary_saving - self.boundary_cost) * v_boundary;
        // Months nb+2..=k save S·G^(j−1): first_full · (G v)^(j−nb−2) · v^(nb+2).
        total += self.first_full * v_boundary * v * geometric(self.growth * v, k - boundary);
        if self.flat != 0.0 {
            // The flat part: (1 − f) of it in the boundary month, then all of it.
            total += self.flat * self.share * v_boundary;
            total += self.flat * v_boundary * v * geometric(v, k - boundary);
        }
        total
    }

    /// Savings over months 1..=horizon.
    pub fn horizon_saving(&self) -> f64 {
        if self.horizon <= self.nb {
            return 0.0;
        }
        let later = self.horizon - self.nb - 1;
        let bill = self.boundary_saving + self.first_full * geometric(self.growth, later);
        if self.flat == 0.0 {
            bill
        } else {
            bill + self.flat * (self.share + f64::from(later))
        }
    }

    /// The NPV: the discounted cumulative at the horizon.
    pub fn npv(&self) -> f64 {
        self.cumulative(self.horizon, true)
    }

    /// Whether money is discounted at all: at a rate of 0 the discounted
    /// cumulative is the plain one, operation for operation (v = 1).
    pub fn discounts(&self) -> bool {
        self.v != 1.0
    }

    /// The first month the cumulative net turns from negative to ≥ 0,
    /// interpolated between months; 0 when it is never negative; ∞ when it
    /// is still negative at the horizon. As the walk over the months
    /// computes it, from the shape of the phases instead of every month.
    pub fn break_even(&self, discounted: bool) -> f64 {
        if self.flat != 0.0 {
            return self.break_even_with_flat(discounted);
        }
        let cum = |k: u32| self.cumulative(k, discounted);
        let h = self.horizon;
        let last = cum(h);
        let saves = self.first_full > 0.0;
        // Without savings the cumulative never rises: negative once, negative at the end.
        if !saves {
            let ever_negative = last < 0.0 || (0..=h.min(self.nb + 1)).any(|k| cum(k) < 0.0);
            return if ever_negative { f64::INFINITY } else { 0.0 };
        }
        // With savings it falls through the build (to month nb), then rises:
        // the lowest point is at nb or nb + 1.
        let low = [self.nb.min(h), (self.nb + 1).min(h)];
        let first_negative = if cum(0) < 0.0 {
            Some(0)
        } else if self.nb >= 1 && self.per_build_month > 0.0 && h >= 1 {
            Some(1)
        } else {
            low.into_iter().find(|&k| cum(k) < 0.0)
        };
        let Some(first_negative) = first_negative else {
            return 0.0;
        };
        if last < 0.0 {
            return f64::INFINITY;
        }
        // The crossing: the first month after `first_negative`, from the
        // boundary month on, whose cumulative is ≥ 0.
        let from = (first_negative + 1).max(self.nb + 1);
        let k = if cum(from) >= 0.0 {
            from
        } else {
            self.rising_crossing(from, discounted)
        };
        let (before, after) = (cum(k - 1), cum(k));
        f64::from(k - 1) + -before / (after - before)
    }

    /// The first month k in (from, horizon] with a cumulative ≥ 0, where the
    /// cumulative rises from `from` on and is ≥ 0 at the horizon: solved
    /// from the geometric series, then checked against its neighbours.
    fn rising_crossing(&self, from: u32, discounted: bool) -> u32 {
        let cum = |k: u32| self.cumulative(k, discounted);
        let h = self.horizon;
        let v = if discounted { self.v } else { 1.0 };
        let boundary = self.nb + 1;
        // cum(boundary + m) = cum(boundary) + a · geometric(q, m).
        let a = self.first_full * v.powi(boundary as i32 + 1);
        let q = self.growth * v;
        let x = -cum(boundary) / a;
        let m = if (q - 1.0).abs() < 1e-9 {
            x
        } else {
            (1.0 + x * (q - 1.0)).ln() / q.ln()
        };
        let guess = if m.is_finite() {
            (f64::from(boundary) + m.max(0.0).ceil()).clamp(f64::from(from), f64::from(h)) as u32
        } else {
            h
        };
        // Rounding can put the guess one month off either way.
        let mut k = guess;
        while k > from && cum(k - 1) >= 0.0 {
            k -= 1;
        }
        while k < h && cum(k) < 0.0 {
            k += 1;
        }
        k
    }

    /// The break-even with a flat net: the cumulative falls through the
    /// build and while the monthly net is negative, then rises — as long as
    /// the bill saving's growth does not turn the net back down (a saving
    /// shrinking with the bill under a recurring cost); then month by month.
    fn break_even_with_flat(&self, discounted: bool) -> f64 {
        let cum = |k: u32| self.cumulative(k, discounted);
        let h = self.horizon;
        // The saving S·G^(k−1) moves one way; with the flat part the net
        // changes sign at most once, from − to +, when S·(G − 1) ≥ 0.
        let unimodal = self.first_full * (self.growth - 1.0) >= 0.0 || self.flat > 0.0;
        if !unimodal {
            return walk_break_even(&cum, h);
        }
        // The lowest month: the first whose next month adds something.
        let rises = |k: u32| cum(k + 1) > cum(k);
        let low = first_true(self.nb.min(h), h, rises).unwrap_or(h);
        let Some(first_negative) = first_true(0, low, |k| cum(k) < 0.0).filter(|&k| cum(k) < 0.0)
        else {
            return 0.0;
        };
        if cum(h) < 0.0 {
            return f64::INFINITY;
        }
        let k = first_true(low.max(first_negative), h, |k| cum(k) >= 0.0).unwrap_or(h);
        let (before, after) = (cum(k - 1), cum(k));
        f64::from(k - 1) + -before / (after - before)
    }
}

/// The first k in [lo, hi] for which `pred` holds, for a `pred` that is
/// false and then true over that interval; `hi` when it never holds (or
/// `None` when `lo > hi`). Used both for monotone predicates and, with
/// `first_true(..).filter(pred)`, to tell "never" apart.
fn first_true(lo: u32, hi: u32, pred: impl Fn(u32) -> bool) -> Option<u32> {
    if lo > hi {
        return None;
    }
    let (mut lo, mut hi) = (lo, hi);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

/// The break-even month by walking every month: the first crossing from
/// negative to ≥ 0, interpolated; 0 when never negative; ∞ when still
/// negative at `h` (or negative again by then).
fn walk_break_even(cum: &dyn Fn(u32) -> f64, h: u32) -> f64 {
    let mut seen_negative = false;
    let mut previous = cum(0);
    if previous < 0.0 {
        seen_negative = true;
    }
    for k in 1..=h {
        let value = cum(k);
        if seen_negative && previous < 0.0 && value >= 0.0 {
            return f64::from(k - 1) + -previous / (value - previous);
        }
        seen_negative |= value < 0.0;
        previous = value;
    }
    if seen_negative { f64::INFINITY } else { 0.0 }
}

/// The cumulative net at a fractional month `t`, interpolated between the
/// months around it (as the break-even month is).
fn cumulative_at(timeline: &Timeline, t: f64) -> f64 {
    let lo = t.floor().max(0.0) as u32;
    let hi = t.ceil().max(0.0) as u32;
    let a = timeline.cumulative(lo, false);
    if lo == hi && a.is_finite() {
        // A whole month (the usual target): a + 0 · (a − a), one walk fewer.
        return a + 0.0;
    }
    let b = timeline.cumulative(hi, false);
    a + (t - f64::from(lo)) * (b - a)
}

/// The kill criterion on the timeline: the smallest bill reduction in
/// [0, 1] at which the break-even month is at most the target, everything
/// else fixed (a price on latency and a recurring cost included); ∞ when
/// even 100 % misses.
///
/// The cumulative net at any month is linear in the reduction, and once the
/// net saving's sign can change only from − to + it falls and then rises:
/// the break-even is within the target exactly when the cumulative at the
/// target (the horizon, if sooner) is ≥ 0. That solves in closed form; a
/// saving that can turn back down (a shrinking bill under a recurring cost)
/// is bisected on the break-even month itself, to 1e-9.
pub fn kill_reduction(p: &PaybackNums, one_time_cost: f64) -> f64 {
    let with = |reduction: f64| PaybackNums { reduction, ..*p };
    let growth = 1.0 + p.annual_bill_growth / 12.0;
    let unimodal = p.flat_per_month() >= 0.0 || growth >= 1.0 || p.monthly_cost == 0.0;
    let horizon = p.horizon_months.clamp(0.0, MAX_HORIZON_MONTHS).floor();
    let target = p.target_payback_months;
    if !unimodal {
        let misses = |r: f64| Timeline::new(&with(r), one_time_cost).break_even(false) > target;
        if !misses(0.0) {
            return 0.0;
        }
        if misses(1.0) {
            return f64::INFINITY;
        }
        let (mut lo, mut hi) = (0.0, 1.0);
        while hi - lo > 1e-9 {
            let mid = 0.5 * (lo + hi);
            if misses(mid) { lo = mid } else { hi = mid }
        }
        return hi;
    }
    let t = target.min(horizon);
    let at_zero = cumulative_at(&Timeline::new(&with(0.0), one_time_cost), t);
    if at_zero >= 0.0 {
        return 0.0;
    }
    let per_unit = cumulative_at(&Timeline::new(&with(1.0), one_time_cost), t) - at_zero;
    if per_unit <= 0.0 {
        return f64::INFINITY;
    }
    let r = -at_zero / per_unit;
    if r > 1.0 { f64::INFINITY } else { r }
}

/// The break-even month on the timeline had the bill reduction been
/// `reduction` (one-time cost `one_time_cost`, everything else as in `p`):
/// the curve the kill criterion is read from.
pub fn break_even_at(p: &PaybackNums, one_time_cost: f64, reduction: f64) -> f64 {
    Timeline::new(&PaybackNums { reduction, ..*p }, one_time_cost).break_even(false)
}
