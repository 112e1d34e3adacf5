//! Wide files (one row per region and year, one column per variable), CSV or Parquet, read as they
//! are — with projection when only some columns are needed.

use polars::prelude::*;

use crate::error::{Error, PolarsContext, Result};

/// Read a wide CSV or Parquet file into a frame (empty cells are nulls).
pub fn read_frame(path: &std::path::Path) -> Result<DataFrame> {
    let lower = path.to_string_lossy().to_lowercase();
    let file = crate::error::open_file(path)?;
    if lower.ends_with(".parquet") {
        let what = path.display().to_string();
        crate::error::guard_panics(&what, || {
            ParquetReader::new(file)
                .finish()
                .ctx(&format!("reading {what}"))
        })
    } else {
        CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(None)
            .into_reader_with_file_handle(file)
            .finish()
            .ctx(&format!("reading {}", path.display()))
    }
}

/// Rows a CSV's column types are inferred from on the fast path of [`read_columns`].
pub const CSV_INFER_ROWS: usize = 10_000;

/// Read only `columns` of a wide CSV or Parquet file (projection at read time: a 10M-row file
/// with many columns costs memory only for the ones a model uses). Falls back to the whole file
/// when a column is not there, so that the model names the missing column with a suggestion.
pub fn read_columns(path: &std::path::Path, columns: &[String]) -> Result<DataFrame> {
    // A column named twice (a fixed effect that is also the cluster) is read once: polars'
    // readers panic on a repeated name.
    let mut unique: Vec<String> = Vec::with_capacity(columns.len());
    for c in columns {
        if !unique.contains(c) {
            unique.push(c.clone());
        }
    }
    let columns = unique.as_slice();
    let lower = path.to_string_lossy().to_lowercase();
    let file = crate::error::open_file(path)?;
    let r = if lower.ends_with(".parquet") {
        let what = path.display().to_string();
        let read = crate::error::guard_panics(&what, || {
            ParquetReader::new(file)
                .with_columns(Some(columns.to_vec()))
                .finish()
                .ctx(&format!("reading {what}"))
        });
        // A damaged file is an error here, not a second read.
        return match read {
            Err(e @ Error::Format { .. }) => Err(e),
            Ok(df) => Ok(df),
            Err(_) => read_frame(path),
        };
    } else {
        // Types from the first rows: one pass over the file instead of two. A later value that
        // does not fit (a decimal in a column of whole numbers) fails the read, and the whole
        // file is then read with every row inferred.
        let cols: Vec<PlSmallStr> = columns.iter().map(|c| c.as_str().into()).collect();
        CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(CSV_INFER_ROWS))
            .with_columns(Some(cols.into()))
            .into_reader_with_file_handle(file)
            .finish()
    };
    match r {
        Ok(df) => Ok(df),
        Err(_) => read_frame(path),
    }
}
