"""Independent computation of the expected numbers asserted in tests/*.rs.

Written from DESIGN.md's definitions, not from perfcase's code, in the most
direct form: brute-force sweeps where the Rust code solves in closed form,
explicit sums where it uses recurrences. Run `python3 tests/reference/expected_numbers.py`
to reprint them; the tests hard-code the printed values with this file named.
"""

# --- budget -----------------------------------------------------------------

def critical_path(spans, s=1.0):
    """spans: (time, kind, concurrent). Stages: a concurrent span joins the previous stage."""
    stages = []
    for time, kind, concurrent in spans:
        t = time / s if kind == "own" else time
        if concurrent and stages:
            stages[-1] = max(stages[-1], t)
        else:
            stages.append(t)
    return sum(stages)

print("== budget: orders trace (seed 000 Task 1)")
orders = [(1.2, "own", False), (3.5, "own", False), (610.0, "db", False),
          (240.0, "ext", False), (0.8, "own", False)]
total = critical_path(orders)
f = 5.5 / total
print("total", total, "f", f)
print("amdahl s=10", 1 / ((1 - f) + f / 10), "ceiling", 1 / (1 - f))
idx = [(1.2, "own", False), (3.5, "own", False), (610.0 / 15, "db", False),
       (240.0, "ext", False), (0.8, "own", False)]
print("index lever total", critical_path(idx))
cache = 0.8 * 1.0 + 0.2 * 240.0
print("cache lever span", cache, "total", total - 240 + cache)
print("all levers", total - 610 - 240 + 610 / 15 + cache)
print("required speedup @300", total / 300)

print("== budget: thumbnail profile (seed 000 Task 2)")
f = 0.82
print("amdahl s=8", 1 / (0.18 + 0.82 / 8), "gap", 800 / 240)
print("required language speedup", 0.82 / (240 / 800 - 0.18))
print("throughput after", 240 / (0.18 + 0.82 / 8))

print("== budget: concurrent stages")
conc = [(100, "db", False), (60, "ext", True), (30, "own", False),
        (50, "io", True), (80, "own", True)]
t = critical_path(conc)
print("total", t, "at s=1.25", critical_path(conc, 1.25), "speedup", t / critical_path(conc, 1.25))
print("ceiling", t / critical_path(conc, 1e18))
# goal seek by bisection for SLO 160
lo, hi = 1.0, 1e6
for _ in range(200):
    mid = (lo + hi) / 2
    if critical_path(conc, mid) <= 160:
        hi = mid
    else:
        lo = mid
print("required language speedup for 160:", hi)

print("== budget: every lever kind")
base = [(10, "own", False), (100, "db", False), (50, "ext", False), (40, "io", False), (30, "wait", False)]
print("total", critical_path(base))
print("speedup x2 on own", critical_path([(5, "own", False)] + base[1:]))
print("replace db by 20", critical_path([base[0], (20, "db", False)] + base[2:]))
print("cache h=.5 hit=10", critical_path(base[:2] + [(0.5 * 10 + 0.5 * 50, "ext", False)] + base[3:]))
print("async io", critical_path(base[:3] + [(0, "io", False)] + base[4:]))
print("parallelize wait", critical_path(base[:4] + [(30, "wait", True)]))
all_l = [(5, "own", False), (20, "db", False), (30, "ext", False), (0, "io", False), (30, "wait", True)]
print("all", critical_path(all_l), "all + s=5", critical_path(all_l, 5))

# --- matrix -----------------------------------------------------------------

def totals(weights, scores):
    return {c: sum(w * s for w, s in zip(weights, sc)) for c, sc in scores.items()}

def weights_at(weights, i, x):
    """Criterion i at weight x, the others rescaled proportionally to keep the sum."""
    W = sum(weights)
    rest = W - weights[i]
    return [x if j == i else w * (W - x) / rest for j, w in enumerate(weights)]

def winner(weights, scores):
    t = totals(weights, scores)
    best = max(t.values())
    top = [c for c, v in t.items() if abs(v - best) < 1e-12]
    return top[0] if len(top) == 1 else None

