//! A fitted spatial model: coefficients (the spatial parameter as a term), likelihood,
//! impacts, diagnostics.

use ndarray::Array2;
use polars::prelude::*;

use super::Weights;
use super::impacts::Impact;
use super::spec::{SpatialEffects, SpatialModel, SpatialSpec};
use crate::error::Result;
use crate::hypothesis::{Dist, TestStat};
use crate::model::{Coefficient, coefficient_frame};

/// Spatial diagnostics of an OLS fit's residuals.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SpatialDiagnostics {
    /// Moran's I of the residuals (statistic: the z score; `moran_i` beside it).
    pub moran_residuals: TestStat,
    /// Moran's I of the residuals itself.
    pub moran_i: f64,
    /// LM-lag.
    pub lm_lag: TestStat,
    /// LM-error.
    pub lm_error: TestStat,
    /// Robust LM-lag.
    pub rlm_lag: TestStat,
    /// Robust LM-error.
    pub rlm_error: TestStat,
    /// LM-SARMA.
    pub lm_sarma: TestStat,
}

/// A fitted spatial model (immutable; [`SpatialFit::coefficients_frame`] for a frame).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SpatialFit {
    /// The model.
    pub model: SpatialModel,
    /// Fixed effects.
    pub effects: SpatialEffects,
    /// The formula.
    pub formula: String,
    /// Coefficients, the spatial parameter last: the keys of `fit --json`, `t` being a z
    /// statistic (normal p and interval) for the ML models and a t statistic with $N-k$ degrees
    /// of freedom for OLS.
    pub coefficients: Vec<Coefficient>,
    /// Log-likelihood (Gaussian, all constants included).
    pub log_likelihood: f64,
    /// Residual variance (ML: $e'e/N$; OLS: $e'e/(N-k)$ as spreg).
    pub sigma2: f64,
    /// Observations (regions × years).
    pub nobs: usize,
    /// Regions.
    pub n_regions: usize,
    /// First and last year.
    pub years: (i64, i64),
    /// Impacts (lag and Durbin models).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impacts: Option<Vec<Impact>>,
    /// Residual diagnostics (OLS).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<SpatialDiagnostics>,
}

impl SpatialFit {
    /// The coefficient of `term`, if the model has it.
    pub fn coef(&self, term: &str) -> Option<&Coefficient> {
        self.coefficients.iter().find(|c| c.term == term)
    }

    /// Columns `term, estimate, std_error, t, p_value, ci_low, ci_high` ([`coefficient_frame`];
    /// `t` is a z statistic for the ML models).
    ///
    /// # Errors
    /// Only if polars fails to build the frame.
    pub fn coefficients_frame(&self) -> Result<DataFrame> {
        coefficient_frame(&self.coefficients)
    }
}

fn coefs(names: &[String], est: &[f64], vcov: &Array2<f64>, dist: Dist) -> Vec<Coefficient> {
    let q = dist.critical_value(0.05);
    names
        .iter()
        .zip(est)
        .enumerate()
        .map(|(i, (term, &b))| {
            let se = vcov[[i, i]].sqrt();
            Coefficient {
                term: term.clone(),
                estimate: b,
                std_error: se,
                t: b / se,
                p_value: dist.p_value(b / se),
                ci_low: b - q * se,
                ci_high: b + q * se,
            }
        })
        .collect()
}

