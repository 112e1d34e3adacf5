//! Fitting and the immutable fit.

use ndarray::{Array1, Array2, ShapeBuilder};
use polars::prelude::*;

use super::design::{self, Design, DesignOptions};
use super::random::{self, RandomEffects};
use super::{Estimator, ModelSpec, demean};
use crate::error::{Error, PolarsContext, Result};
use crate::hypothesis::{Dist, TestStat};
use crate::linalg;
use crate::vcov::{self as vc, Hc, Ssc, Vcov};

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

/// A fitted model. Immutable; [`Fit::with_vcov`] returns a new fit with another covariance.
#[derive(Debug, Clone)]
pub struct Fit {
    formula: String,
    estimator: Estimator,
    vcov: Vcov,
    ssc: Ssc,
    names: Vec<String>,
    beta: Array1<f64>,
    bread: Array2<f64>,
    xt: Array2<f64>,
    resid: Vec<f64>,
    cov: Array2<f64>,
    df_t: f64,
    n_clusters: Option<usize>,
    nobs: usize,
    n_groups: Option<usize>,
    fe_names: Vec<String>,
    fe: demean::Factors,
    fe_dof: usize,
    has_intercept: bool,
    dropped: Vec<String>,
    warnings: Vec<String>,
    n_missing: usize,
    n_singletons: usize,
    r2: f64,
    adj_r2: f64,
    r2_within: Option<f64>,
    r2_between: Option<f64>,
    rss: f64,
    data: DataFrame,
    rows: Vec<usize>,
    entity: Option<Vec<u32>>,
    time: Option<Vec<i64>>,
    re: Option<RandomEffects>,
}

/// Degrees of freedom absorbed by fixed effects: levels for one factor, E + T − (connected
/// components) for two, Σ levels − (#factors − 1) beyond.
fn fe_dof(f: &demean::Factors) -> usize {
    match f.ids.len() {
        0 => 0,
        1 => f.n_levels[0],
        2 if demean::is_balanced_two_way(f) => f.n_levels[0] + f.n_levels[1] - 1,
        2 => {
            let (a, b) = (f.n_levels[0], f.n_levels[1]);
            let mut parent: Vec<usize> = (0..a + b).collect();
            fn find(p: &mut [usize], mut i: usize) -> usize {
                while p[i] != i {
                    p[i] = p[p[i]];
                    i = p[i];
                }
                i
            }
            for (&x, &y) in f.ids[0].iter().zip(&f.ids[1]) {
                let (rx, ry) = (
                    find(&mut parent, x as usize),
                    find(&mut parent, a + y as usize),
                );
                if rx != ry {
                    parent[rx] = ry;
                }
            }
            let comps = (0..a + b).filter(|&i| find(&mut parent, i) == i).count();
            a + b - comps
        }
        n => f.n_levels.iter().sum::<usize>() + 1 - n,
    }
}

fn drop_singletons(d: Design) -> (Design, usize) {
    let mut d = d;
    let mut total = 0;
    loop {
        let n = d.y.len();
        let mut keep = vec![true; n];
        for (ids, &nl) in d.fe.ids.iter().zip(&d.fe.n_levels) {
            let mut cnt = vec![0usize; nl];
            ids.iter().for_each(|&g| cnt[g as usize] += 1);
            for (i, &g) in ids.iter().enumerate() {
                if cnt[g as usize] == 1 {
                    keep[i] = false;
                }
            }
        }
        let idx: Vec<usize> = (0..n).filter(|&i| keep[i]).collect();
        if idx.len() == n {
            return (d, total);
        }
        total += n - idx.len();
        d = d.subset(&idx);
    }
}

static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Phase timings of a fit on stderr when `INDIKATOR_TRACE` is set (where the time goes).
struct Trace {
    on: bool,
    t: std::time::Instant,
}

impl Trace {
    fn new() -> Trace {
        Trace {
            on: *TRACE.get_or_init(|| std::env::var_os("INDIKATOR_TRACE").is_some()),
            t: std::time::Instant::now(),
        }
    }
    fn phase(&mut self, name: &str) {
        if self.on {
            eprintln!(
                "fit: {name}: {:.1} ms",
                self.t.elapsed().as_secs_f64() * 1e3
            );
            self.t = std::time::Instant::now();
        }
    }
}

