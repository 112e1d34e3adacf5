//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use indikator::load::{Format, LoadOptions, Record, load_bytes, load_path};

/// Every file of the raw corpus (tests/data/raw), sorted.
pub fn raw_files() -> Vec<PathBuf> {
    files_under("tests/data/raw")
}

/// Every data file (not `.md`) under `dir` (relative to the crate root), sorted.
pub fn files_under(dir: &str) -> Vec<PathBuf> {
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
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut v);
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
    log_json(args, &out.stdout);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// With `INDIKATOR_JSON_LOG=DIR`, each JSON command the tests run is written to DIR (its
/// arguments and its output), so that two builds can be compared byte for byte:
/// `python3 tools/json_compare.py DIR OTHER_BINARY`.
fn log_json(args: &[&str], stdout: &[u8]) {
    let Ok(dir) = std::env::var("INDIKATOR_JSON_LOG") else {
        return;
    };
    let dir = std::path::Path::new(&dir);
    let _ = std::fs::create_dir_all(dir);
    let key = args.join("\u{1f}");
    let hash = key.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    });
    let _ = std::fs::write(dir.join(format!("{hash:016x}.args")), &key);
    let _ = std::fs::write(dir.join(format!("{hash:016x}.json")), stdout);
}

/// Loads `path` and checks that every row is accounted for and every value equals the curated
/// data (a gap in the file may be a value there, never the other way round). Returns the records.
pub fn check_curated(path: &Path) -> Vec<Record> {
    let rel = path.display().to_string();
    let loaded = load_path(path, &LoadOptions::default()).unwrap_or_else(|e| panic!("{rel}: {e}"));
    // Every row and value of the file accounted for (issue 12: rows in = rows out + reported).
    assert!(
        loaded.notes.balanced(),
        "{rel}: {:?}",
        loaded.notes.accounts
    );
    let out: usize = loaded.notes.accounts.iter().map(|a| a.values_out).sum();
    assert_eq!(out, loaded.records.len(), "{rel}");
    let cur = curated();
    let mut matched = 0;
    for r in &loaded.records {
        let mut k = key(r);
        // A file that does not name the semester (Open Data Jabar's national P0 copy) matches the
        // curated value of the semester whose value it carries.
        if k.2.is_none() && !cur.contains_key(&k) {
            let sem = ["March", "September"].into_iter().find(|s| {
                let ks = (k.0.clone(), k.1, Some(s.to_string()), k.3.clone());
                cur.get(&ks).is_some_and(|c| c.is_some() && *c == r.value)
            });
            if let Some(s) = sem {
                k.2 = Some(s.to_string());
            }
        }
        match (r.value, cur.get(&k)) {
            (Some(v), Some(Some(c))) => {
                assert_eq!(
                    v, *c,
                    "{rel}: {} {} {} loaded {v}, curated {c}",
                    r.region, r.year, r.indicator
                );
                matched += 1;
            }
            (Some(v), other) => panic!(
                "{rel}: {} {} {} = {v} not in curated data ({other:?})",
                r.region, r.year, r.indicator
            ),
            (None, Some(Some(c))) => panic!(
                "{rel}: {} {} {} loaded as a gap, curated {c}",
                r.region, r.year, r.indicator
            ),
            (None, _) => {}
        }
    }
    assert!(matched > 0, "{rel}: nothing matched");
    loaded.records
}

/// A JSON fixture by path relative to the crate root.
pub fn fixture_json(rel: &str) -> serde_json::Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// The formula of one fit of `spatial/jabar_dk_plm.json` (plm `model` and `effect`).
pub fn plm_fit_formula(case: &serde_json::Value) -> &'static str {
    match (
        case["model"].as_str().unwrap(),
        case["effect"].as_str().unwrap(),
    ) {
        ("within", "individual") => "poverty_rate ~ unemployment_rate | region_code",
        ("within", "twoways") => "poverty_rate ~ unemployment_rate | region_code + year",
        _ => "poverty_rate ~ unemployment_rate",
    }
}

/// The keys of `indikator moran --json` beside the names the pysal fixture gives the same
/// quantity (esda's Moran: I, EI, VI_norm, z_norm, p_norm, VI_rand, z_rand, p_rand).
pub const MORAN_KEYS: [(&str, &str); 8] = [
    ("I", "I"),
    ("expected", "EI"),
    ("variance_normal", "VI_norm"),
    ("z_normal", "z_norm"),
    ("p_normal", "p_norm"),
    ("variance_randomization", "VI_rand"),
    ("z_randomization", "z_rand"),
    ("p_randomization", "p_rand"),
];
