//! A region's projection request and its run.

use super::defaults;
use crate::error::{Error, Result};
use crate::model::ModelSpec;
use crate::panel::Panel;
use crate::projection::{
    self, Method, Projector, RollingBacktest, Scenario, ScenarioSet, TargetAnswer, YearEffects,
};
use crate::vcov::Vcov;

pub use crate::projection::TptTarget;

/// Bootstrap bands instead of the delta method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bootstrap {
    /// Replications.
    pub reps: usize,
    /// Seed.
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap {
            reps: defaults::BOOTSTRAP_REPS,
            seed: defaults::BOOTSTRAP_SEED,
        }
    }
}

/// What to project for a region. [`ProjectionPlan::new`] fills every default from
/// [`defaults`]; set fields to change them.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionPlan {
    /// Region name or BPS code.
    pub region: String,
    /// Model formula (pooled, or fixed effects by region [and year]).
    pub formula: String,
    /// First year of the estimation sample.
    pub from: i64,
    /// Last projected year.
    pub horizon: i32,
    /// How year effects are carried.
    pub year_effects: YearEffects,
    /// A TPT target path.
    pub tpt_target: Option<TptTarget>,
    /// Year the TPT target is reached (default: the plan year, horizon − 1).
    pub tpt_by: Option<i32>,
    /// Fewer unemployed persons a year (needs `labour_force`).
    pub reduce_unemployed: Option<f64>,
    /// Labour force (persons) to convert persons into TPT.
    pub labour_force: Option<f64>,
    /// Further scenarios (from files).
    pub extra_scenarios: Vec<Scenario>,
    /// A P0 target to seek the TPT for …
    pub target: Option<f64>,
    /// … in this year (default: the plan year).
    pub target_year: Option<i32>,
    /// Backtest every method: from one origin, or from every origin the data allow.
    pub backtest: Option<BacktestWhen>,
    /// The projection method; `None`: the candidate with the smallest rolling-backtest error
    /// ([`Method::candidates`]; the level method when bootstrap bands are asked for).
    pub method: Option<Method>,
    /// Bootstrap bands instead of the delta method.
    pub bootstrap: Option<Bootstrap>,
}

/// Which backtest to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BacktestWhen {
    /// Fit up to this year, project every later year.
    Year(i32),
    /// Every origin from two years after the sample start to the year before the last, up to
    /// five years ahead.
    Rolling,
}

impl std::str::FromStr for BacktestWhen {
    type Err = Error;
    /// `rolling` or a year.
    fn from_str(s: &str) -> Result<BacktestWhen> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("rolling") {
            return Ok(BacktestWhen::Rolling);
        }
        t.parse()
            .map(BacktestWhen::Year)
            .map_err(|_| Error::InvalidArgument {
                what: "backtest".into(),
                message: format!("{s:?}; expected `rolling` or a year such as 2019"),
            })
    }
}

/// What a plan produced.
#[derive(Debug, Clone)]
pub struct ProjectionRun {
    /// The panel key of the region (its BPS code when known).
    pub region_code: String,
    /// Its name.
    pub region_name: String,
    /// The specification fitted (the sample window and clustering of the plan).
    pub spec: ModelSpec,
    /// The fitted model ready to project.
    pub projector: Projector,
    /// The scenarios, baseline first.
    pub scenarios: Vec<Scenario>,
    /// The typed projection: rows with their bands, descriptions in both languages (its frame:
    /// [`projection::Projection::frame`]).
    pub projection: projection::Projection,
    /// Target seeking, when a P0 target was given.
    pub target: Option<TargetAnswer>,
    /// The method the table uses.
    pub method: Method,
    /// Why that method (English, Indonesian).
    pub method_why: (String, String),
    /// The rolling backtest that chose the method (when the plan did not fix it).
    pub evidence: Option<RollingBacktest>,
    /// The backtest asked for.
    pub backtest: Option<RollingBacktest>,
}

impl ProjectionPlan {
    /// The default plan for a region.
    pub fn new(region: &str) -> ProjectionPlan {
        ProjectionPlan {
            region: region.to_string(),
            formula: defaults::PROJECTION_FORMULA.into(),
            from: defaults::sample_from(),
            horizon: defaults::HORIZON,
            year_effects: defaults::YEAR_EFFECTS,
            tpt_target: None,
            tpt_by: None,
            reduce_unemployed: None,
            labour_force: None,
            extra_scenarios: vec![],
            target: None,
            target_year: None,
            backtest: None,
            method: None,
            bootstrap: None,
        }
    }

    /// The plan year (targets and TPT paths default to it).
    pub fn plan_year(&self) -> i32 {
        defaults::plan_year(self.horizon)
    }

