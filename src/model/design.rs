//! From a frame and a formula to numbers: evaluate terms (with lags and differences defined by
//! the time column), select the estimation sample, drop and count incomplete rows, and code the
//! fixed effects as integers.

use std::collections::HashMap;

use ndarray::{Array2, ShapeBuilder};
use polars::prelude::*;

use super::demean::Factors;
use crate::error::{Error, Result};
use crate::formula::{Formula, Term};

/// The numbers a model is estimated from.
#[derive(Debug, Clone)]
pub struct Design {
    /// Response.
    pub y: Vec<f64>,
    /// Regressors, one column per name (intercept first when present).
    pub x: Array2<f64>,
    /// Column names of `x`.
    pub names: Vec<String>,
    /// Rows of the source frame used, in order.
    pub rows: Vec<usize>,
    /// Rows of the sample dropped because a used value is missing.
    pub n_missing: usize,
    /// Fixed effects (names, codes).
    pub fe_names: Vec<String>,
    /// Integer-coded fixed effects.
    pub fe: Factors,
    /// Entity codes of the used rows, when the frame has an entity column.
    pub entity: Option<Vec<u32>>,
    /// Time values of the used rows, when the frame has a time column.
    pub time: Option<Vec<i64>>,
}

pub use crate::columns::{floats, strings};

/// Integer codes of a key column (levels in order of first appearance).
pub fn codes(values: &[Option<String>]) -> (Vec<Option<u32>>, usize) {
    let mut map: HashMap<&str, u32> = HashMap::new();
    let out = values
        .iter()
        .map(|v| {
            v.as_deref().map(|s| {
                let n = map.len() as u32;
                *map.entry(s).or_insert(n)
            })
        })
        .collect();
    (out, map.len())
}

struct TimeIndex {
    pos: HashMap<(u32, i64), usize>,
    entity: Vec<Option<u32>>,
    time: Vec<Option<i64>>,
}

