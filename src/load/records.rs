//! The tidy long record, its checks (ranges, placeholder zeros, duplicates) and its DataFrame.

use std::collections::HashMap;

use polars::prelude::*;

use crate::error::{Error, Location, PolarsContext, Result};
use crate::indicator;
use crate::registry::{Region, RegionType, Registry};

use super::account::RowAccount;

/// Column names of the tidy long frame, in order.
pub const TIDY_COLUMNS: [&str; 10] = [
    "region_code",
    "region",
    "region_type",
    "province",
    "year",
    "semester",
    "indicator",
    "value",
    "unit",
    "source_id",
];

/// One observation: a region, a year (and semester), an indicator and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// BPS code, where the region is in the registry (or the file gives one).
    pub region_code: Option<String>,
    /// Official name.
    pub region: String,
    /// Level.
    pub region_type: RegionType,
    /// Province name (for kab/kota and provinces).
    pub province: Option<String>,
    /// Year.
    pub year: i32,
    /// `March` / `September` where the source distinguishes them.
    pub semester: Option<String>,
    /// Canonical indicator name.
    pub indicator: String,
    /// The value; `None` for a published gap.
    pub value: Option<f64>,
    /// Unit.
    pub unit: String,
    /// Source id.
    pub source_id: String,
    /// Where it came from (for error messages).
    pub at: Location,
}

impl Record {
    /// A record for a registry region.
    #[allow(clippy::too_many_arguments)]
    pub fn for_region(
        region: &Region,
        year: i32,
        semester: Option<String>,
        indicator: &str,
        value: Option<f64>,
        unit: String,
        source_id: &str,
        at: Location,
    ) -> Record {
        let reg = Registry::bundled();
        let province = match region.region_type {
            RegionType::Province => Some(region.name.clone()),
            RegionType::Country => None,
            _ => region
                .parent
                .as_deref()
                .and_then(|p| reg.by_code(p))
                .map(|p| p.name.clone()),
        };
        Record {
            region_code: Some(region.code.clone()),
            region: region.name.clone(),
            region_type: region.region_type,
            province,
            year,
            semester,
            indicator: indicator.to_string(),
            value,
            unit,
            source_id: source_id.to_string(),
            at,
        }
    }
}

/// Notes produced while loading (placeholder zeros turned into gaps, exact duplicates merged).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadNotes {
    /// Human-readable notes, one per event.
    pub notes: Vec<String>,
    /// One row account per file, in the order read (see [`super::account`]).
    pub accounts: Vec<RowAccount>,
}

impl LoadNotes {
    /// Add a file's account (merged into the earlier one when the same file is read twice).
    pub(crate) fn add_account(&mut self, acc: RowAccount) {
        match self.accounts.iter_mut().find(|a| a.file == acc.file) {
            Some(a) => a.absorb(acc),
            None => self.accounts.push(acc),
        }
    }

    fn account(&mut self, file: &str) -> Option<&mut RowAccount> {
        self.accounts.iter_mut().find(|a| a.file == file)
    }

    /// Whether every file's rows and values are accounted for.
    pub fn balanced(&self) -> bool {
        self.accounts.iter().all(RowAccount::balanced)
    }
}

/// Normalise a semester label (`Maret` → `March`).
pub fn semester_label(s: &str) -> Option<String> {
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    Some(
        match t.as_str() {
            "maret" | "march" | "mar" | "semester 1" | "semester i" => "March",
            "september" | "sep" | "sept" | "semester 2" | "semester ii" => "September",
            _ => return Some(s.trim().to_string()),
        }
        .to_string(),
    )
}

/// Check a value against its indicator's range; a `0` where the indicator is positive for every
/// existing region becomes a gap (returns `true`), noted.
fn check_value(r: &mut Record, reg: &Registry, notes: &mut LoadNotes) -> Result<bool> {
    let info = indicator::by_name(&r.indicator);
    if let (Some(v), Some(info)) = (r.value, info) {
        let start = r
            .region_code
            .as_deref()
            .and_then(|c| reg.by_code(c))
            .and_then(Region::start_year);
        let before_start = start.is_some_and(|s| r.year < s);
        if v != 0.0 && before_start {
            // Published, so kept; but the reader should know the area was the parent's then.
            notes.notes.push(format!(
                "{}: {} {} = {v} is from before {} had statistics of its own ({}); kept as \
                 published — before the split the parent region's series covers this area / \
                 nilai sebelum pemekaran, tetap dipakai",
                r.at,
                r.region,
                r.year,
                r.region,
                start.unwrap_or_default()
            ));
        }
        if v == 0.0 && (info.strictly_positive || before_start) {
            let why = match start {
                Some(s) if r.year < s => {
                    format!("{} has separate statistics only from {s}", r.region)
                }
                _ => format!("{} cannot be 0 for a region that exists", r.indicator),
            };
            notes
                .notes
                .push(format!("{}: 0 read as a gap (placeholder; {why})", r.at));
            r.value = None;
            return Ok(true);
        } else if !(info.min..=info.max).contains(&v) {
            return Err(Error::OutOfRange {
                at: r.at.clone(),
                indicator: r.indicator.clone(),
                value: v,
                expected: if info.max.is_finite() {
                    format!("{}–{} ({})", info.min, info.max, info.unit)
                } else {
                    format!("values ≥ {} ({})", info.min, info.unit)
                },
            });
        }
    }
    Ok(false)
}

