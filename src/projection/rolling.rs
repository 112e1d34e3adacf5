//! Rolling-origin backtests: for every origin the data allow, refit every method on the years up
//! to the origin only — the model, the residual persistence, the trend, the average change, and
//! the TPT path (the baseline trend as it stood at the origin) — project the following years and
//! compare with what happened. No value after an origin reaches its forecasts: the panel is cut at
//! the origin before anything is fitted.
//!
//! Scores per method, overall and per horizon, on exactly the same region-years: MAE, RMSE, bias
//! (forecast − actual), the skill against no change $1 - \mathrm{MAE}/\mathrm{MAE}_{naive}$, and
//! the share of actual values inside the 80% and 95% prediction bands.

use polars::prelude::*;

use super::methods::{Forecast, Method, Methods};
use super::scenario::Scenario;
use crate::error::{Error, PolarsContext, Result};
use crate::lang::Lang;
use crate::model::ModelSpec;
use crate::panel::Panel;

/// Longest horizon scored in a rolling backtest (a single cut scores every later year).
pub const ROLLING_HORIZON: i32 = 5;

/// One forecast of a backtest.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BacktestRow {
    /// The method.
    pub method: Method,
    /// Last year the method saw.
    pub origin: i32,
    /// Region (panel key).
    pub region: String,
    /// Forecast year.
    pub year: i32,
    /// Years ahead.
    pub horizon: i32,
    /// The forecast.
    pub estimate: f64,
    /// 80% prediction band, when the method has one.
    pub pi80: Option<(f64, f64)>,
    /// 95% prediction band, when the method has one.
    pub pi95: Option<(f64, f64)>,
    /// What happened (from the full panel; `None` if not published).
    pub actual: Option<f64>,
}

/// A method's scores.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MethodScore {
    /// The method (its name in JSON: `name`).
    #[serde(rename = "name")]
    pub method: Method,
    /// Years ahead (`None`: all horizons).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon: Option<i32>,
    /// Region-years scored.
    pub n: usize,
    /// Mean absolute error (percentage points for P0).
    pub mae: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean error, forecast − actual.
    pub bias: f64,
    /// $1 - \mathrm{MAE}/\mathrm{MAE}_{naive}$ on the same region-years (positive: better than
    /// no change).
    pub skill_vs_naive: f64,
    /// Share inside the 80% prediction band (methods with bands).
    pub coverage80: Option<f64>,
    /// Share inside the 95% prediction band.
    pub coverage95: Option<f64>,
}

/// A rolling (or single-origin) backtest of every method.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RollingBacktest {
    /// The origins (last years seen).
    pub origins: Vec<i32>,
    /// Region-years scored per method (the same for every method).
    pub n: usize,
    /// Scores over all horizons, one per method.
    pub methods: Vec<MethodScore>,
    /// Scores per horizon and method.
    pub by_horizon: Vec<MethodScore>,
    /// The candidate with the smallest error (see [`Method::candidates`]).
    pub chosen: Method,
    /// Why, in English.
    pub why_en: String,
    /// Why, in Indonesian.
    pub why_id: String,
    /// Every forecast scored.
    #[serde(skip)]
    pub rows: Vec<BacktestRow>,
}

/// The panel's rows up to `origin` (the only data a forecast from `origin` may see).
pub fn panel_upto(panel: &Panel, origin: i32) -> Result<Panel> {
    let df = panel
        .frame()
        .clone()
        .lazy()
        .filter(
            col(panel.time())
                .cast(DataType::Int64)
                .lt_eq(lit(i64::from(origin))),
        )
        .collect()
        .ctx("cutting the panel at the origin")?;
    Panel::from_frame(df, panel.entity(), panel.time())
}

