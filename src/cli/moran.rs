//! `indikator moran`

use std::collections::HashMap;
use std::path::PathBuf;

use indikator::spatial::{Weights, moran};
use indikator::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// jabar, or a file the loaders read. / Data.
    #[arg(long, default_value = "jabar")]
    data: String,
    /// Indicator. / Indikator.
    #[arg(long, default_value = indikator::indicator::POVERTY_RATE)]
    indicator: String,
    /// Year. / Tahun.
    #[arg(long)]
    year: i32,
    /// queen (Jawa Barat's bundled list) or a neighbour-list CSV (region_code,neighbor_code). /
    /// Pembobot spasial.
    #[arg(long, default_value = "queen")]
    weights: String,
    /// Print JSON. / Keluaran JSON.
    #[arg(long)]
    json: bool,
}

fn weights(spec: &str) -> Result<Weights> {
    match spec {
        "queen" => Weights::jabar_queen(),
        s if s.starts_with("rook") || s.starts_with("knn") => Err(Error::InvalidArgument {
            what: "--weights".into(),
            message: format!(
                "{s}: rook and k-nearest-neighbour weights are not built yet; use queen (Jawa Barat) or a neighbour-list CSV"
            ),
        }),
        path => {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: PathBuf::from(path),
                source,
            })?;
            Weights::from_pairs_csv(&text, path)
        }
    }
}

pub fn run(a: Args) -> Result<()> {
    let w = weights(&a.weights)?;
    let records = if a.data == "jabar" {
        indikator::datasets::jabar_records()?.records.clone()
    } else {
        indikator::load::load_path(&a.data, &Default::default())?.records
    };
    let sem = indikator::plan::defaults::SEMESTER;
    let values: HashMap<String, f64> = records
        .iter()
        .filter(|r| r.indicator == a.indicator && r.year == a.year)
        .filter(|r| r.semester.as_deref().is_none_or(|s| s == sem))
        .filter_map(|r| Some((r.region_code.clone()?, r.value?)))
        .collect();
    let m = moran(&values, &w)?;
    if a.json {
        return super::output::print_json(&m, "Moran's I");
    }
    let out = super::output::line;
    out(&format!(
        "Moran's I of {} {} ({} regions, {} links): I = {:.4} (E[I] = {:.4})",
        a.indicator,
        a.year,
        w.len(),
        w.links(),
        m.i,
        m.expected
    ))?;
    out(&format!(
        "normality: z = {:.3}, p = {:.4}; randomisation: z = {:.3}, p = {:.4}",
        m.z_norm, m.p_norm, m.z_rand, m.p_rand
    ))
}
