//! The colours perfcase uses everywhere: one per span kind, one per
//! candidate, and the reference lines. Chosen to stay distinct on dark and
//! light backgrounds and for the common colour-vision deficiencies
//! (Okabe–Ito based).

use crate::model::budget::SpanKind;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// The colour written `0xRRGGBB`.
    pub const fn hex(rgb: u32) -> Self {
        Self((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)
    }
}

// The Okabe–Ito colours, named once; the lists below and the charts pick
// from them.
pub const ORANGE: Rgb = Rgb(230, 159, 0);
pub const SKY: Rgb = Rgb(86, 180, 233);
pub const GREEN: Rgb = Rgb(0, 158, 115);
pub const YELLOW: Rgb = Rgb(240, 228, 66);
pub const BLUE: Rgb = Rgb(0, 114, 178);
pub const VERMILION: Rgb = Rgb(213, 94, 0);
pub const PINK: Rgb = Rgb(204, 121, 167);
// Two more where eight are needed, and the greys of reference lines.
pub const BROWN: Rgb = Rgb(170, 120, 80);
pub const PURPLE: Rgb = Rgb(90, 60, 150);
pub const GREY: Rgb = Rgb(150, 150, 150);

/// The colour of a span kind. Own code is the warm orange that stands out:
/// it is what a language change can touch.
pub fn span_kind(kind: SpanKind) -> Rgb {
    match kind {
        SpanKind::OwnCode => ORANGE,
        SpanKind::NativeLibrary => PINK,
        SpanKind::Database => BLUE,
        SpanKind::External => SKY,
        SpanKind::Io => GREEN,
        SpanKind::Wait => GREY,
        SpanKind::Other => BROWN,
    }
}

/// Candidate colours, in candidate order (cycling past eight). Orange is
/// left out: it marks the current setting ([`CURRENT`]) on every chart.
const CANDIDATES: [Rgb; 8] = [BLUE, GREEN, PINK, VERMILION, SKY, YELLOW, BROWN, PURPLE];

/// The colour of the candidate at `index`.
pub fn candidate(index: usize) -> Rgb {
    CANDIDATES[index % CANDIDATES.len()]
}

/// The SLO or target line: reference lines are neutral, told apart by
/// their dash and label, so a colour always means a series.
pub const TARGET: Rgb = Rgb(110, 110, 110);
/// A threshold read off a curve (a kill criterion, where the SLO breaks).
pub const REFERENCE: Rgb = GREY;
/// A ceiling or asymptote.
pub const CEILING: Rgb = GREY;
/// The main curve of a chart.
pub const PRIMARY: Rgb = BLUE;
/// The current setting's marker.
pub const CURRENT: Rgb = ORANGE;
/// Overlay curves (levers), cycled.
pub const OVERLAYS: [Rgb; 4] = [GREEN, PINK, SKY, BROWN];

/// Criterion colours for contribution stacks, in criterion order (cycling):
/// Paul Tol's "bright" scheme and a brown, distinct from the candidate
/// colours in hue order so a stacked bar never reads as a candidate.
const CRITERIA: [Rgb; 8] = [
    Rgb::hex(0x4477aa),
    Rgb::hex(0x66ccee),
    Rgb::hex(0x228833),
    Rgb::hex(0xccbb44),
    Rgb::hex(0xee6677),
    Rgb::hex(0xaa3377),
    Rgb::hex(0xbbbbbb),
    Rgb::hex(0x775533),
];

/// The colour of the criterion at `index`.
pub fn criterion(index: usize) -> Rgb {
    CRITERIA[index % CRITERIA.len()]
}
