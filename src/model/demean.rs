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
        add_by_level(s, ids, x);
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

/// Whether two factors form a balanced panel: every (level, level) cell exactly once. Then
/// $\tilde x_{it} = x_{it} - \bar x_{i\cdot} - \bar x_{\cdot t} + \bar x$ is the exact two-way
/// within transformation, in one pass for the means and one to subtract.
pub fn is_balanced_two_way(f: &Factors) -> bool {
    if f.ids.len() != 2 {
        return false;
    }
    let (a, b) = (f.n_levels[0], f.n_levels[1]);
    let n = f.ids[0].len();
    if a.checked_mul(b) != Some(n) {
        return false;
    }
    let mut seen = vec![0u64; n.div_ceil(64)];
    for (&i, &t) in f.ids[0].iter().zip(&f.ids[1]) {
        let cell = i as usize * b + t as usize;
        let (w, bit) = (cell / 64, 1u64 << (cell % 64));
        if seen[w] & bit != 0 {
            return false;
        }
        seen[w] |= bit;
    }
    true
}

/// `sums[ids[i]] += vals[i]` for every row. Where rows of one level come in runs (a panel
/// sorted by entity), each run is added up in a register first: chained additions to one memory
/// slot wait on each other through the store buffer, several times slower. Decided block by
/// block (rows in random order keep the plain loop, which has no branch to mispredict).
pub(crate) fn add_by_level(sums: &mut [f64], ids: &[u32], vals: &[f64]) {
    const RUN_BLOCK: usize = 1024;
    for (ids, vals) in ids.chunks(RUN_BLOCK).zip(vals.chunks(RUN_BLOCK)) {
        let changes = ids.windows(2).filter(|w| w[0] != w[1]).count();
        if changes * 4 > ids.len() {
            for (&g, v) in ids.iter().zip(vals) {
                sums[g as usize] += v;
            }
            continue;
        }
        let (mut cur, mut acc) = (ids[0], 0.0);
        for (&g, v) in ids.iter().zip(vals) {
            if g != cur {
                sums[cur as usize] += acc;
                (cur, acc) = (g, 0.0);
            }
            acc += v;
        }
        sums[cur as usize] += acc;
    }
}

/// The balanced two-way transformation of every column at once,
/// $\tilde x_{it} = x_{it} - \bar x_{i\cdot} - \bar x_{\cdot t} + \bar x$: blocks of rows,
/// each block's codes read once for all columns — one pass for the level sums (one range of rows
/// per thread, each with its own sums, added at the end), one to subtract. Below
/// [`crate::linalg::PARALLEL_ROWS`] rows on this thread alone.
fn demean_balanced(mut cols: Vec<&mut [f64]>, f: &Factors) {
    use crate::linalg::{BLOCK, PARALLEL_ROWS};
    use rayon::prelude::*;
    let n = f.ids[0].len();
    let parallel = n >= PARALLEL_ROWS;
    let (a, b, m) = (f.n_levels[0], f.n_levels[1], cols.len());
    let (ia, ib) = (&f.ids[0], &f.ids[1]);
    // Sums per column: `a` region sums, then `b` year sums.
    let width = a + b;
    let sums = {
        let cols: Vec<&[f64]> = cols.iter().map(|c| &c[..]).collect();
        let threads = if parallel {
            rayon::current_num_threads()
        } else {
            1
        };
        let range = n.div_ceil(threads).max(1);
        let part = |start: usize| {
            let mut acc = vec![0.0; m * width];
            let end = (start + range).min(n);
            for lo in (start..end).step_by(BLOCK) {
                let hi = (lo + BLOCK).min(end);
                for (j, c) in cols.iter().enumerate() {
                    let (sa, sb) = acc[j * width..(j + 1) * width].split_at_mut(a);
                    add_by_level(sa, &ia[lo..hi], &c[lo..hi]);
                    add_by_level(sb, &ib[lo..hi], &c[lo..hi]);
                }
            }
            acc
        };
        let starts: Vec<usize> = (0..n).step_by(range).collect();
        let partial: Vec<Vec<f64>> = if parallel {
            starts.into_par_iter().map(part).collect()
        } else {
            starts.into_iter().map(part).collect()
        };
        partial
            .into_iter()
            .reduce(crate::linalg::add_into)
            .unwrap_or_else(|| vec![0.0; m * width])
    };
    // Means: region over b years, year over a regions, then the grand mean over n (the total is
    // the sum of the region sums).
    let means: Vec<f64> = sums
        .chunks(width)
        .flat_map(|s| {
            let (ra, rb) = s.split_at(a);
            let total: f64 = ra.iter().sum();
            ra.iter()
                .map(move |v| v / b as f64)
                .chain(rb.iter().map(move |v| v / a as f64))
                .chain(std::iter::once(total / n as f64))
        })
        .collect();
    // Every column cut into the same blocks; one task per block of rows.
    let mut blocks: Vec<Vec<&mut [f64]>> = (0..n.div_ceil(BLOCK)).map(|_| Vec::new()).collect();
    for c in cols.iter_mut() {
        for (blk, part) in c.chunks_mut(BLOCK).enumerate() {
            blocks[blk].push(part);
        }
    }
    let subtract = |(blk, parts): (usize, Vec<&mut [f64]>)| {
        let lo = blk * BLOCK;
        for (part, mj) in parts.into_iter().zip(means.chunks(width + 1)) {
            let m0 = mj[width];
            for (k, v) in part.iter_mut().enumerate() {
                let i = lo + k;
                *v -= mj[ia[i] as usize] + mj[a + ib[i] as usize] - m0;
            }
        }
    };
    if parallel {
        blocks.into_par_iter().enumerate().for_each(subtract);
    } else {
        blocks.into_iter().enumerate().for_each(subtract);
    }
}

