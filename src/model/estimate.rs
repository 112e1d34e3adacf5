//! From a specification and a frame to a [`Fit`]: design → estimator transform → least squares →
//! fit statistics → covariance. Each step lives in its own file; this one only sequences them.

use std::sync::Arc;

use ndarray::Array1;
use polars::prelude::DataFrame;

use super::design;
use super::fe::{self, group_means, n_levels};
use super::fit::{Fit, FitCore};
use super::transform::{Transformed, transform};
use super::within::select_columns;
use super::{Estimator, ModelSpec};
use crate::error::{Error, Result};
use crate::linalg;

/// R² and friends.
struct Stats {
    rss: f64,
    r2: f64,
    adj_r2: f64,
    r2_within: Option<f64>,
    r2_between: Option<f64>,
    n_groups: Option<usize>,
}

/// What R² needs of the response, taken before the residuals overwrite it: the total sum of
/// squares (around the mean and around zero) and the entity means. For pooled and within fits
/// these come from the raw response (read before demeaning, so no copy of it is kept); for
/// random, first-difference and between fits from the transformed one.
struct Totals {
    tss_centered: f64,
    tss_raw: f64,
    /// Σ ỹ² of the transformed response (the within R²'s denominator).
    yy: f64,
    /// Mean of the response per entity (codes `0..n`), when the fit has entities.
    entity_means: Option<Vec<f64>>,
}

impl Totals {
    fn of(y: &[f64], entity: Option<&[u32]>) -> Totals {
        let m = y.iter().sum::<f64>() / y.len() as f64;
        let (tss_centered, tss_raw) = y
            .iter()
            .fold((0.0, 0.0), |(c, r), v| (c + (v - m).powi(2), r + v * v));
        Totals {
            tss_centered,
            tss_raw,
            yy: tss_raw,
            entity_means: entity.map(|e| group_means(y, e, n_levels(e))),
        }
    }
}

/// Squared correlation.
fn corr2(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma).powi(2);
        sbb += (y - mb).powi(2);
    }
    sab * sab / (saa * sbb)
}

fn stats(
    t: &Transformed,
    tot: &Totals,
    (resid, rss): (&[f64], f64),
    (k, fe_dof): (usize, usize),
    between: bool,
) -> Stats {
    let n = resid.len();
    let has_fe = !t.fe.ids.is_empty();
    let centered = t.has_intercept || has_fe;
    let tss = if centered {
        tot.tss_centered
    } else {
        tot.tss_raw
    };
    let r2 = 1.0 - rss / tss;
    let dof = (n - k - fe_dof) as f64;
    let adj_r2 = if centered {
        1.0 - (1.0 - r2) * (n as f64 - 1.0) / dof
    } else {
        1.0 - (1.0 - r2) * n as f64 / dof
    };
    let r2_within = has_fe.then(|| 1.0 - rss / tot.yy);
    // Between R²: squared correlation of the entity means of the response and of the fitted
    // values; the fitted means are the response's means less the residuals' means.
    let r2_between = match (&t.entity, &tot.entity_means) {
        _ if between => Some(r2),
        (Some(e), Some(obs)) => (obs.len() > 2).then(|| {
            let em = group_means(resid, e, obs.len());
            let fitted: Vec<f64> = obs.iter().zip(&em).map(|(a, b)| a - b).collect();
            corr2(obs, &fitted)
        }),
        _ => None,
    };
    let n_groups = t.entity.as_ref().map(|e| {
        let mut seen = vec![false; n_levels(e)];
        e.iter().for_each(|&g| seen[g as usize] = true);
        seen.iter().filter(|s| **s).count()
    });
    Stats {
        rss,
        r2,
        adj_r2,
        r2_within,
        r2_between,
        n_groups,
    }
}

