//! The plan refuses values out of range before it allocates anything for them, naming the option.

use indikator::plan::{BacktestWhen, Bootstrap, DataSource, ProjectionPlan, TptTarget};

fn err(edit: impl FnOnce(&mut ProjectionPlan)) -> String {
    let panel = DataSource::Jabar.panel(None, None).unwrap();
    let mut p = ProjectionPlan::new("Kota Sukabumi");
    edit(&mut p);
    p.run(&panel).unwrap_err().to_string()
}

#[test]
fn out_of_range_plans_are_refused_with_the_option_named() {
    type Edit = Box<dyn FnOnce(&mut ProjectionPlan)>;
    let cases: Vec<(Edit, &str)> = vec![
        (
            Box::new(|p| p.horizon = i32::MAX),
            "invalid horizon: 2147483647",
        ),
        (Box::new(|p| p.horizon = -5), "invalid horizon: -5"),
        (
            Box::new(|p| p.horizon = 2025),
            "after the last year of data (2025)",
        ),
        (
            Box::new(|p| p.tpt_target = Some(TptTarget::Level(-5.0))),
            "invalid TPT target: -5",
        ),
        (
            Box::new(|p| p.tpt_target = Some(TptTarget::Level(f64::NAN))),
            "invalid TPT target: NaN",
        ),
        (
            Box::new(|p| p.tpt_target = Some(TptTarget::Level(1e9))),
            "0 to 100",
        ),
        (
            Box::new(|p| p.target = Some(150.0)),
            "invalid P0 target: 150",
        ),
        (
            Box::new(|p| p.target_year = Some(2031)),
            "invalid P0 target year: 2031",
        ),
        (
            Box::new(|p| p.tpt_by = Some(2020)),
            "invalid TPT target year: 2020",
        ),
        (
            Box::new(|p| {
                p.reduce_unemployed = Some(100.0);
                p.labour_force = Some(f64::NAN)
            }),
            "invalid labour force: NaN",
        ),
        (
            Box::new(|p| {
                p.bootstrap = Some(Bootstrap {
                    reps: 1_000_000_000_000,
                    seed: 1,
                })
            }),
            "invalid bootstrap: 1000000000000 replications",
        ),
        (
            Box::new(|p| p.backtest = Some(BacktestWhen::Year(2030))),
            "invalid backtest: 2030",
        ),
    ];
    for (edit, want) in cases {
        let e = err(edit);
        assert!(e.contains(want), "{e:?} should contain {want:?}");
    }
}

#[test]
fn a_significance_level_outside_0_1_is_refused() {
    let panel = DataSource::Jabar.panel(None, None).unwrap();
    let spec = indikator::model::ModelSpec::new("poverty_rate ~ unemployment_rate").unwrap();
    for a in [5.0, -0.1, 0.0, 1.0, f64::NAN] {
        let e = indikator::choice::model_choice(&spec, &panel, a)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("invalid significance level (alpha)"), "{e}");
    }
}
