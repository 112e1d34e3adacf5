//! Spatial weights: who neighbours whom, row-standardised or binary.

use std::collections::HashMap;

use crate::error::{Error, Result};

/// Bundled: the queen-contiguity neighbour list of Jawa Barat's 27 kab/kota.
pub const JABAR_QUEEN_CSV: &str = include_str!("../../data/geo/jabar_queen.csv");

/// Spatial weights over regions (by BPS code).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub(super) codes: Vec<String>,
    pub(super) neighbors: Vec<Vec<usize>>,
    pub(super) row_standardised: bool,
}

impl Weights {
    /// Weights from `region_code,neighbor_code` pairs (either or both directions: the list is made
    /// symmetric), row-standardised. `file` names the source in errors.
    ///
    /// # Errors
    /// A header other than `region_code,neighbor_code`; a line without two codes; a region listed
    /// as its own neighbour.
    pub fn from_pairs_csv(text: &str, file: &str) -> Result<Weights> {
        let mut lines = text.lines().enumerate();
        let head = lines.next().map(|(_, h)| h.trim()).unwrap_or("");
        if head.trim_start_matches('\u{feff}') != "region_code,neighbor_code" {
            return Err(Error::Format {
                file: file.to_string(),
                message: format!(
                    "a neighbour list starts with the header region_code,neighbor_code (found {head:?})"
                ),
            });
        }
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut codes: Vec<String> = Vec::new();
        let mut neighbors: Vec<Vec<usize>> = Vec::new();
        let mut id = |c: &str, codes: &mut Vec<String>, nb: &mut Vec<Vec<usize>>| {
            *index.entry(c.to_string()).or_insert_with(|| {
                codes.push(c.to_string());
                nb.push(Vec::new());
                codes.len() - 1
            })
        };
        for (i, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let (a, b) = line
                .split_once(',')
                .map(|(a, b)| (a.trim(), b.trim()))
                .ok_or_else(|| Error::BadValue {
                    at: crate::error::Location::line(file, i + 1),
                    value: line.to_string(),
                    expected: "two region codes: region_code,neighbor_code".into(),
                })?;
            if a == b {
                return Err(Error::BadValue {
                    at: crate::error::Location::line(file, i + 1),
                    value: line.to_string(),
                    expected: "two different regions (a region is not its own neighbour)".into(),
                });
            }
            let (ia, ib) = (
                id(a, &mut codes, &mut neighbors),
                id(b, &mut codes, &mut neighbors),
            );
            for (x, y) in [(ia, ib), (ib, ia)] {
                if !neighbors[x].contains(&y) {
                    neighbors[x].push(y);
                }
            }
        }
        if codes.is_empty() {
            return Err(Error::Format {
                file: file.to_string(),
                message: "holds no pair of neighbours (a line region_code,neighbor_code after the header)".into(),
            });
        }
        Ok(Weights {
            codes,
            neighbors,
            row_standardised: true,
        })
    }

    /// Jawa Barat's bundled queen-contiguity weights, row-standardised.
    pub fn jabar_queen() -> Result<Weights> {
        Weights::from_pairs_csv(JABAR_QUEEN_CSV, "data/geo/jabar_queen.csv")
    }

    /// The same weights binary (every link 1) instead of row-standardised.
    pub fn binary(mut self) -> Weights {
        self.row_standardised = false;
        self
    }

    /// Regions.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether there are no regions.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Directed links (each pair counted both ways).
    pub fn links(&self) -> usize {
        self.neighbors.iter().map(Vec::len).sum()
    }

    /// Regions without a neighbour (islands), by code.
    pub fn islands(&self) -> Vec<&str> {
        self.codes
            .iter()
            .zip(&self.neighbors)
            .filter(|(_, n)| n.is_empty())
            .map(|(c, _)| c.as_str())
            .collect()
    }

    pub(super) fn weight(&self, i: usize) -> f64 {
        match (self.row_standardised, self.neighbors[i].len()) {
            (_, 0) => 0.0,
            (true, n) => 1.0 / n as f64,
            (false, _) => 1.0,
        }
    }
}

impl Weights {
    /// The spatial lag $Wz$ of values in the weights' region order.
    pub(super) fn lag(&self, z: &[f64]) -> Vec<f64> {
        (0..self.len())
            .map(|i| {
                self.neighbors[i]
                    .iter()
                    .map(|&j| self.weight(i) * z[j])
                    .sum()
            })
            .collect()
    }

    /// Values in the weights' region order; an error naming the regions without a value.
    pub(super) fn ordered(&self, values: &HashMap<String, f64>, what: &str) -> Result<Vec<f64>> {
        let missing: Vec<&str> = self
            .codes
            .iter()
            .filter(|c| !values.get(*c).is_some_and(|v| v.is_finite()))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(Error::InvalidArgument {
                what: what.into(),
                message: format!(
                    "needs a value for every region of the weights ({}); missing: {}",
                    self.len(),
                    missing.join(", ")
                ),
            });
        }
        Ok(self.codes.iter().map(|c| values[c]).collect())
    }

    /// The regions, by BPS code, in the weights' order.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }
}

