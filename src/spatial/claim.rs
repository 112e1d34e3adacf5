//! The spatial part of the claim check: do poverty shocks spill over kab/kota borders, and what
//! is left of unemployment's effect once they do?
//!
//! On a balanced panel (the model's sample, or the last nine years, and the regions with every
//! value in it) with queen-contiguity weights from the bundled boundaries: Moran's I of the
//! fixed-effects residuals and the LM tests (within-transformed, see [`super::SpatialSpec`]),
//! and the spatial lag model with region fixed effects, whose TPT effect stands beside FE and
//! TWFE.

use super::{SpatialEffects, SpatialFit, SpatialModel, SpatialSpec, WeightsSpec};
use crate::error::{Error, Result};
use crate::model::ModelSpec;
use crate::panel::Panel;

/// Years of the spatial check when the model has no sample: the last nine (2017–2025 in Jawa
/// Barat, the span of the reference results).
pub const SPATIAL_CHECK_YEARS: i64 = 9;

/// The spatial check of a model (see the module).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SpatialCheck {
    /// First and last year.
    pub years: (i64, i64),
    /// Regions in the check.
    pub regions: usize,
    /// Regions left out for a missing value in those years.
    pub left_out: Vec<String>,
    /// OLS with region fixed effects: Moran's I of its residuals and the LM tests.
    pub fe: SpatialFit,
    /// The spatial lag model with region fixed effects.
    pub sar_fe: SpatialFit,
    /// OLS with region and year fixed effects (TWFE): its residuals' Moran's I and LM tests
    /// separate spill-over between neighbours from shocks common to every region in a year.
    pub twfe: SpatialFit,
    /// The spatial lag model with region and year fixed effects.
    pub sar_twfe: SpatialFit,
    /// The check in Indonesian.
    pub words_id: Vec<String>,
    /// The check in English.
    pub words_en: Vec<String>,
}

/// Runs the spatial check of `spec` on `panel` at level `alpha`.
///
/// # Errors
/// Regions without a bundled outline; no year span with two or more complete years; a formula
/// the spatial models do not take (lags, differences).
pub fn spatial_check(spec: &ModelSpec, panel: &Panel, alpha: f64) -> Result<SpatialCheck> {
    let f = &spec.formula;
    let formula = format!(
        "{} ~ {}",
        f.response.label(),
        f.regressors
            .iter()
            .map(|t| t.label())
            .collect::<Vec<_>>()
            .join(" + ")
    );
    let (entity, time) = (panel.entity(), panel.time());
    let frame = panel.frame();
    let ols = SpatialSpec::new(&formula, SpatialModel::Ols, SpatialEffects::Region)?;
    // Read once: every (region, year) and whether it has the model's variables.
    let cells = super::data::Cells::new(frame, (entity, time), &ols)?;
    let newest = spec.to.or(cells.years.last().copied()).unwrap_or(0);
    let oldest = spec.from.or(cells.years.first().copied()).unwrap_or(newest);
    let complete = |y: i64| cells.split((y, y)).kept.len();
    let counts: Vec<(i64, usize)> = (oldest..=newest).rev().map(|y| (y, complete(y))).collect();
    let most = counts.iter().map(|c| c.1).max().unwrap_or(0);
    // The span ends in the latest year at least half the regions have (Jawa Barat's 2025 TPT
    // alone does not end a national span), and goes back while they still do, at most
    // SPATIAL_CHECK_YEARS years unless the model's sample says otherwise.
    let enough = |c: usize| c >= 4 && 2 * c >= most;
    let last = counts
        .iter()
        .find(|c| enough(c.1))
        .map(|c| c.0)
        .ok_or_else(|| Error::Estimation("no year with values for four regions or more".into()))?;
    let span = if spec.from.is_some() {
        i64::MAX
    } else {
        SPATIAL_CHECK_YEARS
    };
    let first = counts
        .iter()
        .filter(|c| c.0 <= last)
        .take_while(|c| enough(c.1) && last - c.0 < span)
        .last()
        .map_or(last, |c| c.0);
    if first >= last {
        return Err(Error::Estimation(format!(
            "the spatial check needs two years or more with values for most regions (only {last})"
        )));
    }
    let regions = cells.split((first, last));
    let w = WeightsSpec::Contiguity(super::Contiguity::Queen, super::SNAP_TOLERANCE_M)
        .build(&regions.kept)?;
    let fe = ols.fit(frame, (entity, time), &w, Some((first, last)))?;
    let fit = |model, effects| {
        SpatialSpec::new(&formula, model, effects)?.fit(
            frame,
            (entity, time),
            &w,
            Some((first, last)),
        )
    };
    let sar_fe = fit(SpatialModel::Sar, SpatialEffects::Region)?;
    let twfe = fit(SpatialModel::Ols, SpatialEffects::RegionYear)?;
    let sar_twfe = fit(SpatialModel::Sar, SpatialEffects::RegionYear)?;
    let term = f.regressors[0].label();
    let (mut words_id, mut words_en) = (
        vec![format!(
            "Panel seimbang {first}–{last}, {} kab/kota, tetangga = berbatasan langsung (queen).",
            regions.kept.len()
        )],
        vec![format!(
            "Balanced panel {first}–{last}, {} kab/kota, neighbours = sharing a border (queen).",
            regions.kept.len()
        )],
    );
    let (a, b) = moran_words(&fe, &twfe, alpha);
    words_id.extend(a);
    words_en.extend(b);
    for (m, id, en) in [
        (&sar_fe, "FEM", "FE"),
        (&sar_twfe, "FEM dua arah", "two-way FE"),
    ] {
        let (a, b) = sar_words(m, (id, en), &term, alpha);
        words_id.extend(a);
        words_en.extend(b);
    }
    Ok(SpatialCheck {
        years: (first, last),
        regions: regions.kept.len(),
        left_out: regions.left_out,
        fe,
        sar_fe,
        twfe,
        sar_twfe,
        words_id,
        words_en,
    })
}

