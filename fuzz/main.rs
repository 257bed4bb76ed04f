//! `cargo run --release --example fuzz -- [--inputs N] [--seed S]
//! [--threads T] [--time-limit SECONDS] [TARGET…]`: fuzzes perfcase's
//! parsers (all of them by default) and prints, per target, the inputs
//! tried, accepted and refused, the failures and the slowest input.
//! `--replay TARGET FILE` runs one saved input and prints what happened.
//! Exit status: 0 clean, 1 failures found, 2 bad usage, 3 a hang.

mod engine;
mod mutate;
mod targets;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

/// Fuzzes perfcase's parsers with structure-aware mutations of the seeds.
#[derive(Parser)]
#[command(name = "fuzz")]
struct Args {
    /// Inputs per target.
    #[arg(long, default_value_t = 1_000_000)]
    inputs: u64,
    /// The run's seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Seconds one input may take before it counts as a hang.
    #[arg(long, default_value_t = 5.0)]
    time_limit: f64,
    /// Run one saved input of TARGET instead: `--replay TARGET FILE`.
    #[arg(long, num_args = 2, value_names = ["TARGET", "FILE"])]
    replay: Option<Vec<String>>,
    /// Targets to fuzz (default: all).
    targets: Vec<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let all = targets::all();
    let names: Vec<&str> = all.iter().map(|t| t.name).collect();
    if let Some(replay) = &args.replay {
        let (name, file) = (&replay[0], &replay[1]);
        let Some(target) = all.iter().find(|t| t.name == name) else {
            eprintln!("fuzz: no target {name}; targets: {}", names.join(", "));
            return ExitCode::from(2);
        };
        let input = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("fuzz: {file}: {e}");
                return ExitCode::from(2);
            }
        };
        // The default hook prints the panic with its backtrace.
        let started = std::time::Instant::now();
        let outcome = (target.run)(&input);
        println!(
            "{name} on {file}: {:?} in {:?}",
            outcome
                .as_ref()
                .map(|v| matches!(v, engine::Verdict::Accepted)),
            started.elapsed()
        );
        return if outcome.is_ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    for wanted in &args.targets {
        if !names.contains(&wanted.as_str()) {
            eprintln!("fuzz: no target {wanted}; targets: {}", names.join(", "));
            return ExitCode::from(2);
        }
    }
    let settings = engine::Settings {
        inputs: args.inputs,
        seed: args.seed,
        threads: args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from)),
        time_limit: Duration::from_secs_f64(args.time_limit.max(0.01)),
        crashers: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/crashers"),
    };
    engine::quiet_panics();
    println!(
        "{:<11} {:>10} {:>10} {:>10} {:>8} {:>10} {:>9}",
        "target", "inputs", "accepted", "refused", "failed", "slowest", "time"
    );
    let mut failed = false;
    for target in all
        .iter()
        .filter(|t| args.targets.is_empty() || args.targets.iter().any(|n| n == t.name))
    {
        let report = engine::run(target, &settings);
        println!(
            "{:<11} {:>10} {:>10} {:>10} {:>8} {:>8.1}ms {:>8.1}s",
            target.name,
            report.inputs,
            report.accepted,
            report.rejected,
            report.failed,
            report.slowest.as_secs_f64() * 1e3,
            report.elapsed.as_secs_f64()
        );
        if report.slowest > Duration::from_millis(100) {
            let file =
                std::env::temp_dir().join(format!("perfcase-fuzz-{}-slowest.bin", target.name));
            if std::fs::write(&file, &report.slowest_input).is_ok() {
                println!("  the slowest input: {}", file.display());
            }
        }
        for f in report.failures.iter().take(3) {
            failed = true;
            println!(
                "  {:?}: {}\n    {}",
                f.kind,
                f.message.lines().next().unwrap_or(""),
                engine::describe(target.name, f.file.as_deref())
            );
        }
        failed |= report.failed > 0;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
