//! The matrix's charts: the ranking, and the weight sweep of one criterion.

use super::{Axis, Chart, Dash, LineSeries, Marker, RefLine, Segment, SegmentGroup, palette};
use crate::chart::ChartId;
use crate::format::quantity;
use crate::model::matrix::{Matrix, MatrixEval};

/// The most candidates a chart draws (a bar or a line each): past a few
/// dozen a chart cannot be read, and 10,000 candidates took 23 s to draw.
/// The title says how many more the ranking holds.
pub const MAX_CANDIDATES_DRAWN: usize = 30;

/// Weighted totals as horizontal bars, best first (the best
/// [`MAX_CANDIDATES_DRAWN`]). With `stacked`, each bar
/// is split into its criteria's contributions (weight × score), so the user
/// sees why a candidate wins; otherwise one bar per candidate in its colour.
pub fn ranking_chart(matrix: &Matrix, eval: &MatrixEval, stacked: bool) -> Chart {
    let mut chart = Chart::new(
        ChartId::Ranking,
        "Weighted totals",
        Axis::linear("weighted total (Σ weight × score)"),
        Axis::linear(""),
    );
    let shown = &eval.totals[..eval.totals.len().min(MAX_CANDIDATES_DRAWN)];
    let left_out = eval.totals.len() - shown.len();
    if left_out > 0 {
        chart.title = format!(
            "Weighted totals (the best {}; {left_out} more in the ranking table)",
            shown.len()
        );
    }
    for t in shown {
        let tag = match (&eval.winner, eval.margin) {
            (Some(w), Some(margin)) if *w == t.candidate => {
                format!(" (wins by {})", quantity(margin))
            }
            _ if eval.tied.contains(&t.candidate) => " (tied)".to_owned(),
            _ => String::new(),
        };
        chart.rows.push(format!(
            "#{} {}: {}{tag}",
            t.rank,
            t.candidate,
            quantity(t.total)
        ));
    }
    if stacked {
        chart.segments = matrix
            .criteria
            .iter()
            .enumerate()
            .map(|(j, criterion)| SegmentGroup {
                name: criterion.name.clone(),
                color: palette::criterion(j),
                segments: shown
                    .iter()
                    .enumerate()
                    .map(|(row, t)| {
                        let before: f64 = (0..j).map(|k| contribution(matrix, t.index, k)).sum();
                        let value = contribution(matrix, t.index, j);
                        Segment {
                            row,
                            start: before,
                            length: value,
                            thickness: 0.6,
                            label: format!(
                                "{} on {}: {} × {} = {}",
                                t.candidate,
                                criterion.name,
                                quantity(criterion.weight.point()),
                                quantity(matrix.score(t.index, j)),
                                quantity(value)
                            ),
                        }
                    })
                    .collect(),
            })
            .collect();
    } else {
        chart.segments = shown
            .iter()
            .enumerate()
            .map(|(row, t)| {
                let leader = t.rank == 1;
                SegmentGroup {
                    name: t.candidate.clone(),
                    color: palette::candidate(t.index),
                    segments: vec![Segment {
                        row,
                        start: 0.0,
                        length: t.total,
                        thickness: if leader { 0.75 } else { 0.5 },
                        label: format!("{}: {}", t.candidate, quantity(t.total)),
                    }],
                }
            })
            .collect();
    }
    let longest = shown.iter().map(|t| t.total).fold(0.0, f64::max);
    chart.x.range = Some((0.0, longest * 1.15));
    chart
}

