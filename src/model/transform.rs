//! The estimator transforms: each turns the [`Design`] into the data least squares runs on.
//!
//! | estimator | transform | file |
//! |---|---|---|
//! | pooled / within | $M_D y$, $M_D X$: fixed effects removed by alternating projections | `within.rs` |
//! | random | $y_{it} - \theta_i\bar y_i$ (Swamy–Arora θ) | `random.rs` |
//! | first difference | $y_{it} - y_{i,t-1}$ for consecutive rows of an entity | `first_difference.rs` |
//! | between | entity means $\bar y_i$, $\bar x_i$ | `between.rs` |
//!
//! A new estimator adds one file with a `transform(Design, …) -> Result<Transformed>` and one
//! arm in [`transform`].

use ndarray::Array2;

use super::demean::Factors;
use super::design::Design;
use super::random::RandomEffects;
use super::rows::Rows;
use super::{Estimator, ModelSpec};
use crate::error::Result;

/// The data least squares runs on, after an estimator's transform, with the bookkeeping the fit
/// keeps (rows, entity and time of each transformed row, the factors still to absorb).
#[derive(Debug, Clone)]
pub(crate) struct Transformed {
    /// Transformed response.
    pub y: Vec<f64>,
    /// Transformed regressors, column-major.
    pub x: Array2<f64>,
    /// Names of the columns of `x`.
    pub names: Vec<String>,
    /// Source-frame row of each transformed row.
    pub rows: Rows,
    /// Entity code of each transformed row.
    pub entity: Option<Vec<u32>>,
    /// Time of each transformed row.
    pub time: Option<Vec<i64>>,
    /// Fixed effects absorbed (empty for random, first differences and between).
    pub fe: Factors,
    /// Whether a column of `x` is the constant.
    pub has_intercept: bool,
    /// Whether R² is taken around the transformed response (random, FD, between) rather than
    /// the raw one (pooled, within).
    pub r2_on_transformed: bool,
    /// Variance components (random effects).
    pub re: Option<RandomEffects>,
    /// Regressors dropped by the transform (absorbed by a fixed effect).
    pub dropped: Vec<String>,
    /// Warnings of the transform.
    pub warnings: Vec<String>,
}

impl Transformed {
    /// The design as it is: nothing transformed yet (the start of every transform).
    pub(super) fn from_design(d: Design, has_intercept: bool) -> Transformed {
        Transformed {
            y: d.y,
            x: d.x,
            names: d.names,
            rows: d.rows,
            entity: d.entity,
            time: d.time,
            fe: d.fe,
            has_intercept,
            r2_on_transformed: false,
            re: None,
            dropped: vec![],
            warnings: vec![],
        }
    }
}

/// Apply `estimator`'s transform.
pub(super) fn transform(
    d: Design,
    estimator: Estimator,
    spec: &ModelSpec,
    fe_names: &[String],
    has_intercept: bool,
) -> Result<Transformed> {
    (estimator.info().transform)(d, spec, fe_names, has_intercept)
}
