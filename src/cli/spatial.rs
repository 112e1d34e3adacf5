//! `indikator spatial`

use indikator::Result;
use indikator::plan::DataSource;
use indikator::spatial::{SpatialEffects, SpatialModel, SpatialSpec, WeightsSpec};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// jabar, indonesia, provinces, or a wide CSV/Parquet file. / Data.
    #[arg(long, default_value = "jabar")]
    data: DataSource,
    /// Entity column of a file (region codes). / Kolom wilayah.
    #[arg(long)]
    entity: Option<String>,
    /// Time column of a file. / Kolom waktu.
    #[arg(long)]
    time: Option<String>,
    /// `y ~ x1 + x2` (fixed effects with --fe, not after |). / Rumus model.
    #[arg(long)]
    formula: String,
    /// ols | sar (spatial lag) | sem (spatial error) | sdm (spatial Durbin). / Model spasial.
    #[arg(long, default_value = "ols")]
    model: SpatialModel,
    /// Region fixed effects (a panel: give --from and --to). / Efek tetap wilayah.
    #[arg(long)]
    fe: bool,
    /// Year fixed effects as well (with --fe). / Efek tetap tahun.
    #[arg(long, requires = "fe")]
    year_effects: bool,
    /// One year (a cross-section). / Satu tahun.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    year: Option<i64>,
    /// First year of a panel. / Tahun awal.
    #[arg(long, requires = "to")]
    from: Option<i64>,
    /// Last year of a panel. / Tahun akhir.
    #[arg(long, requires = "from")]
    to: Option<i64>,
    /// queen | rook (optionally :METRES of snap tolerance, default 100) | knn:K | band:KM |
    /// FILE.csv (region_code,neighbor_code). / Pembobot spasial.
    #[arg(long, default_value = "queen")]
    weights: WeightsSpec,
    /// Binary weights (every link 1) instead of row-standardised. / Pembobot biner.
    #[arg(long)]
    binary: bool,
    /// Leave out regions without a value in every year (named on stderr) instead of stopping. /
    /// Keluarkan wilayah yang datanya tidak lengkap.
    #[arg(long)]
    drop_incomplete: bool,
    /// Print JSON. / Keluaran JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<()> {
    let effects = match (a.fe, a.year_effects) {
        (false, _) => SpatialEffects::Pooled,
        (true, false) => SpatialEffects::Region,
        (true, true) => SpatialEffects::RegionYear,
    };
    let spec = SpatialSpec::new(&a.formula, a.model, effects)?;
    let (entity, time) = a.data.entity_time(a.entity.as_deref(), a.time.as_deref());
    let panel = a.data.panel(entity.as_deref(), time.as_deref())?;
    let years = a.year.map(|y| (y, y)).or(a.from.zip(a.to));
    if effects != SpatialEffects::Pooled && years.is_none_or(|(f, t)| f >= t) {
        return Err(indikator::Error::InvalidArgument {
            what: "--fe".into(),
            message: "fixed effects need a panel: give --from and --to (two years or more)".into(),
        });
    }
    let cols = (panel.entity(), panel.time());
    let codes =
        indikator::spatial::regions_of(panel.frame(), cols, &spec, years, a.drop_incomplete)?;
    let w = a.weights.build(&codes.kept)?;
    let w = if a.binary { w.binary() } else { w };
    let fit = spec.fit(panel.frame(), cols, &w, years)?;
    if !codes.left_out.is_empty() {
        eprintln!(
            "note: {} region(s) left out for missing values (--drop-incomplete): {}",
            codes.left_out.len(),
            codes.left_out.join(", ")
        );
    }
    if a.json {
        let mut v = serde_json::to_value(&fit).map_err(|source| indikator::Error::Json {
            context: "writing the spatial fit".into(),
            source,
        })?;
        v["weights"] = serde_json::to_value(w.summary()).unwrap_or_default();
        v["left_out"] = serde_json::to_value(&codes.left_out).unwrap_or_default();
        return super::output::print_json(&v, "spatial fit");
    }
    print_fit(&fit, &w)
}

fn print_fit(fit: &indikator::spatial::SpatialFit, w: &indikator::spatial::Weights) -> Result<()> {
    let s = w.summary();
    super::output::line(&format!(
        "{fit}\nweights: {} links, neighbours {}–{} (mean {:.2}), islands: {}",
        s.links,
        s.min_neighbors,
        s.max_neighbors,
        s.mean_neighbors,
        if s.islands.is_empty() {
            "none".into()
        } else {
            s.islands.join(", ")
        }
    ))
}
