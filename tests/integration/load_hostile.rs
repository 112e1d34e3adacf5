//! Hostile and odd input (issue 12's classes fixed so far): no number changed silently, no crash
//! on a sparse spreadsheet or a deep formula, errors that name what was wrong.

use indikator::load::{LoadOptions, load_bytes};

const HEAD: &str = "Kabupaten/Kota;\n;Persentase Penduduk Miskin Menurut Kabupaten/Kota di Jawa Barat (Persen)\n;2024\n";

fn values(bytes: &[u8], name: &str) -> Vec<(String, f64)> {
    let l = load_bytes(bytes, name, &LoadOptions::default()).unwrap();
    l.records
        .iter()
        .map(|r| (r.region.clone(), r.value.unwrap_or(f64::NAN)))
        .collect()
}

fn err(bytes: &[u8], name: &str) -> String {
    match load_bytes(bytes, name, &LoadOptions::default()) {
        Ok(l) => panic!("expected an error, loaded {} records", l.records.len()),
        Err(e) => e.to_string(),
    }
}

/// A `;` file with decimal points where one cell has a decimal comma: refused, both cells named
/// (it used to turn 5,9 into 59).
#[test]
fn a_file_mixing_decimal_comma_and_point_is_refused() {
    let e = err(
        format!("{HEAD}Kota Sukabumi;6.90\nKota Bogor;5,9\n").as_bytes(),
        "mixed.csv",
    );
    assert!(
        e.contains("mixed.csv") && e.contains("\"5,9\", line 5") && e.contains("\"6.90\", line 4"),
        "{e}"
    );
}

/// Indonesian notation: thousands point, decimal comma, read as such.
#[test]
fn indonesian_thousands_and_decimal_comma_are_read() {
    let head = "Kabupaten/Kota;\n;Garis Kemiskinan Menurut Kabupaten/Kota di Jawa Barat (Rupiah/Kapita/Bulan)\n;2024\n";
    let v = values(
        format!("{head}Kota Sukabumi;410.988\nKota Bogor;1.234.567\nKota Bandung;512.345,5\n")
            .as_bytes(),
        "gk.csv",
    );
    let of = |n: &str| v.iter().find(|(r, _)| r == n).unwrap().1;
    assert_eq!(of("Kota Sukabumi"), 410_988.0);
    assert_eq!(of("Kota Bogor"), 1_234_567.0);
    assert_eq!(of("Kota Bandung"), 512_345.5);
    // With no other number to decide, a `;` file follows the Indonesian convention too.
    let v = values(
        format!("{head}Kota Sukabumi;410.988\n").as_bytes(),
        "gk1.csv",
    );
    assert_eq!(v[0].1, 410_988.0);
}

/// Windows-1252 with `…` (byte 0x85) as BPS's missing marker: a gap, not a lost row.
#[test]
fn windows_1252_ellipsis_is_a_missing_marker() {
    let mut bytes = format!("{HEAD}Kota Sukabumi;6,90\nKota Bogor;").into_bytes();
    bytes.push(0x85);
    bytes.extend_from_slice(b"\nKota Depok;2,34\n");
    let l = load_bytes(&bytes, "cp1252.csv", &LoadOptions::default()).unwrap();
    assert_eq!(l.records.len(), 3, "{:?}", l.records);
    let bogor = l.records.iter().find(|r| r.region == "Kota Bogor").unwrap();
    assert_eq!(bogor.value, None);
}

/// Excel's "Unicode text" (UTF-16 LE with a byte-order mark, tab-separated) is read.
#[test]
fn utf16_files_are_read() {
    let text = format!("{HEAD}Kota Sukabumi;6,90\n").replace(';', "\t");
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    assert_eq!(
        values(&bytes, "unicode.txt"),
        vec![("Kota Sukabumi".to_string(), 6.9)]
    );
    // Without the mark too.
    assert_eq!(
        values(&bytes[2..], "unicode.txt"),
        vec![("Kota Sukabumi".to_string(), 6.9)]
    );
}

