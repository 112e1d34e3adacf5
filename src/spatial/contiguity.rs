//! Weights from the bundled boundaries: queen and rook contiguity with a snap tolerance,
//! k-nearest neighbours and distance bands on centroids.
//!
//! Simplified borders do not share vertices exactly, so two regions are **queen** neighbours when
//! their outlines come within `tolerance` metres of each other (pysal's list for Jawa Barat used
//! polygons buffered by 50 m, i.e. a gap of up to 100 m; on the bundled boundaries every such pair
//! touches and the nearest other pair is 336 m apart). **Rook** neighbours also share a stretch of
//! border: the segments of one outline lying within `tolerance` of the other add up to more than
//! `2 × tolerance` (a corner contact does not). Distances use a local equirectangular projection
//! of each pair (error below 0.1% within a few degrees). Centroid distances are great-circle
//! (haversine, GRS80 mean radius), in kilometres.

use geo::{BoundingRect, Distance, Euclidean, Line, MultiPolygon, Point};

use super::Weights;
use crate::error::{Error, Result};
use crate::geo::Shape;

/// Queen or rook contiguity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contiguity {
    /// A shared point (within the tolerance).
    Queen,
    /// A shared stretch of border (longer than twice the tolerance).
    Rook,
}

/// The default snap tolerance in metres: pysal's 50 m buffer on each side.
pub const SNAP_TOLERANCE_M: f64 = 100.0;

const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Segments of every ring, in degrees.
fn segments(g: &MultiPolygon<f64>) -> Vec<Line<f64>> {
    g.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|ring| ring.lines())
        .collect()
}

/// Lines in metres around latitude `lat0` (degrees).
fn to_metres(lines: &[Line<f64>], lat0: f64) -> Vec<Line<f64>> {
    let ky = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
    let kx = ky * lat0.to_radians().cos();
    lines
        .iter()
        .map(|l| {
            let f = |c: geo::Coord<f64>| geo::Coord {
                x: c.x * kx,
                y: c.y * ky,
            };
            Line::new(f(l.start), f(l.end))
        })
        .collect()
}

/// Length of `a`'s segments lying within `tol` of `b` (both in metres), stopping at `enough`.
fn shared_length(a: &[Line<f64>], b: &[Line<f64>], tol: f64, enough: f64) -> f64 {
    let mut total = 0.0;
    for s in a {
        let near = |p: geo::Coord<f64>| {
            let p = Point::from(p);
            b.iter().any(|t| Euclidean.distance(&p, t) <= tol)
        };
        if near(s.start) && near(s.end) {
            total += Euclidean.distance(&Point::from(s.start), &Point::from(s.end));
            if total > enough {
                break;
            }
        }
    }
    total
}

