//! Unbalanced panels against R plm (tests/fixtures/generated/plm_unbalanced.json, made by
//! make_plm.R there from panels exported with `indikator data show --csv`): random effects with
//! plm's unbalanced Swamy–Arora components and the five model-choice tests, through the library
//! and through `indikator fit --estimator random --json` / `indikator choose --json`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> Value {
    let p = root().join("tests/fixtures/generated/plm_unbalanced.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

fn dfs(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(a) => a.iter().map(|x| x.as_f64().unwrap()).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap()],
        _ => vec![],
    }
}

fn run(args: &[&str]) -> Value {
    crate::common::cli_json(args)
}

fn check_case(case: &str) {
    let fx = fixture();
    let c = &fx[case];
    let file = c["file"].as_str().unwrap();
    let (from, to) = (
        c["from"].as_i64().unwrap().to_string(),
        c["to"].as_i64().unwrap().to_string(),
    );
    let common = [
        "--data",
        file,
        "--formula",
        "poverty_rate ~ unemployment_rate",
        "--entity",
        "region_code",
        "--time",
        "year",
        "--from",
        &from,
        "--to",
        &to,
    ];

    let fit = run(&[&["fit", "--estimator", "random", "--json"][..], &common[..]].concat());
    assert_eq!(fit["nobs"], c["nobs"]);
    let want = &c["random_effects_swamy_arora"];
    for row in fit["coefficients"].as_array().unwrap() {
        let w = &want["coefficients"][row["term"].as_str().unwrap()];
        assert!(
            rel(
                row["estimate"].as_f64().unwrap(),
                w["estimate"].as_f64().unwrap()
            ) < 1e-6,
            "{case} {row}"
        );
        assert!(
            rel(
                row["std_error"].as_f64().unwrap(),
                w["std_error"].as_f64().unwrap()
            ) < 1e-6,
            "{case} {row}"
        );
    }
    let re = &fit["random_effects"];
    assert!(
        rel(
            re["sigma2_idios"].as_f64().unwrap(),
            want["sigma2_idios"].as_f64().unwrap()
        ) < 1e-6,
        "{case}"
    );
    assert!(
        rel(
            re["sigma2_id"].as_f64().unwrap(),
            want["sigma2_id"].as_f64().unwrap()
        ) < 1e-6,
        "{case}"
    );
    let (tg, tw) = (dfs(&re["theta"]), dfs(&want["theta"]));
    assert_eq!(tg.len(), tw.len(), "{case}: distinct θ");
    for (a, b) in tg.iter().zip(&tw) {
        assert!(rel(*a, *b) < 1e-6, "{case}: θ {a} vs {b}");
    }

    let ch = run(&[&["choose", "--json"][..], &common[..]].concat());
    for key in [
        "chow_f",
        "breusch_pagan_lm",
        "hausman",
        "pesaran_cd",
        "wooldridge_serial",
    ] {
        let (g, w) = (&ch[key], &c["tests"][key]);
        if let Some(why) = g.get("not_valid") {
            // plm's phtest reports |d'(V_FE − V_RE)⁻¹d| even when V_FE − V_RE is negative definite;
            // indikator says the test is not valid. Check that plm's number is that absolute value.
            assert_eq!(key, "hausman", "{case}: {key} not valid: {why}");
            let fe = run(&[&["fit", "--estimator", "within", "--json"][..], &common[..]].concat());
            let d = fe["coefficients"][0]["estimate"].as_f64().unwrap()
                - fit["coefficients"][1]["estimate"].as_f64().unwrap();
            let v = fe["coefficients"][0]["std_error"].as_f64().unwrap().powi(2)
                - fit["coefficients"][1]["std_error"]
                    .as_f64()
                    .unwrap()
                    .powi(2);
            assert!(v < 0.0);
            assert!(
                rel(d * d / v.abs(), w["statistic"].as_f64().unwrap()) < 1e-6,
                "{case}: plm |H|"
            );
            continue;
        }
        let (gs, ws) = (
            g["statistic"].as_f64().unwrap(),
            w["statistic"].as_f64().unwrap(),
        );
        assert!(rel(gs, ws) < 1e-6, "{case} {key}: {gs} vs {ws}");
        assert!(
            (g["p_value"].as_f64().unwrap() - w["p_value"].as_f64().unwrap()).abs() < 1e-6,
            "{case} {key}: p"
        );
        assert_eq!(dfs(&g["df"]), dfs(&w["df"]), "{case} {key}: df");
    }
    assert!(["CEM", "FEM", "REM"].contains(&ch["chosen"].as_str().unwrap()));
}

