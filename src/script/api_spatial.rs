//! Spatial statistics in cells: `spatial(panel, formula, #{…})`, `moran(panel, indicator, year)`,
//! `lisa_map(panel, indicator, year)`, `moran_scatter(panel, indicator, year)`.

use polars::prelude::*;
use rhai::{Engine, Map};

use std::sync::Arc;

use super::api_data::FileRoots;
use super::api_plan::{SharedLang, lang_of};
use super::{RResult, opt_bool, opt_i64, opt_str, rerr};
use crate::panel::Panel;
use crate::plan::defaults;
use crate::plot::Chart;
use crate::spatial::{
    SpatialEffects, SpatialFit, SpatialModel, SpatialSpec, WeightsSpec, spatial_pattern,
};

fn spatial(p: &Panel, formula: &str, o: &Map, files: &FileRoots) -> RResult<SpatialFit> {
    super::options::check_options(o, "spatial")?;
    let model: SpatialModel = opt_str(o, "model")?
        .unwrap_or_else(|| "ols".into())
        .parse()
        .map_err(rerr)?;
    let effects = match (
        opt_bool(o, "fe")?.unwrap_or(false),
        opt_bool(o, "year_effects")?.unwrap_or(false),
    ) {
        (false, false) => SpatialEffects::Pooled,
        (true, false) => SpatialEffects::Region,
        (_, true) => SpatialEffects::RegionYear,
    };
    let years = match (opt_i64(o, "year")?, opt_i64(o, "from")?, opt_i64(o, "to")?) {
        (Some(y), None, None) => Some((y, y)),
        (None, Some(f), Some(t)) => Some((f, t)),
        (None, None, None) => None,
        _ => return Err(rerr("spatial: give #{year: Y} or #{from: Y0, to: Y1}")),
    };
    let weights: WeightsSpec = opt_str(o, "weights")?
        .unwrap_or_else(|| "queen".into())
        .parse()
        .map_err(rerr)?;
    // A neighbour-list file is read only from the notebook's folders, like every other path.
    let weights = match weights {
        WeightsSpec::File(path) => WeightsSpec::File(files.check(&path.to_string_lossy(), false)?),
        w => w,
    };
    let spec = SpatialSpec::new(formula, model, effects).map_err(rerr)?;
    let drop = opt_bool(o, "drop_incomplete")?.unwrap_or(false);
    spec.fit_panel(p, &weights, years, drop)
        .map(|(f, _, _)| f)
        .map_err(rerr)
}

fn term_of<'a>(f: &'a SpatialFit, term: &str) -> RResult<&'a crate::model::Coefficient> {
    f.coef(term).ok_or_else(|| {
        let terms: Vec<&str> = f.coefficients.iter().map(|c| c.term.as_str()).collect();
        rerr(format!(
            "no term {term:?} in the spatial model; terms: {}",
            terms.join(", ")
        ))
    })
}

fn impacts_frame(f: &mut SpatialFit) -> RResult<DataFrame> {
    let i = f.impacts.clone().unwrap_or_default();
    df!(
        "term" => i.iter().map(|x| x.term.clone()).collect::<Vec<_>>(),
        "direct" => i.iter().map(|x| x.direct).collect::<Vec<_>>(),
        "indirect" => i.iter().map(|x| x.indirect).collect::<Vec<_>>(),
        "total" => i.iter().map(|x| x.total).collect::<Vec<_>>(),
        "direct_se" => i.iter().map(|x| x.std_error[0]).collect::<Vec<_>>(),
        "indirect_se" => i.iter().map(|x| x.std_error[1]).collect::<Vec<_>>(),
        "total_se" => i.iter().map(|x| x.std_error[2]).collect::<Vec<_>>(),
    )
    .map_err(rerr)
}

/// The indicator's pattern in a year with the report's permutations and seed.
fn pattern(p: &Panel, indicator: &str, year: i64) -> RResult<crate::spatial::SpatialPattern> {
    let seeded = (defaults::LISA_PERMUTATIONS, defaults::LISA_SEED);
    spatial_pattern(p, indicator, year as i32, seeded).map_err(rerr)
}

fn moran_frame(p: &Panel, indicator: &str, year: i64) -> RResult<DataFrame> {
    let pat = pattern(p, indicator, year)?;
    let m = &pat.moran;
    df!(
        "indicator" => [indicator],
        "year" => [year],
        "regions" => [pat.weights.len() as i64],
        "I" => [m.i],
        "expected" => [m.expected],
        "variance_normal" => [m.var_norm],
        "z_normal" => [m.z_norm],
        "p_normal" => [m.p_norm],
        "variance_randomization" => [m.var_rand],
        "z_randomization" => [m.z_rand],
        "p_randomization" => [m.p_rand],
    )
    .map_err(rerr)
}

/// Register the spatial functions.
pub fn register(engine: &mut Engine, files: Arc<FileRoots>, lang: SharedLang) {
    engine.register_type_with_name::<SpatialFit>("SpatialFit");
    engine.register_fn("to_string", |f: &mut SpatialFit| f.to_string());
    let f1 = files.clone();
    engine.register_fn("spatial", move |p: Panel, formula: &str| {
        spatial(&p, formula, &Map::new(), &f1)
    });
    engine.register_fn("spatial", move |p: Panel, formula: &str, o: Map| {
        spatial(&p, formula, &o, &files)
    });
    engine.register_get("coefficients", |f: &mut SpatialFit| {
        f.coefficients_frame().map_err(rerr)
    });
    engine.register_get("impacts", impacts_frame);
    engine.register_get("log_likelihood", |f: &mut SpatialFit| f.log_likelihood);
    engine.register_get("sigma2", |f: &mut SpatialFit| f.sigma2);
    engine.register_get("nobs", |f: &mut SpatialFit| f.nobs as i64);
    engine.register_fn("coef", |f: &mut SpatialFit, term: &str| -> RResult<f64> {
        term_of(f, term).map(|c| c.estimate)
    });
    engine.register_fn("se", |f: &mut SpatialFit, term: &str| -> RResult<f64> {
        term_of(f, term).map(|c| c.std_error)
    });
    engine.register_fn("moran", |p: Panel, indicator: &str, year: i64| {
        moran_frame(&p, indicator, year)
    });
    let l = lang.clone();
    engine.register_fn(
        "lisa_map",
        move |p: Panel, indicator: &str, year: i64| -> RResult<Chart> {
            let pat = pattern(&p, indicator, year)?;
            crate::map::lisa_map(
                &pat.lisa,
                defaults::ALPHA,
                (indicator, year as i32),
                None,
                lang_of(&l),
            )
            .map(|m| m.chart)
            .map_err(rerr)
        },
    );
    let l = lang;
    engine.register_fn(
        "moran_scatter",
        move |p: Panel, indicator: &str, year: i64| -> RResult<Chart> {
            let pat = pattern(&p, indicator, year)?;
            crate::plot::moran_scatter(&pat.lisa, &pat.moran, indicator, year as i32, lang_of(&l))
                .map_err(rerr)
        },
    );
}
