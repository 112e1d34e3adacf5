//! The sandwich pieces: breads, meats and the covariance assembled from them under a [`Vcov`]
//! and an [`Ssc`] (the table in [`crate::vcov`]). Pure functions of the transformed design and
//! the residuals.

use ndarray::{Array1, Array2, ArrayView2, ShapeBuilder};

use super::{ClusterBy, Hc, Ssc, Vcov};
use crate::error::{Error, Result};

/// One fixed effect as the covariance sees it: the level of each row and the number of levels.
#[derive(Debug, Clone, Copy)]
pub struct FactorCodes<'a> {
    /// Level of each estimation row, `0..n_levels`.
    pub ids: &'a [u32],
    /// Number of levels.
    pub n_levels: usize,
}

/// Everything the covariance of a fitted linear model is assembled from.
#[derive(Debug, Clone, Copy)]
pub struct VcovInput<'a> {
    /// The transformed regressors $\tilde X$ (N × k), kept terms only.
    pub x: ArrayView2<'a, f64>,
    /// $B = (\tilde X'\tilde X)^{-1}$.
    pub bread: &'a Array2<f64>,
    /// Residuals of the transformed model.
    pub resid: &'a [f64],
    /// $e'e$.
    pub rss: f64,
    /// Fixed effects absorbed.
    pub fixed_effects: &'a [FactorCodes<'a>],
    /// Degrees of freedom the fixed effects absorb (levels less redundancies).
    pub fe_dof: usize,
}

/// A covariance and what inference under it needs.
#[derive(Debug, Clone)]
pub struct Covariance {
    /// $\hat V(\hat\beta)$.
    pub cov: Array2<f64>,
    /// Degrees of freedom of the t distribution.
    pub df_t: f64,
    /// Clusters (the smaller number for two-way clustering).
    pub n_clusters: Option<usize>,
    /// What was adjusted (a two-way covariance made positive semi-definite).
    pub warnings: Vec<String>,
}

/// Whether every row of one level of `fe` lies in the same cluster of `clusters`.
pub fn nested_in(fe: FactorCodes, clusters: &[u32]) -> bool {
    // Clustering by the absorbed factor itself (the same codes, borrowed): nested, no pass.
    if std::ptr::eq(fe.ids, clusters) {
        return true;
    }
    let mut owner = vec![u32::MAX; fe.n_levels];
    fe.ids.iter().zip(clusters).all(|(&f, &c)| {
        let o = &mut owner[f as usize];
        if *o == u32::MAX {
            *o = c;
        }
        *o == c
    })
}

/// Codes of the intersection of two clusterings (each pair of levels that occurs), and their number.
pub fn intersect(a: (&[u32], usize), b: (&[u32], usize)) -> (Vec<u32>, usize) {
    let gb = b.1 as u64;
    let mut map = std::collections::HashMap::new();
    let v =
        a.0.iter()
            .zip(b.0)
            .map(|(&x, &y)| {
                let n = map.len() as u32;
                *map.entry(x as u64 * gb + y as u64).or_insert(n)
            })
            .collect();
    (v, map.len())
}

