//! Fixed-effect bookkeeping: degrees of freedom the effects absorb, singleton dropping, group
//! means, and the estimated effects of a fit ([`FixedEffects`]).

use super::demean::{self, Factors};
use super::design::Design;

/// Number of levels of dense codes `0..n` (`max + 1`, 0 when empty).
pub(crate) fn n_levels(ids: &[u32]) -> usize {
    ids.iter().copied().max().map_or(0, |m| m as usize + 1)
}

/// Mean of `vals` in each of the `n` groups coded by `ids`.
pub(crate) fn group_means(vals: &[f64], ids: &[u32], n: usize) -> Vec<f64> {
    let mut s = vec![0.0; n];
    let mut c = vec![0.0; n];
    for (v, &g) in vals.iter().zip(ids) {
        s[g as usize] += v;
        c[g as usize] += 1.0;
    }
    s.iter().zip(&c).map(|(a, b)| a / b).collect()
}

/// Degrees of freedom absorbed by fixed effects: levels for one factor, E + T − (connected
/// components) for two, Σ levels − (#factors − 1) beyond.
pub(crate) fn fe_dof(f: &Factors) -> usize {
    match f.ids.len() {
        0 => 0,
        1 => f.n_levels[0],
        2 if demean::is_balanced_two_way(f) => f.n_levels[0] + f.n_levels[1] - 1,
        2 => {
            let (a, b) = (f.n_levels[0], f.n_levels[1]);
            a + b - components(&f.ids[0], &f.ids[1], a, b)
        }
        n => f.n_levels.iter().sum::<usize>() + 1 - n,
    }
}

/// Connected components of the bipartite graph of two factors (union–find).
fn components(x: &[u32], y: &[u32], a: usize, b: usize) -> usize {
    let mut parent: Vec<usize> = (0..a + b).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (&u, &v) in x.iter().zip(y) {
        let (ru, rv) = (
            find(&mut parent, u as usize),
            find(&mut parent, a + v as usize),
        );
        if ru != rv {
            parent[ru] = rv;
        }
    }
    (0..a + b).filter(|&i| find(&mut parent, i) == i).count()
}

/// Drop observations that are alone in a level of any fixed effect, repeatedly (dropping one can
/// make another a singleton). Returns the design and the number dropped.
pub(crate) fn drop_singletons(d: Design) -> (Design, usize) {
    let mut d = d;
    let mut total = 0;
    loop {
        let n = d.y.len();
        let mut keep = vec![true; n];
        for (ids, &nl) in d.fe.ids.iter().zip(&d.fe.n_levels) {
            let mut cnt = vec![0usize; nl];
            ids.iter().for_each(|&g| cnt[g as usize] += 1);
            for (i, &g) in ids.iter().enumerate() {
                if cnt[g as usize] == 1 {
                    keep[i] = false;
                }
            }
        }
        let idx: Vec<usize> = (0..n).filter(|&i| keep[i]).collect();
        if idx.len() == n {
            return (d, total);
        }
        total += n - idx.len();
        d = d.subset(&idx);
    }
}

/// One absorbed fixed effect's estimates.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FixedEffect {
    /// The column absorbed (e.g. `region_code`, `year`).
    pub name: String,
    /// Its levels as written in the data, in order of first appearance in the sample.
    pub levels: Vec<String>,
    /// The estimated effect of each level.
    pub values: Vec<f64>,
}

impl FixedEffect {
    /// The effect of one level, by its value as written in the data.
    pub fn get(&self, level: &str) -> Option<f64> {
        self.levels
            .iter()
            .position(|l| l == level)
            .map(|i| self.values[i])
    }
}

/// The estimated fixed effects of a fit: $\hat\alpha_i$ (and $\hat\gamma_t$) with
/// $y - X\hat\beta - e = D\hat\alpha$. Normalisation (the effects are identified only up to
/// constants): every factor after the first has mean zero over its levels, and the first carries
/// the overall level — for region and year effects, region levels in the average year.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FixedEffects {
    /// One entry per absorbed factor, in formula order.
    pub factors: Vec<FixedEffect>,
}

