//! Human formatting of numbers for labels, tooltips and the text summary:
//! thousands separators, sensible precision, units.

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

/// A quantity with about three significant digits: `855.5` → `855.5`,
/// `0.0643` → `0.0643`, `120000` → `120,000`.
pub fn quantity(x: f64) -> String {
    let magnitude = x.abs();
    let decimals = if magnitude == 0.0 || magnitude >= 100.0 {
        if magnitude.fract() == 0.0 || magnitude >= 1000.0 {
            0
        } else {
            1
        }
    } else if magnitude >= 10.0 {
        1
    } else if magnitude >= 1.0 {
        2
    } else {
        // Enough decimals for three significant digits.
        (2 - magnitude.log10().floor() as i32).clamp(2, 9) as usize
    };
    trim_zeros(grouped(x, decimals))
}

/// A speedup factor: `1.00582` → `1.006×`, `3.5443` → `3.54×`, `15` → `15.0×`.
pub fn speedup(x: f64) -> String {
    if !x.is_finite() {
        return "∞×".into();
    }
    let decimals = if x < 2.0 {
        3
    } else if x < 10.0 {
        2
    } else if x < 100.0 {
        1
    } else {
        0
    };
    format!("{}×", grouped(x, decimals))
}

/// A fraction as a percentage: `0.006429` → `0.64 %`, `0.55` → `55 %`.
pub fn percent(fraction: f64) -> String {
    let p = fraction * 100.0;
    let decimals = if p.abs() >= 10.0 || p == p.round() {
        if (p - p.round()).abs() < 1e-9 { 0 } else { 1 }
    } else if p.abs() >= 1.0 {
        1
    } else {
        2
    };
    format!("{} %", grouped(p, decimals))
}

/// An amount of money, whole units: `66000` → `66,000`.
pub fn money(x: f64) -> String {
    grouped(x, 0)
}

/// Months, two decimals below 10 and one above: `5.4545` → `5.45 months`.
pub fn months(x: f64) -> String {
    let decimals = if x.abs() < 10.0 { 2 } else { 1 };
    let text = trim_zeros(grouped(x, decimals));
    let unit = if text == "1" { "month" } else { "months" };
    format!("{text} {unit}")
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

fn trim_zeros(text: String) -> String {
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
    fn groups_thousands() {
        assert_eq!(grouped(66_000.0, 0), "66,000");
        assert_eq!(grouped(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(grouped(-360_000.0, 0), "-360,000");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(grouped(-0.001, 1), "0.0");
    }

    #[test]
    fn quantities_keep_three_significant_digits() {
        assert_eq!(quantity(855.5), "855.5");
        assert_eq!(quantity(0.064_29), "0.0643");
        assert_eq!(quantity(120_000.0), "120,000");
        assert_eq!(quantity(5.5), "5.5");
        assert_eq!(quantity(0.0), "0");
    }

    #[test]
    fn speedups_and_percentages() {
        assert_eq!(speedup(1.005_82), "1.006×");
        assert_eq!(speedup(3.544_4), "3.54×");
        assert_eq!(speedup(15.0), "15.0×");
        assert_eq!(percent(0.006_429), "0.64 %");
        assert_eq!(percent(0.55), "55 %");
        assert_eq!(percent(0.125), "12.5 %");
        assert_eq!(months(5.4545), "5.45 months");
        assert_eq!(months(12.0), "12 months");
        assert_eq!(months(1.0), "1 month");
        assert_eq!(
            slug("Orders endpoint: rewrite in Go?"),
            "orders-endpoint-rewrite-in-go"
        );
        assert_eq!(slug("?!"), "");
    }
}
