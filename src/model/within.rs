//! The within transform: $M_D y$ and $M_D X$, every fixed effect removed in place by alternating
//! projections (exact in one pass for a balanced two-way panel); regressors the fixed effects
//! absorb are dropped with a warning. Pooled OLS with fixed effects in the formula is the same.

use ndarray::{Array2, ShapeBuilder};

use super::demean;
use super::design::Design;
use super::transform::Transformed;
use crate::error::{Error, Result};

/// Convergence tolerance and iteration cap of the alternating projections.
pub(crate) const TOL: f64 = 1e-13;
/// See [`TOL`].
pub(crate) const MAX_ITER: usize = 100_000;

/// The chosen columns of a design, column-major.
pub(crate) fn select_columns(x: &Array2<f64>, keep: &[usize]) -> Array2<f64> {
    let mut out = Array2::<f64>::zeros((x.nrows(), keep.len()).f());
    for (k, &j) in keep.iter().enumerate() {
        out.column_mut(k).assign(&x.column(j));
    }
    out
}

/// $\sum_i x_{ij}^2$ of every column, the columns in parallel.
fn sums_of_squares(x: &Array2<f64>) -> Vec<f64> {
    use rayon::prelude::*;
    let cols: Vec<_> = x.columns().into_iter().collect();
    cols.into_par_iter().map(|c| c.dot(&c)).collect()
}

pub(super) fn transform(
    d: Design,
    fe_names: &[String],
    has_intercept: bool,
) -> Result<Transformed> {
    let mut t = Transformed::from_design(d, has_intercept);
    if t.fe.ids.is_empty() {
        return Ok(t);
    }
    if t.x.is_standard_layout() && t.x.ncols() > 1 {
        // Column-major, so that every column is one contiguous buffer to demean in place.
        let mut f = Array2::<f64>::zeros(t.x.raw_dim().f());
        f.assign(&t.x);
        t.x = f;
    }
    let n = t.y.len();
    let raw = sums_of_squares(&t.x);
    {
        let xs =
            t.x.as_slice_memory_order_mut()
                .ok_or_else(|| Error::Internal("design not contiguous".into()))?;
        let mut cols: Vec<&mut [f64]> = vec![t.y.as_mut_slice()];
        cols.extend(xs.chunks_mut(n));
        demean::demean_columns(cols, &t.fe, TOL, MAX_ITER);
    }
    // An interrupt stopped the sweeps: the columns are not demeaned, so no estimate.
    crate::cancel::Cancel::watched().check()?;
    let dm = sums_of_squares(&t.x);
    let mut keep = Vec::new();
    for (j, name) in t.names.iter().enumerate() {
        if dm[j] <= 1e-10 * raw[j].max(1e-300) {
            t.dropped.push(name.clone());
            t.warnings.push(format!(
                "{name} dropped: absorbed by the fixed effects ({})",
                fe_names.join(", ")
            ));
        } else {
            keep.push(j);
        }
    }
    if keep.len() < t.names.len() {
        t.x = select_columns(&t.x, &keep);
        t.names = keep.iter().map(|&j| t.names[j].clone()).collect();
    }
    Ok(t)
}
