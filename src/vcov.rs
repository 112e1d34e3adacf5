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
//! | `None` | $\frac{N-1}{N-k}\frac{G}{G-1}$ (plm `vcovHC(type="sss")`) | N − k − FE levels | k |
//! | `Linearmodels` | $\frac{N}{N-k-\text{extra}}$, no $G/(G-1)$; extra = 0 when the only effect is nested in the cluster, else all FE levels | N − k − FE levels | k + all FE levels |

use ndarray::{Array1, Array2, ArrayView2};

/// Heteroskedasticity-robust variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Hc {
    /// White's estimator, no correction.
    Hc0,
    /// HC0 × N/(N−K).
    Hc1,
    /// Leverage-corrected, $e_i^2/(1-h_i)$.
    Hc2,
    /// Jackknife-like, $e_i^2/(1-h_i)^2$.
    Hc3,
}

/// The covariance estimator.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Vcov {
    /// Classical, homoskedastic errors.
    Iid,
    /// Heteroskedasticity-robust.
    Hetero(Hc),
    /// Cluster-robust CR1 by one or two columns.
    Cluster(Vec<String>),
}

impl Vcov {
    /// Cluster by the given columns.
    pub fn cluster<S: Into<String>>(by: impl IntoIterator<Item = S>) -> Vcov {
        Vcov::Cluster(by.into_iter().map(Into::into).collect())
    }

    /// Parse the CLI form: `iid`, `hc0`…`hc3`, `hetero`, `cluster:COL[,COL]`.
    pub fn parse(s: &str) -> crate::Result<Vcov> {
        let t = s.trim();
        Ok(match t.to_lowercase().as_str() {
            "iid" | "classical" => Vcov::Iid,
            "hc0" => Vcov::Hetero(Hc::Hc0),
            "hc1" | "hetero" | "robust" => Vcov::Hetero(Hc::Hc1),
            "hc2" => Vcov::Hetero(Hc::Hc2),
            "hc3" => Vcov::Hetero(Hc::Hc3),
            l if l.starts_with("cluster:") => {
                let cols: Vec<String> = t[8..]
                    .split(',')
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .collect();
                if cols.is_empty() || cols.len() > 2 {
                    return Err(crate::Error::InvalidArgument {
                        what: "--vcov".into(),
                        message: format!(
                            "{s:?}: give one or two cluster columns, e.g. cluster:region_code"
                        ),
                    });
                }
                Vcov::Cluster(cols)
            }
            _ => {
                return Err(crate::Error::InvalidArgument {
                    what: "--vcov".into(),
                    message: format!(
                        "{s:?}; expected iid, hc0, hc1, hc2, hc3 or cluster:COL[,COL]"
                    ),
                });
            }
        })
    }

    /// Short label (`iid`, `HC1`, `CR1 by region_code`).
    pub fn label(&self) -> String {
        match self {
            Vcov::Iid => "iid".into(),
            Vcov::Hetero(h) => format!("{h:?}").to_uppercase(),
            Vcov::Cluster(c) => format!("CR1 by {}", c.join(" & ")),
        }
    }
}

/// Small-sample correction convention (see the module table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Ssc {
    /// fixest / pyfixest default.
    #[default]
    Fixest,
    /// All fixed effects counted (Stata with dummies, statsmodels LSDV, sandwich HC1 on lm).
    Full,
    /// No fixed effect counted (plm `sss`).
    None,
    /// linearmodels PanelOLS default (debiased, auto_df).
    Linearmodels,
}

impl Ssc {
    /// Parse `fixest`, `full`, `none`, `linearmodels`.
    pub fn parse(s: &str) -> crate::Result<Ssc> {
        Ok(match s.trim().to_lowercase().as_str() {
            "fixest" | "default" => Ssc::Fixest,
            "full" | "stata" => Ssc::Full,
            "none" | "plm" => Ssc::None,
            "linearmodels" | "lm" => Ssc::Linearmodels,
            _ => {
                return Err(crate::Error::InvalidArgument {
                    what: "--ssc".into(),
                    message: format!("{s:?}; expected fixest, full, none or linearmodels"),
                });
            }
        })
    }
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
    let k = x.ncols();
    let mut s = Array2::<f64>::zeros((g, k));
    for a in 0..k {
        let mut acc = vec![0.0; g];
        for ((v, ei), &gi) in x.column(a).iter().zip(e).zip(ids) {
            acc[gi as usize] += v * ei;
        }
        s.column_mut(a).assign(&Array1::from(acc));
    }
    s.t().dot(&s)
}

/// Leverages $h_i = x_i' B x_i$.
pub fn leverage(x: ArrayView2<f64>, bread: &Array2<f64>) -> Array1<f64> {
    x.outer_iter().map(|r| r.dot(&bread.dot(&r))).collect()
}
