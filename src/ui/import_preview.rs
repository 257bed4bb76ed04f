//! The import preview: before a trace or profile becomes the open scenario,
//! the critical path as a small waterfall, the grouped spans with their
//! kinds (each reclassifiable), and how many groups to keep.

use crate::chart::ChartId;
use eframe::egui;
use egui_extras::{Column, TableBuilder};

use super::plot::{chart_ui, color};
use crate::chart::{Axis, Chart, Segment, SegmentGroup, palette};
use crate::format::quantity;
use crate::import::{Imported, KindRule, Source};
use crate::model::Scenario;
use crate::model::budget::SpanKind;

/// Rows the waterfall shows at most.
const WATERFALL_ROWS: usize = 40;

/// An imported file waiting for the user's go-ahead.
pub struct ImportPreview {
    imported: Imported,
    /// Kinds the user picked, by group name, tried before the attributes.
    overrides: Vec<(String, SpanKind)>,
    /// Groups kept before the rest merge.
    pub max_spans: usize,
    waterfall: Option<Chart>,
}

/// What the user decided.
pub enum Decision {
    /// Open this scenario (unsaved).
    Open(Box<Scenario>),
    /// Close the preview.
    Cancel,
}

impl ImportPreview {
    /// A preview of `imported`, keeping `max_spans` groups.
    pub fn new(imported: Imported, max_spans: usize) -> Self {
        let waterfall = match &imported.source {
            Source::Trace(_, walked) => Some(waterfall(walked)),
            Source::Profile(_) => None,
        };
        Self {
            imported,
            overrides: Vec::new(),
            max_spans,
            waterfall,
        }
    }

    fn rules(&self) -> Vec<KindRule> {
        self.overrides
            .iter()
            .map(|(name, kind)| KindRule::exact(name, *kind))
            .collect()
    }

    /// Reclassifies the group named `name`.
    pub fn set_kind(&mut self, name: &str, kind: SpanKind) {
        self.overrides.retain(|(n, _)| n != name);
        self.overrides.push((name.to_owned(), kind));
    }

    /// The scenario the preview would open.
    pub fn scenario(&self) -> Scenario {
        self.imported.scenario(&self.rules(), self.max_spans)
    }

    /// Draws the preview window; returns the user's decision, if made.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Decision> {
        let mut decision = None;
        let title = format!(
            "Import {} ({})",
            self.imported.file_name, self.imported.format
        );
        // A window rather than a modal: the kind menus are popups, and a
        // modal keeps itself above them, blocking their clicks.
        let mut open = true;
        egui::Window::new(&title)
            .id(egui::Id::unique("import preview"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_size([800.0, 640.0])
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .max_height(ctx.content_rect().height() - 60.0)
            .show(ctx, |ui| {
                let scenario = self.scenario();
                ui.label(egui::RichText::new(&scenario.title).strong());
                ui.add(egui::Label::new(egui::RichText::new(&scenario.notes).weak()).wrap());
                ui.horizontal(|ui| {
                    if ui
                        .button("Open in the Budget panel")
                        .on_hover_text(
                            "The scenario opens unsaved, titled after the trace or profile.",
                        )
                        .clicked()
                    {
                        decision = Some(Decision::Open(Box::new(self.scenario())));
                    }
                    if ui.button("Cancel").clicked() {
                        decision = Some(Decision::Cancel);
                    }
                    ui.separator();
                    ui.add(
                        egui::Slider::new(&mut self.max_spans, 1..=60)
                            .text("spans kept")
                            .clamping(egui::SliderClamping::Always),
                    )
                    .on_hover_text(
                        "The largest groups stay; the others merge per kind into \"other (Kind)\".",
                    );
                });
                ui.separator();
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        if let Some((name, kind)) =
                            groups_ui(ui, &scenario, self.imported.format.is_trace())
                        {
                            self.set_kind(&name, kind);
                        }
                        if let Some(chart) = &self.waterfall {
                            ui.add_space(8.0);
                            ui.strong("The critical path (dark) through the trace's spans (light)");
                            let rows = chart.rows.len() as f32;
                            chart_ui(ui, chart, 40.0 + 24.0 * rows, 1.0);
                        }
                    });
            });
        if !open {
            decision = Some(Decision::Cancel);
        }
        decision
    }
}

