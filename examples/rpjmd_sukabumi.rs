//! The main job: the Kota Sukabumi panel, the Jawa Barat summary, the claim that poverty (P0)
//! moves with unemployment (TPT), and the RPJMD projection to 2030 under TPT scenarios with the
//! TPT the public poverty target would need, and a backtest. (Charts and the HTML report are
//! not built yet.)
//!
//! Run: `cargo run --example rpjmd_sukabumi`

use indikator::compare::{RegressionTable, TableFormat};
use indikator::datasets;
use indikator::model::ModelSpec;
use indikator::projection::{Projector, Scenario, YearEffects, backtest, seek_target};
use indikator::vcov::Vcov;
use polars::prelude::*;

fn main() -> indikator::Result<()> {
    // Print whole tables. SAFETY: set before any other thread exists.
    unsafe { std::env::set_var("POLARS_FMT_MAX_ROWS", "60") };
    let panel = datasets::jabar_panel()?;

    println!("== Kota Sukabumi (3272): P0 dan TPT per tahun / P0 and TPT by year ==");
    let sk = panel
        .region("Kota Sukabumi")?
        .lazy()
        .select([
            col("year"),
            col("poverty_rate"),
            col("unemployment_rate"),
            col("poor_population"),
            col("poverty_line"),
        ])
        .collect()?;
    println!("{sk}");

    println!("\n== Jawa Barat: 27 kab/kota ==");
    print!("{}", panel.report()?);

    let latest = panel
        .frame()
        .clone()
        .lazy()
        .filter(col("year").eq(lit(2025)))
        .select([
            col("poverty_rate").mean().alias("mean P0 2025"),
            col("poverty_rate").min().alias("min P0"),
            col("poverty_rate").max().alias("max P0"),
            col("unemployment_rate").mean().alias("mean TPT 2025"),
            col("unemployment_rate").min().alias("min TPT"),
            col("unemployment_rate").max().alias("max TPT"),
        ])
        .collect()?;
    println!("{latest}");

    println!("\n== P0 ~ TPT, 2015–2025 (clustered by kab/kota) ==");
    let f = "poverty_rate ~ unemployment_rate";
    let cl = Vcov::cluster(["region_code"]);
    let pooled = ModelSpec::new(f)?
        .vcov(cl.clone())
        .sample(Some(2015), Some(2025))
        .fit_panel(&panel)?;
    let fe = ModelSpec::new(&format!("{f} | region_code"))?
        .vcov(cl.clone())
        .sample(Some(2015), Some(2025))
        .fit_panel(&panel)?;
    let twfe = ModelSpec::new(&format!("{f} | region_code + year"))?
        .vcov(cl)
        .sample(Some(2015), Some(2025))
        .fit_panel(&panel)?;
    let table = RegressionTable::new(&[
        ("Pooled (CEM)", &pooled),
        ("FE (FEM)", &fe),
        ("FE + year", &twfe),
    ]);
    print!("{}", table.render(TableFormat::Text));

    println!("\n== Proyeksi RPJMD / projection to 2030: Kota Sukabumi (FEM, 2015–2025, CR1) ==");
    let spec = ModelSpec::new(&format!("{f} | region_code"))?
        .vcov(Vcov::cluster(["region_code"]))
        .sample(Some(2015), None);
    let region = "Kota Sukabumi";
    let var = "unemployment_rate";
    let scenarios = vec![
        Scenario::baseline(&panel, region, var, 2030, 5)?,
        Scenario::target_path(&panel, region, var, 6.5, 2029, 2030)?,
        Scenario::shock(&panel, region, var, 2027, None, 2030)?,
        // Pemkot: ~2,000 fewer unemployed a year; 14,600 unemployed at TPT 8.19% (2025) imply a
        // labour force of about 14,600 / 0.0819 = 178,266 (see data/targets.csv).
        Scenario::reduce_unemployed(&panel, region, 2000.0, 14_600.0 / 0.0819, 2030)?,
    ];
    for ye in [YearEffects::Zero, YearEffects::Trend { years: 5 }] {
        let label = match ye {
            YearEffects::Zero => "region effects only",
            _ => "two-way model, year effects on their 5-year trend",
        };
        let spec = match ye {
            YearEffects::Zero => spec.clone(),
            _ => ModelSpec::new(&format!("{f} | region_code + year"))?
                .vcov(Vcov::cluster(["region_code"]))
                .sample(Some(2015), None),
        };
        let p = Projector::new(&spec, &panel, ye)?;
        let t = p.project(&scenarios)?;
        let at2029 = t
            .lazy()
            .filter(col("year").eq(lit(2029)))
            .select([
                col("scenario"),
                col("estimate"),
                col("pi_low"),
                col("pi_high"),
            ])
            .collect()?;
        println!("\nP0 2029, {label}:\n{at2029}");
        let target = seek_target(&p, region, var, 6.0, 2026, Some(&scenarios[0]))?;
        println!(
            "Target 6.0% in 2026 (IKU, news statement): {}\n  {}",
            target.message_en, target.message_id
        );
    }
    for s in &scenarios {
        println!("  {:<18} {}", s.name, s.method);
    }
    let (_, bt) = backtest(&spec, &panel, 2019, YearEffects::Zero)?;
    println!(
        "\nBacktest (fit 2015–2019, project 2020–2025 with actual TPT, {} region-years): MAE {:.2} pp, RMSE {:.2} pp, bias {:+.2} pp, 95% band covers {:.0}%",
        bt.n,
        bt.mae,
        bt.rmse,
        bt.bias,
        100.0 * bt.coverage95
    );
    Ok(())
}
