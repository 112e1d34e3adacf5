//! Workbooks a planner pastes into the plan (XLSX, with `rust_xlsxwriter`): every table one
//! sheet, one generic frame-to-sheet path ([`Workbook::sheet`]) that the report, `project --xlsx`,
//! `data show --xlsx` and the notebook's `to_xlsx` all use.
//!
//! Each sheet has its header row in the reader's language with units (`P0 proyeksi (%)`), frozen;
//! numbers are stored exactly as computed (a number in the workbook equals the number in the JSON)
//! and shown with the decimals their column needs; columns are as wide as their contents;
//! identifiers a planner should not read (`tpt_minus_1pp`, the other language's label) are left
//! out, and indicator names in `indicator` / `term` columns are written as BPS names (`TPT`).
//! A last sheet names the sources.
//!
//! ```
//! # fn main() -> indikator::Result<()> {
//! use indikator::workbook::Workbook;
//! let df = polars::df!("year" => [2024, 2025], "poverty_rate" => [7.2, 6.9]).unwrap();
//! let mut wb = Workbook::new(indikator::lang::Lang::Id);
//! wb.sheet(("Data", "Data"), &df, &[])?;
//! let bytes = wb.finish(&["BPS"])?;
//! assert!(bytes.starts_with(b"PK"));
//! # Ok(()) }
//! ```

use polars::prelude::*;
use rust_xlsxwriter::{Format, FormatBorder, Worksheet};

use crate::error::{Error, Result};
use crate::lang::Lang;

/// A column's header in both languages and its decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The frame's column name.
    pub column: &'static str,
    /// The header a planner reads.
    pub id: &'static str,
    /// The header an analyst reads.
    pub en: &'static str,
    /// Decimals shown (`None`: text or whole numbers).
    pub decimals: Option<usize>,
}

impl Header {
    /// A header: column, Indonesian, English, decimals.
    pub const fn new(
        column: &'static str,
        id: &'static str,
        en: &'static str,
        decimals: Option<usize>,
    ) -> Header {
        Header {
            column,
            id,
            en,
            decimals,
        }
    }
}

/// Headers of the columns indikator's frames use.
pub const HEADERS: &[Header] = &[
    Header::new("region_code", "Kode BPS", "BPS code", None),
    Header::new("region", "Wilayah", "Region", None),
    Header::new("region_type", "Jenis wilayah", "Region type", None),
    Header::new("province", "Provinsi", "Province", None),
    Header::new("province_code", "Kode provinsi", "Province code", None),
    Header::new("year", "Tahun", "Year", None),
    Header::new("semester", "Semester", "Semester", None),
    Header::new("indicator", "Indikator", "Indicator", None),
    Header::new("value", "Nilai", "Value", Some(2)),
    Header::new("unit", "Satuan", "Unit", None),
    Header::new("source_id", "Sumber", "Source", None),
    Header::new("label_id", "Skenario", "Scenario", None),
    Header::new("label_en", "Skenario", "Scenario", None),
    Header::new("estimate", "P0 proyeksi (%)", "Projected P0 (%)", Some(2)),
    Header::new("ci_low", "SK 95% bawah (%)", "95% CI low (%)", Some(2)),
    Header::new("ci_high", "SK 95% atas (%)", "95% CI high (%)", Some(2)),
    Header::new("pi_low", "SP 95% bawah (%)", "95% PI low (%)", Some(2)),
    Header::new("pi_high", "SP 95% atas (%)", "95% PI high (%)", Some(2)),
    Header::new("ci80_low", "SK 80% bawah (%)", "80% CI low (%)", Some(2)),
    Header::new("ci80_high", "SK 80% atas (%)", "80% CI high (%)", Some(2)),
    Header::new("pi80_low", "SP 80% bawah (%)", "80% PI low (%)", Some(2)),
    Header::new("pi80_high", "SP 80% atas (%)", "80% PI high (%)", Some(2)),
    Header::new("unemployment_rate", "TPT (%)", "TPT (%)", Some(2)),
    Header::new("poverty_rate", "P0 (%)", "P0 (%)", Some(2)),
    Header::new(
        "poor_population",
        "Penduduk miskin (ribu jiwa)",
        "Poor population (thousand)",
        Some(2),
    ),
    Header::new(
        "poverty_line",
        "Garis kemiskinan (Rp/kapita/bulan)",
        "Poverty line (Rp/capita/month)",
        Some(0),
    ),
    Header::new("poverty_depth_p1", "P1 (indeks)", "P1 (index)", Some(2)),
    Header::new("poverty_severity_p2", "P2 (indeks)", "P2 (index)", Some(2)),
    Header::new(
        "labour_force_participation",
        "TPAK (%)",
        "TPAK (%)",
        Some(2),
    ),
    Header::new(
        "mean_years_schooling",
        "Rata-rata lama sekolah (tahun)",
        "Mean years of schooling",
        Some(2),
    ),
    Header::new(
        "expenditure",
        "Pengeluaran per kapita (ribu Rp)",
        "Expenditure per capita (thousand Rp)",
        Some(0),
    ),
    Header::new("year_effects", "Efek tahun", "Year effects", None),
    Header::new("method", "Metode", "Method", None),
    Header::new("anchor", "Titik awal", "Anchor", None),
    Header::new(
        "rank_province",
        "Peringkat di provinsi",
        "Rank in province",
        None,
    ),
    Header::new("of_province", "Dari (provinsi)", "Of (province)", None),
    Header::new(
        "rank_nation",
        "Peringkat nasional",
        "Rank in Indonesia",
        None,
    ),
    Header::new("of_nation", "Dari (nasional)", "Of (Indonesia)", None),
    Header::new(
        "province_mean",
        "Rata-rata provinsi",
        "Province average",
        Some(2),
    ),
    Header::new(
        "nation_mean",
        "Rata-rata nasional",
        "National average",
        Some(2),
    ),
    Header::new("measure", "Ukuran", "Measure", None),
    Header::new("from", "Dari tahun", "From year", None),
];

