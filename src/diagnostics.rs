//! Specification tests for panel models, each returning a [`TestStat`]: the Chow / F test for
//! individual effects, Breusch–Pagan LM, Hausman (FE vs RE; classical and regression-based,
//! the latter cluster-robust on request), Pesaran CD, Wooldridge's serial
//! correlation test, Jarque–Bera; and variance inflation factors.
//!
//! Every function takes a specification without fixed effects (`y ~ x1 + x2`) and the panel, fits
//! what it needs, and reproduces R plm / lmtest (`pFtest`, `plmtest(type = "bp")`, `phtest`,
//! `pcdtest`, `pwartest`).

use std::collections::BTreeMap;

use ndarray::{Array1, Array2};
use polars::prelude::*;

use crate::error::{Error, PolarsContext, Result};
use crate::hypothesis::{Dist, TestStat};
use crate::linalg;
use crate::model::{Estimator, Fit, ModelSpec};
use crate::panel::Panel;
use crate::vcov::Vcov;

fn base(spec: &ModelSpec, test: &str) -> Result<ModelSpec> {
    if !spec.formula().fixed_effects.is_empty() {
        return Err(Error::NotApplicable {
            test: test.into(),
            reason: "give the formula without `| fixed effects`; the test fits the pooled, within and random models itself".into(),
        });
    }
    Ok(spec.clone().vcov(Vcov::Iid))
}

fn codes(fit: &Fit, test: &str) -> Result<Vec<u32>> {
    fit.entity_codes()
        .map(<[u32]>::to_vec)
        .ok_or_else(|| Error::NotApplicable {
            test: test.into(),
            reason: "needs panel entity and time columns".into(),
        })
}

/// F test for individual effects (Chow): pooled OLS (CEM) against the within model (FEM).
///
/// $F = \frac{(e_P'e_P - e_W'e_W)/(n-1)}{e_W'e_W/(N-n-k)} \sim F(n-1, N-n-k)$.
pub fn chow_f(spec: &ModelSpec, panel: &Panel) -> Result<TestStat> {
    let s = base(spec, "Chow F test")?;
    let pooled = s.clone().estimator(Estimator::Pooled).fit_panel(panel)?;
    let within = s.estimator(Estimator::Within).fit_panel(panel)?;
    let n = within.n_groups().unwrap_or(0) as f64;
    let (df1, df2) = (n - 1.0, within.df_resid());
    let f = ((pooled.rss() - within.rss()) / df1) / (within.rss() / df2);
    Ok(TestStat::new(
        "F test for individual effects (Chow)",
        "no individual effects: pooled OLS (CEM) is adequate",
        f,
        Dist::F { df1, df2 },
    ))
}

/// Breusch–Pagan Lagrange multiplier test for random individual effects, on pooled OLS
/// residuals (Baltagi–Li form for unbalanced panels):
/// $LM = \frac{N^2}{2\sum_i T_i(T_i-1)}\left(\frac{\sum_i (\sum_t e_{it})^2}{\sum_{it} e_{it}^2} - 1\right)^2 \sim \chi^2(1)$.
pub fn breusch_pagan_lm(spec: &ModelSpec, panel: &Panel) -> Result<TestStat> {
    let name = "Breusch–Pagan LM test";
    let pooled = base(spec, name)?
        .estimator(Estimator::Pooled)
        .fit_panel(panel)?;
    let ent = codes(&pooled, name)?;
    let ne = crate::model::n_levels(&ent);
    let (mut sums, mut t) = (vec![0.0; ne], vec![0.0; ne]);
    for (e, &g) in pooled.residuals().iter().zip(&ent) {
        sums[g as usize] += e;
        t[g as usize] += 1.0;
    }
    let n = pooled.nobs() as f64;
    let denom: f64 = t.iter().map(|ti| ti * (ti - 1.0)).sum();
    if denom <= 0.0 {
        return Err(Error::NotApplicable {
            test: name.into(),
            reason: "every entity has a single period".into(),
        });
    }
    let ratio = sums.iter().map(|s| s * s).sum::<f64>() / pooled.rss();
    let lm = n * n / (2.0 * denom) * (ratio - 1.0).powi(2);
    Ok(TestStat::new(
        name,
        "no random individual effects: pooled OLS (CEM) is adequate",
        lm,
        Dist::ChiSq { df: 1.0 },
    ))
}