/// The chosen columns of a design, column-major.
fn select_columns(x: &Array2<f64>, keep: &[usize]) -> Array2<f64> {
    let mut out = Array2::<f64>::zeros((x.nrows(), keep.len()).f());
    for (k, &j) in keep.iter().enumerate() {
        out.column_mut(k).assign(&x.column(j));
    }
    out
}

fn group_means(vals: &[f64], ids: &[u32], n: usize) -> Vec<f64> {
    let mut s = vec![0.0; n];
    let mut c = vec![0.0; n];
    for (v, &g) in vals.iter().zip(ids) {
        s[g as usize] += v;
        c[g as usize] += 1.0;
    }
    s.iter().zip(&c).map(|(a, b)| a / b).collect()
}

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

pub(super) fn fit(spec: &ModelSpec, df: &DataFrame) -> Result<Fit> {
    let f = &spec.formula;
    let estimator = spec.estimator.unwrap_or(if f.fixed_effects.is_empty() {
        Estimator::Pooled
    } else {
        Estimator::Within
    });
    let mut fes = f.fixed_effects.clone();
    match estimator {
        Estimator::Within if fes.is_empty() => {
            let e = spec.entity.clone().ok_or_else(|| Error::InvalidArgument {
                what: "estimator within".into(),
                message:
                    "needs fixed effects after `|` in the formula or an entity column (--entity)"
                        .into(),
            })?;
            fes.push(e);
        }
        Estimator::FirstDifference | Estimator::Between | Estimator::Random if !fes.is_empty() => {
            return Err(Error::InvalidArgument {
                what: "formula".into(),
                message: format!("{estimator:?} takes no fixed effects after `|`"),
            });
        }
        Estimator::FirstDifference | Estimator::Between | Estimator::Random
            if spec.entity.is_none() =>
        {
            return Err(Error::InvalidArgument {
                what: format!("estimator {estimator:?}"),
                message: "needs an entity column (--entity) and a time column (--time)".into(),
            });
        }
        _ => {}
    }
    let clusters = match &spec.vcov {
        Vcov::Cluster(c) => c.clone(),
        _ => vec![],
    };
    let opts = DesignOptions {
        entity: spec.entity.as_deref(),
        time: spec.time.as_deref(),
        from: spec.from,
        to: spec.to,
        fixed_effects: fes.clone(),
        intercept: f.intercept && fes.is_empty() && estimator != Estimator::FirstDifference,
        required: clusters.clone(),
    };
    let mut trace = Trace::new();
    let mut d = design::build(f, df, &opts)?;
    trace.phase("design");
    let mut warnings = Vec::new();
    let mut n_singletons = 0;
    if spec.drop_singletons && !fes.is_empty() {
        let (nd, n) = drop_singletons(d);
        d = nd;
        n_singletons = n;
        if n > 0 {
            warnings.push(format!("{n} singleton fixed-effect observation(s) dropped"));
        }
    }
    for (name, &nl) in fes.iter().zip(&d.fe.n_levels) {
        if nl < 2 && d.y.len() > 1 && fes.len() == 1 && estimator == Estimator::Within {
            return Err(Error::Estimation(format!(
                "fixed effect {name} has a single level in the sample; it is the intercept"
            )));
        }
    }

    // Transform (the design is moved, not copied: a fit on 10M rows holds one copy of X).
    let mut y = d.y.clone();
    let mut x = std::mem::take(&mut d.x);
    if x.is_standard_layout() && x.ncols() > 1 {
        // Column-major, so that every column is one contiguous buffer to demean in place.
        let mut f = Array2::<f64>::zeros(x.raw_dim().f());
        f.assign(&x);
        x = f;
    }
    let mut names = d.names.clone();
    let mut rows = std::mem::take(&mut d.rows);
    let mut entity = d.entity.clone();
    let mut time = d.time.clone();
    let mut fe = d.fe.clone();
    let mut has_intercept = opts.intercept;
    let mut dropped = Vec::new();
    let mut y_tss_base: Option<Vec<f64>> = None;
    let mut re: Option<RandomEffects> = None;
    match estimator {
        Estimator::Pooled | Estimator::Within => {
            if !fe.ids.is_empty() {
                let tol = 1e-13;
                let n = y.len();
                let raw: Vec<f64> = x
                    .columns()
                    .into_iter()
                    .map(|c| c.iter().map(|v| v * v).sum())
                    .collect();
                {
                    let xs = x.as_slice_memory_order_mut().ok_or_else(|| {
                        Error::Estimation("internal: design is not contiguous".into())
                    })?;
                    let mut cols: Vec<&mut [f64]> = vec![y.as_mut_slice()];
                    cols.extend(xs.chunks_mut(n));
                    demean::demean_columns(cols, &fe, tol, 100_000);
                }
                let mut keep = Vec::new();
                for (j, name) in names.iter().enumerate() {
                    let dm: f64 = x.column(j).iter().map(|v| v * v).sum();
                    if dm <= 1e-10 * raw[j].max(1e-300) {
                        dropped.push(name.clone());
                        warnings.push(format!(
                            "{name} dropped: absorbed by the fixed effects ({})",
                            fes.join(", ")
                        ));
                    } else {
                        keep.push(j);
                    }
                }
                if keep.len() < names.len() {
                    x = select_columns(&x, &keep);
                    names = keep.iter().map(|&j| names[j].clone()).collect();
                }
            }
        }
        Estimator::FirstDifference => {
            let (ent, tm) = (
                d.entity.clone().unwrap_or_default(),
                d.time.clone().unwrap_or_default(),
            );
            let mut order: Vec<usize> = (0..y.len()).collect();
            order.sort_by_key(|&i| (ent[i], tm[i]));
            let mut pairs = Vec::new();
            for w in order.windows(2) {
                if ent[w[0]] == ent[w[1]] {
                    pairs.push((w[0], w[1]));
                }
            }
            if pairs.is_empty() {
                return Err(Error::Estimation(
                    "no entity has two periods; first differences need at least two".into(),
                ));
            }
            let with_c = spec.fd_intercept && f.intercept;
            let p = x.ncols() + usize::from(with_c);
            let mut nx = Array2::<f64>::zeros((pairs.len(), p));
            let mut ny = Vec::with_capacity(pairs.len());
            for (r, &(a, b)) in pairs.iter().enumerate() {
                ny.push(y[b] - y[a]);
                if with_c {
                    nx[[r, 0]] = 1.0;
                }
                for j in 0..x.ncols() {
                    nx[[r, j + usize::from(with_c)]] = x[[b, j]] - x[[a, j]];
                }
            }
            if with_c {
                names.insert(0, "(Intercept)".into());
            }
            has_intercept = with_c;
            y = ny;
            x = nx;
            rows = pairs.iter().map(|&(_, b)| rows[b]).collect();
            entity = Some(pairs.iter().map(|&(_, b)| ent[b]).collect());
            time = Some(pairs.iter().map(|&(_, b)| tm[b]).collect());
            y_tss_base = Some(y.clone());
        }
        Estimator::Random => {
            let ent = d.entity.clone().unwrap_or_default();
            let (ys, xs, comps, warn) =
                random::quasi_demean(&y, &x, &ent, has_intercept.then_some(0))?;
            y = ys;
            x = xs;
            re = Some(comps);
            warnings.extend(warn);
            y_tss_base = Some(y.clone());
        }
        Estimator::Between => {
            let ent = d.entity.clone().unwrap_or_default();
            let ne = ent.iter().copied().max().map_or(0, |m| m as usize + 1);
            y = group_means(&y, &ent, ne);
            let mut nx = Array2::<f64>::zeros((ne, x.ncols()));
            for j in 0..x.ncols() {
                let m = group_means(&x.column(j).to_vec(), &ent, ne);
                nx.column_mut(j).assign(&Array1::from(m));
            }
            x = nx;
            let mut first = vec![usize::MAX; ne];
            for (i, &g) in ent.iter().enumerate() {
                if first[g as usize] == usize::MAX {
                    first[g as usize] = rows[i];
                }
            }
            rows = first;
            entity = Some((0..ne as u32).collect());
            time = None;
            fe = demean::Factors {
                ids: vec![],
                n_levels: vec![],
            };
            y_tss_base = Some(y.clone());
        }
    }
    if x.ncols() == 0 {
        return Err(Error::Estimation(format!(
            "no regressor left to estimate{}",
            if dropped.is_empty() {
                String::new()
            } else {
                format!(" ({} dropped)", dropped.join(", "))
            }
        )));
    }
    trace.phase("transform (demeaning)");
    let (beta, bread, sel) = linalg::ols(x.view(), ndarray::ArrayView1::from(&y[..]), 1e-10);
    trace.phase("least squares");
    for &j in &sel.dropped {
        dropped.push(names[j].clone());
        warnings.push(format!(
            "{} dropped: collinear with the other regressors",
            names[j]
        ));
    }
    if sel.kept.is_empty() {
        return Err(Error::Estimation(format!(
            "all regressors are collinear ({})",
            names.join(", ")
        )));
    }
    let x = if sel.kept.len() < x.ncols() {
        select_columns(&x, &sel.kept)
    } else {
        x
    };
    let names: Vec<String> = sel.kept.iter().map(|&j| names[j].clone()).collect();
    // e = y − Xβ in one buffer (no separate fitted vector).
    let mut resid = Array1::from(y.clone());
    ndarray::linalg::general_mat_vec_mul(-1.0, &x, &beta, 1.0, &mut resid);
    let resid: Vec<f64> = resid.into_raw_vec_and_offset().0;
    let n = y.len();
    let k = names.len();
    let fe_dof = fe_dof(&fe);
    if n <= k + fe_dof {
        return Err(Error::Estimation(format!(
            "{n} observations for {} parameters ({k} coefficients + {fe_dof} fixed-effect levels): no residual degrees of freedom",
            k + fe_dof
        )));
    }
    let rss: f64 = resid.iter().map(|e| e * e).sum();
    let centered = has_intercept || !fe.ids.is_empty();
    let tss = {
        let base = y_tss_base.as_deref().unwrap_or(&d.y);
        if centered {
            let m = base.iter().sum::<f64>() / n as f64;
            base.iter().map(|v| (v - m).powi(2)).sum::<f64>()
        } else {
            base.iter().map(|v| v * v).sum::<f64>()
        }
    };
    // For FE models y was demeaned in place: the full-model TSS is around the raw mean.
    let tss = if !fe.ids.is_empty() {
        let m = d.y.iter().sum::<f64>() / d.y.len() as f64;
        d.y.iter().map(|v| (v - m).powi(2)).sum::<f64>()
    } else {
        tss
    };
    let r2 = 1.0 - rss / tss;
    let k_all = k + fe_dof;
    let adj_r2 = if centered {
        1.0 - (1.0 - r2) * (n as f64 - 1.0) / (n - k_all) as f64
    } else {
        1.0 - (1.0 - r2) * n as f64 / (n - k_all) as f64
    };
    let r2_within = (!fe.ids.is_empty()).then(|| 1.0 - rss / y.iter().map(|v| v * v).sum::<f64>());
    let r2_between = match (&entity, estimator) {
        (_, Estimator::Between) => Some(r2),
        (Some(e), _) => {
            let ne = e.iter().copied().max().map_or(0, |m| m as usize + 1);
            let obs: Vec<f64> = if fe.ids.is_empty() {
                y.clone()
            } else {
                d.y.clone()
            };
            let fit_full: Vec<f64> = obs.iter().zip(&resid).map(|(a, b)| a - b).collect();
            (ne > 2).then(|| corr2(&group_means(&obs, e, ne), &group_means(&fit_full, e, ne)))
        }
        _ => None,
    };
    let n_groups = entity.as_ref().map(|e| {
        let mut seen = vec![false; e.iter().copied().max().map_or(0, |m| m as usize + 1)];
        e.iter().for_each(|&g| seen[g as usize] = true);
        seen.iter().filter(|s| **s).count()
    });
    trace.phase("residuals and R²");
    let mut out = Fit {
        formula: f.input.clone(),
        estimator,
        vcov: Vcov::Iid,
        ssc: spec.ssc,
        names,
        beta,
        bread,
        xt: x,
        resid,
        cov: Array2::zeros((0, 0)),
        df_t: 0.0,
        n_clusters: None,
        nobs: n,
        n_groups,
        fe_names: fes,
        fe,
        fe_dof,
        has_intercept,
        dropped,
        warnings,
        n_missing: d.n_missing,
        n_singletons,
        r2,
        adj_r2,
        r2_within,
        r2_between,
        rss,
        data: df.clone(),
        rows,
        entity,
        time,
        re,
    };
    out.compute_vcov(spec.vcov.clone(), spec.ssc)?;
    trace.phase("covariance");
    Ok(out)
}

