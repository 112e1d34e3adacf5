//! `Panel`: indicators joined into a region × year wide frame, with a report on balance, gaps and
//! the known series breaks.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use polars::prelude::*;

use crate::columns::{floats, ints, strings};
use crate::error::{Error, PolarsContext, Result};

/// A region × time wide frame with named entity and time columns.
///
/// Columns: the entity column (`region_code` for panels built from the tidy frame), `region`
/// (name), the time column (`year`, i32), then one f64 column per indicator. A row exists for a
/// region-year with at least one published value; a missing value is null, never filled.
#[derive(Debug, Clone)]
pub struct Panel {
    df: DataFrame,
    entity: String,
    time: String,
}

/// A series break or data caveat known for the bundled statistics.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KnownBreak {
    /// Indicator concerned.
    pub indicator: &'static str,
    /// First year of the new series.
    pub year: i32,
    /// What it is.
    pub note: &'static str,
}

/// The semester kept where BPS publishes two (March: BPS's reference for poverty).
pub const DEFAULT_SEMESTER: &str = "March";

/// Breaks and caveats documented in `data/SOURCES.md`.
pub const KNOWN_BREAKS: &[KnownBreak] = &[
    KnownBreak {
        indicator: "poverty_rate",
        year: 2015,
        note: "possible break: 2010–2014 from a different, unattributed file; BPS March Susenas table starts 2015",
    },
    KnownBreak {
        indicator: "unemployment_rate",
        year: 2011,
        note: "TPT 2007–2010 far higher than 2011+: likely Sakernas weighting/method change (not verified)",
    },
    KnownBreak {
        indicator: "unemployment_rate",
        year: 2008,
        note: "gap: TPT 2008 missing in every source",
    },
    KnownBreak {
        indicator: "unemployment_rate",
        year: 2016,
        note: "gap: no kab/kota TPT for 2016 in any source",
    },
    KnownBreak {
        indicator: "poverty_rate",
        year: 2015,
        note: "Kabupaten Pangandaran (split from Ciamis, 2012) estimated separately only from 2015; Ciamis before includes it",
    },
];

/// Balance and gaps of a panel.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PanelReport {
    /// Number of entities.
    pub n_entities: usize,
    /// Distinct time values, sorted.
    pub periods: Vec<i32>,
    /// Rows (entity-periods with any value).
    pub n_rows: usize,
    /// Whether every entity has a row for every period.
    pub balanced: bool,
    /// Per indicator: (non-null count, first year, last year, years with no value at all within that span).
    pub indicators: Vec<IndicatorCoverage>,
    /// Known breaks that fall within the panel's years.
    pub breaks: Vec<KnownBreak>,
}

/// Coverage of one indicator in a panel.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IndicatorCoverage {
    /// Indicator.
    pub indicator: String,
    /// Non-null values.
    pub values: usize,
    /// First year with a value.
    pub first_year: Option<i32>,
    /// Last year with a value.
    pub last_year: Option<i32>,
    /// Years between first and last with no value for any entity.
    pub gap_years: Vec<i32>,
    /// Entity-years between first and last year that are missing for some entities only.
    pub missing_cells: usize,
}

