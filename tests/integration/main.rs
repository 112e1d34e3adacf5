//! All integration tests in one binary (one link of the polars-sized test executable instead of
//! one per file). Modules that drive the binary or the cell language need the `cli` / `script`
//! features (both default); `cargo test --no-default-features` runs the library's own. Files are
//! named `<module>_<kind>`: the module they test (`load`, `model`, `projection`, …) first.
#![allow(clippy::needless_range_loop)]

/// The memory guard of notebook cells reads the bytes held from this allocator.
#[cfg(feature = "script")]
#[global_allocator]
static ALLOC: indikator::script::CountingAlloc = indikator::script::CountingAlloc;

mod bootstrap_reference;
#[cfg(feature = "cli")]
mod cli_commands;
#[cfg(feature = "cli")]
mod cli_corpus;
#[cfg(all(feature = "cli", feature = "script"))]
mod cli_extension_tables;
mod common;
mod compare_tables;
mod diagnostics_reference;
mod load_accounting;
mod load_bad_input;
mod load_fuzz_properties;
mod load_hostile;
mod load_raw;
mod load_raw_more;
#[cfg(feature = "cli")]
mod map_files;
mod model_errors;
mod model_fixed_effects;
mod model_properties;
mod model_reference_plm;
#[cfg(feature = "cli")]
mod model_reference_plm_unbalanced;
mod model_reference_pyfixest;
mod plan_checks;
#[cfg(all(feature = "cli", feature = "script"))]
mod plan_interfaces;
mod plot_charts;
mod projection_reference;
mod projection_skill;
mod registry_national;
mod regularized_cv;
#[cfg(feature = "script")]
mod script_cells;
mod spatial_ml;
mod spatial_weights;
mod vcov_hac;
#[cfg(feature = "cli")]
mod workbook_files;
