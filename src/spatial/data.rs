//! The balanced, stacked data of a spatial model: period by period (`v[t * n + i]`), regions in
//! the weights' order, and the demeaning that removes fixed effects.

use std::collections::HashMap;

use ndarray::{Array1, Array2};
use polars::prelude::DataFrame;

use super::Weights;
use super::spec::{SpatialEffects, SpatialSpec};
use crate::error::{Error, Result};
use crate::formula::Term;

/// Response and regressors stacked period by period.
#[derive(Debug, Clone)]
pub(super) struct Stacked {
    pub y: Array1<f64>,
    /// Regressors without an intercept.
    pub x: Array2<f64>,
    pub names: Vec<String>,
    pub n: usize,
    pub years: Vec<i64>,
}

impl Stacked {
    pub fn periods(&self) -> usize {
        self.years.len()
    }
}

fn term_value(term: &Term, row: &HashMap<&str, f64>) -> Option<f64> {
    match term {
        Term::Var(c) => row.get(c.as_str()).copied(),
        Term::Log(t) => term_value(t, row).filter(|v| *v > 0.0).map(f64::ln),
        Term::Lag(..) | Term::Diff(_) => None,
    }
}

/// Each (region, year) of a frame with the formula's terms evaluated (response first), read once:
/// what [`stack`] fills the panel from and [`regions_of`] / the spatial check count complete
/// regions in.
pub(super) struct Cells {
    map: HashMap<(String, i64), Vec<Option<f64>>>,
    /// Every region of the frame, sorted.
    pub regions: Vec<String>,
    /// Every year of the frame, sorted.
    pub years: Vec<i64>,
}

impl Cells {
    /// The cells of `frame` for `spec`.
    ///
    /// # Errors
    /// A missing or non-numeric column.
    pub fn new(
        frame: &DataFrame,
        (entity, time): (&str, &str),
        spec: &SpatialSpec,
    ) -> Result<Cells> {
        let terms: Vec<&Term> = std::iter::once(&spec.formula.response)
            .chain(&spec.formula.regressors)
            .collect();
        let keys = crate::columns::strings(frame, entity)?;
        let times = crate::columns::ints(frame, time)?;
        let mut cols: Vec<(&str, Vec<Option<f64>>)> = Vec::new();
        for t in &terms {
            let c = t.variable();
            if !cols.iter().any(|(n, _)| *n == c) {
                cols.push((c, crate::columns::floats(frame, c)?));
            }
        }
        let mut map = HashMap::new();
        for (r, (k, t)) in keys.iter().zip(&times).enumerate() {
            if let (Some(k), Some(t)) = (k, t) {
                let row: HashMap<&str, f64> = cols
                    .iter()
                    .filter_map(|(n, v)| v[r].map(|v| (*n, v)))
                    .collect();
                let values = terms.iter().map(|t| term_value(t, &row)).collect();
                map.insert((k.clone(), *t), values);
            }
        }
        let mut regions: Vec<String> = keys.into_iter().flatten().collect();
        regions.sort();
        regions.dedup();
        let mut years: Vec<i64> = times.into_iter().flatten().collect();
        years.sort_unstable();
        years.dedup();
        Ok(Cells {
            map,
            regions,
            years,
        })
    }

    /// The term values of one region in one year (finite ones only).
    fn values(&self, code: &str, year: i64) -> Option<&[Option<f64>]> {
        self.map.get(&(code.to_string(), year)).map(Vec::as_slice)
    }

    /// Whether a region has every term, finite, in a year.
    pub fn complete(&self, code: &str, year: i64) -> bool {
        self.values(code, year)
            .is_some_and(|v| v.iter().all(|x| x.is_some_and(f64::is_finite)))
    }

    /// The regions complete in every year `from..=to`, and the others.
    pub fn split(&self, (from, to): (i64, i64)) -> Regions {
        let (kept, left_out) = self
            .regions
            .iter()
            .cloned()
            .partition(|c| (from..=to).all(|y| self.complete(c, y)));
        Regions { kept, left_out }
    }
}

