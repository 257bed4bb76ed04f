//! Renders a [`Chart`] description to SVG or PNG with plotters: the same
//! series, colours, labels and reference lines as the on-screen plot, on a
//! white background for documents, with the legend below the plot so it
//! never covers data. Text uses the DejaVu Sans font shipped in `assets/`,
//! so an export looks the same on every machine and needs no system fonts.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Chart, Dash, Rgb, Swatch};

/// The font every export draws text with.
/// Registered as the generic "sans-serif" so SVG viewers substitute their own
/// sans font rather than a serif fallback for an unknown family.
const FONT: &str = "sans-serif";
static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static REGISTER_FONT: Once = Once::new();

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The requested size is unusable.
    #[error("export size {width}×{height} is outside 200×150 to 8000×8000")]
    Size {
        /// Requested width in pixels.
        width: u32,
        /// Requested height in pixels.
        height: u32,
    },
    /// plotters could not draw the chart.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
    /// The chart holds a number no axis can show.
    #[error("{0}")]
    Undrawable(String),
    /// The PNG could not be encoded.
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
    /// The PNG would have more pixels than [`MAX_PNG_PIXELS`].
    #[error(
        "a PNG of {pixels_wide}×{pixels_high} pixels ({width}×{height} at scale {scale}) is more \
         than 40 million pixels: lower the size or the scale, or export SVG"
    )]
    TooManyPixels {
        /// Requested width in logical pixels.
        width: u32,
        /// Requested height in logical pixels.
        height: u32,
        /// The scale.
        scale: u32,
        /// Width in pixels.
        pixels_wide: u64,
        /// Height in pixels.
        pixels_high: u64,
    },
}

/// The most pixels a PNG export draws: 40 million (120 MB of RGB while it
/// is drawn; a 4K screen is 8.3 million). 8000×8000 at scale 4 would be a
/// billion pixels and 3 GB.
pub const MAX_PNG_PIXELS: u64 = 40_000_000;

/// An export's size: logical pixels and a scale (2 for high-DPI documents).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    /// Width in logical pixels.
    pub width: u32,
    /// Height in logical pixels.
    pub height: u32,
    /// Pixel multiplier for PNG (1 or 2); SVG ignores it.
    pub scale: u32,
}

impl Default for Size {
    fn default() -> Self {
        Self {
            width: 900,
            height: 520,
            scale: 2,
        }
    }
}

impl Size {
    fn check(self) -> Result<(), ExportError> {
        let ok = (200..=8000).contains(&self.width)
            && (150..=8000).contains(&self.height)
            && (1..=4).contains(&self.scale);
        if ok {
            Ok(())
        } else {
            Err(ExportError::Size {
                width: self.width,
                height: self.height,
            })
        }
    }
}

fn register_font() {
    REGISTER_FONT.call_once(|| {
        // The font is compiled in and tested; failure would leave plotters
        // without a font, which the export tests catch.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES);
    });
}

/// The chart as an SVG document.
pub fn svg(chart: &Chart, size: Size) -> Result<String, ExportError> {
    size.check()?;
    if let Some(why) = chart.undrawable() {
        return Err(ExportError::Undrawable(why));
    }
    register_font();
    let mut out = format!("<!-- {MARK} -->\n");
    {
        let root = SVGBackend::with_string(&mut out, (size.width, size.height)).into_drawing_area();
        draw(chart, &root, 1.0).map_err(|e| ExportError::Draw(e.to_string()))?;
        root.present()
            .map_err(|e| ExportError::Draw(e.to_string()))?;
    }
    Ok(out)
}

