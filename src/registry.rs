//! The region registry: the 27 kab/kota of Jawa Barat and the 38 provinces of Indonesia, with
//! their BPS codes, official names, types, parents, aliases and start years (`data/regions.csv`,
//! compiled into the crate).
//!
//! Names are matched case-insensitively after collapsing spaces and dropping dots, so
//! `KABUPATEN BOGOR`, `Kab. Bogor`, `Bogor` (the BPS web-table short name) and `Kabupaten Bogor`
//! all resolve to code 3201, while `Kota Bogor` resolves to 3271.

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

/// The registry of known regions.
#[derive(Debug)]
pub struct Registry {
    regions: Vec<Region>,
    by_key: HashMap<String, usize>,
    by_code: HashMap<String, usize>,
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
        for rec in rdr.records().flatten() {
            let get = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
            let year = |i: usize| get(i).parse::<i32>().ok();
            let Some(region_type) = RegionType::parse(&get(2)) else {
                continue;
            };
            regions.push(Region {
                code: get(0),
                name: get(1),
                region_type,
                parent: Some(get(3)).filter(|s| !s.is_empty()),
                established: year(4),
                stats_from: year(5),
                aliases: get(6)
                    .split(';')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            });
        }
        let mut by_key = HashMap::new();
        let mut by_code = HashMap::new();
        for (i, r) in regions.iter().enumerate() {
            by_code.insert(r.code.clone(), i);
            by_key.insert(normalize_name(&r.name), i);
            for a in &r.aliases {
                by_key.entry(normalize_name(a)).or_insert(i);
            }
        }
        Registry {
            regions,
            by_key,
            by_code,
        }
    }

    /// All regions, kab/kota of Jawa Barat first, then the provinces.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The region with this BPS code.
    pub fn by_code(&self, code: &str) -> Option<&Region> {
        self.by_code.get(code.trim()).map(|&i| &self.regions[i])
    }

    /// Resolve a name or alias (`KABUPATEN BOGOR`, `Bogor`, `Kota Sukabumi`, `Provinsi Jawa Barat`).
    pub fn resolve(&self, name: &str) -> Option<&Region> {
        let key = normalize_name(name);
        if let Some(&i) = self.by_key.get(&key) {
            return Some(&self.regions[i]);
        }
        // `Kabupaten X` / `Kab X` / `Provinsi X` where only `X` is listed.
        for prefix in ["kabupaten ", "kab ", "provinsi ", "prov "] {
            if let Some(rest) = key.strip_prefix(prefix)
                && let Some(&i) = self.by_key.get(rest)
            {
                let r = &self.regions[i];
                let ok = match prefix {
                    "kabupaten " | "kab " => r.region_type == RegionType::Kabupaten,
                    _ => r.region_type == RegionType::Province,
                };
                if ok {
                    return Some(r);
                }
            }
        }
        None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_has_27_kabkota_and_38_provinces() {
        let r = Registry::bundled();
        let kk = r
            .regions()
            .iter()
            .filter(|g| g.parent.as_deref() == Some("32"))
            .count();
        let pr = r
            .regions()
            .iter()
            .filter(|g| g.region_type == RegionType::Province)
            .count();
        assert_eq!((kk, pr), (27, 38));
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
