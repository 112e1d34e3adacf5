#!/usr/bin/env bash
# Time indikator beside pyfixest on the same synthetic panel (two-way FE + CR1 by region,
# y ~ x1 + x2 + x3 | region + year), 3 fresh processes each, fit only (file reading excluded),
# and print the medians and their ratio from this one run.
#
# Usage: benches/peers/compare_fit.sh [preset]   (default m830k; see gen_panel.py)
# Needs: a Python venv with pyfixest, polars, pandas, numpy, pyarrow (PY, default .venv-peers/bin/python).
# gen_panel.py and bench_one.py are copies of shared/peers/ (same names there).
set -euo pipefail
cd "$(dirname "$0")/../.."
preset=${1:-m830k}
PY=${PY:-.venv-peers/bin/python}
out=${OUT:-peers-data}
mkdir -p "$out"
[ -f "$out/$preset.parquet" ] || "$PY" benches/peers/gen_panel.py --preset "$preset" --out-dir "$out"
cargo build --release --example time_fit
ours=(); theirs=()
for i in 1 2 3; do
  ours+=("$(target/release/examples/time_fit "$out/$preset.parquet")")
  theirs+=("$("$PY" benches/peers/bench_one.py pyfixest "$out/$preset")")
done
printf '%s\n' "${ours[@]}" "${theirs[@]}"
"$PY" - "$preset" "${ours[@]}" "${theirs[@]}" <<'PYEOF'
import json, statistics, sys
preset, runs = sys.argv[1], [json.loads(a) for a in sys.argv[2:]]
ours = [r["fit_s"] for r in runs[:3]]
theirs = [r["fit_s"] for r in runs[3:]]
mo, mt = statistics.median(ours), statistics.median(theirs)
print(f"{preset}: indikator fit {mo:.3f} s (median of 3), pyfixest {mt:.3f} s; ratio pyfixest/indikator = {mt / mo:.2f}")
print(f"coef x1: indikator {runs[0]['coef_x1']:.9f}, pyfixest {runs[3]['coef'][0]:.9f}; "
      f"SE x1: indikator {runs[0]['se_x1']:.9f}, pyfixest {runs[3]['se'][0]:.9f}")
PYEOF
