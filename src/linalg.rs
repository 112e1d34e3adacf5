//! The only module doing matrix algebra: cross products, a Cholesky factorisation that detects
//! and drops collinear columns (as fixest does), and the inverse it gives. Pure functions over
//! `ndarray`; no polars types here.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// `X'X`.
pub fn xtx(x: ArrayView2<f64>) -> Array2<f64> {
    x.t().dot(&x)
}

/// `X'y`.
pub fn xty(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Array1<f64> {
    x.t().dot(&y)
}

/// Rows per block of the one-pass kernels (here, in the demeaning and the cluster scores): every
/// column's block stays in cache while it is used.
pub(crate) const BLOCK: usize = 4096;
/// Below this many rows the one-pass kernels run on one thread.
pub(crate) const PARALLEL_ROWS: usize = 1 << 15;

/// `a += b`, entry by entry (adding up per-thread sums).
pub(crate) fn add_into(mut a: Vec<f64>, b: Vec<f64>) -> Vec<f64> {
    a.iter_mut().zip(&b).for_each(|(a, b)| *a += b);
    a
}

/// The columns of a column-major matrix as slices (`None` when a column is not contiguous).
fn column_slices<'a>(x: &ArrayView2<'a, f64>) -> Option<Vec<&'a [f64]>> {
    (0..x.ncols())
        .map(|j| {
            let c: ArrayView1<'a, f64> = (*x).index_axis_move(ndarray::Axis(1), j);
            c.to_slice()
        })
        .collect()
}

/// `X'X` and `X'y` in one pass over the rows: blocks of rows in parallel, within a block every
/// pair of columns multiplied while the block is in cache (the data is read once, not once per
/// product). Falls back to [`xtx`] and [`xty`] when the columns are not contiguous.
pub fn gram(x: ArrayView2<f64>, y: ArrayView1<f64>) -> (Array2<f64>, Array1<f64>) {
    use rayon::prelude::*;
    let (Some(mut cols), Some(yv)) = (column_slices(&x), y.to_slice()) else {
        return (xtx(x), xty(x, y));
    };
    cols.push(yv);
    let (n, m) = (yv.len(), cols.len());
    let block = |acc: &mut Vec<f64>, b: usize| {
        let (lo, hi) = (b * BLOCK, ((b + 1) * BLOCK).min(n));
        for a in 0..m {
            let ca = ArrayView1::from(&cols[a][lo..hi]);
            for c in a..m {
                acc[a * m + c] += ca.dot(&ArrayView1::from(&cols[c][lo..hi]));
            }
        }
    };
    let blocks = n.div_ceil(BLOCK);
    let sums = if n < PARALLEL_ROWS {
        let mut acc = vec![0.0; m * m];
        (0..blocks).for_each(|b| block(&mut acc, b));
        acc
    } else {
        (0..blocks)
            .into_par_iter()
            .fold(
                || vec![0.0; m * m],
                |mut acc, b| {
                    block(&mut acc, b);
                    acc
                },
            )
            .reduce(|| vec![0.0; m * m], add_into)
    };
    let k = m - 1;
    let xtx = Array2::from_shape_fn((k, k), |(a, c)| sums[a.min(c) * m + a.max(c)]);
    let xty = Array1::from_shape_fn(k, |a| sums[a * m + k]);
    (xtx, xty)
}

/// Overwrite `y` with `y - X b` and return the sum of squares of the result, in one pass over
/// the rows (blocks in parallel). Falls back to a matrix-vector product when the columns of `x`
/// are not contiguous.
pub fn residuals_in_place(x: ArrayView2<f64>, b: &Array1<f64>, y: &mut [f64]) -> f64 {
    use rayon::prelude::*;
    let Some(cols) = column_slices(&x) else {
        let mut e = ndarray::ArrayViewMut1::from(&mut y[..]);
        ndarray::linalg::general_mat_vec_mul(-1.0, &x, b, 1.0, &mut e);
        return y.iter().map(|v| v * v).sum();
    };
    let block = |(i, out): (usize, &mut [f64])| {
        let lo = i * BLOCK;
        for (c, bj) in cols.iter().zip(b) {
            let c = &c[lo..lo + out.len()];
            out.iter_mut().zip(c).for_each(|(o, v)| *o -= bj * v);
        }
        let o = ArrayView1::from(&*out);
        o.dot(&o)
    };
    if y.len() < PARALLEL_ROWS {
        y.chunks_mut(BLOCK).enumerate().map(block).sum()
    } else {
        y.par_chunks_mut(BLOCK).enumerate().map(block).sum()
    }
}

