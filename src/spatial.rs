//! Spatial weights, global and local Moran's I, and the LM tests of an OLS fit.
//!
//! [`Weights`] hold who neighbours whom (a neighbour list, either direction), row-standardised
//! ($w_{ij} = 1/|N(i)|$) or binary. Jawa Barat's queen-contiguity list is bundled
//! (`data/geo/jabar_queen.csv`, [`Weights::jabar_queen`]): the pysal list behind the reference
//! results, computed on the kab/kota polygons in EPSG:23830 metres buffered by 50 m so that
//! simplified borders touch.
//!
//! Moran's I of values $x$ with $z = x - \bar x$: $I = \frac{n}{S_0}\frac{z'Wz}{z'z}$,
//! $E[I] = -1/(n-1)$, and its variance under normality and under randomisation (Cliff & Ord):
//!
//! $$V_N = \frac{n^2 S_1 - n S_2 + 3 S_0^2}{(n^2-1) S_0^2} - E[I]^2,\qquad
//! V_R = \frac{n\,[(n^2-3n+3)S_1 - nS_2 + 3S_0^2] - b_2[(n^2-n)S_1 - 2nS_2 + 6S_0^2]}
//! {(n-1)(n-2)(n-3)S_0^2} - E[I]^2$$
//!
//! with $S_0 = \sum w_{ij}$, $S_1 = \tfrac12\sum(w_{ij}+w_{ji})^2$, $S_2 = \sum_i(w_{i\cdot}+w_{\cdot i})^2$,
//! $b_2 = n\sum z^4/(\sum z^2)^2$; $z$-scores and two-sided normal p-values as esda's `Moran`.
//!
//! ```
//! # fn main() -> indikator::Result<()> {
//! let w = indikator::spatial::Weights::jabar_queen()?;
//! assert_eq!((w.len(), w.links()), (27, 104));
//! # Ok(()) }
//! ```

use std::collections::HashMap;

use crate::error::{Error, Result};

/// Bundled: the queen-contiguity neighbour list of Jawa Barat's 27 kab/kota.
pub const JABAR_QUEEN_CSV: &str = include_str!("../data/geo/jabar_queen.csv");

/// Spatial weights over regions (by BPS code).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    codes: Vec<String>,
    neighbors: Vec<Vec<usize>>,
    row_standardised: bool,
}

impl Weights {
    /// Weights from `region_code,neighbor_code` pairs (either or both directions: the list is made
    /// symmetric), row-standardised. `file` names the source in errors.
    ///
    /// # Errors
    /// A header other than `region_code,neighbor_code`; a line without two codes; a region listed
    /// as its own neighbour.
    pub fn from_pairs_csv(text: &str, file: &str) -> Result<Weights> {
        let mut lines = text.lines().enumerate();
        let head = lines.next().map(|(_, h)| h.trim()).unwrap_or("");
        if head.trim_start_matches('\u{feff}') != "region_code,neighbor_code" {
            return Err(Error::Format {
                file: file.to_string(),
                message: format!(
                    "a neighbour list starts with the header region_code,neighbor_code (found {head:?})"
                ),
            });
        }
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut codes: Vec<String> = Vec::new();
        let mut neighbors: Vec<Vec<usize>> = Vec::new();
        let mut id = |c: &str, codes: &mut Vec<String>, nb: &mut Vec<Vec<usize>>| {
            *index.entry(c.to_string()).or_insert_with(|| {
                codes.push(c.to_string());
                nb.push(Vec::new());
                codes.len() - 1
            })
        };
        for (i, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let (a, b) = line
                .split_once(',')
                .map(|(a, b)| (a.trim(), b.trim()))
                .ok_or_else(|| Error::BadValue {
                    at: crate::error::Location::line(file, i + 1),
                    value: line.to_string(),
                    expected: "two region codes: region_code,neighbor_code".into(),
                })?;
            if a == b {
                return Err(Error::BadValue {
                    at: crate::error::Location::line(file, i + 1),
                    value: line.to_string(),
                    expected: "two different regions (a region is not its own neighbour)".into(),
                });
            }
            let (ia, ib) = (
                id(a, &mut codes, &mut neighbors),
                id(b, &mut codes, &mut neighbors),
            );
            for (x, y) in [(ia, ib), (ib, ia)] {
                if !neighbors[x].contains(&y) {
                    neighbors[x].push(y);
                }
            }
        }
        Ok(Weights {
            codes,
            neighbors,
            row_standardised: true,
        })
    }

