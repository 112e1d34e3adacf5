//! One request through the three interfaces — the library's plan (which the report runs), the
//! `indikator` binary and a notebook cell — gives the same numbers, and the defaults agree.

use std::process::Command;

use indikator::plan::{DataSource, ProjectionPlan, TptTarget, defaults};
use indikator::script::Session;

const REGION: &str = "Kota Sukabumi";

/// (scenario, year) → (estimate, pi_low, pi_high) from a projection table.
fn pick(df: &polars::prelude::DataFrame, scenario: &str, year: i32) -> (f64, f64, f64) {
    let s = df.column("scenario").unwrap().str().unwrap().clone();
    let y = df
        .column("year")
        .unwrap()
        .cast(&polars::prelude::DataType::Int32)
        .unwrap();
    let y = y.i32().unwrap();
    let f = |c: &str| df.column(c).unwrap().f64().unwrap().clone();
    let (e, l, h) = (f("estimate"), f("pi_low"), f("pi_high"));
    let i = (0..df.height())
        .find(|&i| s.get(i) == Some(scenario) && y.get(i) == Some(year))
        .unwrap_or_else(|| panic!("no {scenario} {year} row"));
    (e.get(i).unwrap(), l.get(i).unwrap(), h.get(i).unwrap())
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-12 * a.abs().max(1.0),
        "{what}: {a} vs {b}"
    );
}

