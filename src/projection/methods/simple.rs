//! The benchmarks: no change (`naive`, which carries scenarios as deviations), the region's
//! linear trend (`trend`) and the all-region average change (`average_change`).

use std::sync::Arc;

use ndarray::Array1;

use super::{Forecast, Forecaster, Method, MethodInfo, Origin};
use crate::error::Result;
use crate::lang::Bilingual;

/// No change from the last value; scenarios as deviations $\hat\beta'(x - x_{base})$ with the
/// FEM's slope, its band from the pooled mean squared annual change.
pub(super) const NAIVE: MethodInfo = MethodInfo {
    method: Method::Naive,
    name: "naive",
    label_id: "tanpa perubahan (nilai terakhir)",
    label_en: "no change (last value)",
    candidate: Some(3),
    uses_scenarios: true,
    fit: |_, _, _| Ok(Arc::new(Naive)),
};

/// The region's least-squares line over the estimation years.
pub(super) const TREND: MethodInfo = MethodInfo {
    method: Method::Trend,
    name: "trend",
    label_id: "tren linear wilayah",
    label_en: "region's linear trend",
    candidate: None,
    uses_scenarios: false,
    fit: |_, _, _| Ok(Arc::new(Trend)),
};

/// The last value plus the mean annual change of all regions.
pub(super) const AVERAGE_CHANGE: MethodInfo = MethodInfo {
    method: Method::AverageChange,
    name: "average_change",
    label_id: "nilai terakhir + rata-rata perubahan semua wilayah",
    label_en: "last value + average change of all regions",
    candidate: None,
    uses_scenarios: false,
    fit: |_, _, _| Ok(Arc::new(AverageChange)),
};

#[derive(Debug)]
struct Naive;

impl Forecaster for Naive {
    fn forecast(
        &self,
        at: &Origin,
        key: &str,
        year: i32,
        x: &[f64],
        base_x: &[f64],
    ) -> Result<Forecast> {
        let (ty, yt) = at.last(key)?;
        let steps = f64::from(year - ty);
        // Scenarios as deviations from no change: β'(x − x_baseline), β from the FEM.
        let d = Array1::from(x.to_vec()) - Array1::from(base_x.to_vec());
        let fit = at.level.fit();
        let var_b = d.dot(&fit.cov().dot(&d));
        Ok(Forecast {
            estimate: yt + d.dot(fit.coefs()),
            se_fit: Some(var_b.sqrt()),
            se_pred: Some((var_b + steps * at.naive_var).sqrt()),
            df: fit.df_t(),
        })
    }

    fn anchor(&self, at: &Origin, key: &str) -> Bilingual {
        at.starting_at_last(
            key,
            "; skenario sebagai selisih dari tanpa perubahan",
            "; scenarios as deviations from no change",
        )
    }
}

#[derive(Debug)]
struct Trend;

impl Forecaster for Trend {
    fn forecast(
        &self,
        at: &Origin,
        key: &str,
        year: i32,
        _: &[f64],
        _: &[f64],
    ) -> Result<Forecast> {
        let pts: Vec<(f64, f64)> = at
            .history(key)?
            .y
            .iter()
            .filter(|(y, _)| i64::from(*y) >= at.from)
            .map(|&(y, v)| (f64::from(y), v))
            .collect();
        let (mx, my, b) = crate::projection::line_fit(&pts);
        Ok(Forecast::point(my + b * (f64::from(year) - mx)))
    }

    fn anchor(&self, _: &Origin, _: &str) -> Bilingual {
        Bilingual::new("tren linear wilayah", "region's linear trend")
    }
}

#[derive(Debug)]
struct AverageChange;

impl Forecaster for AverageChange {
    fn forecast(
        &self,
        at: &Origin,
        key: &str,
        year: i32,
        _: &[f64],
        _: &[f64],
    ) -> Result<Forecast> {
        let (ty, yt) = at.last(key)?;
        Ok(Forecast::point(yt + f64::from(year - ty) * at.mean_change))
    }

    fn anchor(&self, at: &Origin, key: &str) -> Bilingual {
        at.starting_at_last(
            key,
            "; perubahan rata-rata semua wilayah",
            "; average change of all regions",
        )
    }
}
