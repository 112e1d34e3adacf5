//! A fit's Driscoll–Kraay and panel Newey–West covariances ([`crate::vcov::hac`]) from its
//! transformed design, residuals and panel structure.

use super::fit::{Fit, FitCore};
use ndarray::Array2;

use crate::error::Result;
use crate::vcov::{self as vc, Ssc};

/// A Driscoll–Kraay or Newey–West covariance of a fit's core, with a note when the panel has few
/// periods.
pub(super) fn hac_covariance(
    core: &FitCore,
    kind: crate::vcov::hac::Hac,
    maxlag: Option<usize>,
    ssc: Ssc,
) -> Result<vc::Covariance> {
    let (Some(ent), Some(time)) = (core.entity.as_deref(), core.time.as_deref()) else {
        return Err(crate::vcov::hac::no_panel());
    };
    let t = crate::vcov::hac::periods(time);
    let lag = maxlag.unwrap_or_else(|| crate::vcov::hac::default_maxlag(t));
    let hs = match ssc {
        Ssc::Plm => crate::vcov::hac::HacSsc::None,
        Ssc::Fixest => crate::vcov::hac::HacSsc::Fixest {
            fe_dof: core.fe_dof,
            periods: t,
        },
        Ssc::Full | Ssc::Linearmodels => crate::vcov::hac::HacSsc::Hc1,
    };
    let cov = crate::vcov::hac::hac_matrix(
        core.xt.view(),
        &core.resid,
        &core.bread,
        (ent, time),
        kind,
        lag,
        hs,
    );
    let n = core.resid.len();
    let mut warnings = Vec::new();
    if t < 20 {
        warnings.push(format!(
            "only {t} periods: Driscoll–Kraay / Newey–West standard errors rest on few periods and are imprecise (fixest warns below about 20)"
        ));
    }
    let df_t = match ssc {
        Ssc::Fixest => t.saturating_sub(1) as f64,
        _ => (n - core.names.len() - core.fe_dof) as f64,
    };
    Ok(vc::Covariance {
        cov,
        df_t,
        n_clusters: None,
        warnings,
    })
}

impl Fit {
    /// The Driscoll–Kraay or panel Newey–West covariance of the coefficients (see
    /// [`crate::vcov::hac`]), the matrix alone; as the fit's inference use
    /// `with_vcov(Vcov::Hac { .. })`.
    ///
    /// # Errors
    /// A fit without entity and time per row.
    pub fn hac_vcov(
        &self,
        kind: crate::vcov::hac::Hac,
        maxlag: usize,
        ssc: crate::vcov::hac::HacSsc,
    ) -> Result<Array2<f64>> {
        let (Some(ent), Some(time)) = (self.entity_codes(), self.times()) else {
            return Err(crate::vcov::hac::no_panel());
        };
        Ok(crate::vcov::hac::hac_matrix(
            self.design().view(),
            self.residuals(),
            self.bread(),
            (ent, time),
            kind,
            maxlag,
            ssc,
        ))
    }
}
