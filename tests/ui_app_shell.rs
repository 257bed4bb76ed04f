//! The app shell as a user meets it: opening through the command path,
//! editing, undo/redo, the dirty marker, saving, the unsaved-changes prompt,
//! shortcuts, crash recovery, and no repainting when idle.

mod common;

use std::path::{Path, PathBuf};

use eframe::egui::{self, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use perfcase::scenario_file;
use perfcase::ui::{PanelKind, PerfcaseApp};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn harness(app: PerfcaseApp) -> Harness<'static, PerfcaseApp> {
    common::window(app)
}

/// The orders trace copied to a temp dir, opened through the command path.
fn orders_in_temp() -> (tempfile::TempDir, PathBuf, Harness<'static, PerfcaseApp>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("orders.ron");
    std::fs::copy(sample("orders-trace.ron"), &path).expect("copy");
    let mut app = PerfcaseApp::with_sample();
    app.request_open(&path);
    let h = harness(app);
    (dir, path, h)
}

fn set_s(h: &mut Harness<'_, PerfcaseApp>, s: f64) {
    h.get_by_role_and_label(Role::Slider, "language speedup")
        .set_value_accesskit(s);
    h.run();
}

fn language_speedup(h: &Harness<'_, PerfcaseApp>) -> f64 {
    h.state()
        .scenario()
        .budget
        .as_ref()
        .expect("budget")
        .language_speedup
        .point()
}

