//! The planners' report: for one region, fit and choose the model, project to the plan horizon
//! under TPT scenarios, seek the TPT a public poverty target needs, backtest, draw the charts, and
//! write a self-contained HTML report (charts inline) with the charts as SVG and PNG beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::choice::model_choice;
use crate::compare::{RegressionTable, TableFormat};
use crate::error::{Error, PolarsContext, Result};
use crate::model::{Estimator, ModelSpec};
use crate::plot::{self, Lang};
use crate::projection::{self, Projector, Scenario, YearEffects};
use crate::registry::Registry;
use crate::vcov::Vcov;

const TARGETS_CSV: &str = include_str!("../data/targets.csv");

/// A published target (`data/targets.csv`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Target {
    /// BPS code.
    pub region_code: String,
    /// Indicator.
    pub indicator: String,
    /// Year.
    pub year: i32,
    /// Value (lower end of a range).
    pub value: f64,
    /// Kind: target, target_range, aspiration, programme, statement.
    pub kind: String,
    /// official or news_statement.
    pub status: String,
    /// Source.
    pub source_url: String,
}

/// The bundled targets.
pub fn targets() -> Vec<Target> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(TARGETS_CSV.as_bytes());
    rdr.records()
        .flatten()
        .filter_map(|r| {
            Some(Target {
                region_code: r.get(0)?.to_string(),
                indicator: r.get(2)?.to_string(),
                year: r.get(3)?.parse().ok()?,
                value: r.get(4)?.parse().ok()?,
                kind: r.get(7)?.to_string(),
                status: r.get(8)?.to_string(),
                source_url: r.get(9)?.to_string(),
            })
        })
        .collect()
}

/// The P0 targets of a region drawn on its fan chart (year, value, kind); aspirations left out.
pub fn target_marks(region_code: &str) -> Vec<(i32, f64, String)> {
    targets()
        .into_iter()
        .filter(|t| {
            t.region_code == region_code && t.indicator == "poverty_rate" && t.kind != "aspiration"
        })
        .map(|t| (t.year, t.value, t.kind))
        .collect()
}

/// What the report found, also printed by the example and the CLI.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportSummary {
    /// Region.
    pub region: String,
    /// The HTML report.
    pub html: PathBuf,
    /// Model chosen by Chow → Hausman → LM.
    pub chosen: String,
    /// Within-region slope of P0 on TPT (FEM) and its wild-bootstrap-free CR1 p-value.
    pub fem_slope: (f64, f64),
    /// Projected P0 in the horizon's last plan year per scenario: (scenario, estimate, pi_low, pi_high).
    pub projections: Vec<(String, f64, f64, f64)>,
    /// Target seeking, when a poverty target is public.
    pub target: Option<projection::TargetAnswer>,
    /// Backtest summary.
    pub backtest: projection::BacktestSummary,
}

