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
//!
//! ## Adding a method
//!
//! Every method is a [`Forecaster`] fitted at an origin from the [`Origin`] the methods share
//! (the FEM, each region's history), described by one row of [`METHODS`]: its name, its label in
//! both languages, whether it is a candidate for the default and whether it carries scenarios.
//! The names `--method` and the notebook accept, `--help`, the cell documentation, the rolling
//! backtest and the report's tables all read that table. A new method is a file here with its
//! `Forecaster` and its `fit`, a variant of [`Method`] and a row of [`METHODS`].

mod change;
mod fem;
mod history;
mod simple;

use std::sync::Arc;

use super::project::{Projection, ProjectionRow, Projector, ScenarioRows};
use super::scenario::Scenario;
use crate::error::{Error, Result};
use crate::lang::{Bilingual, Lang};
use crate::model::ModelSpec;
use crate::panel::Panel;
pub use history::Origin;

/// A way to project (see the module table; its metadata in [`METHODS`]).
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

/// A method fitted at an origin: its forecast for a region and year, and where it starts.
pub trait Forecaster: std::fmt::Debug + Send + Sync {
    /// The forecast for region `key` in `year`, with the FEM regressors `x` of the scenario (fit
    /// term order) and `base_x` those of the baseline (for methods that carry scenarios as
    /// deviations).
    ///
    /// # Errors
    /// A region without history or a model term without a value.
    fn forecast(
        &self,
        at: &Origin,
        key: &str,
        year: i32,
        x: &[f64],
        base_x: &[f64],
    ) -> Result<Forecast>;

    /// Where the forecast starts for region `key`, in both languages.
    fn anchor(&self, at: &Origin, key: &str) -> Bilingual;

    /// The FEM projector behind the method, for methods that are one (level, anchored).
    fn projector(&self) -> Option<&Projector> {
        None
    }
}

/// One row of [`METHODS`]: a method and what every interface says of it.
#[derive(Clone, Copy)]
pub struct MethodInfo {
    /// The method.
    pub method: Method,
    /// The name `--method`, the notebook and JSON use.
    pub name: &'static str,
    /// What a planner reads, in Indonesian.
    pub label_id: &'static str,
    /// What an analyst reads, in English.
    pub label_en: &'static str,
    /// Its rank among the candidates for the default (the smallest rolling-backtest error wins;
    /// ties go to the lower rank); `None`: a benchmark only.
    pub candidate: Option<u8>,
    /// Whether the method projects the scenarios' TPT paths.
    pub uses_scenarios: bool,
    /// Fit the method at an origin.
    pub fit: fn(&Origin, &ModelSpec, &Panel) -> Result<Arc<dyn Forecaster>>,
}

impl std::fmt::Debug for MethodInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MethodInfo")
            .field("name", &self.name)
            .field("candidate", &self.candidate)
            .field("uses_scenarios", &self.uses_scenarios)
            .finish()
    }
}

/// Every method, benchmarks first: the one table the names, labels, `--help`, the cell docs,
/// the backtest and the default's candidates are read from.
pub const METHODS: &[MethodInfo] = &[
    simple::NAIVE,
    simple::TREND,
    simple::AVERAGE_CHANGE,
    fem::LEVEL,
    fem::ANCHORED,
    change::CHANGE,
    change::CHANGE_DRIFT,
];

impl Method {
    /// Every method, in [`METHODS`] order (benchmarks first).
    pub const ALL: [Method; 7] = [
        Method::Naive,
        Method::Trend,
        Method::AverageChange,
        Method::Level,
        Method::Anchored,
        Method::Change,
        Method::ChangeDrift,
    ];

    /// The methods that can carry scenarios and start from the last observation, in their rank:
    /// the default is the one of these with the best rolling-backtest error.
    pub fn candidates() -> Vec<Method> {
        let mut c: Vec<&MethodInfo> = METHODS.iter().filter(|m| m.candidate.is_some()).collect();
        c.sort_by_key(|m| m.candidate);
        c.into_iter().map(|m| m.method).collect()
    }