/// The grouped spans with their times and a kind menu each; returns a
/// group the user reclassified.
fn groups_ui(ui: &mut egui::Ui, scenario: &Scenario, trace: bool) -> Option<(String, SpanKind)> {
    let unit = if trace { "ms" } else { "%" };
    let spans = scenario
        .budget
        .as_ref()
        .map(|b| b.spans.as_slice())
        .unwrap_or_default();
    let mut reclassify = None;
    TableBuilder::new(ui)
        .id_salt("import groups")
        .striped(true)
        .vscroll(false)
        .column(Column::remainder().at_least(360.0).clip(true))
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(140.0))
        .header(20.0, |mut h| {
            for t in ["span (service: operation)", unit, "kind"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|mut body| {
            for span in spans {
                body.row(22.0, |mut row| {
                    row.col(|ui| {
                        ui.label(&span.name);
                    });
                    row.col(|ui| {
                        ui.label(quantity(span.time.point()));
                    });
                    row.col(|ui| {
                        let mut kind = span.kind;
                        egui::ComboBox::from_id_salt(("import kind", &span.name))
                            .selected_text(
                                egui::RichText::new(kind.label())
                                    .color(color(palette::span_kind(kind))),
                            )
                            .show_ui(ui, |ui| {
                                for k in SpanKind::ALL {
                                    ui.selectable_value(&mut kind, k, k.label());
                                }
                            })
                            .response
                            .accessible_name(format!("kind of {}", span.name));
                        if kind != span.kind {
                            reclassify = Some((span.name.clone(), kind));
                        }
                    });
                });
            }
        });
    reclassify
}

/// Tree drawing for rows in depth-first order: "├─ " before a span with a
/// later sibling, "└─ " before the last child, "│  " under an ancestor
/// that has more children to come. No-break spaces: egui_plot trims
/// leading ASCII spaces from axis labels.
fn tree_prefixes(depths: &[usize]) -> Vec<String> {
    // Whether the row at `i` has a later sibling: a later row at its depth
    // before any row shallower than it.
    let has_next = |i: usize| {
        depths[i + 1..]
            .iter()
            .take_while(|&&d| d >= depths[i])
            .any(|&d| d == depths[i])
    };
    let mut open: Vec<bool> = Vec::new(); // per depth: more siblings to come
    depths
        .iter()
        .enumerate()
        .map(|(i, &depth)| {
            open.truncate(depth);
            let mut prefix = String::new();
            // The root (depth 0) has no branch; its children start at depth 1.
            for &more in open.iter().skip(1) {
                prefix.push_str(if more {
                    "│\u{a0}\u{a0}"
                } else {
                    "\u{a0}\u{a0}\u{a0}"
                });
            }
            let next = has_next(i);
            if depth > 0 {
                prefix.push_str(if next { "├─\u{a0}" } else { "└─\u{a0}" });
            }
            open.resize(depth, false);
            open.push(next);
            prefix
        })
        .collect()
}

/// The waterfall: one row per span (indented by depth), its clipped
/// interval light and its critical segments dark.
fn waterfall(walked: &crate::import::trace::Walked) -> Chart {
    let mut chart = Chart::new(
        ChartId::Waterfall,
        "Critical path",
        Axis::linear("ms from the root's start"),
        Axis::linear(""),
    );
    let mut spans = SegmentGroup {
        name: "span".into(),
        color: palette::CEILING,
        segments: Vec::new(),
    };
    let mut critical = SegmentGroup {
        name: "on the critical path".into(),
        color: palette::PRIMARY,
        segments: Vec::new(),
    };
    let bars: Vec<_> = walked.bars.iter().take(WATERFALL_ROWS).collect();
    let prefixes = tree_prefixes(&bars.iter().map(|b| b.depth).collect::<Vec<_>>());
    for (row, (bar, prefix)) in bars.iter().zip(prefixes).enumerate() {
        chart.rows.push(format!("{prefix}{}", bar.name));
        spans.segments.push(Segment {
            row,
            start: bar.start_ms,
            length: bar.end_ms - bar.start_ms,
            thickness: 0.35,
            label: format!("{}: {} ms", bar.name, quantity(bar.end_ms - bar.start_ms)),
        });
        for &(start, end) in &bar.critical {
            critical.segments.push(Segment {
                row,
                start,
                length: end - start,
                thickness: 0.8,
                label: format!(
                    "{} on the critical path: {} ms",
                    bar.name,
                    quantity(end - start)
                ),
            });
        }
    }
    chart.segments = vec![spans, critical];
    chart
}

#[cfg(test)]
mod tests {
    use super::tree_prefixes;

    #[test]
    fn rows_in_depth_first_order_are_drawn_as_a_tree() {
        // root; a (children a1, a2); b (child b1)
        let depths = [0, 1, 2, 2, 1, 2];
        let shown: Vec<String> = tree_prefixes(&depths)
            .into_iter()
            .map(|p| p.replace('\u{a0}', " "))
            .collect();
        assert_eq!(shown, vec!["", "├─ ", "│  ├─ ", "│  └─ ", "└─ ", "   └─ "]);
    }
}
