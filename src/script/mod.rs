//! The notebook's cell language: [Rhai](https://rhai.rs) with the library registered.
//!
//! A [`Session`] keeps variables and functions between cells. [`Session::eval`] runs one cell
//! and returns its value as a [`MimeBundle`] (frames as HTML tables, models as regression
//! tables, charts as SVG and PNG); `print`, `eprint` and `display` stream [`Output`]s while the
//! cell runs. The Jupyter kernel ([`crate::kernel`]) only calls this type.
//!
//! ```
//! use indikator::script::Session;
//! let mut s = Session::new(&[std::env::current_dir().unwrap()]);
//! s.eval("let p = jabar_panel();");
//! let out = s.eval(r#"fit(p, "poverty_rate ~ unemployment_rate | region_code").coef("unemployment_rate")"#);
//! assert!(out.error.is_none());
//! assert!(out.result.unwrap().get("text/plain").unwrap().starts_with("0."));
//! ```
//!
//! **Safety.** A cell may run at most [`MAX_OPERATIONS`] Rhai operations and
//! [`MAX_CALL_LEVELS`] nested calls; [`Session::interrupter`] stops a running cell (checked at
//! every operation) and keeps the variables; a panic inside a cell becomes an error of that cell.
//! Files are read and written only inside the folders given to [`Session::new`] (the kernel
//! gives its working directory — the notebook's folder — and the folders in `INDIKATOR_DATA`).

mod api_data;
mod api_maps;
mod api_models;
mod api_plan;
mod api_spatial;
mod assist;
mod cell_errors;
pub mod docs;
mod magics;
mod memory;
mod options;
pub mod sql;
mod values;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use rhai::{Dynamic, Engine, EvalAltResult, Scope};

pub use api_data::FileRoots;
pub use assist::{Completeness, Completion};
pub use values::{Model, Projection, Text};

use cell_errors::cell_error;
pub use memory::CountingAlloc;
pub use options::{OPTIONS, options_of};
pub(crate) use options::{RResult, opt_bool, opt_f64, opt_i64, opt_str, rerr};

use crate::display::MimeBundle;
use crate::lang::Lang;

/// Most Rhai operations one cell may run (a runaway loop ends with an error, not a hang).
pub const MAX_OPERATIONS: u64 = 2_000_000_000;
/// Deepest function-call nesting.
pub const MAX_CALL_LEVELS: usize = 64;

/// Something a cell writes while it runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Text for standard output (`print`).
    Stdout(String),
    /// Text for standard error (`eprint`).
    Stderr(String),
    /// A rich display (`display(x)`).
    Display(MimeBundle),
    /// Clear the cell's output so far (`clear_output()`).
    Clear,
    /// A display shown once and then replaced in place (Jupyter's `display_data` with a
    /// `display_id`, then `update_display_data`): the progress of long work.
    Update {
        /// The display's id, one per cell.
        display_id: String,
        /// What it shows now.
        bundle: MimeBundle,
        /// Whether this is its first showing.
        first: bool,
    },
}

/// The progress line of a long computation in a cell: text and an HTML progress bar.
fn progress_bundle(p: &crate::progress::Step) -> MimeBundle {
    let line = p.line();
    MimeBundle::text(line.clone()).with(
        "text/html",
        format!(
            "<div><progress value=\"{}\" max=\"{}\" style=\"width:16em\"></progress> {}</div>",
            p.done,
            p.total.max(1),
            crate::text::escape_html(&line)
        ),
    )
}

/// A cell that failed.
#[derive(Debug, Clone, PartialEq)]
pub struct CellError {
    /// Kind: `SyntaxError`, `RuntimeError`, `Interrupted`, `LimitExceeded`, `InternalError`.
    pub ename: String,
    /// The message.
    pub evalue: String,
    /// 1-based line in the cell, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl CellError {
    /// Traceback lines for Jupyter.
    pub fn traceback(&self) -> Vec<String> {
        let mut t = vec![format!("{}: {}", self.ename, self.evalue)];
        if let (Some(l), Some(c)) = (self.line, self.column) {
            t.push(format!("  at line {l}, column {c}"));
        }
        t
    }
}

/// The outcome of one cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    /// The cell's value, when it has one to show.
    pub result: Option<MimeBundle>,
    /// Outputs written while it ran (empty when a live sink is set).
    pub outputs: Vec<Output>,
    /// The error, when it failed.
    pub error: Option<CellError>,
    /// Text for the notebook's pager (`?name` cells).
    pub page: Option<MimeBundle>,
}

