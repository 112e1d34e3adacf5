//! Rich display: every result type of the library renders itself as a MIME bundle.
//!
//! A [`MimeBundle`] maps MIME types to representations, always with `text/plain`. The notebook
//! kernel sends bundles as `display_data` / `execute_result`; Rust notebooks (evcxr) get the same
//! output through [`RichDisplay::evcxr_display`].
//!
//! | type | representations |
//! | --- | --- |
//! | `DataFrame` | `text/html` (like Python polars' notebook table) + `text/plain` |
//! | [`Fit`], [`RegressionTable`] | `text/markdown` + `text/html` + `text/plain` |
//! | [`TestStat`], [`ModelChoice`], [`TargetAnswer`] | `text/markdown` + `text/plain` |
//! | [`Chart`] | `image/svg+xml` + `image/png` (base64) + `text/plain` |
//!
//! ```
//! use indikator::display::RichDisplay;
//! let fit = indikator::model::ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")?
//!     .fit_panel(&indikator::datasets::jabar_panel()?)?;
//! let bundle = fit.mime_bundle();
//! assert!(bundle.get("text/html").unwrap().contains("unemployment_rate"));
//! # Ok::<(), indikator::Error>(())
//! ```

use base64::Engine as _;
use polars::prelude::*;

use crate::choice::ModelChoice;
use crate::compare::{RegressionTable, TableFormat};
use crate::hypothesis::TestStat;
use crate::model::Fit;
use crate::plot::Chart;
use crate::projection::TargetAnswer;

/// An ordered set of representations of one value, keyed by MIME type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MimeBundle {
    entries: Vec<(String, String)>,
}

impl MimeBundle {
    /// A bundle with only `text/plain`.
    pub fn text(text: impl Into<String>) -> MimeBundle {
        MimeBundle {
            entries: vec![("text/plain".into(), text.into())],
        }
    }

    /// The bundle without one representation.
    pub fn without(mut self, mime: &str) -> MimeBundle {
        self.entries.retain(|(m, _)| m != mime);
        self
    }

    /// Add (or replace) one representation. Binary formats (`image/png`) are base64 text.
    pub fn with(mut self, mime: &str, value: impl Into<String>) -> MimeBundle {
        let value = value.into();
        match self.entries.iter_mut().find(|(m, _)| m == mime) {
            Some(e) => e.1 = value,
            None => self.entries.push((mime.into(), value)),
        }
        self
    }

    /// The representation of one MIME type.
    pub fn get(&self, mime: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(m, _)| m == mime)
            .map(|(_, v)| v.as_str())
    }

    /// MIME types present, in insertion order.
    pub fn mimes(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(m, _)| m.as_str())
    }

    /// The bundle as the JSON object of a Jupyter `data` field.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.entries
                .iter()
                .map(|(m, v)| (m.clone(), serde_json::Value::String(v.clone())))
                .collect(),
        )
    }
}

/// A value that can show itself richly in a notebook.
pub trait RichDisplay {
    /// All representations of the value (always with `text/plain`).
    fn mime_bundle(&self) -> MimeBundle;

    /// Print the bundle in evcxr's protocol, so `value.evcxr_display()` shows the same output in
    /// a Rust notebook (bring the trait into scope: `use indikator::display::RichDisplay;`).
    fn evcxr_display(&self) {
        let b = self.mime_bundle();
        for (mime, value) in &b.entries {
            if mime == "text/plain" && b.entries.len() > 1 {
                continue;
            }
            println!("EVCXR_BEGIN_CONTENT {mime}\n{value}\nEVCXR_END_CONTENT");
        }
    }
}

pub use crate::text::escape_html;

/// A cell's text: strings quoted, numbers with their column's decimals (the workbook's) and
/// thousands grouped, else up to 6 significant decimals as polars prints.
fn cell_text(v: &AnyValue, decimals: Option<usize>) -> String {
    let float = match v {
        AnyValue::Float64(x) => Some(*x),
        AnyValue::Float32(x) => Some(f64::from(*x)),
        _ => None,
    };
    match (v, float) {
        (AnyValue::Null, _) => "null".into(),
        (AnyValue::String(s), _) => format!("\"{s}\""),
        (AnyValue::StringOwned(s), _) => format!("\"{s}\""),
        (_, Some(x)) => match decimals {
            Some(d) if x.is_finite() => grouped(&format!("{x:.d$}")),
            _ => format_float(x),
        },
        (other, None) if other.is_integer() && decimals.is_some() => grouped(&other.to_string()),
        (other, None) => other.to_string(),
    }
}

/// Grouped by thousands from five digits (years stay as they are).
fn grouped(number: &str) -> String {
    crate::text::group_thousands(number, ',', 5)
}

fn format_float(x: f64) -> String {
    if x.is_finite() && x != 0.0 && (x.abs() >= 1e10 || x.abs() < 1e-4) {
        format!("{x:e}")
    } else if x.is_finite() {
        // Up to 6 significant decimals, trailing zeros trimmed (as polars prints).
        let s = format!("{x:.6}");
        let s = s.trim_end_matches('0');
        grouped(
            &s.strip_suffix('.')
                .map(|t| format!("{t}.0"))
                .unwrap_or(s.into()),
        )
    } else {
        x.to_string()
    }
}

