//! Projection methods: the models that use the scenarios' TPT paths, and the benchmarks every
//! backtest compares them with.
//!
//! | method | $\hat y_{i,T+h}$ | uses TPT paths |
//! |---|---|---|
//! | `naive` | $y_{iT}$ (no change) | as deviations: $y_{iT} + \hat\beta'(x^s_{T+h} - x^{base}_{T+h})$ |
//! | `trend` | the region's least-squares line over the estimation years | no |
//! | `average_change` | $y_{iT} + h\,\overline{\Delta y}$, the mean annual change of all regions | no |
//! | `level` | $\hat\alpha_i + x_{T+h}'\hat\beta$ (FEM; the last residual dropped) | yes |
//! | `anchored` | $\hat\alpha_i + x_{T+h}'\hat\beta + \hat\rho^h e_{iT}$ (FEM from the last observation) | yes |
//! | `change` | $y_{iT} + (x_{T+h} - x_{iT})'\hat\beta_{FD}$ (first differences) | yes |
//! | `change_drift` | $y_{iT} + h\hat\delta + (x_{T+h} - x_{iT})'\hat\beta_{FD}$ (with the FD intercept as drift: a drift fitted on a falling 2015–2019 extrapolates the fall) | yes |

use std::collections::BTreeMap;

use ndarray::Array1;

use super::project::{Anchor, Bands, Projection, ProjectionRow, Projector, ScenarioRows};
use super::scenario::Scenario;
use crate::error::{Error, Result};
use crate::formula::Term;
use crate::lang::{Bilingual, Lang};
use crate::model::{Estimator, Fit, ModelSpec};
use crate::panel::Panel;
use crate::vcov::Vcov;

/// A way to project (see the module table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// No change from the last observed value.
    Naive,
    /// The region's own linear trend.
    Trend,
    /// The last value plus the all-region average annual change.
    AverageChange,
    /// The FEM's fitted level.
    Level,
    /// The FEM from the last observation (AR(1) residual carried).
    Anchored,
    /// First differences from the last observation: P0 moves by β·ΔTPT.
    Change,
    /// [`Method::Change`] plus the FD intercept as a yearly drift.
    ChangeDrift,
}

impl Method {
    /// Every method, benchmarks first.
    pub const ALL: [Method; 7] = [
        Method::Naive,
        Method::Trend,
        Method::AverageChange,
        Method::Level,
        Method::Anchored,
        Method::Change,
        Method::ChangeDrift,
    ];
    /// The methods that can carry scenarios and start from the last observation: the default is
    /// the one of these with the best rolling-backtest error.
    pub const CANDIDATES: [Method; 4] = [
        Method::Anchored,
        Method::Change,
        Method::ChangeDrift,
        Method::Naive,
    ];

    /// The name [`str::parse`] reads back.
    pub fn name(self) -> &'static str {
        match self {
            Method::Naive => "naive",
            Method::Trend => "trend",
            Method::AverageChange => "average_change",
            Method::Level => "level",
            Method::Anchored => "anchored",
            Method::Change => "change",
            Method::ChangeDrift => "change_drift",
        }
    }

    /// What a planner reads.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Method::Naive => lang.t("tanpa perubahan (nilai terakhir)", "no change (last value)"),
            Method::Trend => lang.t("tren linear wilayah", "region's linear trend"),
            Method::AverageChange => lang.t(
                "nilai terakhir + rata-rata perubahan semua wilayah",
                "last value + average change of all regions",
            ),
            Method::Level => lang.t(
                "FEM, tingkat wilayah (tanpa sisaan terakhir)",
                "FEM, region's fitted level (last residual dropped)",
            ),
            Method::Anchored => lang.t(
                "FEM berangkat dari nilai terakhir",
                "FEM anchored at the last value",
            ),
            Method::Change => lang.t(
                "model perubahan (beda pertama)",
                "change model (first differences)",
            ),
            Method::ChangeDrift => lang.t(
                "model perubahan dengan drift tahunan",
                "change model with a yearly drift",
            ),
        }
    }

    /// Whether the method projects the scenarios' TPT paths.
    pub fn uses_scenarios(self) -> bool {
        !matches!(self, Method::Trend | Method::AverageChange)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Method {
    type Err = Error;
    fn from_str(s: &str) -> Result<Method> {
        let t = s.trim().to_lowercase().replace('-', "_");
        Method::ALL
            .into_iter()
            .find(|m| m.name() == t)
            .ok_or_else(|| Error::InvalidArgument {
                what: "method".into(),
                message: format!(
                    "{s:?}; expected one of {}",
                    Method::ALL.map(Method::name).join(", ")
                ),
            })
    }
}

/// A point projection with its standard errors (fit and prediction) when the method has them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Forecast {
    /// Point.
    pub estimate: f64,
    /// Standard error of the fitted value, for the confidence band.
    pub se_fit: Option<f64>,
    /// Standard error of a new observation, for the prediction band.
    pub se_pred: Option<f64>,
    /// Degrees of freedom of the t quantiles of its bands.
    pub df: f64,
}