impl FixedEffects {
    /// The factor absorbed for column `name`.
    pub fn factor(&self, name: &str) -> Option<&FixedEffect> {
        self.factors.iter().find(|f| f.name == name)
    }
}

/// Split the fixed-effect component `f` (= $D\alpha$, exactly in the span of the dummies) into
/// per-level effects by alternating projections, normalised as [`FixedEffects`] says.
pub(crate) fn solve_effects(f: &[f64], fe: &Factors) -> Vec<Vec<f64>> {
    let k = fe.ids.len();
    let mut eff: Vec<Vec<f64>> = fe.n_levels.iter().map(|&n| vec![0.0; n]).collect();
    let mut rest = f.to_vec();
    for _ in 0..if k > 1 { 10_000 } else { 1 } {
        let mut change: f64 = 0.0;
        for ((e, ids), &n) in eff.iter_mut().zip(&fe.ids).zip(&fe.n_levels) {
            // rest = f − Σ_{m≠j} effects_m; the group means of it are factor j's new effects.
            for (r, &g) in rest.iter_mut().zip(ids) {
                *r += e[g as usize];
            }
            let new = group_means(&rest, ids, n);
            for (r, &g) in rest.iter_mut().zip(ids) {
                *r -= new[g as usize];
            }
            for (o, n) in e.iter().zip(&new) {
                change = change.max((o - n).abs());
            }
            *e = new;
        }
        if change < 1e-13 {
            break;
        }
    }
    for j in 1..k {
        let m = eff[j].iter().sum::<f64>() / eff[j].len().max(1) as f64;
        eff[j].iter_mut().for_each(|v| *v -= m);
        eff[0].iter_mut().for_each(|v| *v += m);
    }
    eff
}

/// Labels of the levels of codes `ids` (dense, first appearance) read from `keys` at `rows`.
pub(crate) fn level_labels(
    keys: &[Option<String>],
    rows: &[usize],
    ids: &[u32],
    n: usize,
) -> Vec<String> {
    let mut out = vec![String::new(); n];
    let mut seen = vec![false; n];
    for (&r, &g) in rows.iter().zip(ids) {
        if !seen[g as usize] {
            seen[g as usize] = true;
            out[g as usize] = keys[r].clone().unwrap_or_default();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two factors that split the sample into two disconnected blocks absorb E + T − 2 dof.
    #[test]
    fn fe_dof_on_a_disconnected_two_way_design() {
        // Entities 0,1 only in periods 0,1; entities 2,3 only in periods 2,3; one cell missing.
        let f = Factors {
            ids: vec![vec![0, 0, 1, 1, 2, 2, 3], vec![0, 1, 0, 1, 2, 3, 2]],
            n_levels: vec![4, 4],
        };
        assert_eq!(fe_dof(&f), 4 + 4 - 2);
    }

    /// Alternating projections recover effects built as α_i + γ_t (γ centred).
    #[test]
    fn solve_effects_recovers_two_way_effects() {
        let (a, g) = ([1.0, -2.0, 0.5], [0.3, -0.1, -0.2]);
        let mut ids = (vec![], vec![]);
        let mut f = vec![];
        for i in 0..3u32 {
            for t in 0..3u32 {
                if (i, t) != (2, 0) {
                    ids.0.push(i);
                    ids.1.push(t);
                    f.push(a[i as usize] + g[t as usize]);
                }
            }
        }
        let fe = Factors {
            ids: vec![ids.0, ids.1],
            n_levels: vec![3, 3],
        };
        let e = solve_effects(&f, &fe);
        for i in 0..3 {
            assert!((e[0][i] - a[i]).abs() < 1e-10, "{e:?}");
            assert!((e[1][i] - g[i]).abs() < 1e-10, "{e:?}");
        }
    }
}