#[test]
fn edit_undo_redo_and_the_dirty_marker() {
    let (_dir, path, mut h) = orders_in_temp();
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert!(!h.state().is_dirty());
    assert_eq!(
        h.state().window_title(),
        "Orders endpoint: rewrite in Go? — orders.ron — perfcase"
    );
    assert!(!h.state().can_undo());

    set_s(&mut h, 20.0);
    assert!(h.state().is_dirty());
    assert_eq!(
        h.state().window_title(),
        "Orders endpoint: rewrite in Go? • — orders.ron — perfcase"
    );
    h.get_by_label("• unsaved changes");
    set_s(&mut h, 40.0);

    // Undo through the Edit menu, redo through the keyboard.
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo").click();
    h.run();
    assert_eq!(language_speedup(&h), 20.0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(language_speedup(&h), 10.0);
    assert!(!h.state().is_dirty(), "undone back to the file's state");
    assert!(!h.state().can_undo());
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_eq!(language_speedup(&h), 20.0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert_eq!(language_speedup(&h), 40.0);
    assert!(!h.state().can_redo());
}

#[test]
fn save_with_ctrl_s_then_reload_is_equal() {
    let (_dir, path, mut h) = orders_in_temp();
    set_s(&mut h, 25.0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!h.state().is_dirty());
    assert!(
        h.state().status().text.starts_with("Saved "),
        "{}",
        h.state().status().text
    );
    let reloaded = scenario_file::load(&path).expect("reload");
    assert_eq!(&reloaded, h.state().scenario());
    assert_eq!(
        reloaded.budget.expect("budget").language_speedup.point(),
        25.0
    );
    assert_eq!(h.state().prefs().recent.first(), Some(&path));
}

#[test]
fn save_as_to_a_new_file_makes_it_current() {
    let (dir, _path, mut h) = orders_in_temp();
    set_s(&mut h, 30.0);
    let copy = dir.path().join("copy.ron");
    assert!(h.state_mut().save_as(&copy));
    h.run();
    assert_eq!(h.state().path(), Some(copy.as_path()));
    assert_eq!(
        &scenario_file::load(&copy).expect("reload"),
        h.state().scenario()
    );
}

/// Makes an edit, then asks for a new scenario: the prompt must appear.
fn prompt_on_new(h: &mut Harness<'_, PerfcaseApp>) {
    set_s(h, 50.0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    h.get_by_label("Unsaved changes");
}

#[test]
fn the_unsaved_prompt_cancel_keeps_everything() {
    let (_dir, _path, mut h) = orders_in_temp();
    prompt_on_new(&mut h);
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Unsaved changes").is_none());
    assert_eq!(language_speedup(&h), 50.0);
    assert!(h.state().is_dirty());
}

#[test]
fn the_unsaved_prompt_discard_drops_the_edit() {
    let (_dir, path, mut h) = orders_in_temp();
    prompt_on_new(&mut h);
    h.get_by_label("Discard").click();
    h.run();
    assert_eq!(h.state().scenario().title, "Untitled scenario");
    assert_eq!(h.state().path(), None);
    // The file on disk never saw the edit.
    let on_disk = scenario_file::load(&path).expect("load");
    assert_eq!(
        on_disk.budget.expect("budget").language_speedup.point(),
        10.0
    );
}

#[test]
fn the_unsaved_prompt_save_writes_then_continues() {
    let (_dir, path, mut h) = orders_in_temp();
    prompt_on_new(&mut h);
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(h.state().scenario().title, "Untitled scenario");
    let on_disk = scenario_file::load(&path).expect("load");
    assert_eq!(
        on_disk.budget.expect("budget").language_speedup.point(),
        50.0
    );
}

#[test]
fn opening_another_file_while_dirty_asks_first() {
    let (_dir, _path, mut h) = orders_in_temp();
    set_s(&mut h, 50.0);
    h.state_mut().request_open(&sample("rtb-matrix.ron"));
    h.run();
    h.get_by_label("Unsaved changes");
    h.get_by_label("Discard").click();
    h.run();
    assert_eq!(
        h.state().scenario().title,
        "Real-time bidding service: which language?"
    );
    assert_eq!(
        h.state().panel(),
        PanelKind::named("Matrix").expect("panel")
    );
}

#[test]
fn a_corrupt_file_keeps_the_scenario_and_names_the_file() {
    let (dir, _path, mut h) = orders_in_temp();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "Scenario(format: 1, budget: Budget(language_speedup: \"fast\"",
    )
    .expect("write");
    let before = h.state().scenario().clone();
    h.state_mut().request_open(&bad);
    h.run();
    assert_eq!(h.state().scenario(), &before);
    assert!(h.state().status().is_error);
    assert!(
        h.state()
            .status()
            .text
            .starts_with(&format!("{}:1:", bad.display()))
    );
}

#[test]
fn a_bad_file_on_the_command_line_is_unmistakable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Scenario(format: 2, title: \"mine\", budget: Budget(").expect("write");
    let mut h = harness(PerfcaseApp::open_or_sample(&bad));
    // The title and a banner say which file is not open, and why.
    assert_eq!(h.state().open_failed(), Some(bad.as_path()));
    assert_eq!(
        h.state().window_title(),
        "Could not open bad.ron — showing the built-in sample — perfcase"
    );
    h.get_by_label("Could not open bad.ron");
    // The error with its position: in the banner and the status bar.
    let at = format!("{}:1:", bad.display());
    assert_eq!(h.query_all_by_label_contains(&at).count(), 2);
    assert_eq!(h.state().path(), None, "the sample is not the file");
    // Fixed in an editor, Retry opens it and the banner goes.
    std::fs::copy(sample("orders-trace.ron"), &bad).expect("fix");
    h.get_by_label("Retry").click();
    h.run();
    assert_eq!(h.state().path(), Some(bad.as_path()));
    assert_eq!(h.state().open_failed(), None);
    assert!(h.query_by_label("Could not open bad.ron").is_none());
    assert!(h.state().window_title().ends_with("— bad.ron — perfcase"));
}

#[test]
fn dismissing_the_bad_file_banner_keeps_the_sample() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "not a scenario").expect("write");
    let mut h = harness(PerfcaseApp::open_or_sample(&bad));
    h.get_by_label("Dismiss").click();
    h.run();
    assert_eq!(h.state().open_failed(), None);
    assert!(h.query_by_label("Could not open bad.ron").is_none());
    assert!(!h.state().window_title().contains("Could not open"));
}

#[test]
fn shortcuts_switch_panels_and_presentation_mode() {
    let mut h = harness(PerfcaseApp::with_sample());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    h.run();
    assert_eq!(
        h.state().panel(),
        PanelKind::named("Matrix").expect("panel")
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num3);
    h.run();
    assert_eq!(
        h.state().panel(),
        PanelKind::named("Payback").expect("panel")
    );
    h.key_press(egui::Key::F11);
    h.run();
    assert!(h.state().is_presenting());
    assert!(h.query_by_label("File").is_none(), "the menu bar is hidden");
    h.get_by_label("Exit presentation (F11)").click();
    h.run();
    assert!(!h.state().is_presenting());
    h.get_by_label("File");
}

