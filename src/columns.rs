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
