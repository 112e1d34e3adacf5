//! Loading the files BPS and Open Data Jabar publish, as they are, into the tidy long frame.
//!
//! | format | what it looks like | detected by |
//! |---|---|---|
//! | [`Format::Tidy`] | indikator's own long CSV: `region_code, region, region_type, province, year, semester, indicator, value, unit, source_id` | a header with `region`, `year`, `indicator`, `value` |
//! | [`Format::Parquet`] | the same columns in Parquet | the `PAR1` magic bytes |
//! | [`Format::OpenDataJabar`] | `id, kode_provinsi, nama_provinsi, kode_kabupaten_kota, nama_kabupaten_kota, <value>, satuan, tahun` (CSV or XLSX) | a header with `tahun` and `kode_kabupaten_kota` or `nama_kabupaten_kota` |
//! | [`Format::BpsTable`] | a BPS web-table export (CSV or XLSX): title rows, a row of years, then one row per region with BPS short names (`Sukabumi` = Kabupaten Sukabumi, `Kota Sukabumi` = the city), the province row, optional upper-case province headers in national tables; `,` or `;` separators, decimal comma, BOM | a row whose cells after the first are years |
//! | [`Format::BpsTable`] (HTML) | the old BPS website's "Unduh xls": an HTML page saved as `.xls`, names and values in separate tables, indicators side by side (P1 and P2), newest year first | `<html` / an Excel namespace at the start |
//! | [`Format::BpsTable`] (year in the name) | a BPS single-year download with several indicators and semesters side by side (`Jumlah dan Persentase Penduduk Miskin Menurut Provinsi, 2019.csv`): the year from the file name, said in a note; a browser's copy suffix (`, 2019 2.csv`) is not a year | a header naming an indicator in every value column and one year in the file name |
//! | [`Format::BpsLong`] | a BPS long export: `nama_variabel; nama_variabel_turunan; nama_tahun; nama_turunan_tahun; data_content; nama_item_vertical_variabel`, one value a line | a header with `data_content`, `nama_tahun`, `nama_item_vertical_variabel` |
//! | [`Format::Json`] (WebAPI) | a BPS WebAPI `list/model/data` response as saved: `vervar`, `var`, `turvar`, `tahun`, `turtahun` and `datacontent` keyed by their values written one after another; an envelope (`payload`, `data`) is unwrapped | `datacontent` in the top object |
//! | [`Format::Json`] | an array of records (`{"kabupaten": .., "tahun": .., "persentase_miskin": ..}` or tidy keys) | `.json` or a leading `[` |
//!
//! Regions are found by BPS code or by name within the province the table lists them under (its
//! province row, or [`LoadOptions::province`]); a national table without province rows resolves
//! each kab/kota by its BPS name alone and says so.
//!
//! BPS missing markers (`-`, `…`, `...`, empty) become nulls. A `0` for an indicator that is
//! positive for every existing region (Open Data Jabar's placeholder for a region not yet
//! created, e.g. Kabupaten Pangandaran before 2013) becomes null and is noted, never a zero.

pub mod account;
mod bps;
mod bps_long;
pub(crate) mod grid;
mod html;
mod json;
pub mod layout;
mod odj;
pub mod records;
mod tidy;
mod webapi;
pub mod wide;

use std::path::Path;

use polars::prelude::DataFrame;

use crate::error::{Error, Location, Result};
use crate::registry::{Level, Region, RegionType, Registry, Resolved};
pub use account::{RowAccount, SkipReason, SkippedRow};
use layout::{Ctx, Reader};
pub use layout::{LAYOUTS, Layout};
pub use records::{LoadNotes, Record, TIDY_COLUMNS};

/// The layouts indikator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Tidy long CSV.
    Tidy,
    /// Tidy long Parquet.
    Parquet,
    /// Open Data Jabar table (CSV or XLSX).
    OpenDataJabar,
    /// BPS web-table export (CSV, XLSX, or the old site's HTML `.xls`).
    BpsTable,
    /// BPS long export: one value a line (`nama_variabel; …; data_content; nama_item_vertical_variabel`).
    BpsLong,
    /// JSON array of records.
    Json,
}

impl Format {
    /// Parse a format name (`tidy`, `parquet`, `odj`, `bps`, `json`; the same as [`str::parse`]).
    pub fn parse(s: &str) -> Result<Format> {
        s.parse()
    }
}

