//! The main job, for now: the Kota Sukabumi panel, the Jawa Barat summary, and a first look at
//! the claim that poverty (P0) moves with unemployment (TPT).
//!
//! Run: `cargo run --example rpjmd_sukabumi`

use indikator::compare::{RegressionTable, TableFormat};
use indikator::datasets;
use indikator::model::ModelSpec;
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
    Ok(())
}
