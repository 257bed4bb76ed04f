//! The panels that edit one section of the scenario (budget, matrix,
//! payback, load, cost, trade-off) share their whole life: without the
//! section they offer to add one; with it they show the section's headline,
//! inputs and charts in the shared frame. A [`SectionPanel`] says only what
//! differs; the blanket [`Panel`] implementation does the rest.

use eframe::egui;

use super::headline::explanations_ui;
use super::layout::{add_section_ui, section_frame};
use super::panel::{Panel, PanelContext};
use super::{PanelView, Status};
use crate::model::uncertain::views::Views;
use crate::model::{Evaluation, Scenario};
use crate::report::explain::{Explanation, Words};

/// What a section panel shows while the scenario lacks its section.
pub struct Missing {
    /// "This scenario has no payback section yet."
    pub title: &'static str,
    /// What the section is for.
    pub purpose: &'static str,
    /// The button that adds one.
    pub button: &'static str,
}

/// Everything of the frame a section panel's parts read besides its section.
pub struct Frame<'a> {
    /// How numbers are worded (currency, the budget's unit).
    pub words: &'a Words,
    /// The latest Monte Carlo run, when the scenario has ranges.
    pub views: Option<&'a Views>,
    /// Normal or presentation mode.
    pub view: PanelView<'a>,
    /// Whether the scenario has a budget (the payback may derive from it).
    pub has_budget: bool,
}

/// A section panel's part of the frame: its section (to edit), the
/// section's evaluation, and the frame.
pub struct Part<'a, 'f, S, E> {
    /// The section, for edits.
    pub section: &'a mut S,
    /// Its evaluation as of the frame's start.
    pub eval: &'a E,
    /// The rest of the frame.
    pub frame: &'a Frame<'f>,
}

/// What a section panel declares about its section: where it lives, how to
/// start one, and what the headline explains.
pub struct SectionSpec<S: 'static, E: 'static> {
    /// A short id for the frame's parts: "payback".
    pub id: &'static str,
    /// The placeholder while the section is missing.
    pub missing: Missing,
    /// The section in a scenario.
    pub section: fn(&mut Scenario) -> &mut Option<S>,
    /// Its evaluation in an evaluation.
    pub eval: fn(&Evaluation) -> Option<&E>,
    /// A section to start from.
    pub starter: fn() -> S,
    /// The headline: the section's explained numbers.
    pub headline: fn(&S, &E, &Frame<'_>) -> Vec<Explanation>,
}

/// A section panel's part, by the panel's type.
pub type PartOf<'a, 'f, T> = Part<'a, 'f, <T as SectionPanel>::Section, <T as SectionPanel>::Eval>;

/// A panel over one section of the scenario.
pub trait SectionPanel: 'static {
    /// The section as the scenario holds it.
    type Section: 'static;
    /// Its evaluation.
    type Eval: 'static;
    /// Where the section lives and what the headline says.
    const SPEC: SectionSpec<Self::Section, Self::Eval>;

    /// The inputs pane.
    fn inputs_ui(
        &mut self,
        ui: &mut egui::Ui,
        part: Part<'_, '_, Self::Section, Self::Eval>,
    ) -> Option<Status>;
    /// The charts pane.
    fn charts_ui(
        &mut self,
        ui: &mut egui::Ui,
        part: Part<'_, '_, Self::Section, Self::Eval>,
    ) -> Option<Status>;
    /// Called once a starter section was added (a panel may select in it).
    fn added(&mut self) {}
}

impl<T: SectionPanel> Panel for T {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) -> Option<Status> {
        let spec = T::SPEC;
        // Before the section is borrowed for editing: which quantity is
        // which input, for the "measured" marks.
        super::evidence_mark::publish(ui.ctx(), cx.scenario);
        let words = Words::of(cx.scenario);
        let frame = Frame {
            words: &words,
            views: cx.views,
            view: cx.view,
            has_budget: cx.scenario.budget.is_some(),
        };
        let (Some(section), Some(eval)) = (
            (spec.section)(cx.scenario).as_mut(),
            (spec.eval)(cx.evaluation),
        ) else {
            let m = spec.missing;
            if add_section_ui(ui, m.title, m.purpose, m.button) {
                *(spec.section)(cx.scenario) = Some((spec.starter)());
                self.added();
            }
            return None;
        };
        let headline = (spec.headline)(section, eval, &frame);
        let frame = &frame;
        let status = section_frame(
            ui,
            spec.id,
            frame.view,
            &mut (self, section),
            |ui, _| explanations_ui(ui, &headline),
            |ui, (panel, section)| {
                panel.inputs_ui(
                    ui,
                    Part {
                        section,
                        eval,
                        frame,
                    },
                )
            },
            |ui, (panel, section)| {
                panel.charts_ui(
                    ui,
                    Part {
                        section,
                        eval,
                        frame,
                    },
                )
            },
        );
        super::evidence_mark::apply(ui.ctx(), cx.scenario);
        status
    }
}

/// Registers a section panel: its [`crate::ui::PanelEntry`] (`ENTRY`, for
/// [`crate::ui::PANELS`]) and its [`SectionPanel`] spec, from one
/// declaration. The panel type supplies two methods
/// taking a [`PartOf`] it: `inputs_pane` and `charts_pane`.
macro_rules! section_panel {
    (
        $panel:ident: $field:ident ($section:ty, $eval:ty), starter $starter:expr,
        name $name:literal, label $label:literal, question $question:literal,
        missing ($title:literal, $purpose:literal, $button:literal),
        headline $headline:expr $(, added $added:expr)? $(,)?
    ) => {
        /// The panel's registration.
        pub const ENTRY: $crate::ui::PanelEntry = $crate::ui::PanelEntry {
            name: $name,
            label: $label,
            question: $question,
            has_section: |s| s.$field.is_some(),
            new: || Box::<$panel>::default(),
        };

        impl $crate::ui::section_panel::SectionPanel for $panel {
            type Section = $section;
            type Eval = $eval;
            const SPEC: $crate::ui::section_panel::SectionSpec<$section, $eval> =
                $crate::ui::section_panel::SectionSpec {
                    id: stringify!($field),
                    missing: $crate::ui::section_panel::Missing {
                        title: $title,
                        purpose: $purpose,
                        button: $button,
                    },
                    section: |s| &mut s.$field,
                    eval: |e| e.$field.as_ref(),
                    starter: $starter,
                    headline: $headline,
                };

            fn inputs_ui(
                &mut self,
                ui: &mut eframe::egui::Ui,
                part: $crate::ui::section_panel::PartOf<'_, '_, Self>,
            ) -> Option<$crate::ui::Status> {
                self.inputs_pane(ui, part)
            }

            fn charts_ui(
                &mut self,
                ui: &mut eframe::egui::Ui,
                part: $crate::ui::section_panel::PartOf<'_, '_, Self>,
            ) -> Option<$crate::ui::Status> {
                self.charts_pane(ui, part)
            }

            $(fn added(&mut self) {
                let added: fn(&mut Self) = $added;
                added(self);
            })?
        }
    };
}

pub(crate) use section_panel;
