//! The funding memo: Markdown with the driver, the decision, and each
//! section's numbers with the formula and inputs they came from, and the
//! charts written beside it as SVG and PNG.
//!
//! Convention: every computed result is written in **bold**; every bold
//! number is a value of the evaluation (`perfcase eval --json`), which the
//! memo test checks. Inputs are written plain.

use crate::model::outputs::{Metric, Probability};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context as _;

use super::verdict;
use crate::chart::export::{self, Size};
use crate::format::{grouped, money, months, percent, quantity, speedup};
use crate::model::budget::{Budget, BudgetEval};
use crate::model::cost::{Cost, CostEval};
use crate::model::load::{Load, LoadEval};
use crate::model::matrix::{Matrix, MatrixEval};
use crate::model::payback::{Payback, PaybackEval};
use crate::model::tradeoff::{Tradeoff, TradeoffEval};
use crate::model::uncertain::Uncertainty;
use crate::model::uncertain::views::Views;
use crate::model::{Evaluation, Scenario};

/// A chart written beside the memo, by its file names relative to the memo.
pub struct ChartFiles {
    /// The chart's stable name ("amdahl").
    pub name: &'static str,
    /// Its title, the image's alt text.
    pub title: String,
    /// Relative path of the SVG.
    pub svg: String,
    /// Relative path of the PNG.
    pub png: String,
}

/// Writes the memo to `path` and its charts, each as SVG and 2× PNG, into
/// a folder beside it named after the memo and the charts' content
/// (`<memo stem>-charts-<id>/`), as one unit: everything is written into a
/// temporary folder first, the charts folder moves into place, then the memo
/// replaces the old one in a single rename. Killed at any moment, the memo
/// on disk is the old or the new one and its charts are all there; a
/// failed write leaves nothing behind.
pub fn write(
    path: &Path,
    scenario: &Scenario,
    eval: &Evaluation,
    views: Option<&Views>,
) -> anyhow::Result<()> {
    use crate::scenario_file::temporaries;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "memo".to_owned());
    if path.is_dir() {
        anyhow::bail!(
            "{}: is a folder; give the memo's file name, e.g. memo.md",
            path.display()
        );
    }
    temporaries::remove_stale(dir);
    let work = tempfile::Builder::new()
        .prefix(&temporaries::prefix(temporaries::REPORT))
        .tempdir_in(dir)
        .with_context(|| format!("{}: cannot write a temporary folder", dir.display()))?;
    let staged = work.path().join("charts");
    std::fs::create_dir(&staged).with_context(|| format!("{}: cannot create", staged.display()))?;
    let mut rendered = Vec::new();
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for chart in crate::chart::all(scenario, eval, views) {
        let svg = export::svg(&chart, Size::default())?;
        let png = export::png(
            &chart,
            Size {
                scale: 2,
                ..Size::default()
            },
        )?;
        for (ext, bytes) in [("svg", svg.as_bytes()), ("png", png.as_slice())] {
            let file = staged.join(format!("{}.{ext}", chart.name));
            std::fs::write(&file, bytes)
                .with_context(|| format!("{}: cannot write", file.display()))?;
            hash = crate::model::uncertain::monte_carlo::fnv1a_bytes(hash, bytes);
        }
        rendered.push((chart.name, chart.title.clone()));
    }
    // The folder's name carries the charts' content: a rerun that draws the
    // same charts reuses it, a changed one gets a new folder.
    let charts_dir_name = format!("{stem}-charts-{:08x}", hash as u32);
    let files: Vec<ChartFiles> = rendered
        .into_iter()
        .map(|(name, title)| ChartFiles {
            name,
            title,
            svg: format!("{charts_dir_name}/{name}.svg"),
            png: format!("{charts_dir_name}/{name}.png"),
        })
        .collect();
    let text = markdown(scenario, eval, views.map(|v| &v.uncertainty), &files);
    let staged_memo = work.path().join("memo.md");
    {
        let mut file = std::fs::File::create(&staged_memo)
            .with_context(|| format!("{}: cannot write", staged_memo.display()))?;
        std::io::Write::write_all(&mut file, text.as_bytes())?;
        file.sync_all()?;
    }
    let charts_dir = dir.join(&charts_dir_name);
    let created = !charts_dir.exists();
    if created {
        std::fs::rename(&staged, &charts_dir)
            .with_context(|| format!("{}: cannot write", charts_dir.display()))?;
    }
    if let Err(e) = std::fs::rename(&staged_memo, path) {
        if created {
            let _ = std::fs::remove_dir_all(&charts_dir);
        }
        return Err(e).with_context(|| format!("{}: cannot write", path.display()));
    }
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        d.sync_all().ok();
    }
    // Earlier versions of this memo's charts are no longer linked from it.
    remove_old_charts(dir, &stem, &charts_dir_name);
    Ok(())
}

