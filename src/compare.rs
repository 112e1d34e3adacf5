//! Side-by-side regression tables of several fits (like fixest's `etable`): estimates with
//! significance stars, standard errors in brackets, fixed-effect rows, N, R² variants and the
//! covariance used — as text, Markdown, HTML or LaTeX.

use std::fmt::Write;

use crate::lang::Lang;
use crate::model::{Fit, FitSummary};

/// Output format of a regression table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// Aligned plain text.
    Text,
    /// GitHub Markdown.
    Markdown,
    /// HTML `<table>`.
    Html,
    /// LaTeX `tabular`.
    Latex,
}

fn stars(p: f64) -> &'static str {
    if p < 0.01 {
        "***"
    } else if p < 0.05 {
        "**"
    } else if p < 0.1 {
        "*"
    } else {
        ""
    }
}

/// What a row of a regression table shows.
#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    /// A coefficient's estimates (the term as in the formula).
    Estimate(String),
    /// The standard errors of the estimates above.
    StdError,
    /// Whether each model absorbs this fixed effect.
    FixedEffect(String),
    /// The estimator.
    Estimator,
    /// The covariance the standard errors are computed under.
    Vcov,
    /// Observations.
    Observations,
    /// R².
    R2,
    /// Within R².
    WithinR2,
    /// Adjusted R².
    AdjR2,
}

/// One cell of a regression table, typed; rendered per language at the end.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing (the model has no such term or statistic).
    Empty,
    /// An estimate and its p-value (for the stars).
    Estimate {
        /// Estimate.
        value: f64,
        /// p-value.
        p_value: f64,
    },
    /// A standard error.
    StdError(f64),
    /// Whether a fixed effect is absorbed.
    Present(bool),
    /// A statistic with four decimals.
    Stat(f64),
    /// A count.
    Count(usize),
    /// A covariance choice.
    Vcov(crate::vcov::Vcov),
    /// Text as it is (the estimator's name, `ML`).
    Text(String),
}

/// A row: what it shows and one cell per model.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// What the row shows.
    pub kind: RowKind,
    /// One cell per model.
    pub cells: Vec<Cell>,
}

/// A regression table: typed rows, rendered in a language ([`RegressionTable::localized`]) and a
/// format ([`RegressionTable::render`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RegressionTable {
    /// Column headers (model names).
    pub headers: Vec<String>,
    /// Body rows: coefficients (estimate and standard-error rows), then the statistics.
    pub rows: Vec<TableRow>,
    /// Index in `rows` where the statistics block starts.
    pub stats_from: usize,
    /// `None`: the analyst's table (terms as in the formula, English labels); `Some(lang)`: as a
    /// planner reads it.
    lang: Option<Lang>,
}

fn estimate_cells(c: Option<&crate::model::Coefficient>) -> (Cell, Cell) {
    c.map_or((Cell::Empty, Cell::Empty), |c| {
        (
            Cell::Estimate {
                value: c.estimate,
                p_value: c.p_value,
            },
            Cell::StdError(c.std_error),
        )
    })
}

impl RegressionTable {
    /// Build a table from named fits.
    pub fn new(fits: &[(&str, &Fit)]) -> RegressionTable {
        let sums: Vec<FitSummary> = fits.iter().map(|(_, f)| f.summary()).collect();
        let mut terms: Vec<String> = Vec::new();
        for s in &sums {
            for c in &s.coefficients {
                if !terms.contains(&c.term) {
                    terms.push(c.term.clone());
                }
            }
        }
        let mut rows = Vec::new();
        for t in &terms {
            let (est, se): (Vec<Cell>, Vec<Cell>) = sums
                .iter()
                .map(|s| estimate_cells(s.coefficients.iter().find(|c| &c.term == t)))
                .unzip();
            rows.push(TableRow {
                kind: RowKind::Estimate(t.clone()),
                cells: est,
            });
            rows.push(TableRow {
                kind: RowKind::StdError,
                cells: se,
            });
        }
        let stats_from = rows.len();
        let mut fes: Vec<String> = Vec::new();
        for s in &sums {
            for (f, _) in &s.fixed_effects {
                if !fes.contains(f) {
                    fes.push(f.clone());
                }
            }
        }
        for f in &fes {
            rows.push(TableRow {
                kind: RowKind::FixedEffect(f.clone()),
                cells: sums
                    .iter()
                    .map(|s| Cell::Present(s.fixed_effects.iter().any(|(n, _)| n == f)))
                    .collect(),
            });
        }
        let mut push = |kind: RowKind, f: &dyn Fn(&FitSummary, &Fit) -> Cell| {
            let cells = sums
                .iter()
                .zip(fits)
                .map(|(s, (_, fit))| f(s, fit))
                .collect();
            rows.push(TableRow { kind, cells });
        };
        push(RowKind::Estimator, &|s, _| {
            Cell::Text(s.estimator.to_string())
        });
        push(RowKind::Vcov, &|_, f| Cell::Vcov(f.vcov().clone()));
        push(RowKind::Observations, &|s, _| Cell::Count(s.nobs));
        push(RowKind::R2, &|s, _| Cell::Stat(s.r2));
        push(RowKind::WithinR2, &|s, _| {
            s.r2_within.map_or(Cell::Empty, Cell::Stat)
        });
        push(RowKind::AdjR2, &|s, _| Cell::Stat(s.adj_r2));
        RegressionTable {
            headers: fits.iter().map(|(n, _)| n.to_string()).collect(),
            rows,
            stats_from,
            lang: None,
        }
    }

