//! All integration tests in one binary (one link of the polars-sized test executable instead of
//! one per file).
#![allow(clippy::needless_range_loop)]

mod bad_input;
mod bootstrap;
mod charts;
mod cli;
mod common;
mod diagnostics;
mod load_raw;
mod model_errors;
mod projection;
mod properties;
mod reference_plm;
mod reference_plm_unbalanced;
mod reference_pyfixest;
mod regularized;
mod script;
mod tables;
