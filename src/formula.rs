//! Model formulas in fixest syntax:
//!
//! ```text
//! poverty_rate ~ unemployment_rate + log(expenditure) + lag(unemployment_rate, 1) | region_code + year
//! ```
//!
//! Terms are variables, `log(x)`, `lag(x, k)` and `diff(x)` (defined on the panel's time column:
//! the lag of 2017 is the value of 2016, missing if 2016 is missing — never "the previous row"),
//! nested as needed (`log(lag(x, 1))`). `0` or `-1` drops the intercept. After `|` come the fixed
//! effects. This module only parses: it knows nothing about estimation.

use crate::error::{Error, Result};

/// One term of a formula.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Term {
    /// A column.
    Var(String),
    /// Natural logarithm.
    Log(Box<Term>),
    /// Value `k` periods earlier (negative `k` leads).
    Lag(Box<Term>, i32),
    /// First difference over one period: x(t) − x(t−1).
    Diff(Box<Term>),
}

impl Term {
    /// The column the term is built from.
    pub fn variable(&self) -> &str {
        match self {
            Term::Var(v) => v,
            Term::Log(t) | Term::Lag(t, _) | Term::Diff(t) => t.variable(),
        }
    }
    /// The canonical label (`lag(unemployment_rate,1)`), whitespace removed.
    pub fn label(&self) -> String {
        match self {
            Term::Var(v) => v.clone(),
            Term::Log(t) => format!("log({})", t.label()),
            Term::Lag(t, k) => format!("lag({},{k})", t.label()),
            Term::Diff(t) => format!("diff({})", t.label()),
        }
    }
    /// Whether the term needs the panel's time structure.
    pub fn uses_time(&self) -> bool {
        match self {
            Term::Var(_) => false,
            Term::Log(t) => t.uses_time(),
            Term::Lag(..) | Term::Diff(_) => true,
        }
    }
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Formula {
    /// The formula as written.
    pub input: String,
    /// Left-hand side.
    pub response: Term,
    /// Right-hand side terms, in order, without duplicates.
    pub regressors: Vec<Term>,
    /// Whether an intercept is included (dropped by `0` or `-1`; absorbed by fixed effects).
    pub intercept: bool,
    /// Fixed-effect columns after `|`.
    pub fixed_effects: Vec<String>,
}

impl Formula {
    /// Every column the formula reads: response, regressors, fixed effects (no duplicates).
    pub fn columns(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let all = std::iter::once(self.response.variable())
            .chain(self.regressors.iter().map(Term::variable))
            .chain(self.fixed_effects.iter().map(String::as_str));
        for c in all {
            if !out.iter().any(|o| o == c) {
                out.push(c.to_string());
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Num(String),
    Sym(char),
}

/// How deep functions may nest in one term (`log(lag(x, 1))` is 2).
pub const MAX_NESTING: usize = 16;

struct Parser<'a> {
    input: &'a str,
    toks: Vec<(Tok, usize)>,
    i: usize,
    depth: usize,
}

fn err(input: &str, pos: usize, msg: impl Into<String>) -> Error {
    Error::Formula {
        input: input.to_string(),
        pos,
        message: msg.into(),
    }
}

fn lex(input: &str) -> Result<Vec<(Tok, usize)>> {
    let mut out = Vec::new();
    let b: Vec<(usize, char)> = input.char_indices().collect();
    let mut i = 0;
    while i < b.len() {
        let (pos, c) = b[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphabetic()
            || c == '_'
            || c == '.' && b.get(i + 1).is_some_and(|x| x.1.is_alphabetic())
        {
            let start = pos;
            while i < b.len() && (b[i].1.is_alphanumeric() || b[i].1 == '_' || b[i].1 == '.') {
                i += 1;
            }
            let end = b.get(i).map_or(input.len(), |x| x.0);
            out.push((Tok::Ident(input[start..end].to_string()), start));
        } else if c.is_ascii_digit() {
            let start = pos;
            while i < b.len() && b[i].1.is_ascii_digit() {
                i += 1;
            }
            let end = b.get(i).map_or(input.len(), |x| x.0);
            out.push((Tok::Num(input[start..end].to_string()), start));
        } else if "~+-|(),".contains(c) {
            out.push((Tok::Sym(c), pos));
            i += 1;
        } else if c == '`' {
            let start = pos;
            let close = input[pos + 1..]
                .find('`')
                .ok_or_else(|| err(input, pos, "unclosed backtick"))?;
            out.push((
                Tok::Ident(input[pos + 1..pos + 1 + close].to_string()),
                start,
            ));
            let endpos = pos + 2 + close;
            while i < b.len() && b[i].0 < endpos {
                i += 1;
            }
        } else {
            return Err(err(input, pos, format!("unexpected character {c:?}")));
        }
    }
    Ok(out)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.0)
    }
    fn pos(&self) -> usize {
        self.toks.get(self.i).map_or(self.input.len(), |t| t.1)
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Sym(c)) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, c: char, what: &str) -> Result<()> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(err(self.input, self.pos(), format!("expected {what}")))
        }
    }

    fn term(&mut self) -> Result<Term> {
        let pos = self.pos();
        let Some(Tok::Ident(name)) = self.peek().cloned() else {
            return Err(err(
                self.input,
                pos,
                "expected a variable or a function such as log(x)",
            ));
        };
        self.i += 1;
        if !self.eat('(') {
            return Ok(Term::Var(name));
        }
        // Functions nest (log(lag(x, 1))), but not without bound: every later step walks the
        // term recursively.
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(err(
                self.input,
                pos,
                format!("functions nested more than {MAX_NESTING} deep"),
            ));
        }
        let inner = self.term()?;
        self.depth -= 1;
        let t = match name.as_str() {
            "log" => Term::Log(Box::new(inner)),
            "diff" | "d" => Term::Diff(Box::new(inner)),
            "lag" | "l" => {
                let k = if self.eat(',') {
                    let neg = self.eat('-');
                    let p = self.pos();
                    match self.peek().cloned() {
                        Some(Tok::Num(n)) => {
                            self.i += 1;
                            let k: i32 = n
                                .parse()
                                .map_err(|_| err(self.input, p, "lag order too large"))?;
                            if neg { -k } else { k }
                        }
                        _ => {
                            return Err(err(
                                self.input,
                                p,
                                "expected the lag order, an integer such as 1",
                            ));
                        }
                    }
                } else {
                    1
                };
                Term::Lag(Box::new(inner), k)
            }
            other => {
                return Err(err(
                    self.input,
                    pos,
                    format!("unknown function {other:?}; known: log, lag, diff"),
                ));
            }
        };
        self.expect(')', "')'")?;
        Ok(t)
    }
}

