//! Spatial ML models against pysal: tests/fixtures/spatial/jabar_spatial.json (spreg 1.9.0
//! `ML_Lag`, `ML_Error` on 2024; `Panel_FE_Lag`, `Panel_FE_Error` on 2017–2025) and
//! tests/fixtures/generated/spatial_ml.json (spreg `ML_Lag(slx_lags=1)`, the spatial Durbin model;
//! made by make_spatial_ml.py). Tolerances as the fixtures state: coefficients, ρ/λ and
//! log-likelihood 1e-5 relative (spreg's optimiser stops at 1e-7), standard errors 1e-4.

use std::path::Path;

use indikator::spatial::{SpatialEffects, SpatialFit, SpatialModel, SpatialSpec, Weights};
use serde_json::Value;

fn json(rel: &str) -> Value {
    crate::common::fixture_json(rel)
}

fn frame() -> polars::prelude::DataFrame {
    indikator::plan::DataSource::Path(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/panels/jabar_kabkota_wide.csv"),
    )
    .panel(Some("region_code"), Some("year"))
    .unwrap()
    .frame()
    .clone()
}

fn fit(model: SpatialModel, effects: SpatialEffects, years: (i64, i64)) -> SpatialFit {
    let spec = SpatialSpec::new("poverty_rate ~ unemployment_rate", model, effects).unwrap();
    let w = Weights::jabar_queen().unwrap();
    spec.fit(&frame(), ("region_code", "year"), &w, Some(years))
        .unwrap()
}

fn close(what: &str, got: f64, want: f64, tol: f64) {
    let rel = (got - want).abs() / want.abs().max(1e-300);
    assert!(
        rel <= tol,
        "{what}: {got} vs spreg {want} (relative {rel:.2e} > {tol:.0e})"
    );
}

/// A JSON number (a test failure naming the value otherwise).
fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

/// `coef`/`std_err` of a spreg result against the fit's coefficients in the same order.
fn check(what: &str, fit: &SpatialFit, want: &Value) {
    let (coef, se) = (floats(&want["coef"]), floats(&want["std_err"]));
    assert_eq!(fit.coefficients.len(), coef.len(), "{what}: terms");
    for (c, (b, s)) in fit.coefficients.iter().zip(coef.iter().zip(&se)) {
        close(&format!("{what} {} estimate", c.term), c.estimate, *b, 1e-5);
        close(
            &format!("{what} {} std_error", c.term),
            c.std_error,
            *s,
            1e-4,
        );
    }
    close(
        &format!("{what} sig2"),
        fit.sigma2,
        num(&want["sig2"]),
        1e-5,
    );
}

#[test]
fn cross_section_lag_and_error_match_spreg() {
    let f = json("tests/fixtures/spatial/jabar_spatial.json");
    let cs = &f["cross_section_2024"];
    let lag = fit(SpatialModel::Sar, SpatialEffects::Pooled, (2024, 2024));
    check("ML_Lag 2024", &lag, &cs["ml_lag"]);
    assert_eq!(lag.coefficients[2].term, "rho");
    close(
        "ML_Lag logll",
        lag.log_likelihood,
        num(&cs["ml_lag"]["logll"]),
        1e-5,
    );
    let imp = &lag.impacts.as_ref().unwrap()[0];
    let want = &cs["ml_lag"]["impacts_unemployment_rate"];
    for (got, key) in [
        (imp.direct, "direct"),
        (imp.indirect, "indirect"),
        (imp.total, "total"),
    ] {
        close(&format!("impact {key}"), got, num(&want[key]), 1e-5);
    }
    let err = fit(SpatialModel::Sem, SpatialEffects::Pooled, (2024, 2024));
    check("ML_Error 2024", &err, &cs["ml_error"]);
    assert_eq!(err.coefficients[2].term, "lambda");
    close(
        "ML_Error logll",
        err.log_likelihood,
        num(&cs["ml_error"]["logll"]),
        1e-5,
    );
    assert!(err.impacts.is_none());
}

