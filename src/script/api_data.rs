//! Cell functions for data: bundled datasets, loading files, panels, frame operations.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use polars::prelude::*;
use rhai::{Array, Dynamic, Engine, Map};

use super::values::Text;
use super::{RResult, opt_str, rerr};
use crate::panel::Panel;

/// Where cells may read and write files: the folders given to the session (the notebook's
/// folder, and `INDIKATOR_DATA`), after resolving `..` and symbolic links.
#[derive(Debug, Clone)]
pub struct FileRoots {
    roots: Vec<PathBuf>,
}

impl FileRoots {
    /// Roots from a list of folders (missing folders are ignored).
    pub fn new(folders: &[PathBuf]) -> FileRoots {
        FileRoots {
            roots: folders
                .iter()
                .filter_map(|f| std::fs::canonicalize(f).ok())
                .collect(),
        }
    }

    /// The folders files may come from.
    pub fn folders(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Resolve `path` (relative to the first root) and check that it lies inside a root.
    pub fn check(&self, path: &str, writing: bool) -> RResult<PathBuf> {
        let base = self.roots.first().cloned().unwrap_or_default();
        let p = Path::new(path);
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            base.join(p)
        };
        let resolved = if writing {
            // The nearest existing ancestor must already be inside a root: nothing is created
            // outside, and a symbolic link in the notebook folder cannot lead out.
            let parent = joined.parent().unwrap_or(Path::new("/"));
            let mut existing = parent.to_path_buf();
            while !existing.exists() {
                match existing.parent() {
                    Some(p) => existing = p.to_path_buf(),
                    None => break,
                }
            }
            let anchor = std::fs::canonicalize(&existing)
                .map_err(|e| rerr(format!("{}: {e}", existing.display())))?;
            if !self.roots.iter().any(|r| anchor.starts_with(r)) {
                return Err(self.outside(path));
            }
            std::fs::create_dir_all(parent)
                .map_err(|e| rerr(format!("cannot create {}: {e}", parent.display())))?;
            let parent = std::fs::canonicalize(parent)
                .map_err(|e| rerr(format!("{}: {e}", parent.display())))?;
            let target = parent.join(joined.file_name().unwrap_or_default());
            // An existing (or dangling) link at the target is followed by a write: refuse it.
            if std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(rerr(format!(
                    "{path} is a symbolic link; write to a plain file name in the notebook's folder"
                )));
            }
            target
        } else {
            std::fs::canonicalize(&joined)
                .map_err(|e| rerr(format!("{}: {e}", joined.display())))?
        };
        if !self.roots.iter().any(|r| resolved.starts_with(r)) {
            return Err(self.outside(path));
        }
        if !writing {
            check_read_size(path, &resolved)?;
        }
        Ok(resolved)
    }

    fn outside(&self, path: &str) -> Box<rhai::EvalAltResult> {
        rerr(format!(
            "{path} is outside the folders this notebook may use ({}); put the file there or add its folder to INDIKATOR_DATA",
            self.roots
                .iter()
                .map(|r| r.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// The largest file a cell reads, in MiB: `INDIKATOR_MAX_READ_MB`, else a quarter of the memory
/// available when the check runs (at least 256 MiB), so that one `read` cannot exhaust the
/// machine and end the session (a frame takes several times its file's size while read).
pub fn max_read_bytes() -> u64 {
    const MIB: u64 = 1024 * 1024;
    if let Some(mb) = std::env::var("INDIKATOR_MAX_READ_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return mb.saturating_mul(MIB);
    }
    (super::memory::available_bytes() / 4).max(256 * MIB)
}

fn check_read_size(path: &str, resolved: &Path) -> RResult<()> {
    let len = std::fs::metadata(resolved).map(|m| m.len()).unwrap_or(0);
    let max = max_read_bytes();
    if len > max {
        return Err(rerr(format!(
            "{path} is {} MiB; a cell reads files up to {} MiB (a quarter of the free memory, or INDIKATOR_MAX_READ_MB) so that one read cannot end the session: read an extract, or raise the limit",
            len / (1024 * 1024),
            max / (1024 * 1024)
        )));
    }
    Ok(())
}

/// A bundled dataset by name: the data sources of [`crate::plan::DataSource`] (`jabar`,
/// `provinces`, `kabkota`/`indonesia`), the region registry and the Jabar panel.
pub fn dataset(name: &str) -> RResult<DataFrame> {
    let known = [
        "jabar",
        "indonesia",
        "provinces",
        "kabkota",
        "regions",
        "panel",
    ];
    let r = match name {
        "regions" => crate::datasets::regions(),
        "panel" => crate::datasets::jabar_panel().map(|p| p.frame().clone()),
        other => match other.parse::<crate::plan::DataSource>() {
            Ok(
                src @ (crate::plan::DataSource::Jabar
                | crate::plan::DataSource::Indonesia
                | crate::plan::DataSource::Provinces),
            ) => src.long().map(|l| l.unwrap_or_default()),
            _ => {
                let hint = crate::error::closest(other, known.iter().copied(), 1)
                    .first()
                    .map(|s| format!(" (did you mean {s:?}?)"))
                    .unwrap_or_default();
                return Err(rerr(format!(
                    "no bundled dataset {other:?}{hint}; there are {}",
                    known.join(", ")
                )));
            }
        },
    };
    r.map_err(rerr)
}

fn describe(df: &DataFrame) -> RResult<DataFrame> {
    let stats = ["count", "null_count", "mean", "std", "min", "median", "max"];
    let mut cols: Vec<Column> = vec![Column::new("statistic".into(), stats.to_vec())];
    for c in df.columns() {
        if !c.dtype().is_primitive_numeric() {
            continue;
        }
        let v: Vec<f64> = crate::columns::floats(df, c.name())
            .map_err(rerr)?
            .into_iter()
            .flatten()
            .filter(|x| x.is_finite())
            .collect();
        let n = v.len() as f64;
        let mean = v.iter().sum::<f64>() / n;
        let std = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let mut s = v.clone();
        s.sort_by(f64::total_cmp);
        let median = if s.is_empty() {
            f64::NAN
        } else if s.len() % 2 == 1 {
            s[s.len() / 2]
        } else {
            (s[s.len() / 2 - 1] + s[s.len() / 2]) / 2.0
        };
        let opt = |x: f64| if x.is_finite() { Some(x) } else { None };
        let vals = vec![
            Some(n),
            Some(c.null_count() as f64),
            opt(mean),
            opt(std),
            s.first().copied(),
            opt(median),
            s.last().copied(),
        ];
        cols.push(Column::new(c.name().clone(), vals));
    }
    DataFrame::new(stats.len(), cols).map_err(rerr)
}

fn to_dynamic(v: AnyValue) -> Dynamic {
    match v {
        AnyValue::Null => Dynamic::UNIT,
        AnyValue::Boolean(b) => b.into(),
        AnyValue::String(s) => s.to_string().into(),
        AnyValue::StringOwned(s) => s.to_string().into(),
        AnyValue::Float64(x) => x.into(),
        AnyValue::Float32(x) => f64::from(x).into(),
        AnyValue::Int64(x) => x.into(),
        AnyValue::Int32(x) => i64::from(x).into(),
        AnyValue::Int16(x) => i64::from(x).into(),
        AnyValue::Int8(x) => i64::from(x).into(),
        AnyValue::UInt32(x) => i64::from(x).into(),
        AnyValue::UInt16(x) => i64::from(x).into(),
        AnyValue::UInt8(x) => i64::from(x).into(),
        AnyValue::UInt64(x) => (x as i64).into(),
        other => other.to_string().into(),
    }
}

fn column_values(df: &DataFrame, name: &str) -> RResult<Array> {
    crate::columns::require_column(df, name).map_err(rerr)?;
    let c = df.column(name).map_err(rerr)?;
    (0..c.len())
        .map(|i| c.get(i).map(to_dynamic).map_err(rerr))
        .collect()
}

fn names_of(a: &Array, what: &str) -> RResult<Vec<String>> {
    a.iter()
        .map(|d| {
            d.clone()
                .into_string()
                .map_err(|t| rerr(format!("{what}: expected column names (strings), got {t}")))
        })
        .collect()
}

fn join(df: &DataFrame, other: &DataFrame, on: &[String], how: &str) -> RResult<DataFrame> {
    let jt = match how {
        "left" => JoinType::Left,
        "inner" => JoinType::Inner,
        "full" | "outer" => JoinType::Full,
        other => {
            return Err(rerr(format!(
                "join: how = {other:?}; expected \"left\", \"inner\" or \"full\""
            )));
        }
    };
    for c in on {
        crate::columns::require_column(df, c).map_err(rerr)?;
        crate::columns::require_column(other, c).map_err(rerr)?;
    }
    let keys: Vec<Expr> = on.iter().map(|c| col(c.as_str())).collect();
    df.clone()
        .lazy()
        .join(other.clone().lazy(), keys.clone(), keys, JoinArgs::new(jt))
        .collect()
        .map_err(rerr)
}

/// Register the data functions.
pub fn register(engine: &mut Engine, files: Arc<FileRoots>, out: super::SharedOutputs) {
    engine.register_type_with_name::<DataFrame>("Frame");
    engine.register_type_with_name::<Panel>("Panel");
    register_files(engine, files.clone(), out);
    register_panels(engine);
    register_frames(engine, files);
}

/// The loaded frame; the load's notes and row accounts go to the cell's stderr stream.
fn loaded_frame(loaded: crate::load::Loaded, out: &super::SharedOutputs) -> RResult<DataFrame> {
    let mut text = String::new();
    for n in &loaded.notes.notes {
        text.push_str(&format!("note: {n}\n"));
    }
    for a in &loaded.notes.accounts {
        text.push_str(&format!("baris: {}\n", a.summary(crate::lang::Lang::Id)));
        text.push_str(&format!("rows: {}\n", a.summary(crate::lang::Lang::En)));
    }
    super::emit(out, super::Output::Stderr(text));
    loaded.frame().map_err(rerr)
}

fn load_with(
    f: &FileRoots,
    path: &str,
    opts: &Map,
    out: &super::SharedOutputs,
) -> RResult<DataFrame> {
    super::options::check_options(opts, "load")?;
    let p = f.check(path, false)?;
    let o = crate::load::LoadOptions {
        format: opt_str(opts, "format")?
            .map(|s| s.parse())
            .transpose()
            .map_err(rerr)?,
        indicator: opt_str(opts, "indicator")?,
        sheet: opt_str(opts, "sheet")?,
        source_id: opt_str(opts, "source_id")?,
        province: opt_str(opts, "province")?,
    };
    let loaded = crate::load::load_path(&p, &o).map_err(rerr)?;
    loaded_frame(loaded, out)
}

/// Bundled data and files.
fn register_files(engine: &mut Engine, files: Arc<FileRoots>, out: super::SharedOutputs) {
    engine.register_fn("dataset", |name: &str| dataset(name));
    engine.register_fn("jabar_panel", || {
        crate::datasets::jabar_panel().map_err(rerr)
    });
    engine.register_fn("indonesia_panel", || {
        crate::datasets::indonesia_panel().map_err(rerr)
    });

    let (f, o) = (files.clone(), out.clone());
    engine.register_fn("load", move |path: &str| -> RResult<DataFrame> {
        load_with(&f, path, &Map::new(), &o)
    });
    let f = files.clone();
    engine.register_fn("load", move |path: &str, opts: Map| {
        load_with(&f, path, &opts, &out)
    });
    engine.register_fn("read", move |path: &str| -> RResult<DataFrame> {
        let p = files.check(path, false)?;
        crate::load::wide::read_frame(&p).map_err(rerr)
    });
}

/// Panels.
fn register_panels(engine: &mut Engine) {
    engine.register_fn("panel", |df: DataFrame| {
        Panel::from_long(&df, None).map_err(rerr)
    });
    engine.register_fn("panel", |df: DataFrame, entity: &str, time: &str| {
        Panel::from_frame(df, entity, time).map_err(rerr)
    });
    engine.register_fn("frame", |p: &mut Panel| p.frame().clone());
    engine.register_fn("report", |p: &mut Panel| -> RResult<Text> {
        let r = p.report().map_err(rerr)?;
        Ok(Text {
            plain: r.to_string(),
            markdown: None,
        })
    });
    engine.register_fn("region", |p: &mut Panel, name: &str| {
        p.region(name).map_err(rerr)
    });
    engine.register_fn("region", |df: &mut DataFrame, name: &str| {
        Panel::from_frame(df.clone(), "region_code", "year")
            .and_then(|p| p.region(name))
            .map_err(rerr)
    });
}

/// Frame operations.
fn register_frames(engine: &mut Engine, files: Arc<FileRoots>) {
    engine.register_fn("head", |df: &mut DataFrame| df.head(Some(5)));
    engine.register_fn("head", |df: &mut DataFrame, n: i64| {
        df.head(Some(n.max(0) as usize))
    });
    engine.register_fn("tail", |df: &mut DataFrame, n: i64| {
        df.tail(Some(n.max(0) as usize))
    });
    engine.register_fn("filter", |df: &mut DataFrame, cond: &str| {
        super::sql::run_sql(
            &[("self".to_string(), df.clone())],
            &format!("SELECT * FROM self WHERE {cond}"),
        )
    });
    engine.register_fn("select", |df: &mut DataFrame, cols: Array| {
        let names = names_of(&cols, "select")?;
        for c in &names {
            crate::columns::require_column(df, c).map_err(rerr)?;
        }
        df.select(names).map_err(rerr)
    });
    engine.register_fn("sort", |df: &mut DataFrame, by: &str| {
        crate::columns::require_column(df, by).map_err(rerr)?;
        df.sort([by], SortMultipleOptions::default()).map_err(rerr)
    });
    engine.register_fn("sort", |df: &mut DataFrame, by: &str, descending: bool| {
        crate::columns::require_column(df, by).map_err(rerr)?;
        df.sort(
            [by],
            SortMultipleOptions::default()
                .with_order_descending(descending)
                .with_nulls_last(true),
        )
        .map_err(rerr)
    });
    engine.register_fn("describe", |df: &mut DataFrame| describe(df));
    engine.register_fn("join", |df: &mut DataFrame, other: DataFrame, on: &str| {
        join(df, &other, &[on.to_string()], "left")
    });
    engine.register_fn(
        "join",
        |df: &mut DataFrame, other: DataFrame, on: &str, how: &str| {
            join(df, &other, &[on.to_string()], how)
        },
    );
    engine.register_fn("join", |df: &mut DataFrame, other: DataFrame, on: Array| {
        join(df, &other, &names_of(&on, "join")?, "left")
    });
    engine.register_fn(
        "join",
        |df: &mut DataFrame, other: DataFrame, on: Array, how: &str| {
            join(df, &other, &names_of(&on, "join")?, how)
        },
    );
    engine.register_fn(
        "rename",
        |df: &mut DataFrame, old: &str, new: &str| -> RResult<DataFrame> {
            crate::columns::require_column(df, old).map_err(rerr)?;
            let mut d = df.clone();
            d.rename(old, new.into()).map_err(rerr)?;
            Ok(d)
        },
    );
    engine.register_fn("columns", |df: &mut DataFrame| -> Array {
        df.get_column_names()
            .into_iter()
            .map(|s| Dynamic::from(s.to_string()))
            .collect()
    });
    engine.register_get("height", |df: &mut DataFrame| df.height() as i64);
    engine.register_get("width", |df: &mut DataFrame| df.width() as i64);
    engine.register_fn("col", |df: &mut DataFrame, name: &str| {
        column_values(df, name)
    });
    engine.register_fn(
        "unique",
        |df: &mut DataFrame, name: &str| -> RResult<Array> {
            crate::columns::require_column(df, name).map_err(rerr)?;
            let u = df
                .clone()
                .lazy()
                .select([col(name).unique().sort(SortOptions::default())])
                .collect()
                .map_err(rerr)?;
            column_values(&u, name)
        },
    );
    engine.register_fn(
        "to_csv",
        move |df: &mut DataFrame, path: &str| -> RResult<()> {
            let p = files.check(path, true)?;
            let mut file =
                std::fs::File::create(&p).map_err(|e| rerr(format!("{}: {e}", p.display())))?;
            CsvWriter::new(&mut file)
                .finish(&mut df.clone())
                .map_err(rerr)
        },
    );
}
