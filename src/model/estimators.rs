//! The estimators in one table ([`ESTIMATORS`]): the names `--estimator` and the notebook accept,
//! how each is written for a reader, which fixed effects it takes and how the design is
//! transformed. `Estimator`'s parsing and display, the spec check, `--help` and the cell
//! documentation read it, so a new estimator is a file with its transform plus one row (and a
//! variant of [`Estimator`]).

use super::design::Design;
use super::transform::Transformed;
use super::{Estimator, ModelSpec};
use crate::error::{Error, Result};

/// Which fixed effects an estimator takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absorbs {
    /// Those after `|` in the formula, if any (pooled OLS).
    Formula,
    /// Those after `|`, or the entity when there are none (the within estimator).
    FormulaOrEntity,
    /// None after `|`; the estimator uses the entity (and time) columns itself.
    Nothing,
}

/// One row of [`ESTIMATORS`].
#[derive(Clone, Copy)]
pub struct EstimatorInfo {
    /// The estimator.
    pub estimator: Estimator,
    /// The names accepted, the canonical one first.
    pub names: &'static [&'static str],
    /// How a fit names it (English, with the Indonesian studies' CEM / FEM / REM).
    pub display: &'static str,
    /// Which fixed effects it takes.
    pub absorbs: Absorbs,
    /// Whether the design keeps the formula's intercept (when no effect is absorbed).
    pub intercept: bool,
    pub(super) transform: fn(Design, &ModelSpec, &[String], bool) -> Result<Transformed>,
}

impl std::fmt::Debug for EstimatorInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EstimatorInfo")
            .field("names", &self.names)
            .field("absorbs", &self.absorbs)
            .finish()
    }
}

/// Every estimator, in the order the docs list them.
pub const ESTIMATORS: &[EstimatorInfo] = &[
    EstimatorInfo {
        estimator: Estimator::Pooled,
        names: &["pooled", "ols", "cem"],
        display: "pooled OLS (CEM)",
        absorbs: Absorbs::Formula,
        intercept: true,
        transform: |d, _, fes, i| super::within::transform(d, fes, i),
    },
    EstimatorInfo {
        estimator: Estimator::Within,
        names: &["within", "fe", "fem"],
        display: "within (FEM)",
        absorbs: Absorbs::FormulaOrEntity,
        intercept: true,
        transform: |d, _, fes, i| super::within::transform(d, fes, i),
    },
    EstimatorInfo {
        estimator: Estimator::Random,
        names: &["random", "re", "rem"],
        display: "random effects (REM)",
        absorbs: Absorbs::Nothing,
        intercept: true,
        transform: |d, _, _, i| super::random::transform(d, i),
    },
    EstimatorInfo {
        estimator: Estimator::FirstDifference,
        names: &["fd", "first_difference", "first-difference"],
        display: "first differences",
        absorbs: Absorbs::Nothing,
        intercept: false,
        transform: |d, spec, _, _| {
            super::first_difference::transform(d, spec.fd_intercept && spec.formula.intercept)
        },
    },
    EstimatorInfo {
        estimator: Estimator::Between,
        names: &["between", "be"],
        display: "between",
        absorbs: Absorbs::Nothing,
        intercept: true,
        transform: |d, _, _, i| super::between::transform(d, i),
    },
];

impl Estimator {
    /// Its row of [`ESTIMATORS`].
    pub fn info(self) -> &'static EstimatorInfo {
        ESTIMATORS
            .iter()
            .find(|e| e.estimator == self)
            .expect("every estimator has a row in ESTIMATORS (tested)")
    }

    /// The name [`str::parse`] reads back (`pooled`, `within`, `random`, `fd`, `between`).
    pub fn name(self) -> &'static str {
        self.info().names[0]
    }

    /// The canonical names, `a, b, …` (for help texts and messages).
    pub fn names() -> String {
        ESTIMATORS
            .iter()
            .map(|e| e.names[0])
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl std::fmt::Display for Estimator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.info().display)
    }
}

impl std::str::FromStr for Estimator {
    type Err = Error;
    fn from_str(s: &str) -> Result<Estimator> {
        let t = s.trim().to_lowercase();
        ESTIMATORS
            .iter()
            .find(|e| e.names.contains(&t.as_str()))
            .map(|e| e.estimator)
            .ok_or_else(|| Error::InvalidArgument {
                what: "estimator".into(),
                message: format!("{t:?}; expected one of {}", Estimator::names()),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_estimator_has_one_row_and_its_names_parse_back() {
        assert_eq!(ESTIMATORS.len(), Estimator::ALL.len());
        for (e, row) in Estimator::ALL.iter().zip(ESTIMATORS) {
            assert_eq!(*e, row.estimator);
            for n in row.names {
                assert_eq!(n.parse::<Estimator>().unwrap(), *e);
            }
            // JSON writes the variant's snake_case name, one of the names accepted back.
            let json = serde_json::to_value(e).unwrap();
            assert!(row.names.contains(&json.as_str().unwrap()), "{json}");
        }
        assert_eq!(Estimator::names(), "pooled, within, random, fd, between");
    }
}
