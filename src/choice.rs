//! `model_choice`: the CEM / FEM / REM workflow of Indonesian panel studies — Chow, then
//! Hausman, then Breusch–Pagan LM — with the chosen model and why, in Indonesian and English,
//! plus the diagnostics that decide how to read it (Pesaran CD, Wooldridge serial correlation).

use std::fmt;

use crate::diagnostics::{self, CdResiduals};
use crate::error::{Error, Result};
use crate::hypothesis::TestStat;
use crate::model::ModelSpec;
use crate::panel::Panel;

/// The three panel models of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum PanelModel {
    /// Common Effect Model: pooled OLS.
    #[serde(rename = "CEM")]
    Cem,
    /// Fixed Effect Model: within estimator.
    #[serde(rename = "FEM")]
    Fem,
    /// Random Effect Model: GLS with Swamy–Arora components.
    #[serde(rename = "REM")]
    Rem,
}

impl PanelModel {
    /// Short name (CEM / FEM / REM).
    pub fn code(self) -> &'static str {
        match self {
            PanelModel::Cem => "CEM",
            PanelModel::Fem => "FEM",
            PanelModel::Rem => "REM",
        }
    }
    /// The estimator that fits it.
    pub fn estimator(self) -> crate::model::Estimator {
        match self {
            PanelModel::Cem => crate::model::Estimator::Pooled,
            PanelModel::Fem => crate::model::Estimator::Within,
            PanelModel::Rem => crate::model::Estimator::Random,
        }
    }
}

/// A test that was run, or why it could not be.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Outcome {
    /// The test statistic.
    Done(TestStat),
    /// Not valid here, because …
    NotValid {
        /// Why.
        not_valid: String,
    },
}

impl Outcome {
    fn from(r: Result<TestStat>) -> Result<Outcome> {
        match r {
            Ok(t) => Ok(Outcome::Done(t)),
            Err(Error::NotApplicable { reason, .. }) => Ok(Outcome::NotValid { not_valid: reason }),
            Err(e) => Err(e),
        }
    }
    /// The p-value, if the test ran.
    pub fn p_value(&self) -> Option<f64> {
        match self {
            Outcome::Done(t) => Some(t.p_value),
            Outcome::NotValid { .. } => None,
        }
    }
}

/// Whether the classical Hausman test cannot be taken at its word: not valid, or computed with a
/// covariance difference that is not positive definite.
fn hausman_doubtful(o: &Outcome) -> bool {
    match o {
        Outcome::NotValid { .. } => true,
        Outcome::Done(t) => t.warning.is_some(),
    }
}

/// Why the regression-based Hausman test decides, in both languages.
fn robust_notice(id: &mut Vec<String>, en: &mut Vec<String>, serial: bool) {
    id.push(format!(
        "Uji Hausman klasik tidak andal di sini ({}); yang dipakai uji Hausman berbasis regresi dengan galat baku klaster per wilayah (sah di bawah heteroskedastisitas dan autokorelasi).",
        if serial { "uji Wooldridge menunjukkan autokorelasi serial" } else { "V_FE − V_RE tidak definit positif" }
    ));
    en.push(format!(
        "The classical Hausman test is not reliable here ({}); the regression-based Hausman test with standard errors clustered by region decides (valid under heteroskedasticity and serial correlation).",
        if serial { "Wooldridge's test finds serial correlation" } else { "V_FE − V_RE is not positive definite" }
    ));
}

/// The result of [`model_choice`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ModelChoice {
    /// Chow / F test for individual effects (CEM vs FEM).
    pub chow_f: Outcome,
    /// Breusch–Pagan LM (CEM vs REM).
    pub breusch_pagan_lm: Outcome,
    /// Hausman (FEM vs REM), classical.
    pub hausman: Outcome,
    /// Hausman, regression-based with standard errors clustered by entity
    /// ([`diagnostics::hausman_regression`]); it decides when the classical test is not valid or
    /// Wooldridge's test finds serial correlation.
    pub hausman_robust: Outcome,
    /// Pesaran CD on the within residuals.
    pub pesaran_cd: Outcome,
    /// Wooldridge serial correlation in FE panels.
    pub wooldridge_serial: Outcome,
    /// Significance level used.
    pub alpha: f64,
    /// The chosen model.
    pub chosen: PanelModel,
    /// Why, in Indonesian.
    pub reason_id: Vec<String>,
    /// Why, in English.
    pub reason_en: Vec<String>,
    /// Spatial dependence: Moran's I of the FE residuals, LM tests, and the spatial lag FE
    /// model's effect ([`crate::spatial::spatial_check`]), added by [`ModelChoice::with_spatial`]
    /// (as [`crate::plan::model_choice`] does); `None` where it did not run (see
    /// `spatial_not_done`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spatial: Option<crate::spatial::SpatialCheck>,
    /// Why there is no spatial check (regions without bundled boundaries, too few years, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spatial_not_done: Option<String>,
}

fn p(o: &Outcome) -> String {
    o.p_value()
        .map_or_else(|| "n/a".to_string(), |p| format!("{p:.4}"))
}

