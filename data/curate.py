#!/usr/bin/env python3
"""Rebuild indikator's bundled data/ from the shared curated CSVs (stdlib only).

Usage: python3 data/curate.py ../shared/data

Every value is copied as it stands in the shared CSVs (which name repository, path and commit of
each source id in SOURCES.md). Nothing is filled, interpolated or rounded. Only the schema changes:
one long schema for every file,

    region_code, region, region_type, province, year, semester, indicator, value, unit, source_id

with indicator and unit names normalised to indikator's vocabulary (see data/README.md).
"""
import csv, sys, os

SRC = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
OUT = os.path.dirname(os.path.abspath(__file__))
COLS = ["region_code", "region", "region_type", "province", "year", "semester",
        "indicator", "value", "unit", "source_id"]

INDICATOR = {
    "poverty_rate_p0": "poverty_rate", "tpt_august": "unemployment_rate",
    "adjusted_per_capita_expenditure": "expenditure", "mean_years_schooling_rls": "mean_years_schooling",
    "labour_force_participation_august": "labour_force_participation", "hdi_ipm": "hdi",
    "grdp_per_capita_constant_2010_prices": "grdp_per_capita",
}
UNIT = {"index points": "index", "thousand rupiah": "thousand rupiah per capita per year"}
JABAR_FILES = {
    "jabar_kabkota_poverty_rate_p0.csv": "poverty_rate",
    "jabar_kabkota_tpt.csv": "unemployment_rate",
    "jabar_kabkota_poor_population.csv": "poor_population",
    "jabar_kabkota_poverty_line.csv": "poverty_line",
    "jabar_kabkota_poverty_depth_p1.csv": "poverty_depth_p1",
    "jabar_kabkota_poverty_severity_p2.csv": "poverty_severity_p2",
    "jabar_kabkota_covariates.csv": None,
}

def rows(name):
    with open(os.path.join(SRC, name), newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)

def write(name, out_rows):
    out_rows.sort(key=lambda r: (r["indicator"], int(r["year"]), r["semester"], r["province"],
                                 r["region_code"] == "", r["region_code"], r["region"]))
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, COLS, lineterminator="\n")
        w.writeheader()
        w.writerows(out_rows)
    print(f"{name}: {len(out_rows)} rows")

def region_type(t):
    return {"provinsi": "province"}.get(t, t)

# ---- Jawa Barat kab/kota (+ the province row) ----------------------------------------------
jabar = []
for fname, ind in JABAR_FILES.items():
    for r in rows(fname):
        code = r["region_code"]
        jabar.append({
            "region_code": code,
            "region": "Jawa Barat" if code == "32" else r["region"],
            "region_type": region_type(r["region_type"]),
            "province": "Jawa Barat", "year": r["year"], "semester": "",
            "indicator": ind or INDICATOR.get(r["indicator"], r["indicator"]),
            "value": r["value"], "unit": UNIT.get(r["unit"], r["unit"]), "source_id": r["source_id"],
        })
write("jabar_kabkota.csv", jabar)

# ---- provinces of Indonesia ----------------------------------------------------------------
# Rows left out because the value is impossible for its indicator (see data/SOURCES.md,
# "Excluded values"): (province_code, indicator, year, semester) -> reason.
EXCLUDED = {
    ("", "poverty_rate_p0", "2018", "March"):
        "25674.58 'percent' equals Indonesia's September 2018 poor population (thousand persons): a column shift in S11",
}
prov = []
for r in rows("indonesia_province_poverty.csv"):
    why = EXCLUDED.get((r["province_code"], r["indicator"], r["year"], r["semester"]))
    if why:
        print(f"excluded {r['province']} {r['indicator']} {r['year']} {r['semester']} = {r['value']}: {why}")
        continue
    national = r["level"] == "national"
    prov.append({
        "region_code": r["province_code"], "region": r["province"],
        "region_type": "country" if national else "province", "province": "" if national else r["province"],
        "year": r["year"], "semester": r["semester"], "indicator": INDICATOR.get(r["indicator"], r["indicator"]),
        "value": r["value"], "unit": UNIT.get(r["unit"], r["unit"]), "source_id": r["source_id"],
    })
for r in rows("indonesia_province_covariates.csv"):
    national = r["province_code"] == ""
    prov.append({
        "region_code": r["province_code"], "region": r["province"],
        "region_type": "country" if national else "province", "province": "" if national else r["province"],
        "year": r["year"], "semester": "", "indicator": INDICATOR.get(r["indicator"], r["indicator"]),
        "value": r["value"], "unit": UNIT.get(r["unit"], r["unit"]), "source_id": r["source_id"],
    })
write("indonesia_provinces.csv", prov)

# ---- all kab/kota of Indonesia (names only; codes for Jawa Barat and provinces) ------------
registry = list(csv.DictReader(open(os.path.join(OUT, "regions.csv"), encoding="utf-8")))
prov_by_upper = {}
for g in registry:
    if g["type"] == "province":
        for a in [g["name"]] + g["aliases"].split(";"):
            if a:
                prov_by_upper[a.upper()] = g
jabar_short = {}
for g in registry:
    if g["parent"] == "32":
        short = g["name"].replace("Kabupaten ", "")
        jabar_short[short] = g
kab = []
for r in rows("indonesia_kabkota_covariates.csv"):
    pname = r["province"]
    if pname == "INDONESIA":
        code, region, rtype, province = "", "Indonesia", "country", ""
    else:
        p = prov_by_upper[pname]
        province = p["name"]
        if r["region"] == "(province)":
            code, region, rtype = p["code"], p["name"], "province"
        else:
            region = r["region"]
            rtype = "kota" if region.startswith("Kota ") else "kabupaten"
            if p["code"] == "32":
                g = jabar_short[region]
                code, region = g["code"], g["name"]
            else:
                code = ""
                if rtype == "kabupaten":
                    region = "Kabupaten " + region
    kab.append({
        "region_code": code, "region": region, "region_type": rtype, "province": province,
        "year": r["year"], "semester": "", "indicator": INDICATOR.get(r["indicator"], r["indicator"]),
        "value": r["value"], "unit": UNIT.get(r["unit"], r["unit"]), "source_id": r["source_id"],
    })
write("indonesia_kabkota.csv", kab)
