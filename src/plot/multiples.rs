//! Small multiples: one panel per kab/kota.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{PALETTE, e, range};
use super::{Chart, Draw, DrawResult, Lang, render};
use crate::error::Result;

/// One region's history for small multiples: name and (year, value) points.
pub type RegionSeries = (String, Vec<(i32, f64)>);

struct Multiples {
    title: String,
    series: Vec<(String, Vec<(i32, f64)>)>,
    highlight: String,
    y_desc: String,
    lang: Lang,
}

impl Draw for Multiples {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        root.fill(&WHITE).map_err(e)?;
        let root = root.titled(&self.title, ("sans-serif", 20)).map_err(e)?;
        let (x0, x1) = range(
            self.series
                .iter()
                .flat_map(|s| s.1.iter().map(|p| p.0 as f64)),
            0.02,
        );
        let (y0, y1) = range(
            self.series.iter().flat_map(|s| s.1.iter().map(|p| p.1)),
            0.05,
        );
        let cols = 6;
        let rows = self.series.len().div_ceil(cols);
        let cells = root.split_evenly((rows, cols));
        for (cell, (name, pts)) in cells.iter().zip(&self.series) {
            let hl = *name == self.highlight;
            let short = name.replace("Kabupaten ", "Kab. ");
            let mut c = ChartBuilder::on(cell)
                .caption(short, ("sans-serif", if hl { 13 } else { 12 }))
                .margin(4)
                .x_label_area_size(18)
                .y_label_area_size(28)
                .build_cartesian_2d(x0..x1, y0..y1)
                .map_err(e)?;
            c.configure_mesh()
                .x_labels(3)
                .y_labels(4)
                .x_label_formatter(&|x| format!("{:.0}", x))
                .label_style(("sans-serif", 9))
                .disable_mesh()
                .draw()
                .map_err(e)?;
            // Every region in grey, the chosen one in colour.
            for (_, other) in &self.series {
                c.draw_series(LineSeries::new(
                    other.iter().map(|p| (p.0 as f64, p.1)),
                    RGBColor(225, 225, 225),
                ))
                .map_err(e)?;
            }
            let color = if hl { PALETTE[1] } else { PALETTE[0] };
            c.draw_series(LineSeries::new(
                pts.iter().map(|p| (p.0 as f64, p.1)),
                color.stroke_width(if hl { 3 } else { 2 }),
            ))
            .map_err(e)?;
        }
        let _ = self.lang;
        let _ = &self.y_desc;
        Ok(())
    }
}

/// Small multiples: one panel per region for one indicator (all regions in grey behind), the
/// chosen region highlighted.
pub fn small_multiples(
    title: &str,
    series: &[(String, Vec<(i32, f64)>)],
    highlight: &str,
    y_desc: &str,
    lang: Lang,
) -> Result<Chart> {
    let full_title = format!("{title} — {y_desc}");
    let m = Multiples {
        title: full_title.clone(),
        series: series.to_vec(),
        highlight: highlight.into(),
        y_desc: y_desc.into(),
        lang,
    };
    render(&full_title, (1200, 900), &m)
}