    /// Jawa Barat's bundled queen-contiguity weights, row-standardised.
    pub fn jabar_queen() -> Result<Weights> {
        Weights::from_pairs_csv(JABAR_QUEEN_CSV, "data/geo/jabar_queen.csv")
    }

    /// The same weights binary (every link 1) instead of row-standardised.
    pub fn binary(mut self) -> Weights {
        self.row_standardised = false;
        self
    }

    /// Regions.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether there are no regions.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Directed links (each pair counted both ways).
    pub fn links(&self) -> usize {
        self.neighbors.iter().map(Vec::len).sum()
    }

    /// Regions without a neighbour (islands), by code.
    pub fn islands(&self) -> Vec<&str> {
        self.codes
            .iter()
            .zip(&self.neighbors)
            .filter(|(_, n)| n.is_empty())
            .map(|(c, _)| c.as_str())
            .collect()
    }

    fn weight(&self, i: usize) -> f64 {
        match (self.row_standardised, self.neighbors[i].len()) {
            (_, 0) => 0.0,
            (true, n) => 1.0 / n as f64,
            (false, _) => 1.0,
        }
    }
}

/// Global Moran's I with its inference (see the module).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Moran {
    /// Moran's I.
    #[serde(rename = "I")]
    pub i: f64,
    /// Its expectation under no spatial autocorrelation, −1/(n−1).
    pub expected: f64,
    /// Variance under normality.
    #[serde(rename = "variance_normal")]
    pub var_norm: f64,
    /// z under normality.
    #[serde(rename = "z_normal")]
    pub z_norm: f64,
    /// Two-sided p under normality.
    #[serde(rename = "p_normal")]
    pub p_norm: f64,
    /// Variance under randomisation.
    #[serde(rename = "variance_randomization")]
    pub var_rand: f64,
    /// z under randomisation.
    #[serde(rename = "z_randomization")]
    pub z_rand: f64,
    /// Two-sided p under randomisation.
    #[serde(rename = "p_randomization")]
    pub p_rand: f64,
}

/// Moran's I of `values` (BPS code → value) on `w`.
///
/// # Errors
/// A region of the weights without a value (a gap: Moran's I needs every region), fewer than four
/// regions, or values that do not vary.
pub fn moran(values: &HashMap<String, f64>, w: &Weights) -> Result<Moran> {
    let n = w.len();
    if n < 4 {
        return Err(Error::InvalidArgument {
            what: "Moran's I".into(),
            message: format!("needs at least four regions ({n} given)"),
        });
    }
    let x = w.ordered(values, "Moran's I")?;
    let mean = x.iter().sum::<f64>() / n as f64;
    let z: Vec<f64> = x.iter().map(|v| v - mean).collect();
    let m2: f64 = z.iter().map(|v| v * v).sum();
    if m2 <= 0.0 {
        return Err(Error::InvalidArgument {
            what: "Moran's I".into(),
            message: "the values do not vary".into(),
        });
    }
    let (mut s0, mut num) = (0.0, 0.0);
    let mut wij: HashMap<(usize, usize), f64> = HashMap::new();
    for i in 0..n {
        for &j in &w.neighbors[i] {
            let v = w.weight(i);
            s0 += v;
            num += v * z[i] * z[j];
            wij.insert((i, j), v);
        }
    }
    let s1: f64 = wij
        .iter()
        .map(|(&(i, j), &v)| {
            let back = wij.get(&(j, i)).copied().unwrap_or(0.0);
            0.5 * (v + back).powi(2)
        })
        .sum::<f64>();
    let s2: f64 = (0..n)
        .map(|i| {
            let out: f64 = w.neighbors[i].iter().map(|_| w.weight(i)).sum();
            let inn: f64 = (0..n)
                .filter(|&k| w.neighbors[k].contains(&i))
                .map(|k| w.weight(k))
                .sum();
            (out + inn).powi(2)
        })
        .sum();
    let nf = n as f64;
    let i_stat = nf / s0 * num / m2;
    let ei = -1.0 / (nf - 1.0);
    let var_norm = (nf * nf * s1 - nf * s2 + 3.0 * s0 * s0) / ((nf * nf - 1.0) * s0 * s0) - ei * ei;
    let b2 = nf * z.iter().map(|v| v.powi(4)).sum::<f64>() / (m2 * m2);
    let var_rand = (nf * ((nf * nf - 3.0 * nf + 3.0) * s1 - nf * s2 + 3.0 * s0 * s0)
        - b2 * ((nf * nf - nf) * s1 - 2.0 * nf * s2 + 6.0 * s0 * s0))
        / ((nf - 1.0) * (nf - 2.0) * (nf - 3.0) * s0 * s0)
        - ei * ei;
    let two_sided = |z: f64| {
        use statrs::distribution::{ContinuousCDF, Normal};
        let nd = Normal::standard();
        2.0 * nd.sf(z.abs())
    };
    let z_norm = (i_stat - ei) / var_norm.sqrt();
    let z_rand = (i_stat - ei) / var_rand.sqrt();
    Ok(Moran {
        i: i_stat,
        expected: ei,
        var_norm,
        z_norm,
        p_norm: two_sided(z_norm),
        var_rand,
        z_rand,
        p_rand: two_sided(z_rand),
    })
}