    /// The model specification: the formula from `from` on, clustered by the panel's entity.
    pub fn spec(&self, panel: &Panel) -> Result<ModelSpec> {
        Ok(ModelSpec::new(&self.formula)?
            .vcov(Vcov::cluster(panel.entity()))
            .sample(Some(self.from), None))
    }

    /// Every value of the plan in its range, before anything is allocated for it.
    fn check(&self, last_year: i32) -> Result<()> {
        let bad = |what: &str, message: String| {
            Err(Error::InvalidArgument {
                what: what.into(),
                message,
            })
        };
        let max = last_year + projection::MAX_HORIZON;
        let future = |what: &str, y: i32, upto: i32| {
            if y <= last_year || y > upto {
                bad(
                    what,
                    format!(
                        "{y}; use a year after the last year of data ({last_year}), up to {upto}"
                    ),
                )
            } else {
                Ok(())
            }
        };
        future("horizon", self.horizon, max)?;
        let percent = |what: &str, v: Option<f64>| match v {
            Some(v) if !(0.0..=100.0).contains(&v) => {
                bad(what, format!("{v}; a rate in percent, 0 to 100"))
            }
            _ => Ok(()),
        };
        if let Some(TptTarget::Level(v)) = self.tpt_target {
            percent("TPT target", Some(v))?;
        }
        if let Some(TptTarget::Change(d)) = self.tpt_target
            && !(-100.0..=100.0).contains(&d)
        {
            return bad(
                "TPT change",
                format!("{d} percentage points; use −100 to 100"),
            );
        }
        percent("P0 target", self.target)?;
        if let Some(y) = self.tpt_by {
            future("TPT target year", y, self.horizon)?;
        }
        if let Some(y) = self.target_year {
            future("P0 target year", y, self.horizon)?;
        }
        for (what, v) in [
            ("fewer unemployed persons", self.reduce_unemployed),
            ("labour force", self.labour_force),
        ] {
            if let Some(v) = v
                && !(v.is_finite() && v >= 0.0)
            {
                return bad(what, format!("{v}; a number of persons, 0 or more"));
            }
        }
        if let Some(BacktestWhen::Year(y)) = self.backtest
            && !(1900..last_year).contains(&y)
        {
            return bad(
                "backtest",
                format!("{y}; fit up to a year before the last year of data ({last_year})"),
            );
        }
        if let Some(b) = self.bootstrap
            && !(2..=crate::bootstrap::MAX_REPS).contains(&b.reps)
        {
            return bad(
                "bootstrap",
                format!("{} replications; use 2 to 100,000", b.reps),
            );
        }
        Ok(())
    }

    /// The panel key of the plan's region: its BPS code when the registry knows the name, else
    /// the name as the panel has it. A province or a name the panel does not hold is an error.
    fn region_key(&self, panel: &Panel) -> Result<String> {
        let code = projection::entity_key(&self.region);
        if panel.region(&code).is_ok() {
            return Ok(code);
        }
        let reg = crate::registry::Registry::bundled();
        if let Some(r) = reg.resolve(&self.region)
            && r.region_type == crate::registry::RegionType::Province
        {
            return Err(Error::InvalidArgument {
                what: "region".into(),
                message: format!(
                    "{} is a province (BPS code {}); projections are for one kab/kota of the panel: name one",
                    r.name, r.code
                ),
            });
        }
        // A kab/kota the registry knows but this panel does not hold: say so, not "unknown".
        if let Some(r) = reg.resolve(&self.region).or_else(|| reg.by_code(&code))
            && panel.region(&r.code).is_err()
            && panel.region(&self.region).is_err()
        {
            let n =
                crate::columns::key_codes_u32(panel.frame(), panel.entity()).map_or(0, |(_, n)| n);
            return Err(Error::InvalidArgument {
                what: "region".into(),
                message: format!(
                    "{} (BPS code {}) is not in this panel of {n} regions; project it on a panel that holds it (the national panel: indonesia_panel(), --data indonesia)",
                    r.name, r.code
                ),
            });
        }
        let rows = panel.region(&self.region)?;
        let key = crate::columns::strings(&rows, panel.entity())?;
        key.into_iter()
            .flatten()
            .next()
            .ok_or_else(|| Error::Internal("a region's rows without a key".into()))
    }

    /// The method: the plan's, else the level method for bootstrap bands, else the candidate
    /// with the smallest rolling-backtest error.
    #[allow(clippy::type_complexity)]
    fn choose(
        &self,
        rolling: impl Fn() -> Result<RollingBacktest>,
    ) -> Result<(Method, (String, String), Option<RollingBacktest>)> {
        if let Some(m) = self.method {
            return Ok((
                m,
                (
                    format!("{} (chosen by the user)", m.label(crate::lang::Lang::En)),
                    format!("{} (dipilih pengguna)", m.label(crate::lang::Lang::Id)),
                ),
                None,
            ));
        }
        if self.bootstrap.is_some() {
            return Ok((
                Method::Level,
                (
                    "FEM, region's fitted level: bootstrap bands are implemented for it".into(),
                    "FEM, tingkat wilayah: selang bootstrap tersedia untuk metode ini".into(),
                ),
                None,
            ));
        }
        let e = rolling()?;
        Ok((e.chosen, (e.why_en.clone(), e.why_id.clone()), Some(e)))
    }

