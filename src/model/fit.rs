//! The immutable fit: estimates, covariance, statistics and the buffers post-estimation needs.

use std::borrow::Cow;
use std::sync::Arc;

use ndarray::{Array1, Array2};
use polars::prelude::*;

use super::fe::{FixedEffect, FixedEffects};
use super::random::RandomEffects;
use super::{Estimator, ModelSpec, demean};
use crate::error::{Error, Result};
use crate::hypothesis::{Dist, TestStat};
use crate::linalg;
use crate::vcov::{self as vc, Ssc, Vcov};

use super::hac::hac_covariance;
pub use super::summary::{Coefficient, FitSummary, coefficient_frame};

/// What a fit estimated, shared between a fit and its re-covariances ([`Fit::with_vcov`] copies
/// none of it: at 10M rows the transformed design alone is 0.24 GB per regressor).
#[derive(Debug)]
pub(crate) struct FitCore {
    pub(crate) spec: ModelSpec,
    pub(crate) estimator: Estimator,
    pub(crate) names: Vec<String>,
    pub(crate) beta: Array1<f64>,
    pub(crate) bread: Array2<f64>,
    pub(crate) xt: Array2<f64>,
    pub(crate) resid: Vec<f64>,
    pub(crate) nobs: usize,
    pub(crate) n_groups: Option<usize>,
    pub(crate) fe_names: Vec<String>,
    pub(crate) fe: demean::Factors,
    pub(crate) fe_dof: usize,
    pub(crate) has_intercept: bool,
    pub(crate) dropped: Vec<String>,
    pub(crate) warnings: Vec<String>,
    pub(crate) n_missing: usize,
    pub(crate) n_singletons: usize,
    pub(crate) r2: f64,
    pub(crate) adj_r2: f64,
    pub(crate) r2_within: Option<f64>,
    pub(crate) r2_between: Option<f64>,
    pub(crate) rss: f64,
    pub(crate) data: DataFrame,
    pub(crate) rows: super::rows::Rows,
    /// [`Fit::rows`] as a list, made on first request when every row is used.
    pub(crate) rows_list: std::sync::OnceLock<Vec<usize>>,
    pub(crate) entity: Option<Vec<u32>>,
    pub(crate) time: Option<Vec<i64>>,
    pub(crate) re: Option<RandomEffects>,
}

/// A fitted model. Immutable; [`Fit::with_vcov`] returns a new fit with another covariance
/// (sharing the estimates and buffers, not copying them).
///
/// ```
/// # fn main() -> indikator::Result<()> {
/// use indikator::prelude::*;
/// let panel = datasets::jabar_panel()?;
/// let fit = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")?
///     .sample(Some(2015), Some(2025))
///     .fit_panel(&panel)?;
/// let clustered = fit.with_vcov(Vcov::cluster("region_code"), Ssc::Fixest)?;
/// assert_eq!(fit.coef("unemployment_rate"), clustered.coef("unemployment_rate"));
/// assert!(clustered.n_clusters() == Some(27));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Fit {
    core: Arc<FitCore>,
    vcov: Vcov,
    ssc: Ssc,
    cov: Array2<f64>,
    df_t: f64,
    n_clusters: Option<usize>,
    vcov_warnings: Vec<String>,
}

impl Fit {
    pub(crate) fn with_core(core: Arc<FitCore>, vcov: Vcov, ssc: Ssc) -> Result<Fit> {
        let clusters = vcov
            .cluster_columns()
            .iter()
            .map(|c| cluster_codes(&core, c))
            .collect::<Result<Vec<_>>>()?;
        let clusters: Vec<(&[u32], usize)> = clusters.iter().map(|(c, g)| (&c[..], *g)).collect();
        let factors: Vec<vc::FactorCodes> = core
            .fe
            .ids
            .iter()
            .zip(&core.fe.n_levels)
            .map(|(ids, &n_levels)| vc::FactorCodes { ids, n_levels })
            .collect();
        let input = vc::VcovInput {
            x: core.xt.view(),
            bread: &core.bread,
            resid: &core.resid,
            rss: core.rss,
            fixed_effects: &factors,
            fe_dof: core.fe_dof,
        };
        let c = match &vcov {
            Vcov::Hac { kind, maxlag } => hac_covariance(&core, *kind, *maxlag, ssc)?,
            _ => vc::covariance(&input, &vcov, ssc, &clusters)?,
        };
        Ok(Fit {
            core,
            vcov,
            ssc,
            cov: c.cov,
            df_t: c.df_t,
            n_clusters: c.n_clusters,
            vcov_warnings: c.warnings,
        })
    }