/// Hausman test, fixed against random effects, on the common slopes with classical covariances:
/// $H = (b_{FE}-b_{RE})'(V_{FE}-V_{RE})^{-1}(b_{FE}-b_{RE}) \sim \chi^2(k)$.
///
/// Where $V_{FE}-V_{RE}$ is not positive definite the statistic is $|H|$ (R plm's `phtest`,
/// Stata's `hausman`) and [`TestStat::warning`] says why its p-value is not reliable.
///
/// # Errors
/// [`Error::NotApplicable`] when $V_{FE}-V_{RE}$ is singular.
pub fn hausman(spec: &ModelSpec, panel: &Panel) -> Result<TestStat> {
    let name = "Hausman test";
    let s = base(spec, name)?;
    let fe = s.clone().estimator(Estimator::Within).fit_panel(panel)?;
    let re = s.estimator(Estimator::Random).fit_panel(panel)?;
    let common: Vec<(usize, usize)> = fe
        .terms()
        .iter()
        .enumerate()
        .filter_map(|(i, t)| re.terms().iter().position(|u| u == t).map(|j| (i, j)))
        .collect();
    let k = common.len();
    if k == 0 {
        return Err(Error::NotApplicable {
            test: name.into(),
            reason: "no slope is estimated by both models".into(),
        });
    }
    let d: Array1<f64> = common
        .iter()
        .map(|&(i, j)| fe.coefs()[i] - re.coefs()[j])
        .collect();
    let mut v = Array2::<f64>::zeros((k, k));
    for (a, &(ia, ja)) in common.iter().enumerate() {
        for (b, &(ib, jb)) in common.iter().enumerate() {
            v[[a, b]] = fe.cov()[[ia, ib]] - re.cov()[[ja, jb]];
        }
    }
    let (ev, q) = linalg::sym_eigen(&v);
    let scale = ev.iter().fold(0.0_f64, |m, l| m.max(l.abs()));
    if ev
        .iter()
        .any(|l| l.abs() <= 1e-12 * scale.max(f64::MIN_POSITIVE))
    {
        return Err(Error::NotApplicable {
            test: name.into(),
            reason: "V_FE − V_RE is singular: the difference of the estimates has no covariance to test against".into(),
        });
    }
    // H = d'(V_FE − V_RE)⁻¹d through the eigen-decomposition; where V_FE − V_RE is not positive
    // definite, H may be negative: plm and Stata report |H| with a warning, and so does this.
    let qd = q.t().dot(&d);
    let h: f64 = qd.iter().zip(&ev).map(|(x, l)| x * x / l).sum();
    let mut t = TestStat::new(
        name,
        "random effects (REM) are consistent: individual effects uncorrelated with the regressors",
        h.abs(),
        Dist::ChiSq { df: k as f64 },
    );
    if ev.iter().any(|&l| l <= 0.0) {
        t.warning = Some(format!(
            "V_FE − V_RE is not positive definite (smallest eigenvalue {:.3e}): the statistic is |d'(V_FE − V_RE)⁻¹d| as plm and Stata report it, and its χ² p-value is not reliable; the regression-based test (hausman_regression) answers here",
            ev.iter().copied().fold(f64::INFINITY, f64::min)
        ));
    }
    Ok(t)
}

/// The covariance of the regression-based Hausman test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum HausmanVcov {
    /// Classical: $s^2 (Z'Z)^{-1}$, $s^2 = u'u/(n-p)$ — `phtest(.., method = "aux")`.
    Classical,
    /// Cluster-robust by entity, no small-sample factor (Arellano, HC0) —
    /// `phtest(.., method = "aux", vcov = function(x) vcovHC(x, method = "arellano", type = "HC0"))`.
    ClusterHc0,
}

