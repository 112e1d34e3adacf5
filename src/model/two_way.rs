//! Exact two-way within transformation when one factor is small (years): concentrate out the
//! large factor and solve the small one's normal equations directly — no iterations, balanced or
//! not.
//!
//! With $A$ the large factor (regions, $n_a$ rows each) and $B$ the small one ($L$ levels), write
//! $x = D_A\alpha + D_B\beta + \tilde x$ with $\tilde x \perp D_A, D_B$. Then
//! $D_B'M_A x = C\beta$ with
//!
//! $$C = D_B'M_AD_B = \operatorname{diag}(n_b) - \sum_a \frac{v_a v_a'}{n_a},\qquad
//! (v_a)_b = \#\{i: a(i) = a, b(i) = b\},$$
//!
//! solved once per column by Cholesky with $\beta_0 = 0$ ($C$ has rank $L-1$ when the panel is
//! connected), and $\tilde x_i = x_i - \bar x_{a(i)} - \beta_{b(i)} + \gamma_{a(i)}$ with
//! $\gamma_a = \frac1{n_a}\sum_{i\in a}\beta_{b(i)}$. $C$ and its factor are computed once for all
//! columns. Not used (iterations instead) when both factors are large or the panel is not
//! connected.

use nalgebra::{DMatrix, DVector};

use super::demean::Factors;

/// Largest small factor solved exactly ($L^3/3$ flops once, $L^2$ per column).
pub const MAX_SMALL_LEVELS: usize = 1_000;

/// The precomputed pieces of the exact solution for one pair of factors.
pub struct TwoWay {
    big: usize,
    small: usize,
    count_big: Vec<f64>,
    chol: nalgebra::Cholesky<f64, nalgebra::Dyn>,
}

impl TwoWay {
    /// The solver for `f`, if it has two factors, one of at most [`MAX_SMALL_LEVELS`] levels,
    /// forming a connected panel.
    pub fn new(f: &Factors) -> Option<TwoWay> {
        if f.ids.len() != 2 {
            return None;
        }
        let (big, small) = if f.n_levels[0] >= f.n_levels[1] {
            (0, 1)
        } else {
            (1, 0)
        };
        let (na, l) = (f.n_levels[big], f.n_levels[small]);
        if !(2..=MAX_SMALL_LEVELS).contains(&l) || !connected(f, big, small) {
            return None;
        }
        let (ia, ib) = (&f.ids[big], &f.ids[small]);
        let mut count_big = vec![0.0; na];
        let mut count_small = vec![0.0; l];
        // Rows grouped by the large factor (counting sort), for the per-level outer products.
        let mut start = vec![0usize; na + 1];
        for &a in ia {
            start[a as usize + 1] += 1;
        }
        for a in 0..na {
            start[a + 1] += start[a];
        }
        let mut at = start.clone();
        let mut order = vec![0u32; ia.len()];
        for (i, &a) in ia.iter().enumerate() {
            order[at[a as usize]] = ib[i];
            at[a as usize] += 1;
            count_big[a as usize] += 1.0;
            count_small[ib[i] as usize] += 1.0;
        }
        let mut c = DMatrix::<f64>::from_diagonal(&DVector::from_vec(count_small));
        let mut v = vec![0.0; l];
        let mut used: Vec<usize> = Vec::with_capacity(l);
        for a in 0..na {
            for &b in &order[start[a]..start[a + 1]] {
                if v[b as usize] == 0.0 {
                    used.push(b as usize);
                }
                v[b as usize] += 1.0;
            }
            let n = count_big[a];
            for &p in &used {
                for &q in &used {
                    c[(p, q)] -= v[p] * v[q] / n;
                }
            }
            for &p in &used {
                v[p] = 0.0;
            }
            used.clear();
        }
        let reduced = c.view((1, 1), (l - 1, l - 1)).into_owned();
        let chol = reduced.cholesky()?;
        Some(TwoWay {
            big,
            small,
            count_big,
            chol,
        })
    }

    /// Demean one column in place (four passes over the rows).
    pub fn demean(&self, x: &mut [f64], f: &Factors) {
        let (ia, ib) = (&f.ids[self.big], &f.ids[self.small]);
        let l = f.n_levels[self.small];
        let mut mean_a = vec![0.0; self.count_big.len()];
        super::demean::add_by_level(&mut mean_a, ia, x);
        for (m, n) in mean_a.iter_mut().zip(&self.count_big) {
            *m /= n;
        }
        let mut s = vec![0.0; l];
        for i in 0..x.len() {
            s[ib[i] as usize] += x[i] - mean_a[ia[i] as usize];
        }
        let rhs = DVector::from_column_slice(&s[1..]);
        let sol = self.chol.solve(&rhs);
        let mut beta = vec![0.0; l];
        beta[1..].copy_from_slice(sol.as_slice());
        let mut gamma = vec![0.0; self.count_big.len()];
        for i in 0..x.len() {
            gamma[ia[i] as usize] += beta[ib[i] as usize];
        }
        for (g, n) in gamma.iter_mut().zip(&self.count_big) {
            *g /= n;
        }
        for i in 0..x.len() {
            let (a, b) = (ia[i] as usize, ib[i] as usize);
            x[i] -= mean_a[a] + beta[b] - gamma[a];
        }
    }
}

/// Whether every level is linked to every other through shared rows (union–find over the
/// bipartite graph of the two factors).
fn connected(f: &Factors, big: usize, small: usize) -> bool {
    let na = f.n_levels[big];
    let mut parent: Vec<usize> = (0..na + f.n_levels[small]).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for (&a, &b) in f.ids[big].iter().zip(&f.ids[small]) {
        let (ra, rb) = (
            find(&mut parent, a as usize),
            find(&mut parent, na + b as usize),
        );
        if ra != rb {
            parent[ra] = rb;
        }
    }
    let root = find(&mut parent, 0);
    (1..parent.len()).all(|x| find(&mut parent, x) == root)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact solution equals alternating projections run to 1e-15 on an unbalanced panel.
    #[test]
    fn exact_two_way_equals_alternating_projections() {
        // 40 entities × 6 periods, about a fifth of the cells missing, some entities in one period.
        let (mut e, mut t) = (Vec::new(), Vec::new());
        for i in 0..40u32 {
            for p in 0..6u32 {
                if (i * 7 + p * 3) % 5 != 0 || p == 0 {
                    e.push(i);
                    t.push(p);
                }
            }
        }
        let f = Factors {
            ids: vec![e, t],
            n_levels: vec![40, 6],
        };
        let tw = TwoWay::new(&f).expect("connected, small factor");
        let x: Vec<f64> = (0..f.ids[0].len())
            .map(|i| ((i * 7919) % 101) as f64 * 0.37 + (i % 6) as f64)
            .collect();
        let mut exact = x.clone();
        tw.demean(&mut exact, &f);
        let mut iter = x.clone();
        super::super::demean::demean(&mut iter, &f, 1e-15, 100_000);
        let scale = x.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        for (u, v) in exact.iter().zip(&iter) {
            assert!((u - v).abs() < 1e-11 * scale, "{u} vs {v}");
        }
        // Two disconnected halves: no exact solver (iterations handle them).
        let g = Factors {
            ids: vec![vec![0, 0, 1, 1], vec![0, 1, 2, 3]],
            n_levels: vec![2, 4],
        };
        assert!(TwoWay::new(&g).is_none());
    }
}