impl SpatialSpec {
    /// Fits the model on `frame` (columns `entity`, `time` and the formula's) over the regions of
    /// `w` and the years `from..=to` (`None`: the latest year every region has).
    ///
    /// # Errors
    /// A missing column or value (the panel must be balanced: nothing is filled); collinear
    /// regressors; fixed effects on one year.
    pub fn fit(
        &self,
        frame: &DataFrame,
        (entity, time): (&str, &str),
        w: &Weights,
        years: Option<(i64, i64)>,
    ) -> Result<SpatialFit> {
        let mut trace = crate::trace::Trace::new("spatial");
        let data = super::data::stack(frame, (entity, time), self, w, years)?;
        trace.phase("stack");
        if self.effects != SpatialEffects::Pooled && data.periods() < 2 {
            return Err(crate::error::Error::Estimation(
                "fixed effects need at least two years (--from/--to)".into(),
            ));
        }
        let d = super::ml::design(&data, w, self.model, self.effects);
        if d.y.len() <= d.x.ncols() + 1 {
            return Err(crate::error::Error::Estimation(format!(
                "{} observations for {} coefficients and a spatial parameter: more regions or years are needed",
                d.y.len(),
                d.x.ncols()
            )));
        }
        let (coefficients, log_likelihood, sigma2, impacts, diagnostics) = match self.model {
            SpatialModel::Ols => ols_fit(&d, w, self.effects)?,
            model => {
                let eig = w.eigenvalues()?;
                trace.phase("eigenvalues of W");
                let est = if model == SpatialModel::Sem {
                    super::ml::error(&d, w, &eig)?
                } else {
                    super::ml::lag(&d, w, &eig)?
                };
                trace.phase("maximum likelihood");
                let mut names = d.names.clone();
                names.push(model.parameter().unwrap_or("rho").to_string());
                let mut all = est.beta.to_vec();
                all.push(est.param);
                let impacts = est.filter.as_ref().map(|filter| {
                    super::impacts::impacts(
                        filter,
                        &all,
                        &est.vcov,
                        &impact_terms(&names, &data.names),
                    )
                });
                trace.phase("impacts");
                (
                    coefs(&names, &all, &est.vcov, Dist::Normal),
                    est.log_likelihood,
                    est.sigma2,
                    impacts,
                    None,
                )
            }
        };
        Ok(SpatialFit {
            model: self.model,
            effects: self.effects,
            formula: self.formula.input.clone(),
            coefficients,
            log_likelihood,
            sigma2,
            nobs: data.y.len(),
            n_regions: data.n,
            years: (data.years[0], data.years[data.years.len() - 1]),
            impacts,
            diagnostics,
        })
    }
}

impl SpatialSpec {
    /// Fits the model on a [`Panel`](crate::panel::Panel) with weights built over its regions:
    /// all of them, or with `drop_incomplete` those with every value in the years (the others
    /// returned in [`super::Regions::left_out`]).
    ///
    /// # Errors
    /// As [`SpatialSpec::fit`] and [`super::WeightsSpec::build`].
    pub fn fit_panel(
        &self,
        panel: &crate::panel::Panel,
        weights: &super::WeightsSpec,
        years: Option<(i64, i64)>,
        drop_incomplete: bool,
    ) -> Result<(SpatialFit, Weights, super::Regions)> {
        let cols = (panel.entity(), panel.time());
        let regions = super::regions_of(panel.frame(), cols, self, years, drop_incomplete)?;
        let w = weights.build(&regions.kept)?;
        let fit = self.fit(panel.frame(), cols, &w, years)?;
        Ok((fit, w, regions))
    }
}

impl std::fmt::Display for SpatialFit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let effects = match self.effects {
            SpatialEffects::Pooled => "no fixed effects",
            SpatialEffects::Region => "region fixed effects",
            SpatialEffects::RegionYear => "region and year fixed effects",
        };
        writeln!(
            f,
            "{} — {} ({} obs: {} regions, {}–{}; {effects})",
            self.model.name(),
            self.formula,
            self.nobs,
            self.n_regions,
            self.years.0,
            self.years.1
        )?;
        writeln!(
            f,
            "{:<28} {:>12} {:>12} {:>9} {:>10}",
            "term", "estimate", "std.error", "z/t", "p"
        )?;
        for c in &self.coefficients {
            writeln!(
                f,
                "{:<28} {:>12.6} {:>12.6} {:>9.3} {:>10.4}",
                c.term, c.estimate, c.std_error, c.t, c.p_value
            )?;
        }
        write!(
            f,
            "log-likelihood {:.4}, sigma2 {:.6}",
            self.log_likelihood, self.sigma2
        )?;
        for i in self.impacts.iter().flatten() {
            write!(
                f,
                "\nimpacts of {}: direct {:.4} (p {:.3}), indirect {:.4} (p {:.3}), total {:.4} (p {:.3})",
                i.term, i.direct, i.p_value[0], i.indirect, i.p_value[1], i.total, i.p_value[2]
            )?;
        }
        if let Some(d) = &self.diagnostics {
            write!(
                f,
                "\nMoran's I of the residuals {:.4} (z {:.3}, p {:.4})",
                d.moran_i, d.moran_residuals.statistic, d.moran_residuals.p_value
            )?;
            for t in [
                &d.lm_lag,
                &d.lm_error,
                &d.rlm_lag,
                &d.rlm_error,
                &d.lm_sarma,
            ] {
                write!(
                    f,
                    "\n{:<16} {:>10.4}  p {:.4}",
                    t.name, t.statistic, t.p_value
                )?;
            }
        }
        Ok(())
    }
}

