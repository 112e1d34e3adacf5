//! The five charts.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, Draw, DrawResult, Lang, render};
use crate::error::{Error, Result};
use crate::model::Fit;

pub(super) const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(140, 86, 75),
];

pub(super) fn e<T: std::fmt::Display>(x: T) -> String {
    x.to_string()
}

pub(super) fn range(vals: impl Iterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (lo, hi) = vals
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let span = (hi - lo).max(1e-9);
    (lo - pad * span, hi + pad * span)
}

/// Width of a label area that fits the longest of `names` (`Kepulauan Bangka Belitung (7)`) at
/// ~7 px a character, at least `min` pixels.
pub(super) fn label_area<'a>(names: impl Iterator<Item = &'a str>, min: u32) -> u32 {
    let longest = names.map(|n| n.chars().count()).max().unwrap_or(0);
    (7 * longest as u32 + 16).max(min)
}

/// The label of row `y` of a chart whose rows are named (0 at the bottom), empty between rows.
pub(super) fn row_name(names: &[String], y: f64) -> String {
    let k = y.round() as i64;
    if (y - k as f64).abs() < 0.01 && k >= 0 && (k as usize) < names.len() {
        names[k as usize].clone()
    } else {
        String::new()
    }
}

/// The axis title of an indicator in `lang` (`P0, poverty rate (%)`); its name for others.
pub fn indicator_axis(ind: &str, lang: Lang) -> String {
    match ind {
        crate::indicator::POVERTY_RATE => lang
            .t("P0, persentase penduduk miskin (%)", "P0, poverty rate (%)")
            .into(),
        crate::indicator::UNEMPLOYMENT_RATE => lang
            .t(
                "TPT, tingkat pengangguran terbuka (%)",
                "TPT, open unemployment rate (%)",
            )
            .into(),
        other => other.into(),
    }
}

/// The builder every full-size chart starts from: its title on top, the usual margins and
/// axis-label areas.
pub(super) fn titled<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    title: &'b str,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(area);
    b.caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(60);
    b
}

/// A legend drawn in its own panel, outside the data area.
pub(super) fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(String, RGBColor, Option<f64>)],
) -> DrawResult {
    for (i, (label, color, band)) in items.iter().enumerate() {
        let y = 40 + 24 * i as i32;
        if let Some(alpha) = band {
            area.draw(&Rectangle::new(
                [(8, y - 6), (34, y + 6)],
                color.mix(*alpha).filled(),
            ))
            .map_err(e)?;
        } else {
            area.draw(&PathElement::new(
                vec![(8, y), (34, y)],
                color.stroke_width(3),
            ))
            .map_err(e)?;
        }
        area.draw(&Text::new(label.clone(), (42, y - 8), ("sans-serif", 14)))
            .map_err(e)?;
    }
    Ok(())
}

/// One region's history for small multiples: name and (year, value) points.
pub type RegionSeries = (String, Vec<(i32, f64)>);

/// One projected scenario for the fan chart: year, estimate, PI80 and PI95 bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct BandSeries {
    /// Scenario name.
    pub name: String,
    /// (year, estimate, pi80_low, pi80_high, pi95_low, pi95_high).
    pub points: Vec<(i32, f64, f64, f64, f64, f64)>,
}

/// The bands of every scenario in a projection table (columns `scenario`, `year`, `estimate`,
/// `pi80_low`, `pi80_high`, `pi_low`, `pi_high`), scenarios in their order of appearance.
pub fn bands_of(table: &polars::prelude::DataFrame) -> Result<Vec<BandSeries>> {
    bands_named(table, crate::projection::columns::SCENARIO)
}

/// [`bands_of`] with each scenario named by its label in `lang` (columns `label_id` /
/// `label_en`), as planners read it.
pub fn bands_labelled(table: &polars::prelude::DataFrame, lang: Lang) -> Result<Vec<BandSeries>> {
    use crate::projection::columns as c;
    let col = match lang {
        Lang::Id => c::LABEL_ID,
        Lang::En => c::LABEL_EN,
    };
    bands_named(table, col)
}

