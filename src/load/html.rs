//! Tables saved as HTML: the old BPS website's "Unduh xls" downloads are HTML with an Excel
//! namespace and an `.xls` name, not Excel files. The dynamic table is split into four tables —
//! `tableLeftUp` (the row header's title), `tableLeftBottom` (one region name per row),
//! `tableRightUp` (indicator titles spanning their years, then the years) and `tableRightBottom`
//! (the values) — which are zipped back together by row here. Any other HTML file is read from
//! its largest table. The result is a [`Grid`] the BPS-table parser reads like a CSV export;
//! its "lines" are the rows of the table as drawn (header rows first), its columns letters.
//!
//! Parsing is html5ever's (through `scraper`), which repairs the malformed nesting these files
//! have (`<table><table …>`).

use scraper::{ElementRef, Html, Selector};

use super::grid::{Grid, GridRow};
use crate::error::{Error, Result};

/// Whether the bytes are an HTML document (or fragment) rather than CSV.
pub(super) fn is_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let text = String::from_utf8_lossy(head).to_lowercase();
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    t.starts_with("<html")
        || t.starts_with("<!doctype html")
        || t.starts_with("<table")
        || text.contains("urn:schemas-microsoft-com:office:excel")
}

/// The selectors this file uses, parsed once (constants of this file: a failure to parse is a
/// programming error, caught by every test that reads HTML).
struct Selectors {
    cell: Selector,
    row: Selector,
    table: Selector,
    links: Selector,
}

fn selectors() -> &'static Selectors {
    static S: std::sync::OnceLock<Selectors> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        let parse = |css: &str| Selector::parse(css).unwrap_or_else(|_| unreachable!("{css}"));
        Selectors {
            cell: parse("td, th"),
            row: parse("tr"),
            table: parse("table"),
            links: parse("link[href], frame[src]"),
        }
    })
}

/// The text of a cell, whitespace collapsed.
fn text_of(el: ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The cells of a row, each repeated over its `colspan`.
fn row_cells(tr: ElementRef) -> Vec<String> {
    let mut out = Vec::new();
    for c in tr.select(&selectors().cell) {
        let span = c
            .value()
            .attr("colspan")
            .and_then(|s| s.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, 1000);
        let t = text_of(c);
        out.extend(std::iter::repeat_n(t, span));
    }
    out
}

fn rows_of(doc: &Html, table_id: &str) -> Option<Vec<Vec<String>>> {
    let table = doc
        .select(&selectors().table)
        .find(|t| t.value().id() == Some(table_id))?;
    Some(table.select(&selectors().row).map(row_cells).collect())
}

/// Read an HTML file's table into a grid.
pub(super) fn read_html(bytes: &[u8], file: &str) -> Result<Grid> {
    let text = String::from_utf8_lossy(bytes);
    let doc = Html::parse_document(&text);
    let rows = match split_table(&doc, file)? {
        Some(rows) => rows,
        None => largest_table(&doc).ok_or_else(|| no_table(&doc, file))?,
    };
    let rows: Vec<GridRow> = rows
        .into_iter()
        .enumerate()
        .map(|(i, cells)| GridRow { line: i + 1, cells })
        .collect();
    let (rows, blank): (Vec<GridRow>, Vec<GridRow>) = rows.into_iter().partition(|r| !r.is_blank());
    Ok(Grid {
        file: file.to_string(),
        rows,
        decimal_comma: false,
        spreadsheet: true,
        blank_lines: blank.iter().map(|r| r.line).collect(),
    })
}

/// The old BPS site's four-part table, zipped into header rows and data rows; `None` when the
/// file is not of that kind.
fn split_table(doc: &Html, file: &str) -> Result<Option<Vec<Vec<String>>>> {
    let (Some(names), Some(head), Some(values)) = (
        rows_of(doc, "tableLeftBottom"),
        rows_of(doc, "tableRightUp"),
        rows_of(doc, "tableRightBottom"),
    ) else {
        return Ok(None);
    };
    if names.len() != values.len() {
        return Err(Error::Format {
            file: file.to_string(),
            message: format!(
                "the table's region names ({} rows) and its values ({} rows) do not line up; \
                 the download is incomplete — download the table again",
                names.len(),
                values.len()
            ),
        });
    }
    let corner = rows_of(doc, "tableLeftUp")
        .and_then(|r| r.into_iter().flatten().find(|c| !c.is_empty()))
        .unwrap_or_default();
    let mut out = Vec::with_capacity(head.len() + names.len());
    for (i, h) in head.into_iter().enumerate() {
        let first = if i == 0 {
            corner.clone()
        } else {
            String::new()
        };
        out.push(std::iter::once(first).chain(h).collect());
    }
    for (n, v) in names.into_iter().zip(values) {
        let name = n.into_iter().find(|c| !c.is_empty()).unwrap_or_default();
        out.push(std::iter::once(name).chain(v).collect());
    }
    Ok(Some(out))
}

/// The rows of the table with the most cells among those holding no other table.
fn largest_table(doc: &Html) -> Option<Vec<Vec<String>>> {
    let (table, tr) = (&selectors().table, &selectors().row);
    doc.select(table)
        .filter(|t| {
            !t.descendants()
                .skip(1)
                .filter_map(ElementRef::wrap)
                .any(|e| e.value().name() == "table")
        })
        .map(|t| t.select(tr).map(row_cells).collect::<Vec<_>>())
        .filter(|rows| rows.iter().any(|r| r.iter().any(|c| !c.is_empty())))
        .max_by_key(|rows| rows.iter().map(Vec::len).sum::<usize>())
}

/// The error for an HTML file without a table: what it is, and what it points to.
fn no_table(doc: &Html, file: &str) -> Error {
    let linked: Vec<String> = doc
        .select(&selectors().links)
        .filter_map(|e| e.value().attr("href").or_else(|| e.value().attr("src")))
        .filter(|h| h.ends_with(".htm") || h.ends_with(".html"))
        .map(str::to_string)
        .collect();
    let message = match linked.first() {
        Some(page) => format!(
            "an Excel \"Web Page\" file that holds no table: its data are in {page}, a separate file \
             that is not here. It has no rows to read / berkas ini tidak berisi tabel: datanya ada \
             di {page}, yang tidak ikut tersimpan. Download the table again from BPS as CSV or XLSX"
        ),
        None => "an HTML file without a table: there are no rows to read / berkas HTML tanpa tabel"
            .into(),
    };
    Error::Format {
        file: file.to_string(),
        message,
    }
}
