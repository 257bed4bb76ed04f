//! Explained numbers: for each section, the numbers that decide, each with
//! its label, value, unit and the formula it came from with its inputs.
//!
//! This is the one place that words a number and its formula. The GUI's
//! headline, the memo and `eval` text all render these lists, so a number
//! reads the same on screen, in the memo and in the terminal. A formula
//! with numbers is kept as an expression ([`Expr`]) and printed with just
//! enough digits that its printed inputs give its printed result.

mod budget;
mod cost;
mod load;
mod matrix;
mod payback;
mod tradeoff;

use crate::format::number::{self, Currency, as_printed, show_digits};
use crate::model::budget::TimeUnit;
use crate::model::outputs::{Metric, Probability};
use crate::model::uncertain::Uncertainty;
use crate::model::unit::Unit;
use crate::model::{Evaluation, Scenario};

/// A formula's arithmetic over printed numbers.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// An input, printed in its unit.
    Leaf(f64, Unit),
    /// A constant of the formula (12 months, 1,000 decisions), printed exactly.
    Exact(f64),
    /// a + b + …
    Sum(Vec<Expr>),
    /// a − b.
    Diff(Box<Expr>, Box<Expr>),
    /// a × b × …
    Product(Vec<Expr>),
    /// a ÷ b.
    Ratio(Box<Expr>, Box<Expr>),
}

/// Shorthands for building formulas.
pub fn leaf(x: f64, unit: Unit) -> Expr {
    Expr::Leaf(x, unit)
}

/// a × b.
pub fn times(a: Expr, b: Expr) -> Expr {
    Expr::Product(vec![a, b])
}

/// a ÷ b.
pub fn ratio(a: Expr, b: Expr) -> Expr {
    Expr::Ratio(Box::new(a), Box::new(b))
}

/// a − b.
pub fn diff(a: Expr, b: Expr) -> Expr {
    Expr::Diff(Box::new(a), Box::new(b))
}

impl Expr {
    /// The value with each input as printed at `digits` significant digits
    /// (`None`: at full precision).
    pub fn eval(&self, digits: Option<usize>) -> f64 {
        match self {
            Self::Leaf(x, unit) => digits.map_or(*x, |d| as_printed(*x, *unit, d)),
            Self::Exact(x) => *x,
            Self::Sum(terms) => terms.iter().map(|t| t.eval(digits)).sum(),
            Self::Diff(a, b) => a.eval(digits) - b.eval(digits),
            Self::Product(terms) => terms.iter().map(|t| t.eval(digits)).product(),
            Self::Ratio(a, b) => a.eval(digits) / b.eval(digits),
        }
    }

    /// The expression with its inputs printed at `digits` significant digits.
    pub fn render(&self, currency: &Currency, digits: usize) -> String {
        let inner = |e: &Expr| {
            let text = e.render(currency, digits);
            match e {
                Self::Sum(_) | Self::Diff(..) => format!("({text})"),
                _ => text,
            }
        };
        match self {
            Self::Leaf(x, unit) => show_digits(*x, *unit, currency, digits),
            Self::Exact(x) => crate::format::trim_zeros(crate::format::grouped(*x, 6)),
            Self::Sum(terms) => terms
                .iter()
                .map(|t| t.render(currency, digits))
                .collect::<Vec<_>>()
                .join(" + "),
            Self::Diff(a, b) => format!("{} − {}", a.render(currency, digits), inner(b)),
            Self::Product(terms) => terms.iter().map(inner).collect::<Vec<_>>().join(" × "),
            Self::Ratio(a, b) => {
                let denominator = match **b {
                    Self::Product(_) | Self::Ratio(..) => {
                        format!("({})", b.render(currency, digits))
                    }
                    _ => inner(b),
                };
                format!("{} ÷ {denominator}", inner(a))
            }
        }
    }
}

/// The significant digits at which an expression's printed inputs give its
/// printed result (three digits for the result): the fewest from 3 to 9.
pub fn digits_that_add_up(expr: &Expr, result: f64, unit: Unit) -> usize {
    let printed = as_printed(result, unit, 3);
    (3..=9)
        .find(|&d| as_printed(expr.eval(Some(d)), unit, 3) == printed)
        .unwrap_or(9)
}

/// One explained number.
#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    /// The output it is, when it is one of the summarised outputs.
    pub metric: Option<Metric>,
    /// The probability it is, when it is one.
    pub probability: Option<Probability>,
    /// For people: "Simple payback".
    pub label: String,
    /// Its value at full precision (non-finite: "never", "unbounded"…).
    pub value: f64,
    /// Its unit.
    pub unit: Unit,
    /// The value as printed.
    pub shown: String,
    /// The formula in words: "one-time cost ÷ monthly saving".
    pub formula: String,
    /// The formula with its inputs: "$420 k ÷ $66 k/month"; empty when the
    /// formula is not arithmetic (a distribution, a search).
    pub inputs: String,
    /// The arithmetic behind `inputs`, when there is some.
    pub expr: Option<Expr>,
    /// Whether it is one of the numbers that lead: the headline shows these
    /// and folds the rest under "more".
    pub lead: bool,
}

impl Explained {
    /// The same number, shown as `text` when it is not finite: "never"
    /// for a payback that never comes, "unbounded" for a ceiling.
    pub fn or_shown(mut self, text: &str) -> Self {
        if !self.value.is_finite() {
            self.shown = text.to_owned();
        }
        self
    }

