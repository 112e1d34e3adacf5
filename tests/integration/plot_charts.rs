//! Every chart renders to a non-empty SVG (with its title) and a valid PNG, in both languages.

use indikator::model::{Estimator, ModelSpec};
use indikator::plot::{
    BandSeries, Lang, backtest_chart, coef_plot, fan_chart, small_multiples, within_scatter,
};
use indikator::projection::{Method, Projector, Scenario, YearEffects, history};
use indikator::vcov::Vcov;

fn is_png(b: &[u8]) -> bool {
    b.len() > 1000 && b.starts_with(b"\x89PNG\r\n\x1a\n")
}

fn out_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("indikator-charts-{}", std::process::id()))
}

#[test]
fn all_charts_render_to_svg_and_png() {
    let panel = indikator::datasets::jabar_panel().unwrap();
    let spec = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")
        .unwrap()
        .vcov(Vcov::cluster(["region_code"]))
        .sample(Some(2015), None);
    let p = Projector::new(&spec, &panel, YearEffects::Zero).unwrap();
    let sc = vec![
        Scenario::baseline(&panel, "Kota Sukabumi", "unemployment_rate", 2030, 5).unwrap(),
        Scenario::shock(
            &panel,
            "Kota Sukabumi",
            "unemployment_rate",
            2027,
            None,
            2030,
        )
        .unwrap(),
    ];
    let projection = p.project(&sc).unwrap();
    let t = projection.frame().unwrap();
    let col = |n: &str| {
        t.column(n)
            .unwrap()
            .f64()
            .unwrap()
            .iter()
            .map(|v| v.unwrap())
            .collect::<Vec<f64>>()
    };
    let (est, l80, h80, l95, h95) = (
        col("estimate"),
        col("pi80_low"),
        col("pi80_high"),
        col("pi_low"),
        col("pi_high"),
    );
    let years: Vec<i32> = t
        .column("year")
        .unwrap()
        .i32()
        .unwrap()
        .iter()
        .map(|v| v.unwrap())
        .collect();
    let names: Vec<String> = t
        .column("scenario")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.unwrap().to_string())
        .collect();
    let bands: Vec<BandSeries> = ["baseline", "shock"]
        .iter()
        .map(|n| BandSeries {
            name: n.to_string(),
            points: (0..years.len())
                .filter(|&i| names[i] == *n)
                .map(|i| indikator::plot::BandPoint {
                    year: years[i],
                    estimate: est[i],
                    pi80: (l80[i], h80[i]),
                    pi95: (l95[i], h95[i]),
                })
                .collect(),
        })
        .collect();
    // The chart's bands come from the typed projection: the same numbers as its table.
    assert_eq!(indikator::plot::bands_of(&projection), bands);
    let hist = history(&panel, "Kota Sukabumi", "poverty_rate").unwrap();
    let dir = out_dir();
    for lang in [Lang::Id, Lang::En] {
        let title = lang.t("Kota Sukabumi: proyeksi P0", "Kota Sukabumi: P0 projection");
        let fan = fan_chart(
            title,
            &hist,
            &bands,
            &[(2026, 6.0, "IKU".into())],
            Some(2015),
            lang,
        )
        .unwrap();
        assert!(
            fan.svg.contains(title) && fan.svg.contains(lang.t("Tahun", "Year")),
            "fan svg"
        );
        assert!(
            fan.svg
                .contains(lang.t("jeda seri 2015", "series break 2015"))
        );
        assert!(is_png(&fan.png));
        fan.save(&dir, &format!("fan_{lang:?}")).unwrap();

        let regions: Vec<(String, Vec<(i32, f64)>)> = indikator::registry::Registry::bundled()
            .regions()
            .iter()
            .filter(|r| r.parent.as_deref() == Some("32"))
            .map(|r| {
                (
                    r.name.clone(),
                    history(&panel, &r.code, "poverty_rate").unwrap(),
                )
            })
            .collect();
        assert_eq!(regions.len(), 27);
        let sm = small_multiples("Jawa Barat", &regions, "Kota Sukabumi", "P0 (%)", lang).unwrap();
        assert!(
            sm.svg.contains("Jawa Barat — P0 (%)")
                && sm.svg.contains("Kota Sukabumi")
                && is_png(&sm.png)
        );
        sm.save(&dir, &format!("multiples_{lang:?}")).unwrap();

        let fe = spec.fit_panel(&panel).unwrap();
        let sc = within_scatter(&fe, "unemployment_rate", lang).unwrap();
        assert!(sc.svg.contains(lang.t("dalam wilayah", "within regions")) && is_png(&sc.png));
        sc.save(&dir, &format!("scatter_{lang:?}")).unwrap();

        let pooled = ModelSpec::new("poverty_rate ~ unemployment_rate")
            .unwrap()
            .vcov(Vcov::cluster(["region_code"]))
            .sample(Some(2015), None)
            .fit_panel(&panel)
            .unwrap();
        let re = ModelSpec::new("poverty_rate ~ unemployment_rate")
            .unwrap()
            .estimator(Estimator::Random)
            .sample(Some(2015), None)
            .fit_panel(&panel)
            .unwrap();
        let cp = coef_plot(
            &[("CEM", &pooled), ("FEM", &fe), ("REM", &re)],
            "unemployment_rate",
            lang,
        )
        .unwrap();
        assert!(
            cp.svg.contains("FEM")
                && cp.svg.contains(lang.t("Pengaruh TPT", "Effect of TPT"))
                && is_png(&cp.png)
        );
        cp.save(&dir, &format!("coefs_{lang:?}")).unwrap();

        let mut plan = indikator::plan::ProjectionPlan::new("");
        plan.formula = "poverty_rate ~ unemployment_rate | region_code".into();
        let b = plan
            .backtest(&panel, indikator::plan::BacktestWhen::Year(2019))
            .unwrap();
        let pts: Vec<indikator::plot::BacktestPoint> = b
            .rows
            .iter()
            .filter(|r| r.method == Method::Level)
            .map(|r| {
                let (low, high) = r.pi95.unwrap();
                indikator::plot::BacktestPoint {
                    actual: r.actual.unwrap(),
                    estimate: r.estimate,
                    low,
                    high,
                }
            })
            .collect();
        assert_eq!(pts.len(), 27 * 6);
        let bt = backtest_chart(&pts, 2019, lang).unwrap();
        assert!(bt.svg.contains("2019") && is_png(&bt.png));
        bt.save(&dir, &format!("backtest_{lang:?}")).unwrap();
    }
    println!("charts in {}", dir.display());
}
