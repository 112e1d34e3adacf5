//! Where a region stands: its rank among its province's kab/kota and among all kab/kota of
//! Indonesia for P0 and TPT — the level in the latest year with data, and the change over one
//! RPJMD period (five years) to it — and the points of the quadrant chart BPS's poverty profiles
//! draw (P0 against TPT, the averages as dividing lines).
//!
//! Rank 1 is the **highest** value (the most poverty, the most unemployment, the largest rise);
//! ties share the better rank. Averages are unweighted means over kab/kota (each kab/kota counts
//! once, as in the ranking), not the province's or the nation's own published rate.
//!
//! ```
//! # fn main() -> indikator::Result<()> {
//! let reg = indikator::registry::Registry::bundled();
//! let panel = indikator::datasets::indonesia_panel()?;
//! let s = indikator::plan::standing(reg.lookup("Kota Sukabumi")?, &panel)?;
//! let p0 = &s.rows[0];
//! assert_eq!((p0.indicator.as_str(), p0.measure), ("poverty_rate", indikator::plan::Measure::Level));
//! assert!(p0.rank_province >= 1 && p0.rank_province <= p0.of_province);
//! assert_eq!(p0.of_province, 27);
//! # Ok(()) }
//! ```

use std::collections::HashMap;

use polars::prelude::*;

use crate::Panel;
use crate::columns::{floats, ints, strings};
use crate::error::{Error, Result};
use crate::indicator::{POVERTY_RATE, UNEMPLOYMENT_RATE};
use crate::registry::{Region, Registry};

/// Years in one RPJMD period: the change is measured over this many years.
pub const PLAN_PERIOD_YEARS: i32 = 5;

/// What a standing row ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The value in `year`.
    Level,
    /// The change from `from` to `year` (percentage points).
    Change,
}

/// One indicator's standing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StandingRow {
    /// `poverty_rate` or `unemployment_rate`.
    pub indicator: String,
    /// Level or change.
    pub measure: Measure,
    /// The start year of a change; `None` for a level.
    pub from: Option<i32>,
    /// The year of the level (the end year of a change).
    pub year: i32,
    /// The region's value (level, or change in percentage points).
    pub value: f64,
    /// Rank among the province's kab/kota with a value (1 = highest).
    pub rank_province: usize,
    /// How many of the province's kab/kota have a value.
    pub of_province: usize,
    /// Rank among all kab/kota of Indonesia with a value (1 = highest).
    pub rank_nation: usize,
    /// How many kab/kota of Indonesia have a value.
    pub of_nation: usize,
    /// Unweighted mean over the province's kab/kota.
    pub province_mean: f64,
    /// Unweighted mean over all kab/kota.
    pub nation_mean: f64,
}

/// One kab/kota in the quadrant chart.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QuadrantPoint {
    /// BPS code.
    pub region_code: String,
    /// Name.
    pub region: String,
    /// TPT (%).
    pub tpt: f64,
    /// P0 (%).
    pub p0: f64,
}

/// A region's standing and the quadrant of its province.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Standing {
    /// The region's BPS code.
    pub region_code: String,
    /// Its name.
    pub region: String,
    /// Its province's name.
    pub province: String,
    /// P0 level, TPT level, P0 change, TPT change — in that order; a change is left out where
    /// the year five years back has no value.
    pub rows: Vec<StandingRow>,
    /// The year of the quadrant: the latest in which the region has both P0 and TPT.
    pub quadrant_year: i32,
    /// The province's kab/kota with both values that year.
    pub quadrant: Vec<QuadrantPoint>,
    /// Mean (TPT, P0) over the province's kab/kota that year.
    pub province_means: (f64, f64),
    /// Mean (TPT, P0) over all kab/kota with both values that year.
    pub nation_means: (f64, f64),
}

/// Values by (region, year) of one indicator, with each region's province.
struct Values {
    by: HashMap<(String, i32), f64>,
    province: HashMap<String, String>,
}