/// Least squares on the transformed data; collinear columns dropped with a warning.
fn least_squares(t: &mut Transformed) -> Result<(Array1<f64>, ndarray::Array2<f64>)> {
    let (beta, bread, sel) = linalg::ols(t.x.view(), ndarray::ArrayView1::from(&t.y[..]), 1e-10);
    for &j in &sel.dropped {
        t.dropped.push(t.names[j].clone());
        t.warnings.push(format!(
            "{} dropped: collinear with the other regressors",
            t.names[j]
        ));
    }
    if sel.kept.is_empty() {
        return Err(Error::Estimation(format!(
            "all regressors are collinear ({})",
            t.names.join(", ")
        )));
    }
    if sel.kept.len() < t.x.ncols() {
        t.x = select_columns(&t.x, &sel.kept);
        t.names = sel.kept.iter().map(|&j| t.names[j].clone()).collect();
    }
    Ok((beta, bread))
}

pub(super) fn fit(spec: &ModelSpec, df: &DataFrame) -> Result<Fit> {
    let (estimator, fes) = spec.check()?;
    let opts = spec.design_options(estimator, &fes);
    let mut trace = crate::trace::Trace::new("fit");
    let mut d = design::build(&spec.formula, df, &opts)?;
    trace.phase("design");
    let mut n_singletons = 0;
    if spec.drop_singletons && !fes.is_empty() {
        (d, n_singletons) = fe::drop_singletons(d);
    }
    if estimator == Estimator::Within && fes.len() == 1 && d.fe.n_levels[0] < 2 && d.y.len() > 1 {
        return Err(Error::Estimation(format!(
            "fixed effect {} has a single level in the sample; it is the intercept",
            fes[0]
        )));
    }
    let n_missing = d.n_missing;
    // Pooled and within fits take R²'s totals from the raw response, before it is demeaned in
    // place; the other estimators from the transformed one.
    let on_raw = matches!(estimator, Estimator::Pooled | Estimator::Within);
    let raw_totals = on_raw.then(|| Totals::of(&d.y, d.entity.as_deref()));
    let mut t = transform(d, estimator, spec, &fes, opts.intercept)?;
    if n_singletons > 0 {
        t.warnings.insert(
            0,
            format!("{n_singletons} singleton fixed-effect observation(s) dropped"),
        );
    }
    if t.x.ncols() == 0 {
        let why = if t.dropped.is_empty() {
            String::new()
        } else {
            format!(" ({} dropped)", t.dropped.join(", "))
        };
        return Err(Error::Estimation(format!(
            "no regressor left to estimate{why}"
        )));
    }
    trace.phase("transform (demeaning)");
    let (beta, bread) = least_squares(&mut t)?;
    trace.phase("least squares");
    let totals = match raw_totals {
        Some(mut tot) => {
            tot.yy = t.y.iter().map(|v| v * v).sum();
            tot
        }
        None => Totals::of(&t.y, t.entity.as_deref()),
    };
    // e = y − Xβ, written over the transformed response (no copy, no fitted vector).
    let mut resid = std::mem::take(&mut t.y);
    let rss = linalg::residuals_in_place(t.x.view(), &beta, &mut resid);
    let (n, k, fe_dof) = (resid.len(), t.names.len(), fe::fe_dof(&t.fe));
    if n <= k + fe_dof {
        return Err(Error::Estimation(format!(
            "{n} observations for {} parameters ({k} coefficients + {fe_dof} fixed-effect levels): no residual degrees of freedom",
            k + fe_dof
        )));
    }
    let between = estimator == Estimator::Between;
    let s = stats(&t, &totals, (&resid, rss), (k, fe_dof), between);
    trace.phase("residuals and R²");
    let core = FitCore {
        spec: spec.clone(),
        estimator,
        names: t.names,
        beta,
        bread,
        xt: t.x,
        resid,
        nobs: n,
        n_groups: s.n_groups,
        fe_names: fes,
        fe: t.fe,
        fe_dof,
        has_intercept: t.has_intercept,
        dropped: t.dropped,
        warnings: t.warnings,
        n_missing,
        n_singletons,
        r2: s.r2,
        adj_r2: s.adj_r2,
        r2_within: s.r2_within,
        r2_between: s.r2_between,
        rss: s.rss,
        data: df.clone(),
        rows: t.rows,
        rows_list: std::sync::OnceLock::new(),
        entity: t.entity,
        time: t.time,
        re: t.re,
    };
    let out = Fit::with_core(Arc::new(core), spec.vcov.clone(), spec.ssc)?;
    trace.phase("covariance");
    Ok(out)
}
