//! Where a region stands: the ranking chart (kab/kota sorted by an indicator, the region
//! highlighted, the averages marked) and the P0–TPT quadrant chart of BPS's poverty profiles
//! (the averages as dividing lines, the region marked). Both take their numbers from
//! [`crate::standing`].

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::frame::{PALETTE, e, indicator_axis, label_area, legend, range, row_name, titled};
use super::{Chart, Draw, DrawResult, Lang, render};
use crate::error::{Error, Result};
use crate::standing::Standing;

const GREY: RGBColor = RGBColor(170, 170, 170);
const NATION: RGBColor = RGBColor(120, 120, 120);

/// A kab/kota's short label, as BPS tables print it ([`crate::registry::bps_short_name`]).
fn short(name: &str) -> String {
    crate::registry::bps_short_name(name).to_string()
}

struct Ranking {
    title: String,
    axis: String,
    rows: Vec<(String, f64, bool)>,
    marks: Vec<(String, f64, RGBColor)>,
}

impl Draw for Ranking {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        root.fill(&WHITE).map_err(e)?;
        let (w, _) = root.dim_in_pixel();
        let (main, side) = root.split_horizontally(w as i32 - 250);
        let n = self.rows.len();
        let (_, hi) = range(
            self.rows
                .iter()
                .map(|r| r.1)
                .chain(self.marks.iter().map(|m| m.1))
                .chain([0.0]),
            0.05,
        );
        let lo = self
            .rows
            .iter()
            .map(|r| r.1)
            .fold(0.0_f64, f64::min)
            .min(0.0);
        let mut c = ChartBuilder::on(&main)
            .caption(&self.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(label_area(self.rows.iter().map(|r| r.0.as_str()), 120))
            .build_cartesian_2d(lo..hi, -0.5..(n as f64 - 0.5))
            .map_err(e)?;
        let names: Vec<String> = self.rows.iter().map(|r| r.0.clone()).collect();
        c.configure_mesh()
            .x_desc(self.axis.as_str())
            .y_labels(n)
            .y_label_formatter(&|y| row_name(&names, *y))
            .label_style(("sans-serif", 12))
            .axis_desc_style(("sans-serif", 14))
            .disable_y_mesh()
            .draw()
            .map_err(e)?;
        for (i, (_, v, mine)) in self.rows.iter().enumerate() {
            let y = i as f64;
            let col = if *mine {
                PALETTE[1].to_rgba()
            } else {
                PALETTE[0].mix(0.55)
            };
            c.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y - 0.38), (*v, y + 0.38)],
                col.filled(),
            )))
            .map_err(e)?;
        }
        for (_, x, col) in &self.marks {
            c.draw_series(std::iter::once(PathElement::new(
                vec![(*x, -0.5), (*x, n as f64 - 0.5)],
                col.stroke_width(2),
            )))
            .map_err(e)?;
        }
        let mut items: Vec<(String, RGBColor, Option<f64>)> = self
            .marks
            .iter()
            .map(|(l, _, col)| (l.clone(), *col, None))
            .collect();
        if let Some(r) = self.rows.iter().find(|r| r.2) {
            items.insert(0, (r.0.clone(), PALETTE[1], Some(1.0)));
        }
        legend(&side, &items)
    }
}

/// The ranking chart of the region's province for `indicator` (`poverty_rate` or
/// `unemployment_rate`) in the standing's quadrant year: every kab/kota's bar, highest first,
/// the region in red, the province's and the nation's (unweighted) averages as lines.
pub fn rank_chart(s: &Standing, indicator: &str, lang: Lang) -> Result<Chart> {
    let p0 = indicator == crate::indicator::POVERTY_RATE;
    if !p0 && indicator != crate::indicator::UNEMPLOYMENT_RATE {
        return Err(Error::InvalidArgument {
            what: "indicator".into(),
            message: format!("{indicator:?}: the ranking draws poverty_rate or unemployment_rate"),
        });
    }
    let axis = indicator_axis(indicator, lang);
    let pick = |x: (f64, f64)| if p0 { x.1 } else { x.0 };
    let mut rows: Vec<(String, f64, bool)> = s
        .quadrant
        .iter()
        .map(|q| {
            (
                short(&q.region),
                if p0 { q.p0 } else { q.tpt },
                q.region_code == s.region_code,
            )
        })
        .collect();
    // Highest at the top: plotters counts rows from the bottom.
    rows.sort_by(|a, b| a.1.total_cmp(&b.1));
    let name = if p0 { "P0" } else { "TPT" };
    let title = match lang {
        Lang::Id => format!("{name} kabupaten/kota {}, {}", s.province, s.quadrant_year),
        Lang::En => format!(
            "{name} of the kab/kota of {}, {}",
            s.province, s.quadrant_year
        ),
    };
    let marks = vec![
        (
            lang.t("rata-rata provinsi", "province average").to_string(),
            pick(s.province_means),
            PALETTE[2],
        ),
        (
            lang.t("rata-rata nasional", "national average").to_string(),
            pick(s.nation_means),
            NATION,
        ),
    ];
    let height = 110 + 22 * rows.len() as u32;
    render(
        &title,
        (1000, height.max(320)),
        &Ranking {
            title: title.clone(),
            axis,
            rows,
            marks,
        },
    )
}