impl Fit {
    fn compute_vcov(&mut self, vcov: Vcov, ssc: Ssc) -> Result<()> {
        let n = self.nobs as f64;
        let k = self.names.len() as f64;
        let k_all = k + self.fe_dof as f64;
        let df_resid = n - k_all;
        let (cov, df_t, n_clusters) = match &vcov {
            Vcov::Iid => {
                let s2 = self.rss / df_resid;
                (&self.bread * s2, df_resid, None)
            }
            Vcov::Hetero(hc) => {
                let w: Option<Vec<f64>> = match hc {
                    Hc::Hc2 | Hc::Hc3 => {
                        let h = vc::leverage(self.xt.view(), &self.bread);
                        let pow = if *hc == Hc::Hc2 { 1 } else { 2 };
                        Some(h.iter().map(|h| 1.0 / (1.0 - h).powi(pow)).collect())
                    }
                    _ => None,
                };
                let meat = vc::meat_hetero(self.xt.view(), &self.resid, w.as_deref());
                let scale = match (hc, ssc) {
                    (Hc::Hc1, Ssc::None) => n / (n - k),
                    (Hc::Hc1, _) => n / df_resid,
                    _ => 1.0,
                };
                (vc::sandwich(&self.bread, &meat) * scale, df_resid, None)
            }
            Vcov::Cluster(cols) => {
                let mut codes = Vec::new();
                for c in cols {
                    let (cd, g) = self.cluster_codes(c)?;
                    if g < 2 {
                        return Err(Error::TooFewClusters {
                            by: c.clone(),
                            n: g,
                        });
                    }
                    codes.push((cd, g));
                }
                let mut meat =
                    vc::meat_cluster(self.xt.view(), &self.resid, &codes[0].0, codes[0].1);
                if codes.len() == 2 {
                    meat = meat
                        + vc::meat_cluster(self.xt.view(), &self.resid, &codes[1].0, codes[1].1);
                    let g2 = codes[1].1 as u64;
                    let (ci, gi) = {
                        let mut map = std::collections::HashMap::new();
                        let v: Vec<u32> = codes[0]
                            .0
                            .iter()
                            .zip(&codes[1].0)
                            .map(|(&a, &b)| {
                                let n = map.len() as u32;
                                *map.entry(a as u64 * g2 + b as u64).or_insert(n)
                            })
                            .collect();
                        (v, map.len())
                    };
                    meat = meat - vc::meat_cluster(self.xt.view(), &self.resid, &ci, gi);
                }
                let g = codes.iter().map(|c| c.1).min().unwrap_or(0) as f64;
                // Fixed effects nested in a cluster variable.
                let nested: Vec<bool> = self
                    .fe
                    .ids
                    .iter()
                    .zip(&self.fe.n_levels)
                    .map(|(ids, &nl)| {
                        codes.iter().any(|(cl, _)| {
                            let mut owner = vec![u32::MAX; nl];
                            ids.iter().zip(cl).all(|(&f, &c)| {
                                let o = &mut owner[f as usize];
                                if *o == u32::MAX {
                                    *o = c;
                                }
                                *o == c
                            })
                        })
                    })
                    .collect();
                let nested_levels: usize = self
                    .fe
                    .n_levels
                    .iter()
                    .zip(&nested)
                    .filter(|(_, n)| **n)
                    .map(|(l, _)| *l)
                    .sum();
                let n_nested = nested.iter().filter(|b| **b).count();
                let any_nested = n_nested > 0;
                let gadj = g / (g - 1.0);
                let (scale, df_t) = match ssc {
                    Ssc::Fixest => {
                        let kk = k + self.fe_dof as f64 - nested_levels as f64 + n_nested as f64;
                        ((n - 1.0) / (n - kk) * gadj, g - 1.0)
                    }
                    Ssc::Full => ((n - 1.0) / (n - k_all) * gadj, g - 1.0),
                    Ssc::None => ((n - 1.0) / (n - k) * gadj, df_resid),
                    Ssc::Linearmodels => {
                        let extra = if self.fe.ids.len() == 1 && any_nested {
                            0.0
                        } else {
                            self.fe_dof as f64
                        };
                        (n / (n - k - extra), df_resid)
                    }
                };
                let mut v = vc::sandwich(&self.bread, &meat) * scale;
                if codes.len() == 2 {
                    let (fixed, changed) = linalg::psd_fix(&v);
                    if changed {
                        v = fixed;
                        self.warnings.push("two-way clustered covariance was not positive semi-definite: negative eigenvalues set to 0 (Cameron–Gelbach–Miller)".into());
                    }
                }
                (v, df_t, Some(g as usize))
            }
        };
        self.cov = cov;
        self.df_t = df_t;
        self.n_clusters = n_clusters;
        self.vcov = vcov;
        self.ssc = ssc;
        Ok(())
    }