type Sink = Box<dyn FnMut(Output) + Send>;

#[derive(Default)]
pub(crate) struct Outputs {
    live: Option<Sink>,
    buffer: Vec<Output>,
}

impl Outputs {
    fn push(&mut self, o: Output) {
        match &mut self.live {
            Some(f) => f(o),
            None => self.buffer.push(o),
        }
    }
}

pub(crate) type SharedOutputs = Arc<Mutex<Outputs>>;

pub(crate) fn emit(out: &SharedOutputs, o: Output) {
    if let Ok(mut g) = out.lock() {
        g.push(o);
    }
}

/// A notebook session: engine, variables, functions defined in cells, history.
pub struct Session {
    engine: Engine,
    scope: Scope<'static>,
    functions: rhai::AST,
    interrupt: Arc<AtomicBool>,
    outputs: SharedOutputs,
    history: Vec<String>,
    files: Arc<FileRoots>,
    guard: Arc<memory::Guard>,
    /// Cells evaluated (names each cell's progress display).
    cells: u64,
}

impl Session {
    /// A new session whose cells may use files inside `folders`.
    pub fn new(folders: &[PathBuf]) -> Session {
        let interrupt = Arc::new(AtomicBool::new(false));
        let outputs: SharedOutputs = Arc::default();
        let files = Arc::new(FileRoots::new(folders));
        let lang = Arc::new(RwLock::new(Lang::Id));
        let mut engine = Engine::new();
        engine.set_max_operations(MAX_OPERATIONS);
        engine.set_max_call_levels(MAX_CALL_LEVELS);
        engine.set_max_expr_depths(128, 64);
        // A cell that grows a string, array or map without bound gets an error, not an abort:
        // the memory guard (Rhai's size limits walk a whole array after every operation).
        let guard = Arc::new(memory::Guard::default());
        memory::register(&mut engine, guard.clone());
        let flag = interrupt.clone();
        let g = guard.clone();
        engine.on_progress(move |ops| {
            if flag.load(Ordering::Relaxed) {
                Some(Dynamic::from("interrupted"))
            } else if g.over(ops) {
                Some(Dynamic::from(memory::TOKEN))
            } else {
                None
            }
        });
        let o = outputs.clone();
        engine.on_print(move |s| emit(&o, Output::Stdout(format!("{s}\n"))));
        let o = outputs.clone();
        engine.on_debug(move |s, _, pos| {
            let at = if pos.is_none() {
                String::new()
            } else {
                format!("[{pos}] ")
            };
            emit(&o, Output::Stderr(format!("{at}{s}\n")));
        });
        let o = outputs.clone();
        engine.register_fn("eprint", move |d: Dynamic| {
            emit(&o, Output::Stderr(format!("{d}\n")));
        });
        let o = outputs.clone();
        engine.register_fn("clear_output", move || emit(&o, Output::Clear));
        let o = outputs.clone();
        engine.register_fn("display", move |d: Dynamic| {
            if let Some(b) = values::bundle_of(&d) {
                emit(&o, Output::Display(b));
            }
        });
        engine.register_type_with_name::<Text>("Text");
        engine.register_fn("help", || -> RResult<Text> {
            help_value(None).ok_or_else(|| rerr("no help"))
        });
        engine.register_fn("help", |name: &str| -> RResult<Text> {
            help_value(Some(name)).ok_or_else(|| {
                let hint = crate::error::closest(name, docs::DOCS.iter().map(|d| d.name), 1)
                    .first()
                    .map(|s| format!("; did you mean {s:?}?"))
                    .unwrap_or_default();
                rerr(format!("no function {name:?}{hint}"))
            })
        });
        api_data::register(&mut engine, files.clone(), outputs.clone());
        api_models::register(&mut engine);
        api_maps::register(&mut engine, files.clone(), lang.clone());
        api_spatial::register(&mut engine, files.clone(), lang.clone());
        api_plan::register(&mut engine, files.clone(), lang);
        // `sql("…")` sees the frames in the cell's variables, so it is syntax, not a function.
        let sql_syntax = engine.register_custom_syntax(["sql", "$expr$"], false, |ctx, inputs| {
            let q = ctx
                .eval_expression_tree(&inputs[0])?
                .into_string()
                .map_err(|t| rerr(format!("sql: expected the query as a string, got {t}")))?;
            sql::run_in_cell(ctx.scope(), &q).map(Dynamic::from)
        });
        debug_assert!(sql_syntax.is_ok());
        Session {
            engine,
            scope: Scope::new(),
            functions: rhai::AST::empty(),
            interrupt,
            outputs,
            history: Vec::new(),
            files,
            guard,
            cells: 0,
        }
    }

