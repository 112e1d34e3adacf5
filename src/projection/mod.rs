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
//! let projection = p.project(&[base])?; // typed rows: region, year, scenario, bands, anchor
//! assert_eq!(projection.rows.len(), 5);
//! let table = projection.frame()?; // region, year, scenario, estimate, ci_low, …, pi_high
//! assert_eq!(table.height(), 5);
//! let need = seek_target(&p, "Kota Sukabumi", "unemployment_rate", 6.0, 2029, None)?;
//! println!("{}", need.message_en);
//! # Ok(()) }
//! ```

/// Years of TPT history the baseline trend (and `trend` year effects) are fitted to.
pub const TREND_YEARS: usize = 5;

mod bootstrap;
mod methods;
mod persistence;
mod project;
mod rolling;
mod scenario;
mod scenario_file;
mod table;
mod target;
mod year_effects;

pub use methods::{Forecast, Forecaster, METHODS, Method, MethodInfo, Methods, Origin};
pub use project::{
    Anchor, Bands, Persistence, Projection, ProjectionRow, Projector, ScenarioRows, YearEffects,
};
pub use rolling::{
    BacktestRow, MethodScore, ROLLING_HORIZON, RollingBacktest, baseline_at, forecasts_at,
    panel_upto, rolling_backtest, rolling_origins,
};

/// The least-squares line through `pts`: (mean x, mean y, slope); slope 0 when x does not vary.
pub(crate) fn line_fit(pts: &[(f64, f64)]) -> (f64, f64, f64) {
    let n = pts.len() as f64;
    let (mx, my) = (
        pts.iter().map(|p| p.0).sum::<f64>() / n,
        pts.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let slope = if sxx > 0.0 {
        pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum::<f64>() / sxx
    } else {
        0.0
    };
    (mx, my, slope)
}

/// The columns of a projection table ([`Projector::project`]), for code that reads it.
pub mod columns {
    /// Region name.
    pub const REGION: &str = "region";
    /// Projected year.
    pub const YEAR: &str = "year";
    /// Scenario name (an identifier: `baseline`, `target`, …).
    pub const SCENARIO: &str = "scenario";
    /// The scenario as a planner reads it, in Indonesian.
    pub const LABEL_ID: &str = "label_id";
    /// The scenario as a planner reads it, in English.
    pub const LABEL_EN: &str = "label_en";
    /// Point projection.
    pub const ESTIMATE: &str = "estimate";
    /// 95% confidence band (parameter uncertainty), lower end.
    pub const CI_LOW: &str = "ci_low";
    /// 95% confidence band, upper end.
    pub const CI_HIGH: &str = "ci_high";
    /// 95% prediction band (adds the year-to-year variance), lower end.
    pub const PI_LOW: &str = "pi_low";
    /// 95% prediction band, upper end.
    pub const PI_HIGH: &str = "pi_high";
    /// 80% confidence band, lower end.
    pub const CI80_LOW: &str = "ci80_low";
    /// 80% confidence band, upper end.
    pub const CI80_HIGH: &str = "ci80_high";
    /// 80% prediction band, lower end.
    pub const PI80_LOW: &str = "pi80_low";
    /// 80% prediction band, upper end.
    pub const PI80_HIGH: &str = "pi80_high";
    /// How year effects were carried.
    pub const YEAR_EFFECTS: &str = "year_effects";
    /// How the scenario's path was built.
    pub const METHOD: &str = "method";
    /// How the projection is anchored (the region's fitted level, or its last observation).
    pub const ANCHOR: &str = "anchor";
}
pub(crate) use project::{entity_key, region_name};
pub use scenario::{
    Label, MAX_HORIZON, Scenario, ScenarioSet, TptTarget, from_csv, from_toml, history,
};
pub use target::{Reachability, TargetAnswer, seek_target};