/// Each regressor's position and, in a Durbin model, its `W_` lag's.
fn impact_terms(names: &[String], regressors: &[String]) -> Vec<(String, usize, Option<usize>)> {
    regressors
        .iter()
        .filter_map(|r| {
            let b = names.iter().position(|n| n == r)?;
            let t = names.iter().position(|n| *n == format!("W_{r}"));
            Some((r.clone(), b, t))
        })
        .collect()
}

type OlsParts = (
    Vec<Coefficient>,
    f64,
    f64,
    Option<Vec<Impact>>,
    Option<SpatialDiagnostics>,
);

fn ols_fit(d: &super::ml::Design, w: &Weights, effects: SpatialEffects) -> Result<OlsParts> {
    let (b, inv, sel) = crate::linalg::ols(d.x.view(), d.y.view(), 1e-12);
    if sel.kept.len() != d.x.ncols() {
        return Err(crate::error::Error::Estimation(
            "the regressors are collinear".into(),
        ));
    }
    let e = &d.y - &d.x.dot(&b);
    let big_n = d.y.len() as f64;
    let absorbed = match effects {
        SpatialEffects::Pooled => 0,
        SpatialEffects::Region => d.n,
        SpatialEffects::RegionYear => d.n + d.t - 1,
    };
    let dof = big_n - (d.x.ncols() + absorbed) as f64;
    let ssr = e.dot(&e);
    let sigma2 = ssr / dof;
    let ll = -0.5 * big_n * ((2.0 * std::f64::consts::PI).ln() + (ssr / big_n).ln() + 1.0);
    let lm = super::lm::stacked_lm_tests(&d.y, &d.x, w, effects)?;
    let chi = |name: &str, null: &str, (s, _): (f64, f64), df: f64| {
        TestStat::new(name, null, s, Dist::ChiSq { df })
    };
    let no_lag = "no spatial lag of the response";
    let no_err = "no spatial autocorrelation of the errors";
    let (mi, mz, _) = lm.moran_residuals;
    let diagnostics = SpatialDiagnostics {
        moran_residuals: TestStat::new("Moran's I of the residuals (z)", no_err, mz, Dist::Normal),
        moran_i: mi,
        lm_lag: chi("LM-lag", no_lag, lm.lm_lag, 1.0),
        lm_error: chi("LM-error", no_err, lm.lm_error, 1.0),
        rlm_lag: chi("robust LM-lag", no_lag, lm.rlm_lag, 1.0),
        rlm_error: chi("robust LM-error", no_err, lm.rlm_error, 1.0),
        lm_sarma: chi(
            "LM-SARMA",
            "neither a spatial lag nor spatially autocorrelated errors",
            lm.lm_sarma,
            2.0,
        ),
    };
    let coefficients = coefs(
        &d.names,
        b.as_slice().unwrap_or(&[]),
        &(inv * sigma2),
        Dist::T { df: dof },
    );
    Ok((coefficients, ll, sigma2, None, Some(diagnostics)))
}
