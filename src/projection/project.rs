//! Projection from a fitted model: point, confidence band (parameter uncertainty, delta method)
//! and prediction band (adds the residual variance), 80% and 95%.
//!
//! For a region-effects model $y_{it} = \alpha_i + x_{it}'\beta + \varepsilon_{it}$ the projection
//! is $\hat y_{if} = \hat\alpha_i + x_f'\hat\beta = \bar y_i + (x_f - \bar x_i)'\hat\beta$, so
//! $\operatorname{se}^2_{fit} = (x_f-\bar x_i)'\hat V(x_f-\bar x_i) + \hat\sigma^2/T_i$ (the region's
//! own effect is estimated from its $T_i$ years) and $\operatorname{se}^2_{pred} = \operatorname{se}^2_{fit} + \hat\sigma^2$.
//! For pooled OLS $\operatorname{se}^2_{fit} = x_f'\hat V x_f$. Bands are $\hat y \pm t_{df}\,\operatorname{se}$.
//!
//! Year effects of a two-way model cannot be observed for future years; how they are carried is a
//! choice that changes the answer, so it is explicit ([`YearEffects`]) and reported in every row.
//! (With year effects, the bands leave out the estimation error of the carried year effect.)

use std::collections::{BTreeMap, HashMap};

use ndarray::Array1;
use polars::prelude::*;

use super::scenario::Scenario;
use crate::error::{Error, PolarsContext, Result};
use crate::formula::{Formula, Term};
use crate::hypothesis::Dist;
use crate::lang::{Bilingual, Lang};
use crate::model::design::regressor_values;
use crate::model::{Estimator, Fit, ModelSpec};
use crate::panel::Panel;

pub use super::persistence::Persistence;
pub(crate) use super::persistence::{fd_formula, fd_persistence};
pub use super::table::{Bands, Projection, ProjectionRow};
pub use super::year_effects::YearEffects;
pub(crate) use crate::registry::{entity_key, region_name};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Pooled,
    Entity,
    TwoWay,
}

/// A region's panel key and, per scenario year, the regressor values in the fit's term order.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioRows {
    /// The region's panel key (its BPS code when known).
    pub key: String,
    /// Per projected year, the regressors in the fit's term order.
    pub years: Vec<(i32, Vec<f64>)>,
}

/// How a projection is tied to the data it starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The region's fitted level: $\hat\alpha_i + x_f'\hat\beta$ (the last residual dropped).
    Level,
    /// The last observation: the region's last residual $e_{iT}$ carried forward with its
    /// estimated persistence, $\hat y_{i,T+h} = \hat\alpha_i + x_{T+h}'\hat\beta + \hat\rho^h e_{iT}$
    /// ($\hat\rho$: AR(1) of the model's residuals, pooled over regions).
    LastResidual,
}

/// A region's last estimation row: its year, residual and regressors (fit term order).
#[derive(Debug, Clone, PartialEq)]
struct LastObs {
    year: i32,
    resid: f64,
    x: Vec<f64>,
}

/// What a projection's variance is assembled from at one region and year (see
/// [`Projector::predict_full`]).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DeltaParts {
    /// Weight of the last residual, $\hat\rho^h$ (0 for the level projection).
    pub w: f64,
    /// The last residual.
    pub resid: f64,
    /// The point the β-gradient is taken from: $g = x_f - r$.
    pub reference: Vec<f64>,
    /// Variance of the region effect's estimation error, $(1-w)^2\hat\sigma^2/T_i$.
    pub alpha_var: f64,
    /// Variance from $\hat\rho$: $(h\hat\rho^{h-1}e_{iT})^2\operatorname{se}(\hat\rho)^2$.
    pub rho_var: f64,
    /// The new disturbances' variance: $\hat\sigma^2_u\sum_{j<h}\hat\rho^{2j}$ when anchored,
    /// $\hat\sigma^2$ at the level.
    pub resid_var: f64,
}

/// A fitted model ready to project: the fit, the region effects it implies, and the panel.
#[derive(Debug, Clone)]
pub struct Projector {
    formula: Formula,
    fit: Fit,
    panel: Panel,
    pub(super) kind: Kind,
    term_src: Vec<Option<usize>>,
    alpha: HashMap<String, f64>,
    n_i: HashMap<String, f64>,
    xbar: HashMap<String, Vec<f64>>,
    gamma: BTreeMap<i64, f64>,
    needed: Vec<String>,
    /// Panel key of each estimation row, in the fit's row order.
    pub(super) row_keys: Vec<String>,
    /// How year effects are carried.
    pub year_effects: YearEffects,
    anchor: Anchor,
    persistence: Persistence,
    last_obs: HashMap<String, LastObs>,
}

