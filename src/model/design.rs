//! From a frame and a formula to numbers: evaluate terms (with lags and differences defined by
//! the time column), select the estimation sample, drop and count incomplete rows, and code the
//! fixed effects as integers.

use std::collections::HashMap;

use ndarray::{Array2, ShapeBuilder};
use polars::prelude::*;

use super::demean::Factors;
use super::rows::Rows;
pub use super::terms::regressor_values;
use super::terms::{eval, plain_column, time_index};
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
    pub rows: Rows,
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
            what: "sample window (from/to)".into(),
            message: "needs a time column".into(),
        });
    }
    Ok(())
}

fn no_complete_rows(formula: &Formula, opts: &DesignOptions, n_window: usize) -> Error {
    if n_window == 0 {
        let w = |v: Option<i64>| v.map_or_else(|| "…".to_string(), |v| v.to_string());
        return Error::Estimation(format!(
            "the sample window {}–{} holds no rows of the data",
            w(opts.from),
            w(opts.to)
        ));
    }
    let used: Vec<String> = std::iter::once(formula.response.label())
        .chain(formula.regressors.iter().map(Term::label))
        .collect();
    // A screenful at most: the first columns, then how many more.
    const SHOWN: usize = 8;
    let more = match used.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    Error::Estimation(format!(
        "all {n_window} rows of the sample have a missing value in a used column ({}{more})",
        used[..used.len().min(SHOWN)].join(", ")
    ))
}

/// The time column as integers (years), read one way for every path.
fn time_column(df: &DataFrame, time: Option<&str>) -> Result<Option<Int64Chunked>> {
    let Some(t) = time else { return Ok(None) };
    crate::columns::require_column(df, t)?;
    let c = df
        .column(t)
        .and_then(|c| c.cast(&DataType::Int64))
        .map_err(|e| Error::InvalidArgument {
            what: format!("column {t:?}"),
            message: format!("must hold integers (years): {e}"),
        })?;
    Ok(Some(
        c.i64()
            .cloned()
            .map_err(|e| Error::Internal(e.to_string()))?,
    ))
}

/// The response and every regressor as polars f64 columns over all rows of `df`: plain terms
/// are the frame's own buffers (no copy); `indexed` evaluates through the (entity, time) index,
/// which lags and differences need.
fn term_columns(
    formula: &Formula,
    df: &DataFrame,
    entity: Option<&(Vec<Option<u32>>, usize)>,
    time: Option<&Int64Chunked>,
    opts: &DesignOptions,
    indexed: bool,
) -> Result<Vec<Float64Chunked>> {
    let terms = std::iter::once(&formula.response).chain(formula.regressors.iter());
    if !indexed {
        let mut cache: HashMap<String, Float64Chunked> = HashMap::new();
        return terms
            .map(|t| {
                if let Some(c) = cache.get(&t.label()) {
                    return Ok(c.clone());
                }
                let c = plain_column(t, df)?;
                cache.insert(t.label(), c.clone());
                Ok(c)
            })
            .collect();
    }
    let tv: Option<Vec<Option<i64>>> = time.map(|t| t.iter().collect());
    let ti = time_index(formula, df, entity.map(|e| &e.0), tv.as_ref(), opts.entity)?;
    let mut cache = HashMap::new();
    terms
        .map(|t| {
            let v = eval(t, df, ti.as_ref(), &mut cache)?;
            Ok(v.into_iter().collect::<Float64Chunked>())
        })
        .collect()
}

