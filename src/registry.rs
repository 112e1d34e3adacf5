//! The region registry: Indonesia's 38 provinces and 514 kab/kota with their BPS codes (2023
//! vintage; the 2020 code where it changed), Kemendagri codes, official names, types, parents,
//! aliases and start years (`data/regions.csv`, built by `data/registry.py`, compiled in).
//!
//! Names are matched case-insensitively ignoring dots, hyphens and spaces, so `KABUPATEN BOGOR`,
//! `Kab. Bogor`, `Bogor` (the BPS web-table short name) and `Kabupaten Bogor` all resolve to code
//! 3201, `Kota Bogor` to 3271, and `Labuhan Batu`, `LABUHANBATU` and `S I A K` to their
//! kabupaten. A name can be ambiguous — `Gorontalo` is a province and a kabupaten, `Banjar` a
//! kabupaten in Kalimantan Selatan and (bare) the kota in Jawa Barat — so [`Registry::resolve_in`]
//! takes the province a file lists the name under and the level wanted, and says when a name
//! stays ambiguous instead of picking one. Never join BPS statistics on Kemendagri codes: they
//! differ for 198 kab/kota.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use crate::error::closest;

const REGIONS_CSV: &str = include_str!("../data/regions.csv");

/// The administrative level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionType {
    /// Kabupaten (regency).
    Kabupaten,
    /// Kota (city).
    Kota,
    /// Provinsi.
    Province,
    /// Indonesia as a whole.
    Country,
}

impl RegionType {
    /// The name used in the tidy frame's `region_type` column.
    pub fn as_str(self) -> &'static str {
        match self {
            RegionType::Kabupaten => "kabupaten",
            RegionType::Kota => "kota",
            RegionType::Province => "province",
            RegionType::Country => "country",
        }
    }
    /// Whether a kabupaten or a kota.
    pub fn is_kabkota(self) -> bool {
        matches!(self, RegionType::Kabupaten | RegionType::Kota)
    }
    /// Parse the `region_type` column (accepts `provinsi` for `province`).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "kabupaten" | "kab" | "regency" => Some(RegionType::Kabupaten),
            "kota" | "city" => Some(RegionType::Kota),
            "province" | "provinsi" => Some(RegionType::Province),
            "country" | "national" | "nasional" => Some(RegionType::Country),
            _ => None,
        }
    }
}

impl fmt::Display for RegionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One region of the registry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Region {
    /// BPS code (`3272`; provinces two digits, `32`).
    pub code: String,
    /// Official name (`Kota Sukabumi`, `Kabupaten Sukabumi`, `Jawa Barat`).
    pub name: String,
    /// Administrative level.
    pub region_type: RegionType,
    /// Code of the province a kab/kota belongs to.
    pub parent: Option<String>,
    /// The year the region was legally established, where it is younger than the data.
    pub established: Option<i32>,
    /// The first year in which BPS publishes separate statistics for it, where that is later
    /// than the data's start (Kabupaten Pangandaran: established 2012, first separate figure 2013).
    pub stats_from: Option<i32>,
    /// Other spellings found in published files.
    pub aliases: Vec<String>,
    /// Kemendagri code (2022 vintage, as the BPS bridging service gives it).
    pub kemendagri_code: Option<String>,
    /// BPS code of the 2020 vintage where it differs (the 26 Papua kab/kota recoded in 2022).
    pub code_2020: Option<String>,
}

impl Region {
    /// The first year for which a published value can be real (max of established and stats_from).
    pub fn start_year(&self) -> Option<i32> {
        match (self.established, self.stats_from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }
}

/// A region's name as BPS tables print it: a kabupaten without its prefix (`Sukabumi`), a kota
/// with it (`Kota Sukabumi`) — the short labels of maps and ranking charts.
pub fn bps_short_name(name: &str) -> &str {
    name.strip_prefix("Kabupaten ").unwrap_or(name)
}

/// The registry of known regions.
#[derive(Debug)]
pub struct Registry {
    regions: Vec<Region>,
    by_key: HashMap<String, Vec<usize>>,
    by_code: HashMap<String, usize>,
}

/// The level of region a name should resolve to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Any level.
    Any,
    /// A province.
    Province,
    /// A kabupaten or kota.
    KabKota,
}

