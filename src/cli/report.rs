//! `indikator report`

use std::path::PathBuf;

use indikator::Result;
use indikator::lang::Lang;
use indikator::plan::defaults;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Region name or BPS code (kab/kota of Jawa Barat). / Nama atau kode wilayah.
    #[arg(long)]
    region: String,
    /// Language of labels and text: id | en. / Bahasa.
    #[arg(long, default_value = "id")]
    lang: Lang,
    /// Output folder (default out/<region>). / Folder keluaran.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Projection horizon. / Tahun akhir proyeksi.
    #[arg(long, default_value_t = defaults::HORIZON)]
    to: i32,
}

pub fn run(a: Args) -> Result<()> {
    let dir = a.out.unwrap_or_else(|| {
        PathBuf::from("out").join(
            a.region
                .to_lowercase()
                .replace(['.', ' '], "_")
                .replace("__", "_"),
        )
    });
    let r = indikator::report::rpjmd_report(&a.region, a.lang, &dir, a.to)?;
    let out = super::output::line;
    out(&r.html.display().to_string())?;
    out(&r.xlsx.display().to_string())?;
    out(&format!(
        "chosen model: {}; FEM slope {:+.3} (p = {:.4})",
        r.chosen.code(),
        r.fem_slope.estimate,
        r.fem_slope.p_value
    ))?;
    for p in &r.projections {
        out(&format!(
            "P0 {} {}: {:.2} (95% PI {:.2}–{:.2})",
            r.plan_year,
            p.label.get(a.lang),
            p.estimate,
            p.pi_low,
            p.pi_high
        ))?;
    }
    Ok(())
}