/// Run Chow → Hausman → LM at level `alpha` (0.05 in most studies) and choose CEM, FEM or REM.
///
/// Decision rule: Chow rejects CEM → compare FEM and REM by Hausman (rejects → FEM; otherwise
/// REM, confirmed against CEM by LM). Chow does not reject → compare CEM and REM by LM. A
/// Hausman test that is not valid here (non-positive-definite difference) leaves FEM, the
/// consistent choice.
///
/// ```
/// # fn main() -> indikator::Result<()> {
/// let panel = indikator::datasets::jabar_panel()?;
/// let spec = indikator::model::ModelSpec::new("poverty_rate ~ unemployment_rate")?.sample(Some(2017), Some(2025));
/// let c = indikator::choice::model_choice(&spec, &panel, 0.05)?;
/// println!("{c}");
/// # Ok(()) }
/// ```
pub fn model_choice(spec: &ModelSpec, panel: &Panel, alpha: f64) -> Result<ModelChoice> {
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(crate::Error::InvalidArgument {
            what: "significance level (alpha)".into(),
            message: format!("{alpha}; use a probability between 0 and 1, e.g. 0.05"),
        });
    }
    let chow_f = Outcome::from(diagnostics::chow_f(spec, panel))?;
    let breusch_pagan_lm = Outcome::from(diagnostics::breusch_pagan_lm(spec, panel))?;
    let hausman = Outcome::from(diagnostics::hausman(spec, panel))?;
    let hausman_robust = Outcome::from(diagnostics::hausman_regression(
        spec,
        panel,
        diagnostics::HausmanVcov::ClusterHc0,
    ))?;
    let pesaran_cd = Outcome::from(diagnostics::pesaran_cd(spec, panel, CdResiduals::Within))?;
    let wooldridge_serial = Outcome::from(diagnostics::wooldridge_serial(spec, panel))?;
    let sig = |o: &Outcome| o.p_value().is_some_and(|p| p < alpha);
    // The classical Hausman test assumes random effects are efficient (iid errors): with serial
    // correlation, or where V_FE − V_RE is not positive definite, the regression-based test with
    // standard errors clustered by entity decides instead.
    let classical_unreliable = hausman_doubtful(&hausman) || sig(&wooldridge_serial);
    let use_robust = classical_unreliable && matches!(hausman_robust, Outcome::Done(_));
    let (mut id, mut en) = (Vec::new(), Vec::new());
    // The LM step: REM against CEM.
    let lm_step = |id: &mut Vec<String>, en: &mut Vec<String>, cem_id: &str, cem_en: &str| {
        let pl = p(&breusch_pagan_lm);
        if sig(&breusch_pagan_lm) {
            id.push(format!(
                "Uji LM Breusch–Pagan: p = {pl} < {alpha} → REM lebih baik daripada CEM."
            ));
            en.push(format!(
                "Breusch–Pagan LM test: p = {pl} < {alpha} → REM is preferred to CEM."
            ));
            PanelModel::Rem
        } else {
            id.push(format!(
                "Uji LM Breusch–Pagan: p = {pl} ≥ {alpha} → {cem_id}."
            ));
            en.push(format!(
                "Breusch–Pagan LM test: p = {pl} ≥ {alpha} → {cem_en}."
            ));
            PanelModel::Cem
        }
    };
    let chosen = if sig(&chow_f) {
        id.push(format!(
            "Uji Chow: p = {} < {alpha} → H0 ditolak, FEM lebih baik daripada CEM.",
            p(&chow_f)
        ));
        en.push(format!(
            "Chow test: p = {} < {alpha} → reject H0, FEM is preferred to CEM.",
            p(&chow_f)
        ));
        if use_robust {
            robust_notice(&mut id, &mut en, sig(&wooldridge_serial));
        }
        let used = if use_robust {
            &hausman_robust
        } else {
            &hausman
        };
        match used {
            Outcome::NotValid { not_valid } => {
                id.push(format!("Uji Hausman tidak dapat dihitung ({not_valid}); FEM dipertahankan karena tetap konsisten."));
                en.push(format!("Hausman test not valid here ({not_valid}); FEM is kept as the consistent estimator."));
                PanelModel::Fem
            }
            h if sig(h) => {
                id.push(format!("Uji Hausman: p = {} < {alpha} → H0 ditolak, efek individu berkorelasi dengan regresor: FEM.", p(h)));
                en.push(format!("Hausman test: p = {} < {alpha} → reject H0, individual effects correlate with the regressors: FEM.", p(h)));
                PanelModel::Fem
            }
            h => {
                id.push(format!("Uji Hausman: p = {} ≥ {alpha} → H0 tidak ditolak, REM konsisten dan lebih efisien.", p(h)));
                en.push(format!("Hausman test: p = {} ≥ {alpha} → H0 not rejected, REM is consistent and more efficient.", p(h)));
                lm_step(
                    &mut id,
                    &mut en,
                    "efek acak tidak nyata; CEM",
                    "no random effect; CEM",
                )
            }
        }
    } else {
        id.push(format!(
            "Uji Chow: p = {} ≥ {alpha} → H0 tidak ditolak, CEM memadai dibanding FEM.",
            p(&chow_f)
        ));
        en.push(format!(
            "Chow test: p = {} ≥ {alpha} → H0 not rejected, CEM is adequate against FEM.",
            p(&chow_f)
        ));
        lm_step(&mut id, &mut en, "CEM", "CEM")
    };
    if sig(&pesaran_cd) {
        id.push("Catatan: uji Pesaran CD menunjukkan ketergantungan antarwilayah (guncangan bersama, mis. 2020) — pertimbangkan efek tahun atau galat baku klaster.".into());
        en.push("Note: Pesaran's CD test finds cross-sectional dependence (common shocks such as 2020) — consider year effects or clustered standard errors.".into());
    }
    if sig(&wooldridge_serial) {
        id.push("Catatan: uji Wooldridge menunjukkan autokorelasi serial — gunakan galat baku klaster per wilayah.".into());
        en.push("Note: Wooldridge's test finds serial correlation — use standard errors clustered by region.".into());
    }
    Ok(ModelChoice {
        spatial: None,
        spatial_not_done: None,
        chow_f,
        breusch_pagan_lm,
        hausman,
        hausman_robust,
        pesaran_cd,
        wooldridge_serial,
        alpha,
        chosen,
        reason_id: id,
        reason_en: en,
    })
}

