//! Any text as a scenario file (CSV and TOML): scenarios or an error naming the file.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Err(e) = indikator::projection::from_csv(s, "fuzz.csv") {
            assert!(e.to_string().contains("fuzz.csv"), "{e}");
        }
        let _ = indikator::projection::from_toml(s, "fuzz.toml");
    }
});