/// Check ranges, turn placeholder zeros into gaps, and reject conflicting duplicates.
pub fn validate(records: Vec<Record>, notes: &mut LoadNotes) -> Result<Vec<Record>> {
    let reg = Registry::bundled();
    let mut out: Vec<Record> = Vec::with_capacity(records.len());
    let mut seen: HashMap<(String, i32, Option<String>, String), usize> = HashMap::new();
    // Indices into `out` of gaps that were placeholder zeros (for the row account).
    let mut placeholders = std::collections::HashSet::new();
    for mut r in records {
        let placeholder = check_value(&mut r, reg, notes)?;
        let key_region = r
            .region_code
            .clone()
            .unwrap_or_else(|| format!("{}/{}", r.province.as_deref().unwrap_or(""), r.region));
        let key = (key_region, r.year, r.semester.clone(), r.indicator.clone());
        if let Some(&i) = seen.get(&key) {
            let first = &out[i];
            let same = match (first.value, r.value) {
                (Some(a), Some(b)) => a == b,
                (None, None) => true,
                // A gap in one source and a value in another: keep the value.
                _ => {
                    notes.notes.push(format!(
                        "{}: {} {} {} is a gap at {} and a value at the other: the value kept",
                        r.at, r.region, r.year, r.indicator, first.at
                    ));
                    let file = r.at.file.clone();
                    if first.value.is_none() {
                        out[i] = r;
                        placeholders.remove(&i);
                    }
                    if let Some(a) = notes.account(&file) {
                        a.merged += 1;
                    }
                    continue;
                }
            };
            if !same {
                let fmt = |v: Option<f64>| v.map_or("(missing)".to_string(), |v| v.to_string());
                let file = if first.at.file == r.at.file {
                    r.at.file.clone()
                } else {
                    format!("{} and {}", first.at.file, r.at.file)
                };
                return Err(Error::Duplicate(Box::new(crate::error::Duplicate {
                    file,
                    region: r.region.clone(),
                    year: r.year,
                    indicator: r.indicator.clone(),
                    first_line: first.at.line,
                    first_value: fmt(first.value),
                    second_line: r.at.line,
                    second_value: fmt(r.value),
                })));
            }
            notes.notes.push(format!(
                "{}: repeats {} {} {} of {} (same value): kept once",
                r.at, r.region, r.year, r.indicator, first.at
            ));
            if let Some(a) = notes.account(&r.at.file) {
                a.merged += 1;
            }
            continue;
        }
        if placeholder {
            placeholders.insert(out.len());
        }
        seen.insert(key, out.len());
        out.push(r);
    }
    count_kept(&out, &placeholders, notes);
    out.sort_by(|a, b| {
        (
            &a.indicator,
            a.year,
            &a.semester,
            a.region_code.is_none(),
            &a.region_code,
            &a.region,
        )
            .cmp(&(
                &b.indicator,
                b.year,
                &b.semester,
                b.region_code.is_none(),
                &b.region_code,
                &b.region,
            ))
    });
    Ok(out)
}

/// Values kept and gaps among them (marked, or placeholder zeros), per file.
fn count_kept(
    out: &[Record],
    placeholders: &std::collections::HashSet<usize>,
    notes: &mut LoadNotes,
) {
    for (i, r) in out.iter().enumerate() {
        if let Some(a) = notes.account(&r.at.file) {
            a.values_out += 1;
            match (r.value, placeholders.contains(&i)) {
                (Some(_), _) => {}
                (None, true) => a.gaps_placeholder += 1,
                (None, false) => a.gaps_marked += 1,
            }
        }
    }
}

/// The tidy long DataFrame of these records (columns [`TIDY_COLUMNS`]).
pub fn to_frame(records: &[Record]) -> Result<DataFrame> {
    let s = |f: &dyn Fn(&Record) -> Option<String>| {
        records.iter().map(f).collect::<Vec<Option<String>>>()
    };
    let cols = vec![
        Column::new("region_code".into(), s(&|r| r.region_code.clone())),
        Column::new("region".into(), s(&|r| Some(r.region.clone()))),
        Column::new(
            "region_type".into(),
            s(&|r| Some(r.region_type.as_str().to_string())),
        ),
        Column::new("province".into(), s(&|r| r.province.clone())),
        Column::new(
            "year".into(),
            records.iter().map(|r| r.year).collect::<Vec<i32>>(),
        ),
        Column::new("semester".into(), s(&|r| r.semester.clone())),
        Column::new("indicator".into(), s(&|r| Some(r.indicator.clone()))),
        Column::new(
            "value".into(),
            records
                .iter()
                .map(|r| r.value)
                .collect::<Vec<Option<f64>>>(),
        ),
        Column::new("unit".into(), s(&|r| Some(r.unit.clone()))),
        Column::new("source_id".into(), s(&|r| Some(r.source_id.clone()))),
    ];
    DataFrame::new(records.len(), cols).ctx("building the tidy frame")
}