fn f64s(df: &DataFrame, c: &str) -> Result<Vec<f64>> {
    Ok(crate::columns::floats(df, c)?
        .into_iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect())
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Build the report for `region` into `out` (created if needed), labels in `lang`.
pub fn rpjmd_report(region: &str, lang: Lang, out: &Path, horizon: i32) -> Result<ReportSummary> {
    let reg = Registry::bundled();
    let r = reg
        .resolve(region)
        .filter(|r| r.parent.as_deref() == Some("32"))
        .ok_or_else(|| Error::UnknownRegion {
            at: crate::error::Location::line("--region", 0),
            name: region.to_string(),
            suggestions: reg.suggest(region),
        })?;
    let (code, name) = (r.code.clone(), r.name.clone());
    let panel = crate::datasets::jabar_panel()?;
    let t = |id: &str, en: &str| lang.t(id, en).to_string();
    let f = "poverty_rate ~ unemployment_rate";
    let cl = || Vcov::cluster(["region_code"]);
    let s15 = |spec: ModelSpec| spec.sample(Some(2015), None);
    let cem = s15(ModelSpec::new(f)?.vcov(cl())).fit_panel(&panel)?;
    let fem_spec = s15(ModelSpec::new(&format!("{f} | region_code"))?.vcov(cl()));
    let fem = fem_spec.fit_panel(&panel)?;
    let twfe =
        s15(ModelSpec::new(&format!("{f} | region_code + year"))?.vcov(cl())).fit_panel(&panel)?;
    let rem = s15(ModelSpec::new(f)?.estimator(Estimator::Random)).fit_panel(&panel)?;
    let choice = model_choice(&s15(ModelSpec::new(f)?), &panel, 0.05)?;

    let var = "unemployment_rate";
    let p = Projector::new(&fem_spec, &panel, YearEffects::Zero)?;
    let last = p.last_year()?;
    let hist_u = projection::history(&panel, &code, var)?;
    let last_u = hist_u[hist_u.len() - 1].1;
    let mut scenarios = vec![
        Scenario::baseline(&panel, &code, var, horizon, 5)?,
        Scenario::target_path(
            &panel,
            &code,
            var,
            (last_u - 1.0).max(0.0),
            horizon - 1,
            horizon,
        )?,
    ];
    scenarios[1].name = "tpt_minus_1pp".into();
    if horizon > last + 2 {
        scenarios.push(Scenario::shock(
            &panel,
            &code,
            var,
            last + 2,
            None,
            horizon,
        )?);
    }
    let tg = targets();
    let persons = tg
        .iter()
        .find(|t| t.region_code == code && t.indicator == "unemployed_persons_reduction");
    let unemployed = tg
        .iter()
        .find(|t| t.region_code == code && t.indicator == "unemployed_persons");
    if let (Some(n), Some(u)) = (persons, unemployed) {
        let lf = u.value / (last_u / 100.0);
        scenarios.push(Scenario::reduce_unemployed(
            &panel, &code, n.value, lf, horizon,
        )?);
    }
    let table = p.project(&scenarios)?;
    let pov_target = tg
        .iter()
        .filter(|t| {
            t.region_code == code
                && t.indicator == "poverty_rate"
                && t.kind == "target"
                && t.year > last
        })
        .min_by_key(|t| t.year);
    let target = pov_target
        .map(|t| projection::seek_target(&p, &code, var, t.value, t.year, Some(&scenarios[0])))
        .transpose()?;
    let (bt_rows, bt) = projection::backtest(&fem_spec, &panel, 2019, YearEffects::Zero)?;

    // Charts.
    std::fs::create_dir_all(out).map_err(|source| Error::Io {
        path: out.into(),
        source,
    })?;
    let bands = plot::bands_of(&table)?;
    let marks = target_marks(&code);
    let hist_p = projection::history(&panel, &code, "poverty_rate")?;
    let fan = plot::fan_chart(
        &format!("{name}: {}", t("proyeksi P0", "P0 projection")),
        &hist_p,
        &bands,
        &marks,
        Some(2015),
        lang,
    )?;
    let all: Vec<&crate::registry::Region> = reg
        .regions()
        .iter()
        .filter(|g| g.parent.as_deref() == Some("32"))
        .collect();
    let series = |ind: &str| -> Result<Vec<plot::RegionSeries>> {
        all.iter()
            .map(|g| Ok((g.name.clone(), projection::history(&panel, &g.code, ind)?)))
            .collect()
    };
    let mp = plot::small_multiples(
        "Jawa Barat",
        &series("poverty_rate")?,
        &name,
        &t("P0, persentase penduduk miskin (%)", "P0, poverty rate (%)"),
        lang,
    )?;
    let mu = plot::small_multiples(
        "Jawa Barat",
        &series(var)?,
        &name,
        &t(
            "TPT, tingkat pengangguran terbuka (%)",
            "TPT, open unemployment rate (%)",
        ),
        lang,
    )?;
    let sc = plot::within_scatter(&fem, var, lang)?;
    let cp = plot::coef_plot(
        &[
            ("CEM", &cem),
            ("FEM", &fem),
            ("FEM + tahun/year", &twfe),
            ("REM", &rem),
        ],
        var,
        lang,
    )?;
    let g = |c: &str| f64s(&bt_rows, c);
    let (a, e, lo, hi) = (g("actual")?, g("estimate")?, g("pi_low")?, g("pi_high")?);
    let btc = plot::backtest_chart(
        &(0..a.len())
            .map(|i| (a[i], e[i], lo[i], hi[i]))
            .collect::<Vec<_>>(),
        2019,
        lang,
    )?;
    let charts = [
        ("fan", &fan),
        ("p0_multiples", &mp),
        ("tpt_multiples", &mu),
        ("within_scatter", &sc),
        ("coefficients", &cp),
        ("backtest", &btc),
    ];
    for (stem, c) in &charts {
        c.save(out, stem)?;
    }

    // Tables.
    let last_plan = horizon - 1;
    let at = table
        .clone()
        .lazy()
        .filter(col("year").eq(lit(last_plan)))
        .collect()
        .ctx("report")?;
    let projections: Vec<(String, f64, f64, f64)> = {
        let n = crate::columns::strings(&at, "scenario")?;
        let (e, l, h) = (
            f64s(&at, "estimate")?,
            f64s(&at, "pi_low")?,
            f64s(&at, "pi_high")?,
        );
        (0..at.height())
            .map(|i| (n[i].clone().unwrap_or_default(), e[i], l[i], h[i]))
            .collect()
    };
    let fem_c = &fem.coefficients(0.95)[0];
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>body{{font-family:'DejaVu Sans',sans-serif;max-width:1100px;margin:auto;padding:1em;color:#222}}table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}td:first-child,th:first-child{{text-align:left}}svg{{max-width:100%;height:auto}}.note{{color:#555;font-size:90%}}</style></head><body>",
        if lang == Lang::Id { "id" } else { "en" },
        esc(&format!("RPJMD {name}"))
    );
    let _ = write!(
        html,
        "<h1>{}</h1>",
        esc(&format!(
            "{name}: {}",
            t(
                "kemiskinan (P0) dan pengangguran (TPT) menuju 2030",
                "poverty (P0) and unemployment (TPT) to 2030"
            )
        ))
    );
    let _ = write!(
        html,
        "<h2>{}</h2><ul><li>{}</li><li>{}</li>",
        t("Ringkasan", "Summary"),
        esc(&format!(
            "{}: {:+.3} pp P0 per pp TPT ({} p = {:.4}).",
            t(
                "Dalam wilayah (FEM, 2015–2025)",
                "Within regions (FEM, 2015–2025)"
            ),
            fem_c.estimate,
            t("galat baku klaster, ", "clustered SE, "),
            fem_c.p_value
        )),
        esc(&format!(
            "{}: {}",
            t(
                "Model terpilih (Chow → Hausman → LM)",
                "Chosen model (Chow → Hausman → LM)"
            ),
            choice.chosen.code()
        ))
    );
    for (s, e, l, h) in &projections {
        let _ = write!(
            html,
            "<li>{}</li>",
            esc(&format!(
                "P0 {last_plan}, {s}: {e:.2}% ({} 95%: {l:.2}–{h:.2})",
                t("selang prediksi", "prediction band")
            ))
        );
    }
    if let Some(a) = &target {
        let _ = write!(
            html,
            "<li>{}</li>",
            esc(if lang == Lang::Id {
                &a.message_id
            } else {
                &a.message_en
            })
        );
    }
    let _ = write!(
        html,
        "<li>{}</li></ul>",
        esc(&format!(
            "{} MAE {:.2} pp, RMSE {:.2} pp, bias {:+.2} pp; {} {:.0}%.",
            t(
                "Uji balik (model s.d. 2019, proyeksi 2020–2025):",
                "Backtest (fit to 2019, projecting 2020–2025):"
            ),
            bt.mae,
            bt.rmse,
            bt.bias,
            t("selang 95% mencakup", "95% band covers"),
            100.0 * bt.coverage95
        ))
    );
    for (stem, c) in &charts {
        let _ = write!(
            html,
            "<h3>{}</h3><div id=\"{stem}\">{}</div>",
            esc(&c.title),
            c.svg.trim_start_matches(|ch| ch != '<').replacen(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "",
                1
            )
        );
    }
    let _ = write!(
        html,
        "<h2>{}</h2>",
        t("Proyeksi per skenario", "Projection by scenario")
    );
    let _ = write!(
        html,
        "<table><tr><th>{}</th><th>{}</th><th>P0</th><th>CI 95%</th><th>PI 80%</th><th>PI 95%</th></tr>",
        t("Skenario", "Scenario"),
        t("Tahun", "Year")
    );
    let (cl_, ch_) = (f64s(&table, "ci_low")?, f64s(&table, "ci_high")?);
    let years = crate::columns::ints(&table, "year")?;
    let names = crate::columns::strings(&table, "scenario")?;
    let (est, l80, h80, l95, h95) = (
        f64s(&table, "estimate")?,
        f64s(&table, "pi80_low")?,
        f64s(&table, "pi80_high")?,
        f64s(&table, "pi_low")?,
        f64s(&table, "pi_high")?,
    );
    for i in 0..table.height() {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{:.2}</td><td>{:.2}–{:.2}</td><td>{:.2}–{:.2}</td><td>{:.2}–{:.2}</td></tr>",
            esc(names[i].as_deref().unwrap_or("")),
            years[i].unwrap_or(0),
            est[i],
            cl_[i],
            ch_[i],
            l80[i],
            h80[i],
            l95[i],
            h95[i]
        );
    }
    html.push_str("</table><ul class=\"note\">");
    for s in &scenarios {
        let _ = write!(html, "<li><b>{}</b>: {}</li>", esc(&s.name), esc(&s.method));
    }
    let _ = write!(
        html,
        "<li>{}</li></ul>",
        esc(&t(
            "Efek tahun: tidak ada dalam FEM (rata-rata tahun 2015–2025).",
            "Year effects: none in the FEM (the 2015–2025 average year)."
        ))
    );
    let _ = write!(
        html,
        "<h2>{}</h2>",
        t("Model dan uji pemilihan", "Models and model-choice tests")
    );
    html.push_str(
        &RegressionTable::new(&[
            ("CEM", &cem),
            ("FEM", &fem),
            ("FEM + year", &twfe),
            ("REM", &rem),
        ])
        .render(TableFormat::Html),
    );
    let _ = write!(html, "<pre>{}</pre>", esc(&choice.to_string()));
    let _ = write!(
        html,
        "<h2>{}</h2><p>{}</p>",
        t("Metode", "Method"),
        esc(&t(
            "P0 diregresikan pada TPT dengan efek tetap kabupaten/kota (27 wilayah, 2015–2025; seri P0 mungkin terputus pada 2015). Proyeksi = rata-rata wilayah + kemiringan × (TPT skenario − rata-rata TPT wilayah). Selang kepercayaan memuat ketidakpastian parameter (metode delta, galat baku klaster per wilayah); selang prediksi menambah variasi tahunan (σ²). Skenario dasar = tren TPT lima tahun terakhir. Target dan pernyataan berasal dari berita, bukan dokumen RPJMD. Proyeksi memakai FEM apa pun hasil uji: FEM menaksir tingkat khas wilayah dari datanya (koefisien REM ada di tabel sebagai pembanding).",
            "P0 is regressed on TPT with kab/kota fixed effects (27 regions, 2015–2025; the P0 series may break in 2015). Projection = region mean + slope × (scenario TPT − region mean TPT). Confidence bands carry parameter uncertainty (delta method, standard errors clustered by region); prediction bands add year-to-year variation (σ²). The baseline is the region's TPT trend of the last five years. Targets and statements come from news reports, not from the RPJMD document. Projections use the FEM whatever the tests choose: it estimates the region's own level from its data (the REM coefficient is in the table for comparison).",
        ))
    );
    let _ = write!(
        html,
        "<h2>{}</h2><ul class=\"note\"><li>{}</li>",
        t("Sumber", "Sources"),
        esc(&t(
            "BPS dan Open Data Jabar; sumber tiap angka di data/SOURCES.md (repositori, path, commit).",
            "BPS and Open Data Jabar; every number's source in data/SOURCES.md (repository, path, commit)."
        ))
    );
    for tt in tg.iter().filter(|t| t.region_code == code) {
        let _ = write!(
            html,
            "<li>{} {} {} ({}, {}): <a href=\"{}\">{}</a></li>",
            esc(&tt.indicator),
            tt.year,
            tt.value,
            esc(&tt.kind),
            esc(&tt.status),
            esc(&tt.source_url),
            esc(&tt.source_url)
        );
    }
    html.push_str("</ul></body></html>\n");
    let path = out.join("report.html");
    std::fs::write(&path, &html).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    Ok(ReportSummary {
        region: name,
        html: path,
        chosen: choice.chosen.code().into(),
        fem_slope: (fem_c.estimate, fem_c.p_value),
        projections,
        target,
        backtest: bt,
    })
}