    /// The value with full precision, for a tooltip.
    pub fn precise(&self) -> String {
        if self.value.is_finite() {
            format!("{} (exactly {})", self.shown, self.value)
        } else {
            self.shown.clone()
        }
    }

    /// "formula = inputs", or whichever of them there is.
    pub fn derivation(&self) -> String {
        match (self.formula.is_empty(), self.inputs.is_empty()) {
            (false, false) => format!("{} = {}", self.formula, self.inputs),
            (false, true) => self.formula.clone(),
            (true, false) => self.inputs.clone(),
            (true, true) => String::new(),
        }
    }
}

/// Which part of the case an explanation covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Where the time goes.
    Budget,
    /// The decision matrix.
    Matrix,
    /// Rewrite economics.
    Payback,
    /// The queue: the latency cliff.
    Queue,
    /// The load test's scalability.
    Usl,
    /// Capacity and the bill.
    Cost,
    /// Latency, cost and accuracy.
    Tradeoff,
}

/// A section's explanation: its verdict, then its numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The part of the case.
    pub part: Part,
    /// The section's heading: "Payback".
    pub title: &'static str,
    /// What it comes to, in a sentence or two.
    pub verdict: String,
    /// The numbers that decide, most important first.
    pub items: Vec<Explained>,
}

/// What every explainer needs to word numbers: the currency and the
/// budget's unit.
#[derive(Clone, Debug)]
pub struct Words {
    /// Money's currency.
    pub currency: Currency,
    /// The unit of span times: ms or % of CPU.
    pub span_unit: Unit,
}

impl Words {
    /// The words of `scenario`.
    pub fn of(scenario: &Scenario) -> Self {
        let span_unit = match scenario.budget.as_ref().map(|b| b.unit) {
            Some(TimeUnit::Percent) => Unit::PercentPoints,
            _ => Unit::Ms,
        };
        Self {
            currency: Currency::new(scenario.currency.as_deref()),
            span_unit,
        }
    }

    /// `unit` with the budget's unit resolved.
    pub fn unit(&self, unit: Unit) -> Unit {
        if unit == Unit::SpanTime {
            self.span_unit
        } else {
            unit
        }
    }

    /// `x` in `unit`, three significant digits.
    pub fn show(&self, x: f64, unit: Unit) -> String {
        number::show(x, self.unit(unit), &self.currency)
    }

    /// An explained number: `value` labelled `label`, its formula in words
    /// and, when there is arithmetic, `expr` printed so that it adds up.
    /// A non-finite value is shown as "—" (see [`Explained::or_shown`]).
    pub fn item(
        &self,
        label: impl Into<String>,
        value: f64,
        unit: Unit,
        formula: impl Into<String>,
        expr: Option<Expr>,
    ) -> Explained {
        let unit = self.unit(unit);
        let shown = if value.is_finite() {
            number::show(value, unit, &self.currency)
        } else {
            "—".to_owned()
        };
        let inputs = match &expr {
            Some(e) if value.is_finite() => {
                let digits = digits_that_add_up(e, value, unit);
                e.render(&self.currency, digits)
            }
            Some(e) => e.render(&self.currency, 3),
            None => String::new(),
        };
        Explained {
            metric: None,
            probability: None,
            label: label.into(),
            value,
            unit,
            shown,
            formula: formula.into(),
            inputs,
            expr,
            lead: true,
        }
    }

    /// An explained output: labelled and measured as `metric` declares.
    pub fn metric(
        &self,
        metric: Metric,
        value: f64,
        formula: impl Into<String>,
        expr: Option<Expr>,
    ) -> Explained {
        Explained {
            metric: Some(metric),
            ..self.item(metric.label(), value, metric.unit(), formula, expr)
        }
    }

    /// A probability from a Monte Carlo run: "P(meets the SLO after everything)".
    pub fn probability(&self, p: Probability, share: f64, samples: u64) -> Explained {
        Explained {
            probability: Some(p),
            ..self.item(
                format!("P({})", p.says()),
                share,
                Unit::Fraction,
                format!(
                    "share of {} Monte Carlo samples in which it {}",
                    crate::format::grouped(samples as f64, 0),
                    p.says()
                ),
                None,
            )
        }
    }
}

/// Every section's explanation, in file order.
pub fn explain(
    scenario: &Scenario,
    eval: &Evaluation,
    uncertainty: Option<&Uncertainty>,
) -> Vec<Explanation> {
    let words = Words::of(scenario);
    let mut out = Vec::new();
    if let (Some(input), Some(b)) = (&scenario.budget, &eval.budget) {
        out.push(budget::explain(&words, input, b, uncertainty));
    }
    if let (Some(input), Some(m)) = (&scenario.matrix, &eval.matrix) {
        out.push(matrix::explain(&words, input, m, uncertainty));
    }
    if let (Some(input), Some(p)) = (&scenario.payback, &eval.payback) {
        out.push(payback::explain(&words, input, p, uncertainty));
    }
    if let (Some(input), Some(l)) = (&scenario.load, &eval.load) {
        out.extend(load::explain(&words, input, l));
    }
    if let (Some(input), Some(c)) = (&scenario.cost, &eval.cost) {
        out.push(cost::explain(&words, input, c));
    }
    if let (Some(input), Some(t)) = (&scenario.tradeoff, &eval.tradeoff) {
        out.push(tradeoff::explain(&words, input, t, uncertainty));
    }
    out
}

pub use budget::explain as budget;
pub use cost::explain as cost;
pub use load::explain as load;
pub use matrix::explain as matrix;
pub use payback::explain as payback;
pub use tradeoff::explain as tradeoff;
