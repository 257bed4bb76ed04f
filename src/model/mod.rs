//! The pure model: scenario inputs, validation and `evaluate`.
//!
//! Nothing here touches egui, files or the clock. `evaluate` is a pure function
//! of plain numbers so a later Monte Carlo run can call it once per sample, and
//! the UI, the CLI and the exporters all render the same [`Evaluation`].

pub mod budget;
pub mod cost;
pub mod load;
pub mod matrix;
pub mod payback;
mod scenario;
pub mod tradeoff;
pub mod uncertain;
mod validate;

pub use scenario::{Evaluation, FORMAT, MonteCarlo, Scenario, evaluate};
pub use uncertain::{Quantity, Range, Shape};
pub use validate::{ValidationError, validate};
