//! Cell functions for projections, target seeking and charts.

use std::sync::{Arc, RwLock};

use polars::prelude::*;
use rhai::{Dynamic, Engine, Map};

use super::api_data::FileRoots;
use super::api_models::models_of;
use super::values::{Model, Projection};
use super::{RResult, opt_f64, opt_i64, opt_str, rerr};
use crate::lang::Lang;
use crate::panel::Panel;
use crate::plan::{BacktestWhen, Bootstrap, ProjectionPlan, TptTarget};
use crate::plot::Chart;
use crate::projection::TargetAnswer;
use crate::registry::Registry;

/// The session's chart language.
pub type SharedLang = Arc<RwLock<Lang>>;

pub(crate) fn lang_of(l: &SharedLang) -> Lang {
    l.read().map(|g| *g).unwrap_or(Lang::Id)
}

/// Region code and name from a name or code (either BPS vintage); unknown or ambiguous names get
/// the library's error with the candidates.
pub fn resolve_region(region: &str) -> RResult<(String, String)> {
    Registry::bundled()
        .lookup(region)
        .map(|r| (r.code.clone(), r.name.clone()))
        .map_err(rerr)
}

/// The plan a cell's `project`/`seek_target`/`backtest` asks for: the library's defaults
/// ([`crate::plan::defaults`]) with the cell's options on top.
fn plan_of(formula: &str, region: &str, opts: &Map) -> RResult<ProjectionPlan> {
    let mut p = ProjectionPlan::new(region);
    p.formula = formula.to_string();
    if let Some(v) = opt_i64(opts, "from")? {
        p.from = v;
    }
    if let Some(v) = opt_i64(opts, "to")? {
        p.horizon = year(v, "to")?;
    }
    if let Some(v) = opt_str(opts, "year_effects")? {
        p.year_effects = v.parse().map_err(rerr)?;
    }
    p.tpt_target = opt_f64(opts, "tpt_target")?.map(TptTarget::Level);
    p.tpt_by = opt_i64(opts, "tpt_by")?
        .map(|v| year(v, "tpt_by"))
        .transpose()?;
    p.reduce_unemployed = opt_f64(opts, "reduce_unemployed")?;
    p.labour_force = opt_f64(opts, "labour_force")?;
    if let Some(m) = opt_str(opts, "method")? {
        p.method = Some(m.parse().map_err(rerr)?);
    }
    p.bootstrap = match opt_i64(opts, "bootstrap")? {
        Some(r) if r < 2 => {
            return Err(rerr(format!("bootstrap: {r} replications; use at least 2")));
        }
        Some(r) => Some(Bootstrap {
            reps: r as usize,
            ..Bootstrap::default()
        }),
        None => None,
    };
    Ok(p)
}

fn year(v: i64, what: &str) -> RResult<i32> {
    i32::try_from(v).map_err(|_| rerr(format!("{what}: {v} is not a year")))
}

fn project(panel: &Panel, formula: &str, region: &str, opts: &Map) -> RResult<Projection> {
    super::options::check_options(opts, "project")?;
    let (code, _) = resolve_region(region)?;
    let plan = plan_of(formula, &code, opts)?;
    let run = plan.run(panel).map_err(rerr)?;
    Ok(Projection {
        method: (run.method, run.method_why.0, run.method_why.1),
        backtest: run.backtest.or(run.evidence),
        projection: run.projection,
        panel: panel.clone(),
        region: run.region_code,
        name: run.region_name,
    })
}

fn seek(
    panel: &Panel,
    formula: &str,
    region: &str,
    target: f64,
    year_: i64,
) -> RResult<TargetAnswer> {
    let (code, _) = resolve_region(region)?;
    let mut p = plan_of(formula, &code, &Map::new())?;
    p.target = Some(target);
    p.target_year = Some(year(year_, "year")?);
    p.run(panel)
        .map_err(rerr)?
        .target
        .ok_or_else(|| rerr("no target answer"))
}

/// The plan's backtest (the one `project --backtest` and the report run): from one cut-off year
/// (`train_to`) or from every rolling origin (`"rolling"`); the scores of every method as a frame.
fn backtest(panel: &Panel, formula: &str, when: BacktestWhen) -> RResult<DataFrame> {
    let p = plan_of(formula, "", &Map::new())?;
    p.backtest(panel, when)
        .and_then(|b| b.table())
        .map_err(rerr)
}

