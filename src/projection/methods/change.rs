//! First differences from the last observation: P0 moves by $\hat\beta_{FD}$ times the change
//! of TPT (`change`), with the FD intercept as a yearly drift (`change_drift`).

use std::sync::Arc;

use ndarray::Array1;

use super::{Forecast, Forecaster, Method, MethodInfo, Origin};
use crate::error::{Error, Result};
use crate::lang::Bilingual;
use crate::model::{Estimator, Fit, ModelSpec};
use crate::panel::Panel;
use crate::vcov::Vcov;

/// $y_{iT} + (x_{T+h} - x_{iT})'\hat\beta_{FD}$.
pub(super) const CHANGE: MethodInfo = MethodInfo {
    method: Method::Change,
    name: "change",
    label_id: "model perubahan (beda pertama)",
    label_en: "change model (first differences)",
    candidate: Some(1),
    uses_scenarios: true,
    fit: |_, spec, panel| Ok(Arc::new(Change::fit(spec, panel, false)?)),
};

/// $y_{iT} + h\hat\delta + (x_{T+h} - x_{iT})'\hat\beta_{FD}$.
pub(super) const CHANGE_DRIFT: MethodInfo = MethodInfo {
    method: Method::ChangeDrift,
    name: "change_drift",
    label_id: "model perubahan dengan drift tahunan",
    label_en: "change model with a yearly drift",
    candidate: Some(2),
    uses_scenarios: true,
    fit: |_, spec, panel| Ok(Arc::new(Change::fit(spec, panel, true)?)),
};

/// A first-difference fit (with or without an intercept, the drift).
#[derive(Debug)]
struct Change {
    fit: Fit,
    drift: bool,
}

impl Change {
    fn fit(spec: &ModelSpec, panel: &Panel, drift: bool) -> Result<Change> {
        let fit = ModelSpec::new(&crate::projection::project::fd_formula(spec))?
            .estimator(Estimator::FirstDifference)
            .fd_intercept(drift)
            .vcov(Vcov::cluster(panel.entity()))
            .sample(spec.from, spec.to)
            .fit_panel(panel)?;
        Ok(Change { fit, drift })
    }
}

impl Forecaster for Change {
    /// $\operatorname{se}^2_{fit} = z'Vz$ with $z = ([h,]\, x_f - x_{iT})$,
    /// $\operatorname{se}^2_{pred} = \operatorname{se}^2_{fit} + h\hat\sigma^2_{\Delta}$ (the
    /// disturbance a random walk).
    fn forecast(
        &self,
        at: &Origin,
        key: &str,
        year: i32,
        x: &[f64],
        _: &[f64],
    ) -> Result<Forecast> {
        let h = at.history(key)?;
        let (ty, yt) = at.last(key)?;
        let xt = h
            .x
            .iter()
            .rev()
            .find(|(y, _)| *y <= ty)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| Error::InvalidArgument {
                what: "region".into(),
                message: "no year with every regressor observed to start the change from".into(),
            })?;
        let steps = f64::from(year - ty);
        let level_terms = at.level.fit().terms();
        let z: Vec<f64> = self
            .fit
            .terms()
            .iter()
            .map(|t| {
                if t == crate::model::INTERCEPT {
                    return Ok(steps);
                }
                let j = level_terms.iter().position(|l| l == t);
                let k = at.regressors.iter().position(|l| l == t);
                match (j, k) {
                    (Some(j), Some(k)) => Ok(x[j] - xt[k]),
                    _ => Err(Error::Internal(format!("term {t} not in both models"))),
                }
            })
            .collect::<Result<_>>()?;
        let z = Array1::from(z);
        let var = z.dot(&self.fit.cov().dot(&z));
        Ok(Forecast {
            estimate: yt + z.dot(self.fit.coefs()),
            se_fit: Some(var.sqrt()),
            se_pred: Some((var + steps * self.fit.sigma2()).sqrt()),
            df: self.fit.df_t(),
        })
    }

    fn anchor(&self, at: &Origin, key: &str) -> Bilingual {
        if !self.drift {
            return at.starting_at_last(
                key,
                "; bergerak sebesar kemiringan model perubahan dikali perubahan TPT",
                "; moves by the change model's slope times the TPT change",
            );
        }
        let drift = self.fit.coef(crate::model::INTERCEPT).unwrap_or(0.0);
        at.starting_at_last(
            key,
            &format!("; model perubahan dengan drift {drift:+.3} per tahun"),
            &format!("; change model with a drift of {drift:+.3} a year"),
        )
    }
}
