//! The response time of a queue: wait + service, and the mixture a
//! successful request's time becomes under retries.
//!
//! Exponential service (cv = 1) is the exact M/M/c distribution below.
//! Otherwise Allen–Cunneen's M/G/c (DESIGN, "load additions"): P(wait) is
//! Erlang C, the wait of a waiting request is exponential with mean
//! (1 + cv²) / (2(cμ − λ)), and service is Gamma with shape k = 1/cv² and
//! scale β = S·cv² (cv = 0: exactly S), independent of the wait. Then
//!
//! P(T > t) = Q(k, t/β) + C·D(t),  D(t) = ∫₀ᵗ f_S(s)·e^(−θ(t−s)) ds
//!
//! with θ the waiting request's rate. Substituting s = t(1 − v),
//! D(t) = f_S(t)·t·K(k, y), y = (θ − 1/β)·t, K(k, y) = ∫₀¹ (1 − v)^(k−1)·e^(−yv) dv
//! — one smooth special function ([`ln_k`]) for every k and sign of y.

use statrs::function::gamma::{gamma_lr, gamma_ur, ln_gamma};

use super::erlang::{erlang_c, erlang_c_fast};
use crate::model::solve::{Bracket, illinois};

/// P(T > t) for the M/M/c response time, t in seconds, given the Erlang C
/// probability of waiting (so a bisection over t computes it once).
pub(super) fn tail_given_wait(t: f64, wait: f64, c: u32, lambda: f64, mu: f64) -> f64 {
    let theta = f64::from(c) * mu - lambda;
    let both = if (theta - mu).abs() <= 1e-9 * mu {
        (1.0 + mu * t) * (-mu * t).exp()
    } else {
        (theta * (-mu * t).exp() - mu * (-theta * t).exp()) / (theta - mu)
    };
    (1.0 - wait) * (-mu * t).exp() + wait * both
}

/// P(T > t) for the M/M/c response time, t in seconds.
pub fn response_tail(t: f64, c: u32, lambda: f64, mu: f64) -> f64 {
    tail_given_wait(t, erlang_c(c, lambda / mu), c, lambda, mu)
}

