#!/usr/bin/env bash
# The report checked in a real browser: Debian's chromium and chromedriver (installed here when
# missing, as root in CI), selenium from PyPI in a venv, two reports (Indonesian and English)
# rendered and checked at 1280 px and 390 px, printed to PDF. Screenshots: target/browser/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
venv=${BROWSER_TEST_VENV:-$root/target/browser-venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check selenium==4.27.1
cd "$root"
cargo build -q --bin indikator
out=$root/target/browser
rm -rf "$out" && mkdir -p "$out"
./target/debug/indikator report --region "Kota Sukabumi" --out "$out/kota_sukabumi_id" >/dev/null
./target/debug/indikator report --region "Kabupaten Sampang" --lang en --out "$out/sampang_en" >/dev/null
BROWSER_OUT="$out/screenshots" "$venv/bin/python" tests/browser/test_report.py \
  "$out/kota_sukabumi_id" "$out/sampang_en"
echo "screenshots and PDFs: $out/screenshots"