fn bands_named(table: &polars::prelude::DataFrame, name_col: &str) -> Result<Vec<BandSeries>> {
    use crate::projection::columns as c;
    let years = crate::columns::ints(table, c::YEAR)?;
    let names = crate::columns::strings(table, name_col)?;
    let f = |c: &str| -> Result<Vec<f64>> {
        Ok(crate::columns::floats(table, c)?
            .into_iter()
            .map(|v| v.unwrap_or(f64::NAN))
            .collect())
    };
    let (est, l80, h80, l95, h95) = (
        f(c::ESTIMATE)?,
        f(c::PI80_LOW)?,
        f(c::PI80_HIGH)?,
        f(c::PI_LOW)?,
        f(c::PI_HIGH)?,
    );
    let mut out: Vec<BandSeries> = Vec::new();
    for i in 0..years.len() {
        let (Some(y), Some(n)) = (years[i], names[i].as_deref()) else {
            continue;
        };
        let p = (y as i32, est[i], l80[i], h80[i], l95[i], h95[i]);
        match out.iter_mut().find(|b| b.name == n) {
            Some(b) => b.points.push(p),
            None => out.push(BandSeries {
                name: n.to_string(),
                points: vec![p],
            }),
        }
    }
    Ok(out)
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
                .flat_map(|b| b.points.iter().map(|p| p.0 as f64)),
        );
        let (x0, x1) = range(xs, 0.02);
        let ys = self
            .history
            .iter()
            .map(|p| p.1)
            .chain(
                self.bands
                    .iter()
                    .flat_map(|b| b.points.iter().flat_map(|p| [p.4, p.5])),
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
                .chain(b.points.iter().map(|p| (p.0 as f64, p.1)))
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
        let poly = |lo: usize, hi: usize| -> Vec<(f64, f64)> {
            let pick =
                |p: &(i32, f64, f64, f64, f64, f64), k: usize| [p.1, p.2, p.3, p.4, p.5][k - 1];
            let mut v: Vec<(f64, f64)> =
                b.points.iter().map(|p| (p.0 as f64, pick(p, hi))).collect();
            v.extend(b.points.iter().rev().map(|p| (p.0 as f64, pick(p, lo))));
            v
        };
        for (lo, hi, alpha) in [(4, 5, 0.15), (2, 3, 0.3)] {
            chart
                .draw_series(std::iter::once(Polygon::new(
                    poly(lo, hi),
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

struct Coefs {
    title: String,
    rows: Vec<(String, f64, f64, f64)>,
    lang: Lang,
}

impl Draw for Coefs {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        root.fill(&WHITE).map_err(e)?;
        let n = self.rows.len();
        let (x0, x1) = range(self.rows.iter().flat_map(|r| [r.2, r.3, 0.0]), 0.1);
        let mut c = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 20))
            .margin(14)
            .x_label_area_size(45)
            .y_label_area_size(label_area(self.rows.iter().map(|r| r.0.as_str()), 150))
            .build_cartesian_2d(x0..x1, -0.5..(n as f64 - 0.5))
            .map_err(e)?;
        let names: Vec<String> = self.rows.iter().map(|r| r.0.clone()).collect();
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
                vec![(r.2, y), (r.3, y)],
                col.stroke_width(3),
            )))
            .map_err(e)?;
            c.draw_series(std::iter::once(Circle::new((r.1, y), 6, col.filled())))
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
        rows.push((name.to_string(), c.estimate, c.ci_low, c.ci_high));
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

/// A forest chart: one estimate with its 95% interval per row (`(label, estimate, low, high)`),
/// sorted by estimate, the zero line marked — e.g. the FE slope of P0 on TPT per province.
pub fn forest(title: &str, rows: &[(String, f64, f64, f64)], lang: Lang) -> Result<Chart> {
    let mut rows = rows.to_vec();
    rows.sort_by(|a, b| a.1.total_cmp(&b.1));
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

struct BacktestPlot {
    title: String,
    rows: Vec<(f64, f64, f64, f64)>,
    lang: Lang,
}

impl Draw for BacktestPlot {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        root.fill(&WHITE).map_err(e)?;
        let (w, _) = root.dim_in_pixel();
        let (main, side) = root.split_horizontally(w as i32 - 230);
        let (lo, hi) = range(self.rows.iter().flat_map(|r| [r.0, r.1]), 0.05);
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
                vec![(r.0, r.2), (r.0, r.3)],
                PALETTE[0].mix(0.3),
            )))
            .map_err(e)?;
        }
        c.draw_series(
            self.rows
                .iter()
                .map(|r| Circle::new((r.0, r.1), 3, PALETTE[0].filled())),
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
/// `rows` are (actual, estimate, pi_low, pi_high).
pub fn backtest_chart(rows: &[(f64, f64, f64, f64)], train_to: i32, lang: Lang) -> Result<Chart> {
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
