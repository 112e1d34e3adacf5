//! LeSage–Pace impacts of the lag and Durbin models, with delta-method inference.
//!
//! A change in regressor $k$ moves $y$ by $S_k = (I-\rho W)^{-1}(\beta_k I + \theta_k W)$
//! ($\theta_k = 0$ in the lag model). Averaged over regions: direct $= \operatorname{tr}(S_k)/n$
//! (the region's own change, feedback through neighbours included), total $= \iota'S_k\iota/n$,
//! indirect $=$ total $-$ direct (the spill-over to and from neighbours). Standard errors by the
//! delta method from the coefficients' covariance, with
//! $\partial (I-\rho W)^{-1}/\partial\rho = (I-\rho W)^{-1}W(I-\rho W)^{-1}$.

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
    use super::ml::{sum_of_product, trace_of_product};
    let ai = &filter.a_inv;
    let n = ai.nrows();
    let aiw = filter.times_w(ai);
    // Of A⁻¹ and A⁻¹W, and of their derivatives in ρ (A⁻¹WA⁻¹ and A⁻¹WA⁻¹W): the trace and the
    // sum of the entries, none of the products formed.
    let (tr_ai, tr_aiw) = (ai.trace(), aiw.trace());
    let (sum_ai, sum_aiw) = (ai.sum(), aiw.sum());
    let (tr_d_ai, sum_d_ai) = (trace_of_product(&aiw, ai), sum_of_product(&aiw, ai));
    let (tr_d_aiw, sum_d_aiw) = (trace_of_product(&aiw, &aiw), sum_of_product(&aiw, &aiw));
    let nf = n as f64;
    let normal_p = |z: f64| {
        use statrs::distribution::{ContinuousCDF, Normal};
        2.0 * Normal::standard().sf(z.abs())
    };
    let mut out = Vec::new();
    for (term, bi, ti) in terms {
        let beta = coef[*bi];
        let theta = ti.map_or(0.0, |t| coef[t]);
        let direct = (beta * tr_ai + theta * tr_aiw) / nf;
        let total = (beta * sum_ai + theta * sum_aiw) / nf;
        // Gradients over (beta, theta, rho).
        let g_direct = [
            tr_ai / nf,
            tr_aiw / nf,
            (beta * tr_d_ai + theta * tr_d_aiw) / nf,
        ];
        let g_total = [
            sum_ai / nf,
            sum_aiw / nf,
            (beta * sum_d_ai + theta * sum_d_aiw) / nf,
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
