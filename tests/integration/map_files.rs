//! Maps: the compiled-in boundaries join every region by BPS code, and `indikator map` draws one
//! titled shape per region in the class its value falls in, gaps as "no data" (issue 15).

use std::collections::HashMap;

use indikator::map::boundaries::bps_region_of;
use indikator::map::{Level, shapes};
use indikator::registry::{RegionType, Registry};

#[test]
fn every_source_feature_maps_to_one_region_and_every_region_has_a_shape() {
    let reg = Registry::bundled();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/geo/source");
    for (file, n) in [
        ("jabar_kabkota_cahyadsn.geojson", 27),
        ("indonesia_provinces_cahyadsn.geojson", 38),
        ("indonesia_kabkota_cahyadsn.geojson", 514),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let fc: geojson::FeatureCollection = serde_json::from_str(&text).unwrap();
        let mut codes: Vec<String> = fc
            .features
            .iter()
            .map(|f| {
                let p = |k: &str| f.property(k).and_then(|v| v.as_str()).unwrap();
                // A feature that maps to no region fails here, naming it.
                bps_region_of(p("kode"), p("nama"))
                    .unwrap_or_else(|e| panic!("{file}: {e}"))
                    .code
                    .clone()
            })
            .collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), n, "{file}");
    }
    // Kemendagri's Papua provinces are renumbered to BPS's; Simeulue (Kemendagri 11.09) is 1101.
    assert_eq!(bps_region_of("91", "Papua").unwrap().code, "94");
    assert_eq!(bps_region_of("96", "Papua Barat Daya").unwrap().code, "92");
    assert_eq!(
        bps_region_of("11.09", "Kabupaten Simeulue").unwrap().code,
        "1101"
    );
    for (level, n, kind) in [
        (Level::JabarKabKota, 27, true),
        (Level::Province, 38, false),
        (Level::KabKota, 514, true),
    ] {
        let s = shapes(level).unwrap();
        assert_eq!(s.len(), n);
        for sh in s {
            let r = reg.by_code(&sh.code).unwrap();
            assert_eq!(r.region_type.is_kabkota(), kind, "{}", sh.code);
            assert_eq!(r.name, sh.name);
            assert!(!sh.geometry.0.is_empty() && sh.area > 0.0, "{}", sh.code);
        }
    }
    assert!(
        shapes(Level::Province)
            .unwrap()
            .iter()
            .all(|s| reg.by_code(&s.code).unwrap().region_type == RegionType::Province)
    );
}

/// The `<g class="region">` groups of a map: code → (class, title).
fn groups(svg: &str) -> HashMap<String, (String, String)> {
    svg.split("<g class=\"region\" ")
        .skip(1)
        .map(|g| {
            let attr = |k: &str| {
                let s = g.split(&format!("{k}=\"")).nth(1).unwrap();
                s[..s.find('"').unwrap()].to_string()
            };
            let title = g.split("<title>").nth(1).unwrap();
            let title = title[..title.find("</title>").unwrap()].to_string();
            (attr("data-code"), (attr("data-class"), title))
        })
        .collect()
}

fn run_map(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_indikator"))
        .arg("map")
        .args(args)
        .output()
        .unwrap()
}

/// Type-7 quantile of sorted values (numpy's default).
fn quantile(v: &[f64], p: f64) -> f64 {
    let h = (v.len() - 1) as f64 * p;
    let i = h.floor() as usize;
    if i + 1 < v.len() {
        v[i] + (h - h.floor()) * (v[i + 1] - v[i])
    } else {
        v[i]
    }
}

#[test]
fn a_province_map_classes_each_region_by_its_value() {
    let dir = std::env::temp_dir().join(format!("indikator_map_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("jabar.svg");
    let o = run_map(&[
        "--indicator",
        "poverty_rate",
        "--year",
        "2024",
        "--province",
        "Jawa Barat",
        "--region",
        "Kota Sukabumi",
        "--lang",
        "en",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    let g = groups(&svg);
    assert_eq!(g.len(), 27);
    // The published values, classed independently: quintiles of the 27 values.
    let recs = &indikator::datasets::jabar_records().unwrap().records;
    let vals: HashMap<String, f64> = recs
        .iter()
        .filter(|r| r.year == 2024 && r.indicator == "poverty_rate" && r.region_type.is_kabkota())
        .filter_map(|r| Some((r.region_code.clone()?, r.value?)))
        .collect();
    let mut sorted: Vec<f64> = vals.values().copied().collect();
    sorted.sort_by(f64::total_cmp);
    let b: Vec<f64> = (0..=5).map(|i| quantile(&sorted, i as f64 / 5.0)).collect();
    let class = |x: f64| (1..6).find(|&i| x < b[i]).map_or(4, |i| i - 1);
    for code in ["3272", "3201", "3205", "3218", "3279", "3273"] {
        let (c, title) = &g[code];
        assert_eq!(c, &class(vals[code]).to_string(), "{code} {title}");
        assert!(title.ends_with(&format!(": {:.2}", vals[code])), "{title}");
    }
    assert_eq!(g["3272"].1, "Kota Sukabumi: 7.20");
    // The legend states the classes and the year.
    assert!(svg.contains("P0 (%), 2024"));
    assert!(svg.contains(&format!("{:.2} – {:.2}", b[0], b[1])));
    // PNG too.
    let png = dir.join("jabar.png");
    let o = run_map(&[
        "--year",
        "2024",
        "--province",
        "32",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn gaps_are_drawn_as_no_data_and_bad_requests_say_what_is_missing() {
    let dir = std::env::temp_dir().join(format!("indikator_map_gaps_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("tpt.svg");
    let o = run_map(&[
        "--indicator",
        "unemployment_rate",
        "--year",
        "2024",
        "--level",
        "kabkota",
        "--lang",
        "en",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let g = groups(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(g.len(), 514);
    // The kab/kota with a published TPT 2024 in the bundled data are classed; the rest are gaps.
    let published: std::collections::HashSet<String> = indikator::datasets::indonesia_records()
        .unwrap()
        .records
        .iter()
        .filter(|r| r.year == 2024 && r.indicator == "unemployment_rate" && r.value.is_some())
        .filter(|r| r.region_type.is_kabkota())
        .filter_map(|r| r.region_code.clone())
        .collect();
    let gaps: Vec<&String> = g
        .iter()
        .filter(|(_, v)| v.0 == "none")
        .map(|(k, _)| k)
        .collect();
    assert!(gaps.iter().all(|c| !published.contains(*c)));
    assert_eq!(gaps.len(), 514 - published.len());
    let (_, title) = &g[gaps[0]];
    assert!(title.ends_with(": no data"), "{title}");
    let said = format!("{} without data", gaps.len());
    assert!(String::from_utf8_lossy(&o.stderr).contains(&said));
    // No data at all for the year; breaks that do not cover; a folder that does not exist.
    let o = run_map(&[
        "--indicator",
        "unemployment_rate",
        "--year",
        "2016",
        "--province",
        "Jawa Timur",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no unemployment_rate for 2016 in Jawa Timur")
    );
    let o = run_map(&[
        "--year",
        "2024",
        "--classes",
        "breaks:5,10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("do not cover the values"));
    let o = run_map(&[
        "--year",
        "2024",
        "--province",
        "Jawa Barat",
        "--region",
        "Kota Surabaya",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("Kota Surabaya (3578) has no shape on a map of Jawa Barat"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run_map(&["--year", "2024", "--out", "/nonexistent-folder/x.svg"]);
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("the folder /nonexistent-folder does not exist")
    );
}
