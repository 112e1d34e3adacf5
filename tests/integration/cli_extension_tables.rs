//! Each extension point is one table — forecast methods ([`METHODS`]), loader layouts
//! ([`LAYOUTS`]), estimators ([`ESTIMATORS`]) — and every list a reader sees is read from it: the
//! `--help` of the command, the cell documentation, the README's synopsis and the backtest. So
//! adding a row (and its file) is all a new method, layout or estimator needs; these tests fail
//! when a list is written by hand again.

use indikator::load::LAYOUTS;
use indikator::model::ESTIMATORS;
use indikator::projection::METHODS;

fn help(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_indikator"))
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The `a|b|c` list after `flag` in the README's synopsis.
fn readme_list(flag: &str) -> Vec<String> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let at = readme.find(&format!("[{flag} ")).unwrap() + flag.len() + 2;
    let end = at + readme[at..].find(']').unwrap();
    let mut v: Vec<String> = readme[at..end].split('|').map(str::to_string).collect();
    v.sort();
    v
}

fn sorted(v: impl Iterator<Item = &'static str>) -> Vec<String> {
    let mut v: Vec<String> = v.map(str::to_string).collect();
    v.sort();
    v
}

#[test]
fn forecast_methods_are_listed_from_their_table() {
    let scenario: Vec<&str> = METHODS
        .iter()
        .filter(|m| m.uses_scenarios)
        .map(|m| m.name)
        .collect();
    let h = help(&["project", "--help"]);
    assert!(
        h.contains(&format!("[possible values: {}]", scenario.join(", "))),
        "{h}"
    );
    let doc = indikator::script::docs::lookup("project").unwrap().text();
    assert!(doc.contains(&scenario.join(", ")), "{doc}");
    assert_eq!(readme_list("--method"), sorted(scenario.iter().copied()));
    // The backtest scores every method of the table, in its order.
    let panel = indikator::datasets::jabar_panel().unwrap();
    let b = indikator::plan::ProjectionPlan::new("")
        .backtest(&panel, indikator::plan::BacktestWhen::Year(2019))
        .unwrap();
    let scored: Vec<&str> = b.methods.iter().map(|s| s.method.name()).collect();
    assert_eq!(scored, METHODS.iter().map(|m| m.name).collect::<Vec<_>>());
}

#[test]
fn loader_layouts_are_listed_from_their_table() {
    let h = help(&["load", "--help"]);
    for l in LAYOUTS {
        assert!(h.contains(&format!("- {}:", l.names[0])), "{h}");
        assert!(h.contains(l.looks_like), "{h}");
    }
    let doc = indikator::script::docs::lookup("load").unwrap().text();
    assert!(doc.contains(&indikator::load::Layout::names()), "{doc}");
    assert_eq!(
        readme_list("--format"),
        sorted(LAYOUTS.iter().map(|l| l.names[0]))
    );
}

#[test]
fn estimators_are_listed_from_their_table() {
    let h = help(&["fit", "--help"]);
    for e in ESTIMATORS {
        assert!(h.contains(&format!("- {}:", e.names[0])), "{h}");
        assert!(h.contains(e.display), "{h}");
    }
    let doc = indikator::script::docs::lookup("fit").unwrap().text();
    assert!(doc.contains(&indikator::model::Estimator::names()), "{doc}");
    assert_eq!(
        readme_list("--estimator"),
        sorted(ESTIMATORS.iter().map(|e| e.names[0]))
    );
}
