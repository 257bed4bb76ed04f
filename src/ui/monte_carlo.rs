//! The Monte Carlo behind the panels, run off the UI thread.
//!
//! While a slider is dragged the panels rerun at [`LIVE_SAMPLES`] so the
//! frame budget holds; when the drag ends they refine to the file's sample
//! count. Jobs go to one worker thread, which always takes the newest job
//! and drops the ones it was too slow for; every result is tagged with the
//! revision it was computed for, and a result older than the one shown is
//! dropped.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use eframe::egui;

use crate::model::uncertain::views::{Views, views};
use crate::model::{Evaluation, Scenario};

/// Samples per run while an input is being dragged.
pub const LIVE_SAMPLES: u64 = 4000;

/// One request: a scenario to sample.
struct Job {
    revision: u64,
    scenario: Scenario,
    samples: u64,
    seed: u64,
    grid: Vec<f64>,
}

/// A finished run.
struct Done {
    revision: u64,
    views: Option<Arc<Views>>,
}

/// What the panels show of the uncertainty, and the worker producing it.
#[derive(Default)]
pub struct MonteCarloRunner {
    jobs: Option<Sender<Job>>,
    results: Option<Receiver<Done>>,
    /// Run jobs on the calling thread (tests: deterministic frames).
    synchronous: bool,
    /// The last request: (scenario, samples); a new one goes out when it changes.
    requested: Option<(Scenario, u64)>,
    revision: u64,
    shown_revision: u64,
    shown: Option<Arc<Views>>,
}

impl MonteCarloRunner {
    /// A runner that computes on the calling thread, for tests.
    pub fn synchronous() -> Self {
        Self {
            synchronous: true,
            ..Self::default()
        }
    }

    /// The latest run's results, if the scenario has ranges.
    pub fn views(&self) -> Option<&Views> {
        self.shown.as_deref()
    }

    /// Whether a newer run is on its way (the shown one is stale or a quick one).
    pub fn is_refining(&self) -> bool {
        self.requested.is_some() && self.shown_revision != self.revision
    }

    /// Requests a run when `scenario` (or the sample count the moment calls
    /// for) changed, and takes finished runs. Call once a frame.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        scenario: &Scenario,
        eval: &Evaluation,
        dragging: bool,
    ) {
        let full = scenario.monte_carlo.samples;
        let samples = if dragging {
            full.min(LIVE_SAMPLES)
        } else {
            full
        };
        let changed = self
            .requested
            .as_ref()
            .is_none_or(|(s, n)| s != scenario || *n != samples);
        if changed {
            self.revision += 1;
            self.requested = Some((scenario.clone(), samples));
            let grid = eval
                .budget
                .as_ref()
                .map(crate::chart::budget::amdahl_grid)
                .unwrap_or_default();
            let job = Job {
                revision: self.revision,
                scenario: scenario.clone(),
                samples,
                seed: scenario.monte_carlo.seed,
                grid,
            };
            if self.synchronous {
                self.take(run(job));
            } else {
                self.send(ctx, job);
            }
        }
        let finished: Vec<Done> = self
            .results
            .as_ref()
            .map(|rx| rx.try_iter().collect())
            .unwrap_or_default();
        for done in finished {
            self.take(done);
        }
    }

    fn take(&mut self, done: Done) {
        // Results arrive in order, but never let an older one replace a newer.
        if done.revision >= self.shown_revision {
            self.shown_revision = done.revision;
            self.shown = done.views;
        }
    }

    fn send(&mut self, ctx: &egui::Context, job: Job) {
        if self.jobs.is_none() {
            let (job_tx, job_rx) = mpsc::channel::<Job>();
            let (done_tx, done_rx) = mpsc::channel::<Done>();
            let ctx = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name("monte-carlo".into())
                .spawn(move || worker(&job_rx, &done_tx, &ctx));
            if spawned.is_err() {
                // No thread: compute in the frame instead.
                self.synchronous = true;
                self.take(run(job));
                return;
            }
            self.jobs = Some(job_tx);
            self.results = Some(done_rx);
        }
        if let Some(tx) = &self.jobs
            && let Err(mpsc::SendError(job)) = tx.send(job)
        {
            self.synchronous = true;
            self.take(run(job));
        }
    }
}

fn run(job: Job) -> Done {
    let views = views(&job.scenario, job.samples, job.seed, &job.grid);
    Done {
        revision: job.revision,
        views: views.map(Arc::new),
    }
}

/// Takes the newest waiting job, runs it, sends the result; ends when the
/// app drops its sender.
fn worker(jobs: &Receiver<Job>, done: &Sender<Done>, ctx: &egui::Context) {
    while let Ok(mut job) = jobs.recv() {
        // Only the newest job matters: an edit made the older ones stale.
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        if done.send(run(job)).is_err() {
            return;
        }
        ctx.request_repaint();
    }
}
