//! JSON: BPS WebAPI responses (see [`super::webapi`]) and arrays of records: Open Data Jabar style (`{"kabupaten": "Kabupaten Bogor", "tahun":
//! 2010, "persentase_miskin": 9.97}`) or tidy (`region`, `year`, `indicator`, `value`).

use serde_json::Value;

use super::records::{Record, semester_label};
use super::{Found, LoadOptions, parse_year, resolve_name};
use crate::error::{Error, Location, Result};
use crate::indicator;
use crate::registry::Registry;

const REGION_KEYS: &[&str] = &[
    "region",
    "kabupaten",
    "kabupaten_kota",
    "nama_kabupaten_kota",
    "kab_kota",
    "wilayah",
    "nama_wilayah",
];
const CODE_KEYS: &[&str] = &["region_code", "kode_kabupaten_kota", "kode_wilayah"];
const YEAR_KEYS: &[&str] = &["year", "tahun"];
const SKIP_KEYS: &[&str] = &[
    "id",
    "provinsi",
    "province",
    "nama_provinsi",
    "kode_provinsi",
    "satuan",
    "unit",
    "source_id",
    "region_type",
    "semester",
    "indicator",
    "value",
];

/// The line on which each top-level object of a JSON array starts.
fn object_lines(text: &[u8]) -> Vec<usize> {
    let (mut line, mut depth, mut in_str, mut esc) = (1usize, 0i32, false, false);
    let mut out = Vec::new();
    for &b in text {
        if b == b'\n' {
            line += 1;
        }
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                if depth == 1 && b == b'{' {
                    out.push(line);
                }
                depth += 1;
            }
            b']' | b'}' => depth -= 1,
            _ => {}
        }
    }
    out
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The parsed document.
fn document(bytes: &[u8], file: &str) -> Result<Value> {
    serde_json::from_slice(bytes).map_err(|e| Error::Format {
        file: file.to_string(),
        message: format!(
            "not valid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ),
    })
}

/// The document's records: a non-empty JSON array.
fn items_of(doc: Value, file: &str) -> Result<Vec<Value>> {
    let Value::Array(items) = doc else {
        return Err(Error::Format {
            file: file.to_string(),
            message: "expected a JSON array of records, or a BPS WebAPI response (datacontent, \
                      vervar, var, tahun)"
                .into(),
        });
    };
    if items.is_empty() {
        return Err(Error::EmptyFile {
            file: file.to_string(),
            expected: "a non-empty array of records".into(),
        });
    }
    Ok(items)
}

pub(super) fn parse(
    bytes: &[u8],
    file: &str,
    source: &str,
    opts: &LoadOptions,
    acc: &mut super::RowAccount,
) -> Result<Vec<Record>> {
    let doc = document(bytes, file)?;
    if let Some(resp) = super::webapi::response(&doc) {
        return super::webapi::parse(resp, file, source, opts, acc);
    }
    let items = items_of(doc, file)?;
    acc.format = Some(super::Format::Json);
    acc.rows = items.len();
    let lines = object_lines(bytes);
    let reg = Registry::bundled();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(0);
        let at = |k: &str| Location::cell(file, line, format!("{k:?}"));
        let Value::Object(obj) = item else {
            return Err(Error::BadValue {
                at: Location::line(file, line),
                value: item.to_string(),
                expected: "a JSON object".into(),
            });
        };
        let find =
            |keys: &'static [&'static str]| keys.iter().find_map(|k| obj.get(*k).map(|v| (*k, v)));
        let (yk, yv) = find(YEAR_KEYS).ok_or_else(|| Error::BadValue {
            at: Location::line(file, line),
            value: item.to_string(),
            expected: "a record with a `tahun` or `year` key".into(),
        })?;
        let year = parse_year(&text(yv)).ok_or_else(|| Error::BadValue {
            at: at(yk),
            value: text(yv),
            expected: "a year such as 2024".into(),
        })?;
        let code = find(CODE_KEYS).map(|(_, v)| text(v)).unwrap_or_default();
        let found = match reg.by_code(&code).filter(|_| !code.is_empty()) {
            Some(r) => {
                if let Some((rk, rv)) = find(REGION_KEYS) {
                    super::check_name_matches(r, &text(rv), &at(rk))?;
                }
                Found::Known(r)
            }
            None => {
                let (rk, rv) = find(REGION_KEYS).ok_or_else(|| Error::BadValue {
                    at: Location::line(file, line),
                    value: item.to_string(),
                    expected: format!("a record with a region key ({})", REGION_KEYS.join(", ")),
                })?;
                resolve_name(&text(rv), None, &at(rk))?
            }
        };
        let semester = obj.get("semester").and_then(|v| semester_label(&text(v)));
        let unit_text = obj.get("satuan").or_else(|| obj.get("unit")).map(text);
        let mut push = |ind: String, key: &str, v: &Value| -> Result<()> {
            let value = match v {
                Value::Number(n) => n.as_f64(),
                Value::Null => None,
                Value::String(s) => {
                    super::grid::parse_number(s, false).ok_or_else(|| Error::BadValue {
                        at: at(key),
                        value: s.clone(),
                        expected: "a number".into(),
                    })?
                }
                other => {
                    return Err(Error::BadValue {
                        at: at(key),
                        value: other.to_string(),
                        expected: "a number".into(),
                    });
                }
            };
            let unit = indicator::unit_for(&ind, unit_text.as_deref());
            out.push(found.record(year, semester.clone(), &ind, value, unit, source, at(key)));
            Ok(())
        };
        // `indicator` and `value`, or `value` named by the indicator option.
        if let Some(v) = obj.get("value")
            && let Some(ind) = opts
                .indicator
                .clone()
                .or_else(|| obj.get("indicator").map(text))
        {
            push(ind, "value", v)?;
            continue;
        }
        let value_keys: Vec<&String> = obj
            .keys()
            .filter(|k| {
                let k = k.as_str();
                !SKIP_KEYS.contains(&k)
                    && !REGION_KEYS.contains(&k)
                    && !CODE_KEYS.contains(&k)
                    && !YEAR_KEYS.contains(&k)
            })
            .collect();
        if value_keys.is_empty() {
            return Err(no_value(Location::line(file, line), item));
        }
        for k in &value_keys {
            let ind = indicator_of_key(k, opts, value_keys.len(), &at(k))?;
            push(ind, k, &obj[k.as_str()])?;
        }
    }
    if out.is_empty() {
        return Err(Error::EmptyFile {
            file: file.to_string(),
            expected: "records with values".into(),
        });
    }
    // Every object gave values or stopped the load with an error.
    acc.data_rows = items.len();
    Ok(out)
}

