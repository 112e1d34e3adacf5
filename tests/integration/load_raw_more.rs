//! Every file of tests/data/raw-more (byte copies of shared/data/raw-more, see PROVENANCE.md
//! there): the `loaders/` files load to the curated values, the `national-bps/` files to the values
//! their PROVENANCE.md quotes, and the one stub is refused with a message that says what it is.

use std::path::{Path, PathBuf};

use crate::common::{check_curated, files_under};
use indikator::load::{LoadOptions, Loaded, Record, load_path};

fn more(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/raw-more")
        .join(rel)
}

const NBPS: &str =
    "national-bps/febroherdyanto__analisis_index_kemiskinan_indonesia_pyspark/Dataset/Split/";
const GK: &str =
    "national-bps/FerliyanaRonnan__Prediksi-Garis-Kemiskinan-Indonesia-with-Machine-Learning/";

fn load(rel: &str) -> Loaded {
    let loaded = load_path(more(rel), &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded.notes.balanced(),
        "{rel}: {:?}",
        loaded.notes.accounts
    );
    loaded
}

/// The one value of (region as named in the registry, year, indicator), with its semester.
fn value(recs: &[Record], region: &str, year: i32, indicator: &str) -> Option<f64> {
    let found: Vec<&Record> = recs
        .iter()
        .filter(|r| r.region == region && r.year == year && r.indicator == indicator)
        .collect();
    assert_eq!(found.len(), 1, "{region} {year} {indicator}: {found:?}");
    found[0].value
}

fn has(recs: &[Record], region: &str, year: i32, indicator: &str) -> bool {
    recs.iter()
        .any(|r| r.region == region && r.year == year && r.indicator == indicator)
}

#[test]
fn every_loaders_file_loads_to_the_curated_values() {
    let files = files_under("tests/data/raw-more/loaders");
    assert_eq!(files.len(), 30, "{files:?}");
    for f in files {
        check_curated(&f);
    }
}

#[test]
fn province_tables_take_the_year_from_the_file_name_and_say_so() {
    let rel = "loaders/akbaralqahri__Kemiskinan-Indonesia/data/raw/poverty/Jumlah dan Persentase Penduduk Miskin Menurut Provinsi, 2025.csv";
    let l = load(rel);
    assert!(
        l.notes
            .notes
            .iter()
            .any(|n| n
                .contains("the table does not name its year; 2025 is taken from the file name")),
        "{:?}",
        l.notes.notes
    );
    let aceh_sep = l.records.iter().find(|r| {
        r.region == "Aceh"
            && r.indicator == "poverty_rate"
            && r.semester.as_deref() == Some("September")
    });
    assert_eq!(aceh_sep.and_then(|r| r.value), Some(12.22));
    // The 2018 table's Indonesia row is shifted by a column: its March P0 repeats the September
    // poor population; that one value is a gap, said so, and the rest of the file loads.
    let rel = "loaders/akbaralqahri__Kemiskinan-Indonesia/data/raw/poverty/Jumlah dan Persentase Penduduk Miskin Menurut Provinsi, 2018.csv";
    let l = load(rel);
    assert!(
        l.notes
            .notes
            .iter()
            .any(|n| n.contains("25674.58 is impossible and repeats the cell beside it")),
        "{:?}",
        l.notes.notes
    );
    let ind = |sem: &str| {
        l.records
            .iter()
            .find(|r| {
                r.region == "Indonesia"
                    && r.indicator == "poverty_rate"
                    && r.semester.as_deref() == Some(sem)
            })
            .map(|r| r.value)
    };
    assert_eq!(ind("March"), Some(None));
    assert_eq!(ind("September"), Some(Some(9.66)));
}

