//! Every user command, with its label, tooltip and shortcut, used alike by
//! the menus, the buttons and the keyboard.

use eframe::egui::{Key, KeyboardShortcut, Modifiers};

use super::panel::PanelKind;

/// A command the user can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// Start an empty scenario.
    New,
    /// Open a scenario file (file dialog).
    Open,
    /// Import a trace or a profile as a new scenario (file dialog).
    Import,
    /// Put a second scenario beside this one (file dialog).
    CompareWith,
    /// Save to the current file (Save As when there is none).
    Save,
    /// Save to a new file (file dialog).
    SaveAs,
    /// Reload the current file, discarding changes.
    Revert,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Show a panel.
    ShowPanel(PanelKind),
    /// Toggle presentation mode.
    TogglePresentation,
    /// Show or hide the inputs beside the charts.
    ToggleInputs,
    /// Make text and controls larger (the next zoom step).
    ZoomIn,
    /// Make text and controls smaller.
    ZoomOut,
    /// Back to 100 % zoom.
    ZoomReset,
    /// Show the About box.
    About,
    /// Close the window (asks about unsaved changes).
    Quit,
}

impl Command {
    /// Every command with a shortcut, most specific first: Ctrl+Shift+S must
    /// be tried before Ctrl+S, Ctrl+Shift+Z before Ctrl+Z. One "show" per
    /// registered panel.
    pub fn with_shortcuts() -> Vec<Self> {
        let mut commands = vec![
            Self::SaveAs,
            Self::Redo,
            Self::New,
            Self::Open,
            Self::Import,
            Self::CompareWith,
            Self::Save,
            Self::Undo,
        ];
        commands.extend(PanelKind::all().map(Self::ShowPanel));
        commands.extend([
            Self::TogglePresentation,
            Self::ToggleInputs,
            Self::Quit,
            Self::Revert,
            Self::ZoomIn,
            Self::ZoomOut,
            Self::ZoomReset,
        ]);
        commands
    }

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::Open => "Open…",
            Self::Import => "Import Trace or Profile…",
            Self::CompareWith => "Compare With…",
            Self::Save => "Save",
            Self::SaveAs => "Save As…",
            Self::Revert => "Revert to Saved",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::ShowPanel(panel) => panel.label(),
            Self::TogglePresentation => "Presentation Mode",
            Self::ToggleInputs => "Show or Hide Inputs",
            Self::ZoomIn => "Zoom In",
            Self::ZoomOut => "Zoom Out",
            Self::ZoomReset => "Actual Size",
            Self::About => "About perfcase",
            Self::Quit => "Quit",
        }
    }

    /// What the command does, for tooltips.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::New => "Start an empty scenario",
            Self::Open => "Open a scenario file (.ron)",
            Self::Import => {
                "Make a budget of a trace (Jaeger, OTLP, Zipkin, Chrome) or a profile \
                 (pprof, speedscope, folded stacks): its critical path or self-time shares"
            }
            Self::CompareWith => {
                "Put a second scenario (B) beside this one: the deciding numbers of both \
                 and their change, B's curves dashed in every chart; Escape closes it"
            }
            Self::Save => "Save the scenario to its file",
            Self::SaveAs => "Save the scenario to a new file",
            Self::Revert => "Reload the file from disk, discarding unsaved changes",
            Self::Undo => "Undo the last edit",
            Self::Redo => "Redo the last undone edit",
            Self::ShowPanel(_) => "Show this panel",
            Self::TogglePresentation => {
                "Large numbers and thick lines for a meeting; hides the menus"
            }
            Self::ToggleInputs => {
                "The sliders beside the charts; in a narrow window they start hidden \
                 so the charts get the room"
            }
            Self::ZoomIn => "Larger text and controls (the zoom is remembered)",
            Self::ZoomOut => "Smaller text and controls (the zoom is remembered)",
            Self::ZoomReset => "Back to 100 % zoom",
            Self::About => "Version and what perfcase is",
            Self::Quit => "Close the window",
        }
    }

    /// The keyboard shortcut, if any.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let key = |modifiers, key| Some(KeyboardShortcut::new(modifiers, key));
        match self {
            Self::New => key(cmd, Key::N),
            Self::Open => key(cmd, Key::O),
            Self::Import => key(cmd, Key::I),
            Self::CompareWith => key(cmd_shift, Key::O),
            Self::Save => key(cmd, Key::S),
            Self::SaveAs => key(cmd_shift, Key::S),
            Self::Revert => key(cmd_shift, Key::R),
            Self::Undo => key(cmd, Key::Z),
            Self::Redo => key(cmd_shift, Key::Z),
            // Ctrl+1… in navigation order, for the first nine panels.
            Self::ShowPanel(panel) => DIGITS.get(panel.index()).and_then(|&digit| key(cmd, digit)),
            Self::TogglePresentation => key(Modifiers::NONE, Key::F11),
            Self::ToggleInputs => key(Modifiers::NONE, Key::F9),
            Self::Quit => key(cmd, Key::Q),
            Self::ZoomIn => key(cmd, Key::Plus),
            Self::ZoomOut => key(cmd, Key::Minus),
            Self::ZoomReset => key(cmd, Key::Num0),
            Self::About => None,
        }
    }

    /// Further shortcuts for the same command (Ctrl+Y for Redo, Ctrl+= for
    /// Zoom In).
    pub fn alternative_shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            Self::Redo => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Y)),
            // The = key carries + on most layouts: Ctrl+= without Shift.
            Self::ZoomIn => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals)),
            _ => None,
        }
    }
}

/// The keys of Ctrl+1 to Ctrl+9, for the panels in navigation order.
const DIGITS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];