fn register_quick(engine: &mut Engine, lang: SharedLang) {
    let l = lang.clone();
    engine.register_fn("plot", move |df: DataFrame, o: Map| {
        quick(&df, &o, lang_of(&l))
    });
    engine.register_fn("plot", move |p: Panel, o: Map| {
        quick(p.frame(), &o, lang_of(&lang))
    });
}

/// `plot(frame, #{x, y, kind, group})`: a quick line, scatter or histogram.
fn quick(df: &DataFrame, o: &Map, lang: Lang) -> RResult<Chart> {
    super::options::check_options(o, "plot")?;
    let x = opt_str(o, "x")?
        .ok_or_else(|| rerr("plot: give #{x: \"column\"} (and y for a line or scatter)"))?;
    let kind = opt_str(o, "kind")?
        .unwrap_or_else(|| "line".into())
        .parse()
        .map_err(rerr)?;
    let q = crate::plot::QuickPlot {
        x,
        y: opt_str(o, "y")?,
        group: opt_str(o, "group")?,
        kind,
    };
    crate::plot::quick_chart(df, &q, lang).map_err(rerr)
}

fn fan(pr: &Projection, lang: Lang) -> RResult<Chart> {
    let bands = crate::plot::bands_labelled(&pr.projection, lang);
    let hist = crate::projection::history(&pr.panel, &pr.region, "poverty_rate").map_err(rerr)?;
    let marks: Vec<(i32, f64, String)> = crate::datasets::target_marks(&pr.region)
        .map_err(rerr)?
        .into_iter()
        .map(|m| (m.year, m.value, m.kind.to_string()))
        .collect();
    crate::plot::fan_chart(
        &format!("{}: {}", pr.name, lang.t("proyeksi P0", "P0 projection")),
        &hist,
        &bands,
        &marks,
        Some(crate::plan::defaults::sample_from() as i32),
        lang,
    )
    .map_err(rerr)
}

/// Where a kab/kota stands, on the national panel.
fn standing_of(region: &str) -> RResult<crate::plan::Standing> {
    let r = crate::registry::Registry::bundled()
        .lookup(region)
        .map_err(rerr)?;
    let panel = crate::datasets::indonesia_panel().map_err(rerr)?;
    crate::plan::standing(r, &panel).map_err(rerr)
}

fn multiples(panel: &Panel, indicator: &str, region: &str, lang: Lang) -> RResult<Chart> {
    crate::columns::require_column(panel.frame(), indicator).map_err(rerr)?;
    let (_, name) = resolve_region(region)?;
    let reg = Registry::bundled();
    let mut codes: Vec<String> = crate::columns::strings(panel.frame(), panel.entity())
        .map_err(rerr)?
        .into_iter()
        .flatten()
        .collect();
    codes.sort();
    codes.dedup();
    let series: Vec<(String, Vec<(i32, f64)>)> = codes
        .iter()
        .filter_map(|c| {
            let h = crate::projection::history(panel, c, indicator).ok()?;
            let n = reg.by_code(c).map_or_else(|| c.clone(), |r| r.name.clone());
            Some((n, h))
        })
        .collect();
    crate::plot::small_multiples(
        &name,
        &series,
        &name,
        &crate::plot::indicator_axis(indicator, lang),
        lang,
    )
    .map_err(rerr)
}

