//! Cell functions for models, tests and model choice.

use std::sync::Arc;

use polars::prelude::*;
use rhai::{Array, Dynamic, Engine, Map};

use super::values::Model;
use super::{RResult, opt_bool, opt_f64, opt_i64, opt_str, rerr};
use crate::choice::ModelChoice;
use crate::compare::RegressionTable;
use crate::hypothesis::TestStat;
use crate::model::{Estimator, ModelSpec};
use crate::panel::Panel;
use crate::vcov::{Ssc, Vcov};

/// A model spec from a formula and an options map.
pub fn spec_from(formula: &str, opts: &Map) -> RResult<ModelSpec> {
    super::options::check_options(opts, "fit")?;
    let mut s = ModelSpec::new(formula).map_err(rerr)?;
    if let Some(e) = opt_str(opts, "estimator")? {
        s = s.estimator(Estimator::parse(&e).map_err(rerr)?);
    }
    if let Some(v) = opt_str(opts, "vcov")? {
        s = s.vcov(Vcov::parse(&v).map_err(rerr)?);
    }
    if let Some(v) = opt_str(opts, "ssc")? {
        s = s.ssc(Ssc::parse(&v).map_err(rerr)?);
    }
    let (from, to) = (opt_i64(opts, "from")?, opt_i64(opts, "to")?);
    if from.is_some() || to.is_some() {
        s = s.sample(from, to);
    }
    if let Some(b) = opt_bool(opts, "drop_singletons")? {
        s = s.drop_singletons(b);
    }
    if let Some(b) = opt_bool(opts, "fd_intercept")? {
        s = s.fd_intercept(b);
    }
    match (opt_str(opts, "entity")?, opt_str(opts, "time")?) {
        (Some(e), Some(t)) => s = s.panel(&e, &t),
        (None, None) => {}
        _ => return Err(rerr("fit: give both entity and time, or neither")),
    }
    Ok(s)
}

fn fit_dyn(data: &Dynamic, formula: &str, opts: &Map) -> RResult<Model> {
    let spec = spec_from(formula, opts)?;
    let fit = if let Some(p) = data.read_lock::<Panel>() {
        spec.fit_panel(&p)
    } else if let Some(df) = data.read_lock::<DataFrame>() {
        spec.fit(&df)
    } else {
        return Err(rerr(format!(
            "fit: the data must be a Panel or a Frame, not {}",
            data.type_name()
        )));
    };
    fit.map(|f| Model(Arc::new(f))).map_err(rerr)
}

fn term_index(m: &Model, term: &str) -> RResult<usize> {
    m.0.term_index(term).map_err(rerr)
}

fn named_models(d: &Dynamic) -> RResult<Vec<(String, Model)>> {
    if let Some(m) = d.read_lock::<Map>() {
        m.iter()
            .map(|(k, v)| {
                v.read_lock::<Model>()
                    .map(|m| (k.to_string(), m.clone()))
                    .ok_or_else(|| rerr(format!("{k}: expected a Model, got {}", v.type_name())))
            })
            .collect()
    } else if let Some(a) = d.read_lock::<Array>() {
        a.iter()
            .enumerate()
            .map(|(i, v)| {
                v.read_lock::<Model>()
                    .map(|m| (format!("({})", i + 1), m.clone()))
                    .ok_or_else(|| {
                        rerr(format!(
                            "item {}: expected a Model, got {}",
                            i + 1,
                            v.type_name()
                        ))
                    })
            })
            .collect()
    } else {
        Err(rerr("expected an array of models or a map name → model"))
    }
}

/// Models from an array or map, for tables and coefficient plots.
pub fn models_of(d: &Dynamic) -> RResult<Vec<(String, Model)>> {
    let v = named_models(d)?;
    if v.is_empty() {
        return Err(rerr("no models given"));
    }
    Ok(v)
}

/// A spec for tests and model choice: formula plus the sample years (`from`, `to`).
fn sample_spec(formula: &str, opts: &Map, what: &str) -> RResult<ModelSpec> {
    super::options::check_options(opts, what)?;
    let s = ModelSpec::new(formula).map_err(rerr)?;
    let (from, to) = (opt_i64(opts, "from")?, opt_i64(opts, "to")?);
    Ok(if from.is_some() || to.is_some() {
        s.sample(from, to)
    } else {
        s
    })
}

