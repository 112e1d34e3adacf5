//! Time one two-way FE fit with CR1 by region on a panel file, as `benches/peers/bench_one.py`
//! times the peers: reading excluded, one warm-up fit on the first 2,000 rows, then the timed fit.
//! Prints one JSON line.
//!
//! `cargo run --release --example time_fit -- peers-data/m830k.parquet`

use std::time::Instant;

use indikator::model::ModelSpec;
use indikator::vcov::Vcov;

fn main() -> indikator::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "peers-data/m830k.parquet".into());
    let t0 = Instant::now();
    let spec = ModelSpec::new("y ~ x1 + x2 + x3 | region + year")?.vcov(Vcov::cluster(["region"]));
    let df =
        indikator::panel::read_columns(std::path::Path::new(&path), &spec.formula().columns())?;
    let load_s = t0.elapsed().as_secs_f64();
    spec.fit(&df.head(Some(2000)))?;
    let t1 = Instant::now();
    let fit = spec.fit(&df)?;
    let fit_s = t1.elapsed().as_secs_f64();
    let terms = ["x1", "x2", "x3"];
    let coef: Vec<f64> = terms
        .iter()
        .map(|t| fit.coef(t).unwrap_or(f64::NAN))
        .collect();
    let se: Vec<f64> = terms
        .iter()
        .map(|t| fit.std_error(t).unwrap_or(f64::NAN))
        .collect();
    println!(
        "{{\"peer\": \"indikator\", \"rows\": {}, \"load_s\": {load_s:.4}, \"fit_s\": {fit_s:.4}, \"coef_x1\": {:.9}, \"se_x1\": {:.9}, \"coef\": {coef:?}, \"se\": {se:?}}}",
        fit.nobs(),
        coef[0],
        se[0]
    );
    Ok(())
}
