//! Backtest: fit on the years up to a cut-off, project the following years with the regressors'
//! actual values, and compare with what happened. This is how planners learn how far to trust a
//! projection.

use polars::prelude::*;

use super::project::{Projector, YearEffects};
use crate::error::{Error, PolarsContext, Result};
use crate::formula::Term;
use crate::hypothesis::Dist;
use crate::model::ModelSpec;
use crate::panel::Panel;

/// Summary of a backtest.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BacktestSummary {
    /// Last year of the estimation sample.
    pub train_to: i32,
    /// Region-years compared.
    pub n: usize,
    /// Mean absolute error (percentage points for P0).
    pub mae: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean error, projected − actual (positive: projections too high).
    pub bias: f64,
    /// Share of actual values inside the 95% prediction band.
    pub coverage95: f64,
    /// Share inside the 80% prediction band.
    pub coverage80: f64,
}

/// Fit `spec` on years ≤ `train_to` and project every later region-year that has the actual
/// response and regressors. Returns the rows (`region_code, year, actual, estimate, pi_low,
/// pi_high, error`) and the summary.
pub fn backtest(
    spec: &ModelSpec,
    panel: &Panel,
    train_to: i32,
    year_effects: YearEffects,
) -> Result<(DataFrame, BacktestSummary)> {
    let p = Projector::new(
        &spec.clone().sample(None, Some(train_to as i64)),
        panel,
        year_effects,
    )?;
    let Term::Var(resp) = &spec.formula().response else {
        return Err(Error::InvalidArgument {
            what: "formula".into(),
            message: "backtest needs a plain response".into(),
        });
    };
    let df = panel.frame();
    let (e, t) = (panel.entity(), panel.time());
    let ents = crate::columns::strings(df, e)?;
    let years = crate::columns::ints(df, t)?;
    let y = crate::columns::floats(df, resp)?;
    let xs = crate::model::design::regressor_values(spec.formula(), df, Some(e), Some(t))?;
    let labels: Vec<String> = spec.formula().regressors.iter().map(Term::label).collect();
    let src: Vec<Option<usize>> = p
        .fit()
        .terms()
        .iter()
        .map(|t| labels.iter().position(|l| l == t))
        .collect();
    let df_t = p.fit().df_t();
    let (t95, t80) = (
        Dist::T { df: df_t }.critical_value(0.05),
        Dist::T { df: df_t }.critical_value(0.2),
    );
    let s2 = p.fit().sigma2();
    let (mut rk, mut ry, mut ra, mut re, mut rlo, mut rhi, mut rin80) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for r in 0..df.height() {
        let (Some(k), Some(yr), Some(actual)) = (ents[r].clone(), years[r], y[r]) else {
            continue;
        };
        if yr <= train_to as i64 {
            continue;
        }
        let x: Option<Vec<f64>> = src
            .iter()
            .map(|s| match s {
                None => Some(1.0),
                Some(j) => xs[*j][r],
            })
            .collect();
        let Some(x) = x else { continue };
        let Ok((est, se)) = p.predict(&k, yr as i32, &x) else {
            continue;
        };
        let sp = (se * se + s2).sqrt();
        rk.push(k);
        ry.push(yr as i32);
        ra.push(actual);
        re.push(est);
        rlo.push(est - t95 * sp);
        rhi.push(est + t95 * sp);
        rin80.push((actual - est).abs() <= t80 * sp);
    }
    let n = re.len();
    if n == 0 {
        return Err(Error::Estimation(format!(
            "no region-year after {train_to} has the actual values to compare"
        )));
    }
    let err: Vec<f64> = re.iter().zip(&ra).map(|(e, a)| e - a).collect();
    let nf = n as f64;
    let summary = BacktestSummary {
        train_to,
        n,
        mae: err.iter().map(|e| e.abs()).sum::<f64>() / nf,
        rmse: (err.iter().map(|e| e * e).sum::<f64>() / nf).sqrt(),
        bias: err.iter().sum::<f64>() / nf,
        coverage95: ra
            .iter()
            .zip(rlo.iter().zip(&rhi))
            .filter(|(a, (l, h))| *a >= *l && *a <= *h)
            .count() as f64
            / nf,
        coverage80: rin80.iter().filter(|b| **b).count() as f64 / nf,
    };
    let frame = DataFrame::new(
        n,
        vec![
            Column::new("region_code".into(), rk),
            Column::new("year".into(), ry),
            Column::new("actual".into(), ra),
            Column::new("estimate".into(), re),
            Column::new("pi_low".into(), rlo),
            Column::new("pi_high".into(), rhi),
            Column::new("error".into(), err),
        ],
    )
    .ctx("backtest table")?;
    Ok((frame, summary))
}
