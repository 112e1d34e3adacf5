//! The FEM's projections: the region's fitted level (`level`) and the same model from the last
//! observation, its residual carried with AR(1) persistence (`anchored`).

use std::sync::Arc;

use super::{Forecast, Forecaster, Method, MethodInfo, Origin};
use crate::error::Result;
use crate::lang::Bilingual;
use crate::projection::project::{Anchor, Projector};

/// $\hat\alpha_i + x_{T+h}'\hat\beta$: the FEM's fitted level.
pub(super) const LEVEL: MethodInfo = MethodInfo {
    method: Method::Level,
    name: "level",
    label_id: "FEM, tingkat wilayah (tanpa sisaan terakhir)",
    label_en: "FEM, region's fitted level (last residual dropped)",
    candidate: None,
    uses_scenarios: true,
    fit: |at, _, _| Ok(Arc::new(Fem(at.level.clone()))),
};

/// $\hat\alpha_i + x_{T+h}'\hat\beta + \hat\rho^h e_{iT}$: the FEM from the last observation.
pub(super) const ANCHORED: MethodInfo = MethodInfo {
    method: Method::Anchored,
    name: "anchored",
    label_id: "FEM berangkat dari nilai terakhir",
    label_en: "FEM anchored at the last value",
    candidate: Some(0),
    uses_scenarios: true,
    fit: |at, _, _| {
        Ok(Arc::new(Fem(at
            .level
            .clone()
            .with_anchor(Anchor::LastResidual)?)))
    },
};

#[derive(Debug)]
struct Fem(Projector);

impl Forecaster for Fem {
    fn forecast(&self, _: &Origin, key: &str, year: i32, x: &[f64], _: &[f64]) -> Result<Forecast> {
        let (e, s, p) = self.0.predict_full(key, year, x)?;
        Ok(Forecast {
            estimate: e,
            se_fit: Some(s),
            se_pred: Some(p),
            df: self.0.fit().df_t(),
        })
    }

    fn anchor(&self, _: &Origin, key: &str) -> Bilingual {
        self.0.anchor_text(key)
    }

    fn projector(&self) -> Option<&Projector> {
        Some(&self.0)
    }
}
