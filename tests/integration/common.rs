//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use indikator::load::{Format, LoadOptions, Record, load_bytes};

/// Every file of the raw corpus (tests/data/raw), sorted.
pub fn raw_files() -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_none_or(|x| x != "md") {
                out.push(p);
            }
        }
    }
    let mut v = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/raw"),
        &mut v,
    );
    v.sort();
    v
}

/// Identity of an observation: code (or province/name), year, semester, indicator.
pub type Key = (String, i32, Option<String>, String);

/// The key of a record.
pub fn key(r: &Record) -> Key {
    let region = r
        .region_code
        .clone()
        .unwrap_or_else(|| format!("{}/{}", r.province.clone().unwrap_or_default(), r.region));
    (region, r.year, r.semester.clone(), r.indicator.clone())
}

/// Every value of the bundled curated data, by key.
pub fn curated() -> HashMap<Key, Option<f64>> {
    let opts = LoadOptions {
        format: Some(Format::Tidy),
        ..Default::default()
    };
    let mut m = HashMap::new();
    for b in [
        indikator::datasets::JABAR_CSV,
        indikator::datasets::PROVINCES_CSV,
        indikator::datasets::KABKOTA_CSV,
    ] {
        for r in load_bytes(b, "curated", &opts).unwrap().records {
            m.insert(key(&r), r.value);
        }
    }
    m
}

/// Run the `indikator` binary from the crate root, require success, and parse its stdout as JSON.
#[cfg(feature = "cli")]
pub fn cli_json(args: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_indikator"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