/// Demean several columns in place, in parallel (one column per task); the balanced two-way
/// case is solved exactly in one pass, and two factors of which one is small exactly by
/// [`super::two_way::TwoWay`]. Returns the largest number of sweeps used.
pub fn demean_columns(cols: Vec<&mut [f64]>, f: &Factors, tol: f64, max_iter: usize) -> usize {
    use rayon::prelude::*;
    if f.ids.is_empty() {
        return 0;
    }
    if is_balanced_two_way(f) {
        demean_balanced(cols, f);
        return 1;
    }
    // Rayon's threads do not see this thread's watched flag: hand it over.
    let stop = crate::cancel::Cancel::watched();
    // Two factors, one small (years): exact, without iterations (`two_way.rs`); an interrupt
    // before it leaves the columns as they were.
    if let Some(tw) = super::two_way::TwoWay::new(f) {
        if !stop.is_set() {
            cols.into_par_iter().for_each(|c| tw.demean(c, f));
        }
        return 1;
    }
    cols.into_par_iter()
        .map(|c| demean_until(c, f, tol, max_iter, &stop))
        .max()
        .unwrap_or(0)
}

/// Demean `x` in place by every factor. Returns the number of sweeps used.
///
/// Converges when the largest change of a sweep is below `tol` times the column's scale.
pub fn demean(x: &mut [f64], f: &Factors, tol: f64, max_iter: usize) -> usize {
    demean_until(x, f, tol, max_iter, &crate::cancel::Cancel::watched())
}

