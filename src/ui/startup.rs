//! Startup timing, for finding what the first frame waits for:
//! `PERFCASE_STARTUP=1 perfcase` prints, on standard error, when the app
//! was built, when eframe handed over the window, and when the first frame
//! was drawn; `PERFCASE_STARTUP=exit` also closes the window after that
//! frame, so the whole start-up can be timed as a process.

use std::time::{Duration, Instant};

use eframe::egui;

/// Marks on the way to the first frame.
#[derive(Debug)]
pub struct Startup {
    began: Instant,
    marks: Vec<(&'static str, Duration)>,
    exit: bool,
    frames: u32,
}

impl Startup {
    /// From the environment: `None` unless `PERFCASE_STARTUP` is set.
    pub fn from_env(began: Instant) -> Option<Self> {
        let value = std::env::var("PERFCASE_STARTUP").ok()?;
        Some(Self {
            began,
            marks: Vec::new(),
            exit: value == "exit",
            frames: 0,
        })
    }

    /// Records `what` now.
    pub fn mark(&mut self, what: &'static str) {
        self.marks.push((what, self.began.elapsed()));
    }

    /// Called at the end of every frame until it returns true. eframe
    /// paints a frame after laying it out, so by the end of the second the
    /// first is on screen: then the marks are printed (and, for `exit`, the
    /// window closes), and the timing is done.
    pub fn frame_done(&mut self, ctx: &egui::Context) -> bool {
        self.frames += 1;
        match self.frames {
            1 => {
                self.mark("first frame laid out");
                ctx.request_repaint();
                false
            }
            _ => {
                self.mark("first frame painted");
                let marks: Vec<String> = self
                    .marks
                    .iter()
                    .map(|(what, at)| format!("{what} {:.1} ms", at.as_secs_f64() * 1e3))
                    .collect();
                // Never a panic when standard error is closed or full.
                let _ = std::io::Write::write_fmt(
                    &mut std::io::stderr(),
                    format_args!("perfcase startup: {}\n", marks.join(", ")),
                );
                if self.exit {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
                true
            }
        }
    }
}
