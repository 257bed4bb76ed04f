//! The fuzz loop: mutated inputs into one target on several threads, each
//! call under `catch_unwind`, a watchdog for inputs that take too long, and
//! every failure saved under `fuzz/crashers/` with the command that replays
//! it.
//!
//! Stable Rust has no coverage-guided fuzzer, so guidance comes from
//! structure instead (see `mutate.rs`): inputs that the parser accepted are
//! kept in a small per-thread pool and mutated further, which walks deeper
//! into valid-looking files than mutating the seeds alone.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rand::{Rng as _, RngExt as _, SeedableRng as _};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::mutate::Mutator;

/// What a target says about one input it returned from.
pub enum Verdict {
    /// Parsed (and, where the target goes further, evaluated) cleanly.
    Accepted,
    /// Refused with an error message, as bad input should be.
    Rejected,
}

/// A target's run: `Err` is a broken property (not a refusal), e.g. NaN in
/// an output or an error message without the file's name.
pub type Run = fn(&[u8]) -> Result<Verdict, String>;

/// One parser under fuzzing.
pub struct Target {
    /// Its name: command-line argument and crasher file prefix.
    pub name: &'static str,
    /// The seed corpus.
    pub seeds: Vec<Vec<u8>>,
    /// Feeds it one input.
    pub run: Run,
}

/// How a failing input failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// It panicked.
    Panic,
    /// A property broke.
    Violation,
    /// It ran past the per-input limit.
    Hang,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Panic => "panic",
            Kind::Violation => "violation",
            Kind::Hang => "hang",
        }
    }
}

/// A saved failure.
#[derive(Clone, Debug)]
pub struct Failure {
    /// How it failed.
    pub kind: Kind,
    /// The panic message or broken property.
    pub message: String,
    /// Where the input was saved (None when saving failed).
    pub file: Option<PathBuf>,
}

/// A run's settings.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Inputs to try.
    pub inputs: u64,
    /// The run's seed: the same seed and thread count give the same inputs.
    pub seed: u64,
    /// Worker threads.
    pub threads: usize,
    /// An input running longer than this is a hang.
    pub time_limit: Duration,
    /// Where failing inputs are saved.
    pub crashers: PathBuf,
}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Inputs tried.
    pub inputs: u64,
    /// Of those, accepted.
    pub accepted: u64,
    /// Of those, refused with an error.
    pub rejected: u64,
    /// The slowest input's time.
    pub slowest: Duration,
    /// The slowest input, to look into what takes long.
    pub slowest_input: Vec<u8>,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// The failures, at most a few per kind.
    pub failures: Vec<Failure>,
    /// Failures in all.
    pub failed: u64,
}

/// Failures saved per run: the rest are counted only.
const MAX_SAVED: usize = 20;
/// Accepted inputs kept per thread to mutate further.
const POOL: usize = 256;
/// Random bytes steering the mutations of one input.
const ENTROPY: usize = 192;

thread_local! {
    /// The last panic's message, set by the quiet hook.
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Replaces the panic hook with one that records the message instead of
/// printing it: a million caught panics would flood the terminal.
pub fn quiet_panics() {
    panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(non-string panic)".to_owned());
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{payload}{location}")));
    }));
}

/// Runs one input through `target` as the fuzz loop does: the verdict, or
/// the failure's kind and message (hangs are the watchdog's business).
pub fn check(target: &Target, input: &[u8]) -> Result<Verdict, (Kind, String)> {
    match panic::catch_unwind(AssertUnwindSafe(|| (target.run)(input))) {
        Ok(Ok(verdict)) => Ok(verdict),
        Ok(Err(broken)) => Err((Kind::Violation, broken)),
        Err(_) => {
            let message = LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| "panic".to_owned());
            Err((Kind::Panic, message))
        }
    }
}

/// One worker's current input, for the watchdog.
struct Slot {
    /// When the current input started (ns since the run began); 0 = idle.
    started: AtomicU64,
    input: Mutex<Vec<u8>>,
}

/// Fuzzes `target` as `settings` say. A hang saves the input and ends the
/// process (a stuck thread cannot be stopped), after printing the replay.
pub fn run(target: &Target, settings: &Settings) -> Report {
    let began = Instant::now();
    let threads = settings.threads.max(1);
    let slots: Vec<Slot> = (0..threads)
        .map(|_| Slot {
            started: AtomicU64::new(0),
            input: Mutex::new(Vec::new()),
        })
        .collect();
    let done = AtomicBool::new(false);
    let mutator = Mutator::new(&target.seeds);
    let mut report = Report::default();
    std::thread::scope(|scope| {
        let (slots, done, mutator) = (&slots, &done, &mutator);
        scope.spawn(move || watch(slots, done, began, target.name, settings));
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                scope.spawn(move || {
                    let lane = Lane {
                        worker,
                        threads,
                        slot: &slots[worker],
                        began,
                    };
                    work(target, settings, mutator, &lane)
                })
            })
            .collect();
        for worker in workers {
            // A worker only panics outside `catch_unwind`, i.e. in the
            // harness itself: let that surface.
            match worker.join() {
                Ok(local) => report.merge(local),
                Err(e) => panic::resume_unwind(e),
            }
        }
        done.store(true, Ordering::SeqCst);
    });
    report.elapsed = began.elapsed();
    report
}

