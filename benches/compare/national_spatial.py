"""The national panel and the spatial ML models beside their peers, from one run.

    INDIKATOR_BENCH_EXPORT=DIR cargo bench --bench fit -- national_spatial
    python benches/compare/national_spatial.py --export DIR --criterion target/criterion

indikator's times are criterion's medians of that run (target/criterion/national_spatial/*);
the peers are timed here on the rows and weights the bench exported (same regions, same
neighbour pairs), median of repeated calls in one process after a warm-up, and their estimates
are checked against indikator's (largest relative difference of the coefficients and SEs):

| bench | indikator | peer |
|---|---|---|
| national_fe_cr1, national_twfe_cr1 | `ModelSpec::fit_panel`, CR1 by kab/kota | pyfixest `feols`, CR1 |
| sar/national_2024 | sample, queen weights from the boundaries, ML lag model with impacts | libpysal `W` from the exported pairs + spreg `ML_Lag` |
| sar_fe/jabar_27x9 | FE lag model 2017-2025 with impacts | spreg `Panel_FE_Lag` |
| queen_weights/national_514 | queen contiguity of the 514 kab/kota boundaries | libpysal `Queen.from_dataframe` |

Prints the markdown table.
"""
import argparse
import json
import os
import statistics
import sys
import time
import warnings

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def timed(f, min_total=1.0, min_runs=5):
    # spreg prints the model's name on stdout: kept out of the table.
    import contextlib
    import io
    with contextlib.redirect_stdout(io.StringIO()):
        return _timed(f, min_total, min_runs)


def _timed(f, min_total, min_runs):
    f()
    times = []
    while len(times) < min_runs or sum(times) < min_total:
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
        if len(times) >= 200:
            break
    return statistics.median(times), out


def criterion_median(root, name):
    path = os.path.join(root, "national_spatial", name.replace("/", "_"), "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"] / 1e9


def rel(a, b):
    return max(abs(x - y) / max(abs(y), 1e-300) for x, y in zip(a, b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--export", required=True)
    ap.add_argument("--criterion", default=os.path.join(ROOT, "target/criterion"))
    a = ap.parse_args()
    warnings.filterwarnings("ignore")
    import libpysal
    import pyfixest as pf
    import spreg

    ind = json.load(open(os.path.join(a.export, "indikator.json")))
    panel = pd.read_csv(os.path.join(a.export, "national_panel.csv"), dtype={"region_code": str})
    rows = []

    for name, fml in [("national_fe_cr1", "poverty_rate ~ unemployment_rate | region_code"),
                      ("national_twfe_cr1", "poverty_rate ~ unemployment_rate | region_code + year")]:
        t, fit = timed(lambda: pf.feols(fml, data=panel, vcov={"CRV1": "region_code"}))
        mine = ind[name]["unemployment_rate"]
        agree = (rel([fit.coef()["unemployment_rate"]], [mine[0]]), rel([fit.se()["unemployment_rate"]], [mine[1]]))
        rows.append((name, "pyfixest 0.60 feols", t, agree, f"{int(fit._N)} rows"))

    # National lag model, 2024: the exported regions and pairs, row-standardised.
    kept = pd.read_csv(os.path.join(a.export, "national_2024_regions.csv"), dtype=str).region_code.tolist()
    pairs = pd.read_csv(os.path.join(a.export, "national_2024_queen.csv"), dtype=str)
    d24 = panel[panel.year == 2024].set_index("region_code").loc[kept]
    y, x = d24.poverty_rate.to_numpy()[:, None], d24[["unemployment_rate"]].to_numpy()

    def national_lag():
        neigh = {c: [] for c in kept}
        for r, n in zip(pairs.region_code, pairs.neighbor_code):
            neigh[r].append(n)
        w = libpysal.weights.W(neigh, id_order=kept, silence_warnings=True)
        w.transform = "r"
        return spreg.ML_Lag(y, x, w, name_x=["unemployment_rate"])

    t, m = timed(national_lag)
    mine = ind["sar/national_2024"]
    b = np.ravel(m.betas)
    se = np.ravel(m.std_err)
    agree = (rel([b[1], b[2]], [mine["unemployment_rate"][0], mine["rho"][0]]),
             rel([se[1], se[2]], [mine["unemployment_rate"][1], mine["rho"][1]]))
    rows.append(("sar/national_2024", "spreg 1.9 ML_Lag (W from the pairs)", t, agree, f"{len(kept)} kab/kota"))

    # Jawa Barat FE lag model, 2017-2025, the bundled queen list (as the fixtures).
    jab = pd.read_csv(os.path.join(ROOT, "tests/fixtures/panels/jabar_kabkota_wide.csv"))
    jp = pd.read_csv(os.path.join(ROOT, "data/geo/jabar_queen.csv"), dtype=str)
    codes = sorted(set(jp.region_code) | set(jp.neighbor_code))
    neigh = {c: sorted(set(jp.neighbor_code[jp.region_code == c]) | set(jp.region_code[jp.neighbor_code == c])) for c in codes}
    wj = libpysal.weights.W(neigh, id_order=codes)
    wj.transform = "r"
    dj = jab[(jab.year >= 2017) & (jab.year <= 2025)].copy()
    dj["region_code"] = dj.region_code.astype(str)
    yp = dj.pivot(index="region_code", columns="year", values="poverty_rate").loc[codes].to_numpy()
    xp = dj.pivot(index="region_code", columns="year", values="unemployment_rate").loc[codes].to_numpy()
    t, m = timed(lambda: spreg.Panel_FE_Lag(yp, xp, wj))
    mine = ind["sar_fe/jabar_27x9"]
    b, se = np.ravel(m.betas), np.ravel(m.std_err)
    agree = (rel([b[0], b[1]], [mine["unemployment_rate"][0], mine["rho"][0]]),
             rel([se[0], se[1]], [mine["unemployment_rate"][1], mine["rho"][1]]))
    rows.append(("sar_fe/jabar_27x9", "spreg 1.9 Panel_FE_Lag", t, agree, "27 kab/kota × 9 years"))

    import geopandas as gpd
    # One boundary has a degenerate ring: repaired on reading (shapely `on_invalid="fix"`).
    gdf = gpd.read_file(os.path.join(ROOT, "data/geo/indonesia_kabkota.geojson"), on_invalid="fix")
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty].reset_index(drop=True)
    t, wq = timed(lambda: libpysal.weights.Queen.from_dataframe(gdf, use_index=False, silence_warnings=True))
    rows.append(("queen_weights/national_514", "libpysal 4.14 Queen.from_dataframe", t, None,
                 f"{len(gdf)} shapes; {wq.s0:.0f} links (libpysal: shared vertices; indikator: 100 m snap)"))

    out = ["| bench | peer | indikator s (criterion median) | peer s (median) | ratio | coef agreement | SE agreement | note |",
           "|---|---|---|---|---|---|---|---|"]
    for name, peer, t, agree, note in rows:
        mine = criterion_median(a.criterion, name)
        ca, sa = ("", "") if agree is None else (f"{agree[0]:.1e}", f"{agree[1]:.1e}")
        out.append(f"| {name} | {peer} | {mine:.5f} | {t:.5f} | {t / mine:.1f}× | {ca} | {sa} | {note} |")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