/// Region effects (by entity value) and year effects (by year) of a fit, from
/// [`Fit::fixed_effects`]: year effects have mean zero, region effects carry the average year.
#[allow(clippy::type_complexity)]
fn effects(
    fit: &Fit,
    entity: &str,
    time: &str,
) -> Result<(HashMap<String, f64>, BTreeMap<i64, f64>)> {
    let fx = fit.fixed_effects()?;
    let alpha = fx
        .factor(entity)
        .map(|f| {
            f.levels
                .iter()
                .cloned()
                .zip(f.values.iter().copied())
                .collect()
        })
        .unwrap_or_default();
    let gamma = match fx.factor(time) {
        Some(f) => f
            .levels
            .iter()
            .zip(&f.values)
            .map(|(l, v)| {
                l.parse::<i64>()
                    .map(|y| (y, *v))
                    .map_err(|_| Error::InvalidArgument {
                        what: format!("time column {time:?}"),
                        message: format!("{l:?} is not a year"),
                    })
            })
            .collect::<Result<_>>()?,
        None => BTreeMap::new(),
    };
    Ok((alpha, gamma))
}

/// Projection needs a plain response column: a transformed one has no level to project.
fn plain_response(formula: &Formula) -> Result<()> {
    match &formula.response {
        Term::Var(_) => Ok(()),
        _ => Err(Error::InvalidArgument {
            what: "formula".into(),
            message: "projection needs a plain response column (no log/lag)".into(),
        }),
    }
}

/// Which projection a fit allows: pooled, region effects, or region and year effects.
fn kind_of(fit: &Fit, e: &str, t: &str) -> Result<Kind> {
    let fes = fit.fixed_effect_names().to_vec();
    let kind = match (fit.estimator(), fes.as_slice()) {
        (Estimator::Pooled, []) => Kind::Pooled,
        (Estimator::Within | Estimator::Pooled, [a]) if *a == e => Kind::Entity,
        (Estimator::Within | Estimator::Pooled, [a, b])
            if (*a == e && *b == t) || (*a == t && *b == e) =>
        {
            Kind::TwoWay
        }
        _ => {
            return Err(Error::InvalidArgument {
                what: "model".into(),
                message: format!(
                    "projection supports pooled OLS and fixed effects by {e} (and {t}); this model is {:?} with fixed effects [{}]",
                    fit.estimator(),
                    fes.join(", ")
                ),
            });
        }
    };
    Ok(kind)
}

impl Projector {
    /// Fit `spec` (pooled, or within with the entity and optionally the time column as fixed
    /// effects; the response a plain column) on `panel`, and carry year effects as
    /// `year_effects`. The same as [`Projector::from_fit`] of `spec.fit_panel(panel)`.
    pub fn new(spec: &ModelSpec, panel: &Panel, year_effects: YearEffects) -> Result<Projector> {
        plain_response(spec.formula())?;
        let fit = spec.fit_panel(panel)?;
        Ok(Projector::from_fit(&fit, panel)?.year_effects(year_effects))
    }

    /// How year effects are carried into plan years (default [`YearEffects::Zero`]).
    pub fn year_effects(mut self, year_effects: YearEffects) -> Projector {
        self.year_effects = year_effects;
        self
    }

