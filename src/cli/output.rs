//! Writing frames and JSON to stdout or files; a closed pipe (`indikator … | head`) is not an error.

use std::io::Write;
use std::path::PathBuf;

use indikator::error::PolarsContext;
use indikator::{Error, Result};
use polars::prelude::*;

/// Write bytes to stdout; a closed pipe ends the output quietly.
pub fn stdout(bytes: &[u8]) -> Result<()> {
    match std::io::stdout().lock().write_all(bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::Io {
            path: "standard output".into(),
            source,
        }),
        Ok(()) => Ok(()),
    }
}

/// Print a line to stdout (a closed pipe ends the output quietly).
pub fn line(text: &str) -> Result<()> {
    stdout(format!("{text}\n").as_bytes())
}

fn write_csv(df: &mut DataFrame, out: &mut dyn Write) -> Result<()> {
    CsvWriter::new(out)
        .include_header(true)
        .finish(df)
        .ctx("writing CSV")
}

/// CSV on stdout, or a CSV / Parquet file by its extension.
pub fn write_frame(df: &mut DataFrame, out: Option<&PathBuf>) -> Result<()> {
    let Some(p) = out else {
        let mut buf = Vec::new();
        write_csv(df, &mut buf)?;
        return stdout(&buf);
    };
    let f = std::fs::File::create(p).map_err(|source| Error::Io {
        path: p.clone(),
        source,
    })?;
    if p.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
    {
        ParquetWriter::new(f)
            .finish(df)
            .ctx("writing Parquet")
            .map(|_| ())
    } else {
        write_csv(df, &mut std::io::BufWriter::new(f))
    }
}

/// A frame as a table, or as CSV.
pub fn print_table(df: &DataFrame, csv: bool) -> Result<()> {
    if csv {
        return write_frame(&mut df.clone(), None);
    }
    line(&df.to_string())
}

/// Pretty JSON on stdout.
pub fn print_json(value: &impl serde::Serialize, what: &str) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|source| Error::Json {
        context: format!("writing the {what}"),
        source,
    })?;
    line(&text)
}

/// A frame as JSON records (numbers as numbers, everything else as text, nulls as null).
pub fn frame_records(df: &DataFrame) -> Result<Vec<serde_json::Value>> {
    let mut rows = vec![serde_json::Map::new(); df.height()];
    for c in df.columns() {
        let name = c.name().to_string();
        let put = |rows: &mut Vec<serde_json::Map<String, serde_json::Value>>, i: usize, v| {
            rows[i].insert(name.clone(), v);
        };
        if c.dtype().is_primitive_numeric() {
            let v = c.cast(&DataType::Float64).ctx("json")?;
            for (i, x) in v.f64().ctx("json")?.iter().enumerate() {
                put(
                    &mut rows,
                    i,
                    x.map_or(serde_json::Value::Null, serde_json::Value::from),
                );
            }
        } else {
            let v = c.cast(&DataType::String).ctx("json")?;
            for (i, x) in v.str().ctx("json")?.iter().enumerate() {
                put(
                    &mut rows,
                    i,
                    x.map_or(serde_json::Value::Null, serde_json::Value::from),
                );
            }
        }
    }
    Ok(rows.into_iter().map(serde_json::Value::Object).collect())
}

/// An output file's folder must exist: a clear error naming it otherwise (nothing is created).
pub fn check_parent(path: &std::path::Path) -> Result<()> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if parent.is_dir() {
        return Ok(());
    }
    Err(indikator::Error::InvalidArgument {
        what: "output file".into(),
        message: format!(
            "{}: the folder {} does not exist; create it first / folder tidak ada",
            path.display(),
            parent.display()
        ),
    })
}
