//! The report's tables as a workbook (`report.xlsx` beside `report.html`): the region's data, the
//! regression table, the model-choice tests, the projections with their bands per scenario,
//! target seeking, the backtest and where the region stands — one sheet each, through the one
//! frame-to-sheet path of [`crate::workbook`].

use std::collections::BTreeMap;

use polars::prelude::*;

use super::ReportData;
use crate::choice::Outcome;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::workbook::{Header, Workbook};

fn frame(cols: Vec<Column>, what: &str) -> Result<DataFrame> {
    DataFrame::new_infer_height(cols).map_err(|e| Error::Polars {
        context: format!("building the workbook's {what} sheet"),
        source: e,
    })
}

/// The region's published P0 and TPT by year.
fn data(d: &ReportData) -> Result<DataFrame> {
    let mut rows: BTreeMap<i32, (Option<f64>, Option<f64>)> = BTreeMap::new();
    for (i, ind) in [
        crate::indicator::POVERTY_RATE,
        crate::indicator::UNEMPLOYMENT_RATE,
    ]
    .into_iter()
    .enumerate()
    {
        for (y, v) in crate::projection::history(&d.panel, &d.region_code, ind)? {
            let e = rows.entry(y).or_default();
            if i == 0 {
                e.0 = Some(v);
            } else {
                e.1 = Some(v);
            }
        }
    }
    frame(
        vec![
            Column::new("year".into(), rows.keys().copied().collect::<Vec<_>>()),
            Column::new(
                "poverty_rate".into(),
                rows.values().map(|r| r.0).collect::<Vec<_>>(),
            ),
            Column::new(
                "unemployment_rate".into(),
                rows.values().map(|r| r.1).collect::<Vec<_>>(),
            ),
        ],
        "data",
    )
}

const MODEL_HEADERS: &[Header] = &[
    Header::new("model", "Model", "Model", None),
    Header::new("term", "Variabel", "Variable", None),
    Header::new("coefficient", "Koefisien", "Coefficient", Some(4)),
    Header::new(
        "std_error",
        "Galat baku (klaster)",
        "Std. error (clustered)",
        Some(4),
    ),
    Header::new("p_value", "Nilai p", "p-value", Some(4)),
    Header::new("ci_low", "SK 95% bawah", "95% CI low", Some(4)),
    Header::new("ci_high", "SK 95% atas", "95% CI high", Some(4)),
    Header::new("nobs", "Observasi", "Observations", None),
];

/// One row per model and term.
fn models(d: &ReportData, lang: Lang) -> Result<DataFrame> {
    let (mut m, mut t, mut b, mut se, mut p, mut lo, mut hi, mut n) = (
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
    );
    for (name, fit) in &d.models {
        let name = if name == "FEM + year" {
            lang.t("FEM + tahun", "FEM + year").to_string()
        } else {
            name.clone()
        };
        for c in fit.coefficients(0.95) {
            m.push(name.clone());
            t.push(c.term.clone());
            b.push(c.estimate);
            se.push(c.std_error);
            p.push(c.p_value);
            lo.push(c.ci_low);
            hi.push(c.ci_high);
            n.push(fit.nobs() as u32);
        }
    }
    frame(
        vec![
            Column::new("model".into(), m),
            Column::new("term".into(), t),
            Column::new("coefficient".into(), b),
            Column::new("std_error".into(), se),
            Column::new("p_value".into(), p),
            Column::new("ci_low".into(), lo),
            Column::new("ci_high".into(), hi),
            Column::new("nobs".into(), n),
        ],
        "regression",
    )
}

const TEST_HEADERS: &[Header] = &[
    Header::new("test", "Uji", "Test", None),
    Header::new("statistic", "Statistik", "Statistic", Some(4)),
    Header::new("p_value", "Nilai p", "p-value", Some(4)),
    Header::new("note", "Catatan", "Note", None),
];

/// The model-choice tests, then the choice and its reasons.
fn tests(d: &ReportData, lang: Lang) -> Result<DataFrame> {
    let c = &d.choice;
    let rows: [(&str, &str, &Outcome); 6] = [
        ("Uji Chow (F)", "Chow test (F)", &c.chow_f),
        (
            "Uji LM Breusch–Pagan",
            "Breusch–Pagan LM test",
            &c.breusch_pagan_lm,
        ),
        ("Uji Hausman", "Hausman test", &c.hausman),
        (
            "Uji Hausman berbasis regresi (galat baku klaster)",
            "Hausman test, regression-based (clustered SE)",
            &c.hausman_robust,
        ),
        ("Uji CD Pesaran", "Pesaran CD test", &c.pesaran_cd),
        (
            "Uji Wooldridge (korelasi serial)",
            "Wooldridge test (serial correlation)",
            &c.wooldridge_serial,
        ),
    ];
    let (mut name, mut stat, mut p, mut note) = (vec![], vec![], vec![], vec![]);
    for (id, en, o) in rows {
        name.push(lang.t(id, en).to_string());
        match o {
            Outcome::Done(t) => {
                stat.push(Some(t.statistic));
                p.push(Some(t.p_value));
                note.push(String::new());
            }
            Outcome::NotValid { not_valid } => {
                stat.push(None);
                p.push(None);
                note.push(format!(
                    "{}: {not_valid}",
                    lang.t("tidak valid", "not valid")
                ));
            }
        }
    }
    let reasons = match lang {
        Lang::Id => &c.reason_id,
        Lang::En => &c.reason_en,
    };
    name.push(lang.t("Model terpilih", "Model chosen").to_string());
    stat.push(None);
    p.push(None);
    note.push(format!("{}: {}", c.chosen.code(), reasons.join(" ")));
    frame(
        vec![
            Column::new("test".into(), name),
            Column::new("statistic".into(), stat),
            Column::new("p_value".into(), p),
            Column::new("note".into(), note),
        ],
        "tests",
    )
}

