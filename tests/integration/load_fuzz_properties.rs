//! The fuzz targets of `fuzz/` as bounded property tests, so CI runs them on every change: real
//! files mutated byte by byte, and arbitrary text, through each loader format, the formula and
//! scenario parsers and the kernel's message decoding. None may panic; a load that succeeds must
//! account for every row (see `indikator::load::account`).

use std::path::Path;

use indikator::load::{LoadOptions, load_bytes};
use proptest::prelude::*;

/// Real inputs: the bad-input corpus files and two published files.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/corpus/files")).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&p).unwrap();
        if bytes.len() < 64 * 1024 {
            out.push((name, bytes));
        }
    }
    for rel in [
        "tests/data/raw/zirachw__IF4061-SundaLife__transcribed/data/raw/Tingkat Pengangguran Terbuka Kabupaten_Kota, 2025.csv",
        "tests/data/raw/adeariyo27__west-java-poverty-panel-analysis/data/raw/Persentase Penduduk Miskin Menurut KabupatenKota (Persen) Jawa Barat.xlsx",
    ] {
        let p = root.join(rel);
        out.push((
            p.file_name().unwrap().to_string_lossy().into_owned(),
            std::fs::read(&p).unwrap(),
        ));
    }
    out.sort();
    out
}

/// Apply byte edits: (position, op, byte) with op 0 = overwrite, 1 = insert, 2 = delete.
fn mutate(mut b: Vec<u8>, edits: &[(usize, u8, u8)]) -> Vec<u8> {
    for &(pos, op, byte) in edits {
        if b.is_empty() {
            b.push(byte);
            continue;
        }
        let i = pos % b.len();
        match op % 3 {
            0 => b[i] = byte,
            1 => b.insert(i, byte),
            _ => {
                b.remove(i);
            }
        }
    }
    b
}

fn check_load(bytes: &[u8], name: &str) {
    if let Ok(l) = load_bytes(bytes, name, &LoadOptions::default()) {
        assert!(l.notes.balanced(), "{name}: {:?}", l.notes.accounts);
        let out: usize = l.notes.accounts.iter().map(|a| a.values_out).sum();
        assert_eq!(out, l.records.len(), "{name}");
        l.frame().unwrap();
    }
}

/// Bytes a BPS or ODJ CSV is made of, in the proportions that reach deep into the loaders.
fn csvish() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "([A-Za-z ]{0,12}|[0-9]{1,4}([.,][0-9]{1,3})?|2[0-9]{3}|-|…|\"|Kota Sukabumi|Bogor|tahun|kode_kabupaten_kota|region|year|indicator|value)([;,\t\n]|\r\n)",
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202), failure_persistence: None, ..ProptestConfig::default() })]

    /// Real files, mutated, through every loader (the file name picks CSV, JSON, XLSX, Parquet).
    #[test]
    fn mutated_real_files_load_or_fail_cleanly(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..12),
    ) {
        let seeds = seeds();
        let (name, bytes) = &seeds[which.index(seeds.len())];
        check_load(&mutate(bytes.clone(), &edits), name);
    }

    /// Text assembled from the pieces of published tables.
    #[test]
    fn table_like_text_loads_or_fails_cleanly(parts in prop::collection::vec(csvish(), 0..80)) {
        let text: String = parts.concat();
        check_load(text.as_bytes(), "fuzz.csv");
        check_load(text.as_bytes(), "fuzz.json");
    }

    /// Arbitrary bytes under every format's name.
    #[test]
    fn arbitrary_bytes_load_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        for name in ["f.csv", "f.json", "f.xlsx", "f.parquet", "f.txt"] {
            check_load(&bytes, name);
        }
    }

    /// Formulas from the formula alphabet, nested or not: parsed or a located error.
    #[test]
    fn formulas_parse_or_fail_cleanly(s in "[a-z_ ~+|*:()^0-9,.-]{0,120}") {
        if let Err(e) = indikator::formula::Formula::parse(&s) {
            prop_assert!(e.to_string().len() < 2_000);
        }
    }

    /// Scenario files (CSV and TOML): scenarios, or an error naming the file.
    #[test]
    fn scenario_files_read_or_fail_cleanly(parts in prop::collection::vec(csvish(), 0..40)) {
        let text = format!("scenario,region,variable,year,value\n{}", parts.concat());
        if let Err(e) = indikator::projection::from_csv(&text, "s.csv") {
            prop_assert!(e.to_string().contains("s.csv"), "{}", e);
        }
        let _ = indikator::projection::from_toml(&parts.concat(), "s.toml");
    }

    /// Neighbour lists and weight specifications: weights (with a summary), or an error naming
    /// the file or the option.
    #[test]
    fn neighbour_lists_and_weight_specs_read_or_fail_cleanly(
        pairs in prop::collection::vec(("[0-9]{0,5}", "[0-9a-z ]{0,5}"), 0..30),
        spec in "(queen|rook|knn|band|x)?(:[0-9.a-z-]{0,6})?",
    ) {
        let body: String = pairs.iter().map(|(a, b)| format!("{a},{b}\n")).collect();
        match indikator::spatial::Weights::from_pairs_csv(&format!("region_code,neighbor_code\n{body}"), "w.csv") {
            Ok(w) => {
                let s = w.summary();
                prop_assert_eq!(s.regions, w.len());
                prop_assert!(s.symmetric);
            }
            Err(e) => prop_assert!(e.to_string().contains("w.csv"), "{}", e),
        }
        if let Err(e) = spec.parse::<indikator::spatial::WeightsSpec>() {
            prop_assert!(e.to_string().contains("invalid weights"), "{}", e);
        }
    }
}

#[cfg(feature = "kernel")]
proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202), failure_persistence: None, ..ProptestConfig::default() })]

    /// Multipart messages as the kernel receives them: decoded or dropped with a reason.
    #[test]
    fn kernel_messages_decode_or_drop(
        frames in prop::collection::vec(prop_oneof![
            Just(b"<IDS|MSG>".to_vec()),
            Just(b"{}".to_vec()),
            Just(br#"{"msg_type":"execute_request","msg_id":"1"}"#.to_vec()),
            prop::collection::vec(any::<u8>(), 0..40),
        ], 0..10),
    ) {
        let refs: Vec<&[u8]> = frames.iter().map(Vec::as_slice).collect();
        let _ = indikator::kernel::decode_frames("", &refs);
        prop_assert!(indikator::kernel::decode_frames("key", &refs).is_err() || refs.len() >= 6);
    }

    /// The frame guard on arbitrary streams in arbitrary splits: never a panic, and the same
    /// verdict however the stream is cut.
    #[test]
    fn frame_guard_verdict_does_not_depend_on_splits(
        body in prop::collection::vec(any::<u8>(), 0..400),
        cut in 1usize..50,
    ) {
        use indikator::kernel::guard::FrameGuard;
        let mut stream = vec![0xFFu8];
        stream.extend([0u8; 8]);
        stream.extend([0x7F, 3, 0]);
        stream.extend([0u8; 52]);
        stream.extend(body);
        let whole = FrameGuard::new(64).feed(&stream).is_ok();
        let mut g = FrameGuard::new(64);
        let pieces = stream.chunks(cut).try_for_each(|c| g.feed(c)).is_ok();
        prop_assert_eq!(whole, pieces);
    }
}
