//! The payback timeline, month by month: cost, saving, and the cumulative
//! nets (plain and discounted) that the break-even months read.

use serde::Serialize;

use super::{MAX_HORIZON_MONTHS, PaybackNums};

/// One month of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MonthFlow {
    /// Months from now.
    pub month: u32,
    /// One-time cost paid this month.
    pub cost: f64,
    /// Net saving realised this month (bill saving, plus the latency
    /// saving, less the recurring cost).
    pub saving: f64,
    /// saving − cost.
    pub net: f64,
    /// Σ net up to and including this month.
    pub cumulative: f64,
    /// Σ net / (1 + r)^k up to and including this month.
    pub discounted_cumulative: f64,
}

/// The length of the overlap of the intervals [a0, a1] and [b0, b1].
fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// Months 0..=horizon of cost, saving and cumulative nets, computed lazily.
pub fn month_flows(p: &PaybackNums, one_time_cost: f64) -> impl Iterator<Item = MonthFlow> {
    let horizon = p.horizon_months.clamp(0.0, MAX_HORIZON_MONTHS) as u32;
    let build = p.build_months.max(0.0);
    let monthly_rate = p.annual_discount_rate / 12.0;
    let growth = 1.0 + p.annual_bill_growth / 12.0;
    let reduction = p.reduction;
    // The latency saving less the recurring cost: flat, from the first
    // saving month on (format 3).
    let flat = p.flat_per_month();
    let (mut cumulative, mut discounted_cumulative) = (0.0, 0.0);
    let mut bill = p.monthly_cost;
    let mut discount = 1.0;
    (0..=horizon).map(move |month| {
        let (cost, saving) = if month == 0 {
            let cost = if build == 0.0 { one_time_cost } else { 0.0 };
            (cost, 0.0)
        } else {
            let (start, end) = (f64::from(month - 1), f64::from(month));
            let cost = if build > 0.0 {
                one_time_cost * (overlap(start, end, 0.0, build) / build)
            } else {
                0.0
            };
            let saving_part = overlap(start, end, build, f64::INFINITY);
            let mut saving = bill * reduction * saving_part;
            if flat != 0.0 {
                saving += flat * saving_part;
            }
            bill *= growth;
            (cost, saving)
        };
        let net = saving - cost;
        cumulative += net;
        discounted_cumulative += net / discount;
        discount *= 1.0 + monthly_rate;
        MonthFlow {
            month,
            cost,
            saving,
            net,
            cumulative,
            discounted_cumulative,
        }
    })
}

/// Finds, month by month, where a cumulative value first turns from
/// negative to ≥ 0, linearly interpolated between months: 0 when it is
/// never negative, ∞ when it is still negative at the horizon. The
/// reference the closed form is tested against.
#[cfg(test)]
#[derive(Default)]
struct Crossing {
    seen_negative: bool,
    previous: Option<(u32, f64)>,
    found: Option<f64>,
}

#[cfg(test)]
impl Crossing {
    fn push(&mut self, month: u32, value: f64) {
        if self.found.is_none()
            && self.seen_negative
            && let Some((before_month, before)) = self.previous
            && before < 0.0
            && value >= 0.0
        {
            self.found = Some(f64::from(before_month) + -before / (value - before));
        }
        self.seen_negative |= value < 0.0;
        self.previous = Some((month, value));
    }

    fn result(&self) -> f64 {
        match self.found {
            Some(month) => month,
            None if self.seen_negative => f64::INFINITY,
            None => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::scalars;
    use super::*;
    use proptest::prelude::*;

    /// The month-by-month walk: NPV, savings and both break-evens.
    fn walked(p: &PaybackNums) -> (f64, f64, f64, f64) {
        let c = p.one_time_cost();
        let (mut plain, mut discounted) = (Crossing::default(), Crossing::default());
        let (mut saving, mut npv) = (0.0, 0.0);
        for m in month_flows(p, c) {
            plain.push(m.month, m.cumulative);
            discounted.push(m.month, m.discounted_cumulative);
            saving += m.saving;
            npv = m.discounted_cumulative;
        }
        (npv, saving, plain.result(), discounted.result())
    }

    fn agree(a: f64, b: f64, scale: f64) -> bool {
        (a.is_infinite() && b.is_infinite()) || (a - b).abs() <= 1e-9 * scale.max(a.abs()).max(1.0)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The closed form agrees with the walk over every month, whatever
        /// the build (none, whole, fractional, past the horizon), growth,
        /// discount and sign of the saving.
        #[test]
        fn closed_form_matches_the_walk(
            monthly_cost in 0.0f64..200_000.0,
            reduction in -0.3f64..1.0,
            one_time in prop_oneof![Just(0.0), 0.0f64..5e6],
            build in prop_oneof![Just(0.0), Just(4.0), 0.0f64..50.0],
            discount in prop_oneof![Just(0.0), -1.0f64..1.0],
            growth in prop_oneof![Just(0.0), -1.0f64..2.0],
            horizon in prop_oneof![Just(36.0), 1.0f64..240.0],
        ) {
            let p = PaybackNums {
                monthly_cost,
                reduction,
                engineers: 1.0,
                months: 1.0,
                loaded_rate: one_time,
                build_months: build,
                annual_discount_rate: discount,
                annual_bill_growth: growth,
                horizon_months: horizon.floor(),
                target_payback_months: 12.0,
                ..PaybackNums::default()
            };
            let sc = scalars(&p);
            let (npv, saving, plain, discounted) = walked(&p);
            let scale = one_time + monthly_cost * horizon;
            prop_assert!(agree(sc.npv, npv, scale), "npv {} vs {}", sc.npv, npv);
            prop_assert!(agree(sc.horizon_saving, saving, scale), "saving {} vs {}", sc.horizon_saving, saving);
            prop_assert!(agree(sc.break_even_month, plain, 1.0), "break-even {} vs {}", sc.break_even_month, plain);
            prop_assert!(agree(sc.discounted_payback_months, discounted, 1.0), "discounted {} vs {}", sc.discounted_payback_months, discounted);
        }
    }
}
