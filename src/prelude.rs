//! The types most programs need, in one import: `use indikator::prelude::*;`.

pub use crate::choice::{ModelChoice, PanelModel, model_choice};
pub use crate::datasets;
pub use crate::display::RichDisplay;
pub use crate::error::{Error, Result};
pub use crate::hypothesis::TestStat;
pub use crate::model::{Estimator, Fit, ModelSpec};
pub use crate::panel::Panel;
pub use crate::plan::{DataSource, ProjectionPlan};
pub use crate::projection::{Projector, Scenario, YearEffects};
pub use crate::vcov::{ClusterBy, Hc, Ssc, Vcov};
