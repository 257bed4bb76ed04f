//! The perfcase binary: parse the command line, hand over to the library.

use clap::Parser as _;

fn main() -> std::process::ExitCode {
    perfcase::cli::run(perfcase::cli::Cli::parse())
}
