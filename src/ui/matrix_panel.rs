//! The Matrix panel: live weights and scores, the ranking, and exactly what
//! would flip the winner.

use eframe::egui::{self, RichText};

use super::Status;
use super::layout::chart_block_ui;
use super::memo::Memo;
use super::plot::color;
use super::quantity::{QuantitySpec, quantity_drag_ui};
use super::section_panel::{PartOf, section_panel};
use crate::chart::{self, Chart, palette};
use crate::format::quantity;
use crate::model::Quantity;
use crate::model::matrix::{Candidate, Criterion, Matrix, MatrixEval};
use crate::report::explain;

/// The Matrix panel's own state.
pub struct MatrixPanel {
    /// Dragging one weight rescales the others to keep their sum.
    pub keep_sum: bool,
    /// Split each ranking bar into its criteria's contributions.
    pub stacked: bool,
    /// The criterion whose weight the sweep plot moves.
    pub sweep: usize,
    charts: Memo<(Matrix, bool, usize), (Chart, Chart)>,
}

impl Default for MatrixPanel {
    fn default() -> Self {
        Self {
            keep_sum: true,
            stacked: false,
            sweep: 0,
            charts: Memo::default(),
        }
    }
}

/// A matrix to start from when the scenario has none.
fn starter_matrix() -> Matrix {
    Matrix {
        criteria: vec![
            Criterion {
                name: "Performance".into(),
                weight: Quantity::Value(50.0),
            },
            Criterion {
                name: "Team velocity".into(),
                weight: Quantity::Value(50.0),
            },
        ],
        candidates: vec![
            Candidate {
                name: "Keep as is".into(),
                scores: vec![Quantity::Value(2.0), Quantity::Value(5.0)],
            },
            Candidate {
                name: "Rewrite".into(),
                scores: vec![Quantity::Value(5.0), Quantity::Value(2.0)],
            },
        ],
        scale: crate::model::matrix::DEFAULT_SCALE,
    }
}

section_panel!(
    MatrixPanel: matrix (Matrix, MatrixEval), starter starter_matrix,
    name "Matrix", label "Matrix",
    question "Which option wins on the axes that matter, and what would flip it?",
    missing ("This scenario has no decision matrix yet.", "A matrix scores each option on the axes that matter, weighted.", "Add a decision matrix"),
    headline |m, e, f| vec![explain::matrix(f.words, m, e, f.views.map(|v| &v.uncertainty))]
);

impl MatrixPanel {
    /// The inputs pane.
    fn inputs_pane(&mut self, ui: &mut egui::Ui, part: PartOf<'_, '_, Self>) -> Option<Status> {
        self.inputs_ui(ui, part.section);
        None
    }

    /// The ranking and sweep charts, rebuilt only when their inputs changed.
    fn charts(&mut self, matrix: &Matrix) -> &(Chart, Chart) {
        self.charts.get(
            &(matrix.clone(), self.stacked, self.sweep),
            |(matrix, stacked, sweep)| {
                let eval = crate::model::matrix::evaluate(matrix);
                (
                    chart::matrix::ranking_chart(matrix, &eval, *stacked),
                    chart::matrix::sweep_chart(matrix, *sweep),
                )
            },
        )
    }

