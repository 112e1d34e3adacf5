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
    /// The bundled kab/kota of all Indonesia (cross-sections; kab/kota outside Jawa Barat are
    /// keyed `province/name`).
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