#[test]
fn zoom_is_a_command_with_shortcuts_a_menu_and_no_undo_entry() {
    let mut h = harness(PerfcaseApp::with_sample());
    let zoom = |h: &Harness<'_, PerfcaseApp>| h.ctx.zoom_factor();
    let key = |h: &mut Harness<'_, PerfcaseApp>, k| {
        h.key_press_modifiers(egui::Modifiers::COMMAND, k);
        h.run();
    };
    assert_eq!(zoom(&h), 1.0);
    key(&mut h, egui::Key::Plus);
    assert_eq!(zoom(&h), 1.1);
    key(&mut h, egui::Key::Equals);
    assert_eq!(zoom(&h), 1.25);
    key(&mut h, egui::Key::Minus);
    key(&mut h, egui::Key::Minus);
    key(&mut h, egui::Key::Minus);
    assert_eq!(zoom(&h), 0.9);
    assert!(h.state().status().text.contains("Zoom 90 %"));
    key(&mut h, egui::Key::Num0);
    assert_eq!(zoom(&h), 1.0);
    // Presentation multiplies the user's zoom and gives it back after.
    key(&mut h, egui::Key::Plus);
    h.key_press(egui::Key::F11);
    h.run();
    let presenting = zoom(&h);
    assert!(presenting > 1.1, "{presenting}");
    h.key_press(egui::Key::F11);
    h.run();
    assert_eq!(zoom(&h), 1.1);
    // Listed in the View menu with its shortcut; zooming is not an edit.
    h.get_by_label("View").click();
    h.run();
    for item in ["Zoom In", "Zoom Out", "Actual Size"] {
        assert!(
            h.query_by_label_contains(item).is_some(),
            "no {item} in the View menu"
        );
    }
    assert!(!h.state().can_undo());
    assert!(!h.state().is_dirty());
}

#[test]
fn a_crash_after_an_edit_is_recovered_on_the_next_start() {
    let data = tempfile::tempdir().expect("data dir");
    let (_dir, path, _) = orders_in_temp_at(data.path());
    let app = PerfcaseApp::open_or_sample(&path).with_recovery_dir(data.path().to_owned());
    let mut h = harness(app);
    set_s(&mut h, 60.0);
    // Autosave runs a few seconds after the edit; each step is 0.25 s.
    h.run_steps(20);
    assert!(data.path().join("recovery.ron").exists(), "autosaved");
    drop(h); // the crash: no save, no clean exit

    let again = PerfcaseApp::open_or_sample(&path).with_recovery_dir(data.path().to_owned());
    let mut h = harness(again);
    h.get_by_label("Restore unsaved work?");
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(language_speedup(&h), 60.0);
    assert!(h.state().is_dirty(), "restored work is still unsaved");
    assert_eq!(h.state().path(), Some(path.as_path()));
    // Saving it clears the recovery file.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!data.path().join("recovery.ron").exists());
}

fn orders_in_temp_at(dir: &Path) -> (PathBuf, PathBuf, ()) {
    let path = dir.join("orders.ron");
    std::fs::copy(sample("orders-trace.ron"), &path).expect("copy");
    (dir.to_owned(), path, ())
}

#[test]
fn nothing_repaints_when_idle() {
    let mut h = harness(PerfcaseApp::with_sample());
    // `run` fails if the UI keeps asking for immediate repaints; once settled,
    // one more frame must settle at once.
    assert_eq!(h.run(), 1);
}

#[test]
fn corrupt_preferences_fall_back_to_defaults() {
    struct Broken;
    impl eframe::Storage for Broken {
        fn get_string(&self, _key: &str) -> Option<String> {
            Some("this is not RON (".to_owned())
        }
        fn set_string(&mut self, _key: &str, _value: String) {}
        fn remove_string(&mut self, _key: &str) {}
        fn flush(&mut self) {}
    }
    let prefs = perfcase::ui::Prefs::load(Some(&Broken));
    assert_eq!(prefs, perfcase::ui::Prefs::default());
}

