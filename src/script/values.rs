//! The library's values as cell-language types, and how any cell value is displayed.

use std::sync::Arc;

use polars::prelude::*;
use rhai::Dynamic;

use crate::choice::ModelChoice;
use crate::compare::RegressionTable;
use crate::display::{MimeBundle, RichDisplay};
use crate::hypothesis::TestStat;
use crate::model::Fit;
use crate::panel::Panel;
use crate::plot::Chart;
use crate::projection::TargetAnswer;

/// A fitted model in a cell (shared: copying a variable does not copy the fit).
#[derive(Debug, Clone)]
pub struct Model(pub Arc<Fit>);

/// A projection in a cell: its table and what the fan chart needs.
#[derive(Debug, Clone)]
pub struct Projection {
    /// The typed projection (rows with their bands, descriptions in both languages).
    pub projection: crate::projection::Projection,
    /// The panel it was made from.
    pub panel: Panel,
    /// Region code.
    pub region: String,
    /// Region name.
    pub name: String,
    /// The projection method and why it was chosen (English, Indonesian).
    pub method: (crate::projection::Method, String, String),
    /// The rolling backtest the method was chosen by (none when the method was given).
    pub backtest: Option<crate::projection::RollingBacktest>,
}

/// Text shown as Markdown (help pages, reports).
#[derive(Debug, Clone)]
pub struct Text {
    /// Plain text.
    pub plain: String,
    /// Markdown, when there is a richer form.
    pub markdown: Option<String>,
}

/// A chart shown as PNG (`chart.png()` in a cell).
#[derive(Debug, Clone)]
pub struct PngChart(pub Chart);

/// The MIME bundle of a cell value; `None` for `()` (nothing to show).
pub fn bundle_of(v: &Dynamic) -> Option<MimeBundle> {
    if v.is_unit() {
        return None;
    }
    if let Some(df) = v.read_lock::<DataFrame>() {
        return Some(df.mime_bundle());
    }
    if let Some(p) = v.read_lock::<Panel>() {
        let b = p.frame().mime_bundle();
        return Some(b);
    }
    if let Some(m) = v.read_lock::<Model>() {
        return Some(m.0.mime_bundle());
    }
    if let Some(t) = v.read_lock::<TestStat>() {
        return Some(t.mime_bundle());
    }
    if let Some(c) = v.read_lock::<ModelChoice>() {
        return Some(c.mime_bundle());
    }
    if let Some(f) = v.read_lock::<crate::spatial::SpatialFit>() {
        return Some(f.mime_bundle());
    }
    if let Some(t) = v.read_lock::<RegressionTable>() {
        return Some(t.mime_bundle());
    }
    // One image format per chart in a notebook (a saved notebook holds each chart once): SVG,
    // which scales to the output width, unless the cell asks for PNG with `chart.png()`.
    if let Some(c) = v.read_lock::<Chart>() {
        return Some(c.mime_bundle().without("image/png"));
    }
    if let Some(c) = v.read_lock::<PngChart>() {
        return Some(c.0.mime_bundle().without("image/svg+xml"));
    }
    if let Some(t) = v.read_lock::<TargetAnswer>() {
        return Some(t.mime_bundle());
    }
    if let Some(p) = v.read_lock::<Projection>() {
        return p.projection.frame().ok().map(|t| t.mime_bundle());
    }
    if let Some(t) = v.read_lock::<Text>() {
        let b = MimeBundle::text(t.plain.clone());
        return Some(match &t.markdown {
            Some(md) => b.with("text/markdown", md.clone()),
            None => b,
        });
    }
    if let Ok(s) = v.as_immutable_string_ref() {
        return Some(MimeBundle::text(s.to_string()));
    }
    Some(MimeBundle::text(v.to_string()))
}
