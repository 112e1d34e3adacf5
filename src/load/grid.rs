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
    /// Lines of the rows left out because every cell was empty (for the row account).
    pub blank_lines: Vec<usize>,
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

pub use crate::text::parse_number;

/// What one cell says about the file's decimal mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Only a decimal comma reads it (`9,53`, `1.234,5`, `1.234.567`).
    Comma,
    /// Only a decimal point reads it (`9.53`, `1,234.5`, `1,234,567`).
    Point,
    /// Either reads it, differently (`410.988`: 410.988 or 410988).
    Either,
}

/// The decimal mark a number written as `s` implies, if it is a number with a mark at all.
fn mark_of(s: &str) -> Option<Mark> {
    let t: String = s.chars().filter(|c| !matches!(c, ' ' | '\u{a0}')).collect();
    let t = t.trim_start_matches(['-', '+']);
    let t = t.strip_suffix('%').unwrap_or(t);
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let groups = |sep: char, body: &str| -> bool {
        let g: Vec<&str> = body.split(sep).collect();
        (1..=3).contains(&g[0].len()) && g[1..].iter().all(|x| x.len() == 3)
    };
    let (comma, point) = (t.matches(',').count(), t.matches('.').count());
    match (comma, point) {
        (0, 0) => None,
        (_, 0) | (0, _) => {
            let sep = if comma > 0 { ',' } else { '.' };
            let (as_decimal, as_thousands) = if sep == ',' {
                (Mark::Comma, Mark::Point)
            } else {
                (Mark::Point, Mark::Comma)
            };
            let parts: Vec<&str> = t.split(sep).collect();
            if parts.len() > 2 {
                return groups(sep, t).then_some(as_thousands);
            }
            let (int, frac) = (parts[0], parts[1]);
            if int.is_empty() || frac.is_empty() {
                return None;
            }
            if frac.len() != 3 || int.starts_with('0') || int.len() > 3 {
                Some(as_decimal)
            } else {
                Some(Mark::Either)
            }
        }
        _ => {
            // Both marks: the last one is the decimal mark, the other groups thousands.
            let last = t.rfind([',', '.']).unwrap_or(0);
            let (body, dec) = t.split_at(last);
            let (sep, mark) = if dec.starts_with(',') {
                ('.', Mark::Comma)
            } else {
                (',', Mark::Point)
            };
            (dec.len() > 1 && !body.contains(&dec[..1]) && groups(sep, body)).then_some(mark)
        }
    }
}

/// Decide a text file's decimal mark from its cells: a file that writes numbers both ways is
/// refused (one cell would otherwise be read ten or a thousand times too large); numbers that
/// read either way (`410.988`) follow the file's other numbers, or the separator convention
/// when there are none (`;`-separated: the Indonesian decimal comma and thousands point).
fn decimal_convention(rows: &[GridRow], file: &str, semicolon: bool) -> Result<bool> {
    // The first cell read each way: (line, text).
    type First<'a> = Option<(usize, &'a str)>;
    let (mut comma, mut point): (First, First) = (None, None);
    for r in rows {
        for c in &r.cells {
            match mark_of(c) {
                Some(Mark::Comma) if comma.is_none() => comma = Some((r.line, c)),
                Some(Mark::Point) if point.is_none() => point = Some((r.line, c)),
                _ => {}
            }
        }
    }
    match (comma, point) {
        (Some((lc, c)), Some((lp, p))) => Err(Error::Format {
            file: file.to_string(),
            message: format!(
                "numbers are written with a decimal comma ({c:?}, line {lc}) and with a decimal point ({p:?}, line {lp}); a file must use one mark, or a number is read 10 or 1,000 times too large: correct the odd cells"
            ),
        }),
        (Some(_), None) => Ok(true),
        (None, Some(_)) => Ok(false),
        (None, None) => Ok(semicolon),
    }
}

fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        // Older Excel exports are Windows-1252 (where 0x85 is `…`, BPS's missing marker).
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    };
    // A lone carriage return (old Mac line ends) ends a row for the CSV reader but not a line
    // for its line count: make it a line end, so every row has its own line in messages.
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// UTF-16 text (Excel's "Unicode text", with or without a byte-order mark) as UTF-8; `None`
/// when the bytes are not UTF-16.
pub fn utf16_as_utf8(bytes: &[u8]) -> Option<Vec<u8>> {
    let enc = match encoding_rs::Encoding::for_bom(bytes) {
        Some((e, _)) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => e,
        Some(_) => return None,
        None => {
            // No mark: ASCII text in UTF-16 has a zero in every other byte.
            let head = &bytes[..bytes.len().min(4096)];
            if head.len() < 4 {
                return None;
            }
            let zeros = |odd: bool| {
                head.iter()
                    .enumerate()
                    .filter(|(i, b)| (i % 2 == 1) == odd && **b == 0)
                    .count()
            };
            let half = head.len() / 2;
            if zeros(true) * 10 > half * 8 && zeros(false) * 10 < half {
                encoding_rs::UTF_16LE
            } else if zeros(false) * 10 > half * 8 && zeros(true) * 10 < half {
                encoding_rs::UTF_16BE
            } else {
                return None;
            }
        }
    };
    Some(
        enc.decode_with_bom_removal(bytes)
            .0
            .into_owned()
            .into_bytes(),
    )
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

/// The line of a `"` that opens a quoted cell never closed (the file has an odd number of
/// quotes: the last line where the count turned odd and stayed so).
fn unclosed_quote_line(text: &str) -> Option<usize> {
    let mut odd = false;
    let mut opened_at = None;
    for (i, line) in text.split('\n').enumerate() {
        let was_odd = odd;
        if line.bytes().filter(|&b| b == b'"').count() % 2 == 1 {
            odd = !odd;
        }
        if odd && !was_odd {
            opened_at = Some(i + 1);
        }
    }
    opened_at.filter(|_| odd)
}

/// The largest worksheet XML read (decompressed): a published table is far smaller; a zip bomb is
/// refused rather than inflated.
const MAX_SHEET_XML: u64 = 256 * 1024 * 1024;

/// Every cell reference in the workbook's worksheets (`r="…"`, `ref="…"`) must lie within Excel's
/// last cell XFD1048576: calamine's reference parser overflows beyond it (a panic in a debug build,
/// a wrong cell in a release one). Found by fuzzing (`fuzz/artifacts/load_xlsx`, now a corpus case).
fn check_cell_references(bytes: &[u8], file: &str) -> Result<()> {
    use std::io::Read;
    let damaged = |e: &dyn std::fmt::Display| Error::Spreadsheet {
        file: file.to_string(),
        message: format!("not a readable XLSX workbook (truncated or damaged?): {e}"),
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| damaged(&e))?;
        let name = entry.name().to_string();
        if !(name.starts_with("xl/worksheets/") && name.ends_with(".xml")) {
            continue;
        }
        let mut xml = Vec::new();
        (&mut entry)
            .take(MAX_SHEET_XML + 1)
            .read_to_end(&mut xml)
            .map_err(|e| damaged(&e))?;
        if xml.len() as u64 > MAX_SHEET_XML {
            return Err(Error::Spreadsheet {
                file: file.to_string(),
                message: format!(
                    "{name} is larger than {} MiB once unpacked; a published table is far smaller",
                    MAX_SHEET_XML >> 20
                ),
            });
        }
        if let Some(bad) = reference_beyond_excel(&xml) {
            return Err(Error::Spreadsheet {
                file: file.to_string(),
                message: format!(
                    "{name} refers to cell {}, beyond Excel's last cell XFD1048576: the workbook is damaged",
                    crate::error::shorten(&bad)
                ),
            });
        }
    }
    Ok(())
}

/// The first `r="…"` / `ref="…"` value that names a cell beyond XFD1048576.
fn reference_beyond_excel(xml: &[u8]) -> Option<String> {
    let mut i = 0;
    while i < xml.len() {
        let rest = &xml[i..];
        let skip = if rest.starts_with(b" r=\"") {
            4
        } else if rest.starts_with(b" ref=\"") {
            6
        } else {
            i += 1;
            continue;
        };
        let value = &rest[skip..];
        let end = value.iter().position(|&b| b == b'"').unwrap_or(value.len());
        let value = &value[..end];
        for part in value.split(|&b| b == b':' || b == b' ') {
            let part: Vec<u8> = part.iter().copied().filter(|&b| b != b'$').collect();
            let letters = part.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            let digits = &part[letters..];
            if !digits.iter().all(u8::is_ascii_digit) {
                continue; // not a cell reference
            }
            let col = part[..letters].iter().fold(0u64, |c, b| {
                c.saturating_mul(26)
                    .saturating_add(u64::from(b.to_ascii_uppercase() - b'A' + 1))
            });
            let row = std::str::from_utf8(digits)
                .ok()
                .and_then(|d| d.parse::<u64>().ok())
                .unwrap_or(if digits.is_empty() { 0 } else { u64::MAX });
            if col > 16_384 || row > 1_048_576 {
                return Some(String::from_utf8_lossy(value).into_owned());
            }
        }
        i += skip + end;
    }
    None
}

