//! Projections checked against hand computation on a small model, target seeking that really
//! gives the target, backtests and scenario errors.

use indikator::Panel;
use indikator::model::ModelSpec;
use indikator::projection::{
    Method, Projector, Reachability, Scenario, YearEffects, from_csv, from_toml, seek_target,
};
use polars::prelude::*;

/// Two regions × 4 years; one-way FE. Reference numbers computed independently with
/// numpy/scipy (β = Σx̃ỹ/Σx̃², α_A = ȳ_A − x̄_A β, σ² = RSS/(N−1−2), se²_fit = (x_f−x̄_A)²V + σ²/4).
fn small() -> Panel {
    let df = df!(
        "region_code" => ["A", "A", "A", "A", "B", "B", "B", "B"],
        "year" => [2001i64, 2002, 2003, 2004, 2001, 2002, 2003, 2004],
        "p0" => [2.0, 2.4, 3.1, 3.3, 5.1, 6.0, 6.4, 7.6],
        "tpt" => [1.0, 2.0, 3.0, 4.0, 2.0, 4.0, 5.0, 7.0],
    )
    .unwrap();
    Panel::from_frame(df, "region_code", "year").unwrap()
}

#[test]
fn point_confidence_and_prediction_bands_match_hand_computation() {
    let panel = small();
    let p = Projector::new(
        &ModelSpec::new("p0 ~ tpt | region_code").unwrap(),
        &panel,
        YearEffects::Zero,
    )
    .unwrap();
    assert!((p.fit().coef("tpt").unwrap() - 0.4861111111111111).abs() < 1e-12);
    let s = Scenario::custom("x5", "A", "tpt", &[(2005, 5.0)]);
    let t = p.project(&[s]).unwrap().frame().unwrap();
    let get = |c: &str| t.column(c).unwrap().f64().unwrap().get(0).unwrap();
    for (c, want) in [
        ("estimate", 3.915277777777778),
        ("ci_low", 3.673558232775568),
        ("ci_high", 4.156997322779987),
        ("pi_low", 3.5199780998721484),
        ("pi_high", 4.310577455683408),
    ] {
        assert!((get(c) - want).abs() < 1e-9, "{c}: {} vs {want}", get(c));
    }
    assert!(get("pi80_low") > get("pi_low") && get("ci80_high") < get("ci_high"));
}

#[test]
fn target_seeking_matches_hand_computation_and_the_path_reaches_the_target() {
    let panel = small();
    let p = Projector::new(
        &ModelSpec::new("p0 ~ tpt | region_code").unwrap(),
        &panel,
        YearEffects::Zero,
    )
    .unwrap();
    let a = seek_target(&p, "A", "tpt", 3.5, 2005, None).unwrap();
    assert!(
        (a.required - 4.145714285714285).abs() < 1e-9,
        "{}",
        a.required
    );
    assert!(
        (a.ci_low - 3.7385302998462224).abs() < 1e-9
            && (a.ci_high - 4.552898271582348).abs() < 1e-9,
        "{a:?}"
    );
    assert_eq!(a.reachability, Reachability::Reachable);
    let t = p
        .project(&[Scenario::custom("found", "A", "tpt", &[(2005, a.required)])])
        .unwrap()
        .frame()
        .unwrap();
    assert!((t.column("estimate").unwrap().f64().unwrap().get(0).unwrap() - 3.5).abs() < 1e-10);
    // 0.5% would need a TPT far below anything observed.
    let b = seek_target(&p, "A", "tpt", 0.5, 2005, None).unwrap();
    assert_eq!(b.reachability, Reachability::OutsideDataRange);
    assert!(
        b.message_en
            .contains("not reachable within the data's range"),
        "{}",
        b.message_en
    );
    assert!(
        seek_target(&p, "A", "tpt", 120.0, 2005, None)
            .unwrap_err()
            .to_string()
            .contains("outside 0–100")
    );
}