impl std::str::FromStr for Format {
    type Err = Error;
    /// Any of the names in [`LAYOUTS`] (`tidy`, `parquet`, `odj`, `bps`, `bps-long`, `json`, …).
    fn from_str(s: &str) -> Result<Format> {
        let t = s.trim().to_lowercase();
        LAYOUTS
            .iter()
            .find(|l| l.names.contains(&t.as_str()))
            .map(|l| l.format)
            .ok_or_else(|| Error::InvalidArgument {
                what: "format".into(),
                message: format!("{t:?}; expected one of {}", Layout::names()),
            })
    }
}

/// Options for loading.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Force a layout instead of detecting it.
    pub format: Option<Format>,
    /// The indicator name to use where the file does not say (or to override what it says).
    pub indicator: Option<String>,
    /// Source id written into the `source_id` column (default: the file name).
    pub source_id: Option<String>,
    /// Sheet of an XLSX workbook (default: the first).
    pub sheet: Option<String>,
    /// The province a table's kab/kota belong to, where the table has no province row (a code
    /// or a name: `35`, `Jawa Timur`).
    pub province: Option<String>,
}

/// What a load produced: the records and notes on what was turned into gaps or merged.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Validated records, sorted by indicator, year, region.
    pub records: Vec<Record>,
    /// Notes.
    pub notes: LoadNotes,
}

impl Loaded {
    /// The tidy long frame.
    pub fn frame(&self) -> Result<DataFrame> {
        records::to_frame(&self.records)
    }
}

/// Load files (any mix of formats) into one validated set of records.
///
/// # Errors
/// Any file that cannot be read, whose layout is not recognised, or that holds an unknown region,
/// a non-numeric value, an out-of-range value, or a region-year-indicator that conflicts with
/// another line — each error names the file, line and column.
pub fn load_files<P: AsRef<Path>>(paths: &[P], opts: &LoadOptions) -> Result<Loaded> {
    let mut all = Vec::new();
    let mut notes = LoadNotes::default();
    for p in paths {
        let p = p.as_ref();
        let bytes = crate::error::read_file(p)?;
        let name = p.display().to_string();
        all.extend(parse_bytes(&bytes, &name, opts, &mut notes)?);
    }
    let records = records::validate(all, &mut notes)?;
    Ok(Loaded { records, notes })
}

/// Load one file into the tidy long frame.
///
/// ```
/// # fn main() -> indikator::Result<()> {
/// let csv = "kode_kabupaten_kota,nama_kabupaten_kota,tingkat_pengangguran_terbuka,satuan,tahun\n\
///            3272,KOTA SUKABUMI,8.19,PERSEN,2025\n";
/// let loaded = indikator::load::load_bytes(csv.as_bytes(), "tpt.csv", &Default::default())?;
/// assert_eq!(loaded.records[0].region, "Kota Sukabumi");
/// assert_eq!(loaded.records[0].indicator, "unemployment_rate");
/// # Ok(()) }
/// ```
pub fn load_path(path: impl AsRef<Path>, opts: &LoadOptions) -> Result<Loaded> {
    load_files(&[path.as_ref()], opts)
}

/// Load one file's bytes; `name` is used for detection (extension) and in messages.
pub fn load_bytes(bytes: &[u8], name: &str, opts: &LoadOptions) -> Result<Loaded> {
    let mut notes = LoadNotes::default();
    let recs = parse_bytes(bytes, name, opts, &mut notes)?;
    let records = records::validate(recs, &mut notes)?;
    Ok(Loaded { records, notes })
}

fn is_xlsx(bytes: &[u8], name: &str) -> bool {
    bytes.starts_with(b"PK\x03\x04") || name.to_lowercase().ends_with(".xlsx")
}

fn file_stem(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned())
}

fn parse_bytes(
    bytes: &[u8],
    name: &str,
    opts: &LoadOptions,
    notes: &mut LoadNotes,
) -> Result<Vec<Record>> {
    let mut acc = RowAccount::new(name);
    let recs = parse_layout(bytes, name, opts, notes, &mut acc)?;
    acc.values_read = recs.len();
    if acc.format != Some(Format::Json) {
        // Records come row by row: a row that gave values is a run of one line.
        acc.data_rows = recs
            .iter()
            .enumerate()
            .filter(|(i, r)| *i == 0 || recs[i - 1].at.line != r.at.line)
            .count();
    }
    notes.add_account(acc);
    Ok(recs)
}

