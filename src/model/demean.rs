//! Within transformation: remove any number of fixed effects from columns by alternating
//! projections (method of alternating projections, the fixed point of Gauss–Seidel sweeps over
//! the factors), accelerated by Irons–Tuck extrapolation as in fixest. Exact on unbalanced
//! panels; with one factor a single pass of group means is exact.

/// Integer-coded factors: `ids[f][i]` is the level of row `i` in factor `f`, levels `0..n_levels[f]`.
#[derive(Debug, Clone)]
pub struct Factors {
    /// Level of each row, per factor.
    pub ids: Vec<Vec<u32>>,
    /// Number of levels per factor.
    pub n_levels: Vec<usize>,
}

impl Factors {
    fn counts(&self, w: Option<&[f64]>) -> Vec<Vec<f64>> {
        self.ids
            .iter()
            .zip(&self.n_levels)
            .map(|(ids, &n)| {
                let mut c = vec![0.0; n];
                for (i, &g) in ids.iter().enumerate() {
                    c[g as usize] += w.map_or(1.0, |w| w[i]);
                }
                c
            })
            .collect()
    }
}

/// One sweep: for each factor in turn, subtract the group means of the current residual.
fn sweep(x: &mut [f64], f: &Factors, counts: &[Vec<f64>], sums: &mut [Vec<f64>]) {
    for (k, ids) in f.ids.iter().enumerate() {
        let s = &mut sums[k];
        s.iter_mut().for_each(|v| *v = 0.0);
        for (i, &g) in ids.iter().enumerate() {
            s[g as usize] += x[i];
        }
        for (g, v) in s.iter_mut().enumerate() {
            if counts[k][g] > 0.0 {
                *v /= counts[k][g];
            }
        }
        for (i, &g) in ids.iter().enumerate() {
            x[i] -= s[g as usize];
        }
    }
}

/// Demean `x` in place by every factor. Returns the number of sweeps used.
///
/// Converges when the largest change of a sweep is below `tol` times the column's scale.
pub fn demean(x: &mut [f64], f: &Factors, tol: f64, max_iter: usize) -> usize {
    if f.ids.is_empty() {
        return 0;
    }
    let counts = f.counts(None);
    let mut sums: Vec<Vec<f64>> = f.n_levels.iter().map(|&n| vec![0.0; n]).collect();
    if f.ids.len() == 1 {
        sweep(x, f, &counts, &mut sums);
        return 1;
    }
    let scale = x.iter().map(|v| v.abs()).fold(0.0, f64::max).max(1e-300);
    let n = x.len();
    let mut x1 = vec![0.0; n];
    let mut x2 = vec![0.0; n];
    for it in 1..=max_iter {
        // Irons–Tuck: x1 = T(x), x2 = T(x1); extrapolate x ← x2 − (Δ2·Δ²)/(Δ²·Δ²) Δ2.
        x1.copy_from_slice(x);
        sweep(&mut x1, f, &counts, &mut sums);
        x2.copy_from_slice(&x1);
        sweep(&mut x2, f, &counts, &mut sums);
        let mut num = 0.0;
        let mut den = 0.0;
        let mut change: f64 = 0.0;
        for i in 0..n {
            let d2 = x2[i] - x1[i];
            let dd = x2[i] - 2.0 * x1[i] + x[i];
            num += d2 * dd;
            den += dd * dd;
            change = change.max(d2.abs());
        }
        if change <= tol * scale {
            x.copy_from_slice(&x2);
            return it;
        }
        let coef = if den > 0.0 { num / den } else { 0.0 };
        for i in 0..n {
            x[i] = x2[i] - coef * (x2[i] - x1[i]);
        }
    }
    max_iter
}

#[cfg(test)]
mod tests {
    use super::*;

    /// After two-way demeaning, every group sum of both factors is zero.
    #[test]
    fn two_way_demeaned_columns_sum_to_zero_within_every_level() {
        // Unbalanced: 4 entities × 3 periods with two cells missing.
        let e = vec![0u32, 0, 0, 1, 1, 2, 2, 2, 3, 3];
        let t = vec![0u32, 1, 2, 0, 2, 0, 1, 2, 1, 2];
        let mut x: Vec<f64> = (0..10)
            .map(|i| ((i * 7919) % 13) as f64 + 0.5 * i as f64)
            .collect();
        let f = Factors {
            ids: vec![e.clone(), t.clone()],
            n_levels: vec![4, 3],
        };
        demean(&mut x, &f, 1e-14, 10_000);
        for (ids, n) in [(&e, 4), (&t, 3)] {
            for g in 0..n {
                let s: f64 = ids
                    .iter()
                    .zip(&x)
                    .filter(|(id, _)| **id == g)
                    .map(|(_, v)| v)
                    .sum();
                assert!(s.abs() < 1e-9, "group {g}: {s}");
            }
        }
    }
}
