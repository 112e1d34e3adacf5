//! The report as one self-contained HTML page (charts inline as SVG).

use std::fmt::Write as _;

use super::{ReportData, outcomes};
use crate::compare::{RegressionTable, TableFormat};
use crate::error::Result;
use crate::lang::Lang;
use crate::plot::Chart;
use crate::text::escape_html as esc;

const STYLE: &str = "body{font-family:'DejaVu Sans',sans-serif;max-width:1100px;margin:auto;padding:1em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}svg{max-width:100%;height:auto}.note{color:#555;font-size:90%}\
table{display:block;max-width:100%;overflow-x:auto}pre{white-space:pre-wrap;overflow-wrap:anywhere}\
li,p{overflow-wrap:anywhere}td:first-child{min-width:7em}\
@page{size:A4;margin:14mm}@media print{body{max-width:none;padding:0;font-size:10pt}\
h2,h3{break-after:avoid}svg,table,pre{break-inside:avoid}table{display:table;overflow:visible}a{color:#222}}";

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
                o.label.get(lang),
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
    let why = &d.projection.method_why;
    if let Some(r) = d.projection.projection.rows.first() {
        let _ = write!(
            h,
            "<li>{}: {}</li>",
            lang.t("Titik awal proyeksi", "Where the projection starts"),
            esc(r.anchor.get(lang))
        );
    }
    let _ = write!(
        h,
        "<li>{}: {} — {}</li>",
        lang.t("Metode proyeksi", "Projection method"),
        esc(d.projection.method.label(lang)),
        esc(if lang == Lang::Id { &why.1 } else { &why.0 })
    );
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
    let table = &d.projection.projection.frame()?;
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
    let names = crate::columns::strings(
        table,
        if lang == Lang::Id {
            c::LABEL_ID
        } else {
            c::LABEL_EN
        },
    )?;
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
        let _ = write!(
            h,
            "<li><b>{}</b>: {}</li>",
            esc(s.label_in(lang)),
            esc(s.path.get(lang))
        );
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

/// "How far to trust this": every method's backtest scores, overall and by years ahead.
fn trust(h: &mut String, d: &ReportData, lang: Lang) {
    let Some(b) = &d.projection.backtest else {
        return;
    };
    let span = match (b.origins.first(), b.origins.last()) {
        (Some(a), Some(z)) => format!("{a}–{z}"),
        _ => String::new(),
    };
    let _ = write!(
        h,
        "<h2>{}</h2><p>{}</p>",
        lang.t(
            "Seberapa jauh proyeksi ini dapat dipercaya",
            "How far to trust this"
        ),
        esc(&match lang {
            Lang::Id => format!(
                "Uji balik bergulir: untuk setiap tahun awal {span}, semua metode diestimasi hanya dengan data sampai tahun itu (termasuk jalur TPT dasar), lalu proyeksinya dibandingkan dengan angka BPS yang terbit kemudian ({} wilayah-tahun per metode, hingga {} tahun ke depan). Skill = 1 − MAE/MAE tanpa perubahan.",
                b.n,
                crate::projection::ROLLING_HORIZON
            ),
            Lang::En => format!(
                "Rolling backtest: for every origin {span}, each method is fitted on the data up to that year only (the baseline TPT path included), and its projections are compared with the BPS values published later ({} region-years per method, up to {} years ahead). Skill = 1 − MAE/MAE of no change.",
                b.n,
                crate::projection::ROLLING_HORIZON
            ),
        })
    );
    let pct = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format!("{:.0}%", 100.0 * v));
    let _ = write!(
        h,
        "<table><tr><th>{}</th><th>MAE</th><th>RMSE</th><th>bias</th><th>skill</th><th>{} 80%</th><th>{} 95%</th></tr>",
        lang.t("Metode", "Method"),
        lang.t("cakupan", "coverage"),
        lang.t("cakupan", "coverage")
    );
    for s in &b.methods {
        let m = s.method;
        let star = if m == d.projection.method { " ★" } else { "" };
        let _ = write!(
            h,
            "<tr><td>{}{star}</td><td>{:.2}</td><td>{:.2}</td><td>{:+.2}</td><td>{:+.0}%</td><td>{}</td><td>{}</td></tr>",
            esc(m.label(lang)),
            s.mae,
            s.rmse,
            s.bias,
            100.0 * s.skill_vs_naive,
            pct(s.coverage80),
            pct(s.coverage95)
        );
    }
    h.push_str("</table>");
    // The chosen method by years ahead, coverage beside its nominal level.
    let _ = write!(
        h,
        "<p>{}</p><table><tr><th>{}</th><th>n</th><th>MAE</th><th>skill</th><th>{} 80% ({})</th><th>{} 95% ({})</th></tr>",
        esc(d.projection.method.label(lang)),
        lang.t("Tahun ke depan", "Years ahead"),
        lang.t("cakupan", "coverage"),
        lang.t("nominal 80%", "nominal 80%"),
        lang.t("cakupan", "coverage"),
        lang.t("nominal 95%", "nominal 95%"),
    );
    let gap = |v: Option<f64>, nominal: f64| {
        v.map_or_else(
            || "–".to_string(),
            |v| format!("{:.0}% ({:+.0})", 100.0 * v, 100.0 * (v - nominal)),
        )
    };
    for s in b
        .by_horizon
        .iter()
        .filter(|s| s.method == d.projection.method)
    {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{:.2}</td><td>{:+.0}%</td><td>{}</td><td>{}</td></tr>",
            s.horizon.unwrap_or(0),
            s.n,
            s.mae,
            100.0 * s.skill_vs_naive,
            gap(s.coverage80, 0.80),
            gap(s.coverage95, 0.95)
        );
    }
    h.push_str("</table>");
}

