//! Spatial dependence: weights, global and local Moran's I, the LM tests of an OLS fit, and the
//! spatial lag (SAR), error (SEM) and Durbin (SDM) models by maximum likelihood, for a
//! cross-section or a panel with region (and year) fixed effects.
//!
//! - Weights: [`Weights`] from the bundled boundaries ([`WeightsSpec`]: queen or rook contiguity
//!   with a snap tolerance, k nearest neighbours, distance bands; `contiguity.rs`), or a
//!   neighbour-list CSV; [`Weights::summary`] reports links and islands.
//! - Tests: [`moran`], [`local_moran_permutation`] (LISA), [`lm_tests`] and, for panels, the
//!   diagnostics of [`SpatialModel::Ols`] fits.
//! - Models: [`SpatialSpec::fit`] (`ml.rs` has the likelihood and information matrix,
//!   `impacts.rs` the LeSage–Pace impacts).
//! - The claim: [`spatial_check`] (composed with the CEM / FEM / REM tests by [`crate::plan::model_choice`]).
//!
//! ```
//! # fn main() -> indikator::Result<()> {
//! use indikator::spatial::{SpatialEffects, SpatialModel, SpatialSpec, WeightsSpec};
//! let panel = indikator::datasets::jabar_panel()?;
//! let spec = SpatialSpec::new("poverty_rate ~ unemployment_rate", SpatialModel::Sar, SpatialEffects::Region)?;
//! let (fit, w, _) = spec.fit_panel(&panel, &"queen".parse::<WeightsSpec>()?, Some((2017, 2025)), false)?;
//! // spreg's Panel_FE_Lag on the same panel: rho = 0.75774.
//! assert!((fit.coef("rho").unwrap().estimate - 0.75774).abs() < 1e-4);
//! assert_eq!((w.len(), fit.nobs), (27, 243));
//! # Ok(()) }
//! ```
//!
//! [`Weights`] hold who neighbours whom (a neighbour list, either direction), row-standardised
//! ($w_{ij} = 1/|N(i)|$) or binary. Jawa Barat's queen-contiguity list is bundled
//! (`data/geo/jabar_queen.csv`, [`Weights::jabar_queen`]): the pysal list behind the reference
//! results, computed on the kab/kota polygons in EPSG:23830 metres buffered by 50 m so that
//! simplified borders touch.
//!
//! Moran's I of values $x$ with $z = x - \bar x$: $I = \frac{n}{S_0}\frac{z'Wz}{z'z}$,
//! $E[I] = -1/(n-1)$, and its variance under normality and under randomisation (Cliff & Ord):
//!
//! $$V_N = \frac{n^2 S_1 - n S_2 + 3 S_0^2}{(n^2-1) S_0^2} - E[I]^2,\qquad
//! V_R = \frac{n\,[(n^2-3n+3)S_1 - nS_2 + 3S_0^2] - b_2[(n^2-n)S_1 - 2nS_2 + 6S_0^2]}
//! {(n-1)(n-2)(n-3)S_0^2} - E[I]^2$$
//!
//! with $S_0 = \sum w_{ij}$, $S_1 = \tfrac12\sum(w_{ij}+w_{ji})^2$, $S_2 = \sum_i(w_{i\cdot}+w_{\cdot i})^2$,
//! $b_2 = n\sum z^4/(\sum z^2)^2$; $z$-scores and two-sided normal p-values as esda's `Moran`.
//!
//! ```
//! # fn main() -> indikator::Result<()> {
//! let w = indikator::spatial::Weights::jabar_queen()?;
//! assert_eq!((w.len(), w.links()), (27, 104));
//! # Ok(()) }
//! ```

mod claim;
mod contiguity;
mod data;
mod fit;
mod impacts;
mod lisa;
mod lm;
mod ml;
mod moran;
mod spec;
mod weights;
mod weights_spec;

pub use claim::{SPATIAL_CHECK_YEARS, SpatialCheck, spatial_check};
pub use contiguity::{Contiguity, SNAP_TOLERANCE_M};
pub use data::{Regions, regions_of};
pub use fit::{SpatialDiagnostics, SpatialFit};
pub use impacts::Impact;
pub use lisa::{LISA_PERMUTATIONS, LISA_SEED, SpatialPattern, spatial_pattern};
pub use lm::{LmTests, lm_tests};
pub use moran::{LocalMoran, Moran, local_moran, local_moran_permutation, moran};
pub use spec::{SpatialEffects, SpatialModel, SpatialSpec};
pub use weights::{JABAR_QUEEN_CSV, Weights, WeightsSummary};
pub use weights_spec::{WeightsSpec, shapes_of};
