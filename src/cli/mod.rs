//! Subcommands, one file each; every default comes from [`indikator::plan::defaults`].

mod choose;
mod data;
mod fit;
mod kernel;
mod load;
mod map;
mod moran;
mod output;
mod project;
mod report;
mod spatial;

use clap::{Parser, Subcommand};
use indikator::Result;

/// indikator — poverty (P0) and unemployment (TPT) indicators for regional planning.
/// indikator — indikator kemiskinan (P0) dan pengangguran (TPT) untuk perencanaan daerah.
#[derive(Debug, Parser)]
#[command(name = "indikator", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load published files (BPS / Open Data Jabar CSV or XLSX, JSON, tidy CSV/Parquet) into the
    /// tidy long frame. / Baca berkas BPS / Open Data Jabar ke tabel panjang (tidy).
    Load(load::Args),
    /// Fit a regression linking unemployment to poverty. / Estimasi regresi.
    ///
    /// Example: indikator fit --data jabar --formula "poverty_rate ~ unemployment_rate | region_code + year"
    /// --vcov cluster:region_code --from 2015 --to 2025 --json
    Fit(fit::Args),
    /// Choose between CEM, FEM and REM: Chow, Breusch–Pagan LM and Hausman tests, plus Pesaran
    /// CD and Wooldridge serial correlation. / Pilih model CEM, FEM atau REM.
    Choose(choose::Args),
    /// Project poverty to the plan horizon under unemployment scenarios, seek the TPT that reaches
    /// a poverty target, and backtest. / Proyeksi P0 menurut skenario TPT, pencarian target, uji balik.
    Project(project::Args),
    /// Write the RPJMD report for a region: charts (SVG, PNG) and a self-contained HTML page.
    /// / Tulis laporan RPJMD: grafik dan halaman HTML.
    Report(report::Args),
    /// Draw a choropleth map (SVG or PNG) of an indicator: a province by kab/kota, or Indonesia
    /// by province or kab/kota. / Gambar peta tematik.
    ///
    /// Example: indikator map --indicator poverty_rate --year 2024 --province "Jawa Barat" --out p0.svg
    Map(map::Args),
    /// Global Moran's I of an indicator in a year on spatial weights. / Moran's I (autokorelasi spasial).
    Moran(moran::Args),
    /// Spatial regression by maximum likelihood (OLS with LM tests, lag, error, Durbin), for a
    /// cross-section or a panel with fixed effects. / Regresi spasial.
    ///
    /// Example: indikator spatial --formula "poverty_rate ~ unemployment_rate" --model sar --fe --from 2017 --to 2025
    Spatial(spatial::Args),
    /// The bundled data. / Data bawaan.
    Data {
        #[command(subcommand)]
        command: data::Command,
    },
    /// Run the Jupyter kernel (Jupyter starts it with a connection file), or install its spec.
    /// / Jalankan kernel Jupyter, atau pasang spesifikasinya.
    #[command(args_conflicts_with_subcommands = true)]
    Kernel(kernel::Args),
}

/// Run the command line with these arguments. Long work (bootstrap, rolling backtest, the
/// report) shows its progress on one rewritten line of standard error when that is a terminal.
pub fn run(cli: Cli) -> Result<()> {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        let sink: indikator::progress::Sink = std::sync::Arc::new(|p| {
            use std::io::Write;
            let end = if p.done >= p.total { "\n" } else { "" };
            // A closed or failing terminal only loses the progress line.
            let _ = write!(std::io::stderr(), "\r{}\x1b[K{end}", p.line());
        });
        indikator::progress::watch(sink, || dispatch(cli))
    } else {
        dispatch(cli)
    }
}

fn dispatch(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Load(a) => load::run(a),
        Command::Fit(a) => fit::run(a),
        Command::Choose(a) => choose::run(a),
        Command::Project(a) => project::run(a),
        Command::Report(a) => report::run(a),
        Command::Map(a) => map::run(a),
        Command::Moran(a) => moran::run(a),
        Command::Spatial(a) => spatial::run(a),
        Command::Data { command } => data::run(command),
        Command::Kernel(a) => kernel::run(a),
    }
}