impl Weights {
    /// Contiguity weights of `shapes` (row-standardised): queen or rook with a snap tolerance in
    /// metres (see the module). Regions without a neighbour are kept and reported by
    /// [`Weights::islands`].
    ///
    /// # Errors
    /// A negative or non-finite tolerance.
    pub fn contiguity(shapes: &[&Shape], rule: Contiguity, tolerance_m: f64) -> Result<Weights> {
        if !(tolerance_m.is_finite() && tolerance_m >= 0.0) {
            return Err(Error::InvalidArgument {
                what: "snap tolerance".into(),
                message: format!("{tolerance_m} m: a tolerance is a distance of 0 m or more"),
            });
        }
        let n = shapes.len();
        let segs: Vec<Vec<Line<f64>>> = shapes.iter().map(|s| segments(&s.geometry)).collect();
        // Degrees of latitude are the shorter side: a tolerance in degrees that cannot miss.
        let tol_deg = tolerance_m / (EARTH_RADIUS_M * std::f64::consts::PI / 180.0) / 0.5;
        let mut neighbors = vec![Vec::new(); n];
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (shapes[i].bounds, shapes[j].bounds);
                let apart = a.max().x + tol_deg < b.min().x
                    || b.max().x + tol_deg < a.min().x
                    || a.max().y + tol_deg < b.min().y
                    || b.max().y + tol_deg < a.min().y;
                if apart || !touch(&segs[i], &segs[j], (a, b), tolerance_m, rule) {
                    continue;
                }
                neighbors[i].push(j);
                neighbors[j].push(i);
            }
        }
        Ok(Weights::from_lists(codes(shapes), neighbors))
    }

    /// The `k` nearest regions of each region by centroid distance (ties by code), row-standardised.
    /// Not symmetric: `j` may be among `i`'s nearest without the converse.
    ///
    /// # Errors
    /// `k` of 0 or not below the number of regions.
    pub fn knn(shapes: &[&Shape], k: usize) -> Result<Weights> {
        let n = shapes.len();
        if k == 0 || k >= n {
            return Err(Error::InvalidArgument {
                what: "k nearest neighbours".into(),
                message: format!(
                    "k = {k}: k must be between 1 and the number of regions − 1 ({})",
                    n.saturating_sub(1)
                ),
            });
        }
        let d = distances(shapes);
        let neighbors = (0..n)
            .map(|i| {
                let mut order: Vec<usize> = (0..n).filter(|&j| j != i).collect();
                order.sort_by(|&a, &b| {
                    d[i][a]
                        .total_cmp(&d[i][b])
                        .then(shapes[a].code.cmp(&shapes[b].code))
                });
                order.truncate(k);
                order
            })
            .collect();
        Ok(Weights::from_lists(codes(shapes), neighbors))
    }

    /// Regions whose centroids are at most `km` kilometres apart, row-standardised; regions
    /// with none are islands (reported, never dropped).
    ///
    /// # Errors
    /// A band that is not a positive distance.
    pub fn distance_band(shapes: &[&Shape], km: f64) -> Result<Weights> {
        if !(km.is_finite() && km > 0.0) {
            return Err(Error::InvalidArgument {
                what: "distance band".into(),
                message: format!("{km} km: a band is a positive distance in kilometres"),
            });
        }
        let d = distances(shapes);
        let n = shapes.len();
        let neighbors = (0..n)
            .map(|i| (0..n).filter(|&j| j != i && d[i][j] <= km).collect())
            .collect();
        Ok(Weights::from_lists(codes(shapes), neighbors))
    }
}

fn codes(shapes: &[&Shape]) -> Vec<String> {
    shapes.iter().map(|s| s.code.clone()).collect()
}

/// Great-circle distances between centroids, in kilometres.
fn distances(shapes: &[&Shape]) -> Vec<Vec<f64>> {
    let c: Vec<Point<f64>> = shapes.iter().map(|s| s.centroid()).collect();
    c.iter()
        .map(|a| {
            c.iter()
                .map(|b| crate::geo::great_circle_km(*a, *b))
                .collect()
        })
        .collect()
}

fn touch(
    a: &[Line<f64>],
    b: &[Line<f64>],
    (ra, rb): (geo::Rect<f64>, geo::Rect<f64>),
    tol: f64,
    rule: Contiguity,
) -> bool {
    let lat0 = 0.25 * (ra.min().y + ra.max().y + rb.min().y + rb.max().y);
    // Only segments near the other shape's box can be near the other shape.
    let near_box = |segs: &[Line<f64>], r: geo::Rect<f64>| -> Vec<Line<f64>> {
        let pad = tol / (EARTH_RADIUS_M * std::f64::consts::PI / 180.0) / 0.5;
        segs.iter()
            .filter(|s| {
                let bb = s.bounding_rect();
                bb.max().x + pad >= r.min().x
                    && bb.min().x - pad <= r.max().x
                    && bb.max().y + pad >= r.min().y
                    && bb.min().y - pad <= r.max().y
            })
            .copied()
            .collect()
    };
    let (ma, mb) = (
        to_metres(&near_box(a, rb), lat0),
        to_metres(&near_box(b, ra), lat0),
    );
    match rule {
        Contiguity::Queen => ma
            .iter()
            .any(|s| mb.iter().any(|t| Euclidean.distance(s, t) <= tol)),
        Contiguity::Rook => {
            let enough = 2.0 * tol.max(1.0);
            shared_length(&ma, &mb, tol, enough) > enough
                || shared_length(&mb, &ma, tol, enough) > enough
        }
    }
}