    /// The same fit with another covariance estimator and small-sample correction.
    ///
    /// # Errors
    /// A cluster column that is missing, has missing values in the sample, or fewer than two
    /// clusters.
    pub fn with_vcov(&self, vcov: Vcov, ssc: Ssc) -> Result<Fit> {
        Fit::with_core(self.core.clone(), vcov, ssc)
    }

    /// The same fit with another small-sample correction (the covariance estimator kept).
    pub fn with_ssc(&self, ssc: Ssc) -> Result<Fit> {
        self.with_vcov(self.vcov.clone(), ssc)
    }

    /// Term names.
    pub fn terms(&self) -> &[String] {
        &self.core.names
    }
    /// Position of a term, or an error naming the terms there are (with suggestions).
    pub fn term_index(&self, term: &str) -> Result<usize> {
        let names = &self.core.names;
        names
            .iter()
            .position(|n| n == term)
            .ok_or_else(|| Error::UnknownTerm {
                term: term.to_string(),
                available: names.clone(),
                suggestions: crate::error::closest(term, names.iter().map(String::as_str), 2),
            })
    }
    /// Coefficient estimates.
    pub fn coefs(&self) -> &Array1<f64> {
        &self.core.beta
    }
    /// Covariance matrix of the estimates.
    pub fn cov(&self) -> &Array2<f64> {
        &self.cov
    }
    /// The covariance estimator.
    pub fn vcov(&self) -> &Vcov {
        &self.vcov
    }
    /// The small-sample convention.
    pub fn ssc(&self) -> Ssc {
        self.ssc
    }
    /// Observations used.
    pub fn nobs(&self) -> usize {
        self.core.nobs
    }
    /// Entities in the sample (when the frame has an entity column).
    pub fn n_groups(&self) -> Option<usize> {
        self.core.n_groups
    }
    /// Clusters (the smaller number for two-way clustering).
    pub fn n_clusters(&self) -> Option<usize> {
        self.n_clusters
    }
    /// R² of the full model (fixed effects included).
    pub fn r2(&self) -> f64 {
        self.core.r2
    }
    /// Adjusted R² (all fixed-effect levels counted).
    pub fn adj_r2(&self) -> f64 {
        self.core.adj_r2
    }
    /// Within R² (fixed-effects models).
    pub fn r2_within(&self) -> Option<f64> {
        self.core.r2_within
    }
    /// Between R².
    pub fn r2_between(&self) -> Option<f64> {
        self.core.r2_between
    }
    /// Root mean squared error $\sqrt{e'e/N}$.
    pub fn rmse(&self) -> f64 {
        (self.core.rss / self.core.nobs as f64).sqrt()
    }
    /// Warnings (drops, singletons, covariance adjustments).
    pub fn warnings(&self) -> Vec<String> {
        let mut w = self.core.warnings.clone();
        w.extend(self.vcov_warnings.iter().cloned());
        w
    }
    /// Residuals (of the transformed model; equal to the full model's for within).
    pub fn residuals(&self) -> &[f64] {
        &self.core.resid
    }
    /// Degrees of freedom of the t distribution.
    pub fn df_t(&self) -> f64 {
        self.df_t
    }
    /// The estimate of one term.
    pub fn coef(&self, term: &str) -> Option<f64> {
        self.term_index(term).ok().map(|i| self.core.beta[i])
    }
    /// Standard error of one term.
    pub fn std_error(&self, term: &str) -> Option<f64> {
        self.term_index(term).ok().map(|i| self.cov[[i, i]].sqrt())
    }
    /// Two-sided p-value of one term from t(df_t).
    pub fn p_value(&self, term: &str) -> Option<f64> {
        let i = self.term_index(term).ok()?;
        Some(Dist::T { df: self.df_t }.p_value(self.core.beta[i] / self.cov[[i, i]].sqrt()))
    }