/// The response time (seconds) at percentile `p` (a fraction), by bisection
/// on the exact tail; requires λ < cμ.
pub fn response_percentile(p: f64, c: u32, lambda: f64, mu: f64) -> f64 {
    let wait = erlang_c(c, lambda / mu);
    let tail = |t: f64| tail_given_wait(t, wait, c, lambda, mu);
    let target = 1.0 - p;
    // The tail decays at least as fast as the slower of e^(−μt), e^(−θt).
    let theta = f64::from(c) * mu - lambda;
    let mut hi = -target.ln() / mu.min(theta) * 2.0 + 1.0 / mu;
    while tail(hi) > target && hi.is_finite() {
        hi *= 2.0;
    }
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if tail(mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-14 * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// The response time of one attempt at one offered arrival rate.
#[derive(Clone, Copy, Debug)]
pub struct Response {
    /// Mean service time, seconds.
    service_s: f64,
    /// The service time's coefficient of variation.
    cv: f64,
    /// Servers.
    c: u32,
    /// Offered arrivals per second.
    lambda: f64,
    /// Erlang C: P(wait).
    wait: f64,
    /// The rate of a waiting request's (exponential) wait, per second.
    theta: f64,
}

impl Response {
    /// The model at offered rate `lambda`; `None` when saturated (λ ≥ cμ)
    /// or the service is instant.
    pub fn new(service_s: f64, cv: f64, c: u32, lambda: f64) -> Option<Self> {
        let c = c.max(1);
        let mu = 1.0 / service_s;
        let capacity = f64::from(c) * mu;
        if service_s.is_nan() || service_s <= 0.0 || lambda >= capacity {
            return None;
        }
        Some(Self {
            service_s,
            cv,
            c,
            lambda,
            wait: erlang_c_fast(c, lambda / mu),
            theta: (capacity - lambda) * 2.0 / (1.0 + cv * cv),
        })
    }

    /// P(wait).
    pub fn p_wait(&self) -> f64 {
        self.wait
    }

    /// Mean wait, seconds: the M/M/c mean wait × (1 + cv²)/2.
    pub fn mean_wait(&self) -> f64 {
        self.wait / self.theta
    }

    /// P(T > t), t in seconds.
    pub fn tail(&self, t: f64) -> f64 {
        if t < 0.0 {
            return 1.0;
        }
        let s = self.service_s;
        if self.cv == 1.0 {
            return tail_given_wait(t, self.wait, self.c, self.lambda, 1.0 / s);
        }
        if self.cv == 0.0 {
            // Constant service: nobody finishes before S; after it, only
            // those still waiting.
            return if t < s {
                1.0
            } else {
                self.wait * (-self.theta * (t - s)).exp()
            };
        }
        if t == 0.0 {
            return 1.0;
        }
        let k = 1.0 / (self.cv * self.cv);
        let beta = s * self.cv * self.cv;
        let x = t / beta;
        let service_tail = gamma_ur(k, x);
        if self.wait == 0.0 {
            return service_tail;
        }
        let y = self.theta * t - x;
        // ln(f_S(t)·t) + ln K(k, y); each factor alone may over- or underflow.
        let ln_d = k * x.ln() - x - ln_gamma(k) + ln_k(k, y);
        (service_tail + self.wait * ln_d.exp()).min(1.0)
    }
}

/// ln K(k, y), K(k, y) = ∫₀¹ (1 − v)^(k−1)·e^(−yv) dv, for k > 0 and any y.
fn ln_k(k: f64, y: f64) -> f64 {
    if y == 0.0 {
        -k.ln()
    } else if y < 0.0 {
        let z = -y;
        if z <= k + 50.0 {
            // K = Σₙ zⁿ / (k(k+1)…(k+n)): positive terms, at most ~50 rising.
            let (mut term, mut sum, mut n) = (1.0 / k, 1.0 / k, 0.0);
            loop {
                n += 1.0;
                term *= z / (k + n);
                sum += term;
                if (k + n > z && term <= 1e-17 * sum) || n > 1e7 {
                    break;
                }
            }
            sum.ln()
        } else {
            // K = e^z·z^(−k)·Γ(k)·P(k, z), with P(k, z) near 1 here.
            z - k * z.ln() + ln_gamma(k) + gamma_lr(k, z).ln()
        }
    } else if y > 200.0 && y > 4.0 * k {
        // Watson's lemma: K = (1/y)·Σⱼ Πᵢ₌₁..ⱼ (i − k)/y, up to e^(−y).
        let (mut term, mut sum, mut j) = (1.0 / y, 0.0, 0.0);
        while j < 1000.0 {
            sum += term;
            j += 1.0;
            term *= (j - k) / y;
            if term.abs() <= 1e-17 * sum.abs() {
                break;
            }
        }
        sum.ln()
    } else {
        // K = E[1 / (k + N)], N ~ Poisson(y): summed outward from the mode.
        let mode = y.floor();
        let p_mode = (mode * y.ln() - y - ln_gamma(mode + 1.0)).exp();
        let mut sum = p_mode / (k + mode);
        let (mut p, mut n) = (p_mode, mode);
        loop {
            p *= y / (n + 1.0);
            n += 1.0;
            let term = p / (k + n);
            sum += term;
            if term <= 1e-17 * sum {
                break;
            }
        }
        let (mut p, mut n) = (p_mode, mode);
        while n > 0.0 {
            p *= n / y;
            n -= 1.0;
            let term = p / (k + n);
            sum += term;
            if term <= 1e-17 * sum {
                break;
            }
        }
        sum.ln()
    }
}

/// A successful request's attempts: attempt k succeeds with weight
/// p^(k−1)(1 − p)/(1 − pᵐ) after the failed attempts' timeouts and backoffs.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempts {
    /// (weight, delay in seconds before the successful attempt starts).
    pub mixture: Vec<(f64, f64)>,
}

impl Attempts {
    /// No retries: one attempt, no delay.
    pub fn single() -> Self {
        Self {
            mixture: vec![(1.0, 0.0)],
        }
    }

    /// Up to `max_attempts` attempts failing with probability `failure`,
    /// a failure lasting `timeout_s`, attempt i+1 starting `backoff_s`·2^(i−1)
    /// after failure i. Attempts whose weight is below 1e-300 are dropped.
    pub fn retrying(failure: f64, max_attempts: u32, timeout_s: f64, backoff_s: f64) -> Self {
        let m = max_attempts.max(1);
        let success = 1.0 - failure.powf(f64::from(m));
        let mut mixture = Vec::new();
        let (mut delay, mut reach) = (0.0, 1.0);
        for i in 1..=m {
            let weight = reach * (1.0 - failure) / success;
            if weight > 1e-300 || i == 1 {
                mixture.push((weight, delay));
            }
            reach *= failure;
            delay += timeout_s + backoff_s * 2f64.powi(i as i32 - 1);
        }
        Self { mixture }
    }

    /// P(a successful request takes longer than t seconds).
    pub fn tail(&self, response: &Response, t: f64) -> f64 {
        self.mixture
            .iter()
            .map(|&(w, d)| w * response.tail(t - d))
            .sum::<f64>()
            .min(1.0)
    }

    /// The smallest t (seconds) with P(T ≤ t) ≥ `q`, to 1e-13 relative:
    /// the Illinois root finder on the tail, which keeps the bracket of a
    /// bisection (so an atom's left edge, cv = 0, is found as before) and
    /// on the realistic-load sample needs 13–22 tails where halving the
    /// bracket to 1e-13 needs about 43.
    pub fn percentile(&self, response: &Response, q: f64) -> f64 {
        let target = 1.0 - q;
        let last = self.mixture.last().map_or(0.0, |m| m.1);
        let mut hi = last + response.service_s.max(1e-12);
        while self.tail(response, hi) > target && hi.is_finite() {
            hi *= 2.0;
        }
        // Positive where the percentile is reached (the tail at or below
        // the target, equality included), negative before.
        let reached = |t: f64| {
            let excess = target - self.tail(response, t);
            if excess == 0.0 {
                f64::MIN_POSITIVE
            } else {
                excess
            }
        };
        let bracket = Bracket {
            lo: 0.0,
            hi,
            f_lo: reached(0.0).min(0.0),
            f_hi: reached(hi).max(f64::MIN_POSITIVE),
        };
        illinois(reached, bracket, |hi| 1e-13 * hi, 200).hi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// K by the midpoint rule on a fine grid (k ≥ 1 keeps the integrand bounded).
    fn k_by_quadrature(k: f64, y: f64) -> f64 {
        let n = 200_000;
        (0..n)
            .map(|i| {
                let v = (f64::from(i) + 0.5) / f64::from(n);
                (1.0 - v).powf(k - 1.0) * (-y * v).exp()
            })
            .sum::<f64>()
            / f64::from(n)
    }

    #[test]
    fn k_agrees_with_quadrature_in_every_branch() {
        for (k, y) in [
            (1.0, 0.0),
            (11.1, -3.0),
            (11.1, -80.0),
            (4.0, 2.5),
            (11.1, 150.0),
            (2.0, 900.0),
            (1.5, 40.0),
        ] {
            let want = k_by_quadrature(k, y);
            let got = ln_k(k, y).exp();
            assert!(
                (got / want - 1.0).abs() < 1e-6,
                "k {k} y {y}: {got} vs {want}"
            );
        }
        // k = 1: K = (1 − e^(−y)) / y exactly.
        for y in [-30.0_f64, -0.5, 0.7, 90.0, 5000.0] {
            let want: f64 = (1.0 - (-y).exp()) / y;
            assert!((ln_k(1.0, y).exp() / want - 1.0).abs() < 1e-12, "y {y}");
        }
    }

    #[test]
    fn the_gamma_model_at_cv_1_is_the_exact_m_m_c_tail() {
        for (c, lambda) in [(1, 6.0), (4, 30.0), (20, 150.0)] {
            let exact = Response::new(0.1, 1.0, c, lambda).expect("stable");
            let gamma = Response {
                cv: 1.0 + 1e-12,
                ..exact
            };
            for t in [0.01, 0.1, 0.3, 1.0] {
                let (a, b) = (exact.tail(t), gamma.tail(t));
                assert!((a / b - 1.0).abs() < 1e-9, "c {c} t {t}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn a_percentile_is_the_smallest_time_that_reaches_it() {
        // By definition: the tail at the answer is at most 1 − q, and just
        // below it (closer than the 1e-13 tolerance allows) still above.
        let cases = [
            (0.1, 0.5, 4, 30.0, Attempts::single(), 0.99),
            (0.1, 2.0, 4, 30.0, Attempts::single(), 0.5),
            (
                0.05,
                0.3,
                3,
                48.0,
                Attempts::retrying(0.2, 3, 0.08, 0.04),
                0.95,
            ),
            (
                0.05,
                1.0,
                20,
                300.0,
                Attempts::retrying(0.01, 2, 0.2, 0.0),
                0.999,
            ),
            // Constant service with P(wait) = 9/14: the p30 sits on the atom at S.
            (0.1, 0.0, 2, 15.0, Attempts::single(), 0.3),
        ];
        for (service_s, cv, c, lambda, attempts, q) in cases {
            let r = Response::new(service_s, cv, c, lambda).expect("stable");
            let t = attempts.percentile(&r, q);
            let target = 1.0 - q;
            assert!(attempts.tail(&r, t) <= target, "cv {cv} q {q}: at {t}");
            let below = t * (1.0 - 2e-13);
            assert!(
                attempts.tail(&r, below) > target,
                "cv {cv} q {q}: below {t}"
            );
        }
        // The atom case lands on the service time itself.
        let r = Response::new(0.1, 0.0, 2, 15.0).expect("stable");
        assert!((r.p_wait() - 9.0 / 14.0).abs() < 1e-15, "{}", r.p_wait());
        let t = Attempts::single().percentile(&r, 0.3);
        assert!((t - 0.1).abs() <= 1e-13 * 0.1, "{t}");
    }

    #[test]
    fn retry_weights_sum_to_one_and_delays_double() {
        let a = Attempts::retrying(0.1, 3, 1.0, 0.1);
        let w: f64 = a.mixture.iter().map(|m| m.0).sum();
        assert!((w - 1.0).abs() < 1e-15);
        // Delays: 0; 1 + 0.1; (1 + 0.1) + (1 + 0.2).
        let d: Vec<f64> = a.mixture.iter().map(|m| m.1).collect();
        assert!(
            (d[1] - 1.1).abs() < 1e-15 && (d[2] - 2.3).abs() < 1e-12,
            "{d:?}"
        );
        // Weights 0.9, 0.09, 0.009 over 0.999.
        assert!((a.mixture[1].0 - 0.09 / 0.999).abs() < 1e-15);
    }
}