fn method(h: &mut String, d: &ReportData, lang: Lang) {
    let n = d.models[1].1.n_groups().unwrap_or(0);
    let years = sample_years(d);
    let from = crate::plan::defaults::sample_from();
    let m = d.projection.method.label(lang);
    let text = match lang {
        Lang::Id => format!(
            "P0 diregresikan pada TPT dengan efek tetap kabupaten/kota ({n} wilayah, {years}; seri P0 mungkin terputus pada {from}). Metode proyeksi: {m}, dipilih menurut galat uji balik bergulir (bagian \"Seberapa jauh proyeksi ini dapat dipercaya\"); setiap baris proyeksi menyebut titik awalnya (kolom anchor). Selang kepercayaan memuat ketidakpastian parameter (metode delta, galat baku klaster per wilayah); selang prediksi menambah variasi tahunan. Skenario dasar = tren TPT lima tahun terakhir. Target dan pernyataan berasal dari berita, bukan dokumen RPJMD."
        ),
        Lang::En => format!(
            "P0 is regressed on TPT with kab/kota fixed effects ({n} regions, {years}; the P0 series may break in {from}). Projection method: {m}, chosen by its rolling-backtest error (section \"How far to trust this\"); every projection row states where it starts (column anchor). Confidence bands carry parameter uncertainty (delta method, standard errors clustered by region); prediction bands add year-to-year variation. The baseline is the region's TPT trend of the last five years. Targets and statements come from news reports, not from the RPJMD document."
        ),
    };
    let on = match lang {
        Lang::Id => format!("Model diestimasi pada {}.", d.estimated_on.id),
        Lang::En => format!("The models are estimated on {}.", d.estimated_on.en),
    };
    let _ = write!(
        h,
        "<h2>{}</h2><p>{}</p><p>{}</p>",
        lang.t("Metode", "Method"),
        esc(&on),
        esc(&text)
    );
    if let Some(split) = splits_note(d, lang) {
        let _ = write!(h, "<p class=\"note\">{}</p>", esc(&split));
    }
}

/// Kab/kota of the panel whose own statistics begin inside the sample (pemekaran): before that
/// year their area is in the series of the region they were split from.
fn splits_note(d: &ReportData, lang: Lang) -> Option<String> {
    let from = crate::plan::defaults::sample_from() as i32;
    let reg = crate::registry::Registry::bundled();
    let codes = crate::columns::strings(d.panel.frame(), "region_code").ok()?;
    let mut late: Vec<String> = codes
        .iter()
        .flatten()
        .filter_map(|c| reg.by_code(c))
        .filter_map(|r| r.start_year().filter(|&y| y > from).map(|y| (r, y)))
        .map(|(r, y)| format!("{} ({y})", r.name))
        .collect();
    late.sort();
    late.dedup();
    if late.is_empty() {
        return None;
    }
    let list = late.join(", ");
    Some(match lang {
        Lang::Id => format!(
            "Panel mencakup pemekaran: {list} baru memiliki statistik sendiri sejak tahun dalam kurung. Sebelumnya nilainya kosong, dan wilayahnya tercakup dalam seri kabupaten induk."
        ),
        Lang::En => format!(
            "The panel spans a split (pemekaran): {list} have statistics of their own only from the year given. Before it their values are gaps, and their area is covered by the series of the kabupaten they were split from."
        ),
    })
}

