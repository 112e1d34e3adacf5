//! "Poverty and unemployment move almost in proportion" — tested on the Jawa Barat panel.
//!
//! Pooled (CEM) vs fixed effects (FEM) vs two-way FE vs random effects (REM), the model-choice
//! tests, the wild cluster bootstrap (27 clusters), and the proportionality test on the
//! elasticity. Every number below is computed; nothing is hard-coded.
//!
//! Run: `cargo run --example claim_check`

use indikator::bootstrap::{WildBootstrap, wild_cluster_bootstrap};
use indikator::choice::model_choice;
use indikator::compare::{RegressionTable, TableFormat};
use indikator::model::{Estimator, Fit, ModelSpec};
use indikator::vcov::Vcov;

const FROM: i64 = 2015; // the BPS March-Susenas kab/kota series starts in 2015 (possible break before)
const TO: i64 = 2025;

fn fit(formula: &str, est: Estimator, vcov: Vcov) -> indikator::Result<Fit> {
    let panel = indikator::datasets::jabar_panel()?;
    ModelSpec::new(formula)?
        .estimator(est)
        .vcov(vcov)
        .sample(Some(FROM), Some(TO))
        .fit_panel(&panel)
}

fn p_text(p: f64, reps: usize) -> String {
    if p == 0.0 {
        format!("< {:.4}", 1.0 / reps as f64)
    } else {
        format!("{p:.4}")
    }
}

fn main() -> indikator::Result<()> {
    let cl = || Vcov::cluster(["region_code"]);
    let y = "poverty_rate ~ unemployment_rate";
    let pooled = fit(y, Estimator::Pooled, cl())?;
    let fe = fit(&format!("{y} | region_code"), Estimator::Within, cl())?;
    let twfe = fit(
        &format!("{y} | region_code + year"),
        Estimator::Within,
        cl(),
    )?;
    let re = fit(y, Estimator::Random, Vcov::Iid)?;

    println!("== P0 (%) ~ TPT (%), 27 kab/kota of Jawa Barat, {FROM}–{TO} ==\n");
    let table = RegressionTable::new(&[
        ("CEM (pooled)", &pooled),
        ("FEM", &fe),
        ("FEM + year", &twfe),
        ("REM", &re),
    ]);
    print!("{}", table.render(TableFormat::Text));

    println!("\n== Pemilihan model / model choice (Chow → Hausman → LM) ==\n");
    let panel = indikator::datasets::jabar_panel()?;
    let choice = model_choice(
        &ModelSpec::new(y)?.sample(Some(FROM), Some(TO)),
        &panel,
        0.05,
    )?;
    print!("{choice}");

    println!("\n== Wild cluster bootstrap (WCR, Rademacher, 9,999 reps, 27 clusters) ==\n");
    let mut wb = WildBootstrap::new("unemployment_rate", "region_code");
    wb.reps = 9_999;
    let b_fe = wild_cluster_bootstrap(&fe, &wb)?;
    let b_tw = wild_cluster_bootstrap(&twfe, &wb)?;
    for (name, f, b) in [("FEM", &fe, &b_fe), ("FEM + year", &twfe, &b_tw)] {
        let c = &f.coefficients(0.95)[0];
        println!(
            "{name:<11} slope {:+.3}: CR1 p = {:.4}; bootstrap p {}, 95% CI [{:+.3}, {:+.3}]",
            c.estimate,
            c.p_value,
            p_text(b.p_value, b.reps),
            b.ci_low.unwrap_or(f64::NAN),
            b.ci_high.unwrap_or(f64::NAN)
        );
    }

    println!("\n== Proportionality: elasticity of P0 with respect to TPT (log–log, FEM) ==\n");
    let ll = "log(poverty_rate) ~ log(unemployment_rate)";
    let el_fe = fit(&format!("{ll} | region_code"), Estimator::Within, cl())?;
    let el_tw = fit(
        &format!("{ll} | region_code + year"),
        Estimator::Within,
        cl(),
    )?;
    let mut proportional = Vec::new();
    for (name, f) in [("FEM", &el_fe), ("FEM + year", &el_tw)] {
        let c = &f.coefficients(0.95)[0];
        let r = ndarray::Array2::from_shape_vec((1, 1), vec![1.0])
            .map_err(|e| indikator::Error::Estimation(e.to_string()))?;
        let w = f.wald(
            &r,
            &ndarray::Array1::from(vec![1.0]),
            "proportionality",
            "elasticity = 1",
        )?;
        println!(
            "{name:<11} elasticity {:.3} (95% CI {:.3} to {:.3}); H0 elasticity = 1: F = {:.1}, p = {:.2e}",
            c.estimate, c.ci_low, c.ci_high, w.statistic, w.p_value
        );
        proportional.push((c.estimate, c.ci_high, w.p_value));
    }

    // Plain-language verdict from the numbers above.
    let s_fe = fe.coefficients(0.95)[0].estimate;
    let s_tw = twfe.coefficients(0.95)[0].estimate;
    let (el, el_hi, el_p) = proportional[0];
    println!("\n== Kesimpulan / verdict ==\n");
    let pc = &pooled.coefficients(0.95)[1];
    println!(
        "- Antar wilayah (pooled) / across regions: slope {:+.2} pp P0 per pp TPT (CR1 p = {:.2}) — {}.",
        pc.estimate,
        pc.p_value,
        match (pc.p_value < 0.05, pc.estimate > 0.0) {
            (false, _) =>
                "no clear relation: regions with more unemployment are not clearly poorer",
            (true, true) => "regions with more unemployment are poorer",
            (true, false) => "regions with more unemployment are less poor",
        }
    );
    println!(
        "- Dalam wilayah (FEM) / within a region over time: {:+.2} pp P0 per pp TPT, bootstrap p {}{}.",
        s_fe,
        p_text(b_fe.p_value, b_fe.reps),
        if b_fe.p_value < 0.05 {
            " — a real co-movement"
        } else {
            " — not distinguishable from zero"
        }
    );
    println!(
        "- Dengan efek tahun / with year effects: {:+.2} (bootstrap p {}){}.",
        s_tw,
        p_text(b_tw.p_value, b_tw.reps),
        if b_tw.p_value >= 0.05 {
            " — the co-movement disappears: common shocks (2020 above all) move both indicators in every region at once"
        } else {
            " — the co-movement survives common shocks"
        }
    );
    println!(
        "- Proporsional? / in proportion? elasticity {el:.2} (upper 95% bound {el_hi:.2}); H0 = 1 {} (p = {el_p:.1e}).",
        if el_p < 0.05 {
            "rejected: a 10% fall in TPT goes with far less than a 10% fall in P0"
        } else {
            "not rejected"
        }
    );
    println!(
        "- Untuk perencana / for planners: cutting TPT by 1 pp would, on the within-region estimate, lower P0 by about {:.2} pp — and by {:.2} pp once year-wide shocks are accounted for.",
        s_fe.max(0.0),
        s_tw.max(0.0)
    );
    Ok(())
}
