//! The command line: `perfcase [FILE]` opens the GUI, `perfcase eval FILE
//! [--json]` evaluates headlessly.
//!
//! Exit codes: 0 ok, 1 file or evaluation error, 2 usage (clap's own).

/// `println!` to standard output, ending the command cleanly when the
/// reader has gone (`| head`) or the disk is full, instead of a panic.
macro_rules! outln {
    ($($arg:tt)*) => { $crate::cli::output::say(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` to standard output, as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::output::say(format_args!($($arg)*)) };
}

/// `eprintln!` that never panics (standard error may be closed or full).
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::output::warn(format_args!($($arg)*)) };
}

mod memo;
mod output;
mod overwrite;

use std::path::{Path, PathBuf};

use anyhow::Context as _;
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
    /// Open the GUI with the import preview of this trace or profile.
    #[arg(long, value_name = "TRACE_OR_PROFILE")]
    pub import: Option<PathBuf>,
    /// Open the GUI comparing FILE with this scenario (B, dashed in the charts).
    #[arg(long, value_name = "B.ron")]
    pub compare: Option<PathBuf>,
    /// Open the GUI on this panel (budget, matrix, payback, load, cost, trade-off, uncertainty).
    #[arg(long, value_parser = crate::ui::PanelKind::parse)]
    pub panel: Option<crate::ui::PanelKind>,
    /// A headless command instead of the GUI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The Monte Carlo settings a command may override, for every scenario it reads.
#[derive(Debug, clap::Args)]
pub struct MonteCarloArgs {
    /// Monte Carlo samples for uncertain inputs (default: each scenario's own, else 10,000).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub samples: Option<u64>,
    /// Monte Carlo seed (default: each scenario's own, else 1).
    #[arg(long)]
    pub seed: Option<u64>,
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
        #[command(flatten)]
        monte_carlo: MonteCarloArgs,
    },
    /// Compare two scenarios: the inputs that differ and the deciding
    /// outputs, A against B (a Markdown table for a pull request, or JSON).
    Diff {
        /// The scenario before (RON, any format version).
        a: PathBuf,
        /// The scenario after.
        b: PathBuf,
        /// Print JSON: `inputs` and `outputs` with their change.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        monte_carlo: MonteCarloArgs,
        /// Exit 1 when a deciding output changed (like `git diff --exit-code`).
        #[arg(long)]
        exit_code: bool,
    },
    /// Make a scenario of a trace or a profile: the critical path, or the
    /// self-time shares, as a budget.
    Import {
        /// The trace or profile (Jaeger, OTLP, Zipkin, Chrome, speedscope, folded, pprof).
        file: PathBuf,
        /// The format (default: recognised from the content).
        #[arg(long, default_value = "auto", value_parser = parse_format)]
        format: FormatChoice,
        /// The trace to take, by id (default: the one whose root lasts longest).
        #[arg(long)]
        trace: Option<String>,
        /// The speedscope profile to take, by name or index (default: all, summed).
        #[arg(long)]
        profile: Option<String>,
        /// The pprof sample type to take, e.g. cpu (default: the first).
        #[arg(long)]
        sample_type: Option<String>,
        /// Groups kept; the rest merge per kind into "other (Kind)".
        #[arg(long, default_value_t = crate::import::DEFAULT_MAX_SPANS as u64, value_parser = clap::value_parser!(u64).range(1..))]
        max_spans: u64,
        /// REGEX=Kind: spans whose name the regex finds get that kind (first rule wins).
        #[arg(long = "kind", value_parser = crate::import::KindRule::parse)]
        kinds: Vec<crate::import::KindRule>,
        /// Where to write the scenario (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite --out if it exists.
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Rewrite scenario files in the canonical form (upgrading older formats).
    Fmt {
        /// The scenario files (RON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing; exit 1 if a file would change.
        #[arg(long)]
        check: bool,
    },
    /// Write the funding memo (Markdown) with its charts beside it.
    Report {
        /// The scenario file (RON).
        file: PathBuf,
        /// The memo to write, e.g. memo.md; its charts go to memo-charts-<id>/ beside it.
        #[arg(long)]
        out: PathBuf,
        /// Add a "What changed since" section against an earlier version.
        #[arg(long, value_name = "OLD.ron")]
        since: Option<PathBuf>,
        /// Replace --out even when it is not a memo perfcase wrote.
        #[arg(long)]
        force: bool,
    },
    /// List the charts a scenario has (names for `export --chart`).
    Charts {
        /// The scenario file (RON).
        file: PathBuf,
    },
    /// Write charts as SVG or PNG (the format follows the file extension).
    Export {
        /// The scenario file (RON).
        file: PathBuf,
        /// The chart to write (see `perfcase charts FILE`).
        #[arg(long, required_unless_present = "all", conflicts_with = "all")]
        chart: Option<String>,
        /// Where to write it: PATH.svg or PATH.png.
        #[arg(long, required_unless_present = "all", conflicts_with = "all")]
        out: Option<PathBuf>,
        /// Write every chart, as both SVG and PNG, into --out-dir.
        #[arg(long, requires = "out_dir")]
        all: bool,
        /// The folder for --all.
        #[arg(long)]
        out_dir: Option<PathBuf>,
        /// Width in pixels.
        #[arg(long, default_value_t = 900, value_parser = clap::value_parser!(u32).range(200..=8000))]
        width: u32,
        /// Height in pixels.
        #[arg(long, default_value_t = 520, value_parser = clap::value_parser!(u32).range(150..=8000))]
        height: u32,
        /// Pixel multiplier for PNG (2, the default, stays sharp in documents
        /// and on high-DPI screens).
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=4))]
        scale: u32,
        /// Replace an existing file even when it is not a chart perfcase exported.
        #[arg(long)]
        force: bool,
    },
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Eval {
            file,
            json,
            monte_carlo: MonteCarloArgs { samples, seed },
        }) => eval(&file, json, samples, seed),
        Some(Command::Charts { file }) => report_errors(charts(&file)),
        Some(Command::Diff {
            a,
            b,
            json,
            monte_carlo: MonteCarloArgs { samples, seed },
            exit_code,
        }) => match self::memo::diff(&a, &b, json, samples, seed) {
            Ok(true) if exit_code => ExitCode::from(1),
            Ok(_) => ExitCode::SUCCESS,
            Err(err) => {
                errln!("perfcase: {err:#}");
                ExitCode::FAILURE
            }
        },
        Some(Command::Fmt { files, check }) => fmt(&files, check),
        Some(Command::Import {
            file,
            format,
            trace,
            profile,
            sample_type,
            max_spans,
            kinds,
            out,
            force,
        }) => {
            let options = crate::import::Options {
                format: format.0,
                trace,
                profile,
                sample_type,
                max_spans: usize::try_from(max_spans).unwrap_or(usize::MAX),
                kinds,
            };
            report_errors(import(&file, &options, out.as_deref(), force))
        }
        Some(Command::Report {
            file,
            out,
            since,
            force,
        }) => report_errors(self::memo::memo(&file, &out, since.as_deref(), force)),
        Some(Command::Export {
            file,
            chart,
            out,
            all,
            out_dir,
            width,
            height,
            scale,
            force,
        }) => {
            let size = crate::chart::export::Size {
                width,
                height,
                scale,
            };
            report_errors(match (all, out_dir, chart, out) {
                (true, Some(dir), _, _) => export_all(&file, &dir, size, force),
                (false, _, Some(name), Some(out)) => export_one(&file, &name, &out, size, force),
                // clap enforces one of the two forms.
                _ => Err(anyhow::anyhow!(
                    "give --chart NAME --out PATH, or --all --out-dir DIR"
                )),
            })
        }
        None => match crate::ui::run(crate::ui::Launch {
            file: cli.file,
            present: cli.present,
            panel: cli.panel,
            import: cli.import,
            compare: cli.compare,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                errln!("perfcase: {err:#}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Prints an error chain as `perfcase: …` and maps it to exit code 1.
fn report_errors(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            errln!("perfcase: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The Monte Carlo views of `scenario` (for charts and the memo), saying
/// on standard error when they rest on fewer samples than the file asks.
fn views_of(
    file: &Path,
    scenario: &crate::model::Scenario,
    evaluation: &crate::model::Evaluation,
) -> Option<crate::model::uncertain::views::Views> {
    let views = crate::chart::views_for(scenario, evaluation);
    let samples = scenario.monte_carlo.samples;
    warn_if_limited(file, samples, views.as_ref().map(|v| &v.uncertainty));
    views
}

/// Says on standard error when a Monte Carlo run took fewer samples than
/// the `asked`, and which limit stopped it.
fn warn_if_limited(file: &Path, asked: u64, u: Option<&crate::model::uncertain::Uncertainty>) {
    if let Some(u) = u
        && let Some(limit) = u.limited
    {
        errln!(
            "perfcase: {}: ran {} samples, not {}: {limit}",
            file.display(),
            crate::format::grouped(u.samples as f64, 0),
            crate::format::grouped(asked as f64, 0)
        );
    }
}

/// The scenario at `file` and its charts.
fn load_charts(file: &Path) -> anyhow::Result<Vec<crate::chart::Chart>> {
    let scenario = scenario_file::load(file)?;
    let evaluation = evaluate(&scenario);
    let views = views_of(file, &scenario, &evaluation);
    Ok(crate::chart::all(&scenario, &evaluation, views.as_ref()))
}

/// `--format`'s value: a format, or `None` for auto-detection.
#[derive(Clone, Copy, Debug)]
pub struct FormatChoice(Option<crate::import::Format>);

fn parse_format(name: &str) -> Result<FormatChoice, String> {
    if name.eq_ignore_ascii_case("auto") {
        return Ok(FormatChoice(None));
    }
    crate::import::Format::parse(name)
        .map(|f| FormatChoice(Some(f)))
        .ok_or_else(|| {
            let names: Vec<&str> = crate::import::Format::ALL
                .iter()
                .map(|f| f.name())
                .collect();
            format!("{name:?}: the formats are auto, {}", names.join(", "))
        })
}

/// Imports `file` into a scenario, printed or written to `out` (never over
/// an existing file without `force`).
fn import(
    file: &Path,
    options: &crate::import::Options,
    out: Option<&Path>,
    force: bool,
) -> anyhow::Result<()> {
    if let Some(out) = out
        && !force
        && out.exists()
    {
        anyhow::bail!(
            "{}: already exists; add --force to overwrite it",
            out.display()
        );
    }
    let bytes = scenario_file::read_capped(file, crate::import::MAX_FILE_BYTES)
        .with_context(|| format!("{}: cannot read", file.display()))?;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let imported = crate::import::import_owned(bytes, &name, options)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let scenario = imported.scenario(&options.kinds, options.max_spans);
    let text = scenario_file::to_string(&scenario);
    match out {
        Some(out) => {
            scenario_file::write_atomically(out, text.as_bytes())
                .with_context(|| format!("{}: cannot write", out.display()))?;
            outln!("{}", out.display());
        }
        None => out!("{text}"),
    }
    Ok(())
}

/// Rewrites each file in the canonical form, atomically; with `check`,
/// only says which would change. Exit 1 when one would change (with
/// `check`) or cannot be read; the others are still done.
fn fmt(files: &[PathBuf], check: bool) -> ExitCode {
    let mut failed = false;
    for file in files {
        match fmt_one(file, check) {
            Ok(false) => {}
            Ok(true) if check => {
                outln!("would reformat {}", file.display());
                failed = true;
            }
            Ok(true) => outln!("formatted {}", file.display()),
            Err(err) => {
                errln!("perfcase: {err:#}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Whether `file` is not in canonical form; rewrites it unless `check`.
fn fmt_one(file: &Path, check: bool) -> anyhow::Result<bool> {
    let text = scenario_file::read_text(file)?;
    let scenario = scenario_file::from_str(&text, file)?;
    let canonical = scenario_file::to_string(&scenario);
    if canonical == text {
        return Ok(false);
    }
    if !check {
        scenario_file::write_atomically(file, canonical.as_bytes())
            .with_context(|| format!("{}: cannot save", file.display()))?;
    }
    Ok(true)
}

fn charts(file: &Path) -> anyhow::Result<()> {
    let charts = load_charts(file)?;
    let width = charts.iter().map(|c| c.name().len()).max().unwrap_or(0);
    for chart in charts {
        outln!("{:<width$}  {}", chart.name(), chart.title);
    }
    Ok(())
}

/// Writes one chart in the format of `out`'s extension.
fn write_chart(
    chart: &crate::chart::Chart,
    out: &Path,
    size: crate::chart::export::Size,
) -> anyhow::Result<()> {
    use crate::chart::export;
    let bytes = match out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => export::svg(chart, size)?.into_bytes(),
        Some("png") => export::png(chart, size)?,
        _ => anyhow::bail!("{}: the file name must end in .svg or .png", out.display()),
    };
    scenario_file::write_atomically(out, &bytes)
        .with_context(|| format!("{}: cannot write", out.display()))
}

/// An export's target: a chart perfcase exported may be replaced.
const CHART: overwrite::Target = overwrite::Target {
    what: "chart",
    example: "",
    read_limit: 64 << 10,
    ours: crate::chart::export::is_exported_chart,
    ours_text: "a chart perfcase exported",
};

/// Refuses to write a chart over the scenario, a non-file or (without
/// `force`) a file that is not a chart perfcase exported.
fn guard_chart_out(file: &Path, out: &Path, force: bool) -> anyhow::Result<()> {
    overwrite::guard(file, out, force, &CHART)
}

fn export_one(
    file: &Path,
    name: &str,
    out: &Path,
    size: crate::chart::export::Size,
    force: bool,
) -> anyhow::Result<()> {
    guard_chart_out(file, out, force)?;
    let scenario = scenario_file::load(file)?;
    let evaluation = evaluate(&scenario);
    // A chart that draws nothing from the Monte Carlo is drawn without
    // running it: milliseconds instead of a 100,000-sample run.
    let deterministic =
        crate::chart::ChartId::named(name).is_some_and(|id| !id.draws_uncertainty());
    let views = if deterministic {
        None
    } else {
        views_of(file, &scenario, &evaluation)
    };
    let charts = crate::chart::all(&scenario, &evaluation, views.as_ref());
    let Some(chart) = charts.iter().find(|c| c.name() == name) else {
        let names: Vec<&str> = charts.iter().map(|c| c.name()).collect();
        anyhow::bail!(
            "{}: no chart named {name:?}; this scenario has: {}",
            file.display(),
            names.join(", ")
        );
    };
    write_chart(chart, out, size)
}

fn export_all(
    file: &Path,
    dir: &Path,
    size: crate::chart::export::Size,
    force: bool,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let charts = load_charts(file)?;
    let outs = |chart: &crate::chart::Chart| {
        ["svg", "png"].map(|ext| dir.join(format!("{}.{ext}", chart.name())))
    };
    // Every target is checked before the first is written: a refusal
    // leaves the folder as it was.
    for chart in &charts {
        for out in outs(chart) {
            guard_chart_out(file, &out, force)?;
        }
    }
    for chart in &charts {
        for out in outs(chart) {
            write_chart(chart, &out, size)?;
            outln!("{}", out.display());
        }
    }
    Ok(())
}

fn eval(file: &Path, json: bool, samples: Option<u64>, seed: Option<u64>) -> ExitCode {
    let scenario = match scenario_file::load(file) {
        Ok(scenario) => scenario,
        Err(err) => {
            errln!("perfcase: {err}");
            return ExitCode::FAILURE;
        }
    };
    let evaluation = evaluate(&scenario);
    let settings = scenario.monte_carlo;
    let asked = samples.unwrap_or(settings.samples);
    let uncertainty =
        crate::model::uncertain::analyze(&scenario, asked, seed.unwrap_or(settings.seed));
    warn_if_limited(file, asked, uncertainty.as_ref());
    if json {
        outln!("{}", report::json(&evaluation, uncertainty.as_ref()));
    } else {
        out!(
            "{}",
            report::summary(&scenario, &evaluation, uncertainty.as_ref())
        );
    }
    ExitCode::SUCCESS
}
