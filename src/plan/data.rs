//! `--data jabar|indonesia|provinces|PATH`: one resolver for every interface.

use std::path::{Path, PathBuf};

use polars::prelude::DataFrame;

use crate::error::{Error, Result};
use crate::panel::Panel;

/// Where a model's data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The bundled Jawa Barat kab/kota panel (entity `region_code`, time `year`).
    Jabar,
    /// The bundled panel of all 514 kab/kota of Indonesia, keyed by BPS code
    /// ([`crate::datasets::indonesia_panel`]).
    Indonesia,
    /// The bundled 38 provinces and the national row.
    Provinces,
    /// A wide CSV or Parquet file.
    Path(PathBuf),
}

impl std::str::FromStr for DataSource {
    type Err = Error;
    /// `jabar`, `indonesia` (also `kabkota`), `provinces`, or a path (anything else, which must
    /// exist when read).
    fn from_str(s: &str) -> Result<DataSource> {
        Ok(match s.trim().to_lowercase().as_str() {
            "" => {
                return Err(Error::InvalidArgument {
                    what: "data".into(),
                    message: "empty; expected jabar, indonesia, provinces or a file path".into(),
                });
            }
            "jabar" => DataSource::Jabar,
            "indonesia" | "kabkota" => DataSource::Indonesia,
            "provinces" => DataSource::Provinces,
            _ => DataSource::Path(PathBuf::from(s.trim())),
        })
    }
}

impl std::fmt::Display for DataSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataSource::Jabar => f.write_str("jabar"),
            DataSource::Indonesia => f.write_str("indonesia"),
            DataSource::Provinces => f.write_str("provinces"),
            DataSource::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

impl DataSource {
    /// The bundled long frame of a named source (`None` for a file).
    pub fn long(&self) -> Result<Option<DataFrame>> {
        Ok(match self {
            DataSource::Jabar => Some(crate::datasets::jabar()?),
            DataSource::Indonesia => Some(crate::datasets::indonesia()?),
            DataSource::Provinces => Some(crate::datasets::provinces()?),
            DataSource::Path(_) => None,
        })
    }

    /// The entity and time columns a model on this source uses: the ones given, else
    /// `region_code` and `year` for the bundled sources (a file has no default).
    pub fn entity_time(
        &self,
        entity: Option<&str>,
        time: Option<&str>,
    ) -> (Option<String>, Option<String>) {
        let bundled = !matches!(self, DataSource::Path(_));
        let pick = |given: Option<&str>, default: &str| {
            given
                .map(str::to_string)
                .or_else(|| bundled.then(|| default.to_string()))
        };
        (pick(entity, "region_code"), pick(time, "year"))
    }

    /// The panel: bundled sources by `region_code` × `year` unless other columns are named; a
    /// file needs both its entity and time columns.
    ///
    /// # Errors
    /// A file without both columns named; an unreadable file; a column that is not there.
    pub fn panel(&self, entity: Option<&str>, time: Option<&str>) -> Result<Panel> {
        let p = match self {
            DataSource::Jabar => crate::datasets::jabar_panel()?,
            DataSource::Indonesia => crate::datasets::indonesia_panel()?,
            DataSource::Provinces => {
                let long = self.long()?.unwrap_or_default();
                Panel::from_long(&long, Some(super::defaults::SEMESTER))?
            }
            DataSource::Path(path) => {
                return match (entity, time) {
                    (Some(e), Some(t)) => Panel::read(path, e, t),
                    _ => Err(needs_panel(path)),
                };
            }
        };
        match (entity, time) {
            (None, None) => Ok(p),
            (e, t) => Panel::from_frame(
                p.frame().clone(),
                e.unwrap_or(p.entity()),
                t.unwrap_or(p.time()),
            ),
        }
    }

    /// The frame a model is fitted on: a panel when entity and time are known (always for the
    /// bundled sources), else only `columns` of the file (a cross-section).
    ///
    /// # Errors
    /// As [`DataSource::panel`]; for a file, only one of entity and time.
    pub fn model_frame(
        &self,
        entity: Option<&str>,
        time: Option<&str>,
        columns: &[String],
    ) -> Result<ModelData> {
        match (self, entity, time) {
            (DataSource::Path(path), None, None) => Ok(ModelData::CrossSection(
                crate::load::wide::read_columns(path, columns)?,
            )),
            // Only the columns the model reads, entity and time included: a wide file's other
            // columns are never parsed.
            (DataSource::Path(path), Some(e), Some(t)) => {
                let mut cols = columns.to_vec();
                for c in [e, t] {
                    if !cols.iter().any(|x| x == c) {
                        cols.push(c.to_string());
                    }
                }
                let df = crate::load::wide::read_columns(path, &cols)?;
                Ok(ModelData::Panel(Panel::from_frame(df, e, t)?))
            }
            (DataSource::Path(_), Some(_), None) | (DataSource::Path(_), None, Some(_)) => {
                Err(Error::InvalidArgument {
                    what: "entity/time".into(),
                    message: "give both (a panel) or neither (a cross-section)".into(),
                })
            }
            _ => Ok(ModelData::Panel(self.panel(entity, time)?)),
        }
    }
}

