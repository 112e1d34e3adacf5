//! All integration tests in one binary (one link of the polars-sized test executable instead of
//! one per file). Modules that drive the binary or the cell language need the `cli` / `script`
//! features (both default); `cargo test --no-default-features` runs the library's own.
#![allow(clippy::needless_range_loop)]

mod accounting;
mod bad_input;
mod bootstrap;
mod charts;
#[cfg(feature = "cli")]
mod cli;
mod common;
#[cfg(feature = "cli")]
mod corpus;
mod diagnostics;
mod fixed_effects;
mod forecast_skill;
mod fuzz_properties;
mod hac;
mod hostile;
mod load_raw;
mod load_raw_more;
#[cfg(feature = "cli")]
mod maps;
mod model_errors;
mod national_registry;
#[cfg(all(feature = "cli", feature = "script"))]
mod plan;
mod plan_checks;
mod projection;
mod properties;
mod reference_plm;
#[cfg(feature = "cli")]
mod reference_plm_unbalanced;
mod reference_pyfixest;
mod regularized;
#[cfg(feature = "script")]
mod script;
mod spatial;
mod spatial_ml;
mod tables;
#[cfg(feature = "cli")]
mod workbooks;
