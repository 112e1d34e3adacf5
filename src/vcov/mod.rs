//! Covariance of the coefficients: the choice ([`Vcov`]) and the small-sample correction
//! ([`Ssc`]) are values; the sandwich pieces are pure functions.
//!
//! With bread $B = (\tilde X'\tilde X)^{-1}$ ($\tilde X$ the regressors after the within
//! transform), residuals $e$ and $N$ observations:
//!
//! | vcov | estimator |
//! |---|---|
//! | iid | $\hat\sigma^2 B$, $\hat\sigma^2 = e'e/(N-K)$ |
//! | HC0 | $B\,(\sum_i e_i^2 x_i x_i')\,B$ |
//! | HC1 | $\frac{N}{N-K}\,$HC0 |
//! | HC2 / HC3 | $e_i^2$ replaced by $e_i^2/(1-h_i)$ / $e_i^2/(1-h_i)^2$, $h_i = \tilde x_i' B \tilde x_i$ |
//! | CR1 | $c\,B\,(\sum_g s_g s_g')\,B$, $s_g = \sum_{i\in g} x_i e_i$ |
//! | two-way CR1 | $V_A + V_B - V_{A\cap B}$ (each with the same $c$, $G=\min(G_A,G_B)$, as fixest) |
//!
//! The correction $c$ and the degrees of freedom of the $t$ distribution depend on [`Ssc`]
//! (k = estimated coefficients, E entities, T periods, G clusters):
//!
//! | [`Ssc`] | cluster scale $c$ | cluster t dof | iid / HC K |
//! |---|---|---|---|
//! | `Fixest` (default) | $\frac{N-1}{N-K}\frac{G}{G-1}$, K = k + FE levels − levels of FEs nested in a cluster + their number | G−1 | k + all FE levels |
//! | `Full` | $\frac{N-1}{N-K}\frac{G}{G-1}$, K = k + rank of all FE dummies (Stata, statsmodels LSDV) | G−1 | k + all FE levels |
//! | `Plm` (`none`) | $\frac{N-1}{N-k}\frac{G}{G-1}$ (plm `vcovHC(type="sss")`) | N − k − FE levels | k |
//! | `Linearmodels` | $\frac{N}{N-k-\text{extra}}$, no $G/(G-1)$; extra = 0 when the only effect is nested in the cluster, else all FE levels | N − k − FE levels | k + all FE levels |

//!
//! Driscoll–Kraay and panel Newey–West ([`hac`]) complete the choices.
//!
//! Files: [`spec`](Vcov) the choice and its parsing, `sandwich` the computation, [`hac`] the
//! covariances robust to serial correlation.

pub mod hac;
mod sandwich;
mod spec;

pub use sandwich::{
    Covariance, FactorCodes, VcovInput, covariance, intersect, leverage, meat_cluster, meat_hetero,
    nested_in, sandwich,
};
pub use spec::{ClusterBy, Hc, Ssc, Vcov};
