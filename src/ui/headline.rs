//! The headline: the few numbers that decide, large, each with its formula
//! and actual inputs on hover, and the verdict in one sentence.

use crate::model::outputs::Probability;
use eframe::egui;

use crate::format::{grouped, money, months, percent, quantity, speedup};
use crate::model::budget::{Budget, BudgetEval};
use crate::model::cost::{Cost, CostEval};
use crate::model::load::{Load, LoadEval};
use crate::model::matrix::MatrixEval;
use crate::model::payback::{Payback, PaybackEval};
use crate::model::uncertain::Uncertainty;
use crate::report::verdict;

/// One headline number: a caption, the value, and how it was computed.
struct Shown {
    caption: String,
    value: String,
    formula: String,
}

/// Collects a section's metrics before laying them out in a grid.
#[derive(Default)]
struct Showns(Vec<Shown>);

impl Showns {
    fn add(
        &mut self,
        caption: impl Into<String>,
        value: impl Into<String>,
        formula: impl Into<String>,
    ) {
        self.0.push(Shown {
            caption: caption.into(),
            value: value.into(),
            formula: formula.into(),
        });
    }
}

/// The metrics in as many columns as fit, each a large number with a small
/// caption; hovering a number shows its formula with the actual inputs.
fn metrics_ui(ui: &mut egui::Ui, id: &str, metrics: &Showns) {
    const COLUMN_WIDTH: f32 = 130.0;
    let fit = ((ui.available_width() / COLUMN_WIDTH).floor() as usize).max(1);
    let columns = fit.min(metrics.0.len().max(1));
    egui::Grid::new(id)
        .num_columns(columns)
        .min_col_width(COLUMN_WIDTH - 24.0)
        .spacing([24.0, 10.0])
        .show(ui, |ui| {
            for (i, metric) in metrics.0.iter().enumerate() {
                ui.vertical(|ui| {
                    ui.add(
                        egui::Label::new(egui::RichText::new(&metric.caption).size(12.0).weak())
                            .extend(),
                    );
                    ui.add(
                        egui::Label::new(egui::RichText::new(&metric.value).size(22.0).strong())
                            .extend(),
                    )
                    .on_hover_text(&metric.formula);
                });
                if (i + 1) % columns == 0 {
                    ui.end_row();
                }
            }
        });
}

/// A titled card holding one section's metrics and verdict.
fn section_ui(ui: &mut egui::Ui, title: &str, verdict: &str, metrics: &Showns) {
    // The verdict comes first: it is the sentence said in the meeting; the
    // numbers below it are its evidence.
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(egui::RichText::new(verdict).size(15.0).strong());
            ui.add_space(4.0);
            metrics_ui(ui, title, metrics);
        });
    ui.add_space(6.0);
}

pub(super) fn budget_headline_ui(
    ui: &mut egui::Ui,
    input: &Budget,
    b: &BudgetEval,
    u: Option<&Uncertainty>,
) {
    let unit = input.unit.symbol();
    let s = b.language_speedup;
    let f = b.own_code_fraction;
    let mut m = Showns::default();

    m.add(
        "Total (critical path)",
        format!("{} {unit}", quantity(b.total)),
        "Sum over stages of the longest span in each stage\n(concurrent spans share a stage).",
    );
    m.add(
        "Own code f",
        percent(f),
        format!(
            "f = own code on the critical path / total\n= {} {unit} / {} {unit}",
            quantity(b.own_code),
            quantity(b.total)
        ),
    );
    m.add(
        format!("Speedup at s = {}", speedup(s)),
        speedup(b.amdahl_speedup),
        format!(
            "1 / ((1 − f) + f / s) = 1 / ({} + {} / {})\n= total / total after language = {} / {}",
            grouped(1.0 - f, 4),
            grouped(f, 4),
            quantity(s),
            quantity(b.total),
            quantity(b.total_after_language)
        ),
    );
    m.add(
        "Ceiling (s → ∞)",
        b.ceiling().map_or("unbounded".to_owned(), speedup),
        format!("1 / (1 − f) = 1 / {}", grouped(1.0 - f, 4)),
    );
    m.add(
        "After language",
        format!("{} {unit}", quantity(b.total_after_language)),
        format!("Own-code spans divided by s = {}", quantity(s)),
    );
    if !b.levers.is_empty() {
        m.add(
            "After levers",
            format!("{} {unit}", quantity(b.total_after_levers)),
            "Every span's lever applied; the language unchanged.",
        );
        m.add(
            "After both",
            format!("{} {unit}", quantity(b.total_after_all)),
            "Every lever, then own code divided by s.",
        );
    }
    if let Some(required) = b.required_speedup {
        let slo = input.slo.clone().unwrap_or_default();
        let mut why = Vec::new();
        if let Some(l) = slo.latency {
            why.push(format!(
                "latency: total / SLO = {} / {}",
                quantity(b.total),
                quantity(l.point())
            ));
        }
        if let (Some(want), Some(have)) = (slo.throughput_per_s, input.measured_throughput_per_s) {
            why.push(format!(
                "throughput: SLO / measured = {} / {}",
                quantity(want.point()),
                quantity(have.point())
            ));
        }
        m.add("SLO needs", speedup(required), why.join("\n"));
    }
    if let Some(t) = b.throughput_after_language {
        m.add(
            "Throughput after s",
            format!("{}/s", quantity(t)),
            format!(
                "measured × Amdahl speedup = {} × {}",
                quantity(input.measured_throughput_per_s.map_or(0.0, |q| q.point())),
                speedup(b.amdahl_speedup)
            ),
        );
    }
    let mut sentence = verdict::budget(b, unit);
    if let Some(u) = u {
        if let Some(p) = u.probability(Probability::MeetsSloAfterAll) {
            m.add(
                "P(meets SLO after all)",
                percent(p),
                "Share of the Monte Carlo samples whose total after every fix meets the SLO.",
            );
        }
        if let Some(more) = verdict::uncertain_budget(u, unit) {
            sentence = format!("{sentence}\n{more}");
        }
    }
    section_ui(ui, "Where the time goes", &sentence, &m);
}

