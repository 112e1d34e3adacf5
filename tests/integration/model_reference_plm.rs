//! Reproduce R plm + lmtest on the balanced Jawa Barat panel 2017–2025
//! (tests/fixtures/jabar_plm_2017_2025.json): random effects (Swamy–Arora), first differences
//! (plm with an intercept; linearmodels without), between, and the model-choice tests.

use std::path::Path;

use indikator::Panel;
use indikator::model::{Estimator, ModelSpec};
use serde_json::Value;

fn fixture() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jabar_plm_2017_2025.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn panel() -> Panel {
    let p =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/panels/jabar_kabkota_wide.csv");
    Panel::read(&p, "region_code", "year").unwrap()
}

fn spec() -> ModelSpec {
    ModelSpec::new("poverty_rate ~ unemployment_rate")
        .unwrap()
        .sample(Some(2017), Some(2025))
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

fn check_coefs(name: &str, fit: &indikator::model::Fit, want: &Value) -> f64 {
    let rows = fit.coefficients(0.95);
    let mut worst: f64 = 0.0;
    for (term, c) in want.as_object().unwrap() {
        let r = rows
            .iter()
            .find(|r| &r.term == term)
            .unwrap_or_else(|| panic!("{name}: no {term}"));
        let (e, se) = (
            c["estimate"].as_f64().unwrap(),
            c["std_error"].as_f64().unwrap(),
        );
        assert!(
            rel(r.estimate, e) < 1e-6,
            "{name} {term}: {} vs {e}",
            r.estimate
        );
        assert!(
            rel(r.std_error, se) < 1e-6,
            "{name} {term}: se {} vs {se}",
            r.std_error
        );
        assert!(
            (r.t - c["t"].as_f64().unwrap()).abs() < 1e-6,
            "{name} {term}: t"
        );
        let p = c["p_value"].as_f64().unwrap();
        assert!(
            (r.p_value - p).abs() < 1e-6 && rel(r.p_value, p) < 1e-5,
            "{name} {term}: p {} vs {p}",
            r.p_value
        );
        worst = worst.max(rel(r.estimate, e)).max(rel(r.std_error, se));
    }
    assert_eq!(
        rows.len(),
        want.as_object().unwrap().len(),
        "{name}: number of terms"
    );
    println!("{name}: largest relative difference {worst:.3e}");
    worst
}

#[test]
fn random_effects_swamy_arora() {
    let fx = fixture();
    let want = &fx["random_effects_swamy_arora"];
    let fit = spec()
        .estimator(Estimator::Random)
        .fit_panel(&panel())
        .unwrap();
    assert_eq!(fit.nobs(), 243);
    check_coefs("random", &fit, &want["coefficients"]);
    let re = fit.random_effects().unwrap();
    assert!(rel(re.sigma2_idios, want["sigma2_idios"].as_f64().unwrap()) < 1e-6);
    assert!(rel(re.sigma2_id, want["sigma2_id"].as_f64().unwrap()) < 1e-6);
    assert_eq!(re.theta.len(), 1);
    assert!(rel(re.theta[0], want["theta"][0].as_f64().unwrap()) < 1e-6);
    assert!((fit.summary().r2 - want["r2"].as_f64().unwrap()).abs() < 1e-8);
}

#[test]
fn first_differences_with_and_without_intercept() {
    let fx = fixture();
    let fit = spec()
        .estimator(Estimator::FirstDifference)
        .fit_panel(&panel())
        .unwrap();
    assert_eq!(fit.nobs(), 216);
    check_coefs("fd (plm)", &fit, &fx["first_difference"]["coefficients"]);
    let fit = spec()
        .estimator(Estimator::FirstDifference)
        .fd_intercept(false)
        .fit_panel(&panel())
        .unwrap();
    check_coefs(
        "fd (linearmodels)",
        &fit,
        &fx["first_difference_no_intercept"]["coefficients"],
    );
}

#[test]
fn between_on_entity_means() {
    let fx = fixture();
    let fit = spec()
        .estimator(Estimator::Between)
        .fit_panel(&panel())
        .unwrap();
    assert_eq!(fit.nobs(), 27);
    check_coefs("between", &fit, &fx["between"]["coefficients"]);
}

#[test]
fn within_r2() {
    let fx = fixture();
    let fit = spec()
        .estimator(Estimator::Within)
        .fit_panel(&panel())
        .unwrap();
    assert!((fit.summary().r2_within.unwrap() - fx["within_r2"].as_f64().unwrap()).abs() < 1e-8);
}

fn check_test(name: &str, got: &indikator::hypothesis::TestStat, want: &Value) {
    let (s, p) = (
        want["statistic"].as_f64().unwrap(),
        want["p_value"].as_f64().unwrap(),
    );
    assert!(
        rel(got.statistic, s) < 1e-6,
        "{name}: statistic {} vs {s}",
        got.statistic
    );
    assert!(
        (got.p_value - p).abs() < 1e-6,
        "{name}: p {} vs {p}",
        got.p_value
    );
    if p > 0.0 {
        assert!(
            rel(got.p_value, p) < 1e-4,
            "{name}: p {} vs {p} (relative)",
            got.p_value
        );
    }
    let df: Vec<f64> = want["df"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(got.dist.dfs(), df, "{name}: df");
    println!(
        "{name}: statistic relative difference {:.3e}",
        rel(got.statistic, s)
    );
}

#[test]
fn model_choice_tests_match_plm() {
    use indikator::diagnostics as d;
    let fx = fixture();
    let t = &fx["tests"];
    let (s, p) = (spec(), panel());
    check_test(
        "chow",
        &d::chow_f(&s, &p).unwrap(),
        &t["chow_f_individual_effects"],
    );
    check_test(
        "bp lm",
        &d::breusch_pagan_lm(&s, &p).unwrap(),
        &t["breusch_pagan_lm"],
    );
    check_test(
        "hausman",
        &d::hausman(&s, &p).unwrap(),
        &t["hausman_fe_vs_re"],
    );
    check_test(
        "pesaran cd",
        &d::pesaran_cd(&s, &p, d::CdResiduals::Within).unwrap(),
        &t["pesaran_cd"],
    );
    // R plm 2.6.2 `pcdtest(poverty_rate ~ unemployment_rate, data = p)` (per-entity OLS
    // residuals) on the same sample gives z = 44.28842 (run here with Rscript).
    let het = d::pesaran_cd(&s, &p, d::CdResiduals::Heterogeneous).unwrap();
    assert!((het.statistic - 44.28842).abs() < 5e-6, "{}", het.statistic);
    check_test(
        "wooldridge",
        &d::wooldridge_serial(&s, &p).unwrap(),
        &t["wooldridge_serial_correlation"],
    );
}