/// What a model is fitted on.
#[derive(Debug, Clone)]
pub enum ModelData {
    /// A region × year panel.
    Panel(Panel),
    /// A frame without panel structure.
    CrossSection(DataFrame),
}

fn needs_panel(path: &Path) -> Error {
    Error::InvalidArgument {
        what: "entity/time".into(),
        message: format!(
            "{} is read as a panel: name its entity and time columns (e.g. region_code and year)",
            path.display()
        ),
    }
}

/// The panel a kab/kota's models are estimated on, and why (in both languages).
#[derive(Debug, Clone)]
pub struct RegionPanel {
    /// The panel.
    pub panel: Panel,
    /// The province of the region.
    pub province: String,
    /// Which panel and why, in English.
    pub why_en: String,
    /// Which panel and why, in Indonesian.
    pub why_id: String,
}

/// The panel for a kab/kota: Jawa Barat's curated panel for its 27; for a kab/kota elsewhere its
/// province's kab/kota of the national panel, or all 514 where the province has fewer than
/// [`super::defaults::MIN_PROVINCE_KABKOTA`].
///
/// # Errors
/// A province or country (a projection is for one kab/kota); the bundled data's errors.
pub fn region_panel(r: &crate::registry::Region) -> Result<RegionPanel> {
    let reg = crate::registry::Registry::bundled();
    let parent = r.parent.as_deref().filter(|_| r.region_type.is_kabkota());
    let Some(p) = parent.and_then(|p| reg.by_code(p)) else {
        return Err(Error::InvalidArgument {
            what: "region".into(),
            message: format!(
                "{} is a {} (BPS code {}); a report or projection is for one kab/kota: name one",
                r.name,
                r.region_type.as_str(),
                r.code
            ),
        });
    };
    if p.code == "32" {
        return Ok(RegionPanel {
            panel: crate::datasets::jabar_panel()?,
            province: p.name.clone(),
            why_en: "the 27 kab/kota of Jawa Barat (curated series)".into(),
            why_id: "27 kabupaten/kota Jawa Barat (seri terkurasi)".into(),
        });
    }
    let n = reg
        .regions()
        .iter()
        .filter(|g| g.parent.as_deref() == Some(p.code.as_str()))
        .count();
    let national = crate::datasets::indonesia_panel()?;
    let min = super::defaults::MIN_PROVINCE_KABKOTA;
    if n < min {
        return Ok(RegionPanel {
            panel: national,
            province: p.name.clone(),
            why_en: format!(
                "all 514 kab/kota of Indonesia: {} has {n} kab/kota, fewer than {min}, too few clusters for clustered standard errors",
                p.name
            ),
            why_id: format!(
                "seluruh 514 kabupaten/kota Indonesia: {} hanya punya {n} kabupaten/kota (kurang dari {min}), terlalu sedikit klaster untuk galat baku klaster",
                p.name
            ),
        });
    }
    Ok(RegionPanel {
        panel: province_panel(&national, &p.code)?,
        province: p.name.clone(),
        why_en: format!("the {n} kab/kota of {} (national BPS series)", p.name),
        why_id: format!("{n} kabupaten/kota {} (seri nasional BPS)", p.name),
    })
}

/// The rows of one province's kab/kota (by the panel's `province_code` column).
///
/// # Errors
/// A panel without `province_code`.
pub fn province_panel(panel: &Panel, province: &str) -> Result<Panel> {
    let codes = crate::columns::strings(panel.frame(), "province_code")?;
    let keep: polars::prelude::BooleanChunked = codes
        .iter()
        .map(|c| c.as_deref() == Some(province))
        .collect();
    let df = panel.frame().filter(&keep).map_err(|e| Error::Polars {
        context: format!("selecting the kab/kota of province {province}"),
        source: e,
    })?;
    Panel::from_frame(df, panel.entity(), panel.time())
}
