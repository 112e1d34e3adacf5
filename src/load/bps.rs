//! BPS web-table exports (CSV or XLSX): title rows, a row of years (optionally a row of
//! semesters below it), then one row per region. Region names are BPS short names (`Sukabumi` is
//! Kabupaten Sukabumi, `Kota Sukabumi` the city); national tables list each province in upper case
//! (`JAWA BARAT`) above its kab/kota.

use super::account::{SkipReason, SkippedRow};
use super::grid::{Grid, GridRow};
use super::records::{Record, semester_label};
use super::{Found, LoadOptions, parse_year_label, resolve_name};
use crate::error::{Error, Location, Result};
use crate::indicator;
use crate::registry::{Level, Region, Registry, Resolved};

/// The index of the row that carries the years, and the (column, year, semester) triples.
#[allow(clippy::type_complexity)]
pub(super) fn find_year_row(grid: &Grid) -> Option<(usize, Vec<(usize, i32, Option<String>)>)> {
    for (ri, row) in grid.rows.iter().enumerate().take(12) {
        let rest: Vec<(usize, &str)> = row
            .cells
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (i, c.as_str()))
            .collect();
        if rest.is_empty() {
            continue;
        }
        let years: Vec<(usize, i32, Option<String>)> = rest
            .iter()
            .filter_map(|&(i, c)| parse_year_label(c).map(|(y, s)| (i, y, s)))
            .collect();
        if years.len() == rest.len() {
            return Some((ri, years));
        }
    }
    None
}

/// The error for a row of years with a cell that is not one (`2025 (revisi)`), if there is such a row.
pub(super) fn near_year_error(grid: &Grid) -> Option<Error> {
    near_year_row(grid).map(|(line, col, value)| Error::BadValue {
        at: crate::error::Location::cell(&grid.file, line, col),
        value,
        expected: "a year in the row of years (2024, 2025* for provisional figures, 2021 (Maret))"
            .into(),
    })
}

/// A row that is mostly years but for one cell: where that cell is (line, column) and what it says.
fn near_year_row(grid: &Grid) -> Option<(usize, String, String)> {
    grid.rows.iter().take(12).find_map(|row| {
        let rest: Vec<(usize, &String)> = row
            .cells
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, c)| !c.is_empty())
            .collect();
        let ok = rest
            .iter()
            .filter(|(_, c)| parse_year_label(c).is_some())
            .count();
        if rest.len() < 2 || ok * 2 < rest.len() || ok == rest.len() {
            return None;
        }
        let (i, bad) = rest.iter().find(|(_, c)| parse_year_label(c).is_none())?;
        Some((row.line, grid.column_name(*i, None), bad.to_string()))
    })
}

fn is_note(name: &str) -> bool {
    let l = name.to_lowercase();
    ["sumber", "source", "catatan", "note", "keterangan", "*"]
        .iter()
        .any(|p| l.starts_with(p))
        || name.len() > 80
}

fn is_upper_header(name: &str) -> bool {
    name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase)
}

/// The table's indicator and unit, from its title (the longest text above the row of years), the
/// file name, or the options.
fn table_indicator(grid: &Grid, yr: usize, opts: &LoadOptions) -> Result<(String, String)> {
    // Title: the longest text above the year row (the first cell there is the row label header).
    let title: String = grid.rows[..yr]
        .iter()
        .flat_map(|r| r.cells.iter().enumerate())
        .filter(|(i, c)| *i > 0 || c.len() > 30)
        .map(|(_, c)| c.clone())
        .max_by_key(String::len)
        .unwrap_or_default();
    let file_hint = std::path::Path::new(&grid.file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned());
    let ind = match &opts.indicator {
        Some(n) => n.clone(),
        None => indicator::from_text(&title)
            .or_else(|| file_hint.as_deref().and_then(indicator::from_text))
            .map(|i| i.name.to_string())
            .ok_or_else(|| Error::Format {
                file: grid.file.clone(),
                message: format!("cannot tell which indicator this table holds (title {title:?}); pass --indicator NAME"),
            })?,
    };
    let unit_text = title
        .rsplit_once('(')
        .and_then(|(_, u)| u.split_once(')'))
        .map(|(u, _)| u.to_string());
    let unit = indicator::unit_for(&ind, unit_text.as_deref());
    Ok((ind, unit))
}

