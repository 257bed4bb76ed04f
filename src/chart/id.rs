//! Every chart perfcase draws, by a typed id: its stable name (file names,
//! `perfcase export --chart NAME`) and the part of the case it belongs to
//! (where the memo places it).

use crate::model::sites::Section;

/// The part of the case a chart illustrates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChartSection {
    /// A section of the scenario: where the time goes, the matrix, …
    Of(Section),
    /// The tornadoes: what moves the deciding numbers.
    Uncertainty,
    /// An imported trace's critical path (the import preview only).
    Import,
}

/// Declares [`ChartId`]: its variants with their stable names and sections.
macro_rules! charts {
    ($( $(#[doc = $doc:literal])* $id:ident = $name:literal in $section:expr; )*) => {
        /// A chart, by its typed id.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ChartId {
            $( $(#[doc = $doc])* $id, )*
        }

        impl ChartId {
            /// Every chart, in the order panels and the memo show them.
            pub const ALL: &'static [Self] = &[$(Self::$id,)*];

            /// The stable name: ids, file names, `--chart NAME`.
            pub fn name(self) -> &'static str {
                match self { $(Self::$id => $name,)* }
            }

            /// The part of the case it illustrates.
            pub fn section(self) -> ChartSection {
                use ChartSection::*;
                use Section::*;
                match self { $(Self::$id => $section,)* }
            }

            /// The chart by its stable name.
            pub fn named(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|id| id.name() == name)
            }
        }
    };
}

impl ChartId {
    /// Whether the chart draws anything from a Monte Carlo run (a band, a
    /// fan, a distribution, a tornado). The others are the same with or
    /// without one, so `export` draws them without running it (a test
    /// holds every sample's charts to this).
    pub fn draws_uncertainty(self) -> bool {
        self.section() == ChartSection::Uncertainty
            || matches!(
                self,
                Self::Amdahl | Self::TotalDist | Self::Win | Self::Timeline | Self::PaybackDist
            )
    }
}

charts! {
    /// Total speedup against the language's, with the ceiling.
    Amdahl = "amdahl" in Of(Budget);
    /// Where the time goes today, per lever, with the language and with everything.
    Time = "time" in Of(Budget);
    /// The total after every fix across the Monte Carlo samples.
    TotalDist = "total_dist" in Of(Budget);
    /// Weighted totals.
    Ranking = "ranking" in Of(Matrix);
    /// Totals as one criterion's weight moves.
    Sweep = "sweep" in Of(Matrix);
    /// Each candidate's chance of winning.
    Win = "win" in Of(Matrix);
    /// Cumulative net cash flow by month.
    Timeline = "timeline" in Of(Payback);
    /// The net monthly saving in its parts: bill, latency, recurring cost.
    SavingParts = "saving_parts" in Of(Payback);
    /// Payback against the measured reduction: the kill criterion.
    BreakEven = "break_even" in Of(Payback);
    /// The break-even month across the Monte Carlo samples.
    PaybackDist = "payback_dist" in Of(Payback);
    /// Percentile latency against load: the cliff.
    Latency = "latency" in Of(Load);
    /// Load growth toward the breach.
    Growth = "growth" in Of(Load);
    /// The USL fitted to a load test.
    Usl = "usl" in Of(Load);
    /// The monthly bill by instance type.
    Cost = "cost" in Of(Cost);
    /// Each type's bill as the load grows.
    CostScaling = "cost_scaling" in Of(Cost);
    /// Cost, latency and errors: the iron triangle.
    Tradeoff = "tradeoff" in Of(Tradeoff);
    /// What each choice costs per month.
    TradeoffCosts = "tradeoff_costs" in Of(Tradeoff);
    /// A cascade's p99 against its escalated share.
    Cascade = "cascade" in Of(Tradeoff);
    /// What moves the break-even month most.
    TornadoPayback = "tornado_payback" in Uncertainty;
    /// What moves the total after every fix most.
    TornadoTotal = "tornado_total" in Uncertainty;
    /// What moves the language's speedup most.
    TornadoAmdahl = "tornado_amdahl" in Uncertainty;
    /// What moves the matrix winner's lead most.
    TornadoMargin = "tornado_margin" in Uncertainty;
    /// What moves the best trade-off row's total most (shown, not in the JSON).
    TornadoTradeoff = "tornado_tradeoff" in Uncertainty;
    /// Is it worth measuring? Each input's EVPPI for the first decision
    /// that any measurement could change.
    Voi = "voi" in Uncertainty;
    /// An imported trace's critical path.
    Waterfall = "waterfall" in Import;
}
