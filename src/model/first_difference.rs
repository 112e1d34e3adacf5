//! First differences: $\Delta y_{it} = [\delta +] \Delta x_{it}'\beta + \Delta\varepsilon_{it}$
//! over consecutive rows of an entity ordered by time (plm: the previous observation across
//! gaps). Each differenced row keeps the later row's source row, entity and time.

use ndarray::Array2;

use super::design::Design;
use super::transform::Transformed;
use crate::error::{Error, Result};

pub(super) fn transform(d: Design, with_intercept: bool) -> Result<Transformed> {
    let ent = d.entity.clone().unwrap_or_default();
    let tm = d.time.clone().unwrap_or_default();
    let mut order: Vec<usize> = (0..d.y.len()).collect();
    order.sort_by_key(|&i| (ent[i], tm[i]));
    let pairs: Vec<(usize, usize)> = order
        .windows(2)
        .filter(|w| ent[w[0]] == ent[w[1]])
        .map(|w| (w[0], w[1]))
        .collect();
    if pairs.is_empty() {
        return Err(Error::Estimation(
            "no entity has two periods; first differences need at least two".into(),
        ));
    }
    let c = usize::from(with_intercept);
    let mut x = Array2::<f64>::zeros((pairs.len(), d.x.ncols() + c));
    for (r, &(a, b)) in pairs.iter().enumerate() {
        if with_intercept {
            x[[r, 0]] = 1.0;
        }
        for j in 0..d.x.ncols() {
            x[[r, j + c]] = d.x[[b, j]] - d.x[[a, j]];
        }
    }
    let mut t = Transformed::from_design(d, with_intercept);
    if with_intercept {
        t.names.insert(0, crate::model::INTERCEPT.into());
    }
    t.y = pairs.iter().map(|&(a, b)| t.y[b] - t.y[a]).collect();
    t.x = x;
    t.rows = super::rows::Rows::List(pairs.iter().map(|&(_, b)| t.rows.get(b)).collect());
    t.entity = Some(pairs.iter().map(|&(_, b)| ent[b]).collect());
    t.time = Some(pairs.iter().map(|&(_, b)| tm[b]).collect());
    t.r2_on_transformed = true;
    Ok(t)
}
