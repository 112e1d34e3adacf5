//! `indikator project`

use std::path::PathBuf;

use clap::builder::TypedValueParser;

use indikator::error::PolarsContext;
use indikator::plan::{BacktestWhen, Bootstrap, DataSource, ProjectionPlan, TptTarget, defaults};
use indikator::projection::Method;
use indikator::projection::YearEffects;
use indikator::{Error, Result};
use polars::prelude::*;

#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Region name or BPS code. / Nama atau kode wilayah.
    #[arg(long)]
    region: String,
    /// `jabar` (bundled panel), `indonesia`, `provinces`, or a wide CSV/Parquet file with
    /// --entity/--time (default: the region's own — Jawa Barat's panel, its province's kab/kota,
    /// or all 514 where the province has fewer than 20). / Data (bawaan: panel wilayahnya).
    #[arg(long)]
    data: Option<DataSource>,
    /// Entity column. / Kolom wilayah.
    #[arg(long)]
    entity: Option<String>,
    /// Time column. / Kolom waktu.
    #[arg(long)]
    time: Option<String>,
    /// Model formula (pooled, or FE by region [and year]). / Rumus model.
    #[arg(long, default_value = defaults::PROJECTION_FORMULA)]
    formula: String,
    /// First year of the estimation sample (the P0 series breaks in 2015). / Tahun awal estimasi.
    #[arg(long, default_value_t = defaults::sample_from())]
    from: i64,
    /// Horizon. / Tahun akhir proyeksi.
    #[arg(long, default_value_t = defaults::HORIZON)]
    to: i32,
    /// How year effects are carried: zero | last | trend | trend:K. / Efek tahun ke depan.
    #[arg(long, default_value_t = defaults::YEAR_EFFECTS)]
    year_effects: YearEffects,
    /// Scenario file (CSV `scenario,region,variable,year,value`, or TOML). / Berkas skenario.
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// TPT target path: reach this TPT … / Target TPT …
    #[arg(long)]
    tpt_target: Option<f64>,
    /// … by this year (default: the year before --to). / … pada tahun ini.
    #[arg(long)]
    tpt_by: Option<i32>,
    /// Fewer unemployed persons a year (needs --labour-force). / Pengurangan penganggur per tahun.
    #[arg(long)]
    reduce_unemployed: Option<f64>,
    /// Labour force (persons) to convert persons into TPT. / Angkatan kerja.
    #[arg(long)]
    labour_force: Option<f64>,
    /// Poverty target to seek the TPT for, e.g. 6.0 … / Target P0 …
    #[arg(long)]
    target: Option<f64>,
    /// … in this year (default: the year before --to). / … pada tahun ini.
    #[arg(long)]
    target_year: Option<i32>,
    /// Backtest every method: `rolling` (every origin the data allow) or a year (fit up to it,
    /// project the rest). / Uji balik: `rolling` atau tahun.
    #[arg(long)]
    backtest: Option<BacktestWhen>,
    /// Projection method (default: the candidate with the best rolling-backtest error). / Metode
    /// proyeksi (bawaan: galat uji balik terkecil).
    #[arg(long, value_parser = method_parser())]
    method: Option<Method>,
    /// Bands by wild bootstrap with this many replications instead of the delta method.
    /// / Selang dengan bootstrap.
    #[arg(long)]
    bootstrap: Option<usize>,
    /// Print JSON. / Keluaran JSON.
    #[arg(long)]
    json: bool,
    /// Also write the projection table to this XLSX workbook. / Simpan tabel proyeksi ke XLSX.
    #[arg(long)]
    xlsx: Option<std::path::PathBuf>,
    /// Language of the workbook's headers and scenario names: id | en. / Bahasa.
    #[arg(long, default_value = "id")]
    lang: indikator::lang::Lang,
}

fn scenario_file(f: &PathBuf) -> Result<Vec<indikator::projection::Scenario>> {
    let text = std::fs::read_to_string(f).map_err(|source| Error::Io {
        path: f.clone(),
        source,
    })?;
    let name = f.display().to_string();
    if name.to_lowercase().ends_with(".toml") {
        indikator::projection::from_toml(&text, &name)
    } else {
        indikator::projection::from_csv(&text, &name)
    }
}

