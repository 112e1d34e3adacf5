//! Random effects (Swamy–Arora variance components, balanced and unbalanced panels).
//!
//! Model: $y_{it} = \alpha + x_{it}'\beta + \mu_i + \nu_{it}$ with $\mu_i \sim (0, \sigma^2_\mu)$
//! uncorrelated with $x$. Estimated by OLS on quasi-demeaned data
//! $y_{it} - \theta_i \bar y_i$, $\theta_i = 1 - \sqrt{\sigma^2_\nu / (T_i\sigma^2_\mu + \sigma^2_\nu)}$.
//!
//! Variance components (Swamy & Arora 1972; the unbalanced form of Baltagi & Chang 1994, as in
//! R plm `random.method = "swar"`), with $n$ entities, $N$ observations, $K$ coefficients
//! including the intercept and $Z$ the regressors with the constant:
//!
//! $$\hat\sigma^2_\nu = \frac{e_W'e_W}{N - n - (K-1)}, \qquad
//! \hat\sigma^2_\mu = \frac{e_B'e_B - (n-K)\hat\sigma^2_\nu}{N - \operatorname{tr}\big[(Z'PZ)^{-1} Z'Z_\mu Z_\mu' Z\big]}$$
//!
//! where $e_W$ are the within residuals, $e_B$ the residuals of the between regression in its
//! $N$-row form (each row replaced by its entity mean, $P$), and $Z_\mu$ the entity dummies. On a
//! balanced panel this is $\hat\sigma^2_\mu = e_b'e_b/(n-K) - \hat\sigma^2_\nu/T$. A negative
//! $\hat\sigma^2_\mu$ is set to zero (then RE = pooled OLS) with a warning.

use ndarray::{Array1, Array2};

use super::demean::{Factors, demean};
use super::design::Design;
use super::fe::group_means;
use super::transform::Transformed;
use crate::error::{Error, Result};
use crate::linalg;

/// Variance components and the quasi-demeaning weights of a random-effects fit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RandomEffects {
    /// Idiosyncratic variance $\sigma^2_\nu$.
    pub sigma2_idios: f64,
    /// Individual (entity) variance $\sigma^2_\mu$.
    pub sigma2_id: f64,
    /// Distinct values of $\theta_i$ (one on a balanced panel), ascending.
    pub theta: Vec<f64>,
    /// Share of the error variance due to the entity effect, $\sigma^2_\mu/(\sigma^2_\mu+\sigma^2_\nu)$.
    pub rho: f64,
}

/// Random effects as an estimator transform: the quasi-demeaned response and regressors.
pub(super) fn transform(d: Design, has_intercept: bool) -> Result<Transformed> {
    let ent = d.entity.clone().unwrap_or_default();
    let (y, x, comps, warn) = quasi_demean(&d.y, &d.x, &ent, has_intercept.then_some(0))?;
    let mut t = Transformed::from_design(d, has_intercept);
    t.y = y;
    t.x = x;
    t.re = Some(comps);
    t.warnings.extend(warn);
    t.r2_on_transformed = true;
    Ok(t)
}

/// Quasi-demeaned response and regressors, the components, and a warning if σ²μ was truncated.
pub(super) type QuasiDemeaned = (Vec<f64>, Array2<f64>, RandomEffects, Option<String>);

