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

/// What one value column holds.
#[derive(Debug, Clone)]
struct ValueColumn {
    col: usize,
    /// How messages name the column (`2024`, `2021 March`, or the header's own text).
    label: String,
    indicator: String,
    unit: String,
    year: i32,
    semester: Option<String>,
}

/// The indicator a text names, with the unit its last parenthesis gives.
fn indicator_of(text: &str) -> Option<(String, String)> {
    let ind = indicator::from_text(text)?.name.to_string();
    let unit_text = text
        .rsplit_once('(')
        .and_then(|(_, u)| u.split_once(')'))
        .map(|(u, _)| u.to_string());
    let unit = indicator::unit_for(&ind, unit_text.as_deref());
    Some((ind, unit))
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
    if let Some(n) = &opts.indicator {
        return Ok((n.clone(), indicator::unit_for(n, None)));
    }
    indicator_of(&title)
        .or_else(|| file_stem(grid).as_deref().and_then(indicator_of))
        .ok_or_else(|| Error::Format {
            file: grid.file.clone(),
            message: format!(
                "cannot tell which indicator this table holds (title {title:?}); pass --indicator NAME"
            ),
        })
}

fn file_stem(grid: &Grid) -> Option<String> {
    std::path::Path::new(&grid.file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
}

/// Indicators side by side (the old BPS site puts P1 and P2 in one table): the row just above the
/// years titles each block of columns. `None` when that row names fewer than two indicators.
fn column_indicators(grid: &Grid, yr: usize, cols: &[usize]) -> Option<Vec<(String, String)>> {
    let row = grid.rows.get(yr.checked_sub(1)?)?;
    let mut cur: Option<(String, String)> = None;
    let mut out = Vec::with_capacity(cols.len());
    for &c in cols {
        let t = row.get(c);
        if !t.is_empty() {
            cur = Some(indicator_of(t)?);
        }
        out.push(cur.clone()?);
    }
    let first = &out.first()?.0;
    out.iter().any(|(i, _)| i != first).then_some(out)
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

/// The value columns of a table with a row of years, and its first data row.
fn year_row_columns(
    grid: &Grid,
    yr: usize,
    years: &[(usize, i32, Option<String>)],
    opts: &LoadOptions,
) -> Result<(Vec<ValueColumn>, usize)> {
    let (col_year, first_data) = column_years(grid, yr, years);
    let cols: Vec<usize> = col_year.iter().map(|(c, _, _)| *c).collect();
    let per_column = match opts.indicator {
        None => column_indicators(grid, yr, &cols),
        Some(_) => None,
    };
    // One indicator for the whole table unless the titles above the years name one per column.
    let indicators = match per_column {
        Some(v) => v,
        None => vec![table_indicator(grid, yr, opts)?; cols.len()],
    };
    let columns = col_year
        .into_iter()
        .zip(indicators)
        .map(|((col, year, semester), (indicator, unit))| {
            let label = format!(
                "{year}{}",
                semester
                    .as_deref()
                    .map(|s| format!(" {s}"))
                    .unwrap_or_default()
            );
            ValueColumn {
                col,
                label,
                indicator,
                unit,
                year,
                semester,
            }
        })
        .collect();
    Ok((columns, first_data))
}

/// The year a file name gives (`… Menurut Provinsi, 2019.csv`; a browser's copy suffix such as
/// `, 2019 2.csv` is not a year): the one year from 1900 to 2100 written as four digits, if
/// exactly one is.
pub(super) fn year_in_name(file: &str) -> Option<i32> {
    let stem = std::path::Path::new(file)
        .file_stem()?
        .to_string_lossy()
        .into_owned();
    let mut years: Vec<i32> = stem
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 4)
        .filter_map(|t| t.parse().ok())
        .filter(|y| (1900..=2100).contains(y))
        .collect();
    years.dedup();
    (years.len() == 1).then(|| years[0])
}

/// A table without a row of years whose header names an indicator (and a semester) in every
/// value column — BPS's single-year downloads of several indicators side by side — with the
/// year from the file name. The note says where the year came from.
fn named_columns(grid: &Grid, notes: &mut super::LoadNotes) -> Option<(Vec<ValueColumn>, usize)> {
    let header = grid.rows.first()?;
    let year = year_in_name(&grid.file)?;
    let mut columns = Vec::new();
    for (col, text) in header.cells.iter().enumerate().skip(1) {
        if text.is_empty() {
            continue;
        }
        let (indicator, unit) = indicator_of(text)?;
        let semester = text
            .split(|c: char| !c.is_alphanumeric())
            .filter_map(semester_label)
            .find(|s| matches!(s.as_str(), "March" | "September"));
        columns.push(ValueColumn {
            col,
            label: text.clone(),
            indicator,
            unit,
            year,
            semester,
        });
    }
    if columns.is_empty() {
        return None;
    }
    notes.notes.push(format!(
        "{}: the table does not name its year; {year} is taken from the file name / tabel tidak \
         menyebut tahun; tahun {year} diambil dari nama berkas",
        grid.file
    ));
    Some((columns, 1))
}

/// Whether the grid is a table [`named_columns`] reads.
pub(super) fn has_named_columns(grid: &Grid) -> bool {
    year_in_name(&grid.file).is_some()
        && grid.rows.first().is_some_and(|h| {
            h.cells.len() > 1
                && h.cells
                    .iter()
                    .skip(1)
                    .filter(|c| !c.is_empty())
                    .all(|c| indicator_of(c).is_some())
        })
}

pub(super) fn parse(
    grid: &Grid,
    source: &str,
    opts: &LoadOptions,
    notes: &mut super::LoadNotes,
    acc: &mut super::RowAccount,
) -> Result<Vec<Record>> {
    let (columns, first_data) = match find_year_row(grid) {
        Some((yr, years)) => year_row_columns(grid, yr, &years, opts)?,
        None => named_columns(grid, notes).ok_or_else(|| {
            near_year_error(grid).unwrap_or_else(|| Error::Format {
                file: grid.file.clone(),
                message:
                    "BPS table without a row of years (expected a row such as `, 2015, 2016, …`)"
                        .into(),
            })
        })?,
    };
    acc.header_rows = first_data;

    let mut provinces = ProvinceContext::new(opts)?;
    let mut out = Vec::new();
    for row in &grid.rows[first_data..] {
        let name = row.get(0);
        let values_blank = columns.iter().all(|v| row.get(v.col).is_empty());
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
        let found = provinces.found(name, &at)?;
        for v in &columns {
            let header = &v.label;
            let mut value = grid.number(row, v.col, Some(header))?;
            let at = Location::cell(&grid.file, row.line, grid.column_name(v.col, Some(header)));
            if let Some(next) = shifted_copy(grid, row, v, value) {
                notes.notes.push(format!(
                    "{at}: {} = {} is impossible and repeats the cell beside it ({next}): the row \
                     is shifted by a column in the published file, so this value is a gap / nilai \
                     mustahil hasil pergeseran kolom, dibaca kosong",
                    v.indicator,
                    value.unwrap_or_default()
                ));
                value = None;
            }
            out.push(found.record(
                v.year,
                v.semester.clone(),
                &v.indicator,
                value,
                v.unit.clone(),
                source,
                at,
            ));
        }
    }
    if out.is_empty() {
        return Err(Error::EmptyFile {
            file: grid.file.clone(),
            expected: "region rows below the row of years".into(),
        });
    }
    notes.notes.extend(provinces.note(&grid.file));
    Ok(out)
}

/// Which province a table's rows are in: set by province rows as they come (or by `--province`),
/// so that `Bogor` under JAWA BARAT is found there and `Yogyakarta` under D.I. YOGYAKARTA is the
/// kota.
pub(super) struct ProvinceContext {
    current: Option<&'static Region>,
    /// Provinces of the kab/kota resolved so far (a national table without province rows lists
    /// several).
    seen: Vec<&'static str>,
    /// Province rows met.
    province_rows: usize,
}

impl ProvinceContext {
    /// The context at the top of a table: the province `--province` names, if any.
    pub(super) fn new(opts: &LoadOptions) -> Result<Self> {
        let current = match &opts.province {
            Some(p) => Some(super::province_option(p)?),
            None => None,
        };
        Ok(ProvinceContext {
            current,
            seen: Vec::new(),
            province_rows: 0,
        })
    }

    /// The region a row names. Province rows switch the context: upper case (`GORONTALO`),
    /// `Provinsi X`, the first region of the table, or a province name that is no kab/kota of the
    /// current province (a table of provinces). `Gorontalo` under GORONTALO is the kabupaten.
    pub(super) fn found(&mut self, name: &str, at: &Location) -> Result<Found<'static>> {
        let reg = Registry::bundled();
        let as_province = match reg.resolve_in(name, None, Level::Province) {
            Resolved::One(p) => Some(p),
            _ => None,
        };
        let kabkota_here = self.current.is_some_and(|p| {
            matches!(
                reg.resolve_in(name, Some(&p.code), Level::KabKota),
                Resolved::One(_)
            )
        });
        if let Some(p) = as_province
            && (is_upper_header(name)
                || name.to_lowercase().starts_with("prov")
                || self.current.is_none()
                || !kabkota_here)
        {
            self.current = Some(p);
            self.province_rows += 1;
            return Ok(Found::Known(p));
        }
        match resolve_name(name, self.current, at) {
            Ok(found) => {
                if let Found::Known(r) = &found
                    && let Some(p) = r.parent.as_deref()
                    && !self.seen.contains(&p)
                {
                    self.seen.push(p);
                }
                Ok(found)
            }
            Err(Error::AmbiguousRegion { candidates, .. })
                if self.current.is_none() && self.seen.len() > 1 =>
            {
                Err(self.missing_province_rows(name, at, &candidates))
            }
            Err(e) => Err(e),
        }
    }

    /// The note for a table of several provinces' kab/kota without province rows: each was found
    /// by its name alone, which BPS names allow (`Bogor` is the kabupaten, `Kota Bogor` the city).
    pub(super) fn note(&self, file: &str) -> Option<String> {
        (self.province_rows == 0 && self.current.is_none() && self.seen.len() > 1).then(|| {
            format!(
                "{file}: kab/kota of {} provinces and no province rows; each kab/kota was found by \
                 its BPS name alone, and the table gives no province values / tabel tanpa baris \
                 provinsi: kab/kota dikenali dari namanya saja",
                self.seen.len()
            )
        })
    }

    /// The error for a national table without province rows, where a name is not unique.
    fn missing_province_rows(&self, name: &str, at: &Location, candidates: &[String]) -> Error {
        let reg = Registry::bundled();
        let provs: Vec<String> = self
            .seen
            .iter()
            .take(4)
            .filter_map(|c| reg.by_code(c).map(|p| p.name.clone()))
            .collect();
        Error::BadValue {
            at: at.clone(),
            value: name.to_string(),
            expected: format!(
                "a kab/kota name unique in Indonesia: the table lists kab/kota of {} provinces ({}{}) \
                 without province rows above them, and {name:?} is {}. Keep the province rows \
                 (upper-case, e.g. JAWA BARAT) above their kab/kota, or load one province with \
                 --province / tabel nasional tanpa baris provinsi: nama ini ambigu",
                self.seen.len(),
                provs.join(", "),
                if self.seen.len() > 4 { ", …" } else { "" },
                candidates.join(" or ")
            ),
        }
    }
}

/// A value outside its indicator's range that equals the cell next to it: the signature of a row
/// shifted by one column in the published file (BPS's 2018 province table gives Indonesia's
/// September poor population, 25,674.58 thousand, as its March P0). Returns the neighbour's
/// column; any other impossible value is left to the range check, which refuses it.
fn shifted_copy(grid: &Grid, row: &GridRow, v: &ValueColumn, value: Option<f64>) -> Option<String> {
    let x = value?;
    let info = indicator::by_name(&v.indicator)?;
    if (info.min..=info.max).contains(&x) {
        return None;
    }
    [v.col.checked_sub(1), Some(v.col + 1)]
        .into_iter()
        .flatten()
        .filter(|&c| c > 0)
        .find(|&c| super::grid::parse_number(row.get(c), grid.decimal_comma) == Some(Some(x)))
        .map(|c| grid.column_name(c, Some(grid.rows[0].get(c))))
}
