//! indikator's own tidy long format, as CSV or Parquet.

use polars::prelude::*;

use super::account::RowAccount;
use super::grid::{Grid, GridRow};
use super::records::{Record, semester_label};
use super::{Found, LoadOptions, parse_year, resolve_name};
use crate::error::{Error, Location, PolarsContext, Result};
use crate::indicator;
use crate::registry::{Level, RegionType, Registry, Resolved};

pub(super) fn parse_grid(
    grid: &Grid,
    source: &str,
    opts: &LoadOptions,
    acc: &mut RowAccount,
) -> Result<Vec<Record>> {
    acc.header_rows = 1;
    let header: Vec<String> = grid.rows[0]
        .cells
        .iter()
        .map(|c| c.to_lowercase())
        .collect();
    let col = |n: &str| header.iter().position(|h| h == n);
    let need = |n: &str| {
        col(n).ok_or_else(|| {
            let near = crate::error::closest(n, header.iter().map(String::as_str), 1);
            let hint = near
                .first()
                .map(|s| format!("; did you mean {s:?}?"))
                .unwrap_or_default();
            Error::Format {
                file: grid.file.clone(),
                message: format!(
                    "a tidy table needs a {n:?} column (found: {}){hint}",
                    crate::error::shorten(&header.join(", "))
                ),
            }
        })
    };
    let (c_region, c_year, c_value) = (need("region")?, need("year")?, need("value")?);
    let c_ind = col("indicator");
    if c_ind.is_none() && opts.indicator.is_none() {
        need("indicator")?;
    }
    let (c_code, c_type, c_prov, c_sem, c_unit, c_src) = (
        col("region_code"),
        col("region_type"),
        col("province"),
        col("semester"),
        col("unit"),
        col("source_id"),
    );
    let reg = Registry::bundled();
    let mut out = Vec::with_capacity(grid.rows.len());
    if grid.rows.len() < 2 {
        return Err(Error::EmptyFile {
            file: grid.file.clone(),
            expected: "data rows below the header".into(),
        });
    }
    for row in &grid.rows[1..] {
        let get = |c: Option<usize>| c.map(|c| row.get(c)).unwrap_or("");
        let at =
            |c: usize| Location::cell(&grid.file, row.line, grid.column_name(c, Some(&header[c])));
        let year = parse_year(row.get(c_year)).ok_or_else(|| Error::BadValue {
            at: at(c_year),
            value: row.get(c_year).to_string(),
            expected: "a year such as 2024".into(),
        })?;
        let name = row.get(c_region);
        let code = get(c_code);
        let rtype = RegionType::parse(get(c_type));
        let found = if let Some(r) = reg.by_code(code).filter(|_| !code.is_empty()) {
            if !name.is_empty() {
                super::check_name_matches(r, name, &at(c_region))?;
            }
            Found::Known(r)
        } else if !code.is_empty() {
            return Err(Error::UnknownRegion {
                at: Some(at(c_code.unwrap_or(c_region))),
                name: code.to_string(),
                suggestions: Vec::new(),
            });
        } else {
            let prov = match reg.resolve_in(get(c_prov), None, Level::Province) {
                Resolved::One(p) if rtype != Some(RegionType::Province) => Some(p),
                _ => None,
            };
            resolve_name(name, prov, &at(c_region))?
        };
        let ind = match (&opts.indicator, c_ind) {
            (Some(n), _) => n.clone(),
            (None, Some(c)) => row.get(c).to_string(),
            (None, None) => String::new(),
        };
        if ind.is_empty() {
            return Err(Error::BadValue {
                at: at(c_ind.unwrap_or(0)),
                value: String::new(),
                expected: "an indicator name".into(),
            });
        }
        let value = grid.number(row, c_value, Some(&header[c_value]))?;
        let unit = match get(c_unit) {
            "" => indicator::unit_for(&ind, None),
            u => u.to_string(),
        };
        let src = match get(c_src) {
            "" => source,
            s => s,
        };
        out.push(found.record(
            year,
            semester_label(get(c_sem)),
            &ind,
            value,
            unit,
            src,
            at(c_value),
        ));
    }
    Ok(out)
}

pub(super) fn parse_parquet(
    bytes: &[u8],
    file: &str,
    source: &str,
    opts: &LoadOptions,
    acc: &mut RowAccount,
) -> Result<Vec<Record>> {
    let cursor = std::io::Cursor::new(bytes.to_vec());
    let df = crate::error::guard_panics(file, || {
        ParquetReader::new(cursor)
            .finish()
            .map_err(|e| Error::Format {
                file: file.to_string(),
                message: format!("not a readable Parquet file: {e}"),
            })
    })?;
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut cols: Vec<Vec<Option<String>>> = Vec::new();
    for n in &names {
        let c = df.column(n).ctx("reading Parquet")?;
        let nested = matches!(c.dtype(), DataType::List(_) | DataType::Struct(_));
        let text = (!nested)
            .then(|| c.cast(&DataType::String).ok())
            .flatten()
            .ok_or_else(|| Error::Format {
                file: file.to_string(),
                message: format!(
                    "column {n:?} holds {} values; a tidy Parquet file has one text or number per cell",
                    c.dtype()
                ),
            })?;
        let ca = text.str().ctx("reading Parquet")?;
        cols.push(ca.iter().map(|v| v.map(str::to_string)).collect());
    }
    let mut rows = vec![GridRow {
        line: 1,
        cells: names.clone(),
    }];
    for i in 0..df.height() {
        rows.push(GridRow {
            line: i + 2,
            cells: cols
                .iter()
                .map(|c| c[i].clone().unwrap_or_default())
                .collect(),
        });
    }
    let grid = Grid {
        file: file.to_string(),
        rows,
        decimal_comma: false,
        spreadsheet: false,
        blank_lines: Vec::new(),
    };
    acc.format = Some(super::Format::Parquet);
    acc.rows = grid.rows.len();
    parse_grid(&grid, source, opts, acc)
}
