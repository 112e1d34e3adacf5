//! Charts with plotters, each rendered to SVG and PNG, with DejaVu Sans compiled into the crate
//! (`assets/fonts`, text renders on machines without system fonts) and labels in Indonesian or
//! English ([`Lang`]). Legends sit outside the data area; axes carry titles with units.
//!
//! | chart | function |
//! |---|---|
//! | projection fan chart | [`fan_chart`] |
//! | small multiples of 27 kab/kota | [`small_multiples`] |
//! | within-region scatter with the fitted line | [`within_scatter`] |
//! | coefficient plot comparing models | [`coef_plot`] |
//! | backtest: projected vs actual | [`backtest_chart`] |
//! | backtest: error of each method by years ahead | [`error_by_horizon`] |
//! | where a region stands: kab/kota ranked | [`rank_chart`] |
//! | the P0–TPT quadrant (BPS poverty profiles) | [`quadrant`] |
//! | a quick line, scatter or histogram of any frame | [`quick_chart`] |

mod backtest;
mod fan;
mod frame;
mod horizon;
mod models;
mod multiples;
mod quick;
mod spatial;
mod standing;

pub use backtest::{BacktestPoint, backtest_chart};
pub use fan::{BandPoint, BandSeries, bands_labelled, bands_of, fan_chart};
pub use frame::indicator_axis;
pub use horizon::error_by_horizon;
pub use models::{IntervalRow, coef_plot, forest, within_scatter};
pub use multiples::{RegionSeries, small_multiples};
pub use quick::{QuickKind, QuickPlot, quick_chart};
pub use spatial::{QUADRANT_COLORS, moran_scatter, quadrant_names};
pub use standing::{quadrant, rank_chart};

use std::sync::OnceLock;

use plotters::prelude::*;

pub use crate::lang::Lang;

use crate::error::{Error, Result};

static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// A rendered chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Title.
    pub title: String,
    /// SVG document.
    pub svg: String,
    /// PNG file bytes.
    pub png: Vec<u8>,
}

impl Chart {
    /// Write `<stem>.svg` and `<stem>.png` into `dir`.
    pub fn save(&self, dir: &std::path::Path, stem: &str) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.into(),
            source,
        })?;
        for (ext, bytes) in [("svg", self.svg.as_bytes()), ("png", self.png.as_slice())] {
            let p = dir.join(format!("{stem}.{ext}"));
            std::fs::write(&p, bytes).map_err(|source| Error::Io { path: p, source })?;
        }
        Ok(())
    }
}

pub(crate) fn ensure_font() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        // The font is compiled in; registering it cannot fail on valid bytes.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
        let _ = plotters::style::register_font("sans-serif", FontStyle::Bold, FONT);
    });
}

pub(crate) type DrawResult = std::result::Result<(), String>;

/// Something that can draw itself on any plotters backend.
pub(crate) trait Draw {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, plotters::coord::Shift>,
    ) -> DrawResult;
}

/// Render a drawing to SVG and PNG of the same size.
pub(crate) fn render<T: Draw>(title: &str, size: (u32, u32), item: &T) -> Result<Chart> {
    ensure_font();
    let fail = |backend: &str, e: String| Error::Plot {
        chart: title.to_string(),
        message: format!("{backend}: {e}"),
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        item.draw(&root).map_err(|e| fail("SVG", e))?;
        root.present().map_err(|e| fail("SVG", e.to_string()))?;
    }
    let mut rgb = vec![0u8; (size.0 * size.1 * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
        item.draw(&root).map_err(|e| fail("PNG", e))?;
        root.present().map_err(|e| fail("PNG", e.to_string()))?;
    }
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, size.0, size.1);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let png_err = |e: png::EncodingError| Error::Plot {
            chart: title.to_string(),
            message: format!("PNG: {e}"),
        };
        let mut w = enc.write_header().map_err(png_err)?;
        w.write_image_data(&rgb).map_err(png_err)?;
    }
    Ok(Chart {
        title: title.to_string(),
        svg,
        png,
    })
}

struct Logo;

impl Draw for Logo {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, plotters::coord::Shift>,
    ) -> DrawResult {
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        root.fill(&RGBColor(22, 60, 110))
            .map_err(|e| e.to_string())?;
        // A falling line: poverty coming down.
        let pts: Vec<(i32, i32)> = [(0.12, 0.30), (0.38, 0.42), (0.62, 0.58), (0.88, 0.80)]
            .iter()
            .map(|(x, y)| ((x * w as f64) as i32, (y * h as f64) as i32))
            .collect();
        root.draw(&PathElement::new(
            pts,
            ShapeStyle::from(&RGBColor(250, 190, 40)).stroke_width((w / 16).max(2) as u32),
        ))
        .map_err(|e| e.to_string())?;
        let style = ("sans-serif", (h as f64 * 0.42) as u32)
            .into_font()
            .style(FontStyle::Bold)
            .color(&WHITE);
        root.draw_text("P0", &style, (w / 10, h / 2))
            .map_err(|e| e.to_string())?;
        Ok(())
    }
}

/// The kernel's logo, `px` × `px`.
pub fn logo(px: u32) -> Result<Chart> {
    render("indikator", (px, px), &Logo)
}
