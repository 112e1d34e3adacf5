//! Reading a CSV or XLSX file into a grid of text cells that keeps each cell's line (row) and
//! column, so every later error can say exactly where it is.

use crate::error::{Error, Location, Result};
use calamine::{Data, Reader};

/// One row of a grid.
#[derive(Debug, Clone)]
pub struct GridRow {
    /// 1-based line (CSV) or row (XLSX) number.
    pub line: usize,
    /// The cells, trimmed.
    pub cells: Vec<String>,
}

impl GridRow {
    /// Cell `i`, or "" past the end.
    pub fn get(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }
    /// Whether every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.is_empty())
    }
}

/// A file read as a grid of text cells.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The file as the user named it.
    pub file: String,
    /// The non-blank rows.
    pub rows: Vec<GridRow>,
    /// Whether numbers use a decimal comma (`9,53`), detected from the cells.
    pub decimal_comma: bool,
    /// Whether the grid came from a spreadsheet (columns are then named by letter).
    pub spreadsheet: bool,
}

impl Grid {
    /// How to name column `i` (0-based) in an error: its header if given, else its number or letter.
    pub fn column_name(&self, i: usize, header: Option<&str>) -> String {
        match header {
            Some(h) if !h.is_empty() => format!("{h:?}"),
            _ if self.spreadsheet => column_letter(i),
            _ => (i + 1).to_string(),
        }
    }

    /// Parse a cell as a number; `Ok(None)` for BPS missing markers.
    pub fn number(&self, row: &GridRow, i: usize, header: Option<&str>) -> Result<Option<f64>> {
        let text = row.get(i);
        parse_number(text, self.decimal_comma).ok_or_else(|| Error::BadValue {
            at: Location::cell(&self.file, row.line, self.column_name(i, header)),
            value: text.to_string(),
            expected: "a number (or a BPS missing marker: -, …, ...)".into(),
        })
    }
}

/// Spreadsheet column letter of a 0-based index (0 → A, 26 → AA).
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Whether a cell is one of BPS's missing-value markers.
pub fn is_missing_marker(s: &str) -> bool {
    matches!(
        s.trim(),
        "" | "-" | "–" | "—" | "…" | "..." | "NA" | "N/A" | "n.a." | "(NA)" | "x"
    )
}

/// Parse a number as BPS and ODJ files write it. `None` means "not a number"; `Some(None)` a
/// missing marker.
pub fn parse_number(text: &str, decimal_comma: bool) -> Option<Option<f64>> {
    let t = text.trim().replace(['\u{a0}', ' '], "");
    if is_missing_marker(&t) {
        return Some(None);
    }
    let t = if decimal_comma {
        t.replace('.', "").replace(',', ".")
    } else {
        t
    };
    let t = t.strip_suffix('%').unwrap_or(&t);
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(Some(v)),
        _ => None,
    }
}

fn looks_decimal_comma(s: &str) -> bool {
    let s = s.trim().trim_start_matches('-');
    let Some((a, b)) = s.split_once(',') else {
        return false;
    };
    !a.is_empty()
        && !b.is_empty()
        && a.chars().all(|c| c.is_ascii_digit() || c == '.')
        && b.chars().all(|c| c.is_ascii_digit())
}

fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        // Older Excel exports are Windows-1252; Latin-1 keeps every byte.
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

fn sniff_delimiter(text: &str) -> u8 {
    let head: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .collect();
    let count = |d: char| head.iter().map(|l| l.matches(d).count()).sum::<usize>();
    let (semi, comma, tab) = (count(';'), count(','), count('\t'));
    if tab > semi && tab > comma {
        b'\t'
    } else if semi >= comma && semi > 0 {
        b';'
    } else {
        b','
    }
}

/// Read CSV bytes (any of `,` `;` tab; UTF-8 with or without BOM) into a grid.
pub fn read_csv(bytes: &[u8], file: &str) -> Result<Grid> {
    let text = decode(bytes);
    let delim = sniff_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::Format {
            file: file.to_string(),
            message: format!("not readable as CSV: {e}"),
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        let row = GridRow { line, cells };
        if !row.is_blank() {
            rows.push(row);
        }
    }
    let decimal_comma = delim == b';'
        && rows
            .iter()
            .any(|r| r.cells.iter().any(|c| looks_decimal_comma(c)));
    Ok(Grid {
        file: file.to_string(),
        rows,
        decimal_comma,
        spreadsheet: false,
    })
}

/// A spreadsheet number as text, without the float noise of XLSX storage
/// (`9.5299999999999994` → `9.53`): rounded to 12 significant digits.
fn number_text(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let s = format!("{v:.11e}");
    s.parse::<f64>()
        .map_or_else(|_| v.to_string(), |r| r.to_string())
}

/// Read an XLSX workbook's sheet (the first, or the one named) into a grid.
pub fn read_xlsx(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Grid> {
    let cursor = std::io::Cursor::new(bytes.to_vec());
    let mut wb = calamine::Xlsx::new(cursor).map_err(|e| Error::Spreadsheet {
        file: file.to_string(),
        message: format!("not a readable XLSX workbook (truncated or damaged?): {e}"),
    })?;
    let names = wb.sheet_names().to_vec();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| Error::Spreadsheet {
                file: file.to_string(),
                message: format!(
                    "no sheet named {s:?}; the workbook has: {}",
                    names.join(", ")
                ),
            })?,
        None => names.first().cloned().ok_or_else(|| Error::Spreadsheet {
            file: file.to_string(),
            message: "the workbook has no sheets".into(),
        })?,
    };
    let range = wb.worksheet_range(&name).map_err(|e| Error::Spreadsheet {
        file: file.to_string(),
        message: format!("sheet {name:?} cannot be read (truncated or damaged?): {e}"),
    })?;
    let (r0, c0) = range
        .start()
        .map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let mut rows = Vec::new();
    for (ri, row) in range.rows().enumerate() {
        let mut cells = vec![String::new(); c0];
        cells.extend(row.iter().map(|d| match d {
            Data::Empty => String::new(),
            Data::String(s) => s.trim().to_string(),
            Data::Float(v) => number_text(*v),
            Data::Int(v) => v.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::Error(e) => format!("#{e:?}"),
            other => other.to_string(),
        }));
        let row = GridRow {
            line: r0 + ri + 1,
            cells,
        };
        if !row.is_blank() {
            rows.push(row);
        }
    }
    Ok(Grid {
        file: file.to_string(),
        rows,
        decimal_comma: false,
        spreadsheet: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_markers_are_null_and_decimal_comma_is_read() {
        assert_eq!(parse_number("-", false), Some(None));
        assert_eq!(parse_number("…", false), Some(None));
        assert_eq!(parse_number("9,53", true), Some(Some(9.53)));
        assert_eq!(parse_number("1.234,5", true), Some(Some(1234.5)));
        assert_eq!(parse_number("abc", false), None);
    }

    #[test]
    fn xlsx_float_noise_is_removed() {
        assert_eq!(number_text(9.53), "9.53");
        assert_eq!(number_text(2015.0), "2015");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn semicolon_files_with_decimal_comma_are_detected() {
        let g = read_csv("a;b\nBogor;9,53\n".as_bytes(), "x.csv").unwrap();
        assert!(g.decimal_comma);
        assert_eq!(g.rows[1].line, 2);
    }
}