#[test]
fn panel_fixed_effects_lag_and_error_match_spreg() {
    let f = json("tests/fixtures/spatial/jabar_spatial.json");
    let p = &f["panel_fe_2017_2025"];
    let lag = fit(SpatialModel::Sar, SpatialEffects::Region, (2017, 2025));
    assert_eq!((lag.nobs, lag.n_regions), (243, 27));
    check("Panel_FE_Lag", &lag, &p["fe_lag"]);
    // spreg 1.9 concentrates σ² as e'e instead of e'e/N in its panel likelihoods (the maximiser
    // is the same): its log-likelihood is the Gaussian one minus (N/2)·ln N.
    let shift = 243.0 / 2.0 * 243f64.ln();
    close(
        "Panel_FE_Lag logll",
        lag.log_likelihood - shift,
        num(&p["fe_lag"]["logll"]),
        1e-5,
    );
    let err = fit(SpatialModel::Sem, SpatialEffects::Region, (2017, 2025));
    check("Panel_FE_Error", &err, &p["fe_error"]);
    close(
        "Panel_FE_Error logll",
        err.log_likelihood - shift,
        num(&p["fe_error"]["logll"]),
        1e-5,
    );
}

#[test]
fn spatial_durbin_matches_spreg_slx() {
    let g = json("tests/fixtures/generated/spatial_ml.json");
    let sdm = fit(SpatialModel::Sdm, SpatialEffects::Pooled, (2024, 2024));
    let names: Vec<&str> = sdm.coefficients.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(
        names,
        [
            "(Intercept)",
            "unemployment_rate",
            "W_unemployment_rate",
            "rho"
        ]
    );
    check("SDM 2024", &sdm, &g["sdm_2024"]);
    close(
        "SDM logll",
        sdm.log_likelihood,
        num(&g["sdm_2024"]["logll"]),
        1e-5,
    );
    let imp = &sdm.impacts.as_ref().unwrap()[0];
    let want = &g["sdm_2024"]["impacts"][0];
    for (got, key) in [
        (imp.direct, "direct"),
        (imp.indirect, "indirect"),
        (imp.total, "total"),
    ] {
        close(&format!("SDM impact {key}"), got, num(&want[key]), 1e-5);
    }
}