    /// Project a fit you already have, on the panel it was fitted to (pooled, or within with the
    /// panel's entity and optionally its time column as fixed effects; the response a plain
    /// column). Nothing is refitted: the region and year effects, the regressor means and each
    /// region's last observation come from `fit`.
    ///
    /// ```
    /// # fn main() -> indikator::Result<()> {
    /// use indikator::projection::{Projector, YearEffects};
    /// let panel = indikator::datasets::jabar_panel()?;
    /// let fit = indikator::model::ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")?
    ///     .fit_panel(&panel)?;
    /// let p = Projector::from_fit(&fit, &panel)?.year_effects(YearEffects::Zero);
    /// assert_eq!(p.fit().coefs(), fit.coefs());
    /// # Ok(()) }
    /// ```
    pub fn from_fit(fit: &Fit, panel: &Panel) -> Result<Projector> {
        let formula = fit.spec().formula().clone();
        plain_response(&formula)?;
        let fit = fit.clone();
        let (e, t) = (panel.entity().to_string(), panel.time().to_string());
        let kind = kind_of(&fit, &e, &t)?;
        let labels: Vec<String> = formula.regressors.iter().map(Term::label).collect();
        let term_src: Vec<Option<usize>> = fit
            .terms()
            .iter()
            .map(|t| labels.iter().position(|l| l == t))
            .collect();
        let df = panel.frame();
        let xs = regressor_values(&formula, df, Some(&e), Some(&t))?;
        let ents = crate::columns::strings(df, &e)?;
        let row_x = |r: usize| -> Vec<f64> {
            term_src
                .iter()
                .map(|s| s.map_or(1.0, |k| xs[k][r].unwrap_or(f64::NAN)))
                .collect()
        };
        let mut n_i: HashMap<String, f64> = HashMap::new();
        let mut xsum: HashMap<String, Vec<f64>> = HashMap::new();
        let (mut alpha, mut gamma) = (HashMap::new(), BTreeMap::new());
        if kind != Kind::Pooled {
            for &r in fit.rows() {
                let k = ents[r].clone().unwrap_or_default();
                *n_i.entry(k.clone()).or_default() += 1.0;
                let xr = row_x(r);
                let s = xsum.entry(k).or_insert_with(|| vec![0.0; xr.len()]);
                s.iter_mut().zip(&xr).for_each(|(a, b)| *a += b);
            }
            (alpha, gamma) = effects(&fit, &e, &t)?;
        }
        let xbar = xsum
            .into_iter()
            .map(|(k, s)| (k.clone(), s.iter().map(|v| v / n_i[&k]).collect()))
            .collect();
        let mut needed: Vec<String> = formula
            .regressors
            .iter()
            .map(|t| t.variable().to_string())
            .collect();
        needed.sort();
        needed.dedup();
        let row_keys: Vec<String> = fit
            .rows()
            .iter()
            .map(|&r| ents[r].clone().unwrap_or_default())
            .collect();
        let times: Vec<i32> = fit
            .times()
            .unwrap_or(&[])
            .iter()
            .map(|&t| t as i32)
            .collect();
        let mut last_obs: HashMap<String, LastObs> = HashMap::new();
        for ((k, &r), (&t, &e)) in row_keys
            .iter()
            .zip(fit.rows())
            .zip(times.iter().zip(fit.residuals()))
        {
            if last_obs.get(k).is_none_or(|o| o.year < t) {
                let x = row_x(r);
                last_obs.insert(
                    k.clone(),
                    LastObs {
                        year: t,
                        resid: e,
                        x,
                    },
                );
            }
        }
        let persistence = Persistence::default();
        Ok(Projector {
            anchor: Anchor::Level,
            persistence,
            last_obs,
            row_keys,
            formula,
            fit,
            panel: panel.clone(),
            kind,
            term_src,
            alpha,
            n_i,
            xbar,
            gamma,
            needed,
            year_effects: YearEffects::Zero,
        })
    }

    /// The keys of the regions in the estimation sample, sorted.
    pub fn region_keys(&self) -> Vec<String> {
        let mut k: Vec<String> = self.last_obs.keys().cloned().collect();
        k.sort();
        k
    }

    /// The panel projected from.
    pub fn panel(&self) -> &Panel {
        &self.panel
    }
    /// Mean regressors (fit term order) of a region's estimation rows.
    pub fn xbar_of(&self, key: &str) -> Option<Vec<f64>> {
        self.xbar.get(key).cloned()
    }
    /// The fitted model.
    pub fn fit(&self) -> &Fit {
        &self.fit
    }
    /// Variables a scenario must give paths for.
    pub fn needed(&self) -> &[String] {
        &self.needed
    }
    /// The panel's last year.
    pub fn last_year(&self) -> Result<i32> {
        self.panel.last_year()
    }

    fn gamma_at(&self, year: i32) -> f64 {
        if self.kind != Kind::TwoWay || self.gamma.is_empty() {
            return 0.0;
        }
        match self.year_effects {
            YearEffects::Zero => 0.0,
            YearEffects::Last => self.gamma.values().last().copied().unwrap_or(0.0),
            YearEffects::Trend { years } => {
                let pts: Vec<(f64, f64)> = self
                    .gamma
                    .iter()
                    .rev()
                    .take(years.max(2))
                    .map(|(y, g)| (*y as f64, *g))
                    .collect();
                let (mx, my, b) = super::line_fit(&pts);
                my + b * (year as f64 - mx)
            }
        }
    }

