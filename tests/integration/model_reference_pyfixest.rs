//! Reproduce the pyfixest reference fits on the real Jawa Barat panel
//! (tests/fixtures/jabar_*.json, copied from shared/fixtures; conventions in its README):
//! coefficients and standard errors to 1e-6 relative, t and p to 1e-6, R² to 1e-8, N and
//! clusters exactly.

use std::path::Path;

use indikator::Panel;
use indikator::model::ModelSpec;
use indikator::vcov::{Hc, Ssc, Vcov};
use serde_json::Value;

fn panel() -> Panel {
    fixture_panel("jabar_kabkota_wide.csv")
}

fn fixture_panel(file: &str) -> Panel {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/panels")
        .join(file);
    Panel::read(&p, "region_code", "year").unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

/// Fits the fixture's model on the Jawa Barat panel and returns the largest relative difference
/// of coefficients and SEs.
fn check(name: &str, vcov: Vcov, ssc: Ssc, years: (i64, i64)) -> f64 {
    check_on(&panel(), name, vcov, ssc, years)
}

/// [`check`] on a given panel.
fn check_on(panel: &Panel, name: &str, vcov: Vcov, ssc: Ssc, years: (i64, i64)) -> f64 {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.json"));
    let fx: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let res = &fx["results"];
    let fit = ModelSpec::new(fx["formula"].as_str().unwrap())
        .unwrap()
        .vcov(vcov)
        .ssc(ssc)
        .sample(Some(years.0), Some(years.1))
        .fit_panel(panel)
        .unwrap();
    let s = fit.summary();
    assert_eq!(s.nobs as u64, res["nobs"].as_u64().unwrap(), "{name}: nobs");
    if let Some(g) = res["n_clusters"].as_u64() {
        assert_eq!(s.n_clusters, Some(g as usize), "{name}: clusters");
    }
    assert_eq!(s.df_t, res["t_df"].as_f64().unwrap(), "{name}: t df");
    let mut worst: f64 = 0.0;
    let coefs = res["coefficients"].as_object().unwrap();
    assert_eq!(coefs.len(), s.coefficients.len(), "{name}: number of terms");
    for (term, c) in coefs {
        let ours = if term == "Intercept" {
            "(Intercept)"
        } else {
            term.as_str()
        };
        let row = s
            .coefficients
            .iter()
            .find(|r| r.term == ours)
            .unwrap_or_else(|| panic!("{name}: no {ours}"));
        let (e, se) = (
            c["estimate"].as_f64().unwrap(),
            c["std_error"].as_f64().unwrap(),
        );
        worst = worst.max(rel(row.estimate, e)).max(rel(row.std_error, se));
        assert!(
            rel(row.estimate, e) < 1e-6,
            "{name} {term}: estimate {} vs {e}",
            row.estimate
        );
        assert!(
            rel(row.std_error, se) < 1e-6,
            "{name} {term}: se {} vs {se}",
            row.std_error
        );
        assert!(
            (row.t - c["t"].as_f64().unwrap()).abs() < 1e-6,
            "{name} {term}: t"
        );
        assert!(
            (row.p_value - c["p_value"].as_f64().unwrap()).abs() < 1e-6,
            "{name} {term}: p"
        );
        assert!(
            (row.ci_low - c["ci_low_95"].as_f64().unwrap()).abs() < 1e-6,
            "{name} {term}: ci_low"
        );
        assert!(
            (row.ci_high - c["ci_high_95"].as_f64().unwrap()).abs() < 1e-6,
            "{name} {term}: ci_high"
        );
    }
    assert!(
        (s.r2 - res["r2"].as_f64().unwrap()).abs() < 1e-8,
        "{name}: r2 {} vs {}",
        s.r2,
        res["r2"]
    );
    assert!(
        (s.adj_r2 - res["adj_r2"].as_f64().unwrap()).abs() < 1e-8,
        "{name}: adj r2 {} vs {}",
        s.adj_r2,
        res["adj_r2"]
    );
    if let Some(w) = res["r2_within"].as_f64() {
        assert!((s.r2_within.unwrap() - w).abs() < 1e-8, "{name}: within r2");
    }
    assert!(
        (s.rmse - res["rmse"].as_f64().unwrap()).abs() < 1e-8,
        "{name}: rmse"
    );
    println!("{name}: largest relative difference {worst:.3e}");
    worst
}

const Y15: (i64, i64) = (2015, 2025);

fn cl() -> Vcov {
    Vcov::cluster(["region_code"])
}

#[test]
fn pooled_iid() {
    check("jabar_pooled_iid", Vcov::Iid, Ssc::Fixest, Y15);
}
#[test]
fn pooled_hc1() {
    check("jabar_pooled_hc1", Vcov::Hetero(Hc::Hc1), Ssc::Fixest, Y15);
}
#[test]
fn pooled_cr1() {
    check("jabar_pooled_cr1", cl(), Ssc::Fixest, Y15);
}
#[test]
fn fe_region_iid() {
    check("jabar_fe_region_iid", Vcov::Iid, Ssc::Fixest, Y15);
}
#[test]
fn fe_region_cr1() {
    check("jabar_fe_region_cr1", cl(), Ssc::Fixest, Y15);
}
#[test]
fn twfe_iid() {
    check("jabar_twfe_iid", Vcov::Iid, Ssc::Fixest, Y15);
}
#[test]
fn twfe_cr1() {
    check("jabar_twfe_cr1", cl(), Ssc::Fixest, Y15);
}
#[test]
fn twfe_cr1_full() {
    check("jabar_twfe_cr1_full", cl(), Ssc::Full, Y15);
}
#[test]
fn twfe_expenditure_cr1() {
    check(
        "jabar_twfe_expenditure_cr1",
        cl(),
        Ssc::Fixest,
        (2010, 2020),
    );
}

#[test]
fn bundled_panel_gives_the_same_twfe_fit_as_the_fixture_panel() {
    let a = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code + year")
        .unwrap()
        .vcov(cl())
        .sample(Some(2015), Some(2025));
    let fa = a.fit_panel(&panel()).unwrap();
    let fb = a
        .fit_panel(&indikator::datasets::jabar_panel().unwrap())
        .unwrap();
    assert_eq!(fa.nobs(), fb.nobs());
    assert!(
        rel(
            fa.coef("unemployment_rate").unwrap(),
            fb.coef("unemployment_rate").unwrap()
        ) < 1e-12
    );
}

/// Two-way clustering (region & year) on the bundled panel, 2011–2025. Reference: pyfixest 0.60.0
/// `feols("poverty_rate ~ unemployment_rate | region_code + year", vcov={"CRV1": "region_code+year"},
/// fixef_rm="none")` on `indikator data show --csv` (benches/peers/check_unseen.py), both orders
/// of the cluster variables. K = k + FE levels − nested levels + number of nested FE = 2.
#[test]
fn twfe_two_way_cluster_matches_pyfixest() {
    for (fe, cl) in [
        ("region_code + year", ["region_code", "year"]),
        ("year + region_code", ["year", "region_code"]),
    ] {
        let fit = ModelSpec::new(&format!("poverty_rate ~ unemployment_rate | {fe}"))
            .unwrap()
            .vcov(Vcov::cluster(cl))
            .sample(Some(2011), Some(2025))
            .fit_panel(&indikator::datasets::jabar_panel().unwrap())
            .unwrap();
        assert_eq!(fit.nobs(), 374);
        assert!(
            rel(
                fit.coef("unemployment_rate").unwrap(),
                0.0032943938137870157
            ) < 1e-6
        );
        assert!(
            rel(
                fit.std_error("unemployment_rate").unwrap(),
                0.045717183764225094
            ) < 1e-6
        );
        assert_eq!(fit.df_t(), 13.0);
    }
}

/// The national kab/kota panel (issue 13): pooled, FE and TWFE with CR1 by kab/kota, by province
/// and two-way by kab/kota and province, against pyfixest (generated/make_pyfixest_national.py).
#[test]
fn national_panel_matches_pyfixest() {
    let p = fixture_panel("indonesia_kabkota_wide.csv");
    let by = |c: &[&str]| -> Vcov {
        match c {
            [a] => Vcov::cluster([*a]),
            [a, b] => Vcov::cluster([*a, *b]),
            _ => unreachable!(),
        }
    };
    let mut worst: f64 = 0.0;
    for (name, v) in [
        ("indonesia_pooled_cr1", by(&["region_code"])),
        ("indonesia_fe_cr1", by(&["region_code"])),
        ("indonesia_twfe_cr1", by(&["region_code"])),
        ("indonesia_twfe_cr1_province", by(&["province_code"])),
        (
            "indonesia_twfe_cr1_twoway",
            by(&["region_code", "province_code"]),
        ),
    ] {
        worst = worst.max(check_on(&p, name, v, Ssc::Fixest, Y15));
    }
    eprintln!("national panel vs pyfixest: largest relative difference {worst:.1e}");
}

/// The fixture panel is the bundled national panel as `data show --dataset indonesia` exports it.
#[cfg(feature = "cli")]
#[test]
fn national_fixture_panel_is_the_bundled_data() {
    // The fixture panel is the bundled national panel as `data show --dataset indonesia` exports it.
    let file = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/panels/indonesia_kabkota_wide.csv"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_indikator"))
        .args(["data", "show", "--dataset", "indonesia", "--csv"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout).unwrap() == file,
        "the bundled national panel changed"
    );
}
