//! # indikator — poverty (P0) and open unemployment (TPT) for regional planning
//!
//! Regional planners in Indonesia (Bappeda, Dinas Sosial) set RPJMD targets for the poverty rate
//! (BPS *P0*, persentase penduduk miskin) and the open unemployment rate (*TPT*, tingkat
//! pengangguran terbuka). indikator reads the files BPS and Open Data Jabar publish, as they are,
//! into [polars](https://docs.rs/polars) frames, joins them into a region × year [`Panel`], fits
//! the panel models that test whether poverty really moves with unemployment, and projects P0
//! for the plan under TPT scenarios.
//!
//! ## Quickstart: bundled data → panel → print
//!
//! ```
//! # fn main() -> indikator::Result<()> {
//! use indikator::datasets;
//!
//! // The tidy long frame: region_code, region, region_type, province, year, semester,
//! // indicator, value, unit, source_id.
//! let long = datasets::jabar()?;
//! assert!(long.height() > 2000);
//!
//! // 27 kab/kota × years, one column per indicator; gaps stay null.
//! let panel = datasets::jabar_panel()?;
//! let sukabumi = panel.region("Kota Sukabumi")?;
//! println!("{sukabumi}");
//! println!("{}", panel.report()?);
//! # Ok(()) }
//! ```
//!
//! ## Loading published files
//!
//! [`load::load_path`] detects the layout — tidy CSV/Parquet, Open Data Jabar CSV/XLSX, BPS
//! web-table CSV/XLSX (single- and multi-year, `;` and decimal comma), JSON record arrays — and
//! resolves region names through the [`registry`] (`KABUPATEN BOGOR`, `Bogor`, `Kab. Bogor` →
//! 3201; `Kota Bogor` → 3271). Bad input is an [`Error`] naming file, line, column and value,
//! with a hint such as "did you mean Kota Sukabumi?".
//!
//! ## Which estimator when
//!
//! | question | use |
//! |---|---|
//! | are poorer regions the ones with more unemployment? | [`model::Estimator::Pooled`] / [`model::Estimator::Between`] |
//! | within a region, does poverty move with its unemployment? | [`model::Estimator::Within`] (`| region_code`) |
//! | …net of shocks common to every region (2020)? | two-way FE (`| region_code + year`) |
//! | the CEM / FEM / REM choice of Indonesian studies | [`choice::model_choice`] (Chow → Hausman → LM) |
//! | few clusters (27 kab/kota) | [`bootstrap::wild_cluster_bootstrap`] |
//! | where will poverty be in 2030? | [`projection::Projector`], [`report::rpjmd_report`] |
//!
//! ## Modules
//! - [`datasets`]: the curated data compiled into the crate.
//! - [`load`]: readers for published files.
//! - [`registry`]: the 27 kab/kota of Jawa Barat and the 38 provinces.
//! - [`indicator`]: the indicator vocabulary (names, units, ranges).
//! - [`panel`]: the wide region × year frame and its balance/gap report.
//! - [`formula`]: `y ~ x + log(z) + lag(x, 1) | fe1 + fe2`.
//! - [`model`]: pooled, within, random effects, first differences, between; [`vcov`] the
//!   covariance choices and small-sample corrections; [`hypothesis`] the test-statistic type.
//! - [`diagnostics`], [`choice`]: Chow, Breusch–Pagan LM, Hausman, Pesaran CD, Wooldridge,
//!   Jarque–Bera, VIF, and the model choice.
//! - [`bootstrap`]: wild cluster bootstrap; [`regularized`]: linfa elastic net and k-fold CV.
//! - [`compare`]: regression tables (text, Markdown, HTML, LaTeX).
//! - [`projection`]: scenarios, projections with bands, target seeking, backtests.
//! - [`plan`]: what to fit, project and report for a region — the defaults and the one layer
//!   the command line, the notebook and the report share.
//! - [`plot`]: charts (SVG and PNG); [`report`]: the planners' HTML report.
//! - [`display`]: rich (MIME) display of frames, fits, tests and charts.
//! - [`script`] (feature `script`): the notebook cell language, `Session::eval`;
//!   [`kernel`] (feature `kernel`): the Jupyter kernel over it.
//!
//! ## Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `script` | yes | the Rhai cell language ([`script::Session`]) |
//! | `kernel` | yes | the Jupyter kernel (ZeroMQ, signed messages); implies `script` |
//! | `cli` | yes | the `indikator` binary (clap); implies `kernel` |
//!
//! An analyst embedding the models takes the library alone:
//! `indikator = { version = "0.1", default-features = false }` — data, loaders, models,
//! projections, charts and the report, without the kernel's or the CLI's dependencies.
#![warn(missing_docs)]

pub mod bootstrap;
pub mod cancel;
pub mod choice;
pub(crate) mod columns;
pub mod compare;
pub mod datasets;
pub mod diagnostics;
pub mod display;
pub mod error;
pub mod formula;
pub mod geo;
pub mod hypothesis;
pub mod indicator;
#[cfg(feature = "kernel")]
pub mod kernel;
pub mod lang;
pub(crate) mod linalg;
pub mod load;
pub mod map;
pub mod model;
pub mod panel;
pub mod plan;
pub mod plot;
pub mod prelude;
pub mod progress;
pub mod projection;
pub mod registry;
pub mod regularized;
pub mod report;
#[cfg(feature = "script")]
pub mod script;
pub mod spatial;
pub mod standing;
pub mod text;
pub mod trace;
pub mod vcov;
pub mod workbook;

pub use error::{Error, Result};
pub use panel::Panel;
