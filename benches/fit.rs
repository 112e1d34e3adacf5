//! Criterion benchmarks of the estimation engine on deterministic synthetic panels shaped like
//! the peers' (`shared/peers/gen_panel.py`): y = 0.5 x1 − 0.3 x2 + α_i + γ_t + ε.
//!
//! `cargo bench --bench fit` (CI builds it with `cargo build --all-targets`).

#![allow(clippy::needless_range_loop)]

use criterion::{Criterion, criterion_group, criterion_main};
use indikator::model::ModelSpec;
use indikator::vcov::Vcov;
use polars::prelude::*;

/// xorshift uniform in [0, 1).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn synthetic(n_entities: usize, n_periods: usize) -> DataFrame {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let alpha: Vec<f64> = (0..n_entities).map(|_| r.next() * 4.0).collect();
    let gamma: Vec<f64> = (0..n_periods).map(|_| r.next()).collect();
    let (mut e, mut t, mut x1, mut x2, mut y) = (vec![], vec![], vec![], vec![], vec![]);
    for i in 0..n_entities {
        for s in 0..n_periods {
            let (a, b) = (r.next() * 10.0 + alpha[i], r.next() * 5.0);
            e.push(i as i64);
            t.push(2000 + s as i64);
            x1.push(a);
            x2.push(b);
            y.push(0.5 * a - 0.3 * b + alpha[i] + gamma[s] + r.next() - 0.5);
        }
    }
    let n = e.len();
    DataFrame::new(
        n,
        vec![
            Column::new("region".into(), e),
            Column::new("year".into(), t),
            Column::new("x1".into(), x1),
            Column::new("x2".into(), x2),
            Column::new("y".into(), y),
        ],
    )
    .expect("synthetic frame")
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("fit");
    g.sample_size(10);
    for (ne, nt, label) in [
        (27, 11, "jabar_27x11"),
        (514, 20, "s514_514x20"),
        (41_500, 20, "m830k_41500x20"),
    ] {
        let df = synthetic(ne, nt);
        let twfe = ModelSpec::new("y ~ x1 + x2 | region + year")
            .expect("formula")
            .panel("region", "year");
        g.bench_function(format!("twfe_cr1/{label}"), |b| {
            b.iter(|| {
                twfe.clone()
                    .vcov(Vcov::cluster(["region"]))
                    .fit(&df)
                    .expect("fit")
            })
        });
        let pooled = ModelSpec::new("y ~ x1 + x2").expect("formula");
        g.bench_function(format!("pooled_hc1/{label}"), |b| {
            b.iter(|| {
                pooled
                    .clone()
                    .vcov(Vcov::parse("hc1").expect("vcov"))
                    .fit(&df)
                    .expect("fit")
            })
        });
    }
    g.finish();
}

/// The real-data paths: loading every raw file, building the panel, the wild bootstrap on the
/// 27 clusters, a projection, and a chart.
fn bench_real(c: &mut Criterion) {
    let mut g = c.benchmark_group("real");
    g.sample_size(10);
    let raw: Vec<std::path::PathBuf> = {
        fn walk(d: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_none_or(|x| x != "md") {
                    out.push(p);
                }
            }
        }
        let mut v = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/raw"),
            &mut v,
        );
        v
    };
    g.bench_function("load_all_raw_files", |b| {
        b.iter(|| indikator::load::load_files(&raw, &Default::default()).expect("load"))
    });
    g.bench_function("jabar_panel", |b| {
        b.iter(|| indikator::datasets::jabar_panel().expect("panel"))
    });
    let panel = indikator::datasets::jabar_panel().expect("panel");
    let fe = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")
        .expect("formula")
        .vcov(Vcov::cluster(["region_code"]))
        .sample(Some(2015), None);
    let fit = fe.fit_panel(&panel).expect("fit");
    g.bench_function("wild_bootstrap_999", |b| {
        let mut o = indikator::bootstrap::WildBootstrap::new("unemployment_rate", "region_code");
        o.reps = 999;
        o.interval = false;
        b.iter(|| indikator::bootstrap::wild_cluster_bootstrap(&fit, &o).expect("bootstrap"))
    });
    let proj = indikator::projection::Projector::new(
        &fe,
        &panel,
        indikator::projection::YearEffects::Zero,
    )
    .expect("projector");
    let base = indikator::projection::Scenario::baseline(
        &panel,
        "Kota Sukabumi",
        "unemployment_rate",
        2030,
        5,
    )
    .expect("scenario");
    g.bench_function("projection", |b| {
        b.iter(|| proj.project(std::slice::from_ref(&base)).expect("project"))
    });
    g.bench_function("coef_plot_svg_png", |b| {
        b.iter(|| {
            indikator::plot::coef_plot(
                &[("FEM", &fit)],
                "unemployment_rate",
                indikator::plot::Lang::En,
            )
            .expect("chart")
        })
    });
    g.finish();
}

criterion_group!(benches, bench, bench_real);
criterion_main!(benches);
