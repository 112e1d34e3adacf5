//! Projections that earn trust: the anchored projection computed by hand, no look-ahead in the
//! backtest, the naive benchmark, and the JSON contract of `project --backtest`.

use indikator::model::ModelSpec;
use indikator::panel::Panel;
use indikator::projection::{Anchor, Method, Projector, YearEffects, forecasts_at};
use polars::prelude::*;

/// Three regions × 2015–2020 of P0 (`y`) and TPT (`x`), made up to be easy to follow.
fn small_panel(poison_after: Option<i32>) -> Panel {
    let ys = [
        [10.0, 9.6, 9.5, 9.1, 8.8, 9.3],
        [7.0, 7.2, 6.9, 6.5, 6.6, 7.1],
        [12.0, 11.1, 10.9, 10.6, 10.0, 10.8],
    ];
    let xs = [
        [8.0, 7.5, 7.9, 7.1, 6.8, 8.9],
        [5.0, 5.6, 5.2, 4.8, 5.1, 6.3],
        [9.0, 8.2, 8.4, 8.0, 7.3, 9.1],
    ];
    let (mut code, mut year, mut y, mut x) = (vec![], vec![], vec![], vec![]);
    for r in 0..3 {
        for t in 0..6 {
            let yr = 2015 + t as i32;
            let bad = poison_after.is_some_and(|o| yr > o);
            code.push(format!("r{r}"));
            year.push(yr);
            y.push(if bad { 999.0 } else { ys[r][t] });
            x.push(if bad { -999.0 } else { xs[r][t] });
        }
    }
    let df =
        df!("region_code" => code, "year" => year, "poverty_rate" => y, "unemployment_rate" => x)
            .unwrap();
    Panel::from_frame(df, "region_code", "year").unwrap()
}

fn spec() -> ModelSpec {
    ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")
        .unwrap()
        .sample(Some(2015), None)
}

/// Horizon 1 of the anchored projection, by hand: $\hat\alpha_i + \hat\beta x_{T+1} + \hat\rho e_{iT}$
/// with $\hat\beta$ the within slope, $\hat\alpha_i = \bar y_i - \hat\beta\bar x_i$,
/// $e_{iT} = y_{iT} - \hat\alpha_i - \hat\beta x_{iT}$ and $\hat\rho = 1 + 2\hat r$, $\hat r$ the
/// AR(1) coefficient of the first-difference residuals (FD with intercept).
#[test]
fn anchored_projection_at_horizon_one_equals_the_hand_computed_value() {
    let panel = small_panel(None);
    let (y, x): (Vec<Vec<f64>>, Vec<Vec<f64>>) = {
        let f = panel.frame();
        let c = |n: &str| {
            f.column(n)
                .unwrap()
                .f64()
                .unwrap()
                .iter()
                .map(|v| v.unwrap())
                .collect::<Vec<f64>>()
        };
        let (yy, xx) = (c("poverty_rate"), c("unemployment_rate"));
        (
            (0..3).map(|r| yy[r * 6..r * 6 + 6].to_vec()).collect(),
            (0..3).map(|r| xx[r * 6..r * 6 + 6].to_vec()).collect(),
        )
    };
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    // Within slope.
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for r in 0..3 {
        let (my, mx) = (mean(&y[r]), mean(&x[r]));
        for t in 0..6 {
            sxy += (x[r][t] - mx) * (y[r][t] - my);
            sxx += (x[r][t] - mx).powi(2);
        }
    }
    let beta = sxy / sxx;
    // FD with intercept, its residuals' AR(1).
    let (mut dy, mut dx) = (vec![], vec![]);
    for r in 0..3 {
        for t in 1..6 {
            dy.push(y[r][t] - y[r][t - 1]);
            dx.push(x[r][t] - x[r][t - 1]);
        }
    }
    let (mdy, mdx) = (mean(&dy), mean(&dx));
    let b_fd = dy
        .iter()
        .zip(&dx)
        .map(|(a, b)| (b - mdx) * (a - mdy))
        .sum::<f64>()
        / dx.iter().map(|b| (b - mdx).powi(2)).sum::<f64>();
    let c_fd = mdy - b_fd * mdx;
    let u: Vec<f64> = dy
        .iter()
        .zip(&dx)
        .map(|(a, b)| a - c_fd - b_fd * b)
        .collect();
    let (mut num, mut den) = (0.0, 0.0);
    for r in 0..3 {
        for t in 1..5 {
            num += u[r * 5 + t] * u[r * 5 + t - 1];
            den += u[r * 5 + t - 1].powi(2);
        }
    }
    let rho = (1.0 + 2.0 * num / den).clamp(-0.99, 0.99);
    let p = Projector::new(&spec(), &panel, YearEffects::Zero)
        .unwrap()
        .with_anchor(Anchor::LastResidual)
        .unwrap();
    assert!(
        (p.persistence().rho - rho).abs() < 1e-10,
        "{} vs {rho}",
        p.persistence().rho
    );
    for r in 0..3 {
        let alpha = mean(&y[r]) - beta * mean(&x[r]);
        let e_t = y[r][5] - alpha - beta * x[r][5];
        let x_next = x[r][5] - 0.5;
        let want = alpha + beta * x_next + rho * e_t;
        let (got, _) = p.predict(&format!("r{r}"), 2021, &[x_next]).unwrap();
        assert!((got - want).abs() < 1e-10, "region {r}: {got} vs {want}");
        // Equivalently: last value + β·ΔTPT − (1 − ρ)·e_T.
        let from_last = y[r][5] + beta * (x_next - x[r][5]) - (1.0 - rho) * e_t;
        assert!((got - from_last).abs() < 1e-10);
    }
}

