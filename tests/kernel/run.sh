#!/usr/bin/env bash
# Kernel tests with real Jupyter clients: a venv from PyPI, the kernel spec installed into a
# temporary Jupyter data folder (JUPYTER_PATH), then the conformance suite, the kernel's own
# tests and the example notebook executed headless.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${KERNEL_TEST_VENV:-$root/target/kernel-venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
  jupyter_client==8.10.0 nbclient==0.11.0 nbformat==5.11.1 nbconvert==7.17.2 jupyter_kernel_test==0.7.0
cargo build -q --bin indikator
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/target/debug/indikator" kernel install --dir "$tmp/jdata"
export JUPYTER_PATH="$tmp/jdata" JUPYTER_DATA_DIR="$tmp/data" JUPYTER_RUNTIME_DIR="$tmp/runtime"
export JUPYTER_CONFIG_DIR="$tmp/config" INDIKATOR_KERNEL_TEST=1 JUPYTER_PLATFORM_DIRS=1
cd "$root"
"$venv/bin/python" - "$tmp/jdata" <<'PY'
import json, os, sys
d = os.path.join(sys.argv[1], "kernels", "indikator")
spec = json.load(open(os.path.join(d, "kernel.json")))
assert os.path.isabs(spec["argv"][0]) and os.access(spec["argv"][0], os.X_OK), spec
assert spec["interrupt_mode"] == "message" and "{connection_file}" in spec["argv"], spec
for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
    assert os.path.getsize(os.path.join(d, logo)) > 100, logo
print("kernel spec:", json.dumps(spec))
PY
cd tests/kernel && "$venv/bin/python" -m unittest -v test_conformance test_kernel test_hostile test_notebook