/// Removes `<stem>-charts-<id>` folders other than `keep`.
fn remove_old_charts(dir: &Path, stem: &str, keep: &str) {
    let prefix = format!("{stem}-charts-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_version = name
            .strip_prefix(&prefix)
            .is_some_and(|id| id.len() == 8 && id.bytes().all(|b| b.is_ascii_hexdigit()));
        if is_version && name != keep && entry.path().is_dir() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The memo's Markdown, linking `charts` by their relative paths.
pub fn markdown(
    scenario: &Scenario,
    eval: &Evaluation,
    uncertainty: Option<&Uncertainty>,
    charts: &[ChartFiles],
) -> String {
    let mut out = String::new();
    let title = if scenario.title.is_empty() {
        "Performance business case"
    } else {
        &scenario.title
    };
    let _ = writeln!(out, "# {title}\n");
    if let (Some(input), Some(p)) = (&scenario.payback, &eval.payback) {
        let _ = writeln!(out, "**Driver:** {}.\n", verdict::driver(input, p));
    }
    let _ = writeln!(out, "**Decision:** {}\n", decision(scenario, eval));
    if !scenario.notes.is_empty() {
        let _ = writeln!(out, "> {}\n", scenario.notes.replace('\n', "\n> "));
    }
    let image = |out: &mut String, name: &str| {
        if let Some(c) = charts.iter().find(|c| c.name == name) {
            let _ = writeln!(
                out,
                "![{}]({})\n\n(PNG: [{}]({}))\n",
                c.title, c.svg, c.png, c.png
            );
        }
    };
    if let (Some(input), Some(b)) = (&scenario.budget, &eval.budget) {
        budget_sections(&mut out, input, b);
        image(&mut out, "amdahl");
        levers_section(&mut out, input, b);
        image(&mut out, "time");
    }
    if let (Some(input), Some(m)) = (&scenario.matrix, &eval.matrix) {
        matrix_section(&mut out, input, m);
        image(&mut out, "ranking");
        image(&mut out, "sweep");
    }
    if let (Some(input), Some(p)) = (&scenario.payback, &eval.payback) {
        payback_section(&mut out, input, p);
        image(&mut out, "timeline");
        image(&mut out, "break_even");
    }
    if let (Some(input), Some(l)) = (&scenario.load, &eval.load) {
        load_section(&mut out, input, l);
        image(&mut out, "latency");
        image(&mut out, "growth");
        image(&mut out, "usl");
    }
    if let (Some(input), Some(c)) = (&scenario.cost, &eval.cost) {
        cost_section(&mut out, input, c);
        image(&mut out, "cost");
    }
    if let (Some(input), Some(t)) = (&scenario.tradeoff, &eval.tradeoff) {
        tradeoff_section(&mut out, input, t);
        image(&mut out, "tradeoff");
        image(&mut out, "tradeoff_costs");
        image(&mut out, "cascade");
    }
    if let Some(u) = uncertainty {
        uncertainty_section(&mut out, scenario, u);
        for name in [
            "payback_dist",
            "total_dist",
            "win",
            "tornado_payback",
            "tornado_total",
            "tornado_amdahl",
            "tornado_margin",
        ] {
            image(&mut out, name);
        }
    }
    revisit_section(&mut out, scenario, eval);
    let _ = writeln!(
        out,
        "---\nGenerated by perfcase {}. Bold numbers are computed; the formulas show the inputs they came from.",
        env!("CARGO_PKG_VERSION")
    );
    out
}

/// The decision in one sentence: the payback verdict if there is one, else
/// the matrix's, else the budget's.
fn decision(scenario: &Scenario, eval: &Evaluation) -> String {
    if let (Some(input), Some(p)) = (&scenario.payback, &eval.payback) {
        return verdict::payback(p, input.target_payback_months.point());
    }
    if let Some(m) = &eval.matrix {
        return verdict::matrix(m);
    }
    if let (Some(input), Some(b)) = (&scenario.budget, &eval.budget) {
        return verdict::budget(b, input.unit.symbol());
    }
    if let (Some(input), Some(t)) = (&scenario.tradeoff, &eval.tradeoff) {
        return verdict::tradeoff(t, input.latency_slo_ms.map(|q| q.point()));
    }
    "The scenario has no sections yet.".to_owned()
}

fn budget_sections(out: &mut String, input: &Budget, b: &BudgetEval) {
    let unit = input.unit.symbol();
    let _ = writeln!(out, "## Where the time goes\n");
    let _ = writeln!(
        out,
        "| span | kind | time ({unit}) | share | concurrent | lever |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|:---:|---|");
    for span in &input.spans {
        let lever = span
            .lever
            .as_ref()
            .map_or("—".to_owned(), |l| l.describe(unit));
        let share = if b.total > 0.0 {
            percent(span.time.point() / b.total)
        } else {
            "—".into()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {share} | {} | {lever} |",
            span.name,
            span.kind.label(),
            quantity(span.time.point()),
            if span.concurrent { "yes" } else { "" }
        );
    }
    let _ = writeln!(
        out,
        "\nTotal on the critical path (sum over stages of each stage's longest span): **{} {unit}**. \
         Own code on it: **{} {unit}**, so f = {} / {} = **{}**.\n",
        quantity(b.total),
        quantity(b.own_code),
        quantity(b.own_code),
        quantity(b.total),
        percent(b.own_code_fraction)
    );
    let f = b.own_code_fraction;
    let s = b.language_speedup;
    let _ = writeln!(out, "## What a faster language can buy\n");
    let _ = writeln!(
        out,
        "- At s = {}: Amdahl speedup 1 / ((1 − f) + f / s) = 1 / ({} + {} / {}) = **{}**, \
         the total going from {} to **{} {unit}**.",
        speedup(s),
        grouped(1.0 - f, 4),
        grouped(f, 4),
        quantity(s),
        speedup(b.amdahl_speedup),
        quantity(b.total),
        quantity(b.total_after_language)
    );
    match b.ceiling() {
        Some(c) => {
            let _ = writeln!(
                out,
                "- Ceiling for an infinitely fast language: 1 / (1 − f) = 1 / {} = **{}**.",
                grouped(1.0 - f, 4),
                speedup(c)
            );
        }
        None => {
            let _ = writeln!(out, "- No ceiling: all of the critical path is own code.");
        }
    }
    if let Some(r) = b.required_speedup {
        let slo = input.slo.clone().unwrap_or_default();
        let mut why = Vec::new();
        if let Some(l) = slo.latency {
            why.push(format!(
                "total / latency SLO = {} / {}",
                quantity(b.total),
                quantity(l.point())
            ));
        }
        if let (Some(want), Some(have)) = (slo.throughput_per_s, input.measured_throughput_per_s) {
            why.push(format!(
                "throughput SLO / measured = {} / {}",
                quantity(want.point()),
                quantity(have.point())
            ));
        }
        let _ = writeln!(
            out,
            "- The SLO needs {} = **{}**.",
            why.join(" and "),
            speedup(r)
        );
        let closing = match (b.language_speedup_needed(), b.ceiling()) {
            (Some(x), _) => format!("a language **{}** faster would meet it", speedup(x)),
            (None, Some(c)) => format!(
                "no language can meet it: the ceiling **{}** is below the **{}** needed",
                speedup(c),
                speedup(r)
            ),
            (None, None) => "no language can meet it".to_owned(),
        };
        let _ = writeln!(out, "- So {closing}.");
    }
    if let Some(t) = b.throughput_after_language {
        let _ = writeln!(
            out,
            "- Throughput after the language: measured × speedup = {} × {} = **{}/s**.",
            quantity(input.measured_throughput_per_s.map_or(0.0, |q| q.point())),
            speedup(b.amdahl_speedup),
            quantity(t)
        );
    }
    let _ = writeln!(out);
}

fn levers_section(out: &mut String, input: &Budget, b: &BudgetEval) {
    if b.levers.is_empty() {
        return;
    }
    let unit = input.unit.symbol();
    let _ = writeln!(out, "## Cheap fixes first\n");
    let _ = writeln!(
        out,
        "Each lever applied alone, ranked by the time it saves (saved = total − total after).\n"
    );
    let _ = writeln!(
        out,
        "| # | lever | span | saves | total after | effort | saved per effort-day |"
    );
    let _ = writeln!(out, "|---:|---|---|---:|---:|---:|---:|");
    for (k, l) in b.levers.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | **{} {unit}** | **{} {unit}** | {} | {} |",
            k + 1,
            l.name(),
            l.span,
            quantity(l.saved),
            quantity(l.total_after),
            l.effort_days
                .map_or("—".to_owned(), |d| format!("{} d", quantity(d))),
            l.saved_per_effort_day.map_or("—".to_owned(), |x| format!(
                "**{} {unit}/day**",
                quantity(x)
            ))
        );
    }
    let _ = writeln!(
        out,
        "\nAll levers together: **{} {unit}**; all levers and the language: **{} {unit}**.\n",
        quantity(b.total_after_levers),
        quantity(b.total_after_all)
    );
}

