//! The user's choice of covariance: [`Vcov`] (iid, HC, clustered, HAC) with its clusters
//! ([`ClusterBy`]) and the small-sample convention ([`Ssc`]), and their parsing.

use crate::error::{Error, Result};

/// Heteroskedasticity-robust variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Hc {
    /// White's estimator, no correction.
    Hc0,
    /// HC0 × N/(N−K).
    Hc1,
    /// Leverage-corrected, $e_i^2/(1-h_i)$.
    Hc2,
    /// Jackknife-like, $e_i^2/(1-h_i)^2$.
    Hc3,
}

impl std::fmt::Display for Hc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Hc::Hc0 => "HC0",
            Hc::Hc1 => "HC1",
            Hc::Hc2 => "HC2",
            Hc::Hc3 => "HC3",
        })
    }
}

/// The columns a cluster-robust covariance clusters by: one or two, nothing else (an empty or
/// three-way list cannot be built).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ClusterBy {
    /// One-way clustering.
    One(String),
    /// Two-way clustering (Cameron–Gelbach–Miller).
    Two(String, String),
}

impl ClusterBy {
    /// The column names, in order.
    pub fn columns(&self) -> Vec<&str> {
        match self {
            ClusterBy::One(a) => vec![a],
            ClusterBy::Two(a, b) => vec![a, b],
        }
    }
}

impl<S: Into<String>> From<[S; 1]> for ClusterBy {
    fn from([a]: [S; 1]) -> Self {
        ClusterBy::One(a.into())
    }
}

impl<S: Into<String>> From<[S; 2]> for ClusterBy {
    fn from([a, b]: [S; 2]) -> Self {
        ClusterBy::Two(a.into(), b.into())
    }
}

impl From<&str> for ClusterBy {
    fn from(a: &str) -> Self {
        ClusterBy::One(a.into())
    }
}

impl From<String> for ClusterBy {
    fn from(a: String) -> Self {
        ClusterBy::One(a)
    }
}

impl<S: Into<String>> TryFrom<Vec<S>> for ClusterBy {
    type Error = Error;
    /// One or two columns; any other number is an error.
    fn try_from(v: Vec<S>) -> Result<Self> {
        let mut v: Vec<String> = v.into_iter().map(Into::into).collect();
        match v.len() {
            1 => Ok(ClusterBy::One(v.remove(0))),
            2 => {
                let b = v.remove(1);
                Ok(ClusterBy::Two(v.remove(0), b))
            }
            n => Err(Error::InvalidArgument {
                what: "vcov".into(),
                message: format!(
                    "clustering takes one or two columns, got {n}{}",
                    if n == 0 {
                        String::new()
                    } else {
                        format!(" ({})", v.join(", "))
                    }
                ),
            }),
        }
    }
}

/// The covariance estimator.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Vcov {
    /// Classical, homoskedastic errors.
    Iid,
    /// Heteroskedasticity-robust.
    Hetero(Hc),
    /// Cluster-robust CR1 by one or two columns.
    Cluster(ClusterBy),
    /// Robust to serial (and, for Driscoll–Kraay, cross-sectional) dependence, Bartlett weights
    /// up to `maxlag` (default plm's ⌊T^{1/4}⌋); see [`super::hac`]. Small-sample factor:
    /// none under [`Ssc::Plm`] (plm `type = "HC0"`), N/(N−k) otherwise (plm `"HC1"`).
    Hac {
        /// Driscoll–Kraay or panel Newey–West.
        kind: super::hac::Hac,
        /// Maximum lag (`None`: ⌊T^{1/4}⌋).
        maxlag: Option<usize>,
    },
}

impl Vcov {
    /// Cluster by one column (`"region_code"`, `["region_code"]`) or two (`["region_code", "year"]`).
    ///
    /// ```
    /// use indikator::vcov::{ClusterBy, Vcov};
    /// assert_eq!(Vcov::cluster(["region_code"]), Vcov::Cluster(ClusterBy::One("region_code".into())));
    /// ```
    pub fn cluster(by: impl Into<ClusterBy>) -> Vcov {
        Vcov::Cluster(by.into())
    }

    /// Parse `iid`, `hc0`…`hc3`, `hetero`, `cluster:COL[,COL]` (the same as [`str::parse`]).
    pub fn parse(s: &str) -> Result<Vcov> {
        s.parse()
    }

    /// The cluster columns (empty unless clustered).
    pub fn cluster_columns(&self) -> Vec<&str> {
        match self {
            Vcov::Cluster(c) => c.columns(),
            _ => vec![],
        }
    }

