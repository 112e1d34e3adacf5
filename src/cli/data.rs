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
        /// Region name or BPS code (any kab/kota or province). / Nama atau kode wilayah.
        #[arg(long)]
        region: Option<String>,
        /// Dataset: jabar, indonesia (all kab/kota), provinces (default: jabar, or indonesia
        /// for a region outside Jawa Barat). / Kumpulan data.
        #[arg(long)]
        dataset: Option<DataSource>,
        /// Print the tidy long rows instead of the region × year panel (semester: March). / Tabel panjang.
        #[arg(long)]
        long: bool,
        /// Print CSV instead of a table. / Cetak CSV.
        #[arg(long)]
        csv: bool,
        /// Also write the rows to this XLSX workbook. / Simpan juga ke berkas XLSX.
        #[arg(long)]
        xlsx: Option<std::path::PathBuf>,
        /// Language of the workbook's headers: id | en. / Bahasa.
        #[arg(long, default_value = "id")]
        lang: indikator::lang::Lang,
    },
}

/// Where each bundled dataset's numbers come from and what their use allows (data/SOURCES.md).
const BPS_TERMS: &str = "BPS figures: cite BPS; no commercial use without BPS's permission / angka BPS: sebutkan BPS; dilarang untuk tujuan komersial tanpa izin BPS";

fn list() -> Result<()> {
    for (source, what, sources) in [
        (
            DataSource::Jabar,
            "27 kab/kota of Jawa Barat + province row",
            "BPS and Open Data Jabar publications, sources S1–S3 and S6–S15 of data/SOURCES.md",
        ),
        (
            DataSource::Provinces,
            "38 provinces of Indonesia + national",
            "BPS province tables, sources S11 and S12 of data/SOURCES.md",
        ),
        (
            DataSource::Indonesia,
            "all 514 kab/kota of Indonesia by BPS code (Jawa Barat's curated series within)",
            "BPS national tables and compilations N1–N5 of data/SOURCES.md (2016 and a copied value are gaps)",
        ),
    ] {
        let df = source.long()?.unwrap_or_default();
        let name = source.to_string();
        super::output::line(&format!("{name}: {what}, {} rows", df.height()))?;
        super::output::line(&format!("  source: {sources}"))?;
        super::output::line(&format!("  terms: {BPS_TERMS}"))?;
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

/// Jawa Barat's curated panel, unless the region is a kab/kota elsewhere (the national panel) or
/// a province outside Jawa Barat (the provinces).
fn default_dataset(region: Option<&indikator::registry::Region>) -> DataSource {
    let Some(r) = region else {
        return DataSource::Jabar;
    };
    match (r.region_type.is_kabkota(), r.code.starts_with("32")) {
        (_, true) => DataSource::Jabar,
        (true, false) => DataSource::Indonesia,
        (false, false) => DataSource::Provinces,
    }
}

fn long_rows(long_df: DataFrame, region: &str, dataset: &DataSource) -> Result<DataFrame> {
    let reg = indikator::registry::Registry::bundled();
    let name = reg.lookup(region)?.name.clone();
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
        xlsx,
        lang,
    } = c
    else {
        return list();
    };
    // Unknown or ambiguous names are refused here, with the candidates.
    let found = match &region {
        Some(r) => Some(indikator::registry::Registry::bundled().lookup(r)?),
        None => None,
    };
    let dataset = dataset.unwrap_or_else(|| default_dataset(found));
    let Some(long_df) = dataset.long()? else {
        return Err(Error::InvalidArgument {
            what: "dataset".into(),
            message: format!("{dataset:?}; expected jabar, indonesia or provinces"),
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
    if let Some(path) = &xlsx {
        let mut wb = indikator::workbook::Workbook::new(lang);
        wb.sheet(("Data", "Data"), &df, &[])?;
        wb.save(path, &[SOURCES_LINE])?;
    }
    super::output::print_table(&df, csv)
}

/// The sources line of a workbook of bundled data.
const SOURCES_LINE: &str = "BPS dan Open Data Jabar / BPS and Open Data Jabar: data/SOURCES.md (repository, path, commit of every value). Angka BPS: sebutkan BPS / cite BPS.";
