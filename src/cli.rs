//! The `indikator` command line (the binary's `main` only calls [`run`]).

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use polars::prelude::*;

use crate::error::{Error, PolarsContext, Result};
use crate::load::{Format, LoadOptions, load_files};

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
    Load {
        /// Files to load. / Berkas yang dibaca.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Force the layout: tidy, parquet, odj, bps, json. / Paksa format.
        #[arg(long)]
        format: Option<String>,
        /// Indicator name where the file does not say (e.g. poverty_rate). / Nama indikator.
        #[arg(long)]
        indicator: Option<String>,
        /// Sheet of an XLSX workbook (default: the first). / Lembar XLSX.
        #[arg(long)]
        sheet: Option<String>,
        /// Source id for the source_id column (default: the file name). / Kode sumber.
        #[arg(long)]
        source_id: Option<String>,
        /// Write to PATH.csv or PATH.parquet instead of CSV on stdout. / Simpan ke berkas.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Fit a regression linking unemployment to poverty. / Estimasi regresi.
    ///
    /// Example: indikator fit --data jabar --formula "poverty_rate ~ unemployment_rate | region_code + year"
    /// --vcov cluster:region_code --from 2015 --to 2025 --json
    Fit {
        /// `jabar` (the bundled Jawa Barat panel) or a wide CSV/Parquet file. / Data.
        #[arg(long)]
        data: String,
        /// Formula in fixest syntax: `y ~ x1 + log(x2) + lag(x1, 1) | fe1 + fe2`. / Rumus model.
        #[arg(long)]
        formula: String,
        /// pooled | within | fd | between (default: within with fixed effects, else pooled).
        #[arg(long)]
        estimator: Option<String>,
        /// Entity column (default for --data jabar: region_code). / Kolom wilayah.
        #[arg(long)]
        entity: Option<String>,
        /// Time column (default for --data jabar: year). / Kolom waktu.
        #[arg(long)]
        time: Option<String>,
        /// iid | hc0 | hc1 | hc2 | hc3 | cluster:COL[,COL]. / Galat baku.
        #[arg(long, default_value = "iid")]
        vcov: String,
        /// Small-sample correction: fixest | full | none | linearmodels.
        #[arg(long, default_value = "fixest")]
        ssc: String,
        /// First year of the estimation sample (lags use earlier years). / Tahun awal.
        #[arg(long)]
        from: Option<i64>,
        /// Last year of the estimation sample. / Tahun akhir.
        #[arg(long)]
        to: Option<i64>,
        /// Drop singleton fixed-effect levels (pyfixest default). / Buang singleton.
        #[arg(long)]
        drop_singletons: bool,
        /// First differences without an intercept (linearmodels convention).
        #[arg(long)]
        fd_no_intercept: bool,
        /// Print JSON. / Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Choose between CEM, FEM and REM: Chow, Breusch–Pagan LM and Hausman tests, plus Pesaran
    /// CD and Wooldridge serial correlation. / Pilih model CEM, FEM atau REM.
    Choose {
        /// `jabar` (the bundled panel) or a wide CSV/Parquet file. / Data.
        #[arg(long)]
        data: String,
        /// Formula without fixed effects: `y ~ x1 + x2`. / Rumus model.
        #[arg(long)]
        formula: String,
        /// Entity column (default for --data jabar: region_code). / Kolom wilayah.
        #[arg(long)]
        entity: Option<String>,
        /// Time column (default for --data jabar: year). / Kolom waktu.
        #[arg(long)]
        time: Option<String>,
        /// First year of the sample. / Tahun awal.
        #[arg(long)]
        from: Option<i64>,
        /// Last year of the sample. / Tahun akhir.
        #[arg(long)]
        to: Option<i64>,
        /// Significance level. / Taraf nyata.
        #[arg(long, default_value_t = 0.05)]
        alpha: f64,
        /// Print JSON. / Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Project poverty to the plan horizon under unemployment scenarios, seek the TPT that reaches
    /// a poverty target, and backtest. / Proyeksi P0 menurut skenario TPT, pencarian target, uji balik.
    Project {
        /// Region name or BPS code. / Nama atau kode wilayah.
        #[arg(long)]
        region: String,
        /// `jabar` (bundled panel) or a wide CSV/Parquet file with --entity/--time.
        #[arg(long, default_value = "jabar")]
        data: String,
        /// Entity column. / Kolom wilayah.
        #[arg(long)]
        entity: Option<String>,
        /// Time column. / Kolom waktu.
        #[arg(long)]
        time: Option<String>,
        /// Model formula (pooled, or FE by region [and year]). / Rumus model.
        #[arg(long, default_value = "poverty_rate ~ unemployment_rate | region_code")]
        formula: String,
        /// First year of the estimation sample (the P0 series breaks in 2015). / Tahun awal estimasi.
        #[arg(long, default_value_t = 2015)]
        from: i64,
        /// Horizon. / Tahun akhir proyeksi.
        #[arg(long, default_value_t = 2030)]
        to: i32,
        /// How year effects are carried: zero | last | trend | trend:K. / Efek tahun ke depan.
        #[arg(long, default_value = "zero")]
        year_effects: String,
        /// Scenario file (CSV `scenario,region,variable,year,value`, or TOML). / Berkas skenario.
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// TPT target path: reach this TPT … / Target TPT …
        #[arg(long)]
        tpt_target: Option<f64>,
        /// … by this year. / … pada tahun ini.
        #[arg(long, default_value_t = 2029)]
        tpt_by: i32,
        /// Fewer unemployed persons a year (needs --labour-force). / Pengurangan penganggur per tahun.
        #[arg(long)]
        reduce_unemployed: Option<f64>,
        /// Labour force (persons) to convert persons into TPT. / Angkatan kerja.
        #[arg(long)]
        labour_force: Option<f64>,
        /// Poverty target to seek the TPT for, e.g. 6.0 … / Target P0 …
        #[arg(long)]
        target: Option<f64>,
        /// … in this year. / … pada tahun ini.
        #[arg(long, default_value_t = 2029)]
        target_year: i32,
        /// Backtest: fit up to this year, project the rest, compare. / Uji balik.
        #[arg(long)]
        backtest: Option<i32>,
        /// Bands by wild bootstrap with this many replications instead of the delta method.
        /// / Selang dengan bootstrap.
        #[arg(long)]
        bootstrap: Option<usize>,
        /// Print JSON. / Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the RPJMD report for a region: charts (SVG, PNG) and a self-contained HTML page.
    /// / Tulis laporan RPJMD: grafik dan halaman HTML.
    Report {
        /// Region name or BPS code (kab/kota of Jawa Barat). / Nama atau kode wilayah.
        #[arg(long)]
        region: String,
        /// Language of labels and text: id | en. / Bahasa.
        #[arg(long, default_value = "id")]
        lang: String,
        /// Output folder (default out/<region>). / Folder keluaran.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Projection horizon. / Tahun akhir proyeksi.
        #[arg(long, default_value_t = 2030)]
        to: i32,
    },
    /// The bundled data. / Data bawaan.
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },
    /// Run the Jupyter kernel (Jupyter starts it with a connection file), or install its spec.
    /// / Jalankan kernel Jupyter, atau pasang spesifikasinya.
    #[command(args_conflicts_with_subcommands = true)]
    Kernel {
        #[command(subcommand)]
        command: Option<KernelCommand>,
        /// Connection file written by Jupyter. / Berkas koneksi dari Jupyter.
        #[arg(short = 'f', long)]
        connection_file: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum KernelCommand {
    /// Write kernels/indikator/kernel.json and the logos. / Pasang spesifikasi kernel.
    Install {
        /// In the user's Jupyter folder (default). / Di folder Jupyter pengguna (bawaan).
        #[arg(long, conflicts_with_all = ["sys_prefix", "prefix", "dir"])]
        user: bool,
        /// In the active Python environment. / Di lingkungan Python yang aktif.
        #[arg(long, conflicts_with_all = ["prefix", "dir"])]
        sys_prefix: bool,
        /// Under PREFIX/share/jupyter/kernels. / Di bawah PREFIX/share/jupyter/kernels.
        #[arg(long, conflicts_with = "dir")]
        prefix: Option<PathBuf>,
        /// Under DIR/kernels (DIR: a Jupyter data folder, e.g. in JUPYTER_PATH). / Di DIR/kernels.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum DataCommand {
    /// List the bundled datasets and their indicators. / Daftar data bawaan.
    List,
    /// Show bundled data, e.g. `--region "Kota Sukabumi"`. / Tampilkan data bawaan.
    Show {
        /// Region name or BPS code (kab/kota of Jawa Barat). / Nama atau kode wilayah.
        #[arg(long)]
        region: Option<String>,
        /// Dataset: jabar (default), provinces, kabkota. / Kumpulan data.
        #[arg(long, default_value = "jabar")]
        dataset: String,
        /// Print the tidy long rows instead of the region × year panel (semester: March). / Tabel panjang.
        #[arg(long)]
        long: bool,
        /// Print CSV instead of a table. / Cetak CSV.
        #[arg(long)]
        csv: bool,
    },
}

fn write_csv(df: &mut DataFrame, out: &mut dyn Write) -> Result<()> {
    CsvWriter::new(out)
        .include_header(true)
        .finish(df)
        .ctx("writing CSV")
}

fn write_out(df: &mut DataFrame, out: Option<&PathBuf>) -> Result<()> {
    match out {
        None => {
            let mut buf = Vec::new();
            write_csv(df, &mut buf)?;
            match std::io::stdout().lock().write_all(&buf) {
                // `indikator load … | head` closes the pipe early: not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(source) => Err(Error::Io {
                    path: "<stdout>".into(),
                    source,
                }),
                Ok(()) => Ok(()),
            }
        }
        Some(p) => {
            let f = std::fs::File::create(p).map_err(|source| Error::Io {
                path: p.clone(),
                source,
            })?;
            if p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
            {
                ParquetWriter::new(f)
                    .finish(df)
                    .ctx("writing Parquet")
                    .map(|_| ())
            } else {
                let mut f = std::io::BufWriter::new(f);
                write_csv(df, &mut f)
            }
        }
    }
}

fn print_table(df: &DataFrame, csv: bool) -> Result<()> {
    if csv {
        let mut df = df.clone();
        return write_out(&mut df, None);
    }
    println!("{df}");
    Ok(())
}

fn frame_records(df: &DataFrame) -> Result<Vec<serde_json::Value>> {
    let mut rows = vec![serde_json::Map::new(); df.height()];
    for c in df.columns() {
        let name = c.name().to_string();
        if c.dtype().is_primitive_numeric() {
            let v = c.cast(&DataType::Float64).ctx("json")?;
            for (i, x) in v.f64().ctx("json")?.iter().enumerate() {
                rows[i].insert(
                    name.clone(),
                    x.map_or(serde_json::Value::Null, serde_json::Value::from),
                );
            }
        } else {
            let v = c.cast(&DataType::String).ctx("json")?;
            for (i, x) in v.str().ctx("json")?.iter().enumerate() {
                rows[i].insert(
                    name.clone(),
                    x.map_or(serde_json::Value::Null, serde_json::Value::from),
                );
            }
        }
    }
    Ok(rows.into_iter().map(serde_json::Value::Object).collect())
}

fn fit_json(fit: &crate::model::Fit) -> Result<serde_json::Value> {
    serde_json::to_value(fit.summary()).map_err(|source| Error::Json {
        context: "fit".into(),
        source,
    })
}

/// Run the command line with these arguments.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Load {
            files,
            format,
            indicator,
            sheet,
            source_id,
            out,
        } => {
            let opts = LoadOptions {
                format: format.as_deref().map(Format::parse).transpose()?,
                indicator,
                source_id,
                sheet,
            };
            let loaded = load_files(&files, &opts)?;
            for n in &loaded.notes.notes {
                eprintln!("note: {n}");
            }
            let mut df = loaded.frame()?;
            eprintln!("{} rows from {} file(s)", df.height(), files.len());
            write_out(&mut df, out.as_ref())
        }
        Command::Fit {
            data,
            formula,
            estimator,
            entity,
            time,
            vcov,
            ssc,
            from,
            to,
            drop_singletons,
            fd_no_intercept,
            json,
        } => {
            let mut spec = crate::model::ModelSpec::new(&formula)?
                .vcov(crate::vcov::Vcov::parse(&vcov)?)
                .ssc(crate::vcov::Ssc::parse(&ssc)?)
                .sample(from, to)
                .drop_singletons(drop_singletons)
                .fd_intercept(!fd_no_intercept);
            if let Some(e) = estimator.as_deref() {
                spec = spec.estimator(crate::model::Estimator::parse(e)?);
            }
            let fit = if data == "jabar" {
                let panel = crate::datasets::jabar_panel()?;
                let spec = spec.panel(
                    entity.as_deref().unwrap_or("region_code"),
                    time.as_deref().unwrap_or("year"),
                );
                spec.fit_panel(&panel)?
            } else {
                let path = PathBuf::from(&data);
                match (&entity, &time) {
                    (Some(e), Some(t)) => {
                        spec.fit_panel(&crate::panel::Panel::read(&path, e, t)?)?
                    }
                    (None, None) => {
                        let mut cols = spec.formula().columns();
                        if let crate::vcov::Vcov::Cluster(c) = crate::vcov::Vcov::parse(&vcov)? {
                            cols.extend(c);
                        }
                        spec.fit(&crate::panel::read_columns(&path, &cols)?)?
                    }
                    _ => {
                        return Err(Error::InvalidArgument {
                            what: "--entity/--time".into(),
                            message: "give both (a panel) or neither (a cross-section)".into(),
                        });
                    }
                }
            };
            if json {
                let text =
                    serde_json::to_string_pretty(&fit.summary()).map_err(|source| Error::Json {
                        context: "writing the fit".into(),
                        source,
                    })?;
                println!("{text}");
            } else {
                print!("{fit}");
            }
            Ok(())
        }
        Command::Choose {
            data,
            formula,
            entity,
            time,
            from,
            to,
            alpha,
            json,
        } => {
            let panel = match (data.as_str(), &entity, &time) {
                ("jabar", e, t) => {
                    let p = crate::datasets::jabar_panel()?;
                    crate::panel::Panel::from_frame(
                        p.frame().clone(),
                        e.as_deref().unwrap_or("region_code"),
                        t.as_deref().unwrap_or("year"),
                    )?
                }
                (path, Some(e), Some(t)) => {
                    crate::panel::Panel::read(std::path::Path::new(path), e, t)?
                }
                _ => {
                    return Err(Error::InvalidArgument {
                        what: "--entity/--time".into(),
                        message: "model choice needs a panel: give --entity and --time".into(),
                    });
                }
            };
            let spec = crate::model::ModelSpec::new(&formula)?.sample(from, to);
            let c = crate::choice::model_choice(&spec, &panel, alpha)?;
            if json {
                let text = serde_json::to_string_pretty(&c).map_err(|source| Error::Json {
                    context: "writing the model choice".into(),
                    source,
                })?;
                println!("{text}");
            } else {
                print!("{c}");
            }
            Ok(())
        }
        Command::Project {
            region,
            data,
            entity,
            time,
            formula,
            from,
            to,
            year_effects,
            scenario,
            tpt_target,
            tpt_by,
            reduce_unemployed,
            labour_force,
            target,
            target_year,
            backtest,
            bootstrap,
            json,
        } => {
            use crate::projection::{Projector, YearEffects};
            let panel = match (data.as_str(), &entity, &time) {
                ("jabar", None, None) => crate::datasets::jabar_panel()?,
                (path, Some(e), Some(t)) => {
                    crate::panel::Panel::read(std::path::Path::new(path), e, t)?
                }
                _ => {
                    return Err(Error::InvalidArgument {
                        what: "--entity/--time".into(),
                        message: "give both with a file (--data PATH), neither with --data jabar"
                            .into(),
                    });
                }
            };
            let spec = crate::model::ModelSpec::new(&formula)?
                .vcov(crate::vcov::Vcov::cluster([panel.entity()]))
                .sample(Some(from), None);
            let ye = YearEffects::parse(&year_effects)?;
            let p = Projector::new(&spec, &panel, ye)?;
            let var = "unemployment_rate";
            let mut scenarios = crate::projection::ScenarioSet {
                to,
                tpt_target,
                tpt_by,
                reduce_unemployed,
                labour_force,
            }
            .build(&panel, &region, p.last_year()?)?;
            if let Some(f) = &scenario {
                let text = std::fs::read_to_string(f).map_err(|source| Error::Io {
                    path: f.clone(),
                    source,
                })?;
                let name = f.display().to_string();
                let more = if name.to_lowercase().ends_with(".toml") {
                    crate::projection::from_toml(&text, &name)?
                } else {
                    crate::projection::from_csv(&text, &name)?
                };
                scenarios.extend(more);
            }
            let table = match bootstrap {
                Some(reps) => p.project_bootstrap(&scenarios, reps, 20_240_501)?,
                None => p.project(&scenarios)?,
            };
            let seek = target
                .map(|t| {
                    crate::projection::seek_target(
                        &p,
                        &region,
                        var,
                        t,
                        target_year,
                        Some(&scenarios[0]),
                    )
                })
                .transpose()?;
            let bt = backtest
                .map(|y| crate::projection::backtest(&spec, &panel, y, ye))
                .transpose()?;
            if json {
                let out = serde_json::json!({
                    "projection": frame_records(&table)?,
                    "scenarios": scenarios.iter().map(|s| serde_json::json!({"name": s.name, "method": s.method})).collect::<Vec<_>>(),
                    "model": fit_json(p.fit())?,
                    "target": seek,
                    "backtest": bt.as_ref().map(|b| &b.1),
                });
                println!(
                    "{}",
                    serde_json::to_string_pretty(&out).map_err(|source| Error::Json {
                        context: "projection".into(),
                        source
                    })?
                );
            } else {
                println!(
                    "Model: {formula} ({}–), CR1 by {}; year effects: {year_effects}",
                    from,
                    panel.entity()
                );
                for s in &scenarios {
                    println!("  scenario {:<18} {}", s.name, s.method);
                }
                let show = table
                    .clone()
                    .lazy()
                    .select([
                        col("year"),
                        col("scenario"),
                        col("estimate"),
                        col("ci_low"),
                        col("ci_high"),
                        col("pi_low"),
                        col("pi_high"),
                    ])
                    .collect()
                    .ctx("projection")?;
                println!("{show}");
                if let Some(a) = &seek {
                    println!(
                        "Target / target: {}
  {}",
                        a.message_en, a.message_id
                    );
                }
                if let Some((_, s)) = &bt {
                    println!(
                        "Backtest (fit to {}, {} region-years): MAE {:.2} pp, RMSE {:.2} pp, bias {:+.2} pp, 95% band covers {:.0}%, 80% band {:.0}%",
                        s.train_to,
                        s.n,
                        s.mae,
                        s.rmse,
                        s.bias,
                        100.0 * s.coverage95,
                        100.0 * s.coverage80
                    );
                }
            }
            Ok(())
        }
        Command::Report {
            region,
            lang,
            out,
            to,
        } => {
            let lang = crate::plot::Lang::parse(&lang)?;
            let dir = out.unwrap_or_else(|| {
                PathBuf::from("out").join(
                    region
                        .to_lowercase()
                        .replace(['.', ' '], "_")
                        .replace("__", "_"),
                )
            });
            let r = crate::report::rpjmd_report(&region, lang, &dir, to)?;
            println!("{}", r.html.display());
            println!(
                "chosen model: {}; FEM slope {:+.3} (p = {:.4})",
                r.chosen, r.fem_slope.0, r.fem_slope.1
            );
            for (s, e, l, h) in &r.projections {
                println!("P0 {} {s}: {e:.2} (95% PI {l:.2}–{h:.2})", to - 1);
            }
            Ok(())
        }
        Command::Kernel {
            command:
                Some(KernelCommand::Install {
                    user: _,
                    sys_prefix,
                    prefix,
                    dir,
                }),
            ..
        } => {
            use crate::kernel::install::{Location, install};
            let loc = match (sys_prefix, prefix, dir) {
                (true, _, _) => Location::SysPrefix,
                (_, Some(p), _) => Location::Prefix(p),
                (_, _, Some(d)) => Location::DataDir(d),
                _ => Location::User,
            };
            let d = install(&loc)?;
            println!("installed kernel spec in {}", d.display());
            Ok(())
        }
        Command::Kernel {
            command: None,
            connection_file,
        } => match connection_file {
            Some(f) => crate::kernel::run(&f),
            None => Err(Error::InvalidArgument {
                what: "kernel".into(),
                message:
                    "give --connection-file FILE (Jupyter does), or `indikator kernel install`"
                        .into(),
            }),
        },
        Command::Data {
            command: DataCommand::List,
        } => {
            for (name, df, what) in [
                (
                    "jabar",
                    crate::datasets::jabar()?,
                    "27 kab/kota of Jawa Barat + province row",
                ),
                (
                    "provinces",
                    crate::datasets::provinces()?,
                    "38 provinces of Indonesia + national",
                ),
                (
                    "kabkota",
                    crate::datasets::kabkota_indonesia()?,
                    "all kab/kota of Indonesia (cross-sections)",
                ),
            ] {
                println!("{name}: {what}, {} rows", df.height());
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
                print_table(&summary, false)?;
            }
            Ok(())
        }
        Command::Data {
            command:
                DataCommand::Show {
                    region,
                    dataset,
                    long,
                    csv,
                },
        } => {
            let long_df = match dataset.as_str() {
                "jabar" => crate::datasets::jabar()?,
                "provinces" => crate::datasets::provinces()?,
                "kabkota" => crate::datasets::kabkota_indonesia()?,
                other => {
                    return Err(Error::InvalidArgument {
                        what: "--dataset".into(),
                        message: format!("{other:?}; expected jabar, provinces or kabkota"),
                    });
                }
            };
            let df = if long {
                match &region {
                    Some(r) => {
                        let reg = crate::registry::Registry::bundled();
                        let name = reg.resolve(r).map_or_else(|| r.clone(), |g| g.name.clone());
                        let out = long_df
                            .lazy()
                            .filter(col("region").eq(lit(name)))
                            .collect()
                            .ctx("filtering")?;
                        if out.height() == 0 {
                            return Err(Error::UnknownRegion {
                                at: crate::error::Location::line(&format!("dataset {dataset}"), 0),
                                name: r.clone(),
                                suggestions: reg.suggest(r),
                            });
                        }
                        out
                    }
                    None => long_df,
                }
            } else {
                // The jabar panel holds the 27 kab/kota (the province row is in --long).
                let panel = if dataset == "jabar" {
                    crate::datasets::jabar_panel()?
                } else {
                    crate::panel::Panel::from_long(&long_df, None)?
                };
                match &region {
                    Some(r) => panel.region(r)?,
                    None => panel.frame().clone(),
                }
            };
            print_table(&df, csv)
        }
    }
}
