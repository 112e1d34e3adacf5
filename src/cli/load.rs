//! `indikator load FILE…`

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use indikator::Result;
use indikator::lang::Lang;
use indikator::load::{Format, LoadOptions, load_files};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files to load. / Berkas yang dibaca.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Force the layout (bps also reads the old site's HTML .xls). / Paksa format.
    #[arg(long, ignore_case = true, value_parser = format_parser())]
    format: Option<Format>,
    /// Indicator name where the file does not say (e.g. poverty_rate). / Nama indikator.
    #[arg(long)]
    indicator: Option<String>,
    /// Sheet of an XLSX workbook (default: the first). / Lembar XLSX.
    #[arg(long)]
    sheet: Option<String>,
    /// Province of a table without a province row (code or name: 35, "Jawa Timur"). / Provinsi tabel.
    #[arg(long)]
    province: Option<String>,
    /// Source id for the source_id column (default: the file name). / Kode sumber.
    #[arg(long)]
    source_id: Option<String>,
    /// Write to PATH.csv or PATH.parquet instead of CSV on stdout. / Simpan ke berkas.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<()> {
    let opts = LoadOptions {
        format: a.format,
        indicator: a.indicator,
        source_id: a.source_id,
        sheet: a.sheet,
        province: a.province,
    };
    let loaded = load_files(&a.files, &opts)?;
    for n in &loaded.notes.notes {
        eprintln!("note: {n}");
    }
    for a in &loaded.notes.accounts {
        eprintln!("rows: {}", a.summary(Lang::En));
        eprintln!("baris: {}", a.summary(Lang::Id));
    }
    let mut df = loaded.frame()?;
    eprintln!("{} rows from {} file(s)", df.height(), a.files.len());
    super::output::write_frame(&mut df, a.out.as_ref())
}

/// `--format`: every layout of [`indikator::load::LAYOUTS`] with its other names as aliases.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(indikator::load::LAYOUTS.iter().map(|l| {
        PossibleValue::new(l.names[0])
            .aliases(l.names[1..].iter().copied())
            .help(l.looks_like)
    }))
    .map(|s| {
        s.parse::<Format>()
            .expect("a possible value is a layout's name")
    })
}
