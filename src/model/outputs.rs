//! Typed names for the outputs that decide: every scalar output a Monte Carlo
//! run summarises ([`Metric`]) and every yes/no it counts ([`Probability`]),
//! each declared once with its JSON key, section, label and unit.
//!
//! The Monte Carlo's columns, the `uncertainty` summaries, the tornado, the
//! headline, the memo and `eval` text all name outputs through these enums;
//! no other place in `src/` spells an output's key.

use super::Evaluation;
use super::budget::BudgetEval;
use super::cost::CostEval;
use super::load::QueueEval;
use super::payback::PaybackEval;
use super::unit::Unit;

/// The section records an output is read from: an [`crate::model::Evaluation`]
/// (deterministic) or one Monte Carlo sample's outputs.
pub trait Records {
    /// The budget's record, if the scenario has a budget.
    fn budget(&self) -> Option<&BudgetEval>;
    /// The payback's record.
    fn payback(&self) -> Option<&PaybackEval>;
    /// The queue's record.
    fn queue(&self) -> Option<&QueueEval>;
    /// The cost section's record.
    fn cost(&self) -> Option<&CostEval>;
    /// The matrix winner's lead over the runner-up; `None` with fewer than
    /// two candidates (or no matrix).
    fn matrix_margin(&self) -> Option<f64>;
}

impl Records for Evaluation {
    fn budget(&self) -> Option<&BudgetEval> {
        self.budget.as_ref()
    }

    fn payback(&self) -> Option<&PaybackEval> {
        self.payback.as_ref()
    }

    fn queue(&self) -> Option<&QueueEval> {
        self.load.as_ref().and_then(|l| l.queue.as_ref())
    }

    fn cost(&self) -> Option<&CostEval> {
        self.cost.as_ref()
    }

    fn matrix_margin(&self) -> Option<f64> {
        self.matrix.as_ref().and_then(|m| m.margin)
    }
}

/// Where an output lives in `eval --json` (and under `uncertainty`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputSection {
    /// `budget`.
    Budget,
    /// `matrix`.
    Matrix,
    /// `payback`.
    Payback,
    /// `load.queue`.
    Queue,
    /// `cost`.
    Cost,
}

impl OutputSection {
    /// The dotted JSON path of the section: `load.queue`.
    pub fn path(self) -> &'static str {
        match self {
            Self::Budget => "budget",
            Self::Matrix => "matrix",
            Self::Payback => "payback",
            Self::Queue => "load.queue",
            Self::Cost => "cost",
        }
    }
}

/// A value that is null for the numbers' sake (payback when nothing is
/// saved) is +∞ in a sample.
fn or_infinite(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::INFINITY)
}

