//! Choropleth maps with plotters (SVG and PNG): each region filled by its class, gaps drawn as
//! "no data" (hatched grey, never the lowest class), a legend that states the classes and the
//! year, labels placed largest region first and never over one another, the selected region
//! outlined, and regions too small to label (Kota Sukabumi inside Kabupaten Sukabumi, Kota
//! Cirebon, Kota Banjar) numbered on the map and named with their value beside it.
//!
//! The projection is equirectangular, longitude scaled by the cosine of the map's middle
//! latitude (true shapes at Indonesia's latitudes, within 1% across Java). In the SVG every
//! region is one `<g class="region" data-code=".." data-class="..">` holding a `<title>` (name
//! and value) and its polygons, so a reader hovering a region sees it and a test can read it.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::boundaries::Shape;
use super::classes::{Classes, bounds, class_of};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::plot::{Chart, Draw, DrawResult, render};

/// Sequential palette (ColorBrewer YlOrRd, 9 classes; fewer classes take evenly spaced steps).
const SEQ: [RGBColor; 9] = [
    RGBColor(255, 255, 204),
    RGBColor(255, 237, 160),
    RGBColor(254, 217, 118),
    RGBColor(254, 178, 76),
    RGBColor(253, 141, 60),
    RGBColor(252, 78, 42),
    RGBColor(227, 26, 28),
    RGBColor(189, 0, 38),
    RGBColor(128, 0, 38),
];
const NO_DATA: RGBColor = RGBColor(215, 215, 215);
const EDGE: RGBColor = RGBColor(255, 255, 255);

/// What to draw.
#[derive(Debug, Clone)]
pub struct MapSpec<'a> {
    /// The regions' shapes (one level, already cut to the area shown).
    pub shapes: Vec<&'a Shape>,
    /// Value by BPS code; a code missing or `None` is "no data".
    pub values: std::collections::HashMap<String, Option<f64>>,
    /// How to class the values.
    pub classes: Classes,
    /// Title above the map.
    pub title: String,
    /// Legend heading: what and when (`P0 (%), 2024`).
    pub legend_title: String,
    /// The region to outline, if any (BPS code).
    pub selected: Option<String>,
    /// Whether to write region names on the map (off for 514 kab/kota).
    pub labels: bool,
    /// Decimals of the values in the legend and titles.
    pub decimals: usize,
    /// Language of the legend's words.
    pub lang: Lang,
}

/// A rendered map and how each region was classed (`(code, class)`, `None` for no data).
#[derive(Debug, Clone)]
pub struct MapChart {
    /// The chart (SVG with one titled group per region, PNG).
    pub chart: Chart,
    /// Class bounds, lowest first.
    pub bounds: Vec<f64>,
    /// Each region's class.
    pub classes: Vec<(String, Option<usize>)>,
}

fn palette(k: usize) -> Vec<RGBColor> {
    if k <= 1 {
        return vec![SEQ[4]];
    }
    (0..k)
        .map(|i| SEQ[(i * 8 + (k - 1) / 2) / (k - 1)])
        .collect()
}

/// The drawn map's width in pixels (the legend beside it takes 300 more).
const MAP_WIDTH_PX: f64 = 820.0;

struct Prepared<'a> {
    spec: &'a MapSpec<'a>,
    bounds: Vec<f64>,
    colors: Vec<RGBColor>,
    /// Shapes in drawing order (largest first, enclaves on top), with their class.
    order: Vec<(&'a Shape, Option<usize>)>,
    /// Longitude scale.
    kx: f64,
    extent: (f64, f64, f64, f64),
    /// Half a pixel in map units: outlines are simplified to it (Ramer–Douglas–Peucker), so a
    /// national map draws what a screen can show (1.46 MB of SVG for all 514 kab/kota before).
    tolerance: f64,
    /// The drawn outlines of each shape of `order` (its parts a screen can show, simplified):
    /// made once, drawn as fills, edges and the selection, counted by the SVG groups.
    rings: Vec<Vec<Vec<(f64, f64)>>>,
}

