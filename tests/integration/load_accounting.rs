//! Row accounting per format: every row of a file is a header row, a row that gave values or a
//! row skipped with its reason; every value read is kept or merged with a repeat; gaps are
//! counted by kind. `rows = header + data + skipped`, `values_read = values_out + merged`.

use indikator::load::{LoadOptions, RowAccount, SkipReason, SkippedRow, load_bytes, load_files};

fn account(bytes: &[u8], name: &str) -> RowAccount {
    let l = load_bytes(bytes, name, &LoadOptions::default()).unwrap();
    assert_eq!(l.notes.accounts.len(), 1);
    let a = l.notes.accounts[0].clone();
    assert!(a.balanced(), "{a:?}");
    assert_eq!(a.values_out, l.records.len());
    a
}

/// Tidy CSV: a blank line (`,,,`), an exact repeat and a missing marker.
#[test]
fn tidy_csv_rows_and_values_add_up() {
    let csv = "region_code,region,year,indicator,value\n\
               3272,Kota Sukabumi,2024,poverty_rate,7.2\n\
               ,,,,\n\
               3272,Kota Sukabumi,2024,poverty_rate,7.2\n\
               3201,Kabupaten Bogor,2024,poverty_rate,-\n";
    let a = account(csv.as_bytes(), "t.csv");
    assert_eq!(
        (a.rows, a.header_rows, a.data_rows, a.skipped.len()),
        (5, 1, 3, 1)
    );
    assert_eq!(
        a.skipped,
        vec![SkippedRow {
            line: 3,
            reason: SkipReason::Blank
        }]
    );
    assert_eq!((a.values_read, a.values_out, a.merged), (3, 2, 1));
    assert_eq!((a.gaps_marked, a.gaps_placeholder), (1, 0));
    assert!(
        a.summary(indikator::plot::Lang::En)
            .contains("1 repeats merged")
    );
    assert!(
        a.summary(indikator::plot::Lang::Id)
            .contains("1 ulangan digabung")
    );
}

/// BPS table: title rows, a note row, a region with no value at all, a `…` gap.
#[test]
fn bps_table_notes_and_empty_regions_are_reported() {
    let csv = "Kabupaten/Kota;\n\
               ;Persentase Penduduk Miskin Menurut Kabupaten/Kota di Jawa Barat (Persen)\n\
               ;2023;2024\n\
               Bogor;7.27;7.06\n\
               Kota Sukabumi;7.5;…\n\
               Pangandaran;;\n\
               Sumber: BPS Provinsi Jawa Barat;\n";
    let a = account(csv.as_bytes(), "p0.csv");
    assert_eq!(
        (a.rows, a.header_rows, a.data_rows, a.skipped.len()),
        (7, 3, 2, 2)
    );
    assert_eq!(
        a.skipped[0].reason,
        SkipReason::NoValues("Pangandaran".into())
    );
    assert_eq!(a.skipped[1].line, 7);
    assert!(matches!(&a.skipped[1].reason, SkipReason::Note(t) if t.starts_with("Sumber")));
    assert_eq!((a.values_read, a.values_out, a.merged), (4, 4, 0));
    assert_eq!((a.gaps_marked, a.gaps_placeholder), (1, 0));
}

/// Open Data Jabar: a 0 for Pangandaran before it existed is a placeholder gap, counted apart
/// from marked gaps.
#[test]
fn odj_placeholder_zeros_are_counted_as_gaps() {
    let csv = "id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,persentase_penduduk_miskin,satuan,tahun\n\
               1,32,JAWA BARAT,3218,KABUPATEN PANGANDARAN,0,PERSEN,2011\n\
               2,32,JAWA BARAT,3218,KABUPATEN PANGANDARAN,9.62,PERSEN,2015\n\
               3,32,JAWA BARAT,3272,KOTA SUKABUMI,,PERSEN,2015\n";
    let a = account(csv.as_bytes(), "odj.csv");
    assert_eq!((a.rows, a.header_rows, a.data_rows), (4, 1, 3));
    assert_eq!((a.values_read, a.values_out), (3, 3));
    assert_eq!((a.gaps_marked, a.gaps_placeholder), (1, 1));
}

/// JSON: objects are rows; a gap beside a value for the same region-year is merged.
#[test]
fn json_objects_are_rows() {
    let json = r#"[
  {"kabupaten": "Kota Sukabumi", "tahun": 2024, "persentase_penduduk_miskin": 7.2},
  {"kabupaten": "Kota Sukabumi", "tahun": 2024, "persentase_penduduk_miskin": null},
  {"kabupaten": "Bogor", "tahun": 2024, "persentase_penduduk_miskin": 7.06}
]"#;
    let a = account(json.as_bytes(), "p0.json");
    assert_eq!((a.rows, a.header_rows, a.data_rows), (3, 0, 3));
    assert_eq!((a.values_read, a.values_out, a.merged), (3, 2, 1));
    assert_eq!(a.gaps_marked, 0);
}

/// Parquet: the header row and every row of the file.
#[test]
fn parquet_rows_are_counted() {
    use polars::prelude::*;
    let mut df = df!(
        "region" => ["Kota Sukabumi", "Kota Sukabumi", "Kabupaten Bogor"],
        "year" => [2023i32, 2024, 2024],
        "indicator" => ["poverty_rate"; 3],
        "value" => [Some(7.5), Some(7.2), None],
    )
    .unwrap();
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
    let a = account(&buf, "p0.parquet");
    assert_eq!((a.rows, a.header_rows, a.data_rows), (4, 1, 3));
    assert_eq!((a.values_read, a.values_out, a.gaps_marked), (3, 3, 1));
}

/// XLSX (a real BPS export): rows and values add up; the same file twice merges every value.
#[test]
fn xlsx_and_a_file_given_twice() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "tests/data/raw/adeariyo27__west-java-poverty-panel-analysis/data/raw/Persentase Penduduk Miskin Menurut KabupatenKota (Persen) Jawa Barat.xlsx",
    );
    let once = load_files(&[&p], &LoadOptions::default()).unwrap();
    let a = &once.notes.accounts[0];
    assert!(a.balanced());
    assert_eq!((a.rows, a.header_rows, a.data_rows), (30, 2, 28));
    assert_eq!(a.values_out, 280);
    let twice = load_files(&[&p, &p], &LoadOptions::default()).unwrap();
    let b = &twice.notes.accounts[0];
    assert_eq!(twice.notes.accounts.len(), 1);
    assert!(b.balanced(), "{b:?}");
    assert_eq!((b.values_read, b.values_out, b.merged), (560, 280, 280));
}
