//! A failed cell as the analyst reads it: Rhai's errors turned into one message with the line and
//! column, a hint (did you mean …?) and no Rust internals.

use rhai::{EvalAltResult, Position};

use super::{CellError, MAX_CALL_LEVELS, MAX_OPERATIONS, docs};

pub(super) fn cell_error(e: &EvalAltResult) -> CellError {
    let pos: Position = e.position();
    let (ename, evalue) = match e {
        EvalAltResult::ErrorTerminated(..) => (
            "Interrupted",
            "the cell was interrupted; variables are kept".to_string(),
        ),
        EvalAltResult::ErrorTooManyOperations(_) => (
            "LimitExceeded",
            format!("the cell ran more than {MAX_OPERATIONS} operations and was stopped"),
        ),
        EvalAltResult::ErrorStackOverflow(_) => (
            "LimitExceeded",
            format!("calls nested deeper than {MAX_CALL_LEVELS}"),
        ),
        // A library call that saw the interrupt flag.
        EvalAltResult::ErrorRuntime(v, _) if v.to_string() == "interrupted" => (
            "Interrupted",
            "the cell was interrupted; variables are kept".to_string(),
        ),
        // A request or a query refused for the cell's memory budget (the message names the
        // setting that raises it).
        EvalAltResult::ErrorRuntime(v, _) if v.to_string().contains("INDIKATOR_MAX_CELL_MB") => {
            ("MemoryError", v.to_string())
        }
        EvalAltResult::ErrorRuntime(v, _) => ("RuntimeError", v.to_string()),
        EvalAltResult::ErrorFunctionNotFound(sig, _) => ("NameError", function_not_found(sig)),
        EvalAltResult::ErrorInFunctionCall(f, _, inner, _) => {
            let inner = cell_error(inner);
            return CellError {
                ename: inner.ename,
                evalue: format!("in {f}: {}", inner.evalue),
                line: pos.line().or(inner.line),
                column: pos.position().or(inner.column),
            };
        }
        other => ("RuntimeError", strip_position(&other.to_string())),
    };
    CellError {
        ename: ename.into(),
        evalue,
        line: pos.line(),
        column: pos.position(),
    }
}

/// "no function regoin for (Panel, string); did you mean region?" instead of Rhai's signature
/// with its internal type names.
fn function_not_found(sig: &str) -> String {
    let name = sig.split(['(', ' ']).next().unwrap_or(sig).trim();
    let args = sig
        .find('(')
        .map(|i| sig[i..].replace("&str | ImmutableString | String", "string"))
        .unwrap_or_default();
    // The Rust type names Rhai reports, as a cell writer knows them.
    let args = args
        .replace("i64", "integer")
        .replace("f64", "float")
        .replace("indikator::panel::Panel", "Panel")
        .replace("polars_core::frame::DataFrame", "Frame");
    match docs::lookup(name) {
        // The function exists: the arguments are what is wrong, so no "did you mean" itself.
        Some(d) => format!(
            "{name} does not take {args}; it takes: {} (help(\"{name}\") shows an example)",
            d.signature.replace('\n', " | ")
        ),
        None => {
            let hint = crate::error::closest(name, docs::DOCS.iter().map(|d| d.name), 1)
                .first()
                .map(|s| format!("; did you mean {s}?"))
                .unwrap_or_default();
            format!("no function {name} for {args}{hint} (help() lists them all)")
        }
    }
}

fn strip_position(s: &str) -> String {
    match s.rfind(" (line ") {
        Some(i) if s.ends_with(')') => s[..i].to_string(),
        _ => s.to_string(),
    }
}