impl Prepared<'_> {
    /// A ring in drawing units (longitude scaled), simplified to half a pixel.
    fn ring(&self, l: &geo::LineString<f64>) -> Vec<(f64, f64)> {
        use geo::Simplify;
        let scaled: geo::LineString<f64> = l.0.iter().map(|p| (p.x * self.kx, p.y)).collect();
        // A ring smaller than the tolerance becomes a few points: still one polygon per part.
        scaled
            .simplify(self.tolerance)
            .0
            .iter()
            .map(|p| (p.x, p.y))
            .collect()
    }

    /// The parts of a shape a screen can show: those at least a pixel across, or the largest
    /// part when all are smaller (a small kota at national scale is still a dot). Islands below a
    /// pixel were half the polygons of the national map.
    fn parts<'s>(&self, s: &'s Shape) -> Vec<&'s geo::Polygon<f64>> {
        use geo::{Area, BoundingRect};
        let pixel = 2.0 * self.tolerance;
        let shown: Vec<_> = s
            .geometry
            .0
            .iter()
            .filter(|part| {
                part.bounding_rect()
                    .is_some_and(|r| (r.width() * self.kx).max(r.height()) >= pixel)
            })
            .collect();
        if !shown.is_empty() {
            return shown;
        }
        s.geometry
            .0
            .iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
            .into_iter()
            .collect()
    }

    fn value(&self, code: &str) -> Option<f64> {
        self.spec.values.get(code).copied().flatten()
    }
    fn fmt(&self, v: f64) -> String {
        match &self.spec.classes {
            Classes::Categories(c) => c
                .get(v.max(0.0) as usize)
                .map_or_else(String::new, |c| c.label.clone()),
            _ => format!("{v:.*}", self.spec.decimals),
        }
    }
}

/// Draw a choropleth.
///
/// # Errors
/// No shapes, no region with a value, breaks that do not cover the values.
pub fn choropleth(spec: &MapSpec) -> Result<MapChart> {
    if spec.shapes.is_empty() {
        return Err(Error::InvalidArgument {
            what: "map".into(),
            message: "no regions to draw".into(),
        });
    }
    let vals: Vec<f64> = spec
        .shapes
        .iter()
        .filter_map(|s| spec.values.get(&s.code).copied().flatten())
        .collect();
    let b = bounds(&spec.classes, &vals)?;
    let colors = match &spec.classes {
        Classes::Categories(c) => c
            .iter()
            .map(|c| RGBColor(c.color.0, c.color.1, c.color.2))
            .collect(),
        _ => palette(b.len() - 1),
    };
    let mut order: Vec<(&Shape, Option<usize>)> = spec
        .shapes
        .iter()
        .map(|s| {
            let v = spec.values.get(&s.code).copied().flatten();
            (*s, v.map(|x| class_of(x, &b)))
        })
        .collect();
    order.sort_by(|a, b| b.0.area.total_cmp(&a.0.area));
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for s in &spec.shapes {
        x0 = x0.min(s.bounds.min().x);
        x1 = x1.max(s.bounds.max().x);
        y0 = y0.min(s.bounds.min().y);
        y1 = y1.max(s.bounds.max().y);
    }
    let kx = ((y0 + y1) / 2.0).to_radians().cos();
    let p = Prepared {
        spec,
        bounds: b.clone(),
        colors,
        order,
        kx,
        extent: (x0 * kx, x1 * kx, y0, y1),
        tolerance: 0.5 * (x1 - x0).max(0.0) * kx * 1.04 / MAP_WIDTH_PX,
        rings: vec![],
    };
    let rings = p
        .order
        .iter()
        .map(|(s, _)| {
            p.parts(s)
                .iter()
                .map(|part| p.ring(part.exterior()))
                .collect()
        })
        .collect();
    let p = Prepared { rings, ..p };
    let map_w = MAP_WIDTH_PX;
    let ratio = (y1 - y0) / ((x1 - x0) * kx).max(1e-9);
    let map_h = (map_w * ratio).clamp(320.0, 900.0);
    let size = (map_w as u32 + 300, map_h as u32 + 60);
    let mut chart = render(&spec.title, size, &p)?;
    chart.svg = titled_groups(&compact_svg(&chart.svg), &p);
    Ok(MapChart {
        chart,
        bounds: b,
        classes: p.order.iter().map(|(s, c)| (s.code.clone(), *c)).collect(),
    })
}

