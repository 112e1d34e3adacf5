//! Charts of fitted models: the within-region scatter, the coefficient plot and the forest plot.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{PALETTE, e, label_area, legend, range, row_name, titled};
use super::{Chart, Draw, DrawResult, Lang, render};
use crate::error::{Error, Result};
use crate::model::Fit;

struct Scatter {
    title: String,
    points: Vec<(f64, f64)>,
    slope: f64,
    lang: Lang,
}

impl Draw for Scatter {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        root.fill(&WHITE).map_err(e)?;
        let (w, _) = root.dim_in_pixel();
        let (main, side) = root.split_horizontally(w as i32 - 230);
        let (x0, x1) = range(self.points.iter().map(|p| p.0), 0.05);
        let (y0, y1) = range(self.points.iter().map(|p| p.1), 0.05);
        let mut c = titled(&main, &self.title)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(e)?;
        c.configure_mesh()
            .x_desc(self.lang.t(
                "TPT dikurangi rata-rata wilayah (poin persen)",
                "TPT minus region mean (percentage points)",
            ))
            .y_desc(self.lang.t(
                "P0 dikurangi rata-rata wilayah (poin persen)",
                "P0 minus region mean (percentage points)",
            ))
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 15))
            .draw()
            .map_err(e)?;
        c.draw_series(
            self.points
                .iter()
                .map(|p| Circle::new(*p, 3, PALETTE[0].mix(0.6).filled())),
        )
        .map_err(e)?;
        c.draw_series(LineSeries::new(
            [(x0, self.slope * x0), (x1, self.slope * x1)],
            PALETTE[1].stroke_width(3),
        ))
        .map_err(e)?;
        legend(
            &side,
            &[
                (
                    self.lang.t("wilayah-tahun", "region-years").to_string(),
                    PALETTE[0],
                    None,
                ),
                (
                    format!(
                        "{} {:+.3}",
                        self.lang.t("garis FE, kemiringan", "FE line, slope"),
                        self.slope
                    ),
                    PALETTE[1],
                    None,
                ),
            ],
        )
    }
}

/// Within-region scatter of poverty against unemployment deviations from each region's mean,
/// with the fixed-effects line (slope = the within estimate).
pub fn within_scatter(fit: &Fit, term: &str, lang: Lang) -> Result<Chart> {
    let j = fit
        .terms()
        .iter()
        .position(|t| t == term)
        .ok_or_else(|| Error::InvalidArgument {
            what: "term".into(),
            message: format!("{term:?} not in the model ({})", fit.terms().join(", ")),
        })?;
    let x = fit.design();
    let pts: Vec<(f64, f64)> = (0..x.nrows())
        .map(|i| (x[[i, j]], x.row(i).dot(fit.coefs()) + fit.residuals()[i]))
        .collect();
    let title = lang.t(
        "P0 dan TPT dalam wilayah (simpangan dari rata-rata wilayah)",
        "Poverty and unemployment within regions (deviations from region means)",
    );
    let s = Scatter {
        title: title.into(),
        points: pts,
        slope: fit.coefs()[j],
        lang,
    };
    render(title, (1000, 600), &s)
}

/// One row of a forest or coefficient chart: an estimate with its 95% interval.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalRow {
    /// What the row is (a province, a model).
    pub label: String,
    /// The estimate.
    pub estimate: f64,
    /// Lower end of the 95% interval.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

struct Coefs {
    title: String,
    rows: Vec<IntervalRow>,
    lang: Lang,
}

impl Draw for Coefs {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        root.fill(&WHITE).map_err(e)?;
        let n = self.rows.len();
        let (x0, x1) = range(self.rows.iter().flat_map(|r| [r.low, r.high, 0.0]), 0.1);
        let mut c = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 20))
            .margin(14)
            .x_label_area_size(45)
            .y_label_area_size(label_area(self.rows.iter().map(|r| r.label.as_str()), 150))
            .build_cartesian_2d(x0..x1, -0.5..(n as f64 - 0.5))
            .map_err(e)?;
        let names: Vec<String> = self.rows.iter().map(|r| r.label.clone()).collect();
        c.configure_mesh()
            .x_desc(self.lang.t(
                "Perubahan P0 (poin persen) per 1 poin persen TPT, SK 95%",
                "Change in P0 (pp) per 1 pp of TPT, 95% CI",
            ))
            .y_labels(n)
            .y_label_formatter(&|y| row_name(&names, *y))
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 15))
            .disable_y_mesh()
            .draw()
            .map_err(e)?;
        c.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
            RGBColor(150, 150, 150),
        )))
        .map_err(e)?;
        for (i, r) in self.rows.iter().enumerate() {
            let y = i as f64;
            let col = PALETTE[i % PALETTE.len()];
            c.draw_series(std::iter::once(PathElement::new(
                vec![(r.low, y), (r.high, y)],
                col.stroke_width(3),
            )))
            .map_err(e)?;
            c.draw_series(std::iter::once(Circle::new(
                (r.estimate, y),
                6,
                col.filled(),
            )))
            .map_err(e)?;
        }
        Ok(())
    }
}

/// Coefficient plot: one term's estimate and 95% interval across models.
pub fn coef_plot(models: &[(&str, &Fit)], term: &str, lang: Lang) -> Result<Chart> {
    let mut rows = Vec::new();
    for (name, f) in models {
        let c = f
            .coefficients(0.95)
            .into_iter()
            .find(|c| c.term == term)
            .ok_or_else(|| Error::InvalidArgument {
                what: "term".into(),
                message: format!("{term:?} not in model {name}"),
            })?;
        rows.push(IntervalRow {
            label: name.to_string(),
            estimate: c.estimate,
            low: c.ci_low,
            high: c.ci_high,
        });
    }
    let title = lang.t(
        "Pengaruh TPT terhadap P0 menurut model",
        "Effect of TPT on P0 by model",
    );
    render(
        title,
        (900, 120 + 70 * rows.len() as u32),
        &Coefs {
            title: title.into(),
            rows,
            lang,
        },
    )
}

/// A forest chart: one estimate with its 95% interval per row, sorted by estimate, the zero line
/// marked — e.g. the FE slope of P0 on TPT per province.
pub fn forest(title: &str, rows: &[IntervalRow], lang: Lang) -> Result<Chart> {
    let mut rows = rows.to_vec();
    rows.sort_by(|a, b| a.estimate.total_cmp(&b.estimate));
    render(
        title,
        (900, 120 + 24 * rows.len() as u32),
        &Coefs {
            title: title.into(),
            rows,
            lang,
        },
    )
}
