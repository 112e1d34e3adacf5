//! The LISA cluster map: regions whose local Moran's I is significant (conditional permutations)
//! coloured by their quadrant — high–high (hot spots), low–low (cold spots), and the two kinds of
//! outliers — the rest grey.

use super::{Category, Classes, MapChart, MapSpec, choropleth};
use crate::error::Result;
use crate::lang::Lang;
use crate::plot::{QUADRANT_COLORS, indicator_axis, quadrant_names};
use crate::spatial::LocalMoran;

/// The LISA cluster map of `lisa` (from [`crate::spatial::local_moran_permutation`]) at level
/// `alpha`, `selected` outlined.
///
/// # Errors
/// A region without a bundled outline; a drawing failure.
pub fn lisa_map(
    lisa: &[LocalMoran],
    alpha: f64,
    (indicator, year): (&str, i32),
    selected: Option<&str>,
    lang: Lang,
) -> Result<MapChart> {
    let codes: Vec<String> = lisa.iter().map(|l| l.region_code.clone()).collect();
    let shapes = crate::spatial::shapes_of(&codes)?;
    let names = quadrant_names(lang);
    let categories = (0..5)
        .map(|i| Category {
            label: names[i].to_string(),
            color: QUADRANT_COLORS[i],
        })
        .collect();
    let values = lisa
        .iter()
        .map(|l| (l.region_code.clone(), Some(f64::from(l.cluster(alpha)))))
        .collect();
    let what = indicator_axis(indicator, lang);
    let spec = MapSpec {
        labels: shapes.len() <= 40,
        shapes,
        values,
        classes: Classes::Categories(categories),
        title: format!(
            "{} — {what}, {year}",
            lang.t("Klaster LISA (Moran lokal)", "LISA clusters (local Moran)")
        ),
        legend_title: format!("{} p < {alpha}", lang.t("Klaster,", "Cluster,")),
        selected: selected.map(str::to_string),
        decimals: 0,
        lang,
    };
    choropleth(&spec)
}
