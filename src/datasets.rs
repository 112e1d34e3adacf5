//! The curated statistics bundled into the crate (`data/*.csv`, provenance in `data/SOURCES.md`).
//! They need no file on disk.
//!
//! ```
//! # fn main() -> indikator::Result<()> {
//! let long = indikator::datasets::jabar()?;            // tidy long frame
//! let panel = indikator::datasets::jabar_panel()?;     // 27 kab/kota × years
//! assert_eq!(panel.report()?.n_entities, 27);
//! # Ok(()) }
//! ```

use std::sync::OnceLock;

use polars::prelude::*;

use crate::error::{PolarsContext, Result};
use crate::load::{Format, LoadOptions, Loaded, load_bytes};
use crate::panel::Panel;
use crate::registry::Registry;

/// Raw bytes of the bundled Jawa Barat kab/kota file (tidy long CSV).
pub const JABAR_CSV: &[u8] = include_bytes!("../data/jabar_kabkota.csv");
/// Raw bytes of the bundled national province file.
pub const PROVINCES_CSV: &[u8] = include_bytes!("../data/indonesia_provinces.csv");
/// Raw bytes of the bundled all-Indonesia kab/kota cross-sections.
pub const KABKOTA_CSV: &[u8] = include_bytes!("../data/indonesia_kabkota.csv");
/// Raw bytes of the bundled kab/kota panel of Indonesia outside Jawa Barat (built by
/// `data/national.py`; Jawa Barat's series are [`JABAR_CSV`]).
pub const NATIONAL_PANEL_CSV: &[u8] = include_bytes!("../data/indonesia_kabkota_panel.csv");

fn tidy(bytes: &'static [u8], name: &str) -> Result<Loaded> {
    let opts = LoadOptions {
        format: Some(Format::Tidy),
        ..Default::default()
    };
    load_bytes(bytes, name, &opts)
}

fn cached(
    cell: &'static OnceLock<Loaded>,
    bytes: &'static [u8],
    name: &str,
) -> Result<&'static Loaded> {
    if let Some(l) = cell.get() {
        return Ok(l);
    }
    let l = tidy(bytes, name)?;
    Ok(cell.get_or_init(|| l))
}

/// Jawa Barat: 27 kab/kota and the province row — poverty rate P0 2010–2025, TPT 2007–2025, poor
/// population, poverty line, P1, P2, adjusted per-capita expenditure, mean years of schooling.
pub fn jabar_records() -> Result<&'static Loaded> {
    static C: OnceLock<Loaded> = OnceLock::new();
    cached(&C, JABAR_CSV, "data/jabar_kabkota.csv")
}

/// [`jabar_records`] as the tidy long frame.
pub fn jabar() -> Result<DataFrame> {
    jabar_records()?.frame()
}

/// The 38 provinces and Indonesia: P0, poor population, poverty line (March and September),
/// TPT, TPAK, IPM, GRDP per capita and growth, 2015–2025.
pub fn provinces() -> Result<DataFrame> {
    province_records()?.frame()
}

/// [`provinces`] as records.
pub fn province_records() -> Result<&'static Loaded> {
    static C: OnceLock<Loaded> = OnceLock::new();
    cached(&C, PROVINCES_CSV, "data/indonesia_provinces.csv")
}

/// All kab/kota of Indonesia: the 2021 cross-section, mean years of schooling 2021–2024 and
/// adjusted expenditure 2020 (kab/kota outside Jawa Barat carry no code).
pub fn kabkota_indonesia() -> Result<DataFrame> {
    static C: OnceLock<Loaded> = OnceLock::new();
    cached(&C, KABKOTA_CSV, "data/indonesia_kabkota.csv")?.frame()
}

/// Every kab/kota of Indonesia, by BPS code: P0 and poor population 2004–2025, TPT 2009–2015 and
/// 2017–2024, TPAK 2018–2024, P1 and P2 2015–2023 (national BPS exports, `data/SOURCES.md`), with
/// Jawa Barat's curated series in place of the national ones (and its province row).
pub fn indonesia_records() -> Result<&'static Loaded> {
    static C: OnceLock<Loaded> = OnceLock::new();
    if let Some(l) = C.get() {
        return Ok(l);
    }
    let national = tidy(NATIONAL_PANEL_CSV, "data/indonesia_kabkota_panel.csv")?;
    let mut records = jabar_records()?.records.clone();
    records.extend(national.records);
    let mut notes = national.notes;
    let records = crate::load::records::validate(records, &mut notes)?;
    Ok(C.get_or_init(|| Loaded { records, notes }))
}

/// [`indonesia_records`] as the tidy long frame.
pub fn indonesia() -> Result<DataFrame> {
    indonesia_records()?.frame()
}

/// The kab/kota panel of all Indonesia (514 kab/kota × 2004–2025; province rows excluded):
/// entity `region_code`, time `year`.
pub fn indonesia_panel() -> Result<Panel> {
    // Built once: a national report needs it for the region's panel, the national claim and the
    // standing (a Panel's frame shares its columns, so a clone is cheap).
    static C: OnceLock<Panel> = OnceLock::new();
    if let Some(p) = C.get() {
        return Ok(p.clone());
    }
    let p = kabkota_panel(indonesia()?)?;
    Ok(C.get_or_init(|| p).clone())
}