def sweep_flip(weights, scores, i, direction):
    """Walk x away from the current weight in small steps, then bisect the change."""
    W = sum(weights)
    w0 = weights[i]
    now = winner(weights, scores)
    step = 1e-3 * (-1 if direction == "below" else 1)
    x = w0
    while 0 <= x + step <= W:
        nxt = x + step
        if winner(weights_at(weights, i, nxt), scores) not in (now,):
            a, b = x, nxt
            for _ in range(100):
                m = (a + b) / 2
                if winner(weights_at(weights, i, m), scores) == now:
                    a = m
                else:
                    b = m
            past = winner(weights_at(weights, i, nxt), scores)
            return (a + b) / 2, past
        x = nxt
    return None

print("== matrix: RTB (seed 000 Task 4)")
w = [35, 25, 20, 10, 10]
sc = {"Python": [1, 1, 5, 5, 2], "Go": [3, 4, 4, 4, 4], "Rust": [5, 5, 2, 2, 5]}
print(totals(w, sc))
for i in range(5):
    print("criterion", i, "below", sweep_flip(w, sc, i, "below"), "above", sweep_flip(w, sc, i, "above"))
print("tail latency below exact 500/31 =", 500 / 31)

print("== matrix: own 3-candidate case")
w = [50, 30, 20]
sc = {"A": [5, 2, 3], "B": [3, 4, 4], "C": [2, 5, 5]}
print(totals(w, sc))
for i in range(3):
    print("criterion", i, "below", sweep_flip(w, sc, i, "below"), "above", sweep_flip(w, sc, i, "above"))

# --- payback ----------------------------------------------------------------

def npv(rate, values):
    """numpy-financial's npv: values[0] at t=0, undiscounted."""
    return sum(v / (1 + rate) ** t for t, v in enumerate(values))

def timeline(cost, reduction, one_time, build, horizon, annual_growth=0.0):
    """End-of-month flows for months 0..horizon; build cost spread over [0, build]."""
    flows = []
    for k in range(horizon + 1):
        if k == 0:
            flows.append(-one_time if build == 0 else 0.0)
            continue
        c = one_time * max(0.0, min(k, build) - max(k - 1, 0)) / build if build > 0 else 0.0
        share_saving = max(0.0, k - max(k - 1, build)) if k > build else 0.0
        bill = cost * (1 + annual_growth / 12) ** (k - 1)
        flows.append(bill * reduction * share_saving - c)
    return flows

def crossing(flows, rate=0.0):
    cum, prev = 0.0, None
    seen_negative = False
    for k, v in enumerate(flows):
        before = cum
        cum += v / (1 + rate) ** k
        if cum < 0:
            seen_negative = True
        if k > 0 and before < 0 <= cum:
            return (k - 1) + (-before) / (cum - before)
    return None if seen_negative else 0.0

print("== payback: pricing engine (seed 000 Task 6)")
one = 6 * 4 * 15000
print("saving", 120000 * 0.55, "annual", 12 * 120000 * 0.55, "one-time", one, "payback", one / (120000 * 0.55))
print("break-even reduction @12", one / (120000 * 12))
fl = timeline(120000, 0.55, one, 0, 36)
print("npv 0% 36m", npv(0, fl), "roi", (36 * 66000 - one) / one)
fl24 = timeline(120000, 0.55, one, 0, 24)
print("npv 10%/yr 24m", npv(0.10 / 12, fl24), "discounted payback", crossing(fl24, 0.10 / 12))

print("== payback: build 4 months, one-time 420k, no growth")
fl = timeline(120000, 0.55, 420000, 4, 36)
print("break-even", crossing(fl), "npv 0", npv(0, fl))

print("== payback: growth 20 %/yr and discount 10 %/yr together, build 4")
fl = timeline(120000, 0.55, 420000, 4, 36, 0.20)
print("break-even", crossing(fl), "npv", npv(0.10 / 12, fl), "disc payback", crossing(fl, 0.10 / 12))
print("horizon saving", sum(max(v, 0) for v in fl[5:]) )