#[test]
fn one_slider_drag_is_one_undo_point() {
    let (_dir, _path, mut h) = orders_in_temp();
    let rect = h
        .get_by_role_and_label(Role::Slider, "language speedup")
        .rect();
    let y = rect.center().y;
    let press = |h: &Harness<'_, PerfcaseApp>, x: f32, pressed: bool| {
        h.event(egui::Event::PointerButton {
            pos: egui::pos2(x, y),
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    };
    h.event(egui::Event::PointerMoved(egui::pos2(rect.left() + 2.0, y)));
    h.step();
    press(&h, rect.left() + 2.0, true);
    h.step();
    // Many frames of dragging, each changing the value.
    for k in 1..=8 {
        h.event(egui::Event::PointerMoved(egui::pos2(
            rect.left() + 2.0 + 10.0 * k as f32,
            y,
        )));
        h.step();
    }
    press(&h, rect.left() + 82.0, false);
    h.run();
    let dragged = language_speedup(&h);
    assert!(
        dragged > 1.0 && dragged != 10.0,
        "the drag moved s (to {dragged})"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(language_speedup(&h), 10.0, "one undo undoes the whole drag");
    assert!(!h.state().can_undo());
}

#[test]
fn a_chart_can_be_copied_to_the_clipboard() {
    let mut h = harness(PerfcaseApp::with_sample());
    h.get_all_by_label("Export ▾")
        .next()
        .expect("an export button")
        .click();
    h.run();
    h.get_by_label("Copy image").click();
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyImage(image) => Some(image.size),
            _ => None,
        });
    // The document export size at 2×: 900 × 520 → 1800 × 1040 pixels.
    assert_eq!(copied, Some([1800, 1040]));
    h.run();
    assert!(
        h.state()
            .status()
            .text
            .starts_with("Copied the amdahl chart")
    );
}

/// A file dropped from a file manager: egui 0.37 leaves the handle to the
/// integration, so the test brings its own.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops `path` onto the window, as a file manager would.
fn drop_file(h: &mut Harness<'_, PerfcaseApp>, path: &Path) {
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.to_owned())));
    h.run();
}

#[test]
fn dropping_a_scenario_opens_it_and_asks_first_when_there_are_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let orders = dir.path().join("orders.ron");
    let rtb = dir.path().join("rtb.ron");
    std::fs::copy(sample("orders-trace.ron"), &orders).expect("copy");
    std::fs::copy(sample("rtb-matrix.ron"), &rtb).expect("copy");
    let mut h = harness(PerfcaseApp::with_sample());
    drop_file(&mut h, &orders);
    assert_eq!(h.state().path(), Some(orders.as_path()));
    assert_eq!(
        h.state().scenario(),
        &scenario_file::load(&orders).expect("loads")
    );
    // With unsaved changes, a drop asks before replacing them.
    set_s(&mut h, 30.0);
    drop_file(&mut h, &rtb);
    h.get_by_label("Unsaved changes");
    assert_eq!(h.state().path(), Some(orders.as_path()));
    h.get_by_label("Discard").click();
    h.run();
    assert_eq!(h.state().path(), Some(rtb.as_path()));
    assert_eq!(
        h.state().panel(),
        PanelKind::named("Matrix").expect("panel")
    );
}

#[test]
fn dropping_a_broken_scenario_keeps_the_document_and_says_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Scenario(format: 2, budget: Budget(").expect("write");
    let mut h = harness(PerfcaseApp::with_sample());
    let before = h.state().scenario().clone();
    drop_file(&mut h, &bad);
    assert_eq!(h.state().scenario(), &before);
    assert!(h.state().status().is_error);
    assert!(
        h.state()
            .status()
            .text
            .starts_with(&format!("{}:1:", bad.display()))
    );
}

#[test]
fn dropping_a_trace_opens_the_import_preview() {
    let trace = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/imports/checkout-trace.json");
    let mut h = harness(PerfcaseApp::with_sample());
    drop_file(&mut h, &trace);
    assert!(
        h.state().import_preview_open(),
        "{}",
        h.state().status().text
    );
    // Nothing changes until the preview is accepted.
    assert_eq!(h.state().path(), None);
}
