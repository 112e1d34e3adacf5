#!/usr/bin/env python3
"""`indikator fit --json` against pyfixest on data the fixtures do not cover.

Cases: the 38-province panel (TWFE with a log term, CR1), the Jawa Barat panel with a lag and a
log term and HC1 with fixed effects, a two-way clustered TWFE, and the 2021 all-Indonesia kab/kota
cross-section (no panel columns, HC1). Prints the largest relative difference of coefficients and
standard errors per case. Needs pyfixest (`pip install pyfixest pandas`) and a built `indikator`.

Usage: check_unseen.py PATH/TO/indikator [workdir]
"""
import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pyfixest as pf

exe = sys.argv[1]
work = sys.argv[2] if len(sys.argv) > 2 else "peers-data"
os.makedirs(work, exist_ok=True)


def export(dataset, path):
    out = subprocess.run([exe, "data", "show", "--dataset", dataset, "--csv"], check=True, capture_output=True)
    with open(path, "wb") as f:
        f.write(out.stdout)
    return pd.read_csv(path)


def ours(args):
    out = subprocess.run([exe, "fit", *args, "--json"], check=True, capture_output=True)
    j = json.loads(out.stdout)
    return {c["term"]: (c["estimate"], c["std_error"]) for c in j["coefficients"]}, j["nobs"]


def theirs(fit, rename):
    co, se = fit.coef(), fit.se()
    return {rename.get(k, k): (co[k], se[k]) for k in co.index}, int(fit._N)


def compare(name, a, b):
    (ca, na), (cb, nb) = a, b
    assert na == nb, f"{name}: nobs {na} vs {nb}"
    assert set(ca) == set(cb), f"{name}: terms {sorted(ca)} vs {sorted(cb)}"
    worst = max(max(abs(ca[t][i] - cb[t][i]) / abs(cb[t][i]) for i in (0, 1)) for t in ca)
    print(f"| {name} | {na} | {worst:.2e} |")
    return worst


print("| case | N | max rel. diff (coef, SE) |\n|---|---|---|")
worst = 0.0

prov = export("provinces", f"{work}/provinces_wide.csv")
f = "poverty_rate ~ unemployment_rate + log(grdp_per_capita) | region_code + year"
worst = max(worst, compare(
    "provinces TWFE + log, CR1",
    ours(["--data", f"{work}/provinces_wide.csv", "--entity", "region_code", "--time", "year",
          "--formula", f, "--vcov", "cluster:region_code"]),
    theirs(pf.feols(f, data=prov.dropna(subset=["region_code"]), vcov={"CRV1": "region_code"}, fixef_rm="none"), {}),
))

jab = export("jabar", f"{work}/jabar_wide.csv")
lag = jab[["region_code", "year", "unemployment_rate"]].copy()
lag["year"] += 1
jl = jab.merge(lag.rename(columns={"unemployment_rate": "lag_u"}), on=["region_code", "year"], how="left")
worst = max(worst, compare(
    "jabar FE + lag + log, HC1",
    ours(["--data", "jabar", "--formula", "poverty_rate ~ lag(unemployment_rate, 1) + log(expenditure) | region_code",
          "--vcov", "hc1"]),
    theirs(pf.feols("poverty_rate ~ lag_u + np.log(expenditure) | region_code", data=jl, vcov="hetero", fixef_rm="none"),
           {"lag_u": "lag(unemployment_rate,1)", "np.log(expenditure)": "log(expenditure)"}),
))
worst = max(worst, compare(
    "jabar TWFE, two-way CR1",
    ours(["--data", "jabar", "--formula", "poverty_rate ~ unemployment_rate | region_code + year",
          "--vcov", "cluster:region_code,year", "--from", "2011", "--to", "2025"]),
    theirs(pf.feols("poverty_rate ~ unemployment_rate | region_code + year", data=jab[(jab.year >= 2011)],
                    vcov={"CRV1": "region_code+year"}, fixef_rm="none"), {}),
))

kk = export("kabkota", f"{work}/kabkota_wide.csv")
xs = kk[kk.year == 2021][["poverty_rate", "unemployment_rate", "expenditure"]].dropna()
xs.to_csv(f"{work}/kabkota_2021.csv", index=False)
f = "poverty_rate ~ unemployment_rate + log(expenditure)"
worst = max(worst, compare(
    "kab/kota 2021 cross-section, HC1",
    ours(["--data", f"{work}/kabkota_2021.csv", "--formula", f, "--vcov", "hc1"]),
    theirs(pf.feols(f.replace("log(", "np.log("), data=xs, vcov="hetero"),
           {"Intercept": "(Intercept)", "np.log(expenditure)": "log(expenditure)"}),
))
print(f"\nlargest relative difference over all cases: {worst:.2e}")
sys.exit(0 if worst < 1e-6 else 1)
