//! Every default of a plan, in one place. The CLI's `--help`, the notebook's option maps and the
//! report read these; change one here and all three follow. A constant owned by a lower module
//! (the bootstrap's replications, the trend's years, the semester) is defined there and re-exported
//! here, so that every edge of the module graph points down.

/// The projection horizon (last projected year): the RPJMD 2025–2029 plus one year.
pub const HORIZON: i32 = 2030;

/// The plan year targets are sought for and a TPT path reaches by default: the year before the
/// horizon (the RPJMD's last year).
pub fn plan_year(horizon: i32) -> i32 {
    horizon - 1
}

/// First year of the estimation sample: the latest break of the P0 series the bundled data
/// records (2015, see [`crate::panel::KNOWN_BREAKS`]).
pub fn sample_from() -> i64 {
    crate::panel::KNOWN_BREAKS
        .iter()
        .filter(|b| b.indicator == crate::indicator::POVERTY_RATE)
        .map(|b| b.year as i64)
        .max()
        .unwrap_or(2015)
}

/// The projection model: P0 on TPT with kab/kota fixed effects.
pub const PROJECTION_FORMULA: &str = "poverty_rate ~ unemployment_rate | region_code";

pub use crate::projection::TREND_YEARS;

pub use crate::bootstrap::{BOOTSTRAP_REPS, BOOTSTRAP_SEED};

/// How year effects are carried into plan years.
pub const YEAR_EFFECTS: crate::projection::YearEffects = crate::projection::YearEffects::Zero;

/// The semester read where BPS publishes two (March: BPS's reference for poverty).
pub use crate::panel::DEFAULT_SEMESTER as SEMESTER;

/// The backtest cut-off of the report.
pub const BACKTEST_TO: i32 = 2019;

/// Significance level of the model-choice tests.
pub const ALPHA: f64 = 0.05;

/// The fewest kab/kota a province needs for a report to estimate on its own panel: with fewer,
/// clustered standard errors rest on too few clusters and the national panel is used.
pub const MIN_PROVINCE_KABKOTA: usize = 20;

pub use crate::spatial::{LISA_PERMUTATIONS, LISA_SEED};