/// Each candidate's total as criterion `i`'s weight sweeps 0..W (the others
/// rescaled proportionally), with the current weight and the points where
/// the leader changes marked.
pub fn sweep_chart(matrix: &Matrix, i: usize) -> Chart {
    let w_sum = matrix.weight_sum();
    let name = matrix.criteria.get(i).map_or("", |c| c.name.as_str());
    let mut chart = Chart::new(
        ChartId::Sweep,
        format!("Totals as the weight of {name} moves"),
        Axis {
            label: format!(
                "weight of {name} (others rescaled to keep the sum {})",
                quantity(w_sum)
            ),
            log: false,
            range: Some((0.0, w_sum)),
            money: false,
        },
        Axis::linear("weighted total"),
    );
    if i >= matrix.criteria.len() || w_sum <= 0.0 {
        return chart;
    }
    // The numbers once: `Matrix::total_line` builds them per call, which
    // made the sweep quadratic in the candidates.
    let nums = matrix.nums();
    let lines: Vec<(f64, f64)> = (0..matrix.candidates.len())
        .map(|c| nums.total_line(c, i))
        .collect();
    let changes = leader_changes(&lines, w_sum);
    // Every candidate that leads somewhere in the sweep, then the highest at
    // the current weight, up to MAX_CANDIDATES_DRAWN lines.
    let now = matrix.weight(i);
    let mut drawn: Vec<usize> = std::iter::once(0.0)
        .chain(changes.iter().copied())
        .map(|x| leader_at(&lines, x + 1e-9 * w_sum.max(1.0)))
        .collect();
    let mut by_now: Vec<usize> = (0..lines.len()).collect();
    by_now.sort_by(|&a, &b| {
        let at = |c: usize| lines[c].0 + lines[c].1 * now;
        at(b).total_cmp(&at(a)).then(a.cmp(&b))
    });
    for c in by_now {
        if drawn.len() >= MAX_CANDIDATES_DRAWN.max(changes.len() + 1) {
            break;
        }
        if !drawn.contains(&c) {
            drawn.push(c);
        }
    }
    drawn.sort_unstable();
    drawn.dedup();
    if drawn.len() < lines.len() {
        chart.title = format!(
            "{} (the {} highest and every leader; {} more not drawn)",
            chart.title,
            drawn.len(),
            lines.len() - drawn.len()
        );
    }
    for &c in &drawn {
        let (b, m) = lines[c];
        chart.lines.push(LineSeries {
            name: matrix.candidates[c].name.clone(),
            points: vec![[0.0, b], [w_sum, b + m * w_sum]],
            color: palette::candidate(c),
            dash: Dash::Solid,
            width: 2.5,
        });
    }
    chart.vlines.push(RefLine {
        name: format!("now: {}", quantity(matrix.weight(i))),
        value: matrix.weight(i),
        color: palette::CURRENT,
        dash: Dash::Dashed,
    });
    for x in changes {
        let leader = leader_at(&lines, x + 1e-9 * w_sum.max(1.0));
        let (b, m) = lines[leader];
        chart.markers.push(Marker {
            name: "leader changes".into(),
            at: [x, b + m * x],
            label: format!(
                "{} leads from {}",
                matrix.candidates[leader].name,
                quantity(x)
            ),
            label_below: false,
            label_left: false,
            color: palette::REFERENCE,
        });
    }
    chart
}

/// The weights in (0, W) at which the top line changes, ascending: a walk
/// along the upper envelope — from the leader at 0, the nearest crossing
/// by a line that rises faster is where the next leader takes over. Each
/// step costs one pass over the lines and there is at most one step per
/// line, so a few leaders among 10,000 candidates cost a few passes (every
/// pair's crossing, as before, was 50 million).
fn leader_changes(lines: &[(f64, f64)], w_sum: f64) -> Vec<f64> {
    let eps = 1e-9 * w_sum.max(1.0);
    let mut changes = Vec::new();
    if lines.is_empty() {
        return changes;
    }
    let mut x = 0.0;
    let mut leader = leader_at(lines, eps);
    while changes.len() <= lines.len() {
        let (b1, m1) = lines[leader];
        // The earliest point past x where a steeper line meets the leader.
        let next = lines
            .iter()
            .filter(|&&(_, m2)| m2 > m1)
            .map(|&(b2, m2)| (b2 - b1) / (m1 - m2))
            .filter(|&c| c > x + eps && c < w_sum)
            .fold(f64::INFINITY, f64::min);
        if !next.is_finite() {
            break;
        }
        let after = leader_at(lines, next + eps);
        if after != leader {
            changes.push(next);
            leader = after;
        }
        x = next;
    }
    changes
}

/// The index of the highest line at `x` (the first on exact ties).
fn leader_at(lines: &[(f64, f64)], x: f64) -> usize {
    let mut best = 0;
    for (c, &(b, m)) in lines.iter().enumerate() {
        let (bb, bm) = lines[best];
        if b + m * x > bb + bm * x {
            best = c;
        }
    }
    best
}

fn contribution(matrix: &Matrix, c: usize, j: usize) -> f64 {
    matrix.weight(j) * matrix.score(c, j)
}