fn matrix_section(out: &mut String, input: &Matrix, m: &MatrixEval) {
    let _ = writeln!(out, "## Decision matrix\n");
    let _ = write!(out, "| criterion | weight |");
    for c in &input.candidates {
        let _ = write!(out, " {} |", c.name);
    }
    let _ = write!(out, "\n|---|---:|");
    for _ in &input.candidates {
        let _ = write!(out, "---:|");
    }
    let _ = writeln!(out);
    for (j, criterion) in input.criteria.iter().enumerate() {
        let _ = write!(
            out,
            "| {} | {} |",
            criterion.name,
            quantity(criterion.weight.point())
        );
        for c in 0..input.candidates.len() {
            let _ = write!(out, " {} |", quantity(input.score(c, j)));
        }
        let _ = writeln!(out);
    }
    let _ = write!(out, "| **Σ weight × score** | {} |", quantity(m.weight_sum));
    for c in 0..input.candidates.len() {
        let total = m
            .totals
            .iter()
            .find(|t| t.index == c)
            .map_or(0.0, |t| t.total);
        let _ = write!(out, " **{}** |", quantity(total));
    }
    let result = match (&m.winner, m.margin) {
        (Some(w), Some(margin)) => format!("{w} wins by **{}**.", quantity(margin)),
        (Some(w), None) => format!("{w} is the only candidate."),
        (None, _) => format!("{} tie at the top.", m.tied.join(" and ")),
    };
    let _ = writeln!(out, "\n\n{result}\n");
    let _ = writeln!(out, "### What would flip it\n");
    let _ = writeln!(
        out,
        "Moving one weight, the others rescaled proportionally to keep the sum:\n"
    );
    for f in &m.flips {
        let text = verdict::flip_text(f, "**").unwrap_or_else(|| "no weight flips it".to_owned());
        let _ = writeln!(
            out,
            "- {} (now {}): {text}",
            f.criterion,
            quantity(f.weight)
        );
    }
    let _ = writeln!(out);
}