impl Forecast {
    /// The prediction band at `level` (e.g. 0.95), when the method has one.
    pub fn band(&self, level: f64) -> Option<(f64, f64)> {
        self.interval(self.se_pred?, level)
    }
    /// The confidence band at `level`, when the method has one.
    pub fn ci(&self, level: f64) -> Option<(f64, f64)> {
        self.interval(self.se_fit?, level)
    }
    /// estimate ± t(df) quantile × se.
    fn interval(&self, se: f64, level: f64) -> Option<(f64, f64)> {
        let q = crate::hypothesis::Dist::T { df: self.df }.critical_value(1.0 - level);
        Some((self.estimate - q * se, self.estimate + q * se))
    }
}

/// A region's history of the response (and regressors) up to the panel's last year.
#[derive(Debug, Clone)]
struct RegionHistory {
    /// (year, response) observed, in time order.
    y: Vec<(i32, f64)>,
    /// (year, regressors in the FD fit's slope order) where every regressor is observed.
    x: Vec<(i32, Vec<f64>)>,
}

/// Everything the methods need, fitted on one panel (for a backtest: the panel up to the origin).
#[derive(Debug, Clone)]
pub struct Methods {
    level: Projector,
    anchored: Projector,
    change: Fit,
    change_drift: Fit,
    change_terms: Vec<String>,
    history: BTreeMap<String, RegionHistory>,
    /// Mean annual change of the response over all regions (consecutive years).
    mean_change: f64,
    /// Mean squared annual change (the naive forecast's one-step error variance).
    naive_var: f64,
    /// Years of the estimation window (for the trend).
    from: i64,
}

use super::project::fd_formula;

impl Methods {
    /// Fit the FEM (level and anchored) and the change model on `panel` from `from` on.
    ///
    /// # Errors
    /// A model that cannot be fitted or projected on this panel.
    pub fn fit(
        spec: &ModelSpec,
        panel: &Panel,
        year_effects: super::YearEffects,
    ) -> Result<Methods> {
        let level = Projector::new(spec, panel, year_effects)?;
        let anchored = level.clone().with_anchor(Anchor::LastResidual)?;
        let from = spec.from.unwrap_or(i64::MIN);
        let fd = |drift: bool| -> Result<Fit> {
            ModelSpec::new(&fd_formula(spec))?
                .estimator(Estimator::FirstDifference)
                .fd_intercept(drift)
                .vcov(Vcov::cluster(panel.entity()))
                .sample(spec.from, spec.to)
                .fit_panel(panel)
        };
        let (change, change_drift) = (fd(false)?, fd(true)?);
        let change_terms: Vec<String> = change
            .terms()
            .iter()
            .filter(|t| *t != crate::model::INTERCEPT)
            .cloned()
            .collect();
        let response = spec.formula().response.label();
        let (history, mean_change, naive_var) =
            histories(panel, &response, &change_terms, spec.formula(), from)?;
        Ok(Methods {
            level,
            anchored,
            change,
            change_drift,
            change_terms,
            history,
            mean_change,
            naive_var,
            from,
        })
    }

    /// The FEM projector for `level` or `anchored`.
    pub fn projector(&self, method: Method) -> &Projector {
        match method {
            Method::Level => &self.level,
            _ => &self.anchored,
        }
    }

    /// The region's last observed response (year, value).
    pub fn last_value(&self, key: &str) -> Option<(i32, f64)> {
        self.history.get(key).and_then(|h| h.y.last().copied())
    }