/// The balanced panel of `spec`'s variables over the weights' regions and the years `from..=to`
/// (`None`: the latest year in which every region has every variable).
///
/// # Errors
/// A missing column; a region of the weights absent from the data; any (region, year) without a
/// value (named: a gap stays a gap, the model needs a balanced panel).
pub(super) fn stack(
    frame: &DataFrame,
    (entity, time): (&str, &str),
    spec: &SpatialSpec,
    w: &Weights,
    years: Option<(i64, i64)>,
) -> Result<Stacked> {
    if w.is_empty() {
        return Err(Error::InvalidArgument {
            what: "spatial weights".into(),
            message: "hold no region".into(),
        });
    }
    let terms: Vec<&Term> = std::iter::once(&spec.formula.response)
        .chain(&spec.formula.regressors)
        .collect();
    let cells = Cells::new(frame, (entity, time), spec)?;
    let complete = |year: i64| w.codes().iter().all(|c| cells.complete(c, year));
    let (from, to) = match years {
        Some(span) => span,
        None => {
            let y = cells
                .years
                .iter()
                .copied()
                .rev()
                .find(|&y| complete(y))
                .ok_or_else(|| {
                    Error::Estimation(format!(
                        "no year in which all {} regions of the weights have {}",
                        w.len(),
                        terms
                            .iter()
                            .map(|t| t.label())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
            (y, y)
        }
    };
    if from > to {
        return Err(Error::InvalidArgument {
            what: "years".into(),
            message: format!("the first year ({from}) is after the last ({to})"),
        });
    }
    let mut gaps: Vec<String> = Vec::new();
    let n = w.len();
    let years: Vec<i64> = (from..=to).collect();
    let mut y = Array1::<f64>::zeros(n * years.len());
    let mut x = Array2::<f64>::zeros((n * years.len(), terms.len() - 1));
    for (ti, &year) in years.iter().enumerate() {
        for (i, code) in w.codes().iter().enumerate() {
            let vals = cells.values(code, year);
            for (j, t) in terms.iter().enumerate() {
                match vals.and_then(|v| v[j]).filter(|v| v.is_finite()) {
                    Some(v) if j == 0 => y[ti * n + i] = v,
                    Some(v) => x[[ti * n + i, j - 1]] = v,
                    None => gaps.push(format!("{code} {year} {}", t.label())),
                }
            }
        }
    }
    if !gaps.is_empty() {
        let more = if gaps.len() > 8 {
            format!(" and {} more", gaps.len() - 8)
        } else {
            String::new()
        };
        gaps.truncate(8);
        return Err(Error::Estimation(format!(
            "a spatial model needs a value for every region of the weights in every year {from}–{to}; missing: {}{more}. \
             Choose years every region has (--year, --from/--to); a gap is not filled",
            gaps.join(", ")
        )));
    }
    Ok(Stacked {
        y,
        x,
        names: terms[1..].iter().map(|t| t.label()).collect(),
        n,
        years,
    })
}

/// Removes the fixed effects from a stacked column: region means over time, and for two-way
/// effects also period means (balanced: $x_{it} - \bar x_{i\cdot} - \bar x_{\cdot t} + \bar x$).
pub(super) fn demean(v: &mut Array1<f64>, n: usize, effects: SpatialEffects) {
    if effects == SpatialEffects::Pooled || n == 0 {
        return;
    }
    let t = (v.len() / n) as f64;
    let mut region = vec![0.0; n];
    for (k, x) in v.iter().enumerate() {
        region[k % n] += x / t;
    }
    for (k, x) in v.iter_mut().enumerate() {
        *x -= region[k % n];
    }
    if effects == SpatialEffects::RegionYear {
        for mut block in v.exact_chunks_mut(n) {
            let m = block.sum() / n as f64;
            block -= m;
        }
    }
}

/// The regions a spatial model can use: every entity of the data, or with `drop_incomplete`
/// only those with every variable in every year of the span (the others named in `left_out`).
#[derive(Debug, Clone, PartialEq)]
pub struct Regions {
    /// Regions in the model, sorted by code.
    pub kept: Vec<String>,
    /// Regions left out for a missing value.
    pub left_out: Vec<String>,
}

/// The regions of `frame` for `spec` over `years` (`None`: the latest year any region has every
/// variable, when dropping incomplete regions).
///
/// # Errors
/// A missing column.
pub fn regions_of(
    frame: &DataFrame,
    (entity, time): (&str, &str),
    spec: &SpatialSpec,
    years: Option<(i64, i64)>,
    drop_incomplete: bool,
) -> Result<Regions> {
    let cells = Cells::new(frame, (entity, time), spec)?;
    if !drop_incomplete {
        return Ok(Regions {
            kept: cells.regions,
            left_out: Vec::new(),
        });
    }
    let span = years.unwrap_or_else(|| {
        let y = (cells.years.iter().rev())
            .find(|&&y| cells.regions.iter().any(|c| cells.complete(c, y)))
            .copied()
            .unwrap_or(0);
        (y, y)
    });
    Ok(cells.split(span))
}
