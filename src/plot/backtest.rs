//! The backtest chart: projected against actual values.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{PALETTE, e, legend, range, titled};
use super::{Chart, Draw, DrawResult, Lang, render};
use crate::error::Result;

/// One backtested region-year: what happened, what was projected and its 95% prediction band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BacktestPoint {
    /// The published value.
    pub actual: f64,
    /// The projection.
    pub estimate: f64,
    /// Lower end of the 95% prediction band.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

struct BacktestPlot {
    title: String,
    rows: Vec<BacktestPoint>,
    lang: Lang,
}

impl Draw for BacktestPlot {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        root.fill(&WHITE).map_err(e)?;
        let (w, _) = root.dim_in_pixel();
        let (main, side) = root.split_horizontally(w as i32 - 230);
        let (lo, hi) = range(self.rows.iter().flat_map(|r| [r.actual, r.estimate]), 0.05);
        let mut c = titled(&main, &self.title)
            .build_cartesian_2d(lo..hi, lo..hi)
            .map_err(e)?;
        c.configure_mesh()
            .x_desc(self.lang.t("P0 aktual (%)", "Actual P0 (%)"))
            .y_desc(self.lang.t("P0 proyeksi (%)", "Projected P0 (%)"))
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 15))
            .draw()
            .map_err(e)?;
        for r in &self.rows {
            c.draw_series(std::iter::once(PathElement::new(
                vec![(r.actual, r.low), (r.actual, r.high)],
                PALETTE[0].mix(0.3),
            )))
            .map_err(e)?;
        }
        c.draw_series(
            self.rows
                .iter()
                .map(|r| Circle::new((r.actual, r.estimate), 3, PALETTE[0].filled())),
        )
        .map_err(e)?;
        c.draw_series(LineSeries::new([(lo, lo), (hi, hi)], BLACK.stroke_width(1)))
            .map_err(e)?;
        legend(
            &side,
            &[
                (
                    self.lang
                        .t("proyeksi vs aktual", "projected vs actual")
                        .to_string(),
                    PALETTE[0],
                    None,
                ),
                (
                    self.lang
                        .t("selang prediksi 95%", "95% prediction band")
                        .to_string(),
                    PALETTE[0],
                    Some(0.3),
                ),
                (
                    self.lang
                        .t("garis 45° (tepat)", "45° line (exact)")
                        .to_string(),
                    BLACK,
                    None,
                ),
            ],
        )
    }
}

/// Backtest chart: projected against actual P0 with 95% prediction bands and the 45° line.
pub fn backtest_chart(rows: &[BacktestPoint], train_to: i32, lang: Lang) -> Result<Chart> {
    let title = match lang {
        Lang::Id => format!("Uji balik: model s.d. {train_to}, proyeksi tahun berikutnya"),
        Lang::En => format!("Backtest: model fitted to {train_to}, later years projected"),
    };
    render(
        &title,
        (900, 620),
        &BacktestPlot {
            title: title.clone(),
            rows: rows.to_vec(),
            lang,
        },
    )
}
