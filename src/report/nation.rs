//! The claim at national scale, for the report: the within-region slope of P0 on TPT on all 514
//! kab/kota (clustered by province, 38 clusters), with and without year effects, beside the slope
//! on the region's own province.

use crate::error::Result;
use crate::model::{Fit, ModelSpec};
use crate::plan::defaults;
use crate::vcov::Vcov;

/// One slope with its 95% interval and p-value.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Slope {
    /// Change in P0 (pp) per pp of TPT.
    pub estimate: f64,
    /// Lower end of the 95% interval.
    pub ci_low: f64,
    /// Upper end.
    pub ci_high: f64,
    /// p-value (CR1).
    pub p_value: f64,
    /// Clusters.
    pub clusters: usize,
}

/// The national answer beside the region's panel's.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NationalClaim {
    /// FE (kab/kota), all 514, CR1 by province.
    pub national_fe: Slope,
    /// FE with year effects, all 514, CR1 by province.
    pub national_twfe: Slope,
}

fn slope(f: &Fit) -> Result<Slope> {
    let c = f
        .coefficients(0.95)
        .into_iter()
        .find(|c| c.term == crate::indicator::UNEMPLOYMENT_RATE)
        .ok_or_else(|| crate::Error::Internal("no TPT term".into()))?;
    Ok(Slope {
        estimate: c.estimate,
        ci_low: c.ci_low,
        ci_high: c.ci_high,
        p_value: c.p_value,
        clusters: f.n_clusters().unwrap_or(0),
    })
}

/// Fit the national FE and TWFE slopes (2015 onward, CR1 by province).
///
/// # Errors
/// The bundled data's and the fits' errors.
pub fn national_claim() -> Result<NationalClaim> {
    let panel = crate::datasets::indonesia_panel()?;
    let fit = |f: &str| {
        ModelSpec::new(f)?
            .vcov(Vcov::cluster(["province_code"]))
            .sample(Some(defaults::sample_from()), None)
            .fit_panel(&panel)
    };
    Ok(NationalClaim {
        national_fe: slope(&fit("poverty_rate ~ unemployment_rate | region_code")?)?,
        national_twfe: slope(&fit(
            "poverty_rate ~ unemployment_rate | region_code + year",
        )?)?,
    })
}

/// The sentence for one slope, in the reader's language.
pub fn words(s: &Slope, lang: crate::lang::Lang) -> String {
    let (unit, ci, to, clusters, zero) = match lang {
        crate::lang::Lang::Id => (
            "poin P0 per 1 poin TPT",
            "SK 95%",
            "s.d.",
            "klaster",
            ": tidak berbeda dari nol",
        ),
        crate::lang::Lang::En => (
            "pp of P0 per 1 pp of TPT",
            "95% CI",
            "to",
            "clusters",
            ": not distinguishable from zero",
        ),
    };
    format!(
        "{:+.2} {unit} ({ci} {:+.2} {to} {:+.2}; p = {:.3}, {} {clusters}){}",
        s.estimate,
        s.ci_low,
        s.ci_high,
        s.p_value,
        s.clusters,
        if s.p_value < 0.05 { "" } else { zero }
    )
}
