//! The report as one self-contained HTML page (charts inline as SVG).

use std::fmt::Write as _;

use super::{ReportData, outcomes};
use crate::compare::{RegressionTable, TableFormat};
use crate::display::escape_html as esc;
use crate::error::Result;
use crate::plot::{Chart, Lang};

const STYLE: &str = "body{font-family:'DejaVu Sans',sans-serif;max-width:1100px;margin:auto;padding:1em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}svg{max-width:100%;height:auto}.note{color:#555;font-size:90%}";

/// The years of the estimation sample, as the text says them (e.g. `2015–2025`).
fn sample_years(d: &ReportData) -> String {
    let t = d.projection.projector.fit().times().unwrap_or(&[]);
    match (t.iter().min(), t.iter().max()) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    }
}

fn summary(h: &mut String, d: &ReportData, lang: Lang) -> Result<()> {
    let t = |id: &str, en: &str| lang.t(id, en).to_string();
    let fem = &d.models[1].1.coefficients(0.95)[0];
    let years = sample_years(d);
    let _ = write!(
        h,
        "<h2>{}</h2><ul><li>{}</li><li>{}</li>",
        t("Ringkasan", "Summary"),
        esc(&format!(
            "{} ({years}): {:+.3} pp P0 per pp TPT ({} p = {:.4}).",
            t("Dalam wilayah (FEM", "Within regions (FEM"),
            fem.estimate,
            t("galat baku klaster, ", "clustered SE, "),
            fem.p_value
        )),
        esc(&format!(
            "{}: {}",
            t(
                "Model terpilih (Chow → Hausman → LM)",
                "Chosen model (Chow → Hausman → LM)"
            ),
            d.choice.chosen.code()
        ))
    );
    for o in outcomes(d)? {
        let _ = write!(
            h,
            "<li>{}</li>",
            esc(&format!(
                "P0 {}, {}: {:.2}% ({} 95%: {:.2}–{:.2})",
                d.plan_year,
                o.scenario,
                o.estimate,
                t("selang prediksi", "prediction band"),
                o.pi_low,
                o.pi_high
            ))
        );
    }
    if let Some(a) = &d.projection.target {
        let m = if lang == Lang::Id {
            &a.message_id
        } else {
            &a.message_en
        };
        let _ = write!(h, "<li>{}</li>", esc(m));
    }
    if let Some(b) = &d.projection.backtest {
        let s = &b.summary;
        let _ = write!(
            h,
            "<li>{}</li>",
            esc(&format!(
                "{} MAE {:.2} pp, RMSE {:.2} pp, bias {:+.2} pp; {} {:.0}%.",
                match lang {
                    Lang::Id => format!(
                        "Uji balik (model s.d. {}, proyeksi tahun berikutnya):",
                        s.train_to
                    ),
                    Lang::En => format!(
                        "Backtest (fit to {}, projecting the later years):",
                        s.train_to
                    ),
                },
                s.mae,
                s.rmse,
                s.bias,
                t("selang 95% mencakup", "95% band covers"),
                100.0 * s.coverage95
            ))
        );
    }
    h.push_str("</ul>");
    Ok(())
}

fn chart_sections(h: &mut String, charts: &[(&str, Chart)]) {
    for (stem, c) in charts {
        let svg = c.svg.trim_start_matches(|ch| ch != '<').replacen(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "",
            1,
        );
        let _ = write!(
            h,
            "<h3>{}</h3><div id=\"{stem}\">{svg}</div>",
            esc(&c.title)
        );
    }
}

fn projection_table(h: &mut String, d: &ReportData, lang: Lang) -> Result<()> {
    let t = |id: &str, en: &str| lang.t(id, en).to_string();
    let table = &d.projection.table;
    let _ = write!(
        h,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>P0</th><th>CI 95%</th><th>PI 80%</th><th>PI 95%</th></tr>",
        t("Proyeksi per skenario", "Projection by scenario"),
        t("Skenario", "Scenario"),
        t("Tahun", "Year")
    );
    use crate::projection::columns as c;
    let f = |name: &str| super::f64s(table, name);
    let years = crate::columns::ints(table, c::YEAR)?;
    let names = crate::columns::strings(table, c::SCENARIO)?;
    let cols = [
        f(c::ESTIMATE)?,
        f(c::CI_LOW)?,
        f(c::CI_HIGH)?,
        f(c::PI80_LOW)?,
        f(c::PI80_HIGH)?,
        f(c::PI_LOW)?,
        f(c::PI_HIGH)?,
    ];
    for i in 0..table.height() {
        let v = |k: usize| cols[k][i];
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{:.2}</td><td>{:.2}–{:.2}</td><td>{:.2}–{:.2}</td><td>{:.2}–{:.2}</td></tr>",
            esc(names[i].as_deref().unwrap_or("")),
            years[i].unwrap_or(0),
            v(0),
            v(1),
            v(2),
            v(3),
            v(4),
            v(5),
            v(6)
        );
    }
    h.push_str("</table><ul class=\"note\">");
    for s in &d.projection.scenarios {
        let _ = write!(h, "<li><b>{}</b>: {}</li>", esc(&s.name), esc(&s.method));
    }
    let years = sample_years(d);
    let _ = write!(
        h,
        "<li>{}</li></ul>",
        esc(&match lang {
            Lang::Id => format!("Efek tahun: tidak ada dalam FEM (rata-rata tahun {years})."),
            Lang::En => format!("Year effects: none in the FEM (the {years} average year)."),
        })
    );
    Ok(())
}