print("== payback: horizon 3 shorter than build 6")
fl = timeline(120000, 0.55, 360000, 6, 3)
print("flows", fl, "npv 12%/yr", npv(0.12 / 12, fl))

print("== payback: fractional build 2.5 months, one-time 300k, saving 50k")
fl = timeline(100000, 0.5, 300000, 2.5, 12)
print("flows", fl[:5], "break-even", crossing(fl))

print("== revisit triggers")
R = 855.5 / 300
print("orders: own-code fraction needed at s=10:", (1 - 1 / R) / (1 - 1 / 10))
print("pricing: break-even monthly cost at 12 months, 55 %:", 360000 / (12 * 0.55))

# --- load: M/M/c queue and USL fits (scipy) ----------------------------------
import math

def erlang_c(c, a):
    """P(wait) for M/M/c with offered load a = λ/μ, by direct summation."""
    rho = a / c
    s = sum(a ** k / math.factorial(k) for k in range(c))
    top = a ** c / math.factorial(c) / (1 - rho)
    return top / (s + top)

def response_tail(t, c, lam, mu):
    """P(T > t) for the M/M/c response time T = W + S."""
    C = erlang_c(c, lam / mu)
    theta = c * mu - lam
    if abs(theta - mu) < 1e-12:
        both = (1 + mu * t) * math.exp(-mu * t)
    else:
        both = (theta * math.exp(-mu * t) - mu * math.exp(-theta * t)) / (theta - mu)
    return (1 - C) * math.exp(-mu * t) + C * both

def percentile(c, lam, mu, p):
    lo, hi = 0.0, 1e6
    for _ in range(200):
        mid = (lo + hi) / 2
        if response_tail(mid, c, lam, mu) > 1 - p:
            lo = mid
        else:
            hi = mid
    return hi

print("== queue: M/M/1 λ=8/s S=0.1 s")
print("mean response", 1 / (10 - 8), "p99", percentile(1, 8, 10, 0.99), "ln(100)/2", math.log(100) / 2)
print("== queue: M/M/4 λ=30/s S=100 ms")
c, lam, mu = 4, 30.0, 10.0
C = erlang_c(c, lam / mu)
print("rho", lam / (c * mu), "P(wait)", C, "mean wait ms", 1000 * C / (c * mu - lam),
      "p99 ms", 1000 * percentile(c, lam, mu, 0.99))
# the arrival rate where p99 reaches 400 ms
lo, hi = 0.0, c * mu
for _ in range(200):
    mid = (lo + hi) / 2
    if percentile(c, mid, mu, 0.99) * 1000 > 800:
        hi = mid
    else:
        lo = mid
print("max arrival for p99 <= 800 ms", lo, "months to breach at 10 %/quarter", 3 * math.log(lo / lam) / math.log(1.1))

import csv
from scipy.optimize import curve_fit
import numpy as np

def usl(n, alpha, beta, gamma):
    return gamma * n / (1 + alpha * (n - 1) + beta * n * (n - 1))

for name in ["specsdm91", "raytracer", "cisco"]:
    rows = list(csv.reader(open(f"tests/data/usl/{name}.csv")))[1:]
    n = np.array([float(r[0]) for r in rows])
    x = np.array([float(r[1]) for r in rows])
    p, _ = curve_fit(usl, n, x, p0=[0.01, 0.0001, x[0] / n[0]],
                     bounds=([0, 0, 0], [1, 1, np.inf]), max_nfev=100000, xtol=1e-15, ftol=1e-15)
    alpha, beta, gamma = p
    sse = float(np.sum((usl(n, *p) - x) ** 2))
    peak = math.sqrt((1 - alpha) / beta) if beta > 0 else None
    print(f"== usl {name}: alpha {alpha!r} beta {beta!r} gamma {gamma!r} sse {sse!r} peak {peak!r}")
