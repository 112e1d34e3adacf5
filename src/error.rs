//! The crate's one error type.
//!
//! Every variant carries what was observed, where (file, line, column), what was expected and,
//! where one exists, a hint. Messages are written for the planner reading them in a terminal.

use std::fmt;
use std::path::PathBuf;

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Where in an input file something was found: file, 1-based line (row in a spreadsheet) and
/// column (its header name or, when there is none, its 1-based number or spreadsheet letter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line (CSV) or row (XLSX) number, 0 when not applicable.
    pub line: usize,
    /// Column header or number, empty when not applicable.
    pub column: String,
}

impl Location {
    /// A location in `file` at `line`, no column.
    pub fn line(file: &str, line: usize) -> Self {
        Location {
            file: file.to_string(),
            line,
            column: String::new(),
        }
    }
    /// A location in `file` at `line` and `column`.
    pub fn cell(file: &str, line: usize, column: impl Into<String>) -> Self {
        Location {
            file: file.to_string(),
            line,
            column: column.into(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ", line {}", self.line)?;
        }
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        Ok(())
    }
}

fn did_you_mean(s: &[String]) -> String {
    match s.len() {
        0 => String::new(),
        1 => format!(" (did you mean {}?)", s[0]),
        _ => format!(" (did you mean {}?)", s.join(" or ")),
    }
}

/// The error type of every fallible function in indikator.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file holds no data rows.
    #[error("{file}: the file is empty (no data rows found); expected {expected}")]
    EmptyFile {
        /// The file.
        file: String,
        /// What a valid file of this format holds.
        expected: String,
    },
    /// A file's layout is not one indikator reads, or does not match the format asked for.
    #[error("{file}: {message}")]
    Format {
        /// The file.
        file: String,
        /// What was found and what was expected.
        message: String,
    },
    /// A spreadsheet could not be opened or a sheet is missing.
    #[error("{file}: {message}")]
    Spreadsheet {
        /// The file.
        file: String,
        /// What went wrong (truncated file, wrong sheet, …).
        message: String,
    },
    /// A value could not be read as what its column holds.
    #[error("{at}: cannot read {} as {expected}", shorten(.value))]
    BadValue {
        /// Where the value is.
        at: Location,
        /// The value as written.
        value: String,
        /// What was expected there.
        expected: String,
    },
    /// A number outside the range its indicator allows (e.g. a percentage above 100).
    #[error("{at}: {indicator} = {value} is outside {expected}")]
    OutOfRange {
        /// Where the value is.
        at: Location,
        /// The indicator.
        indicator: String,
        /// The value.
        value: f64,
        /// The allowed range, in words.
        expected: String,
    },
    /// A region name that the registry does not know.
    #[error("{}unknown region {name:?}{}", at_prefix(.at), did_you_mean(.suggestions))]
    UnknownRegion {
        /// Where the name is, when it comes from a file.
        at: Option<Location>,
        /// The name as written.
        name: String,
        /// The closest known names.
        suggestions: Vec<String>,
    },
    /// A region name that means more than one region here (`Gorontalo`: the province or the
    /// kabupaten): never picked silently.
    #[error("{}{name:?} is ambiguous: it can be {}; write the full name (Kabupaten …, Kota …) or the BPS code", at_prefix(.at), .candidates.join(" or "))]
    AmbiguousRegion {
        /// Where the name is, when it comes from a file.
        at: Option<Location>,
        /// The name as written.
        name: String,
        /// The regions it can mean (`Kabupaten Gorontalo (7502, Gorontalo)`).
        candidates: Vec<String>,
    },
    /// The same region, year (and semester) and indicator appear twice with different values.
    #[error("{0}")]
    Duplicate(Box<Duplicate>),
    /// A column that is not in the frame.
    #[error("column {column:?} not found{}; available: {}", did_you_mean(.suggestions), .available.join(", "))]
    ColumnNotFound {
        /// The column asked for.
        column: String,
        /// The columns there are.
        available: Vec<String>,
        /// The closest names.
        suggestions: Vec<String>,
    },
    /// A term that is not in the fitted model.
    #[error("no term {term:?} in the model{}; terms: {}", did_you_mean(.suggestions), .available.join(", "))]
    UnknownTerm {
        /// The term asked for.
        term: String,
        /// The model's terms.
        available: Vec<String>,
        /// The closest terms.
        suggestions: Vec<String>,
    },
    /// A formula that does not parse; `pos` is the byte offset of the fault.
    #[error("{}", formula_message(.input, *.pos, .message))]
    Formula {
        /// The formula as written.
        input: String,
        /// Byte offset of the fault.
        pos: usize,
        /// What is wrong there.
        message: String,
    },
    /// An argument or option with a value that cannot be used.
    #[error("invalid {what}: {message}")]
    InvalidArgument {
        /// The argument.
        what: String,
        /// Why, and what would work.
        message: String,
    },
    /// The model cannot be estimated on this data.
    #[error("cannot estimate: {0}")]
    Estimation(String),
    /// Too few clusters for a cluster-robust covariance.
    #[error("clustering by {by} needs at least 2 clusters, found {n}")]
    TooFewClusters {
        /// The clustering variable(s).
        by: String,
        /// The number of clusters found.
        n: usize,
    },
    /// A chart could not be drawn or encoded.
    #[error("cannot draw {chart}: {message}")]
    Plot {
        /// The chart's title.
        chart: String,
        /// What the drawing backend said.
        message: String,
    },
    /// The notebook kernel could not set up or use its sockets or threads.
    #[error("kernel: {what}: {message}")]
    Kernel {
        /// What the kernel was doing.
        what: String,
        /// What went wrong.
        message: String,
    },
    /// A long computation stopped because its caller asked (the notebook's *Interrupt*).
    #[error("interrupted")]
    Interrupted,
    /// A broken internal invariant: a bug in indikator, never the user's input.
    #[error("internal error (please report): {0}")]
    Internal(String),
    /// A test that does not apply to this model or data.
    #[error("{test} is not valid here: {reason}")]
    NotApplicable {
        /// The test.
        test: String,
        /// Why.
        reason: String,
    },
    /// An error from polars, with what indikator was doing.
    #[error("{context}: {source}")]
    Polars {
        /// What indikator was doing.
        context: String,
        /// The polars error.
        #[source]
        source: polars::error::PolarsError,
    },
    /// A JSON document that could not be read or written.
    #[error("{context}: {source}")]
    Json {
        /// What indikator was doing.
        context: String,
        /// The serde_json error.
        #[source]
        source: serde_json::Error,
    },
}

