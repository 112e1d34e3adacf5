//! Criterion benchmarks of the estimation engine on deterministic synthetic panels shaped like
//! the peers' (`shared/peers/gen_panel.py`): y = 0.5 x1 − 0.3 x2 + α_i + γ_t + ε.
//!
//! `cargo bench --bench fit`; CI runs every benchmark once in criterion's test mode
//! (`cargo test --benches`). Side-by-side timings against the peers: `benches/compare/run.sh`.

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

fn specs() -> Vec<(&'static str, ModelSpec)> {
    let m = |f: &str| ModelSpec::new(f).expect("formula").panel("region", "year");
    let cl = || Vcov::cluster(["region"]);
    vec![
        ("pooled_iid", m("y ~ x1 + x2")),
        ("pooled_cr1", m("y ~ x1 + x2").vcov(cl())),
        ("fe_iid", m("y ~ x1 + x2 | region")),
        ("fe_cr1", m("y ~ x1 + x2 | region").vcov(cl())),
        ("twfe_iid", m("y ~ x1 + x2 | region + year")),
        ("twfe_cr1", m("y ~ x1 + x2 | region + year").vcov(cl())),
        (
            "re_iid",
            m("y ~ x1 + x2").estimator(indikator::model::Estimator::Random),
        ),
        (
            "re_cr1",
            m("y ~ x1 + x2")
                .estimator(indikator::model::Estimator::Random)
                .vcov(cl()),
        ),
    ]
}

/// Pooled / FE / TWFE / RE with iid and CR1 on synthetic panels of the peers' sizes.
fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("fit");
    g.sample_size(10);
    for (ne, nt, label) in [(514, 20, "s514_514x20"), (83_000, 10, "m830k_83000x10")] {
        let df = synthetic(ne, nt);
        for (name, spec) in specs() {
            g.bench_function(format!("{name}/{label}"), |b| {
                b.iter(|| spec.fit(&df).expect("fit"))
            });
        }
    }
    // 10M rows (100,000 regions × 100 years): the two-way model analysts fit on desa panels.
    let df = synthetic(100_000, 100);
    for (name, spec) in specs()
        .into_iter()
        .filter(|(n, _)| *n == "twfe_cr1" || *n == "fe_cr1")
    {
        g.bench_function(format!("{name}/l10m_100000x100"), |b| {
            b.iter(|| spec.fit(&df).expect("fit"))
        });
    }
    drop(df);
    // The real Jawa Barat panel, 27 kab/kota × 15 years (2011–2025).
    let panel = indikator::datasets::jabar_panel().expect("panel");
    let f = "poverty_rate ~ unemployment_rate";
    let real = [
        ("pooled_iid", ModelSpec::new(f).expect("formula")),
        (
            "pooled_cr1",
            ModelSpec::new(f)
                .expect("formula")
                .vcov(Vcov::cluster(["region_code"])),
        ),
        (
            "fe_iid",
            ModelSpec::new(&format!("{f} | region_code")).expect("formula"),
        ),
        (
            "fe_cr1",
            ModelSpec::new(&format!("{f} | region_code"))
                .expect("formula")
                .vcov(Vcov::cluster(["region_code"])),
        ),
        (
            "twfe_cr1",
            ModelSpec::new(&format!("{f} | region_code + year"))
                .expect("formula")
                .vcov(Vcov::cluster(["region_code"])),
        ),
        (
            "re_iid",
            ModelSpec::new(f)
                .expect("formula")
                .estimator(indikator::model::Estimator::Random),
        ),
        (
            "re_cr1",
            ModelSpec::new(f)
                .expect("formula")
                .estimator(indikator::model::Estimator::Random)
                .vcov(Vcov::cluster(["region_code"])),
        ),
    ];
    for (name, spec) in real {
        let spec = spec.sample(Some(2011), Some(2025));
        g.bench_function(format!("{name}/jabar_real_27x15"), |b| {
            b.iter(|| spec.fit_panel(&panel).expect("fit"))
        });
    }
    g.finish();
}

