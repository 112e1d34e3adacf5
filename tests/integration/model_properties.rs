//! Invariants of the estimators on random unbalanced panels (proptest).

#![allow(clippy::needless_range_loop)]

use indikator::model::ModelSpec;
use indikator::vcov::{Ssc, Vcov};
use polars::prelude::*;
use proptest::prelude::*;

/// A random unbalanced panel: entities × periods with some cells missing; x, z, y.
#[derive(Debug, Clone)]
struct P {
    e: Vec<String>,
    t: Vec<i64>,
    x: Vec<f64>,
    z: Vec<f64>,
    y: Vec<f64>,
}

fn panel() -> impl Strategy<Value = P> {
    (4usize..9, 4usize..7).prop_flat_map(|(ne, nt)| {
        let n = ne * nt;
        (
            Just((ne, nt)),
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(-5.0f64..5.0, n),
            prop::collection::vec(-5.0f64..5.0, n),
            prop::collection::vec(-1.0f64..1.0, n),
            prop::collection::vec(-3.0f64..3.0, ne),
            prop::collection::vec(-3.0f64..3.0, nt),
        )
            .prop_map(|((ne, nt), keep, x, z, u, a, g)| {
                let mut p = P {
                    e: vec![],
                    t: vec![],
                    x: vec![],
                    z: vec![],
                    y: vec![],
                };
                for i in 0..ne {
                    for s in 0..nt {
                        let k = i * nt + s;
                        // Keep at least the first two periods of every entity.
                        if s >= 2 && !keep[k] {
                            continue;
                        }
                        p.e.push(format!("r{i}"));
                        p.t.push(2000 + s as i64);
                        p.x.push(x[k] + a[i]);
                        p.z.push(z[k]);
                        p.y.push(1.0 + 0.7 * x[k] - 0.3 * z[k] + a[i] + g[s] + u[k]);
                    }
                }
                p
            })
    })
}

