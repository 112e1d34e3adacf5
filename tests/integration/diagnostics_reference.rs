//! Jarque–Bera and VIF against statsmodels; tests that do not apply say why.

use indikator::diagnostics::{jarque_bera, vif, wooldridge_serial};
use indikator::model::ModelSpec;

/// statsmodels 0.14 `jarque_bera(OLS(...).resid)` and `variance_inflation_factor` on the bundled
/// panel 2010–2020, complete rows of P0, TPT, expenditure, poor population (265 rows):
/// JB = 24.347869397099352 (p = 5.163299739009086e-06); VIF 1.087808899650859,
/// 1.2667038542841704, 1.2866449354618377.
#[test]
fn jarque_bera_and_vif_match_statsmodels() {
    let fit = ModelSpec::new("poverty_rate ~ unemployment_rate + expenditure + poor_population")
        .unwrap()
        .sample(Some(2010), Some(2020))
        .fit_panel(&indikator::datasets::jabar_panel().unwrap())
        .unwrap();
    assert_eq!(fit.nobs(), 265);
    let jb = jarque_bera(&fit);
    assert!(
        (jb.statistic - 24.347869397099352).abs() < 1e-9,
        "{}",
        jb.statistic
    );
    assert!(
        (jb.p_value - 5.163299739009086e-06).abs() < 1e-12,
        "{}",
        jb.p_value
    );
    let v = vif(&fit).unwrap();
    let vals: Vec<f64> = v
        .column("vif")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .flatten()
        .collect();
    for (a, b) in vals
        .iter()
        .zip([1.087808899650859, 1.2667038542841704, 1.2866449354618377])
    {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }
}

#[test]
fn serial_correlation_with_two_periods_is_not_valid() {
    let spec = ModelSpec::new("poverty_rate ~ unemployment_rate")
        .unwrap()
        .sample(Some(2024), Some(2025));
    let e = wooldridge_serial(&spec, &indikator::datasets::jabar_panel().unwrap())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "Wooldridge test for serial correlation is not valid here: needs T ≥ 3 periods, the panel has 2"
    );
}
