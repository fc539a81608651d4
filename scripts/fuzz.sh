#!/usr/bin/env bash
# fuzz.sh [SECONDS] runs every fuzz target (func FuzzXxx in a _test.go
# file) for SECONDS each, 20 by default, one after the other; each target
# uses all cores. A failing input is written to the package's
# testdata/fuzz/FuzzXxx/, where plain `go test` replays it from then on:
# fix the bug, keep the file. Exits 1 if any target failed.
#
# Go 1.26's fuzz coordinator can fail a target with a bare "context
# deadline exceeded" as -fuzztime runs out (go.dev/issue/75804, fixed in
# Go 1.27): without a new failing input written, that is reported, not
# counted as a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-20}"
GO="${GO:-go}"

targets=$(grep -rlE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . |
  while read -r file; do
    dir=$(dirname "$file")
    grep -oE '^func Fuzz[A-Za-z0-9_]*' "$file" | sed "s|^func |$dir |"
  done | sort)
[ -n "$targets" ] || { echo "fuzz: no targets found"; exit 1; }

failed=0
start=$(date +%s)
while read -r dir name; do
  corpus="$dir/testdata/fuzz/$name"
  before=$(ls "$corpus" 2>/dev/null || true)
  log=$(mktemp)
  if $GO test -run '^$' -fuzz "^$name\$" -fuzztime "${secs}s" -fuzzminimizetime 3s "$dir" >"$log" 2>&1; then
    result=ok
  elif [ "$(ls "$corpus" 2>/dev/null || true)" = "$before" ] && grep -q 'context deadline exceeded' "$log" &&
    ! grep -qE 'panic:|Failing input written' "$log"; then
    result="ok (go.dev/issue/75804 at the deadline)"
  else
    result=FAILED
    failed=1
    cat "$log"
  fi
  execs=$(grep -oE 'execs: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
  printf 'fuzz: %-24s %-20s %9s execs (%s/s)  %s\n' "$dir" "$name" "$execs" "$((execs / secs))" "$result"
  rm -f "$log"
done <<<"$targets"
echo "fuzz: $(wc -l <<<"$targets") targets, ${secs}s each, $(($(date +%s) - start))s in all"
exit $failed