impl ModelChoice {
    /// The choice with the spatial check beside it, the check's sentences appended to the
    /// reasons (`Spasial: …` / `Spatial: …`); where the check could not run, why not. The tests
    /// above do not run spatial fits: [`crate::plan::model_choice`] composes the two.
    pub fn with_spatial(mut self, check: Result<crate::spatial::SpatialCheck>) -> ModelChoice {
        match check {
            Ok(c) => {
                self.reason_id
                    .extend(c.words_id.iter().map(|w| format!("Spasial: {w}")));
                self.reason_en
                    .extend(c.words_en.iter().map(|w| format!("Spatial: {w}")));
                self.spatial = Some(c);
                self.spatial_not_done = None;
            }
            Err(e) => {
                self.spatial = None;
                self.spatial_not_done = Some(e.to_string());
            }
        }
        self
    }
}

/// A test's statistic, degrees of freedom and p-value, or why it is not valid.
type TestRow = std::result::Result<(f64, String, f64), String>;

impl ModelChoice {
    /// The tests' rows: name, statistic, degrees of freedom and p-value (or why not valid).
    fn rows(&self) -> Vec<(&'static str, TestRow)> {
        [
            ("Chow F (CEM vs FEM)", &self.chow_f),
            ("Breusch–Pagan LM (CEM vs REM)", &self.breusch_pagan_lm),
            ("Hausman (FEM vs REM)", &self.hausman),
            ("Hausman, regression, cluster-robust", &self.hausman_robust),
            ("Pesaran CD (cross-section dependence)", &self.pesaran_cd),
            ("Wooldridge (serial correlation)", &self.wooldridge_serial),
        ]
        .into_iter()
        .map(|(name, o)| {
            let row = match o {
                Outcome::Done(t) => {
                    let df = t
                        .dist
                        .dfs()
                        .iter()
                        .map(|d| format!("{d}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    Ok((t.statistic, df, t.p_value))
                }
                Outcome::NotValid { not_valid } => Err(not_valid.clone()),
            };
            (name, row)
        })
        .collect()
    }

    /// Markdown for a notebook: the tests as a table, the choice and its reasons as prose that
    /// wraps at word boundaries (a fixed-width block would break words).
    pub fn markdown(&self) -> String {
        let mut s =
            String::from("| uji / test | statistik / statistic | df | p |\n|---|---:|---:|---:|\n");
        for (name, row) in self.rows() {
            match row {
                Ok((stat, df, p)) => {
                    s.push_str(&format!("| {name} | {stat:.4} | {df} | {p:.4} |\n"))
                }
                Err(why) => s.push_str(&format!(
                    "| {name} | tidak berlaku / not valid here: {} | | |\n",
                    why.replace('|', "\\|")
                )),
            }
        }
        s.push_str(&format!(
            "\n**Model terpilih / chosen model: {}**\n\n",
            self.chosen.code()
        ));
        for (a, b) in self.reason_id.iter().zip(&self.reason_en) {
            s.push_str(&format!("- {a}  \n  *{b}*\n"));
        }
        s
    }
}

impl fmt::Display for ModelChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<40} {:>12} {:>14} {:>10}",
            "test / uji", "statistic", "df", "p"
        )?;
        for (name, row) in self.rows() {
            match row {
                Ok((stat, df, p)) => writeln!(f, "{name:<40} {stat:>12.4} {df:>14} {p:>10.4}")?,
                Err(why) => writeln!(f, "{name:<40} not valid here: {why}")?,
            }
        }
        writeln!(f, "\nModel terpilih / chosen model: {}", self.chosen.code())?;
        for (a, b) in self.reason_id.iter().zip(&self.reason_en) {
            writeln!(f, "- {a}\n  {b}")?;
        }
        Ok(())
    }
}