    /// The same fit with another covariance estimator and small-sample correction.
    pub fn with_vcov(&self, vcov: Vcov, ssc: Ssc) -> Result<Fit> {
        let mut f = self.clone();
        f.compute_vcov(vcov, ssc)?;
        Ok(f)
    }

    /// Term names.
    pub fn terms(&self) -> &[String] {
        &self.names
    }
    /// Coefficient estimates.
    pub fn coefs(&self) -> &Array1<f64> {
        &self.beta
    }
    /// Covariance matrix of the estimates.
    pub fn cov(&self) -> &Array2<f64> {
        &self.cov
    }
    /// Observations used.
    pub fn nobs(&self) -> usize {
        self.nobs
    }
    /// Residuals (of the transformed model; equal to the full model's for within).
    pub fn residuals(&self) -> &[f64] {
        &self.resid
    }
    /// Degrees of freedom of the t distribution.
    pub fn df_t(&self) -> f64 {
        self.df_t
    }
    /// The estimate of one term.
    pub fn coef(&self, term: &str) -> Option<f64> {
        self.names
            .iter()
            .position(|n| n == term)
            .map(|i| self.beta[i])
    }
    /// Standard error of one term.
    pub fn std_error(&self, term: &str) -> Option<f64> {
        self.names
            .iter()
            .position(|n| n == term)
            .map(|i| self.cov[[i, i]].sqrt())
    }

