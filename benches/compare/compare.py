#!/usr/bin/env python3
"""Run indikator and the Python peers alternately on the same panels; write BENCHMARKS.md.

Each run is a fresh process; fit time is measured inside it (in-memory frame -> coefficients and
clustered SEs, file reading excluded, after a warm-up fit on 2,000 rows); peak RSS of the whole
process comes from wait4(). Ratios are peer median / indikator median from this one run.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEERS = ["indikator", "pyfixest", "linearmodels", "numpy_hand"]
# Peers whose clustered SEs follow fixest's small-sample convention (the same as indikator's
# default); linearmodels counts the absorbed effects differently, so only its coefficients are
# compared.
SAME_SE = {"pyfixest", "numpy_hand"}


def run_one(peer: str, stem: str) -> dict:
    if peer == "indikator":
        cmd = [os.path.join(ROOT, "target/release/examples/time_fit"), stem + ".parquet"]
    else:
        cmd = [sys.executable, os.path.join(ROOT, "benches/peers/bench_one.py"), peer, stem]
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        return {"peer": peer, "error": err.decode()[-400:], "wall_s": wall}
    r = json.loads(out.decode().strip().splitlines()[-1])
    r["peak_rss_mb"] = ru.ru_maxrss / 1024.0
    r["wall_s"] = wall
    return r


def rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1e-300)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}"


def scaling() -> list[str]:
    """indikator alone: time against rows (fixed FE levels) and against FE levels (fixed rows)."""
    exe = os.path.join(ROOT, "target/release/examples/scale_fit")
    out = subprocess.run([exe], capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("presets", nargs="+")
    ap.add_argument("--data", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="BENCHMARKS.md")
    a = ap.parse_args()
    results: dict[str, dict[str, list[dict]]] = {}
    for preset in a.presets:
        stem = os.path.join(a.data, preset)
        results[preset] = {p: [] for p in PEERS}
        for i in range(a.runs):
            for peer in PEERS:
                r = run_one(peer, stem)
                results[preset][peer].append(r)
                fit = r.get("fit_s")
                print(f"{preset} run {i + 1} {peer}: fit {fit if fit is None else round(fit, 4)} s, "
                      f"peak {r.get('peak_rss_mb', 0):.0f} MB {r.get('error', '')}", flush=True)
    lines = [
        "# Benchmarks: indikator against the peers, side by side",
        "",
        f"Machine: {machine()}. Date: {time.strftime('%Y-%m-%d')}.",
        "",
        "Reproduce: `bash benches/compare/run.sh` (venv from PyPI, panels from "
        "`benches/peers/gen_panel.py`, release build). Two-way fixed effects (region + year) with "
        "CR1 standard errors clustered by region, `y ~ x1 + x2 + x3`; fit time inside each fresh "
        "process (in-memory frame to coefficients and SEs; reading the file excluded; warm-up fit "
        f"on 2,000 rows first), median (min–max) of {a.runs} runs, peers alternating; peak RSS of "
        "the whole process (data included). Ratio = peer's median / indikator's median, from this "
        "one run. Agreement: largest relative difference of the 3 coefficients (and SEs, for "
        "peers with fixest's small-sample convention) against indikator.",
        "",
        "| panel | rows | peer | fit s, median (min–max) | peak RSS MB | ratio to indikator | coef agreement | SE agreement |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for preset, by in results.items():
        ours = [r for r in by["indikator"] if "fit_s" in r]
        if not ours:
            continue
        base = statistics.median(r["fit_s"] for r in ours)
        ref = ours[0]
        for peer in PEERS:
            ok = [r for r in by[peer] if "fit_s" in r]
            if not ok:
                lines.append(f"| {preset} | | {peer} | failed | | | | |")
                continue
            t = [r["fit_s"] for r in ok]
            med = statistics.median(t)
            rss = max(r["peak_rss_mb"] for r in ok)
            rows = ok[0].get("nobs", ok[0].get("rows"))
            if peer == "indikator":
                ratio, ca, sa = "1", "", ""
            else:
                ratio = f"{med / base:.1f}×"
                ca = f"{max(rel(c, d) for c, d in zip(ok[0]['coef'], ref['coef'])):.1e}"
                sa = (f"{max(rel(c, d) for c, d in zip(ok[0]['se'], ref['se'])):.1e}"
                      if peer in SAME_SE else "(other convention)")
            lines.append(f"| {preset} | {rows} | {peer} | {med:.4f} ({min(t):.4f}–{max(t):.4f}) | {rss:.0f} | {ratio} | {ca} | {sa} |")
    lines += [
        "",
        "## Growth with rows and with fixed-effect levels (indikator alone)",
        "",
        "`target/release/examples/scale_fit`: two-way FE + CR1, 3 regressors, synthetic panels "
        "made in Rust (balanced: every region × year once; unbalanced: cells drawn at random), "
        "median of 3 fits in one process.",
        "",
    ]
    lines += scaling()
    lines.append("")
    # Reading of the numbers, the profile and the end-to-end example (written by hand, kept
    # with the harness so that a rerun keeps them).
    with open(os.path.join(ROOT, "benches/compare/notes.md")) as f:
        lines.append(f.read())
    with open(os.path.join(ROOT, a.out), "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
