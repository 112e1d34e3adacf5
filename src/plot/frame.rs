//! What every chart shares: the palette, axis ranges and labels, the titled drawing area and the
//! legend outside the data area.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{DrawResult, Lang};

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