fn payback_section(out: &mut String, input: &Payback, p: &PaybackEval) {
    let n = input.nums_with(p.reduction);
    let _ = writeln!(out, "## Payback\n");
    let _ = writeln!(
        out,
        "- Monthly saving = monthly cost × measured reduction = {} × {} = **{}**; annual = 12 × {} = **{}**.",
        money(n.monthly_cost),
        percent(n.reduction),
        money(p.monthly_saving),
        money(p.monthly_saving),
        money(p.annual_saving)
    );
    let _ = writeln!(
        out,
        "- One-time cost = engineers × months × loaded rate + frozen weeks × cost per week + other = \
         {} × {} × {} + {} × {} + {} = **{}**.",
        quantity(n.engineers),
        quantity(n.months),
        money(n.loaded_rate),
        quantity(n.freeze_weeks),
        money(n.freeze_cost_per_week),
        money(n.other_one_time),
        money(p.one_time_cost)
    );
    match p.payback() {
        Some(m) => {
            let _ = writeln!(
                out,
                "- Payback = one-time / monthly saving = {} / {} = **{}** (target {}).",
                money(p.one_time_cost),
                money(p.monthly_saving),
                months(m),
                months(n.target_payback_months)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "- Payback: never; the measured reduction saves nothing."
            );
        }
    }
    let horizon = quantity(n.horizon_months);
    let _ = writeln!(
        out,
        "- On the timeline ({} build months, bill growth {}/year): break-even at {}.",
        quantity(n.build_months),
        percent(n.annual_bill_growth),
        p.break_even()
            .map_or("no month within the horizon".to_owned(), |m| format!(
                "month **{}**",
                grouped(m, 1)
            ))
    );
    let _ = writeln!(
        out,
        "- NPV over {horizon} months at {}/year (monthly rate annual / 12, month 0 undiscounted): **{}**; \
         discounted payback: {}.",
        percent(n.annual_discount_rate),
        money(p.npv),
        p.discounted_payback()
            .map_or("not within the horizon".to_owned(), |m| format!(
                "month **{}**",
                grouped(m, 1)
            ))
    );
    if let Some(roi) = p.return_on_investment() {
        let _ = writeln!(
            out,
            "- ROI over {horizon} months = (savings − one-time) / one-time = ({} − {}) / {} = **{}**.",
            money(p.horizon_saving),
            money(p.one_time_cost),
            money(p.one_time_cost),
            percent(roi)
        );
    }
    if let Some(r) = p.kill_reduction_simple().filter(|r| *r > 1.0) {
        let _ = writeln!(
            out,
            "- **Kill criterion:** none: no reduction pays back within {}; it would take \
             one-time / (monthly cost × target) = {} / ({} × {}) = **{}** of the bill.",
            months(n.target_payback_months),
            money(p.one_time_cost),
            money(n.monthly_cost),
            quantity(n.target_payback_months),
            percent(r)
        );
    } else if let Some(r) = p.kill_reduction_simple() {
        let _ = writeln!(
            out,
            "- **Kill criterion:** stop if the measured reduction under production load is below \
             one-time / (monthly cost × target) = {} / ({} × {}) = **{}**: payback would exceed {}.",
            money(p.one_time_cost),
            money(n.monthly_cost),
            quantity(n.target_payback_months),
            percent(r),
            months(n.target_payback_months)
        );
    }
    let _ = writeln!(out);
}

