//! Global and local Moran's I.

use std::collections::HashMap;

use super::Weights;
use crate::error::{Error, Result};

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
    // Summed in the neighbour lists' order (not the map's), so that a statistic is the same
    // number in every run.
    let s1: f64 = (0..n)
        .flat_map(|i| w.neighbors[i].iter().map(move |&j| (i, j)))
        .map(|(i, j)| {
            let back = wij.get(&(j, i)).copied().unwrap_or(0.0);
            0.5 * (w.weight(i) + back).powi(2)
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
    /// The standardised value $z_i$ (population standard deviation).
    pub z: f64,
    /// Its spatial lag $(Wz)_i$: the Moran scatter plot's vertical axis.
    pub lag: f64,
    /// Pseudo p-value from conditional permutations ([`local_moran_permutation`]); `None` from
    /// [`local_moran`].
    pub p_sim: Option<f64>,
}

impl LocalMoran {
    /// The cluster a LISA map shows at level `alpha`: the quadrant when `p_sim` is below it,
    /// else 0 (not significant).
    pub fn cluster(&self, alpha: f64) -> u8 {
        match self.p_sim {
            Some(p) if p < alpha => self.quadrant,
            _ => 0,
        }
    }
}

/// Local Moran's I with conditional-permutation pseudo p-values (as esda's `Moran_Local`): for
/// each region, `permutations` draws of its neighbours' values from the other $n-1$ regions
/// (without replacement); $p = (\min(m, P - m) + 1)/(P + 1)$ with $m$ the draws whose $I_i$ is at
/// least the observed one. Draws come from ChaCha8 seeded with `seed`, so a seed repeats the
/// p-values exactly (they are not esda's, whose generator differs, but estimate the same
/// quantity). A draw that ties with the observed value counts as "at least as large" — this
/// matters only for a region with one neighbour, whose draws are its $n-1$ possible neighbours: one
/// of them is the observed one, which esda counts or not as its rounding falls.
///
/// # Errors
/// As [`local_moran`]; zero permutations.
pub fn local_moran_permutation(
    values: &HashMap<String, f64>,
    w: &Weights,
    permutations: usize,
    seed: u64,
) -> Result<Vec<LocalMoran>> {
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::{RngCore, SeedableRng};
    if permutations == 0 {
        return Err(Error::InvalidArgument {
            what: "permutations".into(),
            message: "at least 1 (esda's default is 999)".into(),
        });
    }
    let mut out = local_moran(values, w)?;
    let x = w.ordered(values, "local Moran's I")?;
    let n = x.len();
    let mean = x.iter().sum::<f64>() / n as f64;
    let sd = (x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
    let z: Vec<f64> = x.iter().map(|v| (v - mean) / sd).collect();
    let scale = (n as f64 - 1.0) / n as f64;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for (i, lm) in out.iter_mut().enumerate() {
        let k = w.neighbors[i].len();
        if k == 0 {
            continue;
        }
        let wi = w.weight(i);
        let mut others: Vec<usize> = (0..n).filter(|&j| j != i).collect();
        let mut larger = 0usize;
        for _ in 0..permutations {
            // A partial Fisher–Yates shuffle: the first k of `others` are the draw.
            for a in 0..k {
                let b = a + (rng.next_u64() % (others.len() - a) as u64) as usize;
                others.swap(a, b);
            }
            let lag: f64 = others[..k].iter().map(|&j| wi * z[j]).sum();
            // A draw as extreme as the observed map counts (ties included, to rounding).
            if scale * z[i] * lag >= lm.i - 1e-12 * lm.i.abs() {
                larger += 1;
            }
        }
        let m = larger.min(permutations - larger);
        lm.p_sim = Some((m as f64 + 1.0) / (permutations as f64 + 1.0));
    }
    Ok(out)
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
            z: z[i],
            lag: lag[i],
            p_sim: None,
        })
        .collect())
}
