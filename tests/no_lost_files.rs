//! Safety of what perfcase writes (issue 21's probe): no command replaces
//! the scenario, a stranger's file, a link or a device; a closed pipe or a
//! full disk ends a command with a message, never a panic.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn perfcase(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_perfcase"))
        .args(args)
        .output()
        .expect("perfcase runs")
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn copy_sample(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    std::fs::copy(sample(name), &path).expect("copy");
    path.display().to_string()
}

#[test]
fn report_never_replaces_the_scenario_or_a_strangers_file() {
    let dir = tempfile::tempdir().expect("dir");
    let case = copy_sample(dir.path(), "rtb-rewrite.ron");
    let before = std::fs::read(&case).expect("read");
    let out = perfcase(&["report", &case, "--out", &case]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is the scenario itself"));
    assert_eq!(
        std::fs::read(&case).expect("read"),
        before,
        "the scenario is intact"
    );

    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "my own notes\n").expect("write");
    let notes = notes.display().to_string();
    let out = perfcase(&["report", &case, "--out", &notes]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&notes).expect("read"),
        "my own notes\n"
    );
    // A memo perfcase wrote is replaced by the next run; --force replaces the rest.
    let memo = dir.path().join("memo.md").display().to_string();
    assert!(
        perfcase(&["report", &case, "--out", &memo])
            .status
            .success()
    );
    assert!(
        perfcase(&["report", &case, "--out", &memo])
            .status
            .success()
    );
    assert!(
        perfcase(&["report", &case, "--out", &notes, "--force"])
            .status
            .success()
    );
    assert!(
        std::fs::read_to_string(&notes)
            .expect("read")
            .starts_with("# Real-time bidding")
    );
}

