//! A number in a scenario file: a plain value or an uncertain range.
//!
//! `time: 60.0` and `time: Range(low: 40.0, high: 90.0)` both load. A range is
//! a 90 % interval (5th to 95th percentile) unless its shape says otherwise;
//! its *point value* — what every deterministic output uses — is its median
//! (the mode for a PERT range). See DESIGN.md, "Uncertain quantities".

pub mod distribution;

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// z such that Φ(z) = 0.95: a range's low and high are μ ∓ z·σ.
pub const Z95: f64 = 1.644_853_626_951_472_2;

/// z such that Φ(z) = 0.90: the 10th and 90th percentiles are μ ∓ z·σ.
pub const Z90: f64 = 1.281_551_565_544_600_5;

/// The distribution a range stands for.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Shape {
    /// ln X is normal; low and high are its 5th and 95th percentiles. The
    /// default when low > 0: durations, costs and speedups are skewed right.
    LogNormal,
    /// Normal; low and high are its 5th and 95th percentiles. The default
    /// when low ≤ 0.
    Normal,
    /// Every value in [low, high] equally likely.
    Uniform,
    /// Beta-PERT on [low, high] with the given most likely value.
    Pert {
        /// The most likely value, within [low, high].
        mode: f64,
    },
}

impl Shape {
    /// The variant's name as written in files and JSON ("LogNormal"…).
    pub fn name(self) -> &'static str {
        match self {
            Self::LogNormal => "LogNormal",
            Self::Normal => "Normal",
            Self::Uniform => "Uniform",
            Self::Pert { .. } => "Pert",
        }
    }

    /// The shape a range without one gets: log-normal for positive ranges.
    pub fn default_for(low: f64) -> Self {
        if low > 0.0 {
            Self::LogNormal
        } else {
            Self::Normal
        }
    }
}

/// An uncertain value: a 90 % interval (or the support, for uniform and PERT).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// The 5th percentile (uniform, PERT: the minimum).
    pub low: f64,
    /// The 95th percentile (uniform, PERT: the maximum).
    pub high: f64,
    /// The distribution; `None` means the default for `low`.
    pub shape: Option<Shape>,
}

impl Range {
    /// A range with the default shape.
    pub fn new(low: f64, high: f64) -> Self {
        Self {
            low,
            high,
            shape: None,
        }
    }

    /// The shape in force: the given one or the default for `low`.
    pub fn resolved_shape(&self) -> Shape {
        self.shape.unwrap_or_else(|| Shape::default_for(self.low))
    }

    /// The median (√(LH) for log-normal, the middle for normal and uniform),
    /// or the mode for PERT.
    pub fn point(&self) -> f64 {
        match self.resolved_shape() {
            Shape::LogNormal => (self.low * self.high).sqrt(),
            Shape::Normal | Shape::Uniform => 0.5 * (self.low + self.high),
            Shape::Pert { mode } => mode,
        }
    }

    /// What is wrong with the range itself (not with its point value), if anything.
    pub fn problem(&self) -> Option<String> {
        let (low, high) = (self.low, self.high);
        if !low.is_finite() || !high.is_finite() {
            return Some("a range's low and high must be finite numbers".to_owned());
        }
        if low >= high {
            return Some(format!(
                "a range's low must be below its high (got low {}, high {})",
                crate::format::short(low),
                crate::format::short(high)
            ));
        }
        match self.resolved_shape() {
            Shape::LogNormal if low <= 0.0 => Some(format!(
                "a LogNormal range needs low > 0 (got {}); use shape: Normal",
                crate::format::short(low)
            )),
            Shape::Pert { mode } if !mode.is_finite() || mode < low || mode > high => {
                Some(format!(
                    "a Pert mode must lie within [low, high] = [{}, {}] (got {})",
                    crate::format::short(low),
                    crate::format::short(high),
                    crate::format::short(mode)
                ))
            }
            _ => None,
        }
    }
}

/// A number that may be uncertain.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quantity {
    /// A known number.
    Value(f64),
    /// An uncertain one.
    Range(Range),
}

impl Default for Quantity {
    fn default() -> Self {
        Self::Value(0.0)
    }
}

impl From<f64> for Quantity {
    fn from(value: f64) -> Self {
        Self::Value(value)
    }
}

impl From<Range> for Quantity {
    fn from(range: Range) -> Self {
        Self::Range(range)
    }
}