/// Decimal point for English, comma for Indonesian.
fn n(v: f64, d: usize, id: bool) -> String {
    let s = format!("{v:.d$}");
    if id { s.replace('.', ",") } else { s }
}

/// A p-value as "= 0.0123", or "< 0.0001" below what four decimals show.
fn p_text(p: f64, id: bool) -> String {
    if p < 1e-4 {
        n(1e-4, 4, id)
            .replace("0.0001", "< 0.0001")
            .replace("0,0001", "< 0,0001")
    } else {
        format!("= {}", n(p, 4, id))
    }
}

fn signed(v: f64, id: bool) -> String {
    let s = format!("{v:+.3}");
    if id { s.replace('.', ",") } else { s }
}

fn moran_of(f: &SpatialFit) -> Option<(f64, f64)> {
    f.diagnostics
        .as_ref()
        .map(|d| (d.moran_i, d.moran_residuals.p_value))
}

/// Moran's I of the FE and the TWFE residuals, in words.
fn moran_words(fe: &SpatialFit, twfe: &SpatialFit, alpha: f64) -> (Vec<String>, Vec<String>) {
    let (mut id, mut en) = (Vec::new(), Vec::new());
    let Some((i, p)) = moran_of(fe) else {
        return (id, en);
    };
    let head = |l: bool| {
        format!(
            "Moran's I {} = {} (p {})",
            if l {
                "residual FEM"
            } else {
                "of the FE residuals"
            },
            n(i, 3, l),
            p_text(p, l)
        )
    };
    if p < alpha {
        id.push(format!(
            "{}: residual kab/kota bertetangga bergerak bersama.",
            head(true)
        ));
        en.push(format!(
            "{}: residuals of neighbouring kab/kota move together.",
            head(false)
        ));
    } else {
        id.push(format!(
            "{}: tidak ada bukti ketergantungan spasial.",
            head(true)
        ));
        en.push(format!(
            "{}: no evidence of spatial dependence.",
            head(false)
        ));
    }
    if let Some((i2, p2)) = moran_of(twfe).filter(|_| p < alpha) {
        let head = |l: bool| {
            format!(
                "{} = {} (p {})",
                if l {
                    "Dengan efek tahun, Moran's I residual"
                } else {
                    "With year effects, Moran's I of the residuals"
                },
                n(i2, 3, l),
                p_text(p2, l)
            )
        };
        if p2 < alpha {
            id.push(format!("{}: guncangan menular antar-tetangga, bukan hanya guncangan bersama setiap tahun; galat baku biasa terlalu optimistis.", head(true)));
            en.push(format!("{}: shocks spread between neighbours, beyond the shocks common to every year; ordinary standard errors are too optimistic.", head(false)));
        } else {
            id.push(format!("{}: yang bergerak bersama adalah guncangan yang menimpa semua kab/kota pada tahun yang sama (mis. 2020), bukan limpahan antar-tetangga.", head(true)));
            en.push(format!("{}: what moves together is the shock that hits every kab/kota in the same year (such as 2020), not spill-over between neighbours.", head(false)));
        }
    }
    (id, en)
}

/// A spatial lag model's TPT effect, in words.
fn sar_words(
    sar: &SpatialFit,
    (name_id, name_en): (&str, &str),
    term: &str,
    alpha: f64,
) -> (Vec<String>, Vec<String>) {
    let (Some(b), Some(rho)) = (sar.coef(term), sar.coef("rho")) else {
        return (Vec::new(), Vec::new());
    };
    let total = sar
        .impacts
        .as_ref()
        .and_then(|v| v.iter().find(|i| i.term == term));
    let sig = b.p_value < alpha;
    let id = format!(
        "Model lag spasial {name_id} (ρ = {}): efek TPT {} poin P0 per poin TPT (p {}, galat baku ML tanpa klaster){}{}.",
        n(rho.estimate, 2, true),
        signed(b.estimate, true),
        p_text(b.p_value, true),
        total.map_or(String::new(), |t| format!(
            ", total dengan limpahan ke tetangga {}",
            signed(t.total, true)
        )),
        if sig { "" } else { " — tidak nyata" }
    );
    let en = format!(
        "Spatial lag {name_en} model (ρ = {}): TPT effect {} pp of P0 per pp of TPT (p {}, ML standard errors, not clustered){}{}.",
        n(rho.estimate, 2, false),
        signed(b.estimate, false),
        p_text(b.p_value, false),
        total.map_or(String::new(), |t| format!(
            ", total with spill-overs to neighbours {}",
            signed(t.total, false)
        )),
        if sig { "" } else { " — not significant" }
    );
    (vec![id], vec![en])
}