/// The baseline (each needed variable's recent trend) of a region as it stood on `panel`.
pub fn baseline_at(panel: &Panel, key: &str, needed: &[String], to: i32) -> Result<Scenario> {
    let mut base: Option<Scenario> = None;
    for v in needed {
        let s = Scenario::baseline(panel, key, v, to, super::TREND_YEARS)?;
        match &mut base {
            None => base = Some(s),
            Some(b) => b.values.extend(s.values),
        }
    }
    base.ok_or_else(|| Error::Internal("a model without regressors".into()))
}

/// Every method's forecasts from `origin` for the `horizon` following years, for every region,
/// fitted on the panel cut at the origin; `actual` read from the full panel.
///
/// # Errors
/// A model that cannot be fitted on the years up to the origin.
pub fn forecasts_at(
    spec: &ModelSpec,
    panel: &Panel,
    origin: i32,
    horizon: i32,
    year_effects: super::YearEffects,
) -> Result<Vec<BacktestRow>> {
    let actual = actuals(panel, &spec.formula().response.label())?;
    forecasts_from(spec, panel, origin, horizon, year_effects, &actual)
}

/// Published values by (region key, year).
type Actuals = std::collections::HashMap<(String, i32), f64>;

/// [`forecasts_at`] with the published values read once for every origin.
fn forecasts_from(
    spec: &ModelSpec,
    panel: &Panel,
    origin: i32,
    horizon: i32,
    year_effects: super::YearEffects,
    actual: &Actuals,
) -> Result<Vec<BacktestRow>> {
    let cut = panel_upto(panel, origin)?;
    let m = Methods::fit(&spec.clone().sample(spec.from, None), &cut, year_effects)?;
    let level = m.projector(Method::Level);
    let needed = level.needed().to_vec();
    let keys = level.region_keys();
    let mut out = vec![];
    for key in keys {
        // A region whose TPT path cannot be built at the origin has no forecast from it.
        let Ok(base) = baseline_at(&cut, &key, &needed, origin + horizon) else {
            continue;
        };
        let Ok(xs) = level.scenario_x(&base) else {
            continue;
        };
        for (year, x) in xs.years {
            for method in Method::ALL {
                let Ok(f) = m.forecast(method, &key, year, &x, &x) else {
                    continue;
                };
                out.push(row(
                    method,
                    origin,
                    &key,
                    year,
                    &f,
                    actual.get(&(key.clone(), year)),
                ));
            }
        }
    }
    Ok(out)
}

fn row(
    method: Method,
    origin: i32,
    key: &str,
    year: i32,
    f: &Forecast,
    actual: Option<&f64>,
) -> BacktestRow {
    BacktestRow {
        method,
        origin,
        region: key.to_string(),
        year,
        horizon: year - origin,
        estimate: f.estimate,
        pi80: f.band(0.80),
        pi95: f.band(0.95),
        actual: actual.copied(),
    }
}

fn actuals(panel: &Panel, response: &str) -> Result<Actuals> {
    let df = panel.frame();
    let k = crate::columns::strings(df, panel.entity())?;
    let t = crate::columns::ints(df, panel.time())?;
    let y = crate::columns::floats(df, response)?;
    Ok((0..df.height())
        .filter_map(|i| Some(((k[i].clone()?, t[i]? as i32), y[i]?)))
        .collect())
}

/// The origins a rolling backtest uses: from two years after the sample start to the year
/// before the last.
pub fn rolling_origins(from: i64, last_year: i32) -> Vec<i32> {
    let first = (from + 2).max(i64::from(i32::MIN)) as i32;
    (first..last_year).collect()
}