/// One worker's share of a run.
struct Lane<'a> {
    worker: usize,
    threads: usize,
    slot: &'a Slot,
    began: Instant,
}

/// Runs inputs `worker`, `worker + threads`, … of the run.
fn work(target: &Target, settings: &Settings, mutator: &Mutator, lane: &Lane) -> Report {
    let mut local = Report::default();
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let mut index = lane.worker as u64;
    while index < settings.inputs {
        // Each input from its own stream: input i is the same whatever
        // thread runs it (given the pool, which depends on the thread count).
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(
            settings.seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let mut entropy = [0u8; ENTROPY];
        rng.fill_bytes(&mut entropy);
        let input = mutator.generate(&entropy, &pool);
        lane.slot
            .input
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone_from(&input);
        let start = Instant::now();
        lane.slot
            .started
            .store(nanos_since(lane.began).max(1), Ordering::SeqCst);
        let outcome = check(target, &input);
        lane.slot.started.store(0, Ordering::SeqCst);
        let took = start.elapsed();
        if took > local.slowest {
            local.slowest = took;
            local.slowest_input.clone_from(&input);
        }
        local.inputs += 1;
        match outcome {
            Ok(Verdict::Accepted) => {
                local.accepted += 1;
                if pool.len() < POOL {
                    pool.push(input);
                } else {
                    let at = rng.random_range(0..POOL);
                    pool[at] = input;
                }
            }
            Ok(Verdict::Rejected) => local.rejected += 1,
            Err((kind, message)) => {
                local.failed += 1;
                if local.failures.len() < MAX_SAVED {
                    let file = save(&settings.crashers, target.name, kind, &input).ok();
                    local.failures.push(Failure {
                        kind,
                        message,
                        file,
                    });
                }
            }
        }
        index += lane.threads as u64;
    }
    local
}

impl Report {
    fn merge(&mut self, other: Report) {
        self.inputs += other.inputs;
        self.accepted += other.accepted;
        self.rejected += other.rejected;
        self.failed += other.failed;
        if other.slowest > self.slowest {
            self.slowest = other.slowest;
            self.slowest_input = other.slowest_input;
        }
        self.failures.extend(other.failures);
    }
}

fn nanos_since(began: Instant) -> u64 {
    u64::try_from(began.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

/// Checks the workers every 50 ms; one stuck past `limit` has its input
/// saved and the process ends with status 3.
fn watch(slots: &[Slot], done: &AtomicBool, began: Instant, target: &str, settings: &Settings) {
    let (limit, dir) = (settings.time_limit, settings.crashers.as_path());
    let limit_ns = u64::try_from(limit.as_nanos()).unwrap_or(u64::MAX);
    while !done.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(50));
        let now = nanos_since(began);
        for slot in slots {
            let started = slot.started.load(Ordering::SeqCst);
            if started != 0 && now.saturating_sub(started) > limit_ns {
                let input = slot.input.lock().unwrap_or_else(|e| e.into_inner()).clone();
                let file = save(dir, target, Kind::Hang, &input);
                eprintln!(
                    "fuzz {target}: an input ran longer than {limit:?}: {}",
                    describe(target, file.ok().as_deref())
                );
                std::process::exit(3);
            }
        }
    }
}

/// Saves a failing input as `<dir>/<target>-<kind>-<hash>.bin`.
fn save(dir: &Path, target: &str, kind: Kind, input: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let file = dir.join(format!(
        "{target}-{}-{:016x}.bin",
        kind.name(),
        perfcase::model::uncertain::monte_carlo::fnv1a_bytes(0xcbf2_9ce4_8422_2325, input)
    ));
    std::fs::write(&file, input)?;
    Ok(file)
}

/// Where a failure was saved and the command that replays it.
pub fn describe(target: &str, file: Option<&Path>) -> String {
    match file {
        Some(file) => format!(
            "saved as {} — replay: cargo run --release --example fuzz -- --replay {target} {}",
            file.display(),
            file.display()
        ),
        None => "(the input could not be saved)".to_owned(),
    }
}
