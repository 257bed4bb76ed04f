//! Every input of a scenario, in the canonical file's order, with the field
//! path users see, a label for people, its unit and domain, and where its
//! value goes in the compiled numbers ([`Field`]).
//!
//! The walk reads the sections' input tables ([`crate::model::input`]); it
//! adds only what a table cannot know — which rows a list has and what they
//! are called. Validation, the `uncertainty.inputs` rows, Monte Carlo slots,
//! the tornado, evidence and the GUI's input lists all read this one walk.

use super::budget::{self, Budget, TimeUnit};
use super::domain::Domain;
use super::input::{Input, Typical};
use super::quantity::Quantity;
use super::unit::Unit;
use super::{Scenario, cost, load, matrix, payback, tradeoff};

/// Which table (and so which numbers) an input belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    /// [`budget::INPUTS`].
    Budget,
    /// [`budget::SPAN_INPUTS`], one row per span.
    Span,
    /// [`budget::LEVER_INPUTS`], one row per span with a lever.
    Lever,
    /// [`matrix::CRITERION_INPUTS`], one row per criterion.
    Criterion,
    /// A candidate's score: row = candidate, column = criterion.
    Score,
    /// [`payback::INPUTS`].
    Payback,
    /// [`payback::INSTANCES_INPUTS`].
    Instances,
    /// [`load::QUEUE_INPUTS`].
    Queue,
    /// [`cost::INPUTS`].
    Cost,
    /// [`cost::INSTANCE_INPUTS`], one row per instance type.
    InstanceType,
    /// [`cost::TAIL_INPUTS`].
    CostTail,
    /// [`tradeoff::INPUTS`].
    Tradeoff,
    /// [`tradeoff::CHOICE_INPUTS`], one row per choice.
    Choice,
    /// [`tradeoff::CASCADE_INPUTS`], one row per cascade.
    Cascade,
}

/// Where an input's value goes: the entry `input` of `table`, in list row
/// `row` (0 for a section's own inputs) and, for scores, column `col`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    /// The table.
    pub table: Table,
    /// The list row.
    pub row: usize,
    /// The column (a score's criterion).
    pub col: usize,
    /// The entry in the table.
    pub input: usize,
}

/// One input of a scenario.
#[derive(Clone, Debug)]
pub struct Site<'a> {
    /// The field as the RON file names it: `budget.spans[1].lever.hit_ratio`.
    pub path: String,
    /// For people: "orders query · time".
    pub label: String,
    /// What it measures, the budget's unit resolved.
    pub unit: Unit,
    /// A tooltip: what the number is.
    pub hint: &'static str,
    /// A slider's usual range.
    pub typical: Typical,
    /// The quantity as written.
    pub quantity: &'a Quantity,
    /// The values it may take (validation; where draws are clamped).
    pub domain: Domain,
    /// Where its value goes in the numeric form.
    pub field: Field,
}

/// Collects sites in order.
struct Walk<'a> {
    out: Vec<Site<'a>>,
    /// The budget's unit, for inputs measured in it.
    span_unit: TimeUnit,
}

impl<'a> Walk<'a> {
    /// Every input of `table` that `row` has, as `{prefix}.{name}`, labelled
    /// "{who} · {label}" (or the label alone without `who`).
    fn table<S, N>(
        &mut self,
        table: &'static [Input<S, N>],
        kind: Table,
        row_index: usize,
        row: &'a S,
        prefix: &str,
        who: Option<&str>,
    ) {
        for (i, input) in table.iter().enumerate() {
            let Some(quantity) = (input.get)(row) else {
                continue;
            };
            let label = match who {
                Some(who) => format!("{who} · {}", input.label),
                None => input.label.to_owned(),
            };
            let unit = match input.unit {
                Unit::SpanTime => match self.span_unit {
                    TimeUnit::Milliseconds => Unit::Ms,
                    TimeUnit::Percent => Unit::PercentPoints,
                },
                unit => unit,
            };
            self.out.push(Site {
                path: format!("{prefix}.{}", input.name),
                label,
                unit,
                hint: input.hint,
                typical: input.typical,
                quantity,
                domain: input.domain,
                field: Field {
                    table: kind,
                    row: row_index,
                    col: 0,
                    input: i,
                },
            });
        }
    }
}

/// Every quantity of `scenario`, in the order of the canonical file:
/// sections budget, matrix, payback, load, cost, tradeoff; fields in file
/// order; list items by index. A `reduction` that `reduction_from`
/// replaces is left out.
pub fn sites(scenario: &Scenario) -> Vec<Site<'_>> {
    let mut out = Vec::new();
    for section in Section::ALL {
        out.extend(section_sites(scenario, section));
    }
    out
}