/// The covariance of a fit under `vcov` and the small-sample convention `ssc` (module table).
/// `clusters` holds the codes and level counts of the cluster columns of `vcov` (one or two).
///
/// # Errors
/// A cluster column with fewer than two clusters.
pub fn covariance(
    input: &VcovInput,
    vcov: &Vcov,
    ssc: Ssc,
    clusters: &[(&[u32], usize)],
) -> Result<Covariance> {
    let n = input.resid.len() as f64;
    let k = input.bread.nrows() as f64;
    let df_resid = n - k - input.fe_dof as f64;
    let plain = |cov: Array2<f64>, df_t: f64| Covariance {
        cov,
        df_t,
        n_clusters: None,
        warnings: vec![],
    };
    match vcov {
        Vcov::Iid => Ok(plain(input.bread * (input.rss / df_resid), df_resid)),
        Vcov::Hetero(hc) => {
            let w: Option<Vec<f64>> = match hc {
                Hc::Hc2 | Hc::Hc3 => {
                    let pow = if *hc == Hc::Hc2 { 1 } else { 2 };
                    let h = leverage(input.x, input.bread);
                    Some(h.iter().map(|h| 1.0 / (1.0 - h).powi(pow)).collect())
                }
                _ => None,
            };
            let meat = meat_hetero(input.x, input.resid, w.as_deref());
            let scale = match (hc, ssc) {
                (Hc::Hc1, Ssc::Plm) => n / (n - k),
                (Hc::Hc1, _) => n / df_resid,
                _ => 1.0,
            };
            Ok(plain(sandwich(input.bread, &meat) * scale, df_resid))
        }
        Vcov::Cluster(by) => cluster_covariance(input, by, ssc, clusters),
        Vcov::Hac { .. } => Err(Error::Internal(
            "Driscoll–Kraay and Newey–West need the panel's entity and time (Fit::with_vcov)"
                .into(),
        )),
    }
}

fn cluster_covariance(
    input: &VcovInput,
    by: &ClusterBy,
    ssc: Ssc,
    clusters: &[(&[u32], usize)],
) -> Result<Covariance> {
    let cols = by.columns();
    if clusters.len() != cols.len() {
        return Err(Error::Internal(format!(
            "{} cluster codings for {} cluster columns",
            clusters.len(),
            cols.len()
        )));
    }
    for (c, (_, g)) in cols.iter().zip(clusters) {
        if *g < 2 {
            return Err(Error::TooFewClusters {
                by: c.to_string(),
                n: *g,
            });
        }
    }
    let meat_of = |ids: &[u32], g: usize| meat_cluster(input.x, input.resid, ids, g);
    let mut meat = meat_of(clusters[0].0, clusters[0].1);
    if let [a, b] = clusters {
        let (ci, gi) = intersect((a.0, a.1), (b.0, b.1));
        meat = meat + meat_of(b.0, b.1) - meat_of(&ci, gi);
    }
    let g = clusters.iter().map(|c| c.1).min().unwrap_or(0) as f64;
    let (n, k) = (input.resid.len() as f64, input.bread.nrows() as f64);
    let fe_dof = input.fe_dof as f64;
    let df_resid = n - k - fe_dof;
    // Fixed effects nested in a cluster variable.
    let nested: Vec<bool> = input
        .fixed_effects
        .iter()
        .map(|fe| clusters.iter().any(|(cl, _)| nested_in(*fe, cl)))
        .collect();
    let nested_levels: usize = input
        .fixed_effects
        .iter()
        .zip(&nested)
        .filter(|(_, n)| **n)
        .map(|(f, _)| f.n_levels)
        .sum();
    let n_nested = nested.iter().filter(|b| **b).count();
    let gadj = g / (g - 1.0);
    let (scale, df_t) = match ssc {
        Ssc::Fixest => {
            let kk = k + fe_dof - nested_levels as f64 + n_nested as f64;
            ((n - 1.0) / (n - kk) * gadj, g - 1.0)
        }
        Ssc::Full => ((n - 1.0) / (n - k - fe_dof) * gadj, g - 1.0),
        Ssc::Plm => ((n - 1.0) / (n - k) * gadj, df_resid),
        Ssc::Linearmodels => {
            let extra = if input.fixed_effects.len() == 1 && n_nested > 0 {
                0.0
            } else {
                fe_dof
            };
            (n / (n - k - extra), df_resid)
        }
    };
    let mut cov = sandwich(input.bread, &meat) * scale;
    let mut warnings = vec![];
    if clusters.len() == 2 {
        let (fixed, changed) = crate::linalg::psd_fix(&cov);
        if changed {
            cov = fixed;
            warnings.push("two-way clustered covariance was not positive semi-definite: negative eigenvalues set to 0 (Cameron–Gelbach–Miller)".into());
        }
    }
    Ok(Covariance {
        cov,
        df_t,
        n_clusters: Some(g as usize),
        warnings,
    })
}

