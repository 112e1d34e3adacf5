//! Geography below both [`crate::spatial`] and [`crate::map`]: the boundaries compiled into the
//! crate and the centroids and great-circle distances computed from them.
//!
//! The boundaries, keyed by BPS code: Jawa Barat's 27 kab/kota, the 38
//! provinces and the 514 kab/kota of Indonesia (MIT, Cahya DSN's `wilayah_boundaries`; see
//! `data/geo/PROVENANCE.md`). They were simplified once, with `geo`'s Ramer–Douglas–Peucker, by
//! `cargo run --example make_boundaries`, which also joined the source's Kemendagri codes to BPS
//! codes through the registry ([`bps_region_of`]).

use std::sync::OnceLock;

use ::geo::{
    Area, BoundingRect, Centroid, Distance, Haversine, InteriorPoint, MultiPolygon, Point, Rect,
};

use crate::error::{Error, Result};
use crate::registry::{Level as RegLevel, Region, Registry, Resolved};

/// Which boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The 38 provinces of Indonesia.
    Province,
    /// The 514 kab/kota of Indonesia (simplified for the whole country).
    KabKota,
    /// The 27 kab/kota of Jawa Barat, in more detail.
    JabarKabKota,
}

/// The compiled-in files (simplified GeoJSON, properties `code` and `name`).
const JABAR: &[u8] = include_bytes!("../data/geo/jabar_kabkota.geojson");
const PROVINCES: &[u8] = include_bytes!("../data/geo/indonesia_provinces.geojson");
const KABKOTA: &[u8] = include_bytes!("../data/geo/indonesia_kabkota.geojson");

/// One region's shape.
#[derive(Debug, Clone)]
pub struct Shape {
    /// BPS code.
    pub code: String,
    /// Name (the registry's).
    pub name: String,
    /// Outline, longitude/latitude (WGS 84).
    pub geometry: MultiPolygon<f64>,
    /// A point inside the shape, for its label.
    pub label_at: Point<f64>,
    /// Area in square degrees (for ordering labels: larger first).
    pub area: f64,
    /// Bounding box.
    pub bounds: Rect<f64>,
}

impl Shape {
    /// The planar centroid of the shape's polygons in longitude/latitude (the point inside it
    /// where the outline is degenerate).
    ///
    /// ```
    /// # fn main() -> indikator::Result<()> {
    /// let shapes = indikator::geo::shapes(indikator::geo::Level::JabarKabKota)?;
    /// let sukabumi = shapes.iter().find(|s| s.code == "3272").unwrap();
    /// let c = sukabumi.centroid();
    /// assert!((106.8..107.0).contains(&c.x()) && (-7.0..-6.8).contains(&c.y()));
    /// # Ok(()) }
    /// ```
    pub fn centroid(&self) -> Point<f64> {
        self.geometry.centroid().unwrap_or(self.label_at)
    }
}

/// The great-circle (haversine) distance between two longitude/latitude points, in kilometres.
pub fn great_circle_km(a: Point<f64>, b: Point<f64>) -> f64 {
    Haversine.distance(a, b) / 1000.0
}

fn parse(bytes: &[u8], what: &str) -> Result<Vec<Shape>> {
    let bad = |m: String| Error::Internal(format!("compiled-in boundaries {what}: {m}"));
    let fc: geojson::FeatureCollection =
        serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
    let mut out = Vec::with_capacity(fc.features.len());
    for f in fc.features {
        let text = |k: &str| {
            f.property(k)
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .ok_or_else(|| bad(format!("a feature without `{k}`")))
        };
        let (code, name) = (text("code")?, text("name")?);
        let geom = f
            .geometry
            .as_ref()
            .ok_or_else(|| bad(format!("{code} has no geometry")))?;
        let geometry =
            MultiPolygon::<f64>::try_from(&geom.value).map_err(|e| bad(format!("{code}: {e}")))?;
        let label_at = geometry
            .interior_point()
            .ok_or_else(|| bad(format!("{code}: empty geometry")))?;
        let bounds = geometry
            .bounding_rect()
            .ok_or_else(|| bad(format!("{code}: empty geometry")))?;
        out.push(Shape {
            area: geometry.unsigned_area(),
            code,
            name,
            geometry,
            label_at,
            bounds,
        });
    }
    Ok(out)
}

/// The shapes of a level, parsed once.
pub fn shapes(level: Level) -> Result<&'static [Shape]> {
    static J: OnceLock<Vec<Shape>> = OnceLock::new();
    static P: OnceLock<Vec<Shape>> = OnceLock::new();
    static K: OnceLock<Vec<Shape>> = OnceLock::new();
    let (cell, bytes, what) = match level {
        Level::JabarKabKota => (&J, JABAR, "Jawa Barat kab/kota"),
        Level::Province => (&P, PROVINCES, "provinces"),
        Level::KabKota => (&K, KABKOTA, "kab/kota"),
    };
    if let Some(v) = cell.get() {
        return Ok(v);
    }
    let v = parse(bytes, what)?;
    Ok(cell.get_or_init(|| v))
}

/// The BPS province code of a Kemendagri province code: the same except for Papua's six
/// provinces, which Kemendagri numbers in another order (data/geo/source/PROVENANCE.md, A2).
pub fn bps_province_of_kemendagri(code: &str) -> &str {
    match code {
        "91" => "94",
        "92" => "91",
        "93" => "95",
        "94" => "96",
        "95" => "97",
        "96" => "92",
        other => other,
    }
}

/// The registry region a source feature is (`kode` `"11.01"` or `"91"`, Kemendagri 2025, and its
/// name): a province by its code (Papua's mapped), a kab/kota by its name within the province its
/// code gives (the source's spellings — `Kota Bau Bau`, `Kabupaten Fak Fak` — are registry
/// aliases; Kemendagri kab/kota codes differ from BPS codes for 195 kab/kota and are not used).
/// A feature that maps to no region is an error naming it.
pub fn bps_region_of(kode: &str, name: &str) -> Result<&'static Region> {
    let reg = Registry::bundled();
    let digits: String = kode.chars().filter(char::is_ascii_digit).collect();
    let unknown = |why: &str| Error::UnknownRegion {
        at: None,
        name: format!("{name} (Kemendagri {kode}): {why}"),
        suggestions: reg.suggest(name),
    };
    let region = if digits.len() == 2 {
        let bps = bps_province_of_kemendagri(&digits);
        reg.by_code(bps)
            .ok_or_else(|| unknown("no such province"))?
    } else {
        let prov = bps_province_of_kemendagri(&digits[..2.min(digits.len())]);
        match reg.resolve_in(name, Some(prov), RegLevel::KabKota) {
            Resolved::One(r) => r,
            // Papua Barat Daya's kab/kota were Papua Barat's until 2022.
            _ => match reg.resolve_in(name, None, RegLevel::KabKota) {
                Resolved::One(r) => r,
                _ => return Err(unknown("no kab/kota of that name")),
            },
        }
    };
    Ok(region)
}
