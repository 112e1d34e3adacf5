//! Terms evaluated on a frame: a column, its logarithm, its lags and differences along the time
//! column within each entity. The design ([`super::design`]) and the projections
//! ([`crate::projection`]) both evaluate terms here.

use std::collections::HashMap;

use polars::prelude::*;

use crate::columns::strings;
use crate::error::{Error, Result};
use crate::formula::{Formula, Term};

pub(super) struct TimeIndex {
    pos: HashMap<(u32, i64), usize>,
    entity: Vec<Option<u32>>,
    time: Vec<Option<i64>>,
}

pub(super) fn eval(
    term: &Term,
    df: &DataFrame,
    ti: Option<&TimeIndex>,
    cache: &mut HashMap<String, Vec<Option<f64>>>,
) -> Result<Vec<Option<f64>>> {
    let key = term.label();
    if let Some(v) = cache.get(&key) {
        return Ok(v.clone());
    }
    let out = match term {
        Term::Var(_) => plain_column(term, df)?.iter().collect(),
        Term::Log(t) => {
            let inner = eval(t, df, ti, cache)?;
            log_of(&inner, term)?;
            inner.into_iter().map(|v| v.map(f64::ln)).collect()
        }
        Term::Lag(t, _) | Term::Diff(t) => {
            let k = if let Term::Lag(_, k) = term {
                *k as i64
            } else {
                1
            };
            let ti = ti.ok_or_else(|| Error::InvalidArgument {
                what: format!("term {key}"),
                message: "lags and differences need panel entity and time columns".into(),
            })?;
            let inner = eval(t, df, Some(ti), cache)?;
            let lagged: Vec<Option<f64>> = (0..df.height())
                .map(|i| match (ti.entity[i], ti.time[i]) {
                    (Some(e), Some(tt)) => ti.pos.get(&(e, tt - k)).and_then(|&j| inner[j]),
                    _ => None,
                })
                .collect();
            if matches!(term, Term::Diff(_)) {
                inner
                    .iter()
                    .zip(&lagged)
                    .map(|(a, b)| Some((*a)? - (*b)?))
                    .collect()
            } else {
                lagged
            }
        }
    };
    cache.insert(key, out.clone());
    Ok(out)
}

pub(super) fn time_index(
    formula: &Formula,
    df: &DataFrame,
    entity: Option<&Vec<Option<u32>>>,
    time: Option<&Vec<Option<i64>>>,
    entity_col: Option<&str>,
) -> Result<Option<TimeIndex>> {
    let uses_time = formula.response.uses_time() || formula.regressors.iter().any(Term::uses_time);
    let (Some(e), Some(t), Some(ecol), true) = (entity, time, entity_col, uses_time) else {
        return Ok(None);
    };
    let mut pos = HashMap::new();
    for i in 0..df.height() {
        if let (Some(a), Some(b)) = (e[i], t[i])
            && pos.insert((a, b), i).is_some()
        {
            let name = strings(df, ecol)?[i].clone().unwrap_or_default();
            return Err(Error::InvalidArgument {
                what: "panel".into(),
                message: format!("entity {name} appears twice at time {b}; lags are undefined"),
            });
        }
    }
    Ok(Some(TimeIndex {
        pos,
        entity: e.clone(),
        time: t.clone(),
    }))
}

/// Values of the formula's regressors for every row of `df` (no row dropped; a missing input
/// gives a missing value), with lags and differences taken along `time` within `entity`.
pub fn regressor_values(
    formula: &Formula,
    df: &DataFrame,
    entity: Option<&str>,
    time: Option<&str>,
) -> Result<Vec<Vec<Option<f64>>>> {
    let ent = entity
        .map(|e| crate::columns::key_codes(df, e))
        .transpose()?;
    let tm = time.map(|t| crate::columns::ints(df, t)).transpose()?;
    // (ints: the same Int64 cast as the design's time column)
    let ti = time_index(formula, df, ent.as_ref().map(|e| &e.0), tm.as_ref(), entity)?;
    let mut cache = HashMap::new();
    formula
        .regressors
        .iter()
        .map(|t| eval(t, df, ti.as_ref(), &mut cache))
        .collect()
}

/// A term without lags or differences as a polars f64 column (shared, not copied).
pub(super) fn plain_column(term: &Term, df: &DataFrame) -> Result<Float64Chunked> {
    match term {
        Term::Var(v) => {
            crate::columns::require_column(df, v)?;
            let c = df.column(v).map_err(|e| Error::Internal(e.to_string()))?;
            if !(c.dtype().is_primitive_numeric() || c.dtype().is_bool()) {
                return Err(Error::InvalidArgument {
                    what: format!("column {v:?}"),
                    message: format!("holds {} values; a numeric column is needed", c.dtype()),
                });
            }
            let c = c
                .cast(&DataType::Float64)
                .map_err(|e| Error::Estimation(format!("{v}: {e}")))?;
            c.f64()
                .cloned()
                .map_err(|e| Error::Internal(format!("{v}: {e}")))
        }
        Term::Log(t) => {
            let inner = plain_column(t, df)?;
            log_of(&inner.iter().collect::<Vec<_>>(), term)?;
            Ok(inner.iter().map(|v| v.map(f64::ln)).collect())
        }
        Term::Lag(..) | Term::Diff(_) => Err(Error::Internal(format!(
            "{} needs the time index",
            term.label()
        ))),
    }
}

/// Logarithms need positive values: the first that is not is an error naming its row.
fn log_of(inner: &[Option<f64>], term: &Term) -> Result<()> {
    if let Some((i, v)) = inner
        .iter()
        .enumerate()
        .find_map(|(i, v)| v.filter(|v| *v <= 0.0).map(|v| (i, v)))
    {
        return Err(Error::InvalidArgument {
            what: format!("term {}", term.label()),
            message: format!(
                "log of {v} (row {}); logarithms need positive values",
                i + 1
            ),
        });
    }
    Ok(())
}
