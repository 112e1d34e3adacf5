//! Maximum likelihood for the spatial lag, error and Durbin models (Anselin 1988; Elhorst 2003
//! for panels with fixed effects).
//!
//! With $N = nT$ stacked observations, $\lambda_i$ the eigenvalues of $W$ (computed once per fit)
//! and $A(\rho) = I - \rho W$, the log-likelihood concentrated in $\sigma^2$ is
//!
//! $$\ell(\rho) = -\tfrac N2\ln(2\pi) - \tfrac N2 - \tfrac N2 \ln\hat\sigma^2(\rho)
//!   + T\sum_i \ln|1-\rho\lambda_i|,$$
//!
//! with $\hat\sigma^2(\rho) = e(\rho)'e(\rho)/N$: for the lag model $e(\rho) = e_0 - \rho e_1$
//! (the OLS residuals of $y$ and of $Wy$ on $X$), for the error model the OLS residuals of
//! $y - \lambda Wy$ on $X - \lambda WX$. It is maximised over $(1/\lambda_{min}, 1/\lambda_{max})$
//! by Brent's method to $10^{-10}$. Standard errors come from the inverse information matrix
//! (lag: $\beta,\rho,\sigma^2$ jointly; error: $\sigma^2(X_*'X_*)^{-1}$ and the $(\lambda,\sigma^2)$
//! block), with $B = WA^{-1}$:
//!
//! $$\mathcal I = \begin{pmatrix} X'X/\sigma^2 & X'\tilde y/\sigma^2 & 0\\
//! \cdot & T(\operatorname{tr}B^2 + \operatorname{tr}B'B) + \tilde y'\tilde y/\sigma^2 & T\operatorname{tr}B/\sigma^2\\
//! 0 & \cdot & N/(2\sigma^4)\end{pmatrix},\qquad \tilde y = (I_T\otimes B)X\hat\beta.$$

use ndarray::{Array1, Array2, ArrayView1, s};

use super::Weights;
use super::data::{Stacked, demean};
use super::spec::{SpatialEffects, SpatialModel};
use crate::error::{Error, Result};

/// The transformed design of one fit.
pub(super) struct Design {
    pub y: Array1<f64>,
    pub x: Array2<f64>,
    pub wy: Array1<f64>,
    pub wx: Array2<f64>,
    pub names: Vec<String>,
    pub n: usize,
    pub t: usize,
}

/// Demeaned (for fixed effects) response and regressors, their spatial lags, and for the Durbin
/// model the lagged regressors as regressors (`W_x`); an intercept when there are no effects.
pub(super) fn design(
    data: &Stacked,
    w: &Weights,
    model: SpatialModel,
    effects: SpatialEffects,
) -> Design {
    let (n, big_n) = (data.n, data.y.len());
    let mut cols: Vec<Array1<f64>> = data.x.columns().into_iter().map(|c| c.to_owned()).collect();
    let mut names = data.names.clone();
    let mut y = data.y.clone();
    let fix = |v: &mut Array1<f64>| demean(v, n, effects);
    fix(&mut y);
    cols.iter_mut().for_each(fix);
    if model == SpatialModel::Sdm {
        let lagged: Vec<Array1<f64>> = cols.iter().map(|c| w.lag_stacked(c.view())).collect();
        names.extend(data.names.iter().map(|n| format!("W_{n}")));
        cols.extend(lagged);
    }
    if effects == SpatialEffects::Pooled {
        cols.insert(0, Array1::ones(big_n));
        names.insert(0, "(Intercept)".into());
    }
    let mut x = Array2::<f64>::zeros((big_n, cols.len()));
    for (j, c) in cols.iter().enumerate() {
        x.column_mut(j).assign(c);
    }
    let mut wx = Array2::<f64>::zeros(x.raw_dim());
    for j in 0..x.ncols() {
        wx.column_mut(j).assign(&w.lag_stacked(x.column(j)));
    }
    Design {
        wy: w.lag_stacked(y.view()),
        y,
        x,
        wx,
        names,
        n,
        t: data.periods(),
    }
}

