//! The layouts indikator reads, in one table ([`LAYOUTS`]): each with the names `--format`
//! accepts, how it is recognised and how it is read. `Format`'s parsing, its error message, the
//! `load --help` list and the detection order are all read from here, so a new layout is a file
//! with its `detect` and `parse` plus one row.

use super::grid::Grid;
use super::{Format, LoadNotes, LoadOptions, Record, RowAccount};
use crate::error::Result;

/// What a layout's reader is given besides its input.
pub(crate) struct Ctx<'a> {
    /// The file's name (for messages).
    pub file: &'a str,
    /// The `source_id` its records carry.
    pub source: &'a str,
    /// The caller's options.
    pub opts: &'a LoadOptions,
    /// Notes on what was turned into gaps or merged.
    pub notes: &'a mut LoadNotes,
    /// The account of the file's rows.
    pub acc: &'a mut RowAccount,
}

/// How a layout is read: from the file's bytes (Parquet, JSON) or from its grid of cells (CSV,
/// XLSX, HTML tables).
#[derive(Clone, Copy)]
pub(crate) enum Reader {
    /// Bytes; recognised by [`Layout::detect_bytes`].
    Bytes(fn(&[u8], &mut Ctx) -> Result<Vec<Record>>),
    /// A grid of cells; recognised by [`Layout::detect`] in table order.
    Grid(fn(&Grid, &mut Ctx) -> Result<Vec<Record>>),
}

/// One published layout.
#[derive(Clone, Copy)]
pub struct Layout {
    /// The format it is.
    pub format: Format,
    /// The names `--format` accepts, the canonical one first.
    pub names: &'static [&'static str],
    /// What the layout looks like, in a few words (for error messages and help).
    pub looks_like: &'static str,
    /// Whether a grid is in this layout (grid layouts; checked in table order).
    pub(crate) detect: fn(&Grid) -> bool,
    /// Whether a file's name and first bytes are in this layout (byte layouts).
    pub(crate) detect_bytes: fn(&str, &[u8]) -> bool,
    pub(crate) read: Reader,
}

fn never(_: &Grid) -> bool {
    false
}

fn no_bytes(_: &str, _: &[u8]) -> bool {
    false
}

/// Every layout; byte layouts first, then grid layouts in detection order.
pub const LAYOUTS: &[Layout] = &[
    Layout {
        format: Format::Parquet,
        names: &["parquet"],
        looks_like: "tidy long Parquet",
        detect: never,
        detect_bytes: |name, bytes| {
            bytes.starts_with(b"PAR1") || name.to_lowercase().ends_with(".parquet")
        },
        read: Reader::Bytes(|b, c| super::tidy::parse_parquet(b, c.file, c.source, c.opts, c.acc)),
    },
    Layout {
        format: Format::Json,
        names: &["json"],
        looks_like: "a JSON array of records or a BPS WebAPI response",
        detect: never,
        detect_bytes: |name, trimmed| {
            name.to_lowercase().ends_with(".json")
                || matches!(
                    trimmed.iter().find(|b| !b.is_ascii_whitespace()),
                    Some(b'[' | b'{')
                )
        },
        read: Reader::Bytes(|b, c| super::json::parse(b, c.file, c.source, c.opts, c.acc)),
    },
    Layout {
        format: Format::OpenDataJabar,
        names: &["odj", "opendatajabar", "open-data-jabar"],
        looks_like: "an Open Data Jabar header (kode_kabupaten_kota, nama_kabupaten_kota, <value>, satuan, tahun)",
        detect: |g| {
            let has = header_has(g);
            has("tahun")
                && (has("kode_kabupaten_kota")
                    || has("nama_kabupaten_kota")
                    || has("kode_provinsi"))
        },
        detect_bytes: no_bytes,
        read: Reader::Grid(|g, c| super::odj::parse(g, c.source, c.opts, c.notes, c.acc)),
    },
    Layout {
        format: Format::Tidy,
        names: &["tidy", "csv", "long"],
        looks_like: "a tidy header (region, year, indicator, value)",
        detect: |g| {
            let has = header_has(g);
            has("region") && has("year") && has("indicator") && has("value")
        },
        detect_bytes: no_bytes,
        read: Reader::Grid(|g, c| super::tidy::parse_grid(g, c.source, c.opts, c.acc)),
    },
    Layout {
        format: Format::BpsLong,
        names: &["bps-long"],
        looks_like: "a BPS long export (nama_tahun, data_content, nama_item_vertical_variabel)",
        detect: super::bps_long::is_long,
        detect_bytes: no_bytes,
        read: Reader::Grid(|g, c| super::bps_long::parse(g, c.source, c.opts, c.notes, c.acc)),
    },
    Layout {
        format: Format::BpsTable,
        names: &["bps", "bps-table", "xlsx", "html"],
        looks_like: "a BPS table with a row of years",
        detect: |g| super::bps::find_year_row(g).is_some() || super::bps::has_named_columns(g),
        detect_bytes: no_bytes,
        read: Reader::Grid(|g, c| super::bps::parse(g, c.source, c.opts, c.notes, c.acc)),
    },
];

/// A grid's header (first row) has a cell equal to `name`, ignoring case.
fn header_has(g: &Grid) -> impl Fn(&str) -> bool + '_ {
    move |name| {
        g.rows
            .first()
            .is_some_and(|r| r.cells.iter().any(|c| c.eq_ignore_ascii_case(name)))
    }
}

impl Layout {
    /// The layout of `format`.
    pub fn of(format: Format) -> &'static Layout {
        LAYOUTS
            .iter()
            .find(|l| l.format == format)
            .expect("every format has a row in LAYOUTS (tested)")
    }

    /// The first grid layout that recognises `grid`.
    pub(crate) fn detect_grid(grid: &Grid) -> Option<&'static Layout> {
        LAYOUTS
            .iter()
            .find(|l| matches!(l.read, Reader::Grid(_)) && (l.detect)(grid))
    }

    /// The canonical names of every layout, `a, b, …`.
    pub fn names() -> String {
        LAYOUTS
            .iter()
            .map(|l| l.names[0])
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_one_layout_and_its_names_parse_back() {
        for l in LAYOUTS {
            assert_eq!(Layout::of(l.format).names, l.names);
            for n in l.names {
                assert_eq!(n.parse::<Format>().unwrap(), l.format);
            }
        }
        assert_eq!(Layout::names(), "parquet, json, odj, tidy, bps-long, bps");
    }
}