impl Args {
    fn plan(&self) -> Result<ProjectionPlan> {
        let mut p = ProjectionPlan::new(&self.region);
        p.formula = self.formula.clone();
        p.from = self.from;
        p.horizon = self.to;
        p.year_effects = self.year_effects;
        p.tpt_target = self.tpt_target.map(TptTarget::Level);
        p.tpt_by = self.tpt_by;
        p.reduce_unemployed = self.reduce_unemployed;
        p.labour_force = self.labour_force;
        p.target = self.target;
        p.target_year = self.target_year;
        p.backtest = self.backtest;
        p.method = self.method;
        p.bootstrap = self.bootstrap.map(|reps| Bootstrap {
            reps,
            ..Bootstrap::default()
        });
        if let Some(f) = &self.scenario {
            p.extra_scenarios = scenario_file(f)?;
        }
        Ok(p)
    }
}

pub fn run(a: Args) -> Result<()> {
    let panel = match &a.data {
        Some(d) => d.panel(a.entity.as_deref(), a.time.as_deref())?,
        None => {
            let scope = indikator::plan::region_panel(
                indikator::registry::Registry::bundled().lookup(&a.region)?,
            )?;
            eprintln!(
                "estimated on {} / diestimasi pada {}",
                scope.why_en, scope.why_id
            );
            scope.panel
        }
    };
    let run = a.plan()?.run(&panel)?;
    if let Some(path) = &a.xlsx {
        let mut wb = indikator::workbook::Workbook::new(a.lang);
        let table = run.projection.frame_in(a.lang)?;
        wb.sheet(("Proyeksi", "Projections"), &table, &[])?;
        wb.save(
            path,
            &["BPS dan Open Data Jabar / BPS and Open Data Jabar: data/SOURCES.md"],
        )?;
    }
    let out = super::output::line;
    if a.json {
        let value = serde_json::json!({
            "projection": super::output::frame_records(&run.projection.frame()?)?,
            "scenarios": run.scenarios.iter().map(|s| serde_json::json!({"name": s.name, "method": s.path.en, "label": s.label})).collect::<Vec<_>>(),
            "model": run.projector.fit().summary(),
            "method": run.method,
            "method_why": {"en": run.method_why.0, "id": run.method_why.1},
            "target": run.target,
            "backtest": run.backtest,
        });
        return super::output::print_json(&value, "projection");
    }
    out(&format!(
        "Model: {} ({}–), CR1 by {}; year effects: {}",
        a.formula,
        a.from,
        panel.entity(),
        a.year_effects
    ))?;
    for s in &run.scenarios {
        out(&format!(
            "  scenario {:<18} {} / {}: {}",
            s.name,
            s.label_in(indikator::lang::Lang::Id),
            s.label_in(indikator::lang::Lang::En),
            s.path.en
        ))?;
    }
    let show = run
        .projection
        .frame()?
        .lazy()
        .select(
            [
                "year", "scenario", "estimate", "ci_low", "ci_high", "pi_low", "pi_high",
            ]
            .map(col),
        )
        .collect()
        .ctx("projection")?;
    out(&show.to_string())?;
    if let Some(t) = &run.target {
        out(&format!(
            "Target / target: {}\n  {}",
            t.message_en, t.message_id
        ))?;
    }
    out(&format!(
        "Method / metode: {}\n  {}\n  {}",
        run.method, run.method_why.0, run.method_why.1
    ))?;
    if let Some(r) = run.projection.rows.first() {
        out(&format!("Anchor / titik awal: {}", r.anchor.en))?;
    }
    if let Some(b) = &run.backtest {
        out(&format!(
            "Backtest (origins {:?}, {} region-years per method):",
            b.origins, b.n
        ))?;
        out(&b.table()?.head(Some(Method::ALL.len())).to_string())?;
    }
    Ok(())
}

/// `--method`: the methods that carry scenarios, listed in `--help` from
/// [`indikator::projection::METHODS`].
fn method_parser() -> impl clap::builder::TypedValueParser<Value = Method> {
    let names: Vec<&'static str> = indikator::projection::METHODS
        .iter()
        .filter(|m| m.uses_scenarios)
        .map(|m| m.name)
        .collect();
    clap::builder::PossibleValuesParser::new(names).map(|s| {
        s.parse::<Method>()
            .expect("a possible value is a method's name")
    })
}