/// Declares [`Metric`]: one line per output — its variant, JSON key, label
/// for people, unit, and how to read it from its section's record (`None`:
/// null for structural reasons, left out of a run).
macro_rules! metrics {
    ($(
        $section:ident from $getter:ident {
            $( $(#[doc = $doc:literal])* $id:ident = $key:literal, $label:literal, $unit:ident, |$v:ident| $read:expr; )*
        }
    )*) => {
        /// A scalar output: what a Monte Carlo run summarises and the
        /// panels, the memo and `eval` text explain.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Metric {
            $($( $(#[doc = $doc])* $id, )*)*
        }

        impl Metric {
            /// Every metric, in the order a run records them (file order).
            pub const ALL: &'static [Self] = &[$($(Self::$id,)*)*];

            /// How many metrics there are.
            pub const COUNT: usize = Self::ALL.len();

            /// Every metric's value in `records`, in [`Metric::ALL`] order
            /// (NaN where [`Metric::read`] has none): what a Monte Carlo
            /// sample records, read in one straight pass rather than one
            /// dispatch per output.
            #[inline]
            pub fn read_all(records: &impl Records, out: &mut [f64; Self::COUNT]) {
                $($( out[Self::$id as usize] = records.$getter().and_then(|$v| $read).unwrap_or(f64::NAN); )*)*
            }

            /// Its key within its section: `payback_months`.
            pub fn key(self) -> &'static str {
                match self { $($(Self::$id => $key,)*)* }
            }

            /// Its section.
            pub fn section(self) -> OutputSection {
                match self { $($(Self::$id => OutputSection::$section,)*)* }
            }

            /// Its name for people: "Simple payback".
            pub fn label(self) -> &'static str {
                match self { $($(Self::$id => $label,)*)* }
            }

            /// What it measures.
            pub fn unit(self) -> Unit {
                match self { $($(Self::$id => Unit::$unit,)*)* }
            }

            /// Its value in `records`: `None` when the scenario's structure
            /// leaves it out (no such section, no SLO, one candidate); +∞ when
            /// it is null for the numbers' sake.
            pub fn read(self, records: &impl Records) -> Option<f64> {
                match self {
                    $($(Self::$id => records.$getter().and_then(|$v| $read),)*)*
                }
            }
        }
    };
}

metrics! {
    Budget from budget {
        /// The critical path now.
        Total = "total", "Total (critical path)", SpanTime, |b| Some(b.total);
        /// Own-code time on the critical path.
        OwnCode = "own_code", "Own code on the critical path", SpanTime, |b| Some(b.own_code);
        /// f.
        OwnCodeFraction = "own_code_fraction", "Own-code fraction f", Fraction, |b| Some(b.own_code_fraction);
        /// total / total after the language.
        AmdahlSpeedup = "amdahl_speedup", "Speedup from the language", Times, |b| Some(b.amdahl_speedup);
        /// 1 / (1 − f).
        AmdahlCeiling = "amdahl_ceiling", "Ceiling (s → ∞)", Times, |b| Some(b.amdahl_ceiling);
        /// Own code divided by s.
        TotalAfterLanguage = "total_after_language", "Total after the language", SpanTime, |b| Some(b.total_after_language);
        /// Every lever applied.
        TotalAfterLevers = "total_after_levers", "Total after the levers", SpanTime, |b| Some(b.total_after_levers);
        /// Every lever and the language.
        TotalAfterAll = "total_after_all", "Total after every fix", SpanTime, |b| Some(b.total_after_all);
        /// The SLO gap.
        RequiredSpeedup = "required_speedup", "Speedup the SLO needs", Times, |b| b.required_speedup;
        /// The smallest language speedup meeting the SLO.
        RequiredLanguageSpeedup = "required_language_speedup", "Language speedup the SLO needs", Times, |b| b.required_speedup.map(|_| or_infinite(b.required_language_speedup));
        /// measured × the language's speedup.
        ThroughputAfterLanguage = "throughput_after_language", "Throughput after the language", PerSecond, |b| b.throughput_after_language;
        /// measured × total / total after the levers.
        ThroughputAfterLevers = "throughput_after_levers", "Throughput after the levers", PerSecond, |b| b.throughput_after_levers;
        /// measured × total / total after every fix.
        ThroughputAfterAll = "throughput_after_all", "Throughput after every fix", PerSecond, |b| b.throughput_after_all;
    }
    Matrix from matrix_margin {
        /// The winner's total minus the runner-up's.
        MatrixMargin = "margin", "Winner's lead", Points, |m| Some(m);
    }
    Payback from payback {
        /// The bill reduction used.
        Reduction = "reduction", "Bill reduction", Fraction, |p| Some(p.reduction);
        /// monthly cost × reduction.
        BillSaving = "bill_saving_per_month", "Bill saving", MoneyPerMonth, |p| Some(p.bill_saving_per_month);
        /// The price on latency × the milliseconds saved.
        LatencySaving = "latency_saving_per_month", "Latency saving", MoneyPerMonth, |p| Some(p.latency_saving_per_month);
        /// What the change costs every month once it ships.
        RecurringCost = "recurring_monthly_cost", "Recurring cost", MoneyPerMonth, |p| Some(p.recurring_monthly_cost);
        /// Bill saving + latency saving − recurring cost.
        MonthlySaving = "monthly_saving", "Net monthly saving", MoneyPerMonth, |p| Some(p.monthly_saving);
        /// 12 × the monthly saving.
        AnnualSaving = "annual_saving", "Annual saving", MoneyPerYear, |p| Some(p.annual_saving);
        /// Engineering, freeze and other one-time costs.
        OneTimeCost = "one_time_cost", "One-time cost", Money, |p| Some(p.one_time_cost);
        /// one-time ÷ monthly saving, ignoring build time.
        PaybackMonths = "payback_months", "Simple payback", Months, |p| Some(p.payback_months);
        /// The first month the cumulative net turns ≥ 0 on the timeline.
        BreakEvenMonth = "break_even_month", "Break-even month", Months, |p| Some(p.break_even_month);
        /// The smallest bill reduction that still breaks even by the target.
        KillReduction = "kill_reduction", "Kill criterion (reduction)", Fraction, |p| Some(p.kill_reduction);
        /// Net present value over the horizon.
        Npv = "npv", "NPV", Money, |p| Some(p.npv);
        /// Break-even of the discounted cumulative.
        DiscountedPayback = "discounted_payback_months", "Discounted payback", Months, |p| Some(p.discounted_payback_months);
        /// (savings − one-time) / one-time over the horizon.
        Roi = "roi", "ROI", Fraction, |p| Some(p.roi);
        /// Savings within the horizon.
        HorizonSaving = "horizon_saving", "Savings within the horizon", Money, |p| Some(p.horizon_saving);
        /// The reduction at which the simple payback meets the target.
        BreakEvenReduction = "break_even_reduction", "Break-even reduction (simple)", Fraction, |p| Some(p.break_even_reduction);
        /// The bill below which the case no longer pays back within the target.
        BreakEvenMonthlyCost = "break_even_monthly_cost", "Break-even bill", MoneyPerMonth, |p| Some(p.break_even_monthly_cost);
    }
    Queue from queue {
        /// ρ = λ / (cμ).
        Utilization = "utilization", "Utilisation ρ", Fraction, |q| Some(q.utilization);
        /// Erlang C.
        PWait = "p_wait", "P(wait)", Fraction, |q| Some(or_infinite(q.p_wait));
        /// Mean wait in the queue.
        MeanWait = "mean_wait_ms", "Mean wait", Ms, |q| Some(or_infinite(q.mean_wait_ms));
        /// Mean wait + mean service.
        MeanResponse = "mean_response_ms", "Mean response", Ms, |q| Some(or_infinite(q.mean_response_ms));
        /// The response time at the SLO's percentile.
        PercentileResponse = "percentile_response_ms", "Response at the SLO percentile", Ms, |q| Some(or_infinite(q.percentile_response_ms));
        /// The arrival rate at which the SLO breaks (0 when even an idle server misses it).
        MaxArrival = "max_arrival_per_s", "SLO breaks at", PerSecond, |q| Some(q.max_arrival_per_s.unwrap_or(0.0));
        /// How much more load fits (−1 when even an idle server misses the SLO).
        Headroom = "headroom", "Headroom", Fraction, |q| Some(match q.max_arrival_per_s {
            None => -1.0,
            Some(_) => or_infinite(q.headroom),
        });
        /// Months until growth breaks the SLO (0 when even an idle server misses it).
        MonthsToBreach = "months_to_breach", "Months to breach", Months, |q| Some(match q.max_arrival_per_s {
            None => 0.0,
            Some(_) => or_infinite(q.months_to_breach),
        });
        /// Memory held by requests in flight (Little's law).
        MemoryMb = "memory_mb", "Memory in flight", Mb, |q| q.memory.map(|m| or_infinite(m.memory_mb));
        /// The arrival rate at which memory runs out.
        MaxArrivalForMemory = "max_arrival_for_memory_per_s", "Memory runs out at", PerSecond, |q| q.memory.map(|m| or_infinite(m.max_arrival_for_memory_per_s));
        /// P(a successful request misses the SLO).
        FractionOverSlo = "fraction_over_slo", "Requests over the SLO", Fraction, |q| q.error_budget.map(|b| b.fraction_over_slo);
        /// How fast the error budget burns (1 = exactly as allowed).
        BurnRate = "burn_rate", "Error-budget burn rate", Times, |q| q.error_budget.map(|b| b.burn_rate);
        /// Minutes over the SLO allowed in 30 days.
        BudgetMinutes = "budget_minutes_per_30_days", "Error budget (30 days)", Minutes, |q| q.error_budget.map(|b| b.budget_minutes_per_30_days);
        /// Expected attempts per request.
        RetryAmplification = "retries.amplification", "Retry amplification", Times, |q| q.retries.map(|r| r.amplification);
        /// Requests that succeed within their attempts.
        RetrySuccessRate = "retries.success_rate", "Success rate", Fraction, |q| q.retries.map(|r| r.success_rate);
        /// What the servers see: arrivals × amplification.
        OfferedRate = "retries.offered_per_s", "Offered load (with retries)", PerSecond, |q| q.retries.map(|r| r.offered_per_s);
    }
    Cost from cost {
        /// Little's law: rate × latency.
        Concurrency = "concurrency", "In flight (Little)", Count, |c| Some(c.concurrency);
        /// The cheapest type's monthly bill.
        ComputePerMonth = "compute_per_month", "Compute", MoneyPerMonth, |c| Some(c.compute_per_month);
        /// Egress per month.
        EgressPerMonth = "egress_per_month", "Egress", MoneyPerMonth, |c| Some(c.egress_per_month);
        /// Storage per month.
        StoragePerMonth = "storage_per_month", "Storage", MoneyPerMonth, |c| Some(c.storage_per_month);
        /// Compute + egress + storage.
        TotalPerMonth = "total_per_month", "Total per month", MoneyPerMonth, |c| Some(c.total_per_month);
        /// The cap minus the total.
        CapHeadroom = "cap_headroom_per_month", "Room under the cap", MoneyPerMonth, |c| c.cap.map(|cap| cap.cap_headroom_per_month);
    }
}

impl serde::Serialize for Metric {
    /// A metric is written as its path: `"payback.payback_months"`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.path())
    }
}

impl Metric {
    /// The dotted path of the output in `eval --json`: `payback.payback_months`.
    pub fn path(self) -> String {
        format!("{}.{}", self.section().path(), self.key())
    }

    /// The deciding numbers whose spread the memo and `eval` text report
    /// (those a run has and the ranges move), in the order a reader asks.
    pub const DECIDING: [Self; 13] = [
        Self::BreakEvenMonth,
        Self::PaybackMonths,
        Self::Npv,
        Self::MonthlySaving,
        Self::Total,
        Self::TotalAfterAll,
        Self::AmdahlSpeedup,
        Self::MatrixMargin,
        Self::PercentileResponse,
        Self::MonthsToBreach,
        Self::BurnRate,
        Self::TotalPerMonth,
        Self::CapHeadroom,
    ];

    /// The outputs the tornado explains, in the contract's order.
    pub const TORNADO: [Self; 5] = [
        Self::PaybackMonths,
        Self::BreakEvenMonth,
        Self::TotalAfterAll,
        Self::AmdahlSpeedup,
        Self::MatrixMargin,
    ];

    /// The tornado outputs in the order a reader asks about them: the
    /// break-even month (the deciding payback figure) before the simple
    /// payback. "What to measure next" names the first that moves.
    pub const TORNADO_BY_WEIGHT: [Self; 5] = [
        Self::BreakEvenMonth,
        Self::PaybackMonths,
        Self::TotalAfterAll,
        Self::AmdahlSpeedup,
        Self::MatrixMargin,
    ];
}

/// Declares [`Probability`]: one line per yes/no output a run counts — its
/// variant, its key under `uncertainty.probabilities`, what "yes" means in
/// words, and how to read it (`None`: the scenario has no such question).
macro_rules! probabilities {
    ($( $(#[doc = $doc:literal])* $id:ident = $key:literal, $says:literal, |$r:ident| $read:expr; )*) => {
        /// A yes/no output whose share of samples a run reports.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Probability {
            $( $(#[doc = $doc])* $id, )*
        }

        impl Probability {
            /// Every probability, in the order `uncertainty.probabilities` lists them.
            pub const ALL: &'static [Self] = &[$(Self::$id,)*];

            /// Its key under `uncertainty.probabilities`.
            pub fn key(self) -> &'static str {
                match self { $(Self::$id => $key,)* }
            }

            /// What "yes" says, for sentences: "meets the SLO today".
            pub fn says(self) -> &'static str {
                match self { $(Self::$id => $says,)* }
            }

            /// Its value in `records`; `None` when the scenario does not ask it.
            pub fn read(self, records: &impl Records) -> Option<bool> {
                match self { $(Self::$id => { let $r = records; $read })* }
            }
        }
    };
}

probabilities! {
    /// The budget meets its SLO today.
    MeetsSloNow = "meets_slo_now", "meets the SLO today", |r| r.budget()?.meets_slo_now;
    /// … after the language change.
    MeetsSloAfterLanguage = "meets_slo_after_language", "meets the SLO after the language change", |r| r.budget()?.meets_slo_after_language;
    /// … after the levers.
    MeetsSloAfterLevers = "meets_slo_after_levers", "meets the SLO after the cheap fixes", |r| r.budget()?.meets_slo_after_levers;
    /// … after every fix.
    MeetsSloAfterAll = "meets_slo_after_all", "meets the SLO after everything", |r| r.budget()?.meets_slo_after_all;
    /// The simple payback is within the target.
    PaybackWithinTarget = "payback_within_target", "pays back within the target (simple payback)", |r| r.payback().map(|p| p.meets_target);
    /// The timeline breaks even by the target: the headline's probability.
    BreakEvenWithinTarget = "break_even_within_target", "breaks even by the target month", |r| r.payback().map(|p| p.break_even_within_target);
    /// The NPV is positive.
    NpvPositive = "npv_positive", "has a positive NPV", |r| r.payback().map(|p| p.npv > 0.0);
    /// The queue meets its latency SLO.
    LoadMeetsSlo = "load_meets_slo", "meets the queue's latency SLO", |r| r.queue().map(|q| q.meets_slo);
    /// The error budget lasts: burn rate ≤ 1.
    WithinErrorBudget = "within_error_budget", "burns the error budget no faster than allowed", |r| r.queue()?.error_budget.map(|b| b.burn_rate <= 1.0);
    /// The bill stays within its cap.
    WithinCap = "within_cap", "stays within the monthly cost cap", |r| r.cost()?.cap.map(|c| c.within_cap);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::uncertain::compiled::Compiled;

    #[test]
    fn reading_every_metric_at_once_reads_each_one() {
        // Every built-in sample's point evaluation: the straight pass the
        // Monte Carlo loop takes gives each metric's own reading (NaN for
        // none), in the order of `Metric::ALL`.
        for sample in &crate::samples::ALL {
            let scenario = sample.scenario().expect("sample");
            let mut compiled = Compiled::new(&scenario);
            let scalars = compiled.scalars();
            let mut all = [0.0; Metric::COUNT];
            Metric::read_all(scalars, &mut all);
            for (i, metric) in Metric::ALL.iter().enumerate() {
                let want = metric.read(scalars).unwrap_or(f64::NAN);
                assert_eq!(all[i].to_bits(), want.to_bits(), "{metric:?}");
                assert_eq!(*metric as usize, i, "{metric:?} out of place");
            }
        }
    }
}
