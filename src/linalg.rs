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
    let a = xtx(x);
    let sel = chol_select(&a, tol);
    let xy = xty(x, y);
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
    use ndarray::array;

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