/// What a name resolves to.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved<'a> {
    /// Exactly one region.
    One(&'a Region),
    /// Several regions: the caller must not pick one.
    Ambiguous(Vec<&'a Region>),
    /// None.
    Unknown,
}

/// The matching key of a name: lower case without dots, hyphens or spaces (`Kab. Labuhan Batu`
/// and `KAB LABUHANBATU` share `kablabuhanbatu`).
/// BPS's abbreviations are spelled out (`Kep.` → Kepulauan) and `Adm.` / `Administrasi` dropped,
/// so `KAB. ADM. KEP. SERIBU` and `Kabupaten Kepulauan Seribu` share a key.
fn key_of(s: &str) -> String {
    // A footnote mark (`Nduga *`) is not part of the name.
    normalize_name(s.trim_end_matches(['*', ' ']))
        .split_whitespace()
        .filter(|w| !matches!(*w, "adm" | "administrasi"))
        .map(|w| if w == "kep" { "kepulauan" } else { w })
        .flat_map(|w| w.chars().filter(|c| *c != '-'))
        .collect()
}

/// Normalise a region name for matching: lower case, dots dropped, whitespace collapsed.
pub fn normalize_name(s: &str) -> String {
    s.replace(['.', '\u{a0}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Registry {
    /// The registry compiled into the crate from `data/regions.csv`.
    pub fn bundled() -> &'static Registry {
        static REG: OnceLock<Registry> = OnceLock::new();
        REG.get_or_init(|| Registry::parse(REGIONS_CSV))
    }

    fn parse(text: &str) -> Registry {
        let mut regions = Vec::new();
        let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header: Vec<String> = rdr
            .headers()
            .map(|h| h.iter().map(str::to_string).collect())
            .unwrap_or_default();
        let col = |n: &str| header.iter().position(|h| h == n);
        let cols = [
            "code",
            "name",
            "type",
            "parent",
            "established",
            "stats_from",
            "aliases",
            "kemendagri_code",
            "code_2020",
        ]
        .map(col);
        for rec in rdr.records().flatten() {
            let get = |i: usize| {
                cols[i]
                    .and_then(|c| rec.get(c))
                    .unwrap_or("")
                    .trim()
                    .to_string()
            };
            let opt = |i: usize| Some(get(i)).filter(|s| !s.is_empty());
            let year = |i: usize| get(i).parse::<i32>().ok();
            let Some(region_type) = RegionType::parse(&get(2)) else {
                continue;
            };
            regions.push(Region {
                code: get(0),
                name: get(1),
                region_type,
                parent: opt(3),
                established: year(4),
                stats_from: year(5),
                aliases: get(6)
                    .split(';')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                kemendagri_code: opt(7),
                code_2020: opt(8),
            });
        }
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_code = HashMap::new();
        for (i, r) in regions.iter().enumerate() {
            by_code.insert(r.code.clone(), i);
            for n in std::iter::once(&r.name).chain(&r.aliases) {
                let v = by_key.entry(key_of(n)).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        // 2020-vintage codes reach the same region (never shadowing a current code).
        for (i, r) in regions.iter().enumerate() {
            if let Some(old) = &r.code_2020 {
                by_code.entry(old.clone()).or_insert(i);
            }
        }
        Registry {
            regions,
            by_key,
            by_code,
        }
    }

    /// All regions: the kab/kota in code order, then the provinces.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The region with this BPS code.
    pub fn by_code(&self, code: &str) -> Option<&Region> {
        self.by_code.get(code.trim()).map(|&i| &self.regions[i])
    }

    /// Every region a name or alias can mean (`Kabupaten X` / `Kab X` / `Provinsi X` also
    /// where only `X` is listed).
    pub fn candidates(&self, name: &str) -> Vec<&Region> {
        let norm = normalize_name(name);
        if let Some(ix) = self.by_key.get(&key_of(&norm)) {
            return ix.iter().map(|&i| &self.regions[i]).collect();
        }
        for (prefix, level) in [
            ("kabupaten ", RegionType::Kabupaten),
            ("kab ", RegionType::Kabupaten),
            ("provinsi ", RegionType::Province),
            ("prov ", RegionType::Province),
        ] {
            if let Some(rest) = norm.strip_prefix(prefix)
                && let Some(ix) = self.by_key.get(&key_of(rest))
            {
                return ix
                    .iter()
                    .map(|&i| &self.regions[i])
                    .filter(|r| r.region_type == level)
                    .collect();
            }
        }
        // `Toba Samosir / Toba`, `Mamuju Utara / Pasangkayu`: BPS writes a renamed region's old
        // and new names; the names together mean the regions either means.
        if name.contains('/') {
            let mut out: Vec<&Region> = Vec::new();
            for part in name.split('/').filter(|p| !p.trim().is_empty()) {
                for r in self.candidates(part) {
                    if !out.iter().any(|o| o.code == r.code) {
                        out.push(r);
                    }
                }
            }
            return out;
        }
        Vec::new()
    }

    /// Resolve a name at a level, among the kab/kota of `province` (a BPS code, either vintage)
    /// when the file lists it under one. A bare name there may be a kota (`Banjar` in a Jawa
    /// Barat table is Kota Banjar, the only Banjar of the province).
    ///
    /// ```
    /// use indikator::registry::{Level, Registry, Resolved};
    /// let reg = Registry::bundled();
    /// let code = |r: Resolved| match r { Resolved::One(r) => r.code.clone(), other => format!("{other:?}") };
    /// assert_eq!(code(reg.resolve_in("Banjar", Some("32"), Level::KabKota)), "3279");
    /// assert_eq!(code(reg.resolve_in("Banjar", Some("63"), Level::KabKota)), "6303");
    /// assert_eq!(code(reg.resolve_in("GORONTALO", None, Level::Province)), "75");
    /// assert_eq!(code(reg.resolve_in("Gorontalo", Some("75"), Level::KabKota)), "7502");
    /// assert!(matches!(reg.resolve_in("Gorontalo", None, Level::Any), Resolved::Ambiguous(_)));
    /// ```
    pub fn resolve_in(&self, name: &str, province: Option<&str>, level: Level) -> Resolved<'_> {
        let fits = |r: &Region| match level {
            Level::Any => true,
            Level::Province => r.region_type == RegionType::Province,
            Level::KabKota => r.region_type.is_kabkota(),
        };
        let in_province = |r: &Region| match province {
            None => true,
            Some(p) => {
                r.code == p
                    || r.parent.as_deref() == Some(p)
                    || r.code_2020.as_deref().is_some_and(|c| c.starts_with(p))
            }
        };
        let mut found: Vec<&Region> = self
            .candidates(name)
            .into_iter()
            .filter(|r| fits(r) && in_province(r))
            .collect();
        if found.is_empty() && province.is_some() {
            found = self
                .candidates(&format!("Kota {name}"))
                .into_iter()
                .filter(|r| fits(r) && in_province(r))
                .collect();
        }
        match found.len() {
            0 => Resolved::Unknown,
            1 => Resolved::One(found[0]),
            _ => Resolved::Ambiguous(found),
        }
    }

    /// Resolve a name or alias (`KABUPATEN BOGOR`, `Bogor`, `Kota Sukabumi`, `Provinsi Jawa
    /// Barat`) where it means one region; `None` for an unknown or ambiguous name (see
    /// [`Registry::resolve_in`]).
    pub fn resolve(&self, name: &str) -> Option<&Region> {
        match self.resolve_in(name, None, Level::Any) {
            Resolved::One(r) => Some(r),
            _ => None,
        }
    }

    /// The region a person means by `input` (a CLI `--region`, a cell's argument): a BPS code of
    /// either vintage, or a name. A bare name that is both a kabupaten's and a kota's
    /// (`Sukabumi`, `Bogor`) is ambiguous here — BPS tables mean the kabupaten, a person may not —
    /// and so is any name of more than one region; both are errors listing the candidates.
    ///
    /// # Errors
    /// [`crate::Error::UnknownRegion`] with the closest names, [`crate::Error::AmbiguousRegion`].
    ///
    /// ```
    /// let reg = indikator::registry::Registry::bundled();
    /// assert_eq!(reg.lookup("3272").unwrap().name, "Kota Sukabumi");
    /// assert_eq!(reg.lookup("Kabupaten Sukabumi").unwrap().code, "3202");
    /// let e = reg.lookup("Sukabumi").unwrap_err().to_string();
    /// assert!(e.contains("Kabupaten Sukabumi (3202, Jawa Barat) or Kota Sukabumi (3272, Jawa Barat)"), "{e}");
    /// ```
    pub fn lookup(&self, input: &str) -> crate::Result<&Region> {
        if let Some(r) = self.by_code(input) {
            return Ok(r);
        }
        let norm = normalize_name(input);
        let prefixed = ["kabupaten ", "kab ", "kota ", "provinsi ", "prov "]
            .iter()
            .any(|p| norm.starts_with(p));
        let mut found = self.candidates(input);
        if !prefixed {
            for r in self.candidates(&format!("Kota {input}")) {
                if !found.iter().any(|f| f.code == r.code) {
                    found.push(r);
                }
            }
        }
        match found.len() {
            1 => Ok(found[0]),
            0 => Err(crate::Error::UnknownRegion {
                at: None,
                name: input.to_string(),
                suggestions: self.suggest(input),
            }),
            _ => Err(crate::Error::AmbiguousRegion {
                at: None,
                name: input.to_string(),
                candidates: found.into_iter().map(|r| self.describe(r)).collect(),
            }),
        }
    }

    /// `Kabupaten Gorontalo (7502, Gorontalo)`: a region as an error lists it.
    pub fn describe(&self, r: &Region) -> String {
        match r.parent.as_deref().and_then(|p| self.by_code(p)) {
            Some(p) => format!("{} ({}, {})", r.name, r.code, p.name),
            None => format!("{} ({})", r.name, r.code),
        }
    }

    /// The official names closest to `name`, best first.
    pub fn suggest(&self, name: &str) -> Vec<String> {
        let mut names: Vec<&str> = self.regions.iter().map(|r| r.name.as_str()).collect();
        let key = normalize_name(name);
        // Match on the short names too, but suggest the official name.
        let short_hits: Vec<String> = self
            .regions
            .iter()
            .filter(|r| {
                r.aliases
                    .iter()
                    .any(|a| strsim::jaro_winkler(&normalize_name(a), &key) > 0.95)
            })
            .map(|r| r.name.clone())
            .collect();
        names.sort_unstable();
        let mut out = closest(name, names, 3);
        for s in short_hits {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        // Both Kabupaten and Kota with the same short name are easy to confuse: offer both.
        out.truncate(3);
        out
    }
}

/// The official name of a panel key (BPS code), or `fallback` for keys outside the registry.
pub(crate) fn region_name(key: &str, fallback: &str) -> String {
    Registry::bundled()
        .by_code(key)
        .map_or_else(|| fallback.to_string(), |r| r.name.clone())
}

/// The panel entity value of a region: its BPS code when the registry knows it.
pub(crate) fn entity_key(region: &str) -> String {
    Registry::bundled()
        .resolve(region)
        .map_or_else(|| region.trim().to_string(), |r| r.code.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_has_514_kabkota_in_38_provinces() {
        let r = Registry::bundled();
        let count = |f: &dyn Fn(&Region) -> bool| r.regions().iter().filter(|g| f(g)).count();
        assert_eq!(count(&|g| g.parent.as_deref() == Some("32")), 27);
        assert_eq!(count(&|g| g.region_type == RegionType::Province), 38);
        assert_eq!(count(&|g| g.region_type == RegionType::Kabupaten), 416);
        assert_eq!(count(&|g| g.region_type == RegionType::Kota), 98);
        // Every kab/kota's parent is a province of the registry, and its code starts with it.
        for g in r.regions().iter().filter(|g| g.region_type.is_kabkota()) {
            let p = g.parent.as_deref().and_then(|p| r.by_code(p)).unwrap();
            assert_eq!(p.region_type, RegionType::Province);
            assert!(g.code.starts_with(&p.code), "{}", g.code);
        }
        // BPS and Kemendagri codes differ for 198 kab/kota (2023 BPS vs 2022 Kemendagri).
        assert_eq!(
            count(&|g| g.region_type.is_kabkota()
                && g.kemendagri_code.as_deref() != Some(g.code.as_str())),
            198
        );
        assert_eq!(
            r.by_code("1101").unwrap().kemendagri_code.as_deref(),
            Some("1109")
        );
    }

    #[test]
    fn papua_codes_of_2020_reach_the_2023_regions() {
        let r = Registry::bundled();
        assert_eq!(r.by_code("9429").unwrap().name, "Kabupaten Nduga");
        assert_eq!(r.by_code("9701").unwrap().name, "Kabupaten Nduga");
        assert_eq!(r.by_code("9417").unwrap().code, "9708");
        assert_eq!(
            r.regions().iter().filter(|g| g.code_2020.is_some()).count(),
            26
        );
        // Listed under its 2020 province (Papua, 94) it still resolves.
        assert!(matches!(
            r.resolve_in("Pegunungan Bintang", Some("94"), Level::KabKota),
            Resolved::One(g) if g.code == "9708"
        ));
    }

    #[test]
    fn spellings_and_former_names_resolve() {
        let r = Registry::bundled();
        let code = |n: &str| r.resolve(n).map(|g| g.code.clone());
        for (n, c) in [
            ("S I A K", "1405"),
            ("KAB. ADM. KEP. SERIBU", "3101"),
            ("Kota Administrasi Jakarta Selatan", "3171"),
            ("Labuhan Batu", "1207"),
            ("Labuhanbatu", "1207"),
            ("Gunung Kidul", "3403"),
            ("Gunungkidul", "3403"),
            ("Fakfak", "9101"),
            ("Fak Fak", "9101"),
            ("Baubau", "7472"),
            ("Bau Bau", "7472"),
            ("Mamuju Utara", "7605"),
            ("Toba Samosir", "1206"),
            ("Maluku Tenggara Barat", "8101"),
            ("Kabupaten Pontianak", "6104"),
            ("Kota Surabaya", "3578"),
            ("Sampang", "3527"),
            ("Yogyakarta", "3471"),
        ] {
            assert_eq!(code(n).as_deref(), Some(c), "{n}");
        }
        // Bare `Pontianak` is the kabupaten (now Mempawah) as BPS tables still list it; the
        // city is `Kota Pontianak`.
        assert_eq!(code("Pontianak").as_deref(), Some("6104"));
        assert_eq!(code("Kota Pontianak").as_deref(), Some("6171"));
    }

    #[test]
    fn short_bps_name_is_the_kabupaten_and_kota_prefix_is_the_city() {
        let r = Registry::bundled();
        assert_eq!(r.resolve("Sukabumi").map(|g| g.code.as_str()), Some("3202"));
        assert_eq!(
            r.resolve("Kota Sukabumi").map(|g| g.code.as_str()),
            Some("3272")
        );
        assert_eq!(
            r.resolve("KABUPATEN SUKABUMI").map(|g| g.code.as_str()),
            Some("3202")
        );
        assert_eq!(
            r.resolve("Kab. Sukabumi").map(|g| g.code.as_str()),
            Some("3202")
        );
        assert_eq!(
            r.resolve("Provinsi Jawa Barat").map(|g| g.code.as_str()),
            Some("32")
        );
        assert_eq!(
            r.resolve("D I YOGYAKARTA").map(|g| g.code.as_str()),
            Some("34")
        );
    }

    #[test]
    fn suggestions_name_the_closest_official_names() {
        let s = Registry::bundled().suggest("Kota Sukabumy");
        assert_eq!(s.first().map(String::as_str), Some("Kota Sukabumi"));
    }
}
