//! One value type for every test statistic.

use std::fmt;

use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor, Normal, StudentsT};

/// The reference distribution of a statistic.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "name", rename_all = "snake_case")]
pub enum Dist {
    /// Student t.
    T {
        /// Degrees of freedom.
        df: f64,
    },
    /// F.
    F {
        /// Numerator degrees of freedom.
        df1: f64,
        /// Denominator degrees of freedom.
        df2: f64,
    },
    /// Chi-squared.
    ChiSq {
        /// Degrees of freedom.
        df: f64,
    },
    /// Standard normal.
    Normal,
}

impl Dist {
    /// Upper-tail probability $P(S > s)$ (two-sided for t and normal: $P(|S| > |s|)$).
    pub fn p_value(&self, s: f64) -> f64 {
        // statrs' regularised beta panics outside [0, 1]: a statistic that is not a number (a
        // 0/0 of a perfect fit) has no p-value, an infinite one is beyond every quantile.
        if s.is_nan() {
            return f64::NAN;
        }
        if s.is_infinite() {
            return match *self {
                Dist::T { .. } | Dist::Normal => 0.0,
                _ if s > 0.0 => 0.0,
                _ => 1.0,
            };
        }
        let p = match *self {
            Dist::T { df } => StudentsT::new(0.0, 1.0, df)
                .ok()
                .map(|d| 2.0 * d.sf(s.abs())),
            Dist::F { df1, df2 } => FisherSnedecor::new(df1, df2).ok().map(|d| d.sf(s)),
            Dist::ChiSq { df } => ChiSquared::new(df).ok().map(|d| d.sf(s)),
            Dist::Normal => Normal::new(0.0, 1.0).ok().map(|d| 2.0 * d.sf(s.abs())),
        };
        p.unwrap_or(f64::NAN)
    }

    /// The critical value at level `alpha` (two-sided for t and normal).
    pub fn critical_value(&self, alpha: f64) -> f64 {
        let q = match *self {
            // statrs' inverse t does not return for infinite degrees of freedom: the limit is
            // the normal.
            Dist::T { df } if !df.is_finite() || df > 1e7 => Normal::new(0.0, 1.0)
                .ok()
                .map(|d| d.inverse_cdf(1.0 - alpha / 2.0)),
            Dist::T { df } => StudentsT::new(0.0, 1.0, df)
                .ok()
                .map(|d| d.inverse_cdf(1.0 - alpha / 2.0)),
            Dist::F { df1, df2 } => FisherSnedecor::new(df1, df2)
                .ok()
                .map(|d| d.inverse_cdf(1.0 - alpha)),
            Dist::ChiSq { df } => ChiSquared::new(df).ok().map(|d| d.inverse_cdf(1.0 - alpha)),
            Dist::Normal => Normal::new(0.0, 1.0)
                .ok()
                .map(|d| d.inverse_cdf(1.0 - alpha / 2.0)),
        };
        q.unwrap_or(f64::NAN)
    }

    /// Degrees of freedom as a list (`[]` normal, `[df]`, `[df1, df2]`).
    pub fn dfs(&self) -> Vec<f64> {
        match *self {
            Dist::T { df } | Dist::ChiSq { df } => vec![df],
            Dist::F { df1, df2 } => vec![df1, df2],
            Dist::Normal => vec![],
        }
    }
}

impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dist::T { df } => write!(f, "t({df})"),
            Dist::F { df1, df2 } => write!(f, "F({df1},{df2})"),
            Dist::ChiSq { df } => write!(f, "chi2({df})"),
            Dist::Normal => write!(f, "N(0,1)"),
        }
    }
}

/// A test statistic: name, null hypothesis, value, distribution and p-value. Serialised with
/// `df` (the distribution's degrees of freedom, `[]` normal, `[df]`, `[df1, df2]`) derived from
/// `dist`, so the two cannot disagree.
#[derive(Debug, Clone, PartialEq)]
pub struct TestStat {
    /// Name of the test.
    pub name: String,
    /// The null hypothesis, in words.
    pub null: String,
    /// The statistic.
    pub statistic: f64,
    /// Its distribution under the null.
    pub dist: Dist,
    /// The p-value.
    pub p_value: f64,
    /// Why the statistic should be read with care, when it should (a Hausman test whose
    /// covariance difference is not positive definite).
    pub warning: Option<String>,
}

impl serde::Serialize for TestStat {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("TestStat", 7)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("null", &self.null)?;
        st.serialize_field("statistic", &self.statistic)?;
        st.serialize_field("df", &self.df())?;
        st.serialize_field("dist", &self.dist)?;
        st.serialize_field("p_value", &self.p_value)?;
        if let Some(w) = &self.warning {
            st.serialize_field("warning", w)?;
        }
        st.end()
    }
}

impl TestStat {
    /// Build a statistic and compute its p-value.
    pub fn new(
        name: impl Into<String>,
        null: impl Into<String>,
        statistic: f64,
        dist: Dist,
    ) -> TestStat {
        TestStat {
            name: name.into(),
            null: null.into(),
            statistic,
            p_value: dist.p_value(statistic),
            dist,
            warning: None,
        }
    }

    /// Degrees of freedom of the distribution (`[]` normal, `[df]`, `[df1, df2]`).
    pub fn df(&self) -> Vec<f64> {
        self.dist.dfs()
    }
}

impl fmt::Display for TestStat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.name)?;
        writeln!(f, "H0: {}", self.null)?;
        writeln!(f, "Statistic: {:.4}", self.statistic)?;
        writeln!(f, "P-value: {:.4}", self.p_value)?;
        write!(f, "Distributed: {}", self.dist)?;
        if let Some(w) = &self.warning {
            write!(f, "\nWarning: {w}")?;
        }
        Ok(())
    }
}
