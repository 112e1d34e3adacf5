//! The Lagrange-multiplier tests of an OLS fit and Moran's I of its residuals.

use std::collections::HashMap;

use ndarray::{Array1, Array2};

use super::Weights;
use super::spec::SpatialEffects;
use crate::error::{Error, Result};

/// Lagrange-multiplier tests for spatial dependence in an OLS fit (Anselin 1988; Anselin, Bera,
/// Florax & Yoon 1996), as spreg reports them: each `(statistic, p)`, χ² with 1 degree of freedom
/// (LM-SARMA: 2).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LmTests {
    /// Spatial lag.
    pub lm_lag: (f64, f64),
    /// Spatial error.
    pub lm_error: (f64, f64),
    /// Lag, robust to an error process.
    pub rlm_lag: (f64, f64),
    /// Error, robust to a lag.
    pub rlm_error: (f64, f64),
    /// Lag and error together.
    pub lm_sarma: (f64, f64),
    /// Moran's I of the residuals with its z and two-sided p (Cliff & Ord's moments for
    /// regression residuals: $E[I] = \frac{n}{S_0}\frac{\operatorname{tr}(MW)}{n-k}$,
    /// $V[I] = (\frac{n}{S_0})^2\frac{\operatorname{tr}(MWMW') + \operatorname{tr}((MW)^2) +
    /// \operatorname{tr}(MW)^2}{(n-k)(n-k+2)} - E[I]^2$).
    pub moran_residuals: (f64, f64, f64),
}

/// The LM tests of the cross-section OLS regression of `y` on an intercept and `xs`:
/// with $e$ the residuals, $s^2 = e'e/n$, $T = \operatorname{tr}(W'W + W^2)$ and
/// $nJ = [(WX\hat\beta)'M(WX\hat\beta) + T s^2]/s^2$:
/// LM-err $= (e'We/s^2)^2/T$, LM-lag $= (e'Wy/s^2)^2/nJ$, robust forms and SARMA as spreg.
///
/// # Errors
/// A region without a value of `y` or of a regressor; collinear regressors.
pub fn lm_tests(
    y: &HashMap<String, f64>,
    xs: &[&HashMap<String, f64>],
    w: &Weights,
) -> Result<LmTests> {
    let n = w.len();
    let yv = Array1::from(w.ordered(y, "LM tests")?);
    let mut x = Array2::<f64>::ones((n, xs.len() + 1));
    for (j, xj) in xs.iter().enumerate() {
        x.column_mut(j + 1)
            .assign(&Array1::from(w.ordered(xj, "LM tests")?));
    }
    stacked_lm_tests(&yv, &x, w, SpatialEffects::Pooled)
}

/// The LM tests and residual Moran of an OLS fit on stacked, already demeaned data (`x` with an
/// intercept when `effects` is pooled). Traces run over the demeaning projector $Q$ (identity,
/// within regions, or two-way), so that with one period they are the cross-section formulas, and
/// for panels $T$ becomes $\operatorname{tr}(QWQW' + QWQW)$ and the residual maker $M = Q - P_X$.
pub(super) fn stacked_lm_tests(
    y: &Array1<f64>,
    x: &Array2<f64>,
    w: &Weights,
    effects: SpatialEffects,
) -> Result<LmTests> {
    let (b, inv, sel) = crate::linalg::ols(x.view(), y.view(), 1e-12);
    if sel.kept.len() != x.ncols() {
        return Err(Error::InvalidArgument {
            what: "LM tests".into(),
            message: "the regressors are collinear".into(),
        });
    }
    let fitted = x.dot(&b);
    let e = y - &fitted;
    let nf = y.len() as f64;
    let s2 = e.dot(&e) / nf;
    let ops = Ops { w, effects };
    let (we, wy, wxb) = (ops.w(&e), ops.w(y), ops.w(&fitted));
    let tr = ops.traces(y.len());
    let t = tr.qwqwt + tr.qwqw;
    let mwxb = &ops.q(&wxb) - &x.dot(&inv.dot(&x.t().dot(&wxb)));
    let nj = (wxb.dot(&mwxb) + t * s2) / s2;
    let (ue, uy) = (e.dot(&we) / s2, e.dot(&wy) / s2);
    let chi = |stat: f64, df: f64| {
        use statrs::distribution::{ChiSquared, ContinuousCDF};
        let p = ChiSquared::new(df).map_or(f64::NAN, |d| d.sf(stat));
        (stat, p)
    };
    let moran_residuals = residual_moran(x, &inv, &e, &ops, &tr);
    Ok(LmTests {
        moran_residuals,
        lm_lag: chi(uy * uy / nj, 1.0),
        lm_error: chi(ue * ue / t, 1.0),
        rlm_lag: chi((uy - ue).powi(2) / (nj - t), 1.0),
        rlm_error: chi((ue - t / nj * uy).powi(2) / (t * (1.0 - t / nj)), 1.0),
        lm_sarma: chi((uy - ue).powi(2) / (nj - t) + ue * ue / t, 2.0),
    })
}