/// Two lines that give the same region-year-indicator different values.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "{file}: {region} {year} {indicator} appears twice with different values: {first_value} at line {first_line} and {second_value} at line {second_line}"
)]
pub struct Duplicate {
    /// The file (or files, joined) involved.
    pub file: String,
    /// The region.
    pub region: String,
    /// The year.
    pub year: i32,
    /// The indicator.
    pub indicator: String,
    /// The first line.
    pub first_line: usize,
    /// Its value.
    pub first_value: String,
    /// The second line.
    pub second_line: usize,
    /// Its value.
    pub second_value: String,
}

/// A value quoted in a message, cut to 80 characters (a 50 MB one-line file is one "value").
pub(crate) fn shorten(v: &str) -> String {
    const MAX: usize = 80;
    let n = v.chars().count();
    if n <= MAX {
        format!("{v:?}")
    } else {
        let head: String = v.chars().take(MAX).collect();
        format!("{head:?}… ({n} characters)")
    }
}

fn at_prefix(at: &Option<Location>) -> String {
    at.as_ref().map_or_else(String::new, |l| format!("{l}: "))
}

/// The formula with a caret under the fault; a long formula is shown as a window of 40
/// characters either side of the fault (a 100 KB formula is not echoed whole).
/// Open a data file, refusing a folder by name (the OS says only "Is a directory" or, for a
/// read through some readers, "No such device").
pub(crate) fn open_file(path: &std::path::Path) -> Result<std::fs::File> {
    if path.is_dir() {
        return Err(Error::InvalidArgument {
            what: format!("data file {}", path.display()),
            message: "is a folder; give a file in it (CSV, XLSX, Parquet or JSON)".into(),
        });
    }
    std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Read a whole data file (see [`open_file`]).
pub(crate) fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    open_file(path)?
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(bytes)
}

fn formula_message(input: &str, pos: usize, message: &str) -> String {
    const SIDE: usize = 40;
    let chars: Vec<char> = input.chars().collect();
    let caret = input
        .get(..pos.min(input.len()))
        .map_or(0, |s| s.chars().count());
    let from = caret.saturating_sub(SIDE);
    let to = (caret + SIDE).min(chars.len());
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < chars.len() { "…" } else { "" };
    let shown: String = chars[from..to].iter().collect();
    let note = if lead.is_empty() && tail.is_empty() {
        String::new()
    } else {
        format!(" (characters {}–{to} of {})", from + 1, chars.len())
    };
    format!(
        "formula error: {message}{note}\n  {lead}{shown}{tail}\n  {}^",
        " ".repeat(caret - from + lead.chars().count())
    )
}

impl From<polars::error::PolarsError> for Error {
    fn from(source: polars::error::PolarsError) -> Self {
        Error::Polars {
            context: "polars".into(),
            source,
        }
    }
}

/// Attach what indikator was doing to a polars error (`df.column("x").ctx("reading x")?`).
pub trait PolarsContext<T> {
    /// The result, its polars error wrapped as [`Error::Polars`] with `context`.
    fn ctx(self, context: &str) -> Result<T>;
}

impl<T> PolarsContext<T> for std::result::Result<T, polars::error::PolarsError> {
    fn ctx(self, context: &str) -> Result<T> {
        self.map_err(|source| Error::Polars {
            context: context.to_string(),
            source,
        })
    }
}

/// Closest names to `name` among `candidates` (Jaro–Winkler on lower case, best first).
pub fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<String> {
    let target = name.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&target, &c.to_lowercase()), c))
        .filter(|(s, _)| *s > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    // Only names about as close as the best one: a clear winner is suggested alone.
    let best = scored.first().map_or(0.0, |s| s.0);
    let mut out: Vec<String> = Vec::new();
    for (_, c) in scored.into_iter().filter(|(s, _)| *s >= best - 0.04) {
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
        if out.len() == n {
            break;
        }
    }
    out
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run a dependency's reader on untrusted bytes, turning a panic inside it (polars-parquet's
/// `thrift bool field` on damaged metadata, found by fuzzing) into an error: the message goes into
/// the error, not to stderr, and the process goes on. `what` names the file for the message.
///
/// # Errors
/// [`Error::Format`] with the dependency's panic message.
pub(crate) fn guard_panics<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    out.unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into());
        Err(Error::Format {
            file: what.to_string(),
            message: format!("damaged file: its reader failed ({msg})"),
        })
    })
}
