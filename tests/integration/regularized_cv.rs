//! linfa elastic net on the within-demeaned design, and k-fold CV error.

use indikator::model::ModelSpec;
use indikator::regularized::{Penalty, cv_rmse, penalized};

fn fit() -> indikator::model::Fit {
    ModelSpec::new("poverty_rate ~ unemployment_rate + log(expenditure) + lag(unemployment_rate, 1) | region_code")
        .unwrap()
        .sample(Some(2011), Some(2020))
        .fit_panel(&indikator::datasets::jabar_panel().unwrap())
        .unwrap()
}

#[test]
fn no_penalty_reproduces_the_within_slopes() {
    let f = fit();
    let p = penalized(&f, Penalty::None).unwrap();
    assert_eq!(p.terms, f.terms());
    for (a, b) in p.coefficients.iter().zip(f.coefs().iter()) {
        assert!((a - b).abs() < 1e-8 * (1.0 + b.abs()), "{a} vs {b}");
    }
}

#[test]
fn penalties_shrink_and_lasso_selects() {
    let f = fit();
    let ols = penalized(&f, Penalty::None).unwrap().coefficients;
    let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
    let ridge = penalized(&f, Penalty::Ridge(0.5)).unwrap().coefficients;
    assert!(norm(&ridge) < norm(&ols));
    let lasso = penalized(&f, Penalty::Lasso(10.0)).unwrap().coefficients;
    assert!(lasso.iter().all(|b| *b == 0.0), "{lasso:?}");
    let net = penalized(&f, Penalty::ElasticNet(0.05, 0.5))
        .unwrap()
        .coefficients;
    assert!(norm(&net) < norm(&ols));
}

#[test]
fn cross_validated_error_is_reproducible_and_not_below_in_sample_error() {
    let f = fit();
    let a = cv_rmse(&f, Penalty::None, 5, 1).unwrap();
    assert_eq!(a, cv_rmse(&f, Penalty::None, 5, 1).unwrap());
    let in_sample = f.summary().rmse;
    assert!(a > in_sample, "{a} vs {in_sample}");
    // A model with only an intercept on the demeaned data predicts worse than the regressors do.
    let flat = cv_rmse(&f, Penalty::Lasso(10.0), 5, 1).unwrap();
    assert!(flat > a, "{flat} vs {a}");
    assert!(cv_rmse(&f, Penalty::None, 1, 1).is_err());
}
