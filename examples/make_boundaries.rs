//! The data build step behind `data/geo/*.geojson` (like `data/registry.py` for the registry):
//! reads the converted source boundaries in `data/geo/source/` (MIT, Cahya DSN), maps each
//! feature to its BPS region through the registry (an unmapped feature stops the build), simplifies
//! each outline with `geo`'s Ramer–Douglas–Peucker at a tolerance per level, drops islets smaller
//! than the tolerance squared (never a region's largest part), rounds coordinates to 4 decimals (~11 m) and writes compact
//! GeoJSON with properties `code` (BPS) and `name`.
//!
//! `cargo run --release --example make_boundaries`

use geo::{Area, MultiPolygon, Polygon, Simplify};
use indikator::map::boundaries::bps_region_of;

/// (source, output, tolerance in degrees: ~110 m, ~550 m, ~1.1 km at the equator).
const LEVELS: [(&str, &str, f64); 3] = [
    (
        "jabar_kabkota_cahyadsn.geojson",
        "jabar_kabkota.geojson",
        0.001,
    ),
    (
        "indonesia_kabkota_cahyadsn.geojson",
        "indonesia_kabkota.geojson",
        0.005,
    ),
    (
        "indonesia_provinces_cahyadsn.geojson",
        "indonesia_provinces.geojson",
        0.01,
    ),
];

fn round(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let r = |v: f64| (v * 1e4).round() / 1e4;
    MultiPolygon::new(
        mp.0.iter()
            .map(|p| {
                let ring = |l: &geo::LineString<f64>| {
                    let mut c: Vec<geo::Coord<f64>> =
                        l.0.iter()
                            .map(|c| geo::coord! { x: r(c.x), y: r(c.y) })
                            .collect();
                    c.dedup();
                    geo::LineString::new(c)
                };
                Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect())
            })
            .collect(),
    )
}

/// Simplify, and drop parts that collapse or are smaller than `tol`² (islets below a pixel at
/// the map's scale), but never a region's largest part (Kepulauan Seribu is islets).
fn simplify(mp: &MultiPolygon<f64>, tol: f64) -> MultiPolygon<f64> {
    let keep = |p: &Polygon<f64>| p.exterior().0.len() >= 4 && p.unsigned_area() >= tol * tol;
    let parts: Vec<Polygon<f64>> = round(&mp.simplify(tol))
        .0
        .into_iter()
        .filter(keep)
        .collect();
    if !parts.is_empty() {
        return MultiPolygon::new(parts);
    }
    let largest =
        mp.0.iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
            .cloned()
            .into_iter()
            .collect();
    round(&MultiPolygon::new(largest))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/geo");
    for (src, out, tol) in LEVELS {
        let text = std::fs::read_to_string(dir.join("source").join(src))?;
        let fc: geojson::FeatureCollection = serde_json::from_str(&text)?;
        let mut features = Vec::new();
        let (mut before, mut after) = (0usize, 0usize);
        let mut parts = (0usize, 0usize);
        let mut seen = std::collections::HashSet::new();
        for f in &fc.features {
            let prop = |k: &str| f.property(k).and_then(|v| v.as_str()).unwrap_or("");
            let region = bps_region_of(prop("kode"), prop("nama"))?;
            if !seen.insert(region.code.clone()) {
                return Err(format!("{src}: {} mapped twice", region.code).into());
            }
            let g = f.geometry.as_ref().ok_or("feature without geometry")?;
            let mp = match geo::Geometry::<f64>::try_from(&g.value)? {
                geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
                geo::Geometry::MultiPolygon(m) => m,
                other => return Err(format!("{src}: {other:?} is not a polygon").into()),
            };
            let s = simplify(&mp, tol);
            before += mp.0.iter().map(|p| p.exterior().0.len()).sum::<usize>();
            after += s.0.iter().map(|p| p.exterior().0.len()).sum::<usize>();
            parts.0 += mp.0.len();
            parts.1 += s.0.len();
            let mut props = serde_json::Map::new();
            props.insert("code".into(), region.code.clone().into());
            props.insert("name".into(), region.name.clone().into());
            features.push(geojson::Feature {
                geometry: Some(geojson::Geometry::new(geojson::GeometryValue::from(&s))),
                properties: Some(props),
                ..Default::default()
            });
        }
        features.sort_by(|a, b| {
            let c = |f: &geojson::Feature| {
                f.property("code")
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            c(a).cmp(&c(b))
        });
        let n = features.len();
        let fc = geojson::FeatureCollection {
            features,
            bbox: None,
            foreign_members: None,
        };
        let bytes = serde_json::to_vec(&fc)?;
        std::fs::write(dir.join(out), &bytes)?;
        println!(
            "{out}: {n} regions, {} → {} parts, {before} → {after} outer-ring vertices, {} KB",
            parts.0,
            parts.1,
            bytes.len() / 1024
        );
    }
    Ok(())
}
