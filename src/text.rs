//! Small text primitives every layer uses: HTML escaping, and numbers as BPS and Open Data Jabar
//! write them (decimal comma or point, thousands separators, missing-value markers).
//!
//! ```
//! use indikator::text::{escape_html, parse_number};
//! assert_eq!(escape_html("P0 < 5%"), "P0 &lt; 5%");
//! assert_eq!(parse_number("1.234,5", true), Some(Some(1234.5)));
//! assert_eq!(parse_number("-", false), Some(None));
//! ```

/// Escape text for HTML.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether a cell is one of BPS's missing-value markers.
pub fn is_missing_marker(s: &str) -> bool {
    matches!(
        s.trim(),
        "" | "-" | "–" | "—" | "…" | "..." | "NA" | "N/A" | "n.a." | "(NA)" | "x"
    )
}

/// Parse a number as BPS and ODJ files write it. `None` means "not a number"; `Some(None)` a
/// missing marker.
pub fn parse_number(text: &str, decimal_comma: bool) -> Option<Option<f64>> {
    let t = text.trim().replace(['\u{a0}', ' '], "");
    if is_missing_marker(&t) {
        return Some(None);
    }
    // The file's convention decides (see `decimal_convention`): the other mark is a thousands
    // separator.
    let t = if decimal_comma {
        t.replace('.', "").replace(',', ".")
    } else {
        t.replace(',', "")
    };
    let t = t.strip_suffix('%').unwrap_or(&t);
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(Some(v)),
        _ => None,
    }
}

/// A whole number with the reader's thousands separator (`2.000` in Indonesian, `2,000` in
/// English), rounded.
///
/// ```
/// assert_eq!(indikator::text::thousands(1234567.4, '.'), "1.234.567");
/// assert_eq!(indikator::text::thousands(-2000.0, ','), "-2,000");
/// ```
pub fn thousands(v: f64, sep: char) -> String {
    let s = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    if v < 0.0 && out.chars().any(|c| c != '0' && c != sep) {
        format!("-{out}")
    } else {
        out
    }
}