    /// The coefficient rows, with intervals at `level` (e.g. 0.95).
    pub fn coefficients(&self, level: f64) -> Vec<Coefficient> {
        let dist = Dist::T { df: self.df_t };
        let q = dist.critical_value(1.0 - level);
        self.names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let (b, se) = (self.beta[i], self.cov[[i, i]].sqrt());
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
        let c = self.coefficients(0.95);
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

    /// Wald test of $R\beta = r$: $W = (R\hat\beta - r)'(R V R')^{-1}(R\hat\beta - r)$, reported
    /// as $F = W/q \sim F(q, \text{df}_t)$ under the fit's covariance.
    pub fn wald(
        &self,
        r: &Array2<f64>,
        rhs: &Array1<f64>,
        name: &str,
        null: &str,
    ) -> Result<TestStat> {
        let q = r.nrows();
        if r.ncols() != self.beta.len() || rhs.len() != q || q == 0 {
            return Err(Error::InvalidArgument {
                what: "restriction".into(),
                message: format!(
                    "R must be q × {} and r of length q (got {}×{}, {})",
                    self.beta.len(),
                    r.nrows(),
                    r.ncols(),
                    rhs.len()
                ),
            });
        }
        let d = r.dot(&self.beta) - rhs;
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
        let mut r = Array2::<f64>::zeros((terms.len(), self.beta.len()));
        for (i, t) in terms.iter().enumerate() {
            let j =
                self.names
                    .iter()
                    .position(|n| n == t)
                    .ok_or_else(|| Error::ColumnNotFound {
                        column: t.to_string(),
                        available: self.names.clone(),
                        suggestions: crate::error::closest(
                            t,
                            self.names.iter().map(String::as_str),
                            2,
                        ),
                    })?;
            r[[i, j]] = 1.0;
        }
        self.wald(
            &r,
            &Array1::zeros(terms.len()),
            "Wald test",
            &format!("{} = 0", terms.join(" = ")),
        )
    }

    /// Everything the fit reports, for JSON and tables.
    pub fn summary(&self) -> FitSummary {
        let slopes: Vec<&str> = self
            .names
            .iter()
            .filter(|n| *n != "(Intercept)")
            .map(String::as_str)
            .collect();
        let f_stat = if slopes.is_empty() {
            None
        } else {
            self.wald_zero(&slopes).ok()
        };
        FitSummary {
            coefficients: self.coefficients(0.95),
            nobs: self.nobs,
            n_groups: self.n_groups,
            n_clusters: self.n_clusters,
            df_t: self.df_t,
            r2: self.r2,
            r2_within: self.r2_within,
            r2_between: self.r2_between,
            adj_r2: self.adj_r2,
            rmse: (self.rss / self.nobs as f64).sqrt(),
            f_stat,
            dropped: self.dropped.clone(),
            warnings: self.warnings.clone(),
            n_missing: self.n_missing,
            n_singletons: self.n_singletons,
            formula: self.formula.clone(),
            estimator: self.estimator,
            vcov: self.vcov.label(),
            ssc: self.ssc,
            fixed_effects: self
                .fe_names
                .iter()
                .cloned()
                .zip(self.fe.n_levels.iter().copied())
                .collect(),
            random_effects: self.re.clone(),
        }
    }

    /// Entity code (0-based, in order of first appearance) of each row used.
    pub fn entity_codes(&self) -> Option<&[u32]> {
        self.entity.as_deref()
    }
    /// Time value of each row used (the later period for first differences).
    pub fn times(&self) -> Option<&[i64]> {
        self.time.as_deref()
    }
    /// Variance components and θ of a random-effects fit.
    pub fn random_effects(&self) -> Option<&RandomEffects> {
        self.re.as_ref()
    }
    /// Sum of squared residuals.
    pub fn rss(&self) -> f64 {
        self.rss
    }
    /// The estimator used.
    pub fn estimator(&self) -> Estimator {
        self.estimator
    }
    /// Residual degrees of freedom N − k − (fixed-effect levels).
    pub fn df_resid(&self) -> f64 {
        (self.nobs - self.names.len() - self.fe_dof) as f64
    }
    /// The transformed regressors (within-demeaned, quasi-demeaned, differenced) of the kept terms.
    pub fn design(&self) -> &Array2<f64> {
        &self.xt
    }
    /// `(X̃'X̃)⁻¹` of the kept terms.
    pub fn bread(&self) -> &Array2<f64> {
        &self.bread
    }

    /// Remove the fixed effects from a vector of the estimation rows (the within transform
    /// $M_D v$); identity for models without fixed effects.
    pub fn absorb(&self, v: &mut [f64]) {
        demean::demean(v, &self.fe, 1e-13, 100_000);
    }

    /// Whether every fixed effect is nested in the clusters coded by `ids`.
    pub fn fixed_effects_nested_in(&self, ids: &[u32]) -> bool {
        self.fe.ids.iter().zip(&self.fe.n_levels).all(|(f, &nl)| {
            let mut owner = vec![u32::MAX; nl];
            f.iter().zip(ids).all(|(&l, &c)| {
                let o = &mut owner[l as usize];
                if *o == u32::MAX {
                    *o = c;
                }
                *o == c
            })
        })
    }

    /// Integer codes (0..G) of a cluster column for the rows used, and G.
    pub fn cluster_codes(&self, column: &str) -> Result<(Vec<u32>, usize)> {
        // Clustering by an absorbed fixed effect: its codes over the sample are already there.
        if let Some(k) = self.fe_names.iter().position(|f| f == column)
            && k < self.fe.ids.len()
        {
            return Ok((self.fe.ids[k].clone(), self.fe.n_levels[k]));
        }
        let (all, n) = crate::columns::key_codes(&self.data, column)?;
        if self.rows.iter().any(|&r| all[r].is_none()) {
            return Err(Error::InvalidArgument {
                what: format!("cluster column {column:?}"),
                message: "has missing values in the estimation sample".into(),
            });
        }
        Ok(crate::columns::dense(
            self.rows.iter().map(|&r| all[r].unwrap_or(0)),
            n,
        ))
    }

    /// Fixed effects absorbed (column names).
    pub fn fixed_effect_names(&self) -> &[String] {
        &self.fe_names
    }
    /// The frame the model was fitted on.
    pub fn data(&self) -> &DataFrame {
        &self.data
    }
    /// Rows of [`Fit::data`] used (for first differences: the later row of each pair; for
    /// between: one row per entity).
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }
    /// Residual variance $e'e/(N-K)$, all fixed-effect levels counted.
    pub fn sigma2(&self) -> f64 {
        self.rss / self.df_resid()
    }

    /// Whether the model has an intercept.
    pub fn has_intercept(&self) -> bool {
        self.has_intercept
    }
}
