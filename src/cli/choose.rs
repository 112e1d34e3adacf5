//! `indikator choose`

use indikator::Result;
use indikator::model::ModelSpec;
use indikator::plan::defaults;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: super::fit::DataArgs,
    /// Formula without fixed effects: `y ~ x1 + x2`. / Rumus model.
    #[arg(long)]
    formula: String,
    /// First year of the sample. / Tahun awal.
    #[arg(long)]
    from: Option<i64>,
    /// Last year of the sample. / Tahun akhir.
    #[arg(long)]
    to: Option<i64>,
    /// Significance level. / Taraf nyata.
    #[arg(long, default_value_t = defaults::ALPHA)]
    alpha: f64,
    /// Print JSON. / Keluaran JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<()> {
    let spec = ModelSpec::new(&a.formula)?.sample(a.from, a.to);
    let d = &a.data;
    let panel = d.data.panel(d.entity.as_deref(), d.time.as_deref())?;
    let c = indikator::plan::model_choice(&spec, &panel, a.alpha)?;
    if a.json {
        super::output::print_json(&c, "model choice")
    } else {
        super::output::stdout(c.to_string().as_bytes())
    }
}
