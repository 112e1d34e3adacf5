//! Spatial weights and Moran's I against pysal (tests/fixtures/spatial/jabar_spatial.json:
//! libpysal 4.14.1, esda 2.9.0; queen contiguity, row-standardised; P0 and TPT of Jawa Barat's 27
//! kab/kota from tests/fixtures/panels/jabar_kabkota_wide.csv).

use std::collections::HashMap;
use std::path::Path;

use indikator::spatial::{Weights, moran};
use serde_json::Value;

fn fixture() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spatial/jabar_spatial.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// (indicator, year) → code → value, from the fixture panel.
pub(crate) fn values(indicator: &str, year: i64) -> HashMap<String, f64> {
    let p =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/panels/jabar_kabkota_wide.csv");
    let mut r = csv::Reader::from_path(p).unwrap();
    let head = r.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let (c, y, v) = (col("region_code"), col("year"), col(indicator));
    r.records()
        .map(|x| x.unwrap())
        .filter(|x| x[y].parse::<i64>().unwrap() == year && !x[v].is_empty())
        .map(|x| (x[c].to_string(), x[v].parse::<f64>().unwrap()))
        .collect()
}

#[test]
fn bundled_queen_weights_are_pysals_list() {
    let f = fixture();
    let w = Weights::jabar_queen().unwrap();
    let links: usize = f["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["neighbors"].as_array().unwrap().len())
        .sum();
    assert_eq!((w.len(), w.links()), (27, links));
    assert!(w.islands().is_empty());
    let e = Weights::from_pairs_csv("a,b\n1,2\n", "w.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("region_code,neighbor_code"), "{e}");
    let e = Weights::from_pairs_csv("region_code,neighbor_code\n3201,3201\n", "w.csv")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("w.csv, line 2") && e.contains("not its own neighbour"),
        "{e}"
    );
}

#[test]
fn morans_i_matches_esda_every_year() {
    let f = fixture();
    let w = Weights::jabar_queen().unwrap();
    let mut worst: f64 = 0.0;
    for (key, ind) in [
        ("moran_poverty_rate", "poverty_rate"),
        ("moran_unemployment_rate", "unemployment_rate"),
    ] {
        for case in f[key].as_array().unwrap() {
            let year = case["year"].as_i64().unwrap();
            let m = moran(&values(ind, year), &w).unwrap();
            for (got, k) in [
                (m.i, "I"),
                (m.expected, "EI"),
                (m.var_norm, "VI_norm"),
                (m.z_norm, "z_norm"),
                (m.p_norm, "p_norm"),
                (m.var_rand, "VI_rand"),
                (m.z_rand, "z_rand"),
                (m.p_rand, "p_rand"),
            ] {
                let want = case[k].as_f64().unwrap();
                let r = ((got - want) / want).abs();
                worst = worst.max(r);
                assert!(r < 1e-6, "{ind} {year} {k}: {got} vs {want}");
            }
        }
    }
    eprintln!("Moran's I vs esda: largest relative difference {worst:.1e}");
    // A gap is refused, naming the region.
    let mut v = values("poverty_rate", 2024);
    v.remove("3272");
    let e = moran(&v, &w).unwrap_err().to_string();
    assert!(e.contains("missing: 3272"), "{e}");
}

#[cfg(feature = "cli")]
#[test]
fn moran_command_prints_the_contract_keys() {
    let f = fixture();
    let j = crate::common::cli_json(&[
        "moran",
        "--data",
        "jabar",
        "--indicator",
        "poverty_rate",
        "--year",
        "2024",
        "--weights",
        "queen",
        "--json",
    ]);
    let want = f["moran_poverty_rate"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["year"] == 2024)
        .unwrap();
    for (k, w) in crate::common::MORAN_KEYS {
        let (g, w) = (j[k].as_f64().unwrap(), want[w].as_f64().unwrap());
        assert!(((g - w) / w).abs() < 1e-6, "{k}: {g} vs {w}");
    }
}

#[test]
fn local_moran_and_lm_tests_match_pysal() {
    use indikator::spatial::{lm_tests, local_moran};
    let f = fixture();
    let w = Weights::jabar_queen().unwrap();
    let lisa = local_moran(&values("poverty_rate", 2024), &w).unwrap();
    for want in f["lisa_poverty_rate_2024"].as_array().unwrap() {
        let code = want["region_code"].as_i64().unwrap().to_string();
        let got = lisa.iter().find(|l| l.region_code == code).unwrap();
        let wi = want["Ii"].as_f64().unwrap();
        assert!(
            ((got.i - wi) / wi).abs() < 1e-6,
            "{code}: {} vs {wi}",
            got.i
        );
        assert_eq!(
            got.quadrant as i64,
            want["quadrant"].as_i64().unwrap(),
            "{code}"
        );
    }
    let c = &f["cross_section_2024"];
    let lm = lm_tests(
        &values("poverty_rate", 2024),
        &[&values("unemployment_rate", 2024)],
        &w,
    )
    .unwrap();
    for (got, k) in [
        (lm.lm_lag, "lm_lag"),
        (lm.lm_error, "lm_error"),
        (lm.rlm_lag, "rlm_lag"),
        (lm.rlm_error, "rlm_error"),
        (lm.lm_sarma, "lm_sarma"),
    ] {
        let (s, p) = (c[k][0].as_f64().unwrap(), c[k][1].as_f64().unwrap());
        assert!(((got.0 - s) / s).abs() < 1e-6, "{k}: {} vs {s}", got.0);
        assert!(((got.1 - p) / p).abs() < 1e-6, "{k}: p {} vs {p}", got.1);
    }
    let (i, z, p) = lm.moran_residuals;
    for (g, k) in [(i, 0), (z, 1), (p, 2)] {
        let want = c["moran_res"][k].as_f64().unwrap();
        assert!(
            ((g - want) / want).abs() < 1e-6,
            "moran_res[{k}]: {g} vs {want}"
        );
    }
}