/// A summary of weights: regions, links, islands and neighbours per region.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WeightsSummary {
    /// Regions.
    pub regions: usize,
    /// Directed links (a symmetric pair counts twice, as pysal's `s0` of binary weights).
    pub links: usize,
    /// Regions without a neighbour, by code (never dropped: their spatial lag is 0).
    pub islands: Vec<String>,
    /// Fewest neighbours of a region.
    pub min_neighbors: usize,
    /// Mean neighbours per region.
    pub mean_neighbors: f64,
    /// Most neighbours of a region.
    pub max_neighbors: usize,
    /// Whether every link goes both ways.
    pub symmetric: bool,
    /// Row-standardised (true) or binary.
    pub row_standardised: bool,
}

impl Weights {
    /// Weights from neighbour lists over `codes` (indices into `codes`), row-standardised; links
    /// are kept as given (k-nearest neighbours are not symmetric).
    pub(super) fn from_lists(codes: Vec<String>, neighbors: Vec<Vec<usize>>) -> Weights {
        Weights {
            codes,
            neighbors,
            row_standardised: true,
        }
    }

    /// Regions, links, islands and neighbours per region.
    pub fn summary(&self) -> WeightsSummary {
        let counts: Vec<usize> = self.neighbors.iter().map(Vec::len).collect();
        WeightsSummary {
            regions: self.len(),
            links: self.links(),
            islands: self.islands().iter().map(|s| s.to_string()).collect(),
            min_neighbors: counts.iter().copied().min().unwrap_or(0),
            mean_neighbors: counts.iter().sum::<usize>() as f64 / self.len().max(1) as f64,
            max_neighbors: counts.iter().copied().max().unwrap_or(0),
            symmetric: self.is_symmetric(),
            row_standardised: self.row_standardised,
        }
    }

    /// $S_0 = \sum_{ij} w_{ij}$ (the number of regions with a neighbour when row-standardised).
    pub(super) fn total_weight(&self) -> f64 {
        (0..self.len())
            .map(|i| self.weight(i) * self.neighbors[i].len() as f64)
            .sum()
    }

    /// Whether every link goes both ways.
    pub fn is_symmetric(&self) -> bool {
        (0..self.len()).all(|i| {
            self.neighbors[i]
                .iter()
                .all(|&j| self.neighbors[j].contains(&i))
        })
    }

    /// The pairs `(region_code, neighbor_code)`, one a row, each direction listed.
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::with_capacity(self.links());
        for (i, nb) in self.neighbors.iter().enumerate() {
            for &j in nb {
                out.push((self.codes[i].as_str(), self.codes[j].as_str()));
            }
        }
        out
    }

    /// The dense $n\times n$ matrix $W$ in the weights' region order.
    pub fn matrix(&self) -> ndarray::Array2<f64> {
        let n = self.len();
        let mut m = ndarray::Array2::<f64>::zeros((n, n));
        for i in 0..n {
            for &j in &self.neighbors[i] {
                m[[i, j]] = self.weight(i);
            }
        }
        m
    }

    /// $(I_T \otimes W)v$ for a vector stacked period by period (`v[t * n + i]`).
    pub(super) fn lag_stacked(&self, v: ndarray::ArrayView1<f64>) -> ndarray::Array1<f64> {
        let n = self.len();
        let mut out = ndarray::Array1::<f64>::zeros(v.len());
        for (block, o) in v.exact_chunks(n).into_iter().zip(out.exact_chunks_mut(n)) {
            let lag = self.lag(&block.to_vec());
            for (a, b) in o.into_iter().zip(lag) {
                *a = b;
            }
        }
        out
    }

    /// The eigenvalues of $W$ as complex numbers $(re, im)$. Weights whose links go both ways are
    /// similar to a symmetric matrix ($D^{-1/2}BD^{-1/2}$ when row-standardised), so their
    /// eigenvalues are real and come from a symmetric solver; others (k nearest neighbours) from
    /// the real Schur form, which costs about ten times as much.
    ///
    /// # Errors
    /// The Schur iteration not converging (in 10,000 sweeps).
    pub fn eigenvalues(&self) -> crate::error::Result<Vec<(f64, f64)>> {
        let n = self.len();
        if self.is_symmetric() {
            let scale = |i: usize| match self.row_standardised {
                true => self.weight(i).sqrt(),
                false => 1.0,
            };
            let m = nalgebra::DMatrix::from_fn(n, n, |i, j| {
                if self.neighbors[i].contains(&j) {
                    scale(i) * scale(j)
                } else {
                    0.0
                }
            });
            return Ok(m
                .symmetric_eigenvalues()
                .iter()
                .map(|&v| (v, 0.0))
                .collect());
        }
        let w = self.matrix();
        let m = nalgebra::DMatrix::from_fn(n, n, |i, j| w[[i, j]]);
        let schur = nalgebra::Schur::try_new(m, 1e-13, 10_000).ok_or_else(|| {
            crate::error::Error::Estimation(
                "the eigenvalues of the weights did not converge; use symmetric weights (queen, rook, band)".into(),
            )
        })?;
        Ok(schur
            .complex_eigenvalues()
            .iter()
            .map(|c| (c.re, c.im))
            .collect())
    }
}

impl Weights {
    /// $(I_T \otimes W')v$ for a vector stacked period by period.
    pub(super) fn lag_transposed_stacked(
        &self,
        v: ndarray::ArrayView1<f64>,
    ) -> ndarray::Array1<f64> {
        let n = self.len();
        let mut out = ndarray::Array1::<f64>::zeros(v.len());
        for (k, block) in v.exact_chunks(n).into_iter().enumerate() {
            for i in 0..n {
                let wi = self.weight(i);
                for &j in &self.neighbors[i] {
                    out[k * n + j] += wi * block[i];
                }
            }
        }
        out
    }
}
