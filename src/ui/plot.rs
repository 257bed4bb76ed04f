//! Renders a [`Chart`] description with egui_plot: the on-screen twin of the
//! exporters, so both draw the same series, colours, labels and lines.

use eframe::egui::{self, Color32};
use egui_plot::{
    Bar, BarChart, GridInput, GridMark, HLine, Line, LineStyle, Plot, PlotPoint, Points, Polygon,
    Text, VLine,
};

use super::Status;
use crate::chart::{Chart, Dash, Rgb, Swatch};
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

/// `text` cut to `max` characters with an ellipsis at the end (the bars'
/// tooltips keep it whole).
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", head.trim_end())
}

/// The smallest of 1, 2, 2.5 and 5 × 10^k at least `x` (> 0).
fn nice_ceil(x: f64) -> f64 {
    let decade = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * decade)
        .find(|&step| step >= x * (1.0 - 1e-9))
        .unwrap_or(10.0 * decade)
}

/// The plot's smallest grid spacing in points (egui_plot's default, set
/// explicitly: `nice_marks` reads pixels from it).
const GRID_MIN_POINTS: f64 = 8.0;

/// Linear grid marks at nice steps (1, 2, 2.5, 5 × 10^k) at least
/// `label_points` apart on screen, so every axis carries several readable
/// tick labels; minor marks at a fifth of a step.
fn nice_marks(input: GridInput, label_points: f64) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let units_per_point = input.base_step_size / GRID_MIN_POINTS;
    let usable = hi > lo && units_per_point > 0.0 && units_per_point.is_finite();
    if !usable {
        return Vec::new();
    }
    let step = nice_ceil(label_points * units_per_point);
    let minor = step / 5.0;
    let (first, last) = ((lo / minor).ceil(), (hi / minor).floor());
    // A NaN or a huge count draws no grid rather than hanging.
    let count_ok = last - first < 2000.0;
    if !count_ok {
        return Vec::new();
    }
    (first as i64..=last as i64)
        .map(|k| {
            let value = k as f64 * minor;
            let major = k % 5 == 0;
            GridMark {
                value,
                step_size: if major { step } else { minor },
            }
        })
        .collect()
}

