//! Scenarios: per region, a path of regressor values for the plan years.
//!
//! Built in code ([`Scenario::baseline`], [`Scenario::target_path`], [`Scenario::shock`],
//! [`Scenario::reduce_unemployed`], [`Scenario::custom`]) or read from planners' files:
//!
//! CSV (`scenario,region,variable,year,value`):
//! ```text
//! scenario,region,variable,year,value
//! tpt_7,Kota Sukabumi,unemployment_rate,2026,7.9
//! tpt_7,Kota Sukabumi,unemployment_rate,2027,7.6
//! ```
//! TOML:
//! ```toml
//! [[scenario]]
//! name = "tpt_7"
//! region = "Kota Sukabumi"
//! [scenario.values.unemployment_rate]
//! 2026 = 7.9
//! 2027 = 7.6
//! ```

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::panel::Panel;

pub use super::scenario_file::{from_csv, from_toml};

/// Furthest a scenario may reach beyond the data's last year.
pub const MAX_HORIZON: i32 = 15;

/// A named path of regressor values for one region.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Scenario {
    /// Scenario name (`baseline`, `target`, `shock`, …).
    pub name: String,
    /// Region name or BPS code.
    pub region: String,
    /// Variable → year → value.
    pub values: BTreeMap<String, BTreeMap<i32, f64>>,
    /// How the path was built, in both languages (reported with the projection, in its
    /// `method` column).
    #[serde(default, rename = "method")]
    pub path: Label,
    /// The planner's file the scenario was read from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// What a planner reads (Indonesian, English); the name when empty.
    #[serde(default)]
    pub label: Label,
}

/// A scenario's name as a planner reads it, in both languages: the crate's one bilingual text.
pub use crate::lang::Bilingual as Label;

impl Scenario {
    /// The label in `lang`, or the name when the scenario has none (a planner's own file).
    pub fn label_in(&self, lang: crate::lang::Lang) -> &str {
        let l = self.label.get(lang);
        if l.is_empty() { &self.name } else { l }
    }
}

/// A decimal with the reader's separator (`6,5` / `6.5`).
fn decimal(v: f64, id: bool) -> String {
    let t = format!("{v}");
    if id { t.replace('.', ",") } else { t }
}

/// The observed history (year, value) of `var` for `region` in a panel.
pub fn history(panel: &Panel, region: &str, var: &str) -> Result<Vec<(i32, f64)>> {
    let df = panel.region(region)?;
    let years = crate::columns::ints(&df, panel.time())?;
    let vals = crate::columns::floats(&df, var)?;
    let mut h: Vec<(i32, f64)> = years
        .iter()
        .zip(&vals)
        .filter_map(|(y, v)| Some(((*y)? as i32, (*v)?)))
        .collect();
    h.sort_by_key(|p| p.0);
    if h.is_empty() {
        return Err(Error::InvalidArgument {
            what: format!("variable {var}"),
            message: format!("no observed value for {region}"),
        });
    }
    Ok(h)
}

fn last(h: &[(i32, f64)]) -> (i32, f64) {
    h[h.len() - 1]
}

impl Scenario {
    /// A user-defined path.
    pub fn custom(name: &str, region: &str, variable: &str, path: &[(i32, f64)]) -> Scenario {
        Scenario {
            name: name.into(),
            region: region.into(),
            values: BTreeMap::from([(variable.to_string(), path.iter().copied().collect())]),
            path: Label::new("jalur dari pengguna", "user-defined path"),
            file: None,
            label: Label::default(),
        }
    }