/// A scenario's sections, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// `budget`.
    Budget,
    /// `matrix`.
    Matrix,
    /// `payback`.
    Payback,
    /// `load` (its queue; a load test's points are not quantities).
    Load,
    /// `cost`.
    Cost,
    /// `tradeoff`.
    Tradeoff,
}

impl Section {
    /// Every section, in file order.
    pub const ALL: [Self; 6] = [
        Self::Budget,
        Self::Matrix,
        Self::Payback,
        Self::Load,
        Self::Cost,
        Self::Tradeoff,
    ];
}

/// The quantities of one section of `scenario`, in file order (none when
/// the scenario lacks it).
pub fn section_sites(scenario: &Scenario, section: Section) -> Vec<Site<'_>> {
    let mut w = Walk {
        out: Vec::new(),
        span_unit: scenario
            .budget
            .as_ref()
            .map_or(TimeUnit::default(), |b| b.unit),
    };
    match section {
        Section::Budget => {
            if let Some(b) = &scenario.budget {
                budget_sites(&mut w, b);
            }
        }
        Section::Matrix => {
            if let Some(m) = &scenario.matrix {
                matrix_sites(&mut w, m);
            }
        }
        Section::Payback => {
            if let Some(p) = &scenario.payback {
                w.table(payback::INPUTS, Table::Payback, 0, p, "payback", None);
                if let Some(instances) = &p.instances {
                    w.table(
                        payback::INSTANCES_INPUTS,
                        Table::Instances,
                        0,
                        instances,
                        "payback.instances",
                        None,
                    );
                }
            }
        }
        Section::Load => {
            if let Some(q) = scenario.load.as_ref().and_then(|l| l.queue.as_ref()) {
                w.table(load::QUEUE_INPUTS, Table::Queue, 0, q, "load.queue", None);
            }
        }
        Section::Cost => {
            if let Some(c) = &scenario.cost {
                w.table(cost::INPUTS, Table::Cost, 0, c, "cost", None);
                for (i, t) in c.instance_types.iter().enumerate() {
                    let at = format!("cost.instance_types[{i}]");
                    let who = Some(t.name.as_str());
                    w.table(cost::INSTANCE_INPUTS, Table::InstanceType, i, t, &at, who);
                }
                w.table(cost::TAIL_INPUTS, Table::CostTail, 0, c, "cost", None);
            }
        }
        Section::Tradeoff => {
            if let Some(t) = &scenario.tradeoff {
                w.table(tradeoff::INPUTS, Table::Tradeoff, 0, t, "tradeoff", None);
                for (i, c) in t.choices.iter().enumerate() {
                    let at = format!("tradeoff.choices[{i}]");
                    let who = Some(c.name.as_str());
                    w.table(tradeoff::CHOICE_INPUTS, Table::Choice, i, c, &at, who);
                }
                for (i, c) in t.cascades.iter().enumerate() {
                    let at = format!("tradeoff.cascades[{i}]");
                    let who = Some(c.name.as_str());
                    w.table(tradeoff::CASCADE_INPUTS, Table::Cascade, i, c, &at, who);
                }
            }
        }
    }
    w.out
}

fn budget_sites<'a>(w: &mut Walk<'a>, b: &'a Budget) {
    w.table(budget::INPUTS, Table::Budget, 0, b, "budget", None);
    for (i, span) in b.spans.iter().enumerate() {
        let at = format!("budget.spans[{i}]");
        let who = Some(span.name.as_str());
        w.table(budget::SPAN_INPUTS, Table::Span, i, span, &at, who);
        if let Some(lever) = &span.lever {
            let at = format!("{at}.lever");
            w.table(budget::LEVER_INPUTS, Table::Lever, i, lever, &at, who);
        }
    }
}

fn matrix_sites<'a>(w: &mut Walk<'a>, m: &'a matrix::Matrix) {
    for (j, c) in m.criteria.iter().enumerate() {
        let at = format!("matrix.criteria[{j}]");
        let who = Some(c.name.as_str());
        w.table(matrix::CRITERION_INPUTS, Table::Criterion, j, c, &at, who);
    }
    let domain = m.score_domain();
    let (low, high) = m.scale;
    for (c, candidate) in m.candidates.iter().enumerate() {
        for (j, score) in candidate.scores.iter().enumerate() {
            let criterion = m.criteria.get(j).map_or("?", |c| c.name.as_str());
            w.out.push(Site {
                path: format!("matrix.candidates[{c}].scores[{j}]"),
                label: format!("{} · {criterion} score", candidate.name),
                unit: Unit::Points,
                hint: "The candidate's score on this criterion, within the matrix's scale",
                typical: Typical {
                    low,
                    high,
                    log: false,
                },
                quantity: score,
                domain,
                field: Field {
                    table: Table::Score,
                    row: c,
                    col: j,
                    input: 0,
                },
            });
        }
    }
}
