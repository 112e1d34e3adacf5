//! Covariances robust to serial correlation, computed from a fit's transformed regressors and
//! residuals — R plm's `vcovSCC` (Driscoll–Kraay: robust to cross-sectional and serial
//! dependence) and `vcovNW` (panel Newey–West: serial dependence within an entity):
//!
//! $$V = (\tilde X'\tilde X)^{-1}\,\Omega\,(\tilde X'\tilde X)^{-1},\qquad
//! \Omega = \Gamma_0 + \sum_{l=1}^{L} w_l(\Gamma_l + \Gamma_l'),\quad w_l = 1 - \frac{l}{L+1}$$
//!
//! (Bartlett weights). Driscoll–Kraay sums the scores over entities first, $h_t = \sum_i \tilde
//! x_{it}\hat u_{it}$, and $\Gamma_l = \sum_t h_t h_{t-l}'$; panel Newey–West keeps each entity's
//! own lags, $\Gamma_l = \sum_i \sum_t (\tilde x_{it}\hat u_{it})(\tilde x_{i,t-l}\hat
//! u_{i,t-l})'$. [`HacSsc::None`] is plm's `type = "HC0"` (`--ssc none`), [`HacSsc::Hc1`] multiplies by
//! $N/(N-k)$ ($k$ the estimated slopes and intercept; plm's `type = "HC1"`, `--ssc full`), and
//! [`HacSsc::Fixest`] is pyfixest's convention (`--ssc fixest`, the default): $\frac{N-1}{N-K}\frac{T}{T-1}$
//! with every fixed-effect level in $K$ and t-tests on $T-1$ degrees of freedom. plm's default lag is
//! $\lfloor T^{1/4} \rfloor$ ([`default_maxlag`]). With few periods (Jawa Barat has 9–11) these
//! are imprecise: fixest warns below about 20.
//!
//! As a fit's covariance: `Vcov::Hac { kind, maxlag }` (`--vcov dk:2`, `nw:2`), or
//! [`crate::model::Fit::hac_vcov`] for the matrix alone.

use std::collections::BTreeMap;

use ndarray::{Array1, Array2};

use crate::error::Error;

/// The small-sample convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum HacSsc {
    /// No factor (plm `type = "HC0"`).
    None,
    /// $N/(N-k)$ (plm `type = "HC1"`).
    Hc1,
    /// pyfixest's `vcov="DK"` / `"NW"` (0.60): $\frac{N-1}{N-K}\cdot\frac{T}{T-1}$ with $K$ the
    /// coefficients plus every fixed-effect level (`fe_dof`) and $T$ the periods, the periods
    /// playing the clusters' part in CR1; t with $T-1$ degrees of freedom.
    Fixest {
        /// Fixed-effect levels absorbed.
        fe_dof: usize,
        /// Periods of the panel.
        periods: usize,
    },
}

/// Which dependence the covariance allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Hac {
    /// Driscoll–Kraay: scores summed over entities per period, then Newey–West over periods.
    DriscollKraay,
    /// Panel Newey–West: each entity's own serial dependence.
    NeweyWest,
}

/// plm's default maximum lag, $\lfloor T^{1/4}\rfloor$ for `T` periods.
pub fn default_maxlag(periods: usize) -> usize {
    (periods as f64).powf(0.25).floor() as usize
}

/// Distinct periods among `time`.
pub(crate) fn periods(time: &[i64]) -> usize {
    let mut p = time.to_vec();
    p.sort_unstable();
    p.dedup();
    p.len()
}

pub(crate) fn no_panel() -> Error {
    Error::InvalidArgument {
        what: "covariance".into(),
        message: "Driscoll–Kraay and Newey–West need the panel's entity and time per row".into(),
    }
}

/// The sandwich of the module from its pieces: transformed regressors, residuals, bread, and
/// each row's (entity, time).
pub(crate) fn hac_matrix(
    x: ndarray::ArrayView2<f64>,
    u: &[f64],
    bread: &Array2<f64>,
    (ent, time): (&[u32], &[i64]),
    kind: Hac,
    maxlag: usize,
    ssc: HacSsc,
) -> Array2<f64> {
    let k = x.ncols();
    // Scores by (group, period): the group is all entities (DK) or each entity (NW).
    let mut scores: BTreeMap<(u32, i64), Array1<f64>> = BTreeMap::new();
    for i in 0..x.nrows() {
        let g = match kind {
            Hac::DriscollKraay => 0,
            Hac::NeweyWest => ent[i],
        };
        let s = scores
            .entry((g, time[i]))
            .or_insert_with(|| Array1::zeros(k));
        s.scaled_add(u[i], &x.row(i));
    }
    let mut omega = Array2::<f64>::zeros((k, k));
    for ((g, t), h) in &scores {
        for a in 0..k {
            for b in 0..k {
                omega[[a, b]] += h[a] * h[b];
            }
        }
        for l in 1..=maxlag {
            let w = 1.0 - l as f64 / (maxlag as f64 + 1.0);
            if let Some(h2) = scores.get(&(*g, t - l as i64)) {
                for a in 0..k {
                    for b in 0..k {
                        omega[[a, b]] += w * (h[a] * h2[b] + h2[a] * h[b]);
                    }
                }
            }
        }
    }
    let mut v = bread.dot(&omega).dot(bread);
    let n = x.nrows() as f64;
    match ssc {
        HacSsc::None => {}
        HacSsc::Hc1 => v *= n / (n - k as f64),
        HacSsc::Fixest { fe_dof, periods } => {
            let t = periods as f64;
            v *= (n - 1.0) / (n - (k + fe_dof) as f64) * t / (t - 1.0);
        }
    }
    v
}
