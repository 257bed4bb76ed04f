#!/usr/bin/env bash
# Squiggle 0.10 and perfcase on the same Monte Carlo model, one after the
# other on this machine: Squiggle in-process (model.mjs, best of 7 runs
# after a warm-up) and perfcase's criterion bench (analyze: sampling,
# every summary, the tornado and the value of information) with the bare
# draws of the same inputs. Needs node and npm; installs the pinned
# @quri/squiggle-lang from package-lock.json on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund
node model.mjs 100000 7 lean
node model.mjs 100000 7 full
node model.mjs 1000000 3 lean
cd "$here/../.."
cargo bench --bench monte_carlo -- --noplot \
    'monte_carlo/(run_and_summarize|bare_rng/100000$|bare_rng/1000000$)' 2>&1 \
    | grep -E '^monte_carlo|time:'
