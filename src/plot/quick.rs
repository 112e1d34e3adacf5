//! A quick chart of any frame, as analysts make one in a notebook: a line, a scatter or a
//! histogram of its columns (`plot(frame, #{x, y, kind, group})` in a cell).

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use polars::prelude::DataFrame;

use super::frame::{PALETTE, e, legend, range, titled};
use super::{Chart, Draw, DrawResult, Lang, render};
use crate::error::{Error, Result};

/// What kind of quick chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuickKind {
    /// `y` against `x`, points joined in the order of `x`, one line per group.
    Line,
    /// `y` against `x`, points only, one colour per group.
    Scatter,
    /// The distribution of `x` in 20 equal bins.
    Histogram,
}

impl std::str::FromStr for QuickKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<QuickKind> {
        match s.trim().to_lowercase().as_str() {
            "line" => Ok(QuickKind::Line),
            "scatter" | "point" | "points" => Ok(QuickKind::Scatter),
            "histogram" | "hist" => Ok(QuickKind::Histogram),
            other => Err(Error::InvalidArgument {
                what: "kind".into(),
                message: format!("{other:?}; expected line, scatter or histogram"),
            }),
        }
    }
}

/// A quick chart's request: the columns and the kind.
#[derive(Debug, Clone, PartialEq)]
pub struct QuickPlot {
    /// The x column (the histogram's variable).
    pub x: String,
    /// The y column (not for a histogram).
    pub y: Option<String>,
    /// A column whose values split the rows into series.
    pub group: Option<String>,
    /// Line, scatter or histogram.
    pub kind: QuickKind,
}

/// Rows with both values, per group (`""` without a group), in the frame's order.
type Series = BTreeMap<String, Vec<(f64, f64)>>;

struct Quick {
    title: String,
    series: Series,
    request: QuickPlot,
    lang: Lang,
}

impl Draw for Quick {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        root.fill(&WHITE).map_err(e)?;
        let (w, _) = root.dim_in_pixel();
        let grouped = self.series.len() > 1;
        let (main, side) = root.split_horizontally(w as i32 - if grouped { 220 } else { 0 });
        let pts = || self.series.values().flatten();
        let (x0, x1) = range(pts().map(|p| p.0), 0.05);
        let (y0, y1) = range(pts().map(|p| p.1), 0.08);
        let y0 = if self.request.kind == QuickKind::Histogram {
            0.0
        } else {
            y0
        };
        let mut c = titled(&main, &self.title)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(e)?;
        let y_desc = match (&self.request.kind, &self.request.y) {
            (QuickKind::Histogram, _) => self.lang.t("Jumlah baris", "Rows").to_string(),
            (_, Some(y)) => y.clone(),
            _ => String::new(),
        };
        c.configure_mesh()
            .x_desc(self.request.x.as_str())
            .y_desc(y_desc)
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 15))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()
            .map_err(e)?;
        let mut items = vec![];
        for (i, (name, points)) in self.series.iter().enumerate() {
            let col = PALETTE[i % PALETTE.len()];
            match self.request.kind {
                QuickKind::Line => {
                    let mut p = points.clone();
                    p.sort_by(|a, b| a.0.total_cmp(&b.0));
                    c.draw_series(LineSeries::new(p, col.stroke_width(2)))
                        .map_err(e)?;
                }
                QuickKind::Scatter => {
                    c.draw_series(points.iter().map(|p| Circle::new(*p, 3, col.filled())))
                        .map_err(e)?;
                }
                QuickKind::Histogram => {
                    let half = (x1 - x0) / 40.0;
                    c.draw_series(points.iter().map(|&(x, n)| {
                        Rectangle::new([(x - half, 0.0), (x + half, n)], col.mix(0.8).filled())
                    }))
                    .map_err(e)?;
                }
            }
            items.push((name.clone(), col, None));
        }
        if grouped {
            legend(&side, &items)?;
        }
        Ok(())
    }
}

/// The numbers of a column (integers and floats; other values and nulls are skipped rows).
fn numbers(df: &DataFrame, column: &str) -> Result<Vec<Option<f64>>> {
    crate::columns::require_column(df, column)?;
    crate::columns::floats(df, column)
}

/// The rows as series: (x, y) per group.
fn series(df: &DataFrame, q: &QuickPlot) -> Result<Series> {
    let x = numbers(df, &q.x)?;
    let groups: Vec<Option<String>> = match &q.group {
        Some(g) => {
            crate::columns::require_column(df, g)?;
            crate::columns::strings(df, g)?
        }
        None => vec![Some(String::new()); df.height()],
    };
    let mut out: Series = BTreeMap::new();
    if q.kind == QuickKind::Histogram {
        let v: Vec<f64> = x.iter().flatten().copied().collect();
        let (lo, hi) = range(v.iter().copied(), 0.0);
        let bins = 20usize;
        let width = ((hi - lo) / bins as f64).max(f64::MIN_POSITIVE);
        let mut counts = vec![0usize; bins];
        for x in &v {
            counts[(((x - lo) / width) as usize).min(bins - 1)] += 1;
        }
        let bars = counts
            .iter()
            .enumerate()
            .map(|(i, &n)| (lo + width * (i as f64 + 0.5), n as f64))
            .collect();
        out.insert(String::new(), bars);
        return Ok(out);
    }
    let y_name = q.y.as_deref().ok_or_else(|| Error::InvalidArgument {
        what: "y".into(),
        message: "a line or scatter needs a y column: #{x: \"year\", y: \"poverty_rate\"}".into(),
    })?;
    let y = numbers(df, y_name)?;
    for ((x, y), g) in x.iter().zip(&y).zip(&groups) {
        if let (Some(x), Some(y)) = (x, y) {
            out.entry(g.clone().unwrap_or_default())
                .or_default()
                .push((*x, *y));
        }
    }
    Ok(out)
}

/// A quick line, scatter or histogram of a frame's columns.
///
/// ```
/// # fn main() -> indikator::Result<()> {
/// use indikator::plot::{QuickKind, QuickPlot, quick_chart};
/// let panel = indikator::datasets::jabar_panel()?;
/// let q = QuickPlot {
///     x: "unemployment_rate".into(),
///     y: Some("poverty_rate".into()),
///     group: None,
///     kind: QuickKind::Scatter,
/// };
/// let chart = quick_chart(panel.frame(), &q, indikator::lang::Lang::En)?;
/// assert!(chart.svg.contains("poverty_rate"));
/// # Ok(()) }
/// ```
///
/// # Errors
/// A column that is not in the frame, a line or scatter without `y`, no row with the values.
pub fn quick_chart(df: &DataFrame, q: &QuickPlot, lang: Lang) -> Result<Chart> {
    let series = series(df, q)?;
    if series.values().all(Vec::is_empty) {
        return Err(Error::InvalidArgument {
            what: "plot".into(),
            message: format!("no row has a number in {}", q.x),
        });
    }
    let title = match (&q.kind, &q.y) {
        (QuickKind::Histogram, _) => format!("{} ({})", q.x, lang.t("sebaran", "distribution")),
        (_, Some(y)) => format!("{y} / {}", q.x),
        _ => q.x.clone(),
    };
    render(
        &title.clone(),
        (900, 560),
        &Quick {
            title,
            series,
            request: q.clone(),
            lang,
        },
    )
}