fn kabkota_panel(long: DataFrame) -> Result<Panel> {
    let kab = long
        .lazy()
        .filter(col("region_type").neq(lit("province")))
        .collect()
        .ctx("filtering kab/kota")?;
    Panel::from_long(&kab, None)
}

/// The Jawa Barat kab/kota panel (province row excluded): entity `region_code`, time `year`.
pub fn jabar_panel() -> Result<Panel> {
    kabkota_panel(jabar()?)
}

/// The region registry as a frame: `code, name, type, parent, established, stats_from, aliases`.
pub fn regions() -> Result<DataFrame> {
    let r = Registry::bundled().regions();
    let s = |f: &dyn Fn(&crate::registry::Region) -> Option<String>| {
        r.iter().map(f).collect::<Vec<_>>()
    };
    DataFrame::new(
        r.len(),
        vec![
            Column::new("code".into(), s(&|g| Some(g.code.clone()))),
            Column::new("name".into(), s(&|g| Some(g.name.clone()))),
            Column::new(
                "type".into(),
                s(&|g| Some(g.region_type.as_str().to_string())),
            ),
            Column::new("parent".into(), s(&|g| g.parent.clone())),
            Column::new(
                "established".into(),
                r.iter().map(|g| g.established).collect::<Vec<_>>(),
            ),
            Column::new(
                "stats_from".into(),
                r.iter().map(|g| g.stats_from).collect::<Vec<_>>(),
            ),
            Column::new("aliases".into(), s(&|g| Some(g.aliases.join(";")))),
        ],
    )
    .ctx("building the registry frame")
}

const TARGETS_CSV: &str = include_str!("../data/targets.csv");

/// What a published number is: a target, a range, a political aspiration, a programme size or a
/// statement of fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A point target.
    Target,
    /// A target range (`value` … `value_high`).
    TargetRange,
    /// A political aspiration, not a plan indicator (not drawn on charts).
    Aspiration,
    /// A programme's size (e.g. fewer unemployed persons a year).
    Programme,
    /// A statement of a current value.
    Statement,
}

/// Where a published number stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// In an official document.
    Official,
    /// Reported in the news (the RPJMD document itself not found).
    NewsStatement,
}

impl TargetKind {
    /// The kind as a planner reads it.
    pub fn words(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            TargetKind::Target => lang.t("target", "target"),
            TargetKind::TargetRange => lang.t("rentang target", "target range"),
            TargetKind::Aspiration => lang.t("aspirasi", "aspiration"),
            TargetKind::Programme => lang.t("program", "programme"),
            TargetKind::Statement => lang.t("pernyataan nilai", "statement of a value"),
        }
    }
}

impl TargetStatus {
    /// Where the number stands, as a planner reads it.
    pub fn words(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            TargetStatus::Official => lang.t("dokumen resmi", "official document"),
            TargetStatus::NewsStatement => lang.t("diberitakan media", "reported in the news"),
        }
    }
}

impl std::fmt::Display for TargetKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TargetKind::Target => "target",
            TargetKind::TargetRange => "target_range",
            TargetKind::Aspiration => "aspiration",
            TargetKind::Programme => "programme",
            TargetKind::Statement => "statement",
        })
    }
}

impl std::fmt::Display for TargetStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TargetStatus::Official => "official",
            TargetStatus::NewsStatement => "news_statement",
        })
    }
}

/// A published target (`data/targets.csv`, documented in `data/SOURCES.md`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    /// BPS code.
    pub region_code: String,
    /// Region name.
    pub region: String,
    /// Indicator.
    pub indicator: String,
    /// Year.
    pub year: i32,
    /// Value (lower end of a range).
    pub value: f64,
    /// Upper end of a range.
    pub value_high: Option<f64>,
    /// Unit.
    pub unit: String,
    /// What the number is.
    pub kind: TargetKind,
    /// Where it stands.
    pub status: TargetStatus,
    /// Source.
    pub source_url: String,
    /// Note (quotes the source).
    pub note: String,
}

/// The bundled targets; a malformed row of the bundled file is an error naming its line.
pub fn targets() -> Result<Vec<Target>> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(TARGETS_CSV.as_bytes());
    rdr.deserialize()
        .enumerate()
        .map(|(i, r)| {
            r.map_err(|e| crate::Error::Format {
                file: "data/targets.csv".into(),
                message: format!("line {}: {e}", i + 2),
            })
        })
        .collect()
}

/// A target marked on a fan chart.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetMark {
    /// Year.
    pub year: i32,
    /// Value.
    pub value: f64,
    /// What it is.
    pub kind: TargetKind,
}

/// The P0 targets of a region drawn on its fan chart; aspirations left out.
pub fn target_marks(region_code: &str) -> Result<Vec<TargetMark>> {
    let mine: Vec<Target> = targets()?
        .into_iter()
        .filter(|t| t.region_code == region_code)
        .collect();
    Ok(marks_of(&mine))
}

/// The fan-chart marks among `targets` (one region's): P0 targets, aspirations left out.
pub fn marks_of(targets: &[Target]) -> Vec<TargetMark> {
    targets
        .iter()
        .filter(|t| {
            t.indicator == crate::indicator::POVERTY_RATE && t.kind != TargetKind::Aspiration
        })
        .map(|t| TargetMark {
            year: t.year,
            value: t.value,
            kind: t.kind,
        })
        .collect()
}