/// Values after the origin, however wrong, change no forecast made from it.
#[test]
fn backtest_forecasts_do_not_see_after_their_origin() {
    let clean = forecasts_at(&spec(), &small_panel(None), 2018, 2, YearEffects::Zero).unwrap();
    let poisoned = forecasts_at(
        &spec(),
        &small_panel(Some(2018)),
        2018,
        2,
        YearEffects::Zero,
    )
    .unwrap();
    assert!(!clean.is_empty());
    assert_eq!(clean.len(), poisoned.len());
    for (a, b) in clean.iter().zip(&poisoned) {
        assert_eq!((a.method, &a.region, a.year), (b.method, &b.region, b.year));
        assert_eq!(a.estimate.to_bits(), b.estimate.to_bits(), "{a:?}");
        assert_eq!(a.pi95, b.pi95);
        assert_ne!(
            a.actual, b.actual,
            "the actual values are the poisoned ones"
        );
    }
    // Every method forecast every region for both years.
    assert_eq!(clean.len(), Method::ALL.len() * 3 * 2);
}

/// The naive benchmark is the last value the origin saw.
#[test]
fn the_naive_forecast_is_the_last_value() {
    let rows = forecasts_at(&spec(), &small_panel(None), 2018, 2, YearEffects::Zero).unwrap();
    let last = [9.1, 6.5, 10.6];
    for r in rows.iter().filter(|r| r.method == Method::Naive) {
        let i: usize = r.region[1..].parse().unwrap();
        assert_eq!(r.estimate, last[i], "{r:?}");
        assert_eq!(r.horizon, r.year - 2018);
    }
}

/// `project --backtest rolling --json`: the backtest object of the contract, and projection rows
/// that say how they are anchored; the default projection starts from the last value.
#[cfg(feature = "cli")]
#[test]
fn project_json_backtest_contract_and_anchor() {
    let j = crate::common::cli_json(&[
        "project",
        "--region",
        "Kota Sukabumi",
        "--backtest",
        "rolling",
        "--json",
    ]);

    let b = &j["backtest"];
    let methods = b["methods"].as_array().unwrap();
    let names: Vec<&str> = methods
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    for want in [
        "naive",
        "trend",
        "average_change",
        "level",
        "anchored",
        "change",
    ] {
        assert!(names.contains(&want), "{names:?}");
    }
    for m in methods {
        for k in [
            "name",
            "mae",
            "rmse",
            "bias",
            "skill_vs_naive",
            "coverage80",
            "coverage95",
            "n",
        ] {
            assert!(m.get(k).is_some(), "{k} missing in {m}");
        }
        assert_eq!(m["n"], b["n"], "every method on the same region-years");
    }
    let naive = methods.iter().find(|m| m["name"] == "naive").unwrap();
    assert_eq!(naive["skill_vs_naive"], 0.0);
    assert!(
        b["by_horizon"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["horizon"] == 5)
    );
    let chosen = b["chosen"].as_str().unwrap();
    assert_eq!(j["method"], chosen);
    // The chosen method has the smallest MAE among the candidates.
    let mae = |n: &str| {
        methods.iter().find(|m| m["name"] == n).unwrap()["mae"]
            .as_f64()
            .unwrap()
    };
    for c in ["anchored", "change", "change_drift", "naive"] {
        assert!(mae(chosen) <= mae(c));
    }
    let rows = j["projection"].as_array().unwrap();
    assert!(
        rows.iter()
            .all(|r| r["anchor"].as_str().is_some_and(|a| a.contains("2025")))
    );
    // No jump: the baseline's first year starts from the region's last published P0 (exactly,
    // under no change; within one year's largest observed move under the other methods).
    let panel = indikator::datasets::jabar_panel().unwrap();
    let hist = indikator::projection::history(&panel, "Kota Sukabumi", "poverty_rate").unwrap();
    let (last_year, last) = *hist.last().unwrap();
    let max_move = hist
        .windows(2)
        .map(|w| (w[1].1 - w[0].1).abs())
        .fold(0.0, f64::max);
    let first = rows
        .iter()
        .find(|r| r["scenario"] == "baseline" && r["year"] == f64::from(last_year + 1))
        .unwrap();
    let start = first["estimate"].as_f64().unwrap();
    if chosen == "naive" {
        assert_eq!(start, last, "{first}");
    } else {
        assert!((start - last).abs() <= max_move, "{first}");
    }
    assert!(
        rows[0]["label_id"]
            .as_str()
            .unwrap()
            .starts_with("Skenario dasar")
    );
}
