#!/usr/bin/env bash
# Side-by-side fit timing of indikator against pyfixest, linearmodels and the plain numpy
# reference on the same synthetic panels (two-way FE + CR1 by region, y ~ x1 + x2 + x3).
#
#   bash benches/compare/run.sh [PRESETS...]      (default: s514 m830k m830k_u l10m)
#
# Creates a venv from PyPI (target/compare-venv; COMPARE_VENV to reuse one), generates the panels
# with benches/peers/gen_panel.py (deterministic), builds the release timing binary, runs every
# peer RUNS times (default 3) in fresh processes, alternating, checks that coefficients and SEs
# agree, and writes BENCHMARKS.md (the table with ratios, the scaling runs and the machine).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
venv=${COMPARE_VENV:-$root/target/compare-venv}
data=${COMPARE_DATA:-$root/target/compare-data}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
  pyfixest==0.60.0 linearmodels==7.1 polars==2.1.0 pandas==3.1.1 numpy==2.4.6 pyarrow==26.0.1 \
  spreg==1.9.0 libpysal==4.14.1 geopandas==1.2.0
cargo build --release -q --example time_fit --example scale_fit --bin indikator
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(s514 m830k m830k_u l10m)
mkdir -p "$data"
for p in "${presets[@]}"; do
  # CSV too for m830k: the whole-process comparison reads both.
  csv=--no-csv
  [ "$p" = m830k ] && csv=
  { [ -f "$data/$p.parquet" ] && { [ -n "$csv" ] || [ -f "$data/$p.csv" ]; }; } ||
    "$venv/bin/python" benches/peers/gen_panel.py --preset "$p" --out-dir "$data" $csv
done
"$venv/bin/python" benches/compare/compare.py --data "$data" --runs "${RUNS:-3}" --out BENCHMARKS.md "${presets[@]}"
# What the user waits for: read + fit + JSON in fresh processes, CSV and Parquet, 830k rows.
if [ -f "$data/m830k.csv" ]; then
  {
    echo
    echo "## Whole process: the command a user types (read + fit + output, fresh processes)"
    echo
    echo "\`benches/compare/whole_process.py\`: \`indikator fit --data FILE --entity region --time year --vcov cluster:region --json\` (release binary) against pyfixest in a fresh Python (import, read with pandas or polars, feols CR1 by region), alternating, median of ${RUNS:-3}; fit phases from \`INDIKATOR_TRACE\`."
    echo
    "$venv/bin/python" benches/compare/whole_process.py --data "$data" --bin target/release/indikator --python "$venv/bin/python" --runs "${RUNS:-3}" m830k
  } >> BENCHMARKS.md
fi
# The national panel and the spatial ML models: criterion's medians beside pyfixest and pysal on
# the same rows and weights (exported by the bench).
export_dir=$root/target/bench-export
INDIKATOR_BENCH_EXPORT=$export_dir cargo bench -q --bench fit -- national_spatial > /dev/null
{
  echo
  echo "## The national panel and the spatial models (criterion, beside the peers)"
  echo
  echo "\`INDIKATOR_BENCH_EXPORT=DIR cargo bench --bench fit -- national_spatial\` (criterion medians, release) then \`benches/compare/national_spatial.py\`: the peers timed on the rows and neighbour pairs the bench exported, median of repeated calls in one process after a warm-up; agreement of TPT's coefficient (and ρ for the lag models) with indikator's. indikator's \`sar/national_2024\` includes selecting the sample and building queen weights from the boundaries; the peer's only builds \`W\` from the exported pairs."
  echo
  "$venv/bin/python" benches/compare/national_spatial.py --export "$export_dir" --criterion "$root/target/criterion"
} >> BENCHMARKS.md