pub(super) fn matrix_headline_ui(ui: &mut egui::Ui, m: &MatrixEval, u: Option<&Uncertainty>) {
    let mut metrics = Showns::default();

    for t in &m.totals {
        metrics.add(
            format!("#{} {}", t.rank, t.candidate),
            quantity(t.total),
            "Σ weight × score over the criteria",
        );
    }
    let mut sentence = verdict::matrix(m);
    if let Some(more) = u.and_then(verdict::uncertain_matrix) {
        sentence = format!("{sentence}\n{more}");
    }
    section_ui(ui, "Decision matrix", &sentence, &metrics);
}

pub(super) fn payback_headline_ui(
    ui: &mut egui::Ui,
    section: &Payback,
    p: &PaybackEval,
    u: Option<&Uncertainty>,
) {
    let input = &section.nums_with(p.reduction);
    let target = input.target_payback_months;
    let mut m = Showns::default();

    m.add(
        "Monthly saving",
        money(p.monthly_saving),
        format!(
            "monthly cost × reduction = {} × {}",
            money(input.monthly_cost),
            percent(input.reduction)
        ),
    );
    m.add(
        "Annual saving",
        money(p.annual_saving),
        format!("12 × {}", money(p.monthly_saving)),
    );
    m.add("One-time cost",
            money(p.one_time_cost),
            format!(
                "engineers × months × loaded rate + frozen weeks × cost/week + other\n= {} × {} × {} + {} × {} + {}",
                quantity(input.engineers),
                quantity(input.months),
                money(input.loaded_rate),
                quantity(input.freeze_weeks),
                money(input.freeze_cost_per_week),
                money(input.other_one_time)
            ),
        );
    m.add(
        "Payback",
        p.payback().map_or("never".to_owned(), months),
        format!(
            "one-time cost / monthly saving = {} / {}",
            money(p.one_time_cost),
            money(p.monthly_saving)
        ),
    );
    m.add(
        "Break-even on the timeline",
        p.break_even().map_or("not within horizon".to_owned(), |m| {
            format!("month {}", grouped(m, 1))
        }),
        "First month the cumulative net turns ≥ 0, with the build phase and bill growth.",
    );
    m.add(
        format!("NPV over {} months", quantity(input.horizon_months)),
        money(p.npv),
        format!(
            "Σ net_k / (1 + r)^k, r = {} / 12 a month, month 0 undiscounted",
            percent(input.annual_discount_rate)
        ),
    );
    if let Some(r) = p.kill_reduction_simple() {
        m.add(
            "Kill below reduction",
            if r <= 1.0 {
                percent(r)
            } else {
                format!("none ({} needed)", percent(r))
            },
            format!(
                "one-time / (monthly cost × target) = {} / ({} × {})",
                money(p.one_time_cost),
                money(input.monthly_cost),
                months(target)
            ),
        );
    }
    if let Some(months) = p.discounted_payback() {
        m.add(
            "Discounted payback",
            format!("month {}", grouped(months, 1)),
            "First month the discounted cumulative net turns ≥ 0.",
        );
    }
    if let Some(roi) = p.return_on_investment() {
        m.add(
            format!("ROI over {} months", quantity(input.horizon_months)),
            percent(roi),
            format!(
                "(savings within the horizon − one-time) / one-time = ({} − {}) / {}",
                money(p.horizon_saving),
                money(p.one_time_cost),
                money(p.one_time_cost)
            ),
        );
    }
    let mut sentence = format!(
        "{}.\n{}",
        verdict::driver(section, p),
        verdict::payback(p, target)
    );
    if let Some(u) = u {
        if let Some(probability) = u.probability(Probability::PaybackWithinTarget) {
            // First: it is the number the meeting asks for.
            m.0.insert(
                0,
                Shown {
                    caption: format!("P(payback ≤ {})", months(target)),
                    value: percent(probability),
                    formula: format!(
                        "Share of {} Monte Carlo samples whose payback is within the target.",
                        grouped(u.samples as f64, 0)
                    ),
                },
            );
        }
        if let Some(more) = verdict::uncertain_payback(u, target) {
            sentence = format!("{sentence}\n{more}");
        }
    }
    section_ui(ui, "Payback", &sentence, &m);
}