/// Columns never written for a planner: identifiers (`scenario`) — their labels are.
const HIDDEN: &[&str] = &["scenario"];

fn xerr(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Internal(format!("writing the workbook: {e}"))
}

/// A workbook being written.
pub struct Workbook {
    book: rust_xlsxwriter::Workbook,
    lang: Lang,
    names: Vec<String>,
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook")
            .field("sheets", &self.names)
            .finish()
    }
}

/// A value of a text column as a planner reads it: indicator names as BPS names.
fn readable(col: &str, v: &str, lang: Lang) -> String {
    match col {
        "indicator" | "term" | "variable" => match crate::indicator::by_name(v) {
            Some(i) => lang.t(i.label_id, i.label_en).to_string(),
            None => v.to_string(),
        },
        "method" => v
            .parse::<crate::projection::Method>()
            .map_or_else(|_| v.to_string(), |m| m.label(lang).to_string()),
        "measure" => match (v, lang) {
            ("level", Lang::Id) => "tingkat".into(),
            ("change", Lang::Id) => "perubahan".into(),
            _ => v.to_string(),
        },
        _ => v.to_string(),
    }
}

impl Workbook {
    /// An empty workbook with headers in `lang`.
    pub fn new(lang: Lang) -> Workbook {
        Workbook {
            book: rust_xlsxwriter::Workbook::new(),
            lang,
            names: Vec::new(),
        }
    }

    /// Add `df` as a sheet named `name` (Indonesian, English). `headers` override the built-in
    /// ones for this sheet (same form as [`HEADERS`]). The other language's scenario label and
    /// the scenario identifier are left out.
    pub fn sheet(&mut self, name: (&str, &str), df: &DataFrame, headers: &[Header]) -> Result<()> {
        let lang = self.lang;
        let title: String = lang.t(name.0, name.1).chars().take(31).collect();
        let skip_label = match lang {
            Lang::Id => "label_en",
            Lang::En => "label_id",
        };
        let ws = self.book.add_worksheet();
        ws.set_name(&title).map_err(xerr)?;
        let head_fmt = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_border_bottom(FormatBorder::Thin);
        let cols: Vec<&Column> = df
            .columns()
            .iter()
            .filter(|c| !HIDDEN.contains(&c.name().as_str()) && c.name().as_str() != skip_label)
            .collect();
        for (j, c) in cols.iter().enumerate() {
            let name = c.name().as_str();
            let h = headers
                .iter()
                .chain(HEADERS)
                .find(|h| h.column == name)
                .copied();
            let text = h.map_or(name, |h| lang.t(h.id, h.en));
            let j = j as u16;
            ws.write_string_with_format(0, j, text, &head_fmt)
                .map_err(xerr)?;
            write_column(ws, j, name, c, h.and_then(|h| h.decimals), lang)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xerr)?;
        ws.set_autofit_max_width(320);
        ws.autofit();
        self.names.push(title);
        Ok(())
    }

    /// Add the sources sheet and return the file's bytes.
    pub fn finish(mut self, sources: &[&str]) -> Result<Vec<u8>> {
        let lang = self.lang;
        let ws = self.book.add_worksheet();
        ws.set_name(lang.t("Sumber", "Sources")).map_err(xerr)?;
        let bold = Format::new().set_bold();
        ws.write_string_with_format(0, 0, lang.t("Sumber", "Sources"), &bold)
            .map_err(xerr)?;
        for (i, s) in sources.iter().enumerate() {
            ws.write_string(i as u32 + 1, 0, *s).map_err(xerr)?;
        }
        ws.set_column_width(0, 120).map_err(xerr)?;
        self.book.save_to_buffer().map_err(xerr)
    }

    /// [`Workbook::finish`] into a file; its folder must exist.
    pub fn save(self, path: &std::path::Path, sources: &[&str]) -> Result<()> {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        if !parent.is_dir() {
            return Err(Error::InvalidArgument {
                what: "workbook".into(),
                message: format!(
                    "{}: the folder {} does not exist; create it first / folder tidak ada",
                    path.display(),
                    parent.display()
                ),
            });
        }
        let bytes = self.finish(sources)?;
        std::fs::write(path, bytes).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
    }
}

fn write_column(
    ws: &mut Worksheet,
    j: u16,
    name: &str,
    c: &Column,
    decimals: Option<usize>,
    lang: Lang,
) -> Result<()> {
    let fmt = Format::new().set_num_format(match decimals {
        None => "General".to_string(),
        Some(0) => "#,##0".to_string(),
        Some(d) => format!("#,##0.{}", "0".repeat(d)),
    });
    let fmt = &fmt;
    for (i, v) in c.as_materialized_series().iter().enumerate() {
        let row = i as u32 + 1;
        match v {
            AnyValue::Null => {}
            AnyValue::String(s) => {
                ws.write_string(row, j, readable(name, s, lang))
                    .map_err(xerr)?;
            }
            AnyValue::StringOwned(s) => {
                ws.write_string(row, j, readable(name, s.as_str(), lang))
                    .map_err(xerr)?;
            }
            AnyValue::Boolean(b) => {
                ws.write_boolean(row, j, b).map_err(xerr)?;
            }
            other => match other.extract::<f64>() {
                Some(x) if x.is_finite() => {
                    ws.write_number_with_format(row, j, x, fmt).map_err(xerr)?;
                }
                Some(_) => {}
                None => {
                    ws.write_string(row, j, other.to_string()).map_err(xerr)?;
                }
            },
        }
    }
    Ok(())
}
