//! What a fit reports: the coefficient table ([`Coefficient`], also the spatial fits') and the
//! whole summary `indikator fit --json` serialises ([`FitSummary`]).

use polars::prelude::*;

use super::Estimator;
use super::random::RandomEffects;
use crate::error::{PolarsContext, Result};
use crate::hypothesis::TestStat;
use crate::vcov::Ssc;

/// One row of the coefficient table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Coefficient {
    /// Term as written in the formula (whitespace removed); `(Intercept)`.
    pub term: String,
    /// Estimate.
    pub estimate: f64,
    /// Standard error.
    pub std_error: f64,
    /// t statistic.
    pub t: f64,
    /// Two-sided p-value from t(df_t).
    pub p_value: f64,
    /// Lower bound of the 95% confidence interval.
    pub ci_low: f64,
    /// Upper bound of the 95% confidence interval.
    pub ci_high: f64,
}

/// Coefficient rows as a frame: `term, estimate, std_error, t, p_value, ci_low, ci_high` (the
/// columns of [`Fit::coef_table`] and of a spatial fit's table).
///
/// # Errors
/// Only if polars fails to build the frame.
pub fn coefficient_frame(c: &[Coefficient]) -> Result<DataFrame> {
    let col = |n: &str, f: &dyn Fn(&Coefficient) -> f64| {
        Column::new(n.into(), c.iter().map(f).collect::<Vec<f64>>())
    };
    DataFrame::new(
        c.len(),
        vec![
            Column::new(
                "term".into(),
                c.iter().map(|r| r.term.clone()).collect::<Vec<_>>(),
            ),
            col("estimate", &|r| r.estimate),
            col("std_error", &|r| r.std_error),
            col("t", &|r| r.t),
            col("p_value", &|r| r.p_value),
            col("ci_low", &|r| r.ci_low),
            col("ci_high", &|r| r.ci_high),
        ],
    )
    .ctx("building the coefficient table")
}

/// Everything a fit reports, as serialised by `indikator fit --json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FitSummary {
    /// Coefficient table.
    pub coefficients: Vec<Coefficient>,
    /// Observations used.
    pub nobs: usize,
    /// Entities in the sample (when the frame has an entity column).
    pub n_groups: Option<usize>,
    /// Clusters (smallest, for two-way clustering).
    pub n_clusters: Option<usize>,
    /// Degrees of freedom of the t distribution.
    pub df_t: f64,
    /// R² of the full model (fixed effects included).
    pub r2: f64,
    /// Within R² (fixed-effects models).
    pub r2_within: Option<f64>,
    /// Between R²: squared correlation of entity means of fitted and observed values.
    pub r2_between: Option<f64>,
    /// Adjusted R² (all fixed-effect levels counted).
    pub adj_r2: f64,
    /// Root mean squared error, $\sqrt{e'e/N}$.
    pub rmse: f64,
    /// Wald F test that all slopes are zero, under the chosen covariance.
    pub f_stat: Option<TestStat>,
    /// Regressors dropped (collinear or absorbed by a fixed effect).
    pub dropped: Vec<String>,
    /// Warnings (drops, singletons).
    pub warnings: Vec<String>,
    /// Rows dropped for missing values.
    pub n_missing: usize,
    /// Singleton fixed-effect observations dropped.
    pub n_singletons: usize,
    /// Formula.
    pub formula: String,
    /// Estimator.
    pub estimator: Estimator,
    /// Covariance label.
    pub vcov: String,
    /// Small-sample convention.
    pub ssc: Ssc,
    /// Fixed effects absorbed and their numbers of levels.
    pub fixed_effects: Vec<(String, usize)>,
    /// Variance components and θ (random effects only).
    pub random_effects: Option<RandomEffects>,
}
