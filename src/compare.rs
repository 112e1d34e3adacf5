//! Side-by-side regression tables of several fits (like fixest's `etable`): estimates with
//! significance stars, standard errors in brackets, fixed-effect rows, N, R² variants and the
//! covariance used — as text, Markdown, HTML or LaTeX.

use std::fmt::Write;

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

/// A regression table: rows of cells, the first column the row label.
#[derive(Debug, Clone, PartialEq)]
pub struct RegressionTable {
    /// Column headers (model names).
    pub headers: Vec<String>,
    /// Body rows: label, then one cell per model.
    pub rows: Vec<Vec<String>>,
    /// Index in `rows` where the statistics block starts.
    pub stats_from: usize,
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
            let mut est = vec![t.clone()];
            let mut se = vec![String::new()];
            for s in &sums {
                match s.coefficients.iter().find(|c| &c.term == t) {
                    Some(c) => {
                        est.push(format!("{:.4}{}", c.estimate, stars(c.p_value)));
                        se.push(format!("({:.4})", c.std_error));
                    }
                    None => {
                        est.push(String::new());
                        se.push(String::new());
                    }
                }
            }
            rows.push(est);
            rows.push(se);
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
            let mut r = vec![format!("FE: {f}")];
            r.extend(sums.iter().map(|s| {
                if s.fixed_effects.iter().any(|(n, _)| n == f) {
                    "Yes".into()
                } else {
                    "No".into()
                }
            }));
            rows.push(r);
        }
        let mut push = |label: &str, f: &dyn Fn(&FitSummary) -> String| {
            let mut r = vec![label.to_string()];
            r.extend(sums.iter().map(f));
            rows.push(r);
        };
        push("Estimator", &|s| s.estimator.to_string());
        push("S.E.", &|s| s.vcov.clone());
        push("Observations", &|s| s.nobs.to_string());
        push("R²", &|s| format!("{:.4}", s.r2));
        push("Within R²", &|s| {
            s.r2_within.map_or(String::new(), |v| format!("{v:.4}"))
        });
        push("Adj. R²", &|s| format!("{:.4}", s.adj_r2));
        RegressionTable {
            headers: fits.iter().map(|(n, _)| n.to_string()).collect(),
            rows,
            stats_from,
        }
    }

    /// The table with a spatial model's column beside the others: its coefficients in their
    /// rows, the spatial parameter (`rho`, `lambda`) as a row of its own, its fixed effects, "ML"
    /// as estimator and its observations; R² is not defined for it and stays empty.
    pub fn with_spatial(mut self, name: &str, fit: &crate::spatial::SpatialFit) -> RegressionTable {
        use crate::spatial::SpatialEffects;
        self.headers.push(name.to_string());
        let cells = |c: &crate::model::Coefficient| {
            (
                format!("{:.4}{}", c.estimate, stars(c.p_value)),
                format!("({:.4})", c.std_error),
            )
        };
        let mut i = 0;
        while i + 1 < self.stats_from {
            let (est, se) = fit.coef(&self.rows[i][0]).map(cells).unwrap_or_default();
            self.rows[i].push(est);
            self.rows[i + 1].push(se);
            i += 2;
        }
        let width = self.headers.len() + 1;
        for c in &fit.coefficients {
            let known = self.rows[..self.stats_from]
                .iter()
                .step_by(2)
                .any(|r| r[0] == c.term);
            if !known && c.term != "(Intercept)" {
                let (est, se) = cells(c);
                let mut e = vec![String::new(); width];
                let mut s = vec![String::new(); width];
                e[0] = c.term.clone();
                e[width - 1] = est;
                s[width - 1] = se;
                self.rows.insert(self.stats_from, s);
                self.rows.insert(self.stats_from, e);
                self.stats_from += 2;
            }
        }
        let yes_no = |b: bool| {
            if b {
                "Yes".to_string()
            } else {
                "No".to_string()
            }
        };
        for r in self.rows[self.stats_from..].iter_mut() {
            let cell = match r[0].as_str() {
                "FE: region_code" | "FE: region" => yes_no(fit.effects != SpatialEffects::Pooled),
                "FE: year" => yes_no(fit.effects == SpatialEffects::RegionYear),
                "Estimator" => format!("ML, {}", fit.model.name()),
                "S.E." => "ML".into(),
                "Observations" => fit.nobs.to_string(),
                _ => String::new(),
            };
            r.push(cell);
        }
        self
    }

    /// The table as a planner reads it in `lang`: variables by their BPS names (`TPT`), the
    /// intercept, fixed effects, standard errors and statistics named in that language, and
    /// `FEM + year` as `FEM + tahun` in Indonesian. Numbers are unchanged.
    pub fn localized(&self, lang: crate::lang::Lang) -> RegressionTable {
        use crate::lang::Lang;
        let dim = |d: &str| match (d, lang) {
            ("region_code" | "region", Lang::Id) => "kabupaten/kota".to_string(),
            ("region_code" | "region", Lang::En) => "kab/kota".to_string(),
            ("year", Lang::Id) => "tahun".to_string(),
            ("province_code", Lang::Id) => "provinsi".to_string(),
            ("province_code", Lang::En) => "province".to_string(),
            (other, _) => other.to_string(),
        };
        let label = |t: &str| -> String {
            if let Some(i) = crate::indicator::by_name(t) {
                return crate::indicator::short_name(i.name).to_string();
            }
            if let Some(f) = t.strip_prefix("FE: ") {
                return format!("{}: {}", lang.t("Efek tetap", "Fixed effects"), dim(f));
            }
            let id = match t {
                "(Intercept)" => "Konstanta",
                "Estimator" => "Penduga",
                "S.E." => "Galat baku",
                "Observations" => "Observasi",
                "Within R²" => "R² dalam",
                "Adj. R²" => "R² disesuaikan",
                "rho" => return lang.t("ρ (lag spasial)", "ρ (spatial lag)").to_string(),
                "lambda" => return lang.t("λ (galat spasial)", "λ (spatial error)").to_string(),
                other => other,
            };
            lang.t(id, t).to_string()
        };
        let cell = |c: &str| -> String {
            match (c, lang) {
                ("Yes", Lang::Id) => "Ya".into(),
                ("No", Lang::Id) => "Tidak".into(),
                _ => match c.strip_prefix("CR1 by ") {
                    Some(d) => format!("CR1 {} {}", lang.t("per", "by"), dim(d)),
                    None => c.to_string(),
                },
            }
        };
        RegressionTable {
            headers: self
                .headers
                .iter()
                .map(|h| h.replace(" + year", lang.t(" + tahun", " + year")))
                .collect(),
            rows: self
                .rows
                .iter()
                .map(|r| {
                    let mut out = vec![label(&r[0])];
                    out.extend(r[1..].iter().map(|c| cell(c)));
                    out
                })
                .collect(),
            stats_from: self.stats_from,
        }
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
        let mut out = String::new();
        let ncol = self.headers.len() + 1;
        let mut w = vec![0usize; ncol];
        w[0] = self
            .rows
            .iter()
            .map(|r| r[0].chars().count())
            .max()
            .unwrap_or(0);
        for (j, h) in self.headers.iter().enumerate() {
            w[j + 1] = self
                .rows
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
        for (i, r) in self.rows.iter().enumerate() {
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
        for r in &self.rows {
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
        for (i, r) in self.rows.iter().enumerate() {
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
        for (i, r) in self.rows.iter().enumerate() {
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
