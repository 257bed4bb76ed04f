//! Where charts put things that must not collide: the data bounds both
//! renderers share, and marker labels placed clear of the lines.

use super::{Chart, Marker};

impl Chart {
    /// The data range on each axis: the chart's fixed range if any, else the
    /// extent of everything drawn, padded.
    pub fn bounds(&self) -> ((f64, f64), (f64, f64)) {
        let chart = self;
        let mut xs: Vec<f64> = Vec::new();
        let mut ys: Vec<f64> = Vec::new();
        for line in &chart.lines {
            for p in &line.points {
                xs.push(p[0]);
                ys.push(p[1]);
            }
        }
        for p in chart
            .scatter
            .iter()
            .flat_map(|s| &s.points)
            .chain(chart.markers.iter().map(|m| &m.at))
        {
            xs.push(p[0]);
            ys.push(p[1]);
        }
        for p in chart.bands.iter().flat_map(|b| &b.points) {
            xs.push(p[0]);
            ys.push(p[1]);
            ys.push(p[2]);
        }
        for b in chart.columns.iter().flat_map(|c| &c.bars) {
            xs.push(b[0] - b[1] / 2.0);
            xs.push(b[0] + b[1] / 2.0);
            ys.push(0.0);
            ys.push(b[2]);
        }
        ys.extend(chart.hlines.iter().map(|h| h.value));
        xs.extend(chart.vlines.iter().map(|v| v.value));
        for group in &chart.segments {
            for s in &group.segments {
                xs.push(s.start);
                xs.push(s.start + s.length);
            }
        }
        let extent = |v: &[f64]| {
            let finite = v.iter().copied().filter(|x| x.is_finite());
            let lo = finite.clone().fold(f64::INFINITY, f64::min);
            let hi = finite.fold(f64::NEG_INFINITY, f64::max);
            if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) }
        };
        let pad = |(lo, hi): (f64, f64)| {
            let span = (hi - lo).abs().max(1e-9 * hi.abs().max(1.0));
            (lo - 0.05 * span, hi + 0.05 * span)
        };
        let mut x = chart.x.range.unwrap_or_else(|| pad(extent(&xs)));
        if !chart.rows.is_empty() && chart.x.range.is_none() {
            // Room right of the longest bar for the value written at its end.
            x.1 += 0.15 * (x.1 - x.0);
        }
        if let Some((lo, hi)) = chart.x.range {
            let (dlo, dhi) = extent(&xs);
            x = (lo.min(dlo), hi.max(dhi));
        }
        let y = if chart.rows.is_empty() {
            let (lo, hi) = extent(&ys);
            let (lo, hi) = match chart.y.range {
                Some((rlo, rhi)) => (rlo, rhi),
                None => pad((lo, hi)),
            };
            (lo, if hi > lo { hi } else { lo + 1.0 })
        } else {
            (-0.6, chart.rows.len() as f64 - 0.4)
        };
        if x.1 <= x.0 {
            x.1 = x.0 + 1.0;
        }
        (x, y)
    }

    /// Where a marker's label sits: `(left, below)` of its point.
    ///
    /// `label_left` asks for above-left (for a curve rising through the
    /// point), falling back to below-right in the left 20 %, where a label
    /// would not fit; `label_below` asks for below-right (or below-left in
    /// the right 30 % of a fixed range). Otherwise the first of above-right,
    /// below-right, above-left and below-left whose box stays inside the
    /// plot clear of every line and other marker, else the inside one that
    /// crosses the fewest, else above-right (left in the right 30 % of a
    /// fixed range). Boxes are estimated in fractions of the plot:
    /// good enough on screen and in exports from 600 to 1800 px wide.
    pub fn label_place(&self, marker: &Marker) -> (bool, bool) {
        let ((x0, x1), (y0, y1)) = self.bounds();
        let tx = |x: f64| if self.x.log { x.max(1e-300).log10() } else { x };
        let (lx0, lx1) = (tx(x0), tx(x1));
        let nx = |x: f64| (tx(x) - lx0) / (lx1 - lx0);
        let ny = |y: f64| (y - y0) / (y1 - y0);
        let (px, py) = (nx(marker.at[0]), ny(marker.at[1]));
        let fixed_right = self.x.range.is_some() && px > 0.7;
        if marker.label_left {
            return if px < 0.2 {
                (false, true)
            } else {
                (true, false)
            };
        }
        if marker.label_below {
            return (fixed_right, true);
        }
        if !(px.is_finite() && py.is_finite()) {
            return (fixed_right, false);
        }
        // The label's box: about 1.1 % of the width a character, 7 % of
        // the height, starting a little away from the point.
        let (w, h, gap) = (
            0.011 * (marker.label.chars().count() as f64 + 2.0),
            0.07,
            0.012,
        );
        let lines: Vec<Vec<(f64, f64)>> = self
            .lines
            .iter()
            .map(|l| l.points.iter().map(|p| (nx(p[0]), ny(p[1]))).collect())
            .collect();
        let others: Vec<(f64, f64)> = self
            .markers
            .iter()
            .filter(|m| !std::ptr::eq(*m, marker))
            .map(|m| (nx(m.at[0]), ny(m.at[1])))
            .collect();
        // The first box inside the plot that crosses nothing; else the
        // inside one crossing the fewest lines and points.
        let mut best: Option<((bool, bool), usize)> = None;
        for (left, below) in [(false, false), (false, true), (true, false), (true, true)] {
            let (bx0, bx1) = if left {
                (px - gap - w, px - gap)
            } else {
                (px + gap, px + gap + w)
            };
            let (by0, by1) = if below {
                (py - gap - h, py - gap)
            } else {
                (py + gap, py + gap + h)
            };
            if !(bx0 >= 0.0 && bx1 <= 1.0 && by0 >= 0.0 && by1 <= 1.0) {
                continue;
            }
            let crossings = lines
                .iter()
                .flat_map(|line| line.windows(2))
                .filter(|s| segment_hits_box(s[0], s[1], (bx0, by0), (bx1, by1)))
                .count()
                + others
                    .iter()
                    .filter(|(x, y)| (bx0..=bx1).contains(x) && (by0..=by1).contains(y))
                    .count();
            if crossings == 0 {
                return (left, below);
            }
            if best.is_none_or(|(_, fewest)| crossings < fewest) {
                best = Some(((left, below), crossings));
            }
        }
        best.map_or((fixed_right, false), |(place, _)| place)
    }
}

/// Whether the segment a–b crosses the box [lo, hi] (Liang–Barsky).
fn segment_hits_box(a: (f64, f64), b: (f64, f64), lo: (f64, f64), hi: (f64, f64)) -> bool {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - lo.0),
        (dx, hi.0 - a.0),
        (-dy, a.1 - lo.1),
        (dy, hi.1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_and_boxes() {
        let (lo, hi) = ((0.0, 0.0), (1.0, 1.0));
        assert!(segment_hits_box((-1.0, 0.5), (2.0, 0.5), lo, hi), "through");
        assert!(
            segment_hits_box((0.5, 0.5), (3.0, 3.0), lo, hi),
            "from inside"
        );
        assert!(!segment_hits_box((-1.0, 2.0), (2.0, 2.0), lo, hi), "above");
        assert!(!segment_hits_box((1.5, -1.0), (3.0, 0.5), lo, hi), "beside");
        // The diagonal x + y = 2.5 misses the unit box; x + y = 1.5 cuts it.
        assert!(!segment_hits_box((0.5, 2.0), (2.0, 0.5), lo, hi));
        assert!(segment_hits_box((0.0, 1.5), (1.5, 0.0), lo, hi));
    }
}
