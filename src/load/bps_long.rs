//! BPS "long" CSV exports: one value a line, with the columns `nama_variabel`,
//! `nama_variabel_turunan`, `nama_tahun`, `nama_turunan_tahun`, `data_content` and
//! `nama_item_vertical_variabel` (the region), `;`-separated with a decimal point, blocks of
//! regions per year with each province's row (upper case) above its kab/kota.

use super::account::{SkipReason, SkippedRow};
use super::bps::ProvinceContext;
use super::grid::Grid;
use super::records::{Record, semester_label};
use super::{LoadOptions, parse_year};
use crate::error::{Error, Location, Result};
use crate::indicator;

/// The columns that make a long export.
const VALUE: [&str; 2] = ["data_content", "datacontent"];
const REGION: &str = "nama_item_vertical_variabel";
const YEAR: &str = "nama_tahun";

/// Whether the grid's header is a BPS long export's.
pub(super) fn is_long(grid: &Grid) -> bool {
    grid.rows.first().is_some_and(|h| {
        let has = |n: &str| h.cells.iter().any(|c| c.eq_ignore_ascii_case(n));
        VALUE.iter().any(|v| has(v)) && has(REGION) && has(YEAR)
    })
}

pub(super) fn parse(
    grid: &Grid,
    source: &str,
    opts: &LoadOptions,
    notes: &mut super::LoadNotes,
    acc: &mut super::RowAccount,
) -> Result<Vec<Record>> {
    let header = &grid.rows[0];
    let col = |n: &str| header.cells.iter().position(|c| c.eq_ignore_ascii_case(n));
    let missing = |n: &str| Error::Format {
        file: grid.file.clone(),
        message: format!("BPS long export without a `{n}` column"),
    };
    let value_col = VALUE
        .iter()
        .find_map(|v| col(v))
        .ok_or_else(|| missing(VALUE[0]))?;
    let region_col = col(REGION).ok_or_else(|| missing(REGION))?;
    let year_col = col(YEAR).ok_or_else(|| missing(YEAR))?;
    let var_col = col("nama_variabel");
    let period_col = col("nama_turunan_tahun");
    acc.header_rows = 1;
    let mut provinces = ProvinceContext::new(opts)?;
    let mut out = Vec::new();
    for row in &grid.rows[1..] {
        let name = row.get(region_col);
        let at = |c: usize| {
            Location::cell(
                &grid.file,
                row.line,
                grid.column_name(c, Some(header.get(c))),
            )
        };
        if name.is_empty() {
            acc.skipped.push(SkippedRow {
                line: row.line,
                reason: SkipReason::Note(row.cells.join(" ")),
            });
            continue;
        }
        let var = var_col.map_or("", |c| row.get(c));
        let (ind, unit) = match &opts.indicator {
            Some(n) => (n.clone(), indicator::unit_for(n, None)),
            None => {
                let i = indicator::from_text(var).ok_or_else(|| Error::BadValue {
                    at: at(var_col.unwrap_or(0)),
                    value: var.to_string(),
                    expected: "an indicator indikator knows (see `indikator data list`); pass \
                               --indicator NAME"
                        .into(),
                })?;
                let unit_text = var
                    .rsplit_once('(')
                    .and_then(|(_, u)| u.split_once(')'))
                    .map(|(u, _)| u);
                (i.name.to_string(), indicator::unit_for(i.name, unit_text))
            }
        };
        let year = parse_year(row.get(year_col)).ok_or_else(|| Error::BadValue {
            at: at(year_col),
            value: row.get(year_col).to_string(),
            expected: "a year such as 2023".into(),
        })?;
        let semester = period_col
            .and_then(|c| semester_label(row.get(c)))
            .filter(|s| matches!(s.as_str(), "March" | "September"));
        let found = provinces.found(name, &at(region_col))?;
        let value = grid.number(row, value_col, Some(header.get(value_col)))?;
        out.push(found.record(year, semester, &ind, value, unit, source, at(value_col)));
    }
    if out.is_empty() {
        return Err(Error::EmptyFile {
            file: grid.file.clone(),
            expected: "rows of values below the header".into(),
        });
    }
    notes.notes.extend(provinces.note(&grid.file));
    Ok(out)
}