fn parse_layout(
    bytes: &[u8],
    name: &str,
    opts: &LoadOptions,
    notes: &mut LoadNotes,
    acc: &mut RowAccount,
) -> Result<Vec<Record>> {
    // Excel's "Unicode text" export is UTF-16: read it as the text it is.
    if !bytes.starts_with(b"PK")
        && !bytes.starts_with(b"PAR1")
        && let Some(utf8) = grid::utf16_as_utf8(bytes)
    {
        return parse_layout(&utf8, name, opts, notes, acc);
    }
    // A byte-order mark, also one after leading blanks (BPS long exports start with spaces).
    let trimmed = bytes
        .trim_ascii_start()
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes);
    if trimmed.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::EmptyFile {
            file: name.to_string(),
            expected: "a tidy, Open Data Jabar or BPS table, or a JSON array of records".into(),
        });
    }
    let source = opts.source_id.clone().unwrap_or_else(|| file_stem(name));
    let mut ctx = Ctx {
        file: name,
        source: &source,
        opts,
        notes,
        acc,
    };
    // A byte layout (Parquet, JSON) chosen or recognised by its name and first bytes.
    let by_bytes = LAYOUTS.iter().find(|l| {
        matches!(l.read, Reader::Bytes(_))
            && match opts.format {
                Some(f) => f == l.format,
                None => (l.detect_bytes)(
                    name,
                    if l.format == Format::Parquet {
                        bytes
                    } else {
                        trimmed
                    },
                ),
            }
    });
    if let Some(l) = by_bytes
        && let Reader::Bytes(read) = l.read
    {
        let input = if l.format == Format::Parquet {
            bytes
        } else {
            trimmed
        };
        return read(input, &mut ctx);
    }
    let grid = if is_xlsx(bytes, name) {
        grid::read_xlsx(bytes, name, opts.sheet.as_deref())?
    } else if html::is_html(trimmed) {
        html::read_html(trimmed, name)?
    } else {
        grid::read_csv(trimmed, name)?
    };
    if grid.rows.is_empty() {
        return Err(Error::EmptyFile {
            file: name.to_string(),
            expected: "a header and data rows".into(),
        });
    }
    ctx.acc.rows = grid.rows.len() + grid.blank_lines.len();
    ctx.acc
        .skipped
        .extend(grid.blank_lines.iter().map(|&line| SkippedRow {
            line,
            reason: SkipReason::Blank,
        }));
    let layout = opts
        .format
        .map(Layout::of)
        .or_else(|| Layout::detect_grid(&grid));
    ctx.acc.format = layout.map(|l| l.format);
    match layout.map(|l| l.read) {
        Some(Reader::Grid(read)) => read(&grid, &mut ctx),
        // A row of years with one odd cell names that cell; otherwise the layout is unknown.
        _ => Err(
            bps::near_year_error(&grid).unwrap_or_else(|| Error::Format {
                file: name.to_string(),
                message: format!(
                    "layout not recognised (first row: {}); expected {}; choose one with the format option",
                    crate::error::shorten(&grid.rows[0].cells.join(", ")),
                    LAYOUTS
                        .iter()
                        .filter(|l| matches!(l.read, Reader::Grid(_)))
                        .map(|l| l.looks_like)
                        .collect::<Vec<_>>()
                        .join(", or ")
                ),
            }),
        ),
    }
}

/// A region as found in a file: one the registry knows, or a kab/kota of a province outside the
/// registry's detail (national BPS tables), kept by name.
pub(crate) enum Found<'a> {
    Known(&'a Region),
    Outside {
        name: String,
        region_type: RegionType,
        province: String,
    },
}

