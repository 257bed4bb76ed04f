//! perfcase: a desktop workbench for performance business cases.
//!
//! Data flows one way: a [`model::Scenario`] (the inputs, what is saved) is
//! evaluated by the pure [`model::evaluate`] into a [`model::Evaluation`],
//! which the GUI ([`ui`]), the CLI ([`cli`]) and the reports ([`report`])
//! render. Files are read and written by [`scenario_file`].

pub mod chart;
pub mod cli;
pub mod format;
pub mod import;
pub mod model;
pub mod report;
pub mod samples;
pub mod scenario_file;
pub mod ui;
