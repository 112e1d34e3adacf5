//! `Fit::fixed_effects`: the estimated effects reproduce every observation, and the projection
//! uses them; `with_vcov` shares the fit; public types are `Send + Sync`.

use indikator::prelude::*;

fn col(df: &polars::prelude::DataFrame, c: &str) -> Vec<Option<f64>> {
    df.column(c).unwrap().f64().unwrap().iter().collect()
}

/// $y_{it} = \hat\alpha_i + \hat\gamma_t + x_{it}\hat\beta + e_{it}$ on every estimation row.
#[test]
fn two_way_effects_reproduce_the_data() {
    let panel = datasets::jabar_panel().unwrap();
    let fit = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code + year")
        .unwrap()
        .sample(Some(2015), Some(2025))
        .fit_panel(&panel)
        .unwrap();
    let fx = fit.fixed_effects().unwrap();
    let (a, g) = (
        fx.factor("region_code").unwrap(),
        fx.factor("year").unwrap(),
    );
    assert_eq!((a.levels.len(), g.levels.len()), (27, 10));
    // Year effects have mean zero over their levels.
    assert!(g.values.iter().sum::<f64>().abs() < 1e-10);
    let df = fit.data();
    let (y, x) = (col(df, "poverty_rate"), col(df, "unemployment_rate"));
    let codes: Vec<String> = df
        .column("region_code")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.unwrap().to_string())
        .collect();
    let years = df.column("year").unwrap().i32().unwrap().clone();
    let b = fit.coef("unemployment_rate").unwrap();
    for (&r, e) in fit.rows().iter().zip(fit.residuals()) {
        let fitted = a.get(&codes[r]).unwrap()
            + g.get(&years.get(r).unwrap().to_string()).unwrap()
            + b * x[r].unwrap();
        assert!((fitted + e - y[r].unwrap()).abs() < 1e-9, "row {r}");
    }
}

/// One-way effects are the region means of $y - x\hat\beta$.
#[test]
fn one_way_effects_are_region_means() {
    let panel = datasets::jabar_panel().unwrap();
    let fit = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")
        .unwrap()
        .sample(Some(2015), None)
        .fit_panel(&panel)
        .unwrap();
    let fx = fit.fixed_effects().unwrap();
    let a = fx.factor("region_code").unwrap();
    let sk = panel.region("Kota Sukabumi").unwrap();
    let (y, x) = (col(&sk, "poverty_rate"), col(&sk, "unemployment_rate"));
    let yr = sk.column("year").unwrap().i32().unwrap().clone();
    let b = fit.coef("unemployment_rate").unwrap();
    let d: Vec<f64> = (0..sk.height())
        .filter(|&i| yr.get(i).unwrap() >= 2015 && y[i].is_some() && x[i].is_some())
        .map(|i| y[i].unwrap() - b * x[i].unwrap())
        .collect();
    let mean = d.iter().sum::<f64>() / d.len() as f64;
    assert!((a.get("3272").unwrap() - mean).abs() < 1e-10);
    // No absorbed effect, nothing to report.
    let pooled = ModelSpec::new("poverty_rate ~ unemployment_rate")
        .unwrap()
        .fit_panel(&panel)
        .unwrap();
    assert!(pooled.fixed_effects().unwrap().factors.is_empty());
}

/// A re-covariance keeps the estimates and only changes the inference.
#[test]
fn with_vcov_keeps_estimates_and_changes_inference() {
    let panel = datasets::jabar_panel().unwrap();
    let fit = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")
        .unwrap()
        .fit_panel(&panel)
        .unwrap();
    let cl = fit
        .with_vcov(Vcov::cluster("region_code"), Ssc::Fixest)
        .unwrap();
    assert_eq!(fit.coefs(), cl.coefs());
    assert_eq!(cl.n_clusters(), Some(27));
    assert_ne!(
        fit.std_error("unemployment_rate"),
        cl.std_error("unemployment_rate")
    );
    assert_eq!(cl.with_ssc(Ssc::Full).unwrap().ssc(), Ssc::Full);
    assert!(fit.summary().r2 == fit.r2() && fit.r2_within() == fit.summary().r2_within);
    // Two-way clustering needs both columns present; an unknown one is named.
    let e = fit
        .with_vcov(Vcov::cluster(["region_code", "yearr"]), Ssc::Fixest)
        .unwrap_err()
        .to_string();
    assert!(e.contains("yearr"), "{e}");
}

/// Public types can cross threads (a notebook session runs on its own thread).
#[test]
fn public_types_are_send_and_sync() {
    fn is<T: Send + Sync>() {}
    is::<Fit>();
    is::<Panel>();
    is::<ModelSpec>();
    is::<Vcov>();
    is::<indikator::plan::ProjectionPlan>();
    is::<indikator::Error>();
    #[cfg(feature = "script")]
    is::<indikator::script::Session>();
}
