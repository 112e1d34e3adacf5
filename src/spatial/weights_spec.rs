//! Weights named on a command line or in a cell: `queen`, `rook` (optionally `:METRES` of snap
//! tolerance), `knn:K`, `band:KM`, or a neighbour-list CSV.

use std::path::PathBuf;

use super::Weights;
use super::contiguity::{Contiguity, SNAP_TOLERANCE_M};
use crate::error::{Error, Result};
use crate::geo::{Level, Shape, shapes};

/// Which weights to build.
#[derive(Debug, Clone, PartialEq)]
pub enum WeightsSpec {
    /// Queen or rook contiguity from the bundled boundaries, with a snap tolerance in metres.
    Contiguity(Contiguity, f64),
    /// The k nearest centroids.
    Knn(usize),
    /// Centroids within a distance (km).
    Band(f64),
    /// A neighbour-list CSV (`region_code,neighbor_code`).
    File(PathBuf),
}

impl std::str::FromStr for WeightsSpec {
    type Err = Error;
    fn from_str(s: &str) -> Result<WeightsSpec> {
        let bad = |message: String| Error::InvalidArgument {
            what: "weights".into(),
            message,
        };
        let (head, arg) = match s.split_once(':') {
            Some((h, a)) if ["queen", "rook", "knn", "band"].contains(&h) => (h, Some(a)),
            _ => (s, None),
        };
        let number = |a: &str, what: &str| {
            a.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| bad(format!("{s}: {a:?} is not {what}")))
        };
        match (head, arg) {
            ("queen", None) => Ok(WeightsSpec::Contiguity(Contiguity::Queen, SNAP_TOLERANCE_M)),
            ("rook", None) => Ok(WeightsSpec::Contiguity(Contiguity::Rook, SNAP_TOLERANCE_M)),
            ("queen", Some(a)) => Ok(WeightsSpec::Contiguity(
                Contiguity::Queen,
                number(a, "a tolerance in metres")?,
            )),
            ("rook", Some(a)) => Ok(WeightsSpec::Contiguity(
                Contiguity::Rook,
                number(a, "a tolerance in metres")?,
            )),
            ("knn", Some(a)) => a
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|k| *k > 0)
                .map(WeightsSpec::Knn)
                .ok_or_else(|| {
                    bad(format!(
                        "{s}: k is a whole number of neighbours, e.g. knn:4"
                    ))
                }),
            ("knn", None) => Err(bad("knn needs a number of neighbours, e.g. knn:4".into())),
            ("band", Some(a)) => Ok(WeightsSpec::Band(number(a, "a distance in kilometres")?)),
            ("band", None) => Err(bad(
                "band needs a distance in kilometres, e.g. band:50".into()
            )),
            _ if s.to_ascii_lowercase().ends_with(".csv") => {
                Ok(WeightsSpec::File(PathBuf::from(s)))
            }
            _ => Err(bad(format!(
                "{s:?}: use queen, rook (or queen:METRES, rook:METRES of snap tolerance), knn:K, band:KM, or a neighbour-list CSV file (region_code,neighbor_code)"
            ))),
        }
    }
}

/// The bundled shapes of `codes`: Jawa Barat's detailed outlines when every code is a Jawa Barat
/// kab/kota, else the national kab/kota (four-digit codes) or provinces (two-digit codes).
///
/// # Errors
/// A code with no bundled outline (named).
pub fn shapes_of(codes: &[String]) -> Result<Vec<&'static Shape>> {
    let level = if codes.iter().all(|c| c.len() == 2) {
        Level::Province
    } else if codes.iter().all(|c| c.len() == 4 && c.starts_with("32")) {
        Level::JabarKabKota
    } else {
        Level::KabKota
    };
    let all = shapes(level)?;
    let mut out = Vec::with_capacity(codes.len());
    let mut missing = Vec::new();
    for c in codes {
        match all.iter().find(|s| &s.code == c) {
            Some(s) => out.push(s),
            None => missing.push(c.as_str()),
        }
    }
    if !missing.is_empty() {
        return Err(Error::InvalidArgument {
            what: "spatial weights".into(),
            message: format!(
                "no bundled boundary for region code(s) {} (weights from boundaries need BPS kab/kota or province codes); give a neighbour-list CSV instead",
                missing.join(", ")
            ),
        });
    }
    Ok(out)
}

impl WeightsSpec {
    /// The weights over `codes` (the regions of the data), row-standardised.
    ///
    /// # Errors
    /// An unreadable or malformed CSV; a code without a bundled outline; a bad k or band.
    pub fn build(&self, codes: &[String]) -> Result<Weights> {
        match self {
            WeightsSpec::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                Weights::from_pairs_csv(&text, &path.display().to_string())
            }
            WeightsSpec::Contiguity(rule, tol) => {
                Weights::contiguity(&shapes_of(codes)?, *rule, *tol)
            }
            WeightsSpec::Knn(k) => Weights::knn(&shapes_of(codes)?, *k),
            WeightsSpec::Band(km) => Weights::distance_band(&shapes_of(codes)?, *km),
        }
    }
}
