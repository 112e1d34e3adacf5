//! How far ahead a projection can be trusted: each method's mean absolute error by years ahead.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{PALETTE, e, legend, range, titled};
use super::{Chart, Draw, DrawResult, Lang, render};
use crate::error::Result;
use crate::projection::{Method, MethodScore};

/// One method's line: its label, (years ahead, MAE) points, and whether it is the chosen one.
struct Line {
    label: String,
    points: Vec<(i32, f64)>,
    chosen: bool,
}

struct Horizon {
    title: String,
    lines: Vec<Line>,
    lang: Lang,
}

impl Draw for Horizon {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        root.fill(&WHITE).map_err(e)?;
        let (w, _) = root.dim_in_pixel();
        let (main, side) = root.split_horizontally(w as i32 - 420);
        let h = self
            .lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.0))
            .max()
            .unwrap_or(1);
        let ys = self.lines.iter().flat_map(|l| l.points.iter().map(|p| p.1));
        let (_, y1) = range(ys, 0.1);
        let mut c = titled(&main, &self.title)
            .build_cartesian_2d((1..h).into_segmented(), 0.0..y1)
            .map_err(e)?;
        c.configure_mesh()
            .x_desc(self.lang.t("Tahun ke depan", "Years ahead"))
            .y_desc(
                self.lang
                    .t("Rata-rata galat absolut (poin)", "Mean absolute error (pp)"),
            )
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 15))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()
            .map_err(e)?;
        let mut items = vec![];
        for (i, l) in self.lines.iter().enumerate() {
            let col = PALETTE[i % PALETTE.len()];
            let width = if l.chosen { 4 } else { 2 };
            let at = |p: &(i32, f64)| (SegmentValue::CenterOf(p.0), p.1);
            c.draw_series(LineSeries::new(
                l.points.iter().map(at),
                col.stroke_width(width),
            ))
            .map_err(e)?;
            c.draw_series(l.points.iter().map(|p| Circle::new(at(p), 3, col.filled())))
                .map_err(e)?;
            items.push((l.label.clone(), col, None));
        }
        legend(&side, &items)
    }
}

/// Mean absolute error per years ahead, one line per method (the chosen one drawn thicker);
/// `scores` as [`crate::projection::RollingBacktest::by_horizon`].
///
/// # Errors
/// A drawing failure.
pub fn error_by_horizon(scores: &[MethodScore], chosen: Method, lang: Lang) -> Result<Chart> {
    let title = lang
        .t(
            "Uji balik: galat menurut jarak tahun proyeksi",
            "Backtest: error by years ahead",
        )
        .to_string();
    let lines = Method::ALL
        .iter()
        .map(|m| {
            let pts: Vec<(i32, f64)> = scores
                .iter()
                .filter(|s| s.method == *m)
                .filter_map(|s| Some((s.horizon?, s.mae)))
                .collect();
            let mark = if *m == chosen { " ★" } else { "" };
            Line {
                label: format!("{}{mark}", m.label(lang)),
                points: pts,
                chosen: *m == chosen,
            }
        })
        .filter(|l| !l.points.is_empty())
        .collect();
    render(
        &title,
        (1100, 560),
        &Horizon {
            title: title.clone(),
            lines,
            lang,
        },
    )
}
