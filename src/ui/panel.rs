//! One trait for every panel, and the one registry that lists them: the
//! navigation, the View menu, Ctrl+1…9, `--panel NAME` and the remembered
//! last panel all come from [`PANELS`]. A new panel is one file (a type
//! implementing [`Panel`] and its [`PanelEntry`]) and one line below.

use eframe::egui;

use super::{PanelView, Status};
use crate::model::uncertain::views::Views;
use crate::model::{Evaluation, Scenario};

/// What a panel draws from and edits this frame.
pub struct PanelContext<'a> {
    /// The scenario; the panel's edits go here.
    pub scenario: &'a mut Scenario,
    /// The scenario's evaluation as of the frame's start.
    pub evaluation: &'a Evaluation,
    /// The latest Monte Carlo run, when the scenario has ranges.
    pub views: Option<&'a Views>,
    /// Whether a newer run is on its way.
    pub refining: bool,
    /// Normal or presentation mode.
    pub view: PanelView<'a>,
}

/// A panel of the window.
pub trait Panel {
    /// Draws the panel; a message for the status bar, if any.
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) -> Option<Status>;
}

/// A panel's registration: its name, what it answers, when it has
/// something to show, and how to make its state.
pub struct PanelEntry {
    /// The name in files, preferences and `--panel`: "Budget".
    pub name: &'static str,
    /// The navigation label: "Trade-off".
    pub label: &'static str,
    /// What the panel answers, for the navigation tooltip.
    pub question: &'static str,
    /// Whether the scenario has this panel's section.
    pub has_section: fn(&Scenario) -> bool,
    /// A fresh panel state.
    pub new: fn() -> Box<dyn Panel>,
}

/// Every panel, in navigation order; Ctrl+1… selects them in this order.
pub const PANELS: &[PanelEntry] = &[
    super::budget_panel::ENTRY,
    super::matrix_panel::ENTRY,
    super::payback_panel::ENTRY,
    super::load_panel::ENTRY,
    super::cost_panel::ENTRY,
    super::tradeoff_panel::ENTRY,
    super::uncertainty_panel::ENTRY,
];

/// A panel, by its place in [`PANELS`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PanelKind(usize);

impl PanelKind {
    /// Every panel, in navigation order.
    pub fn all() -> impl Iterator<Item = Self> {
        (0..PANELS.len()).map(Self)
    }

    /// The panel registered as `name` (exactly, as in [`PanelEntry::name`]).
    pub fn named(name: &str) -> Option<Self> {
        PANELS.iter().position(|p| p.name == name).map(Self)
    }

    /// Its registration.
    pub fn entry(self) -> &'static PanelEntry {
        &PANELS[self.0.min(PANELS.len() - 1)]
    }

    /// Its place in the navigation, from 0.
    pub fn index(self) -> usize {
        self.0
    }

    /// The panel named `name` (its name or label, any case, dashes
    /// ignored), for `--panel`.
    pub fn parse(name: &str) -> Result<Self, String> {
        let plain = |s: &str| s.trim().replace('-', "").to_lowercase();
        Self::all()
            .find(|p| {
                let e = p.entry();
                plain(e.label) == plain(name) || plain(e.name) == plain(name)
            })
            .ok_or_else(|| {
                let names: Vec<String> = PANELS.iter().map(|p| p.label.to_lowercase()).collect();
                format!(
                    "no panel named {name:?}; the panels are {}",
                    names.join(", ")
                )
            })
    }

    /// The navigation label.
    pub fn label(self) -> &'static str {
        self.entry().label
    }

    /// What the panel answers.
    pub fn question(self) -> &'static str {
        self.entry().question
    }

    /// Whether `scenario` has this panel's section.
    pub fn has_section(self, scenario: &Scenario) -> bool {
        (self.entry().has_section)(scenario)
    }

    /// `preferred` if `scenario` has its section, else the first panel that
    /// has one (a matrix-only file opens on the matrix), else `preferred`.
    pub fn for_scenario(preferred: Self, scenario: &Scenario) -> Self {
        if preferred.has_section(scenario) {
            return preferred;
        }
        Self::all()
            .find(|p| p.has_section(scenario))
            .unwrap_or(preferred)
    }
}

impl serde::Serialize for PanelKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.entry().name)
    }
}

impl<'de> serde::Deserialize<'de> for PanelKind {
    /// A panel no longer registered reads as the first one: preferences
    /// are disposable.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Ok(Self::named(&name).unwrap_or_default())
    }
}

/// Every panel's state, one per registered panel.
pub struct Panels(Vec<Box<dyn Panel>>);

impl Default for Panels {
    fn default() -> Self {
        Self(PANELS.iter().map(|p| (p.new)()).collect())
    }
}

impl Panels {
    /// Draws panel `kind`.
    pub fn ui(
        &mut self,
        kind: PanelKind,
        ui: &mut egui::Ui,
        cx: &mut PanelContext<'_>,
    ) -> Option<Status> {
        self.0.get_mut(kind.0)?.ui(ui, cx)
    }
}
