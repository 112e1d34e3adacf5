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