fn neighbour_sets(w: &Weights) -> std::collections::BTreeSet<(String, String)> {
    w.pairs()
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn jabar_codes() -> Vec<String> {
    Weights::jabar_queen().unwrap().codes().to_vec()
}

#[test]
fn queen_from_the_bundled_boundaries_is_pysals_list() {
    use indikator::spatial::WeightsSpec;
    let built = "queen"
        .parse::<WeightsSpec>()
        .unwrap()
        .build(&jabar_codes())
        .unwrap();
    let bundled = Weights::jabar_queen().unwrap();
    assert_eq!(neighbour_sets(&built), neighbour_sets(&bundled));
    // The summary against the fixture's list (jabar_spatial.json `neighbors`).
    let f = json("tests/fixtures/spatial/jabar_spatial.json");
    let counts: Vec<usize> = f["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["neighbors"].as_array().unwrap().len())
        .collect();
    let s = built.summary();
    assert_eq!(
        (s.regions, s.links, s.islands.len(), s.symmetric),
        (counts.len(), counts.iter().sum(), 0, true)
    );
    let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
    assert_eq!((s.min_neighbors, s.max_neighbors), (*lo, *hi));
    // Without a snap tolerance, simplified borders that do not quite meet are lost: the list
    // is smaller, never larger.
    let strict = "queen:0"
        .parse::<WeightsSpec>()
        .unwrap()
        .build(&jabar_codes())
        .unwrap();
    assert!(neighbour_sets(&strict).is_subset(&neighbour_sets(&bundled)));
    // Rook needs a shared stretch of border: a subset of queen.
    let rook = "rook"
        .parse::<WeightsSpec>()
        .unwrap()
        .build(&jabar_codes())
        .unwrap();
    assert!(neighbour_sets(&rook).is_subset(&neighbour_sets(&bundled)));
    // No peer computes rook contiguity with a snap tolerance: only its relation to queen is
    // checked (a symmetric subset over the same regions).
    assert!(rook.is_symmetric() && rook.len() == bundled.len());
}

#[test]
fn knn_and_distance_band_match_libpysal() {
    use indikator::spatial::WeightsSpec;
    let g = json("tests/fixtures/generated/spatial_ml.json");
    let want = |key: &str| -> std::collections::BTreeSet<(String, String)> {
        g[key]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(k, v)| {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|n| (k.clone(), n.as_str().unwrap().to_string()))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let knn = "knn:4"
        .parse::<WeightsSpec>()
        .unwrap()
        .build(&jabar_codes())
        .unwrap();
    assert_eq!(neighbour_sets(&knn), want("knn4"));
    assert!(!knn.is_symmetric());
    let band = "band:30"
        .parse::<WeightsSpec>()
        .unwrap()
        .build(&jabar_codes())
        .unwrap();
    assert_eq!(neighbour_sets(&band), want("band30"));
    // libpysal's seven islands, reported and kept.
    let mut islands = band.summary().islands;
    islands.sort();
    assert_eq!(
        islands,
        ["3203", "3205", "3210", "3211", "3212", "3213", "3214"]
    );
    assert_eq!(band.len(), 27);
    for bad in ["knn:0", "knn", "band:-3", "queen:x", "kings"] {
        let e = bad.parse::<WeightsSpec>().unwrap_err().to_string();
        assert!(e.contains("invalid weights"), "{bad}: {e}");
    }
}

#[test]
fn lisa_permutation_p_values_agree_with_esda_within_monte_carlo_error() {
    use indikator::spatial::local_moran_permutation;
    let g = json("tests/fixtures/generated/spatial_ml.json");
    let values = super::spatial_weights::values("poverty_rate", 2024);
    let w = Weights::jabar_queen().unwrap();
    let perms = 99_999;
    let got = local_moran_permutation(&values, &w, perms, 7).unwrap();
    let again = local_moran_permutation(&values, &w, perms, 7).unwrap();
    assert_eq!(got, again, "a seed repeats the p-values exactly");
    for l in &got {
        let want = num(&g["lisa_p_sim_2024"][&l.region_code]);
        let p = l.p_sim.unwrap();
        // Both are estimates from 99,999 draws: 5 standard errors of their difference.
        let tol = 5.0 * (2.0 * want * (1.0 - want) / perms as f64).sqrt() + 2e-5;
        // A region with one neighbour has n − 1 = 26 equally likely draws, one of them the
        // observed neighbour: here that tie counts, in esda it fell below the observed value by
        // rounding (Kota Bogor: 9/26 here, 8/26 there).
        let i = w.codes().iter().position(|c| *c == l.region_code).unwrap();
        let tie = if w.pairs().iter().filter(|(a, _)| *a == w.codes()[i]).count() == 1 {
            1.0 / 26.0
        } else {
            0.0
        };
        assert!(
            (p - want).abs() <= tol || (p - want - tie).abs() <= tol,
            "{}: p_sim {p} vs esda {want}",
            l.region_code
        );
    }
    // Kabupaten Bogor (3201) is a low-low cluster at 5% in esda (p 0.018) and here.
    let bogor = got.iter().find(|l| l.region_code == "3201").unwrap();
    assert_eq!((bogor.quadrant, bogor.cluster(0.05)), (3, 3));
}

#[cfg(feature = "cli")]
#[test]
fn spatial_command_prints_the_contract_keys() {
    let f = json("tests/fixtures/spatial/jabar_spatial.json");
    let cli = |args: &[&str]| {
        let mut all = vec![
            "spatial",
            "--data",
            "jabar",
            "--formula",
            "poverty_rate ~ unemployment_rate",
            "--json",
        ];
        all.extend_from_slice(args);
        crate::common::cli_json(&all)
    };
    // OLS 2024: the diagnostics, each `statistic, p_value`, equal to spreg's to 1e-6.
    let ols = cli(&["--model", "ols", "--year", "2024"]);
    let cs = &f["cross_section_2024"];
    for key in ["lm_lag", "lm_error", "rlm_lag", "rlm_error", "lm_sarma"] {
        let want = floats(&cs[key]);
        close(
            key,
            num(&ols["diagnostics"][key]["statistic"]),
            want[0],
            1e-6,
        );
        close(key, num(&ols["diagnostics"][key]["p_value"]), want[1], 1e-6);
    }
    let mr = floats(&cs["moran_res"]);
    close(
        "moran_residuals z",
        ols["diagnostics"]["moran_residuals"]["statistic"]
            .as_f64()
            .unwrap(),
        mr[1],
        1e-6,
    );
    close(
        "moran_residuals p",
        ols["diagnostics"]["moran_residuals"]["p_value"]
            .as_f64()
            .unwrap(),
        mr[2],
        1e-6,
    );
    close("moran_i", num(&ols["diagnostics"]["moran_i"]), mr[0], 1e-6);
    close(
        "OLS slope",
        num(&ols["coefficients"][1]["estimate"]),
        floats(&cs["coef"])[1],
        1e-9,
    );
    assert_eq!(ols["nobs"], 27);
    // SAR panel with region effects: rho as a term, likelihood, σ², impacts.
    let sar = cli(&["--model", "sar", "--fe", "--from", "2017", "--to", "2025"]);
    let p = &f["panel_fe_2017_2025"]["fe_lag"];
    let rho = sar["coefficients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["term"] == "rho")
        .unwrap();
    close("rho", num(&rho["estimate"]), num(&p["rho"]), 1e-5);
    close(
        "rho se",
        num(&rho["std_error"]),
        floats(&p["std_err"])[1],
        1e-4,
    );
    close("sigma2", num(&sar["sigma2"]), num(&p["sig2"]), 1e-5);
    assert_eq!(sar["nobs"], 243);
    assert!(num(&sar["log_likelihood"]) < 0.0);
    let imp = &sar["impacts"][0];
    assert_eq!(imp["term"], "unemployment_rate");
    let (d, i, t) = (
        num(&imp["direct"]),
        num(&imp["indirect"]),
        num(&imp["total"]),
    );
    assert!((d + i - t).abs() < 1e-12 && t > d && d > 0.0, "{imp}");
    // SEM cross-section: lambda as a term; no impacts.
    let sem = cli(&["--model", "sem", "--year", "2024"]);
    let lam = sem["coefficients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["term"] == "lambda")
        .unwrap();
    close(
        "lambda",
        num(&lam["estimate"]),
        num(&cs["ml_error"]["lambda"]),
        1e-5,
    );
    assert!(sem.get("impacts").is_none());
    // SDM cross-section: impacts as spreg's.
    let sdm = cli(&["--model", "sdm", "--year", "2024"]);
    let g = json("tests/fixtures/generated/spatial_ml.json");
    close(
        "SDM total",
        num(&sdm["impacts"][0]["total"]),
        num(&g["sdm_2024"]["impacts"][0]["total"]),
        1e-5,
    );
}

#[cfg(feature = "cli")]
#[test]
fn spatial_command_refuses_what_it_cannot_fit() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_indikator"))
            .args(["spatial", "--formula", "poverty_rate ~ unemployment_rate"])
            .args(args)
            .output()
            .unwrap()
    };
    let err = |args: &[&str]| {
        let o = run(args);
        assert!(!o.status.success(), "{args:?} succeeded");
        String::from_utf8_lossy(&o.stderr).to_string()
    };
    assert!(err(&["--model", "sar", "--fe"]).contains("--from and --to"));
    // 2002 has no TPT: the gap is named, not filled.
    let e = err(&["--model", "sar", "--from", "2002", "--to", "2003", "--fe"]);
    assert!(
        e.contains("missing: 3201 2002") && e.contains("a gap is not filled"),
        "{e}"
    );
    assert!(err(&["--model", "gwr"]).contains("use ols, sar"));
    assert!(
        err(&["--from", "2025", "--to", "2017"])
            .contains("the first year (2025) is after the last (2017)")
    );
    assert!(err(&["--weights", "knn"]).contains("knn needs a number"));
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_indikator"))
        .args([
            "spatial",
            "--formula",
            "poverty_rate ~ unemployment_rate | region_code",
        ])
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && e.contains("the fe and year-effects options"),
        "{e}"
    );
}

#[test]
fn moran_scatter_and_lisa_cluster_map() {
    use indikator::plot::Lang;
    use indikator::spatial::{local_moran_permutation, moran};
    let values = super::spatial_weights::values("poverty_rate", 2024);
    let w = Weights::jabar_queen().unwrap();
    let lisa = local_moran_permutation(&values, &w, 999, 1).unwrap();
    let m = moran(&values, &w).unwrap();
    let chart = indikator::plot::moran_scatter(&lisa, &m, "poverty_rate", 2024, Lang::En).unwrap();
    assert!(
        chart.title.contains(&format!("Moran's I = {:.3}", m.i)),
        "{}",
        chart.title
    );
    // The line's slope is Moran's I (row-standardised weights, no islands): z'Wz / z'z = I.
    let slope: f64 =
        lisa.iter().map(|l| l.z * l.lag).sum::<f64>() / lisa.iter().map(|l| l.z * l.z).sum::<f64>();
    assert!((slope - m.i).abs() < 1e-12, "{slope} vs {}", m.i);
    let map = indikator::map::lisa_map(&lisa, 0.05, ("poverty_rate", 2024), Some("3272"), Lang::Id)
        .unwrap();
    let class = |code: &str| map.classes.iter().find(|(c, _)| c == code).unwrap().1;
    // Kabupaten Bogor: low–low at 5% (esda p 0.018).
    assert_eq!(class("3201"), Some(3));
    let significant = lisa.iter().filter(|l| l.cluster(0.05) > 0).count();
    assert_eq!(
        map.classes.iter().filter(|(_, k)| *k != Some(0)).count(),
        significant
    );
    assert!(map.chart.svg.contains("rendah–rendah") && map.chart.svg.contains("tidak signifikan"));
    assert!(map.chart.svg.contains(r#"data-code="3201" data-class="3""#));
}

#[cfg(feature = "cli")]
#[test]
fn model_choice_reports_spatial_dependence_beside_fe_and_twfe() {
    let f = json("tests/fixtures/spatial/jabar_spatial.json");
    let j = crate::common::cli_json(&[
        "choose",
        "--data",
        "jabar",
        "--formula",
        "poverty_rate ~ unemployment_rate",
        "--json",
    ]);
    let s = &j["spatial"];
    assert_eq!(s["years"], serde_json::json!([2017, 2025]));
    assert_eq!(s["regions"], 27);
    // The spatial lag FE model of the check is spreg's Panel_FE_Lag on 2017–2025.
    let want = &f["panel_fe_2017_2025"]["fe_lag"];
    let coefs = s["sar_fe"]["coefficients"].as_array().unwrap();
    let get = |t: &str| {
        coefs.iter().find(|c| c["term"] == t).unwrap()["estimate"]
            .as_f64()
            .unwrap()
    };
    close("check rho", get("rho"), num(&want["rho"]), 1e-5);
    close(
        "check TPT",
        get("unemployment_rate"),
        floats(&want["coef"])[0],
        1e-5,
    );
    // Moran's I of the FE and TWFE residuals: esda on the stacked residuals
    // (generated/spatial_ml.json residual_moran_2017_2025: 0.7272…, −0.0690…). The words
    // follow the p-values at the default level.
    let g = json("tests/fixtures/generated/spatial_ml.json");
    let want = &g["residual_moran_2017_2025"];
    let alpha = indikator::plan::defaults::ALPHA;
    let (fe, tw) = (&s["fe"]["diagnostics"], &s["twfe"]["diagnostics"]);
    close(
        "FE residual Moran",
        num(&fe["moran_i"]),
        num(&want["fe"]),
        1e-9,
    );
    close(
        "TWFE residual Moran",
        num(&tw["moran_i"]),
        num(&want["twfe"]),
        1e-9,
    );
    assert!(num(&fe["moran_residuals"]["p_value"]) < alpha);
    assert!(num(&tw["moran_residuals"]["p_value"]) >= alpha, "{tw}");
    let words = |key: &str| -> Vec<String> {
        s[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap().to_string())
            .collect()
    };
    let en = words("words_en");
    assert!(
        en.iter()
            .any(|w| w.contains("not spill-over between neighbours")),
        "{en:?}"
    );
    let id = words("words_id");
    assert!(
        id.iter()
            .any(|w| w.contains("Model lag spasial FEM (ρ = 0,76)")),
        "{id:?}"
    );
    assert!(j["hausman_robust"]["statistic"].as_f64().is_some());
}

#[test]
fn regression_table_takes_a_spatial_column() {
    use indikator::compare::{RegressionTable, TableFormat};
    use indikator::model::ModelSpec;
    let panel = indikator::datasets::jabar_panel().unwrap();
    let fe = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")
        .unwrap()
        .sample(Some(2017), Some(2025))
        .fit_panel(&panel)
        .unwrap();
    let sar = fit(SpatialModel::Sar, SpatialEffects::Region, (2017, 2025));
    let t = RegressionTable::new(&[("FEM", &fe)]).with_spatial("SAR FEM", &sar);
    assert_eq!(t.headers, ["FEM", "SAR FEM"]);
    let cells = t.cells();
    let row = |label: &str| cells.iter().find(|r| r[0] == label).unwrap().clone();
    assert_eq!(
        row("unemployment_rate")[2],
        format!("{:.4}", sar.coef("unemployment_rate").unwrap().estimate)
    );
    assert!(row("rho")[2].starts_with("0.7577"), "{:?}", row("rho"));
    assert_eq!(row("rho")[1], "");
    assert_eq!(row("Observations")[2], "243");
    assert_eq!(row("FE: region_code")[2], "Yes");
    let html = t
        .localized(indikator::plot::Lang::Id)
        .render(TableFormat::Html);
    assert!(html.contains("ρ (lag spasial)"), "{html}");
}

#[cfg(feature = "cli")]
#[test]
fn every_spatial_fixture_number_through_the_cli() {
    let f = json("tests/fixtures/spatial/jabar_spatial.json");
    let cli = |args: &[&str]| crate::common::cli_json(args);
    // LISA 2024: local I and quadrant of every region, to 1e-6.
    let m = cli(&[
        "moran",
        "--year",
        "2024",
        "--local",
        "--permutations",
        "99",
        "--json",
    ]);
    let local = m["local"].as_array().unwrap();
    for want in f["lisa_poverty_rate_2024"].as_array().unwrap() {
        let code = want["region_code"].as_i64().unwrap().to_string();
        let got = local
            .iter()
            .find(|l| l["region_code"] == code.as_str())
            .unwrap();
        close(
            &format!("LISA {code}"),
            num(&got["I"]),
            num(&want["Ii"]),
            1e-6,
        );
        assert_eq!(got["quadrant"], want["quadrant"], "{code}");
    }
    // Moran's I of P0 and TPT in every fixture year, all eight quantities.
    for (indicator, key) in [
        ("poverty_rate", "moran_poverty_rate"),
        ("unemployment_rate", "moran_unemployment_rate"),
    ] {
        for want in f[key].as_array().unwrap() {
            let year = want["year"].to_string();
            let got = cli(&["moran", "--indicator", indicator, "--year", &year, "--json"]);
            for (k, w) in crate::common::MORAN_KEYS {
                let what = format!("{indicator} {year} {k}");
                close(&what, num(&got[k]), num(&want[w]), 1e-6);
            }
        }
    }
    // The SAR impacts of 2024.
    let sar = cli(&[
        "spatial",
        "--formula",
        "poverty_rate ~ unemployment_rate",
        "--model",
        "sar",
        "--year",
        "2024",
        "--json",
    ]);
    let want = &f["cross_section_2024"]["ml_lag"]["impacts_unemployment_rate"];
    for k in ["direct", "indirect", "total"] {
        let got = num(&sar["impacts"][0][k]);
        close(&format!("SAR 2024 impact {k}"), got, num(&want[k]), 1e-5);
    }
    // ML models: cross-section lag and error, FE panel lag and error.
    let fm = "poverty_rate ~ unemployment_rate";
    let cases = [
        (
            vec!["--model", "sar", "--year", "2024"],
            &f["cross_section_2024"]["ml_lag"],
            0.0,
        ),
        (
            vec!["--model", "sem", "--year", "2024"],
            &f["cross_section_2024"]["ml_error"],
            0.0,
        ),
        (
            vec!["--model", "sar", "--fe", "--from", "2017", "--to", "2025"],
            &f["panel_fe_2017_2025"]["fe_lag"],
            243.0,
        ),
        (
            vec!["--model", "sem", "--fe", "--from", "2017", "--to", "2025"],
            &f["panel_fe_2017_2025"]["fe_error"],
            243.0,
        ),
    ];
    for (args, want, n) in cases {
        let mut all = vec!["spatial", "--formula", fm, "--json"];
        all.extend(args.iter());
        let got = cli(&all);
        let what = args.join(" ");
        let coefs = got["coefficients"].as_array().unwrap();
        for (c, (b, se)) in coefs
            .iter()
            .zip(floats(&want["coef"]).iter().zip(floats(&want["std_err"])))
        {
            close(
                &format!("{what} {}", c["term"]),
                num(&c["estimate"]),
                *b,
                1e-5,
            );
            close(
                &format!("{what} {} se", c["term"]),
                num(&c["std_error"]),
                se,
                1e-4,
            );
        }
        // spreg's panel log-likelihood omits (N/2)·ln N (see spatial_ml.rs above).
        let shift = if n > 0.0 { n / 2.0 * f64::ln(n) } else { 0.0 };
        close(
            &format!("{what} logll"),
            num(&got["log_likelihood"]) - shift,
            num(&want["logll"]),
            1e-5,
        );
        close(
            &format!("{what} sig2"),
            num(&got["sigma2"]),
            num(&want["sig2"]),
            1e-5,
        );
    }
    // Driscoll–Kraay and Newey–West, plm HC0 (`--ssc none`) and HC1 (`--ssc full`), to 1e-6.
    let dk = json("tests/fixtures/spatial/jabar_dk_plm.json");
    for case in dk["fits"].as_array().unwrap() {
        let formula = crate::common::plm_fit_formula(case);
        for (vcov, ssc, key) in [
            ("dk:2", "none", "dk_HC0_se"),
            ("dk:2", "full", "dk_HC1_se"),
            ("nw:2", "none", "nw_HC0_se"),
            ("nw:2", "full", "nw_HC1_se"),
        ] {
            let got = cli(&[
                "fit",
                "--data",
                "tests/fixtures/panels/jabar_kabkota_wide.csv",
                "--entity",
                "region_code",
                "--time",
                "year",
                "--formula",
                formula,
                "--vcov",
                vcov,
                "--ssc",
                ssc,
                "--from",
                "2017",
                "--to",
                "2025",
                "--json",
            ]);
            let want: Vec<f64> = match &case[key] {
                Value::Array(a) => a.iter().map(num).collect(),
                x => vec![num(x)],
            };
            for (c, w) in got["coefficients"].as_array().unwrap().iter().zip(&want) {
                close(&format!("{formula} {key}"), num(&c["std_error"]), *w, 1e-6);
            }
        }
    }
}

#[cfg(feature = "cli")]
#[test]
fn binary_weights_match_pysal() {
    // tests/fixtures/generated/spatial_ml.json, binary_2024 (esda Moran with transformation "B",
    // spreg ML_Lag on binary weights).
    let g = json("tests/fixtures/generated/spatial_ml.json");
    let b = &g["binary_2024"];
    let m = crate::common::cli_json(&["moran", "--year", "2024", "--binary", "--json"]);
    for (k, w) in [("I", "I"), ("z_normal", "z_norm"), ("p_normal", "p_norm")] {
        close(k, num(&m[k]), num(&b["moran"][w]), 1e-6);
    }
    let s = crate::common::cli_json(&[
        "spatial",
        "--formula",
        "poverty_rate ~ unemployment_rate",
        "--model",
        "sar",
        "--year",
        "2024",
        "--binary",
        "--json",
    ]);
    let want = &b["ml_lag"];
    for (c, (est, se)) in s["coefficients"]
        .as_array()
        .unwrap()
        .iter()
        .zip(floats(&want["coef"]).iter().zip(floats(&want["std_err"])))
    {
        close("binary SAR estimate", num(&c["estimate"]), *est, 1e-5);
        close("binary SAR se", num(&c["std_error"]), se, 1e-4);
    }
    let ll = num(&s["log_likelihood"]);
    close("binary SAR logll", ll, num(&want["logll"]), 1e-5);
}
