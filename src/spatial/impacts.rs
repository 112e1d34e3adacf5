//! LeSage–Pace impacts of the lag and Durbin models, with delta-method inference.
//!
//! A change in regressor $k$ moves $y$ by $S_k = (I-\rho W)^{-1}(\beta_k I + \theta_k W)$
//! ($\theta_k = 0$ in the lag model). Averaged over regions: direct $= \operatorname{tr}(S_k)/n$
//! (the region's own change, feedback through neighbours included), total $= \iota'S_k\iota/n$,
//! indirect $=$ total $-$ direct (the spill-over to and from neighbours). Standard errors by the
//! delta method from the coefficients' covariance, with
//! $\partial (I-\rho W)^{-1}/\partial\rho = (I-\rho W)^{-1}W(I-\rho W)^{-1}$.

use nalgebra::{DMatrix, DVector};
use ndarray::Array2;

use super::ml::Filter;

/// The impacts of one regressor.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Impact {
    /// The regressor.
    pub term: String,
    /// Average direct impact.
    pub direct: f64,
    /// Average indirect (spill-over) impact.
    pub indirect: f64,
    /// Average total impact.
    pub total: f64,
    /// Delta-method standard errors of direct, indirect, total.
    pub std_error: [f64; 3],
    /// Two-sided normal p-values of direct, indirect, total.
    pub p_value: [f64; 3],
}

/// Impacts of `terms` given positions `(beta, theta)` in the coefficient vector whose last
/// entry is ρ, and the covariance `vcov` of that vector.
pub(super) fn impacts(
    filter: &Filter,
    coef: &[f64],
    vcov: &Array2<f64>,
    terms: &[(String, usize, Option<usize>)],
) -> Vec<Impact> {
    let (wn, ai) = (&filter.w, &filter.a_inv);
    let n = wn.nrows();
    let aiw = ai * wn;
    let d_ai = &aiw * ai;
    let d_aiw = &d_ai * wn;
    let ones = DVector::<f64>::from_element(n, 1.0);
    let sum = |m: &DMatrix<f64>| (ones.transpose() * m * &ones)[(0, 0)];
    let nf = n as f64;
    let normal_p = |z: f64| {
        use statrs::distribution::{ContinuousCDF, Normal};
        2.0 * Normal::standard().sf(z.abs())
    };
    let mut out = Vec::new();
    for (term, bi, ti) in terms {
        let beta = coef[*bi];
        let theta = ti.map_or(0.0, |t| coef[t]);
        let direct = (beta * ai.trace() + theta * aiw.trace()) / nf;
        let total = (beta * sum(ai) + theta * sum(&aiw)) / nf;
        // Gradients over (beta, theta, rho).
        let g_direct = [
            ai.trace() / nf,
            aiw.trace() / nf,
            (beta * d_ai.trace() + theta * d_aiw.trace()) / nf,
        ];
        let g_total = [
            sum(ai) / nf,
            sum(&aiw) / nf,
            (beta * sum(&d_ai) + theta * sum(&d_aiw)) / nf,
        ];
        let g_indirect: Vec<f64> = g_total.iter().zip(&g_direct).map(|(a, b)| a - b).collect();
        let idx = [Some(*bi), *ti, Some(coef.len() - 1)];
        let se = |g: &[f64]| {
            let mut v = 0.0;
            for (a, ia) in g.iter().zip(idx) {
                for (b, ib) in g.iter().zip(idx) {
                    if let (Some(ia), Some(ib)) = (ia, ib) {
                        v += a * b * vcov[[ia, ib]];
                    }
                }
            }
            v.sqrt()
        };
        let std_error = [se(&g_direct), se(&g_indirect), se(&g_total)];
        let values = [direct, total - direct, total];
        out.push(Impact {
            term: term.clone(),
            direct,
            indirect: total - direct,
            total,
            std_error,
            p_value: [0, 1, 2].map(|i| normal_p(values[i] / std_error[i])),
        });
    }
    out
}