/// "Do poverty and unemployment move in proportion?" on the region's panel and on all 514 kab/kota.
fn claim_nationally(h: &mut String, d: &ReportData, lang: Lang) -> Result<()> {
    use super::nation::words;
    let here = |i: usize| -> Result<String> {
        let f = &d.models[i].1;
        let c = f
            .coefficients(0.95)
            .into_iter()
            .find(|c| c.term == crate::indicator::UNEMPLOYMENT_RATE)
            .ok_or_else(|| crate::Error::Internal("no TPT term".into()))?;
        Ok(words(
            &super::nation::Slope {
                estimate: c.estimate,
                ci_low: c.ci_low,
                ci_high: c.ci_high,
                p_value: c.p_value,
                clusters: f.n_clusters().unwrap_or(0),
            },
            lang,
        ))
    };
    let (on_id, on_en) = (&d.estimated_on.id, &d.estimated_on.en);
    let rows = [
        (
            lang.t(
                &format!("Dalam wilayah, {on_id}"),
                &format!("Within a region, {on_en}"),
            )
            .to_string(),
            here(1)?,
            here(2)?,
        ),
        (
            lang.t(
                "Dalam wilayah, 514 kabupaten/kota Indonesia (klaster provinsi)",
                "Within a region, all 514 kab/kota of Indonesia (clustered by province)",
            )
            .to_string(),
            words(&d.nation.national_fe, lang),
            words(&d.nation.national_twfe, lang),
        ),
    ];
    let _ = write!(
        h,
        "<h2>{}</h2><p>{}</p><table><tr><th></th><th>{}</th><th>{}</th></tr>",
        lang.t(
            "Apakah kemiskinan dan pengangguran bergerak sebanding? Provinsi dan nasional",
            "Do poverty and unemployment move in proportion? Province and nation"
        ),
        esc(lang.t(
            "Kemiringan P0 terhadap TPT dengan efek tetap kabupaten/kota; tanpa dan dengan efek tahun (guncangan bersama, misalnya 2020). Sebanding berarti kemiringan jelas positif yang bertahan dengan efek tahun.",
            "Slope of P0 on TPT with kab/kota fixed effects; without and with year effects (common shocks such as 2020). In proportion would mean a clearly positive slope that survives year effects."
        )),
        lang.t("tanpa efek tahun", "without year effects"),
        lang.t("dengan efek tahun", "with year effects"),
    );
    for (name, fe, tw) in rows {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&name),
            esc(&fe),
            esc(&tw)
        );
    }
    h.push_str("</table>");
    Ok(())
}

/// What spatial dependence says about the claim: the check's sentences in the reader's language.
fn spatial(h: &mut String, d: &ReportData, lang: Lang) {
    let Some(c) = &d.choice.spatial else {
        return;
    };
    let _ = write!(
        h,
        "<h2>{}</h2><p class=\"note\">{}</p><ul>",
        lang.t("Ketergantungan spasial", "Spatial dependence"),
        esc(lang.t(
            "Apakah kemiskinan kab/kota bergerak bersama tetangganya, dan apakah efek TPT bertahan bila itu diperhitungkan? Peta klaster LISA dan diagram Moran di atas menunjukkan polanya.",
            "Does a kab/kota's poverty move with its neighbours', and does TPT's effect survive once that is modelled? The LISA cluster map and the Moran scatter plot above show the pattern."
        ))
    );
    let words = match lang {
        Lang::Id => &c.words_id,
        Lang::En => &c.words_en,
    };
    for w in words {
        let _ = write!(h, "<li>{}</li>", esc(w));
    }
    h.push_str("</ul>");
}

