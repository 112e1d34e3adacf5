//! How the year effects of a two-way model are carried into years not yet observed.

use crate::error::{Error, Result};
use crate::lang::Bilingual;

/// How the year effects of a two-way model are carried into plan years.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum YearEffects {
    /// A straight line through the last `years` estimated year effects, extrapolated.
    Trend {
        /// Number of recent years the line is fitted to.
        years: usize,
    },
    /// The last estimated year effect, held constant.
    Last,
    /// Zero: the average year of the estimation sample.
    Zero,
}

impl YearEffects {
    /// Parse `trend`, `trend:K`, `last`, `zero` (the same as [`str::parse`]).
    pub fn parse(s: &str) -> Result<YearEffects> {
        s.parse()
    }
}

impl std::fmt::Display for YearEffects {
    /// The form [`str::parse`] reads back (`zero`, `last`, `trend:5`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            YearEffects::Trend { years } => write!(f, "trend:{years}"),
            YearEffects::Last => f.write_str("last"),
            YearEffects::Zero => f.write_str("zero"),
        }
    }
}

impl std::str::FromStr for YearEffects {
    type Err = Error;
    fn from_str(s: &str) -> Result<YearEffects> {
        let t = s.trim().to_lowercase();
        Ok(match t.as_str() {
            "last" => YearEffects::Last,
            "zero" | "mean" => YearEffects::Zero,
            "trend" => YearEffects::Trend {
                years: super::TREND_YEARS,
            },
            _ if t.starts_with("trend:") => YearEffects::Trend {
                years: t[6..].parse().map_err(|_| Error::InvalidArgument {
                    what: "year effects".into(),
                    message: format!("{s:?}; use trend:K with K years"),
                })?,
            },
            _ => {
                return Err(Error::InvalidArgument {
                    what: "year effects".into(),
                    message: format!("{s:?}; expected trend, trend:K, last or zero"),
                });
            }
        })
    }
}

impl YearEffects {
    pub(super) fn label(&self, has_year_effects: bool) -> Bilingual {
        if !has_year_effects {
            return Bilingual::new("tidak ada dalam model", "none in the model");
        }
        match self {
            YearEffects::Trend { years } => Bilingual::new(
                format!("tren {years} efek tahun terakhir"),
                format!("trend of the last {years} year effects"),
            ),
            YearEffects::Last => {
                Bilingual::new("efek tahun terakhir dipertahankan", "last year effect held")
            }
            YearEffects::Zero => Bilingual::new("nol (tahun rata-rata)", "zero (average year)"),
        }
    }
}
