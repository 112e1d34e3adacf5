//! Bad model input: clear errors or named drops, never a panic or a silent NaN.

use indikator::model::{Estimator, ModelSpec};
use indikator::vcov::Vcov;
use polars::prelude::*;

fn df() -> DataFrame {
    df!(
        "region" => ["a", "a", "a", "b", "b", "b", "c", "c", "c"],
        "year" => [2019i64, 2020, 2021, 2019, 2020, 2021, 2019, 2020, 2021],
        "poverty_rate" => [7.0, 7.5, 7.2, 9.0, 9.6, 9.1, 11.0, 11.9, 11.2],
        "unemployment_rate" => [6.0, 8.0, 7.0, 5.0, 7.5, 6.5, 9.0, 10.0, 9.5],
        "twice_u" => [12.0, 16.0, 14.0, 10.0, 15.0, 13.0, 18.0, 20.0, 19.0],
        "const_in_region" => [1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 3.0, 3.0],
        "one_level" => ["k"; 9],
        "empty" => [None::<f64>; 9],
    )
    .unwrap()
}

fn err(spec: ModelSpec) -> String {
    spec.panel("region", "year")
        .fit(&df())
        .unwrap_err()
        .to_string()
}

#[test]
fn unknown_column_lists_available_and_suggests() {
    let e = err(ModelSpec::new("poverty_rate ~ unemployment_rat").unwrap());
    assert!(e.starts_with("column \"unemployment_rat\" not found (did you mean unemployment_rate?); available: region, year, poverty_rate"), "{e}");
}

#[test]
fn formula_syntax_error_has_a_caret() {
    let e = ModelSpec::new("poverty_rate ~ unemployment_rate +")
        .unwrap_err()
        .to_string();
    assert!(e.contains("poverty_rate ~ unemployment_rate +\n"), "{e}");
    assert!(e.ends_with(&format!("{}^", " ".repeat(2 + 34))), "{e:?}");
}

#[test]
fn a_fixed_effect_with_one_level_is_an_error() {
    let e = err(ModelSpec::new("poverty_rate ~ unemployment_rate | one_level").unwrap());
    assert!(
        e.contains("fixed effect one_level has a single level"),
        "{e}"
    );
}

#[test]
fn fewer_than_two_clusters_is_an_error() {
    let e = err(ModelSpec::new("poverty_rate ~ unemployment_rate")
        .unwrap()
        .vcov(Vcov::cluster(["one_level"])));
    assert_eq!(
        e,
        "clustering by one_level needs at least 2 clusters, found 1"
    );
}

#[test]
fn all_rows_dropped_is_an_error() {
    let e = err(ModelSpec::new("poverty_rate ~ empty").unwrap());
    assert!(
        e.starts_with("cannot estimate: all 9 rows of the sample have a missing value"),
        "{e}"
    );
}

#[test]
fn non_finite_values_are_an_error() {
    let mut d = df();
    d.with_column(Column::new(
        "bad".into(),
        [1.0, f64::INFINITY, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    ))
    .unwrap();
    let e = ModelSpec::new("poverty_rate ~ bad")
        .unwrap()
        .fit(&d)
        .unwrap_err()
        .to_string();
    assert!(e.contains("non-finite value inf at row 2"), "{e}");
}

#[test]
fn collinear_and_absorbed_regressors_are_dropped_by_name() {
    let f = ModelSpec::new("poverty_rate ~ unemployment_rate + twice_u + const_in_region | region")
        .unwrap()
        .panel("region", "year")
        .fit(&df())
        .unwrap();
    let s = f.summary();
    assert_eq!(s.dropped, ["const_in_region", "twice_u"]);
    assert!(
        s.warnings
            .iter()
            .any(|w| w == "const_in_region dropped: absorbed by the fixed effects (region)"),
        "{:?}",
        s.warnings
    );
    assert!(
        s.warnings
            .iter()
            .any(|w| w == "twice_u dropped: collinear with the other regressors"),
        "{:?}",
        s.warnings
    );
    assert_eq!(f.terms(), ["unemployment_rate"]);
}

#[test]
fn nothing_left_to_estimate_is_an_error() {
    let e = err(ModelSpec::new("poverty_rate ~ const_in_region | region").unwrap());
    assert!(
        e.contains("no regressor left to estimate (const_in_region dropped)"),
        "{e}"
    );
}

#[test]
fn lags_follow_the_time_column_not_the_previous_row() {
    // Drop 2020 for region a: the lag of 2021 is then missing, not 2019's value.
    let d = df()
        .lazy()
        .filter(
            col("region")
                .neq(lit("a"))
                .or(col("year").neq(lit(2020i64))),
        )
        .collect()
        .unwrap();
    let f = ModelSpec::new("poverty_rate ~ lag(unemployment_rate, 1)")
        .unwrap()
        .panel("region", "year")
        .fit(&d)
        .unwrap();
    // Lags exist for 2020 and 2021 of b and c only (a's 2021 lag would be 2020, which is gone).
    assert_eq!(f.nobs(), 4);
    assert_eq!(f.terms(), ["(Intercept)", "lag(unemployment_rate,1)"]);
}

#[test]
fn a_cross_section_needs_no_panel_columns() {
    let f = ModelSpec::new("poverty_rate ~ unemployment_rate")
        .unwrap()
        .vcov(Vcov::parse("hc3").unwrap())
        .fit(&df())
        .unwrap();
    assert_eq!(f.nobs(), 9);
    assert!(f.std_error("unemployment_rate").unwrap().is_finite());
    let e = ModelSpec::new("poverty_rate ~ unemployment_rate")
        .unwrap()
        .estimator(Estimator::FirstDifference)
        .fit(&df())
        .unwrap_err();
    assert!(e.to_string().contains("needs an entity column"), "{e}");
}

/// A perfect fit (residuals zero, standard errors zero) gives statistics, not a panic in the
/// p-value: an infinite t has p = 0, a 0/0 has none.
#[test]
fn a_perfect_fit_gives_statistics_not_a_panic() {
    use indikator::hypothesis::Dist;
    assert_eq!(Dist::T { df: 10.0 }.p_value(f64::INFINITY), 0.0);
    assert_eq!(Dist::Normal.p_value(f64::NEG_INFINITY), 0.0);
    assert!(Dist::T { df: 10.0 }.p_value(f64::NAN).is_nan());
    assert_eq!(
        Dist::F {
            df1: 1.0,
            df2: 10.0
        }
        .p_value(f64::INFINITY),
        0.0
    );
    assert_eq!(Dist::ChiSq { df: 2.0 }.p_value(f64::NEG_INFINITY), 1.0);
    let df = polars::prelude::df!(
        "y" => [2.0, 4.0, 6.0, 8.0, 10.0],
        "x" => [1.0, 2.0, 3.0, 4.0, 5.0]
    )
    .unwrap();
    let fit = indikator::model::ModelSpec::new("y ~ x")
        .unwrap()
        .fit(&df)
        .unwrap();
    assert!((fit.coef("x").unwrap() - 2.0).abs() < 1e-12);
    let c = fit.coefficients(0.95);
    assert!(
        c.iter()
            .all(|c| !c.p_value.is_finite() || (0.0..=1.0).contains(&c.p_value))
    );
}