    /// Short label (`iid`, `HC1`, `CR1 by region_code`).
    pub fn label(&self) -> String {
        self.to_string()
    }
}

impl std::fmt::Display for Vcov {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Vcov::Iid => f.write_str("iid"),
            Vcov::Hetero(h) => write!(f, "{h}"),
            Vcov::Cluster(c) => write!(f, "CR1 by {}", c.columns().join(" & ")),
            Vcov::Hac { kind, maxlag } => {
                let lag = maxlag.map_or_else(|| "⌊T^¼⌋".to_string(), |l| l.to_string());
                match kind {
                    super::hac::Hac::DriscollKraay => write!(f, "Driscoll–Kraay (lag {lag})"),
                    super::hac::Hac::NeweyWest => write!(f, "Newey–West (lag {lag})"),
                }
            }
        }
    }
}

impl std::str::FromStr for Vcov {
    type Err = Error;
    fn from_str(s: &str) -> Result<Vcov> {
        let t = s.trim();
        Ok(match t.to_lowercase().as_str() {
            "iid" | "classical" => Vcov::Iid,
            "hc0" => Vcov::Hetero(Hc::Hc0),
            "hc1" | "hetero" | "robust" => Vcov::Hetero(Hc::Hc1),
            "hc2" => Vcov::Hetero(Hc::Hc2),
            "hc3" => Vcov::Hetero(Hc::Hc3),
            l if ["dk", "driscoll-kraay", "nw", "newey-west"]
                .iter()
                .any(|p| l == *p || l.starts_with(&format!("{p}:"))) =>
            {
                let (name, lag) = l.split_once(':').unwrap_or((l, ""));
                let kind = if name.starts_with('d') {
                    super::hac::Hac::DriscollKraay
                } else {
                    super::hac::Hac::NeweyWest
                };
                let maxlag = match lag.trim() {
                    "" => None,
                    x => Some(x.parse::<usize>().map_err(|_| Error::InvalidArgument {
                        what: "vcov".into(),
                        message: format!("{s:?}: the lag after ':' is a whole number, e.g. dk:2"),
                    })?),
                };
                Vcov::Hac { kind, maxlag }
            }
            l if l.starts_with("cluster:") => {
                let cols: Vec<String> = t[8..]
                    .split(',')
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .collect();
                Vcov::Cluster(
                    ClusterBy::try_from(cols).map_err(|_| Error::InvalidArgument {
                        what: "vcov".into(),
                        message: format!(
                            "{s:?}: give one or two cluster columns, e.g. cluster:region_code"
                        ),
                    })?,
                )
            }
            _ => {
                return Err(Error::InvalidArgument {
                    what: "vcov".into(),
                    message: format!(
                        "{s:?}; expected iid, hc0, hc1, hc2, hc3, cluster:COL[,COL], dk[:LAG] or nw[:LAG]"
                    ),
                });
            }
        })
    }
}

/// Small-sample correction convention (see the module table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Ssc {
    /// fixest / pyfixest default.
    #[default]
    Fixest,
    /// All fixed effects counted (Stata with dummies, statsmodels LSDV, sandwich HC1 on lm).
    Full,
    /// No fixed effect counted (plm `vcovHC(type = "sss")`); written `none` or `plm`.
    #[serde(rename = "None")]
    Plm,
    /// linearmodels PanelOLS default (debiased, auto_df).
    Linearmodels,
}

impl Ssc {
    /// Parse `fixest`, `full`, `none` (or `plm`), `linearmodels` (the same as [`str::parse`]).
    pub fn parse(s: &str) -> Result<Ssc> {
        s.parse()
    }
}

impl std::fmt::Display for Ssc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Ssc::Fixest => "fixest",
            Ssc::Full => "full",
            Ssc::Plm => "none (plm)",
            Ssc::Linearmodels => "linearmodels",
        })
    }
}

impl std::str::FromStr for Ssc {
    type Err = Error;
    fn from_str(s: &str) -> Result<Ssc> {
        Ok(match s.trim().to_lowercase().as_str() {
            "fixest" | "default" => Ssc::Fixest,
            "full" | "stata" => Ssc::Full,
            "none" | "plm" => Ssc::Plm,
            "linearmodels" | "lm" => Ssc::Linearmodels,
            _ => {
                return Err(Error::InvalidArgument {
                    what: "ssc".into(),
                    message: format!("{s:?}; expected fixest, full, none or linearmodels"),
                });
            }
        })
    }
}
