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
//! phase is a geometric series. The month-by-month walk stays the
//! reference: a property test holds the two together.

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
        total + self.first_full * v_boundary * v * geometric(self.growth * v, k - boundary)
    }

    /// Savings over months 1..=horizon.
    pub fn horizon_saving(&self) -> f64 {
        if self.horizon <= self.nb {
            return 0.0;
        }
        self.boundary_saving + self.first_full * geometric(self.growth, self.horizon - self.nb - 1)
    }

    /// The NPV: the discounted cumulative at the horizon.
    pub fn npv(&self) -> f64 {
        self.cumulative(self.horizon, true)
    }

    /// The first month the cumulative net turns from negative to ≥ 0,
    /// interpolated between months; 0 when it is never negative; ∞ when it
    /// is still negative at the horizon. As the walk over the months
    /// computes it, from the shape of the phases instead of every month.
    pub fn break_even(&self, discounted: bool) -> f64 {
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
}