/// Quasi-demean `y` and `x` (whose column `intercept` — if any — is the constant) by entity.
/// Returns the transformed data, the components, and a warning if σ²μ was truncated at zero.
pub(super) fn quasi_demean(
    y: &[f64],
    x: &Array2<f64>,
    entity: &[u32],
    intercept: Option<usize>,
) -> Result<QuasiDemeaned> {
    let n_obs = y.len();
    let ne = super::fe::n_levels(entity);
    let mut counts = vec![0.0; ne];
    entity.iter().for_each(|&g| counts[g as usize] += 1.0);
    let f = Factors {
        ids: vec![entity.to_vec()],
        n_levels: vec![ne],
    };

    // Within regression on the slopes.
    let slopes: Vec<usize> = (0..x.ncols()).filter(|&j| Some(j) != intercept).collect();
    let mut yw = y.to_vec();
    demean(&mut yw, &f, 0.0, 1);
    let mut xw = Array2::<f64>::zeros((n_obs, slopes.len()));
    for (c, &j) in slopes.iter().enumerate() {
        let mut col = x.column(j).to_vec();
        demean(&mut col, &f, 0.0, 1);
        xw.column_mut(c).assign(&Array1::from(col));
    }
    let (bw, _, selw) = linalg::ols(xw.view(), Array1::from(yw.clone()).view(), 1e-10);
    let xw = xw.select(ndarray::Axis(1), &selw.kept);
    let ew = Array1::from(yw) - xw.dot(&bw);
    let ks = selw.kept.len() as f64;
    let df_w = n_obs as f64 - ne as f64 - ks;
    if df_w <= 0.0 || ne < 2 {
        return Err(Error::Estimation("random effects need more observations than entities plus slopes, and at least 2 entities".into()));
    }
    let s2_nu = ew.dot(&ew) / df_w;

    // Between regression in N-row form.
    let ybar = group_means(y, entity, ne);
    let py: Vec<f64> = entity.iter().map(|&g| ybar[g as usize]).collect();
    let mut pz = Array2::<f64>::zeros(x.raw_dim());
    let mut zbar = Array2::<f64>::zeros((ne, x.ncols()));
    for j in 0..x.ncols() {
        let m = group_means(&x.column(j).to_vec(), entity, ne);
        for (i, &g) in entity.iter().enumerate() {
            pz[[i, j]] = m[g as usize];
        }
        zbar.column_mut(j).assign(&Array1::from(m));
    }
    let (bb, _, selb) = linalg::ols(pz.view(), Array1::from(py.clone()).view(), 1e-10);
    let pzk = pz.select(ndarray::Axis(1), &selb.kept);
    let eb = Array1::from(py) - pzk.dot(&bb);
    let k = selb.kept.len();
    let zb = zbar.select(ndarray::Axis(1), &selb.kept);
    // Z'PZ = Σ T_i z̄ z̄', Z'Zμ Zμ'Z = Σ T_i² z̄ z̄'.
    let mut zpz = Array2::<f64>::zeros((k, k));
    let mut zzz = Array2::<f64>::zeros((k, k));
    for (i, row) in zb.outer_iter().enumerate() {
        let t = counts[i];
        for a in 0..k {
            for b in 0..k {
                zpz[[a, b]] += t * row[a] * row[b];
                zzz[[a, b]] += t * t * row[a] * row[b];
            }
        }
    }
    let sel = linalg::chol_select(&zpz, 1e-12);
    let inv = linalg::chol_inverse(&sel.l);
    let zzz_k = zzz
        .select(ndarray::Axis(0), &sel.kept)
        .select(ndarray::Axis(1), &sel.kept);
    let tr = inv.dot(&zzz_k).diag().sum();
    let denom = n_obs as f64 - tr;
    let mut s2_mu = (eb.dot(&eb) - (ne as f64 - k as f64) * s2_nu) / denom;
    let mut warning = None;
    if s2_mu.is_nan() || s2_mu <= 0.0 {
        warning = Some(format!(
            "estimated entity variance σ²μ = {s2_mu:.4} ≤ 0 set to 0: random effects reduce to pooled OLS"
        ));
        s2_mu = 0.0;
    }
    let theta_e: Vec<f64> = counts
        .iter()
        .map(|&t| 1.0 - (s2_nu / (t * s2_mu + s2_nu)).sqrt())
        .collect();
    let ys: Vec<f64> = y
        .iter()
        .zip(entity)
        .map(|(v, &g)| v - theta_e[g as usize] * ybar[g as usize])
        .collect();
    let mut xs = x.clone();
    for j in 0..x.ncols() {
        let m = zbar.column(j);
        for (i, &g) in entity.iter().enumerate() {
            xs[[i, j]] -= theta_e[g as usize] * m[g as usize];
        }
    }
    let mut theta = theta_e.clone();
    theta.sort_by(f64::total_cmp);
    theta.dedup_by(|a, b| (*a - *b).abs() < 1e-12);
    let re = RandomEffects {
        sigma2_idios: s2_nu,
        sigma2_id: s2_mu,
        theta,
        rho: s2_mu / (s2_mu + s2_nu),
    };
    Ok((ys, xs, re, warning))
}
