//! The model choice a plan reports: the CEM / FEM / REM tests ([`crate::choice`]) and, beside
//! them, the spatial check ([`crate::spatial::spatial_check`]) — composed here so that neither
//! runs the other.

use crate::Panel;
use crate::choice::ModelChoice;
use crate::error::Result;
use crate::model::ModelSpec;

/// Chow → Hausman → LM at level `alpha`, then the spatial check of the same specification (its
/// sentences appended to the reasons; why not, where it cannot run). The command line's
/// `choose`, the notebook's `model_choice` and the report call this.
///
/// ```
/// # fn main() -> indikator::Result<()> {
/// let panel = indikator::datasets::jabar_panel()?;
/// let spec = indikator::model::ModelSpec::new("poverty_rate ~ unemployment_rate")?
///     .sample(Some(2017), Some(2025));
/// let c = indikator::plan::model_choice(&spec, &panel, 0.05)?;
/// assert!(c.spatial.is_some() || c.spatial_not_done.is_some());
/// # Ok(()) }
/// ```
pub fn model_choice(spec: &ModelSpec, panel: &Panel, alpha: f64) -> Result<ModelChoice> {
    let tests = crate::choice::model_choice(spec, panel, alpha)?;
    Ok(tests.with_spatial(crate::spatial::spatial_check(spec, panel, alpha)))
}