/// The result of one likelihood maximisation: coefficients then the spatial parameter, their
/// covariance, σ², log-likelihood.
pub(super) struct MlEstimate {
    pub beta: Array1<f64>,
    pub param: f64,
    pub vcov: Array2<f64>,
    pub sigma2: f64,
    pub log_likelihood: f64,
    /// The lag model's filter at ρ̂ (for the impacts); `None` for the error model.
    pub filter: Option<Filter>,
}

/// $\sum_i \ln|1 - a\lambda_i|$ over complex eigenvalues.
fn log_det(eig: &[(f64, f64)], a: f64) -> f64 {
    eig.iter()
        .map(|&(re, im)| 0.5 * ((1.0 - a * re).powi(2) + (a * im).powi(2)).ln())
        .sum()
}

/// Where the spatial parameter keeps $I - aW$ invertible: $(1/\lambda_{min}, 1/\lambda_{max})$.
fn domain(eig: &[(f64, f64)]) -> (f64, f64) {
    let max = eig.iter().map(|e| e.0).fold(f64::MIN, f64::max);
    let min = eig.iter().map(|e| e.0).fold(f64::MAX, f64::min);
    let eps = 1e-9;
    let lo = if min < 0.0 { 1.0 / min + eps } else { -1.0 };
    let hi = if max > 0.0 { 1.0 / max - eps } else { 1.0 };
    (lo, hi)
}

fn ols(x: &Array2<f64>, y: ArrayView1<f64>) -> Result<(Array1<f64>, Array2<f64>)> {
    let (b, inv, sel) = crate::linalg::ols(x.view(), y, 1e-12);
    if sel.kept.len() != x.ncols() {
        return Err(Error::Estimation(
            "the regressors are collinear (after removing the fixed effects)".into(),
        ));
    }
    Ok((b, inv))
}

/// Minimises `f` on `[a, b]` by Brent's method (golden section with parabolic steps).
pub(super) fn brent(f: impl Fn(f64) -> f64, (a, b): (f64, f64), tol: f64) -> f64 {
    let golden = 0.5 * (3.0 - 5f64.sqrt());
    let (mut a, mut b) = (a, b);
    let mut x = a + golden * (b - a);
    let (mut v, mut w) = (x, x);
    let mut fx = f(x);
    let (mut fv, mut fw) = (fx, fx);
    let (mut d, mut e) = (0.0f64, 0.0f64);
    for _ in 0..500 {
        let m = 0.5 * (a + b);
        let tol1 = 1e-10 * x.abs() + tol / 3.0;
        if (x - m).abs() <= 2.0 * tol1 - 0.5 * (b - a) {
            break;
        }
        let mut golden_step = true;
        if e.abs() > tol1 {
            let r = (x - w) * (fx - fv);
            let q0 = (x - v) * (fx - fw);
            let mut p = (x - v) * q0 - (x - w) * r;
            let mut q = 2.0 * (q0 - r);
            if q > 0.0 {
                p = -p;
            }
            q = q.abs();
            if p.abs() < (0.5 * q * e).abs() && p > q * (a - x) && p < q * (b - x) {
                e = d;
                d = p / q;
                let u = x + d;
                if u - a < 2.0 * tol1 || b - u < 2.0 * tol1 {
                    d = if x < m { tol1 } else { -tol1 };
                }
                golden_step = false;
            }
        }
        if golden_step {
            e = if x < m { b - x } else { a - x };
            d = golden * e;
        }
        let u = if d.abs() >= tol1 {
            x + d
        } else {
            x + tol1.copysign(d)
        };
        let fu = f(u);
        if fu <= fx {
            if u < x {
                b = x
            } else {
                a = x
            }
            (v, fv, w, fw, x, fx) = (w, fw, x, fx, u, fu);
        } else {
            if u < x {
                a = u
            } else {
                b = u
            }
            if fu <= fw || w == x {
                (v, fv, w, fw) = (w, fw, u, fu);
            } else if fu <= fv || v == x || v == w {
                (v, fv) = (u, fu);
            }
        }
    }
    x
}

/// $(I - aW)^{-1}$ as a dense matrix beside $W$ (its neighbour lists): the information matrix needs
/// them at the estimate, and so do the impacts (computed once per fit). Products with $W$ use
/// its links only (a few per region), so the one cubic step is the inverse; traces and sums of
/// products are taken entry by entry, $\operatorname{tr}(AB) = \sum_{ij} A_{ij}B_{ji}$, without
/// forming the product.
pub(super) struct Filter {
    w: Weights,
    pub a_inv: nalgebra::DMatrix<f64>,
}

