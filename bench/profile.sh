#!/usr/bin/env bash
# Where one bench configuration spends its time: perf over a fresh measure.mjs process, kernel
# symbols included (page faults and zeroing show up as clear_page_*), JIT frames named.
#   bash bench/profile.sh ["1-d 1e7 uniform f64"] ["ndgradient"] [samples]
# Input generation (makeInput) shows too. Needs perf (Debian: linux-perf). perf.data and V8's logs
# go to a temporary folder, never into the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
workload=${1:-1-d 1e7 uniform f64}
peer=${2:-ndgradient}
samples=${3:-40}
command -v perf >/dev/null || { echo "perf is not installed (apt-get install linux-perf)"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
measure="$PWD/bench/measure.mjs"
# Run from the temporary folder: --perf-basic-prof also writes isolate-*-v8.log into the cwd.
(cd "$dir" && perf record -q -F 2000 -g -o perf.data -- \
  node --perf-basic-prof --expose-gc "$measure" time "$workload" "$peer" "$samples")
echo "== $workload, $peer: self time by symbol (top 25)"
perf report -i "$dir/perf.data" --no-children --sort symbol --stdio 2>/dev/null |
  grep -E '^ +[0-9.]+%' | sed -E 's/[[:space:]]+-[[:space:]]+-[[:space:]]*$//' | head -25
