//! Completion, inspection and the completeness check of cells.

use polars::prelude::DataFrame;
use rhai::Engine;

use super::Session;
use super::docs::{self, DOCS};
use crate::display::MimeBundle;
use crate::panel::Panel;

/// Completions of the word before the cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completion {
    /// Candidates, sorted.
    pub matches: Vec<String>,
    /// Character offset where the completed word starts.
    pub start: usize,
    /// Character offset where it ends (the cursor).
    pub end: usize,
}

/// Whether a cell is ready to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completeness {
    /// It parses.
    Complete,
    /// It needs more lines (open bracket or string); the indent for the next line.
    Incomplete(String),
    /// It cannot parse whatever follows.
    Invalid,
}

const KEYWORDS: &[&str] = &[
    "let", "const", "fn", "if", "else", "for", "in", "while", "loop", "break", "continue",
    "return", "true", "false", "print", "debug", "switch", "throw", "try", "catch",
];

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Start of the string literal the cursor is in, if any.
fn open_string(chars: &[char], cursor: usize) -> Option<usize> {
    let mut start = None;
    let mut i = 0;
    while i < cursor {
        match (chars[i], start) {
            ('\\', Some(_)) => i += 1,
            ('"', None) => start = Some(i + 1),
            ('"', Some(_)) => start = None,
            ('/', None) if chars.get(i + 1) == Some(&'/') => {
                while i < cursor && chars[i] != '\n' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    start
}

fn frame_columns(session: &Session) -> Vec<String> {
    let mut out = Vec::new();
    for (_, _, v) in session.scope().iter() {
        if let Some(df) = v.read_lock::<DataFrame>() {
            out.extend(df.get_column_names().iter().map(|s| s.to_string()));
        } else if let Some(p) = v.read_lock::<Panel>() {
            out.extend(p.frame().get_column_names().iter().map(|s| s.to_string()));
        }
    }
    out
}

pub(super) fn complete(session: &Session, code: &str, cursor: usize) -> Completion {
    let chars: Vec<char> = code.chars().collect();
    let cursor = cursor.min(chars.len());
    let (start, candidates): (usize, Vec<String>) = match open_string(&chars, cursor) {
        Some(q) => {
            let mut c = frame_columns(session);
            c.extend(
                crate::registry::Registry::bundled()
                    .regions()
                    .iter()
                    .map(|r| r.name.clone()),
            );
            c.extend(
                ["jabar", "provinces", "kabkota", "regions", "panel"]
                    .iter()
                    .map(|s| s.to_string()),
            );
            (q, c)
        }
        None => {
            let mut s = cursor;
            while s > 0 && is_ident(chars[s - 1]) {
                s -= 1;
            }
            let method = s > 0 && chars[s - 1] == '.';
            let mut c: Vec<String> = DOCS.iter().map(|d| d.name.to_string()).collect();
            if !method {
                c.extend(KEYWORDS.iter().map(|k| k.to_string()));
                c.extend(session.scope().iter().map(|(n, _, _)| n.to_string()));
                c.push("sql".into());
            }
            (s, c)
        }
    };
    let prefix: String = chars[start..cursor].iter().collect();
    let mut matches: Vec<String> = candidates
        .into_iter()
        .filter(|c| c.starts_with(&prefix))
        .collect();
    matches.sort();
    matches.dedup();
    Completion {
        matches,
        start,
        end: cursor,
    }
}

pub(super) fn inspect(session: &Session, code: &str, cursor: usize) -> Option<MimeBundle> {
    let chars: Vec<char> = code.chars().collect();
    let mut cur = cursor.min(chars.len());
    // On `fit(` with the cursor after the bracket, inspect `fit`.
    while cur > 0 && !is_ident(chars[cur - 1]) && (cur == chars.len() || !is_ident(chars[cur])) {
        if chars[cur - 1] == '(' {
            cur -= 1;
            break;
        }
        if chars[cur - 1].is_whitespace() || chars[cur - 1] == ')' {
            return None;
        }
        cur -= 1;
    }
    let mut s = cur;
    while s > 0 && is_ident(chars[s - 1]) {
        s -= 1;
    }
    let mut e = cur;
    while e < chars.len() && is_ident(chars[e]) {
        e += 1;
    }
    let word: String = chars[s..e].iter().collect();
    if word.is_empty() {
        return None;
    }
    if let Some(text) = docs::help_text(Some(&word)) {
        let md = docs::help_markdown(Some(&word)).unwrap_or_default();
        return Some(MimeBundle::text(text).with("text/markdown", md));
    }
    if word == "sql" {
        return docs::help_text(Some("sql")).map(MimeBundle::text);
    }
    let v = session.scope().get(&word)?;
    let ty = session.engine().map_type_name(v.type_name()).to_string();
    let shown = super::values::bundle_of(v)
        .and_then(|b| b.get("text/plain").map(str::to_string))
        .unwrap_or_default();
    Some(MimeBundle::text(format!("{word}: {ty}\n{shown}")))
}

pub(super) fn is_complete(engine: &Engine, code: &str) -> Completeness {
    if code.trim_start().starts_with('%') {
        return Completeness::Complete;
    }
    let chars: Vec<char> = code.chars().collect();
    if open_string(&chars, chars.len()).is_some() {
        return Completeness::Incomplete(String::new());
    }
    let mut depth: i64 = 0;
    let mut in_str = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_str {
            match c {
                '\\' => i += 1,
                '"' => in_str = false,
                _ => {}
            }
        } else {
            match c {
                '"' => in_str = true,
                '/' if chars.get(i + 1) == Some(&'/') => {
                    while i < chars.len() && chars[i] != '\n' {
                        i += 1;
                    }
                }
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => {
                    depth -= 1;
                    if depth < 0 {
                        return Completeness::Invalid;
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    if depth > 0 {
        return Completeness::Incomplete("    ".repeat(depth as usize));
    }
    match engine.compile(code) {
        Ok(_) => Completeness::Complete,
        Err(_) => Completeness::Invalid,
    }
}