/// Build the design: evaluate the terms, select the sample (window, complete rows), copy the
/// used rows into a column-major matrix, check values, code the fixed effects.
pub fn build(formula: &Formula, df: &DataFrame, opts: &DesignOptions) -> Result<Design> {
    if df.height() == 0 {
        return Err(Error::Estimation("the data has no rows".into()));
    }
    let uses_time = formula.response.uses_time() || formula.regressors.iter().any(Term::uses_time);
    let time = time_column(df, opts.time)?;
    check_window(time.is_some(), opts)?;
    let entity = opts
        .entity
        .map(|e| crate::columns::key_codes(df, e))
        .transpose()?;
    let mut cols = term_columns(formula, df, entity.as_ref(), time.as_ref(), opts, uses_time)?;
    let y = cols.remove(0);
    let (fe_raw, req) = key_columns(df, opts)?;
    let (rows, n_missing) = sample_rows(formula, opts, &y, &cols, time.as_ref(), &fe_raw, &req)?;
    let all_rows = rows.list().is_none();
    let (yv, x, names) = copy_columns(formula, opts, &y, &cols, &rows)?;
    let mut ids = Vec::new();
    let mut n_levels = Vec::new();
    for (c, nl) in fe_raw {
        // Codes are dense in order of first appearance already when no row was dropped.
        let (cd, k) = if all_rows {
            (c, nl)
        } else {
            crate::columns::dense(rows.iter().map(|i| c[i]), nl)
        };
        ids.push(cd);
        n_levels.push(k);
    }
    let entity_codes = entity
        .as_ref()
        .map(|(e, nl)| crate::columns::dense(rows.iter().map(|i| e[i].unwrap_or(0)), *nl).0);
    let time_vals = time.as_ref().map(|t| {
        let r = t.rechunk();
        match r.cont_slice() {
            Ok(sl) => rows.iter().map(|i| sl[i]).collect(),
            Err(_) => {
                let v: Vec<i64> = r.iter().map(|v| v.unwrap_or(i64::MIN)).collect();
                rows.iter().map(|i| v[i]).collect()
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

/// The estimation sample: rows in the window with every used value present. Returns the rows
/// and how many rows of the window were dropped for a missing value.
fn sample_rows(
    formula: &Formula,
    opts: &DesignOptions,
    y: &Float64Chunked,
    cols: &[Float64Chunked],
    time: Option<&Int64Chunked>,
    fe_raw: &[(Vec<u32>, usize)],
    req: &[(Vec<u32>, usize)],
) -> Result<(Rows, usize)> {
    let n = y.len();
    let mut keep = vec![true; n];
    if let Some(t) = time {
        for (k, v) in keep.iter_mut().zip(t.iter()) {
            *k = v.is_some_and(|v| {
                opts.from.is_none_or(|f| v >= f) && opts.to.is_none_or(|e| v <= e)
            });
        }
    }
    let n_window = keep.iter().filter(|w| **w).count();
    for c in std::iter::once(y).chain(cols.iter()) {
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
    let n_kept = keep.iter().filter(|k| **k).count();
    if n_kept == 0 {
        return Err(no_complete_rows(formula, opts, n_window));
    }
    let rows = if n_kept == n {
        Rows::All(n)
    } else {
        let mut list = Vec::with_capacity(n_kept);
        list.extend((0..n).filter(|&i| keep[i]));
        Rows::List(list)
    };
    Ok((rows, n_window - n_kept))
}

/// Copy `rows` of the response and the regressors (and the constant) into `y` and a
/// column-major `X`, one column per task, checking on the way that every value is finite (the
/// error names the column and the frame row).
#[allow(clippy::type_complexity)]
fn copy_columns(
    formula: &Formula,
    opts: &DesignOptions,
    y: &Float64Chunked,
    cols: &[Float64Chunked],
    rows: &Rows,
) -> Result<(Vec<f64>, Array2<f64>, Vec<String>)> {
    let p = cols.len() + usize::from(opts.intercept);
    let mut x = Array2::<f64>::zeros((rows.len(), p).f());
    let mut names = Vec::with_capacity(p);
    if opts.intercept {
        x.column_mut(0).fill(1.0);
        names.push(super::INTERCEPT.to_string());
    }
    names.extend(formula.regressors.iter().map(Term::label));
    let mut yv = vec![0.0; rows.len()];
    let bad: Vec<Option<(usize, f64)>> = {
        use rayon::prelude::*;
        let m = x
            .as_slice_memory_order_mut()
            .ok_or_else(|| Error::Internal("design not contiguous".into()))?;
        let mut jobs: Vec<(&Float64Chunked, &mut [f64])> = vec![(y, yv.as_mut_slice())];
        jobs.extend(
            cols.iter()
                .zip(m.chunks_mut(rows.len()).skip(usize::from(opts.intercept))),
        );
        jobs.into_par_iter()
            .map(|(c, out)| gather(c, rows, out).map(|i| (i, out[i])))
            .collect()
    };
    let labels =
        std::iter::once(formula.response.label()).chain(formula.regressors.iter().map(Term::label));
    if let Some((name, (i, v))) = labels.zip(bad).find_map(|(l, b)| b.map(|b| (l, b))) {
        return Err(Error::InvalidArgument {
            what: format!("column {name:?}"),
            message: format!("non-finite value {v} at row {}", rows.get(i) + 1),
        });
    }
    Ok((yv, x, names))
}

impl Design {
    /// Keep only these rows (by position in the design); codes stay dense.
    pub fn subset(&self, keep: &[usize]) -> Design {
        let x = self.x.select(ndarray::Axis(0), keep);
        let recode =
            |ids: &Vec<u32>, n: usize| crate::columns::dense(keep.iter().map(|&i| ids[i]), n);
        let (ids, n_levels): (Vec<Vec<u32>>, Vec<usize>) = self
            .fe
            .ids
            .iter()
            .zip(&self.fe.n_levels)
            .map(|(ids, &n)| recode(ids, n))
            .unzip();
        Design {
            y: keep.iter().map(|&i| self.y[i]).collect(),
            x,
            names: self.names.clone(),
            rows: self.rows.select(keep),
            n_missing: self.n_missing,
            fe_names: self.fe_names.clone(),
            fe: Factors { ids, n_levels },
            entity: self
                .entity
                .as_ref()
                .map(|e| recode(e, super::fe::n_levels(e)).0),
            time: self
                .time
                .as_ref()
                .map(|t| keep.iter().map(|&i| t[i]).collect()),
        }
    }
}

/// Copy the values of `rows` of a column into `out` (a contiguous column of the design), block
/// by block, and return the position of the first value that is not finite (checked while the
/// block is in cache: no second pass over the column).
fn gather(ca: &Float64Chunked, rows: &Rows, out: &mut [f64]) -> Option<usize> {
    const BLOCK: usize = 8192;
    let mut bad = None;
    let mut check = |block: &[f64], at: usize| {
        if bad.is_none()
            && let Some(p) = block.iter().position(|v| !v.is_finite())
        {
            bad = Some(at + p);
        }
    };
    let single = (ca.null_count() == 0 && ca.chunks().len() == 1)
        .then(|| ca.downcast_iter().next())
        .flatten();
    match (rows, single) {
        (Rows::All(_), _) if ca.null_count() == 0 => {
            let mut at = 0;
            for arr in ca.downcast_iter() {
                for v in arr.values().as_slice().chunks(BLOCK) {
                    let o = &mut out[at..at + v.len()];
                    o.copy_from_slice(v);
                    check(o, at);
                    at += v.len();
                }
            }
        }
        (Rows::List(list), Some(arr)) => {
            let v = arr.values().as_slice();
            for (b, (o, r)) in out.chunks_mut(BLOCK).zip(list.chunks(BLOCK)).enumerate() {
                o.iter_mut().zip(r).for_each(|(o, &i)| *o = v[i]);
                check(o, b * BLOCK);
            }
        }
        _ => {
            let r = ca.rechunk();
            let vals: Vec<f64> = r.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
            for (o, i) in out.iter_mut().zip(rows.iter()) {
                *o = vals[i];
            }
            check(out, 0);
        }
    }
    bad
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn frame(vals: &[(Option<f64>, Option<f64>, Option<f64>)]) -> DataFrame {
        let n = vals.len();
        df!(
            "e" => (0..n).map(|i| (i / 4) as i64).collect::<Vec<_>>(),
            "t" => (0..n).map(|i| 2015 + (i % 4) as i64).collect::<Vec<_>>(),
            "y" => vals.iter().map(|v| v.0).collect::<Vec<_>>(),
            "x" => vals.iter().map(|v| v.1).collect::<Vec<_>>(),
            "z" => vals.iter().map(|v| v.2).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, rng_seed: proptest::test_runner::RngSeed::Fixed(7), ..ProptestConfig::default() })]
        /// The zero-copy plain path and the (entity, time)-indexed path evaluate a lag-free
        /// formula to the same columns, and so to the same design.
        #[test]
        fn plain_and_indexed_terms_agree(
            vals in proptest::collection::vec(
                (proptest::option::weighted(0.9, 0.1f64..10.0),
                 proptest::option::weighted(0.9, -5.0f64..5.0),
                 proptest::option::weighted(0.9, 0.1f64..3.0)), 8..40),
            from in proptest::option::of(2015i64..2017),
        ) {
            let df = frame(&vals);
            let f = Formula::parse("y ~ x + log(z) | e").unwrap();
            let opts = DesignOptions { entity: Some("e"), time: Some("t"), from, to: None,
                fixed_effects: vec!["e".into()], intercept: false, required: vec![] };
            let ent = crate::columns::key_codes(&df, "e").unwrap();
            let time = time_column(&df, Some("t")).unwrap();
            let a = term_columns(&f, &df, Some(&ent), time.as_ref(), &opts, false).unwrap();
            let b = term_columns(&f, &df, Some(&ent), time.as_ref(), &opts, true).unwrap();
            prop_assert_eq!(a.len(), b.len());
            for (p, q) in a.iter().zip(&b) {
                let (p, q): (Vec<_>, Vec<_>) = (p.iter().collect(), q.iter().collect());
                prop_assert_eq!(p, q);
            }
        }
    }

    /// `subset` keeps fixed-effect codes dense (0..levels kept).
    #[test]
    fn subset_keeps_codes_dense() {
        let df = frame(
            &(0..8)
                .map(|i| (Some(i as f64 + 1.0), Some(i as f64), Some(1.0)))
                .collect::<Vec<_>>(),
        );
        let f = Formula::parse("y ~ x | e").unwrap();
        let opts = DesignOptions {
            entity: Some("e"),
            time: Some("t"),
            fixed_effects: vec!["e".into()],
            ..Default::default()
        };
        let d = build(&f, &df, &opts).unwrap();
        let s = d.subset(&[4, 5, 6]);
        assert_eq!(s.fe.ids[0], vec![0, 0, 0]);
        assert_eq!(s.fe.n_levels[0], 1);
        assert_eq!(s.rows.to_vec(), vec![4, 5, 6]);
    }

    /// An empty window is named as such, not as missing values.
    #[test]
    fn empty_window_is_named() {
        let df = frame(
            &(0..8)
                .map(|i| (Some(i as f64 + 1.0), Some(i as f64), Some(1.0)))
                .collect::<Vec<_>>(),
        );
        let f = Formula::parse("y ~ x").unwrap();
        let opts = DesignOptions {
            entity: Some("e"),
            time: Some("t"),
            from: Some(2030),
            intercept: true,
            ..Default::default()
        };
        let e = build(&f, &df, &opts).unwrap_err().to_string();
        assert!(e.contains("window 2030–…"), "{e}");
    }
}
