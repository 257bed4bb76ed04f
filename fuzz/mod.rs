//! The fuzzer as a module, for `tests/fuzz.rs`: the same engine, mutator
//! and targets as `cargo run --release --example fuzz` (whose root is
//! `main.rs`), included by path so the suite runs a short fuzz on every
//! `cargo test`.

// The tests read fewer of the report's fields than the example prints.
#![allow(dead_code)]

pub mod engine;
pub mod mutate;
pub mod targets;
