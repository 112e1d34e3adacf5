//! The option maps of cell functions (`#{from: 2015, alpha: 0.05}`): typed reads with an error
//! naming the key, and the check that every key is one the function knows.

use rhai::{EvalAltResult, Map};

pub(crate) type RResult<T> = Result<T, Box<EvalAltResult>>;

pub(crate) fn rerr(e: impl std::fmt::Display) -> Box<EvalAltResult> {
    e.to_string().into()
}

/// Every option of every cell function that takes an option map, by function: the one list
/// [`check_keys`] accepts and the sandbox test enumerates.
pub const OPTIONS: &[(&str, &[&str])] = &[
    ("load", &["format", "indicator", "sheet", "source_id"]),
    (
        "fit",
        &[
            "estimator",
            "vcov",
            "ssc",
            "from",
            "to",
            "drop_singletons",
            "fd_intercept",
            "entity",
            "time",
        ],
    ),
    (
        "wild_bootstrap",
        &["cluster", "reps", "weights", "seed", "level"],
    ),
    ("chow_f", &["from", "to"]),
    ("chow", &["from", "to"]),
    ("breusch_pagan_lm", &["from", "to"]),
    ("bp_lm", &["from", "to"]),
    ("hausman", &["from", "to"]),
    ("pesaran_cd", &["from", "to"]),
    ("wooldridge_serial", &["from", "to"]),
    ("wooldridge", &["from", "to"]),
    ("model_choice", &["from", "to", "alpha"]),
    (
        "spatial",
        &[
            "model",
            "fe",
            "year_effects",
            "year",
            "from",
            "to",
            "weights",
            "drop_incomplete",
        ],
    ),
    (
        "project",
        &[
            "to",
            "from",
            "year_effects",
            "tpt_target",
            "tpt_by",
            "reduce_unemployed",
            "labour_force",
            "bootstrap",
            "method",
        ],
    ),
    (
        "map",
        &[
            "indicator",
            "year",
            "change_from",
            "province",
            "level",
            "classes",
            "region",
        ],
    ),
    ("map(frame)", &["province", "level", "classes", "region"]),
    ("plot", &["x", "y", "kind", "group"]),
];

/// The options of `function` (see [`OPTIONS`]).
pub fn options_of(function: &str) -> &'static [&'static str] {
    OPTIONS
        .iter()
        .find(|(f, _)| *f == function)
        .map_or(&[], |(_, keys)| keys)
}

/// Check that every key of `m` is an option of `what` (a function of [`OPTIONS`]).
pub(crate) fn check_options(m: &Map, what: &str) -> RResult<()> {
    check_keys(m, options_of(what), what.trim_end_matches("(frame)"))
}

pub(crate) fn check_keys(m: &Map, allowed: &[&str], what: &str) -> RResult<()> {
    for k in m.keys() {
        if !allowed.contains(&k.as_str()) {
            let hint = crate::error::closest(k, allowed.iter().copied(), 1)
                .first()
                .map(|s| format!("; did you mean {s:?}?"))
                .unwrap_or_default();
            return Err(rerr(format!(
                "{what}: unknown option {k:?}{hint} (options: {})",
                allowed.join(", ")
            )));
        }
    }
    Ok(())
}

pub(crate) fn opt_str(m: &Map, k: &str) -> RResult<Option<String>> {
    match m.get(k) {
        None => Ok(None),
        Some(v) if v.is_unit() => Ok(None),
        Some(v) => v
            .clone()
            .into_string()
            .map(Some)
            .map_err(|t| rerr(format!("option {k}: expected a string, got {t}"))),
    }
}

pub(crate) fn opt_i64(m: &Map, k: &str) -> RResult<Option<i64>> {
    match m.get(k) {
        None => Ok(None),
        Some(v) if v.is_unit() => Ok(None),
        Some(v) => v
            .as_int()
            .map(Some)
            .map_err(|t| rerr(format!("option {k}: expected an integer, got {t}"))),
    }
}

pub(crate) fn opt_f64(m: &Map, k: &str) -> RResult<Option<f64>> {
    match m.get(k) {
        None => Ok(None),
        Some(v) if v.is_unit() => Ok(None),
        Some(v) => v
            .as_float()
            .or_else(|_| v.as_int().map(|i| i as f64))
            .map(Some)
            .map_err(|t| rerr(format!("option {k}: expected a number, got {t}"))),
    }
}

pub(crate) fn opt_bool(m: &Map, k: &str) -> RResult<Option<bool>> {
    match m.get(k) {
        None => Ok(None),
        Some(v) => v
            .as_bool()
            .map(Some)
            .map_err(|t| rerr(format!("option {k}: expected true or false, got {t}"))),
    }
}