/// Backtest every method from each origin, `max_h` years ahead (`None`: every later year).
///
/// # Errors
/// No origin with a forecast that can be scored.
pub fn rolling_backtest(
    spec: &ModelSpec,
    panel: &Panel,
    origins: &[i32],
    max_h: Option<i32>,
    year_effects: super::YearEffects,
) -> Result<RollingBacktest> {
    let last = panel.last_year()?;
    let actual = actuals(panel, &spec.formula().response.label())?;
    let mut rows = vec![];
    let mut used = vec![];
    for (i, &o) in origins.iter().enumerate() {
        crate::progress::report(
            ("uji mundur bergulir", "rolling backtest"),
            i,
            origins.len(),
        );
        let h = max_h.unwrap_or(last - o).min(last - o);
        if h < 1 {
            continue;
        }
        if let Ok(r) = forecasts_from(spec, panel, o, h, year_effects, &actual) {
            used.push(o);
            rows.extend(r);
        }
    }
    let n = origins.len();
    crate::progress::report(("uji mundur bergulir", "rolling backtest"), n, n);
    // Exactly the same region-years for every method: those every method forecast and that
    // were published.
    let key = |r: &BacktestRow| (r.origin, r.region.clone(), r.year);
    let mut count: std::collections::HashMap<(i32, String, i32), usize> = Default::default();
    for r in rows.iter().filter(|r| r.actual.is_some()) {
        *count.entry(key(r)).or_default() += 1;
    }
    let all = Method::ALL.len();
    rows.retain(|r| r.actual.is_some() && count.get(&key(r)) == Some(&all));
    if rows.is_empty() {
        return Err(Error::Estimation(
            "no origin has a forecast that can be compared with a published value".into(),
        ));
    }
    score(rows, used)
}

fn scores_of(rows: &[&BacktestRow], horizon: Option<i32>) -> Vec<MethodScore> {
    let naive_mae = mae(rows, Method::Naive);
    Method::ALL
        .iter()
        .map(|&m| {
            let mine: Vec<&&BacktestRow> = rows.iter().filter(|r| r.method == m).collect();
            let n = mine.len();
            let nf = n.max(1) as f64;
            let err: Vec<f64> = mine
                .iter()
                .map(|r| r.estimate - r.actual.unwrap_or(f64::NAN))
                .collect();
            let cover = |band: fn(&BacktestRow) -> Option<(f64, f64)>| {
                let with: Vec<(f64, (f64, f64))> = mine
                    .iter()
                    .filter_map(|r| Some((r.actual?, band(r)?)))
                    .collect();
                (!with.is_empty()).then(|| {
                    with.iter().filter(|(a, (l, h))| a >= l && a <= h).count() as f64
                        / with.len() as f64
                })
            };
            let m_mae = err.iter().map(|e| e.abs()).sum::<f64>() / nf;
            MethodScore {
                method: m,
                horizon,
                n,
                mae: m_mae,
                rmse: (err.iter().map(|e| e * e).sum::<f64>() / nf).sqrt(),
                bias: err.iter().sum::<f64>() / nf,
                skill_vs_naive: 1.0 - m_mae / naive_mae,
                coverage80: cover(|r| r.pi80),
                coverage95: cover(|r| r.pi95),
            }
        })
        .collect()
}

fn mae(rows: &[&BacktestRow], m: Method) -> f64 {
    let e: Vec<f64> = rows
        .iter()
        .filter(|r| r.method == m)
        .map(|r| (r.estimate - r.actual.unwrap_or(f64::NAN)).abs())
        .collect();
    e.iter().sum::<f64>() / e.len().max(1) as f64
}

fn score(rows: Vec<BacktestRow>, origins: Vec<i32>) -> Result<RollingBacktest> {
    let refs: Vec<&BacktestRow> = rows.iter().collect();
    let methods = scores_of(&refs, None);
    let mut horizons: Vec<i32> = rows.iter().map(|r| r.horizon).collect();
    horizons.sort_unstable();
    horizons.dedup();
    let by_horizon = horizons
        .iter()
        .flat_map(|&h| {
            let at: Vec<&BacktestRow> = rows.iter().filter(|r| r.horizon == h).collect();
            scores_of(&at, Some(h))
        })
        .collect();
    let score_of = |m: Method| methods.iter().find(|s| s.method == m);
    let chosen = Method::candidates()
        .into_iter()
        .min_by(|a, b| {
            let (x, y) = (
                score_of(*a).map_or(f64::INFINITY, |s| s.mae),
                score_of(*b).map_or(f64::INFINITY, |s| s.mae),
            );
            x.total_cmp(&y)
        })
        .unwrap_or(Method::Naive);
    let n = score_of(Method::Naive).map_or(0, |s| s.n);
    let (why_en, why_id) = why(chosen, &methods, &origins, n);
    Ok(RollingBacktest {
        origins,
        n,
        methods,
        by_horizon,
        chosen,
        why_en,
        why_id,
        rows,
    })
}

