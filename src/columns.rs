//! Reading polars columns into plain vectors, with errors that name the column.

use polars::prelude::*;

use crate::error::{Error, PolarsContext, Result};
use crate::panel::require_column;

/// Column of any type as strings (null stays null).
pub fn strings(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    require_column(df, name)?;
    let c = df
        .column(name)
        .ctx(name)?
        .cast(&DataType::String)
        .ctx(&format!("reading column {name}"))?;
    Ok(c.str()
        .ctx(name)?
        .iter()
        .map(|v| v.map(str::to_string))
        .collect())
}

/// Numeric column as f64 (null stays null); a text column is an error naming its type.
pub fn floats(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    require_column(df, name)?;
    let c = df.column(name).ctx(name)?;
    if !(c.dtype().is_primitive_numeric() || c.dtype().is_bool()) {
        return Err(Error::InvalidArgument {
            what: format!("column {name:?}"),
            message: format!("holds {} values; a numeric column is needed", c.dtype()),
        });
    }
    let c = c.cast(&DataType::Float64).ctx(name)?;
    Ok(c.f64().ctx(name)?.iter().collect())
}

/// Integer column (years) as i64 (null stays null).
pub fn ints(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>> {
    require_column(df, name)?;
    let c = df
        .column(name)
        .ctx(name)?
        .cast(&DataType::Int64)
        .map_err(|_| Error::InvalidArgument {
            what: format!("column {name:?}"),
            message: "must hold integers (years)".into(),
        })?;
    Ok(c.i64().ctx(name)?.iter().collect())
}

/// Integer codes of a key column (any type; integers without going through text), levels in
/// order of first appearance, and the number of levels. Null stays null.
pub fn key_codes(df: &DataFrame, name: &str) -> Result<(Vec<Option<u32>>, usize)> {
    require_column(df, name)?;
    let c = df.column(name).ctx(name)?;
    if c.dtype().is_integer() {
        let c = c.cast(&DataType::Int64).ctx(name)?;
        let ca = c.i64().ctx(name)?;
        // Codes by a lookup table over the value range when it is small (region and year codes),
        // by hashing otherwise; levels in order of first appearance either way.
        if let (Some(lo), Some(hi)) = (ca.min(), ca.max()) {
            let span = hi.checked_sub(lo).and_then(|d| usize::try_from(d).ok());
            if let Some(span) = span.filter(|&s| s < (1 << 24).max(4 * ca.len())) {
                let mut table = vec![u32::MAX; span + 1];
                let mut next = 0u32;
                let out = ca
                    .iter()
                    .map(|v| {
                        v.map(|k| {
                            let t = &mut table[(k - lo) as usize];
                            if *t == u32::MAX {
                                *t = next;
                                next += 1;
                            }
                            *t
                        })
                    })
                    .collect();
                return Ok((out, next as usize));
            }
        }
        let mut map: std::collections::HashMap<i64, u32> = std::collections::HashMap::new();
        let out = ca
            .iter()
            .map(|v| {
                v.map(|k| {
                    let n = map.len() as u32;
                    *map.entry(k).or_insert(n)
                })
            })
            .collect();
        return Ok((out, map.len()));
    }
    let c = c.cast(&DataType::String).ctx(name)?;
    let mut map: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let out = c
        .str()
        .ctx(name)?
        .iter()
        .map(|v| {
            v.map(|k| match map.get(k) {
                Some(&c) => c,
                None => {
                    let n = map.len() as u32;
                    map.insert(k.to_string(), n);
                    n
                }
            })
        })
        .collect();
    Ok((out, map.len()))
}

/// Integer codes of a key column as plain `u32` with `u32::MAX` for null (the fast path of
/// [`key_codes`] for large frames: an integer column without nulls is coded in one tight pass
/// through a lookup table over its value range). Levels in order of first appearance.
pub fn key_codes_u32(df: &DataFrame, name: &str) -> Result<(Vec<u32>, usize)> {
    require_column(df, name)?;
    let c = df.column(name).ctx(name)?;
    if c.dtype().is_integer() && c.null_count() == 0 {
        let c = c.cast(&DataType::Int64).ctx(name)?;
        let ca = c.i64().ctx(name)?;
        let span = match (ca.min(), ca.max()) {
            (Some(lo), Some(hi)) => hi
                .checked_sub(lo)
                .and_then(|d| usize::try_from(d).ok())
                .filter(|&s| s < (1 << 24).max(4 * ca.len()))
                .map(|s| (lo, s)),
            _ => None,
        };
        if let Some((lo, span)) = span {
            let mut table = vec![u32::MAX; span + 1];
            let mut next = 0u32;
            let mut out = Vec::with_capacity(ca.len());
            for arr in ca.downcast_iter() {
                out.extend(arr.values().iter().map(|&k| {
                    let t = &mut table[(k - lo) as usize];
                    if *t == u32::MAX {
                        *t = next;
                        next += 1;
                    }
                    *t
                }));
            }
            return Ok((out, next as usize));
        }
    }
    let (codes, n) = key_codes(df, name)?;
    Ok((
        codes.into_iter().map(|c| c.unwrap_or(u32::MAX)).collect(),
        n,
    ))
}

/// Re-code a selection of codes densely (0..levels present), in order of first appearance.
pub fn dense(codes: impl IntoIterator<Item = u32>, n_levels: usize) -> (Vec<u32>, usize) {
    let mut map = vec![u32::MAX; n_levels];
    let mut next = 0u32;
    let out = codes
        .into_iter()
        .map(|c| {
            let m = &mut map[c as usize];
            if *m == u32::MAX {
                *m = next;
                next += 1;
            }
            *m
        })
        .collect();
    (out, next as usize)
}