impl Formula {
    /// Parse a formula.
    ///
    /// ```
    /// let f = indikator::formula::Formula::parse(
    ///     "poverty_rate ~ unemployment_rate + log(expenditure) | region_code + year")?;
    /// assert_eq!(f.regressors[1].label(), "log(expenditure)");
    /// assert_eq!(f.fixed_effects, ["region_code", "year"]);
    /// # Ok::<(), indikator::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Formula`] quoting the formula with a caret at the fault.
    pub fn parse(input: &str) -> Result<Formula> {
        let toks = lex(input)?;
        if toks.is_empty() {
            return Err(err(input, 0, "empty formula; expected `y ~ x1 + x2 | fe`"));
        }
        let mut p = Parser {
            input,
            toks,
            i: 0,
            depth: 0,
        };
        let response = p.term()?;
        p.expect('~', "'~' after the response")?;
        let mut regressors: Vec<Term> = Vec::new();
        let mut intercept = true;
        let mut first = true;
        loop {
            let neg = if first {
                p.eat('-')
            } else if p.eat('+') {
                false
            } else if p.eat('-') {
                true
            } else {
                break;
            };
            first = false;
            let pos = p.pos();
            match p.peek().cloned() {
                Some(Tok::Num(n)) if n == "0" || n == "1" => {
                    p.i += 1;
                    intercept = n == "1" && !neg;
                }
                Some(Tok::Num(n)) => {
                    return Err(err(
                        input,
                        pos,
                        format!("unexpected number {n}; only 0 or 1 (intercept) allowed"),
                    ));
                }
                _ if neg => {
                    return Err(err(input, pos, "only the intercept can be removed (`-1`)"));
                }
                _ => {
                    let t = p.term()?;
                    if t == response {
                        return Err(err(
                            input,
                            pos,
                            format!(
                                "{} is the response; as a regressor it would explain itself perfectly",
                                t.label()
                            ),
                        ));
                    }
                    if !regressors.contains(&t) {
                        regressors.push(t);
                    }
                }
            }
        }
        let mut fixed_effects = Vec::new();
        if p.eat('|') {
            loop {
                let pos = p.pos();
                match p.peek().cloned() {
                    Some(Tok::Ident(n)) => {
                        p.i += 1;
                        if fixed_effects.contains(&n) {
                            return Err(err(input, pos, format!("fixed effect {n} given twice")));
                        }
                        fixed_effects.push(n);
                    }
                    Some(Tok::Num(n)) if n == "0" && fixed_effects.is_empty() => p.i += 1,
                    _ => return Err(err(input, pos, "expected a fixed-effect column name")),
                }
                if !p.eat('+') {
                    break;
                }
            }
        }
        if p.i < p.toks.len() {
            let pos = p.pos();
            let msg = if p.peek() == Some(&Tok::Sym('|')) {
                "a second '|' (instrumental variables are not supported)"
            } else {
                "unexpected text; expected '+', '|' or the end"
            };
            return Err(err(input, pos, msg));
        }
        Ok(Formula {
            input: input.to_string(),
            response,
            regressors,
            intercept,
            fixed_effects,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_formula_parses_into_terms_and_fixed_effects() {
        let f = Formula::parse("poverty_rate ~ unemployment_rate + log(expenditure) + lag(unemployment_rate, 1) | region_code + year").unwrap();
        let labels: Vec<String> = f.regressors.iter().map(Term::label).collect();
        assert_eq!(
            labels,
            [
                "unemployment_rate",
                "log(expenditure)",
                "lag(unemployment_rate,1)"
            ]
        );
        assert_eq!(f.fixed_effects, ["region_code", "year"]);
        assert!(f.intercept);
    }

    #[test]
    fn zero_and_minus_one_drop_the_intercept() {
        assert!(!Formula::parse("y ~ x - 1").unwrap().intercept);
        assert!(!Formula::parse("y ~ 0 + x").unwrap().intercept);
        assert!(!Formula::parse("y ~ -1 + x").unwrap().intercept);
    }

    #[test]
    fn errors_quote_the_formula_with_a_caret() {
        let e = Formula::parse("y ~ x + + z").unwrap_err().to_string();
        assert!(e.contains("y ~ x + + z"), "{e}");
        assert!(e.contains("\n          ^"), "{e}");
        let e = Formula::parse("y ~ sqrt(x)").unwrap_err().to_string();
        assert!(e.contains("unknown function \"sqrt\""), "{e}");
        let e = Formula::parse("y x").unwrap_err().to_string();
        assert!(e.contains("expected '~'"), "{e}");
    }
}
