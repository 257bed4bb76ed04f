//! The command line: `perfcase [FILE]` opens the GUI, `perfcase eval FILE
//! [--json]` evaluates headlessly.
//!
//! Exit codes: 0 ok, 1 file or evaluation error, 2 usage (clap's own).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::model::evaluate;
use crate::{report, scenario_file};

/// perfcase: a workbench for performance business cases.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Scenario file to open in the GUI (default: the built-in sample).
    pub file: Option<PathBuf>,
    /// Start the GUI in presentation mode (F11 toggles it).
    #[arg(long)]
    pub present: bool,
    /// A headless command instead of the GUI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate a scenario file and print its numbers.
    Eval {
        /// The scenario file (RON).
        file: PathBuf,
        /// Print the full evaluation as JSON (stable snake_case keys).
        #[arg(long)]
        json: bool,
    },
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Eval { file, json }) => eval(&file, json),
        None => match crate::ui::run(cli.file, cli.present) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("perfcase: {err:#}");
                ExitCode::FAILURE
            }
        },
    }
}

fn eval(file: &std::path::Path, json: bool) -> ExitCode {
    let scenario = match scenario_file::load(file) {
        Ok(scenario) => scenario,
        Err(err) => {
            eprintln!("perfcase: {err}");
            return ExitCode::FAILURE;
        }
    };
    let evaluation = evaluate(&scenario);
    if json {
        println!("{}", report::json(&evaluation));
    } else {
        print!("{}", report::summary(&scenario, &evaluation));
    }
    ExitCode::SUCCESS
}