impl Filter {
    fn new(w: &Weights, a: f64) -> Result<Filter> {
        let n = w.len();
        let mut am = nalgebra::DMatrix::<f64>::identity(n, n);
        for (i, links) in w.neighbors.iter().enumerate() {
            for &j in links {
                am[(i, j)] -= a * w.weight(i);
            }
        }
        let a_inv = am
            .lu()
            .try_inverse()
            .ok_or_else(|| Error::Estimation("I − ρW is singular".into()))?;
        Ok(Filter {
            w: w.clone(),
            a_inv,
        })
    }

    /// $WM$: the spatial lag of every column.
    pub fn w_times(&self, m: &nalgebra::DMatrix<f64>) -> nalgebra::DMatrix<f64> {
        let n = m.nrows();
        let mut out = nalgebra::DMatrix::<f64>::zeros(n, m.ncols());
        for (src, dst) in m
            .as_slice()
            .chunks_exact(n)
            .zip(out.as_mut_slice().chunks_exact_mut(n))
        {
            dst.copy_from_slice(&self.w.lag(src));
        }
        out
    }

    /// $MW$: column $j$ gathers the columns $i$ of $M$ whose row $i$ of $W$ links to $j$.
    pub fn times_w(&self, m: &nalgebra::DMatrix<f64>) -> nalgebra::DMatrix<f64> {
        let mut out = nalgebra::DMatrix::<f64>::zeros(m.nrows(), m.ncols());
        for (i, links) in self.w.neighbors.iter().enumerate() {
            for &j in links {
                out.column_mut(j).axpy(self.w.weight(i), &m.column(i), 1.0);
            }
        }
        out
    }

    /// $B = W(I - aW)^{-1}$ and its traces $\operatorname{tr}B$, $\operatorname{tr}B^2$,
    /// $\operatorname{tr}B'B$.
    fn b_matrix(&self) -> (nalgebra::DMatrix<f64>, [f64; 3]) {
        let b = self.w_times(&self.a_inv);
        let tr2 = trace_of_product(&b, &b);
        let tr3 = b.iter().map(|v| v * v).sum::<f64>();
        let tr1 = b.trace();
        (b, [tr1, tr2, tr3])
    }
}

/// $\operatorname{tr}(AB) = \sum_{ij} A_{ij} B_{ji}$ without forming $AB$.
pub(super) fn trace_of_product(a: &nalgebra::DMatrix<f64>, b: &nalgebra::DMatrix<f64>) -> f64 {
    let bt = b.transpose();
    a.iter().zip(bt.iter()).map(|(x, y)| x * y).sum()
}

/// $\iota'AB\iota$ (the sum of the entries of $AB$) without forming $AB$: the column sums of
/// $A$ times the row sums of $B$.
pub(super) fn sum_of_product(a: &nalgebra::DMatrix<f64>, b: &nalgebra::DMatrix<f64>) -> f64 {
    let col_sums = a.row_sum();
    let row_sums = b.column_sum();
    col_sums
        .iter()
        .zip(row_sums.iter())
        .map(|(x, y)| x * y)
        .sum()
}

/// $(I_T \otimes B)v$ for a vector stacked period by period.
fn apply_blocks(b: &nalgebra::DMatrix<f64>, v: &Array1<f64>, n: usize) -> Array1<f64> {
    let mut out = Array1::<f64>::zeros(v.len());
    for (chunk, mut o) in v.exact_chunks(n).into_iter().zip(out.exact_chunks_mut(n)) {
        let prod = b * nalgebra::DVector::from_iterator(n, chunk.iter().copied());
        o.iter_mut().zip(prod.iter()).for_each(|(a, p)| *a = *p);
    }
    out
}

fn invert(m: Array2<f64>) -> Result<Array2<f64>> {
    let k = m.nrows();
    let nm = nalgebra::DMatrix::from_fn(k, k, |i, j| m[[i, j]]);
    let inv = nm
        .try_inverse()
        .ok_or_else(|| Error::Estimation("the information matrix is singular".into()))?;
    Ok(Array2::from_shape_fn((k, k), |(i, j)| inv[(i, j)]))
}

