//! SQL in cells (`%%sql`, `sql("…")`, `filter`): polars SQL over the cell's frames, with the
//! notebook's *Interrupt* and the cell's memory budget.
//!
//! A query runs in polars' in-memory engine, which checks an abort flag between its steps (and
//! between the chunks of a cross join with a filter). [`catch_interrupts`] installs polars' own
//! abort mechanism (a SIGINT handler that sets that flag while a query runs, as py-polars does);
//! while a query runs, a watcher thread raises it when the cell is interrupted or has grown past
//! its budget. A plain cross join materialises in one step that cannot be stopped, so a cross join
//! whose result would exceed the budget is refused before it runs, from the sizes of its inputs.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::Duration;

use polars::prelude::*;
use polars::sql::SQLContext;
use polars_plan::plans::{ArenaLpIter, IR};
use polars_plan::prelude::{Arena, JoinTypeOptionsIR, Node};

use super::memory::Guard;
use super::{RResult, api_data, rerr};

static CATCHING: AtomicBool = AtomicBool::new(false);

/// Let a running query be stopped: installs polars' abort mechanism (a SIGINT handler that aborts
/// a running query and otherwise does nothing). For a process that runs cells interactively, the
/// kernel: afterwards Ctrl-C no longer ends the process.
pub fn catch_interrupts() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        polars_error::abort::register_polars_abort_mechanism();
        CATCHING.store(true, Ordering::Relaxed);
    });
}

/// SQL table functions that read files (`read_csv('…')`, `read_parquet`, …): a cell reads files
/// only through `load`/`read`, which keep to the notebook's folders.
fn file_function(query: &str) -> Option<String> {
    let q = query.to_lowercase();
    [
        "read_csv",
        "read_parquet",
        "read_ipc",
        "read_json",
        "read_ndjson",
        "scan_",
    ]
    .into_iter()
    .find(|f| {
        q.match_indices(f).any(|(i, _)| {
            let rest =
                q[i + f.len()..].trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
            rest.trim_start().starts_with('(')
        })
    })
    .map(str::to_string)
}

/// Run SQL over named frames, within the running cell's budget and interrupt (if any).
pub fn run_sql(tables: &[(String, DataFrame)], query: &str) -> RResult<DataFrame> {
    if let Some(f) = file_function(query) {
        return Err(rerr(format!(
            "SQL: {f}(…) reads files outside the notebook's control; load the file with load(\"…\") or read(\"…\") into a variable and query the variable"
        )));
    }
    let mut ctx = SQLContext::new();
    for (name, df) in tables {
        ctx.register(name, df.clone().lazy());
    }
    let lf = ctx.execute(query).map_err(|e| rerr(format!("SQL: {e}")))?;
    let Some(guard) = super::memory::current() else {
        return lf.collect().map_err(|e| rerr(format!("SQL: {e}")));
    };
    let budget = guard.budget_bytes();
    check_cross_joins(&lf, budget)?;
    // At most as many rows as the budget holds (8 bytes a value), and one more to know.
    let width = lf
        .clone()
        .collect_schema()
        .map_or(1, |s| s.len().max(1) as u64);
    let cap = budget / (8 * width);
    let df = collect_guarded(
        lf.limit(cap.saturating_add(1).min(IdxSize::MAX as u64) as IdxSize),
        Some(guard),
    )?;
    if df.height() as u64 > cap {
        return Err(rerr(format!(
            "SQL: the result has more than {} rows of {width} columns, more than the cell's {} MiB hold (INDIKATOR_MAX_CELL_MB sets the limit); filter or aggregate first, or add LIMIT",
            crate::text::thousands(cap as f64, ','),
            budget / (1024 * 1024)
        )));
    }
    Ok(df)
}

/// Frames visible to SQL: frame and panel variables by name, then the bundled datasets under
/// names no variable uses (those the query mentions).
pub(crate) fn run_in_cell(scope: &rhai::Scope, query: &str) -> RResult<DataFrame> {
    let mut tables: Vec<(String, DataFrame)> = Vec::new();
    for (name, _, value) in scope.iter() {
        if let Some(df) = value.read_lock::<DataFrame>() {
            tables.push((name.to_string(), df.clone()));
        } else if let Some(p) = value.read_lock::<crate::panel::Panel>() {
            tables.push((name.to_string(), p.frame().clone()));
        }
    }
    let lower = query.to_lowercase();
    for name in ["jabar", "provinces", "kabkota", "regions", "panel"] {
        if !tables.iter().any(|(n, _)| n == name) && lower.contains(name) {
            tables.push((name.to_string(), api_data::dataset(name)?));
        }
    }
    run_sql(&tables, query)
}

