//! What every method shares at an origin: the FEM (level projection), each region's history of
//! the response and regressors, and the pooled annual changes of the response.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::formula::{Formula, Term};
use crate::lang::Bilingual;
use crate::model::ModelSpec;
use crate::panel::Panel;
use crate::projection::project::Projector;

/// A region's history of the response (and regressors) up to the panel's last year.
#[derive(Debug, Clone)]
pub(super) struct RegionHistory {
    /// (year, response) observed, in time order.
    pub y: Vec<(i32, f64)>,
    /// (year, regressors in the formula's regressor order) where every regressor is observed.
    pub x: Vec<(i32, Vec<f64>)>,
}

/// What the methods share, fitted on one panel (for a backtest: the panel up to the origin).
#[derive(Debug, Clone)]
pub struct Origin {
    /// The FEM, projecting the region's fitted level.
    pub(super) level: Projector,
    history: BTreeMap<String, RegionHistory>,
    /// The formula's regressor labels, the order of [`RegionHistory::x`].
    pub(super) regressors: Vec<String>,
    /// Mean annual change of the response over all regions (consecutive years).
    pub(super) mean_change: f64,
    /// Mean squared annual change (the naive forecast's one-step error variance).
    pub(super) naive_var: f64,
    /// First year of the estimation window (for the trend).
    pub(super) from: i64,
}

impl Origin {
    /// Fit the FEM and read every region's history on `panel` from `spec.from` on.
    ///
    /// # Errors
    /// A model that cannot be fitted or projected on this panel.
    pub fn fit(
        spec: &ModelSpec,
        panel: &Panel,
        year_effects: crate::projection::YearEffects,
    ) -> Result<Origin> {
        let level = Projector::new(spec, panel, year_effects)?;
        let from = spec.from.unwrap_or(i64::MIN);
        let response = spec.formula().response.label();
        let (history, mean_change, naive_var) = histories(panel, &response, spec.formula(), from)?;
        Ok(Origin {
            level,
            history,
            regressors: spec.formula().regressors.iter().map(Term::label).collect(),
            mean_change,
            naive_var,
            from,
        })
    }

    /// The region's last observed response (year, value).
    pub fn last_value(&self, key: &str) -> Option<(i32, f64)> {
        self.history.get(key).and_then(|h| h.y.last().copied())
    }

    /// The region's history, or an error naming it.
    pub(super) fn history(&self, key: &str) -> Result<&RegionHistory> {
        self.history.get(key).ok_or_else(|| Error::InvalidArgument {
            what: "region".into(),
            message: format!("{key} has no observed values to project from"),
        })
    }

    /// The region's last observed response, or an error naming it.
    pub(super) fn last(&self, key: &str) -> Result<(i32, f64)> {
        self.history(key)?
            .y
            .last()
            .copied()
            .ok_or_else(|| Error::Internal("empty history".into()))
    }

    /// "last observation YEAR (VALUE)" followed by `id` / `en`: where a method that starts from
    /// the last value starts.
    pub(super) fn starting_at_last(&self, key: &str, id: &str, en: &str) -> Bilingual {
        let (from_id, from_en) = self
            .last_value(key)
            .map_or_else(Default::default, |(y, v)| {
                (
                    format!("pengamatan terakhir {y} ({v:.2})"),
                    format!("last observation {y} ({v:.2})"),
                )
            });
        Bilingual::new(format!("{from_id}{id}"), format!("{from_en}{en}"))
    }
}

/// Per region: observed response and regressors; and the pooled mean and mean square of the
/// annual changes of the response from `from` on.
#[allow(clippy::type_complexity)]
fn histories(
    panel: &Panel,
    response: &str,
    formula: &Formula,
    from: i64,
) -> Result<(BTreeMap<String, RegionHistory>, f64, f64)> {
    let df = panel.frame();
    let keys = crate::columns::strings(df, panel.entity())?;
    let years = crate::columns::ints(df, panel.time())?;
    let y = crate::columns::floats(df, response)?;
    let xs = crate::model::terms::regressor_values(
        formula,
        df,
        Some(panel.entity()),
        Some(panel.time()),
    )?;
    let mut out: BTreeMap<String, RegionHistory> = BTreeMap::new();
    for r in 0..df.height() {
        let (Some(k), Some(t)) = (keys[r].clone(), years[r]) else {
            continue;
        };
        let h = out.entry(k).or_insert_with(|| RegionHistory {
            y: vec![],
            x: vec![],
        });
        if let Some(v) = y[r] {
            h.y.push((t as i32, v));
        }
        let xr: Option<Vec<f64>> = xs.iter().map(|c| c[r]).collect();
        if let Some(xr) = xr {
            h.x.push((t as i32, xr));
        }
    }
    let mut changes = vec![];
    for h in out.values_mut() {
        h.y.sort_by_key(|p| p.0);
        h.x.sort_by_key(|p| p.0);
        for w in h.y.windows(2) {
            if w[1].0 == w[0].0 + 1 && i64::from(w[0].0) >= from {
                changes.push(w[1].1 - w[0].1);
            }
        }
    }
    let n = changes.len().max(1) as f64;
    let mean = changes.iter().sum::<f64>() / n;
    let ms = changes.iter().map(|d| d * d).sum::<f64>() / n;
    Ok((out, mean, ms))
}