#[test]
fn kota_sukabumi_target_with_the_real_panel_is_reachable_in_the_found_path() {
    let panel = indikator::datasets::jabar_panel().unwrap();
    let spec = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")
        .unwrap()
        .sample(Some(2015), None);
    let p = Projector::new(&spec, &panel, YearEffects::Zero).unwrap();
    let a = seek_target(&p, "Kota Sukabumi", "unemployment_rate", 6.0, 2029, None).unwrap();
    let path = Scenario::target_path(
        &panel,
        "Kota Sukabumi",
        "unemployment_rate",
        a.required.max(0.0),
        2029,
        2030,
    )
    .unwrap();
    let t = p.project(&[path]).unwrap().frame().unwrap();
    let est = t.column("estimate").unwrap().f64().unwrap();
    let years = t.column("year").unwrap().i32().unwrap();
    let at_2029 = years
        .iter()
        .zip(est.iter())
        .find(|(y, _)| *y == Some(2029))
        .unwrap()
        .1
        .unwrap();
    if a.required >= 0.0 {
        assert!((at_2029 - 6.0).abs() < 1e-9, "{at_2029}");
    }
    println!("{}\n{}", a.message_en, a.message_id);
}

#[test]
fn backtest_reports_errors_and_coverage() {
    let panel = indikator::datasets::jabar_panel().unwrap();
    let mut plan = indikator::plan::ProjectionPlan::new("");
    plan.formula = "poverty_rate ~ unemployment_rate | region_code".into();
    plan.from = 2015;
    let b = plan
        .backtest(&panel, indikator::plan::BacktestWhen::Year(2019))
        .unwrap();
    // 27 regions × 2020–2025, all with P0 and TPT, the same region-years for every method.
    assert_eq!(b.origins, vec![2019]);
    assert_eq!(b.n, 27 * 6);
    let level: Vec<_> = b
        .rows
        .iter()
        .filter(|r| r.method == Method::Level)
        .collect();
    assert_eq!(level.len(), b.n);
    let s = b
        .methods
        .iter()
        .find(|s| s.method == Method::Level)
        .unwrap();
    assert!(s.rmse >= s.mae && s.mae > 0.0);
    let c95 = s.coverage95.unwrap();
    assert!((0.0..=1.0).contains(&c95) && c95 >= s.coverage80.unwrap());
    // The scores are the rows' errors: bias their mean, MAE the mean of their size.
    let err: Vec<f64> = level
        .iter()
        .map(|r| r.estimate - r.actual.unwrap())
        .collect();
    let n = err.len() as f64;
    assert!((err.iter().sum::<f64>() / n - s.bias).abs() < 1e-12);
    assert!((err.iter().map(|e| e.abs()).sum::<f64>() / n - s.mae).abs() < 1e-12);
    println!("{s:?}");
}

#[test]
fn two_way_projection_states_how_year_effects_are_carried() {
    let panel = indikator::datasets::jabar_panel().unwrap();
    let spec = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code + year")
        .unwrap()
        .sample(Some(2015), None);
    let base = Scenario::baseline(&panel, "Kota Sukabumi", "unemployment_rate", 2030, 5).unwrap();
    let mut est = vec![];
    for ye in [
        YearEffects::Zero,
        YearEffects::Last,
        YearEffects::Trend { years: 5 },
    ] {
        let p = Projector::new(&spec, &panel, ye).unwrap();
        let t = p
            .project(std::slice::from_ref(&base))
            .unwrap()
            .frame()
            .unwrap();
        let label = t
            .column("year_effects")
            .unwrap()
            .str()
            .unwrap()
            .get(0)
            .unwrap()
            .to_string();
        est.push((
            label,
            t.column("estimate").unwrap().f64().unwrap().get(4).unwrap(),
        ));
    }
    assert_eq!(est[0].0, "zero (average year)");
    assert_eq!(est[1].0, "last year effect held");
    assert!(est[0].1 != est[1].1 && est[1].1 != est[2].1, "{est:?}");
}

