//! The main job: Kota Sukabumi's RPJMD 2025–2029 evidence. Loads the bundled BPS / Open Data
//! Jabar data, fits and chooses the model (CEM / FEM / REM), projects poverty (P0) to 2030 under
//! TPT scenarios with 80/95% bands, seeks the TPT the public poverty target would need, backtests,
//! and writes the charts (SVG and PNG) and a self-contained HTML report.
//!
//! Run: `cargo run --example rpjmd_sukabumi [OUT_DIR] [id|en]` (default `out/rpjmd_sukabumi`, id).

use std::path::PathBuf;
use std::time::Instant;

use indikator::plot::Lang;
use indikator::report::rpjmd_report;
use polars::prelude::*;

fn main() -> indikator::Result<()> {
    let start = Instant::now();
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .map_or_else(|| PathBuf::from("out/rpjmd_sukabumi"), PathBuf::from);
    let lang = match args.next() {
        Some(l) => Lang::parse(&l)?,
        None => Lang::Id,
    };
    let panel = indikator::datasets::jabar_panel()?;
    let sk = panel
        .region("Kota Sukabumi")?
        .lazy()
        .filter(col("year").gt_eq(lit(2015)))
        .select([col("year"), col("poverty_rate"), col("unemployment_rate")])
        .collect()?;
    println!("Kota Sukabumi (3272), P0 dan TPT / P0 and TPT 2015–2025:");
    for (y, (p, u)) in sk.column("year")?.i32()?.iter().zip(
        sk.column("poverty_rate")?
            .f64()?
            .iter()
            .zip(sk.column("unemployment_rate")?.f64()?.iter()),
    ) {
        let f = |v: Option<f64>| v.map_or("  -  ".to_string(), |v| format!("{v:5.2}"));
        println!("  {}  P0 {}  TPT {}", y.unwrap_or(0), f(p), f(u));
    }
    let r = rpjmd_report("Kota Sukabumi", lang, &out, 2030)?;
    println!("\nModel terpilih / chosen model: {}", r.chosen.code());
    println!(
        "FEM: {:+.3} pp P0 per pp TPT (p = {:.4})",
        r.fem_slope.estimate, r.fem_slope.p_value
    );
    for p in &r.projections {
        println!(
            "P0 {} {:<45} {:5.2}%  (95% PI {:.2}–{:.2})",
            r.plan_year,
            p.label.get(lang),
            p.estimate,
            p.pi_low,
            p.pi_high
        );
    }
    if let Some(t) = &r.target {
        println!("Target: {}\n        {}", t.message_id, t.message_en);
    }
    println!(
        "\nMetode proyeksi / projection method: {}\n  {}\n  {}",
        r.method, r.method_why.1, r.method_why.0
    );
    println!("Uji balik bergulir / rolling backtest (MAE, skill vs no change, 95% coverage):");
    for m in &r.backtest {
        let cov = m
            .coverage95
            .map_or_else(|| "   –".to_string(), |c| format!("{:3.0}%", 100.0 * c));
        println!(
            "  {:<15} MAE {:.2} pp  skill {:+4.0}%  {cov}  (n = {})",
            m.method.name(),
            m.mae,
            100.0 * m.skill_vs_naive,
            m.n
        );
    }
    println!("\nLaporan / report: {}", r.html.display());
    println!("({:.2} s)", start.elapsed().as_secs_f64());
    Ok(())
}