struct QuadrantPlot {
    title: String,
    s: Standing,
    lang: Lang,
}

impl Draw for QuadrantPlot {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        root.fill(&WHITE).map_err(e)?;
        let (w, _) = root.dim_in_pixel();
        let (main, side) = root.split_horizontally(w as i32 - 260);
        let s = &self.s;
        let xs = s
            .quadrant
            .iter()
            .map(|q| q.tpt)
            .chain([s.province_means.0, s.nation_means.0]);
        let ys = s
            .quadrant
            .iter()
            .map(|q| q.p0)
            .chain([s.province_means.1, s.nation_means.1]);
        let (x0, x1) = range(xs, 0.08);
        let (y0, y1) = range(ys, 0.08);
        let mut c = titled(&main, &self.title)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(e)?;
        c.configure_mesh()
            .x_desc(self.lang.t("TPT (%)", "TPT, unemployment (%)"))
            .y_desc(self.lang.t("P0 (%)", "P0, poverty (%)"))
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 15))
            .light_line_style(WHITE)
            .draw()
            .map_err(e)?;
        let (dx, dy) = self.dividers(&mut c, (x0, x1), (y0, y1))?;
        for q in &s.quadrant {
            let mine = q.region_code == s.region_code;
            let col = if mine { PALETTE[1] } else { PALETTE[0] };
            let r = if mine { 7 } else { 4 };
            c.draw_series(std::iter::once(Circle::new((q.tpt, q.p0), r, col.filled())))
                .map_err(e)?;
            if mine {
                c.draw_series(std::iter::once(Text::new(
                    short(&q.region),
                    (q.tpt + dx, q.p0 + dy),
                    ("sans-serif", 14).into_font().color(&PALETTE[1]),
                )))
                .map_err(e)?;
            }
        }
        legend(
            &side,
            &[
                (short(&s.region), PALETTE[1], Some(1.0)),
                (
                    self.lang
                        .t("kabupaten/kota lain", "other kab/kota")
                        .to_string(),
                    PALETTE[0],
                    Some(1.0),
                ),
                (
                    self.lang
                        .t("rata-rata provinsi", "province average")
                        .to_string(),
                    PALETTE[2],
                    None,
                ),
                (
                    self.lang
                        .t(
                            "rata-rata nasional (putus-putus)",
                            "national average (dashed)",
                        )
                        .to_string(),
                    NATION,
                    None,
                ),
            ],
        )
    }
}

impl QuadrantPlot {
    /// The dividing lines (the province's averages solid, the nation's dashed) and the quadrants'
    /// names; returns a small step in data units for placing labels.
    fn dividers<DB: DrawingBackend>(
        &self,
        c: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
        (x0, x1): (f64, f64),
        (y0, y1): (f64, f64),
    ) -> std::result::Result<(f64, f64), String> {
        let s = &self.s;
        // Dividing lines: the province's averages solid, the nation's dashed.
        let (px, py) = s.province_means;
        let (nx, ny) = s.nation_means;
        for (pts, col) in [
            (vec![(px, y0), (px, y1)], PALETTE[2]),
            (vec![(x0, py), (x1, py)], PALETTE[2]),
        ] {
            c.draw_series(std::iter::once(PathElement::new(pts, col.stroke_width(2))))
                .map_err(e)?;
        }
        for (a, b) in [((nx, y0), (nx, y1)), ((x0, ny), (x1, ny))] {
            c.draw_series(DashedLineSeries::new([a, b], 6, 4, NATION.stroke_width(1)))
                .map_err(e)?;
        }
        // Quadrant names in the corners (high P0 and high TPT top right).
        let corner = |x: f64, y: f64, id: &str, en: &str| {
            Text::new(
                self.lang.t(id, en).to_string(),
                (x, y),
                ("sans-serif", 12).into_font().color(&GREY),
            )
        };
        let dx = (x1 - x0) * 0.01;
        let dy = (y1 - y0) * 0.03;
        for t in [
            corner(
                px + dx,
                y1 - dy,
                "P0 tinggi, TPT tinggi",
                "high P0, high TPT",
            ),
            corner(
                x0 + dx,
                y1 - dy,
                "P0 tinggi, TPT rendah",
                "high P0, low TPT",
            ),
            corner(
                px + dx,
                y0 + 2.0 * dy,
                "P0 rendah, TPT tinggi",
                "low P0, high TPT",
            ),
            corner(
                x0 + dx,
                y0 + 2.0 * dy,
                "P0 rendah, TPT rendah",
                "low P0, low TPT",
            ),
        ] {
            c.draw_series(std::iter::once(t)).map_err(e)?;
        }
        Ok((dx, dy))
    }
}

/// The P0–TPT quadrant chart of the region's province in the standing's quadrant year: each
/// kab/kota a point, the province's averages as the dividing lines (the nation's dashed), the
/// region marked and named.
pub fn quadrant(s: &Standing, lang: Lang) -> Result<Chart> {
    let title = match lang {
        Lang::Id => format!("Kuadran P0–TPT, {} {}", s.province, s.quadrant_year),
        Lang::En => format!("P0–TPT quadrant, {} {}", s.province, s.quadrant_year),
    };
    render(
        &title,
        (1000, 620),
        &QuadrantPlot {
            title: title.clone(),
            s: s.clone(),
            lang,
        },
    )
}