    /// A session for the kernel: the working directory and the folders in `INDIKATOR_DATA`
    /// (separated by `:`).
    pub fn for_notebook() -> Session {
        let mut folders: Vec<PathBuf> = std::env::current_dir().into_iter().collect();
        if let Some(v) = std::env::var_os("INDIKATOR_DATA") {
            folders.extend(std::env::split_paths(&v));
        }
        Session::new(&folders)
    }

    /// The folders cells may read and write.
    pub fn folders(&self) -> &[PathBuf] {
        self.files.folders()
    }

    /// Send outputs to `sink` as they happen (instead of collecting them in the evaluation).
    pub fn set_sink(&mut self, sink: impl FnMut(Output) + Send + 'static) {
        if let Ok(mut g) = self.outputs.lock() {
            g.live = Some(Box::new(sink));
        }
    }

    /// A flag that stops the running cell when set (the kernel sets it on `interrupt_request`).
    pub fn interrupter(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// Cells run so far (with `store_history`), oldest first.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// How much one cell may grow the process's memory, in MiB (default: `INDIKATOR_MAX_CELL_MB`,
    /// else half the memory available when the cell starts).
    pub fn set_memory_budget_mb(&mut self, mb: u64) {
        self.guard.set_budget_mib(Some(mb));
    }

    /// Record a cell in the history.
    pub fn remember(&mut self, code: &str) {
        self.history.push(code.to_string());
    }

    /// Run one cell. Never panics: a panic inside the cell is reported as its error.
    pub fn eval(&mut self, code: &str) -> Evaluation {
        self.interrupt.store(false, Ordering::Relaxed);
        self.guard.arm();
        // Long library calls (a big fit's demeaning) watch the interrupt flag too.
        let cancel = crate::cancel::Cancel::new(self.interrupt.clone());
        // Long library work (bootstrap, rolling backtest) updates one progress line in place.
        self.cells += 1;
        let display_id = format!("indikator-progress-{}-{}", std::process::id(), self.cells);
        let outputs = self.outputs.clone();
        let first = AtomicBool::new(true);
        let sink: crate::progress::Sink = Arc::new(move |p| {
            emit(
                &outputs,
                Output::Update {
                    display_id: display_id.clone(),
                    bundle: progress_bundle(p),
                    first: first.swap(false, Ordering::Relaxed),
                },
            )
        });
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let guard = self.guard.clone();
            crate::progress::watch(sink, || {
                cancel.watch(|| memory::watch(&guard, || self.eval_inner(code)))
            })
        }));
        let mut ev = match r {
            Ok(ev) => ev,
            Err(p) => {
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                Evaluation {
                    error: Some(CellError {
                        ename: "InternalError".into(),
                        evalue: format!("indikator panicked: {msg} (the session goes on)"),
                        line: None,
                        column: None,
                    }),
                    ..Default::default()
                }
            }
        };
        if let Ok(mut g) = self.outputs.lock() {
            ev.outputs = std::mem::take(&mut g.buffer);
        }
        ev
    }

    fn eval_inner(&mut self, code: &str) -> Evaluation {
        let trimmed = code.trim_start();
        if let Some(ev) = self.magic(trimmed) {
            return ev;
        }
        if trimmed.starts_with("%panic") && std::env::var_os("INDIKATOR_KERNEL_TEST").is_some() {
            // Lets the kernel tests check that a panic in a cell leaves the kernel alive.
            panic!("test panic requested by the cell");
        }
        let ast = match self.engine.compile_with_scope(&self.scope, code) {
            Ok(a) => a,
            Err(e) => {
                let pos = e.position();
                return Evaluation {
                    error: Some(CellError {
                        ename: "SyntaxError".into(),
                        evalue: e.err_type().to_string(),
                        line: pos.line(),
                        column: pos.position(),
                    }),
                    ..Default::default()
                };
            }
        };
        let full = self.functions.merge(&ast);
        let before = self.scope.len();
        let r = self
            .engine
            .eval_ast_with_scope::<Dynamic>(&mut self.scope, &full);
        self.functions = self.functions.merge(&ast.clone_functions_only());
        // A cell stopped for its memory or its operations leaves nothing it created behind.
        let over = |e: &EvalAltResult| match e {
            EvalAltResult::ErrorTerminated(t, _) => t.to_string() == memory::TOKEN,
            EvalAltResult::ErrorTooManyOperations(_) => true,
            _ => false,
        };
        if let Err(e) = &r
            && over(e)
        {
            self.scope.rewind(before);
        }
        compact(&mut self.scope);
        match r {
            Ok(v) => Evaluation {
                result: values::bundle_of(&v),
                ..Default::default()
            },
            Err(e) if matches!(&*e, EvalAltResult::ErrorTerminated(t, _) if t.to_string() == memory::TOKEN) =>
            {
                let pos = e.position();
                Evaluation {
                    error: Some(CellError {
                        ename: "MemoryError".into(),
                        evalue: format!(
                            "the cell grew the session's memory by more than {} MiB and was stopped (INDIKATOR_MAX_CELL_MB sets the limit); what it created is dropped, the variables of earlier cells are kept",
                            self.guard.budget_mib()
                        ),
                        line: pos.line(),
                        column: pos.position(),
                    }),
                    ..Default::default()
                }
            }
            Err(e) => Evaluation {
                error: Some(cell_error(&e)),
                ..Default::default()
            },
        }
    }

    /// The names of the session's variables, in the order they were defined.
    pub fn variables(&self) -> Vec<String> {
        self.scope
            .iter_raw()
            .map(|(n, _, _)| n.to_string())
            .collect()
    }

    /// Completions at `cursor` (a character offset in `code`).
    pub fn complete(&self, code: &str, cursor: usize) -> Completion {
        assist::complete(self, code, cursor)
    }

    /// Documentation of the name at `cursor`, if any.
    pub fn inspect(&self, code: &str, cursor: usize) -> Option<MimeBundle> {
        assist::inspect(self, code, cursor)
    }

    /// Whether `code` is a complete cell.
    pub fn is_complete(&self, code: &str) -> Completeness {
        assist::is_complete(&self.engine, code)
    }

    pub(crate) fn scope(&self) -> &Scope<'static> {
        &self.scope
    }

    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }
}