/// The SVG with each `points` list's consecutive repeats dropped (outlines drawn in whole pixels
/// repeat a point wherever the outline turns within one pixel) and the default `opacity="1"` left
/// out.
fn compact_svg(svg: &str) -> String {
    let svg = svg.replace(" opacity=\"1\"", "");
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg.as_str();
    while let Some(i) = rest.find("points=\"") {
        let (head, tail) = rest.split_at(i + "points=\"".len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        let mut last = "";
        for p in tail[..end].split_whitespace() {
            if p != last {
                out.push_str(p);
                out.push(' ');
                last = p;
            }
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Wrap each region's polygons (drawn first, in `order`) in a titled group.
fn titled_groups(svg: &str, p: &Prepared) -> String {
    let mut parts = svg.split("<polygon");
    let mut out = String::with_capacity(svg.len() + 64 * p.order.len());
    out.push_str(parts.next().unwrap_or_default());
    let mut pieces: Vec<&str> = parts.collect();
    pieces.reverse();
    for ((s, class), rings) in p.order.iter().zip(&p.rings) {
        let title = match p.value(&s.code) {
            Some(v) => format!("{}: {}", s.name, p.fmt(v)),
            None => format!("{}: {}", s.name, p.spec.lang.t("tidak ada data", "no data")),
        };
        let class_attr = class.map_or_else(|| "none".to_string(), |c| c.to_string());
        out.push_str(&format!(
            "<g class=\"region\" data-code=\"{}\" data-class=\"{class_attr}\"><title>{}</title>",
            s.code,
            xml_escape(&title)
        ));
        for _ in rings {
            if let Some(piece) = pieces.pop() {
                out.push_str("<polygon");
                out.push_str(piece);
            }
        }
        out.push_str("</g>");
    }
    while let Some(piece) = pieces.pop() {
        out.push_str("<polygon");
        out.push_str(piece);
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn centre() -> plotters::style::text_anchor::Pos {
    plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Center,
    )
}

/// A region's short label, as BPS tables print it ([`crate::registry::bps_short_name`]).
fn short(name: &str) -> String {
    crate::registry::bps_short_name(name).to_string()
}

type Map2d<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

impl Draw for Prepared<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
        root.fill(&WHITE).map_err(e)?;
        let (w, _) = root.dim_in_pixel();
        let (main, side) = root.split_horizontally(w as i32 - 300);
        let (x0, x1, y0, y1) = self.extent;
        let pad = 0.02 * (x1 - x0).max(y1 - y0);
        let mut c = ChartBuilder::on(&main)
            .caption(&self.spec.title, ("sans-serif", 20))
            .margin(10)
            .build_cartesian_2d((x0 - pad)..(x1 + pad), (y0 - pad)..(y1 + pad))
            .map_err(e)?;
        let shapes = || self.order.iter().zip(&self.rings);
        // Fills first (one polygon per part, in `order`: the SVG groups rely on it).
        for ((_, class), rings) in shapes() {
            let fill = class.map_or(NO_DATA, |k| self.colors[k]);
            for r in rings {
                c.draw_series(std::iter::once(Polygon::new(r.clone(), fill.filled())))
                    .map_err(e)?;
            }
        }
        for ((s, class), rings) in shapes() {
            let style = if class.is_none() {
                RGBColor(150, 150, 150).stroke_width(1)
            } else {
                EDGE.stroke_width(1)
            };
            for r in rings {
                c.draw_series(std::iter::once(PathElement::new(r.clone(), style)))
                    .map_err(e)?;
            }
            if class.is_none() {
                self.hatch(&mut c, s).map_err(e)?;
            }
        }
        if let Some(sel) = self.spec.selected.as_deref()
            && let Some((_, rings)) = shapes().find(|((s, _), _)| s.code == sel)
        {
            for r in rings {
                c.draw_series(std::iter::once(PathElement::new(
                    r.clone(),
                    BLACK.stroke_width(3),
                )))
                .map_err(e)?;
            }
        }
        let callouts = self.labels(&mut c).map_err(e)?;
        self.legend(&side, &callouts).map_err(e)
    }
}

impl Prepared<'_> {
    /// Diagonal hatching over a no-data region, clipped to its bounding box.
    fn hatch<DB: DrawingBackend>(
        &self,
        c: &mut Map2d<'_, DB>,
        s: &Shape,
    ) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let (a, b) = (s.bounds.min(), s.bounds.max());
        let (ax, bx) = (a.x * self.kx, b.x * self.kx);
        let step = ((bx - ax).max(b.y - a.y) / 8.0).max(1e-6);
        let mut t = ax - (b.y - a.y);
        while t < bx {
            let (mut p, mut q) = ((t, a.y), (t + (b.y - a.y), b.y));
            if p.0 < ax {
                p = (ax, a.y + (ax - t));
            }
            if q.0 > bx {
                q = (bx, b.y - (q.0 - bx));
            }
            c.draw_series(std::iter::once(PathElement::new(
                vec![p, q],
                RGBColor(170, 170, 170).stroke_width(1),
            )))?;
            t += step;
        }
        Ok(())
    }

    /// Region names, largest region first, skipping any that would overlap one already placed;
    /// regions too small (or crowded out) are numbered instead. Returns the numbered ones.
    fn labels<DB: DrawingBackend>(
        &self,
        c: &mut Map2d<'_, DB>,
    ) -> std::result::Result<Vec<(usize, String)>, DrawingAreaErrorKind<DB::ErrorType>> {
        let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
        let mut callouts = Vec::new();
        let selected = self.spec.selected.as_deref();
        for (s, _) in &self.order {
            let mine = Some(s.code.as_str()) == selected;
            if !self.spec.labels && !mine {
                continue;
            }
            let at = (s.label_at.x() * self.kx, s.label_at.y());
            let px = c.backend_coord(&at);
            let (lo, hi) = (
                c.backend_coord(&(s.bounds.min().x * self.kx, s.bounds.min().y)),
                c.backend_coord(&(s.bounds.max().x * self.kx, s.bounds.max().y)),
            );
            let text = short(&s.name);
            let tw = 7 * text.chars().count() as i32;
            let bx = (px.0 - tw / 2, px.1 - 7, px.0 + tw / 2, px.1 + 7);
            let small = (hi.0 - lo.0) < tw.min(60) && (lo.1 - hi.1) < 16;
            let clash = placed
                .iter()
                .any(|p| bx.0 < p.2 && p.0 < bx.2 && bx.1 < p.3 && p.1 < bx.3);
            if small || clash {
                let n = callouts.len() + 1;
                callouts.push((n, s.code.clone()));
                let r = 8;
                placed.push((px.0 - r, px.1 - r, px.0 + r, px.1 + r));
                let style = ("sans-serif", 11).into_font().color(&BLACK).pos(centre());
                c.draw_series(std::iter::once(
                    EmptyElement::at(at)
                        + Circle::new((0, 0), r as u32, WHITE.filled())
                        + Circle::new((0, 0), r as u32, BLACK.stroke_width(1))
                        + Text::new(n.to_string(), (0, 0), style),
                ))?;
                continue;
            }
            placed.push(bx);
            let style = ("sans-serif", 12).into_font().color(&BLACK).pos(centre());
            c.draw_series(std::iter::once(
                EmptyElement::at(at) + Text::new(text, (0, 0), style),
            ))?;
        }
        Ok(callouts)
    }

    /// The legend: heading, one swatch per class with its bounds, "no data", then the numbered
    /// regions with their values.
    fn legend<DB: DrawingBackend>(
        &self,
        side: &DrawingArea<DB, Shift>,
        callouts: &[(usize, String)],
    ) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let font = ("sans-serif", 14);
        side.draw(&Text::new(
            self.spec.legend_title.clone(),
            (8, 40),
            ("sans-serif", 15).into_font().style(FontStyle::Bold),
        ))?;
        let mut y = 66;
        let k = self.bounds.len() - 1;
        for i in (0..k).rev() {
            side.draw(&Rectangle::new(
                [(8, y - 8), (34, y + 8)],
                self.colors[i].filled(),
            ))?;
            side.draw(&Rectangle::new(
                [(8, y - 8), (34, y + 8)],
                RGBColor(120, 120, 120),
            ))?;
            let text = match &self.spec.classes {
                Classes::Categories(_) => self.fmt(self.bounds[i]),
                _ => format!(
                    "{} – {}",
                    self.fmt(self.bounds[i]),
                    self.fmt(self.bounds[i + 1])
                ),
            };
            side.draw(&Text::new(text, (42, y - 8), font))?;
            y += 24;
        }
        side.draw(&Rectangle::new([(8, y - 8), (34, y + 8)], NO_DATA.filled()))?;
        side.draw(&Rectangle::new(
            [(8, y - 8), (34, y + 8)],
            RGBColor(150, 150, 150),
        ))?;
        side.draw(&PathElement::new(
            vec![(8, y + 8), (34, y - 8)],
            RGBColor(170, 170, 170),
        ))?;
        side.draw(&Text::new(
            self.spec.lang.t("tidak ada data", "no data").to_string(),
            (42, y - 8),
            font,
        ))?;
        y += 22;
        if !matches!(self.spec.classes, Classes::Categories(_)) {
            side.draw(&Text::new(
                self.spec
                    .lang
                    .t(
                        "(batas bawah masuk kelasnya)",
                        "(a class includes its lower bound)",
                    )
                    .to_string(),
                (8, y - 8),
                ("sans-serif", 12)
                    .into_font()
                    .color(&RGBColor(110, 110, 110)),
            ))?;
        }
        y += 30;
        for (n, code) in callouts {
            let Some((s, class)) = self.order.iter().find(|(s, _)| &s.code == code) else {
                continue;
            };
            let fill = class.map_or(NO_DATA, |k| self.colors[k]);
            side.draw(&Rectangle::new([(8, y - 8), (34, y + 8)], fill.filled()))?;
            side.draw(&Text::new(n.to_string(), (16, y - 7), font))?;
            let v = self.value(code).map_or_else(
                || self.spec.lang.t("tidak ada data", "no data").to_string(),
                |v| self.fmt(v),
            );
            side.draw(&Text::new(
                format!("{}: {v}", short(&s.name)),
                (42, y - 8),
                font,
            ))?;
            y += 22;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_points_lose_repeats_and_default_opacity() {
        let svg = r##"<polygon opacity="1" fill="#FFF" points="759,305 759,305 759,306 758,305 758,305 759,305 "/><text>a</text>"##;
        assert_eq!(
            compact_svg(svg),
            r##"<polygon fill="#FFF" points="759,305 759,306 758,305 759,305 "/><text>a</text>"##
        );
    }
}
