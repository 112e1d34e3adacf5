//! Panel regression: a checked specification ([`ModelSpec`]) and an immutable fit ([`Fit`]).
//!
//! | estimator | model | use when |
//! |---|---|---|
//! | [`Estimator::Pooled`] (CEM) | $y_{it} = \alpha + x_{it}'\beta + \varepsilon_{it}$ | no region effects (test with Chow / F) |
//! | [`Estimator::Within`] (FEM) | $y_{it} = \alpha_i [+ \gamma_t] + x_{it}'\beta + \varepsilon_{it}$ | region traits correlated with $x$ |
//! | [`Estimator::Random`] (REM) | $y_{it} = \alpha + x_{it}'\beta + \mu_i + \nu_{it}$ | region effects uncorrelated with $x$ (Hausman) |
//! | [`Estimator::FirstDifference`] | $\Delta y_{it} = [\delta +] \Delta x_{it}'\beta + \Delta\varepsilon_{it}$ | strongly persistent errors |
//! | [`Estimator::Between`] | $\bar y_i = \alpha + \bar x_i'\beta + \bar\varepsilon_i$ | cross-region comparison |
//!
//! Fixed effects after `|` in the formula are absorbed by alternating projections (exact on
//! unbalanced panels). Rows with a missing value in any used column are dropped and counted;
//! collinear regressors, and regressors absorbed by a fixed effect, are dropped with a warning
//! that names them.
//!
//! ```
//! # fn main() -> indikator::Result<()> {
//! use indikator::model::ModelSpec;
//! use indikator::vcov::Vcov;
//! let panel = indikator::datasets::jabar_panel()?;
//! let fit = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code + year")?
//!     .vcov(Vcov::cluster(["region_code"]))
//!     .sample(Some(2015), Some(2025))
//!     .fit_panel(&panel)?;
//! assert_eq!(fit.nobs(), 270);
//! println!("{}", fit.coef_table()?);
//! # Ok(()) }
//! ```

mod between;
mod demean;
pub(crate) mod design;
mod estimate;
mod estimators;
mod fe;
mod first_difference;
mod fit;
mod hac;
mod random;
mod rows;
mod summary;
pub(crate) mod terms;
mod transform;
mod two_way;
mod within;

pub use demean::{Factors, demean};
pub(crate) use fe::n_levels;
pub use fe::{FixedEffect, FixedEffects};
pub use fit::{Coefficient, Fit, FitSummary, coefficient_frame};
pub use random::RandomEffects;

/// The name of the constant term in coefficient tables (as R and fixest print it).
pub const INTERCEPT: &str = "(Intercept)";

use polars::prelude::DataFrame;

use crate::error::{Error, Result};
use crate::formula::Formula;
use crate::panel::Panel;
use crate::vcov::{Ssc, Vcov};
pub use estimators::{Absorbs, ESTIMATORS, EstimatorInfo};

/// The estimator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Estimator {
    /// Pooled OLS (Common Effect Model, CEM); fixed effects in the formula are still absorbed.
    Pooled,
    /// Fixed effects within estimator (FEM); without `|` in the formula the entity is absorbed.
    Within,
    /// Random effects (REM), Swamy–Arora variance components.
    Random,
    /// First differences (plm convention: consecutive rows of an entity ordered by time).
    FirstDifference,
    /// Between estimator on entity means.
    Between,
}

impl Estimator {
    /// Parse `pooled`, `within`, `random`, `fd`, `between` (the same as [`str::parse`]).
    pub fn parse(s: &str) -> Result<Estimator> {
        s.parse()
    }

    /// Every estimator, in the order the docs list them.
    pub const ALL: [Estimator; 5] = [
        Estimator::Pooled,
        Estimator::Within,
        Estimator::Random,
        Estimator::FirstDifference,
        Estimator::Between,
    ];
}

/// A model specification: formula, estimator, panel columns, sample and covariance.
#[derive(Debug, Clone)]
pub struct ModelSpec {
    pub(crate) formula: Formula,
    pub(crate) estimator: Option<Estimator>,
    pub(crate) entity: Option<String>,
    pub(crate) time: Option<String>,
    pub(crate) vcov: Vcov,
    pub(crate) ssc: Ssc,
    pub(crate) from: Option<i64>,
    pub(crate) to: Option<i64>,
    pub(crate) drop_singletons: bool,
    pub(crate) fd_intercept: bool,
}