/// Year (and semester) per value column, forward-filled across merged cells, from the row of
/// years and an optional semester row below it; and the first data row.
#[allow(clippy::type_complexity)]
fn column_years(
    grid: &Grid,
    yr: usize,
    years: &[(usize, i32, Option<String>)],
) -> (Vec<(usize, i32, Option<String>)>, usize) {
    // Year per column, forward-filled across merged cells, and an optional semester row.
    let mut col_year: Vec<(usize, i32, Option<String>)> = Vec::new();
    let mut first_data = yr + 1;
    let sem_row: Option<&GridRow> = grid.rows.get(yr + 1).filter(|r| {
        r.get(0).is_empty()
            && r.cells.iter().skip(1).filter(|c| !c.is_empty()).all(|c| {
                matches!(semester_label(c).as_deref(), Some("March" | "September"))
                    || c.to_lowercase() == "tahunan"
            })
            && r.cells.iter().skip(1).any(|c| !c.is_empty())
    });
    if let Some(sr) = sem_row {
        first_data += 1;
        let width = grid.rows[yr].cells.len().max(sr.cells.len());
        let mut cur: Option<i32> = None;
        for c in 1..width {
            if let Some(&(_, y, _)) = years.iter().find(|(i, _, _)| *i == c) {
                cur = Some(y);
            }
            let s = sr.get(c);
            if let (Some(y), false) = (cur, s.is_empty()) {
                col_year.push((c, y, semester_label(s).filter(|s| s != "Tahunan")));
            }
        }
    } else {
        col_year = years.to_vec();
    }
    (col_year, first_data)
}

pub(super) fn parse(
    grid: &Grid,
    source: &str,
    opts: &LoadOptions,
    notes: &mut super::LoadNotes,
    acc: &mut super::RowAccount,
) -> Result<Vec<Record>> {
    let (yr, years) = find_year_row(grid).ok_or_else(|| {
        near_year_error(grid).unwrap_or_else(|| Error::Format {
            file: grid.file.clone(),
            message: "BPS table without a row of years (expected a row such as `, 2015, 2016, …`)"
                .into(),
        })
    })?;
    let (ind, unit) = table_indicator(grid, yr, opts)?;

    let (col_year, first_data) = column_years(grid, yr, &years);
    acc.header_rows = first_data;

    let reg = Registry::bundled();
    let mut province: Option<&Region> = None;
    let mut out = Vec::new();
    for row in &grid.rows[first_data..] {
        let name = row.get(0);
        let values_blank = col_year.iter().all(|(c, _, _)| row.get(*c).is_empty());
        if name.is_empty() && !values_blank {
            // Values that belong to no region would be lost without a word.
            return Err(Error::BadValue {
                at: Location::cell(&grid.file, row.line, grid.column_name(0, None)),
                value: String::new(),
                expected: format!(
                    "a region name: the row has values ({}) but no region",
                    row.cells
                        .iter()
                        .filter(|c| !c.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        if name.is_empty() || is_note(name) {
            let text: Vec<&str> = row
                .cells
                .iter()
                .map(String::as_str)
                .filter(|c| !c.is_empty())
                .collect();
            acc.skipped.push(SkippedRow {
                line: row.line,
                reason: SkipReason::Note(text.join(" ")),
            });
            continue;
        }
        if values_blank {
            acc.skipped.push(SkippedRow {
                line: row.line,
                reason: SkipReason::NoValues(name.to_string()),
            });
            // A region listed without any value: every year a gap, and said so.
            notes.notes.push(format!(
                "{}, line {}: {name} has no value in any year of the table: left as gaps",
                grid.file, row.line
            ));
            continue;
        }
        let at = Location::cell(&grid.file, row.line, grid.column_name(0, None));
        // Province rows switch the province context: upper case (`GORONTALO`), `Provinsi X`,
        // the first region of the table, or a province name that is no kab/kota of the current
        // province (a table of provinces). `Gorontalo` under GORONTALO is the kabupaten.
        let as_province = match reg.resolve_in(name, None, Level::Province) {
            Resolved::One(p) => Some(p),
            _ => None,
        };
        let kabkota_here = province.is_some_and(|p| {
            matches!(
                reg.resolve_in(name, Some(&p.code), Level::KabKota),
                Resolved::One(_)
            )
        });
        let found = match as_province {
            Some(p)
                if is_upper_header(name)
                    || name.to_lowercase().starts_with("prov")
                    || province.is_none()
                    || !kabkota_here =>
            {
                province = Some(p);
                Found::Known(p)
            }
            _ => resolve_name(name, province, &at)?,
        };
        for (c, y, sem) in &col_year {
            let header = format!(
                "{y}{}",
                sem.as_deref().map(|s| format!(" {s}")).unwrap_or_default()
            );
            let value = grid.number(row, *c, Some(&header))?;
            let at = Location::cell(&grid.file, row.line, grid.column_name(*c, Some(&header)));
            out.push(found.record(*y, sem.clone(), &ind, value, unit.clone(), source, at));
        }
    }
    if out.is_empty() {
        return Err(Error::EmptyFile {
            file: grid.file.clone(),
            expected: "region rows below the row of years".into(),
        });
    }
    Ok(out)
}