const NOT_STOPPED: u8 = 0;
const INTERRUPTED: u8 = 1;
const OVER_BUDGET: u8 = 2;

/// Collect `lf`; while it runs, a watcher stops it on the cell's interrupt or memory budget
/// (when [`catch_interrupts`] is installed).
fn collect_guarded(lf: LazyFrame, guard: Option<Arc<Guard>>) -> RResult<DataFrame> {
    let cancel = crate::cancel::Cancel::watched();
    if !CATCHING.load(Ordering::Relaxed) {
        return lf.collect().map_err(|e| rerr(format!("SQL: {e}")));
    }
    let done = AtomicBool::new(false);
    let why = AtomicU8::new(NOT_STOPPED);
    let r = std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                let stop = if cancel.is_set() {
                    INTERRUPTED
                } else if guard.as_ref().is_some_and(|g| g.over_now()) {
                    OVER_BUDGET
                } else {
                    NOT_STOPPED
                };
                if stop != NOT_STOPPED {
                    why.store(stop, Ordering::Relaxed);
                    // polars' handler sets its abort flag (only while a query runs).
                    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGINT);
                    return;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        // Once the watcher has stopped the query, any panic out of it is that stop (polars' worker
        // threads may meet the flag as it is cleared).
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            polars_error::abort::catch_polars_abort(std::panic::AssertUnwindSafe(|| {
                // The streaming engine checks the abort flag between morsels; the in-memory engine
                // runs a cross join's filter to its end, and is used where streaming fails (0.55
                // panics lowering some cross joins).
                let streamed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    lf.clone()
                        .collect_with_engine(Engine::Streaming)
                        .map(|r| r.unwrap_single())
                }));
                match streamed {
                    Ok(Ok(df)) => Ok(df),
                    _ if why.load(Ordering::Relaxed) != NOT_STOPPED => {
                        Err(PolarsError::ComputeError("stopped".into()))
                    }
                    Err(p) if is_abort(&*p) => std::panic::resume_unwind(p),
                    _ => lf.collect(),
                }
            }))
        }));
        done.store(true, Ordering::Relaxed);
        r
    });
    match (why.load(Ordering::Relaxed), r) {
        (NOT_STOPPED, Ok(Ok(Ok(df)))) => Ok(df),
        (NOT_STOPPED, Ok(Ok(Err(e)))) => Err(rerr(format!("SQL: {e}"))),
        (NOT_STOPPED, Err(panic)) => std::panic::resume_unwind(panic),
        (why, _) => Err(match why {
            OVER_BUDGET => rerr(format!(
                "SQL: the query grew the session's memory by more than {} MiB and was stopped (INDIKATOR_MAX_CELL_MB sets the limit); filter or aggregate the tables first",
                guard.map_or(0, |g| g.budget_mib())
            )),
            _ => rerr("interrupted"),
        }),
    }
}

/// Whether a panic is polars' abort (its payload names it so).
fn is_abort(p: &(dyn std::any::Any + Send)) -> bool {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .is_some_and(|s| s.contains("__POLARS_ABORT"))
}