/// Regression-based Hausman test (Wooldridge 2010, §10.7.3): the random-effects quasi-demeaned
/// response $y^*$ on an intercept, the quasi-demeaned regressors $X^*$ and the
/// within-transformed regressors $\tilde X$, $y^* = X^*\beta + \tilde X\gamma + u$; under the
/// null (random effects consistent) $\gamma = 0$, tested by the Wald statistic
/// $W = \hat\gamma' V_\gamma^{-1} \hat\gamma \sim \chi^2(k)$. With the cluster-robust
/// covariance it stays valid under heteroskedasticity and serial correlation within an entity,
/// where the classical test's efficiency assumption fails; it always answers (no difference of
/// covariance matrices to invert). Reproduces R plm's `phtest(.., method = "aux")`.
///
/// # Errors
/// Fixed effects in the formula; no time-varying slope; the errors of the fits.
pub fn hausman_regression(spec: &ModelSpec, panel: &Panel, vcov: HausmanVcov) -> Result<TestStat> {
    let name = match vcov {
        HausmanVcov::Classical => "Hausman test (regression-based)",
        HausmanVcov::ClusterHc0 => "Hausman test (regression-based, cluster-robust)",
    };
    let s = base(spec, name)?;
    let fe = s.clone().estimator(Estimator::Within).fit_panel(panel)?;
    let re = s.estimator(Estimator::Random).fit_panel(panel)?;
    let g = codes(&re, name)?;
    if fe.nobs() != re.nobs() || fe.entity_codes() != re.entity_codes() {
        return Err(Error::NotApplicable {
            test: name.into(),
            reason: "the within and random-effects fits use different rows".into(),
        });
    }
    let (xs, xw) = (re.design(), fe.design());
    let k = xw.ncols();
    if k == 0 {
        return Err(Error::NotApplicable {
            test: name.into(),
            reason: "no time-varying slope".into(),
        });
    }
    let n = xs.nrows();
    let lead = xs.ncols();
    let p = lead + k;
    let mut z = Array2::<f64>::zeros((n, p));
    z.slice_mut(ndarray::s![.., ..lead]).assign(xs);
    z.slice_mut(ndarray::s![.., lead..]).assign(xw);
    // The intercept enters untransformed, as in plm (its auxiliary model is a pooled regression
    // that adds its own constant). On a balanced panel 1 − θ is one number and this is
    // Wooldridge's regression exactly; on an unbalanced one his uses the column 1 − θ_i.
    if let Some(c) = re.terms().iter().position(|t| t == crate::model::INTERCEPT) {
        z.column_mut(c).fill(1.0);
    }
    let y = Array1::from(re.transformed_response());
    let (b, inv, sel) = linalg::ols(z.view(), y.view(), 1e-12);
    if sel.kept.len() != p {
        return Err(Error::NotApplicable {
            test: name.into(),
            reason: "the auxiliary regression is collinear".into(),
        });
    }
    let u = &y - &z.dot(&b);
    let v = match vcov {
        HausmanVcov::Classical => &inv * (u.dot(&u) / (n - p) as f64),
        HausmanVcov::ClusterHc0 => {
            let ng = g.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
            let mut scores = Array2::<f64>::zeros((ng, p));
            for (i, &c) in g.iter().enumerate() {
                let mut row = scores.row_mut(c as usize);
                row.scaled_add(u[i], &z.row(i));
            }
            let meat = scores.t().dot(&scores);
            inv.dot(&meat).dot(&inv)
        }
    };
    let idx: Vec<usize> = (lead..p).collect();
    let gamma: Array1<f64> = idx.iter().map(|&i| b[i]).collect();
    let vg = v
        .select(ndarray::Axis(0), &idx)
        .select(ndarray::Axis(1), &idx);
    let sel = linalg::chol_select(&vg, 1e-14);
    if sel.kept.len() != k {
        return Err(Error::NotApplicable {
            test: name.into(),
            reason: "the covariance of the within coefficients is singular".into(),
        });
    }
    let w = gamma.dot(&linalg::chol_solve(&sel.l, &gamma));
    Ok(TestStat::new(
        name,
        "random effects (REM) are consistent: individual effects uncorrelated with the regressors",
        w,
        Dist::ChiSq { df: k as f64 },
    ))
}

/// Which residuals Pesaran's CD test correlates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum CdResiduals {
    /// Residuals of the fixed-effects (within) model — `pcdtest(plm(.., model = "within"))`.
    Within,
    /// Residuals of a separate OLS regression per entity — `pcdtest(formula)`'s default.
    Heterogeneous,
}