/// The workbook's header of a column indikator's frames use.
fn known_header(column: &str) -> Option<&'static crate::workbook::Header> {
    crate::workbook::HEADERS.iter().find(|h| h.column == column)
}

/// HTML table of a frame in the layout of Python polars' `_repr_html_`: shape, a header row and
/// one of dtypes, strings quoted, nulls as `null`, at most `max_rows` rows (first half, a row of
/// `…`, last half). Columns indikator knows get the workbook's headers — Indonesian, English
/// below, the column's name beside its dtype — and the workbook's decimals; numbers are grouped
/// by thousands.
pub fn frame_html(df: &DataFrame, max_rows: usize) -> String {
    let (h, w) = df.shape();
    let mut s = String::from(
        "<div><style>\n.dataframe > thead > tr,\n.dataframe > tbody > tr {\n  text-align: right;\n  white-space: pre-wrap;\n}\n</style>\n",
    );
    s.push_str(&format!(
        "<small>shape: ({h}, {w})</small><table border=\"1\" class=\"dataframe\"><thead><tr>"
    ));
    let headers: Vec<_> = df
        .columns()
        .iter()
        .map(|c| known_header(c.name()))
        .collect();
    for (c, head) in df.columns().iter().zip(&headers) {
        match head {
            Some(hd) if hd.id != hd.en => s.push_str(&format!(
                "<th>{}<br><small>{}</small></th>",
                escape_html(hd.id),
                escape_html(hd.en)
            )),
            Some(hd) => s.push_str(&format!("<th>{}</th>", escape_html(hd.id))),
            None => s.push_str(&format!("<th>{}</th>", escape_html(c.name()))),
        }
    }
    s.push_str("</tr><tr>");
    for (c, head) in df.columns().iter().zip(&headers) {
        let dtype = escape_html(&c.dtype().to_string());
        match head {
            Some(_) => s.push_str(&format!(
                "<td><code>{}</code> {dtype}</td>",
                escape_html(c.name())
            )),
            None => s.push_str(&format!("<td>{dtype}</td>")),
        }
    }
    s.push_str("</tr></thead><tbody>");
    let rows: Vec<Option<usize>> = if h <= max_rows.max(2) {
        (0..h).map(Some).collect()
    } else {
        let top = max_rows.max(2) / 2;
        let bottom = max_rows.max(2) - top;
        (0..top)
            .map(Some)
            .chain(std::iter::once(None))
            .chain((h - bottom..h).map(Some))
            .collect()
    };
    for r in rows {
        s.push_str("<tr>");
        for (c, head) in df.columns().iter().zip(&headers) {
            let decimals = head.and_then(|hd| hd.decimals);
            let text = match r {
                Some(i) => c
                    .get(i)
                    .map(|v| cell_text(&v, decimals))
                    .unwrap_or_else(|_| "null".into()),
                None => "&hellip;".into(),
            };
            if r.is_some() {
                s.push_str(&format!("<td>{}</td>", escape_html(&text)));
            } else {
                s.push_str(&format!("<td>{text}</td>"));
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    s
}

impl RichDisplay for DataFrame {
    fn mime_bundle(&self) -> MimeBundle {
        // Up to 25 rows whole (a region's panel, 2007–2025, opens on its recent years too).
        MimeBundle::text(format!("{self}")).with("text/html", frame_html(self, 25))
    }
}

impl RichDisplay for Fit {
    fn mime_bundle(&self) -> MimeBundle {
        let t = RegressionTable::new(&[("", self)]);
        MimeBundle::text(self.to_string())
            .with("text/markdown", t.render(TableFormat::Markdown))
            .with("text/html", t.render(TableFormat::Html))
    }
}

impl RichDisplay for RegressionTable {
    fn mime_bundle(&self) -> MimeBundle {
        MimeBundle::text(self.render(TableFormat::Text))
            .with("text/markdown", self.render(TableFormat::Markdown))
            .with("text/html", self.render(TableFormat::Html))
    }
}

impl RichDisplay for TestStat {
    fn mime_bundle(&self) -> MimeBundle {
        let md = format!(
            "**{}**  \nH0: {}  \nstatistic = {:.4}, {}, p-value = {:.4}",
            self.name, self.null, self.statistic, self.dist, self.p_value
        );
        MimeBundle::text(self.to_string()).with("text/markdown", md)
    }
}

impl RichDisplay for ModelChoice {
    fn mime_bundle(&self) -> MimeBundle {
        // The tests as a markdown table and the reasons as prose (a fixed-width block broke
        // the sentences mid-word in JupyterLab).
        MimeBundle::text(self.to_string()).with("text/markdown", self.markdown())
    }
}

impl RichDisplay for TargetAnswer {
    fn mime_bundle(&self) -> MimeBundle {
        let text = format!(
            "Target P0 {target}% in {year}, {region}: {var} needed {req:.2} (95% CI {lo:.2} to {hi:.2}); \
             observed range {a:.2}–{b:.2}, last {last:.2}.\n{en}\n{id}",
            target = self.target,
            year = self.year,
            region = self.region,
            var = self.variable,
            req = self.required,
            lo = self.ci_low,
            hi = self.ci_high,
            a = self.observed_range.0,
            b = self.observed_range.1,
            last = self.last_observed,
            en = self.message_en,
            id = self.message_id,
        );
        let md = format!(
            "**Target / target: P0 {}% ({})** — {}  \n| | |\n|---|---|\n| {} needed / dibutuhkan | {:.2} (95% CI {:.2} – {:.2}) |\n| observed range / rentang data | {:.2} – {:.2} |\n| last observed / terakhir | {:.2} |\n\n{}  \n*{}*",
            self.target,
            self.year,
            self.region,
            self.variable,
            self.required,
            self.ci_low,
            self.ci_high,
            self.observed_range.0,
            self.observed_range.1,
            self.last_observed,
            self.message_en,
            self.message_id
        );
        MimeBundle::text(text).with("text/markdown", md)
    }
}

/// The chart's SVG scaled to the output area: width 100% (at most its drawn width), height from
/// its viewBox — a 1,100 px chart no longer overflows an 850 px notebook column.
fn responsive_svg(svg: &str) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg.to_string();
    };
    let end = svg[start..].find('>').map_or(svg.len(), |e| start + e);
    let tag = &svg[start..end];
    let attr = |name: &str| {
        let key = format!(" {name}=\"");
        tag.find(&key).and_then(|i| {
            let v = &tag[i + key.len()..];
            v.find('"')
                .map(|j| (i, i + key.len() + j + 1, v[..j].to_string()))
        })
    };
    match (attr("width"), attr("height"), tag.contains("viewBox")) {
        (Some((wi, wj, w)), Some((hi, hj, _)), true) if wj <= hi => format!(
            "{}{} width=\"100%\" style=\"max-width:{w}px;height:auto\"{}{}{}",
            &svg[..start],
            &tag[..wi],
            &tag[wj..hi],
            &tag[hj..],
            &svg[end..]
        ),
        _ => svg.to_string(),
    }
}

impl RichDisplay for Chart {
    fn mime_bundle(&self) -> MimeBundle {
        MimeBundle::text(format!("<Chart: {}>", self.title))
            .with("image/svg+xml", responsive_svg(&self.svg))
            .with(
                "image/png",
                base64::engine::general_purpose::STANDARD.encode(&self.png),
            )
    }
}

impl RichDisplay for crate::spatial::SpatialFit {
    fn mime_bundle(&self) -> MimeBundle {
        let text = self.to_string();
        let md = format!("```text\n{text}\n```");
        MimeBundle::text(text).with("text/markdown", md)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A notebook's SVG fills the column up to its drawn width.
    #[test]
    fn svg_scales_to_the_output_width() {
        let svg = "<?xml?>\n<svg width=\"1100\" height=\"560\" viewBox=\"0 0 1100 560\" xmlns=\"x\">\n<rect/></svg>";
        let r = responsive_svg(svg);
        assert_eq!(
            r,
            "<?xml?>\n<svg width=\"100%\" style=\"max-width:1100px;height:auto\" viewBox=\"0 0 1100 560\" xmlns=\"x\">\n<rect/></svg>"
        );
    }

    #[test]
    fn frame_html_like_python_polars() {
        let df = df!("name" => ["Kota <A>", "B"], "p0" => [Some(7.5), None]).unwrap();
        let h = frame_html(&df, 10);
        assert!(h.contains("<small>shape: (2, 2)</small>"));
        assert!(h.contains("<th>name</th><th>p0</th></tr><tr><td>str</td><td>f64</td>"));
        assert!(h.contains("<td>&quot;Kota &lt;A&gt;&quot;</td><td>7.5</td>"));
        assert!(h.contains("<td>null</td>"));
    }

    #[test]
    fn known_columns_get_the_workbooks_headers_and_decimals() {
        let df = df!(
            "region" => ["Kota Sukabumi"],
            "pi80_low" => [6.5],
            "poverty_line" => [712_345.6],
            "persons" => [1_234_567.0]
        )
        .unwrap();
        let h = frame_html(&df, 10);
        assert!(
            h.contains("<th>SP 80% bawah (%)<br><small>80% PI low (%)</small></th>"),
            "{h}"
        );
        assert!(h.contains("<td><code>pi80_low</code> f64</td>"), "{h}");
        // The workbook's decimals (2 for P0 bands, 0 for the poverty line), thousands grouped.
        assert!(
            h.contains("<td>6.50</td><td>712,346</td><td>1,234,567.0</td>"),
            "{h}"
        );
        assert_eq!(grouped("-12345.5"), "-12,345.5");
        assert_eq!(grouped("2024"), "2024");
    }

    #[test]
    fn long_frames_are_cut_in_the_middle() {
        let df = df!("x" => (0..25i64).collect::<Vec<_>>()).unwrap();
        let h = frame_html(&df, 10);
        assert_eq!(h.matches("<tr>").count(), 2 + 11);
        assert!(h.contains("<td>4</td></tr><tr><td>&hellip;</td></tr><tr><td>20</td>"));
    }
}
