#!/usr/bin/env python3
"""Independent reference numbers for format 2: ranges, Monte Carlo, the tornado
and the trade-off section. Nothing here imports or runs perfcase: every number
comes from the definitions in docs/scenario-format.md (DESIGN's contract),
computed with numpy/scipy. The Rust tests assert the printed values.

Run: python3 tests/reference/uncertainty_numbers.py
"""
import math

import numpy as np
from scipy import integrate, optimize, stats

Z95 = stats.norm.ppf(0.95)
Z99 = stats.norm.ppf(0.99)


def lognormal(low, high):
    mu = (math.log(low) + math.log(high)) / 2
    sigma = (math.log(high) - math.log(low)) / (2 * Z95)
    return stats.lognorm(s=sigma, scale=math.exp(mu))


def normal(low, high):
    return stats.norm(loc=(low + high) / 2, scale=(high - low) / (2 * Z95))


def pert(low, mode, high):
    a = 1 + 4 * (mode - low) / (high - low)
    b = 1 + 4 * (high - mode) / (high - low)
    return stats.beta(a, b, loc=low, scale=high - low)


print("== percentiles of each shape (inputs[].p10 / p90)")
for name, d in [
    ("LogNormal(40, 90)", lognormal(40, 90)),
    ("Normal(-2, 6)", normal(-2, 6)),
    ("Uniform(0.6, 0.9)", stats.uniform(0.6, 0.3)),
    ("Pert(2, 4, 10)", pert(2, 4, 10)),
]:
    print(f"{name}: p10 {d.ppf(0.1)!r} p90 {d.ppf(0.9)!r} median {d.median()!r}")

print("\n== one log-normal input through payback (monthly cost 60k-180k, reduction 0.5,")
print("   one-time 600k): payback = 600k / (0.5 M) is log-normal")
bill = lognormal(60_000, 180_000)
for p in (0.05, 0.10, 0.50, 0.90, 0.95):
    # payback falls as the bill rises: its p-quantile is at the bill's (1-p)-quantile.
    print(f"payback p{round(p * 100)}: {600_000 / (0.5 * bill.ppf(1 - p))!r}")
target = 12.0
print(f"P(payback <= 12) = P(M >= 100k) = {bill.sf(600_000 / (0.5 * target))!r}")
mean_payback = 600_000 / 0.5 * stats.lognorm(s=bill.kwds['s'], scale=1 / bill.kwds['scale']).mean()
print(f"mean payback = {mean_payback!r}")

print("\n== two candidates, one criterion: A ~ Uniform(1, 5), B = 4 -> P(A wins) = 0.25")
print(f"P(A > 4) = {stats.uniform(1, 4).sf(4)!r}")

print("\n== issue 13's model (samples/uncertain-rewrite.ron), numpy Monte Carlo, 2M samples")
rng = np.random.default_rng(20261201)
n = 2_000_000


def draw(low, high, minimum=0.0):
    d = lognormal(low, high)
    return np.maximum(d.rvs(size=n, random_state=rng), minimum)


db, net, own, serde = draw(40, 90), draw(10, 30), draw(30, 120), draw(5, 25)
s = draw(3, 12, 1.0)
bill_s, one_time = draw(2000, 15000), draw(150_000, 600_000)
total = db + net + own + serde
after = db + net + own / s + serde
amdahl = total / after
reduction = 1 - after / total
with np.errstate(divide="ignore"):
    payback = np.where(reduction > 0, one_time / (bill_s * reduction), np.inf)
print(f"mean Amdahl speedup {amdahl.mean()!r}")
print(f"payback p50 {np.quantile(payback, 0.5)!r} p90 {np.quantile(payback, 0.9)!r}")

print("\n== its tornado, one input at a time at its own P10 / P90 (others at medians)")
points = dict(db=60.0, net=math.sqrt(300), own=60.0, serde=math.sqrt(125), s=6.0,
              bill=math.sqrt(2000 * 15000), one_time=math.sqrt(150_000 * 600_000))
ranges = dict(db=(40, 90), net=(10, 30), own=(30, 120), serde=(5, 25), s=(3, 12),
              bill=(2000, 15000), one_time=(150_000, 600_000))