/// Pesaran's CD test for cross-sectional dependence:
/// $CD = \sqrt{1/P}\sum_{i<j}\sqrt{T_{ij}}\,\hat\rho_{ij} \sim N(0,1)$, with
/// $\hat\rho_{ij}$ the correlation of the residuals of entities $i$ and $j$ over their $T_{ij}$
/// common periods and $P$ the number of pairs with $T_{ij} \ge 2$ ($n(n-1)/2$ when balanced).
pub fn pesaran_cd(spec: &ModelSpec, panel: &Panel, on: CdResiduals) -> Result<TestStat> {
    let name = "Pesaran CD test";
    let s = base(spec, name)?;
    let (ent, times, resid_all) = match on {
        CdResiduals::Within => {
            let fe = s.estimator(Estimator::Within).fit_panel(panel)?;
            (
                codes(&fe, name)?,
                fe.times().map(<[i64]>::to_vec).unwrap_or_default(),
                fe.residuals().to_vec(),
            )
        }
        CdResiduals::Heterogeneous => {
            let all = s.estimator(Estimator::Pooled).fit_panel(panel)?;
            let ent = codes(&all, name)?;
            let ne = crate::model::n_levels(&ent);
            let x = all.design();
            let y = all.transformed_response();
            let mut r = vec![f64::NAN; y.len()];
            for g in 0..ne as u32 {
                let idx: Vec<usize> = (0..ent.len()).filter(|&i| ent[i] == g).collect();
                let xg = x.select(ndarray::Axis(0), &idx);
                if idx.len() <= xg.ncols() {
                    continue;
                }
                let yg: Array1<f64> = idx.iter().map(|&i| y[i]).collect();
                let (b, _, sel) = linalg::ols(xg.view(), yg.view(), 1e-10);
                let e = &yg - &xg.select(ndarray::Axis(1), &sel.kept).dot(&b);
                for (k, &i) in idx.iter().enumerate() {
                    r[i] = e[k];
                }
            }
            (ent, all.times().map(<[i64]>::to_vec).unwrap_or_default(), r)
        }
    };
    let ne = crate::model::n_levels(&ent);
    // Ordered by period, so that the sums run in the same order in every run.
    let mut resid: Vec<BTreeMap<i64, f64>> = vec![BTreeMap::new(); ne];
    for ((g, t), e) in ent.iter().zip(&times).zip(&resid_all) {
        if e.is_finite() {
            resid[*g as usize].insert(*t, *e);
        }
    }
    let mut sum = 0.0;
    let mut pairs: f64 = 0.0;
    for i in 0..ne {
        for j in i + 1..ne {
            let common: Vec<(f64, f64)> = resid[i]
                .iter()
                .filter_map(|(t, a)| resid[j].get(t).map(|b| (*a, *b)))
                .collect();
            if common.len() < 2 {
                continue;
            }
            let m = common.len() as f64;
            let (ma, mb) = (
                common.iter().map(|c| c.0).sum::<f64>() / m,
                common.iter().map(|c| c.1).sum::<f64>() / m,
            );
            let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
            for (a, b) in &common {
                sab += (a - ma) * (b - mb);
                saa += (a - ma).powi(2);
                sbb += (b - mb).powi(2);
            }
            sum += m.sqrt() * sab / (saa * sbb).sqrt();
            pairs += 1.0;
        }
    }
    if pairs == 0.0 {
        return Err(Error::NotApplicable {
            test: name.into(),
            reason: "no pair of entities shares 2 or more periods".into(),
        });
    }
    // Pairs with fewer than two common periods are left out, and the sum is scaled by the number
    // of pairs used (plm's `pcdtest`; on a balanced panel that is n(n−1)/2).
    let cd = sum / pairs.sqrt();
    Ok(TestStat::new(
        name,
        "no cross-sectional dependence between regions",
        cd,
        Dist::Normal,
    ))
}

