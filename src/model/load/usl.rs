//! The Universal Scalability Law fitted to load-test measurements.

use super::UslEval;

/// The USL throughput at concurrency `n`.
pub fn usl_throughput(n: f64, alpha: f64, beta: f64, gamma: f64) -> f64 {
    gamma * n / (1.0 + alpha * (n - 1.0) + beta * n * (n - 1.0))
}

/// For fixed α and β the best γ is linear least squares, so the fit
/// searches only (α, β) ≥ 0 with γ profiled out: returns (γ, SSE).
fn profile(points: &[(f64, f64)], alpha: f64, beta: f64) -> (f64, f64) {
    let shape = |n: f64| usl_throughput(n, alpha, beta, 1.0);
    let (sxg, sgg) = points.iter().fold((0.0, 0.0), |(sxg, sgg), &(n, x)| {
        let g = shape(n);
        (sxg + x * g, sgg + g * g)
    });
    let gamma = if sgg > 0.0 { sxg / sgg } else { 0.0 };
    let sse = points
        .iter()
        .map(|&(n, x)| (x - gamma * shape(n)).powi(2))
        .sum();
    (gamma, sse)
}

/// Fits the USL by nonlinear least squares with α, β ≥ 0: a coarse search on
/// a log grid (with 0 included on both axes), then pattern search refining
/// around the best point, each candidate's γ solved exactly. `None` with
/// fewer than two points.
pub fn fit_usl(points: &[(f64, f64)]) -> Option<UslEval> {
    let points: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(n, x)| n.is_finite() && x.is_finite() && *n > 0.0)
        .collect();
    if points.len() < 2 {
        return None;
    }
    let grid = |lo: f64, hi: f64, steps: u32| -> Vec<f64> {
        std::iter::once(0.0)
            .chain((0..=steps).map(move |i| lo * (hi / lo).powf(f64::from(i) / f64::from(steps))))
            .collect()
    };
    let alphas = grid(1e-5, 1.0, 50);
    let betas = grid(1e-9, 1.0, 72);
    let (mut alpha, mut beta, mut best) = (0.0, 0.0, f64::INFINITY);
    for &a in &alphas {
        for &b in &betas {
            let (_, sse) = profile(&points, a, b);
            if sse < best {
                (alpha, beta, best) = (a, b, sse);
            }
        }
    }
    // Pattern search: try moving each parameter up or down by a relative
    // step (or to/from 0), halve the steps when nothing improves.
    let (mut step_a, mut step_b) = (0.5, 0.5);
    for _ in 0..4000 {
        let mut improved = false;
        let candidates = [
            (alpha * (1.0 + step_a), beta),
            (alpha * (1.0 - step_a), beta),
            (alpha.max(1e-7) * step_a.min(1.0), beta),
            (alpha, beta * (1.0 + step_b)),
            (alpha, beta * (1.0 - step_b)),
            (alpha, beta.max(1e-11) * step_b.min(1.0)),
            (alpha * (1.0 + step_a), beta * (1.0 - step_b)),
            (alpha * (1.0 - step_a), beta * (1.0 + step_b)),
            (0.0, beta),
            (alpha, 0.0),
        ];
        for (a, b) in candidates {
            let (a, b) = (a.max(0.0), b.max(0.0));
            let (_, sse) = profile(&points, a, b);
            if sse < best * (1.0 - 1e-15) {
                (alpha, beta, best) = (a, b, sse);
                improved = true;
            }
        }
        if !improved {
            step_a *= 0.5;
            step_b *= 0.5;
            if step_a < 1e-12 && step_b < 1e-12 {
                break;
            }
        }
    }
    let (gamma, sse) = profile(&points, alpha, beta);
    let mean = points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64;
    let sst: f64 = points.iter().map(|p| (p.1 - mean).powi(2)).sum();
    let peak_concurrency = (beta > 0.0 && alpha < 1.0).then(|| ((1.0 - alpha) / beta).sqrt());
    let asymptote = (alpha > 0.0).then(|| gamma / alpha);
    let max_throughput = match peak_concurrency {
        Some(n) => Some(usl_throughput(n, alpha, beta, gamma)),
        None => asymptote,
    };
    Some(UslEval {
        alpha,
        beta,
        gamma,
        peak_concurrency,
        max_throughput,
        asymptote,
        sse,
        r_squared: if sst > 0.0 { 1.0 - sse / sst } else { 1.0 },
    })
}

/// Reads (concurrency, throughput) points from CSV text: a header row, then
/// two numeric columns: concurrency above 0, throughput at least 0, both at
/// most 1e15. Errors name the line.
pub fn points_from_csv(text: &str) -> Result<Vec<(f64, f64)>, String> {
    let mut points = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut fields = line.split(',').map(|f| f.trim().trim_matches('"'));
        let mut number = |what: &str| -> Result<f64, String> {
            let field = fields
                .next()
                .ok_or_else(|| format!("line {}: missing the {what} column", i + 1))?;
            field
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("line {}: {what} {field:?} is not a number", i + 1))
        };
        let n = number("concurrency")?;
        let x = number("throughput")?;
        // The rules a load test's points obey in a scenario file, so an
        // import never leaves the scenario invalid.
        if n <= 0.0 {
            return Err(format!(
                "line {}: concurrency must be above 0 (got {n})",
                i + 1
            ));
        }
        if x < 0.0 {
            return Err(format!(
                "line {}: throughput must not be negative (got {x})",
                i + 1
            ));
        }
        if n.abs().max(x.abs()) > crate::model::domain::MAX_MAGNITUDE {
            return Err(format!("line {}: a number is larger than 1e15", i + 1));
        }
        points.push((n, x));
    }
    if points.len() < 2 {
        return Err("a load test needs at least two measured points".to_owned());
    }
    Ok(points)
}