fn load_section(out: &mut String, input: &Load, l: &LoadEval) {
    if let (Some(q), Some(e)) = (&input.queue, &l.queue) {
        let q = &q.nums();
        let p = format!("p{}", quantity(100.0 * q.percentile_fraction()));
        let _ = writeln!(out, "## Load: the latency cliff\n");
        let _ = writeln!(
            out,
            "- Utilisation ρ = λ / (c μ) = {} / ({} × {}) = **{}**{}.",
            quantity(q.arrival_per_s),
            q.servers,
            quantity(q.service_rate()),
            percent(e.utilization),
            if e.saturated {
                ": saturated, the queue grows without bound"
            } else {
                ""
            }
        );
        if let (Some(wait), Some(mean), Some(pct)) =
            (e.p_wait, e.mean_response_ms, e.percentile_response_ms)
        {
            let _ = writeln!(
                out,
                "- P(wait) (Erlang C) = **{}**; mean response = wait + service = **{} ms**; \
                 {p} from the exact M/M/c response-time distribution = **{} ms** (SLO {} ms).",
                percent(wait),
                quantity(mean),
                quantity(pct),
                quantity(q.slo_ms)
            );
        }
        match e.max_arrival_per_s {
            Some(max) => {
                let _ = writeln!(
                    out,
                    "- The SLO breaks at **{}/s**{}{}.",
                    quantity(max),
                    e.headroom
                        .map(|h| format!(", **{}** above today's load", percent(h)))
                        .unwrap_or_default(),
                    e.months_to_breach
                        .map(|m| format!(
                            "; at +{} a quarter that is **{}** months away",
                            percent(q.growth_per_quarter),
                            grouped(m, 1)
                        ))
                        .unwrap_or_default()
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "- No load meets the SLO: even an idle server's {p} (the service time alone) is above it."
                );
            }
        }
        let _ = writeln!(out);
    }
    if let Some(u) = &l.usl {
        let _ = writeln!(out, "## Scalability (USL fit of the load test)\n");
        let _ = writeln!(
            out,
            "- X(N) = γN / (1 + α(N − 1) + βN(N − 1)) with α = **{}** (contention), β = **{:.2e}** \
             (coherency), γ = **{}**/s per client; R² = **{}**.",
            grouped(u.alpha, 4),
            u.beta,
            quantity(u.gamma),
            grouped(u.r_squared, 4)
        );
        if let (Some(n), Some(x)) = (u.peak_concurrency, u.max_throughput) {
            let _ = writeln!(
                out,
                "- Throughput peaks at N* = √((1 − α) / β) = **{}** clients, **{}/s**; past it, more clients lower throughput.",
                grouped(n, 1),
                quantity(x)
            );
        }
        if let Some(a) = u.asymptote {
            let _ = writeln!(out, "- Amdahl asymptote γ / α = **{}/s**.", quantity(a));
        }
        let _ = writeln!(out);
    }
}

