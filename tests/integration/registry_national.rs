//! The national registry in the loaders: every kab/kota of Indonesia gets its BPS code, names are
//! resolved within the province a table lists them under, and an ambiguous name is an error that
//! lists the candidates (issue 13).

use indikator::load::{LoadOptions, load_bytes};

fn codes(text: &str, name: &str) -> Vec<(String, String)> {
    load_bytes(text.as_bytes(), name, &LoadOptions::default())
        .unwrap()
        .records
        .iter()
        .map(|r| (r.region_code.clone().unwrap_or_default(), r.region.clone()))
        .collect()
}

#[test]
fn a_national_bps_table_keys_every_row_by_bps_code() {
    let t = "Provinsi/Kabupaten/Kota,Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen)\n\
             ,2024\n\
             JAWA TIMUR,9.79\nSampang,20.83\nKota Surabaya,3.96\n\
             GORONTALO,13.87\nGorontalo,15.2\nKota Gorontalo,4.8\n\
             PAPUA PEGUNUNGAN,29.6\nNduga *,29.9\n\
             KALIMANTAN SELATAN,4.1\nKota Baru,4.2\nBanjar,2.6\n\
             JAWA BARAT,7.08\nKota Banjar,5.9\n";
    let got = codes(t, "p0_2024.csv");
    let want = [
        ("35", "Jawa Timur"),
        ("3527", "Kabupaten Sampang"),
        ("3578", "Kota Surabaya"),
        ("75", "Gorontalo"),
        ("7502", "Kabupaten Gorontalo"),
        ("7571", "Kota Gorontalo"),
        ("97", "Papua Pegunungan"),
        ("9701", "Kabupaten Nduga"),
        ("63", "Kalimantan Selatan"),
        ("6302", "Kabupaten Kotabaru"),
        ("6303", "Kabupaten Banjar"),
        ("32", "Jawa Barat"),
        ("3279", "Kota Banjar"),
    ];
    let mut got = got;
    got.sort();
    let mut want: Vec<(String, String)> = want
        .iter()
        .map(|(c, n)| (c.to_string(), n.to_string()))
        .collect();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn an_ambiguous_name_lists_its_candidates() {
    let e = load_bytes(
        b"region,year,indicator,value\nGorontalo,2024,poverty_rate,15.2\n",
        "g.csv",
        &LoadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "g.csv, line 2, column \"region\": \"Gorontalo\" is ambiguous: it can be Kabupaten Gorontalo (7502, Gorontalo) or Gorontalo (75); write the full name (Kabupaten …, Kota …) or the BPS code"
    );
    // With its province named, the same row is the kabupaten.
    let c = codes(
        "region,province,year,indicator,value\nGorontalo,Gorontalo,2024,poverty_rate,15.2\n",
        "g.csv",
    );
    assert_eq!(c[0].0, "7502");
}

#[test]
fn codes_of_either_vintage_and_kemendagri_codes_are_told_apart() {
    // 9429 is Nduga's 2020 BPS code; its 2023 code is 9701.
    let c = codes(
        "region_code,region,year,indicator,value\n9429,Nduga,2024,poverty_rate,29.9\n",
        "n.csv",
    );
    assert_eq!(c, vec![("9701".to_string(), "Kabupaten Nduga".to_string())]);
    // 1109 is Simeulue's Kemendagri code but BPS 1109 is Kabupaten Pidie: keys are BPS codes.
    let reg = indikator::registry::Registry::bundled();
    assert_eq!(reg.by_code("1101").unwrap().name, "Kabupaten Simeulue");
    assert_eq!(
        reg.by_code("1101").unwrap().kemendagri_code.as_deref(),
        Some("1109")
    );
    assert_ne!(reg.by_code("1109").unwrap().name, "Kabupaten Simeulue");
}

/// The national kab/kota panel holds the published values the provenance spot-checks quote, leaves
/// out what the sources got wrong or made up, and keeps Jawa Barat's curated series.
#[test]
fn the_national_panel_holds_the_published_values_and_its_gaps() {
    let recs = &indikator::datasets::indonesia_records().unwrap().records;
    let v = |code: &str, year: i32, ind: &str| {
        let hits: Vec<Option<f64>> = recs
            .iter()
            .filter(|r| {
                r.region_code.as_deref() == Some(code) && r.year == year && r.indicator == ind
            })
            .map(|r| r.value)
            .collect();
        assert!(hits.len() <= 1, "{code} {year} {ind}: {hits:?}");
        hits.first().copied().flatten()
    };
    // P0, Sampang (news pages quoted in PROVENANCE §6).
    for (y, p0) in [(2019, 20.71), (2020, 22.78), (2023, 21.76), (2024, 20.83)] {
        assert_eq!(v("3527", y, "poverty_rate"), Some(p0), "Sampang {y}");
    }
    assert_eq!(v("3527", 2024, "poor_population"), Some(214.32));
    // TPT, Kota Surabaya 2019–2024 (§8) and 2015 (okun, as the source writes it).
    for (y, t) in [
        (2019, 5.76),
        (2020, 9.79),
        (2021, 9.68),
        (2022, 7.62),
        (2023, 6.76),
        (2024, 4.91),
    ] {
        assert_eq!(v("3578", y, "unemployment_rate"), Some(t), "Surabaya {y}");
    }
    // 2016 was interpolated by the compiler (no BPS kab/kota TPT): a gap everywhere.
    assert!(recs.iter().all(|r| !(r.region_type.is_kabkota()
        && r.indicator == "unemployment_rate"
        && r.year == 2016)));
    // Mandailing Natal 2019 carries Karo's value in the source: a gap.
    assert_eq!(v("1202", 2019, "unemployment_rate"), None);
    assert!(v("1206", 2019, "unemployment_rate").is_some());
    // Nduga under its 2023 code; Pegunungan Arfak's P0 starts in its first year of statistics.
    assert!(v("9701", 2024, "poverty_rate").is_some());
    let arfak_first = recs
        .iter()
        .filter(|r| r.region_code.as_deref() == Some("9112") && r.indicator == "poverty_rate")
        .map(|r| r.year)
        .min();
    assert_eq!(
        arfak_first,
        indikator::registry::Registry::bundled()
            .by_code("9112")
            .unwrap()
            .stats_from
    );
    // Jawa Barat: the curated series (Kota Sukabumi P0 2024 7.2), one value per cell.
    assert_eq!(v("3272", 2024, "poverty_rate"), Some(7.2));
    let panel = indikator::datasets::indonesia_panel().unwrap();
    assert_eq!(panel.report().unwrap().n_entities, 514);
}

#[test]
fn a_table_without_its_province_row_takes_the_province_option() {
    let csv =
        "Kabupaten/Kota,Garis Kemiskinan (Rupiah)\n,2023\nMalang,420000\nKota Malang,430000\n";
    let opts = LoadOptions {
        province: Some("Jawa Timur".into()),
        ..Default::default()
    };
    let l = load_bytes(csv.as_bytes(), "jatim.csv", &opts).unwrap();
    let mut got: Vec<(&str, &str)> = l
        .records
        .iter()
        .map(|r| {
            (
                r.region_code.as_deref().unwrap_or(""),
                r.province.as_deref().unwrap_or(""),
            )
        })
        .collect();
    got.sort_unstable();
    assert_eq!(got, [("3507", "Jawa Timur"), ("3573", "Jawa Timur")]);
    // The option must name a province.
    let bad = LoadOptions {
        province: Some("Kota Malang".into()),
        ..Default::default()
    };
    let e = load_bytes(csv.as_bytes(), "jatim.csv", &bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("\"Kota Malang\" is not a province"), "{e}");
}

#[test]
fn a_national_table_without_province_rows_loads_with_a_note() {
    let csv = "Kabupaten/Kota,Garis Kemiskinan (Rupiah)\n,2023\nPacitan,400000\nCilacap,410000\nBanjar,420000\nKota Banjar,430000\n";
    let l = load_bytes(csv.as_bytes(), "nasional.csv", &LoadOptions::default()).unwrap();
    let codes: Vec<&str> = l
        .records
        .iter()
        .filter_map(|r| r.region_code.as_deref())
        .collect();
    // `Banjar` is the kabupaten (Kalimantan Selatan), `Kota Banjar` the city in Jawa Barat.
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["3279", "3301", "3501", "6303"]);
    assert!(
        l.notes
            .notes
            .iter()
            .any(|n| n.contains("kab/kota of 4 provinces and no province rows")),
        "{:?}",
        l.notes.notes
    );
}

