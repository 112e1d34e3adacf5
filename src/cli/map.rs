//! `indikator map`

use std::path::PathBuf;

use indikator::lang::Lang;
use indikator::map::{Classes, Measure, Scope, indicator_map};
use indikator::registry::Registry;
use indikator::{Error, Result};

/// Map level for Indonesia.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MapLevel {
    /// The 38 provinces.
    Province,
    /// The 514 kab/kota.
    Kabkota,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Indicator (poverty_rate, unemployment_rate, …). / Indikator.
    #[arg(long, default_value = indikator::indicator::POVERTY_RATE)]
    indicator: String,
    /// Year. / Tahun.
    #[arg(long)]
    year: i32,
    /// Map the change from this year to --year instead of the level. / Peta perubahan sejak tahun ini.
    #[arg(long)]
    change_from: Option<i32>,
    /// A province by kab/kota (name or BPS code); without it, Indonesia at --level. / Provinsi.
    #[arg(long)]
    province: Option<String>,
    /// Level for a map of Indonesia: province | kabkota. / Tingkat peta Indonesia.
    #[arg(long, value_enum, default_value = "province")]
    level: MapLevel,
    /// Classes: quantiles[:K], equal[:K] or breaks:B0,B1,…,Bk. / Kelas.
    #[arg(long, default_value = "quantiles:5")]
    classes: Classes,
    /// Region to outline (name or BPS code). / Wilayah yang ditandai.
    #[arg(long)]
    region: Option<String>,
    /// Language: id | en. / Bahasa.
    #[arg(long, default_value = "id")]
    lang: Lang,
    /// Output file, .svg or .png. / Berkas keluaran.
    #[arg(long)]
    out: PathBuf,
}

pub fn run(a: Args) -> Result<()> {
    let reg = Registry::bundled();
    let province = match &a.province {
        Some(p) => Some(reg.lookup(p)?),
        None => None,
    };
    let scope = match (province, a.level) {
        (Some(p), _) if p.region_type == indikator::registry::RegionType::Province => {
            Scope::Province(p)
        }
        (Some(p), _) => {
            return Err(Error::InvalidArgument {
                what: "--province".into(),
                message: format!("{} is not a province", p.name),
            });
        }
        (None, MapLevel::Province) => Scope::IndonesiaByProvince,
        (None, MapLevel::Kabkota) => Scope::IndonesiaByKabKota,
    };
    let selected = match &a.region {
        Some(r) => Some(reg.lookup(r)?.code.clone()),
        None => None,
    };
    let ext = a
        .out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    if !matches!(ext.as_deref(), Some("svg" | "png")) {
        return Err(Error::InvalidArgument {
            what: "--out".into(),
            message: format!("{}: name a .svg or .png file", a.out.display()),
        });
    }
    super::output::check_parent(&a.out)?;
    let measure = match a.change_from {
        Some(f) => Measure::Change(f, a.year),
        None => Measure::Level(a.year),
    };
    let m = indicator_map(
        scope,
        &a.indicator,
        measure,
        a.classes,
        selected.as_deref(),
        a.lang,
    )?;
    let bytes = match ext.as_deref() {
        Some("png") => m.chart.png.clone(),
        _ => m.chart.svg.into_bytes(),
    };
    std::fs::write(&a.out, bytes).map_err(|source| Error::Io {
        path: a.out.clone(),
        source,
    })?;
    let no_data = m.classes.iter().filter(|(_, c)| c.is_none()).count();
    eprintln!(
        "{}: {} regions, {} classes, {no_data} without data / {} wilayah, {} kelas, {no_data} tanpa data",
        a.out.display(),
        m.classes.len(),
        m.bounds.len() - 1,
        m.classes.len(),
        m.bounds.len() - 1
    );
    Ok(())
}