impl Weights {
    /// The spatial lag $Wz$ of values in the weights' region order.
    fn lag(&self, z: &[f64]) -> Vec<f64> {
        (0..self.len())
            .map(|i| {
                self.neighbors[i]
                    .iter()
                    .map(|&j| self.weight(i) * z[j])
                    .sum()
            })
            .collect()
    }

    /// Values in the weights' region order; an error naming the regions without a value.
    fn ordered(&self, values: &HashMap<String, f64>, what: &str) -> Result<Vec<f64>> {
        let missing: Vec<&str> = self
            .codes
            .iter()
            .filter(|c| !values.get(*c).is_some_and(|v| v.is_finite()))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(Error::InvalidArgument {
                what: what.into(),
                message: format!(
                    "needs a value for every region of the weights ({}); missing: {}",
                    self.len(),
                    missing.join(", ")
                ),
            });
        }
        Ok(self.codes.iter().map(|c| values[c]).collect())
    }

    /// The regions, by BPS code, in the weights' order.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }
}

/// One region's local Moran (LISA): $I_i = \frac{n-1}{n} z_i (Wz)_i$ with $z$ standardised (as
/// esda's `Moran_Local`), and its quadrant: 1 high–high, 2 low–high, 3 low–low, 4 high–low.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LocalMoran {
    /// BPS code.
    pub region_code: String,
    /// Local I.
    pub i: f64,
    /// 1 HH, 2 LH, 3 LL, 4 HL.
    pub quadrant: u8,
}