impl fmt::Display for PanelReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} entities × {} periods ({}–{}), {} rows, {}",
            self.n_entities,
            self.periods.len(),
            self.periods.first().copied().unwrap_or(0),
            self.periods.last().copied().unwrap_or(0),
            self.n_rows,
            if self.balanced {
                "balanced"
            } else {
                "unbalanced"
            }
        )?;
        for c in &self.indicators {
            let gaps = if c.gap_years.is_empty() {
                String::new()
            } else {
                format!(
                    ", no data in {}",
                    c.gap_years
                        .iter()
                        .map(i32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            writeln!(
                f,
                "  {:<22} {:>4} values, {}–{}{gaps}, {} region-years missing",
                c.indicator,
                c.values,
                c.first_year.map_or("-".into(), |y| y.to_string()),
                c.last_year.map_or("-".into(), |y| y.to_string()),
                c.missing_cells
            )?;
        }
        for b in &self.breaks {
            writeln!(f, "  break/caveat {} {}: {}", b.indicator, b.year, b.note)?;
        }
        Ok(())
    }
}

pub use crate::columns::require_column;
pub use crate::load::wide::{read_columns, read_frame};

/// The province code of a panel entity: a kab/kota's parent, a province's own code.
fn province_code(entity: &str) -> Option<String> {
    let r = crate::registry::Registry::bundled().by_code(entity)?;
    match r.region_type {
        crate::registry::RegionType::Province => Some(r.code.clone()),
        _ => r.parent.clone(),
    }
}

impl Panel {
    /// Build the wide panel from a tidy long frame (columns as [`crate::load::TIDY_COLUMNS`]).
    /// Rows with a semester keep only `semester` (default `March`, BPS's reference for poverty);
    /// rows without one are always kept. The entity is `region_code` (`province/region` where a
    /// region has no code); `province_code` gives each kab/kota's province (for clustering).
    pub fn from_long(long: &DataFrame, semester: Option<&str>) -> Result<Panel> {
        for c in ["region_code", "region", "year", "indicator", "value"] {
            require_column(long, c)?;
        }
        let semester = semester.unwrap_or(DEFAULT_SEMESTER);
        let s = |n: &str| strings(long, n);
        let (codes, names, inds) = (s("region_code")?, s("region")?, s("indicator")?);
        let provinces = if long.column("province").is_ok() {
            s("province")?
        } else {
            vec![None; long.height()]
        };
        let sems = if long.column("semester").is_ok() {
            s("semester")?
        } else {
            vec![None; long.height()]
        };
        let years: Vec<Option<i32>> = ints(long, "year")?
            .into_iter()
            .map(|v| v.map(|y| y as i32))
            .collect();
        let values = floats(long, "value")?;
        let mut cells: BTreeMap<(String, i32), (String, BTreeMap<String, f64>)> = BTreeMap::new();
        let mut indicators = BTreeSet::new();
        for i in 0..long.height() {
            if sems[i].as_deref().is_some_and(|x| x != semester) {
                continue;
            }
            let (Some(year), Some(ind), Some(name)) = (years[i], inds[i].clone(), names[i].clone())
            else {
                continue;
            };
            indicators.insert(ind.clone());
            let Some(v) = values[i] else { continue };
            // Kab/kota outside the registry have no code and names repeat across provinces.
            let entity = codes[i]
                .clone()
                .unwrap_or_else(|| format!("{}/{name}", provinces[i].as_deref().unwrap_or("")));
            let e = cells
                .entry((entity.clone(), year))
                .or_insert_with(|| (name.clone(), BTreeMap::new()));
            if let Some(old) = e.1.insert(ind.clone(), v)
                && old != v
            {
                return Err(Error::InvalidArgument {
                    what: "long frame".into(),
                    message: format!(
                        "{name} {year} {ind} has two values ({old} and {v}); load it through indikator::load to see the lines"
                    ),
                });
            }
        }
        // Order entities by code numerically where codes are numbers.
        let mut keys: Vec<&(String, i32)> = cells.keys().collect();
        keys.sort_by(|a, b| {
            let na = a.0.parse::<u64>().ok();
            let nb = b.0.parse::<u64>().ok();
            (na.is_none(), na, &a.0, a.1).cmp(&(nb.is_none(), nb, &b.0, b.1))
        });
        let mut columns = vec![
            Column::new(
                "region_code".into(),
                keys.iter().map(|k| k.0.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                "region".into(),
                keys.iter().map(|k| cells[*k].0.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                "year".into(),
                keys.iter().map(|k| k.1).collect::<Vec<i32>>(),
            ),
            // The province (BPS code) of each kab/kota, for clustering by province.
            Column::new(
                "province_code".into(),
                keys.iter()
                    .map(|k| province_code(&k.0))
                    .collect::<Vec<Option<String>>>(),
            ),
        ];
        for ind in &indicators {
            let v: Vec<Option<f64>> = keys.iter().map(|k| cells[*k].1.get(ind).copied()).collect();
            columns.push(Column::new(ind.as_str().into(), v));
        }
        let df = DataFrame::new(keys.len(), columns).ctx("building the panel")?;
        Ok(Panel {
            df,
            entity: "region_code".into(),
            time: "year".into(),
        })
    }

    /// Wrap an existing wide frame, checking that entity and time columns exist, have no nulls,
    /// and that (entity, time) pairs are unique.
    pub fn from_frame(df: DataFrame, entity: &str, time: &str) -> Result<Panel> {
        require_column(&df, entity)?;
        require_column(&df, time)?;
        // Integer codes, not text: an integer entity column is never cast to strings (830k rows).
        let (ec, n_ent) = crate::columns::key_codes_u32(&df, entity)?;
        let tc = ints(&df, time)?;
        let (tcodes, n_time) = crate::columns::key_codes_u32(&df, time)?;
        let missing = ec
            .iter()
            .zip(&tc)
            .position(|(a, b)| *a == u32::MAX || b.is_none());
        if let Some(i) = missing {
            // A time cell that is there but not a whole number is named with its value.
            let raw = strings(&df, time)?[i].clone();
            let message = match (ec[i] == u32::MAX, raw) {
                (true, _) => format!("row {} has no {entity}", i + 1),
                (false, Some(v)) => format!(
                    "row {}: {time} {v:?} is not a year (a whole number such as 2020)",
                    i + 1
                ),
                (false, None) => format!("row {} has no {time}", i + 1),
            };
            return Err(Error::InvalidArgument {
                what: "panel".into(),
                message,
            });
        }
        // One bit per (entity, time) cell when that fits in 64 MB, else a sort.
        let twice = if n_ent.saturating_mul(n_time) <= 1 << 29 {
            let mut seen = vec![0u64; (n_ent * n_time).div_ceil(64)];
            ec.iter().zip(&tcodes).position(|(&a, &b)| {
                let k = a as usize * n_time + b as usize;
                let hit = seen[k / 64] & (1 << (k % 64)) != 0;
                seen[k / 64] |= 1 << (k % 64);
                hit
            })
        } else {
            let mut order: Vec<usize> = (0..ec.len()).collect();
            order.sort_unstable_by_key(|&i| (ec[i], tcodes[i], i));
            order
                .windows(2)
                .find(|w| (ec[w[0]], tcodes[w[0]]) == (ec[w[1]], tcodes[w[1]]))
                .map(|w| w[1])
        };
        if let Some(i) = twice {
            let a = strings(&df, entity)?[i].clone().unwrap_or_default();
            let b = tc[i].unwrap_or_default();
            return Err(Error::InvalidArgument {
                what: "panel".into(),
                message: format!("{entity} {a} appears twice in {time} {b} (row {})", i + 1),
            });
        }
        Ok(Panel {
            df,
            entity: entity.to_string(),
            time: time.to_string(),
        })
    }

    /// Read a wide CSV or Parquet panel (`--data PATH`).
    pub fn read(path: &std::path::Path, entity: &str, time: &str) -> Result<Panel> {
        Panel::from_frame(read_frame(path)?, entity, time).map_err(|e| match e {
            Error::InvalidArgument { what, message } => Error::InvalidArgument {
                what: format!("{what} {}", path.display()),
                message,
            },
            other => other,
        })
    }

    /// The wide frame.
    pub fn frame(&self) -> &DataFrame {
        &self.df
    }
    /// The latest time value with a row (the data's last year).
    ///
    /// # Errors
    /// A panel without rows.
    pub fn last_year(&self) -> Result<i32> {
        ints(&self.df, &self.time)?
            .into_iter()
            .flatten()
            .max()
            .map(|v| v as i32)
            .ok_or_else(|| Error::Estimation("empty panel".into()))
    }
    /// Entity column name.
    pub fn entity(&self) -> &str {
        &self.entity
    }
    /// Time column name.
    pub fn time(&self) -> &str {
        &self.time
    }

    /// Rows of one entity, by its entity value (e.g. the BPS code `3272`) or, when the panel has
    /// a `region` name column, by name (`Kota Sukabumi`, `KOTA SUKABUMI`, `Kab. Bogor`; a bare
    /// `Bogor` that names two regions is an error listing both). Only the panel's own columns are
    /// used: any panel resolves its own regions, whatever registry its data came from.
    ///
    /// # Errors
    /// A name or code the panel does not hold (with the closest names), an ambiguous name.
    pub fn region(&self, name_or_code: &str) -> Result<DataFrame> {
        let keys = strings(&self.df, &self.entity)?;
        let wanted = name_or_code.trim();
        let mut mask: BooleanChunked = keys.iter().map(|v| v.as_deref() == Some(wanted)).collect();
        // Region names are read only when the key did not match.
        let names = if !mask.any() && self.df.column("region").is_ok() {
            strings(&self.df, "region")?
        } else {
            vec![]
        };
        if !mask.any() && !names.is_empty() {
            // The name as written first (one comparison a row); normalising every name only when
            // that fails.
            mask = names.iter().map(|n| n.as_deref() == Some(wanted)).collect();
        }
        if !mask.any() && !names.is_empty() {
            let key = crate::registry::normalize_name(wanted);
            let key = key
                .strip_prefix("kab ")
                .map_or(key.clone(), |r| format!("kabupaten {r}"));
            let norm: Vec<String> = names
                .iter()
                .map(|n| {
                    n.as_deref()
                        .map(crate::registry::normalize_name)
                        .unwrap_or_default()
                })
                .collect();
            let bare = |n: &str| {
                n.strip_prefix("kabupaten ")
                    .or_else(|| n.strip_prefix("kota "))
                    .unwrap_or(n)
                    .to_string()
            };
            let exact = norm.contains(&key);
            let hit = |n: &String| if exact { *n == key } else { bare(n) == key };
            let mut found: Vec<String> = norm
                .iter()
                .zip(&names)
                .filter(|(n, _)| hit(n))
                .filter_map(|(_, o)| o.clone())
                .collect();
            found.sort();
            found.dedup();
            if found.len() > 1 {
                return Err(Error::UnknownRegion {
                    at: None,
                    name: format!("{wanted} (more than one region has this name)"),
                    suggestions: found,
                });
            }
            mask = norm.iter().map(hit).collect();
        }
        if !mask.any() {
            let mut known: Vec<String> = if names.is_empty() { keys } else { names }
                .into_iter()
                .flatten()
                .collect();
            known.sort();
            known.dedup();
            return Err(Error::UnknownRegion {
                at: None,
                name: name_or_code.to_string(),
                suggestions: crate::error::closest(wanted, known.iter().map(String::as_str), 2),
            });
        }
        self.df.filter(&mask).ctx("panel")
    }

    /// Balance, coverage per indicator, gaps and the known breaks within the panel's years.
    pub fn report(&self) -> Result<PanelReport> {
        let ents: Vec<String> = strings(&self.df, &self.entity)?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let times: Vec<i32> = ints(&self.df, &self.time)?
            .into_iter()
            .map(|v| v.unwrap_or(0) as i32)
            .collect();
        let n_entities = ents.iter().collect::<BTreeSet<_>>().len();
        let periods: Vec<i32> = times
            .iter()
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut indicators = Vec::new();
        for c in self.df.columns() {
            let name = c.name().as_str();
            if name == self.entity || name == self.time || !c.dtype().is_float() {
                continue;
            }
            let vals: Vec<Option<f64>> = c.f64().ctx("panel")?.iter().collect();
            let years_with: BTreeSet<i32> = times
                .iter()
                .zip(&vals)
                .filter(|(_, v)| v.is_some())
                .map(|(t, _)| *t)
                .collect();
            let (first, last) = (years_with.first().copied(), years_with.last().copied());
            let mut gap_years = Vec::new();
            let mut missing_cells = 0;
            if let (Some(a), Some(b)) = (first, last) {
                gap_years = (a..=b).filter(|y| !years_with.contains(y)).collect();
                let present = vals
                    .iter()
                    .zip(&times)
                    .filter(|(v, t)| v.is_some() && (a..=b).contains(*t))
                    .count();
                let span_years = (a..=b).filter(|y| years_with.contains(y)).count();
                missing_cells = (span_years * n_entities).saturating_sub(present);
            }
            indicators.push(IndicatorCoverage {
                indicator: name.to_string(),
                values: vals.iter().flatten().count(),
                first_year: first,
                last_year: last,
                gap_years,
                missing_cells,
            });
        }
        let (lo, hi) = (
            periods.first().copied().unwrap_or(0),
            periods.last().copied().unwrap_or(0),
        );
        let breaks = KNOWN_BREAKS
            .iter()
            .filter(|b| {
                (lo..=hi).contains(&b.year) && indicators.iter().any(|c| c.indicator == b.indicator)
            })
            .cloned()
            .collect();
        Ok(PanelReport {
            n_entities,
            balanced: self.df.height() == n_entities * periods.len(),
            n_rows: self.df.height(),
            periods,
            indicators,
            breaks,
        })
    }
}
