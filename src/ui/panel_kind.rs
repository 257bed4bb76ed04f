//! The panels of the window, in navigation order.

use crate::model::Scenario;

/// The panels of the left navigation, in order; Ctrl+1.. selects them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PanelKind {
    /// Where the time goes.
    #[default]
    Budget,
    /// The weighted decision matrix.
    Matrix,
    /// Rewrite economics.
    Payback,
    /// The latency cliff and scalability.
    Load,
    /// Capacity and the monthly bill.
    Cost,
    /// Latency, cost and accuracy of alternative models.
    Tradeoff,
    /// The ranges, the tornado and what to measure next.
    Uncertainty,
}

impl PanelKind {
    /// Every panel, in navigation order.
    pub const ALL: [Self; 7] = [
        Self::Budget,
        Self::Matrix,
        Self::Payback,
        Self::Load,
        Self::Cost,
        Self::Tradeoff,
        Self::Uncertainty,
    ];

    /// The panel named `name` (its label, any case), for `--panel`.
    pub fn parse(name: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|p| {
                let label = p.label().replace('-', "");
                label.eq_ignore_ascii_case(&name.trim().replace('-', ""))
            })
            .ok_or_else(|| {
                let names: Vec<String> =
                    Self::ALL.iter().map(|p| p.label().to_lowercase()).collect();
                format!(
                    "no panel named {name:?}; the panels are {}",
                    names.join(", ")
                )
            })
    }

    /// The navigation label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Budget => "Budget",
            Self::Matrix => "Matrix",
            Self::Payback => "Payback",
            Self::Load => "Load",
            Self::Cost => "Cost",
            Self::Tradeoff => "Trade-off",
            Self::Uncertainty => "Uncertainty",
        }
    }

    /// Whether `scenario` has this panel's section.
    pub fn has_section(self, scenario: &Scenario) -> bool {
        match self {
            Self::Budget => scenario.budget.is_some(),
            Self::Matrix => scenario.matrix.is_some(),
            Self::Payback => scenario.payback.is_some(),
            Self::Load => scenario.load.is_some(),
            Self::Cost => scenario.cost.is_some(),
            Self::Tradeoff => scenario.tradeoff.is_some(),
            Self::Uncertainty => crate::model::sites::sites(scenario)
                .iter()
                .any(|site| site.quantity.is_range()),
        }
    }

    /// `preferred` if `scenario` has its section, else the first panel that
    /// has one (a matrix-only file opens on the matrix), else `preferred`.
    pub(super) fn for_scenario(preferred: Self, scenario: &Scenario) -> Self {
        if preferred.has_section(scenario) {
            return preferred;
        }
        Self::ALL
            .into_iter()
            .find(|p| p.has_section(scenario))
            .unwrap_or(preferred)
    }

    /// What the panel answers, for the navigation tooltip.
    pub(super) fn question(self) -> &'static str {
        match self {
            Self::Budget => "Where does the time go, what is the ceiling, what is the cheap fix?",
            Self::Matrix => "Which option wins on the axes that matter, and what would flip it?",
            Self::Payback => "Is the rewrite worth funding, and when would we stop?",
            Self::Load => {
                "When does growth push latency off the cliff, and where does scaling stop?"
            }
            Self::Cost => "How many instances, and what does the bill come to?",
            Self::Tradeoff => {
                "Which model costs least in total, errors included, within the latency SLO?"
            }
            Self::Uncertainty => "How sure is the answer, and which input should we measure next?",
        }
    }
}