fn cost_section(out: &mut String, input: &Cost, c: &CostEval) {
    let n = input.nums();
    let _ = writeln!(out, "## Capacity and cost\n");
    let _ = writeln!(
        out,
        "Little's law: in flight = rate × latency = {}/s × {} s = **{}**.\n",
        quantity(n.rate_per_s),
        quantity(n.latency_ms / 1000.0),
        quantity(c.concurrency)
    );
    if !c.instance_types.is_empty() {
        let _ = writeln!(
            out,
            "| instance type | capacity/s | price/hour | instances | per month |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|");
        for (t, e) in input.instance_types.iter().zip(&c.instance_types) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | **{}** | **{}** |",
                t.name,
                quantity(t.capacity_per_s.point()),
                quantity(t.price_per_hour.point()),
                e.instances,
                money(e.monthly_cost)
            );
        }
        let _ = writeln!(
            out,
            "\nInstances = ceil(rate / (capacity × {})); cost = instances × price × {} hours.\n",
            percent(n.target_utilization),
            quantity(input.hours_per_month)
        );
    }
    let _ = writeln!(
        out,
        "- Compute ({}): **{}**; egress = rate × seconds × {} B × {} / 10⁹ × {} per GB = **{}**; \
         storage = {} GB × {} = **{}**.",
        c.cheapest.as_deref().unwrap_or("no instance type"),
        money(c.compute_per_month),
        quantity(n.response_bytes),
        percent(n.egress_share),
        quantity(n.egress_price_per_gb),
        money(c.egress_per_month),
        quantity(n.storage_gb),
        quantity(n.storage_price_per_gb_month),
        money(c.storage_per_month)
    );
    let _ = writeln!(
        out,
        "- Total per month: **{}**.\n",
        money(c.total_per_month)
    );
}

fn revisit_section(out: &mut String, scenario: &Scenario, eval: &Evaluation) {
    let mut triggers = Vec::new();
    if let Some(b) = &eval.budget
        && let Some(f) = b.own_code_fraction_needed
        && b.meets_slo_after_language == Some(false)
    {
        triggers.push(format!(
            "Revisit a {} rewrite only if own code grows to **{}** of the critical path \
             ((1 − 1/R) / (1 − 1/s) with R = {}): today it is {}.",
            speedup(b.language_speedup),
            percent(f),
            speedup(b.required_speedup.unwrap_or(1.0)),
            percent(b.own_code_fraction)
        ));
    }
    if let (Some(input), Some(p)) = (&scenario.payback, &eval.payback)
        && let Some(cost) = p.break_even_bill()
    {
        let n = input.nums_with(p.reduction);
        triggers.push(format!(
            "Revisit the funding if the monthly bill falls below **{}** (one-time / (target × reduction) \
             = {} / ({} × {})): the saving would no longer pay back within {}.",
            money(cost),
            money(p.one_time_cost),
            quantity(n.target_payback_months),
            percent(n.reduction),
            months(n.target_payback_months)
        ));
    }
    if let Some(m) = &eval.matrix
        && m.winner.is_some()
    {
        triggers
            .push("Revisit the choice if the weights move past a flip threshold above.".to_owned());
    }
    if triggers.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Revisit trigger\n");
    for t in triggers {
        let _ = writeln!(out, "- {t}");
    }
    let _ = writeln!(out);
}

