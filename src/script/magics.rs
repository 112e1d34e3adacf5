//! The cell magics: `%%sql [name]`, `?name` / `name?` / `%help [name]`, `%time CODE`, `%who`.

use rhai::Dynamic;

use super::{CellError, Evaluation, Output, Session, emit, help_value, sql, values};
use crate::display::MimeBundle;

impl Session {
    /// The evaluation of a magic cell, or `None` for a cell of code.
    pub(super) fn magic(&mut self, trimmed: &str) -> Option<Evaluation> {
        if let Some(rest) = trimmed.strip_prefix("%%sql") {
            return Some(self.sql_cell(rest));
        }
        let t = trimmed.trim_end();
        // `?name` / `name?` open the help in the pager; `%help [name]` shows it as the result.
        let help = t
            .strip_prefix('?')
            .or_else(|| t.strip_suffix('?'))
            .map(|n| (n, true))
            .or_else(|| trimmed.strip_prefix("%help").map(|n| (n, false)));
        if let Some((name, pager)) = help {
            let name = name.trim();
            let bundle = help_value((!name.is_empty()).then_some(name))
                .and_then(|t| values::bundle_of(&Dynamic::from(t)));
            return Some(match (bundle, pager) {
                (Some(b), true) => Evaluation {
                    page: Some(b),
                    ..Default::default()
                },
                (None, true) => Evaluation {
                    error: Some(CellError {
                        ename: "NameError".into(),
                        evalue: format!("no function {name:?}; help() lists them"),
                        line: None,
                        column: None,
                    }),
                    ..Default::default()
                },
                (result, false) => Evaluation {
                    result,
                    ..Default::default()
                },
            });
        }
        if let Some(rest) = trimmed.strip_prefix("%time") {
            return Some(self.timed(rest));
        }
        if t == "%who" {
            return Some(self.who());
        }
        None
    }

    /// `%time CODE`: run the rest of the cell and say how long it took (on stderr, as IPython's
    /// `%time` prints beside the result).
    fn timed(&mut self, rest: &str) -> Evaluation {
        let start = std::time::Instant::now();
        let ev = self.eval_inner(rest);
        let s = start.elapsed().as_secs_f64();
        let wall = if s < 1.0 {
            format!("{:.1} ms", s * 1000.0)
        } else {
            format!("{s:.2} s")
        };
        emit(
            &self.outputs,
            Output::Stderr(format!("Wall time / waktu: {wall}\n")),
        );
        ev
    }

    /// `%who`: the session's variables with their types.
    fn who(&mut self) -> Evaluation {
        let mut rows: Vec<String> = self
            .scope
            .iter_raw()
            .map(|(name, _, v)| format!("{name}: {}", self.engine.map_type_name(v.type_name())))
            .collect();
        rows.sort();
        let text = if rows.is_empty() {
            "no variables / belum ada variabel".to_string()
        } else {
            rows.join("\n")
        };
        Evaluation {
            result: Some(MimeBundle::text(text)),
            ..Default::default()
        }
    }

    fn sql_cell(&mut self, rest: &str) -> Evaluation {
        let (first, query) = rest.split_once('\n').unwrap_or((rest, ""));
        let target = first.trim();
        let r = sql::run_in_cell(&self.scope, query);
        match r {
            Ok(df) => {
                let b = crate::display::RichDisplay::mime_bundle(&df);
                if !target.is_empty() {
                    self.scope.set_value(target.to_string(), df);
                }
                Evaluation {
                    result: Some(b),
                    ..Default::default()
                }
            }
            Err(e) => {
                // Interrupted and memory stops as in any cell; other failures are the query's.
                let mut err = super::cell_errors::cell_error(&e);
                if err.ename == "RuntimeError" {
                    err.ename = "SQLError".into();
                }
                Evaluation {
                    error: Some(err),
                    ..Default::default()
                }
            }
        }
    }
}
