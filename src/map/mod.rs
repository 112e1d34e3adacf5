//! Maps: choropleth maps of the boundaries in [`crate::geo`] drawn with
//! plotters ([`choropleth`]).

/// The boundaries, now in [`crate::geo`] (kept under this name for existing paths).
pub use crate::geo as boundaries;
pub mod choropleth;
pub mod classes;
mod lisa;

pub use crate::geo::{Level, Shape, shapes};
pub use choropleth::{MapChart, MapSpec, choropleth};
pub use classes::{Category, Classes};
pub use lisa::lisa_map;

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::registry::{Region, Registry};

/// What area a map shows, at which level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scope<'a> {
    /// One province by kab/kota (Jawa Barat from its detailed boundaries).
    Province(&'a Region),
    /// Indonesia by province.
    IndonesiaByProvince,
    /// Indonesia by kab/kota.
    IndonesiaByKabKota,
}

/// The selected region must be on the map: a region code with no shape in the scope is an error.
fn check_selected(scope: &Scope, shapes: &[&Shape], selected: Option<&str>) -> Result<()> {
    match selected {
        Some(code) if !shapes.iter().any(|s| s.code == code) => {
            let name = Registry::bundled()
                .by_code(code)
                .map_or_else(|| code.to_string(), |r| r.name.clone());
            Err(Error::InvalidArgument {
                what: "region".into(),
                message: format!(
                    "{name} ({code}) has no shape on a map of {}: pick a region of the map / \
                     wilayah tidak ada di peta ini",
                    scope.place(Lang::En)
                ),
            })
        }
        _ => Ok(()),
    }
}

impl Scope<'_> {
    /// The shapes of the scope.
    pub fn shapes(&self) -> Result<Vec<&'static Shape>> {
        Ok(match self {
            Scope::Province(p) if p.code == "32" => shapes(Level::JabarKabKota)?.iter().collect(),
            Scope::Province(p) => {
                let reg = Registry::bundled();
                shapes(Level::KabKota)?
                    .iter()
                    .filter(|s| {
                        reg.by_code(&s.code)
                            .and_then(|r| r.parent.as_deref())
                            .is_some_and(|c| c == p.code)
                    })
                    .collect()
            }
            Scope::IndonesiaByProvince => shapes(Level::Province)?.iter().collect(),
            Scope::IndonesiaByKabKota => shapes(Level::KabKota)?.iter().collect(),
        })
    }

    /// Whether the scope's regions are provinces.
    pub fn provinces(&self) -> bool {
        matches!(self, Scope::IndonesiaByProvince)
    }

    fn place(&self, lang: Lang) -> String {
        match self {
            Scope::Province(p) => p.name.clone(),
            Scope::IndonesiaByProvince => lang
                .t("Indonesia, provinsi", "Indonesia by province")
                .into(),
            Scope::IndonesiaByKabKota => lang
                .t("Indonesia, kabupaten/kota", "Indonesia by kab/kota")
                .into(),
        }
    }
}

/// Published values of `indicator` in `year` by BPS code, at the scope's level (kab/kota: the
/// national panel with Jawa Barat's curated series; provinces: the province file). Where BPS
/// publishes two semesters, March.
pub fn published(
    scope: &Scope,
    indicator: &str,
    year: i32,
) -> Result<HashMap<String, Option<f64>>> {
    let recs = if scope.provinces() {
        &crate::datasets::province_records()?.records
    } else {
        &crate::datasets::indonesia_records()?.records
    };
    let sem = crate::panel::DEFAULT_SEMESTER;
    Ok(recs
        .iter()
        .filter(|r| r.indicator == indicator && r.year == year)
        .filter(|r| r.semester.as_deref().is_none_or(|s| s == sem))
        .filter_map(|r| Some((r.region_code.clone()?, r.value)))
        .collect())
}

/// What a map of published data shows: a year's value, or the change between two years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The value in a year.
    Level(i32),
    /// The change from the first year to the second (percentage points for rates).
    Change(i32, i32),
}

