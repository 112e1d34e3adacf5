//! The between estimator: OLS on entity means, $\bar y_i = \alpha + \bar x_i'\beta + \bar\varepsilon_i$.
//! Each entity keeps its first source row.

use ndarray::{Array1, Array2};

use super::demean::Factors;
use super::design::Design;
use super::fe::{group_means, n_levels};
use super::transform::Transformed;
use crate::error::Result;

pub(super) fn transform(d: Design, has_intercept: bool) -> Result<Transformed> {
    let ent = d.entity.clone().unwrap_or_default();
    let ne = n_levels(&ent);
    let mut x = Array2::<f64>::zeros((ne, d.x.ncols()));
    for j in 0..d.x.ncols() {
        let m = group_means(&d.x.column(j).to_vec(), &ent, ne);
        x.column_mut(j).assign(&Array1::from(m));
    }
    let mut first = vec![usize::MAX; ne];
    for (i, &g) in ent.iter().enumerate() {
        if first[g as usize] == usize::MAX {
            first[g as usize] = d.rows.get(i);
        }
    }
    let mut t = Transformed::from_design(d, has_intercept);
    t.y = group_means(&t.y, &ent, ne);
    t.x = x;
    t.rows = super::rows::Rows::List(first);
    t.entity = Some((0..ne as u32).collect());
    t.time = None;
    t.fe = Factors {
        ids: vec![],
        n_levels: vec![],
    };
    t.r2_on_transformed = true;
    Ok(t)
}
