//! Open Data Jabar tables: `id, kode_provinsi, nama_provinsi, kode_kabupaten_kota,
//! nama_kabupaten_kota, <value column(s)>, satuan, tahun` — as CSV or saved as XLSX.

use super::grid::Grid;
use super::records::{Record, semester_label};
use super::{Found, LoadOptions, parse_year, resolve_name};
use crate::error::{Error, Location, Result};
use crate::indicator;
use crate::registry::{Region, Registry};

const ID_COLUMNS: &[&str] = &[
    "id",
    "kode_provinsi",
    "nama_provinsi",
    "kode_kabupaten_kota",
    "nama_kabupaten_kota",
    "satuan",
    "tahun",
    "semester",
    "periode",
    "bps_kode_provinsi",
    "bps_nama_provinsi",
];

pub(super) fn parse(
    grid: &Grid,
    source: &str,
    opts: &LoadOptions,
    notes: &mut super::LoadNotes,
    acc: &mut super::RowAccount,
) -> Result<Vec<Record>> {
    acc.header_rows = 1;
    let header: Vec<String> = grid.rows[0]
        .cells
        .iter()
        .map(|c| c.to_lowercase())
        .collect();
    let col = |n: &str| header.iter().position(|h| h == n);
    let year_col = col("tahun").ok_or_else(|| Error::Format {
        file: grid.file.clone(),
        message: format!(
            "Open Data Jabar table without a `tahun` column; header is: {}",
            header.join(", ")
        ),
    })?;
    let code_col = col("kode_kabupaten_kota");
    let name_col = col("nama_kabupaten_kota");
    let prov_code_col = col("kode_provinsi");
    let prov_name_col = col("nama_provinsi");
    let unit_col = col("satuan");
    let sem_col = col("semester").or_else(|| col("periode"));
    let (value_cols, names) = value_columns(&header, opts, &grid.file)?;
    if grid.rows.len() < 2 {
        return Err(Error::EmptyFile {
            file: grid.file.clone(),
            expected: "data rows below the header".into(),
        });
    }
    let reg = Registry::bundled();
    let mut out = Vec::new();
    for row in &grid.rows[1..] {
        let hdr = |i: usize| grid.rows[0].get(i).to_string();
        let at_col =
            |i: usize| Location::cell(&grid.file, row.line, grid.column_name(i, Some(&hdr(i))));
        let year = parse_year(row.get(year_col)).ok_or_else(|| Error::BadValue {
            at: at_col(year_col),
            value: row.get(year_col).to_string(),
            expected: "a year such as 2024".into(),
        })?;
        let code = code_col.map(|c| row.get(c)).filter(|s| !s.is_empty());
        let name = name_col.map(|c| row.get(c)).filter(|s| !s.is_empty());
        // The row's own province (kode_provinsi), when the table gives one.
        let row_province = prov_code_col
            .map(|c| row.get(c))
            .and_then(|pc| reg.by_code(pc))
            .filter(|p| p.region_type == crate::registry::RegionType::Province);
        let found = match (code, name) {
            (Some(c), n) if let Some(r) = reg.by_code(c) => {
                if let Some(n) = n {
                    super::check_name_matches(r, n, &at_col(name_col.unwrap_or(0)))?;
                }
                if let Some(p) = row_province {
                    check_in_province(r, p, &at_col(code_col.unwrap_or(0)), c)?;
                }
                Found::Known(r)
            }
            (c, Some(n)) => {
                let found = resolve_name(n, row_province, &at_col(name_col.unwrap_or(0)))?;
                // An unknown code beside a known name: the name is believed, and a note says so.
                if let (Some(c), Found::Known(r)) = (c, &found) {
                    notes
                        .notes
                        .push(read_by_name(&at_col(code_col.unwrap_or(0)), c, n, r));
                }
                found
            }
            (Some(c), None) => {
                return Err(Error::UnknownRegion {
                    at: Some(at_col(code_col.unwrap_or(0))),
                    name: c.to_string(),
                    suggestions: vec![],
                });
            }
            (None, None) => {
                // A province-level ODJ table.
                let pc = prov_code_col.map(|c| row.get(c)).unwrap_or("");
                let pn = prov_name_col.map(|c| row.get(c)).unwrap_or("");
                match reg.by_code(pc) {
                    Some(r) => Found::Known(r),
                    None => resolve_name(pn, None, &at_col(prov_name_col.unwrap_or(0)))?,
                }
            }
        };
        let semester = sem_col.and_then(|c| semester_label(row.get(c)));
        let unit_text = unit_col.map(|c| row.get(c));
        for (&vc, ind) in value_cols.iter().zip(&names) {
            let value = grid.number(row, vc, Some(&hdr(vc)))?;
            out.push(found.record(
                year,
                semester.clone(),
                ind,
                value,
                indicator::unit_for(ind, unit_text),
                source,
                at_col(vc),
            ));
        }
    }
    Ok(out)
}

/// A kab/kota code must belong to the province its row names: a table that mixes two provinces'
/// codes (kode_provinsi 32 with kode_kabupaten_kota 3301) is an error naming the cell.
fn check_in_province(
    region: &crate::registry::Region,
    province: &crate::registry::Region,
    at: &Location,
    code: &str,
) -> Result<()> {
    let reg = Registry::bundled();
    let parent = region.parent.as_deref();
    if !region.region_type.is_kabkota() || parent == Some(province.code.as_str()) {
        return Ok(());
    }
    let in_prov = parent
        .and_then(|p| reg.by_code(p))
        .map_or_else(String::new, |p| format!(" of {}", p.name));
    Err(Error::BadValue {
        at: at.clone(),
        value: code.to_string(),
        expected: format!(
            "a kab/kota code of {} (the row's kode_provinsi {}): {code} is {}{in_prov}; the table mixes \
             two provinces' codes / kode kab/kota ini milik provinsi lain",
            province.name, province.code, region.name
        ),
    })
}

/// The note for a row whose code the registry does not know but whose name it does.
fn read_by_name(at: &Location, code: &str, name: &str, r: &Region) -> String {
    format!(
        "{at}: kode_kabupaten_kota {code} is not a BPS code; the row was read by its name {name:?} as {} ({}) / kode {code} bukan kode BPS; baris dibaca menurut namanya sebagai {} ({})",
        r.name, r.code, r.name, r.code
    )
}

/// The value columns (every column that is not an identifier) and the indicator each holds.
fn value_columns(
    header: &[String],
    opts: &LoadOptions,
    file: &str,
) -> Result<(Vec<usize>, Vec<String>)> {
    let value_cols: Vec<usize> = (0..header.len())
        .filter(|&i| !header[i].is_empty() && !ID_COLUMNS.contains(&header[i].as_str()))
        .collect();
    if value_cols.is_empty() {
        return Err(Error::Format {
            file: file.to_string(),
            message: "Open Data Jabar table without a value column".into(),
        });
    }
    let names: Vec<String> = value_cols
        .iter()
        .map(|&i| match (&opts.indicator, value_cols.len()) {
            (Some(n), 1) => n.clone(),
            _ => indicator::from_text(&header[i])
                .map_or_else(|| indicator::slug(&header[i]), |x| x.name.to_string()),
        })
        .collect();
    Ok((value_cols, names))
}
