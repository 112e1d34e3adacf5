//! Target seeking: the value of one regressor (TPT) in a year that makes the projected poverty
//! rate equal a target, with its uncertainty — or the honest answer that it cannot be reached.
//!
//! With $\hat y_f = \bar y_i + \hat\gamma_f + (x_f - \bar x_i)'\hat\beta$ linear in the chosen
//! variable $v$, the required value is
//! $x_v^* = \bar x_{iv} + \big(T - \bar y_i - \hat\gamma_f - \sum_{k \ne v}(x_{fk}-\bar x_{ik})\hat\beta_k\big)/\hat\beta_v$,
//! and by the delta method
//! $\operatorname{Var}(x^*_v) = g'\hat Vg + \hat\sigma^2/(T_i\hat\beta_v^2)$ with
//! $g_v = (\bar x_{iv}-x^*_v)/\hat\beta_v$, $g_k = (\bar x_{ik}-x_{fk})/\hat\beta_v$.

use ndarray::Array1;

use super::project::Projector;
use super::scenario::Scenario;
use crate::error::{Error, Result};
use crate::hypothesis::Dist;

/// Whether a target can be reached by moving the variable.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Reachability {
    /// The required value lies within the range observed in the data.
    Reachable,
    /// The required value lies outside what the data have seen (or below zero).
    OutsideDataRange,
    /// The variable's effect is not distinguishable from zero: no value of it can be shown to
    /// reach the target.
    EffectNotIdentified,
}

/// The answer of [`seek_target`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TargetAnswer {
    /// Region.
    pub region: String,
    /// The variable moved (e.g. `unemployment_rate`).
    pub variable: String,
    /// The target value of the response.
    pub target: f64,
    /// The target year.
    pub year: i32,
    /// Required value of the variable in that year.
    pub required: f64,
    /// 95% interval of the required value.
    pub ci_low: f64,
    /// Upper bound.
    pub ci_high: f64,
    /// Smallest and largest value of the variable observed in the panel.
    pub observed_range: (f64, f64),
    /// The variable's last observed value for the region.
    pub last_observed: f64,
    /// Verdict.
    pub reachability: Reachability,
    /// The verdict in words (English).
    pub message_en: String,
    /// The verdict in words (Indonesian).
    pub message_id: String,
}

/// Seek the value of `variable` in `year` that gives `target`; the other regressors follow
/// `others` (e.g. their baseline) in that year.
///
/// # Errors
/// A target outside 0–100 for a percentage, a variable not entering the model linearly.
pub fn seek_target(
    p: &Projector,
    region: &str,
    variable: &str,
    target: f64,
    year: i32,
    others: Option<&Scenario>,
) -> Result<TargetAnswer> {
    if !(0.0..=100.0).contains(&target) {
        return Err(Error::InvalidArgument {
            what: "target".into(),
            message: format!("{target} is outside 0–100 (percent)"),
        });
    }
    let j = linear_term(p, variable)?;
    let hist = super::scenario::history(p_panel(p), region, variable)?;
    let last_observed = hist[hist.len() - 1].1;
    let (key, x0, a) = level_without(p, region, variable, year, others)?;
    let b = p.fit().coefs()[j];
    let required = (target - a) / b;
    // Delta method for x* = (target − a)/b: the gradient in β, plus the region effect's variance.
    let mut xf = x0.clone();
    xf[j] = required;
    let parts = p.delta_parts(&key, year)?;
    let g = Array1::from_iter((0..xf.len()).map(|k| (parts.reference[k] - xf[k]) / b));
    let v = p.fit().cov();
    let se = (g.dot(&v.dot(&g)) + (parts.alpha_var + parts.rho_var) / (b * b)).sqrt();
    let tq = Dist::T { df: p.fit().df_t() }.critical_value(0.05);
    let all = crate::columns::floats(p_panel(p).frame(), variable)?;
    let (lo, hi) = all
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(*v), h.max(*v))
        });
    let mut answer = TargetAnswer {
        region: super::region_name(&super::entity_key(region), region),
        variable: variable.into(),
        target,
        year,
        required,
        ci_low: required - tq * se,
        ci_high: required + tq * se,
        observed_range: (lo, hi),
        last_observed,
        reachability: Reachability::Reachable,
        message_en: String::new(),
        message_id: String::new(),
    };
    let b_se = v[[j, j]].sqrt();
    answer.reachability = if (b / b_se).abs() < tq {
        Reachability::EffectNotIdentified
    } else if required < lo.max(0.0) || required > hi {
        Reachability::OutsideDataRange
    } else {
        Reachability::Reachable
    };
    (answer.message_en, answer.message_id) = messages(&answer, b, b_se);
    Ok(answer)
}