/// Result of [`chol_select`]: which columns are kept, and the lower Cholesky factor of the kept
/// block of `X'X`.
#[derive(Debug, Clone)]
pub struct CholSelect {
    /// Indices of kept columns.
    pub kept: Vec<usize>,
    /// Indices of dropped (collinear) columns.
    pub dropped: Vec<usize>,
    /// Lower-triangular factor `L` with `L L' = (X'X)[kept, kept]`.
    pub l: Array2<f64>,
}

/// Cholesky factorisation of a symmetric positive semi-definite matrix, column by column,
/// dropping a column whose pivot falls below `tol` times its diagonal entry (it is then a linear
/// combination of the columns before it).
pub fn chol_select(a: &Array2<f64>, tol: f64) -> CholSelect {
    let n = a.nrows();
    let mut kept: Vec<usize> = Vec::new();
    let mut dropped = Vec::new();
    let mut l = Array2::<f64>::zeros((n, n));
    for j in 0..n {
        let r = kept.len();
        // Row r of L for column j against the kept columns.
        let mut row = vec![0.0; r + 1];
        for (ci, &kc) in kept.iter().enumerate() {
            let mut s = a[[j, kc]];
            for m in 0..ci {
                s -= row[m] * l[[ci, m]];
            }
            row[ci] = s / l[[ci, ci]];
        }
        let d = a[[j, j]] - row[..r].iter().map(|v| v * v).sum::<f64>();
        if a[[j, j]] <= 0.0 || d <= tol * a[[j, j]] {
            dropped.push(j);
            continue;
        }
        for (m, v) in row[..r].iter().enumerate() {
            l[[r, m]] = *v;
        }
        l[[r, r]] = d.sqrt();
        kept.push(j);
    }
    let k = kept.len();
    let l = l.slice(ndarray::s![..k, ..k]).to_owned();
    CholSelect { kept, dropped, l }
}

/// Solve `L L' x = b`.
pub fn chol_solve(l: &Array2<f64>, b: &Array1<f64>) -> Array1<f64> {
    let n = l.nrows();
    let mut z = b.clone();
    for i in 0..n {
        for j in 0..i {
            z[i] -= l[[i, j]] * z[j];
        }
        z[i] /= l[[i, i]];
    }
    for i in (0..n).rev() {
        for j in i + 1..n {
            z[i] -= l[[j, i]] * z[j];
        }
        z[i] /= l[[i, i]];
    }
    z
}

/// `(L L')⁻¹`.
pub fn chol_inverse(l: &Array2<f64>) -> Array2<f64> {
    let n = l.nrows();
    let mut inv = Array2::<f64>::zeros((n, n));
    for j in 0..n {
        let mut e = Array1::<f64>::zeros(n);
        e[j] = 1.0;
        let c = chol_solve(l, &e);
        inv.column_mut(j).assign(&c);
    }
    inv
}

/// Least squares `min ‖y − Xb‖²` with collinear columns dropped. Returns (coefficients of kept
/// columns, `(X'X)⁻¹` of kept columns, selection).
pub fn ols(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    tol: f64,
) -> (Array1<f64>, Array2<f64>, CholSelect) {
    let (a, xy) = gram(x, y);
    let sel = chol_select(&a, tol);
    let b_kept: Array1<f64> = sel.kept.iter().map(|&i| xy[i]).collect();
    let beta = chol_solve(&sel.l, &b_kept);
    let inv = chol_inverse(&sel.l);
    (beta, inv, sel)
}

