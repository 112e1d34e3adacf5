//! The indicator vocabulary: canonical names, units and valid ranges, and how the names that BPS
//! and Open Data Jabar print (column names, table titles) map onto them.

/// One known indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Indicator {
    /// Canonical name used in frames (`poverty_rate`).
    pub name: &'static str,
    /// Canonical unit (`percent`).
    pub unit: &'static str,
    /// Lowest valid value.
    pub min: f64,
    /// Highest valid value.
    pub max: f64,
    /// Whether the value of an existing region is always above zero (a `0` is then a
    /// placeholder for "no figure", as Open Data Jabar writes for regions not yet created).
    pub strictly_positive: bool,
    /// Phrases (lower case, `_` read as space) that identify it in headers and titles.
    keywords: &'static [&'static str],
    /// English label with the BPS term.
    pub label_en: &'static str,
    /// Indonesian label.
    pub label_id: &'static str,
}

const fn ind(
    name: &'static str,
    unit: &'static str,
    max: f64,
    keywords: &'static [&'static str],
    label_en: &'static str,
    label_id: &'static str,
) -> Indicator {
    Indicator {
        name,
        unit,
        min: 0.0,
        max,
        strictly_positive: true,
        keywords,
        label_en,
        label_id,
    }
}

/// The poverty rate P0 (persentase penduduk miskin), canonical name.
pub const POVERTY_RATE: &str = "poverty_rate";
/// The open unemployment rate TPT (tingkat pengangguran terbuka), canonical name.
pub const UNEMPLOYMENT_RATE: &str = "unemployment_rate";

/// The name a planner reads for an indicator: BPS's short names (`P0`, `TPT`) where there is
/// one, else the canonical name.
pub fn short_name(name: &str) -> &str {
    match name {
        POVERTY_RATE => "P0",
        UNEMPLOYMENT_RATE => "TPT",
        other => other,
    }
}

impl Indicator {
    /// An index published with two decimals that is `0.00` for regions with little poverty
    /// (P2 of Kota Sawahlunto 2020): a zero there is a value, not a placeholder.
    const fn rounds_to_zero(mut self) -> Self {
        self.strictly_positive = false;
        self
    }
}

/// Every indicator indikator knows, in the order of precedence for matching.
pub const INDICATORS: &[Indicator] = &[
    ind(
        "poverty_rate",
        "percent",
        100.0,
        &[
            "persentase penduduk miskin",
            "persentase miskin",
            "poverty rate",
            "poverty_rate",
            "p0",
        ],
        "Poverty rate P0 (%)",
        "Persentase penduduk miskin P0 (%)",
    ),
    ind(
        "unemployment_rate",
        "percent",
        100.0,
        &[
            "tingkat pengangguran terbuka",
            "pengangguran terbuka",
            "unemployment rate",
            "tpt",
        ],
        "Open unemployment rate TPT (%)",
        "Tingkat pengangguran terbuka TPT (%)",
    ),
    ind(
        "poor_population",
        "thousand persons",
        f64::INFINITY,
        &[
            "jumlah penduduk miskin",
            "penduduk miskin",
            "poor population",
        ],
        "Poor population (thousand)",
        "Jumlah penduduk miskin (ribu jiwa)",
    ),
    ind(
        "poverty_line",
        "rupiah per capita per month",
        f64::INFINITY,
        &["garis kemiskinan", "poverty line"],
        "Poverty line (Rp/capita/month)",
        "Garis kemiskinan (Rp/kapita/bulan)",
    ),
    ind(
        "expenditure",
        "thousand rupiah per person per year",
        f64::INFINITY,
        &[
            "pengeluaran per kapita",
            "per capita expenditure",
            "expenditure",
        ],
        "Adjusted per-capita expenditure (thousand Rp/year)",
        "Pengeluaran per kapita disesuaikan (ribu Rp/tahun)",
    ),
    ind(
        "mean_years_schooling",
        "years",
        25.0,
        &[
            "rata rata lama sekolah",
            "lama sekolah",
            "mean years of schooling",
            "mean years schooling",
            "rls",
        ],
        "Mean years of schooling (years)",
        "Rata-rata lama sekolah (tahun)",
    ),
    ind(
        "poverty_depth_p1",
        "index",
        f64::INFINITY,
        &["indeks kedalaman kemiskinan", "poverty depth", "p1"],
        "Poverty depth index P1",
        "Indeks kedalaman kemiskinan P1",
    )
    .rounds_to_zero(),
    ind(
        "poverty_severity_p2",
        "index",
        f64::INFINITY,
        &["indeks keparahan kemiskinan", "poverty severity", "p2"],
        "Poverty severity index P2",
        "Indeks keparahan kemiskinan P2",
    )
    .rounds_to_zero(),
    ind(
        "labour_force_participation",
        "percent",
        100.0,
        &[
            "tingkat partisipasi angkatan kerja",
            "tpak",
            "labour force participation",
        ],
        "Labour force participation TPAK (%)",
        "Tingkat partisipasi angkatan kerja TPAK (%)",
    ),
    ind(
        "hdi",
        "index",
        100.0,
        &["indeks pembangunan manusia", "ipm", "hdi"],
        "Human development index IPM",
        "Indeks pembangunan manusia IPM",
    ),
];