    /// The panel's charts.
    fn charts_pane(&mut self, ui: &mut egui::Ui, part: PartOf<'_, '_, Self>) -> Option<Status> {
        self.sweep = self
            .sweep
            .min(part.section.criteria.len().saturating_sub(1));
        let (m, e) = (part.section, part.eval);
        let (views, view) = (part.frame.views, part.frame.view);
        let mut notice = None;
        if m.weight_sum() <= 0.0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "The weights sum to 0: every total is 0. Give at least one criterion a weight.",
            );
        }
        ui.horizontal_wrapped(|ui| {
            ui.strong("Ranking");
            ui.checkbox(&mut self.stacked, "split bars by criterion")
                .on_hover_text("Each segment is weight × score: why a candidate wins.");
        });
        let rows = e.totals.len() as f32;
        let (ranking, _) = self.charts(m);
        if let Some(status) = chart_block_ui(ui, ranking, 50.0 + 40.0 * rows, view) {
            notice = Some(status);
        }
        if let Some(win) = views.and_then(|v| chart::uncertainty::win_chart_of(m, v)) {
            ui.add_space(8.0);
            ui.strong(&win.title);
            if let Some(status) = chart_block_ui(ui, &win, 50.0 + 40.0 * rows, view) {
                notice = Some(status);
            }
        }
        ui.add_space(8.0);
        self.flips_ui(ui, e);
        ui.add_space(8.0);
        let (_, sweep) = self.charts(m);
        if let Some(status) = chart_block_ui(ui, sweep, 260.0, view) {
            notice = Some(status);
        }
        notice
    }

    fn flips_ui(&mut self, ui: &mut egui::Ui, e: &MatrixEval) {
        ui.strong("What would change the answer");
        ui.weak("Moving one weight, the others rescaled to keep the sum; click a criterion to sweep it below.");
        if e.winner.is_none() {
            ui.label(if e.tied.is_empty() {
                "No candidates.".to_owned()
            } else {
                format!(
                    "{} tie at the top: any change in weights decides it.",
                    e.tied.join(" and ")
                )
            });
        } else if e.totals.len() == 1 {
            ui.label("One candidate: nothing to flip.");
        }
        egui::Grid::new("flips")
            .num_columns(2)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                for (j, flip) in e.flips.iter().enumerate() {
                    let name = format!("{} (now {})", flip.criterion, quantity(flip.weight));
                    if ui
                        .selectable_label(self.sweep == j, name)
                        .on_hover_text("Show this criterion's weight sweep")
                        .clicked()
                    {
                        self.sweep = j;
                    }
                    let text = match crate::report::verdict::flip_text(flip, "") {
                        Some(text) => text,
                        None if e.winner.is_some() && e.totals.len() > 1 => {
                            "no weight flips it".to_owned()
                        }
                        None => "—".to_owned(),
                    };
                    ui.label(text);
                    ui.end_row();
                }
            });
    }

    fn inputs_ui(&mut self, ui: &mut egui::Ui, m: &mut Matrix) {
        ui.heading("Weights and scores");
        ui.horizontal(|ui| {
            let sum = m.weight_sum();
            let sum_text = RichText::new(format!("Σ weights = {}", quantity(sum)));
            ui.label(if (sum - 100.0).abs() > 1e-6 {
                sum_text.color(ui.visuals().warn_fg_color)
            } else {
                sum_text
            });
            if ui
                .add_enabled(sum > 0.0, egui::Button::new("Normalize to 100"))
                .on_hover_text("Scale every weight so they sum to 100")
                .clicked()
            {
                m.normalize_weights(100.0);
            }
            ui.checkbox(&mut self.keep_sum, "keep the sum while dragging")
                .on_hover_text(
                    "Dragging one weight rescales the others proportionally (the flip rule).",
                );
        });
        self.grid_ui(ui, m);
        ui.horizontal(|ui| {
            if ui.button("Add criterion").clicked() {
                m.add_criterion(format!("criterion {}", m.criteria.len() + 1), 10.0);
            }
            if ui.button("Add candidate").clicked() {
                m.add_candidate(format!("option {}", m.candidates.len() + 1));
            }
        });
        ui.separator();
        ui.heading("Candidates");
        let mut action: Option<(usize, RowAction)> = None;
        let n_candidates = m.candidates.len();
        for (c, candidate) in m.candidates.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                let (swatch, _) =
                    ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter()
                    .rect_filled(swatch, 2.0, color(palette::candidate(c)));
                ui.add(
                    egui::TextEdit::singleline(&mut candidate.name)
                        .hint_text("candidate name")
                        .desired_width(180.0),
                )
                .accessible_name(format!("name of candidate {}", c + 1));
                if ui
                    .add_enabled(c > 0, egui::Button::new("↑").small())
                    .on_hover_text("Move up")
                    .clicked()
                {
                    action = Some((c, RowAction::Up));
                }
                if ui
                    .add_enabled(c + 1 < n_candidates, egui::Button::new("↓").small())
                    .on_hover_text("Move down")
                    .clicked()
                {
                    action = Some((c, RowAction::Down));
                }
                if ui
                    .add_enabled(n_candidates > 1, egui::Button::new("Delete").small())
                    .on_hover_text("Delete this candidate")
                    .clicked()
                {
                    action = Some((c, RowAction::Delete));
                }
            });
        }
        match action {
            Some((c, RowAction::Up)) if c > 0 => m.candidates.swap(c, c - 1),
            Some((c, RowAction::Down)) if c + 1 < m.candidates.len() => {
                m.candidates.swap(c, c + 1);
            }
            Some((c, RowAction::Delete)) if m.candidates.len() > 1 => {
                m.candidates.remove(c);
            }
            _ => {}
        }
        ui.separator();
        ui.horizontal(|ui| {
            ui.label("Score scale from");
            let (mut lo, mut hi) = m.scale;
            let lo_changed = ui
                .add(super::drag(&mut lo).speed(0.1).range(-1e6..=hi - 0.1))
                .accessible_name("lowest score")
                .changed();
            ui.label("to");
            let hi_changed = ui
                .add(super::drag(&mut hi).speed(0.1).range(lo + 0.1..=1e6))
                .accessible_name("highest score")
                .changed();
            if lo_changed || hi_changed {
                m.scale = (lo, hi);
                for candidate in &mut m.candidates {
                    for score in &mut candidate.scores {
                        let point = score.point();
                        if !(lo..=hi).contains(&point) {
                            score.set_point(point.clamp(lo, hi));
                        }
                    }
                }
            }
        });
    }

    fn grid_ui(&mut self, ui: &mut egui::Ui, m: &mut Matrix) {
        let (lo, hi) = m.scale;
        let names: Vec<String> = m.candidates.iter().map(|c| c.name.clone()).collect();
        let mut new_weights: Vec<(usize, f64)> = Vec::new();
        let mut row_action: Option<(usize, RowAction)> = None;
        let n_criteria = m.criteria.len();
        // The criterion names stay put (a frozen first column) while the
        // weights and scores scroll sideways: with three or more candidates
        // the grid is wider than the inputs pane of a laptop-sized window,
        // and a score without its criterion beside it cannot be read.
        // egui Grids, not tables: a table's own scroll area would swallow
        // the scroll-into-view of a score reached with Tab.
        const ROW: f32 = 26.0;
        const NAMES: f32 = 130.0;
        super::layout::frozen_first_column(
            ui,
            "scores scroll",
            NAMES,
            m,
            |ui, m| {
                super::layout::names_grid("criteria", NAMES, ROW).show(ui, |ui| {
                    ui.strong("criterion");
                    ui.end_row();
                    for (j, criterion) in m.criteria.iter_mut().enumerate() {
                        ui.add(
                            egui::TextEdit::singleline(&mut criterion.name)
                                .hint_text("criterion name")
                                .desired_width(NAMES - 10.0),
                        )
                        .on_hover_text(criterion.name.clone())
                        .accessible_name(format!("name of criterion {}", j + 1));
                        ui.end_row();
                    }
                });
            },
            |ui, m| {
                super::layout::numbers_grid("scores", ROW, 64.0).show(ui, |ui| {
                    ui.strong("weight");
                    for (c, name) in names.iter().enumerate() {
                        ui.label(
                            RichText::new(name)
                                .strong()
                                .color(color(palette::candidate(c))),
                        )
                        .on_hover_text(name);
                    }
                    ui.end_row();
                    for j in 0..n_criteria {
                        if let Some(weight) = weight_ui(ui, m, j) {
                            new_weights.push((j, weight));
                        }
                        for candidate in &mut m.candidates {
                            score_ui(ui, candidate, &m.criteria[j].name, j, (lo, hi));
                        }
                        if let Some(action) = row_actions_ui(ui, j, n_criteria) {
                            row_action = Some((j, action));
                        }
                        ui.end_row();
                    }
                });
            },
        );
        for (j, weight) in new_weights {
            if self.keep_sum && m.weight_sum() > 0.0 {
                m.set_weight_keeping_sum(j, weight);
            } else {
                m.criteria[j].weight = Quantity::Value(weight);
            }
        }
        match row_action {
            Some((j, RowAction::Up)) if j > 0 => m.swap_criteria(j, j - 1),
            Some((j, RowAction::Down)) if j + 1 < m.criteria.len() => m.swap_criteria(j, j + 1),
            Some((j, RowAction::Delete)) if m.criteria.len() > 1 => m.remove_criterion(j),
            _ => {}
        }
    }
}