fn method(h: &mut String, d: &ReportData, lang: Lang) {
    let n = d.models[1].1.n_groups().unwrap_or(0);
    let years = sample_years(d);
    let from = crate::plan::defaults::sample_from();
    let text = match lang {
        Lang::Id => format!(
            "P0 diregresikan pada TPT dengan efek tetap kabupaten/kota ({n} wilayah, {years}; seri P0 mungkin terputus pada {from}). Proyeksi = rata-rata wilayah + kemiringan × (TPT skenario − rata-rata TPT wilayah). Selang kepercayaan memuat ketidakpastian parameter (metode delta, galat baku klaster per wilayah); selang prediksi menambah variasi tahunan (σ²). Skenario dasar = tren TPT lima tahun terakhir. Target dan pernyataan berasal dari berita, bukan dokumen RPJMD. Proyeksi memakai FEM apa pun hasil uji: FEM menaksir tingkat khas wilayah dari datanya (koefisien REM ada di tabel sebagai pembanding)."
        ),
        Lang::En => format!(
            "P0 is regressed on TPT with kab/kota fixed effects ({n} regions, {years}; the P0 series may break in {from}). Projection = region mean + slope × (scenario TPT − region mean TPT). Confidence bands carry parameter uncertainty (delta method, standard errors clustered by region); prediction bands add year-to-year variation (σ²). The baseline is the region's TPT trend of the last five years. Targets and statements come from news reports, not from the RPJMD document. Projections use the FEM whatever the tests choose: it estimates the region's own level from its data (the REM coefficient is in the table for comparison)."
        ),
    };
    let _ = write!(
        h,
        "<h2>{}</h2><p>{}</p>",
        lang.t("Metode", "Method"),
        esc(&text)
    );
}

fn sources(h: &mut String, d: &ReportData, lang: Lang) {
    let _ = write!(
        h,
        "<h2>{}</h2><ul class=\"note\"><li>{}</li>",
        lang.t("Sumber", "Sources"),
        esc(lang.t(
            "BPS dan Open Data Jabar; sumber tiap angka di data/SOURCES.md (repositori, path, commit).",
            "BPS and Open Data Jabar; every number's source in data/SOURCES.md (repository, path, commit)."
        ))
    );
    for tt in &d.targets {
        let _ = write!(
            h,
            "<li>{} {} {} ({}, {}): <a href=\"{}\">{}</a></li>",
            esc(&tt.indicator),
            tt.year,
            tt.value,
            tt.kind,
            tt.status,
            esc(&tt.source_url),
            esc(&tt.source_url)
        );
    }
    h.push_str("</ul>");
}

/// The report page.
pub fn html(d: &ReportData, charts: &[(&str, Chart)], lang: Lang) -> Result<String> {
    let mut h = String::new();
    let name = &d.region_name;
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body><h1>{}</h1>",
        if lang == Lang::Id { "id" } else { "en" },
        esc(&format!("RPJMD {name}")),
        esc(&match lang {
            Lang::Id => format!(
                "{name}: kemiskinan (P0) dan pengangguran (TPT) menuju {}",
                d.horizon
            ),
            Lang::En => format!(
                "{name}: poverty (P0) and unemployment (TPT) to {}",
                d.horizon
            ),
        })
    );
    summary(&mut h, d, lang)?;
    chart_sections(&mut h, charts);
    projection_table(&mut h, d, lang)?;
    let _ = write!(
        h,
        "<h2>{}</h2>",
        lang.t("Model dan uji pemilihan", "Models and model-choice tests")
    );
    let models: Vec<(&str, &crate::model::Fit)> =
        d.models.iter().map(|(n, f)| (n.as_str(), f)).collect();
    h.push_str(&RegressionTable::new(&models).render(TableFormat::Html));
    let _ = write!(h, "<pre>{}</pre>", esc(&d.choice.to_string()));
    method(&mut h, d, lang);
    sources(&mut h, d, lang);
    h.push_str("</body></html>\n");
    Ok(h)
}
