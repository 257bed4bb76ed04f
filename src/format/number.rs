//! Numbers for people: one formatter for every surface (panels, memo,
//! chart labels, `eval` text). Three significant digits by default, with k,
//! M, B and T for thousands and up (2,045,280 → "2.05 M"), fractions as
//! percentages, money with the scenario's currency, and a no-break space
//! wherever a number meets its suffix, so a line never wraps inside a number.
//! Full precision is for tooltips and `--json`.

use crate::model::unit::Unit;

/// A no-break space: joins a number to its scale letter and unit.
pub const NBSP: char = '\u{a0}';

/// How money is written: the scenario's currency, prefixed when it is a
/// symbol ("$120 k") and suffixed when it is a code or a word ("120 k EUR").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Currency(pub Option<String>);

impl Currency {
    /// No currency: money is a bare number.
    pub const NONE: Self = Self(None);

    /// The currency a scenario names.
    pub fn new(currency: Option<&str>) -> Self {
        Self(
            currency
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned),
        )
    }

    /// Whether the currency goes before the number (a symbol such as $, €, £).
    fn prefixed(symbol: &str) -> bool {
        symbol.chars().count() <= 2 && !symbol.chars().any(char::is_alphabetic)
    }

    /// `amount` (already formatted) with the currency: "$120 k", "120 k EUR".
    pub fn wrap(&self, amount: &str) -> String {
        match &self.0 {
            None => amount.to_owned(),
            Some(c) if Self::prefixed(c) => match amount.strip_prefix('-') {
                Some(positive) => format!("-{c}{positive}"),
                None => format!("{c}{amount}"),
            },
            Some(c) => format!("{amount}{NBSP}{c}"),
        }
    }

    /// The unit for an axis or a column head: "$", "EUR", or "money" when
    /// the scenario names no currency.
    pub fn name(&self) -> &str {
        self.0.as_deref().unwrap_or("money")
    }
}

/// `x` rounded to `digits` significant digits.
pub fn round_sig(x: f64, digits: usize) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = digits.clamp(1, 17) as i32;
    let magnitude = x.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits - 1 - magnitude);
    if scale.is_finite() && scale > 0.0 {
        let rounded = (x * scale).round() / scale;
        if rounded.is_finite() {
            return rounded;
        }
    }
    x
}

/// `x` with `digits` significant digits, ten thousand and up scaled to k,
/// M, B or T, trailing zeros dropped: 2,045,280 → "2.05 M", 66,000 →
/// "66 k", 5,827 → "5,830", 0.0213 → "0.0213", 855.5 → "856". For counts,
/// rates and money.
pub fn sig(x: f64, digits: usize) -> String {
    digits_text(x, digits, true)
}

/// `x` with `digits` significant digits and thousands separators, never a
/// scale letter: 12,345 → "12,300". For values followed by a unit (ms, GB,
/// months), where "12 k ms" would read oddly.
pub fn sig_plain(x: f64, digits: usize) -> String {
    digits_text(x, digits, false)
}

fn digits_text(x: f64, digits: usize, letters: bool) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "—".into()
        } else if x > 0.0 {
            "∞".into()
        } else {
            "-∞".into()
        };
    }
    let r = round_sig(x, digits);
    if r == 0.0 {
        return "0".into();
    }
    let a = r.abs();
    if a < 1e-4 {
        // Tiny numbers in scientific notation: 2.35e-6, not 0.00000235.
        let text = format!("{r:.*e}", digits.saturating_sub(1));
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        return format!("{}e{exponent}", super::trim_zeros(mantissa.to_owned()));
    }
    let (scaled, letter) = match a {
        a if letters && a >= 1e12 => (r / 1e12, "T"),
        a if letters && a >= 1e9 => (r / 1e9, "B"),
        a if letters && a >= 1e6 => (r / 1e6, "M"),
        a if letters && a >= 1e4 => (r / 1e3, "k"),
        _ => (r, ""),
    };
    let magnitude = scaled.abs().log10().floor() as i32;
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    let text = super::trim_zeros(super::grouped(scaled, decimals));
    if letter.is_empty() {
        text
    } else {
        format!("{text}{NBSP}{letter}")
    }
}

/// A fraction as a percentage with `digits` significant digits: 0.55 →
/// "55 %", 0.006429 → "0.643 %", 6.0218 → "602 %", 120 → "12,000 %".
pub fn percent_sig(fraction: f64, digits: usize) -> String {
    let p = round_sig(fraction * 100.0, digits);
    if !p.is_finite() {
        return format!("{}{NBSP}%", sig(p, digits));
    }
    if p != 0.0 && p.abs() < 0.001 {
        // A share too small to print: say so rather than print 15 zeros.
        return format!("<{NBSP}0.001{NBSP}%");
    }
    let decimals = if p == 0.0 {
        0
    } else {
        (digits as i32 - 1 - p.abs().log10().floor() as i32).max(0) as usize
    };
    let text = super::trim_zeros(super::grouped(p, decimals));
    format!("{text}{NBSP}%")
}

/// Bytes in B, kB, MB, GB or TB (10³ steps), three significant digits.
fn bytes(x: f64, digits: usize) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"];
    let mut v = round_sig(x, digits);
    let mut i = 0;
    while v.abs() >= 1000.0 && i + 1 < units.len() {
        v /= 1000.0;
        i += 1;
    }
    format!("{}{NBSP}{}", sig_plain(v, digits), units[i])
}

