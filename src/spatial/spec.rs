//! What a spatial model is: which model, which effects, which years.

use crate::error::{Error, Result};

/// The spatial model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpatialModel {
    /// Ordinary least squares, with the spatial diagnostics of its residuals.
    Ols,
    /// Spatial lag (SAR): $y = \rho Wy + X\beta + \varepsilon$.
    Sar,
    /// Spatial error (SEM): $y = X\beta + u$, $u = \lambda Wu + \varepsilon$.
    Sem,
    /// Spatial Durbin (SDM): $y = \rho Wy + X\beta + WX\theta + \varepsilon$.
    Sdm,
}

impl std::str::FromStr for SpatialModel {
    type Err = Error;
    fn from_str(s: &str) -> Result<SpatialModel> {
        match s.to_ascii_lowercase().as_str() {
            "ols" => Ok(SpatialModel::Ols),
            "sar" | "lag" => Ok(SpatialModel::Sar),
            "sem" | "error" => Ok(SpatialModel::Sem),
            "sdm" | "durbin" => Ok(SpatialModel::Sdm),
            other => Err(Error::InvalidArgument {
                what: "spatial model".into(),
                message: format!(
                    "{other:?}: use ols, sar (spatial lag), sem (spatial error) or sdm (spatial Durbin)"
                ),
            }),
        }
    }
}

impl SpatialModel {
    /// The spatial parameter's term name: `rho` (SAR, SDM), `lambda` (SEM), none for OLS.
    pub fn parameter(self) -> Option<&'static str> {
        match self {
            SpatialModel::Sar | SpatialModel::Sdm => Some("rho"),
            SpatialModel::Sem => Some("lambda"),
            SpatialModel::Ols => None,
        }
    }

    /// A short English name.
    pub fn name(self) -> &'static str {
        match self {
            SpatialModel::Ols => "OLS",
            SpatialModel::Sar => "spatial lag (SAR)",
            SpatialModel::Sem => "spatial error (SEM)",
            SpatialModel::Sdm => "spatial Durbin (SDM)",
        }
    }
}

/// Fixed effects of a spatial panel, removed by demeaning before the likelihood (Elhorst 2003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpatialEffects {
    /// None: an intercept (one cross-section, or periods pooled).
    #[default]
    Pooled,
    /// Region fixed effects (within each region over time).
    Region,
    /// Region and year fixed effects (two-way demeaning of the balanced panel).
    RegionYear,
}

/// A spatial model to fit: response and regressors (plain columns or `log(column)`), model,
/// effects. Fit it with [`SpatialSpec::fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct SpatialSpec {
    /// The formula (`y ~ x1 + x2`; fixed effects come from `effects`, not from `|`).
    pub formula: crate::formula::Formula,
    /// The model.
    pub model: SpatialModel,
    /// Fixed effects.
    pub effects: SpatialEffects,
}

impl SpatialSpec {
    /// A spec from a formula text.
    ///
    /// # Errors
    /// A formula that does not parse, uses `lag()`/`diff()`, has fixed effects after `|` (say
    /// them with `effects`) or drops the intercept.
    pub fn new(formula: &str, model: SpatialModel, effects: SpatialEffects) -> Result<SpatialSpec> {
        let f = crate::formula::Formula::parse(formula)?;
        let bad = |message: String| Error::InvalidArgument {
            what: "spatial formula".into(),
            message,
        };
        if !f.fixed_effects.is_empty() {
            return Err(bad(format!(
                "{formula:?}: fixed effects are chosen with the fe and year-effects options, not after |"
            )));
        }
        if let Some(t) = f
            .regressors
            .iter()
            .chain([&f.response])
            .find(|t| t.uses_time())
        {
            return Err(bad(format!(
                "{}: lags and differences are not supported in spatial models",
                t.label()
            )));
        }
        if !f.intercept {
            return Err(bad(
                "a spatial model keeps its intercept (or fixed effects)".into(),
            ));
        }
        if f.regressors.is_empty() {
            return Err(bad("needs at least one regressor".into()));
        }
        Ok(SpatialSpec {
            formula: f,
            model,
            effects,
        })
    }
}