/// The weight of criterion `j`: a slider while it is one number, its range
/// editor otherwise. Returns the slider's new value for the caller to apply
/// (with or without keeping the sum).
fn weight_ui(ui: &mut egui::Ui, m: &mut Matrix, j: usize) -> Option<f64> {
    let criterion_name = m.criteria[j].name.clone();
    let label = format!("weight of {criterion_name}");
    let spec = QuantitySpec::new(&label, 0.0..=100.0);
    let weight_q = &mut m.criteria[j].weight;
    let mut changed = None;
    match *weight_q {
        Quantity::Value(value) => {
            ui.horizontal(|ui| {
                ui.spacing_mut().slider_width = 56.0;
                let mut weight = value;
                let response = ui.add(
                    // No max_decimals: a Slider rounds even values it is not
                    // dragging, which would fight the proportional rescaling
                    // of the other weights.
                    super::slider(&mut weight, 0.0..=100.0).text(""),
                );
                let response = response.accessible_name(&label).on_hover_text(format!(
                    "Weight of {criterion_name}; every total is Σ weight × score."
                ));
                if response.changed() {
                    changed = Some(weight);
                }
                super::quantity::toggle_ui(ui, weight_q, &spec);
            });
        }
        Quantity::Range(_) => {
            quantity_drag_ui(ui, weight_q, &spec, 0.5);
        }
    }
    changed
}