/// BPS marks provisional years `2025*` and semesters `2021 (Maret)`: read; a year that is not
/// one is named with its cell.
#[test]
fn provisional_and_semester_years_are_read_and_bad_ones_named() {
    let head = "Kabupaten/Kota;\n;Persentase Penduduk Miskin Menurut Kabupaten/Kota di Jawa Barat (Persen)\n;2024;2025*\n";
    let v = values(
        format!("{head}Kota Sukabumi;7,20;6,90\n").as_bytes(),
        "prov.csv",
    );
    assert_eq!(v.len(), 2);
    let l = load_bytes(
        b"Kabupaten/Kota;\n;Persentase Penduduk Miskin (Persen)\n;2021 (Maret);2021 (September)\nKota Sukabumi;8,11;8,05\n",
        "sem.csv",
        &LoadOptions::default(),
    )
    .unwrap();
    let sems: Vec<Option<String>> = l.records.iter().map(|r| r.semester.clone()).collect();
    assert_eq!(sems, vec![Some("March".into()), Some("September".into())]);
    let e = err(
        b"Kabupaten/Kota;\n;Persentase Penduduk Miskin (Persen)\n;2023;2024;2025 (revisi)\nKota Sukabumi;7,5;7,2;6,9\n",
        "bad_year.csv",
    );
    assert!(
        e.contains("bad_year.csv, line 3") && e.contains("\"2025 (revisi)\""),
        "{e}"
    );
}

/// A 50 MB one-line file's error quotes 80 characters of it, not 50 million.
#[test]
fn huge_values_are_shortened_in_messages() {
    let long = "x".repeat(200_000);
    let e = err(
        format!("{HEAD}Kota Sukabumi;{long}\n").as_bytes(),
        "long.csv",
    );
    assert!(
        e.len() < 400 && e.contains("200000 characters"),
        "{} chars",
        e.len()
    );
}

/// A formula nested thousands deep is an error, not a stack overflow.
#[test]
fn deeply_nested_formulas_are_refused() {
    let deep = format!("y ~ {}x{}", "log(".repeat(20_000), ")".repeat(20_000));
    let e = indikator::formula::Formula::parse(&deep)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("nested more than 16 deep"),
        "{}",
        &e[..200.min(e.len())]
    );
    assert!(indikator::formula::Formula::parse("y ~ log(lag(x, 1))").is_ok());
}

/// A scenario with TPT −40% is refused, naming the scenario and its file.
#[test]
fn impossible_scenario_values_are_refused() {
    let text =
        "scenario,region,variable,year,value\nbad,Kota Sukabumi,unemployment_rate,2027,-40\n";
    let s = indikator::projection::from_csv(text, "my_scenarios.csv").unwrap();
    let e = s[0]
        .validate(2025, &["unemployment_rate".into()])
        .unwrap_err()
        .to_string();
    assert!(e.contains("my_scenarios.csv") && e.contains("-40"), "{e}");
}