#[test]
fn a_table_mixing_two_provinces_codes_names_the_cell() {
    let csv = "id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,persentase_penduduk_miskin,satuan,tahun\n\
               1,32,JAWA BARAT,3201,KABUPATEN BOGOR,7.5,PERSEN,2023\n\
               2,32,JAWA BARAT,3301,KABUPATEN CILACAP,10.1,PERSEN,2023\n";
    let e = load_bytes(csv.as_bytes(), "campur.csv", &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("campur.csv, line 3, column \"kode_kabupaten_kota\""),
        "{e}"
    );
    assert!(
        e.contains("3301 is Kabupaten Cilacap of Jawa Tengah"),
        "{e}"
    );
    assert!(e.contains("mixes two provinces' codes"), "{e}");
}

#[test]
fn a_value_from_before_a_region_existed_is_kept_with_a_note() {
    // Kabupaten Pangandaran has statistics of its own from 2013.
    let csv = "kode_kabupaten_kota,nama_kabupaten_kota,persentase_penduduk_miskin,satuan,tahun\n\
               3218,KABUPATEN PANGANDARAN,0,PERSEN,2011\n\
               3218,KABUPATEN PANGANDARAN,10.5,PERSEN,2012\n\
               3218,KABUPATEN PANGANDARAN,9.8,PERSEN,2013\n";
    let l = load_bytes(csv.as_bytes(), "p.csv", &LoadOptions::default()).unwrap();
    let v: Vec<Option<f64>> = l.records.iter().map(|r| r.value).collect();
    assert_eq!(v, [None, Some(10.5), Some(9.8)]);
    let notes = l.notes.notes.join("\n");
    assert!(
        notes.contains("separate statistics only from 2013"),
        "{notes}"
    );
    assert!(
        notes.contains("Kabupaten Pangandaran 2012 = 10.5 is from before Kabupaten Pangandaran had statistics of its own (2013)"),
        "{notes}"
    );
}