impl ModelSpec {
    /// A specification from a formula (see [`crate::formula`]). Defaults: pooled OLS without
    /// fixed effects / within with them, iid covariance, fixest small-sample correction,
    /// singletons kept.
    pub fn new(formula: &str) -> Result<ModelSpec> {
        Ok(ModelSpec {
            formula: Formula::parse(formula)?,
            estimator: None,
            entity: None,
            time: None,
            vcov: Vcov::Iid,
            ssc: Ssc::Fixest,
            from: None,
            to: None,
            drop_singletons: false,
            fd_intercept: true,
        })
    }
    /// Choose the estimator.
    pub fn estimator(mut self, e: Estimator) -> Self {
        self.estimator = Some(e);
        self
    }
    /// Entity and time columns (a [`Panel`] sets them for you).
    pub fn entity_time(mut self, entity: &str, time: &str) -> Self {
        self.entity = Some(entity.to_string());
        self.time = Some(time.to_string());
        self
    }
    /// The same as [`ModelSpec::entity_time`] (the earlier name).
    pub fn panel(self, entity: &str, time: &str) -> Self {
        self.entity_time(entity, time)
    }
    /// Covariance estimator.
    pub fn vcov(mut self, v: Vcov) -> Self {
        self.vcov = v;
        self
    }
    /// Small-sample correction.
    pub fn ssc(mut self, s: Ssc) -> Self {
        self.ssc = s;
        self
    }
    /// Estimation sample by time, applied after lags and differences are formed on the whole panel.
    pub fn sample(mut self, from: Option<i64>, to: Option<i64>) -> Self {
        self.from = from;
        self.to = to;
        self
    }
    /// Drop singleton fixed-effect levels (pyfixest's default; fixest, plm and linearmodels keep them).
    pub fn drop_singletons(mut self, yes: bool) -> Self {
        self.drop_singletons = yes;
        self
    }
    /// Intercept in first differences (plm: yes, the default; linearmodels: no).
    pub fn fd_intercept(mut self, yes: bool) -> Self {
        self.fd_intercept = yes;
        self
    }
    /// The formula.
    pub fn formula(&self) -> &Formula {
        &self.formula
    }

    /// The estimator that will be used (the one chosen, else within with fixed effects and
    /// pooled without).
    pub fn chosen_estimator(&self) -> Estimator {
        self.estimator
            .unwrap_or(if self.formula.fixed_effects.is_empty() {
                Estimator::Pooled
            } else {
                Estimator::Within
            })
    }

    /// Check that the estimator, the formula's fixed effects and the panel columns fit together,
    /// before any data is read. Returns the estimator and the fixed effects to absorb.
    ///
    /// # Errors
    /// `within` without fixed effects or an entity; `random`, `fd` or `between` with fixed
    /// effects after `|`, or without an entity column.
    pub fn check(&self) -> Result<(Estimator, Vec<String>)> {
        let estimator = self.chosen_estimator();
        let mut fes = self.formula.fixed_effects.clone();
        match estimator.info().absorbs {
            Absorbs::FormulaOrEntity if fes.is_empty() => {
                let e = self.entity.clone().ok_or_else(|| Error::InvalidArgument {
                    what: format!("estimator {}", estimator.name()),
                    message: "needs fixed effects after `|` in the formula or an entity column"
                        .into(),
                })?;
                fes.push(e);
            }
            Absorbs::Nothing if !fes.is_empty() => {
                return Err(Error::InvalidArgument {
                    what: "formula".into(),
                    message: format!("{estimator} takes no fixed effects after `|`"),
                });
            }
            Absorbs::Nothing if self.entity.is_none() => {
                return Err(Error::InvalidArgument {
                    what: format!("estimator {}", estimator.name()),
                    message: "needs an entity column and a time column".into(),
                });
            }
            _ => {}
        }
        Ok((estimator, fes))
    }

    /// How the design is built for this estimator and these fixed effects.
    pub(crate) fn design_options(
        &self,
        estimator: Estimator,
        fes: &[String],
    ) -> design::DesignOptions<'_> {
        design::DesignOptions {
            entity: self.entity.as_deref(),
            time: self.time.as_deref(),
            from: self.from,
            to: self.to,
            fixed_effects: fes.to_vec(),
            intercept: self.formula.intercept && fes.is_empty() && estimator.info().intercept,
            required: self
                .vcov
                .cluster_columns()
                .iter()
                .map(|c| c.to_string())
                .collect(),
        }
    }

    /// Fit on a panel (its entity and time columns are used unless set).
    pub fn fit_panel(&self, panel: &Panel) -> Result<Fit> {
        let mut s = self.clone();
        s.entity.get_or_insert_with(|| panel.entity().to_string());
        s.time.get_or_insert_with(|| panel.time().to_string());
        s.fit(panel.frame())
    }

    /// Fit on a frame (a cross-section needs no entity or time column).
    ///
    /// # Errors
    /// Unknown columns (with suggestions), no complete rows, non-finite values, nothing left to
    /// estimate after dropping collinear regressors, too few clusters.
    pub fn fit(&self, df: &DataFrame) -> Result<Fit> {
        estimate::fit(self, df)
    }
}