/// The position of `variable` in the model, which must enter it linearly, once.
fn linear_term(p: &Projector, variable: &str) -> Result<usize> {
    let terms = p.fit().terms();
    let j = terms
        .iter()
        .position(|t| t == variable)
        .ok_or_else(|| Error::InvalidArgument {
            what: "variable".into(),
            message: format!(
                "{variable:?} is not a plain term of the model (terms: {})",
                terms.join(", ")
            ),
        })?;
    if p.needed().iter().filter(|v| *v == variable).count() == 1
        && terms.iter().filter(|t| t.contains(variable)).count() > 1
    {
        return Err(Error::InvalidArgument {
            what: "variable".into(),
            message: format!(
                "{variable} also enters through log/lag terms; target seeking needs it to enter linearly once"
            ),
        });
    }
    Ok(j)
}

/// The projected level with `variable` at 0 in `year` (the intercept a of ŷ = a + b·x), the
/// region's key and the regressor row.
fn level_without(
    p: &Projector,
    region: &str,
    variable: &str,
    year: i32,
    others: Option<&Scenario>,
) -> Result<(String, Vec<f64>, f64)> {
    let mut s = others
        .cloned()
        .unwrap_or_else(|| Scenario::custom("target_seek", region, variable, &[]));
    s.region = region.to_string();
    s.values
        .insert(variable.to_string(), [(year, 0.0)].into_iter().collect());
    for (v, path) in s.values.iter_mut() {
        path.retain(|y, _| *y == year);
        if path.is_empty() && v != variable {
            return Err(Error::InvalidArgument {
                what: format!("path of {v}"),
                message: format!("no value in {year}"),
            });
        }
    }
    let super::project::ScenarioRows { key, years: xs } = p.scenario_x(&s)?;
    let x0 = xs
        .iter()
        .find(|(y, _)| *y == year)
        .map(|(_, x)| x.clone())
        .ok_or_else(|| Error::Internal("no scenario row in the target year".into()))?;
    let (a, _) = p.predict(&key, year, &x0)?;
    Ok((key, x0, a))
}

/// The answer in English and Indonesian, with BPS's short names (TPT, P0) for the indicators.
fn messages(t: &TargetAnswer, b: f64, b_se: f64) -> (String, String) {
    let var = crate::indicator::short_name(&t.variable);
    let (target, year, required) = (t.target, t.year, t.required);
    let (lo, hi) = t.observed_range;
    let (cl, ch, last) = (t.ci_low, t.ci_high, t.last_observed);
    match t.reachability {
        Reachability::EffectNotIdentified => (
            format!(
                "The effect of {var} on the response ({b:+.3}, SE {b_se:.3}) is not distinguishable from zero: no value of {var} can be shown to reach {target} in {year}."
            ),
            format!(
                "Pengaruh {var} ({b:+.3}, SE {b_se:.3}) tidak berbeda nyata dari nol: tidak ada nilai {var} yang terbukti mencapai {target} pada {year}."
            ),
        ),
        Reachability::OutsideDataRange => (
            format!(
                "Reaching {target} in {year} would need {var} = {required:.2}, outside the range the data have seen ({lo:.2}–{hi:.2}): not reachable within the data's range."
            ),
            format!(
                "Mencapai {target} pada {year} memerlukan {var} = {required:.2}, di luar rentang data ({lo:.2}–{hi:.2}): tidak dapat dicapai dalam rentang data."
            ),
        ),
        Reachability::Reachable => (
            format!(
                "{var} of {required:.2} (95% CI {cl:.2}–{ch:.2}) in {year} gives {target} on the fitted model (last observed {last})."
            ),
            format!(
                "{var} sebesar {required:.2} (SK 95% {cl:.2}–{ch:.2}) pada {year} menghasilkan {target} menurut model (terakhir {last})."
            ),
        ),
    }
}

fn p_panel(p: &Projector) -> &crate::panel::Panel {
    p.panel()
}