/// An XLSX with one stray cell far away (its declared range reaching ZZ200000) is read without
/// allocating the whole range.
#[test]
fn a_sparse_spreadsheet_is_read_cell_by_cell() {
    use std::io::Write;
    let sheet = r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:ZZ200000"/><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Kabupaten/Kota</t></is></c></row>
<row r="2"><c r="B2" t="inlineStr"><is><t>Persentase Penduduk Miskin Menurut Kabupaten/Kota di Jawa Barat (Persen)</t></is></c></row>
<row r="3"><c r="B3"><v>2024</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>Kota Sukabumi</t></is></c><c r="B4"><v>7.2</v></c></row>
<row r="200000"><c r="ZZ200000" t="inlineStr"><is><t>catatan</t></is></c></row>
</sheetData></worksheet>"#;
    let files = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for (name, body) in files {
            z.start_file(name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    let bytes = buf.into_inner();
    assert!(bytes.len() < 4096, "a tiny file");
    let v = values(&bytes, "sparse.xlsx");
    assert_eq!(v, vec![("Kota Sukabumi".to_string(), 7.2)]);
}

/// The notebook's file promise: SQL table functions cannot read files, writes cannot leave the
/// notebook's folder through a symbolic link, and a refused write creates nothing outside.
#[cfg(all(feature = "script", unix))]
#[test]
fn cells_keep_to_their_folders() {
    use indikator::script::Session;
    let base = std::env::temp_dir().join(format!("indikator-hostile-{}", std::process::id()));
    let (inside, outside) = (base.join("notebook"), base.join("elsewhere"));
    std::fs::create_dir_all(&inside).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.csv"), "a\n1\n").unwrap();
    std::os::unix::fs::symlink(outside.join("target.csv"), inside.join("dangling.csv")).unwrap();
    std::os::unix::fs::symlink(&outside, inside.join("out")).unwrap();
    let mut s = Session::new(std::slice::from_ref(&inside));
    let fails = |s: &mut Session, code: &str| -> String {
        let ev = s.eval(code);
        ev.error
            .map(|e| e.evalue)
            .unwrap_or_else(|| panic!("{code} ran"))
    };
    let secret = outside.join("secret.csv").display().to_string();
    let e = fails(
        &mut s,
        &format!("sql(\"SELECT * FROM read_csv('{secret}')\")"),
    );
    assert!(e.contains("read_csv"), "{e}");
    s.eval("let d = dataset(\"regions\");");
    let e = fails(&mut s, "d.to_csv(\"dangling.csv\")");
    assert!(e.contains("symbolic link"), "{e}");
    assert!(!outside.join("target.csv").exists());
    let e = fails(&mut s, "d.to_csv(\"out/leak.csv\")");
    assert!(e.contains("outside"), "{e}");
    assert!(!outside.join("leak.csv").exists());
    let e = fails(&mut s, "d.to_csv(\"../elsewhere/new_dir/x.csv\")");
    assert!(e.contains("outside"), "{e}");
    assert!(!outside.join("new_dir").exists(), "nothing created outside");
    // Inside, writing works.
    assert!(s.eval("d.to_csv(\"ok/regions.csv\")").error.is_none());
    assert!(inside.join("ok/regions.csv").exists());
    std::fs::remove_dir_all(&base).ok();
}

/// `help()` prints the reference; a misspelled function suggests the right one.
#[cfg(feature = "script")]
#[test]
fn help_and_misspelled_functions_read_well() {
    let mut s = indikator::script::Session::new(&[]);
    let ev = s.eval("help()");
    let text = ev.result.unwrap().get("text/plain").unwrap().to_string();
    assert!(
        text.contains("fit") && !text.contains("Option<"),
        "{}",
        &text[..200.min(text.len())]
    );
    let ev = s.eval("jabar_panel().regoin(\"Kota Sukabumi\")");
    let e = ev.error.unwrap();
    assert!(
        e.evalue.contains("did you mean region?") && !e.evalue.contains("ImmutableString"),
        "{}",
        e.evalue
    );
}

/// A row's code and name must be the same region (tidy and JSON as ODJ).
#[test]
fn code_and_name_that_disagree_are_refused() {
    let tidy =
        "region_code,region,year,indicator,value\n3201,Kota Sukabumi,2024,poverty_rate,7.2\n";
    let e = err(tidy.as_bytes(), "tidy.csv");
    assert!(
        e.contains("tidy.csv, line 2") && e.contains("Kabupaten Bogor"),
        "{e}"
    );
    let json = r#"[{"tahun": 2024, "kode_kabupaten_kota": "3201", "nama_kabupaten_kota": "KOTA SUKABUMI", "persentase_penduduk_miskin": 7.2}]"#;
    let e = err(json.as_bytes(), "rows.json");
    assert!(e.contains("rows.json") && e.contains("disagree"), "{e}");
    // A BPS short name agrees with the kota of that name.
    let ok = "region_code,region,year,indicator,value\n3271,Bogor,2024,poverty_rate,6.8\n";
    assert_eq!(values(ok.as_bytes(), "ok.csv").len(), 1);
}

/// JSON values whose key does not name an indicator, or records without values, are errors.
#[test]
fn json_without_an_indicator_is_an_error_not_zero_rows() {
    let e = err(
        br#"[{"tahun": 2024, "kode_kabupaten_kota": "3272", "nilai": 7.2}]"#,
        "nilai.json",
    );
    assert!(
        e.contains("\"nilai\"") && e.contains("indicator option"),
        "{e}"
    );
    let e = err(
        br#"[{"tahun": 2024, "kode_kabupaten_kota": "3272"}]"#,
        "empty.json",
    );
    assert!(
        e.contains("empty.json") && e.contains("with a value"),
        "{e}"
    );
}

/// Values in a row without a region name are not dropped silently; an exact repeat is noted.
#[test]
fn unnamed_rows_are_errors_and_repeats_are_noted() {
    let e = err(
        format!("{HEAD}Kota Sukabumi;7,2\n;6,1\n").as_bytes(),
        "noname.csv",
    );
    assert!(e.contains("noname.csv, line 5") && e.contains("6,1"), "{e}");
    let l = load_bytes(
        format!("{HEAD}Kota Bogor;5,0\nKota Bogor;5,0\n").as_bytes(),
        "twice.csv",
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(l.records.len(), 1);
    assert!(
        l.notes
            .notes
            .iter()
            .any(|n| n.contains("twice.csv, line 5") && n.contains("kept once")),
        "{:?}",
        l.notes
    );
}

/// A cell that allocates without bound gets an error and the session lives on; re-running a
/// `let` does not keep the earlier value.
#[cfg(feature = "script")]
#[test]
fn runaway_allocation_in_a_cell_is_an_error() {
    let mut s = indikator::script::Session::new(&[]);
    s.eval("let keep = 42;");
    let ev = s.eval("let t = \"xx\"; loop { t += t; }");
    assert!(ev.error.is_some());
    let ev = s.eval("let a = []; a.pad(3000000000, 0); a.len()");
    assert!(ev.error.is_some(), "{:?}", ev.result);
    for _ in 0..3 {
        s.eval("let big = dataset(\"jabar\");");
    }
    let ev = s.eval("keep + big.height");
    assert!(ev.error.is_none(), "{:?}", ev.error);
    let n = s.variables().iter().filter(|v| v.as_str() == "big").count();
    assert_eq!(n, 1, "shadowed values dropped");
}

/// Evaluate `code` while another thread sets the interrupt flag after 300 ms; the evaluation and
/// how long it took.
#[cfg(feature = "script")]
fn eval_interrupted(
    s: &mut indikator::script::Session,
    code: &str,
) -> (indikator::script::Evaluation, std::time::Duration) {
    let flag = s.interrupter();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        flag.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let start = std::time::Instant::now();
    let ev = s.eval(code);
    let took = start.elapsed();
    t.join().unwrap();
    (ev, took)
}

/// An interrupt stops a long wild bootstrap inside the library call (uninterrupted, 99,999 draws
/// with the interval take minutes in a debug build), and the session lives on.
#[cfg(feature = "script")]
#[test]
fn interrupt_reaches_a_long_bootstrap() {
    let mut s = indikator::script::Session::new(&[]);
    s.eval(r#"let m = fit(jabar_panel(), "poverty_rate ~ unemployment_rate | region_code", #{vcov: "cluster:region_code", from: 2015});"#);
    let (ev, took) = eval_interrupted(
        &mut s,
        r#"wild_bootstrap(m, "unemployment_rate", #{reps: 99999})"#,
    );
    let e = ev.error.expect("interrupted");
    assert_eq!(e.ename, "Interrupted", "{e:?}");
    assert!(took.as_secs_f64() < 2.0, "stopped after {took:?}");
    assert!(s.eval("m.nobs").error.is_none(), "variables kept");
}

/// An interrupt stops a long bootstrap projection too (uninterrupted: 10 s in a debug build).
#[cfg(feature = "script")]
#[test]
fn interrupt_reaches_a_long_bootstrap_projection() {
    let mut s = indikator::script::Session::new(&[]);
    let (ev, took) = eval_interrupted(
        &mut s,
        r#"project(jabar_panel(), "poverty_rate ~ unemployment_rate | region_code", "Kota Sukabumi", #{bootstrap: 100000})"#,
    );
    assert_eq!(ev.error.expect("interrupted").ename, "Interrupted");
    assert!(took.as_secs_f64() < 2.0, "stopped after {took:?}");
}

/// A region listed in a BPS table without any value is noted, not dropped in silence.
#[test]
fn a_region_without_values_is_noted() {
    let l = load_bytes(
        format!("{HEAD}Kota Sukabumi;7,2\nKota Banjar;\n").as_bytes(),
        "blank.csv",
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(l.records.len(), 1);
    assert!(
        l.notes
            .notes
            .iter()
            .any(|n| n.contains("blank.csv, line 5: Kota Banjar has no value")),
        "{:?}",
        l.notes
    );
}
