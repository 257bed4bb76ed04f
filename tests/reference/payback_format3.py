"""Independent numbers for tests/payback.rs's format-3 cases: the payback
timeline walked month by month (costs spread over the build, savings after
it, only the bill growing; a flat latency saving less a recurring cost), the
break-even month read off it, and the kill reduction found by bisection of
the bill reduction against the target, to 1e-12."""


def timeline(bill, r, eng, months, rate, fw, fc, other, B, growth, H, flat):
    c = eng * months * rate + fw * fc + other
    cum, C, b, G = [], 0.0, bill, 1 + growth / 12

    def overlap(a0, a1, b0, b1):
        return max(min(a1, b1) - max(a0, b0), 0.0)

    for m in range(int(H) + 1):
        if m == 0:
            cost, saving = (c if B == 0 else 0.0), 0.0
        else:
            cost = c * overlap(m - 1, m, 0, B) / B if B > 0 else 0.0
            part = overlap(m - 1, m, B, float("inf"))
            saving = b * r * part + flat * part
            b *= G
        C += saving - cost
        cum.append(C)
    return cum


def break_even(cum):
    seen, prev = False, None
    for k, v in enumerate(cum):
        if prev is not None and seen and prev < 0 <= v:
            return (k - 1) + (-prev) / (v - prev)
        seen |= v < 0
        prev = v
    return float("inf") if seen else 0.0


def kill(target, **kw):
    within = lambda r: break_even(timeline(r=r, **kw)) <= target
    if within(0):
        return 0.0
    if not within(1):
        return None
    lo, hi = 0.0, 1.0
    while hi - lo > 1e-12:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if within(mid) else (mid, hi)
    return hi


FUNDING = dict(bill=120000, eng=6, months=4, rate=15000, fw=6, fc=10000, other=0,
               B=4, growth=0.2, H=36, flat=0)

if __name__ == "__main__":
    for name, flat, growth in [("funding", 0, 0.2), ("recurring 30,000", -30000, 0.2),
                               ("shrinking bill", -30000, -0.5),
                               ("latency 20,000 − recurring 15,000", 5000, 0.2)]:
        kw = dict(FUNDING, flat=flat, growth=growth)
        print(name, "break-even", break_even(timeline(r=0.55, **kw)), "kill", kill(12, **kw))
