//! Every raw source file in tests/data/raw (copies of shared/data/raw, see PROVENANCE.md there)
//! loads to exactly the values of the curated bundled CSVs.

use crate::common::{check_curated, raw_files};
use std::path::{Path, PathBuf};

use indikator::load::{LoadOptions, Record, load_path};

fn raw(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/raw")
        .join(rel)
}

/// Loads `rel` and checks every value against the curated data. Returns the records.
fn check(rel: &str) -> Vec<Record> {
    check_curated(&raw(rel))
}

fn value(recs: &[Record], region: &str, year: i32, indicator: &str) -> Option<f64> {
    recs.iter()
        .find(|r| r.region == region && r.year == year && r.indicator == indicator)
        .and_then(|r| r.value)
}

#[test]
fn odj_tpt_csv_s6() {
    let r = check(
        "MFakhri603__UASML/bps-od_17044_tingkat_pengangguran_terbuka__kabupatenkota_data.csv",
    );
    assert_eq!(
        value(&r, "Kabupaten Garut", 2020, "unemployment_rate"),
        Some(8.96)
    );
    assert_eq!(
        value(&r, "Kota Sukabumi", 2024, "unemployment_rate"),
        Some(8.34)
    );
    // One record per data line of the file: nothing lost.
    assert_eq!(r.len(), 424);
}

#[test]
fn odj_tpt_saved_as_xlsx_s6b() {
    let r = check(
        "adeariyo27__west-java-poverty-panel-analysis/data/raw/Tingkat Pengangguran Terbuka KabupatenKota (Persen) Jawa Barat.xlsx",
    );
    assert_eq!(
        value(&r, "Kabupaten Garut", 2020, "unemployment_rate"),
        Some(8.96)
    );
}

#[test]
fn bps_multi_year_xlsx_p0_s2() {
    let r = check(
        "adeariyo27__west-java-poverty-panel-analysis/data/raw/Persentase Penduduk Miskin Menurut KabupatenKota (Persen) Jawa Barat.xlsx",
    );
    assert_eq!(value(&r, "Kota Sukabumi", 2024, "poverty_rate"), Some(7.2));
    assert_eq!(value(&r, "Jawa Barat", 2015, "poverty_rate"), Some(9.53));
    assert_eq!(r.iter().filter(|x| x.year == 2024).count(), 28);
}

#[test]
fn bps_csv_exports_transcribed_s3_s8() {
    let r = check(
        "zirachw__IF4061-SundaLife__transcribed/data/raw/Tingkat Pengangguran Terbuka Kabupaten_Kota, 2025.csv",
    );
    assert_eq!(
        value(&r, "Kota Sukabumi", 2025, "unemployment_rate"),
        Some(8.19)
    );
    assert_eq!(
        value(&r, "Kabupaten Sukabumi", 2025, "unemployment_rate"),
        Some(7.23)
    );
    assert_eq!(
        value(&r, "Jawa Barat", 2025, "unemployment_rate"),
        Some(6.77)
    );
    let r = check(
        "zirachw__IF4061-SundaLife__transcribed/data/raw/Persentase Penduduk Miskin Menurut Kabupaten_Kota di Jawa Barat, 2025.csv",
    );
    assert_eq!(
        value(&r, "Kabupaten Bogor", 2025, "poverty_rate"),
        Some(6.26)
    );
    let r = check(
        "zirachw__IF4061-SundaLife__transcribed/data/Persentase Penduduk Miskin Menurut Kabupaten_Kota di Jawa Barat, 2020.csv",
    );
    assert_eq!(
        value(&r, "Kabupaten Cianjur", 2020, "poverty_rate"),
        Some(10.36)
    );
}

