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
    let out = group_thousands(&format!("{:.0}", v.abs()), sep, 4);
    if v < 0.0 && out.chars().any(|c| c != '0' && c != sep) {
        format!("-{out}")
    } else {
        out
    }
}

/// A number's text with its integer part grouped by thousands with `sep` when it has at least
/// `from_digits` digits (`1234567.891` → `1,234,567.891`; with 5, a year such as `2024` stays).
/// Text that is not a plain decimal number is returned as it is.
///
/// ```
/// assert_eq!(indikator::text::group_thousands("-12345.5", ',', 5), "-12,345.5");
/// assert_eq!(indikator::text::group_thousands("2024", ',', 5), "2024");
/// assert_eq!(indikator::text::group_thousands("2000", '.', 4), "2.000");
/// ```
pub fn group_thousands(number: &str, sep: char, from_digits: usize) -> String {
    let (sign, rest) = number.strip_prefix('-').map_or(("", number), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    if int.len() < from_digits || !int.bytes().all(|b| b.is_ascii_digit()) {
        return number.to_string();
    }
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}
