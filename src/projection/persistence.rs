//! The persistence of a model's disturbances: the AR(1) coefficient that carries a region's last
//! residual into the projection ([`super::Anchor::LastResidual`]).

use std::collections::HashMap;

use crate::error::Result;
use crate::formula::Term;
use crate::model::{Estimator, ModelSpec};
use crate::panel::Panel;

/// AR(1) persistence of the model's disturbances, from the first-difference residuals (as
/// Wooldridge's test does: under $\varepsilon_{it} = \rho\varepsilon_{i,t-1} + u_{it}$,
/// $\operatorname{corr}(\Delta\varepsilon_t, \Delta\varepsilon_{t-1}) = -(1-\rho)/2$), so
/// $\hat\rho = 1 + 2\hat r$ with $\hat r$ the pooled AR(1) coefficient of the FD residuals. The
/// within residuals' own autocorrelation would be biased towards $-1/(T-1)$ on short panels
/// (Nickell), which anchors projections the wrong way.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Persistence {
    /// $\hat\rho$ (held within ±0.99).
    pub rho: f64,
    /// Its standard error $\sqrt{\hat\sigma^2_u / \sum e_{i,t-1}^2}$.
    pub se: f64,
    /// Pairs of consecutive residuals it is estimated from.
    pub pairs: usize,
    /// Variance of the AR(1) innovations, $\hat\sigma^2_u = \hat\sigma^2_{\Delta}(1+\hat\rho)/2$
    /// from the FD residual variance $\hat\sigma^2_\Delta = 2\sigma^2_u/(1+\rho)$.
    pub innovation_var: f64,
}

/// `y ~ x1 + x2` from a formula with fixed effects: what first differences estimate.
pub(crate) fn fd_formula(spec: &ModelSpec) -> String {
    let f = spec.formula();
    let rhs: Vec<String> = f.regressors.iter().map(Term::label).collect();
    format!("{} ~ {}", f.response.label(), rhs.join(" + "))
}

/// [`Persistence`] from the first-difference residuals of the model's regressors.
pub(crate) fn fd_persistence(spec: &ModelSpec, panel: &Panel) -> Result<Persistence> {
    let fd = ModelSpec::new(&fd_formula(spec))?
        .estimator(Estimator::FirstDifference)
        .sample(spec.from, spec.to)
        .fit_panel(panel)?;
    let keys: Vec<String> = fd
        .entity_codes()
        .unwrap_or(&[])
        .iter()
        .map(|c| c.to_string())
        .collect();
    let times: Vec<i32> = fd
        .times()
        .unwrap_or(&[])
        .iter()
        .map(|&t| t as i32)
        .collect();
    let r = persistence(&keys, &times, fd.residuals());
    if r.pairs < 3 {
        return Ok(r);
    }
    let rho = (1.0 + 2.0 * r.rho).clamp(-0.99, 0.99);
    Ok(Persistence {
        rho,
        se: 2.0 * r.se,
        pairs: r.pairs,
        innovation_var: fd.sigma2() * (1.0 + rho) / 2.0,
    })
}

/// Pooled AR(1) coefficient of residuals over consecutive years of the same region.
fn persistence(keys: &[String], times: &[i32], resid: &[f64]) -> Persistence {
    let at: HashMap<(&str, i32), f64> = keys
        .iter()
        .zip(times)
        .zip(resid)
        .map(|((k, &t), &e)| ((k.as_str(), t), e))
        .collect();
    let pairs: Vec<(f64, f64)> = keys
        .iter()
        .zip(times)
        .zip(resid)
        .filter_map(|((k, &t), &e)| at.get(&(k.as_str(), t - 1)).map(|&p| (p, e)))
        .collect();
    let sxx: f64 = pairs.iter().map(|(p, _)| p * p).sum();
    if pairs.len() < 3 || sxx <= 0.0 {
        return Persistence {
            rho: 0.0,
            se: 0.0,
            pairs: pairs.len(),
            innovation_var: 0.0,
        };
    }
    let rho = (pairs.iter().map(|(p, e)| p * e).sum::<f64>() / sxx).clamp(-0.99, 0.99);
    let su: f64 = pairs
        .iter()
        .map(|(p, e)| (e - rho * p).powi(2))
        .sum::<f64>()
        / (pairs.len() - 1) as f64;
    Persistence {
        rho,
        se: (su / sxx).sqrt(),
        pairs: pairs.len(),
        innovation_var: su,
    }
}