/// $B M B$.
pub fn sandwich(bread: &Array2<f64>, meat: &Array2<f64>) -> Array2<f64> {
    bread.dot(meat).dot(bread)
}

/// $\sum_i w_i e_i^2 x_i x_i'$, accumulated column pair by column pair (one pass over each
/// contiguous column of a column-major design).
pub fn meat_hetero(x: ArrayView2<f64>, e: &[f64], w: Option<&[f64]>) -> Array2<f64> {
    let k = x.ncols();
    let s: Vec<f64> = e
        .iter()
        .enumerate()
        .map(|(i, v)| v * v * w.map_or(1.0, |w| w[i]))
        .collect();
    let mut m = Array2::<f64>::zeros((k, k));
    for a in 0..k {
        let xa = x.column(a);
        for b in 0..=a {
            let xb = x.column(b);
            let v: f64 = xa
                .iter()
                .zip(xb.iter())
                .zip(&s)
                .map(|((p, q), w)| p * q * w)
                .sum();
            m[[a, b]] = v;
            m[[b, a]] = v;
        }
    }
    m
}

/// $\sum_g s_g s_g'$ with $s_g = \sum_{i \in g} x_i e_i$; `ids` coded `0..g`. The scores are
/// accumulated per cluster in one pass over each column.
pub fn meat_cluster(x: ArrayView2<f64>, e: &[f64], ids: &[u32], g: usize) -> Array2<f64> {
    use rayon::prelude::*;
    let (n, k) = (e.len(), x.ncols());
    let cols: Option<Vec<&[f64]>> = x.columns().into_iter().map(|c| c.to_slice()).collect();
    let Some(cols) = cols else {
        // Not column-major: a column-major copy.
        let mut f = Array2::<f64>::zeros(x.raw_dim().f());
        f.assign(&x);
        return meat_cluster(f.view(), e, ids, g);
    };
    // Scores per cluster (g × k, row-major) in one pass over the rows for all columns; the rows
    // split in one chunk per thread, each with its own sums, added at the end.
    let chunk = n
        .div_ceil(rayon::current_num_threads())
        .max(crate::linalg::PARALLEL_ROWS);
    let scores = |lo: usize| {
        let hi = (lo + chunk).min(n);
        let mut s = vec![0.0; g * k];
        for i in lo..hi {
            let (row, ei) = (ids[i] as usize * k, e[i]);
            for (a, c) in cols.iter().enumerate() {
                s[row + a] += c[i] * ei;
            }
        }
        s
    };
    let s = (0..n)
        .step_by(chunk)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(scores)
        .reduce_with(crate::linalg::add_into)
        .unwrap_or_else(|| vec![0.0; g * k]);
    let s = Array2::from_shape_vec((g, k), s).unwrap_or_else(|_| Array2::zeros((g, k)));
    s.t().dot(&s)
}

