#!/usr/bin/env bash
# Screenshots of every panel of every sample at 1024×640 and 1280×800, into
# docs/screenshots/ (for looking at the layout, not for tests).
# Needs Xvfb and ImageMagick (apt-get install xvfb imagemagick).
# usage: scripts/screenshots.sh [PERFCASE_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:-target/debug/perfcase}
out=docs/screenshots
mkdir -p "$out"
shoot() { # OUT.png GEOMETRY ARGS...
  local png=$1 geometry=$2; shift 2
  local display=90
  while [[ -e /tmp/.X11-unix/X$display || -e /tmp/.X$display-lock ]]; do display=$((display + 1)); done
  local scratch; scratch=$(mktemp -d)
  Xvfb ":$display" -screen 0 "${geometry}x24" -nolisten tcp >/dev/null 2>&1 &
  local xvfb=$!
  for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X$display ]] && break; sleep 0.1; done
  DISPLAY=":$display" XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" XDG_STATE_HOME="$scratch" \
    "$exe" "$@" >/dev/null 2>&1 &
  local app=$!
  sleep "${WAIT:-6}"
  DISPLAY=":$display" import -window root "$png.tmp.png"
  convert "$png.tmp.png" -colors 128 "$png" && rm -f "$png.tmp.png"
  kill "$app" "$xvfb" 2>/dev/null || true
  wait "$app" "$xvfb" 2>/dev/null || true
  rm -rf "$scratch"
}
for sample in samples/*.ron; do
  name=$(basename "$sample" .ron)
  panels=()
  grep -q '^    budget:' "$sample" && panels+=(budget)
  grep -q '^    matrix:' "$sample" && panels+=(matrix)
  grep -q '^    payback:' "$sample" && panels+=(payback)
  grep -q '^    load:' "$sample" && panels+=(load)
  grep -q '^    cost:' "$sample" && panels+=(cost)
  grep -q '^    tradeoff:' "$sample" && panels+=(trade-off)
  grep -q 'Range(' "$sample" && panels+=(uncertainty)
  for panel in "${panels[@]}"; do
    for geometry in 1024x640 1280x800; do
      shoot "$out/$name-$panel-$geometry.png" "$geometry" "$sample" --panel "$panel"
      echo "$out/$name-$panel-$geometry.png"
    done
  done
done
