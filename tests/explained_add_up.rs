//! Every explained formula adds up as printed: for each sample, each
//! number that shows its arithmetic ("$420 k ÷ $66 k/month"), the printed
//! inputs, read back as a reader would (k, M, %, units and currency and
//! all) and computed here with a small parser of its own, give the printed
//! result to its three significant digits.

use std::path::Path;

use perfcase::model::evaluate;
use perfcase::report::explain::explain;
use perfcase::samples;
use perfcase::scenario_file;

/// A token of printed arithmetic.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Token {
    Number(f64),
    Op(char),
}

/// Reads printed arithmetic: numbers with their scale letter, percent sign,
/// unit and currency; the operators + − × ÷ and parentheses.
fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let space = |c: char| c == ' ' || c == '\u{a0}';
    while i < chars.len() {
        let c = chars[i];
        if space(c) || c == '$' {
            i += 1;
        } else if matches!(c, '+' | '−' | '×' | '÷' | '(' | ')') {
            out.push(Token::Op(c));
            i += 1;
        } else if c.is_ascii_digit() || c == '-' || c == '.' {
            let negative = c == '-';
            if negative {
                i += 1;
                while i < chars.len() && chars[i] == '$' {
                    i += 1;
                }
            }
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == ',')
            {
                i += 1;
            }
            let digits: String = chars[start..i].iter().filter(|&&c| c != ',').collect();
            let mut x: f64 = digits
                .parse()
                .map_err(|_| format!("not a number: {digits:?} in {text:?}"))?;
            // A scale letter after a space: "420 k".
            let mut j = i;
            while j < chars.len() && space(chars[j]) {
                j += 1;
            }
            if j < chars.len() {
                let scale = match chars[j] {
                    'k' => 1e3,
                    'M' => 1e6,
                    'B' => 1e9,
                    'T' => 1e12,
                    _ => 1.0,
                };
                let alone = chars.get(j + 1).is_none_or(|n| !n.is_alphabetic());
                if scale != 1.0 && alone {
                    x *= scale;
                    i = j + 1;
                    j = i;
                } else if chars[j] == '%' {
                    x /= 100.0;
                    i = j + 1;
                    j = i;
                }
            }
            // A unit: "×" stuck to the number, or a word / "/month" after it.
            if i < chars.len() && chars[i] == '×' {
                i += 1;
            } else {
                let word_start = j;
                while j < chars.len() && (chars[j].is_alphabetic() || matches!(chars[j], '/' | '-'))
                {
                    j += 1;
                }
                if j > word_start {
                    i = j;
                }
            }
            out.push(Token::Number(if negative { -x } else { x }));
        } else {
            return Err(format!("unexpected {c:?} in {text:?}"));
        }
    }
    Ok(out)
}

/// Evaluates tokens with the usual precedence (× ÷ before + −).
fn evaluate_tokens(tokens: &[Token]) -> Result<f64, String> {
    fn expr(t: &[Token], i: &mut usize) -> Result<f64, String> {
        let mut value = term(t, i)?;
        while let Some(Token::Op(op @ ('+' | '−'))) = t.get(*i).copied() {
            *i += 1;
            let rhs = term(t, i)?;
            value = if op == '+' { value + rhs } else { value - rhs };
        }
        Ok(value)
    }
    fn term(t: &[Token], i: &mut usize) -> Result<f64, String> {
        let mut value = atom(t, i)?;
        while let Some(Token::Op(op @ ('×' | '÷'))) = t.get(*i).copied() {
            *i += 1;
            let rhs = atom(t, i)?;
            value = if op == '×' { value * rhs } else { value / rhs };
        }
        Ok(value)
    }
    fn atom(t: &[Token], i: &mut usize) -> Result<f64, String> {
        match t.get(*i).copied() {
            Some(Token::Number(x)) => {
                *i += 1;
                Ok(x)
            }
            Some(Token::Op('(')) => {
                *i += 1;
                let v = expr(t, i)?;
                if t.get(*i) != Some(&Token::Op(')')) {
                    return Err("unclosed (".into());
                }
                *i += 1;
                Ok(v)
            }
            other => Err(format!("expected a number, got {other:?}")),
        }
    }
    let mut i = 0;
    let v = expr(tokens, &mut i)?;
    if i != tokens.len() {
        return Err(format!("left over: {:?}", &tokens[i..]));
    }
    Ok(v)
}