    /// The table with a spatial model's column beside the others: its coefficients in their
    /// rows, the spatial parameter (`rho`, `lambda`) as a row of its own, its fixed effects, "ML"
    /// as estimator and its observations; R² is not defined for it and stays empty.
    pub fn with_spatial(mut self, name: &str, fit: &crate::spatial::SpatialFit) -> RegressionTable {
        use crate::spatial::SpatialEffects;
        self.headers.push(name.to_string());
        let mut i = 0;
        while i + 1 < self.stats_from {
            let (est, se) = match &self.rows[i].kind {
                RowKind::Estimate(t) => estimate_cells(fit.coef(t)),
                _ => (Cell::Empty, Cell::Empty),
            };
            self.rows[i].cells.push(est);
            self.rows[i + 1].cells.push(se);
            i += 2;
        }
        let width = self.headers.len();
        for c in &fit.coefficients {
            let known = self.rows[..self.stats_from]
                .iter()
                .any(|r| r.kind == RowKind::Estimate(c.term.clone()));
            if !known && c.term != crate::model::INTERCEPT {
                let (est, se) = estimate_cells(Some(c));
                let padded = |last: Cell| {
                    let mut v = vec![Cell::Empty; width - 1];
                    v.push(last);
                    v
                };
                self.rows.insert(
                    self.stats_from,
                    TableRow {
                        kind: RowKind::StdError,
                        cells: padded(se),
                    },
                );
                self.rows.insert(
                    self.stats_from,
                    TableRow {
                        kind: RowKind::Estimate(c.term.clone()),
                        cells: padded(est),
                    },
                );
                self.stats_from += 2;
            }
        }
        for r in self.rows[self.stats_from..].iter_mut() {
            let cell = match &r.kind {
                RowKind::FixedEffect(f) if f == "region_code" || f == "region" => {
                    Cell::Present(fit.effects != SpatialEffects::Pooled)
                }
                RowKind::FixedEffect(f) if f == "year" => {
                    Cell::Present(fit.effects == SpatialEffects::RegionYear)
                }
                RowKind::Estimator => Cell::Text(format!("ML, {}", fit.model.name())),
                RowKind::Vcov => Cell::Text("ML".into()),
                RowKind::Observations => Cell::Count(fit.nobs),
                _ => Cell::Empty,
            };
            r.cells.push(cell);
        }
        self
    }

    /// The table as a planner reads it in `lang`: variables by their BPS names (`TPT`), the
    /// intercept, fixed effects, standard errors and statistics named in that language, and
    /// `FEM + year` as `FEM + tahun` in Indonesian. Numbers are unchanged.
    pub fn localized(&self, lang: Lang) -> RegressionTable {
        RegressionTable {
            headers: self
                .headers
                .iter()
                .map(|h| h.replace(" + year", lang.t(" + tahun", " + year")))
                .collect(),
            lang: Some(lang),
            ..self.clone()
        }
    }

    /// A dimension (fixed effect, cluster) as the reader of `lang` names it.
    fn dim(&self, d: &str) -> String {
        match (d, self.lang) {
            (_, None) => d.to_string(),
            ("region_code" | "region", Some(Lang::Id)) => "kabupaten/kota".into(),
            ("region_code" | "region", Some(Lang::En)) => "kab/kota".into(),
            ("year", Some(Lang::Id)) => "tahun".into(),
            ("province_code", Some(Lang::Id)) => "provinsi".into(),
            ("province_code", Some(Lang::En)) => "province".into(),
            (other, _) => other.to_string(),
        }
    }

    /// `id` for an Indonesian reader, else `en`.
    fn t<'a>(&self, id: &'a str, en: &'a str) -> &'a str {
        self.lang.unwrap_or(Lang::En).t(id, en)
    }