#[test]
fn bad_scenarios_name_the_field() {
    let panel = small();
    let p = Projector::new(
        &ModelSpec::new("p0 ~ tpt | region_code").unwrap(),
        &panel,
        YearEffects::Zero,
    )
    .unwrap();
    let e = p
        .project(&[Scenario::custom("old", "A", "tpt", &[(2003, 5.0)])])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("scenario \"old\", tpt, year 2003")
            && e.contains("after the data's last year 2004"),
        "{e}"
    );
    let e = p
        .project(&[Scenario::custom("far", "A", "tpt", &[(2040, 5.0)])])
        .unwrap_err()
        .to_string();
    assert!(e.contains("at most 2019"), "{e}");
    let e = p
        .project(&[Scenario::custom("wrongvar", "A", "tpt_x", &[(2005, 5.0)])])
        .unwrap_err()
        .to_string();
    assert!(e.contains("has no path for \"tpt\""), "{e}");
    let e = p
        .project(&[Scenario::custom("nowhere", "C", "tpt", &[(2005, 5.0)])])
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown region \"C\""), "{e}");
}

#[test]
fn scenario_files_in_csv_and_toml() {
    let csv = "scenario,region,variable,year,value\nlow,Kota Sukabumi,unemployment_rate,2026,7.9\nlow,Kota Sukabumi,unemployment_rate,2027,7.6\n";
    let a = from_csv(csv, "s.csv").unwrap();
    let toml = "[[scenario]]\nname = \"low\"\nregion = \"Kota Sukabumi\"\n[scenario.values.unemployment_rate]\n2026 = 7.9\n2027 = 7.6\n";
    let b = from_toml(toml, "s.toml").unwrap();
    assert_eq!(a[0].values, b[0].values);
    assert_eq!(a[0].values["unemployment_rate"][&2027], 7.6);
    let e = from_csv(
        "scenario,region,variable,year,value\nlow,X,u,20x6,7\n",
        "bad.csv",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "bad.csv, line 2, column \"year\": cannot read \"20x6\" as a year such as 2027"
    );
}

#[test]
fn reduce_unemployed_converts_persons_to_a_tpt_path() {
    let panel = indikator::datasets::jabar_panel().unwrap();
    // Kota Sukabumi TPT 2025 = 8.19%; with a labour force of 178,266 that is ~14,600 unemployed.
    let s = Scenario::reduce_unemployed(&panel, "Kota Sukabumi", 2000.0, 178_266.0, 2029).unwrap();
    let p = &s.values["unemployment_rate"];
    assert!((p[&2026] - 100.0 * (0.0819 * 178_266.0 - 2000.0) / 178_266.0).abs() < 1e-9);
    assert!((p[&2029] - 100.0 * (0.0819 * 178_266.0 - 8000.0) / 178_266.0).abs() < 1e-9);
}

#[test]
fn bootstrap_bands_are_reproducible_and_comparable_to_the_delta_method() {
    let panel = indikator::datasets::jabar_panel().unwrap();
    let spec = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")
        .unwrap()
        .sample(Some(2015), None);
    let p = Projector::new(&spec, &panel, YearEffects::Zero).unwrap();
    let s =
        vec![Scenario::baseline(&panel, "Kota Sukabumi", "unemployment_rate", 2030, 5).unwrap()];
    let a = p.project_bootstrap(&s, 999, 11).unwrap().frame().unwrap();
    assert_eq!(
        a,
        p.project_bootstrap(&s, 999, 11).unwrap().frame().unwrap()
    );
    let d = p.project(&s).unwrap().frame().unwrap();
    let g = |t: &DataFrame, c: &str| t.column(c).unwrap().f64().unwrap().get(4).unwrap();
    assert_eq!(g(&a, "estimate"), g(&d, "estimate"));
    for (lo, hi) in [("ci_low", "ci_high"), ("pi_low", "pi_high")] {
        let (wb, wd) = (g(&a, hi) - g(&a, lo), g(&d, hi) - g(&d, lo));
        assert!(g(&a, lo) < g(&a, "estimate") && g(&a, "estimate") < g(&a, hi));
        assert!(
            wb > 0.4 * wd && wb < 2.5 * wd,
            "{lo}: bootstrap width {wb} vs delta {wd}"
        );
    }
    let two_way = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code + year")
        .unwrap()
        .sample(Some(2015), None);
    let p2 = Projector::new(&two_way, &panel, YearEffects::Last).unwrap();
    assert!(p2.project_bootstrap(&s, 999, 1).is_err());
}
