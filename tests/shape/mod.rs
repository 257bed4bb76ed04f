//! Linear-shape checks for the scale tests: one piece of work timed at two
//! sizes in the same run, the best of three each, so a slow or busy machine
//! slows both alike and only the ratio is asserted (no absolute time).

use std::time::{Duration, Instant};

/// The shortest of three timings of `work`; `check` sees each result, untimed.
pub fn best_of_three<T>(mut work: impl FnMut() -> T, mut check: impl FnMut(T)) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let out = work();
            let took = started.elapsed();
            check(out);
            took
        })
        .min()
        .expect("three runs")
}

/// Asserts that 4× the input (`what`, e.g. "4× the levers") took at most 8×
/// as long as the small input: linear work takes 4×, quadratic 16×.
pub fn assert_linear(what: &str, small: Duration, large: Duration) {
    assert!(
        large <= small * 8,
        "{what} took {:.1}× as long ({small:?} → {large:?})",
        large.as_secs_f64() / small.as_secs_f64()
    );
}