#[test]
fn library_cli_notebook_and_report_give_the_same_projection() {
    let panel = DataSource::Jabar.panel(None, None).unwrap();
    let mut plan = ProjectionPlan::new(REGION);
    plan.tpt_target = Some(TptTarget::Level(6.5));
    let run = plan.run(&panel).unwrap();
    let year = plan.plan_year();
    assert_eq!(year, 2029, "the plan year is the year before the horizon");
    let table = run.projection.frame().unwrap();
    let lib = pick(&table, "baseline", year);
    let lib_target = pick(&table, "target", year);
    // The TPT path reaches 6.5 in the plan year by default (tpt_by = horizon − 1), everywhere.
    let target = run.scenarios.iter().find(|s| s.name == "target").unwrap();
    assert_eq!(target.values["unemployment_rate"][&year], 6.5);

    // The binary, same request, defaults left to it.
    let v = crate::common::cli_json(&[
        "project",
        "--region",
        REGION,
        "--tpt-target",
        "6.5",
        "--json",
    ]);

    let row = |scenario: &str| {
        v["projection"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["scenario"] == scenario && r["year"].as_f64() == Some(year as f64))
            .map(|r| {
                let g = |k: &str| r[k].as_f64().unwrap();
                (g("estimate"), g("pi_low"), g("pi_high"))
            })
            .unwrap()
    };
    for (a, b, what) in [
        (lib, row("baseline"), "baseline"),
        (lib_target, row("target"), "target"),
    ] {
        close(a.0, b.0, what);
        close(a.1, b.1, what);
        close(a.2, b.2, what);
    }

    // A notebook cell, same request.
    let mut s = Session::new(&[std::env::current_dir().unwrap()]);
    let cell = |s: &mut Session, code: &str| -> f64 {
        let ev = s.eval(code);
        assert!(ev.error.is_none(), "{code}: {:?}", ev.error);
        ev.result
            .unwrap()
            .get("text/plain")
            .unwrap()
            .parse()
            .unwrap()
    };
    s.eval(&format!(
        r#"let t = project(jabar_panel(), "{}", "{REGION}", #{{tpt_target: 6.5}}).table();"#,
        defaults::PROJECTION_FORMULA
    ));
    for (scenario, want) in [("baseline", lib), ("target", lib_target)] {
        let q = |c: &str| {
            format!(r#"t.filter("scenario = '{scenario}' AND year = {year}").col("{c}")[0]"#)
        };
        close(cell(&mut s, &q("estimate")), want.0, scenario);
        close(cell(&mut s, &q("pi_high")), want.2, scenario);
    }

    // The report: its baseline in the plan year is the same number.
    let d = indikator::report::analyse(REGION, defaults::HORIZON).unwrap();
    let o = indikator::report::outcomes(&d).unwrap();
    let base = o.iter().find(|o| o.scenario == "baseline").unwrap();
    close(base.estimate, lib.0, "report baseline");
    close(base.pi_low, lib.1, "report baseline");
    assert_eq!(d.plan_year, year);
}

#[test]
fn defaults_come_from_one_place() {
    let p = ProjectionPlan::new(REGION);
    assert_eq!(p.horizon, defaults::HORIZON);
    assert_eq!(p.from, 2015, "the P0 series break");
    assert_eq!(p.plan_year(), 2029);
    let w = indikator::bootstrap::WildBootstrap::new("unemployment_rate", "region_code");
    assert_eq!(
        (w.reps, w.seed),
        (defaults::BOOTSTRAP_REPS, defaults::BOOTSTRAP_SEED)
    );
    // The CLI's help shows the same defaults.
    let out = Command::new(env!("CARGO_BIN_EXE_indikator"))
        .args(["project", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("[default: 2030]") && help.contains("[default: 2015]"),
        "{help}"
    );
    let fit_help = Command::new(env!("CARGO_BIN_EXE_indikator"))
        .args(["fit", "--help"])
        .output()
        .unwrap();
    // The estimators, from their table (tests/integration/extension_tables.rs checks each).
    let fit_help = String::from_utf8_lossy(&fit_help.stdout);
    for e in ["pooled", "within", "random", "fd", "between"] {
        assert!(fit_help.contains(&format!("- {e}:")), "{fit_help}");
    }
}

#[test]
fn options_read_the_same_everywhere_with_neutral_messages() {
    // The library's parse errors name the option, not a CLI flag.
    for e in [
        "x".parse::<indikator::vcov::Vcov>()
            .unwrap_err()
            .to_string(),
        "x".parse::<indikator::vcov::Ssc>().unwrap_err().to_string(),
        "x".parse::<indikator::model::Estimator>()
            .unwrap_err()
            .to_string(),
        "x".parse::<indikator::projection::YearEffects>()
            .unwrap_err()
            .to_string(),
        "x".parse::<indikator::plot::Lang>()
            .unwrap_err()
            .to_string(),
    ] {
        assert!(e.starts_with("invalid ") && !e.contains("--"), "{e}");
    }
    // A notebook user reads the same neutral message.
    let mut s = Session::new(&[]);
    let ev =
        s.eval(r#"fit(jabar_panel(), "poverty_rate ~ unemployment_rate", #{vcov: "robustt"})"#);
    let e = ev.error.unwrap().evalue;
    assert!(e.contains("invalid vcov") && !e.contains("--vcov"), "{e}");
    // Data sources parse one way.
    for (s, want) in [
        ("jabar", DataSource::Jabar),
        ("indonesia", DataSource::Indonesia),
        ("provinces", DataSource::Provinces),
    ] {
        assert_eq!(s.parse::<DataSource>().unwrap(), want);
    }
    assert_eq!(
        "my.csv".parse::<DataSource>().unwrap(),
        DataSource::Path("my.csv".into())
    );
}

/// The one backtest: `project --backtest rolling`, the notebook's `backtest(…, "rolling")` and
/// the report's "how far to trust this" give the same table — every method's scores over all
/// horizons, on the same region-years of the same panel (Jawa Barat's 27 kab/kota).
#[test]
fn one_rolling_backtest_behind_the_cli_the_notebook_and_the_report() {
    let j = crate::common::cli_json(&[
        "project",
        "--region",
        REGION,
        "--backtest",
        "rolling",
        "--json",
    ]);
    let cli: Vec<(String, f64, f64, u64)> = j["backtest"]["methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap().to_string(),
                m["mae"].as_f64().unwrap(),
                m["bias"].as_f64().unwrap(),
                m["n"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(cli.len(), indikator::projection::Method::ALL.len());

    let report = indikator::report::analyse(REGION, defaults::HORIZON).unwrap();
    let rep: Vec<(String, f64, f64, u64)> = report
        .projection
        .backtest
        .as_ref()
        .expect("the report runs the rolling backtest")
        .methods
        .iter()
        .map(|s| (s.method.name().to_string(), s.mae, s.bias, s.n as u64))
        .collect();
    assert_eq!(rep, cli);

    let mut s = Session::new(&[std::env::current_dir().unwrap()]);
    let ev = s.eval(&format!(
        r#"let b = backtest(jabar_panel(), "{}", "rolling");"#,
        defaults::PROJECTION_FORMULA
    ));
    assert!(ev.error.is_none(), "{:?}", ev.error);
    let mut col = |name: &str| -> Vec<String> {
        let ev = s.eval(&format!(r#"col(b, "{name}")"#));
        assert!(ev.error.is_none(), "{:?}", ev.error);
        let text = ev.result.unwrap().get("text/plain").unwrap().to_string();
        text.trim_matches(['[', ']'])
            .split(',')
            .map(|v| v.trim().trim_matches('"').to_string())
            .collect()
    };
    let (names, mae, bias, n) = (col("method"), col("mae"), col("bias"), col("n"));
    let cell: Vec<(String, f64, f64, u64)> = (0..cli.len())
        .map(|i| {
            (
                names[i].clone(),
                mae[i].parse().unwrap(),
                bias[i].parse().unwrap(),
                n[i].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(cell, cli);
}
