//! The values a number may take, and the comparisons every section shares.
//!
//! A [`Domain`] is both the format-1 validation rule of an input (judged on
//! its point value) and where a Monte Carlo draw is clamped; the two must
//! agree, so both come from here.

use crate::format::short;

/// The largest magnitude any number may have: 10¹⁵. No business case needs
/// more (a quadrillion a month, 30,000 years in ms), and below it no product
/// or sum perfcase computes overflows.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// The values a quantity may take; draws outside are clamped to it. An open
/// lower bound (> 0) clamps to the bound itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Domain {
    /// The smallest allowed value.
    pub min: f64,
    /// The largest allowed value.
    pub max: f64,
    /// Whether `min` itself is excluded (`> 0` rather than `≥ 0`).
    pub min_open: bool,
}

impl Domain {
    /// Any finite number.
    pub const ANY: Self = Self::at_least(f64::NEG_INFINITY);
    /// ≥ 0: times, costs, counts.
    pub const NON_NEGATIVE: Self = Self::at_least(0.0);
    /// > 0: a service time, an SLO, a volume.
    pub const POSITIVE: Self = Self {
        min: 0.0,
        max: f64::INFINITY,
        min_open: true,
    };
    /// [0, 1]: ratios, shares, recall.
    pub const FRACTION: Self = Self::between(0.0, 1.0);
    /// [0, 10]: a service time's coefficient of variation.
    pub const SERVICE_CV: Self = Self::between(0.0, 10.0);
    /// [0, 0.999999]: one attempt's chance to fail (1 would never succeed).
    pub const FAILURE_RATE: Self = Self::between(0.0, 0.999_999);
    /// (0, 1]: a target utilisation.
    pub const POSITIVE_FRACTION: Self = Self {
        min: 0.0,
        max: 1.0,
        min_open: true,
    };
    /// ≥ 1: speedups and speedup factors.
    pub const SPEEDUP: Self = Self::at_least(1.0);
    /// ≥ −1 a year: below −100 % a year the monthly factors turn negative.
    pub const ANNUAL_RATE: Self = Self::at_least(-1.0);
    /// ≥ −0.99 a quarter: the load may shrink, but not vanish.
    pub const QUARTERLY_GROWTH: Self = Self::at_least(-0.99);

    /// ≥ `min`.
    pub const fn at_least(min: f64) -> Self {
        Self {
            min,
            max: f64::INFINITY,
            min_open: false,
        }
    }

    /// [`min`, `max`].
    pub const fn between(min: f64, max: f64) -> Self {
        Self {
            min,
            max,
            min_open: false,
        }
    }

    /// `x` clamped to the domain and to ±[`MAX_MAGNITUDE`] (a log-normal
    /// draw of `Range(1e-300, 1e15)` may reach 1e268), and whether it had to be.
    pub fn clamp(self, x: f64) -> (f64, bool) {
        let (min, max) = (self.min.max(-MAX_MAGNITUDE), self.max.min(MAX_MAGNITUDE));
        if x < min {
            (min, true)
        } else if x > max {
            (max, true)
        } else {
            (x, false)
        }
    }

    /// Whether `x` is a finite number inside the domain.
    pub fn contains(self, x: f64) -> bool {
        let above = if self.min_open {
            x > self.min
        } else {
            x >= self.min
        };
        x.is_finite() && above && x <= self.max
    }

    /// What is wrong with `x` as a value of this domain, worded as the
    /// validation error says it; `None` when it is fine.
    pub fn problem(self, x: f64) -> Option<String> {
        if !x.is_finite() {
            return Some(format!("must be a finite number (got {})", short(x)));
        }
        if self.contains(x) {
            return None;
        }
        let (lo, hi) = (short(self.min), short(self.max));
        let got = short(x);
        Some(match (self.min_open, self.max.is_finite()) {
            (false, false) => format!("must be ≥ {lo} (got {got})"),
            (true, false) => format!("must be > {lo} (got {got})"),
            (false, true) => format!("must be between {lo} and {hi} (got {got})"),
            (true, true) => format!("must be above {lo} and at most {hi} (got {got})"),
        })
    }
}

/// Relative tolerance for "meets the SLO" comparisons, so that a total equal
/// to the SLO up to rounding counts as meeting it.
pub const SLO_TOLERANCE: f64 = 1e-9;

/// Whether `value` ≤ `target`, with [`SLO_TOLERANCE`].
pub fn within(value: f64, target: f64) -> bool {
    value <= target + SLO_TOLERANCE * target.abs()
}

/// `Some(x)` when finite: an evaluation shows an unbounded value as null.
pub fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// `a / b` for a speedup-like ratio: 1 when both are zero (nothing changed),
/// infinite when only `b` is (everything moved off the path; JSON shows null).
pub fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else if a > 0.0 {
        f64::INFINITY
    } else {
        1.0
    }
}

/// `a / b`, or ∞ when `b` ≤ 0: a threshold no finite input reaches.
pub fn per(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { f64::INFINITY }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_worded_as_format_1_said_them() {
        assert_eq!(
            Domain::NON_NEGATIVE.problem(-2.0).as_deref(),
            Some("must be ≥ 0 (got -2)")
        );
        assert_eq!(
            Domain::POSITIVE.problem(0.0).as_deref(),
            Some("must be > 0 (got 0)")
        );
        assert_eq!(
            Domain::FRACTION.problem(1.5).as_deref(),
            Some("must be between 0 and 1 (got 1.5)")
        );
        assert_eq!(
            Domain::POSITIVE_FRACTION.problem(0.0).as_deref(),
            Some("must be above 0 and at most 1 (got 0)")
        );
        assert_eq!(
            Domain::ANY.problem(f64::NAN).as_deref(),
            Some("must be a finite number (got NaN)")
        );
        assert_eq!(Domain::POSITIVE.problem(1e-300), None);
    }

    #[test]
    fn an_open_bound_clamps_to_itself() {
        assert_eq!(Domain::POSITIVE.clamp(-3.0), (0.0, true));
        assert_eq!(Domain::FRACTION.clamp(1.2), (1.0, true));
        assert_eq!(Domain::FRACTION.clamp(0.4), (0.4, false));
    }
}
