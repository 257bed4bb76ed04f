//! The panels' own states, and the one place that draws whichever is shown.

use eframe::egui;

use super::budget_panel::BudgetPanel;
use super::cost_panel::CostPanel;
use super::load_panel::LoadPanel;
use super::matrix_panel::MatrixPanel;
use super::panel_kind::PanelKind;
use super::payback_panel::PaybackPanel;
use super::tradeoff_panel::TradeoffPanel;
use super::uncertainty_panel::UncertaintyPanel;
use super::{PanelView, Status};
use crate::model::uncertain::views::Views;
use crate::model::{Evaluation, Scenario};

/// Every panel's state (selection, view options, chart caches).
#[derive(Default)]
pub struct Panels {
    budget: BudgetPanel,
    matrix: MatrixPanel,
    payback: PaybackPanel,
    load: LoadPanel,
    cost: CostPanel,
    tradeoff: TradeoffPanel,
    uncertainty: UncertaintyPanel,
}

/// What the panels draw from besides the scenario: its evaluation as of the
/// frame's start and the latest Monte Carlo run.
pub struct Inputs<'a> {
    /// The scenario's evaluation.
    pub evaluation: &'a Evaluation,
    /// The latest Monte Carlo run, when the scenario has ranges.
    pub views: Option<&'a Views>,
    /// Whether a newer run is on its way.
    pub refining: bool,
    /// Normal or presentation mode.
    pub view: PanelView<'a>,
}

impl Panels {
    /// Draws panel `kind`; edits go to `scenario`.
    pub fn ui(
        &mut self,
        kind: PanelKind,
        ui: &mut egui::Ui,
        scenario: &mut Scenario,
        inputs: &Inputs<'_>,
    ) -> Option<Status> {
        let Inputs {
            evaluation: e,
            views,
            refining,
            view,
        } = *inputs;
        match kind {
            PanelKind::Budget => {
                self.budget
                    .ui(ui, &mut scenario.budget, e.budget.as_ref(), views, view)
            }
            PanelKind::Matrix => {
                self.matrix
                    .ui(ui, &mut scenario.matrix, e.matrix.as_ref(), views, view)
            }
            PanelKind::Payback => {
                let has_budget = scenario.budget.is_some();
                self.payback.ui(
                    ui,
                    &mut scenario.payback,
                    e.payback.as_ref(),
                    views,
                    view,
                    has_budget,
                )
            }
            PanelKind::Load => self.load.ui(ui, &mut scenario.load, e.load.as_ref(), view),
            PanelKind::Cost => self.cost.ui(ui, &mut scenario.cost, e.cost.as_ref(), view),
            PanelKind::Tradeoff => {
                self.tradeoff
                    .ui(ui, &mut scenario.tradeoff, e.tradeoff.as_ref(), views, view)
            }
            PanelKind::Uncertainty => self.uncertainty.ui(ui, scenario, e, views, refining, view),
        }
    }
}
