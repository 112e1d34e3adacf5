//! The planners' report: for one region, fit and choose the model, project to the plan horizon
//! under TPT scenarios, seek the TPT a public poverty target needs, backtest, draw the charts, and
//! write a self-contained HTML report (charts inline) with the charts as SVG and PNG beside it.
//!
//! Four steps, each usable alone: [`analyse`] (numbers, no I/O) → [`charts`] → [`html`] →
//! files ([`rpjmd_report`] runs all four).

mod html;
pub mod nation;
pub mod workbook;

use std::path::{Path, PathBuf};

pub use html::html;

use crate::choice::{ModelChoice, PanelModel};
use crate::datasets::{Target, TargetKind};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::model::{Estimator, Fit, ModelSpec};
use crate::panel::Panel;
use crate::plan::model_choice;
use crate::plan::{BacktestWhen, ProjectionPlan, ProjectionRun, TptTarget, defaults};
use crate::plot::{self, Chart};
use crate::projection;
use crate::registry::Registry;
use crate::vcov::Vcov;

/// Everything the report shows, computed once.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// BPS code of the region.
    pub region_code: String,
    /// Its name.
    pub region_name: String,
    /// The province's name (for chart titles).
    pub province: String,
    /// The province's BPS code.
    pub province_code: String,
    /// Which panel the models are estimated on, and why.
    pub estimated_on: projection::Label,
    /// Last projected year.
    pub horizon: i32,
    /// The plan year (horizon − 1).
    pub plan_year: i32,
    /// The panel the models are fitted on.
    pub panel: Panel,
    /// Pooled OLS (CEM), FEM, two-way FEM and REM, in that order, with their labels.
    pub models: Vec<(String, Fit)>,
    /// Chow → Hausman → LM.
    pub choice: ModelChoice,
    /// The projection (FEM, with the backtest).
    pub projection: ProjectionRun,
    /// The region's published targets.
    pub targets: Vec<Target>,
    /// The claim on all 514 kab/kota (clustered by province).
    pub nation: nation::NationalClaim,
    /// Where the region stands in its province and in Indonesia.
    pub standing: crate::plan::Standing,
}

/// The region's projected P0 in the plan year under one scenario.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScenarioOutcome {
    /// Scenario (its identifier, e.g. `baseline`).
    pub scenario: String,
    /// The scenario as a planner reads it (Indonesian, English).
    pub label: projection::Label,
    /// Projected P0.
    pub estimate: f64,
    /// Lower end of the 95% prediction band.
    pub pi_low: f64,
    /// Upper end of the 95% prediction band.
    pub pi_high: f64,
}

/// A slope and its p-value.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Slope {
    /// Estimate.
    pub estimate: f64,
    /// p-value (cluster-robust).
    pub p_value: f64,
}

/// What the report found, also printed by the example and the CLI.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportSummary {
    /// The workbook of the report's tables.
    pub xlsx: PathBuf,
    /// Region.
    pub region: String,
    /// The HTML report.
    pub html: PathBuf,
    /// Model chosen by Chow → Hausman → LM.
    pub chosen: PanelModel,
    /// Within-region slope of P0 on TPT (FEM) and its CR1 p-value.
    pub fem_slope: Slope,
    /// The plan year the projections below are for.
    pub plan_year: i32,
    /// Projected P0 in the plan year per scenario.
    pub projections: Vec<ScenarioOutcome>,
    /// Target seeking, when a poverty target is public.
    pub target: Option<projection::TargetAnswer>,
    /// The projection method and why (English, Indonesian).
    pub method: projection::Method,
    /// Why that method.
    pub method_why: (String, String),
    /// The rolling backtest's scores of every method over all horizons.
    pub backtest: Vec<projection::MethodScore>,
}

fn f64s(df: &polars::prelude::DataFrame, c: &str) -> Result<Vec<f64>> {
    Ok(crate::columns::floats(df, c)?
        .into_iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect())
}

/// The report's projection request: the plan defaults, a TPT path 1 pp below the last value, the
/// Pemkot's persons programme and the nearest public P0 target when `data/targets.csv` has them.
fn plan_for(code: &str, horizon: i32, targets: &[Target], panel: &Panel) -> Result<ProjectionPlan> {
    let mut plan = ProjectionPlan::new(code);
    plan.horizon = horizon;
    plan.tpt_target = Some(TptTarget::Change(-1.0));
    plan.backtest = Some(BacktestWhen::Rolling);
    let find = |ind: &str| targets.iter().find(|t| t.indicator == ind);
    if let (Some(n), Some(u)) = (
        find("unemployed_persons_reduction"),
        find("unemployed_persons"),
    ) {
        let h = projection::history(panel, code, crate::indicator::UNEMPLOYMENT_RATE)?;
        if let Some((_, last_u)) = h.last() {
            plan.reduce_unemployed = Some(n.value);
            plan.labour_force = Some(u.value / (last_u / 100.0));
        }
    }
    let last = panel.last_year()?;
    let p0 = targets
        .iter()
        .filter(|t| {
            t.indicator == crate::indicator::POVERTY_RATE
                && t.kind == TargetKind::Target
                && t.year > last
        })
        .min_by_key(|t| t.year);
    if let Some(t) = p0 {
        plan.target = Some(t.value);
        plan.target_year = Some(t.year);
    }
    Ok(plan)
}