fn norm(s: &str) -> String {
    s.replace(['_', '-', '/', '(', ')', ',', '.'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The indicator with this canonical name.
pub fn by_name(name: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.name == name)
}

/// Identify an indicator from a column name (`tingkat_pengangguran_terbuka`), a JSON key
/// (`persentase_miskin`) or a BPS table title ("Persentase Penduduk Miskin Menurut ...").
/// Short keywords (`tpt`, `p0`) must match a whole word.
pub fn from_text(text: &str) -> Option<&'static Indicator> {
    let t = norm(text);
    let words: Vec<&str> = t.split(' ').collect();
    INDICATORS.iter().find(|i| {
        i.keywords.iter().any(|k| {
            let k = norm(k);
            if k.contains(' ') {
                t.contains(&k)
            } else {
                words.contains(&k.as_str()) || t == k
            }
        })
    })
}

/// Unit for an indicator, taking the file's own unit text (ODJ `satuan`, a BPS title's
/// parenthesis) into account where it names a different scale (`JIWA` = persons, not thousands).
pub fn unit_for(indicator: &str, unit_text: Option<&str>) -> String {
    let canonical = by_name(indicator).map(|i| i.unit);
    let u = unit_text.map(norm).unwrap_or_default();
    let from_text = match u.as_str() {
        "" => None,
        "persen" | "percent" | "%" => Some("percent"),
        "ribu jiwa" | "ribu orang" | "thousand persons" => Some("thousand persons"),
        "jiwa" | "orang" | "persons" => Some("persons"),
        "tahun" | "years" => Some("years"),
        "poin" | "index" | "indeks" | "index points" => Some("index"),
        _ => None,
    };
    match (canonical, from_text) {
        (Some(c), Some(f)) if f == "persons" && c == "thousand persons" => f.to_string(),
        (Some(c), _) => c.to_string(),
        (None, Some(f)) => f.to_string(),
        (None, None) => unit_text
            .map(|s| s.trim().to_lowercase())
            .unwrap_or_default(),
    }
}

/// Turn free text into an indicator name when it is not a known one (`Tingkat Hunian` →
/// `tingkat_hunian`).
pub fn slug(text: &str) -> String {
    norm(text).replace(' ', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odj_column_names_and_bps_titles_map_to_canonical_names() {
        let f = |s| from_text(s).map(|i| i.name);
        assert_eq!(f("tingkat_pengangguran_terbuka"), Some("unemployment_rate"));
        assert_eq!(
            f("Persentase Penduduk Miskin Menurut Kabupaten/Kota di Jawa Barat (Persen)"),
            Some("poverty_rate")
        );
        assert_eq!(f("persentase_miskin"), Some("poverty_rate"));
        assert_eq!(f("jumlah_penduduk_miskin"), Some("poor_population"));
        assert_eq!(
            f("[Metode Baru] Rata-rata Lama Sekolah (Tahun)"),
            Some("mean_years_schooling")
        );
        assert_eq!(
            f("angka_garis_kemiskinan_per_kapita_per_bulan__provinsi"),
            Some("poverty_line")
        );
        assert_eq!(f("nama_kabupaten_kota"), None);
    }

    #[test]
    fn persons_are_not_thousands() {
        assert_eq!(unit_for("poor_population", Some("JIWA")), "persons");
        assert_eq!(
            unit_for("poor_population", Some("RIBU JIWA")),
            "thousand persons"
        );
    }
}