fn why(chosen: Method, scores: &[MethodScore], origins: &[i32], n: usize) -> (String, String) {
    let get = |m: Method| scores.iter().find(|s| s.method == m);
    let (c, naive) = (get(chosen), get(Method::Naive));
    let span = match (origins.first(), origins.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    let (cm, nm) = (
        c.map_or(f64::NAN, |s| s.mae),
        naive.map_or(f64::NAN, |s| s.mae),
    );
    if chosen == Method::Naive {
        return (
            format!(
                "No method beats no change in the backtest (origins {span}, {n} region-years; MAE of no change {nm:.2} pp): the projection is the last observed value, and each scenario is shown as its deviation from it."
            ),
            format!(
                "Tidak ada metode yang mengalahkan \"tanpa perubahan\" dalam uji balik (titik awal {span}, {n} wilayah-tahun; MAE tanpa perubahan {nm:.2} poin): proyeksi = nilai terakhir, dan tiap skenario ditampilkan sebagai selisih darinya."
            ),
        );
    }
    let skill = c.map_or(f64::NAN, |s| s.skill_vs_naive) * 100.0;
    (
        format!(
            "{} has the smallest error in the backtest (origins {span}, {n} region-years): MAE {cm:.2} pp against {nm:.2} pp for no change (skill {skill:+.0}%).",
            chosen.label(Lang::En)
        ),
        format!(
            "{} memiliki galat terkecil dalam uji balik (titik awal {span}, {n} wilayah-tahun): MAE {cm:.2} poin dibanding {nm:.2} poin tanpa perubahan (skill {skill:+.0}%).",
            chosen.label(Lang::Id)
        ),
    )
}

impl RollingBacktest {
    /// The scores as a frame: `method, horizon, n, mae, rmse, bias, skill_vs_naive, coverage80,
    /// coverage95` (horizon null for the overall rows).
    pub fn table(&self) -> Result<DataFrame> {
        let all: Vec<&MethodScore> = self.methods.iter().chain(&self.by_horizon).collect();
        let f = |g: &dyn Fn(&MethodScore) -> f64| all.iter().map(|s| g(s)).collect::<Vec<f64>>();
        let o = |g: &dyn Fn(&MethodScore) -> Option<f64>| {
            all.iter().map(|s| g(s)).collect::<Vec<Option<f64>>>()
        };
        DataFrame::new(
            all.len(),
            vec![
                Column::new(
                    "method".into(),
                    all.iter().map(|s| s.method.name()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "horizon".into(),
                    all.iter().map(|s| s.horizon).collect::<Vec<_>>(),
                ),
                Column::new(
                    "n".into(),
                    all.iter().map(|s| s.n as u64).collect::<Vec<_>>(),
                ),
                Column::new("mae".into(), f(&|s| s.mae)),
                Column::new("rmse".into(), f(&|s| s.rmse)),
                Column::new("bias".into(), f(&|s| s.bias)),
                Column::new("skill_vs_naive".into(), f(&|s| s.skill_vs_naive)),
                Column::new("coverage80".into(), o(&|s| s.coverage80)),
                Column::new("coverage95".into(), o(&|s| s.coverage95)),
            ],
        )
        .ctx("backtest table")
    }
}