/// Local Moran's I of every region.
///
/// # Errors
/// A region of the weights without a value; values that do not vary.
pub fn local_moran(values: &HashMap<String, f64>, w: &Weights) -> Result<Vec<LocalMoran>> {
    let x = w.ordered(values, "local Moran's I")?;
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let sd = (x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    if sd <= 0.0 {
        return Err(Error::InvalidArgument {
            what: "local Moran's I".into(),
            message: "the values do not vary".into(),
        });
    }
    let z: Vec<f64> = x.iter().map(|v| (v - mean) / sd).collect();
    let lag = w.lag(&z);
    Ok(w.codes
        .iter()
        .enumerate()
        .map(|(i, c)| LocalMoran {
            region_code: c.clone(),
            i: (n - 1.0) / n * z[i] * lag[i],
            quadrant: match (z[i] > 0.0, lag[i] > 0.0) {
                (true, true) => 1,
                (false, true) => 2,
                (false, false) => 3,
                (true, false) => 4,
            },
        })
        .collect())
}

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
    use ndarray::{Array1, Array2};
    let n = w.len();
    let yv = Array1::from(w.ordered(y, "LM tests")?);
    let mut x = Array2::<f64>::ones((n, xs.len() + 1));
    for (j, xj) in xs.iter().enumerate() {
        x.column_mut(j + 1)
            .assign(&Array1::from(w.ordered(xj, "LM tests")?));
    }
    let (b, inv, sel) = crate::linalg::ols(x.view(), yv.view(), 1e-12);
    if sel.kept.len() != x.ncols() {
        return Err(Error::InvalidArgument {
            what: "LM tests".into(),
            message: "the regressors are collinear".into(),
        });
    }
    let fitted = x.dot(&b);
    let e = &yv - &fitted;
    let nf = n as f64;
    let s2 = e.dot(&e) / nf;
    let lag = |v: &Array1<f64>| Array1::from(w.lag(&v.to_vec()));
    let (we, wy, wxb) = (lag(&e), lag(&yv), lag(&fitted));
    let mut t = 0.0;
    for i in 0..n {
        for &j in &w.neighbors[i] {
            let wij = w.weight(i);
            let wji = if w.neighbors[j].contains(&i) {
                w.weight(j)
            } else {
                0.0
            };
            t += wij * wij + wij * wji;
        }
    }
    let proj = x.dot(&inv.dot(&x.t().dot(&wxb)));
    let mwxb = &wxb - &proj;
    let nj = (wxb.dot(&mwxb) + t * s2) / s2;
    let (ue, uy) = (e.dot(&we) / s2, e.dot(&wy) / s2);
    let chi = |stat: f64, df: f64| {
        use statrs::distribution::{ChiSquared, ContinuousCDF};
        let p = ChiSquared::new(df).map_or(f64::NAN, |d| d.sf(stat));
        (stat, p)
    };
    let moran_residuals = residual_moran(&x, &inv, &e, w);
    Ok(LmTests {
        moran_residuals,
        lm_lag: chi(uy * uy / nj, 1.0),
        lm_error: chi(ue * ue / t, 1.0),
        rlm_lag: chi((uy - ue).powi(2) / (nj - t), 1.0),
        rlm_error: chi((ue - t / nj * uy).powi(2) / (t * (1.0 - t / nj)), 1.0),
        lm_sarma: chi((uy - ue).powi(2) / (nj - t) + ue * ue / t, 2.0),
    })
}

/// Moran's I of OLS residuals `e` of the design `x` (with `inv` = (X'X)⁻¹) and its inference.
fn residual_moran(
    x: &ndarray::Array2<f64>,
    inv: &ndarray::Array2<f64>,
    e: &ndarray::Array1<f64>,
    w: &Weights,
) -> (f64, f64, f64) {
    use ndarray::Array2;
    let n = w.len();
    let k = x.ncols() as f64;
    let mut wm = Array2::<f64>::zeros((n, n));
    for i in 0..n {
        for &j in &w.neighbors[i] {
            wm[[i, j]] = w.weight(i);
        }
    }
    let s0 = wm.sum();
    let m = Array2::<f64>::eye(n) - x.dot(inv).dot(&x.t());
    let mw = m.dot(&wm);
    let nf = n as f64;
    let i_stat = nf / s0 * e.dot(&wm.dot(e)) / e.dot(e);
    let tr = |a: &Array2<f64>| a.diag().sum();
    let tr_mw = tr(&mw);
    let ei = nf / s0 * tr_mw / (nf - k);
    let mwmwt = mw.dot(&m.dot(&wm.t()));
    let vi = (nf / s0).powi(2) * (tr(&mwmwt) + tr(&mw.dot(&mw)) + tr_mw * tr_mw)
        / ((nf - k) * (nf - k + 2.0))
        - ei * ei;
    let z = (i_stat - ei) / vi.sqrt();
    let p = {
        use statrs::distribution::{ContinuousCDF, Normal};
        2.0 * Normal::standard().sf(z.abs())
    };
    (i_stat, z, p)
}