/// $W$, $W'$ and $Q$ on stacked vectors, and the traces of $Q$ with $W$.
struct Ops<'a> {
    w: &'a Weights,
    effects: SpatialEffects,
}

/// $\operatorname{tr}(QW)$, $\operatorname{tr}(QWQW')$, $\operatorname{tr}(QWQW)$ and the
/// rank of $Q$.
struct Traces {
    qw: f64,
    qwqwt: f64,
    qwqw: f64,
    rank_q: f64,
}

impl Ops<'_> {
    fn w(&self, v: &Array1<f64>) -> Array1<f64> {
        self.w.lag_stacked(v.view())
    }
    fn wt(&self, v: &Array1<f64>) -> Array1<f64> {
        self.w.lag_transposed_stacked(v.view())
    }
    fn q(&self, v: &Array1<f64>) -> Array1<f64> {
        let mut out = v.clone();
        super::data::demean(&mut out, self.w.len(), self.effects);
        out
    }
    fn periods(&self, len: usize) -> usize {
        len / self.w.len()
    }
    /// The traces for `t` periods: $Q = Q_T \otimes Q_n$ with $Q_T = I$ (pooled) or
    /// $I - J/T$, and $Q_n = I - J/n$ for two-way effects, else $I$.
    fn traces_for(&self, t: usize) -> Traces {
        let n = self.w.len();
        let mut wm = self.w.matrix();
        let tq = if self.effects == SpatialEffects::Pooled {
            t
        } else {
            t - 1
        } as f64;
        if self.effects == SpatialEffects::RegionYear {
            let means = wm.sum_axis(ndarray::Axis(0)) / n as f64;
            wm -= &means;
        }
        let qwqwt: f64 = {
            let mut q2 = wm.t().to_owned();
            if self.effects == SpatialEffects::RegionYear {
                let means = q2.sum_axis(ndarray::Axis(0)) / n as f64;
                q2 -= &means;
            }
            (&wm * &q2.t()).sum()
        };
        let qwqw = (&wm * &wm.t()).sum();
        let rank_q = match self.effects {
            SpatialEffects::Pooled => (n * t) as f64,
            SpatialEffects::Region => (n * (t - 1)) as f64,
            SpatialEffects::RegionYear => ((n - 1) * (t - 1)) as f64,
        };
        Traces {
            qw: tq * wm.diag().sum(),
            qwqwt: tq * qwqwt,
            qwqw: tq * qwqw,
            rank_q,
        }
    }
    fn traces(&self, len: usize) -> Traces {
        self.traces_for(self.periods(len))
    }
}
/// Moran's I of OLS residuals `e` of the design `x` (with `inv` = (X'X)⁻¹, `x` already
/// demeaned) and its inference, from traces of $M = Q - XCX'$ that only need $W$ applied to the
/// columns of $X$.
fn residual_moran(
    x: &Array2<f64>,
    inv: &Array2<f64>,
    e: &Array1<f64>,
    ops: &Ops,
    tr: &Traces,
) -> (f64, f64, f64) {
    let k = x.ncols();
    let cols = |f: &dyn Fn(&Array1<f64>) -> Array1<f64>| {
        let mut m = Array2::<f64>::zeros(x.raw_dim());
        for j in 0..k {
            m.column_mut(j).assign(&f(&x.column(j).to_owned()));
        }
        m
    };
    let wx = cols(&|v| ops.w(v));
    let wtx = cols(&|v| ops.wt(v));
    let qwx = cols(&|v| ops.q(&ops.w(v)));
    let qwtx = cols(&|v| ops.q(&ops.wt(v)));
    let trace = |a: &Array2<f64>| a.diag().sum();
    let cxwx = inv.dot(&x.t().dot(&wx));
    let cxwtx = inv.dot(&x.t().dot(&wtx));
    let tr_mw = tr.qw - trace(&cxwx);
    let tr_mwmwt =
        tr.qwqwt - trace(&inv.dot(&wtx.t().dot(&qwtx))) - trace(&inv.dot(&wx.t().dot(&qwx)))
            + trace(&cxwx.dot(&cxwtx));
    let tr_mwmw = tr.qwqw - 2.0 * trace(&inv.dot(&wtx.t().dot(&qwx))) + trace(&cxwx.dot(&cxwx));
    let nf = e.len() as f64;
    let s0 = ops.w.total_weight() * ops.periods(e.len()) as f64;
    let r = tr.rank_q - k as f64;
    let i_stat = nf / s0 * e.dot(&ops.w(e)) / e.dot(e);
    let ei = nf / s0 * tr_mw / r;
    let vi = (nf / s0).powi(2) * (tr_mwmwt + tr_mwmw + tr_mw * tr_mw) / (r * (r + 2.0)) - ei * ei;
    let z = (i_stat - ei) / vi.sqrt();
    let p = {
        use statrs::distribution::{ContinuousCDF, Normal};
        2.0 * Normal::standard().sf(z.abs())
    };
    (i_stat, z, p)
}
