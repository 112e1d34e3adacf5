#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the real files (tests/data/raw, the bad-input corpus) and
# from real messages and formulas. Run from anywhere; writes fuzz/corpus/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
root=..
for t in load_csv load_json load_xlsx load_parquet formula scenario kernel_message kernel_frames; do mkdir -p corpus/$t; done
i=0
while IFS= read -r -d '' f; do
  i=$((i + 1))
  case "${f,,}" in
    *.csv|*.txt) cp "$f" corpus/load_csv/seed$i ;;
    *.json) cp "$f" corpus/load_json/seed$i ;;
    *.xlsx|*.xls) cp "$f" corpus/load_xlsx/seed$i ;;
    *.parquet) cp "$f" corpus/load_parquet/seed$i ;;
  esac
done < <(find $root/tests/data/raw $root/tests/corpus/files -type f ! -name '*.md' ! -name '*.py' -size -2M -print0)
# A Parquet seed: a tidy file written by indikator itself (when built).
if [ -x ../target/debug/indikator ]; then
  ../target/debug/indikator load ../tests/corpus/files/exact_duplicate_row.csv --out corpus/load_parquet/seed.parquet 2>/dev/null || true
fi
printf '%s' 'poverty_rate ~ unemployment_rate' > corpus/formula/plain
printf '%s' 'poverty_rate ~ unemployment_rate + log(gdp_per_capita) | region_code + year' > corpus/formula/twfe
printf '%s' 'd(poverty_rate) ~ l(unemployment_rate, 1) + I(unemployment_rate^2)' > corpus/formula/lags
cp $root/tests/corpus/files/scenario_*.csv corpus/scenario/
printf '[[scenario]]\nname = "turun"\nregion = "Kota Sukabumi"\n[scenario.values.unemployment_rate]\n2026 = 7.5\n' > corpus/scenario/toml
printf 'id\xff<IDS|MSG>\xff\xff{"msg_type":"execute_request","msg_id":"1","session":"s","username":"u","date":"2026-12-02T00:00:00Z","version":"5.3"}\xff{}\xff{}\xff{"code":"1+1","silent":false}' > corpus/kernel_message/execute
echo "seeded: $(ls corpus/*/ | wc -l) files"
cp seed_frames.bin corpus/kernel_frames/greeting_ready
