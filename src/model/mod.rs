//! The pure model: scenario inputs, validation and `evaluate`.
//!
//! Nothing here touches egui, files or the clock. `evaluate` is a pure function
//! of plain numbers so a Monte Carlo run can call it once per sample, and the
//! UI, the CLI and the exporters all render the same [`Evaluation`].
//!
//! Layers, bottom up: numbers ([`quantity`], [`domain`], [`unit`], [`solve`])
//! and the input declaration type ([`input`]); the sections (budget, matrix,
//! payback, load, cost, tradeoff), each declaring its inputs in a table;
//! the scenario root, the walk over every input ([`sites`]), typed output
//! names ([`outputs`]) and validation; the Monte Carlo ([`uncertain`]) on top.

pub mod budget;
pub mod cost;
pub mod domain;
pub mod evidence;
pub mod input;
pub mod load;
pub mod matrix;
pub mod outputs;
pub mod payback;
pub mod quantity;
mod scenario;
pub mod sites;
pub mod solve;
pub mod tradeoff;
pub mod uncertain;
pub mod unit;
mod validate;

pub use quantity::{Quantity, Range, Shape};
pub use scenario::{Evaluation, FORMAT, MonteCarlo, Scenario, evaluate};
pub use validate::{ValidationError, validate};