#[cfg(unix)]
#[test]
fn fmt_follows_a_link_and_nothing_replaces_a_pipe() {
    use std::os::unix::fs::FileTypeExt as _;
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("target.ron");
    std::fs::write(
        &target,
        include_str!("data/formats/format1-orders-trace.ron"),
    )
    .expect("write");
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    assert!(
        perfcase(&["fmt", link.to_str().expect("utf-8")])
            .status
            .success()
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link is kept"
    );
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        std::fs::read_to_string(sample("orders-trace.ron")).expect("sample"),
        "its target is formatted"
    );
    let fifo = dir.path().join("chart.svg");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success(),
        "mkfifo"
    );
    let case = sample("orders-trace.ron").display().to_string();
    let out = perfcase(&[
        "export",
        &case,
        "--chart",
        "amdahl",
        "--out",
        fifo.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .expect("fifo")
            .file_type()
            .is_fifo()
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let case = sample("funding-memo.ron").display().to_string();
    for args in [
        vec!["eval", case.as_str(), "--json"],
        vec!["eval", case.as_str()],
        vec!["charts", case.as_str()],
        vec!["diff", case.as_str(), case.as_str()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_perfcase"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        // Read one byte, then hang up, as `| head -c1` does.
        let mut stdout = child.stdout.take().expect("stdout");
        let mut byte = [0u8; 1];
        stdout.read_exact(&mut byte).expect("a first byte");
        drop(stdout);
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_not_a_panic() {
    use std::os::unix::fs::FileTypeExt as _;
    let device = std::fs::metadata("/dev/full").is_ok_and(|m| m.file_type().is_char_device());
    if !device {
        eprintln!("skipped: this system has no /dev/full device");
        return;
    }
    let case = sample("funding-memo.ron").display().to_string();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_perfcase"))
        .args(["eval", &case])
        .stdout(full)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write to standard output"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn report_since_says_what_changed() {
    let dir = tempfile::tempdir().expect("dir");
    let old = copy_sample(dir.path(), "rtb-rewrite.ron");
    let text = std::fs::read_to_string(&old).expect("read");
    let new = dir.path().join("new.ron");
    std::fs::write(
        &new,
        text.replacen(
            "recurring_monthly_cost: 15000.0",
            "recurring_monthly_cost: 30000.0",
            1,
        ),
    )
    .expect("write");
    let memo = dir.path().join("memo.md");
    let run = perfcase(&[
        "report",
        new.to_str().expect("utf-8"),
        "--out",
        memo.to_str().expect("utf-8"),
        "--since",
        &old,
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&memo).expect("memo");
    let at = text.find("## What changed since").expect("the section");
    assert!(
        at > text.find("## Summary").expect("summary"),
        "after the summary"
    );
    assert!(
        text[at..].contains("| `payback.recurring_monthly_cost` |"),
        "{text}"
    );
    assert!(
        text[at..].contains("| **changed** | Break-even month"),
        "{text}"
    );
}

#[test]
fn nothing_from_a_file_reaches_the_terminal_or_the_memo_as_markup() {
    let dir = tempfile::tempdir().expect("dir");
    // A raw escape sequence (clear screen) in the title: refused by path,
    // and the message carries no escape character.
    let esc = dir.path().join("esc.ron");
    std::fs::write(&esc, "Scenario(format: 2, title: \"\u{1b}[2Jhi\")").expect("write");
    let out = perfcase(&["eval", esc.to_str().expect("utf-8")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("title: contains the control character U+001B"),
        "{err}"
    );
    assert!(!out.stderr.contains(&0x1b), "{err}");
    // A newline in a candidate's name would start a heading: refused too.
    let text = std::fs::read_to_string(sample("funding-memo.ron")).expect("sample");
    let newline = dir.path().join("nl.ron");
    std::fs::write(
        &newline,
        text.replacen("\"Go rewrite\"", "\"Go\\n# rewrite\"", 1),
    )
    .expect("write");
    let out = perfcase(&["eval", newline.to_str().expect("utf-8")]);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("matrix.candidates[1].name: contains the control character U+000A"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A name that is HTML is shown, not run; a memo named with a space
    // links its charts so CommonMark finds them; the SVGs stay valid XML.
    let html = dir.path().join("html.ron");
    std::fs::write(
        &html,
        text.replacen(
            "\"Go rewrite\"",
            "\"<script>alert(1)</script> & Go | rewrite\"",
            1,
        ),
    )
    .expect("write");
    let memo = dir.path().join("my memo.md");
    let run = perfcase(&[
        "report",
        html.to_str().expect("utf-8"),
        "--out",
        memo.to_str().expect("utf-8"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let written = std::fs::read_to_string(&memo).expect("memo");
    assert!(
        !written.contains("<script") && !written.contains("</"),
        "no raw tag"
    );
    assert!(
        written.contains("&lt;script>alert(1)&lt;/script> & Go \\| rewrite"),
        "{written}"
    );
    assert!(written.contains("](my%20memo-charts-"), "{written}");
    let charts = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("my memo-charts-")
        })
        .expect("the charts folder");
    for svg in std::fs::read_dir(charts.path()).expect("charts").flatten() {
        if svg.path().extension().is_some_and(|e| e == "svg") {
            let text = std::fs::read_to_string(svg.path()).expect("svg");
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", svg.path().display()));
        }
    }
}

/// The `<stem>-charts-<id>` folders in `dir`.
fn chart_folders(dir: &Path, stem: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("{stem}-charts-"))
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Every chart the memo at `memo` links exists.
fn links_resolve(memo: &Path) -> bool {
    let text = std::fs::read_to_string(memo).expect("memo");
    let dir = memo.parent().expect("dir");
    text.lines()
        .filter_map(|l| l.strip_prefix("![").and_then(|l| l.split_once("](")))
        .map(|(_, rest)| rest.trim_end_matches(')').replace("%20", " "))
        .all(|link| dir.join(link).is_file())
}

#[test]
fn a_memos_charts_are_its_own_and_repaired_when_damaged() {
    let dir = tempfile::tempdir().expect("dir");
    let case = copy_sample(dir.path(), "orders-trace.ron");
    // A user's own folder that looks like a charts folder.
    let own = dir.path().join("memo-charts-0000abcd");
    std::fs::create_dir(&own).expect("mkdir");
    std::fs::write(own.join("keep.txt"), "mine").expect("write");
    let md = dir.path().join("memo.md");
    let txt = dir.path().join("memo.txt");
    for memo in [&md, &txt, &md] {
        let run = perfcase(&["report", &case, "--out", memo.to_str().expect("utf-8")]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    assert!(
        links_resolve(&md) && links_resolve(&txt),
        "each memo keeps its charts"
    );
    assert_eq!(
        std::fs::read_to_string(own.join("keep.txt")).expect("kept"),
        "mine"
    );
    assert_eq!(
        chart_folders(dir.path(), "memo").len(),
        3,
        "md's, txt's and the user's"
    );
    // Damage memo.md's charts (as a kill during a deletion would); the next
    // identical run repairs them instead of reusing the folder as it is.
    let text = std::fs::read_to_string(&md).expect("memo");
    let linked = text
        .lines()
        .find_map(|l| l.strip_prefix("![").and_then(|l| l.split_once("](")))
        .map(|(_, rest)| rest.trim_end_matches(')').to_owned())
        .expect("a chart");
    std::fs::remove_file(dir.path().join(&linked)).expect("damage");
    assert!(!links_resolve(&md));
    assert!(
        perfcase(&["report", &case, "--out", md.to_str().expect("utf-8")])
            .status
            .success()
    );
    assert!(links_resolve(&md), "repaired");
}

/// On a full disk each writing command names the file the user asked for
/// (not the temporary it was staging), leaves the old file as it was and
/// leaves no temporary behind. The disk is made full by a failpoint that
/// fails every staged write with the error a full disk gives.
#[test]
fn a_full_disk_names_the_target_and_leaves_the_old_file() {
    let dir = tempfile::tempdir().expect("dir");
    let case = copy_sample(dir.path(), "funding-memo.ron");
    let memo = dir.path().join("memo.md");
    let chart = dir.path().join("timeline.svg");
    let scenario = dir.path().join("imported.ron");
    for (file, old) in [
        (&memo, "old memo, Generated by perfcase"),
        (&chart, "<!-- Generated by perfcase -->\n<svg/>"),
        (&scenario, "old"),
    ] {
        std::fs::write(file, old).expect("write");
    }
    let trace = sample("imports/checkout-trace.json").display().to_string();
    let runs: [(&Path, Vec<&str>); 3] = [
        (
            &memo,
            vec!["report", &case, "--out", memo.to_str().expect("utf-8")],
        ),
        (
            &chart,
            vec![
                "export",
                &case,
                "--chart",
                "timeline",
                "--out",
                chart.to_str().expect("utf-8"),
                "--force",
            ],
        ),
        (
            &scenario,
            vec![
                "import",
                &trace,
                "--out",
                scenario.to_str().expect("utf-8"),
                "--force",
            ],
        ),
    ];
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    for (target, args) in runs {
        let old = std::fs::read(target).expect("read");
        let out = Command::new(env!("CARGO_BIN_EXE_perfcase"))
            .args(&args)
            .env("PERFCASE_FAILPOINT", "disk-full")
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(&format!("{}: cannot write", target.display())),
            "{args:?}: the message does not name {}: {err}",
            target.display()
        );
        assert!(
            !err.contains(".perfcase-"),
            "{args:?}: names a temporary: {err}"
        );
        assert_eq!(
            std::fs::read(target).expect("read"),
            old,
            "{args:?}: old file changed"
        );
        assert_eq!(listing(), before, "{args:?}: left something behind");
    }
}

/// `export` replaces a chart it exported earlier, but not a file of the
/// user's that happens to have the name (unless --force); with --all, one
/// such file stops the whole export before anything is written.
#[test]
fn export_replaces_its_own_charts_but_not_a_strangers_file() {
    let dir = tempfile::tempdir().expect("dir");
    let case = copy_sample(dir.path(), "funding-memo.ron");
    let at = |name: &str| dir.path().join(name).display().to_string();
    for out in [at("t.svg"), at("t.png")] {
        let args = ["export", &case, "--chart", "timeline", "--out", &out];
        assert_eq!(perfcase(&args).status.code(), Some(0), "first export");
        let again = perfcase(&args);
        assert_eq!(
            again.status.code(),
            Some(0),
            "{out}: its own chart is replaced: {}",
            String::from_utf8_lossy(&again.stderr)
        );
    }
    let mine = at("mine.svg");
    std::fs::write(&mine, "<svg>my own drawing</svg>").expect("write");
    let args = ["export", &case, "--chart", "timeline", "--out", &mine];
    let out = perfcase(&args);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("mine.svg: exists and is not a chart perfcase exported"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&mine).expect("read"),
        "<svg>my own drawing</svg>"
    );
    let forced = perfcase(&[&args[..], &["--force"]].concat());
    assert_eq!(forced.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&mine)
            .expect("read")
            .contains("<svg width")
    );
    // --all: a stranger's voi.png among the names stops it before any write.
    let folder = dir.path().join("charts");
    std::fs::create_dir(&folder).expect("dir");
    std::fs::write(folder.join("voi.png"), "not a png").expect("write");
    let folder_arg = folder.display().to_string();
    let out = perfcase(&["export", &case, "--all", "--out-dir", &folder_arg]);
    assert_eq!(out.status.code(), Some(1));
    let left: Vec<_> = std::fs::read_dir(&folder).expect("list").collect();
    assert_eq!(left.len(), 1, "something was written before the refusal");
    let out = perfcase(&[
        "export",
        &case,
        "--all",
        "--out-dir",
        &folder_arg,
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(0));
    // And a second --all replaces its own charts without --force.
    let out = perfcase(&["export", &case, "--all", "--out-dir", &folder_arg]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
