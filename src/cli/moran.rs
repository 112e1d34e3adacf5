//! `indikator moran`

use indikator::Result;
use indikator::spatial::{WeightsSpec, moran};
use std::collections::HashMap;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// jabar, indonesia (every kab/kota), provinces, or a file the loaders read. / Data.
    #[arg(long, default_value = "jabar")]
    data: String,
    /// Indicator. / Indikator.
    #[arg(long, default_value = indikator::indicator::POVERTY_RATE)]
    indicator: String,
    /// Year. / Tahun.
    #[arg(long)]
    year: i32,
    /// queen | rook (optionally :METRES of snap tolerance, default 100) | knn:K | band:KM |
    /// FILE.csv (region_code,neighbor_code). / Pembobot spasial.
    #[arg(long, default_value = "queen")]
    weights: WeightsSpec,
    /// Binary weights (every link 1) instead of row-standardised. / Pembobot biner.
    #[arg(long)]
    binary: bool,
    /// Local Moran (LISA) per region as well: local I, quadrant, permutation p-value, cluster at
    /// 5%. / Moran lokal (LISA) per wilayah.
    #[arg(long)]
    local: bool,
    /// LISA conditional permutations. / Jumlah permutasi.
    #[arg(long, default_value_t = indikator::plan::defaults::LISA_PERMUTATIONS)]
    permutations: usize,
    /// Seed of the permutations. / Benih acak.
    #[arg(long, default_value_t = indikator::plan::defaults::LISA_SEED)]
    seed: u64,
    /// Print JSON. / Keluaran JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<()> {
    let records = match a.data.as_str() {
        "jabar" => indikator::datasets::jabar_records()?.records.clone(),
        "indonesia" => indikator::datasets::indonesia_records()?.records.clone(),
        "provinces" => indikator::datasets::province_records()?.records.clone(),
        path => indikator::load::load_path(path, &Default::default())?.records,
    };
    // Regions of one level: kab/kota when there are any (province and national rows are
    // aggregates, not neighbours), else provinces.
    let kabkota = records
        .iter()
        .any(|r| r.region_code.as_ref().is_some_and(|c| c.len() == 4));
    let level = |c: &String| {
        c.chars().all(|ch| ch.is_ascii_digit()) && c.len() == if kabkota { 4 } else { 2 }
    };
    let records: Vec<_> = records
        .into_iter()
        .filter(|r| r.region_code.as_ref().is_some_and(level))
        .collect();
    let sem = indikator::plan::defaults::SEMESTER;
    let values: HashMap<String, f64> = records
        .iter()
        .filter(|r| r.indicator == a.indicator && r.year == a.year)
        .filter(|r| r.semester.as_deref().is_none_or(|s| s == sem))
        .filter_map(|r| Some((r.region_code.clone()?, r.value?)))
        .collect();
    // Weights from the boundaries cover the regions with a value (the others are named); a
    // neighbour list covers its own regions, and each needs a value.
    let w = match &a.weights {
        WeightsSpec::File(_) => a.weights.build(&[])?,
        spec => {
            let mut codes: Vec<String> = values.keys().cloned().collect();
            codes.sort();
            let all: std::collections::BTreeSet<&String> = records
                .iter()
                .filter_map(|r| r.region_code.as_ref())
                .collect();
            let without: Vec<&str> = all
                .iter()
                .filter(|c| !values.contains_key(**c))
                .map(|c| c.as_str())
                .collect();
            if !without.is_empty() {
                eprintln!(
                    "note: {} region(s) have no {} value in {} and are not in the weights: {}",
                    without.len(),
                    a.indicator,
                    a.year,
                    without.join(", ")
                );
            }
            spec.build(&codes)?
        }
    };
    let w = if a.binary { w.binary() } else { w };
    let m = moran(&values, &w)?;
    let lisa = if a.local {
        Some(indikator::spatial::local_moran_permutation(
            &values,
            &w,
            a.permutations,
            a.seed,
        )?)
    } else {
        None
    };
    if a.json {
        let mut v = serde_json::to_value(&m).unwrap_or_default();
        v["weights"] = serde_json::to_value(w.summary()).unwrap_or_default();
        if let Some(l) = &lisa {
            let alpha = indikator::plan::defaults::ALPHA;
            v["local"] = l
                .iter()
                .map(|x| {
                    serde_json::json!({
                        "region_code": x.region_code, "I": x.i, "quadrant": x.quadrant,
                        "z": x.z, "lag": x.lag, "p_sim": x.p_sim, "cluster": x.cluster(alpha),
                    })
                })
                .collect();
        }
        return super::output::print_json(&v, "Moran's I");
    }
    let out = super::output::line;
    out(&format!(
        "Moran's I of {} {} ({} regions, {} links): I = {:.4} (E[I] = {:.4})",
        a.indicator,
        a.year,
        w.len(),
        w.links(),
        m.i,
        m.expected
    ))?;
    out(&format!(
        "normality: z = {:.3}, p = {:.4}; randomisation: z = {:.3}, p = {:.4}",
        m.z_norm, m.p_norm, m.z_rand, m.p_rand
    ))?;
    let names = ["-", "HH", "LH", "LL", "HL"];
    for l in lisa.iter().flatten() {
        out(&format!(
            "{:<6} local I {:>8.4}  {}  p_sim {:.4}",
            l.region_code,
            l.i,
            names[usize::from(l.quadrant)],
            l.p_sim.unwrap_or(f64::NAN)
        ))?;
    }
    Ok(())
}
