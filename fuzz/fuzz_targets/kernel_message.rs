//! Any multipart message (frames separated by 0xFF, which UTF-8 JSON never holds) as the kernel
//! receives it, signed or not: decoded or dropped with a reason, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let frames: Vec<&[u8]> = data.split(|b| *b == 0xFF).collect();
    let _ = indikator::kernel::decode_frames("", &frames);
    let _ = indikator::kernel::decode_frames("key", &frames);
});