def model(v):
    total = v["db"] + v["net"] + v["own"] + v["serde"]
    after = v["db"] + v["net"] + v["own"] / v["s"] + v["serde"]
    r = 1 - after / total
    return dict(payback=v["one_time"] / (v["bill"] * r), total_after_all=after,
                amdahl=total / after)


for output in ("payback", "total_after_all", "amdahl"):
    rows = []
    for name, (lo, hi) in ranges.items():
        d = lognormal(lo, hi)
        at = [model({**points, name: max(d.ppf(p), 1.0 if name == "s" else 0.0)})[output]
              for p in (0.1, 0.9)]
        if abs(at[1] - at[0]) > 0:
            rows.append((abs(at[1] - at[0]), name, at[0], at[1]))
    rows.sort(reverse=True)
    for swing, name, a, b in rows:
        print(f"{output} by {name}: at_p10 {a!r} at_p90 {b!r} swing {swing!r}")

print("\n== seed 002 (samples/fraud-tradeoff.ron)")
V, pi, cfp, cfn = 30e6, 0.002, 8.0, 400.0
choices = {
    "Logistic regression": (0.8, 0.0246 / 0.998, 4.0, 12.0, 3000.0),
    "Ensemble": (0.95, 0.0009 / 0.998, 45.0, 160.0, 60000.0),
}
for name, (r, f, p50, p99, infra) in choices.items():
    fn_, fp_ = V * pi * (1 - r), V * (1 - pi) * f
    err = fn_ * cfn + fp_ * cfp
    acc = pi * r + (1 - pi) * (1 - f)
    prec = pi * r / (pi * r + (1 - pi) * f)
    print(f"{name}: FN {fn_!r} FP {fp_!r} error {err!r} total {err + infra!r} "
          f"accuracy {acc!r} precision {prec!r}")


def latency(p50, p99):
    return stats.lognorm(s=math.log(p99 / p50) / Z99, scale=p50)


lr, ens = latency(4, 12), latency(45, 160)


def sum_cdf(t):
    # P(X1 + X2 <= t) by direct numerical convolution: integral of f1(x) F2(t - x).
    value, _ = integrate.quad(lambda x: lr.pdf(x) * ens.cdf(t - x), 0, t, limit=400,
                              epsabs=1e-13, epsrel=1e-12)
    return value


def cascade_cdf(t, e):
    return (1 - e) * lr.cdf(t) + e * sum_cdf(t)


p99 = optimize.brentq(lambda t: cascade_cdf(t, 0.05) - 0.99, 10, 500, xtol=1e-10)
fn_, fp_ = V * pi * (1 - 0.93), V * (1 - pi) * 0.0015
print(f"cascade: p99 {p99!r} infra {3000 + 0.05 * 60000!r} total {fn_ * cfn + fp_ * cfp + 6000!r}")
alone, both = lr.cdf(100), sum_cdf(100)
print(f"cascade max escalated share at 100 ms: {(alone - 0.99) / (alone - both)!r}")
sim_rng = np.random.default_rng(7)
m = 4_000_000
x1 = lr.rvs(size=m, random_state=sim_rng)
x2 = ens.rvs(size=m, random_state=sim_rng)
escalate = sim_rng.random(m) < 0.05
print(f"cascade p99 by simulation of {m} decisions: "
      f"{np.quantile(np.where(escalate, x1 + x2, x1), 0.99)!r}")

print("\n== samples/moderation-tradeoff.ron's cascade (LR 2/6 ms, LLM 180/650 ms)")
fast, llm = latency(2, 6), latency(180, 650)


def sum_cdf2(t):
    value, _ = integrate.quad(lambda x: fast.pdf(x) * llm.cdf(t - x), 0, t, limit=400,
                              epsabs=1e-13, epsrel=1e-12)
    return value


for share in (0.02, 1.0):
    p99 = optimize.brentq(lambda t: (1 - share) * fast.cdf(t) + share * sum_cdf2(t) - 0.99,
                          1, 5000, xtol=1e-10)
    print(f"share {share}: p99 {p99!r}")
alone, both = fast.cdf(200), sum_cdf2(200)
print(f"max escalated share at 200 ms: {(alone - 0.99) / (alone - both)!r}")
