//! Bad input gets a clear error naming file, line, column and value — never a panic.

use indikator::load::{LoadOptions, load_bytes, load_path};

fn err(text: &str, name: &str) -> String {
    match load_bytes(text.as_bytes(), name, &LoadOptions::default()) {
        Ok(l) => panic!("expected an error, loaded {} records", l.records.len()),
        Err(e) => e.to_string(),
    }
}

const HEAD: &str = "Kabupaten/Kota,\n,Persentase Penduduk Miskin Menurut Kabupaten/Kota di Jawa Barat (Persen)\n,2024\n";

#[test]
fn unknown_region_names_file_line_and_closest_names() {
    let e = err(
        &format!("{HEAD}Provinsi Jawa Barat,7.46\nKota Sukabumy,7.2\n"),
        "p0_2024.csv",
    );
    assert_eq!(
        e,
        "p0_2024.csv, line 5, column 1: unknown region \"Kota Sukabumy\" (did you mean Kota Sukabumi?)"
    );
}

#[test]
fn conflicting_duplicate_names_both_lines() {
    let e = err(
        &format!("{HEAD}Kota Sukabumi,7.2\nBogor,7.1\nKota Sukabumi,7.3\n"),
        "dup.csv",
    );
    assert!(e.contains("dup.csv: Kota Sukabumi 2024 poverty_rate appears twice with different values: 7.2 at line 4 and 7.3 at line 6"), "{e}");
}

#[test]
fn non_numeric_value_names_line_column_and_value() {
    let e = err(
        "id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,tingkat_pengangguran_terbuka,satuan,tahun\n1,32,JAWA BARAT,3272,KOTA SUKABUMI,8,19x,PERSEN,2025\n",
        "odj.csv",
    );
    // The stray comma shifts the columns: the value column holds "8".
    assert!(e.contains("odj.csv, line 2"), "{e}");
    let e = err(
        "id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,tingkat_pengangguran_terbuka,satuan,tahun\n1,32,JAWA BARAT,3272,KOTA SUKABUMI,delapan,PERSEN,2025\n",
        "odj.csv",
    );
    assert_eq!(
        e,
        "odj.csv, line 2, column \"tingkat_pengangguran_terbuka\": cannot read \"delapan\" as a number (or a BPS missing marker: -, …, ...)"
    );
}

#[test]
fn percentage_above_100_is_rejected() {
    let e = err(&format!("{HEAD}Kota Sukabumi,720\n"), "pct.csv");
    assert!(
        e.starts_with(
            "pct.csv, line 4, column \"2024\": poverty_rate = 720 is outside 0–100 (percent)"
        ),
        "{e}"
    );
}

#[test]
fn empty_file_is_an_error() {
    assert!(err("", "empty.csv").starts_with("empty.csv: the file is empty"));
    assert!(err("\u{feff}\n\n", "bom.csv").starts_with("bom.csv: the file is empty"));
    assert!(err("[]", "e.json").starts_with("e.json: the file is empty"));
}

fn xlsx() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "tests/data/raw/adeariyo27__west-java-poverty-panel-analysis/data/raw/Persentase Penduduk Miskin Menurut KabupatenKota (Persen) Jawa Barat.xlsx",
    )
}

#[test]
fn wrong_sheet_lists_the_sheets() {
    let opts = LoadOptions {
        sheet: Some("Tabel 2".into()),
        ..Default::default()
    };
    let e = load_path(xlsx(), &opts).unwrap_err().to_string();
    assert!(
        e.contains("no sheet named \"Tabel 2\"; the workbook has: "),
        "{e}"
    );
}

#[test]
fn truncated_xlsx_is_an_error_not_a_panic() {
    let bytes = std::fs::read(xlsx()).unwrap();
    for cut in [10, bytes.len() / 3, bytes.len() / 2, bytes.len() - 100] {
        let e = load_bytes(&bytes[..cut], "cut.xlsx", &LoadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("cut.xlsx: "), "{e}");
    }
}