    /// Forecast `method` for region `key` in `year`, with the FEM regressors `x` (fit term order;
    /// `base_x` those of the baseline, for the naive method's scenario deviation).
    ///
    /// # Errors
    /// A region without history or a model term without a value.
    pub fn forecast(
        &self,
        method: Method,
        key: &str,
        year: i32,
        x: &[f64],
        base_x: &[f64],
    ) -> Result<Forecast> {
        let h = self
            .history
            .get(key)
            .ok_or_else(|| Error::InvalidArgument {
                what: "region".into(),
                message: format!("{key} has no observed values to project from"),
            })?;
        let (ty, yt) =
            *h.y.last()
                .ok_or_else(|| Error::Internal("empty history".into()))?;
        let steps = f64::from(year - ty);
        let none = |estimate| Forecast {
            estimate,
            se_fit: None,
            se_pred: None,
            df: f64::INFINITY,
        };
        Ok(match method {
            Method::Naive => {
                // Scenarios as deviations from no change: β'(x − x_baseline), β from the FEM.
                let d = Array1::from(x.to_vec()) - Array1::from(base_x.to_vec());
                let fit = self.level.fit();
                let var_b = d.dot(&fit.cov().dot(&d));
                Forecast {
                    estimate: yt + d.dot(fit.coefs()),
                    se_fit: Some(var_b.sqrt()),
                    se_pred: Some((var_b + steps * self.naive_var).sqrt()),
                    df: fit.df_t(),
                }
            }
            Method::Trend => {
                let pts: Vec<(f64, f64)> =
                    h.y.iter()
                        .filter(|(y, _)| i64::from(*y) >= self.from)
                        .map(|&(y, v)| (f64::from(y), v))
                        .collect();
                let (mx, my, b) = super::line_fit(&pts);
                none(my + b * (f64::from(year) - mx))
            }
            Method::AverageChange => none(yt + steps * self.mean_change),
            Method::Level | Method::Anchored => {
                let (e, s, p) = self.projector(method).predict_full(key, year, x)?;
                Forecast {
                    estimate: e,
                    se_fit: Some(s),
                    se_pred: Some(p),
                    df: self.level.fit().df_t(),
                }
            }
            Method::Change => self.change_forecast(&self.change, h, year, x)?,
            Method::ChangeDrift => self.change_forecast(&self.change_drift, h, year, x)?,
        })
    }

    /// $y_{iT} + (x_f - x_{iT})'\hat\beta_{FD}$ (plus $h\hat\delta$ if the FD model has a drift);
    /// $\operatorname{se}^2_{fit} = z'Vz$ with $z = ([h,]\, x_f - x_{iT})$,
    /// $\operatorname{se}^2_{pred} = \operatorname{se}^2_{fit} + h\hat\sigma^2_{\Delta}$ (the
    /// disturbance a random walk).
    fn change_forecast(
        &self,
        fit: &Fit,
        h: &RegionHistory,
        year: i32,
        x: &[f64],
    ) -> Result<Forecast> {
        let (ty, yt) =
            *h.y.last()
                .ok_or_else(|| Error::Internal("empty history".into()))?;
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
        let level_terms = self.level.fit().terms();
        let z: Vec<f64> = fit
            .terms()
            .iter()
            .map(|t| {
                if t == crate::model::INTERCEPT {
                    return Ok(steps);
                }
                let j = level_terms.iter().position(|l| l == t);
                let k = self.change_terms.iter().position(|l| l == t);
                match (j, k) {
                    (Some(j), Some(k)) => Ok(x[j] - xt[k]),
                    _ => Err(Error::Internal(format!("term {t} not in both models"))),
                }
            })
            .collect::<Result<_>>()?;
        let z = Array1::from(z);
        let var = z.dot(&fit.cov().dot(&z));
        Ok(Forecast {
            estimate: yt + z.dot(fit.coefs()),
            se_fit: Some(var.sqrt()),
            se_pred: Some((var + steps * fit.sigma2()).sqrt()),
            df: fit.df_t(),
        })
    }
}

/// Per region: observed response and regressors; and the pooled mean and mean square of the
/// annual changes of the response from `from` on.
#[allow(clippy::type_complexity)]
fn histories(
    panel: &Panel,
    response: &str,
    terms: &[String],
    formula: &crate::formula::Formula,
    from: i64,
) -> Result<(BTreeMap<String, RegionHistory>, f64, f64)> {
    let df = panel.frame();
    let keys = crate::columns::strings(df, panel.entity())?;
    let years = crate::columns::ints(df, panel.time())?;
    let y = crate::columns::floats(df, response)?;
    let xs = crate::model::design::regressor_values(
        formula,
        df,
        Some(panel.entity()),
        Some(panel.time()),
    )?;
    let labels: Vec<String> = formula.regressors.iter().map(Term::label).collect();
    let src: Vec<usize> = terms
        .iter()
        .filter_map(|t| labels.iter().position(|l| l == t))
        .collect();
    let mut out: BTreeMap<String, RegionHistory> = BTreeMap::new();
    for r in 0..df.height() {
        let (Some(k), Some(t)) = (keys[r].clone(), years[r]) else {
            continue;
        };
        let h = out.entry(k).or_insert_with(|| RegionHistory {
            y: vec![],
            x: vec![],
        });
        if let Some(v) = y[r] {
            h.y.push((t as i32, v));
        }
        let xr: Option<Vec<f64>> = src.iter().map(|&j| xs[j][r]).collect();
        if let Some(xr) = xr {
            h.x.push((t as i32, xr));
        }
    }
    let mut changes = vec![];
    for h in out.values_mut() {
        h.y.sort_by_key(|p| p.0);
        h.x.sort_by_key(|p| p.0);
        for w in h.y.windows(2) {
            if w[1].0 == w[0].0 + 1 && i64::from(w[0].0) >= from {
                changes.push(w[1].1 - w[0].1);
            }
        }
    }
    let n = changes.len().max(1) as f64;
    let mean = changes.iter().sum::<f64>() / n;
    let ms = changes.iter().map(|d| d * d).sum::<f64>() / n;
    Ok((out, mean, ms))
}