/// A map of a published indicator: its value in a year, or the change between two years.
///
/// # Errors
/// An indicator or year with no data in the scope; the errors of [`choropleth`].
pub fn indicator_map(
    scope: Scope,
    indicator: &str,
    measure: Measure,
    classes: Classes,
    selected: Option<&str>,
    lang: Lang,
) -> Result<MapChart> {
    let shapes = scope.shapes()?;
    check_selected(&scope, &shapes, selected)?;
    let year_values = |y: i32| -> Result<HashMap<String, Option<f64>>> {
        let v = published(&scope, indicator, y)?;
        let any = shapes
            .iter()
            .any(|s| v.get(&s.code).copied().flatten().is_some());
        if !any {
            return Err(Error::InvalidArgument {
                what: "map".into(),
                message: format!(
                    "no {indicator} for {y} in {}: pick another year or indicator (see `indikator data list`) / tidak ada data",
                    scope.place(Lang::En)
                ),
            });
        }
        Ok(v)
    };
    let name = crate::indicator::short_name(indicator);
    let unit = match crate::indicator::by_name(indicator).map(|i| i.unit) {
        Some("percent") => " (%)".to_string(),
        Some(u) if !u.is_empty() => format!(" ({u})"),
        _ => String::new(),
    };
    let name = format!("{name}{unit}");
    let label = crate::plot::indicator_axis(indicator, lang);
    let (values, title, legend) = match measure {
        Measure::Level(y) => (
            year_values(y)?,
            format!("{label}: {}, {y}", scope.place(lang)),
            format!("{name}, {y}"),
        ),
        Measure::Change(a, b) => {
            let (va, vb) = (year_values(a)?, year_values(b)?);
            let d = vb
                .iter()
                .map(|(k, v)| {
                    let x = match (v, va.get(k).copied().flatten()) {
                        (Some(v), Some(w)) => Some(v - w),
                        _ => None,
                    };
                    (k.clone(), x)
                })
                .collect();
            let t = match lang {
                Lang::Id => format!("Perubahan {name} {a}–{b}: {}", scope.place(lang)),
                Lang::En => format!("Change in {name} {a}–{b}: {}", scope.place(lang)),
            };
            (d, t, format!("Δ {name}, {a}–{b}"))
        }
    };
    choropleth(&MapSpec {
        shapes,
        values,
        classes,
        title,
        legend_title: legend,
        selected: selected.map(str::to_string),
        labels: !matches!(scope, Scope::IndonesiaByKabKota),
        decimals: 2,
        lang,
    })
}

/// A map of any per-region column of a frame (a model's residuals, a rank, a projection): the
/// frame needs `region_code` and the numeric `column`; regions of the scope missing from the
/// frame, or null there, are "no data".
///
/// # Errors
/// A frame without `region_code` or `column`; no region of the scope in the frame; the errors
/// of [`choropleth`].
pub fn frame_map(
    scope: Scope,
    df: &polars::prelude::DataFrame,
    column: &str,
    classes: Classes,
    selected: Option<&str>,
    lang: Lang,
) -> Result<MapChart> {
    let codes = crate::columns::strings(df, "region_code")?;
    let vals = crate::columns::floats(df, column)?;
    let values: HashMap<String, Option<f64>> = codes
        .into_iter()
        .zip(vals)
        .filter_map(|(c, v)| Some((c?, v)))
        .collect();
    let shapes = scope.shapes()?;
    check_selected(&scope, &shapes, selected)?;
    if !shapes.iter().any(|s| values.contains_key(&s.code)) {
        return Err(Error::InvalidArgument {
            what: "map".into(),
            message: format!(
                "no region of {} in the frame's region_code column",
                scope.place(Lang::En)
            ),
        });
    }
    choropleth(&MapSpec {
        shapes,
        values,
        classes,
        title: format!("{column}: {}", scope.place(lang)),
        legend_title: column.to_string(),
        selected: selected.map(str::to_string),
        labels: !matches!(scope, Scope::IndonesiaByKabKota),
        decimals: 2,
        lang,
    })
}

/// The scope a province name/code or an Indonesia level names (`None` province: Indonesia by
/// `level`, `"province"` or `"kabkota"`).
///
/// # Errors
/// A name that is no province; a level other than the two.
pub fn scope_of(province: Option<&str>, level: &str) -> Result<Scope<'static>> {
    let reg = Registry::bundled();
    match province {
        Some(p) => {
            let r = reg.lookup(p)?;
            if r.region_type != crate::registry::RegionType::Province {
                return Err(Error::InvalidArgument {
                    what: "province".into(),
                    message: format!("{} is not a province", r.name),
                });
            }
            Ok(Scope::Province(r))
        }
        None => match level {
            "province" | "provinsi" => Ok(Scope::IndonesiaByProvince),
            "kabkota" | "kab/kota" => Ok(Scope::IndonesiaByKabKota),
            other => Err(Error::InvalidArgument {
                what: "level".into(),
                message: format!("{other:?}; expected province or kabkota"),
            }),
        },
    }
}
