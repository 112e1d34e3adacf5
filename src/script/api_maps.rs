//! Maps and workbooks in cells: `map(#{…})`, `map(frame, column, #{…})`, `to_xlsx(frame, path)`.

use std::sync::Arc;

use polars::prelude::DataFrame;
use rhai::{Engine, Map};

use super::api_plan::{SharedLang, lang_of};
use super::{FileRoots, RResult, opt_i64, opt_str, rerr};
use crate::map::{Classes, Measure, frame_map, indicator_map, scope_of};
use crate::plot::Chart;

fn classes(o: &Map) -> RResult<Classes> {
    opt_str(o, "classes")?.map_or(Ok(Classes::default()), |c| c.parse().map_err(rerr))
}

fn selected(o: &Map) -> RResult<Option<String>> {
    opt_str(o, "region")?
        .map(|r| super::api_plan::resolve_region(&r).map(|(c, _)| c))
        .transpose()
}

fn scope(o: &Map) -> RResult<crate::map::Scope<'static>> {
    let level = opt_str(o, "level")?.unwrap_or_else(|| "province".into());
    scope_of(opt_str(o, "province")?.as_deref(), &level).map_err(rerr)
}

/// Register the map and workbook functions.
pub fn register(engine: &mut Engine, files: Arc<FileRoots>, lang: SharedLang) {
    let l = lang.clone();
    engine.register_fn("map", move |o: Map| -> RResult<Chart> {
        super::options::check_options(&o, "map")?;
        let indicator =
            opt_str(&o, "indicator")?.unwrap_or_else(|| crate::indicator::POVERTY_RATE.into());
        let year = opt_i64(&o, "year")?.ok_or_else(|| rerr("map: give #{year: 2024}"))? as i32;
        let measure = match opt_i64(&o, "change_from")? {
            Some(f) => Measure::Change(f as i32, year),
            None => Measure::Level(year),
        };
        let sel = selected(&o)?;
        indicator_map(
            scope(&o)?,
            &indicator,
            measure,
            classes(&o)?,
            sel.as_deref(),
            lang_of(&l),
        )
        .map(|m| m.chart)
        .map_err(rerr)
    });
    let l = lang.clone();
    engine.register_fn(
        "map",
        move |df: &mut DataFrame, column: &str, o: Map| -> RResult<Chart> {
            super::options::check_options(&o, "map(frame)")?;
            let sel = selected(&o)?;
            frame_map(
                scope(&o)?,
                df,
                column,
                classes(&o)?,
                sel.as_deref(),
                lang_of(&l),
            )
            .map(|m| m.chart)
            .map_err(rerr)
        },
    );
    engine.register_fn(
        "to_xlsx",
        move |df: &mut DataFrame, path: &str| -> RResult<()> {
            let p = files.check(path, true)?;
            let mut wb = crate::workbook::Workbook::new(lang_of(&lang));
            wb.sheet(("Data", "Data"), df, &[]).map_err(rerr)?;
            wb.save(&p, &["indikator: data/SOURCES.md"]).map_err(rerr)
        },
    );
}