fn frame(p: &P) -> DataFrame {
    DataFrame::new(
        p.e.len(),
        vec![
            Column::new("e".into(), p.e.clone()),
            Column::new("t".into(), p.t.clone()),
            Column::new("x".into(), p.x.clone()),
            Column::new("z".into(), p.z.clone()),
            Column::new("y".into(), p.y.clone()),
        ],
    )
    .unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

fn fit(f: &str, df: &DataFrame, v: Vcov) -> indikator::model::Fit {
    ModelSpec::new(f)
        .unwrap()
        .panel("e", "t")
        .vcov(v)
        .fit(df)
        .unwrap()
}

proptest! {
    // A fixed seed: CI runs the same 48 panels every time (failures found while developing are
    // kept in properties.proptest-regressions and replayed first).
    #![proptest_config(ProptestConfig { cases: 48, rng_seed: proptest::test_runner::RngSeed::Fixed(20_241_128), ..ProptestConfig::default() })]

    /// Adding a constant per entity to y and x leaves the entity-FE slopes unchanged.
    #[test]
    fn fe_slopes_unchanged_by_a_per_entity_constant(p in panel(), shift in -10.0f64..10.0) {
        let a = fit("y ~ x + z | e", &frame(&p), Vcov::Iid);
        let mut q = p.clone();
        for i in 0..q.y.len() {
            let c = shift * (q.e[i].len() as f64 + q.e[i].as_bytes()[1] as f64);
            q.y[i] += c;
            q.x[i] -= 0.5 * c;
        }
        let b = fit("y ~ x + z | e", &frame(&q), Vcov::Iid);
        prop_assert!(close(a.coef("x").unwrap(), b.coef("x").unwrap(), 1e-8));
        prop_assert!(close(a.std_error("z").unwrap(), b.std_error("z").unwrap(), 1e-8));
    }

    /// Two-way FE by alternating projections equals OLS with entity and period dummies (LSDV),
    /// including iid standard errors (same residual degrees of freedom on a connected panel).
    #[test]
    fn two_way_fe_equals_lsdv(p in panel()) {
        let df = frame(&p);
        let a = fit("y ~ x + z | e + t", &df, Vcov::Iid);
        let mut cols = df.columns().to_vec();
        let ents: std::collections::BTreeSet<&String> = p.e.iter().collect();
        let times: std::collections::BTreeSet<i64> = p.t.iter().copied().collect();
        let mut names = vec![];
        for e in ents.iter().skip(1) {
            let n = format!("d_{e}");
            cols.push(Column::new(n.as_str().into(), p.e.iter().map(|v| f64::from(u8::from(v == *e))).collect::<Vec<f64>>()));
            names.push(n);
        }
        for t in times.iter().skip(1) {
            let n = format!("d_t{t}");
            cols.push(Column::new(n.as_str().into(), p.t.iter().map(|v| f64::from(u8::from(v == t))).collect::<Vec<f64>>()));
            names.push(n);
        }
        let lsdv_df = DataFrame::new(p.e.len(), cols).unwrap();
        let b = fit(&format!("y ~ x + z + {}", names.join(" + ")), &lsdv_df, Vcov::Iid);
        for t in ["x", "z"] {
            prop_assert!(close(a.coef(t).unwrap(), b.coef(t).unwrap(), 1e-7), "{t}: {} vs {}", a.coef(t).unwrap(), b.coef(t).unwrap());
            prop_assert!(close(a.std_error(t).unwrap(), b.std_error(t).unwrap(), 1e-6));
        }
    }

    /// Permuting rows, or the order of the fixed effects (and of two-way clusters), changes nothing.
    #[test]
    fn row_and_fixed_effect_order_do_not_matter(p in panel(), seed in any::<u64>()) {
        let df = frame(&p);
        let n = df.height();
        let mut idx: Vec<IdxSize> = (0..n as IdxSize).collect();
        let mut s = seed | 1;
        for i in (1..n).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            idx.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let shuffled = df.take(&IdxCa::from_vec("i".into(), idx)).unwrap();
        let v = Vcov::cluster(["e", "t"]);
        let a = fit("y ~ x + z | e + t", &df, v.clone());
        let b = fit("y ~ x + z | t + e", &shuffled, Vcov::cluster(["t", "e"]));
        for t in ["x", "z"] {
            prop_assert!(close(a.coef(t).unwrap(), b.coef(t).unwrap(), 1e-8));
            let (sa, sb) = (a.std_error(t).unwrap(), b.std_error(t).unwrap());
            prop_assert!(close(sa, sb, 1e-8), "{t}: se {sa} vs {sb}");
        }
    }

    /// Scaling x by c scales its coefficient by 1/c and leaves its t statistic unchanged.
    #[test]
    fn scaling_x_scales_its_coefficient(p in panel(), c in prop_oneof![0.01f64..0.5, 2.0f64..100.0]) {
        let a = fit("y ~ x + z | e", &frame(&p), Vcov::cluster(["e"]));
        let mut q = p.clone();
        q.x.iter_mut().for_each(|v| *v *= c);
        let b = fit("y ~ x + z | e", &frame(&q), Vcov::cluster(["e"]));
        prop_assert!(close(a.coef("x").unwrap() / c, b.coef("x").unwrap(), 1e-8));
        let ta = a.coef("x").unwrap() / a.std_error("x").unwrap();
        let tb = b.coef("x").unwrap() / b.std_error("x").unwrap();
        prop_assert!(close(ta, tb, 1e-7));
    }
}

#[test]
fn ssc_conventions_differ_only_by_their_scale() {
    // CR1 "full" / "fixest" ratio for one-way entity FE clustered by entity is (N-K_fixest)/(N-K_full).
    let p = P {
        e: (0..30).map(|i| format!("r{}", i / 5)).collect(),
        t: (0..30).map(|i| 2000 + (i % 5) as i64).collect(),
        x: (0..30).map(|i| ((i * 37) % 11) as f64).collect(),
        z: (0..30).map(|i| ((i * 13) % 7) as f64).collect(),
        y: (0..30).map(|i| ((i * 29) % 17) as f64).collect(),
    };
    let df = frame(&p);
    let spec = ModelSpec::new("y ~ x + z | e")
        .unwrap()
        .panel("e", "t")
        .vcov(Vcov::cluster(["e"]));
    let a = spec.clone().ssc(Ssc::Fixest).fit(&df).unwrap();
    let b = spec.ssc(Ssc::Full).fit(&df).unwrap();
    let (n, k) = (30.0, 2.0);
    let ratio = (b.std_error("x").unwrap() / a.std_error("x").unwrap()).powi(2);
    assert!(
        (ratio - (n - (k + 1.0)) / (n - (k + 6.0))).abs() < 1e-12,
        "{ratio}"
    );
}