#[test]
fn json_records_s1_with_placeholder_zeros_as_gaps() {
    let rel = "nidashfw__Persentase-Penduduk-Miskin-Berdasarkan-Kabupaten-Kota-di-Jawa-Barat/data_kemiskinan_jabar_2010_2024.json";
    let r = check(rel);
    assert_eq!(
        value(&r, "Kabupaten Bogor", 2010, "poverty_rate"),
        Some(9.97)
    );
    let pang: Vec<_> = r
        .iter()
        .filter(|x| x.region == "Kabupaten Pangandaran" && x.year < 2015)
        .collect();
    assert_eq!(pang.len(), 5);
    assert!(
        pang.iter().all(|x| x.value.is_none()),
        "Pangandaran 2010–2014 zeros must be gaps"
    );
    let notes = load_path(raw(rel), &LoadOptions::default())
        .unwrap()
        .notes
        .notes;
    assert_eq!(notes.len(), 5);
    assert!(notes[0].contains("Kabupaten Pangandaran"), "{}", notes[0]);
}

#[test]
fn odj_jabar_digital_service_files_s9() {
    let r = check(
        "jabardigitalservice__visualisasi-opendatajabar-r/jumlah_penduduk_miskin_berdasarkan_kabupatenkota_data.csv",
    );
    assert_eq!(
        value(&r, "Kabupaten Bogor", 2002, "poor_population"),
        Some(451.3)
    );
    assert_eq!(value(&r, "Kota Banjar", 2002, "poor_population"), None);
    let r = check(
        "jabardigitalservice__visualisasi-opendatajabar-r/jumlah_pengeluaran_per_kapita__kabupatenkota_data.csv",
    );
    assert_eq!(
        value(&r, "Kabupaten Bogor", 2010, "expenditure"),
        Some(8951.96)
    );
    let r = check(
        "jabardigitalservice__visualisasi-opendatajabar-r/angka_garis_kemiskinan_per_kapita_per_bulan__kabupaten_data.csv",
    );
    assert_eq!(
        value(&r, "Kabupaten Bogor", 2018, "poverty_line"),
        Some(359787.0)
    );
    let r = check(
        "jabardigitalservice__visualisasi-opendatajabar-r/angka_garis_kemiskinan_per_kapita_per_bulan__provinsi.csv",
    );
    assert_eq!(
        value(&r, "Jawa Barat", 2020, "poverty_line"),
        Some(410988.0)
    );
    assert_eq!(r.len(), 3);
}

#[test]
fn bps_national_tables_s18() {
    for y in 2021..=2024 {
        let r = check(&format!(
            "adeariyo27__west-java-poverty-panel-analysis/data/raw/[Metode Baru] Rata-rata Lama Sekolah, {y}.csv"
        ));
        assert!(r.iter().filter(|x| x.value.is_some()).count() > 540, "{y}");
    }
    let r = check(
        "adeariyo27__west-java-poverty-panel-analysis/data/raw/[Metode Baru] Rata-rata Lama Sekolah, 2023.csv",
    );
    assert_eq!(
        value(&r, "Kabupaten Sukabumi", 2023, "mean_years_schooling"),
        Some(7.33)
    );
    assert_eq!(
        value(&r, "Jawa Barat", 2023, "mean_years_schooling"),
        Some(8.83)
    );
    assert_eq!(
        value(&r, "Kabupaten Simeulue", 2023, "mean_years_schooling"),
        Some(9.81)
    );
    assert_eq!(
        value(&r, "Indonesia", 2023, "mean_years_schooling"),
        Some(8.77)
    );
    let r = check(
        "adeariyo27__west-java-poverty-panel-analysis/data/[Metode Baru] Pengeluaran per Kapita Disesuaikan, 2020.csv",
    );
    assert_eq!(value(&r, "Aceh", 2020, "expenditure"), Some(9492.0));
}

#[test]
fn all_raw_files_together_load_without_conflict() {
    let files = raw_files();
    assert_eq!(files.len(), 16);
    let loaded = indikator::load::load_files(&files, &LoadOptions::default()).unwrap();
    assert!(loaded.records.len() > 4000);
}
