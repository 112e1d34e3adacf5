//! Five-year-plan projections: poverty per region and year under unemployment scenarios, with
//! confidence and prediction bands, target seeking, and backtests.
//!
//! ```
//! # fn main() -> indikator::Result<()> {
//! use indikator::model::ModelSpec;
//! use indikator::projection::{Projector, Scenario, YearEffects, seek_target};
//! let panel = indikator::datasets::jabar_panel()?;
//! let spec = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")?.sample(Some(2015), None);
//! let p = Projector::new(&spec, &panel, YearEffects::Zero)?;
//! let base = Scenario::baseline(&panel, "Kota Sukabumi", "unemployment_rate", 2030, 5)?;
//! let table = p.project(&[base])?; // region, year, scenario, estimate, ci_low, …, pi_high
//! assert_eq!(table.height(), 5);
//! let need = seek_target(&p, "Kota Sukabumi", "unemployment_rate", 6.0, 2029, None)?;
//! println!("{}", need.message_en);
//! # Ok(()) }
//! ```

mod backtest;
mod bootstrap;
mod project;
mod scenario;
mod target;

pub use backtest::{BacktestSummary, backtest};
pub use project::{Projector, YearEffects};
pub(crate) use project::{entity_key, region_name};
pub use scenario::{MAX_HORIZON, Scenario, ScenarioSet, from_csv, from_toml, history};
pub use target::{Reachability, TargetAnswer, seek_target};