#[test]
fn where_a_region_stands_in_its_province_and_in_indonesia() {
    use indikator::plan::{Measure, standing};
    let reg = indikator::registry::Registry::bundled();
    let panel = indikator::datasets::indonesia_panel().unwrap();
    // Kabupaten Sampang has the highest P0 of Jawa Timur's 38 kab/kota.
    let s = standing(reg.lookup("Kabupaten Sampang").unwrap(), &panel).unwrap();
    let p0 = &s.rows[0];
    assert_eq!(
        (p0.indicator.as_str(), p0.measure, p0.year),
        ("poverty_rate", Measure::Level, 2025)
    );
    assert_eq!(
        (p0.rank_province, p0.of_province, p0.of_nation),
        (1, 38, 514)
    );
    // The value is the published one, and the ranks count the kab/kota above it.
    let recs = &indikator::datasets::indonesia_records().unwrap().records;
    let kabkota_p0_2025: Vec<(String, f64)> = recs
        .iter()
        .filter(|r| r.year == 2025 && r.indicator == "poverty_rate" && r.region_type.is_kabkota())
        .filter(|r| r.semester.as_deref().is_none_or(|s| s == "March"))
        .filter_map(|r| Some((r.region_code.clone()?, r.value?)))
        .collect();
    assert_eq!(kabkota_p0_2025.len(), 514);
    let mine = kabkota_p0_2025.iter().find(|(c, _)| c == "3527").unwrap().1;
    assert_eq!(p0.value, mine);
    let above = kabkota_p0_2025.iter().filter(|(_, v)| *v > mine).count();
    assert_eq!(p0.rank_nation, above + 1);
    // The quadrant: Jawa Barat's 27 kab/kota in the latest year with TPT for most of Indonesia
    // (2024: the other provinces' 2025 TPT is not out), the province mean of exactly those points.
    let s = standing(reg.lookup("Kota Sukabumi").unwrap(), &panel).unwrap();
    assert_eq!((s.quadrant.len(), s.quadrant_year), (27, 2024));
    let mean_p0 = s.quadrant.iter().map(|q| q.p0).sum::<f64>() / 27.0;
    assert!((s.province_means.1 - mean_p0).abs() < 1e-12);
    assert_ne!(s.province_means, s.nation_means);
    let f = s.frame().unwrap();
    assert_eq!(f.height(), 4);
    assert_eq!(
        f.get_column_names()
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
        [
            "indicator",
            "measure",
            "from",
            "year",
            "value",
            "rank_province",
            "of_province",
            "rank_nation",
            "of_nation",
            "province_mean",
            "nation_mean"
        ]
    );
}
