//! Reading polars columns into plain vectors, with errors that name the column.

use polars::prelude::*;

use crate::error::{Error, PolarsContext, Result};

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
    let (codes, n) = key_codes_u32(df, name)?;
    Ok((
        codes
            .into_iter()
            .map(|c| (c != u32::MAX).then_some(c))
            .collect(),
        n,
    ))
}

/// The code of a level whose slot is `slot` (`u32::MAX` until first seen: then the next code).
fn first_seen(next: &mut u32, slot: &mut u32) -> u32 {
    if *slot == u32::MAX {
        *slot = *next;
        *next += 1;
    }
    *slot
}

/// Integer codes of a key column as plain `u32` with `u32::MAX` for null, levels in order of first
/// appearance, and the number of levels. Integer columns are coded straight from their Arrow
/// buffers through a lookup table over the value range (hashing only when the range is wide);
/// other types through their text.
pub fn key_codes_u32(df: &DataFrame, name: &str) -> Result<(Vec<u32>, usize)> {
    require_column(df, name)?;
    let c = df.column(name).ctx(name)?;
    if c.dtype().is_integer() {
        let c = c.cast(&DataType::Int64).ctx(name)?;
        let ca = c.i64().ctx(name)?;
        let range = match (ca.min(), ca.max()) {
            (Some(lo), Some(hi)) => hi
                .checked_sub(lo)
                .and_then(|d| usize::try_from(d).ok())
                .filter(|&s| s < (1 << 24).max(4 * ca.len()))
                .map(|s| (lo, s)),
            _ => None,
        };
        let mut out = Vec::with_capacity(ca.len());
        if let Some((lo, span)) = range {
            let mut table = vec![u32::MAX; span + 1];
            let mut next = 0u32;
            for arr in ca.downcast_iter() {
                if arr.validity().is_none() {
                    out.extend(
                        arr.values()
                            .iter()
                            .map(|&v| first_seen(&mut next, &mut table[(v - lo) as usize])),
                    );
                } else {
                    out.extend(arr.iter().map(|v| match v {
                        Some(&v) => first_seen(&mut next, &mut table[(v - lo) as usize]),
                        None => u32::MAX,
                    }));
                }
            }
            return Ok((out, next as usize));
        }
        let mut map = std::collections::HashMap::<i64, u32>::new();
        let mut next = 0u32;
        out.extend(ca.iter().map(|v| match v {
            Some(v) => first_seen(&mut next, map.entry(v).or_insert(u32::MAX)),
            None => u32::MAX,
        }));
        return Ok((out, next as usize));
    }
    let c = c.cast(&DataType::String).ctx(name)?;
    let mut map = std::collections::HashMap::<String, u32>::new();
    let out = c
        .str()
        .ctx(name)?
        .iter()
        .map(|v| match v {
            Some(v) => match map.get(v) {
                Some(&code) => code,
                None => {
                    let code = map.len() as u32;
                    map.insert(v.to_string(), code);
                    code
                }
            },
            None => u32::MAX,
        })
        .collect();
    Ok((out, map.len()))
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

pub(crate) fn col_names(df: &DataFrame) -> Vec<String> {
    df.get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Check that `name` is a column of `df`, with a suggestion if not.
pub fn require_column(df: &DataFrame, name: &str) -> Result<()> {
    let names = col_names(df);
    if names.iter().any(|n| n == name) {
        Ok(())
    } else {
        Err(Error::ColumnNotFound {
            column: name.to_string(),
            suggestions: crate::error::closest(name, names.iter().map(String::as_str), 2),
            available: names,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Integer keys take the lookup-table path when their range is narrow, the hash path when it is
    /// wide, and text keys go through their strings: all three code the same levels alike.
    #[test]
    fn table_hash_and_text_paths_give_the_same_codes() {
        let narrow = [7i64, 3, 7, 9, 3, 3];
        let wide: Vec<i64> = narrow.iter().map(|v| v * 1_000_000_000_000).collect();
        let text: Vec<String> = narrow.iter().map(|v| format!("r{v}")).collect();
        let df = df!("a" => narrow, "b" => wide, "c" => text).unwrap();
        let want = (vec![0, 1, 0, 2, 1, 1], 3);
        for c in ["a", "b", "c"] {
            assert_eq!(key_codes_u32(&df, c).unwrap(), want, "{c}");
        }
        let with_null = df!("k" => [Some(5i64), None, Some(5)]).unwrap();
        assert_eq!(
            key_codes_u32(&with_null, "k").unwrap(),
            (vec![0, u32::MAX, 0], 1)
        );
    }

    /// Dense recoding keeps the order of first appearance.
    #[test]
    fn dense_recodes_in_order_of_appearance() {
        assert_eq!(dense([4, 2, 4, 0], 5), (vec![0, 1, 0, 2], 3));
    }
}
