//! `indikator data list | show`

use clap::Subcommand;
use indikator::error::PolarsContext;
use indikator::plan::DataSource;
use indikator::{Error, Result};
use polars::prelude::*;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the bundled datasets and their indicators. / Daftar data bawaan.
    List,
    /// Show bundled data, e.g. `--region "Kota Sukabumi"`. / Tampilkan data bawaan.
    Show {
        /// Region name or BPS code (kab/kota of Jawa Barat). / Nama atau kode wilayah.
        #[arg(long)]
        region: Option<String>,
        /// Dataset: jabar (default), provinces, kabkota. / Kumpulan data.
        #[arg(long, default_value = "jabar")]
        dataset: DataSource,
        /// Print the tidy long rows instead of the region × year panel (semester: March). / Tabel panjang.
        #[arg(long)]
        long: bool,
        /// Print CSV instead of a table. / Cetak CSV.
        #[arg(long)]
        csv: bool,
    },
}

fn list() -> Result<()> {
    for (source, what) in [
        (
            DataSource::Jabar,
            "27 kab/kota of Jawa Barat + province row",
        ),
        (
            DataSource::Provinces,
            "38 provinces of Indonesia + national",
        ),
        (
            DataSource::Indonesia,
            "all kab/kota of Indonesia (cross-sections)",
        ),
    ] {
        let df = source.long()?.unwrap_or_default();
        let name = if source == DataSource::Indonesia {
            "kabkota".to_string()
        } else {
            source.to_string()
        };
        super::output::line(&format!("{name}: {what}, {} rows", df.height()))?;
        let summary = df
            .lazy()
            .group_by([col("indicator")])
            .agg([
                col("value").count().alias("values"),
                col("year").min().alias("from"),
                col("year").max().alias("to"),
                col("unit").first().alias("unit"),
            ])
            .sort(["indicator"], Default::default())
            .collect()
            .ctx("summarising")?;
        super::output::print_table(&summary, false)?;
    }
    Ok(())
}

fn long_rows(long_df: DataFrame, region: &str, dataset: &DataSource) -> Result<DataFrame> {
    let reg = indikator::registry::Registry::bundled();
    let name = reg
        .resolve(region)
        .map_or_else(|| region.to_string(), |g| g.name.clone());
    let out = long_df
        .lazy()
        .filter(col("region").eq(lit(name)))
        .collect()
        .ctx("filtering")?;
    if out.height() == 0 {
        return Err(Error::UnknownRegion {
            at: None,
            name: format!("{region} (dataset {dataset})"),
            suggestions: reg.suggest(region),
        });
    }
    Ok(out)
}

pub fn run(c: Command) -> Result<()> {
    let Command::Show {
        region,
        dataset,
        long,
        csv,
    } = c
    else {
        return list();
    };
    let Some(long_df) = dataset.long()? else {
        return Err(Error::InvalidArgument {
            what: "dataset".into(),
            message: format!("{dataset:?}; expected jabar, provinces or kabkota"),
        });
    };
    let df = match (&region, long) {
        (Some(r), true) => long_rows(long_df, r, &dataset)?,
        (None, true) => long_df,
        (r, false) => {
            // The jabar panel holds the 27 kab/kota (the province row is in --long).
            let panel = dataset.panel(None, None)?;
            match r {
                Some(r) => panel.region(r)?,
                None => panel.frame().clone(),
            }
        }
    };
    super::output::print_table(&df, csv)
}
