//! Row accounting: every row a loader read is either a header row, a row that gave values, or a
//! row skipped for a stated reason; every value read is either kept or merged with a repeat.
//!
//! ```text
//! rows        = header_rows + data_rows + skipped.len()
//! values_read = values_out + merged
//! ```
//!
//! [`RowAccount::balanced`] checks both; the loaders build one account per file and
//! [`super::LoadNotes::accounts`] carries them to the caller (the CLI prints them on stderr, a
//! notebook cell as a stream).

use super::Format;
use crate::lang::Lang;

/// Why a row gave no values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Every cell empty.
    Blank,
    /// A source or footnote row (`Sumber: …`, `Catatan: …`).
    Note(String),
    /// A region listed without a value in any column: every year of it is a gap.
    NoValues(String),
}

/// A row that gave no values, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    /// 1-based line (CSV), row (XLSX) or object (JSON) number.
    pub line: usize,
    /// Why.
    pub reason: SkipReason,
}

/// How one file's rows and values were accounted for.
#[derive(Debug, Clone, PartialEq)]
pub struct RowAccount {
    /// The file as the user named it.
    pub file: String,
    /// The layout it was read as (`None` before detection).
    pub format: Option<Format>,
    /// Rows in the file: CSV records (blank lines included), spreadsheet rows holding a cell,
    /// objects of a JSON array, rows of a Parquet file plus its header.
    pub rows: usize,
    /// Header, title, year and semester rows above the data.
    pub header_rows: usize,
    /// Rows that gave at least one value.
    pub data_rows: usize,
    /// Rows that gave none, each with its reason.
    pub skipped: Vec<SkippedRow>,
    /// Values (region × year × indicator cells) the file gave, gaps included.
    pub values_read: usize,
    /// Values kept in the result.
    pub values_out: usize,
    /// Values that repeated one read before (same value, or a gap beside a value) and were
    /// merged into it.
    pub merged: usize,
    /// Kept values that are gaps written as a missing marker (`-`, `…`, empty, `null`).
    pub gaps_marked: usize,
    /// Kept values that are gaps because a `0` stood for a region not yet created.
    pub gaps_placeholder: usize,
}

/// A test on a skip reason (one kind of skipped row).
type SkipKind = fn(&SkipReason) -> bool;

impl RowAccount {
    /// An empty account for a file.
    pub fn new(file: &str) -> RowAccount {
        RowAccount {
            file: file.to_string(),
            format: None,
            rows: 0,
            header_rows: 0,
            data_rows: 0,
            skipped: Vec::new(),
            values_read: 0,
            values_out: 0,
            merged: 0,
            gaps_marked: 0,
            gaps_placeholder: 0,
        }
    }

    /// Whether every row and every value is accounted for (see the module equations).
    pub fn balanced(&self) -> bool {
        self.rows == self.header_rows + self.data_rows + self.skipped.len()
            && self.values_read == self.values_out + self.merged
    }

    /// Add another account of the same file (a file given twice).
    pub(crate) fn absorb(&mut self, o: RowAccount) {
        self.format = self.format.or(o.format);
        self.rows += o.rows;
        self.header_rows += o.header_rows;
        self.data_rows += o.data_rows;
        self.skipped.extend(o.skipped);
        self.values_read += o.values_read;
        self.values_out += o.values_out;
        self.merged += o.merged;
        self.gaps_marked += o.gaps_marked;
        self.gaps_placeholder += o.gaps_placeholder;
    }

    fn skipped_text(&self, lang: Lang) -> String {
        let count = |f: SkipKind| {
            let lines: Vec<String> = self
                .skipped
                .iter()
                .filter(|s| f(&s.reason))
                .map(|s| s.line.to_string())
                .collect();
            let n = lines.len();
            let shown = if n > 5 {
                format!("{}, …", lines[..5].join(", "))
            } else {
                lines.join(", ")
            };
            (n, shown)
        };
        let kinds: [(SkipKind, &str, &str); 3] = [
            (|r| matches!(r, SkipReason::Blank), "blank", "kosong"),
            (|r| matches!(r, SkipReason::Note(_)), "notes", "catatan"),
            (
                |r| matches!(r, SkipReason::NoValues(_)),
                "regions without any value",
                "wilayah tanpa nilai",
            ),
        ];
        let (line_en, line_id) = ("line", "baris");
        kinds
            .iter()
            .filter_map(|(f, en, id)| {
                let (n, shown) = count(*f);
                (n > 0).then(|| match lang {
                    Lang::En => format!("{n} {en} ({line_en} {shown})"),
                    Lang::Id => format!("{n} {id} ({line_id} {shown})"),
                })
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// One line for a reader: rows and values in, out and reported.
    pub fn summary(&self, lang: Lang) -> String {
        let w = match lang {
            Lang::En => [
                "rows",
                "header",
                "with values",
                "skipped",
                "values read",
                "kept",
                "repeats merged",
                "of the kept are gaps",
                "marked missing",
                "placeholder zeros",
            ],
            Lang::Id => [
                "baris",
                "judul",
                "berisi nilai",
                "dilewati",
                "nilai dibaca",
                "dipakai",
                "ulangan digabung",
                "dari yang dipakai kosong",
                "bertanda kosong",
                "nol pengganti",
            ],
        };
        let format = self.format.map(|f| format!(" ({f:?})")).unwrap_or_default();
        let skipped = match self.skipped_text(lang) {
            s if s.is_empty() => s,
            s => format!(" [{s}]"),
        };
        format!(
            "{}{format}: {} {} = {} {} + {} {} + {} {}{skipped}; {} {} = {} {} + {} {}; {} {} ({} {}, {} {})",
            self.file,
            self.rows,
            w[0],
            self.header_rows,
            w[1],
            self.data_rows,
            w[2],
            self.skipped.len(),
            w[3],
            self.values_read,
            w[4],
            self.values_out,
            w[5],
            self.merged,
            w[6],
            self.gaps_marked + self.gaps_placeholder,
            w[7],
            self.gaps_marked,
            w[8],
            self.gaps_placeholder,
            w[9],
        )
    }
}
