//! Scenarios a planner writes: a TOML or CSV file of TPT (and other regressor) paths per region.

use std::collections::BTreeMap;

use super::scenario::{Label, Scenario};
use crate::error::{Error, Result};

#[derive(serde::Deserialize)]
struct TomlFile {
    scenario: Vec<TomlScenario>,
}

#[derive(serde::Deserialize)]
struct TomlScenario {
    name: String,
    region: String,
    values: BTreeMap<String, BTreeMap<String, f64>>,
}

/// Read scenarios from TOML text.
pub fn from_toml(text: &str, file: &str) -> Result<Vec<Scenario>> {
    let f: TomlFile = toml::from_str(text).map_err(|e| Error::Format {
        file: file.into(),
        message: format!("not a scenario TOML file: {e}"),
    })?;
    f.scenario
        .into_iter()
        .map(|s| {
            let mut values = BTreeMap::new();
            for (var, path) in s.values {
                let mut p = BTreeMap::new();
                for (y, v) in path {
                    let year: i32 = y.trim().parse().map_err(|_| Error::BadValue {
                        at: crate::error::Location::cell(
                            file,
                            0,
                            format!("scenario {} / {var}", s.name),
                        ),
                        value: y.clone(),
                        expected: "a year such as 2027".into(),
                    })?;
                    p.insert(year, v);
                }
                values.insert(var, p);
            }
            Ok(Scenario {
                name: s.name,
                region: s.region,
                values,
                path: Label::new(format!("dari berkas {file}"), format!("from file {file}")),
                file: Some(file.to_string()),
                label: Label::default(),
            })
        })
        .collect()
}

/// Read scenarios from CSV text with columns `scenario,region,variable,year,value`.
pub fn from_csv(text: &str, file: &str) -> Result<Vec<Scenario>> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::Format {
            file: file.into(),
            message: e.to_string(),
        })?
        .iter()
        .map(str::to_lowercase)
        .collect();
    let col = |n: &str| {
        header.iter().position(|h| h == n).ok_or_else(|| {
            let near = crate::error::closest(n, header.iter().map(String::as_str), 2);
            Error::Format {
                file: file.into(),
                message: format!(
                    "no column {n:?}{}; a scenario file has the columns scenario, region, variable, year, value (this one has: {})",
                    near.first().map(|c| format!(" (is {c:?} meant?)")).unwrap_or_default(),
                    header.join(", ")
                ),
            }
        })
    };
    let (cs, cr, cv, cy, cx) = (
        col("scenario")?,
        col("region")?,
        col("variable")?,
        col("year")?,
        col("value")?,
    );
    let mut out: BTreeMap<(String, String), Scenario> = BTreeMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| Error::Format {
            file: file.into(),
            message: e.to_string(),
        })?;
        let line = i + 2;
        let get = |c: usize| rec.get(c).unwrap_or("").trim().to_string();
        let year: i32 = get(cy).parse().map_err(|_| Error::BadValue {
            at: crate::error::Location::cell(file, line, "\"year\""),
            value: get(cy),
            expected: "a year such as 2027".into(),
        })?;
        let value = crate::text::parse_number(&get(cx), false)
            .flatten()
            .ok_or_else(|| Error::BadValue {
                at: crate::error::Location::cell(file, line, "\"value\""),
                value: get(cx),
                expected: "a number".into(),
            })?;
        let s = out.entry((get(cs), get(cr))).or_insert_with(|| Scenario {
            name: get(cs),
            region: get(cr),
            values: BTreeMap::new(),
            path: Label::new(format!("dari berkas {file}"), format!("from file {file}")),
            file: Some(file.to_string()),
            label: Label::default(),
        });
        let path = s.values.entry(get(cv)).or_default();
        if let Some(first) = path.insert(year, value).filter(|f| *f != value) {
            return Err(Error::BadValue {
                at: crate::error::Location::cell(file, line, "\"value\""),
                value: value.to_string(),
                expected: format!(
                    "one value per scenario, region, variable and year: {} {} {year} was already {first}",
                    get(cs),
                    get(cv)
                ),
            });
        }
    }
    Ok(out.into_values().collect())
}