#[test]
fn missing_markers_become_nulls() {
    let l = load_bytes(
        format!("{HEAD}Kota Sukabumi,-\nBogor,…\nKota Bogor,...\nKota Depok,6.1\n").as_bytes(),
        "m.csv",
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(l.records.iter().filter(|r| r.value.is_none()).count(), 3);
    assert_eq!(
        l.records
            .iter()
            .find(|r| r.region == "Kota Depok")
            .and_then(|r| r.value),
        Some(6.1)
    );
}

#[test]
fn odj_zero_for_a_region_not_yet_created_is_a_gap() {
    let t = "id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,jumlah_penduduk_miskin,satuan,tahun\n\
             17,32,JAWA BARAT,3217,KABUPATEN BANDUNG BARAT,0.0,RIBU JIWA,2005\n";
    let l = load_bytes(t.as_bytes(), "odj.csv", &LoadOptions::default()).unwrap();
    assert_eq!(l.records[0].value, None);
    assert!(
        l.notes.notes[0].contains("Kabupaten Bandung Barat has separate statistics only from 2007"),
        "{:?}",
        l.notes
    );
}

#[test]
fn semicolon_decimal_comma_export_of_another_table_loads() {
    // A BPS export as Excel in an Indonesian locale writes it: `;` separators and decimal commas.
    let t = "\u{feff}Wilayah Jawa Barat;;\n;Tingkat Pengangguran Terbuka Kabupaten/Kota (Persen);\n;2019;2020\n\
             Provinsi Jawa Barat;7,99;10,46\nSukabumi;8,05;9,6\nKota Sukabumi;8,35;12,17\n";
    let l = load_bytes(t.as_bytes(), "tpt.csv", &LoadOptions::default()).unwrap();
    let v = |n: &str, y| {
        l.records
            .iter()
            .find(|r| r.region == n && r.year == y)
            .and_then(|r| r.value)
    };
    assert_eq!(v("Kota Sukabumi", 2020), Some(12.17));
    assert_eq!(v("Kabupaten Sukabumi", 2019), Some(8.05));
    assert_eq!(v("Jawa Barat", 2019), Some(7.99));
    assert_eq!(l.records[0].indicator, "unemployment_rate");
}

#[test]
fn unrecognised_layout_says_what_is_expected() {
    let e = err("a,b\n1,2\n", "x.csv");
    assert!(e.contains("layout not recognised"), "{e}");
    assert!(e.contains("choose one with the format option"), "{e}");
}

#[test]
fn invalid_json_says_where() {
    let e = err(
        "[{\"kabupaten\": \"Kota Bogor\", \"tahun\": 2020,, }]",
        "bad.json",
    );
    assert!(e.starts_with("bad.json: not valid JSON at line 1"), "{e}");
}

/// A tidy Parquet file written by polars from `df`.
fn parquet_bytes(mut df: polars::prelude::DataFrame) -> Vec<u8> {
    let mut buf = Vec::new();
    polars::prelude::ParquetWriter::new(&mut buf)
        .finish(&mut df)
        .unwrap();
    buf
}

#[test]
fn parquet_errors_name_the_file_and_the_value() {
    use polars::prelude::*;
    let tidy = |region: Column, year: Column| {
        DataFrame::new(
            1,
            vec![
                region,
                year,
                Column::new("indicator".into(), ["poverty_rate"]),
                Column::new("value".into(), [7.5]),
            ],
        )
        .unwrap()
    };
    let list = Series::new("region".into(), [Series::new("".into(), ["Kota Sukabumi"])]);
    let cases = [
        (
            "list.parquet",
            tidy(list.into(), Column::new("year".into(), [2020i64])),
        ),
        (
            "no_region.parquet",
            tidy(
                Column::new("kabupaten".into(), ["Kota Sukabumi"]),
                Column::new("year".into(), [2020i64]),
            ),
        ),
    ];
    for (name, df) in cases {
        let e = load_bytes(&parquet_bytes(df), name, &LoadOptions::default())
            .unwrap_err()
            .to_string();
        println!("{name}: {e}");
        assert!(e.starts_with(name), "{name}: {e}");
        assert!(e.len() < 400, "{name}: {e}");
    }
    // A wide panel whose year is text with BPS's provisional mark: the panel names the value.
    let dir = std::env::temp_dir().join(format!("indikator_wide_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("wide_text_year.parquet");
    let wide = DataFrame::new(
        2,
        vec![
            Column::new("region_code".into(), ["3272", "3272"]),
            Column::new("year".into(), ["2019", "2020*"]),
            Column::new("poverty_rate".into(), [7.5, 7.9]),
            Column::new("unemployment_rate".into(), [8.0, 9.6]),
        ],
    )
    .unwrap();
    std::fs::write(&path, parquet_bytes(wide)).unwrap();
    let e = indikator::Panel::read(&path, "region_code", "year")
        .map(|_| String::new())
        .unwrap_or_else(|e| e.to_string());
    println!("{e}");
    assert!(
        e.contains("wide_text_year.parquet") && e.contains("2020*"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