/// (region, year, expected value).
type Check = (&'static str, i32, Option<f64>);

#[test]
fn national_poverty_line_tables_38_provinces_and_514_kabkota() {
    let cases: [(&str, &[Check]); 5] = [
        (
            "Garis Kemiskinan Menurut Kabupaten_Kota, 2011.csv",
            &[
                ("Kabupaten Pacitan", 2011, Some(193180.0)),
                ("Kota Surabaya", 2011, Some(310074.0)),
                ("Kabupaten Pangandaran", 2011, None),
                ("Jawa Timur", 2011, Some(227602.0)),
            ],
        ),
        (
            "Garis Kemiskinan Menurut Kabupaten_Kota, 2015.csv",
            &[
                ("Kota Makassar", 2015, Some(321094.0)),
                ("Sumatera Utara", 2015, Some(347953.0)),
                ("Kabupaten Muna Barat", 2015, None),
            ],
        ),
        (
            // A browser's copy suffix (` 2`) in the name; the year comes from the table.
            "Garis Kemiskinan Menurut Kabupaten_Kota, 2019 2.csv",
            &[
                ("Kota Medan", 2019, Some(532055.0)),
                ("Kabupaten Kepulauan Seribu", 2019, Some(629315.0)),
                ("Kabupaten Jayawijaya", 2019, Some(420471.0)),
                ("Papua Pegunungan", 2019, None),
            ],
        ),
        (
            "Garis Kemiskinan Menurut Kabupaten_Kota, 2023 3.csv",
            &[
                ("Kota Jakarta Utara", 2023, Some(684557.0)),
                ("Kabupaten Cilacap", 2023, Some(419429.0)),
                ("Kabupaten Nduga", 2023, Some(475682.0)),
            ],
        ),
        (
            "Garis Kemiskinan Menurut Kabupaten_Kota, 2025.csv",
            &[
                ("Kabupaten Pacitan", 2025, Some(386174.0)),
                ("Kota Surabaya", 2025, Some(775597.0)),
                ("Papua Pegunungan", 2025, Some(1132178.0)),
            ],
        ),
    ];
    for (file, checks) in cases {
        let l = load(&format!("{GK}{file}"));
        assert_eq!(l.records.len(), 552, "{file}");
        assert!(l.records.iter().all(|r| r.region_code.is_some()), "{file}");
        for &(region, year, want) in checks {
            assert_eq!(
                value(&l.records, region, year, "poverty_line"),
                want,
                "{file} {region}"
            );
        }
    }
}

#[test]
fn old_bps_site_html_downloads_two_indicators_side_by_side() {
    let l = load(&format!("{NBPS}Index Kemiskinan Jateng.xls"));
    // 1 province row + 35 kab/kota, P1 and P2 for 2012-2023.
    assert_eq!(l.records.len(), 36 * 24);
    let r = &l.records;
    assert_eq!(
        value(r, "Kabupaten Cilacap", 2023, "poverty_depth_p1"),
        Some(1.54)
    );
    assert_eq!(
        value(r, "Kabupaten Cilacap", 2012, "poverty_severity_p2"),
        Some(0.50)
    );
    assert_eq!(
        value(r, "Kota Semarang", 2012, "poverty_depth_p1"),
        Some(0.80)
    );
    assert_eq!(
        value(r, "Jawa Tengah", 2023, "poverty_depth_p1"),
        Some(1.75)
    );

    // DKI Jakarta: names without "Kota"/"Adm.", the province row last, not upper case.
    let l = load(&format!("{NBPS}Index Kemiskinan Jakarta.xls"));
    let r = &l.records;
    assert_eq!(
        value(r, "Kabupaten Kepulauan Seribu", 2023, "poverty_depth_p1"),
        Some(1.52)
    );
    assert_eq!(
        value(r, "Kabupaten Kepulauan Seribu", 2013, "poverty_severity_p2"),
        Some(0.02)
    );
    assert_eq!(
        value(r, "Kota Jakarta Utara", 2023, "poverty_depth_p1"),
        Some(1.30)
    );
    assert_eq!(
        value(r, "DKI Jakarta", 2012, "poverty_severity_p2"),
        Some(0.15)
    );

    // DI Yogyakarta: `Yogyakarta` under the province is the kota; `Kulonprogo` is Kulon Progo.
    let l = load(&format!("{NBPS}Index Kemiskinan Yogyakarta.xls"));
    let r = &l.records;
    assert_eq!(l.records.len(), 6 * 22);
    assert_eq!(
        value(r, "Kabupaten Gunungkidul", 2022, "poverty_depth_p1"),
        Some(2.63)
    );
    assert_eq!(
        value(r, "Kabupaten Kulon Progo", 2016, "poverty_depth_p1"),
        Some(3.55)
    );
    assert_eq!(
        value(r, "Kota Yogyakarta", 2012, "poverty_severity_p2"),
        Some(0.37)
    );
}

#[test]
fn old_bps_site_national_tables_in_the_34_province_vintage() {
    let l = load(&format!(
        "{NBPS}Index Kedalaman Kemiskinan Nasional 2015-2020.xls"
    ));
    let r = &l.records;
    assert_eq!(r.len(), 548 * 6);
    assert_eq!(
        value(r, "Kabupaten Pacitan", 2015, "poverty_depth_p1"),
        Some(2.92)
    );
    assert_eq!(
        value(r, "Kabupaten Muna Barat", 2015, "poverty_depth_p1"),
        None
    );
    assert_eq!(
        value(r, "Kabupaten Muna Barat", 2020, "poverty_depth_p1"),
        Some(1.98)
    );
    // `Nduga *` (a footnote mark) under PAPUA (2020 vintage): the region now in Papua Pegunungan.
    assert_eq!(
        value(r, "Kabupaten Nduga", 2020, "poverty_depth_p1"),
        Some(7.57)
    );
    assert_eq!(
        value(r, "Kota Makassar", 2018, "poverty_depth_p1"),
        Some(1.11)
    );

    let l = load(&format!(
        "{NBPS}Indeks Keparahan Kemiskinan Nasional 2020 - 2023.xls"
    ));
    let r = &l.records;
    assert_eq!(
        value(r, "Kota Surabaya", 2023, "poverty_severity_p2"),
        Some(0.16)
    );
    assert_eq!(value(r, "Papua", 2021, "poverty_severity_p2"), Some(1.69));
    assert_eq!(
        value(r, "Kota Makassar", 2022, "poverty_severity_p2"),
        Some(0.19)
    );
    assert_eq!(
        value(r, "Kabupaten Pacitan", 2020, "poverty_severity_p2"),
        Some(0.71)
    );
    // P2 is published with two decimals: 0.00 is a value (Kota Sawahlunto 2020), not a gap.
    assert_eq!(
        value(r, "Kota Sawahlunto", 2020, "poverty_severity_p2"),
        Some(0.0)
    );
}

#[test]
fn bps_long_export_with_blanks_before_its_byte_order_mark() {
    let l = load(&format!("{NBPS}Index Kedalaman 2022-2023.csv"));
    let r = &l.records;
    assert_eq!(r.len(), 548 * 2);
    assert_eq!(
        value(r, "Kabupaten Pacitan", 2023, "poverty_depth_p1"),
        Some(1.73)
    );
    assert_eq!(
        value(r, "Kabupaten Pacitan", 2022, "poverty_depth_p1"),
        Some(1.35)
    );
    assert_eq!(
        value(r, "Kota Makassar", 2023, "poverty_depth_p1"),
        Some(0.62)
    );
    assert_eq!(value(r, "Kota Medan", 2022, "poverty_depth_p1"), Some(1.13));
    assert_eq!(
        value(r, "Kabupaten Nduga", 2022, "poverty_depth_p1"),
        Some(8.31)
    );
    // Cross-file: the same number as the DKI Jakarta download's `Kep Seribu` 2023.
    assert_eq!(
        value(r, "Kabupaten Kepulauan Seribu", 2023, "poverty_depth_p1"),
        Some(1.52)
    );
}

#[test]
fn jawa_timur_tpt_workbook_reads_what_is_in_the_file() {
    let l = load(
        "national-bps/rachelscssrhnd__dashboard-ketenagakerjaan-jatim-offstat5/TPT_2001-2025.xlsx",
    );
    let r = &l.records;
    let tpt = "unemployment_rate";
    assert_eq!(value(r, "Kabupaten Pacitan", 2024, tpt), Some(1.56));
    assert_eq!(value(r, "Kabupaten Pacitan", 2025, tpt), Some(1.4));
    assert_eq!(value(r, "Kota Surabaya", 2022, tpt), Some(7.62));
    assert_eq!(value(r, "Kota Surabaya", 2025, tpt), Some(4.84));
    assert_eq!(value(r, "Kabupaten Tulungagung", 2024, tpt), Some(4.12));
    // BPS published no kab/kota TPT for 2016: a gap, not a zero; Kota Batu 2001 likewise.
    assert_eq!(value(r, "Kabupaten Pacitan", 2016, tpt), None);
    assert_eq!(value(r, "Kota Batu", 2001, tpt), None);
    assert!(has(r, "Jawa Timur", 2016, tpt));
}

#[test]
fn the_excel_web_page_stub_is_refused_with_what_it_is() {
    let e = load_path(
        more(&format!("{NBPS}Index Kemiskinan Jatim.xls")),
        &LoadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("Index Kemiskinan Jatim.xls"), "{e}");
    assert!(e.contains("holds no table"), "{e}");
    assert!(e.contains("bps-file_files/sheet001.htm"), "{e}");
}

/// A BPS WebAPI `list/model/data` response. No saved kab/kota response could be obtained
/// (national-bps/PROVENANCE.md §4), so this one is written to the API's documented layout, with
/// Jawa Barat's published P0 (the curated values) and an envelope as a capture tool saves it.
const WEBAPI: &str = r#"{"captured_at": "2025-01-01T00:00:00Z", "payload": {
  "status": "OK", "data-availability": "available",
  "var": [{"val": 621, "label": "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen)", "unit": "Persen"}],
  "turvar": [{"val": 0, "label": "Tidak ada"}],
  "labelvervar": "Kabupaten/Kota",
  "vervar": [{"val": 3201, "label": "Bogor"}, {"val": 3272, "label": "Kota Sukabumi"}, {"val": 3218, "label": "Pangandaran"}],
  "tahun": [{"val": 123, "label": "2023"}, {"val": 124, "label": "2024"}],
  "turtahun": [{"val": 0, "label": "Tahun"}],
  "datacontent": {"320162101230": 7.27, "320162101240": 7.05, "327262101230": 7.5, "327262101240": "7.20"}
}}"#;

#[test]
fn bps_webapi_response_as_saved() {
    let l =
        indikator::load::load_bytes(WEBAPI.as_bytes(), "p0.json", &LoadOptions::default()).unwrap();
    let r = &l.records;
    assert_eq!(r.len(), 6);
    assert_eq!(
        value(r, "Kabupaten Bogor", 2023, "poverty_rate"),
        Some(7.27)
    );
    assert_eq!(value(r, "Kota Sukabumi", 2024, "poverty_rate"), Some(7.2));
    // Listed without a value: a gap, not a lost row.
    assert_eq!(
        value(r, "Kabupaten Pangandaran", 2024, "poverty_rate"),
        None
    );
    assert!(l.notes.balanced(), "{:?}", l.notes.accounts);
    // A value whose key no combination makes would be lost: an error naming it.
    let stray = WEBAPI.replace(
        r#""327262101240": "7.20""#,
        r#""327262101240": "7.20", "999962101240": 1.0"#,
    );
    let e = indikator::load::load_bytes(stray.as_bytes(), "p0.json", &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("datacontent \"999962101240\""), "{e}");
    assert!(e.contains("matches none of them"), "{e}");
}