/// Fit the four models, choose, and run the projection plan for a kab/kota of Indonesia, on the
/// panel [`crate::plan::region_panel`] picks (Jawa Barat's, the province's, or the nation's).
///
/// # Errors
/// An unknown or ambiguous region, a province; the errors of each step.
pub fn analyse(region: &str, horizon: i32) -> Result<ReportData> {
    let reg = Registry::bundled();
    let r = reg.lookup(region)?;
    let scope = crate::plan::region_panel(r)?;
    let (code, name) = (r.code.clone(), r.name.clone());
    let panel = scope.panel;
    let f = "poverty_rate ~ unemployment_rate";
    let from = Some(defaults::sample_from());
    let spec = |formula: &str| -> Result<ModelSpec> {
        Ok(ModelSpec::new(formula)?
            .vcov(Vcov::cluster("region_code"))
            .sample(from, None))
    };
    let targets: Vec<Target> = crate::datasets::targets()?
        .into_iter()
        .filter(|t| t.region_code == code)
        .collect();
    let projection = plan_for(&code, horizon, &targets, &panel)?.run(&panel)?;
    let models = vec![
        ("CEM".to_string(), spec(f)?.fit_panel(&panel)?),
        // The plan's projection model is the FEM: the same fit, not a second one.
        ("FEM".to_string(), projection.projector.fit().clone()),
        (
            "FEM + year".to_string(),
            spec(&format!("{f} | region_code + year"))?.fit_panel(&panel)?,
        ),
        (
            "REM".to_string(),
            ModelSpec::new(f)?
                .estimator(Estimator::Random)
                .sample(from, None)
                .fit_panel(&panel)?,
        ),
    ];
    let choice = model_choice(
        &ModelSpec::new(f)?.sample(from, None),
        &panel,
        defaults::ALPHA,
    )?;

    Ok(ReportData {
        province: scope.province,
        province_code: r.parent.clone().unwrap_or_default(),
        estimated_on: projection::Label {
            id: scope.why_id,
            en: scope.why_en,
        },
        region_code: code,
        region_name: name,
        horizon,
        plan_year: defaults::plan_year(horizon),
        panel,
        models,
        choice,
        projection,
        targets,
        nation: nation::national_claim()?,
        standing: crate::plan::standing(r, &crate::datasets::indonesia_panel()?)?,
    })
}

/// The province's map of P0 in the latest year, and of its change over one RPJMD period, the
/// region outlined.
fn maps(d: &ReportData, lang: Lang) -> Result<(Chart, Chart)> {
    use crate::map::{Classes, Measure, Scope, indicator_map};
    let province = Registry::bundled()
        .by_code(&d.province_code)
        .ok_or_else(|| Error::Internal(format!("province {} unknown", d.province_code)))?;
    let year = d.standing.rows[0].year;
    let p0 = crate::indicator::POVERTY_RATE;
    let scope = Scope::Province(province);
    let sel = Some(d.region_code.as_str());
    let level = indicator_map(
        scope,
        p0,
        Measure::Level(year),
        Classes::default(),
        sel,
        lang,
    )?;
    let from = year - crate::plan::PLAN_PERIOD_YEARS;
    let change = indicator_map(
        scope,
        p0,
        Measure::Change(from, year),
        Classes::default(),
        sel,
        lang,
    )?;
    Ok((level.chart, change.chart))
}

