//! Driscoll–Kraay and panel Newey–West covariances against R plm's `vcovSCC` / `vcovNW`
//! (tests/fixtures/spatial/jabar_dk_plm.json, R 4.2.2 plm 2.6.2, Bartlett, maxlag 2, HC0 and HC1):
//! FE, two-way FE and pooled fits of P0 on TPT, Jawa Barat 2017–2025.

use std::path::Path;

use indikator::Panel;
use indikator::model::ModelSpec;
use indikator::vcov::hac::{Hac, HacSsc, default_maxlag};
use indikator::vcov::{Ssc, Vcov};
use serde_json::Value;

fn list(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(a) => a.iter().map(|x| x.as_f64().unwrap()).collect(),
        x => vec![x.as_f64().unwrap()],
    }
}

/// The wide panel the plm and pyfixest fixtures were made from.
fn fixture_panel() -> Panel {
    let p =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/panels/jabar_kabkota_wide.csv");
    Panel::read(&p, "region_code", "year").unwrap()
}

#[test]
fn driscoll_kraay_and_newey_west_match_plm() {
    let f: Value = crate::common::fixture_json("tests/fixtures/spatial/jabar_dk_plm.json");
    let panel = fixture_panel();
    let mut worst: f64 = 0.0;
    for case in f["fits"].as_array().unwrap() {
        let formula = crate::common::plm_fit_formula(case);
        let fit = ModelSpec::new(formula)
            .unwrap()
            .sample(Some(2017), Some(2025))
            .fit_panel(&panel)
            .unwrap();
        assert_eq!(
            fit.nobs(),
            case["nobs"].as_u64().unwrap() as usize,
            "{formula}"
        );
        let coef = list(&case["coef"]);
        for (a, b) in fit.coefs().iter().zip(&coef) {
            assert!(((a - b) / b).abs() < 1e-8, "{formula}: {a} vs {b}");
        }
        let lag = case["maxlag"].as_u64().unwrap() as usize;
        for (key, kind, ssc) in [
            ("dk_HC0_se", Hac::DriscollKraay, HacSsc::None),
            ("dk_HC1_se", Hac::DriscollKraay, HacSsc::Hc1),
            ("nw_HC0_se", Hac::NeweyWest, HacSsc::None),
            ("nw_HC1_se", Hac::NeweyWest, HacSsc::Hc1),
        ] {
            let v = fit.hac_vcov(kind, lag, ssc).unwrap();
            // The same as the fit's own covariance (`--vcov dk:2`, `--ssc none` for HC0,
            // `--ssc full` for HC1).
            let as_vcov = fit
                .with_vcov(
                    Vcov::Hac {
                        kind,
                        maxlag: Some(lag),
                    },
                    if ssc == HacSsc::None {
                        Ssc::Plm
                    } else {
                        Ssc::Full
                    },
                )
                .unwrap();
            assert!(
                as_vcov
                    .warnings()
                    .iter()
                    .any(|w| w.contains("only 9 periods"))
            );
            for (j, want) in list(&case[key]).iter().enumerate() {
                let se = v[[j, j]].sqrt();
                let r = ((se - want) / want).abs();
                worst = worst.max(r);
                assert!(r < 1e-6, "{formula} {key}[{j}]: {se} vs {want}");
                assert_eq!(as_vcov.cov()[[j, j]].sqrt(), se, "{formula} {key}");
            }
        }
    }
    assert_eq!(default_maxlag(9), 1);
    assert_eq!(
        "dk:2".parse::<Vcov>().unwrap(),
        Vcov::Hac {
            kind: Hac::DriscollKraay,
            maxlag: Some(2)
        }
    );
    assert_eq!(
        "nw".parse::<Vcov>().unwrap().to_string(),
        "Newey–West (lag ⌊T^¼⌋)"
    );
    eprintln!("Driscoll–Kraay / Newey–West vs plm: largest relative difference {worst:.1e}");
}

#[test]
fn driscoll_kraay_and_newey_west_match_pyfixest_by_default() {
    // tests/fixtures/generated/pyfixest_dk.json (pyfixest 0.60.0, make_pyfixest_dk.py): plm's HC0
    // times (N−1)/(N−K)·T/(T−1), K counting every fixed-effect level; t on T − 1 = 8 dof.
    let f: Value = crate::common::fixture_json("tests/fixtures/generated/pyfixest_dk.json");
    let panel = fixture_panel();
    let mut cases = 0;
    for case in f["fits"].as_array().unwrap() {
        let formula = case["formula"].as_str().unwrap();
        let kind = match case["vcov"].as_str().unwrap() {
            "DK" => Hac::DriscollKraay,
            _ => Hac::NeweyWest,
        };
        let fit = ModelSpec::new(formula)
            .unwrap()
            .sample(Some(2017), Some(2025))
            .vcov(Vcov::Hac {
                kind,
                maxlag: Some(2),
            })
            .fit_panel(&panel)
            .unwrap();
        let s = fit.summary();
        assert_eq!(s.df_t, case["df_t"].as_f64().unwrap(), "{formula}");
        for (j, c) in s.coefficients.iter().enumerate() {
            let want = case["std_error"][j].as_f64().unwrap();
            assert!(
                ((c.std_error - want) / want).abs() < 1e-9,
                "{formula} {kind:?} se[{j}]: {} vs {want}",
                c.std_error
            );
            let want = case["p_value"][j].as_f64().unwrap();
            assert!(
                (c.p_value - want).abs() < 1e-9,
                "{formula} {kind:?} p[{j}]: {} vs {want}",
                c.p_value
            );
        }
        cases += 1;
    }
    assert_eq!(cases, 6);
}