    fn label(&self, kind: &RowKind) -> String {
        let planner = self.lang.is_some();
        match kind {
            RowKind::Estimate(t) if planner => {
                if let Some(i) = crate::indicator::by_name(t) {
                    return crate::indicator::short_name(i.name).to_string();
                }
                match t.as_str() {
                    crate::model::INTERCEPT => self.t("Konstanta", t).into(),
                    "rho" => self.t("ρ (lag spasial)", "ρ (spatial lag)").into(),
                    "lambda" => self.t("λ (galat spasial)", "λ (spatial error)").into(),
                    _ => t.clone(),
                }
            }
            RowKind::Estimate(t) => t.clone(),
            RowKind::StdError => String::new(),
            RowKind::FixedEffect(f) if planner => {
                format!("{}: {}", self.t("Efek tetap", "Fixed effects"), self.dim(f))
            }
            RowKind::FixedEffect(f) => format!("FE: {f}"),
            RowKind::Estimator => self.t("Penduga", "Estimator").into(),
            RowKind::Vcov => self.t("Galat baku", "S.E.").into(),
            RowKind::Observations => self.t("Observasi", "Observations").into(),
            RowKind::R2 => "R²".into(),
            RowKind::WithinR2 => self.t("R² dalam", "Within R²").into(),
            RowKind::AdjR2 => self.t("R² disesuaikan", "Adj. R²").into(),
        }
    }

    fn cell(&self, c: &Cell) -> String {
        match c {
            Cell::Empty => String::new(),
            Cell::Estimate { value, p_value } => format!("{value:.4}{}", stars(*p_value)),
            Cell::StdError(se) => format!("({se:.4})"),
            Cell::Present(b) => if *b {
                self.t("Ya", "Yes")
            } else {
                self.t("Tidak", "No")
            }
            .into(),
            Cell::Stat(v) => format!("{v:.4}"),
            Cell::Count(n) => n.to_string(),
            Cell::Vcov(crate::vcov::Vcov::Cluster(c)) if self.lang.is_some() => {
                let dims: Vec<String> = c.columns().iter().map(|d| self.dim(d)).collect();
                format!("CR1 {} {}", self.t("per", "by"), dims.join(" & "))
            }
            Cell::Vcov(v) => v.to_string(),
            Cell::Text(s) => s.clone(),
        }
    }

    /// The table as text cells in its language: the row label, then one cell per model.
    pub fn cells(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| {
                let mut out = vec![self.label(&r.kind)];
                out.extend(r.cells.iter().map(|c| self.cell(c)));
                out
            })
            .collect()
    }

    /// Render in a format.
    pub fn render(&self, fmt: TableFormat) -> String {
        match fmt {
            TableFormat::Text => self.text(),
            TableFormat::Markdown => self.markdown(),
            TableFormat::Html => self.html(),
            TableFormat::Latex => self.latex(),
        }
    }

    fn text(&self) -> String {
        let rows = self.cells();
        let mut out = String::new();
        let ncol = self.headers.len() + 1;
        let mut w = vec![0usize; ncol];
        w[0] = rows.iter().map(|r| r[0].chars().count()).max().unwrap_or(0);
        for (j, h) in self.headers.iter().enumerate() {
            w[j + 1] = rows
                .iter()
                .map(|r| r[j + 1].chars().count())
                .chain([h.chars().count()])
                .max()
                .unwrap_or(0);
        }
        let line = |cells: &[String]| -> String {
            cells
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    if j == 0 {
                        format!("{:<width$}", c, width = w[j])
                    } else {
                        format!("{:>width$}", c, width = w[j])
                    }
                })
                .collect::<Vec<_>>()
                .join("  ")
        };
        let total: usize = w.iter().sum::<usize>() + 2 * (ncol - 1);
        let mut hdr = vec![String::new()];
        hdr.extend(self.headers.iter().cloned());
        let _ = writeln!(out, "{}", line(&hdr));
        let _ = writeln!(out, "{}", "-".repeat(total));
        for (i, r) in rows.iter().enumerate() {
            if i == self.stats_from {
                let _ = writeln!(out, "{}", "-".repeat(total));
            }
            let _ = writeln!(out, "{}", line(r).trim_end());
        }
        let _ = writeln!(out, "{}\n{NOTE}", "-".repeat(total));
        out
    }

    fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "| | {} |", self.headers.join(" | "));
        let _ = writeln!(out, "|---|{}", "---:|".repeat(self.headers.len()));
        for r in &self.cells() {
            let _ = writeln!(out, "| {} |", r.join(" | "));
        }
        let _ = writeln!(out, "\n{NOTE}");
        out
    }

    fn html(&self) -> String {
        let esc = crate::text::escape_html;
        let mut out = String::from("<table class=\"indikator-regtable\">\n<thead><tr><th></th>");
        for h in &self.headers {
            let _ = write!(out, "<th>{}</th>", esc(h));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (i, r) in self.cells().iter().enumerate() {
            let style = if i == self.stats_from {
                " style=\"border-top:1px solid\""
            } else {
                ""
            };
            let _ = write!(out, "<tr{style}><td>{}</td>", esc(&r[0]));
            for c in &r[1..] {
                let _ = write!(out, "<td style=\"text-align:right\">{}</td>", esc(c));
            }
            out.push_str("</tr>\n");
        }
        let _ = write!(
            out,
            "</tbody>\n<caption style=\"caption-side:bottom\">{NOTE}</caption>\n</table>\n"
        );
        out
    }

    fn latex(&self) -> String {
        let esc = |s: &str| {
            s.replace('\\', "\\textbackslash{}")
                .replace('_', "\\_")
                .replace('&', "\\&")
                .replace('%', "\\%")
                .replace('²', "$^2$")
        };
        // Stars become a superscript; the rest of the cell is escaped.
        let cell = |c: &str| {
            let body = c.trim_end_matches('*');
            let n = c.len() - body.len();
            if n == 0 {
                esc(body)
            } else {
                format!("{}$^{{{}}}$", esc(body), "*".repeat(n))
            }
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "\\begin{{tabular}}{{l{}}}\n\\hline",
            "r".repeat(self.headers.len())
        );
        let heads: Vec<String> = self.headers.iter().map(|h| esc(h)).collect();
        let _ = writeln!(out, " & {} \\\\\n\\hline", heads.join(" & "));
        for (i, r) in self.cells().iter().enumerate() {
            if i == self.stats_from {
                out.push_str("\\hline\n");
            }
            let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
            let _ = writeln!(out, "{} \\\\", cells.join(" & "));
        }
        let _ = writeln!(
            out,
            "\\hline\n\\multicolumn{{{}}}{{l}}{{\\footnotesize Signif. codes: $^{{***}}$ 0.01, $^{{**}}$ 0.05, $^{{*}}$ 0.1; standard errors in parentheses}}\\\\\n\\end{{tabular}}",
            self.headers.len() + 1
        );
        out
    }
}

