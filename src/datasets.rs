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
    static C: OnceLock<Loaded> = OnceLock::new();
    cached(&C, PROVINCES_CSV, "data/indonesia_provinces.csv")?.frame()
}

/// All kab/kota of Indonesia: the 2021 cross-section, mean years of schooling 2021–2024 and
/// adjusted expenditure 2020 (kab/kota outside Jawa Barat carry no code).
pub fn kabkota_indonesia() -> Result<DataFrame> {
    static C: OnceLock<Loaded> = OnceLock::new();
    cached(&C, KABKOTA_CSV, "data/indonesia_kabkota.csv")?.frame()
}

/// The Jawa Barat kab/kota panel (province row excluded): entity `region_code`, time `year`.
pub fn jabar_panel() -> Result<Panel> {
    let long = jabar()?;
    let kab = long
        .lazy()
        .filter(col("region_type").neq(lit("province")))
        .collect()
        .ctx("filtering kab/kota")?;
    Panel::from_long(&kab, None)
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