    /// The same model anchored differently. Anchoring at the last residual estimates its
    /// persistence here (one first-difference fit), so level projections never pay for it.
    ///
    /// # Errors
    /// The first-difference model cannot be fitted on the panel.
    pub fn with_anchor(mut self, anchor: Anchor) -> Result<Projector> {
        if anchor == Anchor::LastResidual && self.persistence.pairs == 0 {
            self.persistence = fd_persistence(self.fit.spec(), &self.panel)?;
        }
        self.anchor = anchor;
        Ok(self)
    }

    /// How this projector is anchored.
    pub fn anchor(&self) -> Anchor {
        self.anchor
    }

    /// The AR(1) persistence of the model's residuals.
    pub fn persistence(&self) -> Persistence {
        self.persistence
    }

    /// How a region's projection is anchored, in words (the `anchor` column).
    pub fn anchor_text(&self, key: &str) -> Bilingual {
        match (self.anchor, self.last_obs.get(key)) {
            (Anchor::LastResidual, Some(o)) => {
                let (rho, se) = (self.persistence.rho, self.persistence.se);
                Bilingual::new(
                    format!(
                        "pengamatan terakhir {}: residu {:+.3} dibawa dengan persistensi AR(1) rho = {rho:.3} (SE {se:.3})",
                        o.year, o.resid
                    ),
                    format!(
                        "last observation {}: residual {:+.3} carried with AR(1) persistence rho = {rho:.3} (SE {se:.3})",
                        o.year, o.resid
                    ),
                )
            }
            _ => Bilingual::new(
                "tingkat hasil model wilayah (residu terakhir diabaikan)",
                "region's fitted level (last residual dropped)",
            ),
        }
    }

    /// The pieces of a projection's variance at a region and year.
    pub(super) fn delta_parts(&self, key: &str, year: i32) -> Result<DeltaParts> {
        let s2 = self.fit.sigma2();
        let k = self.fit.terms().len();
        let (w, resid, xt, rho_var, resid_var) = match (self.anchor, self.last_obs.get(key)) {
            (Anchor::LastResidual, Some(o)) if year > o.year && self.persistence.pairs >= 3 => {
                let h = year - o.year;
                let Persistence {
                    rho,
                    se,
                    innovation_var,
                    ..
                } = self.persistence;
                let d = h as f64 * rho.powi(h - 1) * o.resid;
                // h-step error of an AR(1): σ²_u (1 + ρ² + … + ρ^{2(h−1)}).
                let steps: f64 = (0..h).map(|j| rho.powi(2 * j)).sum();
                (
                    rho.powi(h),
                    o.resid,
                    o.x.clone(),
                    d * d * se * se,
                    innovation_var * steps,
                )
            }
            _ => (0.0, 0.0, vec![0.0; k], 0.0, s2),
        };
        let (xbar, alpha_var) = match self.kind {
            Kind::Pooled => (vec![0.0; k], 0.0),
            _ => {
                let n = *self.n_i.get(key).ok_or_else(|| Error::InvalidArgument {
                    what: "region".into(),
                    message: format!(
                        "{key} has no estimated region effect (not in the estimation sample)"
                    ),
                })?;
                (self.xbar[key].clone(), (1.0 - w).powi(2) * s2 / n)
            }
        };
        let reference = xbar
            .iter()
            .zip(&xt)
            .map(|(b, t)| (1.0 - w) * b + w * t)
            .collect();
        Ok(DeltaParts {
            w,
            resid,
            reference,
            alpha_var,
            rho_var,
            resid_var,
        })
    }

    /// Point and standard error of the fitted value for a region (its key: BPS code), a year
    /// and regressor values in the fit's term order.
    pub fn predict(&self, key: &str, year: i32, x: &[f64]) -> Result<(f64, f64)> {
        self.predict_full(key, year, x).map(|(e, s, _)| (e, s))
    }

    /// Point, standard error of the fit and of the prediction. With bread $V$ and $g = x_f - r$
    /// ([`DeltaParts`]): $\operatorname{se}^2_{fit} = g'Vg + (1-w)^2\hat\sigma^2/T_i +
    /// (h\hat\rho^{h-1}e_{iT})^2\operatorname{se}(\hat\rho)^2$ and $\operatorname{se}^2_{pred} =
    /// \operatorname{se}^2_{fit} + \hat\sigma^2_u\sum_{j<h}\hat\rho^{2j}$; with the level anchor
    /// ($w = 0$) these are the module's formulas.
    pub fn predict_full(&self, key: &str, year: i32, x: &[f64]) -> Result<(f64, f64, f64)> {
        let beta = self.fit.coefs();
        let xv = Array1::from(x.to_vec());
        let parts = self.delta_parts(key, year)?;
        let base = match self.kind {
            Kind::Pooled => xv.dot(beta),
            _ => self.alpha[key] + self.gamma_at(year) + xv.dot(beta),
        };
        let g = &xv - &Array1::from(parts.reference.clone());
        let var_fit = g.dot(&self.fit.cov().dot(&g)) + parts.alpha_var + parts.rho_var;
        Ok((
            base + parts.w * parts.resid,
            var_fit.sqrt(),
            (var_fit + parts.resid_var).sqrt(),
        ))
    }

