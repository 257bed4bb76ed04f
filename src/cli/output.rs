//! Writing to the terminal without panicking: a closed pipe ends a command
//! quietly, a full disk is reported, and control characters quoted from a
//! file never reach the terminal.

/// Writes to standard output. A closed pipe ends the process quietly with
/// success (the reader took what it wanted, as `head` does); any other
/// failure (a full disk) is reported and exits 1.
pub fn say(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let raw = args.to_string();
    let text = printable(&raw);
    if let Err(err) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        warn(format_args!(
            "perfcase: cannot write to standard output: {err}"
        ));
        std::process::exit(1);
    }
}

/// Writes a line to standard error, ignoring failure: there is nowhere
/// left to report it.
pub fn warn(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let raw = args.to_string();
    let _ = writeln!(
        std::io::stderr().lock(),
        "{}",
        printable(&crate::format::message(&raw))
    );
}

/// `text` without control characters other than line breaks and tabs: an
/// escape sequence quoted from a file (an unknown field's name) must not
/// clear the terminal or retitle its window.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        text.chars()
            .map(|c| {
                if c.is_control() && !matches!(c, '\n' | '\t') {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}