const TARGET_HEADERS: &[Header] = &[
    Header::new("target", "Target P0 (%)", "P0 target (%)", Some(2)),
    Header::new("year", "Tahun", "Year", None),
    Header::new(
        "required",
        "TPT yang diperlukan (%)",
        "TPT needed (%)",
        Some(2),
    ),
    Header::new("ci_low", "SK 95% bawah (%)", "95% CI low (%)", Some(2)),
    Header::new("ci_high", "SK 95% atas (%)", "95% CI high (%)", Some(2)),
    Header::new("last_observed", "TPT terakhir (%)", "Last TPT (%)", Some(2)),
    Header::new("message", "Kesimpulan", "Conclusion", None),
];

fn target(d: &ReportData, lang: Lang) -> Result<Option<DataFrame>> {
    let Some(t) = &d.projection.target else {
        return Ok(None);
    };
    let msg = match lang {
        Lang::Id => &t.message_id,
        Lang::En => &t.message_en,
    };
    frame(
        vec![
            Column::new("target".into(), [t.target]),
            Column::new("year".into(), [t.year]),
            Column::new("required".into(), [t.required]),
            Column::new("ci_low".into(), [t.ci_low]),
            Column::new("ci_high".into(), [t.ci_high]),
            Column::new("last_observed".into(), [t.last_observed]),
            Column::new("message".into(), [msg.as_str()]),
        ],
        "target",
    )
    .map(Some)
}

const BACKTEST_HEADERS: &[Header] = &[
    Header::new("horizon", "Tahun ke depan", "Years ahead", None),
    Header::new("n", "Jumlah proyeksi", "Forecasts", None),
    Header::new(
        "mae",
        "Galat absolut rata-rata (poin %)",
        "Mean absolute error (pp)",
        Some(3),
    ),
    Header::new("rmse", "RMSE (poin %)", "RMSE (pp)", Some(3)),
    Header::new("bias", "Bias (poin %)", "Bias (pp)", Some(3)),
    Header::new("skill_vs_naive", "Skill vs naif", "Skill vs naive", Some(3)),
];

fn backtest(d: &ReportData) -> Result<Option<DataFrame>> {
    let Some(bt) = &d.projection.backtest else {
        return Ok(None);
    };
    let s = &bt.by_horizon;
    frame(
        vec![
            Column::new(
                "method".into(),
                s.iter().map(|m| m.method.name()).collect::<Vec<_>>(),
            ),
            Column::new(
                "horizon".into(),
                s.iter().map(|m| m.horizon).collect::<Vec<_>>(),
            ),
            Column::new("n".into(), s.iter().map(|m| m.n as u32).collect::<Vec<_>>()),
            Column::new("mae".into(), s.iter().map(|m| m.mae).collect::<Vec<_>>()),
            Column::new("rmse".into(), s.iter().map(|m| m.rmse).collect::<Vec<_>>()),
            Column::new("bias".into(), s.iter().map(|m| m.bias).collect::<Vec<_>>()),
            Column::new(
                "skill_vs_naive".into(),
                s.iter().map(|m| m.skill_vs_naive).collect::<Vec<_>>(),
            ),
        ],
        "backtest",
    )
    .map(Some)
}

/// The sources sheet's lines.
pub fn sources(d: &ReportData, lang: Lang) -> Vec<String> {
    let mut v = vec![
        lang.t(
            "BPS dan Open Data Jabar; sumber tiap angka di data/SOURCES.md (repositori, path, commit). Angka BPS: sebutkan BPS; dilarang untuk tujuan komersial tanpa izin BPS.",
            "BPS and Open Data Jabar; every number's source in data/SOURCES.md (repository, path, commit). BPS figures: cite BPS; no commercial use without BPS's permission.",
        )
        .to_string(),
        lang.t(
            "Batas wilayah: Cahya DSN, wilayah_boundaries (MIT), data/geo/PROVENANCE.md.",
            "Boundaries: Cahya DSN, wilayah_boundaries (MIT), data/geo/PROVENANCE.md.",
        )
        .to_string(),
    ];
    v.extend(d.targets.iter().map(|t| {
        format!(
            "{} {} {} ({}, {}): {}",
            t.indicator, t.year, t.value, t.kind, t.status, t.source_url
        )
    }));
    v
}

/// The report's workbook.
pub fn workbook(d: &ReportData, lang: Lang) -> Result<Vec<u8>> {
    let mut wb = Workbook::new(lang);
    wb.sheet(("Data", "Data"), &data(d)?, &[])?;
    wb.sheet(("Regresi", "Regression"), &models(d, lang)?, MODEL_HEADERS)?;
    wb.sheet(
        ("Uji dan pilihan model", "Tests and model choice"),
        &tests(d, lang)?,
        TEST_HEADERS,
    )?;
    let projection = d.projection.projection.frame_in(lang)?;
    wb.sheet(("Proyeksi", "Projections"), &projection, &[])?;
    if let Some(t) = target(d, lang)? {
        wb.sheet(("Pencarian target", "Target seeking"), &t, TARGET_HEADERS)?;
    }
    if let Some(b) = backtest(d)? {
        wb.sheet(("Uji balik", "Backtest"), &b, BACKTEST_HEADERS)?;
    }
    wb.sheet(("Posisi", "Standing"), &d.standing.frame()?, &[])?;
    let src = sources(d, lang);
    let refs: Vec<&str> = src.iter().map(String::as_str).collect();
    wb.finish(&refs)
}