/// The report's charts, each with the file stem it is saved under.
pub fn charts(d: &ReportData, lang: Lang) -> Result<Vec<(&'static str, Chart)>> {
    let var = crate::indicator::UNEMPLOYMENT_RATE;
    let p0 = crate::indicator::POVERTY_RATE;
    let run = &d.projection;
    let marks: Vec<(i32, f64, String)> = crate::datasets::marks_of(&d.targets)
        .into_iter()
        .map(|m| (m.year, m.value, m.kind.to_string()))
        .collect();
    let fan = plot::fan_chart(
        &format!(
            "{}: {}",
            d.region_name,
            lang.t("proyeksi P0", "P0 projection")
        ),
        &projection::history(&d.panel, &d.region_code, p0)?,
        &plot::bands_labelled(&run.projection, lang),
        &marks,
        Some(defaults::sample_from() as i32),
        lang,
    )?;
    let reg = Registry::bundled();
    let series = |ind: &str| -> Result<Vec<plot::RegionSeries>> {
        reg.regions()
            .iter()
            .filter(|g| g.parent.as_deref() == Some(d.province_code.as_str()))
            .map(|g| Ok((g.name.clone(), projection::history(&d.panel, &g.code, ind)?)))
            .collect()
    };
    let mp = plot::small_multiples(
        &d.province,
        &series(p0)?,
        &d.region_name,
        &plot::indicator_axis(p0, lang),
        lang,
    )?;
    let mu = plot::small_multiples(
        &d.province,
        &series(var)?,
        &d.region_name,
        &plot::indicator_axis(var, lang),
        lang,
    )?;
    let sc = plot::within_scatter(&d.models[1].1, var, lang)?;
    let labelled: Vec<(&str, &Fit)> = d
        .models
        .iter()
        .map(|(n, f)| {
            (
                if n == "FEM + year" {
                    lang.t("FEM + tahun", "FEM + year")
                } else {
                    n.as_str()
                },
                f,
            )
        })
        .collect();
    let cp = plot::coef_plot(&labelled, var, lang)?;
    let bt = run
        .backtest
        .as_ref()
        .ok_or_else(|| Error::Internal("the report's plan has no backtest".into()))?;
    let btc = plot::error_by_horizon(&bt.by_horizon, run.method, lang)?;
    let quadrant = plot::quadrant(&d.standing, lang)?;
    let (p0_map, p0_change_map) = maps(d, lang)?;
    let rank = plot::rank_chart(&d.standing, p0, lang)?;
    let mut spatial = Vec::new();
    if let Some(c) = &d.choice.spatial {
        let year = c.years.1 as i32;
        let seeded = (defaults::LISA_PERMUTATIONS, defaults::LISA_SEED);
        let pat = crate::spatial::spatial_pattern(&d.panel, p0, year, seeded)?;
        spatial.push((
            "moran_scatter",
            plot::moran_scatter(&pat.lisa, &pat.moran, p0, year, lang)?,
        ));
        let lisa = crate::map::lisa_map(
            &pat.lisa,
            defaults::ALPHA,
            (p0, year),
            Some(&d.region_code),
            lang,
        )?;
        spatial.push(("lisa_map", lisa.chart));
    }
    Ok([
        ("fan", fan),
        ("p0_multiples", mp),
        ("tpt_multiples", mu),
        ("within_scatter", sc),
        ("coefficients", cp),
        ("backtest", btc),
        ("quadrant", quadrant),
        ("p0_rank", rank),
        ("p0_map", p0_map),
        ("p0_change_map", p0_change_map),
    ]
    .into_iter()
    .chain(spatial)
    .collect())
}

/// The projected P0 in the plan year, per scenario.
pub fn outcomes(d: &ReportData) -> Result<Vec<ScenarioOutcome>> {
    Ok(d.projection
        .projection
        .rows
        .iter()
        .filter(|r| r.year == d.plan_year)
        .map(|r| ScenarioOutcome {
            scenario: r.scenario.clone(),
            label: r.label.clone(),
            estimate: r.bands.estimate,
            pi_low: r.bands.pi.0,
            pi_high: r.bands.pi.1,
        })
        .collect())
}

/// Build the report for `region` into `out` (created if needed), labels in `lang`.
pub fn rpjmd_report(region: &str, lang: Lang, out: &Path, horizon: i32) -> Result<ReportSummary> {
    let stage = |done| crate::progress::report(("laporan RPJMD", "RPJMD report"), done, 4);
    stage(0);
    let d = analyse(region, horizon)?;
    stage(1);
    let charts = charts(&d, lang)?;
    stage(2);
    std::fs::create_dir_all(out).map_err(|source| Error::Io {
        path: out.into(),
        source,
    })?;
    for (stem, c) in &charts {
        c.save(out, stem)?;
    }
    let page = html(&d, &charts, lang)?;
    let path = out.join("report.html");
    std::fs::write(&path, &page).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    stage(3);
    let xlsx = out.join("report.xlsx");
    std::fs::write(&xlsx, workbook::workbook(&d, lang)?).map_err(|source| Error::Io {
        path: xlsx.clone(),
        source,
    })?;
    stage(4);
    let fem = &d.models[1].1.coefficients(0.95)[0];
    let backtest = d
        .projection
        .backtest
        .as_ref()
        .map(|b| b.methods.clone())
        .ok_or_else(|| Error::Internal("the report's plan has no backtest".into()))?;
    Ok(ReportSummary {
        region: d.region_name.clone(),
        html: path,
        xlsx,
        chosen: d.choice.chosen,
        fem_slope: Slope {
            estimate: fem.estimate,
            p_value: fem.p_value,
        },
        plan_year: d.plan_year,
        projections: outcomes(&d)?,
        target: d.projection.target.clone(),
        method: d.projection.method,
        method_why: d.projection.method_why.clone(),
        backtest,
    })
}
