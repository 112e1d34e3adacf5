//! Workbooks: `report` writes report.xlsx beside report.html and `project --xlsx` its table; read
//! back with calamine, every projected number equals the one `project --json` prints (issue 15).

use std::collections::HashMap;

use calamine::{Data, Reader, Xlsx};

fn bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_indikator"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn tmp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("indikator_wb_{name}_{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A sheet as rows of header → cell.
fn rows(path: &std::path::Path, sheet: &str) -> Vec<HashMap<String, Data>> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let mut it = range.rows();
    let head: Vec<String> = it.next().unwrap().iter().map(|c| c.to_string()).collect();
    it.map(|r| head.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The JSON projection rows by (year, Indonesian scenario label).
fn projection_json(extra: &[&str]) -> HashMap<(i64, String), serde_json::Value> {
    let mut args = vec!["project", "--region", "Kota Sukabumi", "--json"];
    args.extend_from_slice(extra);
    let v = crate::common::cli_json(&args);
    v["projection"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let y = r["year"].as_f64().unwrap() as i64;
            ((y, r["label_id"].as_str().unwrap().to_string()), r.clone())
        })
        .collect()
}

/// (JSON key, Indonesian header) of every number of a projection row.
const NUMBERS: [(&str, &str); 9] = [
    ("estimate", "P0 proyeksi (%)"),
    ("ci_low", "SK 95% bawah (%)"),
    ("ci_high", "SK 95% atas (%)"),
    ("pi_low", "SP 95% bawah (%)"),
    ("pi_high", "SP 95% atas (%)"),
    ("ci80_low", "SK 80% bawah (%)"),
    ("ci80_high", "SK 80% atas (%)"),
    ("pi80_low", "SP 80% bawah (%)"),
    ("pi80_high", "SP 80% atas (%)"),
];

fn compare(
    sheet: &[HashMap<String, Data>],
    json: &HashMap<(i64, String), serde_json::Value>,
) -> usize {
    let mut n = 0;
    for r in sheet {
        let key = (num(&r["Tahun"]) as i64, r["Skenario"].to_string());
        let Some(j) = json.get(&key) else { continue };
        for (k, h) in NUMBERS {
            assert_eq!(num(&r[h]), j[k].as_f64().unwrap(), "{key:?} {k}");
            n += 1;
        }
    }
    n
}

#[test]
fn workbooks_hold_the_numbers_of_the_json() {
    let dir = tmp("project");
    let xlsx = dir.join("proyeksi.xlsx");
    let json = projection_json(&["--xlsx", xlsx.to_str().unwrap()]);
    let sheet = rows(&xlsx, "Proyeksi");
    assert_eq!(sheet.len(), json.len());
    assert_eq!(compare(&sheet, &json), 9 * json.len());
    // Indonesian headers and scenario names; no identifier a planner should not read.
    assert!(sheet[0].contains_key("Skenario") && !sheet[0].contains_key("scenario"));
    assert_eq!(
        sheet[0]["Skenario"].to_string(),
        "Skenario dasar (pemulihan TPT sejak puncak 2021)"
    );

    // The report's workbook: one sheet per table, sources last; its projections agree with the
    // JSON for the scenarios both have.
    let out = tmp("report");
    let o = bin()
        .args(["report", "--region", "Kota Sukabumi", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let path = out.join("report.xlsx");
    let wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Data",
            "Regresi",
            "Uji dan pilihan model",
            "Proyeksi",
            "Pencarian target",
            "Uji balik",
            "Posisi",
            "Sumber"
        ]
    );
    let proj = rows(&path, "Proyeksi");
    assert_eq!(proj.len(), 20, "four scenarios × five years");
    assert_eq!(compare(&proj, &json), 9 * json.len());
    // The regression sheet: the FEM slope is the report's.
    let reg = rows(&path, "Regresi");
    let fem = reg
        .iter()
        .find(|r| r["Model"] == Data::String("FEM".into()))
        .unwrap();
    assert_eq!(
        fem["Variabel"].to_string(),
        "Tingkat pengangguran terbuka TPT (%)"
    );
    // pyfixest 0.60 on the same sample (tests/fixtures/jabar_fe_region_cr1.json).
    let fx: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/jabar_fe_region_cr1.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let b = fx["results"]["coefficients"]["unemployment_rate"]["estimate"]
        .as_f64()
        .unwrap();
    assert!(((num(&fem["Koefisien"]) - b) / b).abs() < 1e-6);
    let data = rows(&path, "Data");
    let y2025 = data.iter().find(|r| num(&r["Tahun"]) == 2025.0).unwrap();
    assert_eq!(num(&y2025["TPT (%)"]), 8.19);
    // English on request.
    let out_en = tmp("report_en");
    let o = bin()
        .args([
            "report",
            "--region",
            "Kota Sukabumi",
            "--lang",
            "en",
            "--out",
        ])
        .arg(&out_en)
        .output()
        .unwrap();
    assert!(o.status.success());
    let wb: Xlsx<_> = calamine::open_workbook(out_en.join("report.xlsx")).unwrap();
    assert_eq!(wb.sheet_names()[3], "Projections");
    // A folder that does not exist is named.
    let o = bin()
        .args([
            "data",
            "show",
            "--region",
            "Kota Sukabumi",
            "--xlsx",
            "/nonexistent-dir/d.xlsx",
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("the folder /nonexistent-dir does not exist")
    );
}