/// Register the projection and chart functions.
pub fn register(engine: &mut Engine, files: Arc<FileRoots>, lang: SharedLang) {
    engine.register_type_with_name::<Projection>("Projection");
    engine.register_type_with_name::<TargetAnswer>("Target");
    engine.register_type_with_name::<Chart>("Chart");
    engine.register_type_with_name::<super::values::PngChart>("PngChart");
    engine.register_fn("png", |c: &mut Chart| super::values::PngChart(c.clone()));

    // An interrupt stops a bootstrap between replicates: every cell runs under `Cancel::watch`.
    engine.register_fn("project", |p: Panel, formula: &str, region: &str| {
        project(&p, formula, region, &Map::new())
    });
    engine.register_fn(
        "project",
        |p: Panel, formula: &str, region: &str, opts: Map| project(&p, formula, region, &opts),
    );
    engine.register_fn("table", |p: &mut Projection| {
        p.projection.frame().map_err(rerr)
    });
    engine.register_get("method", |p: &mut Projection| p.method.0.name().to_string());
    let l = lang.clone();
    engine.register_get("why", move |p: &mut Projection| match lang_of(&l) {
        Lang::Id => p.method.2.clone(),
        Lang::En => p.method.1.clone(),
    });
    engine.register_get("backtest", |p: &mut Projection| -> RResult<DataFrame> {
        p.backtest
            .as_ref()
            .ok_or_else(|| {
                rerr("no backtest: the method was given (the method option); project without it, or call backtest(panel, formula, \"rolling\")")
            })?
            .table()
            .map_err(rerr)
    });
    engine.register_fn(
        "seek_target",
        |p: Panel, formula: &str, region: &str, target: f64, year: i64| {
            seek(&p, formula, region, target, year)
        },
    );
    engine.register_fn(
        "seek_target",
        |p: Panel, formula: &str, region: &str, target: i64, year: i64| {
            seek(&p, formula, region, target as f64, year)
        },
    );
    engine.register_fn(
        "backtest",
        |p: Panel, formula: &str, train_to: i64| -> RResult<DataFrame> {
            backtest(&p, formula, BacktestWhen::Year(year(train_to, "train_to")?))
        },
    );
    engine.register_fn(
        "backtest",
        |p: Panel, formula: &str, when: &str| -> RResult<DataFrame> {
            backtest(&p, formula, when.parse().map_err(rerr)?)
        },
    );
    engine.register_get("required", |t: &mut TargetAnswer| t.required);
    engine.register_get("reachable", |t: &mut TargetAnswer| {
        t.reachability == crate::projection::Reachability::Reachable
    });

    register_quick(engine, lang.clone());
    let l = lang.clone();
    engine.register_fn("fan_chart", move |p: Projection| fan(&p, lang_of(&l)));
    let l = lang.clone();
    engine.register_fn(
        "small_multiples",
        move |p: Panel, indicator: &str, region: &str| {
            multiples(&p, indicator, region, lang_of(&l))
        },
    );
    let l = lang.clone();
    engine.register_fn("within_scatter", move |m: Model, term: &str| {
        crate::plot::within_scatter(&m.0, term, lang_of(&l)).map_err(rerr)
    });
    let l = lang.clone();
    engine.register_fn(
        "coef_plot",
        move |models: Dynamic, term: &str| -> RResult<Chart> {
            let ms = models_of(&models)?;
            let refs: Vec<(&str, &crate::model::Fit)> =
                ms.iter().map(|(n, m)| (n.as_str(), m.0.as_ref())).collect();
            crate::plot::coef_plot(&refs, term, lang_of(&l)).map_err(rerr)
        },
    );
    engine.register_fn("standing", |region: &str| -> RResult<DataFrame> {
        standing_of(region)?.frame().map_err(rerr)
    });
    let l = lang.clone();
    engine.register_fn("quadrant", move |region: &str| -> RResult<Chart> {
        crate::plot::quadrant(&standing_of(region)?, lang_of(&l)).map_err(rerr)
    });
    let l = lang.clone();
    engine.register_fn(
        "rank_chart",
        move |region: &str, indicator: &str| -> RResult<Chart> {
            crate::plot::rank_chart(&standing_of(region)?, indicator, lang_of(&l)).map_err(rerr)
        },
    );
    engine.register_fn("save", move |c: &mut Chart, stem: &str| -> RResult<()> {
        // Both files the chart writes go through the check (either could be a link).
        files.check(&format!("{stem}.png"), true)?;
        let p = files.check(&format!("{stem}.svg"), true)?;
        let dir = p.parent().map(|d| d.to_path_buf()).unwrap_or_default();
        let name = p
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        c.save(&dir, &name).map_err(rerr)
    });
    engine.register_fn("set_lang", move |s: &str| -> RResult<()> {
        let parsed = Lang::parse(s).map_err(rerr)?;
        if let Ok(mut g) = lang.write() {
            *g = parsed;
        }
        Ok(())
    });
}
