//! `indikator fit`

use indikator::Result;
use indikator::model::{Estimator, ModelSpec};
use indikator::plan::{DataSource, ModelData};
use indikator::vcov::{Ssc, Vcov};

/// The data, entity and time arguments `fit` and `choose` share.
#[derive(Debug, clap::Args)]
pub struct DataArgs {
    /// `jabar` (the bundled Jawa Barat panel), `indonesia`, `provinces`, or a wide CSV/Parquet
    /// file. / Data.
    #[arg(long)]
    pub data: DataSource,
    /// Entity column (default for bundled data: region_code). / Kolom wilayah.
    #[arg(long)]
    pub entity: Option<String>,
    /// Time column (default for bundled data: year). / Kolom waktu.
    #[arg(long)]
    pub time: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
    /// Formula in fixest syntax: `y ~ x1 + log(x2) + lag(x1, 1) | fe1 + fe2`. / Rumus model.
    #[arg(long)]
    formula: String,
    /// The estimator (default: within with fixed effects, else pooled). / Penaksir.
    #[arg(long, ignore_case = true, value_parser = estimator_parser())]
    estimator: Option<Estimator>,
    /// iid | hc0 | hc1 | hc2 | hc3 | cluster:COL[,COL] | dk[:LAG] (Driscoll–Kraay) | nw[:LAG] (panel Newey–West). / Galat baku.
    #[arg(long, default_value = "iid")]
    vcov: Vcov,
    /// Small-sample correction: fixest | full | none | linearmodels.
    #[arg(long, default_value = "fixest")]
    ssc: Ssc,
    /// First year of the estimation sample (lags use earlier years). / Tahun awal.
    #[arg(long)]
    from: Option<i64>,
    /// Last year of the estimation sample. / Tahun akhir.
    #[arg(long)]
    to: Option<i64>,
    /// Drop singleton fixed-effect levels (pyfixest default). / Buang singleton.
    #[arg(long)]
    drop_singletons: bool,
    /// First differences without an intercept (linearmodels convention).
    #[arg(long)]
    fd_no_intercept: bool,
    /// Print JSON. / Keluaran JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<()> {
    let mut spec = ModelSpec::new(&a.formula)?
        .vcov(a.vcov.clone())
        .ssc(a.ssc)
        .sample(a.from, a.to)
        .drop_singletons(a.drop_singletons)
        .fd_intercept(!a.fd_no_intercept);
    if let Some(e) = a.estimator {
        spec = spec.estimator(e);
    }
    let d = &a.data;
    if let (Some(e), Some(t)) = d.data.entity_time(d.entity.as_deref(), d.time.as_deref()) {
        spec = spec.entity_time(&e, &t);
    }
    // Errors in the specification before any file is read.
    spec.check()?;
    let mut cols = spec.formula().columns();
    cols.extend(a.vcov.cluster_columns().iter().map(|c| c.to_string()));
    let mut trace = indikator::trace::Trace::new("command");
    let data = d
        .data
        .model_frame(d.entity.as_deref(), d.time.as_deref(), &cols)?;
    trace.phase("read");
    let fit = match data {
        ModelData::Panel(p) => spec.fit_panel(&p)?,
        ModelData::CrossSection(df) => spec.fit(&df)?,
    };
    trace.phase("fit");
    let out = if a.json {
        super::output::print_json(&fit.summary(), "fit")
    } else {
        super::output::stdout(fit.to_string().as_bytes())
    };
    trace.phase("output");
    out
}

/// `--estimator`: every estimator of [`indikator::model::ESTIMATORS`], other names as aliases.
fn estimator_parser() -> impl clap::builder::TypedValueParser<Value = Estimator> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(indikator::model::ESTIMATORS.iter().map(|e| {
        PossibleValue::new(e.names[0])
            .aliases(e.names[1..].iter().copied())
            .help(e.display)
    }))
    .map(|s| {
        s.parse::<Estimator>()
            .expect("a possible value is an estimator's name")
    })
}
