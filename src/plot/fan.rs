//! The projection fan chart: history, scenarios with 80/95% prediction bands, target marks.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{PALETTE, e, legend, range, titled};
use super::{Chart, Draw, DrawResult, Lang, render};
use crate::error::Result;
use crate::projection::{Projection, ProjectionRow};

/// One projected year of a scenario: the point and its 80% and 95% prediction bands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandPoint {
    /// Projected year.
    pub year: i32,
    /// Point projection.
    pub estimate: f64,
    /// 80% prediction band (low, high).
    pub pi80: (f64, f64),
    /// 95% prediction band (low, high).
    pub pi95: (f64, f64),
}

/// One projected scenario for the fan chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BandSeries {
    /// Scenario name as the chart shows it.
    pub name: String,
    /// Its projected years.
    pub points: Vec<BandPoint>,
}

/// The bands of every scenario of a projection, each named by its identifier (`baseline`, …),
/// scenarios in their order.
pub fn bands_of(projection: &Projection) -> Vec<BandSeries> {
    bands_named(projection, |r| &r.scenario)
}

/// [`bands_of`] with each scenario named by its label in `lang`, as planners read it.
pub fn bands_labelled(projection: &Projection, lang: Lang) -> Vec<BandSeries> {
    bands_named(projection, |r| r.label.get(lang))
}

fn bands_named(projection: &Projection, name: impl Fn(&ProjectionRow) -> &str) -> Vec<BandSeries> {
    let mut out: Vec<BandSeries> = Vec::new();
    for r in &projection.rows {
        let p = BandPoint {
            year: r.year,
            estimate: r.bands.estimate,
            pi80: r.bands.pi80,
            pi95: r.bands.pi,
        };
        let n = name(r);
        match out.iter_mut().find(|b| b.name == n) {
            Some(b) => b.points.push(p),
            None => out.push(BandSeries {
                name: n.to_string(),
                points: vec![p],
            }),
        }
    }
    out
}

struct Fan {
    title: String,
    history: Vec<(i32, f64)>,
    bands: Vec<BandSeries>,
    targets: Vec<(i32, f64, String)>,
    break_year: Option<i32>,
    lang: Lang,
}

impl Draw for Fan {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        root.fill(&WHITE).map_err(e)?;
        let (w, _) = root.dim_in_pixel();
        let (main, side) = root.split_horizontally(w as i32 - 330);
        let xs = self.history.iter().map(|p| p.0 as f64).chain(
            self.bands
                .iter()
                .flat_map(|b| b.points.iter().map(|p| p.year as f64)),
        );
        let (x0, x1) = range(xs, 0.02);
        let ys = self
            .history
            .iter()
            .map(|p| p.1)
            .chain(
                self.bands
                    .iter()
                    .flat_map(|b| b.points.iter().flat_map(|p| [p.pi95.0, p.pi95.1])),
            )
            .chain(self.targets.iter().map(|t| t.1));
        let (y0, y1) = range(ys, 0.08);
        let mut chart = titled(&main, &self.title)
            .build_cartesian_2d(x0..x1, y0.max(0.0)..y1)
            .map_err(e)?;
        chart
            .configure_mesh()
            .x_desc(self.lang.t("Tahun", "Year"))
            .y_desc(
                self.lang
                    .t("Persentase penduduk miskin P0 (%)", "Poverty rate P0 (%)"),
            )
            .x_label_formatter(&|x| format!("{:.0}", x))
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 15))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()
            .map_err(e)?;
        let mut items = Vec::new();
        self.draw_bands(&mut chart, &mut items)?;
        chart
            .draw_series(LineSeries::new(
                self.history.iter().map(|p| (p.0 as f64, p.1)),
                BLACK.stroke_width(2),
            ))
            .map_err(e)?;
        items.insert(
            0,
            (self.lang.t("Data BPS", "BPS data").to_string(), BLACK, None),
        );
        for (i, b) in self.bands.iter().enumerate() {
            let c = PALETTE[i % PALETTE.len()];
            let start = self.history.last().map(|p| (p.0 as f64, p.1));
            let pts: Vec<(f64, f64)> = start
                .into_iter()
                .chain(b.points.iter().map(|p| (p.year as f64, p.estimate)))
                .collect();
            chart
                .draw_series(LineSeries::new(pts, c.stroke_width(2)))
                .map_err(e)?;
            items.push((b.name.clone(), c, None));
        }
        self.draw_targets(&mut chart, &mut items)?;
        self.draw_break(&mut chart, (x0, x1), (y0.max(0.0), y1))?;
        legend(&side, &items)
    }
}

