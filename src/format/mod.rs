//! Human formatting of numbers for labels, tooltips and the text summary.
//! [`number`] is the one formatter for people (three significant digits,
//! k/M/B, currency); the helpers here are its shorthands, plus exact forms
//! for error messages ([`short`]) and file names ([`slug`]).

pub mod number;

pub use number::{Currency, NBSP, show, sig};

use crate::model::unit::Unit;

/// `x` with `decimals` decimals and thousands separators: `66000.0` → `66,000`.
pub fn grouped(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "—".into()
        } else {
            "∞".into()
        };
    }
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::with_capacity(text.len() + int.len() / 3 + 1);
    if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A share of samples for sentences: a percentage, or "2 of 100,000" when
/// it would round to 0.00 %.
pub fn share_of(count: u64, total: u64) -> String {
    let share = count as f64 / total.max(1) as f64;
    if count > 0 && share < 0.0001 {
        format!(
            "{} of {}",
            grouped(count as f64, 0),
            grouped(total as f64, 0)
        )
    } else {
        percent(share)
    }
}

/// `text` cut to `max` characters with "…" at the end: a value quoted in
/// a message stays one line.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{head}…")
}

/// The first `most` of `items` joined with ", ", then "and N more" for the
/// rest: a sentence that names 200 inputs is a wall nobody reads.
pub fn first_of(items: &[String], most: usize) -> String {
    let shown = items[..items.len().min(most)].join(", ");
    match items.len().saturating_sub(most) {
        0 => shown,
        rest => format!("{shown} and {} more", grouped(rest as f64, 0)),
    }
}

/// The most characters an error message shows: a megabyte-long field name
/// quoted by a parser, or 300,000 tied trace ids, say nothing more for
/// being printed whole.
pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// `text` cut to [`MAX_MESSAGE_CHARS`]: its start and its end (where the
/// file and position usually are not, and the advice usually is), with the
/// number of characters left out between them.
pub fn message(text: &str) -> std::borrow::Cow<'_, str> {
    let count = text.chars().count();
    if count <= MAX_MESSAGE_CHARS {
        return text.into();
    }
    let (head, tail) = (MAX_MESSAGE_CHARS * 3 / 4, MAX_MESSAGE_CHARS / 5);
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!(
        "{start} … ({} characters left out) … {end}",
        grouped((count - head - tail) as f64, 0)
    )
    .into()
}

/// Text safe inside one Markdown table cell: `|` escaped, line breaks and
/// other control characters turned into spaces (a name cannot split a row).
pub fn markdown_cell(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('|', "\\|")
}

/// A number as a reader of an error message wants it: exact digits for
/// ordinary magnitudes, scientific notation for huge or tiny ones (`1e308`,
/// never 309 digits).
pub fn short(x: f64) -> String {
    let magnitude = x.abs();
    if x.is_finite() && magnitude != 0.0 && !(1e-4..1e15).contains(&magnitude) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// A size in bytes for people, three significant digits in decimal units:
/// `388_897` → `389 kB`, `77_594_624` → `77.6 MB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
    let mut x = n as f64;
    let mut unit = 0;
    while x >= 999.5 && unit + 1 < UNITS.len() {
        x /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} bytes")
    } else {
        format!("{} {}", number::sig_plain(x, 3), UNITS[unit])
    }
}

/// A plain number for people, three significant digits: `855.5` → `856`,
/// `0.0643` → `0.0643`, `120000` → `120 k`.
pub fn quantity(x: f64) -> String {
    sig(x, 3)
}

/// A number and its unit symbol joined by a no-break space: "856 ms".
pub fn amount(x: f64, symbol: &str) -> String {
    format!("{}{NBSP}{symbol}", quantity(x))
}

/// A speedup factor: `1.00582` → `1.01×`, `3.5443` → `3.54×`, `15` → `15×`.
pub fn speedup(x: f64) -> String {
    show(x, Unit::Times, &Currency::NONE)
}

/// A fraction as a percentage: `0.006429` → `0.643 %`, `0.55` → `55 %`.
pub fn percent(fraction: f64) -> String {
    number::percent_sig(fraction, 3)
}

/// An amount of money without a currency: `66000` → `66 k`.
pub fn money(x: f64) -> String {
    sig(x, 3)
}

/// Months: `5.4545` → `5.45 months`, `1` → `1 month`.
pub fn months(x: f64) -> String {
    show(x, Unit::Months, &Currency::NONE)
}

/// A file-name-safe form of a title: "Orders endpoint: rewrite in Go?" →
/// "orders-endpoint-rewrite-in-go"; empty when nothing is left.
pub fn slug(title: &str) -> String {
    title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

pub(crate) fn trim_zeros(text: String) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_names_its_first_items_and_counts_the_rest() {
        let items: Vec<String> = (1..=8).map(|i| format!("x{i}")).collect();
        assert_eq!(first_of(&items, 3), "x1, x2, x3 and 5 more");
        assert_eq!(first_of(&items[..3], 3), "x1, x2, x3");
        assert_eq!(first_of(&[], 3), "");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(66_000.0, 0), "66,000");
        assert_eq!(grouped(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(grouped(-360_000.0, 0), "-360,000");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(grouped(-0.001, 1), "0.0");
    }

    #[test]
    fn shorthands_use_the_one_formatter() {
        let plain = |s: String| s.replace(NBSP, " ");
        assert_eq!(quantity(855.5), "856");
        assert_eq!(quantity(0.064_29), "0.0643");
        assert_eq!(plain(quantity(120_000.0)), "120 k");
        assert_eq!(quantity(0.0), "0");
        assert_eq!(speedup(1.005_82), "1.01×");
        assert_eq!(speedup(15.0), "15×");
        assert_eq!(plain(percent(0.006_429)), "0.643 %");
        assert_eq!(plain(percent(0.125)), "12.5 %");
        assert_eq!(plain(months(5.4545)), "5.45 months");
        assert_eq!(plain(months(12.0)), "12 months");
        assert_eq!(plain(months(1.0)), "1 month");
        assert_eq!(
            slug("Orders endpoint: rewrite in Go?"),
            "orders-endpoint-rewrite-in-go"
        );
        assert_eq!(slug("?!"), "");
    }
}
