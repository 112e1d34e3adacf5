"""Whole-process timing: what a user waits for when they type the command.

indikator's CLI (`fit --data FILE --entity region --time year --vcov cluster:region --json`, the
release binary) against pyfixest in a fresh Python process (import, read the file with pandas or
polars, feols with CR1 by region, print coefficients and SEs), on the same CSV and Parquet panels,
alternating, each RUNS times. Wall time of the whole process; indikator's fit phases (from
INDIKATOR_TRACE) as a share of its wall time. Coefficients and SEs are compared.

  python benches/compare/whole_process.py --data DIR --bin target/release/indikator [--runs 3] m830k
"""
import argparse
import json
import re
import statistics
import subprocess
import sys
import time

FORMULA = "y ~ x1 + x2 + x3 | region + year"

PY = """
import sys, json
import pyfixest as pf
path, reader = sys.argv[1], sys.argv[2]
if reader == "polars":
    import polars as pl
    df = (pl.read_parquet(path) if path.endswith(".parquet") else pl.read_csv(path)).to_pandas()
else:
    import pandas as pd
    df = pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path)
m = pf.feols("%s", data=df, vcov={"CRV1": "region"})
print(json.dumps({"coef": [float(v) for v in m.coef()], "se": [float(v) for v in m.se()]}))
""" % FORMULA


def run(cmd, env=None):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed: {p.stderr[-2000:]}")
    return wall, p.stdout, p.stderr


def indikator(binary, path):
    import os
    env = dict(os.environ, INDIKATOR_TRACE="1")
    wall, out, err = run([binary, "fit", "--data", path, "--formula", FORMULA, "--entity", "region",
                          "--time", "year", "--vcov", "cluster:region", "--json"], env)
    j = json.loads(out)
    phases = sum(float(m) for m in re.findall(r"^fit: .*?: ([0-9.]+) ms", err, re.M)) / 1000
    read = sum(float(m) for m in re.findall(r"^command: read: ([0-9.]+) ms", err, re.M)) / 1000
    return wall, (phases, read), [c["estimate"] for c in j["coefficients"]], [c["std_error"] for c in j["coefficients"]]


def pyfixest(python, path, reader):
    wall, out, _ = run([python, "-c", PY, path, reader])
    j = json.loads(out.strip().splitlines()[-1])
    return wall, None, j["coef"], j["se"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("presets", nargs="+")
    ap.add_argument("--data", required=True)
    ap.add_argument("--bin", default="target/release/indikator")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    rows = ["| panel | file | peer | whole process s, median (min–max) | fit phases, share of wall | reading the file, share of wall | ratio to indikator | coef agreement | SE agreement |",
            "|---|---|---|---|---|---|---|---|---|"]
    for preset in a.presets:
        for ext in ["csv", "parquet"]:
            path = f"{a.data}/{preset}.{ext}"
            peers = {
                "indikator": lambda: indikator(a.bin, path),
                "pyfixest (pandas read)": lambda: pyfixest(a.python, path, "pandas"),
                "pyfixest (polars read)": lambda: pyfixest(a.python, path, "polars"),
            }
            res = {k: [] for k in peers}
            for _ in range(a.runs):
                for k, f in peers.items():
                    res[k].append(f())
            base = statistics.median(r[0] for r in res["indikator"])
            ref = res["indikator"][0]
            for k, rs in res.items():
                walls = [r[0] for r in rs]
                med = statistics.median(walls)
                share = read = ""
                if rs[0][1] is not None:
                    share = f"{statistics.median(r[1][0] for r in rs):.3f} s, {statistics.median(r[1][0] / r[0] for r in rs):.0%}"
                    read = f"{statistics.median(r[1][1] for r in rs):.3f} s, {statistics.median(r[1][1] / r[0] for r in rs):.0%}"
                agree = lambda i: max(abs(x - y) / abs(y) for x, y in zip(rs[0][i], ref[i]))
                rows.append(f"| {preset} | {ext} | {k} | {med:.3f} ({min(walls):.3f}–{max(walls):.3f}) | {share} | {read} | "
                            f"{'1' if k == 'indikator' else f'{med / base:.1f}×'} | "
                            f"{'' if k == 'indikator' else f'{agree(2):.1e}'} | {'' if k == 'indikator' else f'{agree(3):.1e}'} |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