    /// The coefficient rows, with intervals at `level` (e.g. 0.95).
    pub fn coefficients(&self, level: f64) -> Vec<Coefficient> {
        let dist = Dist::T { df: self.df_t };
        let q = dist.critical_value(1.0 - level);
        self.core
            .names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let (b, se) = (self.core.beta[i], self.cov[[i, i]].sqrt());
                let t = b / se;
                Coefficient {
                    term: name.clone(),
                    estimate: b,
                    std_error: se,
                    t,
                    p_value: dist.p_value(t),
                    ci_low: b - q * se,
                    ci_high: b + q * se,
                }
            })
            .collect()
    }

    /// Coefficient table as a DataFrame: `term, estimate, std_error, t, p_value, ci_low, ci_high`
    /// (95% intervals from t(df_t)).
    pub fn coef_table(&self) -> Result<DataFrame> {
        self.conf_int(0.95)
    }

    /// The coefficient table with intervals at `level` (columns as [`Fit::coef_table`]).
    pub fn conf_int(&self, level: f64) -> Result<DataFrame> {
        coefficient_frame(&self.coefficients(level))
    }

    /// Wald test of $R\beta = r$: $W = (R\hat\beta - r)'(R V R')^{-1}(R\hat\beta - r)$, reported
    /// as $F = W/q \sim F(q, \text{df}_t)$ under the fit's covariance.
    pub fn wald(
        &self,
        r: &Array2<f64>,
        rhs: &Array1<f64>,
        name: &str,
        null: &str,
    ) -> Result<TestStat> {
        let beta = &self.core.beta;
        let q = r.nrows();
        if r.ncols() != beta.len() || rhs.len() != q || q == 0 {
            return Err(Error::InvalidArgument {
                what: "restriction".into(),
                message: format!(
                    "R must be q × {} and r of length q (got {}×{}, {})",
                    beta.len(),
                    r.nrows(),
                    r.ncols(),
                    rhs.len()
                ),
            });
        }
        let d = r.dot(beta) - rhs;
        let m = r.dot(&self.cov).dot(&r.t());
        let sel = linalg::chol_select(&m, 1e-12);
        if !sel.dropped.is_empty() {
            return Err(Error::NotApplicable {
                test: name.into(),
                reason: "the restrictions are linearly dependent under this covariance".into(),
            });
        }
        let w = d.dot(&linalg::chol_solve(&sel.l, &d));
        Ok(TestStat::new(
            name,
            null,
            w / q as f64,
            Dist::F {
                df1: q as f64,
                df2: self.df_t,
            },
        ))
    }

    /// Wald test that the named terms are all zero.
    pub fn wald_zero(&self, terms: &[&str]) -> Result<TestStat> {
        let mut r = Array2::<f64>::zeros((terms.len(), self.core.beta.len()));
        for (i, t) in terms.iter().enumerate() {
            r[[i, self.term_index(t)?]] = 1.0;
        }
        self.wald(
            &r,
            &Array1::zeros(terms.len()),
            "Wald test",
            &format!("{} = 0", terms.join(" = ")),
        )
    }

    /// Everything the fit reports, for JSON and tables (runs the Wald F test: for one number,
    /// use the accessors).
    pub fn summary(&self) -> FitSummary {
        let c = &self.core;
        let slopes: Vec<&str> = c
            .names
            .iter()
            .filter(|n| *n != super::INTERCEPT)
            .map(String::as_str)
            .collect();
        let f_stat = if slopes.is_empty() {
            None
        } else {
            self.wald_zero(&slopes).ok()
        };
        FitSummary {
            coefficients: self.coefficients(0.95),
            nobs: c.nobs,
            n_groups: c.n_groups,
            n_clusters: self.n_clusters,
            df_t: self.df_t,
            r2: c.r2,
            r2_within: c.r2_within,
            r2_between: c.r2_between,
            adj_r2: c.adj_r2,
            rmse: self.rmse(),
            f_stat,
            dropped: c.dropped.clone(),
            warnings: self.warnings(),
            n_missing: c.n_missing,
            n_singletons: c.n_singletons,
            formula: c.spec.formula.input.clone(),
            estimator: c.estimator,
            vcov: self.vcov.label(),
            ssc: self.ssc,
            fixed_effects: c
                .fe_names
                .iter()
                .cloned()
                .zip(c.fe.n_levels.iter().copied())
                .collect(),
            random_effects: c.re.clone(),
        }
    }

    /// The estimated fixed effects ($\hat\alpha_i$, and $\hat\gamma_t$ for two-way models),
    /// recovered from $y - X\hat\beta - e$ on the estimation rows; empty for models without
    /// absorbed effects. See [`FixedEffects`] for the normalisation.
    ///
    /// # Errors
    /// Only if the data the model was fitted on cannot be read again.
    pub fn fixed_effects(&self) -> Result<FixedEffects> {
        let c = &self.core;
        if c.fe.ids.is_empty() {
            return Ok(FixedEffects { factors: vec![] });
        }
        let raw = self.raw_residual_part()?;
        // D α = (y − Xβ) − e: exactly in the span of the dummies.
        let f: Vec<f64> = raw.iter().zip(&c.resid).map(|(a, e)| a - e).collect();
        let eff = super::fe::solve_effects(&f, &c.fe);
        let mut factors = Vec::new();
        for (k, name) in c.fe_names.iter().enumerate().take(c.fe.ids.len()) {
            let keys = crate::columns::strings(&c.data, name)?;
            let levels =
                super::fe::level_labels(&keys, self.rows(), &c.fe.ids[k], c.fe.n_levels[k]);
            factors.push(FixedEffect {
                name: name.clone(),
                levels,
                values: eff[k].clone(),
            });
        }
        Ok(FixedEffects { factors })
    }

    /// $y - X\hat\beta$ on the estimation rows, from the untransformed design.
    fn raw_residual_part(&self) -> Result<Vec<f64>> {
        let c = &self.core;
        let d = super::design::build(
            &c.spec.formula,
            &c.data,
            &c.spec.design_options(c.estimator, &c.fe_names),
        )?;
        let pos: std::collections::HashMap<usize, usize> =
            d.rows.iter().enumerate().map(|(i, r)| (r, i)).collect();
        let cols: Vec<usize> =
            c.names
                .iter()
                .map(|n| {
                    d.names.iter().position(|m| m == n).ok_or_else(|| {
                        Error::Internal(format!("term {n} not in the rebuilt design"))
                    })
                })
                .collect::<Result<_>>()?;
        c.rows
            .iter()
            .map(|r| {
                let i = *pos.get(&r).ok_or_else(|| {
                    Error::Internal("estimation row not in the rebuilt design".into())
                })?;
                let xb: f64 = cols
                    .iter()
                    .zip(&c.beta)
                    .map(|(&j, b)| d.x[[i, j]] * b)
                    .sum();
                Ok(d.y[i] - xb)
            })
            .collect()
    }

    /// Entity code (0-based, in order of first appearance) of each row used.
    pub fn entity_codes(&self) -> Option<&[u32]> {
        self.core.entity.as_deref()
    }
    /// Time value of each row used (the later period for first differences).
    pub fn times(&self) -> Option<&[i64]> {
        self.core.time.as_deref()
    }
    /// Variance components and θ of a random-effects fit.
    pub fn random_effects(&self) -> Option<&RandomEffects> {
        self.core.re.as_ref()
    }
    /// Sum of squared residuals.
    pub fn rss(&self) -> f64 {
        self.core.rss
    }
    /// The estimator used.
    pub fn estimator(&self) -> Estimator {
        self.core.estimator
    }
    /// Residual degrees of freedom N − k − (fixed-effect levels).
    pub fn df_resid(&self) -> f64 {
        (self.core.nobs - self.core.names.len() - self.core.fe_dof) as f64
    }
    /// The transformed regressors (within-demeaned, quasi-demeaned, differenced) of the kept terms.
    pub fn design(&self) -> &Array2<f64> {
        &self.core.xt
    }
    /// The transformed response $\tilde y = \tilde X\hat\beta + e$ of the estimation rows.
    pub fn transformed_response(&self) -> Vec<f64> {
        let mut y = ndarray::Array1::from(self.core.resid.clone());
        ndarray::linalg::general_mat_vec_mul(1.0, &self.core.xt, &self.core.beta, 1.0, &mut y);
        y.into_raw_vec_and_offset().0
    }
    /// `(X̃'X̃)⁻¹` of the kept terms.
    pub fn bread(&self) -> &Array2<f64> {
        &self.core.bread
    }

    /// Remove the fixed effects from a vector of the estimation rows (the within transform
    /// $M_D v$); identity for models without fixed effects.
    pub fn absorb(&self, v: &mut [f64]) {
        demean::demean(
            v,
            &self.core.fe,
            super::within::TOL,
            super::within::MAX_ITER,
        );
    }

    /// Whether every fixed effect is nested in the clusters coded by `ids`.
    pub fn fixed_effects_nested_in(&self, ids: &[u32]) -> bool {
        let fe = &self.core.fe;
        fe.ids
            .iter()
            .zip(&fe.n_levels)
            .all(|(f, &n_levels)| vc::nested_in(vc::FactorCodes { ids: f, n_levels }, ids))
    }

    /// Integer codes (0..G) of a cluster column for the rows used, and G.
    pub fn cluster_codes(&self, column: &str) -> Result<(Vec<u32>, usize)> {
        cluster_codes(&self.core, column).map(|(c, g)| (c.into_owned(), g))
    }

    /// Fixed effects absorbed (column names).
    pub fn fixed_effect_names(&self) -> &[String] {
        &self.core.fe_names
    }
    /// The frame the model was fitted on.
    pub fn data(&self) -> &DataFrame {
        &self.core.data
    }
    /// Rows of [`Fit::data`] used (for first differences: the later row of each pair; for
    /// between: one row per entity).
    pub fn rows(&self) -> &[usize] {
        let c = &self.core;
        c.rows
            .list()
            .unwrap_or_else(|| c.rows_list.get_or_init(|| c.rows.to_vec()))
    }
    /// Residual variance $e'e/(N-K)$, all fixed-effect levels counted.
    pub fn sigma2(&self) -> f64 {
        self.core.rss / self.df_resid()
    }
    /// Whether the model has an intercept.
    pub fn has_intercept(&self) -> bool {
        self.core.has_intercept
    }
    /// The specification the model was fitted from.
    pub fn spec(&self) -> &ModelSpec {
        &self.core.spec
    }
}

/// Integer codes (0..G) of a cluster column for the rows used, and G.
fn cluster_codes<'a>(core: &'a FitCore, column: &str) -> Result<(Cow<'a, [u32]>, usize)> {
    // Clustering by an absorbed fixed effect: its codes over the sample are already there.
    if let Some(k) = core.fe_names.iter().position(|f| f == column)
        && k < core.fe.ids.len()
    {
        return Ok((Cow::Borrowed(&core.fe.ids[k]), core.fe.n_levels[k]));
    }
    let (all, n) = crate::columns::key_codes(&core.data, column)?;
    if core.rows.iter().any(|r| all[r].is_none()) {
        return Err(Error::InvalidArgument {
            what: format!("cluster column {column:?}"),
            message: "has missing values in the estimation sample".into(),
        });
    }
    let (codes, g) = crate::columns::dense(core.rows.iter().map(|r| all[r].unwrap_or(0)), n);
    Ok((Cow::Owned(codes), g))
}