    /// The region's panel key and the term values (fit order) for each future year of a scenario.
    pub fn scenario_x(&self, s: &Scenario) -> Result<ScenarioRows> {
        let key = entity_key(&s.region);
        let hist = self.panel.region(&s.region)?;
        let last = self.last_year()?;
        s.validate(last, &self.needed)?;
        let (e, t) = (self.panel.entity(), self.panel.time());
        let mut years: Vec<i32> = s.values.values().flat_map(|p| p.keys().copied()).collect();
        years.sort_unstable();
        years.dedup();
        let hy: Vec<i64> = crate::columns::ints(&hist, t)?
            .into_iter()
            .map(|v| v.unwrap_or(0))
            .collect();
        let n = hy.len() + years.len();
        let mut cols = vec![
            Column::new(e.into(), vec![key.clone(); n]),
            Column::new(
                t.into(),
                hy.iter()
                    .copied()
                    .chain(years.iter().map(|&y| y as i64))
                    .collect::<Vec<i64>>(),
            ),
        ];
        for var in &self.needed {
            let h = crate::columns::floats(&hist, var)?;
            let f: Vec<Option<f64>> = years
                .iter()
                .map(|y| s.values.get(var).and_then(|p| p.get(y)).copied())
                .collect();
            cols.push(Column::new(
                var.as_str().into(),
                h.into_iter().chain(f).collect::<Vec<Option<f64>>>(),
            ));
        }
        let frame = DataFrame::new(n, cols).ctx("scenario frame")?;
        let xs = regressor_values(&self.formula, &frame, Some(e), Some(t))?;
        let mut out = Vec::new();
        for (k, &y) in years.iter().enumerate() {
            let r = hy.len() + k;
            let mut x = Vec::with_capacity(self.term_src.len());
            for (ti, src) in self.term_src.iter().enumerate() {
                match src {
                    None => x.push(1.0),
                    Some(j) => x.push(xs[*j][r].ok_or_else(|| Error::InvalidArgument {
                        what: format!("scenario {:?}", s.name),
                        message: format!(
                            "term {} has no value in {y}: give the path for every year it needs",
                            self.fit.terms()[ti]
                        ),
                    })?),
                }
            }
            out.push((y, x));
        }
        Ok(ScenarioRows { key, years: out })
    }

    /// Project scenarios. Columns: `region, year, scenario, estimate, ci_low, ci_high, pi_low,
    /// pi_high` (95%), `ci80_low, ci80_high, pi80_low, pi80_high`, `year_effects`, `method`.
    pub fn project(&self, scenarios: &[Scenario]) -> Result<Projection> {
        let t95 = Dist::T {
            df: self.fit.df_t(),
        }
        .critical_value(0.05);
        let t80 = Dist::T {
            df: self.fit.df_t(),
        }
        .critical_value(0.20);
        let mut rows: Vec<ProjectionRow> = Vec::new();
        for s in scenarios {
            let ScenarioRows { key, years } = self.scenario_x(s)?;
            let name = region_name(&key, &s.region);
            let (anchor, label) = (self.anchor_text(&key), labels_of(s));
            for (y, x) in years {
                let (est, se, sp) = self.predict_full(&key, y, &x)?;
                let band = |t: f64, s: f64| (est - t * s, est + t * s);
                rows.push(ProjectionRow {
                    region: name.clone(),
                    year: y,
                    scenario: s.name.clone(),
                    bands: Bands {
                        estimate: est,
                        ci: band(t95, se),
                        pi: band(t95, sp),
                        ci80: band(t80, se),
                        pi80: band(t80, sp),
                    },
                    path: s.path.clone(),
                    anchor: anchor.clone(),
                    label: label.clone(),
                });
            }
        }
        Ok(self.projection_of(rows))
    }
}

/// A scenario's labels, the name standing in for a missing one.
pub(crate) fn labels_of(s: &Scenario) -> Bilingual {
    Bilingual::new(s.label_in(Lang::Id), s.label_in(Lang::En))
}