fn sources(h: &mut String, d: &ReportData, lang: Lang) {
    let _ = write!(
        h,
        "<h2>{}</h2><ul class=\"note\"><li>{}</li>",
        lang.t("Sumber", "Sources"),
        esc(lang.t(
            "BPS dan Open Data Jabar; sumber tiap angka di data/SOURCES.md (repositori, path, commit). Angka BPS: sebutkan BPS; dilarang untuk tujuan komersial tanpa izin BPS.",
            "BPS and Open Data Jabar; every number's source in data/SOURCES.md (repository, path, commit). BPS figures: cite BPS; no commercial use without BPS's permission."
        ))
    );
    for tt in &d.targets {
        let _ = write!(
            h,
            "<li>{} {} {} ({}, {}): <a href=\"{}\">{}</a></li>",
            esc(&crate::indicator::by_name(&tt.indicator).map_or_else(
                || tt.indicator.replace('_', " "),
                |i| lang.t(i.label_id, i.label_en).to_string()
            )),
            tt.year,
            tt.value,
            tt.kind.words(lang),
            tt.status.words(lang),
            esc(&tt.source_url),
            esc(&tt.source_url)
        );
    }
    h.push_str("</ul>");
}

/// Where the region stands: its rank in the province and in Indonesia (level and five-year change).
fn standing(h: &mut String, d: &ReportData, lang: Lang) {
    let s = &d.standing;
    let _ = write!(
        h,
        "<h2>{}</h2><p class=\"note\">{}</p><table><tr><th></th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        esc(&match lang {
            Lang::Id => format!("Posisi {} di {} dan di Indonesia", s.region, s.province),
            Lang::En => format!("Where {} stands in {} and in Indonesia", s.region, s.province),
        }),
        esc(lang.t(
            "Peringkat 1 = nilai tertinggi (kemiskinan atau pengangguran terbesar, kenaikan terbesar). Rata-rata = rata-rata sederhana kabupaten/kota. Perubahan: satu periode RPJMD (lima tahun).",
            "Rank 1 = the highest value (most poverty or unemployment, largest rise). Averages are plain means over kab/kota. Change: one RPJMD period (five years)."
        )),
        lang.t("nilai", "value"),
        lang.t("peringkat di provinsi", "rank in province"),
        lang.t("peringkat nasional", "rank in Indonesia"),
        lang.t("rata-rata provinsi", "province average"),
        lang.t("rata-rata nasional", "national average"),
    );
    for r in &s.rows {
        let name = crate::indicator::short_name(&r.indicator);
        let what = match (r.from, lang) {
            (None, Lang::Id) => format!("{name} {}", r.year),
            (None, Lang::En) => format!("{name} {}", r.year),
            (Some(f), Lang::Id) => format!("perubahan {name} {f}–{}", r.year),
            (Some(f), Lang::En) => format!("change in {name} {f}–{}", r.year),
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{:.2}</td><td>{} / {}</td><td>{} / {}</td><td>{:.2}</td><td>{:.2}</td></tr>",
            esc(&what),
            r.value,
            r.rank_province,
            r.of_province,
            r.rank_nation,
            r.of_nation,
            r.province_mean,
            r.nation_mean
        );
    }
    h.push_str("</table>");
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
    standing(&mut h, d, lang);
    chart_sections(&mut h, charts);
    projection_table(&mut h, d, lang)?;
    trust(&mut h, d, lang);
    let _ = write!(
        h,
        "<h2>{}</h2>",
        lang.t("Model dan uji pemilihan", "Models and model-choice tests")
    );
    let models: Vec<(&str, &crate::model::Fit)> =
        d.models.iter().map(|(n, f)| (n.as_str(), f)).collect();
    let mut table = RegressionTable::new(&models);
    if let Some(c) = &d.choice.spatial {
        let name = format!("SAR FEM {}–{}", c.years.0, c.years.1);
        table = table.with_spatial(&name, &c.sar_fe);
    }
    h.push_str(&table.localized(lang).render(TableFormat::Html));
    let _ = write!(h, "<pre>{}</pre>", esc(&d.choice.to_string()));
    spatial(&mut h, d, lang);
    claim_nationally(&mut h, d, lang)?;
    method(&mut h, d, lang);
    sources(&mut h, d, lang);
    h.push_str("</body></html>\n");
    Ok(h)
}