/// A row that gives both a region code and a name must name that region: `Kota Sukabumi` with
/// code 3201 (Kabupaten Bogor) is an error naming the cell, not a silent pick of either. A BPS
/// short name (`Bogor` for code 3271, Kota Bogor) agrees with both regions of that name.
pub(crate) fn check_name_matches(by_code: &Region, name: &str, at: &Location) -> Result<()> {
    let reg = Registry::bundled();
    let base = |n: &str| {
        let n = crate::registry::normalize_name(n);
        ["kabupaten ", "kab ", "kota "]
            .iter()
            .find_map(|p| n.strip_prefix(p).map(str::to_string))
            .unwrap_or(n)
    };
    let found = reg.candidates(name);
    let agrees = found.is_empty()
        || found
            .iter()
            .any(|r| r.code == by_code.code || base(&r.name) == base(&by_code.name));
    if agrees {
        return Ok(());
    }
    Err(Error::BadValue {
        at: at.clone(),
        value: name.to_string(),
        expected: format!(
            "the name of region code {} ({}); the code and the name disagree",
            by_code.code, by_code.name
        ),
    })
}

/// The province an option names (code or name); an error when it names none.
pub(crate) fn province_option(text: &str) -> Result<&'static Region> {
    let reg = Registry::bundled();
    match reg.resolve_in(text, None, Level::Province) {
        Resolved::One(p) => Ok(p),
        Resolved::Ambiguous(v) => Err(Error::AmbiguousRegion {
            at: None,
            name: text.to_string(),
            candidates: v.into_iter().map(|r| reg.describe(r)).collect(),
        }),
        Resolved::Unknown => match reg.by_code(text.trim()) {
            Some(p) if p.region_type == RegionType::Province => Ok(p),
            _ => Err(Error::InvalidArgument {
                what: "province".into(),
                message: format!(
                    "{text:?} is not a province; give a BPS province code (35) or name (Jawa Timur)"
                ),
            }),
        },
    }
}

/// Resolve a kab/kota (or province) name, knowing the province it was listed under (if any).
pub(crate) fn resolve_name<'a>(
    name: &str,
    province: Option<&'a Region>,
    at: &Location,
) -> Result<Found<'a>> {
    let reg = Registry::bundled();
    if name.trim().eq_ignore_ascii_case("indonesia") {
        return Ok(Found::Outside {
            name: "Indonesia".into(),
            region_type: RegionType::Country,
            province: String::new(),
        });
    }
    let level = if province.is_some() {
        Level::KabKota
    } else {
        Level::Any
    };
    match reg.resolve_in(name, province.map(|p| p.code.as_str()), level) {
        Resolved::One(r) => Ok(Found::Known(r)),
        Resolved::Ambiguous(v) => Err(Error::AmbiguousRegion {
            at: Some(at.clone()),
            name: name.to_string(),
            candidates: v.into_iter().map(|r| reg.describe(r)).collect(),
        }),
        Resolved::Unknown => Err(Error::UnknownRegion {
            at: Some(at.clone()),
            name: name.to_string(),
            suggestions: reg.suggest(name),
        }),
    }
}

impl Found<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record(
        &self,
        year: i32,
        semester: Option<String>,
        indicator: &str,
        value: Option<f64>,
        unit: String,
        source: &str,
        at: Location,
    ) -> Record {
        match self {
            Found::Known(r) => {
                Record::for_region(r, year, semester, indicator, value, unit, source, at)
            }
            Found::Outside {
                name,
                region_type,
                province,
            } => Record {
                region_code: None,
                region: name.clone(),
                region_type: *region_type,
                province: Some(province.clone()).filter(|p| !p.is_empty()),
                year,
                semester,
                indicator: indicator.to_string(),
                value,
                unit,
                source_id: source.to_string(),
                at,
            },
        }
    }
}

/// Parse a year cell (`2025`, `2025.0`).
pub(crate) fn parse_year(s: &str) -> Option<i32> {
    parse_year_label(s).map(|(y, _)| y)
}

/// A year as BPS tables head their columns: `2024`, `2024.0`, `2025*` / `2025**` (BPS's marks
/// for provisional figures), `2021 (Maret)` / `2021 (September)` (a semester); the semester
/// when one is named.
pub(crate) fn parse_year_label(s: &str) -> Option<(i32, Option<String>)> {
    let t = s.trim().trim_end_matches('*').trim_end();
    let (t, sem) = match t.split_once('(') {
        Some((y, rest)) => {
            let inner = rest.strip_suffix(')')?.trim();
            let sem = records::semester_label(inner)?;
            if !matches!(sem.as_str(), "March" | "September") {
                return None;
            }
            (y.trim(), Some(sem))
        }
        None => (t, None),
    };
    let t = t.strip_suffix(".0").unwrap_or(t);
    let y = t
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2100).contains(y))?;
    Some((y, sem))
}