type Xy<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;
type LegendItems = Vec<(String, RGBColor, Option<f64>)>;
/// Which band of a point (80% or 95%).
type Band = fn(&BandPoint) -> (f64, f64);

impl Fan {
    /// The 80% and 95% prediction bands of the first scenario.
    fn draw_bands<DB: DrawingBackend>(
        &self,
        chart: &mut Xy<DB>,
        items: &mut LegendItems,
    ) -> DrawResult {
        let Some(b) = self.bands.first() else {
            return Ok(());
        };
        let poly = |band: Band| -> Vec<(f64, f64)> {
            let mut v: Vec<(f64, f64)> = b
                .points
                .iter()
                .map(|p| (p.year as f64, band(p).1))
                .collect();
            v.extend(b.points.iter().rev().map(|p| (p.year as f64, band(p).0)));
            v
        };
        let pi95: Band = |p| p.pi95;
        let pi80: Band = |p| p.pi80;
        for (band, alpha) in [(pi95, 0.15), (pi80, 0.3)] {
            chart
                .draw_series(std::iter::once(Polygon::new(
                    poly(band),
                    PALETTE[0].mix(alpha).filled(),
                )))
                .map_err(e)?;
        }
        let band = self.lang.t("Selang prediksi", "Prediction band");
        items.push((format!("{band} 80%"), PALETTE[0], Some(0.45)));
        items.push((format!("{band} 95%"), PALETTE[0], Some(0.15)));
        Ok(())
    }

    /// Published targets as red triangles.
    fn draw_targets<DB: DrawingBackend>(
        &self,
        chart: &mut Xy<DB>,
        items: &mut LegendItems,
    ) -> DrawResult {
        for (y, v, _) in &self.targets {
            chart
                .draw_series(std::iter::once(TriangleMarker::new(
                    (*y as f64, *v),
                    9,
                    RED.filled(),
                )))
                .map_err(e)?;
        }
        if !self.targets.is_empty() {
            items.push((
                self.lang.t("Target (berita)", "Target (news)").to_string(),
                RED,
                None,
            ));
        }
        Ok(())
    }

    /// A dashed line before the first year of the new series, labelled with that year.
    fn draw_break<DB: DrawingBackend>(
        &self,
        chart: &mut Xy<DB>,
        x: (f64, f64),
        y: (f64, f64),
    ) -> DrawResult {
        let Some(by) = self
            .break_year
            .filter(|b| (*b as f64) > x.0 && (*b as f64) < x.1)
        else {
            return Ok(());
        };
        let bx = by as f64 - 0.5;
        let n = 30;
        for k in (0..n).step_by(2) {
            let a = y.0 + (y.1 - y.0) * k as f64 / n as f64;
            let b = y.0 + (y.1 - y.0) * (k + 1) as f64 / n as f64;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(bx, a), (bx, b)],
                    RGBColor(120, 120, 120),
                )))
                .map_err(e)?;
        }
        let label = match self.lang {
            Lang::Id => format!("jeda seri {by}"),
            Lang::En => format!("series break {by}"),
        };
        chart
            .draw_series(std::iter::once(Text::new(
                label,
                (bx + 0.1, y.1 - (y.1 - y.0) * 0.04),
                ("sans-serif", 12),
            )))
            .map_err(e)?;
        Ok(())
    }
}

/// Projection fan chart: history, scenario lines, 80/95% prediction bands of the first
/// scenario, targets as markers, the 2015 series break marked.
pub fn fan_chart(
    title: &str,
    history: &[(i32, f64)],
    bands: &[BandSeries],
    targets: &[(i32, f64, String)],
    break_year: Option<i32>,
    lang: Lang,
) -> Result<Chart> {
    let f = Fan {
        title: title.into(),
        history: history.to_vec(),
        bands: bands.to_vec(),
        targets: targets.to_vec(),
        break_year,
        lang,
    };
    render(title, (1100, 560), &f)
}
