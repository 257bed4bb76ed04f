//! The colours perfcase uses everywhere: one per span kind, one per
//! candidate, and the reference lines. Chosen to stay distinct on dark and
//! light backgrounds and for the common colour-vision deficiencies
//! (Okabe–Ito based).

use crate::model::budget::SpanKind;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// The colour of a span kind. Own code is the warm orange that stands out:
/// it is what a language change can touch.
pub fn span_kind(kind: SpanKind) -> Rgb {
    match kind {
        SpanKind::OwnCode => Rgb(230, 159, 0),
        SpanKind::NativeLibrary => Rgb(204, 121, 167),
        SpanKind::Database => Rgb(0, 114, 178),
        SpanKind::External => Rgb(86, 180, 233),
        SpanKind::Io => Rgb(0, 158, 115),
        SpanKind::Wait => Rgb(150, 150, 150),
        SpanKind::Other => Rgb(170, 120, 80),
    }
}

/// Candidate colours, in candidate order (cycling past eight). Orange is
/// left out: it marks the current setting ([`CURRENT`]) on every chart.
const CANDIDATES: [Rgb; 8] = [
    Rgb(0, 114, 178),
    Rgb(0, 158, 115),
    Rgb(204, 121, 167),
    Rgb(213, 94, 0),
    Rgb(86, 180, 233),
    Rgb(240, 228, 66),
    Rgb(170, 120, 80),
    Rgb(90, 60, 150),
];

/// The colour of the candidate at `index`.
pub fn candidate(index: usize) -> Rgb {
    CANDIDATES[index % CANDIDATES.len()]
}

/// The SLO or target line: reference lines are neutral, told apart by
/// their dash and label, so a colour always means a series.
pub const TARGET: Rgb = Rgb(110, 110, 110);
/// A threshold read off a curve (a kill criterion, where the SLO breaks).
pub const REFERENCE: Rgb = Rgb(150, 150, 150);
/// A ceiling or asymptote.
pub const CEILING: Rgb = Rgb(150, 150, 150);
/// The main curve of a chart.
pub const PRIMARY: Rgb = Rgb(0, 114, 178);
/// The current setting's marker.
pub const CURRENT: Rgb = Rgb(230, 159, 0);
/// Overlay curves (levers), cycled.
pub const OVERLAYS: [Rgb; 4] = [
    Rgb(0, 158, 115),
    Rgb(204, 121, 167),
    Rgb(86, 180, 233),
    Rgb(170, 120, 80),
];

/// Criterion colours for contribution stacks, in criterion order (cycling).
/// Distinct from the candidate colours in hue order so a stacked bar never
/// reads as a candidate.
const CRITERIA: [Rgb; 8] = [
    Rgb(68, 119, 170),
    Rgb(102, 204, 238),
    Rgb(34, 136, 51),
    Rgb(204, 187, 68),
    Rgb(238, 102, 119),
    Rgb(170, 51, 119),
    Rgb(187, 187, 187),
    Rgb(119, 85, 51),
];

/// The colour of the criterion at `index`.
pub fn criterion(index: usize) -> Rgb {
    CRITERIA[index % CRITERIA.len()]
}
