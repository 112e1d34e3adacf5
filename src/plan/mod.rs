//! What to fit, project and report for a region — the one layer the command line, the notebook
//! (Rhai) and the report call, so that the three give the same numbers for the same request.
//!
//! - [`defaults`]: every default in one place (horizon, plan year, sample start, bootstrap
//!   replications and seed, year-effect carry, semester).
//! - [`model_choice`]: the CEM / FEM / REM tests with the spatial check beside them.
//! - [`DataSource`]: `jabar | indonesia | provinces | PATH`, resolved to a [`Panel`](crate::Panel) one way.
//! - [`crate::standing`] (re-exported): a kab/kota's rank in its province and in Indonesia, and its quadrant.
//! - [`ProjectionPlan`]: a region's projection request; [`ProjectionPlan::run`] fits the model,
//!   builds the scenarios, projects, seeks the target and backtests.
//!
//! ```
//! # fn main() -> indikator::Result<()> {
//! use indikator::plan::{DataSource, ProjectionPlan};
//! let panel = "jabar".parse::<DataSource>()?.panel(None, None)?;
//! let mut plan = ProjectionPlan::new("Kota Sukabumi");
//! plan.target = Some(6.0);
//! let run = plan.run(&panel)?;
//! assert!(!run.projection.rows.is_empty());
//! if let Some(t) = &run.target {
//!     println!("{}", t.message_en);
//! }
//! # Ok(()) }
//! ```

mod choice;
mod data;
pub mod defaults;
mod projection;

pub use crate::standing::{
    Measure, PLAN_PERIOD_YEARS, QuadrantPoint, Standing, StandingRow, standing,
};
pub use choice::model_choice;
pub use data::{DataSource, ModelData, RegionPanel, province_panel, region_panel};
pub use projection::{BacktestWhen, Bootstrap, ProjectionPlan, ProjectionRun, TptTarget};