    /// Its row of [`METHODS`].
    pub fn info(self) -> &'static MethodInfo {
        METHODS
            .iter()
            .find(|m| m.method == self)
            .expect("every method has a row in METHODS (tested)")
    }

    /// The name [`str::parse`] reads back.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// What a planner reads.
    pub fn label(self, lang: Lang) -> &'static str {
        let i = self.info();
        lang.t(i.label_id, i.label_en)
    }

    /// Whether the method projects the scenarios' TPT paths.
    pub fn uses_scenarios(self) -> bool {
        self.info().uses_scenarios
    }

    /// The names of every method, `a, b, …` (for help texts and error messages).
    pub fn names() -> String {
        METHODS
            .iter()
            .map(|m| m.name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The names of the methods that carry scenarios (what `--method` can project).
    pub fn scenario_names() -> String {
        METHODS
            .iter()
            .filter(|m| m.uses_scenarios)
            .map(|m| m.name)
            .collect::<Vec<_>>()
            .join(", ")
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
        METHODS
            .iter()
            .find(|m| m.name == t)
            .map(|m| m.method)
            .ok_or_else(|| Error::InvalidArgument {
                what: "method".into(),
                message: format!("{s:?}; expected one of {}", Method::names()),
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
    /// A point without bands.
    pub fn point(estimate: f64) -> Forecast {
        Forecast {
            estimate,
            se_fit: None,
            se_pred: None,
            df: f64::INFINITY,
        }
    }
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

/// Every method fitted on one panel (for a backtest: the panel up to the origin).
#[derive(Debug, Clone)]
pub struct Methods {
    origin: Origin,
    fitted: Vec<(Method, Arc<dyn Forecaster>)>,
}

impl Methods {
    /// Fit every method of [`METHODS`] on `panel` from `spec.from` on.
    ///
    /// # Errors
    /// A model that cannot be fitted or projected on this panel.
    pub fn fit(
        spec: &ModelSpec,
        panel: &Panel,
        year_effects: super::YearEffects,
    ) -> Result<Methods> {
        let origin = Origin::fit(spec, panel, year_effects)?;
        let fitted = METHODS
            .iter()
            .map(|m| Ok((m.method, (m.fit)(&origin, spec, panel)?)))
            .collect::<Result<_>>()?;
        Ok(Methods { origin, fitted })
    }

    fn get(&self, method: Method) -> &dyn Forecaster {
        self.fitted
            .iter()
            .find(|(m, _)| *m == method)
            .map(|(_, f)| f.as_ref())
            .expect("Methods::fit fits every method")
    }

    /// The FEM projector for `level` or `anchored` (the level one for any other method).
    pub fn projector(&self, method: Method) -> &Projector {
        self.get(method).projector().unwrap_or(&self.origin.level)
    }

    /// The region's last observed response (year, value).
    pub fn last_value(&self, key: &str) -> Option<(i32, f64)> {
        self.origin.last_value(key)
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
        self.get(method)
            .forecast(&self.origin, key, year, x, base_x)
    }

    /// How `method` starts for a region, in both languages.
    pub fn anchor_text(&self, method: Method, key: &str) -> Bilingual {
        self.get(method).anchor(&self.origin, key)
    }

    /// Project `scenarios` (the baseline first) with `method`: the typed projection of
    /// [`Projector::project`], each row saying where it starts.
    ///
    /// # Errors
    /// A method that does not carry scenarios (trend, average change), a scenario that cannot be
    /// projected.
    pub fn project(&self, method: Method, scenarios: &[Scenario]) -> Result<Projection> {
        if let Some(p) = self.get(method).projector() {
            return p.project(scenarios);
        }
        if !method.uses_scenarios() {
            return Err(Error::InvalidArgument {
                what: "method".into(),
                message: format!(
                    "{method} is a benchmark: it does not project TPT scenarios; use {}",
                    Method::scenario_names()
                ),
            });
        }
        let level = &self.origin.level;
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
            let anchor = self.anchor_text(method, &key);
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
                    bands: super::Bands {
                        estimate: f.estimate,
                        ci: pair(f.ci(0.95)),
                        pi: pair(f.band(0.95)),
                        ci80: pair(f.ci(0.80)),
                        pi80: pair(f.band(0.80)),
                    },
                    path: s.path.clone(),
                    anchor: anchor.clone(),
                    label: super::project::labels_of(s),
                });
            }
        }
        Ok(level.projection_of(rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_has_one_row_and_the_lists_follow_the_table() {
        assert_eq!(METHODS.len(), Method::ALL.len());
        for (m, row) in Method::ALL.iter().zip(METHODS) {
            assert_eq!(*m, row.method);
            assert_eq!(row.name.parse::<Method>().unwrap(), *m);
            assert_eq!(serde_json::to_value(m).unwrap(), row.name);
        }
        assert_eq!(
            Method::candidates(),
            [
                Method::Anchored,
                Method::Change,
                Method::ChangeDrift,
                Method::Naive
            ]
        );
        assert_eq!(
            Method::names(),
            "naive, trend, average_change, level, anchored, change, change_drift"
        );
    }
}