    /// The region's recent trend: a least-squares line through the last `k` observed values,
    /// extrapolated to `to` (never below 0).
    pub fn baseline(
        panel: &Panel,
        region: &str,
        variable: &str,
        to: i32,
        k: usize,
    ) -> Result<Scenario> {
        let h = history(panel, region, variable)?;
        let pts = &h[h.len().saturating_sub(k.max(2))..];
        let xy: Vec<(f64, f64)> = pts.iter().map(|p| (p.0 as f64, p.1)).collect();
        let (mx, my, slope) = super::line_fit(&xy);
        let (ly, _) = last(&h);
        let path: BTreeMap<i32, f64> = (first_future(panel, ly)?..=to)
            .map(|y| (y, (my + slope * (y as f64 - mx)).max(0.0)))
            .collect();
        let first = pts[0].0;
        // A falling line that starts at the window's highest value is a recovery from a peak
        // (2020–2021 for TPT), not a trend: say so.
        let peak = slope < 0.0 && pts.iter().all(|p| p.1 <= pts[0].1);
        let (note_id, note_en) = if peak {
            (
                format!("; dihitung dari puncak {first}: pemulihan, bukan tren"),
                format!("; fitted from the {first} peak: a recovery, not a trend"),
            )
        } else {
            Default::default()
        };
        let short = crate::indicator::short_name(variable);
        Ok(Scenario {
            name: "baseline".into(),
            region: region.into(),
            values: BTreeMap::from([(variable.to_string(), path)]),
            path: Label::new(
                format!(
                    "tren {} tahun pengamatan terakhir ({first}–{ly}), {slope:+.3} per tahun, diekstrapolasi{note_id}",
                    pts.len(),
                ),
                format!(
                    "trend of the last {} observed years ({first}–{ly}), {slope:+.3} per year, extrapolated{note_en}",
                    pts.len(),
                ),
            ),
            file: None,
            label: if peak {
                Label::new(
                    format!("Skenario dasar (pemulihan {short} sejak puncak {first})"),
                    format!("Baseline ({short} recovery from the {first} peak)"),
                )
            } else {
                Label::new(
                    format!("Skenario dasar (tren {short} {first}–{ly})"),
                    format!("Baseline ({short} trend {first}–{ly})"),
                )
            },
        })
    }

    /// A straight line from the last observed value to `target` in `by`, constant after, to `to`.
    pub fn target_path(
        panel: &Panel,
        region: &str,
        variable: &str,
        target: f64,
        by: i32,
        to: i32,
    ) -> Result<Scenario> {
        let h = history(panel, region, variable)?;
        let (ly, lv) = last(&h);
        if by <= ly {
            return Err(Error::InvalidArgument {
                what: "target year".into(),
                message: format!("{by} is not after the last observed year {ly}"),
            });
        }
        let path = (first_future(panel, ly)?..=to)
            .map(|y| {
                (
                    y,
                    if y >= by {
                        target
                    } else {
                        lv + (target - lv) * (y - ly) as f64 / (by - ly) as f64
                    },
                )
            })
            .collect();
        Ok(Scenario {
            name: "target".into(),
            region: region.into(),
            values: BTreeMap::from([(variable.to_string(), path)]),
            path: Label::new(
                format!("garis lurus dari {lv} ({ly}) ke {target:.2} pada {by}, tetap sesudahnya"),
                format!("straight line from {lv} ({ly}) to {target:.2} in {by}, constant after"),
            ),
            file: None,
            label: {
                let short = crate::indicator::short_name(variable);
                Label::new(
                    format!("{short} menuju {}% pada {by}", decimal(target, true)),
                    format!("{short} to {target}% by {by}"),
                )
            },
        })
    }

    /// The baseline with a 2020-like shock: `size` (default: the region's own observed
    /// 2019→2020 change) added in `year` and half of it the year after.
    pub fn shock(
        panel: &Panel,
        region: &str,
        variable: &str,
        year: i32,
        size: Option<f64>,
        to: i32,
    ) -> Result<Scenario> {
        let h = history(panel, region, variable)?;
        let size = match size {
            Some(s) => s,
            None => {
                let v = |y: i32| h.iter().find(|p| p.0 == y).map(|p| p.1);
                match (v(2019), v(2020)) {
                    (Some(a), Some(b)) => b - a,
                    _ => {
                        return Err(Error::InvalidArgument {
                            what: "shock".into(),
                            message: format!(
                                "{region} has no 2019 and 2020 values of {variable}; give the size"
                            ),
                        });
                    }
                }
            }
        };
        let mut s = Scenario::baseline(panel, region, variable, to, super::TREND_YEARS)?;
        if let Some(p) = s.values.get_mut(variable) {
            for (y, v) in p.iter_mut() {
                if *y == year {
                    *v += size;
                } else if *y == year + 1 {
                    *v += size / 2.0;
                }
            }
        }
        s.name = "shock".into();
        s.label = Label::new(
            format!("Guncangan seperti 2020 pada {year}"),
            format!("2020-like shock in {year}"),
        );
        let (half, next) = (size / 2.0, year + 1);
        s.path = Label::new(
            format!(
                "skenario dasar ditambah guncangan {size:+.2} pada {year} dan {half:+.2} pada {next} (perubahan 2019→2020)"
            ),
            format!(
                "baseline plus a shock of {size:+.2} in {year} and {half:+.2} in {next} (the 2019→2020 change)"
            ),
        );
        Ok(s)
    }

