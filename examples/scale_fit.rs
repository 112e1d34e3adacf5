//! How fit time grows with rows and with fixed-effect levels (two-way FE + CR1, 3 regressors),
//! on deterministic synthetic panels made here. Prints Markdown table rows; used by
//! `benches/compare/run.sh` for BENCHMARKS.md.
//!
//! `cargo run --release --example scale_fit`

use std::time::Instant;

use indikator::model::ModelSpec;
use indikator::vcov::Vcov;
use polars::prelude::*;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

fn unif(r: &mut ChaCha8Rng) -> f64 {
    (r.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn normal(r: &mut ChaCha8Rng) -> f64 {
    let (u, v) = (unif(r).max(1e-300), unif(r));
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// `rows` observations; balanced (every region × year once, `rows == e * t`), or each row draws
/// its region and year at random.
fn panel(rows: usize, e: usize, t: usize, balanced: bool, seed: u64) -> DataFrame {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    let ae: Vec<f64> = (0..e).map(|_| normal(&mut r)).collect();
    let bt: Vec<f64> = (0..t).map(|_| normal(&mut r)).collect();
    let mut region = Vec::with_capacity(rows);
    let mut year = Vec::with_capacity(rows);
    let (mut y, mut x1, mut x2, mut x3) = (vec![], vec![], vec![], vec![]);
    for i in 0..rows {
        let (g, k) = if balanced {
            (i / t, i % t)
        } else {
            (
                (r.next_u64() % e as u64) as usize,
                (r.next_u64() % t as u64) as usize,
            )
        };
        let (a, b, c) = (
            normal(&mut r) + ae[g],
            normal(&mut r),
            normal(&mut r) + bt[k],
        );
        region.push(g as i64);
        year.push(2000 + k as i64);
        x1.push(a);
        x2.push(b);
        x3.push(c);
        y.push(0.45 * a - 0.2 * b + 0.1 * c + ae[g] + bt[k] + normal(&mut r));
    }
    df!("region" => region, "year" => year, "y" => y, "x1" => x1, "x2" => x2, "x3" => x3)
        .expect("columns of equal length")
}

fn time_fit(df: &DataFrame) -> f64 {
    let spec = ModelSpec::new("y ~ x1 + x2 + x3 | region + year")
        .expect("formula")
        .vcov(Vcov::cluster(["region"]));
    let mut t: Vec<f64> = (0..3)
        .map(|_| {
            let t0 = Instant::now();
            spec.fit(df).expect("fit");
            t0.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[1]
}

fn main() {
    println!("| series | rows | region levels | year levels | fit s (median of 3) | ns per row |");
    println!("|---|---|---|---|---|---|");
    let line = |series: &str, rows: usize, e: usize, t: usize| {
        let df = panel(
            rows,
            e,
            t,
            series.starts_with("balanced"),
            (rows + e + t) as u64,
        );
        let s = time_fit(&df);
        println!(
            "| {series} | {rows} | {e} | {t} | {s:.4} | {:.1} |",
            s * 1e9 / rows as f64
        );
    };
    for e in [2_500, 5_000, 10_000, 20_000, 40_000] {
        line("balanced, rows grow", e * 100, e, 100);
    }
    for rows in [250_000, 500_000, 1_000_000, 2_000_000, 4_000_000] {
        line("unbalanced, rows grow", rows, 10_000, 50);
    }
    for e in [100, 1_000, 10_000, 100_000] {
        line("unbalanced, levels grow", 1_000_000, e, 20);
    }
}
