#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600) on the nightly toolchain; findings land in
# fuzz/artifacts/<target>/ (turn each into a case of tests/corpus/cases.json). Usage:
#   bash fuzz/run.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}; shift || true
targets=${*:-load_csv load_json load_xlsx load_parquet formula scenario kernel_message kernel_frames}
bash fuzz/seed.sh
for t in $targets; do
  echo "== $t for $secs s"
  # A finding stops that target (its input lands in fuzz/artifacts/$t/), not the run.
  cargo +nightly fuzz run "$t" -- -max_total_time="$secs" -rss_limit_mb=4096 -max_len=262144 2>&1 | tail -n 5 || echo "== $t: finding (see fuzz/artifacts/$t/)"
done