impl Quantity {
    /// The value deterministic outputs use: the number, or the range's point value.
    pub fn point(&self) -> f64 {
        match self {
            Self::Value(x) => *x,
            Self::Range(r) => r.point(),
        }
    }

    /// The range, when uncertain.
    pub fn range(&self) -> Option<&Range> {
        match self {
            Self::Value(_) => None,
            Self::Range(r) => Some(r),
        }
    }

    /// Whether it is the plain number 0 (a default a canonical file omits).
    pub fn is_zero(&self) -> bool {
        *self == Self::Value(0.0)
    }

    /// Whether it is a range.
    pub fn is_range(&self) -> bool {
        matches!(self, Self::Range(_))
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(x) => serializer.serialize_f64(*x),
            Self::Range(r) => RangeRepr {
                low: r.low,
                high: r.high,
                // Canonical form: the shape only when it is not the default.
                shape: r.shape.filter(|s| *s != Shape::default_for(r.low)),
            }
            .serialize(serializer),
        }
    }
}

/// How a range is spelled in a file: `Range(low: 40.0, high: 90.0, shape: Normal)`.
#[derive(Serialize, Deserialize)]
#[serde(rename = "Range", deny_unknown_fields)]
struct RangeRepr {
    low: f64,
    high: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shape: Option<Shape>,
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(QuantityVisitor)
    }
}

struct QuantityVisitor;

impl<'de> Visitor<'de> for QuantityVisitor {
    type Value = Quantity;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or a Range(low: …, high: …)")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
        Ok(Quantity::Value(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
        Ok(Quantity::Value(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
        Ok(Quantity::Value(v as f64))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Quantity, E> {
        Ok(Quantity::Value(v as f64))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Quantity, E> {
        Ok(Quantity::Value(v as f64))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Quantity, A::Error> {
        let repr = RangeRepr::deserialize(de::value::MapAccessDeserializer::new(map))?;
        // A shape equal to the default for `low` is stored as no shape, as
        // the canonical file writes it: both spellings load the same value.
        Ok(Quantity::Range(Range {
            low: repr.low,
            high: repr.high,
            shape: repr.shape.filter(|s| *s != Shape::default_for(repr.low)),
        }))
    }
}

/// `60` or `60 (40–90)`: the point value, and the range when uncertain.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Value(x) => write!(f, "{}", crate::format::short(*x)),
            Self::Range(r) => write!(
                f,
                "{} ({}–{})",
                crate::format::short(r.point()),
                crate::format::short(r.low),
                crate::format::short(r.high)
            ),
        }
    }
}

/// Writes `Some(quantity)` as the bare quantity, for optional fields whose
/// canonical form has no `Some(…)` (RON's `implicit_some` reads it back).
pub fn serialize_bare<S: Serializer>(value: &Option<Quantity>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(q) => q.serialize(s),
        None => s.serialize_none(),
    }
}

impl Quantity {
    /// Multiplies the value, or the range's bounds and mode, by `k` ≥ 0; a
    /// range scaled to nothing becomes the plain value 0.
    pub fn scaled(self, k: f64) -> Self {
        match self {
            Self::Value(x) => Self::Value(x * k),
            Self::Range(r) if k > 0.0 => Self::Range(Range {
                low: r.low * k,
                high: r.high * k,
                shape: r.shape.map(|shape| match shape {
                    Shape::Pert { mode } => Shape::Pert { mode: mode * k },
                    other => other,
                }),
            }),
            Self::Range(_) => Self::Value(0.0),
        }
    }

    /// Sets the value; a range is moved so its point value becomes `x`
    /// (its width kept, or its ratio for log-normal ranges).
    pub fn set_point(&mut self, x: f64) {
        match self {
            Self::Value(v) => *v = x,
            Self::Range(r) => {
                let old = r.point();
                match r.resolved_shape() {
                    Shape::LogNormal if old > 0.0 && x > 0.0 => {
                        let k = x / old;
                        r.low *= k;
                        r.high *= k;
                    }
                    Shape::Pert { mode } => {
                        let d = x - mode;
                        r.low += d;
                        r.high += d;
                        r.shape = Some(Shape::Pert { mode: x });
                    }
                    _ => {
                        let d = x - old;
                        r.low += d;
                        r.high += d;
                    }
                }
            }
        }
    }
}

/// A quantity equals a number when it is that plain number (a range equals no number).
impl PartialEq<f64> for Quantity {
    fn eq(&self, other: &f64) -> bool {
        matches!(self, Self::Value(x) if x == other)
    }
}
