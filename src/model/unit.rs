//! What a number measures: the unit every input and output declares, so a
//! label, a slider's suffix and a printed value all say the same thing.

/// The unit of an input or an output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A plain number: a count of people, instances, requests in flight.
    Count,
    /// A speedup or a factor: "2.4×".
    Times,
    /// A fraction shown as a percentage: 0.55 → "55 %".
    Fraction,
    /// A fraction per year (a discount rate, bill growth).
    FractionPerYear,
    /// A fraction per quarter (load growth).
    FractionPerQuarter,
    /// Milliseconds.
    Ms,
    /// Seconds.
    Seconds,
    /// The budget's own unit: milliseconds for a trace, percent of CPU for
    /// a profile (resolved to [`Unit::Ms`] or [`Unit::PercentPoints`] once
    /// the budget is known).
    SpanTime,
    /// A share already in percent: a profile's span, 45 = 45 % of CPU time.
    PercentPoints,
    /// Events per second (requests, throughput).
    PerSecond,
    /// Events per month (decisions).
    PerMonth,
    /// Engineer-days.
    Days,
    /// Weeks.
    Weeks,
    /// Months.
    Months,
    /// Minutes.
    Minutes,
    /// Weighted points of the decision matrix.
    Points,
    /// Bytes.
    Bytes,
    /// Gigabytes (10⁹ bytes).
    Gb,
    /// Megabytes (of memory).
    Mb,
    /// Money, once.
    Money,
    /// Money per month.
    MoneyPerMonth,
    /// Money per year.
    MoneyPerYear,
    /// Money per hour.
    MoneyPerHour,
    /// Money per week.
    MoneyPerWeek,
    /// Money per engineer-month.
    MoneyPerEngineerMonth,
    /// Money per GB.
    MoneyPerGb,
    /// Money per GB-month.
    MoneyPerGbMonth,
    /// Money per month for each millisecond saved.
    MoneyPerMsMonth,
}

impl Unit {
    /// Whether values are amounts of money (printed with the currency).
    pub fn is_money(self) -> bool {
        matches!(
            self,
            Self::Money
                | Self::MoneyPerMonth
                | Self::MoneyPerYear
                | Self::MoneyPerHour
                | Self::MoneyPerWeek
                | Self::MoneyPerEngineerMonth
                | Self::MoneyPerGb
                | Self::MoneyPerGbMonth
                | Self::MoneyPerMsMonth
        )
    }

    /// Whether values are fractions shown in percent.
    pub fn is_fraction(self) -> bool {
        matches!(
            self,
            Self::Fraction | Self::FractionPerYear | Self::FractionPerQuarter
        )
    }

    /// What follows a value, with its leading space or slash: " ms",
    /// "/s", "/month", " %" (fractions, once shown in percent).
    /// `percent_span` says whether [`Unit::SpanTime`] is a profile's %.
    pub fn suffix(self, percent_span: bool) -> &'static str {
        match self {
            Self::Count | Self::Points | Self::Money => "",
            Self::Times => "×",
            Self::Fraction | Self::PercentPoints => " %",
            Self::FractionPerYear => " %/year",
            Self::FractionPerQuarter => " %/quarter",
            Self::Ms => " ms",
            Self::Seconds => " s",
            Self::SpanTime if percent_span => " %",
            Self::SpanTime => " ms",
            Self::PerSecond => "/s",
            Self::PerMonth | Self::MoneyPerMonth => "/month",
            Self::Days => " days",
            Self::Weeks => " weeks",
            Self::Months => " months",
            Self::Minutes => " min",
            Self::Bytes => " B",
            Self::Gb => " GB",
            Self::Mb => " MB",
            Self::MoneyPerYear => "/year",
            Self::MoneyPerHour => "/hour",
            Self::MoneyPerWeek => "/week",
            Self::MoneyPerEngineerMonth => "/eng-month",
            Self::MoneyPerGb => "/GB",
            Self::MoneyPerGbMonth => "/GB-month",
            Self::MoneyPerMsMonth => "/ms/month",
        }
    }
}
