//! Bootstrap bands for projections (the alternative to the delta method).

use std::collections::HashMap;

use ndarray::Array1;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

use super::project::{
    Bands, Kind, Projection, ProjectionRow, Projector, ScenarioRows, region_name,
};
use super::scenario::Scenario;
use crate::error::{Error, Result};
use crate::lang::Bilingual;

fn quantile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

impl Projector {
    /// Project scenarios with a wild bootstrap instead of the delta method: each of `reps`
    /// replicates flips the sign of every residual at random (Rademacher; robust to
    /// heteroskedasticity), re-estimates $\beta^*$ and the region effect
    /// $\alpha^*_i = \alpha_i + \bar u^*_i - \bar x_i'(\beta^*-\beta)$, and projects. The confidence
    /// band is the percentile interval of the projections; the prediction band adds a residual
    /// drawn at random (scaled by $\sqrt{N/(N-K)}$). Same columns as [`Projector::project`].
    /// Pooled and region-effects models.
    pub fn project_bootstrap(
        &self,
        scenarios: &[Scenario],
        reps: usize,
        seed: u64,
    ) -> Result<Projection> {
        // Stops between replicates when the caller's flag is set ([`crate::cancel::Cancel::watch`]).
        let cancel = crate::cancel::Cancel::watched();
        if self.anchor() != super::Anchor::Level {
            return Err(Error::InvalidArgument {
                what: "bootstrap".into(),
                message: "bootstrap bands are implemented for the level projection; use the delta-method bands, or the level method".into(),
            });
        }
        if self.kind == Kind::TwoWay {
            return Err(Error::InvalidArgument {
                what: "bootstrap".into(),
                message: "not available with year effects; use the delta-method bands".into(),
            });
        }
        if reps < 99 {
            return Err(Error::InvalidArgument {
                what: "bootstrap".into(),
                message: format!("{reps} replications; use at least 99"),
            });
        }
        let (x, e, b) = (
            self.fit().design(),
            self.fit().residuals(),
            self.fit().bread(),
        );
        let n = e.len();
        let scale = (n as f64 / self.fit().df_resid()).sqrt();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // Replicates (β* − β, region means of u*, a residual for the prediction band), shared by
        // every scenario so that scenarios compare on the same draws.
        let mut draws: Vec<(Array1<f64>, HashMap<&str, f64>, f64)> = Vec::with_capacity(reps);
        for r in 0..reps {
            if r % 64 == 0 {
                cancel.check()?;
                crate::progress::report(("bootstrap proyeksi", "projection bootstrap"), r, reps);
            }
            let u: Array1<f64> = e
                .iter()
                .map(|v| if rng.next_u32() & 1 == 0 { -v } else { *v })
                .collect();
            let db = b.dot(&x.t().dot(&u));
            let mut sums: HashMap<&str, (f64, f64)> = HashMap::new();
            for (k, ui) in self.row_keys.iter().zip(u.iter()) {
                let s = sums.entry(k.as_str()).or_default();
                s.0 += ui;
                s.1 += 1.0;
            }
            let means = sums.into_iter().map(|(k, (s, c))| (k, s / c)).collect();
            let noise = e[(rng.next_u64() % n as u64) as usize] * scale;
            draws.push((db, means, noise));
        }
        let mut rows: Vec<ProjectionRow> = Vec::new();
        for s in scenarios {
            let ScenarioRows { key, years: xs } = self.scenario_x(s)?;
            let name = region_name(&key, &s.region);
            let xb = self.xbar_of(&key).map(Array1::from);
            for (y, xf) in xs {
                let (est, _) = self.predict(&key, y, &xf)?;
                let xf = Array1::from(xf);
                let (mut fits, mut preds) = (Vec::with_capacity(reps), Vec::with_capacity(reps));
                for (db, means, noise) in &draws {
                    let f = match &xb {
                        Some(xb) if self.kind == Kind::Entity => {
                            est + means.get(key.as_str()).copied().unwrap_or(0.0)
                                + (&xf - xb).dot(db)
                        }
                        _ => est + xf.dot(db),
                    };
                    fits.push(f);
                    preds.push(f + noise);
                }
                let q = |v: &mut Vec<f64>, a: f64| (quantile(v, a), quantile(v, 1.0 - a));
                let bands = Bands {
                    estimate: est,
                    ci: q(&mut fits, 0.025),
                    pi: q(&mut preds, 0.025),
                    ci80: q(&mut fits, 0.10),
                    pi80: q(&mut preds, 0.10),
                };
                rows.push(ProjectionRow {
                    region: name.clone(),
                    year: y,
                    scenario: s.name.clone(),
                    bands,
                    path: Bilingual::new(
                        format!(
                            "{} (bootstrap liar, {reps} replikasi, seed {seed})",
                            s.path.id
                        ),
                        format!(
                            "{} (wild bootstrap, {reps} replications, seed {seed})",
                            s.path.en
                        ),
                    ),
                    anchor: self.anchor_text(&key),
                    label: super::project::labels_of(s),
                });
            }
        }
        Ok(self.projection_of(rows))
    }
}