fn test_fn(
    engine: &mut Engine,
    name: &'static str,
    f: fn(&ModelSpec, &Panel) -> crate::Result<TestStat>,
) {
    engine.register_fn(name, move |p: Panel, formula: &str| -> RResult<TestStat> {
        f(&sample_spec(formula, &Map::new(), name)?, &p).map_err(rerr)
    });
    engine.register_fn(
        name,
        move |p: Panel, formula: &str, opts: Map| -> RResult<TestStat> {
            f(&sample_spec(formula, &opts, name)?, &p).map_err(rerr)
        },
    );
}

fn pesaran(spec: &ModelSpec, p: &Panel) -> crate::Result<TestStat> {
    crate::diagnostics::pesaran_cd(spec, p, crate::diagnostics::CdResiduals::Within)
}

/// `print(m)` and string interpolation show the fit, test or choice, not its type name.
fn register_text(engine: &mut Engine) {
    engine.register_fn("to_string", |m: &mut Model| m.0.to_string());
    engine.register_fn("to_string", |c: &mut ModelChoice| c.to_string());
    engine.register_fn("to_string", |t: &mut TestStat| t.to_string());
}

/// Register the model functions.
pub fn register(engine: &mut Engine) {
    engine.register_type_with_name::<Model>("Model");
    register_text(engine);
    engine.register_type_with_name::<TestStat>("Test");
    engine.register_type_with_name::<ModelChoice>("Choice");
    engine.register_type_with_name::<RegressionTable>("Table");

    engine.register_fn("fit", |data: Dynamic, formula: &str| {
        fit_dyn(&data, formula, &Map::new())
    });
    engine.register_fn("fit", |data: Dynamic, formula: &str, opts: Map| {
        fit_dyn(&data, formula, &opts)
    });
    engine.register_fn("coef", |m: &mut Model, term: &str| -> RResult<f64> {
        let j = term_index(m, term)?;
        Ok(m.0.coefs()[j])
    });
    // One name per concept, as the library and `fit --json` say it; the short names of the first
    // release stay as documented aliases.
    for name in ["std_error", "se"] {
        engine.register_fn(name, |m: &mut Model, term: &str| -> RResult<f64> {
            let j = term_index(m, term)?;
            Ok(m.0.cov()[[j, j]].sqrt())
        });
    }
    for name in ["p_value", "pvalue"] {
        engine.register_fn(name, |m: &mut Model, term: &str| -> RResult<f64> {
            term_index(m, term)?;
            m.0.p_value(term).ok_or_else(|| rerr("no p-value"))
        });
    }
    for name in ["coef_table", "coefs"] {
        engine.register_fn(name, |m: &mut Model| m.0.coef_table().map_err(rerr));
    }
    engine.register_get("nobs", |m: &mut Model| m.0.nobs() as i64);
    engine.register_get("r2", |m: &mut Model| m.0.r2());
    engine.register_get("r2_within", |m: &mut Model| -> Dynamic {
        m.0.r2_within().map_or(Dynamic::UNIT, Dynamic::from)
    });
    engine.register_fn("with_vcov", |m: &mut Model, v: &str| -> RResult<Model> {
        let ssc = m.0.ssc();
        m.0.with_vcov(Vcov::parse(v).map_err(rerr)?, ssc)
            .map(|f| Model(Arc::new(f)))
            .map_err(rerr)
    });
    engine.register_fn(
        "with_vcov",
        |m: &mut Model, v: &str, ssc: &str| -> RResult<Model> {
            m.0.with_vcov(
                Vcov::parse(v).map_err(rerr)?,
                Ssc::parse(ssc).map_err(rerr)?,
            )
            .map(|f| Model(Arc::new(f)))
            .map_err(rerr)
        },
    );
    engine.register_fn("wald", |m: &mut Model, terms: Array| -> RResult<TestStat> {
        let names: Vec<String> = terms
            .into_iter()
            .map(|d| {
                d.into_string()
                    .map_err(|t| rerr(format!("wald: expected term names, got {t}")))
            })
            .collect::<RResult<_>>()?;
        for n in &names {
            term_index(m, n)?;
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        m.0.wald_zero(&refs).map_err(rerr)
    });
    engine.register_fn("compare", |models: Dynamic| -> RResult<RegressionTable> {
        let ms = models_of(&models)?;
        let refs: Vec<(&str, &crate::model::Fit)> =
            ms.iter().map(|(n, m)| (n.as_str(), m.0.as_ref())).collect();
        Ok(RegressionTable::new(&refs))
    });
    // An interrupt stops the replications: every cell runs under `Cancel::watch`.
    engine.register_fn("wild_bootstrap", |m: Model, term: &str| {
        wild(&m, term, &Map::new())
    });
    engine.register_fn("wild_bootstrap", |m: Model, term: &str, opts: Map| {
        wild(&m, term, &opts)
    });

    for name in ["chow_f", "chow"] {
        test_fn(engine, name, crate::diagnostics::chow_f);
    }
    for name in ["breusch_pagan_lm", "bp_lm"] {
        test_fn(engine, name, crate::diagnostics::breusch_pagan_lm);
    }
    test_fn(engine, "hausman", crate::diagnostics::hausman);
    for name in ["wooldridge_serial", "wooldridge"] {
        test_fn(engine, name, crate::diagnostics::wooldridge_serial);
    }
    test_fn(engine, "pesaran_cd", pesaran);
    engine.register_fn("jarque_bera", |m: Model| {
        crate::diagnostics::jarque_bera(&m.0)
    });
    engine.register_fn("vif", |m: Model| {
        crate::diagnostics::vif(&m.0).map_err(rerr)
    });
    engine.register_fn("model_choice", |p: Panel, formula: &str| {
        let spec = ModelSpec::new(formula).map_err(rerr)?;
        crate::plan::model_choice(&spec, &p, 0.05).map_err(rerr)
    });
    engine.register_fn("model_choice", |p: Panel, formula: &str, alpha: f64| {
        let spec = ModelSpec::new(formula).map_err(rerr)?;
        crate::plan::model_choice(&spec, &p, alpha).map_err(rerr)
    });
    engine.register_fn("model_choice", |p: Panel, formula: &str, opts: Map| {
        let spec = sample_spec(formula, &opts, "model_choice")?;
        let alpha = opt_f64(&opts, "alpha")?.unwrap_or(0.05);
        crate::plan::model_choice(&spec, &p, alpha).map_err(rerr)
    });
    engine.register_get("statistic", |t: &mut TestStat| t.statistic);
    engine.register_get("p_value", |t: &mut TestStat| t.p_value);
    engine.register_get("chosen", |c: &mut ModelChoice| c.chosen.code().to_string());
}

fn wild(m: &Model, term: &str, opts: &Map) -> RResult<DataFrame> {
    super::options::check_options(opts, "wild_bootstrap")?;
    term_index(m, term)?;
    let cluster = match opt_str(opts, "cluster")? {
        Some(c) => c,
        None => {
            m.0.fixed_effect_names()
                .first()
                .cloned()
                .ok_or_else(|| rerr("wild_bootstrap: give #{cluster: \"region_code\"}"))?
        }
    };
    let mut w = crate::bootstrap::WildBootstrap::new(term, &cluster);
    if let Some(r) = opt_i64(opts, "reps")? {
        if r < 2 {
            return Err(rerr(format!("wild_bootstrap: reps {r}; use at least 2")));
        }
        w.reps = r as usize;
    }
    if let Some(s) = opt_i64(opts, "seed")? {
        w.seed = s as u64;
    }
    if let Some(l) = opt_f64(opts, "level")? {
        w.level = l;
    }
    if let Some(k) = opt_str(opts, "weights")? {
        w.weights = k.parse().map_err(rerr)?;
    }
    let r = crate::bootstrap::wild_cluster_bootstrap(&m.0, &w).map_err(rerr)?;
    df!(
        "term" => [r.term.as_str()],
        "estimate" => [r.estimate],
        "t" => [r.t],
        "p_value" => [r.p_value],
        "ci_low" => [r.ci_low],
        "ci_high" => [r.ci_high],
        "reps" => [r.reps as i64],
        "clusters" => [r.n_clusters as i64],
    )
    .map_err(rerr)
}
