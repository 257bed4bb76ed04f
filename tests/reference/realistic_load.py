"""Reference values for tests/realistic_load.rs: the Allen-Cunneen M/G/c
model of DESIGN ("load additions") computed independently with scipy —
Erlang C by its recurrence, the response tail by numerical convolution of
the Gamma service density with the exponential wait (scipy.integrate.quad),
percentiles and maximum arrival rates by Brent's method.

Run: python3 tests/reference/realistic_load.py (needs scipy; prints the
values the Rust test hard-codes and compares them with `perfcase eval`
when the debug binary exists).
"""
import json, math, os, subprocess, tempfile
from scipy import stats, integrate, optimize
def erlang_c(c, a):
    # Erlang B recurrence, independent formula via log-sum
    b = 1.0
    for k in range(1, c+1):
        b = a*b/(k + a*b)
    rho = a/c
    return b/(1 - rho*(1-b))
def model(S, cv, c, lam):
    mu = 1/S
    C = erlang_c(c, lam/mu)
    theta = (c*mu - lam)*2/(1+cv*cv)
    if cv == 0:
        def tail(t):
            if t < 0: return 1.0
            return 1.0 if t < S else C*math.exp(-theta*(t-S))
    else:
        k = 1/cv**2; beta = S*cv**2
        g = stats.gamma(k, scale=beta)
        def tail(t):
            if t <= 0: return 1.0
            conv, _ = integrate.quad(lambda s: g.pdf(s)*math.exp(-theta*(t-s)), 0, t, limit=200, epsabs=1e-14, epsrel=1e-12)
            return g.sf(t) + C*conv
    return C, theta, tail
def mixture(p, m, timeout, backoff):
    if m is None: return [(1.0, 0.0)]
    out=[]; d=0.0
    for k in range(1, m+1):
        w = p**(k-1)*(1-p)/(1-p**m)
        out.append((w, d)); d += timeout + backoff*2**(k-1)
    return out
def evaluate(S_ms, cv, c, lam_user, slo_ms, pct, retries=None, mem=None, target=None):
    S = S_ms/1000; slo = slo_ms/1000; q = pct/100
    if retries:
        p, m, to, bo = retries
        amp = (1-p**m)/(1-p)
        mix = mixture(p, m, to/1000, bo/1000)
    else:
        amp = 1; mix = [(1.0, 0.0)]
    lam = lam_user*amp
    C, theta, tail = model(S, cv, c, lam)
    mt = lambda t: sum(w*tail(t-d) for w, d in mix)
    hi = 10.0
    pctl = optimize.brentq(lambda t: mt(t) - (1-q), 1e-9, hi, xtol=1e-14, rtol=1e-13) if cv>0 else None
    if cv == 0:
        lo, hi = 0.0, 10.0
        for _ in range(200):
            mid=(lo+hi)/2
            if mt(mid) > 1-q: lo = mid
            else: hi = mid
        pctl = hi
    out = {"p_wait": C, "mean_wait_ms": 1000*C/theta, "percentile_response_ms": 1000*pctl}
    cap = c/S
    def ex(l):
        C2, th2, tail2 = model(S, cv, c, l)
        return sum(w*tail2(slo-d) for w, d in mix) - (1-q)
    if ex(0.0) > 0: out["max_arrival_per_s"] = None
    else: out["max_arrival_per_s"] = optimize.brentq(ex, 0.0, cap*(1-1e-12), xtol=1e-10, rtol=1e-13)/amp
    if mem:
        per, limit = mem
        out["memory_mb"] = lam*(S + C/theta)*per
        def exm(l):
            C2, th2, _ = model(S, cv, c, l)
            return l*(S + C2/th2)*per - limit
        out["max_arrival_for_memory_per_s"] = optimize.brentq(exm, 0.0, cap*(1-1e-12), xtol=1e-10, rtol=1e-13)/amp
    if target:
        out["fraction_over_slo"] = mt(slo)
        out["burn_rate"] = mt(slo)/(1-target)
    return out
def compare(file, want):
    exe = os.path.join(os.path.dirname(__file__), "..", "..", "target", "debug", "perfcase")
    with tempfile.NamedTemporaryFile("w", suffix=".ron", delete=False) as f:
        f.write(file)
    got = json.loads(subprocess.check_output([exe, "eval", f.name, "--json"]))["load"]["queue"]
    os.unlink(f.name)
    for k, v in want.items():
        g = got[k]
        if v is None or g is None:
            ok = (v is None and g is None)
        else:
            ok = abs(g - v) <= 1e-6*abs(v) + 1e-12
        print(f"{k}: perfcase {g} reference {v!r} {'OK' if ok else 'MISMATCH'}")
def queue(fields):
    return "Scenario(format: 3, load: Some(Load(queue: Some(Queue(%s)))))" % fields

RETRIES = queue("service_ms: 200.0, servers: 2400, arrival_per_s: 10000.0, slo_ms: 400.0, "
    "percentile: 99.0, service_cv: 0.3, retries: Some(Retries(failure_rate: 0.01, max_attempts: 3, "
    "timeout_ms: 1000.0, backoff_ms: 100.0)), memory_per_request_mb: 2.0, memory_limit_mb: 8000.0, "
    "slo_target: Some(0.999)")
MG3 = queue("service_ms: 50.0, servers: 3, arrival_per_s: 48.0, slo_ms: 150.0, percentile: 95.0, "
    "service_cv: 0.5, memory_per_request_mb: 2.0, memory_limit_mb: 100.0, slo_target: Some(0.99)")
HEAVY = queue("service_ms: 50.0, servers: 4, arrival_per_s: 60.0, slo_ms: 400.0, percentile: 99.0, service_cv: 2.0")
compare(RETRIES, evaluate(200, 0.3, 2400, 10000, 400, 99, (0.01, 3, 1000, 100), (2, 8000), 0.999))
compare(MG3, evaluate(50, 0.5, 3, 48, 150, 95, None, (2, 100), 0.99))
compare(HEAVY, evaluate(50, 2.0, 4, 60, 400, 99))
