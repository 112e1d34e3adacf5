#!/usr/bin/env python3
"""Build data/indonesia_kabkota_panel.csv — the kab/kota panel of Indonesia outside Jawa Barat —
from the BPS exports and compilations copied into data/national/ (stdlib only).

Usage: python3 data/national.py        (after data/registry.py)

Rules (issue 13; data/national/PROVENANCE.md and data/SOURCES.md, "The national kab/kota panel"):
- Jawa Barat's 27 kab/kota are not here: their curated series (jabar_kabkota.csv) stand.
- Every value is copied as the source writes it; nothing is filled, interpolated or rounded.
  A gap (`-`, `NA`, empty) stays a gap: the row is absent.
- A value before the region's first year of statistics (regions.csv `stats_from`) is left out.
- Rows are keyed by the 2023 BPS code: by position in BPS code order (tables 621/622), by code
  (okun, 2020 vintage mapped through `code_2020`; jessch22 except the 22 Papua ids it pairs with
  the wrong names, which are joined by name within their province), or by name within the
  province row above it (P1/P2).

Source ids:  N1 P0 2004–2025 (BPS table 621 export)    N2 poor population 2004–2025 (table 622)
             N3 TPT 2009–2015, 2017 (quarcs-lab okun)   N4 TPT and TPAK 2018–2024 (jessch22)
             N5 P1 and P2 2015–2023 (BPS WebAPI compilation, febroherdyanto)
"""
import csv
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
NAT = os.path.join(HERE, "national")
COLS = ["region_code", "region", "region_type", "province", "year", "semester",
        "indicator", "value", "unit", "source_id"]

with open(os.path.join(HERE, "regions.csv"), newline="", encoding="utf-8") as f:
    regions = list(csv.DictReader(f))
by_code = {r["code"]: r for r in regions}
old_code = {r["code_2020"]: r["code"] for r in regions if r["code_2020"]}
kabkota = sorted(r["code"] for r in regions if r["type"] != "province")


def key(name):
    """As the Rust registry's key_of: no case, dots, hyphens, spaces; Kep. spelled out; Adm. dropped."""
    words = name.rstrip("* ").lower().replace(".", " ").replace("\u00a0", " ").split()
    words = ["kepulauan" if w == "kep" else w for w in words if w not in ("adm", "administrasi")]
    return "".join(words).replace("-", "")


names = {}
for r in regions:
    for n in [r["name"]] + [a for a in r["aliases"].split(";") if a]:
        names.setdefault(key(n), set()).add(r["code"])


def in_province(code, prov):
    r = by_code[code]
    return r["parent"] == prov or r["code_2020"][:2] == prov or code == prov


def resolve(name, prov, where):
    """The kab/kota `name` listed under province `prov`, or an error naming the row."""
    for n in (name, "Kota " + name):
        found = {c for c in names.get(key(n), set()) if by_code[c]["type"] != "province" and in_province(c, prov)}
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            raise SystemExit(f"{where}: {name!r} is ambiguous in province {prov}: {sorted(found)}")
    raise SystemExit(f"{where}: {name!r} is no kab/kota of province {prov}")


def province_of(name, where):
    found = {c for c in names.get(key(name), set()) if by_code[c]["type"] == "province"}
    if len(found) != 1:
        raise SystemExit(f"{where}: {name!r} is not one province")
    return found.pop()


out, dropped = [], []


def emit(code, year, indicator, value, unit, source):
    value = value.strip()
    if value in ("", "-", "NA", "N/A", "…", "..."):
        return
    r = by_code[code]
    if r["parent"] == "32":
        return  # Jawa Barat: the curated series stand
    start = int(r["stats_from"]) if r["stats_from"] else None
    if start and int(year) < start:
        dropped.append(f"{source} {r['name']} {year} {indicator} = {value}: before its first year of statistics ({start})")
        return
    float(value)  # a number, or the script stops
    out.append({"region_code": code, "region": r["name"], "region_type": r["type"],
                "province": by_code[r["parent"]]["name"], "year": str(year), "semester": "",
                "indicator": indicator, "value": value, "unit": unit, "source_id": source})