impl Methods {
    /// Project `scenarios` (the baseline first) with `method`: the projection table of
    /// [`Projector::project`], with the `anchor` column saying where it starts.
    ///
    /// # Errors
    /// A method that does not carry scenarios (trend, average change), a scenario that cannot be
    /// projected.
    pub fn project(&self, method: Method, scenarios: &[Scenario]) -> Result<Projection> {
        match method {
            Method::Level | Method::Anchored => return self.projector(method).project(scenarios),
            Method::Trend | Method::AverageChange => {
                return Err(Error::InvalidArgument {
                    what: "method".into(),
                    message: format!(
                        "{method} is a benchmark: it does not project TPT scenarios; use anchored, change, naive or level"
                    ),
                });
            }
            Method::Naive | Method::Change | Method::ChangeDrift => {}
        }
        let level = &self.level;
        let base = scenarios.first().ok_or_else(|| Error::InvalidArgument {
            what: "scenarios".into(),
            message: "none given".into(),
        })?;
        let mut rows = vec![];
        for s in scenarios {
            let ScenarioRows { key, years } = level.scenario_x(s)?;
            let base_x = level.scenario_x(&Scenario {
                region: s.region.clone(),
                ..base.clone()
            })?;
            let name = super::region_name(&key, &s.region);
            for (year, x) in years {
                let bx = base_x
                    .years
                    .iter()
                    .find(|(y, _)| *y == year)
                    .map_or_else(|| x.clone(), |(_, v)| v.clone());
                let f = self.forecast(method, &key, year, &x, &bx)?;
                let pair = |b: Option<(f64, f64)>| b.unwrap_or((f64::NAN, f64::NAN));
                rows.push(ProjectionRow {
                    region: name.clone(),
                    year,
                    scenario: s.name.clone(),
                    bands: Bands {
                        estimate: f.estimate,
                        ci: pair(f.ci(0.95)),
                        pi: pair(f.band(0.95)),
                        ci80: pair(f.ci(0.80)),
                        pi80: pair(f.band(0.80)),
                    },
                    path: s.path.clone(),
                    anchor: self.anchor_text(method, &key),
                    label: super::project::labels_of(s),
                });
            }
        }
        Ok(level.projection_of(rows))
    }

    /// How `method` starts for a region, in words.
    pub fn anchor_text(&self, method: Method, key: &str) -> Bilingual {
        let (from_id, from_en) = self
            .last_value(key)
            .map_or_else(Default::default, |(y, v)| {
                (
                    format!("pengamatan terakhir {y} ({v:.2})"),
                    format!("last observation {y} ({v:.2})"),
                )
            });
        let after =
            |id: &str, en: &str| Bilingual::new(format!("{from_id}{id}"), format!("{from_en}{en}"));
        match method {
            Method::Level | Method::Anchored => self.projector(method).anchor_text(key),
            Method::Naive => after(
                "; skenario sebagai selisih dari tanpa perubahan",
                "; scenarios as deviations from no change",
            ),
            Method::Change => after(
                "; bergerak sebesar kemiringan model perubahan dikali perubahan TPT",
                "; moves by the change model's slope times the TPT change",
            ),
            Method::ChangeDrift => {
                let drift = self
                    .change_drift
                    .coef(crate::model::INTERCEPT)
                    .unwrap_or(0.0);
                after(
                    &format!("; model perubahan dengan drift {drift:+.3} per tahun"),
                    &format!("; change model with a drift of {drift:+.3} a year"),
                )
            }
            Method::Trend => Bilingual::new("tren linear wilayah", "region's linear trend"),
            Method::AverageChange => after(
                "; perubahan rata-rata semua wilayah",
                "; average change of all regions",
            ),
        }
    }
}