/// The ranges assumed, the deciding numbers' P10/P50/P90, the
/// probabilities, the tornado's top three and what to measure next.
fn uncertainty_section(out: &mut String, scenario: &Scenario, u: &Uncertainty) {
    let _ = writeln!(out, "## Uncertainty\n");
    let _ = writeln!(
        out,
        "The inputs below are ranges, not single numbers: 90 % intervals (5th to 95th percentile) \
         unless uniform or PERT, drawn independently in {} Monte Carlo samples (seed {}). \
         Every number above uses their point values (the median; the most likely value for PERT).\n",
        grouped(u.samples as f64, 0),
        u.seed
    );
    let _ = writeln!(out, "| input | range | shape | point value |");
    let _ = writeln!(out, "|---|---|---|---:|");
    for row in &u.inputs {
        let shape = match row.mode {
            Some(mode) => format!("PERT, most likely {}", quantity(mode)),
            None => row.shape.to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} | {} – {} | {shape} | {} |",
            row.label,
            quantity(row.low),
            quantity(row.high),
            quantity(row.point)
        );
    }
    let unit = scenario.budget.as_ref().map_or("", |b| b.unit.symbol());
    type Show = fn(f64) -> String;
    let rows: [(Metric, &str, Show); 6] = [
        (Metric::PaybackMonths, "Payback (months)", quantity),
        (Metric::Npv, "NPV", money),
        (Metric::MonthlySaving, "Monthly saving", money),
        (Metric::TotalAfterAll, "Total after every fix", quantity),
        (Metric::AmdahlSpeedup, "Speedup from the language", speedup),
        (Metric::MatrixMargin, "Matrix winner's lead", quantity),
    ];
    let present: Vec<_> = rows
        .iter()
        .filter_map(|(path, name, show)| Some((u.summary(*path)?, *name, *show, *path)))
        .collect();
    if !present.is_empty() {
        let _ = writeln!(out, "\n| deciding number | P10 | P50 | P90 |");
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for (s, name, show, path) in present {
            let q = |x: Option<f64>| x.map_or("never".to_owned(), |x| format!("**{}**", show(x)));
            let name = if path == Metric::TotalAfterAll {
                format!("{name} ({unit})")
            } else {
                name.to_owned()
            };
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} |",
                q(s.p10),
                q(s.p50),
                q(s.p90)
            );
        }
    }
    let target = scenario
        .payback
        .as_ref()
        .map(|p| p.target_payback_months.point());
    let probabilities = [
        (
            Probability::PaybackWithinTarget,
            format!("pays back within {}", target.map_or(String::new(), months)),
        ),
        (Probability::NpvPositive, "has a positive NPV".to_owned()),
        (Probability::MeetsSloNow, "meets the SLO today".to_owned()),
        (
            Probability::MeetsSloAfterLanguage,
            "meets the SLO after the language change".to_owned(),
        ),
        (
            Probability::MeetsSloAfterLevers,
            "meets the SLO after the cheap fixes".to_owned(),
        ),
        (
            Probability::MeetsSloAfterAll,
            "meets the SLO after everything".to_owned(),
        ),
        (
            Probability::LoadMeetsSlo,
            "the queue meets its latency SLO".to_owned(),
        ),
    ];
    let _ = writeln!(out);
    for (key, what) in probabilities {
        if let Some(p) = u.probability(key) {
            let _ = writeln!(out, "- Probability it {what}: **{}**.", percent(p));
        }
    }
    if let Some(shares) = u
        .sections
        .get("matrix")
        .and_then(|m| m.get("win_probability"))
        .and_then(|w| w.as_array())
    {
        let text: Vec<String> = shares
            .iter()
            .map(|r| {
                format!(
                    "{} **{}**",
                    r["candidate"].as_str().unwrap_or("?"),
                    percent(r["probability"].as_f64().unwrap_or(0.0))
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "- Probability of winning the matrix: {}.",
            text.join(", ")
        );
    }
    let deciding = [
        (Metric::PaybackMonths, "payback", " months"),
        (Metric::TotalAfterAll, "the total after every fix", ""),
        (Metric::AmdahlSpeedup, "the language's speedup", ""),
        (Metric::MatrixMargin, "the matrix winner's lead", ""),
    ];
    if let Some((output, what, suffix)) = deciding
        .into_iter()
        .find(|(o, _, _)| u.tornado_for(*o).next().is_some())
    {
        let _ = writeln!(
            out,
            "\nWhat moves {what} most (each input at its own P10 and P90, the others at their point values):\n"
        );
        for row in u.tornado_for(output).take(3) {
            let v = |x: Option<f64>| {
                x.map_or("never".to_owned(), |x| {
                    format!("**{}**{suffix}", quantity(x))
                })
            };
            let _ = writeln!(
                out,
                "- {}: from {} to {}",
                row.label,
                v(row.at_p10),
                v(row.at_p90)
            );
        }
        if let Some(top) = u.tornado_for(output).next() {
            let _ = writeln!(out, "\nMeasure {} next: it moves {what} most.\n", top.label);
        }
    } else {
        let _ = writeln!(out);
    }
}

/// The trade-off: each choice's errors, cost and latency, the cascade, and
/// why accuracy misleads at a low base rate.
fn tradeoff_section(out: &mut String, input: &Tradeoff, t: &TradeoffEval) {
    let n = input.nums();
    let _ = writeln!(out, "## Latency, cost and accuracy\n");
    let slo = n.latency_slo_ms.map_or("no latency SLO".to_owned(), |s| {
        format!("a p99 SLO of {} ms", quantity(s))
    });
    let _ = writeln!(
        out,
        "{} decisions a month, {} of them positive; a false positive costs {}, a false negative {}; {slo}.\n",
        grouped(n.volume_per_month, 0),
        percent(n.positive_rate),
        money(n.false_positive_cost),
        money(n.false_negative_cost)
    );
    let _ = writeln!(
        out,
        "| choice | accuracy | precision | p99 (ms) | misses / month | false alarms / month | errors / month | infrastructure | total / month | per 1,000 |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in &t.choices {
        let _ = writeln!(
            out,
            "| {}{} | **{}** | {} | **{}**{} | **{}** | **{}** | **{}** | **{}** | **{}** | **{}** |",
            row.choice,
            if row.pareto { "" } else { " (dominated)" },
            percent(row.accuracy),
            row.precision
                .map_or("—".to_owned(), |p| format!("**{}**", percent(p))),
            quantity(row.p99_ms),
            if row.meets_slo { "" } else { " (misses)" },
            grouped(row.false_negatives_per_month, 0),
            grouped(row.false_positives_per_month, 0),
            money(row.error_cost_per_month),
            money(row.infra_per_month),
            money(row.total_per_month),
            money(row.cost_per_1k)
        );
    }
    let _ = writeln!(
        out,
        "\nErrors = misses × {} + false alarms × {}; misses = V·π·(1 − recall), false alarms = V·(1 − π)·false-positive rate; total = errors + infrastructure.",
        money(n.false_negative_cost),
        money(n.false_positive_cost)
    );
    let _ = writeln!(
        out,
        "Accuracy = π·recall + (1 − π)·(1 − false-positive rate) says little here: a model that flags nothing is {} accurate at this base rate; precision (the share of flags that are right) and the error cost are what differ.\n",
        percent(1.0 - n.positive_rate)
    );
    for (k, cascade) in input.cascades.iter().enumerate() {
        let Some(row) = t.choices.get(input.choices.len() + k) else {
            continue;
        };
        let share = cascade.escalate_share.point();
        let _ = write!(
            out,
            "- {}: {} on every decision and {} on {} of them; p99 from the log-normal mixture = **{}** ms, infrastructure {} + {} × {} = **{}**.",
            cascade.name,
            cascade.first,
            cascade.second,
            percent(share),
            quantity(row.p99_ms),
            money(
                n.choices
                    .get(n.cascades[k].first)
                    .map_or(0.0, |c| c.infra_per_month)
            ),
            percent(share),
            money(
                n.choices
                    .get(n.cascades[k].second)
                    .map_or(0.0, |c| c.infra_per_month)
            ),
            money(row.infra_per_month)
        );
        match row.max_escalate_share {
            Some(max) => {
                let _ = writeln!(
                    out,
                    " Escalating up to **{}** of decisions keeps p99 within the SLO.",
                    percent(max)
                );
            }
            None if n.latency_slo_ms.is_some() => {
                let _ = writeln!(out, " Even with nothing escalated, p99 misses the SLO.");
            }
            None => {
                let _ = writeln!(out);
            }
        }
    }
    let _ = writeln!(out, "\n{}\n", verdict::tradeoff(t, n.latency_slo_ms));
}
