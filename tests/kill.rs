//! Fault injection: `fmt`, `export` and `report` killed with SIGKILL at
//! random moments, hundreds of times; after every kill the target is the
//! complete old file or the complete new one, and the next run leaves no
//! temporaries behind. The GUI's save and autosave are interrupted between
//! writing the temporary and renaming it (a failpoint aborts the process
//! there), in a child process running the real app.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use rand::{RngExt as _, SeedableRng as _};
use rand_xoshiro::Xoshiro256PlusPlus;

fn exe() -> Command {
    Command::new(env!("CARGO_BIN_EXE_perfcase"))
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// Runs `perfcase args` in `dir` to completion.
fn run(dir: &Path, args: &[&str]) {
    let out = exe().current_dir(dir).args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What a round did.
#[derive(Debug, Default)]
struct Tally {
    /// The process was still running when it was killed.
    killed: u32,
    /// It had finished first.
    finished: u32,
    /// Of the kills, those after which the target was the new version.
    killed_new: u32,
}

/// Runs `perfcase args` in `dir` `rounds` times, killing it after a random
/// delay up to 1.2 × one complete run's time; `prepare` resets the
/// files before each round, `check` inspects them after each (returning
/// whether the target is the new version).
fn kill_loop(
    dir: &Path,
    args: &[&str],
    rounds: u32,
    seed: u64,
    mut prepare: impl FnMut(u32),
    mut check: impl FnMut(u32) -> bool,
) -> Tally {
    // One complete run's time: the median of five, each from the prepared
    // files. A single timing could be a cold or crowded run several times
    // the usual, and delays scaled from it then mostly missed the run (5
    // of 150 rounds killed, with the suite's other tests running beside).
    let mut times: Vec<_> = (0..5)
        .map(|_| {
            prepare(0);
            let start = Instant::now();
            run(dir, args);
            let took = start.elapsed();
            assert!(check(0), "a complete run writes the new version");
            took
        })
        .collect();
    times.sort();
    let full = times[times.len() / 2];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut tally = Tally::default();
    for round in 1..=rounds {
        prepare(round);
        let mut child = exe()
            .current_dir(dir)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns");
        std::thread::sleep(full.mul_f64(rng.random_range(0.0..1.2)));
        let running = child.try_wait().expect("status").is_none();
        child.kill().ok(); // SIGKILL
        child.wait().expect("reaped");
        let new = check(round);
        if running {
            tally.killed += 1;
            tally.killed_new += u32::from(new);
        } else {
            tally.finished += 1;
        }
    }
    tally
}

/// Names in `dir` that start with `.perfcase-`.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".perfcase-"))
        .collect()
}

fn read(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

/// Kills ≥ a fifth of the rounds mid-run, or the test proves little.
fn assert_mostly_killed(what: &str, t: &Tally, rounds: u32) {
    eprintln!("{what}: {t:?} of {rounds} rounds");
    assert!(
        t.killed >= rounds / 5,
        "{what}: only {} of {rounds} killed mid-run",
        t.killed
    );
}

#[test]
fn fmt_killed_at_random_leaves_the_old_file_or_the_new_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("s.ron");
    let old = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/formats/format1-orders-trace.ron"),
    )
    .expect("fixture");
    let scenario = perfcase::scenario_file::from_bytes(old.clone(), &file).expect("loads");
    let new = perfcase::scenario_file::to_string(&scenario).into_bytes();
    assert_ne!(old, new, "fmt upgrades format 1");
    let rounds = 150;
    let tally = kill_loop(
        dir.path(),
        &["fmt", "s.ron"],
        rounds,
        1,
        |_| std::fs::write(&file, &old).expect("reset"),
        |round| {
            let now = read(&file).expect("the file is never missing");
            assert!(now == old || now == new, "round {round}: a partial file");
            now == new
        },
    );
    assert_mostly_killed("fmt", &tally, rounds);
    // The next write removes what the killed ones left.
    run(dir.path(), &["fmt", "s.ron"]);
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    assert_eq!(read(&file), Some(new));
}

#[test]
fn export_killed_at_random_leaves_the_old_chart_or_the_new_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(sample("orders-trace.ron"), dir.path().join("s.ron")).expect("copy");
    let out = dir.path().join("chart.png");
    // The old file: another chart of the same scenario.
    run(
        dir.path(),
        &["export", "s.ron", "--chart", "time", "--out", "chart.png"],
    );
    let old = read(&out).expect("old chart");
    run(
        dir.path(),
        &["export", "s.ron", "--chart", "amdahl", "--out", "chart.png"],
    );
    let new = read(&out).expect("new chart");
    assert_ne!(old, new);
    let rounds = 120;
    let tally = kill_loop(
        dir.path(),
        &["export", "s.ron", "--chart", "amdahl", "--out", "chart.png"],
        rounds,
        2,
        |_| std::fs::write(&out, &old).expect("reset"),
        |round| {
            let now = read(&out).expect("the chart is never missing");
            assert!(now == old || now == new, "round {round}: a partial chart");
            now == new
        },
    );
    assert_mostly_killed("export", &tally, rounds);
    run(
        dir.path(),
        &["export", "s.ron", "--chart", "amdahl", "--out", "chart.png"],
    );
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

/// A memo's text and each chart file it links, by link.
type Memo = (Vec<u8>, Vec<(String, Vec<u8>)>);

/// The memo in `dir` with the charts it links.
fn memo_unit(dir: &Path) -> Option<Memo> {
    let text = read(&dir.join("memo.md"))?;
    let links: Vec<(String, Vec<u8>)> = String::from_utf8_lossy(&text)
        .split(['(', ')'])
        .filter(|part| {
            part.starts_with("memo-charts-") && (part.ends_with(".svg") || part.ends_with(".png"))
        })
        .map(|link| {
            let bytes =
                read(&dir.join(link)).unwrap_or_else(|| panic!("the memo links a missing {link}"));
            (link.to_owned(), bytes)
        })
        .collect();
    Some((text, links))
}