/// Draws `chart` at `height` points tall, filling the available width.
/// `line_width` scales every stroke (presentation mode draws thicker lines).
pub fn chart_ui(ui: &mut egui::Ui, chart: &Chart, height: f32, line_width: f32) -> egui::Response {
    if let Some(why) = chart.undrawable() {
        return ui.colored_label(ui.visuals().warn_fg_color, why);
    }
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

    let mut plot = Plot::new(chart.name())
        .height(height)
        .x_axis_label(chart.x.title(&chart.currency))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .grid_spacing(egui::Rangef::new(GRID_MIN_POINTS as f32, 300.0))
        .show_grid(true);
    // The legend is a row below the plot (see `legend_row_ui`): inside, it
    // covers the data on a small window.
    if !chart.y.label.is_empty() {
        plot = plot.y_axis_label(chart.y.title(&chart.currency));
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
            .x_axis_formatter(|mark, _| format!("{}×", quantity(10f64.powf(mark.value))));
    }
    if rows.is_empty() {
        // The hover reads the curve under the pointer, not the pointer.
        let snapped = chart.clone();
        plot = plot.label_formatter(move |hover| hover_text(&snapped, hover));
    }
    // Nice steps far enough apart for every label to show at full strength
    // (egui_plot fades x labels closer than 80 points, y labels than 30).
    if !log_x {
        plot = plot.x_grid_spacer(|input| nice_marks(input, 80.0));
    }
    if rows.is_empty() {
        plot = plot.y_grid_spacer(|input| nice_marks(input, 32.0));
    }
    // Thousands separators on value axes (money, totals).
    if !log_x {
        let (axis, currency) = (chart.x.clone(), chart.currency.clone());
        plot = plot.x_axis_formatter(move |mark, _| axis.tick(mark.value, &currency));
    }
    if rows.is_empty() {
        let (axis, currency) = (chart.y.clone(), chart.currency.clone());
        plot = plot.y_axis_formatter(move |mark, _| axis.tick(mark.value, &currency));
    } else {
        // Long row names are shortened on the axis; the bars' tooltips keep them whole.
        const MAX_ROW_CHARS: usize = 32;
        let rows_for_axis: Vec<String> = rows.iter().map(|r| shorten(r, MAX_ROW_CHARS)).collect();
        let widest = rows_for_axis
            .iter()
            .map(|r| r.chars().count())
            .max()
            .unwrap_or(0);
        let ((_, x_hi), _) = chart.bounds();
        plot = plot
            .include_y(-0.6)
            .include_y(row_count as f64 - 0.4)
            .include_x(0.0)
            .include_x(x_hi)
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

    let response = plot
        .show(ui, |plot_ui| {
            for band in &chart.bands {
                // egui_plot fills convex polygons only: one quad per step.
                let fill = color(band.color).gamma_multiply(0.28);
                for pair in band.points.windows(2) {
                    let (a, b) = (pair[0], pair[1]);
                    let quad = vec![
                        [tx(a[0]), a[1]],
                        [tx(b[0]), b[1]],
                        [tx(b[0]), b[2]],
                        [tx(a[0]), a[2]],
                    ];
                    plot_ui.polygon(
                        Polygon::new(band.name.clone(), quad)
                            .fill_color(fill)
                            .stroke(egui::Stroke::NONE),
                    );
                }
            }
            for series in &chart.columns {
                let fill = color(series.color);
                let bars = series
                    .bars
                    .iter()
                    .map(|b| {
                        Bar::new(tx(b[0]), b[2])
                            .width(b[1])
                            .fill(fill.gamma_multiply(0.75))
                            .stroke(egui::Stroke::new(1.0, fill))
                    })
                    .collect();
                plot_ui.add(BarChart::new(series.name.clone(), bars).color(fill));
            }
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
            for (row, end, text) in chart.bar_ends() {
                plot_ui.text(
                    Text::new(
                        "",
                        PlotPoint::new(end, row_y(row)),
                        egui::RichText::new(format!(" {text}")).size(12.0),
                    )
                    .anchor(egui::Align2::LEFT_CENTER),
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
            for scatter in &chart.scatter {
                let points: Vec<[f64; 2]> =
                    scatter.points.iter().map(|p| [tx(p[0]), p[1]]).collect();
                plot_ui.add(
                    Points::new(scatter.name.clone(), points)
                        .color(color(scatter.color))
                        .radius(3.5 * line_width.sqrt())
                        .filled(true),
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
                let (left, below) = chart.label_place(m);
                let text = if left {
                    format!("{}  ", m.label)
                } else {
                    format!("  {}", m.label)
                };
                plot_ui.text(
                    Text::new(
                        m.name.clone(),
                        PlotPoint::new(at[0], at[1]),
                        egui::RichText::new(text).size(13.0),
                    )
                    .anchor(match (left, below) {
                        (false, true) => egui::Align2::LEFT_TOP,
                        (false, false) => egui::Align2::LEFT_BOTTOM,
                        (true, true) => egui::Align2::RIGHT_TOP,
                        (true, false) => egui::Align2::RIGHT_BOTTOM,
                    })
                    .color(color(m.color)),
                );
            }
        })
        .response;
    legend_row_ui(ui, chart);
    response
}

/// What the hover says: the nearest line's value at the pointer's x (axis
/// units and currency as the ticks), or the data point under the pointer.
fn hover_text(chart: &Chart, hover: &egui_plot::HoverPosition<'_>) -> Option<String> {
    let data_x = |x: f64| if chart.x.log { 10f64.powf(x) } else { x };
    let line = |name: &str, x: f64, y: f64| {
        format!(
            "{name}\n{}: {}\n{}: {}",
            chart.x.label,
            chart.x.tick(x, &chart.currency),
            chart.y.label,
            chart.y.tick(y, &chart.currency)
        )
    };
    match *hover {
        egui_plot::HoverPosition::Elsewhere { position } => {
            let x = data_x(position.x);
            let (name, y) = chart.snap(x, position.y)?;
            Some(line(name, x, y))
        }
        egui_plot::HoverPosition::NearDataPoint {
            plot_name,
            position,
            ..
        } => {
            let x = data_x(position.x);
            // On a line, its value at the pointer's x; on a point, the point.
            match chart.snap(x, position.y) {
                Some((name, y)) if name == plot_name => Some(line(name, x, y)),
                _ => Some(line(plot_name, x, position.y)),
            }
        }
    }
}

/// The legend under a chart, wrapped to its width: a sample and a name per
/// entry, as the exports draw it.
fn legend_row_ui(ui: &mut egui::Ui, chart: &Chart) {
    let entries = chart.legend_entries();
    if entries.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (name, rgb, swatch) in entries {
            let size = match swatch {
                Swatch::Line(_) => egui::vec2(16.0, 12.0),
                Swatch::Fill | Swatch::Dot => egui::vec2(12.0, 12.0),
            };
            let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
            let paint = color(rgb);
            match swatch {
                Swatch::Fill => {
                    ui.painter().rect_filled(rect, 2.0, paint);
                }
                Swatch::Dot => {
                    ui.painter().circle_filled(rect.center(), 4.5, paint);
                }
                Swatch::Line(dash) => {
                    let (a, b) = (rect.left_center(), rect.right_center());
                    let stroke = egui::Stroke::new(2.5, paint);
                    match dash {
                        Dash::Solid => {
                            ui.painter().line_segment([a, b], stroke);
                        }
                        Dash::Dashed | Dash::Dotted => {
                            let (dash_len, gap) = if dash == Dash::Dashed {
                                (5.0, 3.0)
                            } else {
                                (1.5, 2.5)
                            };
                            ui.painter().extend(egui::Shape::dashed_line(
                                &[a, b],
                                stroke,
                                dash_len,
                                gap,
                            ));
                        }
                    }
                }
            }
            ui.label(egui::RichText::new(name).size(12.0));
            ui.add_space(10.0);
        }
    });
}

/// Something to do with a chart from its export menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportAction {
    /// Save as SVG (file dialog).
    Svg,
    /// Save as PNG at 2× (file dialog).
    Png,
    /// Put a PNG-quality image on the clipboard.
    Copy,
}

/// The export menu items for `chart`; returns the one clicked.
pub fn export_items_ui(ui: &mut egui::Ui) -> Option<ExportAction> {
    let mut action = None;
    if ui
        .button("Save as SVG…")
        .on_hover_text("A vector image for documents; the same chart on a white background")
        .clicked()
    {
        action = Some(ExportAction::Svg);
    }
    if ui
        .button("Save as PNG…")
        .on_hover_text("A 2× bitmap for documents and slides")
        .clicked()
    {
        action = Some(ExportAction::Png);
    }
    if ui
        .button("Copy image")
        .on_hover_text("Copy the chart as an image, to paste into Docs, Slides or Confluence")
        .clicked()
    {
        action = Some(ExportAction::Copy);
    }
    action
}

/// A small "Export" menu button beside a chart; returns a status message
/// when it did something.
pub fn export_button_ui(
    ui: &mut egui::Ui,
    chart: &Chart,
    stem: &str,
    size: crate::chart::export::Size,
) -> Option<Status> {
    let mut action = None;
    ui.menu_button("Export ▾", |ui| action = export_items_ui(ui))
        .response
        .on_hover_text("Save or copy this chart for a document");
    action.map(|a| export(ui.ctx(), chart, a, stem, size))
}

/// Carries out an export of `chart`; `stem` names the file the dialog suggests.
/// SVG ignores `size.scale`; PNG and the clipboard image use it.
pub fn export(
    ctx: &egui::Context,
    chart: &Chart,
    action: ExportAction,
    stem: &str,
    size: crate::chart::export::Size,
) -> Status {
    use crate::chart::export;
    let stem = if stem.is_empty() { "chart" } else { stem };
    let document = size;
    let (extension, bytes) = match action {
        ExportAction::Copy => {
            return match export::rgb(chart, document) {
                Ok((w, h, pixels)) => {
                    ctx.copy_image(egui::ColorImage::from_rgb(
                        [w as usize, h as usize],
                        &pixels,
                    ));
                    Status::info(format!(
                        "Copied the {} chart to the clipboard",
                        chart.name()
                    ))
                }
                Err(err) => Status::error(format!("Cannot copy the {} chart: {err}", chart.name())),
            };
        }
        ExportAction::Svg => ("svg", export::svg(chart, size).map(String::into_bytes)),
        ExportAction::Png => ("png", export::png(chart, document)),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(err) => {
            return Status::error(format!("Cannot export the {} chart: {err}", chart.name()));
        }
    };
    let Some(path) = rfd::FileDialog::new()
        .add_filter(extension.to_uppercase(), &[extension])
        .set_file_name(format!("{stem}-{}.{extension}", chart.name()))
        .save_file()
    else {
        return Status::info("Not exported: no file was chosen.");
    };
    match crate::scenario_file::write_atomically(&path, &bytes) {
        Ok(()) => Status::info(format!("Exported {}", path.display())),
        Err(err) => Status::error(format!("{}: cannot write: {err}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps_and_enough_labelled_ticks() {
        assert_eq!(nice_ceil(0.7), 1.0);
        assert_eq!(nice_ceil(1.3), 2.0);
        assert_eq!(nice_ceil(2.2), 2.5);
        assert_eq!(nice_ceil(3.0), 5.0);
        assert_eq!(nice_ceil(6.0), 10.0);
        assert_eq!(nice_ceil(420.0), 500.0);
        // 0 to 36 months on a 400-point axis: a label every 80 points is
        // 7.2 months, so steps of 10: 0, 10, 20, 30 labelled.
        let marks = nice_marks(
            GridInput {
                bounds: (0.0, 36.0),
                base_step_size: 36.0 / 400.0 * GRID_MIN_POINTS,
            },
            80.0,
        );
        let majors: Vec<f64> = marks
            .iter()
            .filter(|m| m.step_size == 10.0)
            .map(|m| m.value)
            .collect();
        assert_eq!(majors, vec![0.0, 10.0, 20.0, 30.0]);
        assert!(
            marks
                .iter()
                .any(|m| (m.value - 2.0).abs() < 1e-9 && m.step_size == 2.0)
        );
    }

    #[test]
    fn long_names_are_cut_at_the_end() {
        assert_eq!(
            shorten("Pricing correctness risk score", 12),
            "Pricing cor…"
        );
        assert_eq!(shorten("short", 12), "short");
    }
}