/// `x` in `unit` with `digits` significant digits, for people.
pub fn show_digits(x: f64, unit: Unit, currency: &Currency, digits: usize) -> String {
    let n = || sig(x, digits);
    let with = |suffix: &str| format!("{}{NBSP}{suffix}", sig_plain(x, digits));
    let money = |per: &str| {
        let amount = currency.wrap(&sig(x, digits));
        if per.is_empty() {
            amount
        } else {
            format!("{amount}/{per}")
        }
    };
    let with_gb = |gb: f64| format!("{}{NBSP}GB", sig_plain(gb, digits));
    match unit {
        Unit::Count | Unit::Points => n(),
        Unit::Times => format!("{}×", n()),
        Unit::Fraction => percent_sig(x, digits),
        Unit::FractionPerYear => format!("{}/year", percent_sig(x, digits)),
        Unit::FractionPerQuarter => format!("{}/quarter", percent_sig(x, digits)),
        // Ten seconds and more read better in seconds.
        Unit::Ms if x.abs() >= 10_000.0 => format!("{}{NBSP}s", sig_plain(x / 1000.0, digits)),
        Unit::Ms => with("ms"),
        Unit::Seconds => with("s"),
        // Resolved by the budget's unit before formatting; ms is the default.
        Unit::SpanTime => with("ms"),
        Unit::PercentPoints => with("%"),
        Unit::PerSecond => format!("{}/s", n()),
        Unit::PerMonth => format!("{}/month", n()),
        Unit::Days => with(if round_sig(x, digits) == 1.0 {
            "day"
        } else {
            "days"
        }),
        Unit::Weeks => with(if round_sig(x, digits) == 1.0 {
            "week"
        } else {
            "weeks"
        }),
        Unit::Months => with(if round_sig(x, digits) == 1.0 {
            "month"
        } else {
            "months"
        }),
        Unit::Minutes => with("min"),
        Unit::Bytes => bytes(x, digits),
        // Past 10 GB of memory, GB read better.
        Unit::Mb if x.abs() >= 10_000.0 => with_gb(x / 1000.0),
        Unit::Mb => with("MB"),
        Unit::Gb => with("GB"),
        Unit::Money => money(""),
        Unit::MoneyPerMonth => money("month"),
        Unit::MoneyPerYear => money("year"),
        Unit::MoneyPerHour => money("hour"),
        Unit::MoneyPerWeek => money("week"),
        Unit::MoneyPerEngineerMonth => money("eng-month"),
        Unit::MoneyPerGb => money("GB"),
        Unit::MoneyPerGbMonth => money("GB-month"),
        Unit::MoneyPerMsMonth => money("ms/month"),
    }
}

/// `x` in `unit` with three significant digits.
pub fn show(x: f64, unit: Unit, currency: &Currency) -> String {
    show_digits(x, unit, currency, 3)
}

/// The value `show_digits` prints, as a number: what a reader computes with.
pub fn as_printed(x: f64, unit: Unit, digits: usize) -> f64 {
    if unit.is_fraction() {
        round_sig(x * 100.0, digits) / 100.0
    } else {
        round_sig(x, digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: String) -> String {
        s.replace(NBSP, " ")
    }

    #[test]
    fn three_significant_digits_with_scale_letters() {
        assert_eq!(plain(sig(2_045_280.0, 3)), "2.05 M");
        assert_eq!(sig(0.0213, 3), "0.0213");
        assert_eq!(sig(855.5, 3), "856");
        assert_eq!(plain(sig(66_000.0, 3)), "66 k");
        assert_eq!(sig(5_827.0, 3), "5,830");
        assert_eq!(plain(sig(999_600.0, 3)), "1 M");
        assert_eq!(sig_plain(12_345.0, 3), "12,300");
        assert_eq!(sig(2.35e-6, 3), "2.35e-6");
        assert_eq!(sig(4.23, 3), "4.23");
        assert_eq!(sig(-360_000.0, 3).replace(NBSP, " "), "-360 k");
        assert_eq!(sig(0.0, 3), "0");
        assert_eq!(sig(f64::INFINITY, 3), "∞");
    }

    #[test]
    fn percentages_money_and_units() {
        assert_eq!(plain(percent_sig(0.55, 3)), "55 %");
        assert_eq!(plain(percent_sig(0.006_429, 3)), "0.643 %");
        assert_eq!(plain(percent_sig(6.0218, 3)), "602 %");
        assert_eq!(plain(percent_sig(120.0, 3)), "12,000 %");
        assert_eq!(plain(percent_sig(2.35e-18, 3)), "< 0.001 %");
        let dollars = Currency::new(Some("$"));
        let euros = Currency::new(Some("EUR"));
        assert_eq!(
            plain(show(66_000.0, Unit::MoneyPerMonth, &dollars)),
            "$66 k/month"
        );
        assert_eq!(plain(show(-420_000.0, Unit::Money, &dollars)), "-$420 k");
        assert_eq!(plain(show(2_054_901.0, Unit::Money, &euros)), "2.05 M EUR");
        assert_eq!(
            plain(show(6.3636, Unit::Months, &Currency::NONE)),
            "6.36 months"
        );
        assert_eq!(plain(show(1.0, Unit::Months, &Currency::NONE)), "1 month");
        assert_eq!(show(2.2222, Unit::Times, &Currency::NONE), "2.22×");
        assert_eq!(
            plain(show(2_500_000.0, Unit::Bytes, &Currency::NONE)),
            "2.5 MB"
        );
        assert_eq!(plain(show(12_345.0, Unit::Ms, &Currency::NONE)), "12.3 s");
        assert_eq!(plain(show(1_000.0, Unit::Ms, &Currency::NONE)), "1,000 ms");
    }
}