    /// The plan's backtest alone: every method from each origin `when` names (the rolling
    /// origins, or one cut-off year), scored on the same region-years of `panel`. The one
    /// backtest behind `project --backtest`, the report and the notebook's `backtest()`.
    ///
    /// ```
    /// # fn main() -> indikator::Result<()> {
    /// use indikator::plan::{BacktestWhen, DataSource, ProjectionPlan};
    /// let panel = DataSource::Jabar.panel(None, None)?;
    /// let b = ProjectionPlan::new("").backtest(&panel, BacktestWhen::Year(2019))?;
    /// assert_eq!(b.origins, vec![2019]);
    /// # Ok(()) }
    /// ```
    pub fn backtest(
        &self,
        panel: &Panel,
        when: BacktestWhen,
    ) -> Result<projection::RollingBacktest> {
        let spec = self.spec(panel)?;
        let mut plan = self.clone();
        plan.backtest = Some(when);
        plan.check(panel.last_year()?)?;
        self.backtest_with(&spec, panel, when)
    }

    fn backtest_with(
        &self,
        spec: &ModelSpec,
        panel: &Panel,
        when: BacktestWhen,
    ) -> Result<projection::RollingBacktest> {
        match when {
            BacktestWhen::Rolling => projection::rolling_backtest(
                spec,
                panel,
                &projection::rolling_origins(self.from, panel.last_year()?),
                Some(projection::ROLLING_HORIZON),
                self.year_effects,
            ),
            BacktestWhen::Year(y) => {
                projection::rolling_backtest(spec, panel, &[y], None, self.year_effects)
            }
        }
    }

    /// Fit, build the scenarios, project, seek the target, backtest.
    ///
    /// # Errors
    /// An unknown region, a horizon not after the data, a model that cannot be projected, and
    /// the errors of each step.
    pub fn run(&self, panel: &Panel) -> Result<ProjectionRun> {
        let code = self.region_key(panel)?;
        let spec = self.spec(panel)?;
        let last = panel.last_year()?;
        self.check(last)?;
        // Every model the plan may use, fitted once on the panel.
        let methods = projection::Methods::fit(&spec, panel, self.year_effects)?;
        let projector = methods.projector(Method::Level);
        let var = crate::indicator::UNEMPLOYMENT_RATE;
        let plan_year = self.plan_year();
        let mut scenarios = ScenarioSet {
            to: self.horizon,
            tpt_target: self.tpt_target,
            tpt_by: self.tpt_by.unwrap_or(plan_year),
            reduce_unemployed: self.reduce_unemployed,
            labour_force: self.labour_force,
        }
        .build(panel, &code, last)?;
        scenarios.extend(self.extra_scenarios.iter().cloned());
        let rolling = || self.backtest_with(&spec, panel, BacktestWhen::Rolling);
        let (method, method_why, evidence) = self.choose(rolling)?;
        let projection = match (self.bootstrap, method) {
            (Some(b), Method::Level) => projector.project_bootstrap(&scenarios, b.reps, b.seed)?,
            (Some(_), m) => {
                return Err(Error::InvalidArgument {
                    what: "bootstrap".into(),
                    message: format!(
                        "bootstrap bands are implemented for the level method, not {m}; drop the bootstrap or choose the level method"
                    ),
                });
            }
            (None, m) => methods.project(m, &scenarios)?,
        };
        // Target seeking on the FEM as the method uses it (level, or from the last observation).
        let seeker = methods.projector(method);
        let target = self
            .target
            .map(|t| {
                let year = self.target_year.unwrap_or(plan_year);
                projection::seek_target(seeker, &code, var, t, year, Some(&scenarios[0]))
            })
            .transpose()?;
        let backtest = match self.backtest {
            None => None,
            Some(BacktestWhen::Rolling) => match &evidence {
                Some(e) => Some(e.clone()),
                None => Some(rolling()?),
            },
            Some(when @ BacktestWhen::Year(_)) => Some(self.backtest_with(&spec, panel, when)?),
        };
        Ok(ProjectionRun {
            region_name: projection::region_name(&code, &self.region),
            region_code: code,
            spec,
            projector: projector.clone(),
            scenarios,
            projection,
            target,
            method,
            method_why,
            evidence,
            backtest,
        })
    }
}