const NOTE: &str = "Signif. codes: *** 0.01, ** 0.05, * 0.1; standard errors in parentheses";

impl std::fmt::Display for Fit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.summary();
        writeln!(f, "{}: {}", s.estimator, s.formula)?;
        writeln!(
            f,
            "Observations: {}{}",
            s.nobs,
            s.n_groups
                .map_or(String::new(), |g| format!(", groups: {g}"))
        )?;
        for (n, l) in &s.fixed_effects {
            writeln!(f, "Fixed effect {n}: {l} levels")?;
        }
        writeln!(
            f,
            "Standard errors: {} (ssc {}), t({})",
            s.vcov, s.ssc, s.df_t
        )?;
        writeln!(
            f,
            "{:<28} {:>11} {:>11} {:>8} {:>9}",
            "term", "estimate", "std.error", "t", "p"
        )?;
        for c in &s.coefficients {
            writeln!(
                f,
                "{:<28} {:>11.6} {:>11.6} {:>8.3} {:>9.4} {}",
                c.term,
                c.estimate,
                c.std_error,
                c.t,
                c.p_value,
                stars(c.p_value)
            )?;
        }
        write!(f, "R²: {:.4}  adj. R²: {:.4}", s.r2, s.adj_r2)?;
        if let Some(w) = s.r2_within {
            write!(f, "  within R²: {w:.4}")?;
        }
        if let Some(b) = s.r2_between {
            write!(f, "  between R²: {b:.4}")?;
        }
        writeln!(f, "  RMSE: {:.4}", s.rmse)?;
        if let Some(re) = &s.random_effects {
            let th = re
                .theta
                .iter()
                .map(|t| format!("{t:.4}"))
                .collect::<Vec<_>>()
                .join(", ");
            writeln!(
                f,
                "Swamy–Arora: σ²(idiosyncratic) = {:.4}, σ²(individual) = {:.4}, θ = {th}",
                re.sigma2_idios, re.sigma2_id
            )?;
        }
        if let Some(t) = &s.f_stat {
            writeln!(
                f,
                "Wald F (all slopes = 0): {:.4} ~ {}, p = {:.4}",
                t.statistic, t.dist, t.p_value
            )?;
        }
        for w in &s.warnings {
            writeln!(f, "note: {w}")?;
        }
        if s.n_missing > 0 {
            writeln!(
                f,
                "note: {} row(s) of the sample dropped for missing values",
                s.n_missing
            )?;
        }
        Ok(())
    }
}