/// Symmetric eigen-decomposition by cyclic Jacobi rotations (small matrices only: covariance
/// fixes and positive-definiteness checks). Returns (eigenvalues, eigenvectors as columns).
pub fn sym_eigen(a: &Array2<f64>) -> (Vec<f64>, Array2<f64>) {
    let n = a.nrows();
    let mut m = a.clone();
    let mut v = Array2::<f64>::eye(n);
    let scale: f64 = a.iter().map(|x| x * x).sum::<f64>().max(1e-300);
    for _ in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[[i, j]].powi(2))
            .sum();
        if off <= 1e-30 * scale {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if m[[p, q]].abs() < 1e-300 {
                    continue;
                }
                let theta = (m[[q, q]] - m[[p, p]]) / (2.0 * m[[p, q]]);
                let t = if theta == 0.0 {
                    1.0
                } else {
                    theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt())
                };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (mkp, mkq) = (m[[k, p]], m[[k, q]]);
                    m[[k, p]] = c * mkp - s * mkq;
                    m[[k, q]] = s * mkp + c * mkq;
                }
                for k in 0..n {
                    let (mpk, mqk) = (m[[p, k]], m[[q, k]]);
                    m[[p, k]] = c * mpk - s * mqk;
                    m[[q, k]] = s * mpk + c * mqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[[k, p]], v[[k, q]]);
                    v[[k, p]] = c * vkp - s * vkq;
                    v[[k, q]] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| m[[i, i]]).collect(), v)
}

/// The nearest positive semi-definite matrix by zeroing negative eigenvalues
/// (Cameron, Gelbach & Miller 2011; fixest's default for multiway clustering). Returns the matrix
/// and whether anything was changed.
pub fn psd_fix(a: &Array2<f64>) -> (Array2<f64>, bool) {
    let (ev, v) = sym_eigen(a);
    if ev.iter().all(|&l| l >= 0.0) {
        return (a.clone(), false);
    }
    let d = Array2::from_diag(&Array1::from(
        ev.iter().map(|&l| l.max(0.0)).collect::<Vec<_>>(),
    ));
    (v.dot(&d).dot(&v.t()), true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{ShapeBuilder, array};

    /// The one-pass kernels above 32,768 rows (blocks on threads) equal the plain products:
    /// X'X, X'y, and the residuals with their sum of squares.
    #[test]
    fn one_pass_kernels_equal_plain_products() {
        let n = 100_003;
        let v = |i: usize| ((i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11) as f64 / 9e15;
        let x = Array2::from_shape_fn((n, 3).f(), |(i, j)| v(3 * i + j) - 0.5 * j as f64);
        let y = Array1::from_shape_fn(n, |i| v(7 * i + 1));
        let (g, gy) = gram(x.view(), y.view());
        let (w, wy) = (xtx(x.view()), xty(x.view(), y.view()));
        for (a, b) in g.iter().zip(&w).chain(gy.iter().zip(&wy)) {
            assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{a} vs {b}");
        }
        let beta = array![0.3, -1.2, 2.0];
        let mut e = y.to_vec();
        let rss = residuals_in_place(x.view(), &beta, &mut e);
        let want = &y - &x.dot(&beta);
        for (a, b) in e.iter().zip(&want) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
        let want_rss = want.dot(&want);
        assert!(
            (rss - want_rss).abs() <= 1e-12 * want_rss,
            "{rss} vs {want_rss}"
        );
    }

    /// f(x) = 1 + 2x through three exact points.
    #[test]
    fn ols_recovers_an_exact_line() {
        let x = array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
        let y = array![1.0, 3.0, 5.0];
        let (b, _, sel) = ols(x.view(), y.view(), 1e-10);
        assert!(sel.dropped.is_empty());
        assert!((b[0] - 1.0).abs() < 1e-12 && (b[1] - 2.0).abs() < 1e-12);
    }

    #[test]
    fn a_collinear_column_is_dropped() {
        let x = array![
            [1.0, 0.0, 0.0],
            [1.0, 1.0, 2.0],
            [1.0, 2.0, 4.0],
            [1.0, 5.0, 10.0]
        ];
        let y = array![1.0, 2.0, 2.0, 7.0];
        let (_, _, sel) = ols(x.view(), y.view(), 1e-10);
        assert_eq!(sel.dropped, vec![2]);
    }

    #[test]
    fn inverse_times_matrix_is_identity() {
        let a = array![[4.0, 1.0], [1.0, 3.0]];
        let sel = chol_select(&a, 1e-12);
        let inv = chol_inverse(&sel.l);
        let id = a.dot(&inv);
        assert!((id[[0, 0]] - 1.0).abs() < 1e-12 && id[[0, 1]].abs() < 1e-12);
        let (ev, _) = sym_eigen(&a);
        assert!((ev[0] * ev[1] - 11.0).abs() < 1e-9);
    }
}