/// [`demean`], stopping after the sweep during which `stop` was set (the caller then reports
/// [`crate::Error::Interrupted`]; the column is not demeaned).
fn demean_until(
    x: &mut [f64],
    f: &Factors,
    tol: f64,
    max_iter: usize,
    stop: &crate::cancel::Cancel,
) -> usize {
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
        if stop.is_set() {
            return it;
        }
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

    /// The one-pass balanced solution equals alternating projections.
    #[test]
    fn balanced_two_way_is_exact() {
        let (a, b) = (7usize, 5usize);
        let mut e = Vec::new();
        let mut t = Vec::new();
        // Rows in a scrambled order: the check must not rely on sorting.
        for k in 0..a * b {
            let c = (k * 17) % (a * b);
            e.push((c / b) as u32);
            t.push((c % b) as u32);
        }
        let f = Factors {
            ids: vec![e, t],
            n_levels: vec![a, b],
        };
        assert!(is_balanced_two_way(&f));
        let x: Vec<f64> = (0..a * b)
            .map(|i| ((i * 31) % 11) as f64 * 0.7 + i as f64)
            .collect();
        let mut exact = x.clone();
        demean_columns(vec![exact.as_mut_slice()], &f, 1e-14, 10_000);
        let mut iter = x.clone();
        demean(&mut iter, &f, 1e-14, 10_000);
        for (u, v) in exact.iter().zip(&iter) {
            assert!((u - v).abs() < 1e-9, "{u} vs {v}");
        }
        let mut g = f.clone();
        g.ids[1][0] = g.ids[1][1];
        assert!(!is_balanced_two_way(&g));
    }

    /// A deterministic pseudo-random value in [0, 1) (no generator crate in unit tests).
    fn noise(i: usize) -> f64 {
        let z = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The blocked, threaded balanced pass (above 32,768 rows, all columns at once, sums per
    /// thread, runs of one region summed in a register) equals the definition
    /// x − mean over the region − mean over the year + grand mean, on rows sorted by region
    /// (runs) and scrambled (no runs).
    #[test]
    fn blocked_balanced_pass_equals_the_definition() {
        let (a, b) = (401usize, 97usize);
        for scrambled in [false, true] {
            let (mut e, mut t) = (Vec::new(), Vec::new());
            for k in 0..a * b {
                let c = if scrambled { (k * 7919) % (a * b) } else { k };
                e.push((c / b) as u32);
                t.push((c % b) as u32);
            }
            let f = Factors {
                ids: vec![e, t],
                n_levels: vec![a, b],
            };
            let cols: Vec<Vec<f64>> = (0..3)
                .map(|j| {
                    (0..a * b)
                        .map(|i| 10.0 * noise(i * 3 + j) + j as f64)
                        .collect()
                })
                .collect();
            let mut blocked = cols.clone();
            demean_balanced(blocked.iter_mut().map(|c| c.as_mut_slice()).collect(), &f);
            for (c, got) in cols.iter().zip(&blocked) {
                let (mut ma, mut mb) = (vec![0.0; a], vec![0.0; b]);
                for (i, v) in c.iter().enumerate() {
                    ma[f.ids[0][i] as usize] += v / b as f64;
                    mb[f.ids[1][i] as usize] += v / a as f64;
                }
                let m = c.iter().sum::<f64>() / c.len() as f64;
                let want: Vec<f64> = (0..c.len())
                    .map(|i| c[i] - ma[f.ids[0][i] as usize] - mb[f.ids[1][i] as usize] + m)
                    .collect();
                for (u, v) in got.iter().zip(&want) {
                    assert!((u - v).abs() < 1e-12, "{u} vs {v} (scrambled {scrambled})");
                }
            }
        }
    }

    /// Adding by level with runs summed in a register equals adding row by row.
    #[test]
    fn add_by_level_equals_row_by_row_adds() {
        let ids: Vec<u32> = (0..5000u32)
            .map(|i| if i < 3000 { i / 37 } else { i % 11 })
            .collect();
        let vals: Vec<f64> = (0..5000).map(noise).collect();
        let mut got = vec![0.0; 100];
        add_by_level(&mut got, &ids, &vals);
        let mut want = vec![0.0; 100];
        ids.iter()
            .zip(&vals)
            .for_each(|(&g, v)| want[g as usize] += v);
        for (u, v) in got.iter().zip(&want) {
            assert!((u - v).abs() < 1e-12, "{u} vs {v}");
        }
    }

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

    /// A watched interrupt flag stops the sweeps at once (a big fit answers an interrupt), and
    /// the fit reports it instead of an estimate.
    #[test]
    fn a_watched_interrupt_stops_the_sweeps() {
        use std::sync::{Arc, atomic::AtomicBool};
        let e = vec![0u32, 0, 0, 1, 1, 2, 2, 2, 3, 3];
        let t = vec![0u32, 1, 2, 0, 2, 0, 1, 2, 1, 2];
        let f = Factors {
            ids: vec![e, t],
            n_levels: vec![4, 3],
        };
        let x0: Vec<f64> = (0..10).map(|i| ((i * 7919) % 13) as f64).collect();
        let mut x = x0.clone();
        let free = demean(&mut x, &f, 1e-14, 10_000);
        assert!(free > 2, "converges in {free} sweeps");
        let flag = Arc::new(AtomicBool::new(true));
        let mut y = x0.clone();
        let stopped = crate::cancel::Cancel::new(flag.clone()).watch(|| {
            let mut cols = vec![y.as_mut_slice()];
            let n = demean_columns(std::mem::take(&mut cols), &f, 1e-14, 10_000);
            (n, crate::cancel::Cancel::watched().is_set())
        });
        assert_eq!(stopped, (1, true));
        assert_eq!(y, x0, "stopped before the first sweep");
        assert!(!crate::cancel::Cancel::watched().is_set(), "the watch ends");
    }
}