/// Reading a synthetic panel as CSV and as Parquet (514 × 20 and 83,000 × 10 rows).
fn bench_io(c: &mut Criterion) {
    let mut g = c.benchmark_group("read");
    g.sample_size(10);
    let dir = std::env::temp_dir().join(format!("indikator-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (ne, nt, label) in [(514, 20, "s514"), (83_000, 10, "m830k")] {
        let mut df = synthetic(ne, nt);
        let csv = dir.join(format!("{label}.csv"));
        let pq = dir.join(format!("{label}.parquet"));
        CsvWriter::new(std::fs::File::create(&csv).expect("csv"))
            .finish(&mut df)
            .expect("write csv");
        ParquetWriter::new(std::fs::File::create(&pq).expect("parquet"))
            .finish(&mut df)
            .expect("write parquet");
        for (kind, path) in [("csv", &csv), ("parquet", &pq)] {
            g.bench_function(format!("{kind}/{label}"), |b| {
                b.iter(|| indikator::panel::read_frame(path).expect("read"))
            });
        }
    }
    g.finish();
    std::fs::remove_dir_all(&dir).ok();
}

/// A notebook cell through the kernel's language side (`Session::eval`): a trivial cell and a
/// two-way fit with its regression table.
#[cfg(feature = "script")]
fn bench_cell(c: &mut Criterion) {
    let mut g = c.benchmark_group("kernel_cell");
    g.sample_size(10);
    let mut s = indikator::script::Session::new(&[]);
    s.eval("let p = jabar_panel();");
    g.bench_function("one_plus_one", |b| b.iter(|| s.eval("1 + 1")));
    g.bench_function("twfe_fit_table", |b| {
        b.iter(|| {
            s.eval(r#"fit(p, "poverty_rate ~ unemployment_rate | region_code + year", #{vcov: "cluster:region_code"})"#)
        })
    });
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
    // Each published format on its own (ODJ CSV/XLSX, BPS web tables CSV/XLSX, JSON, …).
    for (i, p) in raw.iter().enumerate() {
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().to_string())
            .unwrap_or_default();
        let stem = p
            .file_stem()
            .map(|n| n.to_string_lossy().chars().take(32).collect::<String>())
            .unwrap_or_default();
        let name = format!("{i:02}_{ext}_{stem}");
        g.bench_function(format!("load_raw/{name}"), |b| {
            b.iter(|| indikator::load::load_path(p, &Default::default()).expect("load"))
        });
    }
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

/// The national kab/kota panel (514 kab/kota × years: FE and TWFE with CR1 by kab/kota) and the
/// spatial ML models: Jawa Barat's FE lag model (27 × 9) and the national cross-section lag model
/// (the kab/kota with TPT 2024, queen contiguity from the boundaries; the eigenvalues of W once
/// per fit, not per likelihood evaluation), and the weights themselves.
fn bench_national_spatial(c: &mut Criterion) {
    let n = NationalBench::new();
    let mut g = c.benchmark_group("national_spatial");
    g.sample_size(10);
    for (name, spec) in &n.fits {
        g.bench_function(*name, |b| {
            b.iter(|| spec.fit_panel(&n.national).expect("fit"))
        });
    }
    g.bench_function("sar_fe/jabar_27x9", |b| b.iter(|| n.sar_fe_jabar()));
    g.bench_function("sar/national_2024", |b| b.iter(|| n.sar_national_2024()));
    let codes: Vec<String> = indikator::map::shapes(indikator::map::Level::KabKota)
        .expect("shapes")
        .iter()
        .map(|s| s.code.clone())
        .collect();
    g.bench_function("queen_weights/national_514", |b| {
        b.iter(|| n.queen.build(&codes).expect("weights"))
    });
    g.finish();
    if let Some(dir) = std::env::var_os("INDIKATOR_BENCH_EXPORT") {
        n.export(std::path::Path::new(&dir));
    }
}

/// The data and specifications of the national and spatial benchmarks, built once and shared by
/// the benchmarks and the export for the peers.
struct NationalBench {
    national: indikator::panel::Panel,
    jabar: indikator::panel::Panel,
    queen: indikator::spatial::WeightsSpec,
    /// FE and TWFE with CR1 by kab/kota, by bench name.
    fits: Vec<(&'static str, ModelSpec)>,
    sar: indikator::spatial::SpatialSpec,
    sar_fe: indikator::spatial::SpatialSpec,
}

type SpatialRun = (
    indikator::spatial::SpatialFit,
    indikator::spatial::Weights,
    indikator::spatial::Regions,
);

impl NationalBench {
    fn new() -> NationalBench {
        use indikator::spatial::{SpatialEffects, SpatialModel, SpatialSpec};
        let fits = [
            (
                "national_fe_cr1",
                "poverty_rate ~ unemployment_rate | region_code",
            ),
            (
                "national_twfe_cr1",
                "poverty_rate ~ unemployment_rate | region_code + year",
            ),
        ]
        .map(|(name, f)| {
            let spec = ModelSpec::new(f)
                .expect("formula")
                .vcov(Vcov::cluster(["region_code"]));
            (name, spec)
        });
        let f = "poverty_rate ~ unemployment_rate";
        let lag = |effects| SpatialSpec::new(f, SpatialModel::Sar, effects).expect("spec");
        NationalBench {
            national: indikator::datasets::indonesia_panel().expect("national panel"),
            jabar: indikator::datasets::jabar_panel().expect("panel"),
            queen: "queen".parse().expect("weights"),
            fits: fits.into(),
            sar: lag(SpatialEffects::Pooled),
            sar_fe: lag(SpatialEffects::Region),
        }
    }

    /// Jawa Barat's FE lag model, 2017–2025.
    fn sar_fe_jabar(&self) -> SpatialRun {
        self.sar_fe
            .fit_panel(&self.jabar, &self.queen, Some((2017, 2025)), false)
            .expect("fit")
    }

    /// The national lag model on the kab/kota with both values in 2024.
    fn sar_national_2024(&self) -> SpatialRun {
        self.sar
            .fit_panel(&self.national, &self.queen, Some((2024, 2024)), true)
            .expect("fit")
    }

    /// The inputs and results of the benchmarks, for the peers to be timed on the same rows and
    /// weights and checked against (`benches/compare/national_spatial.py`):
    /// `national_panel.csv`, `national_2024_regions.csv` (the lag model's regions, in order),
    /// `national_2024_queen.csv` (its neighbour pairs) and `indikator.json` (term → estimate, SE).
    fn export(&self, dir: &std::path::Path) {
        use std::collections::BTreeMap;
        std::fs::create_dir_all(dir).expect("export directory");
        let mut frame = self
            .national
            .frame()
            .select(["region_code", "year", "poverty_rate", "unemployment_rate"])
            .expect("columns");
        let mut f = std::fs::File::create(dir.join("national_panel.csv")).expect("file");
        CsvWriter::new(&mut f).finish(&mut frame).expect("csv");
        let coefs = |c: &[indikator::model::Coefficient]| -> BTreeMap<String, (f64, f64)> {
            c.iter()
                .map(|c| (c.term.clone(), (c.estimate, c.std_error)))
                .collect()
        };
        let mut out = BTreeMap::new();
        for (name, spec) in &self.fits {
            let fit = spec.fit_panel(&self.national).expect("fit");
            out.insert(*name, coefs(&fit.coefficients(0.95)));
        }
        let (fit, w, regions) = self.sar_national_2024();
        out.insert("sar/national_2024", coefs(&fit.coefficients));
        let lines = |head: &str, rows: Vec<String>| format!("{head}\n{}\n", rows.join("\n"));
        std::fs::write(
            dir.join("national_2024_regions.csv"),
            lines("region_code", regions.kept.clone()),
        )
        .expect("regions");
        let pairs = w.pairs().iter().map(|(a, b)| format!("{a},{b}")).collect();
        std::fs::write(
            dir.join("national_2024_queen.csv"),
            lines("region_code,neighbor_code", pairs),
        )
        .expect("pairs");
        out.insert(
            "sar_fe/jabar_27x9",
            coefs(&self.sar_fe_jabar().0.coefficients),
        );
        let json = serde_json::to_string_pretty(&out).expect("json");
        std::fs::write(dir.join("indikator.json"), json).expect("results");
    }
}

/// Without the cell language there is no cell to time.
#[cfg(not(feature = "script"))]
fn bench_cell(_: &mut Criterion) {}

criterion_group!(
    benches,
    bench,
    bench_io,
    bench_real,
    bench_cell,
    bench_national_spatial
);
criterion_main!(benches);