/// Leverages $h_i = x_i' B x_i$.
pub fn leverage(x: ArrayView2<f64>, bread: &Array2<f64>) -> Array1<f64> {
    x.outer_iter().map(|r| r.dot(&bread.dot(&r))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn design() -> (Array2<f64>, Vec<f64>) {
        let x = array![
            [1.0, 0.5],
            [1.0, -1.0],
            [1.0, 2.0],
            [1.0, 0.3],
            [1.0, -0.7],
            [1.0, 1.1]
        ];
        (x, vec![0.3, -0.2, 0.5, -0.4, 0.1, -0.3])
    }

    /// The one-pass cluster scores (rows split across threads above 32,768 rows) equal the
    /// column-by-column sums of x·e per cluster.
    #[test]
    fn one_pass_cluster_meat_equals_column_sums() {
        let n = 200_001;
        let v = |i: usize| ((i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11) as f64 / 9e15;
        let x = Array2::from_shape_fn((n, 2).f(), |(i, j)| v(2 * i + j));
        let e: Vec<f64> = (0..n).map(|i| v(5 * i + 3) - 0.5).collect();
        let ids: Vec<u32> = (0..n as u32).map(|i| i / 1000).collect();
        let g = 201;
        let got = meat_cluster(x.view(), &e, &ids, g);
        let mut s = Array2::<f64>::zeros((g, 2));
        for i in 0..n {
            for j in 0..2 {
                s[[ids[i] as usize, j]] += x[[i, j]] * e[i];
            }
        }
        let want = s.t().dot(&s);
        for (a, b) in got.iter().zip(&want) {
            assert!((a - b).abs() <= 1e-10 * b.abs().max(1e-3), "{a} vs {b}");
        }
    }

    /// With every observation its own cluster, the cluster meat is the heteroskedastic meat.
    #[test]
    fn singleton_clusters_meat_equals_hetero_meat() {
        let (x, e) = design();
        let ids: Vec<u32> = (0..6).collect();
        let a = meat_cluster(x.view(), &e, &ids, 6);
        let b = meat_hetero(x.view(), &e, None);
        assert!((a - b).iter().all(|d| d.abs() < 1e-14));
    }

    /// $BMB$ is symmetric for symmetric $B$ and $M$.
    #[test]
    fn sandwich_is_symmetric() {
        let (x, e) = design();
        let bread =
            crate::linalg::chol_inverse(&crate::linalg::chol_select(&x.t().dot(&x), 1e-12).l);
        let v = sandwich(&bread, &meat_hetero(x.view(), &e, None));
        assert!((v[[0, 1]] - v[[1, 0]]).abs() < 1e-15);
    }

    /// Only one or two cluster columns make a `ClusterBy`.
    #[test]
    fn cluster_by_takes_one_or_two_columns() {
        assert!(ClusterBy::try_from(Vec::<String>::new()).is_err());
        assert!(ClusterBy::try_from(vec!["a", "b", "c"]).is_err());
        assert_eq!(
            ClusterBy::try_from(vec!["a", "b"]).unwrap(),
            ClusterBy::Two("a".into(), "b".into())
        );
        assert!("cluster:a,b,c".parse::<Vcov>().is_err());
        assert!("cluster:".parse::<Vcov>().is_err());
        let e = "x".parse::<Vcov>().unwrap_err().to_string();
        assert!(e.starts_with("invalid vcov:") && !e.contains("--"), "{e}");
    }

    /// The intersection of two clusterings has one code per pair of levels that occurs.
    #[test]
    fn intersection_codes_pairs() {
        let (c, n) = intersect((&[0, 0, 1, 1], 2), (&[0, 1, 0, 0], 2));
        assert_eq!((c, n), (vec![0, 1, 2, 2], 3));
    }

    /// Nesting: a region effect is nested in region clusters, not in year clusters.
    #[test]
    fn nesting_of_fixed_effects_in_clusters() {
        let fe = FactorCodes {
            ids: &[0, 0, 1, 1],
            n_levels: 2,
        };
        assert!(nested_in(fe, &[5, 5, 7, 7]));
        assert!(!nested_in(fe, &[0, 1, 0, 1]));
    }

    /// Too few clusters is an error, not a division by zero.
    #[test]
    fn one_cluster_is_an_error() {
        let (x, e) = design();
        let bread =
            crate::linalg::chol_inverse(&crate::linalg::chol_select(&x.t().dot(&x), 1e-12).l);
        let input = VcovInput {
            x: x.view(),
            bread: &bread,
            resid: &e,
            rss: 1.0,
            fixed_effects: &[],
            fe_dof: 0,
        };
        let r = covariance(&input, &Vcov::cluster("g"), Ssc::Fixest, &[(&[0; 6], 1)]);
        assert!(matches!(r, Err(Error::TooFewClusters { n: 1, .. })));
    }
}