    /// "Reduce the number of unemployed by `persons` a year", converted to a TPT path with the
    /// labour force held at `labour_force`: $TPT_t = 100\,(U_L - n\,(t-L))/LF$, $U_L = TPT_L\,LF/100$.
    pub fn reduce_unemployed(
        panel: &Panel,
        region: &str,
        persons: f64,
        labour_force: f64,
        to: i32,
    ) -> Result<Scenario> {
        if labour_force <= 0.0 {
            return Err(Error::InvalidArgument {
                what: "labour force".into(),
                message: format!("{labour_force}; must be positive"),
            });
        }
        let h = history(panel, region, "unemployment_rate")?;
        let (ly, lv) = last(&h);
        let u0 = lv / 100.0 * labour_force;
        let path = (first_future(panel, ly)?..=to)
            .map(|y| {
                (
                    y,
                    (100.0 * (u0 - persons * (y - ly) as f64) / labour_force).max(0.0),
                )
            })
            .collect();
        Ok(Scenario {
            name: "reduce_unemployed".into(),
            region: region.into(),
            values: BTreeMap::from([("unemployment_rate".to_string(), path)]),
            path: Label::new(
                format!(
                    "{persons} penganggur lebih sedikit per tahun dari {u0:.0} pada {ly}, angkatan kerja {labour_force:.0} tetap"
                ),
                format!(
                    "{persons} fewer unemployed a year from {u0:.0} in {ly}, labour force {labour_force:.0} held constant"
                ),
            ),
            file: None,
            label: Label::new(
                format!(
                    "{} penganggur lebih sedikit per tahun",
                    crate::text::thousands(persons, '.')
                ),
                format!(
                    "{} fewer unemployed a year",
                    crate::text::thousands(persons, ',')
                ),
            ),
        })
    }

    /// ` (from file F)` for a scenario read from a planner's file, else nothing.
    fn source(&self) -> String {
        self.file
            .as_ref()
            .map_or_else(String::new, |f| format!(" (from file {f})"))
    }

