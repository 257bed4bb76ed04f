//! How a section declares its inputs: one entry each, in file order, in a
//! `const` table beside the section's types. Validation, the Monte Carlo's
//! list of uncertain inputs ([`crate::model::sites`]), the compiled numbers
//! and the GUI's fields all read these tables; nothing else lists inputs.
//!
//! An entry names the field as the file does, says what it means for people
//! (label, unit, hint, a slider's usual range), which values it may take, how
//! to reach the [`Quantity`] in the section's row, and where its value goes in
//! the row's numbers. [`input!`](crate::input) writes the common case — a
//! field of the same name in the row and in its numbers — in one entry.

use super::domain::Domain;
use super::quantity::Quantity;
use super::unit::Unit;

/// The range a slider offers for an input (its domain may be wider) and
/// whether the slider is logarithmic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Typical {
    /// The slider's low end.
    pub low: f64,
    /// The slider's high end.
    pub high: f64,
    /// A logarithmic slider (for values spanning decades).
    pub log: bool,
}

/// One input of a section row `S` whose numbers are an `N`.
pub struct Input<S: 'static, N: 'static> {
    /// The field as the RON file names it, relative to the row:
    /// `monthly_cost`, `slo.latency`, `lever.hit_ratio`.
    pub name: &'static str,
    /// For people: "monthly cost". A row of a list prefixes its own name
    /// ("orders query · time").
    pub label: &'static str,
    /// What the number measures.
    pub unit: Unit,
    /// The values it may take: the validation rule and where draws are clamped.
    pub domain: Domain,
    /// What the number is, for a tooltip.
    pub hint: &'static str,
    /// A slider's usual range.
    pub typical: Typical,
    /// The quantity in a row; `None` where the row has none (an optional
    /// field left out, another kind of lever).
    pub get: fn(&S) -> Option<&Quantity>,
    /// The same, for editing.
    pub get_mut: fn(&mut S) -> Option<&mut Quantity>,
    /// Writes a value where the row's numbers keep it.
    pub set: fn(&mut N, f64),
}

impl Typical {
    /// A linear slider from `low` to `high`.
    pub const fn linear(low: f64, high: f64) -> Self {
        Self {
            low,
            high,
            log: false,
        }
    }

    /// A logarithmic slider from `low` to `high`.
    pub const fn log(low: f64, high: f64) -> Self {
        Self {
            low,
            high,
            log: true,
        }
    }
}

impl<S: 'static, N: 'static> Input<S, N> {
    /// An entry. (Arguments rather than a builder: the table's element type
    /// is what tells the closures their row and numbers types.)
    #[expect(clippy::too_many_arguments, reason = "one table entry, read as a row")]
    pub const fn new(
        name: &'static str,
        label: &'static str,
        unit: Unit,
        domain: Domain,
        typical: Typical,
        hint: &'static str,
        get: fn(&S) -> Option<&Quantity>,
        get_mut: fn(&mut S) -> Option<&mut Quantity>,
        set: fn(&mut N, f64),
    ) -> Self {
        Self {
            name,
            label,
            unit,
            domain,
            hint,
            typical,
            get,
            get_mut,
            set,
        }
    }

    /// The quantity's point value in `row`, if the row has it.
    pub fn point(&self, row: &S) -> Option<f64> {
        (self.get)(row).map(Quantity::point)
    }
}

/// Writes every input's point value of `row` into `nums` (inputs the row
/// lacks leave `nums` as it was): a row's numbers, derived from its table.
pub fn fill<S, N>(table: &[Input<S, N>], row: &S, nums: &mut N) {
    for input in table {
        if let Some(x) = input.point(row) {
            (input.set)(nums, x);
        }
    }
}

/// One [`Input`] entry for a field of the same name in the row and in its
/// numbers: `input!(monthly_cost, "monthly cost", MoneyPerMonth,
/// NON_NEGATIVE, Typical::log(0.0, 1e7), "Today's monthly bill")`.
#[macro_export]
macro_rules! input {
    ($field:ident, $label:expr, $unit:ident, $domain:ident, $typical:expr, $hint:expr $(,)?) => {
        $crate::model::input::Input::new(
            stringify!($field),
            $label,
            $crate::model::unit::Unit::$unit,
            $crate::model::domain::Domain::$domain,
            $typical,
            $hint,
            |row| Some(&row.$field),
            |row| Some(&mut row.$field),
            |nums, value| nums.$field = value,
        )
    };
}