/// The Load panel's headline: the queue today and the breach, the USL fit.
pub(super) fn load_headline_ui(ui: &mut egui::Ui, input: &Load, l: &LoadEval) {
    let mut m = Showns::default();
    let mut sentence = Vec::new();
    if let (Some(q), Some(e)) = (&input.queue, &l.queue) {
        let q = &q.nums();
        let p = format!("p{}", quantity(100.0 * q.percentile_fraction()));
        m.add(
            "Utilisation ρ",
            percent(e.utilization),
            format!(
                "λ / (c μ) = {} / ({} × {})",
                quantity(q.arrival_per_s),
                q.servers,
                quantity(q.service_rate())
            ),
        );
        if let Some(wait) = e.p_wait {
            m.add(
                "P(wait)",
                percent(wait),
                "Erlang C: the chance an arrival finds every server busy",
            );
        }
        if let Some(mean) = e.mean_response_ms {
            m.add(
                "Mean response",
                format!("{} ms", quantity(mean)),
                "mean wait C / (cμ − λ) + mean service",
            );
        }
        if let Some(pct) = e.percentile_response_ms {
            m.add(
                format!("{p} response"),
                format!("{} ms", quantity(pct)),
                "From the exact M/M/c response-time distribution (wait + service)",
            );
        }
        if let Some(max) = e.max_arrival_per_s {
            m.add(
                "SLO breaks at",
                format!("{}/s", quantity(max)),
                format!(
                    "The arrival rate where {p} reaches {} ms",
                    quantity(q.slo_ms)
                ),
            );
        }
        if let Some(months) = e.months_to_breach {
            m.add(
                "Months to breach",
                grouped(months, 1),
                format!(
                    "3 × ln(max / λ) / ln(1 + g), g = {} a quarter",
                    percent(q.growth_per_quarter)
                ),
            );
        }
        sentence.push(if e.saturated {
            format!(
                "Saturated: {} of capacity; the queue grows without bound.",
                percent(e.utilization)
            )
        } else {
            match (e.max_arrival_per_s, e.months_to_breach) {
                (None, _) => format!(
                    "No load meets the SLO: {p} of the service time alone is above {} ms.",
                    quantity(q.slo_ms)
                ),
                (Some(_), Some(m)) if m <= 0.0 => {
                    "The SLO is already broken at today's load.".to_owned()
                }
                (Some(max), Some(m)) => format!(
                    "{p} is {} ms today; the SLO breaks at {}/s, {} months away at +{} a quarter.",
                    quantity(e.percentile_response_ms.unwrap_or(0.0)),
                    quantity(max),
                    grouped(m, 1),
                    percent(q.growth_per_quarter)
                ),
                (Some(max), None) => format!(
                    "{p} is {} ms today; the SLO breaks at {}/s.",
                    quantity(e.percentile_response_ms.unwrap_or(0.0)),
                    quantity(max)
                ),
            }
        });
    }
    if let Some(u) = &l.usl {
        m.add("α (contention)", grouped(u.alpha, 4), "USL serial fraction");
        m.add(
            "β (coherency)",
            format!("{:.2e}", u.beta),
            "USL crosstalk cost",
        );
        if let (Some(n), Some(x)) = (u.peak_concurrency, u.max_throughput) {
            m.add(
                "Peak throughput",
                format!("{}/s", quantity(x)),
                format!("X(N*) at N* = √((1 − α) / β) = {}", grouped(n, 1)),
            );
            sentence.push(format!(
                "Throughput peaks at {}/s with {} clients; more clients lower it.",
                quantity(x),
                grouped(n, 1)
            ));
        } else if let Some(a) = u.asymptote {
            sentence.push(format!(
                "No peak (β = 0): throughput approaches γ/α = {}/s.",
                quantity(a)
            ));
        }
    }
    section_ui(ui, "Load", &sentence.join(" "), &m);
}

