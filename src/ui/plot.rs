//! Renders a [`Chart`] description with egui_plot: the on-screen twin of the
//! exporters, so both draw the same series, colours, labels and lines.

use eframe::egui::{self, Color32};
use egui_plot::{
    Bar, BarChart, Corner, GridInput, GridMark, HLine, Legend, Line, LineStyle, Plot, PlotPoint,
    Points, Polygon, Text, VLine,
};

use super::Status;
use crate::chart::{Chart, Dash, LegendPlace, Rgb};
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

/// `text` cut to `max` characters with an ellipsis in the middle, so both
/// the start of a name and its trailing value stay readable.
fn shorten(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max / 2).collect();
    let tail: String = text.chars().skip(count - (max - max / 2 - 1)).collect();
    format!("{head}…{tail}")
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
        .show_grid(true);
    // Bar charts get their legend in a row below the plot instead: with one
    // entry per span kind it would cover the bars.
    if rows.is_empty() {
        let corner = match chart.legend {
            LegendPlace::BottomRight => Corner::RightBottom,
            LegendPlace::TopLeft => Corner::LeftTop,
            LegendPlace::TopRight => Corner::RightTop,
        };
        plot = plot.legend(Legend::default().position(corner).background_alpha(0.85));
    }
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
    if !chart.rows.is_empty() {
        legend_row_ui(ui, chart);
    }
    response
}

/// A one-line legend under a bar chart: a swatch and name per segment group
/// and reference line.
fn legend_row_ui(ui: &mut egui::Ui, chart: &Chart) {
    ui.horizontal_wrapped(|ui| {
        let entries = chart
            .segments
            .iter()
            .map(|g| (g.name.as_str(), g.color, false))
            .chain(
                chart
                    .vlines
                    .iter()
                    .map(|v| (v.name.as_str(), v.color, true)),
            );
        for (name, rgb, is_line) in entries {
            let size = if is_line {
                egui::vec2(14.0, 3.0)
            } else {
                egui::vec2(12.0, 12.0)
            };
            let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, color(rgb));
            ui.label(name);
            ui.add_space(8.0);
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