def bps_table(fname, indicator, unit, source):
    """A BPS web-table export whose 514 kab/kota rows are in BPS code order (PROVENANCE §6)."""
    with open(os.path.join(NAT, fname), newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    years = table[1][1:]
    rows = [r for r in table[2:] if r and r[0] and not r[0].isupper() and not r[0].startswith("Catatan")]
    assert len(rows) == 514, (fname, len(rows))
    for code, row in zip(kabkota, rows):
        listed = key(row[0])
        assert code in names.get(listed, set()), (fname, code, row[0])
        for y, v in zip(years, row[1:]):
            emit(code, y, indicator, v, unit, source)


bps_table("muhammadludviarg__p0_kabkota_2004_2025.csv", "poverty_rate", "percent", "N1")
bps_table("muhammadludviarg__poor_population_kabkota_2004_2025.csv", "poor_population", "thousand persons", "N2")

# TPT 2009–2015 and 2017 from okun (2016 is interpolated by the compiler, 2008 of unknown origin;
# from 2018 the jessch22 file is taken, which continues smoothly where okun swaps pairs).
with open(os.path.join(NAT, "quarcs-lab__okun_converted.csv"), newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        y = int(r["year"])
        if 2009 <= y <= 2017 and y != 2016:
            emit(old_code.get(r["id"], r["id"]), y, "unemployment_rate", r["un"], "percent", "N3")

# TPT and TPAK 2018–2024 (jessch22). Its ids are wrong for 22 kab/kota of Papua Barat Daya, Papua
# Tengah and Papua Pegunungan: those three provinces are joined by name.
COPY_ERRORS = {("1202", 2019): "Mandailing Natal 2019 is 1.09, Karo's value (PROVENANCE §8)"}
with open(os.path.join(NAT, "jessch22__tpt_tpak_kabkota_2018_2024_converted.csv"), newline="", encoding="utf-8") as f:
    for i, r in enumerate(csv.DictReader(f), start=2):
        code = r["ID"]
        if code[:2] in ("92", "96", "97"):
            code = resolve(r["kab_kota"], code[:2], f"jessch22 line {i}")
        if code not in names.get(key(r["kab_kota"]), set()) | names.get(key("Kota " + r["kab_kota"]), set()):
            raise SystemExit(f"jessch22 line {i}: id {r['ID']} is {by_code[code]['name']}, the row says {r['kab_kota']!r}")
        for y in range(2018, 2025):
            if (code, y) in COPY_ERRORS:
                dropped.append(f"N4 {by_code[code]['name']} {y} TPT = {r[f'TPT_{y}']}: {COPY_ERRORS[(code, y)]}")
            else:
                emit(code, y, "unemployment_rate", r[f"TPT_{y}"], "percent", "N4")
            emit(code, y, "labour_force_participation", r[f"TPAK_{y}"], "percent", "N4")

# P1 and P2 2015–2023: names under the UPPER CASE province row above them.
P12 = {"Index Kedalaman Kemiskinan": "poverty_depth_p1", "Index Keparahan Kemiskinan": "poverty_severity_p2"}
with open(os.path.join(NAT, "febroherdyanto__index_kemiskinan_nasional_p1p2_2015_2023.csv"), newline="", encoding="utf-8") as f:
    prov = None
    for i, r in enumerate(csv.DictReader(f), start=2):
        n = r["nama_wilayah"].strip()
        if n.isupper():
            prov = province_of(n, f"P1/P2 line {i}")
            continue
        code = resolve(n, prov, f"P1/P2 line {i}")
        emit(code, r["nama_tahun"], P12[r["nama_variabel"]], r["data_content"], "index", "N5")

seen = {}
for row in out:
    k = (row["region_code"], row["year"], row["indicator"])
    if k in seen and seen[k] != row["value"]:
        raise SystemExit(f"two values for {k}: {seen[k]} and {row['value']}")
    seen[k] = row["value"]
out.sort(key=lambda r: (r["indicator"], int(r["year"]), r["region_code"]))
with open(os.path.join(HERE, "indonesia_kabkota_panel.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, COLS, lineterminator="\n")
    w.writeheader()
    w.writerows(out)
for d in dropped:
    print("left out:", d)
count = {}
for row in out:
    count[row["indicator"]] = count.get(row["indicator"], 0) + 1
print(f"indonesia_kabkota_panel.csv: {len(out)} rows; " + ", ".join(f"{k} {v}" for k, v in sorted(count.items())))
