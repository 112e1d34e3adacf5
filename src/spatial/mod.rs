//! Spatial weights, global and local Moran's I, and the LM tests of an OLS fit.
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

mod lisa;
mod lm;
mod moran;
mod weights;
mod weights_spec;

pub use lm::{LmTests, lm_tests};
pub use moran::{LocalMoran, Moran, local_moran, local_moran_permutation, moran};
pub use weights::{JABAR_QUEEN_CSV, Weights, WeightsSummary};
mod claim;
mod contiguity;
mod data;
mod ml;
mod spec;
pub use data::{Regions, regions_of};
pub use spec::{SpatialEffects, SpatialModel, SpatialSpec};
mod fit;
mod impacts;
pub use claim::{SPATIAL_CHECK_YEARS, SpatialCheck, spatial_check};
pub use contiguity::{Contiguity, SNAP_TOLERANCE_M};
pub use fit::{SpatialCoef, SpatialDiagnostics, SpatialFit};
pub use impacts::Impact;
pub use lisa::{SpatialPattern, spatial_pattern};
pub use weights_spec::{WeightsSpec, shapes_of};
