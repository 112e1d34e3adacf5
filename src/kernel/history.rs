//! The kernel's `history_request`: the cells of this session, by tail, range or glob search.

use serde_json::{Value, json};

use super::str_of;

/// `history_reply`: `tail` (last n), `range` (this session's cells start..stop) and `search`
/// (glob pattern with `*` and `?`, optionally unique, last n).
pub(super) fn history_reply(c: &Value, h: &[String]) -> Value {
    let output = c.get("output").and_then(Value::as_bool).unwrap_or(false);
    let entry = |i: usize| -> Value {
        if output {
            json!([0, i + 1, [h[i], ""]])
        } else {
            json!([0, i + 1, h[i]])
        }
    };
    let n = c.get("n").and_then(Value::as_u64).map(|n| n as usize);
    let idx: Vec<usize> = match c.get("hist_access_type").and_then(Value::as_str) {
        Some("tail") => {
            let n = n.unwrap_or(10);
            (h.len().saturating_sub(n)..h.len()).collect()
        }
        Some("range") => {
            let start = c.get("start").and_then(Value::as_i64).unwrap_or(1).max(1) as usize;
            let stop = c
                .get("stop")
                .and_then(Value::as_i64)
                .map_or(h.len() + 1, |s| s.max(0) as usize);
            (start - 1..stop.saturating_sub(1).min(h.len())).collect()
        }
        Some("search") => {
            let pattern = str_of(c, "pattern");
            let unique = c.get("unique").and_then(Value::as_bool).unwrap_or(false);
            let mut hits: Vec<usize> = (0..h.len()).filter(|&i| glob(&pattern, &h[i])).collect();
            if unique {
                let mut seen = std::collections::HashSet::new();
                let mut keep: Vec<usize> = hits
                    .iter()
                    .rev()
                    .filter(|&&i| seen.insert(h[i].clone()))
                    .copied()
                    .collect();
                keep.reverse();
                hits = keep;
            }
            if let Some(n) = n {
                hits = hits[hits.len().saturating_sub(n)..].to_vec();
            }
            hits
        }
        _ => Vec::new(),
    };
    json!({"status": "ok", "history": idx.into_iter().map(entry).collect::<Vec<_>>()})
}

/// Glob match with `*` (any run) and `?` (one character).
pub(super) fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}
