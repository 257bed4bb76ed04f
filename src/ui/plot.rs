//! Renders a [`Chart`] description with egui_plot: the on-screen twin of the
//! exporters, so both draw the same series, colours, labels and lines.

use eframe::egui::{self, Color32};
use egui_plot::{
    Bar, BarChart, Corner, GridInput, GridMark, HLine, Legend, Line, LineStyle, Plot, PlotPoint,
    Points, Text, VLine,
};

use crate::chart::{Chart, Dash, Rgb};
use crate::format::quantity;

/// The egui colour of a palette colour.
pub fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

fn style(dash: Dash) -> LineStyle {
    match dash {
        Dash::Solid => LineStyle::Solid,
        Dash::Dashed => LineStyle::Dashed { length: 8.0 },
        Dash::Dotted => LineStyle::Dotted { spacing: 5.0 },
    }
}

/// Log-scale grid marks at 1, 2, 5 × 10^k, in log10 units.
fn log_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let mut marks = Vec::new();
    let mut decade = lo.floor() as i32 - 1;
    while f64::from(decade) <= hi + 1.0 {
        for (mult, step) in [(1.0_f64, 1.0), (2.0, 0.3), (5.0, 0.3)] {
            let value = f64::from(decade) + mult.log10();
            if value >= lo && value <= hi {
                marks.push(GridMark {
                    value,
                    step_size: step,
                });
            }
        }
        decade += 1;
    }
    marks
}

/// Draws `chart` at `height` points tall, filling the available width.
/// `line_width` scales every stroke (presentation mode draws thicker lines).
pub fn chart_ui(ui: &mut egui::Ui, chart: &Chart, height: f32, line_width: f32) -> egui::Response {
    let log_x = chart.x.log;
    let tx = move |x: f64| {
        if log_x {
            x.max(f64::MIN_POSITIVE).log10()
        } else {
            x
        }
    };
    let rows = chart.rows.clone();
    let row_count = rows.len();
    let row_y = move |row: usize| (row_count - 1 - row) as f64;

    let mut plot = Plot::new(chart.name)
        .height(height)
        .x_axis_label(chart.x.label.clone())
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_grid(true)
        .legend(
            Legend::default()
                .position(Corner::RightBottom)
                .background_alpha(0.85),
        );
    if !chart.y.label.is_empty() {
        plot = plot.y_axis_label(chart.y.label.clone());
    }
    if let Some((lo, hi)) = chart.x.range {
        plot = plot.include_x(tx(lo)).include_x(tx(hi));
    }
    if let Some((lo, hi)) = chart.y.range {
        plot = plot.include_y(lo).include_y(hi);
    }
    if log_x {
        plot = plot
            .x_grid_spacer(log_marks)
            .x_axis_formatter(|mark, _| format!("{}×", quantity(10f64.powf(mark.value))))
            .label_formatter(|hover| {
                let p = match hover {
                    egui_plot::HoverPosition::NearDataPoint { position, .. }
                    | egui_plot::HoverPosition::Elsewhere { position } => position,
                };
                Some(format!(
                    "s = {}×\nspeedup = {}×",
                    quantity(10f64.powf(p.x)),
                    quantity(p.y)
                ))
            });
    }
    if !rows.is_empty() {
        let widest = rows.iter().map(|r| r.chars().count()).max().unwrap_or(0);
        let rows_for_axis = rows.clone();
        plot = plot
            .include_y(-0.6)
            .include_y(row_count as f64 - 0.4)
            .include_x(0.0)
            .show_y(false)
            .y_axis_min_width(7.0 * widest as f32)
            .y_grid_spacer(move |_| {
                (0..row_count)
                    .map(|k| GridMark {
                        value: k as f64,
                        step_size: 1.0,
                    })
                    .collect()
            })
            .y_axis_formatter(move |mark, _| {
                let k = mark.value.round();
                if (mark.value - k).abs() < 1e-6 && k >= 0.0 && (k as usize) < row_count {
                    rows_for_axis[row_count - 1 - k as usize].clone()
                } else {
                    String::new()
                }
            });
    }

    plot.show(ui, |plot_ui| {
        for group in &chart.segments {
            let fill = color(group.color);
            let bars = group
                .segments
                .iter()
                .map(|s| {
                    Bar::new(row_y(s.row), s.length)
                        .base_offset(s.start)
                        .width(s.thickness)
                        .fill(fill)
                        .stroke(egui::Stroke::new(1.0, fill.gamma_multiply(0.6)))
                        .name(&s.label)
                })
                .collect();
            plot_ui.add(
                BarChart::new(group.name.clone(), bars)
                    .horizontal()
                    .color(color(group.color))
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
        }
        for line in &chart.lines {
            let points: Vec<[f64; 2]> = line.points.iter().map(|p| [tx(p[0]), p[1]]).collect();
            plot_ui.line(
                Line::new(line.name.clone(), points)
                    .color(color(line.color))
                    .width(line.width * line_width)
                    .style(style(line.dash)),
            );
        }
        for h in &chart.hlines {
            plot_ui.add(
                HLine::new(h.name.clone(), h.value)
                    .color(color(h.color))
                    .width(1.5 * line_width)
                    .style(style(h.dash)),
            );
        }
        for v in &chart.vlines {
            plot_ui.add(
                VLine::new(v.name.clone(), tx(v.value))
                    .color(color(v.color))
                    .width(1.5 * line_width)
                    .style(style(v.dash)),
            );
        }
        for m in &chart.markers {
            let at = [tx(m.at[0]), m.at[1]];
            plot_ui.add(
                Points::new(m.name.clone(), vec![at])
                    .color(color(m.color))
                    .radius(5.0 * line_width.sqrt())
                    .filled(true),
            );
            plot_ui.text(
                Text::new(
                    m.name.clone(),
                    PlotPoint::new(at[0], at[1]),
                    egui::RichText::new(format!("  {}", m.label)).size(13.0),
                )
                .anchor(egui::Align2::LEFT_BOTTOM)
                .color(color(m.color)),
            );
        }
    })
    .response
}
