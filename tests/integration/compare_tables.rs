//! Regression tables: the same fits side by side in text, Markdown, HTML and LaTeX.

use indikator::compare::{RegressionTable, TableFormat};
use indikator::model::{Estimator, ModelSpec};
use indikator::vcov::Vcov;

fn fits() -> (indikator::model::Fit, indikator::model::Fit) {
    let p = indikator::datasets::jabar_panel().unwrap();
    let a = ModelSpec::new("poverty_rate ~ unemployment_rate")
        .unwrap()
        .sample(Some(2015), Some(2025))
        .fit_panel(&p)
        .unwrap();
    let b = ModelSpec::new("poverty_rate ~ unemployment_rate | region_code + year")
        .unwrap()
        .vcov(Vcov::cluster(["region_code"]))
        .sample(Some(2015), Some(2025))
        .fit_panel(&p)
        .unwrap();
    (a, b)
}

#[test]
fn every_format_carries_estimates_stars_ses_fe_rows_and_vcov() {
    let (a, b) = fits();
    let t = RegressionTable::new(&[("CEM", &a), ("TWFE", &b)]);
    let text = t.render(TableFormat::Text);
    // TWFE slope −0.0661 (SE 0.0437, p = 0.142: no star); pooled intercept 9.4415***.
    assert!(
        text.lines()
            .any(|l| l.starts_with("unemployment_rate") && l.trim_end().ends_with("-0.0661")),
        "{text}"
    );
    assert!(text.contains("(0.0437)"), "{text}");
    assert!(text.contains("9.4415***"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("FE: year") && l.trim_end().ends_with("Yes")),
        "{text}"
    );
    assert!(
        text.contains("CR1 by region_code") && text.contains("iid"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("Observations") && l.matches("270").count() == 2),
        "{text}"
    );
    let md = t.render(TableFormat::Markdown);
    assert!(md.starts_with("| | CEM | TWFE |\n|---|---:|---:|"), "{md}");
    assert!(
        md.contains("| unemployment_rate | -0.1254 | -0.0661 |"),
        "{md}"
    );
    let html = t.render(TableFormat::Html);
    assert!(
        html.contains("<th>TWFE</th>")
            && html.contains("<td style=\"text-align:right\">(0.0437)</td>"),
        "{html}"
    );
    let tex = t.render(TableFormat::Latex);
    assert!(
        tex.contains("\\begin{tabular}{lrr}")
            && tex.contains("unemployment\\_rate")
            && tex.contains("9.4415$^{***}$"),
        "{tex}"
    );
}

#[test]
fn random_effects_fit_prints_its_components() {
    let p = indikator::datasets::jabar_panel().unwrap();
    let re = ModelSpec::new("poverty_rate ~ unemployment_rate")
        .unwrap()
        .estimator(Estimator::Random)
        .sample(Some(2017), Some(2025))
        .fit_panel(&p)
        .unwrap();
    let s = re.to_string();
    assert!(
        s.contains("Swamy–Arora: σ²(idiosyncratic) = 0.4283, σ²(individual) = 7.4714, θ = 0.9204"),
        "{s}"
    );
}
