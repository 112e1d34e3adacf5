//! Any bytes as a .xlsx file: the loader returns records or an error, never panics or aborts, and
//! accounts for every row it read.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(l) = indikator::load::load_bytes(data, "fuzz.xlsx", &Default::default()) {
        assert!(l.notes.balanced(), "{:?}", l.notes.accounts);
        let _ = l.frame();
    }
});