fn eval(
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
        Term::Var(v) => floats(df, v)?,
        Term::Log(t) => {
            let inner = eval(t, df, ti, cache)?;
            if let Some((i, v)) = inner
                .iter()
                .enumerate()
                .find_map(|(i, v)| v.filter(|v| *v <= 0.0).map(|v| (i, v)))
            {
                return Err(Error::InvalidArgument {
                    what: format!("term {key}"),
                    message: format!(
                        "log of {v} (row {}); logarithms need positive values",
                        i + 1
                    ),
                });
            }
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
                message:
                    "lags and differences need panel entity and time columns (--entity, --time)"
                        .into(),
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

fn time_index(
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
    let ti = time_index(formula, df, ent.as_ref().map(|e| &e.0), tm.as_ref(), entity)?;
    let mut cache = HashMap::new();
    formula
        .regressors
        .iter()
        .map(|t| eval(t, df, ti.as_ref(), &mut cache))
        .collect()
}

/// Options for building a design.
#[derive(Debug, Clone, Default)]
pub struct DesignOptions<'a> {
    /// Entity column.
    pub entity: Option<&'a str>,
    /// Time column.
    pub time: Option<&'a str>,
    /// First time value of the estimation sample (after lags are formed on the whole panel).
    pub from: Option<i64>,
    /// Last time value of the estimation sample.
    pub to: Option<i64>,
    /// Fixed effects to absorb (from the formula, or the entity for `within` without `|`).
    pub fixed_effects: Vec<String>,
    /// Whether to put an intercept column first.
    pub intercept: bool,
    /// Extra columns that must be non-missing (e.g. cluster variables).
    pub required: Vec<String>,
}

/// Codes of the fixed effects (coded in parallel, one column per task) and of the other
/// columns that must be present (cluster variables; those that are also fixed effects are
/// checked through the latter). `u32::MAX` marks a missing key.
#[allow(clippy::type_complexity)]
fn key_columns(
    df: &DataFrame,
    opts: &DesignOptions,
) -> Result<(Vec<(Vec<u32>, usize)>, Vec<(Vec<u32>, usize)>)> {
    use rayon::prelude::*;
    let fe = opts
        .fixed_effects
        .par_iter()
        .map(|f| crate::columns::key_codes_u32(df, f))
        .collect::<Result<_>>()?;
    let req = opts
        .required
        .iter()
        .filter(|r| !opts.fixed_effects.contains(r))
        .map(|f| crate::columns::key_codes_u32(df, f))
        .collect::<Result<_>>()?;
    Ok((fe, req))
}

/// A sample window needs a time column.
fn check_window(has_time: bool, opts: &DesignOptions) -> Result<()> {
    if !has_time && (opts.from.is_some() || opts.to.is_some()) {
        return Err(Error::InvalidArgument {
            what: "--from/--to".into(),
            message: "need a time column (--time)".into(),
        });
    }
    Ok(())
}

fn no_complete_rows(formula: &Formula, n_missing: usize) -> Error {
    Error::Estimation(format!(
        "all {n_missing} rows of the sample have a missing value in a used column ({})",
        std::iter::once(formula.response.label())
            .chain(formula.regressors.iter().map(Term::label))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// Build the design.
pub fn build(formula: &Formula, df: &DataFrame, opts: &DesignOptions) -> Result<Design> {
    if df.height() == 0 {
        return Err(Error::Estimation("the data has no rows".into()));
    }
    let uses_time = formula.response.uses_time() || formula.regressors.iter().any(Term::uses_time);
    if !uses_time {
        return build_plain(formula, df, opts);
    }
    let entity = opts
        .entity
        .map(|e| crate::columns::key_codes(df, e))
        .transpose()?;
    let time: Option<Vec<Option<i64>>> = match opts.time {
        Some(t) => Some(
            floats(df, t)?
                .into_iter()
                .map(|v| v.map(|v| v as i64))
                .collect(),
        ),
        None => None,
    };
    let ti = time_index(
        formula,
        df,
        entity.as_ref().map(|e| &e.0),
        time.as_ref(),
        opts.entity,
    )?;
    let mut cache = HashMap::new();
    let y = eval(&formula.response, df, ti.as_ref(), &mut cache)?;
    let mut cols: Vec<Vec<Option<f64>>> = Vec::new();
    for t in &formula.regressors {
        cols.push(eval(t, df, ti.as_ref(), &mut cache)?);
    }
    let (fe_raw, req) = key_columns(df, opts)?;
    // Estimation sample.
    let in_window = |i: usize| match &time {
        Some(t) => {
            t[i].is_some_and(|v| opts.from.is_none_or(|f| v >= f) && opts.to.is_none_or(|e| v <= e))
        }
        None => true,
    };
    check_window(time.is_some(), opts)?;
    let mut rows = Vec::new();
    let mut n_missing = 0;
    for i in 0..df.height() {
        if !in_window(i) {
            continue;
        }
        let complete = y[i].is_some()
            && cols.iter().all(|c| c[i].is_some())
            && fe_raw.iter().all(|c| c.0[i] != u32::MAX)
            && req.iter().all(|c| c.0[i] != u32::MAX);
        if complete {
            rows.push(i);
        } else {
            n_missing += 1;
        }
    }
    if rows.is_empty() {
        return Err(no_complete_rows(formula, n_missing));
    }
    let labels: Vec<String> = formula.regressors.iter().map(Term::label).collect();
    for (vals, name) in std::iter::once((&y, formula.response.label()))
        .chain(cols.iter().zip(labels.iter().cloned()))
    {
        if let Some(&i) = rows
            .iter()
            .find(|&&i| vals[i].is_some_and(|v| !v.is_finite()))
        {
            return Err(Error::InvalidArgument {
                what: format!("column {name:?}"),
                message: format!(
                    "non-finite value {} at row {}",
                    vals[i].unwrap_or(f64::NAN),
                    i + 1
                ),
            });
        }
    }
    let p = cols.len() + usize::from(opts.intercept);
    let mut x = Array2::<f64>::zeros((rows.len(), p).f());
    let mut names = Vec::with_capacity(p);
    if opts.intercept {
        x.column_mut(0).fill(1.0);
        names.push("(Intercept)".to_string());
    }
    for (j, c) in cols.iter().enumerate() {
        let jj = j + usize::from(opts.intercept);
        for (r, &i) in rows.iter().enumerate() {
            x[[r, jj]] = c[i].unwrap_or(0.0);
        }
        names.push(labels[j].clone());
    }
    let mut ids = Vec::new();
    let mut n_levels = Vec::new();
    for (c, nl) in &fe_raw {
        let (cd, n) = crate::columns::dense(rows.iter().map(|&i| c[i]), *nl);
        ids.push(cd);
        n_levels.push(n);
    }
    let entity_codes = entity
        .as_ref()
        .map(|(e, nl)| crate::columns::dense(rows.iter().map(|&i| e[i].unwrap_or(0)), *nl).0);
    let time_vals = time
        .as_ref()
        .map(|t| rows.iter().map(|&i| t[i].unwrap_or(i64::MIN)).collect());
    Ok(Design {
        y: rows.iter().map(|&i| y[i].unwrap_or(0.0)).collect(),
        x,
        names,
        rows,
        n_missing,
        fe_names: opts.fixed_effects.clone(),
        fe: Factors { ids, n_levels },
        entity: entity_codes,
        time: time_vals,
    })
}

impl Design {
    /// Keep only these rows (by position in the design).
    pub fn subset(&self, keep: &[usize]) -> Design {
        let x = self.x.select(ndarray::Axis(0), keep);
        let recode = |ids: &Vec<u32>| -> (Vec<u32>, usize) {
            let sub: Vec<Option<String>> = keep.iter().map(|&i| Some(ids[i].to_string())).collect();
            let (c, n) = codes(&sub);
            (c.into_iter().map(|v| v.unwrap_or(0)).collect(), n)
        };
        let (ids, n_levels): (Vec<Vec<u32>>, Vec<usize>) = self.fe.ids.iter().map(recode).unzip();
        Design {
            y: keep.iter().map(|&i| self.y[i]).collect(),
            x,
            names: self.names.clone(),
            rows: keep.iter().map(|&i| self.rows[i]).collect(),
            n_missing: self.n_missing,
            fe_names: self.fe_names.clone(),
            fe: Factors { ids, n_levels },
            entity: self.entity.as_ref().map(|e| recode(e).0),
            time: self
                .time
                .as_ref()
                .map(|t| keep.iter().map(|&i| t[i]).collect()),
        }
    }
}

/// A term without lags or differences as a polars f64 column (shared, not copied).
fn plain_column(term: &Term, df: &DataFrame) -> Result<Float64Chunked> {
    match term {
        Term::Var(v) => {
            crate::panel::require_column(df, v)?;
            let c = df.column(v).map_err(|e| Error::Estimation(e.to_string()))?;
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
                .map_err(|e| Error::Estimation(format!("{v}: {e}")))
        }
        Term::Log(t) => {
            let inner = plain_column(t, df)?;
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
            Ok(inner.iter().map(|v| v.map(f64::ln)).collect())
        }
        Term::Lag(..) | Term::Diff(_) => Err(Error::Estimation(format!(
            "internal: {} needs the time index",
            term.label()
        ))),
    }
}

/// Copy the values of `rows` of a column into `out` (a contiguous column of the design), chunk
/// by chunk: no intermediate copy of the column.
fn gather(ca: &Float64Chunked, rows: &[usize], all_rows: bool, out: &mut [f64]) {
    if ca.null_count() == 0 {
        if all_rows {
            let mut at = 0;
            for arr in ca.downcast_iter() {
                let v = arr.values().as_slice();
                out[at..at + v.len()].copy_from_slice(v);
                at += v.len();
            }
            return;
        }
        if ca.chunks().len() == 1
            && let Some(arr) = ca.downcast_iter().next()
        {
            let v = arr.values().as_slice();
            for (o, &i) in out.iter_mut().zip(rows) {
                *o = v[i];
            }
            return;
        }
    }
    let r = ca.rechunk();
    let vals: Vec<f64> = r.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
    for (o, &i) in out.iter_mut().zip(rows) {
        *o = vals[i];
    }
}

/// The design of a formula without lags or differences, read straight from the frame's f64
/// buffers into a column-major matrix (no per-value options, one copy of the data).
fn build_plain(formula: &Formula, df: &DataFrame, opts: &DesignOptions) -> Result<Design> {
    let n = df.height();
    let y = plain_column(&formula.response, df)?;
    let mut cache: HashMap<String, Float64Chunked> = HashMap::new();
    let mut cols: Vec<Float64Chunked> = Vec::new();
    for t in &formula.regressors {
        let key = t.label();
        let c = match cache.get(&key) {
            Some(c) => c.clone(),
            None => {
                let c = plain_column(t, df)?;
                cache.insert(key, c.clone());
                c
            }
        };
        cols.push(c);
    }
    let entity = opts
        .entity
        .map(|e| crate::columns::key_codes(df, e))
        .transpose()?;
    let time: Option<Int64Chunked> = match opts.time {
        Some(t) => {
            crate::panel::require_column(df, t)?;
            let c = df
                .column(t)
                .and_then(|c| c.cast(&DataType::Int64))
                .map_err(|e| Error::InvalidArgument {
                    what: format!("column {t:?}"),
                    message: format!("must hold integers (years): {e}"),
                })?;
            Some(
                c.i64()
                    .cloned()
                    .map_err(|e| Error::Estimation(e.to_string()))?,
            )
        }
        None => None,
    };
    check_window(time.is_some(), opts)?;
    let (fe_raw, req) = key_columns(df, opts)?;
    // Estimation sample: one mask, narrowed by each column that can exclude rows.
    let mut keep = vec![true; n];
    if let Some(t) = &time {
        for (k, v) in keep.iter_mut().zip(t.iter()) {
            *k = v.is_some_and(|v| {
                opts.from.is_none_or(|f| v >= f) && opts.to.is_none_or(|e| v <= e)
            });
        }
    }
    let window = keep.clone();
    for c in std::iter::once(&y).chain(cols.iter()) {
        if c.null_count() > 0 {
            for (k, v) in keep.iter_mut().zip(c.iter()) {
                *k &= v.is_some();
            }
        }
    }
    for (codes, _) in fe_raw.iter().chain(req.iter()) {
        for (k, v) in keep.iter_mut().zip(codes) {
            *k &= *v != u32::MAX;
        }
    }
    let rows: Vec<usize> = (0..n).filter(|&i| keep[i]).collect();
    let n_missing = window.iter().filter(|w| **w).count() - rows.len();
    if rows.is_empty() {
        return Err(no_complete_rows(formula, n_missing));
    }
    let all_rows = rows.len() == n;
    let labels: Vec<String> = formula.regressors.iter().map(Term::label).collect();
    let p = cols.len() + usize::from(opts.intercept);
    let mut x = Array2::<f64>::zeros((rows.len(), p).f());
    let mut names = Vec::with_capacity(p);
    if opts.intercept {
        x.column_mut(0).fill(1.0);
        names.push("(Intercept)".to_string());
    }
    let mut yv = vec![0.0; rows.len()];
    {
        // y and every regressor column copied in parallel (one column per task).
        use rayon::prelude::*;
        let m = x
            .as_slice_memory_order_mut()
            .ok_or_else(|| Error::Estimation("internal: design not contiguous".into()))?;
        let mut jobs: Vec<(&Float64Chunked, &mut [f64])> = vec![(&y, yv.as_mut_slice())];
        jobs.extend(
            cols.iter()
                .zip(m.chunks_mut(rows.len()).skip(usize::from(opts.intercept))),
        );
        jobs.into_par_iter()
            .for_each(|(c, out)| gather(c, &rows, all_rows, out));
    }
    names.extend(labels.iter().cloned());
    for (j, name) in std::iter::once(formula.response.label())
        .chain(labels.iter().cloned())
        .enumerate()
    {
        let col: &[f64] = if j == 0 {
            &yv
        } else {
            match x.column(j - 1 + usize::from(opts.intercept)).to_slice() {
                Some(s) => s,
                None => continue,
            }
        };
        if let Some(r) = col.iter().position(|v| !v.is_finite()) {
            return Err(Error::InvalidArgument {
                what: format!("column {name:?}"),
                message: format!("non-finite value {} at row {}", col[r], rows[r] + 1),
            });
        }
    }
    let mut ids = Vec::new();
    let mut n_levels = Vec::new();
    for (c, nl) in fe_raw {
        // Codes are dense in order of first appearance already when no row was dropped.
        let (cd, k) = if all_rows {
            (c, nl)
        } else {
            crate::columns::dense(rows.iter().map(|&i| c[i]), nl)
        };
        ids.push(cd);
        n_levels.push(k);
    }
    let entity_codes = entity
        .as_ref()
        .map(|(e, nl)| crate::columns::dense(rows.iter().map(|&i| e[i].unwrap_or(0)), *nl).0);
    let time_vals = time.as_ref().map(|t| {
        let r = t.rechunk();
        match r.cont_slice() {
            Ok(sl) => rows.iter().map(|&i| sl[i]).collect(),
            Err(_) => {
                let v: Vec<i64> = r.iter().map(|v| v.unwrap_or(i64::MIN)).collect();
                rows.iter().map(|&i| v[i]).collect()
            }
        }
    });
    Ok(Design {
        y: yv,
        x,
        names,
        rows,
        n_missing,
        fe_names: opts.fixed_effects.clone(),
        fe: Factors { ids, n_levels },
        entity: entity_codes,
        time: time_vals,
    })
}