/// Refuse a plain cross join whose result would exceed `budget` bytes: it is made in one step
/// that neither the interrupt nor the memory watcher can stop. (A cross join with a filter runs
/// in chunks and is watched.)
fn check_cross_joins(lf: &LazyFrame, budget: u64) -> RResult<()> {
    let Ok(plan) = lf.clone().to_alp_optimized() else {
        return Ok(()); // the query's own error comes when it runs
    };
    let arena = &plan.lp_arena;
    for (_, ir) in arena.iter(plan.lp_top) {
        if let IR::Join {
            input_left,
            input_right,
            schema,
            options,
            ..
        } = ir
            && matches!(options.args.how, JoinType::Cross)
            && !matches!(
                options.options,
                Some(JoinTypeOptionsIR::CrossAndFilter { .. })
            )
        {
            let (l, r) = (
                rows_at_most(arena, Node::clone(input_left)),
                rows_at_most(arena, Node::clone(input_right)),
            );
            let rows = l.saturating_mul(r);
            let bytes = rows.saturating_mul(schema.len().max(1) as u64 * 8);
            if bytes > budget {
                return Err(rerr(format!(
                    "SQL: the cross join would make up to {} rows ({l} × {r}) of {} columns, about {} MiB, more than the cell's {} MiB (INDIKATOR_MAX_CELL_MB sets the limit); filter or aggregate each side first, or join on a key",
                    crate::text::thousands(rows as f64, ','),
                    schema.len(),
                    bytes / (1024 * 1024),
                    budget / (1024 * 1024)
                )));
            }
        }
    }
    Ok(())
}

/// An estimate of the rows a plan node makes: exact for tables, at most the input for filters,
/// selections and groupings, the product for cross joins, the larger side for keyed joins.
fn rows_at_most(arena: &Arena<IR>, node: Node) -> u64 {
    let ir = arena.get(node);
    let inputs = ir.get_inputs();
    let each = || inputs.iter().map(|n| rows_at_most(arena, *n));
    match ir {
        IR::DataFrameScan { df, .. } => df.height() as u64,
        IR::Slice { len, .. } => each().max().unwrap_or(0).min(*len as u64),
        IR::Union { .. } => each().sum(),
        IR::Join { options, .. } if matches!(options.args.how, JoinType::Cross) => {
            each().fold(1, u64::saturating_mul)
        }
        _ => each().max().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(n: usize) -> DataFrame {
        df!("x" => (0..n as i64).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn a_cross_join_beyond_the_budget_is_refused_before_it_runs() {
        let tables = [
            ("a".to_string(), frame(100_000)),
            ("b".to_string(), frame(50_000)),
        ];
        let mut ctx = SQLContext::new();
        for (n, df) in &tables {
            ctx.register(n, df.clone().lazy());
        }
        let lf = ctx
            .execute("SELECT a.x, b.x AS y FROM a CROSS JOIN b")
            .unwrap();
        // 5e9 rows × 2 columns × 8 bytes = 80 GB against 512 MiB.
        let e = check_cross_joins(&lf, 512 << 20).unwrap_err().to_string();
        assert!(e.contains("5,000,000,000 rows (100000 × 50000)"), "{e}");
        assert!(e.contains("512 MiB"), "{e}");
        // The same join of small tables passes; a keyed join is not a cross join.
        let small = ctx
            .execute("SELECT a.x FROM a CROSS JOIN (SELECT * FROM b LIMIT 10) c")
            .unwrap();
        assert!(check_cross_joins(&small, 512 << 20).is_ok());
        let keyed = ctx
            .execute("SELECT a.x FROM a JOIN b ON a.x = b.x")
            .unwrap();
        assert!(check_cross_joins(&keyed, 512 << 20).is_ok());
    }

    #[test]
    fn file_functions_are_refused() {
        let e = run_sql(&[], "SELECT * FROM read_csv('/etc/passwd')")
            .unwrap_err()
            .to_string();
        assert!(e.contains("read_csv(…) reads files outside"), "{e}");
    }

    #[test]
    fn a_result_beyond_the_budget_is_refused_and_a_small_one_passes() {
        let g = Arc::new(Guard::default());
        g.set_budget_mib(Some(1));
        g.arm();
        let tables = [
            ("a".to_string(), frame(1000)),
            ("b".to_string(), frame(1000)),
        ];
        let q = "SELECT a.x FROM a CROSS JOIN b WHERE a.x * b.x >= 0";
        let e = super::super::memory::watch(&g, || run_sql(&tables, q))
            .unwrap_err()
            .to_string();
        // 1 MiB holds 131,072 values of 8 bytes.
        assert!(e.contains("more than 131,072 rows of 1 columns"), "{e}");
        let ok = super::super::memory::watch(&g, || {
            run_sql(
                &tables,
                "SELECT COUNT(*) AS n FROM a CROSS JOIN b WHERE a.x < b.x",
            )
        })
        .unwrap();
        assert_eq!(ok.column("n").unwrap().u32().unwrap().get(0), Some(499_500));
    }
}
