#!/usr/bin/env python3
"""Build data/regions.csv — the registry of Indonesia's 38 provinces and 514 kab/kota — from the
code lists in data/national/ (stdlib only; see data/national/PROVENANCE.md).

Usage: python3 data/registry.py

Columns of regions.csv:
  code            BPS code, 2023 vintage (provinces two digits, kab/kota four)
  name            official name: `Kabupaten X`, `Kota X`, or the province
  type            kabupaten | kota | province
  parent          province code of a kab/kota
  established     year legally established, where younger than the data (Jawa Barat and provinces only)
  stats_from      first year with a separate BPS figure (Jawa Barat: curated; elsewhere: the first
                  year with a P0 value in BPS's table 621 export, where later than its first column 2004)
  aliases         other spellings in published files, `;`-separated
  kemendagri_code Kemendagri code of the BPS bridging service (2022 vintage; differs for 199 kab/kota —
                  never join BPS statistics on it)
  code_2020       BPS code of the 2020 vintage where it differs (the 26 Papua kab/kota recoded in 2022)

Sources: BPS 2023 ↔ Kemendagri 2022 list (furaihan…), BPS 2020 ↔ Kemendagri 2020 list (zakiego…),
the names of BPS's P0 table (muhammadludviarg…, rows in BPS code order), and the curated Jawa Barat
and province rows already in regions.csv (kept as they are).
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
NAT = os.path.join(HERE, "national")


def read(name):
    with open(os.path.join(NAT, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def title(words):
    out = []
    for w in words.split():
        if w == "DAN":
            out.append("dan")
        else:
            out.append("-".join(p[:1] + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def official(bps_name):
    """`KAB. ADM. KEP. SERIBU` → `Kabupaten Kepulauan Seribu`; `KOTA ADM. JAKARTA PUSAT` → `Kota Jakarta Pusat`."""
    n = bps_name.replace("ADM. ", "").replace("KEP. ", "KEPULAUAN ")
    for p in ("KAB. ", "KAB "):
        if n.startswith(p):
            return "Kabupaten " + title(n[len(p):])
    if n.startswith("KOTA "):
        return "Kota " + title(n[5:])
    raise ValueError(bps_name)


# The curated rows (27 Jawa Barat kab/kota, 38 provinces) stay as they are.
with open(os.path.join(HERE, "regions.csv"), newline="", encoding="utf-8") as f:
    curated = {r["code"]: r for r in csv.DictReader(f) if r["type"] == "province" or r["parent"] == "32"}

kab = {}
for r in read("furaihan__wilayah_indonesia_bps2023_dagri2022.csv"):
    kab.setdefault(r["kode_kabupaten"], r)
assert len(kab) == 514, len(kab)
prov_dagri = {r["kode_provinsi"]: r["kode_provinsi_dagri"] for r in kab.values()}

old = {r["kode_bps"]: r for r in read("zakiego__kabkota_bps2020_dagri2020.csv")}
assert len(old) == 514, len(old)
# 2020 → 2023 recoding (PROVENANCE §4): the 26 Papua kab/kota, matched by name.
CODE_2020 = {
    "9201": "9108", "9202": "9107", "9203": "9106", "9204": "9110", "9205": "9109", "9271": "9171",
    "9501": "9401", "9502": "9413", "9503": "9414", "9504": "9415", "9601": "9412", "9602": "9434",
    "9603": "9436", "9604": "9404", "9605": "9410", "9606": "9435", "9607": "9433", "9608": "9411",
    "9701": "9429", "9702": "9402", "9703": "9430", "9704": "9418", "9705": "9431", "9706": "9432",
    "9707": "9416", "9708": "9417",
}
assert len(CODE_2020) == 26
codes_2020 = set(old)
assert all(c in codes_2020 for c in CODE_2020.values())
assert all(c in codes_2020 for c in kab if c not in CODE_2020), [c for c in kab if c not in CODE_2020 and c not in codes_2020]

# BPS table 621 (P0 2004–2025): 38 upper-case province rows, then kab/kota rows in BPS code order.
with open(os.path.join(NAT, "muhammadludviarg__p0_kabkota_2004_2025.csv"), newline="", encoding="utf-8") as f:
    table = list(csv.reader(f))
years = [int(y) for y in table[1][1:]]
region_rows = [r for r in table[2:] if r and r[0] and not r[0].isupper() and not r[0].startswith("Catatan")]
assert len(region_rows) == 514, len(region_rows)
table_name, first_year = {}, {}
for code, row in zip(sorted(kab), region_rows):
    table_name[code] = row[0]
    have = [y for y, v in zip(years, row[1:]) if v.strip() not in ("", "-")]
    first_year[code] = have[0] if have else None

# Spellings planners meet that no list above carries (issue 13; PROVENANCE §2.2, §6).
EXTRA = {
    "1206": ["Toba Samosir"], "7605": ["Mamuju Utara"], "8101": ["Maluku Tenggara Barat"], "6104": ["Pontianak", "Pontianak (kab.)", "Kabupaten Pontianak"],
    "6302": ["Kota Baru"], "3101": ["Kabupaten Administrasi Kepulauan Seribu", "Kab. Kep. Seribu"],
    "3171": ["Kota Administrasi Jakarta Selatan"], "3172": ["Kota Administrasi Jakarta Timur"],
    "3173": ["Kota Administrasi Jakarta Pusat"], "3174": ["Kota Administrasi Jakarta Barat"],
    "3175": ["Kota Administrasi Jakarta Utara"], "6411": ["Mahakam Hulu"],
    "7371": ["Kota Makasar"], "7309": ["Pangkajene Kepulauan"],
}

names = {c: official(r["nama_kabupaten"]) for c, r in kab.items()}
kab_bare = {n[len("Kabupaten "):].lower() for n in names.values() if n.startswith("Kabupaten ")}
# A kota's bare name is an alias only where no kabupaten or province has it (`Depok`, not `Bogor`
# or `Jambi`: BPS tables write `Kota Bogor`, and `JAMBI` is the province row).
taken = kab_bare | {r["name"].lower() for r in curated.values() if r["type"] == "province"}
taken |= {a.lower() for c, extra in EXTRA.items() if names[c].startswith("Kabupaten ") for a in extra}
out = []
for code in sorted(kab):
    r = kab[code]
    if code in curated:
        row = dict(curated[code])
    else:
        name = names[code]
        aliases = []
        bare = name.split(" ", 1)[1]
        if name.startswith("Kabupaten "):
            aliases += [bare, "Kab. " + bare]
        elif bare.lower() not in taken:
            # `Depok`, `Yogyakarta`: a kota's bare name where no kabupaten shares it.
            aliases.append(bare)
        o = old.get(CODE_2020.get(code, code))
        for a in [" ".join(x.split()) for x in [r["nama_kabupaten"], r["nama_kabupaten_dagri"], table_name[code],
                  o["nama_bps"] if o and (name.startswith("Kabupaten ") or o["nama_bps"].lower() not in taken) else "",
                  o["nama_dagri"] if o else ""]] + EXTRA.get(code, []):
            if a and a not in aliases and a != name:
                aliases.append(a)
        fy = first_year[code]
        row = {
            "code": code, "name": name, "type": "kota" if code[2] == "7" else "kabupaten",
            "parent": code[:2], "established": "",
            "stats_from": str(fy) if fy and fy > years[0] else "",
            "aliases": ";".join(aliases),
        }
    row["kemendagri_code"] = r["kode_kabupaten_dagri"]
    row["code_2020"] = CODE_2020.get(code, "")
    out.append(row)

for code in sorted(c for c, r in curated.items() if r["type"] == "province"):
    row = dict(curated[code])
    row["kemendagri_code"] = prov_dagri[code]
    row["code_2020"] = ""
    out.append(row)

# An alias that is another region's name (a Kemendagri spelling cut short, `KAB. OGAN KOMERING
# ULU` on Ogan Komering Ulu Selatan) would resolve to the wrong region: drop it, and say so.
def key(n):
    n = n.lower().replace(".", " ").replace("-", " ")
    return "".join(n.split())


def keys_of(row):
    name = row["name"]
    out = {key(name)}
    if name.startswith("Kabupaten "):
        out |= {key("Kab " + name[10:]), key(name[10:])}
    return out


owner = {}
for row in out:
    if row["type"] == "province":
        continue  # a province named like a kab/kota (Gorontalo, Jambi) is told apart by context
    for k in keys_of(row):
        owner.setdefault(k, set()).add(row["code"])
for row in out:
    if row["type"] == "province":
        continue
    kept = []
    for a in row["aliases"].split(";") if row["aliases"] else []:
        others = owner.get(key(a), set()) - {row["code"]}
        if others:
            print(f"dropped alias {a!r} of {row['code']} {row['name']}: the name of {sorted(others)}")
        else:
            kept.append(a)
    row["aliases"] = ";".join(kept)

cols = ["code", "name", "type", "parent", "established", "stats_from", "aliases", "kemendagri_code", "code_2020"]
with open(os.path.join(HERE, "regions.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, cols, lineterminator="\n")
    w.writeheader()
    for row in out:
        w.writerow({c: row.get(c, "") for c in cols})
n_kab = sum(r["type"] == "kabupaten" for r in out)
n_kota = sum(r["type"] == "kota" for r in out)
print(f"regions.csv: {len(out)} regions ({n_kab} kabupaten, {n_kota} kota, {len(out) - n_kab - n_kota} provinces); "
      f"{sum(r['kemendagri_code'] != r['code'] for r in out if r['type'] != 'province')} kab/kota with another Kemendagri code")
