//! The distribution a [`Range`] stands for: its analytic percentiles and
//! how one sample is drawn.
//!
//! Draws go through a standard variate (a standard normal z, a uniform u, a
//! Beta draw) transformed by the range, so dragging a range's handles moves
//! every sample smoothly instead of reshuffling them.

use rand::RngExt as _;
use rand_distr::Distribution as _;

use super::{Range, Shape, Z95};

/// A range resolved to its distribution's parameters.
#[derive(Clone, Copy, Debug)]
pub enum Distribution {
    /// ln X ~ N(μ, σ).
    LogNormal {
        /// μ = (ln L + ln H) / 2.
        mu: f64,
        /// σ = (ln H − ln L) / (2 z₉₅).
        sigma: f64,
    },
    /// X ~ N(mean, sd).
    Normal {
        /// (L + H) / 2.
        mean: f64,
        /// (H − L) / (2 z₉₅).
        sd: f64,
    },
    /// X ~ U[low, high].
    Uniform {
        /// L.
        low: f64,
        /// H.
        high: f64,
    },
    /// X = L + (H − L)·B with B ~ Beta(α, β), λ = 4.
    Pert {
        /// L.
        low: f64,
        /// H.
        high: f64,
        /// α = 1 + 4(M − L)/(H − L).
        alpha: f64,
        /// β = 1 + 4(H − M)/(H − L).
        beta: f64,
        /// The Beta sampler for (α, β).
        sampler: rand_distr::Beta<f64>,
    },
}

impl Distribution {
    /// The distribution of a valid range (see [`Range::problem`]); `None`
    /// when the range is invalid.
    pub fn of(range: &Range) -> Option<Self> {
        if range.problem().is_some() {
            return None;
        }
        let (low, high) = (range.low, range.high);
        Some(match range.resolved_shape() {
            Shape::LogNormal => Self::LogNormal {
                mu: 0.5 * (low.ln() + high.ln()),
                sigma: (high.ln() - low.ln()) / (2.0 * Z95),
            },
            Shape::Normal => Self::Normal {
                mean: 0.5 * (low + high),
                sd: (high - low) / (2.0 * Z95),
            },
            Shape::Uniform => Self::Uniform { low, high },
            Shape::Pert { mode } => {
                let alpha = 1.0 + 4.0 * (mode - low) / (high - low);
                let beta = 1.0 + 4.0 * (high - mode) / (high - low);
                Self::Pert {
                    low,
                    high,
                    alpha,
                    beta,
                    sampler: rand_distr::Beta::new(alpha, beta).ok()?,
                }
            }
        })
    }

    /// The `p`-quantile (0 < p < 1), from the inverse CDF.
    pub fn quantile(&self, p: f64) -> f64 {
        match *self {
            Self::LogNormal { mu, sigma } => (mu + sigma * standard_normal_quantile(p)).exp(),
            Self::Normal { mean, sd } => mean + sd * standard_normal_quantile(p),
            Self::Uniform { low, high } => low + (high - low) * p,
            Self::Pert {
                low,
                high,
                alpha,
                beta,
                ..
            } => low + (high - low) * statrs::function::beta::inv_beta_reg(alpha, beta, p),
        }
    }

    /// One draw.
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Self::LogNormal { mu, sigma } => {
                let z: f64 = rand_distr::StandardNormal.sample(rng);
                (mu + sigma * z).exp()
            }
            Self::Normal { mean, sd } => {
                let z: f64 = rand_distr::StandardNormal.sample(rng);
                mean + sd * z
            }
            Self::Uniform { low, high } => low + (high - low) * rng.random::<f64>(),
            Self::Pert {
                low, high, sampler, ..
            } => low + (high - low) * sampler.sample(rng),
        }
    }
}

/// Φ⁻¹(p), the standard normal quantile.
pub fn standard_normal_quantile(p: f64) -> f64 {
    -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * p)
}