/// The chart as RGB pixels, `size.scale` times the logical size:
/// `(width, height, rgb bytes)`.
pub fn rgb(chart: &Chart, size: Size) -> Result<(u32, u32, Vec<u8>), ExportError> {
    size.check()?;
    let (wide, high) = (
        u64::from(size.width) * u64::from(size.scale),
        u64::from(size.height) * u64::from(size.scale),
    );
    if wide * high > MAX_PNG_PIXELS {
        return Err(ExportError::TooManyPixels {
            width: size.width,
            height: size.height,
            scale: size.scale,
            pixels_wide: wide,
            pixels_high: high,
        });
    }
    if let Some(why) = chart.undrawable() {
        return Err(ExportError::Undrawable(why));
    }
    register_font();
    let (w, h) = (size.width * size.scale, size.height * size.scale);
    let mut buffer = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (w, h)).into_drawing_area();
        draw(chart, &root, f64::from(size.scale)).map_err(|e| ExportError::Draw(e.to_string()))?;
        root.present()
            .map_err(|e| ExportError::Draw(e.to_string()))?;
    }
    Ok((w, h, buffer))
}

/// What every exported chart carries so that a later export may replace
/// it without asking: an XML comment opening the SVG, a PNG text chunk
/// (`Software`). A file without it is the user's, replaced only on --force.
pub const MARK: &str = "Generated by perfcase";

/// Whether `bytes` (a file's first bytes) are a chart perfcase exported.
pub fn is_exported_chart(bytes: &[u8]) -> bool {
    let svg_mark = format!("<!-- {MARK} -->");
    let png_mark = format!("tEXtSoftware\0{MARK}");
    bytes.starts_with(svg_mark.as_bytes())
        || (bytes.starts_with(b"\x89PNG")
            && bytes
                .windows(png_mark.len())
                .any(|w| w == png_mark.as_bytes()))
}

/// The chart as PNG bytes, marked as perfcase's (see [`MARK`]).
pub fn png(chart: &Chart, size: Size) -> Result<Vec<u8>, ExportError> {
    let (w, h, pixels) = rgb(chart, size)?;
    let encode = |e: png::EncodingError| ExportError::Encode(e.to_string());
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder
            .add_text_chunk("Software".to_owned(), MARK.to_owned())
            .map_err(encode)?;
        let mut writer = encoder.write_header().map_err(encode)?;
        writer.write_image_data(&pixels).map_err(encode)?;
        writer.finish().map_err(encode)?;
    }
    Ok(out)
}