/// Wooldridge's test for serial correlation in fixed-effects panels (plm `pwartest`): regress the
/// within residuals on their own lag (the entity's previous observation, as plm) with an intercept and test that the
/// slope equals $-1/(T-1)$, its value without serial correlation, with an entity-clustered HC0
/// covariance: $F \sim F(1, N_{aux}-2)$.
///
/// # Errors
/// [`Error::NotApplicable`] with fewer than 3 periods.
pub fn wooldridge_serial(spec: &ModelSpec, panel: &Panel) -> Result<TestStat> {
    let name = "Wooldridge test for serial correlation";
    let fe = base(spec, name)?
        .estimator(Estimator::Within)
        .fit_panel(panel)?;
    let ent = codes(&fe, name)?;
    let times = fe.times().map(<[i64]>::to_vec).unwrap_or_default();
    let n_periods = times
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if n_periods < 3 {
        return Err(Error::NotApplicable {
            test: name.into(),
            reason: format!("needs T ≥ 3 periods, the panel has {n_periods}"),
        });
    }
    let e = fe.residuals();
    // As plm: the lag is the entity's previous observation in time order (across gaps).
    let mut order: Vec<usize> = (0..e.len()).collect();
    order.sort_by_key(|&i| (ent[i], times[i]));
    let rows: Vec<(usize, usize)> = order
        .windows(2)
        .filter(|w| ent[w[0]] == ent[w[1]])
        .map(|w| (w[1], w[0]))
        .collect();
    let m = rows.len();
    if m < 3 {
        return Err(Error::NotApplicable {
            test: name.into(),
            reason: "fewer than 3 residuals have a lag".into(),
        });
    }
    let mut x = Array2::<f64>::ones((m, 2));
    let y: Array1<f64> = rows.iter().map(|&(i, _)| e[i]).collect();
    for (r, &(_, j)) in rows.iter().enumerate() {
        x[[r, 1]] = e[j];
    }
    let (b, bread, _) = linalg::ols(x.view(), y.view(), 1e-12);
    let u: Vec<f64> = (&y - &x.dot(&b)).to_vec();
    let g: Vec<u32> = rows.iter().map(|&(i, _)| ent[i]).collect();
    let ng = g.iter().copied().max().map_or(0, |v| v as usize + 1);
    let meat = crate::vcov::meat_cluster(x.view(), &u, &g, ng);
    let v = crate::vcov::sandwich(&bread, &meat);
    let rho0 = -1.0 / (n_periods as f64 - 1.0);
    let f = (b[1] - rho0).powi(2) / v[[1, 1]];
    Ok(TestStat::new(
        name,
        format!(
            "no serial correlation in the idiosyncratic errors (coefficient of lagged within residuals = {rho0:.4})"
        ),
        f,
        Dist::F {
            df1: 1.0,
            df2: m as f64 - 2.0,
        },
    ))
}

/// Jarque–Bera test of normal residuals: $JB = \frac{N}{6}\left(S^2 + \frac{(K-3)^2}{4}\right) \sim \chi^2(2)$.
pub fn jarque_bera(fit: &Fit) -> TestStat {
    let e = fit.residuals();
    let n = e.len() as f64;
    let m = e.iter().sum::<f64>() / n;
    let m2 = e.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n;
    let m3 = e.iter().map(|v| (v - m).powi(3)).sum::<f64>() / n;
    let m4 = e.iter().map(|v| (v - m).powi(4)).sum::<f64>() / n;
    let (s, k) = (m3 / m2.powf(1.5), m4 / (m2 * m2));
    let jb = n / 6.0 * (s * s + (k - 3.0).powi(2) / 4.0);
    TestStat::new(
        "Jarque–Bera test",
        "residuals are normally distributed",
        jb,
        Dist::ChiSq { df: 2.0 },
    )
}

/// Variance inflation factors of a fit's slopes, $1/(1-R^2_j)$ from regressing each regressor
/// on the others (on the fit's transformed design, with a constant). Columns `term, vif`.
pub fn vif(fit: &Fit) -> Result<DataFrame> {
    let x = fit.design();
    let slopes: Vec<usize> = (0..x.ncols())
        .filter(|&j| fit.terms()[j] != crate::model::INTERCEPT)
        .collect();
    let mut terms = Vec::new();
    let mut vifs = Vec::new();
    for &j in &slopes {
        let others: Vec<usize> = slopes.iter().copied().filter(|&o| o != j).collect();
        let n = x.nrows();
        let mut z = Array2::<f64>::ones((n, others.len() + 1));
        for (c, &o) in others.iter().enumerate() {
            z.column_mut(c + 1).assign(&x.column(o));
        }
        let y = x.column(j).to_owned();
        let (b, _, sel) = linalg::ols(z.view(), y.view(), 1e-12);
        let e = &y - &z.select(ndarray::Axis(1), &sel.kept).dot(&b);
        let mean = y.sum() / n as f64;
        let tss: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();
        let r2 = 1.0 - e.dot(&e) / tss;
        terms.push(fit.terms()[j].clone());
        vifs.push(1.0 / (1.0 - r2));
    }
    DataFrame::new(
        terms.len(),
        vec![
            Column::new("term".into(), terms),
            Column::new("vif".into(), vifs),
        ],
    )
    .ctx("VIF table")
}