/// Read CSV bytes (any of `,` `;` tab; UTF-8 with or without BOM) into a grid.
pub fn read_csv(bytes: &[u8], file: &str) -> Result<Grid> {
    let text = decode(bytes);
    if let Some(line) = unclosed_quote_line(&text) {
        return Err(Error::Format {
            file: file.to_string(),
            message: format!(
                "line {line} opens a quote (\") that is never closed, so every line after it would be read as one cell; close or remove it"
            ),
        });
    }
    let delim = sniff_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut blank_lines = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::Format {
            file: file.to_string(),
            message: format!("not readable as CSV: {e}"),
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        let row = GridRow { line, cells };
        if row.is_blank() {
            blank_lines.push(line);
        } else {
            rows.push(row);
        }
    }
    let decimal_comma = decimal_convention(&rows, file, delim == b';')?;
    Ok(Grid {
        file: file.to_string(),
        rows,
        decimal_comma,
        spreadsheet: false,
        blank_lines,
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

/// Most filled cells a sheet may have (a national BPS table has a few thousand).
const MAX_CELLS: usize = 2_000_000;

/// A spreadsheet cell as the text a CSV export would hold.
fn cell_text(d: Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(v) => number_text(v),
        Data::Int(v) => v.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Error(e) => format!("#{e:?}"),
        other => other.to_string(),
    }
}

/// Read an XLSX workbook's sheet (the first, or the one named) into a grid.
pub fn read_xlsx(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Grid> {
    check_cell_references(bytes, file)?;
    crate::error::guard_panics(file, || read_xlsx_cells(bytes, file, sheet))
}

fn read_xlsx_cells(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Grid> {
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
    // Cells one by one (a sheet whose declared range reaches ZZ200000 because of one stray cell
    // would otherwise be allocated densely: gigabytes for a 12 KB file).
    let mut reader = wb
        .worksheet_cells_reader(&name)
        .map_err(|e| Error::Spreadsheet {
            file: file.to_string(),
            message: format!("sheet {name:?} cannot be read (truncated or damaged?): {e}"),
        })?;
    let mut by_row: std::collections::BTreeMap<u32, Vec<(u32, String)>> = Default::default();
    let mut n_cells = 0usize;
    loop {
        let cell = reader.next_cell().map_err(|e| Error::Spreadsheet {
            file: file.to_string(),
            message: format!("sheet {name:?} cannot be read (truncated or damaged?): {e}"),
        })?;
        let Some(cell) = cell else { break };
        let text = cell_text(Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        n_cells += 1;
        if n_cells > MAX_CELLS {
            return Err(Error::Spreadsheet {
                file: file.to_string(),
                message: format!(
                    "sheet {name:?} has more than {MAX_CELLS} filled cells; a published table has far fewer"
                ),
            });
        }
        let (r, c) = cell.get_position();
        by_row.entry(r).or_default().push((c, text));
    }
    let rows = by_row
        .into_iter()
        .map(|(r, cells)| {
            let width = cells
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut row = vec![String::new(); width];
            for (c, t) in cells {
                row[c as usize] = t;
            }
            GridRow {
                line: r as usize + 1,
                cells: row,
            }
        })
        .collect();
    Ok(Grid {
        file: file.to_string(),
        rows,
        decimal_comma: false,
        spreadsheet: true,
        blank_lines: Vec::new(),
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
    fn cell_references_beyond_excel_are_found() {
        assert_eq!(
            reference_beyond_excel(br#"<c r="XFD1048576"><v>1</v></c>"#),
            None
        );
        assert_eq!(
            reference_beyond_excel(br#"<row r="5"><c r="B5"/></row>"#),
            None
        );
        assert_eq!(
            reference_beyond_excel(br#"<c r="XFE1"/>"#).as_deref(),
            Some("XFE1")
        );
        assert_eq!(
            reference_beyond_excel(br#"<dimension ref="A1:A1048577"/>"#).as_deref(),
            Some("A1:A1048577")
        );
        assert!(reference_beyond_excel(br#"<c r="AAAAAAAAAAAAAAAAAAAAAAAA1"/>"#).is_some());
        // Not a cell reference: left to calamine.
        assert_eq!(reference_beyond_excel(br#"<c ref="rId7x"/>"#), None);
    }

    #[test]
    fn semicolon_files_with_decimal_comma_are_detected() {
        let g = read_csv("a;b\nBogor;9,53\n".as_bytes(), "x.csv").unwrap();
        assert!(g.decimal_comma);
        assert_eq!(g.rows[1].line, 2);
    }
}