    /// Check years (after `last_year`, within [`MAX_HORIZON`]) and that every variable in
    /// `needed` has a path.
    pub fn validate(&self, last_year: i32, needed: &[String]) -> Result<()> {
        for v in needed {
            if !self.values.contains_key(v) {
                return Err(Error::InvalidArgument {
                    what: format!("scenario {:?}{}", self.name, self.source()),
                    message: format!(
                        "has no path for {v:?}, which the model needs (it has: {})",
                        self.values.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                });
            }
        }
        for (var, path) in &self.values {
            let range = crate::indicator::by_name(var);
            for (&y, &v) in path {
                if let Some(ind) = range
                    && !(v.is_finite() && v >= ind.min && v <= ind.max)
                {
                    return Err(Error::InvalidArgument {
                        what: format!("scenario {:?}{}, {var}, year {y}", self.name, self.source()),
                        message: format!(
                            "{v} is outside what {var} can be ({} to {} {})",
                            ind.min, ind.max, ind.unit
                        ),
                    });
                }
                if !v.is_finite() {
                    return Err(Error::InvalidArgument {
                        what: format!("scenario {:?}{}, {var}, year {y}", self.name, self.source()),
                        message: format!("{v} is not a number"),
                    });
                }
                if y <= last_year || y > last_year + MAX_HORIZON {
                    return Err(Error::InvalidArgument {
                        what: format!("scenario {:?}{}, {var}, year {y}", self.name, self.source()),
                        message: format!(
                            "scenario years must be after the data's last year {last_year} and at most {}",
                            last_year + MAX_HORIZON
                        ),
                    });
                }
            }
        }
        Ok(())
    }
}

/// The first year a scenario path gives: after the variable's last observed year `ly` and after
/// the panel's last year (the national TPT ends in 2024 while P0 runs to 2025: the path, drawn
/// from the last TPT, starts in 2026).
fn first_future(panel: &Panel, ly: i32) -> Result<i32> {
    Ok(ly.max(panel.last_year()?) + 1)
}

/// The TPT moved by `d` points from its last observed value by `by`, named as planners say it
/// ("TPT turun 1 poin"), not as an identifier.
fn tpt_change(panel: &Panel, region: &str, d: f64, by: i32, to: i32) -> Result<Scenario> {
    let var = crate::indicator::UNEMPLOYMENT_RATE;
    let h = history(panel, region, var)?;
    let (_, lv) = last(&h);
    let mut s = Scenario::target_path(panel, region, var, (lv + d).max(0.0), by, to)?;
    s.name = format!("TPT {d:+} pp");
    let n = d.abs();
    let (id_dir, en_dir) = if d < 0.0 {
        ("turun", "lower")
    } else {
        ("naik", "higher")
    };
    let pts = if n == 1.0 { "point" } else { "points" };
    s.label = Label::new(
        format!("TPT {id_dir} {} poin", decimal(n, true)),
        format!("TPT {n} {pts} {en_dir}"),
    );
    Ok(s)
}

/// A TPT path for the target scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TptTarget {
    /// Reach this TPT (percent).
    Level(f64),
    /// Move this many percentage points from the last observed TPT (e.g. −1).
    Change(f64),
}

/// The usual scenario set for a TPT projection (what `indikator project` builds).
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioSet {
    /// Last projected year.
    pub to: i32,
    /// A TPT target reached in a straight line by `tpt_by`: a level, or a change from the last
    /// observed TPT.
    pub tpt_target: Option<TptTarget>,
    /// Year the TPT target is reached.
    pub tpt_by: i32,
    /// Fewer unemployed persons a year (needs `labour_force`).
    pub reduce_unemployed: Option<f64>,
    /// Labour force held constant for `reduce_unemployed`.
    pub labour_force: Option<f64>,
}

impl ScenarioSet {
    /// Baseline (5-year trend) always; a 2020-like shock when the horizon allows; the TPT target
    /// path and the persons-reduction path when asked for.
    ///
    /// # Errors
    /// A region without TPT history, a target year not after the data, `reduce_unemployed`
    /// without `labour_force`.
    pub fn build(&self, panel: &Panel, region: &str, last_year: i32) -> Result<Vec<Scenario>> {
        let var = "unemployment_rate";
        let to = self.to;
        let mut s = vec![Scenario::baseline(
            panel,
            region,
            var,
            to,
            super::TREND_YEARS,
        )?];
        if to > last_year + 1 {
            s.push(Scenario::shock(
                panel,
                region,
                var,
                last_year + 2,
                None,
                to,
            )?);
        }
        match self.tpt_target {
            Some(TptTarget::Level(t)) => s.push(Scenario::target_path(
                panel,
                region,
                var,
                t,
                self.tpt_by,
                to,
            )?),
            Some(TptTarget::Change(d)) => s.push(tpt_change(panel, region, d, self.tpt_by, to)?),
            None => {}
        }
        match (self.reduce_unemployed, self.labour_force) {
            (Some(n), Some(lf)) => s.push(Scenario::reduce_unemployed(panel, region, n, lf, to)?),
            (Some(_), None) => {
                return Err(Error::InvalidArgument {
                    what: "reduce_unemployed".into(),
                    message: "needs the labour force to convert persons into a TPT path".into(),
                });
            }
            _ => {}
        }
        Ok(s)
    }
}