#[test]
fn jabar_unbalanced_2010_2025() {
    check_case("jabar_2010_2025");
}

#[test]
fn provinces_2015_2025() {
    check_case("provinces_2015_2025");
}

#[test]
fn generated_panels_are_the_bundled_data() {
    // The R references were computed on exports of the bundled data; they must still be that.
    let p = root().join("tests/fixtures/generated/jabar_panel.csv");
    let file = std::fs::read_to_string(Path::new(&p)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_indikator"))
        .args(["data", "show", "--csv"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), file);
}

/// The regression-based Hausman test against R plm's `phtest(.., method = "aux")`, classical and
/// cluster-robust (`vcovHC`, Arellano, HC0), with the references of
/// tests/fixtures/generated/make_plm_hausman.R (R 4.2.2, plm 2.6.2).
#[test]
fn regression_based_hausman_matches_plm() {
    use indikator::diagnostics::{HausmanVcov, hausman_regression};
    let f: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/generated/plm_hausman.json")).unwrap(),
    )
    .unwrap();
    for case in ["jabar_2015_2025", "provinces_2015_2025"] {
        let c = &f[case];
        let panel = indikator::Panel::read(
            &root().join(c["file"].as_str().unwrap()),
            "region_code",
            "year",
        )
        .unwrap();
        let spec = indikator::model::ModelSpec::new("poverty_rate ~ unemployment_rate")
            .unwrap()
            .sample(c["from"].as_i64(), c["to"].as_i64());
        for (key, v) in [
            ("aux_classical", HausmanVcov::Classical),
            ("aux_cluster_hc0", HausmanVcov::ClusterHc0),
        ] {
            let t = hausman_regression(&spec, &panel, v).unwrap();
            let w = c[key]["statistic"].as_f64().unwrap();
            assert!(
                rel(t.statistic, w) < 1e-6,
                "{case} {key}: {} vs {w}",
                t.statistic
            );
            let pw = c[key]["p_value"].as_f64().unwrap();
            assert!(
                rel(t.p_value, pw) < 1e-6,
                "{case} {key}: p {} vs {pw}",
                t.p_value
            );
        }
        // The model choice: on Jawa Barat 2015–2025 Wooldridge's test finds serial correlation,
        // so the cluster-robust test decides — p = 0.0227 → FEM, where the classical test
        // (p = 0.0505) would have kept REM.
        if case == "provinces_2015_2025" {
            // V_FE − V_RE is not positive definite here: |H| as plm reports it, with a warning.
            let h = indikator::diagnostics::hausman(&spec, &panel).unwrap();
            let want = c["classical"]["statistic"].as_f64().unwrap();
            assert!(
                rel(h.statistic, want) < 1e-6,
                "|H| {} vs {want}",
                h.statistic
            );
            assert!(h.warning.unwrap().contains("not positive definite"));
        }
        if case == "jabar_2015_2025" {
            let ch = indikator::choice::model_choice(&spec, &panel, 0.05).unwrap();
            let classical = ch.hausman.p_value().unwrap();
            let robust = ch.hausman_robust.p_value().unwrap();
            assert!(rel(classical, c["classical"]["p_value"].as_f64().unwrap()) < 1e-6);
            assert!(rel(robust, c["aux_cluster_hc0"]["p_value"].as_f64().unwrap()) < 1e-6);
            assert_eq!(ch.chosen, indikator::choice::PanelModel::Fem);
            assert!(
                ch.reason_en
                    .iter()
                    .any(|r| r.starts_with("The classical Hausman test is not reliable here")),
                "{:?}",
                ch.reason_en
            );
            assert!(ch.reason_id.iter().any(|r| r.contains("p = 0.0227 < 0.05")));
        }
    }
}
