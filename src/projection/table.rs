//! The typed projection ([`Projection`]: one [`ProjectionRow`] per region, scenario and year,
//! with its [`Bands`]) and the frames made from it (columns: [`super::columns`]). The frame is a
//! view: [`Projection::frame`] writes the descriptions (`year_effects`, `method`, `anchor`) in
//! English, as `--json` does; [`Projection::frame_in`] in the reader's language.

use polars::prelude::*;

use super::project::{Kind, Projector};
use crate::error::{PolarsContext, Result};
use crate::lang::{Bilingual, Lang};

/// The point and the 95% and 80% confidence (ci) and prediction (pi) bands of one projected year.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Bands {
    /// Point projection.
    pub estimate: f64,
    /// 95% confidence band (parameter uncertainty).
    pub ci: (f64, f64),
    /// 95% prediction band (adds the year-to-year variance).
    pub pi: (f64, f64),
    /// 80% confidence band.
    pub ci80: (f64, f64),
    /// 80% prediction band.
    pub pi80: (f64, f64),
}

/// One region, scenario and year of a projection.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ProjectionRow {
    /// Region name.
    pub region: String,
    /// Projected year.
    pub year: i32,
    /// Scenario name (an identifier: `baseline`, `target`, …).
    pub scenario: String,
    /// The scenario as a planner reads it.
    pub label: Bilingual,
    /// The point and its bands.
    pub bands: Bands,
    /// How the scenario's TPT path was built (the table's `method` column).
    pub path: Bilingual,
    /// Where the projection starts (the region's fitted level, or its last observation).
    pub anchor: Bilingual,
}

/// A projection: its rows and how year effects were carried.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Projection {
    /// One row per region, scenario and year, scenarios in their given order.
    pub rows: Vec<ProjectionRow>,
    /// How year effects were carried (the same for every row).
    pub year_effects: Bilingual,
}

impl Projection {
    /// The projection table with its descriptions in English (what `--json` writes).
    pub fn frame(&self) -> Result<DataFrame> {
        self.frame_in(Lang::En)
    }

    /// The projection table with its descriptions (`year_effects`, `method`, `anchor`) in `lang`.
    pub fn frame_in(&self, lang: Lang) -> Result<DataFrame> {
        use super::columns as c;
        let rows = &self.rows;
        let f = |n: &str, g: &dyn Fn(&Bands) -> f64| {
            Column::new(
                n.into(),
                rows.iter().map(|r| g(&r.bands)).collect::<Vec<f64>>(),
            )
        };
        let text = |n: &str, g: &dyn Fn(&ProjectionRow) -> &str| {
            Column::new(n.into(), rows.iter().map(g).collect::<Vec<&str>>())
        };
        DataFrame::new(
            rows.len(),
            vec![
                text(c::REGION, &|r| &r.region),
                Column::new(
                    c::YEAR.into(),
                    rows.iter().map(|r| r.year).collect::<Vec<i32>>(),
                ),
                text(c::SCENARIO, &|r| &r.scenario),
                text(c::LABEL_ID, &|r| &r.label.id),
                text(c::LABEL_EN, &|r| &r.label.en),
                f(c::ESTIMATE, &|b| b.estimate),
                f(c::CI_LOW, &|b| b.ci.0),
                f(c::CI_HIGH, &|b| b.ci.1),
                f(c::PI_LOW, &|b| b.pi.0),
                f(c::PI_HIGH, &|b| b.pi.1),
                f(c::CI80_LOW, &|b| b.ci80.0),
                f(c::CI80_HIGH, &|b| b.ci80.1),
                f(c::PI80_LOW, &|b| b.pi80.0),
                f(c::PI80_HIGH, &|b| b.pi80.1),
                Column::new(
                    c::YEAR_EFFECTS.into(),
                    vec![self.year_effects.get(lang); rows.len()],
                ),
                text(c::METHOD, &|r| r.path.get(lang)),
                text(c::ANCHOR, &|r| r.anchor.get(lang)),
            ],
        )
        .ctx("projection table")
    }
}

impl Projector {
    /// The typed projection of `rows`, with this projector's year-effect carry.
    pub(super) fn projection_of(&self, rows: Vec<ProjectionRow>) -> Projection {
        Projection {
            rows,
            year_effects: self.year_effects.label(self.kind == Kind::TwoWay),
        }
    }
}
