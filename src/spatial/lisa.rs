//! An indicator's spatial pattern in one year, in one call: queen weights over the regions with
//! a value, global Moran's I and LISA with permutation p-values.

use std::collections::HashMap;

use super::{Contiguity, LocalMoran, Moran, SNAP_TOLERANCE_M, Weights, WeightsSpec};
use crate::error::{Error, Result};
use crate::panel::Panel;

/// Conditional permutations behind LISA p-values (esda's default).
pub const LISA_PERMUTATIONS: usize = 999;

/// The seed of LISA permutations, so that a cluster map can be reproduced.
pub const LISA_SEED: u64 = 20_240_501;

/// Moran's I and the local Moran values of an indicator in a year.
#[derive(Debug, Clone, PartialEq)]
pub struct SpatialPattern {
    /// The indicator.
    pub indicator: String,
    /// The year.
    pub year: i32,
    /// The weights (queen contiguity over the regions with a value).
    pub weights: Weights,
    /// Global Moran's I.
    pub moran: Moran,
    /// Local Moran with pseudo p-values.
    pub lisa: Vec<LocalMoran>,
    /// Regions of the panel without a value that year (not in the weights).
    pub without_value: Vec<String>,
}

/// The pattern of `indicator` in `year` on `panel` (regions with bundled outlines), with
/// `permutations` LISA draws from `seed` ([`LISA_PERMUTATIONS`],
/// [`LISA_SEED`] in the report).
///
/// # Errors
/// Fewer than four regions with a value; a region without a bundled outline.
pub fn spatial_pattern(
    panel: &Panel,
    indicator: &str,
    year: i32,
    (permutations, seed): (usize, u64),
) -> Result<SpatialPattern> {
    let frame = panel.frame();
    let codes = crate::columns::strings(frame, panel.entity())?;
    let years = crate::columns::ints(frame, panel.time())?;
    let values = crate::columns::floats(frame, indicator)?;
    let mut all: Vec<String> = codes.iter().flatten().cloned().collect();
    all.sort();
    all.dedup();
    let have: HashMap<String, f64> = (0..frame.height())
        .filter(|&r| years[r] == Some(i64::from(year)))
        .filter_map(|r| Some((codes[r].clone()?, values[r].filter(|v| v.is_finite())?)))
        .collect();
    if have.len() < 4 {
        return Err(Error::InvalidArgument {
            what: "spatial pattern".into(),
            message: format!(
                "{indicator} has values for {} regions in {year}; at least four are needed",
                have.len()
            ),
        });
    }
    let mut kept: Vec<String> = have.keys().cloned().collect();
    kept.sort();
    let weights = WeightsSpec::Contiguity(Contiguity::Queen, SNAP_TOLERANCE_M).build(&kept)?;
    Ok(SpatialPattern {
        indicator: indicator.to_string(),
        year,
        moran: super::moran(&have, &weights)?,
        lisa: super::local_moran_permutation(&have, &weights, permutations, seed)?,
        without_value: all.into_iter().filter(|c| !have.contains_key(c)).collect(),
        weights,
    })
}