/// A record without a value the loader can name.
fn no_value(at: Location, item: &Value) -> Error {
    Error::BadValue {
        at,
        value: item.to_string(),
        expected: "a record with a value (an indicator key such as `persentase_penduduk_miskin`, or `indicator` and `value`, or `value` with the indicator option)".into(),
    }
}

/// The indicator a value key holds: the options' when it is the only one, else the key's own
/// name; a key that only says "value" (`nilai`) is an error.
fn indicator_of_key(k: &str, opts: &LoadOptions, n_keys: usize, at: &Location) -> Result<String> {
    if let (Some(n), 1) = (&opts.indicator, n_keys) {
        return Ok(n.clone());
    }
    match indicator::from_text(k) {
        Some(x) => Ok(x.name.to_string()),
        None if GENERIC_VALUE_KEYS.contains(&k.to_lowercase().as_str()) => Err(Error::BadValue {
            at: at.clone(),
            value: k.to_string(),
            expected: "an indicator: the key says only \"value\"; name the indicator with the indicator option (e.g. poverty_rate)".into(),
        }),
        None => Ok(indicator::slug(k)),
    }
}

/// Value keys that do not say which indicator the value is.
const GENERIC_VALUE_KEYS: &[&str] = &["nilai", "value", "jumlah", "angka", "data"];

#[cfg(test)]
mod tests {
    #[test]
    fn object_start_lines_are_found() {
        let t = b"[\n  {\"a\": \"{\"},\n  {\"b\": 1}\n]";
        assert_eq!(super::object_lines(t), vec![2, 3]);
    }
}