fn color(rgb: Rgb) -> RGBColor {
    RGBColor(rgb.0, rgb.1, rgb.2)
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Draws the whole chart (title, plot, legend) on `root`.
fn draw<DB: DrawingBackend>(
    chart: &Chart,
    root: &DrawingArea<DB, Shift>,
    scale: f64,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let px = |v: f64| (v * scale).round() as i32;
    let (width, height) = root.dim_in_pixel();
    let entries = chart.legend_entries();
    // Legend: as many columns as the longest entry allows, rows of 22 px.
    let longest = entries
        .iter()
        .map(|e| e.0.chars().count())
        .max()
        .unwrap_or(0);
    let column_px = (7.5 * longest as f64 + 48.0) * scale;
    let columns = ((f64::from(width) / column_px).floor() as usize).clamp(1, 4);
    let legend_rows = entries.len().div_ceil(columns) as i32;
    let legend_height = legend_rows * px(22.0) + px(10.0);
    // A margin above the title: documents crop charts at the image's edge.
    let top = px(10.0);
    let titled = root
        .margin(top, 0, 0, 0)
        .titled(&chart.title, (FONT, px(20.0)).into_font().color(&BLACK))?;
    let (plot_area, legend_area) =
        titled.split_vertically(height as i32 - top - px(34.0) - legend_height);
    let ((x0, x1), (y0, y1)) = chart.bounds();
    let y_label_width = if chart.rows.is_empty() {
        // Room for the widest tick label ("2,500,000") and the axis title.
        let widest = [y0, y1, (y0 + y1) / 2.0]
            .iter()
            .map(|v| chart.y.tick(*v, &chart.currency).chars().count())
            .max()
            .unwrap_or(4);
        px(7.5 * widest as f64 + 34.0)
    } else {
        let widest = chart
            .rows
            .iter()
            .map(|r| r.chars().count())
            .max()
            .unwrap_or(0);
        px((7.0 * widest as f64).clamp(60.0, 320.0))
    };
    // Room right of the plot for half the last x tick label, which is
    // centred on the plot's edge.
    let last_tick = chart.x.tick(x1, &chart.currency).chars().count() as f64;
    let mut builder = ChartBuilder::on(&plot_area);
    builder
        .margin(px(12.0))
        .margin_right(px((3.9 * last_tick + 10.0).max(12.0)))
        .x_label_area_size(px(44.0))
        .y_label_area_size(y_label_width);
    if chart.x.log {
        let spec = (x0.max(1e-9)..x1).log_scale();
        plot(chart, builder.build_cartesian_2d(spec, y0..y1)?, scale)?;
    } else {
        plot(chart, builder.build_cartesian_2d(x0..x1, y0..y1)?, scale)?;
    }
    draw_legend(&legend_area, &entries, columns, scale)
}

/// Draws the mesh and every series on a built chart context.
fn plot<DB, X>(
    chart: &Chart,
    mut ctx: ChartContext<'_, DB, Cartesian2d<X, plotters::coord::types::RangedCoordf64>>,
    scale: f64,
) -> DrawResult<DB>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let px = |v: f64| (v * scale).round() as u32;
    let font = |size: f64| (FONT, size * scale).into_font().color(&BLACK);
    let rows = chart.rows.clone();
    let row_count = rows.len();
    {
        let x_label = |x: &f64| chart.x.tick(*x, &chart.currency);
        let mut mesh = ctx.configure_mesh();
        mesh.x_desc(chart.x.title(&chart.currency))
            .y_desc(chart.y.title(&chart.currency))
            .label_style(font(13.0))
            .axis_desc_style(font(14.0))
            .light_line_style(RGBColor(235, 235, 235))
            .bold_line_style(RGBColor(210, 210, 210))
            .x_label_formatter(&x_label);
        let row_label = |y: &f64| {
            let k = y.round();
            if (y - k).abs() < 1e-6 && k >= 0.0 && (k as usize) < row_count {
                rows[row_count - 1 - k as usize].clone()
            } else {
                String::new()
            }
        };
        let value_label = |y: &f64| chart.y.tick(*y, &chart.currency);
        if row_count > 0 {
            mesh.y_labels(row_count * 2 + 1)
                .y_label_formatter(&row_label)
                .disable_y_mesh();
            mesh.draw()?;
        } else {
            mesh.y_label_formatter(&value_label);
            mesh.draw()?;
        }
    }
    let (xr, yr) = (ctx.x_range(), ctx.y_range());
    let row_y = |row: usize| (row_count - 1 - row) as f64;
    for band in &chart.bands {
        let fill = color(band.color).mix(0.28).filled();
        ctx.draw_series(band.points.windows(2).map(|pair| {
            let (a, b) = (pair[0], pair[1]);
            Polygon::new(
                vec![(a[0], a[1]), (b[0], b[1]), (b[0], b[2]), (a[0], a[2])],
                fill,
            )
        }))?;
    }
    for series in &chart.columns {
        let fill = color(series.color).mix(0.75).filled();
        ctx.draw_series(
            series.bars.iter().map(|b| {
                Rectangle::new([(b[0] - b[1] / 2.0, 0.0), (b[0] + b[1] / 2.0, b[2])], fill)
            }),
        )?;
    }
    for group in &chart.segments {
        let fill = color(group.color);
        ctx.draw_series(group.segments.iter().map(|s| {
            let half = s.thickness / 2.0;
            Rectangle::new(
                [
                    (s.start, row_y(s.row) - half),
                    (s.start + s.length, row_y(s.row) + half),
                ],
                fill.filled(),
            )
        }))?;
    }
    let value_style = font(12.0).pos(Pos::new(HPos::Left, VPos::Center));
    ctx.draw_series(chart.bar_ends().into_iter().map(|(row, end, text)| {
        EmptyElement::at((end, row_y(row)))
            + Text::new(text, (px(6.0) as i32, 0), value_style.clone())
    }))?;
    let stroke = |rgb: Rgb, width: f64| color(rgb).stroke_width(px(width).max(1));
    for line in &chart.lines {
        let style = stroke(line.color, f64::from(line.width));
        let points = line.points.iter().map(|p| (p[0], p[1]));
        match line.dash {
            Dash::Solid => {
                ctx.draw_series(LineSeries::new(points, style))?;
            }
            Dash::Dashed => {
                ctx.draw_series(DashedLineSeries::new(points, px(8.0), px(5.0), style))?;
            }
            Dash::Dotted => {
                ctx.draw_series(DashedLineSeries::new(points, px(2.0), px(4.0), style))?;
            }
        }
    }
    let dashed = |a: (f64, f64), b: (f64, f64), rgb: Rgb, dash: Dash| {
        let style = stroke(rgb, 1.5);
        let (on, off) = match dash {
            Dash::Solid => (px(1000.0), 0),
            Dash::Dashed => (px(8.0), px(5.0)),
            Dash::Dotted => (px(2.0), px(4.0)),
        };
        DashedLineSeries::new([a, b], on, off.max(1), style)
    };
    for h in &chart.hlines {
        ctx.draw_series(dashed(
            (xr.start, h.value),
            (xr.end, h.value),
            h.color,
            h.dash,
        ))?;
    }
    for v in &chart.vlines {
        ctx.draw_series(dashed(
            (v.value, yr.start),
            (v.value, yr.end),
            v.color,
            v.dash,
        ))?;
    }
    for scatter in &chart.scatter {
        let fill = color(scatter.color).filled();
        ctx.draw_series(
            scatter
                .points
                .iter()
                .map(|p| Circle::new((p[0], p[1]), px(3.5), fill)),
        )?;
    }
    for m in &chart.markers {
        let (x, y) = (m.at[0], m.at[1]);
        ctx.draw_series(std::iter::once(Circle::new(
            (x, y),
            px(5.0),
            color(m.color).filled(),
        )))?;
        let (left, below) = chart.label_place(m);
        let offset = if below {
            px(6.0) as i32
        } else {
            -(px(20.0) as i32)
        };
        let (dx, anchor) = if left {
            (-(px(8.0) as i32), HPos::Right)
        } else {
            (px(8.0) as i32, HPos::Left)
        };
        let style = font(13.0).pos(Pos::new(anchor, VPos::Top));
        ctx.draw_series(std::iter::once(
            EmptyElement::at((x, y)) + Text::new(m.label.clone(), (dx, offset), style),
        ))?;
    }
    Ok(())
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Rgb, Swatch)],
    columns: usize,
    scale: f64,
) -> DrawResult<DB> {
    let px = |v: f64| (v * scale).round() as i32;
    let (width, _) = area.dim_in_pixel();
    let column_width = width as i32 / columns as i32;
    let style = (FONT, 13.0 * scale).into_font().color(&BLACK);
    for (k, (name, rgb, swatch)) in entries.iter().enumerate() {
        let (col, row) = ((k % columns) as i32, (k / columns) as i32);
        let x = px(16.0) + col * column_width;
        let y = px(6.0) + row * px(22.0);
        let c = color(*rgb);
        match swatch {
            Swatch::Fill => area.draw(&Rectangle::new(
                [(x, y + px(3.0)), (x + px(18.0), y + px(15.0))],
                c.filled(),
            ))?,
            Swatch::Dot => area.draw(&Circle::new(
                (x + px(9.0), y + px(9.0)),
                px(5.0),
                c.filled(),
            ))?,
            Swatch::Line(dash) => {
                let width = px(2.5).max(1) as u32;
                let segments: &[(i32, i32)] = match dash {
                    Dash::Solid => &[(0, 22)],
                    Dash::Dashed => &[(0, 9), (13, 22)],
                    Dash::Dotted => &[(0, 3), (7, 10), (14, 17), (21, 22)],
                };
                for &(a, b) in segments {
                    area.draw(&PathElement::new(
                        vec![
                            (x + px(f64::from(a)), y + px(9.0)),
                            (x + px(f64::from(b)), y + px(9.0)),
                        ],
                        c.stroke_width(width),
                    ))?;
                }
            }
        }
        area.draw(&Text::new(
            name.clone(),
            (x + px(28.0), y + px(2.0)),
            style.clone(),
        ))?;
    }
    Ok(())
}