/// One candidate's score on criterion `j`, within the matrix's scale.
fn score_ui(
    ui: &mut egui::Ui,
    candidate: &mut crate::model::matrix::Candidate,
    criterion_name: &str,
    j: usize,
    (lo, hi): (f64, f64),
) {
    if let Some(score) = candidate.scores.get_mut(j) {
        let label = format!("{} score on {criterion_name}", candidate.name);
        quantity_drag_ui(ui, score, &QuantitySpec::new(&label, lo..=hi), 0.05).on_hover_text(
            format!(
                "{} on {criterion_name}: {} to {}",
                candidate.name,
                quantity(lo),
                quantity(hi)
            ),
        );
    }
}

/// Move up, move down and delete for criterion `j` of `n`.
fn row_actions_ui(ui: &mut egui::Ui, j: usize, n: usize) -> Option<RowAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(j > 0, egui::Button::new("↑").small())
            .on_hover_text("Move criterion up")
            .clicked()
        {
            action = Some(RowAction::Up);
        }
        if ui
            .add_enabled(j + 1 < n, egui::Button::new("↓").small())
            .on_hover_text("Move criterion down")
            .clicked()
        {
            action = Some(RowAction::Down);
        }
        if ui
            .add_enabled(n > 1, egui::Button::new("Delete").small())
            .on_hover_text("Delete this criterion")
            .clicked()
        {
            action = Some(RowAction::Delete);
        }
    });
    action
}

/// A row action on a candidate or criterion, applied after the loop that drew it.
#[derive(Clone, Copy)]
enum RowAction {
    Up,
    Down,
    Delete,
}