#[test]
fn report_killed_at_random_leaves_a_whole_memo_with_its_charts() {
    // Two scenarios alternate, so every round's old and new differ; each
    // is rendered once to completion for reference.
    let reference = |name: &str| {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::copy(sample(name), dir.path().join("s.ron")).expect("copy");
        run(dir.path(), &["report", "s.ron", "--out", "memo.md"]);
        memo_unit(dir.path()).expect("a memo")
    };
    let versions = [reference("orders-trace.ron"), reference("pdf-invoice.ron")];
    assert!(!versions[0].1.is_empty() && versions[0].0 != versions[1].0);
    let dir = tempfile::tempdir().expect("temp dir");
    let rounds = 100;
    let tally = kill_loop(
        dir.path(),
        &["report", "s.ron", "--out", "memo.md"],
        rounds,
        3,
        |round| {
            let name = if round % 2 == 0 {
                "orders-trace.ron"
            } else {
                "pdf-invoice.ron"
            };
            std::fs::copy(sample(name), dir.path().join("s.ron")).expect("copy");
        },
        |round| {
            let unit = memo_unit(dir.path());
            let wanted = &versions[(round % 2) as usize];
            let other = &versions[1 - (round % 2) as usize];
            match unit {
                // Before the first completed round there may be no memo.
                None => false,
                Some(u) => {
                    assert!(
                        u == *wanted || u == *other,
                        "round {round}: a memo and charts that do not match"
                    );
                    u == *wanted
                }
            }
        },
    );
    assert_mostly_killed("report", &tally, rounds);
    run(dir.path(), &["report", "s.ron", "--out", "memo.md"]);
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    // Only the current version's charts folder is left.
    let folders: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("memo-charts-"))
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
}

/// Runs this test binary's `child` test in a new process with the
/// failpoint armed; it must die at the failpoint.
fn run_child(child: &str, env: &[(&str, &Path)]) {
    let mut command = Command::new(std::env::current_exe().expect("test binary"));
    command
        .args([
            "--exact",
            child,
            "--ignored",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env("PERFCASE_FAILPOINT", "before-rename")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    let status = command.status().expect("child runs");
    assert!(
        !status.success(),
        "{child} should have died at the failpoint"
    );
}

#[test]
#[ignore = "run by gui_save_interrupted_before_rename_keeps_the_old_file"]
fn child_gui_save() {
    let Some(file) = std::env::var_os("PERFCASE_TEST_FILE") else {
        return;
    };
    let file = PathBuf::from(file);
    let mut app = perfcase::ui::PerfcaseApp::with_sample();
    app.open(&file);
    let mut h = common::window(app);
    h.state_mut().scenario_mut().title = "edited".into();
    h.run();
    h.state_mut().save_as(&file);
    unreachable!("the failpoint aborts the save");
}

#[test]
fn gui_save_interrupted_before_rename_keeps_the_old_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("orders.ron");
    std::fs::copy(sample("orders-trace.ron"), &file).expect("copy");
    let old = read(&file);
    run_child("child_gui_save", &[("PERFCASE_TEST_FILE", &file)]);
    assert_eq!(read(&file), old, "the old file, untouched");
    // The complete temporary is left, as a crash would leave it…
    let left = temporaries(dir.path());
    assert_eq!(left.len(), 1, "{left:?}");
    let text = std::fs::read_to_string(dir.path().join(&left[0])).expect("temporary");
    assert!(text.contains("title: \"edited\""), "{text}");
    // …and the next save (another process) removes it.
    let scenario = perfcase::scenario_file::load(&file).expect("loads");
    perfcase::scenario_file::save(&file, &scenario).expect("saves");
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

#[test]
#[ignore = "run by gui_autosave_interrupted_before_rename_keeps_the_old_recovery"]
fn child_gui_autosave() {
    let (Some(file), Some(data)) = (
        std::env::var_os("PERFCASE_TEST_FILE"),
        std::env::var_os("PERFCASE_TEST_DATA"),
    ) else {
        return;
    };
    let app = perfcase::ui::PerfcaseApp::open_or_sample(Path::new(&file))
        .with_recovery_dir(PathBuf::from(data));
    let mut h = common::window(app);
    h.state_mut().scenario_mut().title = "edited again".into();
    // Autosave is due a few seconds after the edit; each step is 0.25 s.
    h.run_steps(40);
    unreachable!("the failpoint aborts the autosave");
}

#[test]
fn gui_autosave_interrupted_before_rename_keeps_the_old_recovery() {
    let data = tempfile::tempdir().expect("data dir");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("orders.ron");
    std::fs::copy(sample("orders-trace.ron"), &file).expect("copy");
    // An earlier autosave's recovery file.
    let recovery = data.path().join("recovery.ron");
    let earlier = b"(path: None, scenario: (format: 2, title: \"earlier\"))".to_vec();
    std::fs::write(&recovery, &earlier).expect("write");
    run_child(
        "child_gui_autosave",
        &[
            ("PERFCASE_TEST_FILE", &file),
            ("PERFCASE_TEST_DATA", data.path()),
        ],
    );
    assert_eq!(
        read(&recovery),
        Some(earlier),
        "the earlier recovery, untouched"
    );
    let left = temporaries(data.path());
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(
        std::fs::read_to_string(data.path().join(&left[0]))
            .expect("temporary")
            .contains("edited again")
    );
}
