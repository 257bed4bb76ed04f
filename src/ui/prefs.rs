//! Preferences remembered between runs through eframe's storage: disposable
//! (a corrupt or missing entry falls back to the defaults) and never part of
//! a scenario file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::panel::PanelKind;

/// The storage key of the preferences.
pub const KEY: &str = "perfcase.prefs";

/// How many recent files the File menu keeps.
pub const MAX_RECENT: usize = 10;

/// The smallest UI zoom.
pub const MIN_ZOOM: f32 = 0.5;
/// The largest UI zoom: beyond it the panels no longer fit a laptop screen.
pub const MAX_ZOOM: f32 = 3.0;

/// Light, dark, or whatever the system says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemePref {
    /// Follow the operating system.
    #[default]
    System,
    /// Always dark.
    Dark,
    /// Always light.
    Light,
}

/// What perfcase remembers between runs. New fields need `#[serde(default)]`
/// (the struct-level default covers them) so older preferences still load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The colour theme.
    pub theme: ThemePref,
    /// The UI zoom factor.
    pub zoom: f32,
    /// The panel shown last.
    pub last_panel: PanelKind,
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// The size and scale chart exports are drawn at.
    pub export_size: ExportSize,
}

/// Chart export size, remembered between runs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportSize {
    /// Width in logical pixels.
    pub width: u32,
    /// Height in logical pixels.
    pub height: u32,
    /// PNG pixel multiplier (1 or 2).
    pub scale: u32,
}

impl Default for ExportSize {
    fn default() -> Self {
        Self {
            width: 900,
            height: 520,
            scale: 2,
        }
    }
}

impl From<ExportSize> for crate::chart::export::Size {
    fn from(size: ExportSize) -> Self {
        Self {
            width: size.width.clamp(200, 8000),
            height: size.height.clamp(150, 8000),
            scale: size.scale.clamp(1, 4),
        }
    }
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: ThemePref::System,
            zoom: 1.0,
            last_panel: PanelKind::default(),
            recent: Vec::new(),
            export_size: ExportSize::default(),
        }
    }
}

impl Prefs {
    /// Puts `path` first in the recent files, without duplicates, keeping at most ten.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(MAX_RECENT);
    }

    /// The zoom one step in (`+1`) or out (`-1`) from `zoom`, on the steps
    /// browsers use, within [`MIN_ZOOM`, `MAX_ZOOM`].
    pub fn zoom_step(zoom: f32, direction: i32) -> f32 {
        const STEPS: [f32; 13] = [
            0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0,
        ];
        // Tolerance: a zoom read from storage may be a hair off a step.
        let next = if direction > 0 {
            STEPS.iter().find(|&&s| s > zoom + 1e-3)
        } else {
            STEPS.iter().rev().find(|&&s| s < zoom - 1e-3)
        };
        next.copied().unwrap_or(zoom).clamp(MIN_ZOOM, MAX_ZOOM)
    }

    /// Reads the preferences from eframe's storage; defaults when absent or corrupt.
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Self {
        storage
            .and_then(|s| eframe::get_value::<Self>(s, KEY))
            .map(|mut prefs| {
                // A hand-edited zoom of 0 or 100 would make the window unusable.
                prefs.zoom = prefs.zoom.clamp(MIN_ZOOM, MAX_ZOOM);
                prefs
            })
            .unwrap_or_default()
    }
}