/// The Cost panel's headline: instances and the monthly bill.
pub(super) fn cost_headline_ui(ui: &mut egui::Ui, input: &Cost, c: &CostEval) {
    let input = &input.nums();
    let mut m = Showns::default();
    m.add(
        "In flight (Little)",
        quantity(c.concurrency),
        format!(
            "rate × latency = {}/s × {} s",
            quantity(input.rate_per_s),
            quantity(input.latency_ms / 1000.0)
        ),
    );
    if let Some(best) = c
        .instance_types
        .iter()
        .min_by(|a, b| a.monthly_cost.total_cmp(&b.monthly_cost))
    {
        m.add(
            "Cheapest",
            format!("{} × {}", best.instances, best.name),
            format!(
                "ceil(rate / (capacity × {})) instances",
                percent(input.target_utilization)
            ),
        );
    }
    m.add(
        "Compute / month",
        money(c.compute_per_month),
        "instances × price per hour × hours per month",
    );
    m.add(
        "Egress / month",
        money(c.egress_per_month),
        "rate × seconds × bytes × share / 10⁹ × price per GB",
    );
    m.add(
        "Storage / month",
        money(c.storage_per_month),
        "GB × price per GB-month",
    );
    m.add(
        "Total / month",
        money(c.total_per_month),
        "compute + egress + storage",
    );
    let sentence = format!(
        "{} in flight; the bill comes to {} a month{}.",
        quantity(c.concurrency),
        money(c.total_per_month),
        c.cheapest
            .as_deref()
            .map(|name| format!(" on the cheapest type, {name}"))
            .unwrap_or_default()
    );
    section_ui(ui, "Cost", &sentence, &m);
}

/// The Trade-off panel's headline: the verdict, then the best row's numbers
/// and, when it differs, the cheapest's.
pub(super) fn tradeoff_headline_ui(
    ui: &mut egui::Ui,
    input: &crate::model::tradeoff::Tradeoff,
    t: &crate::model::tradeoff::TradeoffEval,
    u: Option<&Uncertainty>,
) {
    let n = input.nums();
    let mut m = Showns::default();
    let find = |name: &Option<String>| {
        name.as_ref().and_then(|name| {
            t.choices
                .iter()
                .enumerate()
                .find(|(_, r)| &r.choice == name)
        })
    };
    for (which, row) in [("Best", find(&t.best)), ("Cheapest", find(&t.cheapest))] {
        let Some((i, r)) = row else { continue };
        if which == "Cheapest" && t.best == t.cheapest {
            continue;
        }
        m.add(
            format!("{which}: {} total", r.choice),
            format!("{}/month", money(r.total_per_month)),
            format!(
                "errors + infrastructure = {} + {}\nerrors = {} misses × {} + {} false alarms × {}",
                money(r.error_cost_per_month),
                money(r.infra_per_month),
                grouped(r.false_negatives_per_month, 0),
                money(n.false_negative_cost),
                grouped(r.false_positives_per_month, 0),
                money(n.false_positive_cost)
            ),
        );
        m.add(
            format!("{which}: p99"),
            format!("{} ms", quantity(r.p99_ms)),
            if r.cascade {
                "From the log-normal mixture: (1 − e)·F₁(t) + e·P(X₁ + X₂ ≤ t) = 0.99".to_owned()
            } else {
                "As measured".to_owned()
            },
        );
        m.add(
            format!("{which}: precision"),
            r.precision.map_or("—".to_owned(), percent),
            format!(
                "Of its flags, the share that are positives: π·r / (π·r + (1 − π)·f). Accuracy {} says less at a {} base rate.",
                percent(r.accuracy),
                percent(n.positive_rate)
            ),
        );
        if let Some(max) = r.max_escalate_share {
            m.add(
                "Max escalated share",
                percent(max),
                "The largest share sent to the second model that keeps p99 within the SLO.",
            );
        }
        if which == "Best"
            && let Some(p) = u.and_then(|u| {
                u.sections
                    .get("tradeoff")?
                    .get("best_share")?
                    .get(i)?
                    .get("probability")?
                    .as_f64()
            })
        {
            m.add(
                "P(it stays best)",
                percent(p),
                "Share of the Monte Carlo samples where it is the cheapest row meeting the SLO.",
            );
        }
    }
    let sentence = verdict::tradeoff(t, n.latency_slo_ms);
    section_ui(ui, "Latency, cost and accuracy", &sentence, &m);
}
