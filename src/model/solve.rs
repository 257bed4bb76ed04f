//! The one root finder every section uses: regula falsi with the Illinois
//! fix, which keeps the bracket of bisection and converges like the secant
//! method on the smooth, monotone functions perfcase solves (a percentile of
//! a latency distribution, the load at which an SLO breaks).

/// An interval known to hold the crossing: `f(lo) ≤ 0 < f(hi)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bracket {
    /// The side where f ≤ 0.
    pub lo: f64,
    /// The side where f > 0.
    pub hi: f64,
    /// f(lo).
    pub f_lo: f64,
    /// f(hi).
    pub f_hi: f64,
}

impl Bracket {
    /// The bracket's midpoint.
    pub fn mid(&self) -> f64 {
        0.5 * (self.lo + self.hi)
    }
}

/// Narrows `bracket` around the crossing of `f` (f ≤ 0 below it, > 0 above)
/// until `hi − lo ≤ tolerance(hi)` or after `max_steps` steps, and returns
/// it: callers take `lo` (the last point still at or below), or the midpoint.
///
/// Each step tries the secant through the two ends; when one end has been
/// kept twice in a row its value is halved (Illinois), and a secant that
/// leaves the bracket falls back to bisection.
pub fn illinois(
    mut f: impl FnMut(f64) -> f64,
    mut b: Bracket,
    tolerance: impl Fn(f64) -> f64,
    max_steps: usize,
) -> Bracket {
    let mut side = 0;
    for _ in 0..max_steps {
        if b.hi - b.lo <= tolerance(b.hi) {
            break;
        }
        let guess = (b.lo * b.f_hi - b.hi * b.f_lo) / (b.f_hi - b.f_lo);
        let x = if guess > b.lo && guess < b.hi && guess.is_finite() {
            guess
        } else {
            b.mid()
        };
        let value = f(x);
        if value > 0.0 {
            b.hi = x;
            b.f_hi = value;
            if side == -1 {
                b.f_lo *= 0.5;
            }
            side = -1;
        } else {
            b.lo = x;
            b.f_lo = value;
            if side == 1 {
                b.f_hi *= 0.5;
            }
            side = 1;
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cube_root_of_two() {
        let f = |x: f64| x * x * x - 2.0;
        let b = illinois(
            f,
            Bracket {
                lo: 0.0,
                hi: 2.0,
                f_lo: f(0.0),
                f_hi: f(2.0),
            },
            |hi| 1e-14 * hi,
            200,
        );
        assert!((b.mid() - 2f64.cbrt()).abs() < 1e-13, "{b:?}");
        assert!(f(b.lo) <= 0.0 && f(b.hi) > 0.0);
    }

    #[test]
    fn a_step_function_is_bisected() {
        // Secants are useless on a step; the Illinois halving and the
        // bisection fallback still close in on it.
        let f = |x: f64| if x > 0.3 { 1.0 } else { -1.0 };
        let b = illinois(
            f,
            Bracket {
                lo: 0.0,
                hi: 1.0,
                f_lo: -1.0,
                f_hi: 1.0,
            },
            |_| 1e-12,
            400,
        );
        assert!((b.lo - 0.3).abs() < 1e-11, "{b:?}");
    }
}