/// Whether `computed` rounds to `shown` at three significant digits: within
/// half a unit of the third digit of the printed value.
fn rounds_to(computed: f64, shown: f64) -> bool {
    if shown == 0.0 {
        return computed.abs() < 5e-3;
    }
    let unit = 10f64.powf(shown.abs().log10().floor() - 2.0);
    (computed - shown).abs() <= 0.5 * unit * (1.0 + 1e-9) + 1e-12
}

#[test]
fn the_parser_reads_numbers_as_printed() {
    let t =
        tokens("6 × 4\u{a0}months × $15\u{a0}k/eng-month + 6\u{a0}weeks × $10\u{a0}k/week + $0")
            .expect("tokens");
    assert_eq!(evaluate_tokens(&t), Ok(420_000.0));
    let t = tokens("100\u{a0}% ÷ 45\u{a0}%").expect("tokens");
    assert!((evaluate_tokens(&t).expect("value") - 2.2222).abs() < 1e-3);
    let t = tokens("($2.95\u{a0}M − $420\u{a0}k) ÷ $420\u{a0}k").expect("tokens");
    assert!((evaluate_tokens(&t).expect("value") - 6.0238).abs() < 1e-3);
    assert!(rounds_to(2.2222, 2.22) && !rounds_to(2.226, 2.22));
    assert!(rounds_to(0.38621, 0.386) && !rounds_to(0.3875, 0.386));
}

#[test]
fn every_explained_formula_of_every_sample_adds_up_as_printed() {
    let mut checked = 0;
    for sample in &samples::ALL {
        let scenario = scenario_file::from_str(sample.text, Path::new(sample.file_name))
            .expect("sample loads");
        let eval = evaluate(&scenario);
        for section in explain(&scenario, &eval, None) {
            for item in &section.items {
                if item.expr.is_none() || !item.value.is_finite() || item.inputs.is_empty() {
                    continue;
                }
                let where_ = format!("{} {}: {}", sample.file_name, item.label, item.inputs);
                let computed = tokens(&item.inputs)
                    .and_then(|t| evaluate_tokens(&t))
                    .unwrap_or_else(|e| panic!("{where_}: {e}"));
                let shown = tokens(&item.shown)
                    .and_then(|t| evaluate_tokens(&t))
                    .unwrap_or_else(|e| panic!("{where_} = {}: {e}", item.shown));
                assert!(
                    rounds_to(computed, shown),
                    "{where_} = {computed}, printed {}",
                    item.shown
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "only {checked} formulas checked");
}

/// Every formula of `scenario` adds up as printed.
fn adds_up(scenario: &perfcase::model::Scenario) -> Result<(), String> {
    let eval = evaluate(scenario);
    for section in explain(scenario, &eval, None) {
        for item in &section.items {
            if item.expr.is_none() || !item.value.is_finite() || item.inputs.is_empty() {
                continue;
            }
            let computed = evaluate_tokens(&tokens(&item.inputs)?)?;
            let shown = evaluate_tokens(&tokens(&item.shown)?)?;
            if !rounds_to(computed, shown) {
                return Err(format!(
                    "{}: {} = {computed}, printed {}",
                    item.label, item.inputs, item.shown
                ));
            }
        }
    }
    Ok(())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Any payback, with or without a currency, prints formulas that add up.
    #[test]
    fn any_payback_adds_up_as_printed(
        monthly_cost in 100.0..5e7_f64,
        reduction in 0.01..1.0_f64,
        engineers in 1u32..40,
        months in 0.5..24.0_f64,
        loaded_rate in 1_000.0..60_000.0_f64,
        freeze_weeks in 0u32..20,
        freeze_cost in 0.0..50_000.0_f64,
        dollars in proptest::bool::ANY,
    ) {
        let text = samples::ALL
            .iter()
            .find(|s| s.file_name == "pricing-payback.ron")
            .expect("sample")
            .text;
        let mut s = scenario_file::from_str(text, Path::new("p.ron")).expect("loads");
        if dollars {
            s.currency = Some("$".into());
        }
        let p = s.payback.as_mut().expect("payback");
        p.monthly_cost = monthly_cost.into();
        p.instances = None;
        p.reduction = Some(reduction.into());
        p.engineers = f64::from(engineers).into();
        p.months = months.into();
        p.loaded_rate = loaded_rate.into();
        p.freeze_weeks = f64::from(freeze_weeks).into();
        p.freeze_cost_per_week = freeze_cost.into();
        if let Err(e) = adds_up(&s) {
            proptest::prop_assert!(false, "{}", e);
        }
    }
}
