//! The Moran scatter plot: each region's standardised value against the average of its
//! neighbours', the four quadrants (high–high, low–high, low–low, high–low) coloured as the LISA
//! cluster map colours them, and the line whose slope is Moran's I.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{e, indicator_axis, range};
use super::{Chart, Draw, DrawResult, Lang, render};
use crate::error::Result;
use crate::spatial::{LocalMoran, Moran};

/// Colours of the quadrants 1 HH, 2 LH, 3 LL, 4 HL (as GeoDa), and "not significant".
pub const QUADRANT_COLORS: [(u8, u8, u8); 5] = [
    (215, 215, 215),
    (215, 48, 39),
    (145, 191, 219),
    (69, 117, 180),
    (252, 141, 89),
];

/// The quadrants' names in a language (index 0: not significant).
pub fn quadrant_names(lang: Lang) -> [&'static str; 5] {
    [
        lang.t("tidak signifikan", "not significant"),
        lang.t("tinggi–tinggi", "high–high"),
        lang.t("rendah–tinggi", "low–high"),
        lang.t("rendah–rendah", "low–low"),
        lang.t("tinggi–rendah", "high–low"),
    ]
}

struct Scatter {
    title: String,
    x_desc: String,
    y_desc: String,
    points: Vec<(f64, f64, u8)>,
    slope: f64,
    lang: Lang,
}

impl Draw for Scatter {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        root.fill(&WHITE).map_err(e)?;
        let (x0, x1) = range(self.points.iter().map(|p| p.0).chain([0.0]), 0.1);
        let (y0, y1) = range(self.points.iter().map(|p| p.1).chain([0.0]), 0.1);
        let mut c = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 20))
            .margin(14)
            .x_label_area_size(48)
            .y_label_area_size(60)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(e)?;
        c.configure_mesh()
            .x_desc(self.x_desc.as_str())
            .y_desc(self.y_desc.as_str())
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 15))
            .draw()
            .map_err(e)?;
        let grey = RGBColor(150, 150, 150);
        c.draw_series([
            PathElement::new(vec![(0.0, y0), (0.0, y1)], grey),
            PathElement::new(vec![(x0, 0.0), (x1, 0.0)], grey),
        ])
        .map_err(e)?;
        c.draw_series(std::iter::once(PathElement::new(
            vec![(x0, self.slope * x0), (x1, self.slope * x1)],
            RGBColor(40, 40, 40).stroke_width(2),
        )))
        .map_err(e)?;
        let names = quadrant_names(self.lang);
        for q in 1..=4u8 {
            let (r, g, b) = QUADRANT_COLORS[q as usize];
            let col = RGBColor(r, g, b);
            c.draw_series(
                self.points
                    .iter()
                    .filter(|p| p.2 == q)
                    .map(|p| Circle::new((p.0, p.1), 6, col.filled())),
            )
            .map_err(e)?
            .label(names[q as usize])
            .legend(move |(x, y)| Circle::new((x, y), 6, col.filled()));
        }
        c.configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(grey)
            .label_font(("sans-serif", 13))
            .position(SeriesLabelPosition::UpperLeft)
            .draw()
            .map_err(e)?;
        Ok(())
    }
}

/// The Moran scatter plot of `indicator` in `year` from its local Moran values and global
/// Moran's I (the title states I and its p-value under randomisation).
///
/// # Errors
/// Only if drawing fails.
pub fn moran_scatter(
    lisa: &[LocalMoran],
    moran: &Moran,
    indicator: &str,
    year: i32,
    lang: Lang,
) -> Result<Chart> {
    let points: Vec<(f64, f64, u8)> = lisa.iter().map(|l| (l.z, l.lag, l.quadrant)).collect();
    let zz: f64 = points.iter().map(|p| p.0 * p.0).sum();
    let slope = points.iter().map(|p| p.0 * p.1).sum::<f64>() / zz.max(f64::MIN_POSITIVE);
    let axis = indicator_axis(indicator, lang);
    let title = format!(
        "{} {year}: Moran's I = {:.3} (p = {:.4})",
        lang.t("Autokorelasi spasial", "Spatial autocorrelation"),
        moran.i,
        moran.p_rand
    );
    let s = Scatter {
        title: title.clone(),
        x_desc: format!("{axis}, {}", lang.t("dibakukan (z)", "standardised (z)")),
        y_desc: lang
            .t(
                "Rata-rata tetangga (lag spasial z)",
                "Neighbours' average (spatial lag of z)",
            )
            .to_string(),
        points,
        slope,
        lang,
    };
    render(&title, (900, 700), &s)
}