impl Values {
    fn of(panel: &Panel, indicator: &str) -> Result<Values> {
        let df = panel.frame();
        let codes = strings(df, "region_code")?;
        let provs = strings(df, "province_code")?;
        let years = ints(df, "year")?;
        let vals = floats(df, indicator)?;
        let mut by = HashMap::new();
        let mut province = HashMap::new();
        for i in 0..df.height() {
            if let (Some(c), Some(y)) = (&codes[i], years[i]) {
                if let Some(p) = &provs[i] {
                    province.insert(c.clone(), p.clone());
                }
                if let Some(v) = vals[i].filter(|v| v.is_finite()) {
                    by.insert((c.clone(), y as i32), v);
                }
            }
        }
        Ok(Values { by, province })
    }

    fn get(&self, code: &str, year: i32) -> Option<f64> {
        self.by.get(&(code.to_string(), year)).copied()
    }

    /// Every kab/kota's level in `year`, or its change from `from`.
    fn measure(&self, year: i32, from: Option<i32>) -> Vec<(&str, f64)> {
        let mut out: Vec<(&str, f64)> = self
            .province
            .keys()
            .filter_map(|c| {
                let v = self.get(c, year)?;
                match from {
                    None => Some((c.as_str(), v)),
                    Some(f) => Some((c.as_str(), v - self.get(c, f)?)),
                }
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }
}

/// Rank of `x` among `all` (1 = highest; ties share the better rank).
fn rank(x: f64, all: &[f64]) -> usize {
    1 + all.iter().filter(|&&v| v > x).count()
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

fn row(
    vals: &Values,
    r: &Region,
    indicator: &str,
    year: i32,
    from: Option<i32>,
) -> Option<StandingRow> {
    let prov = r.parent.as_deref()?;
    let all = vals.measure(year, from);
    let value = all.iter().find(|(c, _)| *c == r.code)?.1;
    let nation: Vec<f64> = all.iter().map(|x| x.1).collect();
    let province: Vec<f64> = all
        .iter()
        .filter(|(c, _)| vals.province.get(*c).map(String::as_str) == Some(prov))
        .map(|x| x.1)
        .collect();
    Some(StandingRow {
        indicator: indicator.to_string(),
        measure: if from.is_some() {
            Measure::Change
        } else {
            Measure::Level
        },
        from,
        year,
        value,
        rank_province: rank(value, &province),
        of_province: province.len(),
        rank_nation: rank(value, &nation),
        of_nation: nation.len(),
        province_mean: mean(&province),
        nation_mean: mean(&nation),
    })
}

/// Kab/kota with a value, by year.
fn coverage(vals: &Values, also: Option<&Values>) -> HashMap<i32, usize> {
    let mut n = HashMap::new();
    for (c, y) in vals.by.keys() {
        if also.is_none_or(|o| o.get(c, *y).is_some()) {
            *n.entry(*y).or_insert(0) += 1;
        }
    }
    n
}

/// The latest year in which the region has a value and most kab/kota have one too (three in
/// four of the best-covered year), so that a national rank is among the nation: Jawa Barat's
/// 2025 TPT is published before the other provinces' is.
fn latest(vals: &Values, code: &str, also: Option<&Values>) -> Option<i32> {
    let n = coverage(vals, also);
    let full = n.values().copied().max().unwrap_or(0);
    let mut years: Vec<i32> = vals
        .by
        .keys()
        .filter(|(c, y)| c == code && also.is_none_or(|o| o.get(c, *y).is_some()))
        .map(|(_, y)| *y)
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years
        .iter()
        .copied()
        .find(|y| 4 * n.get(y).copied().unwrap_or(0) >= 3 * full)
        .or(years.first().copied())
}

/// Where `region` (a kab/kota) stands on `panel` (the national kab/kota panel,
/// [`crate::datasets::indonesia_panel`], or any panel with `region_code`, `province_code`, `year`,
/// `poverty_rate` and `unemployment_rate`).
///
/// # Errors
/// A region that is not a kab/kota, or that has no P0 or TPT in the panel.
pub fn standing(region: &Region, panel: &Panel) -> Result<Standing> {
    let reg = Registry::bundled();
    let missing = |what: &str| Error::InvalidArgument {
        what: "region".into(),
        message: format!(
            "{} ({}) has no {what} in the panel: no standing to show",
            region.name, region.code
        ),
    };
    let province = region
        .parent
        .as_deref()
        .filter(|_| region.region_type.is_kabkota())
        .and_then(|p| reg.by_code(p))
        .ok_or_else(|| missing("province (it is not a kab/kota)"))?;
    let p0 = Values::of(panel, POVERTY_RATE)?;
    let tpt = Values::of(panel, UNEMPLOYMENT_RATE)?;
    let mut rows = Vec::new();
    for from in [None, Some(PLAN_PERIOD_YEARS)] {
        for (vals, ind) in [(&p0, POVERTY_RATE), (&tpt, UNEMPLOYMENT_RATE)] {
            let y = latest(vals, &region.code, None).ok_or_else(|| missing(ind))?;
            rows.extend(row(vals, region, ind, y, from.map(|k| y - k)));
        }
    }
    // The quadrant: the latest well-covered year with both of the region's values.
    let quadrant_year = latest(&p0, &region.code, Some(&tpt))
        .ok_or_else(|| missing("year with both P0 and TPT"))?;
    let both: Vec<(&str, f64, f64)> = p0
        .measure(quadrant_year, None)
        .into_iter()
        .filter_map(|(c, v)| Some((c, tpt.get(c, quadrant_year)?, v)))
        .collect();
    let in_prov = |c: &str| p0.province.get(c).map(String::as_str) == Some(province.code.as_str());
    let quadrant: Vec<QuadrantPoint> = both
        .iter()
        .filter(|(c, _, _)| in_prov(c))
        .map(|&(c, t, p)| QuadrantPoint {
            region_code: c.to_string(),
            region: reg
                .by_code(c)
                .map_or_else(|| c.to_string(), |g| g.name.clone()),
            tpt: t,
            p0: p,
        })
        .collect();
    let means = |pts: &mut dyn Iterator<Item = (f64, f64)>| {
        let v: Vec<(f64, f64)> = pts.collect();
        (
            mean(&v.iter().map(|x| x.0).collect::<Vec<_>>()),
            mean(&v.iter().map(|x| x.1).collect::<Vec<_>>()),
        )
    };
    Ok(Standing {
        region_code: region.code.clone(),
        region: region.name.clone(),
        province: province.name.clone(),
        rows,
        quadrant_year,
        province_means: means(&mut quadrant.iter().map(|q| (q.tpt, q.p0))),
        nation_means: means(&mut both.iter().map(|x| (x.1, x.2))),
        quadrant,
    })
}

impl Standing {
    /// The standing as a frame, one row per indicator and measure: `indicator`, `measure`
    /// (`level` / `change`), `from` (null for a level), `year`, `value`, `rank_province`,
    /// `of_province`, `rank_nation`, `of_nation`, `province_mean`, `nation_mean`.
    pub fn frame(&self) -> Result<DataFrame> {
        let r = &self.rows;
        let col = |f: &dyn Fn(&StandingRow) -> f64| r.iter().map(f).collect::<Vec<f64>>();
        let count =
            |f: &dyn Fn(&StandingRow) -> usize| r.iter().map(|x| f(x) as u32).collect::<Vec<u32>>();
        df!(
            "indicator" => r.iter().map(|x| x.indicator.clone()).collect::<Vec<_>>(),
            "measure" => r.iter().map(|x| match x.measure {
                Measure::Level => "level",
                Measure::Change => "change",
            }).collect::<Vec<_>>(),
            "from" => r.iter().map(|x| x.from).collect::<Vec<_>>(),
            "year" => r.iter().map(|x| x.year).collect::<Vec<_>>(),
            "value" => col(&|x| x.value),
            "rank_province" => count(&|x| x.rank_province),
            "of_province" => count(&|x| x.of_province),
            "rank_nation" => count(&|x| x.rank_nation),
            "of_nation" => count(&|x| x.of_nation),
            "province_mean" => col(&|x| x.province_mean),
            "nation_mean" => col(&|x| x.nation_mean),
        )
        .map_err(|e| Error::Polars {
            context: "building the standing frame".into(),
            source: e,
        })
    }
}