fn help_value(name: Option<&str>) -> Option<Text> {
    Some(Text {
        plain: docs::help_text(name)?,
        markdown: docs::help_markdown(name),
    })
}

/// Drop variables shadowed by a later `let` of the same name: re-running `let big = read(…)`
/// would otherwise keep every earlier frame alive.
fn compact(scope: &mut Scope<'static>) {
    let names: Vec<&str> = scope.iter_raw().map(|(n, _, _)| n).collect();
    let mut seen = std::collections::HashSet::new();
    if names.iter().all(|n| seen.insert(*n)) {
        return;
    }
    let entries: Vec<(String, bool, Dynamic)> = scope
        .iter_raw()
        .map(|(n, c, v)| (n.to_string(), c, v.clone()))
        .collect();
    let mut keep = vec![false; entries.len()];
    let mut last = std::collections::HashSet::new();
    for (i, (n, _, _)) in entries.iter().enumerate().rev() {
        keep[i] = last.insert(n.clone());
    }
    let mut fresh = Scope::new();
    for ((n, constant, v), k) in entries.into_iter().zip(keep) {
        if !k {
            continue;
        }
        if constant {
            fresh.push_constant_dynamic(n, v);
        } else {
            fresh.push_dynamic(n, v);
        }
    }
    *scope = fresh;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `help()` documents exactly the functions a cell can call.
    #[test]
    fn docs_list_every_registered_function() {
        let s = Session::new(&[]);
        let mut registered: Vec<String> = s
            .engine
            .gen_fn_signatures(false)
            .into_iter()
            .filter_map(|sig| {
                let name = sig.split('(').next()?.trim().to_string();
                let name = name.strip_prefix("get$").unwrap_or(&name).to_string();
                name.chars()
                    .all(|c| c.is_alphanumeric() || c == '_')
                    .then_some(name)
            })
            .collect();
        registered.push("sql".into());
        // Rhai built-ins registered again with a memory check (script/memory.rs) or to show a
        // value (`to_string`): documented by Rhai.
        registered.retain(|n| !["blob", "pad", "to_string"].contains(&n.as_str()));
        registered.sort();
        registered.dedup();
        let mut documented: Vec<String> = docs::DOCS.iter().map(|d| d.name.to_string()).collect();
        documented.sort();
        documented.dedup();
        assert_eq!(registered, documented);
    }
}
