//! BPS WebAPI responses (`list/model/data`) as saved from the API: the dimensions `vervar`
//! (regions), `var` (the variable), `turvar` (its breakdown), `tahun` (years) and `turtahun` (the
//! period within a year), each a list of `{val, label}`, and `datacontent`, whose keys are the
//! five `val`s written one after another (`vervar` `var` `turvar` `tahun` `turtahun`): the value
//! of region 3272, variable 621, no breakdown (0), year 124 (= 2024), annual (0) is at
//! `"327262101240"`. A response wrapped in an envelope (`{"payload": {…}}`, `{"data": {…}}`) is
//! unwrapped. A region listed without a value in a year is a gap; a `datacontent` key that no
//! combination of the dimensions makes is an error (it would be a value lost).

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::bps::ProvinceContext;
use super::records::{Record, semester_label};
use super::{Found, LoadOptions, parse_year};
use crate::error::{Error, Location, Result};
use crate::indicator;
use crate::registry::Registry;

/// The response object within a document: the document itself or its `payload` / `data`.
pub(super) fn response(doc: &Value) -> Option<&Map<String, Value>> {
    let obj = doc.as_object()?;
    if obj.contains_key("datacontent") {
        return Some(obj);
    }
    ["payload", "data", "response"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(response))
}

/// One dimension entry: its `val` as written in the keys, and its label.
struct Entry {
    val: String,
    label: String,
}

fn entries(resp: &Map<String, Value>, key: &str, file: &str) -> Result<Vec<Entry>> {
    let list = resp
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| Error::Format {
            file: file.to_string(),
            message: format!("BPS WebAPI response without a `{key}` list"),
        })?;
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    Ok(list
        .iter()
        .map(|e| Entry {
            val: text(e.get("val")),
            label: text(e.get("label")),
        })
        .collect())
}

/// The semester a `turtahun` label names (`Semester 1 (Maret)`), `None` for the whole year.
fn period(label: &str) -> Option<String> {
    label
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(semester_label)
        .find(|s| matches!(s.as_str(), "March" | "September"))
}

/// A `turvar` entry that is no breakdown (`Tidak ada`, `Total`, `Jumlah`).
fn no_breakdown(label: &str) -> bool {
    matches!(
        label.to_lowercase().as_str(),
        "tidak ada" | "total" | "jumlah" | "" | "none"
    )
}

pub(super) fn parse(
    resp: &Map<String, Value>,
    file: &str,
    source: &str,
    opts: &LoadOptions,
    acc: &mut super::RowAccount,
) -> Result<Vec<Record>> {
    let content = resp
        .get("datacontent")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::Format {
            file: file.to_string(),
            message: "BPS WebAPI response whose `datacontent` is not an object".into(),
        })?;
    let (regions, vars) = (entries(resp, "vervar", file)?, entries(resp, "var", file)?);
    let turvars = entries(resp, "turvar", file)?;
    let (years, periods) = (
        entries(resp, "tahun", file)?,
        entries(resp, "turtahun", file)?,
    );
    if let Some(t) = turvars.iter().find(|t| !no_breakdown(&t.label)) {
        return Err(Error::Format {
            file: file.to_string(),
            message: format!(
                "the response breaks the variable down by `{}`; indikator reads one value per \
                 region and year — request the table without a breakdown (turvar 0)",
                t.label
            ),
        });
    }
    let at = |key: &str| Location::cell(file, 0, format!("datacontent {key:?}"));
    let reg = Registry::bundled();
    let mut provinces = ProvinceContext::new(opts)?;
    let mut used: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for r in &regions {
        let place = Location::cell(file, 0, format!("vervar {:?}", r.label));
        let found = match reg.by_code(&r.val) {
            Some(k) => {
                super::check_name_matches(k, &r.label, &place)?;
                Found::Known(k)
            }
            None => provinces.found(&r.label, &place)?,
        };
        for v in &vars {
            let (ind, unit) = match &opts.indicator {
                Some(n) => (n.clone(), indicator::unit_for(n, None)),
                None => {
                    let i = indicator::from_text(&v.label).ok_or_else(|| Error::BadValue {
                        at: Location::cell(file, 0, "var"),
                        value: v.label.clone(),
                        expected: "a variable indikator knows (see `indikator data list`); pass \
                                   --indicator NAME"
                            .into(),
                    })?;
                    let u = resp_unit(resp, &v.val);
                    (
                        i.name.to_string(),
                        indicator::unit_for(i.name, u.as_deref()),
                    )
                }
            };
            for t in &turvars {
                for y in &years {
                    let year = parse_year(&y.label).ok_or_else(|| Error::BadValue {
                        at: Location::cell(file, 0, "tahun"),
                        value: y.label.clone(),
                        expected: "a year such as 2024".into(),
                    })?;
                    for p in &periods {
                        let key = format!("{}{}{}{}{}", r.val, v.val, t.val, y.val, p.val);
                        let value = cell(content.get(&key), at(&key))?;
                        let sem = period(&p.label);
                        out.push(found.record(
                            year,
                            sem,
                            &ind,
                            value,
                            unit.clone(),
                            source,
                            at(&key),
                        ));
                        used.insert(key);
                    }
                }
            }
        }
    }
    if let Some(stray) = content.keys().find(|k| !used.contains(*k)) {
        return Err(Error::BadValue {
            at: at(stray),
            value: content[stray].to_string(),
            expected: "a value whose key is made of the response's vervar, var, turvar, tahun and \
                       turtahun values; this one matches none of them, so it cannot be placed"
                .into(),
        });
    }
    if out.is_empty() {
        return Err(Error::EmptyFile {
            file: file.to_string(),
            expected: "a WebAPI response with regions (vervar) and years (tahun)".into(),
        });
    }
    acc.format = Some(super::Format::Json);
    acc.rows = regions.len();
    acc.data_rows = regions.len();
    Ok(out)
}

/// The unit the response's `var` entry gives (`Persen`).
fn resp_unit(resp: &Map<String, Value>, val: &str) -> Option<String> {
    resp.get("var")?
        .as_array()?
        .iter()
        .find(|v| {
            v.get("val")
                .is_some_and(|x| x.to_string().trim_matches('"') == val)
        })?
        .get("unit")?
        .as_str()
        .map(str::to_string)
}

/// A `datacontent` value: a number, a number as text, or absent / null (a gap).
fn cell(v: Option<&Value>, at: Location) -> Result<Option<f64>> {
    let bad = |value: String| Error::BadValue {
        at: at.clone(),
        value,
        expected: "a number".into(),
    };
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(Value::String(s)) => super::grid::parse_number(s, false).ok_or_else(|| bad(s.clone())),
        Some(other) => Err(bad(other.to_string())),
    }
}