/// The spatial lag (and Durbin) model.
pub(super) fn lag(d: &Design, w: &Weights, eig: &[(f64, f64)]) -> Result<MlEstimate> {
    let big_n = d.y.len() as f64;
    let t = d.t as f64;
    let (b0, inv) = ols(&d.x, d.y.view())?;
    let b1 = inv.dot(&d.x.t().dot(&d.wy));
    let e0 = &d.y - &d.x.dot(&b0);
    let e1 = &d.wy - &d.x.dot(&b1);
    let (a00, a01, a11) = (e0.dot(&e0), e0.dot(&e1), e1.dot(&e1));
    let neg_ll = |r: f64| {
        0.5 * big_n * ((a00 - 2.0 * r * a01 + r * r * a11) / big_n).ln() - t * log_det(eig, r)
    };
    let rho = brent(neg_ll, domain(eig), 1e-12);
    let beta = &b0 - &(&b1 * rho);
    let e = &e0 - &(&e1 * rho);
    let sigma2 = e.dot(&e) / big_n;
    let filter = Filter::new(w, rho)?;
    let (b, [tr1, tr2, tr3]) = filter.b_matrix();
    let xb = d.x.dot(&beta);
    let wp = apply_blocks(&b, &xb, d.n);
    let k = d.x.ncols();
    let mut info = Array2::<f64>::zeros((k + 2, k + 2));
    info.slice_mut(s![..k, ..k])
        .assign(&(d.x.t().dot(&d.x) / sigma2));
    let xwp = d.x.t().dot(&wp) / sigma2;
    info.slice_mut(s![..k, k]).assign(&xwp);
    info.slice_mut(s![k, ..k]).assign(&xwp);
    info[[k, k]] = t * (tr2 + tr3) + wp.dot(&wp) / sigma2;
    info[[k, k + 1]] = t * tr1 / sigma2;
    info[[k + 1, k]] = t * tr1 / sigma2;
    info[[k + 1, k + 1]] = big_n / (2.0 * sigma2 * sigma2);
    let vcov = invert(info)?.slice(s![..k + 1, ..k + 1]).to_owned();
    Ok(MlEstimate {
        beta,
        param: rho,
        vcov,
        sigma2,
        log_likelihood: -neg_ll(rho) - 0.5 * big_n * ((2.0 * std::f64::consts::PI).ln() + 1.0),
        filter: Some(filter),
    })
}

/// The spatial error model.
pub(super) fn error(d: &Design, w: &Weights, eig: &[(f64, f64)]) -> Result<MlEstimate> {
    let big_n = d.y.len() as f64;
    let t = d.t as f64;
    let filtered = |l: f64| -> Result<(Array1<f64>, Array2<f64>, Array1<f64>)> {
        let ys = &d.y - &(&d.wy * l);
        let xs = &d.x - &(&d.wx * l);
        let (b, inv) = ols(&xs, ys.view())?;
        let e = &ys - &xs.dot(&b);
        Ok((b, inv, e))
    };
    let neg_ll = |l: f64| match filtered(l) {
        Ok((_, _, e)) => 0.5 * big_n * (e.dot(&e) / big_n).ln() - t * log_det(eig, l),
        Err(_) => f64::INFINITY,
    };
    let lambda = brent(neg_ll, domain(eig), 1e-12);
    let (beta, inv, e) = filtered(lambda)?;
    let sigma2 = e.dot(&e) / big_n;
    let (_, [tr1, tr2, tr3]) = Filter::new(w, lambda)?.b_matrix();
    let block = invert(ndarray::arr2(&[
        [t * (tr2 + tr3), t * tr1 / sigma2],
        [t * tr1 / sigma2, big_n / (2.0 * sigma2 * sigma2)],
    ]))?;
    let k = beta.len();
    let mut vcov = Array2::<f64>::zeros((k + 1, k + 1));
    vcov.slice_mut(s![..k, ..k]).assign(&(inv * sigma2));
    vcov[[k, k]] = block[[0, 0]];
    Ok(MlEstimate {
        beta,
        param: lambda,
        vcov,
        sigma2,
        log_likelihood: -neg_ll(lambda) - 0.5 * big_n * ((2.0 * std::f64::consts::PI).ln() + 1.0),
        filter: None,
    })
}
