//! Classes of a choropleth: quantiles, equal intervals or given breaks.
//!
//! With `k` classes there are `k − 1` inner breaks `b₁ < … < b_{k−1}`; a value `x` is in class
//! `i` when `b_i ≤ x < b_{i+1}` (with `b₀ = min`, `b_k = max`, the last class closed). Quantile
//! breaks are the type-7 sample quantiles (numpy's default) at `i/k`; equal intervals split
//! `[min, max]` into `k` equal parts. Given breaks must cover the values: `min ≥ b₀` and
//! `max ≤ b_k` (the first and last of the given numbers are the outer bounds).

use crate::error::{Error, Result};

/// How to cut values into classes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Classes {
    /// `k` classes holding (about) equal numbers of regions.
    Quantiles(usize),
    /// `k` classes of equal width.
    Equal(usize),
    /// Given bounds, lowest first, outer bounds included (`[0, 5, 10, 15, 20]`: four classes).
    Breaks(Vec<f64>),
    /// Named categories, each with its colour; a region's value is its category's index
    /// (0, 1, …) — a LISA cluster map.
    Categories(Vec<Category>),
}

/// One category of a categorical map.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Category {
    /// What the legend says.
    pub label: String,
    /// Fill colour (red, green, blue).
    pub color: (u8, u8, u8),
}

impl Default for Classes {
    fn default() -> Self {
        Classes::Quantiles(5)
    }
}

impl std::str::FromStr for Classes {
    type Err = Error;
    /// `quantiles[:K]`, `equal[:K]` or `breaks:B0,B1,…`.
    fn from_str(s: &str) -> Result<Classes> {
        let bad = |m: &str| Error::InvalidArgument {
            what: "classes".into(),
            message: format!("{s:?}: {m}; expected quantiles[:K], equal[:K] or breaks:0,5,10,20"),
        };
        let (kind, arg) = s.trim().split_once(':').unwrap_or((s.trim(), ""));
        let k = || -> Result<usize> {
            if arg.is_empty() {
                return Ok(5);
            }
            arg.trim()
                .parse::<usize>()
                .ok()
                .filter(|k| (2..=9).contains(k))
                .ok_or_else(|| bad("the number of classes is 2 to 9"))
        };
        match kind.to_lowercase().as_str() {
            "quantiles" | "quantile" | "kuantil" => Ok(Classes::Quantiles(k()?)),
            "equal" | "sama" => Ok(Classes::Equal(k()?)),
            "breaks" => {
                let b: Vec<f64> = arg
                    .split(',')
                    .map(|x| x.trim().parse::<f64>())
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|_| bad("breaks are numbers"))?;
                Ok(Classes::Breaks(b))
            }
            _ => Err(bad("unknown kind")),
        }
    }
}

/// The bounds of each class, lowest first (`k + 1` numbers), for `values` (no gaps).
///
/// # Errors
/// No values; breaks that are not increasing, fewer than two, or do not cover the values.
pub fn bounds(classes: &Classes, values: &[f64]) -> Result<Vec<f64>> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return Err(Error::InvalidArgument {
            what: "map".into(),
            message: "no region has a value to map".into(),
        });
    }
    v.sort_by(f64::total_cmp);
    let (lo, hi) = (v[0], v[v.len() - 1]);
    let q = |p: f64| {
        let h = (v.len() - 1) as f64 * p;
        let (i, f) = (h.floor() as usize, h - h.floor());
        if i + 1 < v.len() {
            v[i] + f * (v[i + 1] - v[i])
        } else {
            v[i]
        }
    };
    let mut b = match classes {
        // Every category keeps its swatch, even one no region falls in.
        Classes::Categories(c) => return Ok((0..=c.len()).map(|i| i as f64).collect()),
        Classes::Quantiles(k) => (0..=*k).map(|i| q(i as f64 / *k as f64)).collect(),
        Classes::Equal(k) => (0..=*k)
            .map(|i| lo + (hi - lo) * i as f64 / *k as f64)
            .collect(),
        Classes::Breaks(b) => {
            let bad = |m: String| Error::InvalidArgument {
                what: "breaks".into(),
                message: m,
            };
            if b.len() < 2 || b.windows(2).any(|w| w[0] >= w[1]) {
                return Err(bad(format!(
                    "{b:?}: give at least two increasing numbers, outer bounds included"
                )));
            }
            if lo < b[0] || hi > b[b.len() - 1] {
                return Err(bad(format!(
                    "{b:?} do not cover the values: they run from {lo} to {hi}; widen the first \
                     or last break / batas kelas tidak mencakup semua nilai"
                )));
            }
            b.clone()
        }
    };
    // Ties among quantiles (many equal values) would make empty classes: keep distinct bounds.
    b.dedup_by(|a, b| (*a - *b).abs() < 1e-12);
    if b.len() < 2 {
        b = vec![lo, hi.max(lo + 1e-9)];
    }
    Ok(b)
}

/// The class (0-based) of `x` under `bounds`.
pub fn class_of(x: f64, bounds: &[f64]) -> usize {
    let k = bounds.len().saturating_sub(1).max(1);
    (1..bounds.len())
        .find(|&i| x < bounds[i])
        .map_or(k - 1, |i| i - 1)
        .min(k - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_equal_and_breaks() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(
            bounds(&Classes::Quantiles(4), &v).unwrap(),
            [1.0, 2.0, 3.0, 4.0, 5.0]
        );
        assert_eq!(bounds(&Classes::Equal(2), &v).unwrap(), [1.0, 3.0, 5.0]);
        let b = bounds(&Classes::Breaks(vec![0.0, 2.5, 10.0]), &v).unwrap();
        assert_eq!(
            (class_of(2.0, &b), class_of(2.5, &b), class_of(10.0, &b)),
            (0, 1, 1)
        );
        let e = bounds(&Classes::Breaks(vec![2.0, 4.0]), &v)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("do not cover the values: they run from 1 to 5"),
            "{e}"
        );
        assert_eq!(
            "breaks:0,5,10".parse::<Classes>().unwrap(),
            Classes::Breaks(vec![0.0, 5.0, 10.0])
        );
        assert_eq!("equal:3".parse::<Classes>().unwrap(), Classes::Equal(3));
    }
}
