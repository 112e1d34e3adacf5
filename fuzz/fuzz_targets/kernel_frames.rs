//! Any byte stream a peer sends a kernel port, in any split: the frame guard's verdict is the
//! same whole or in pieces, and it never panics.
#![no_main]
use indikator::kernel::guard::FrameGuard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&cut, stream)) = data.split_first() else {
        return;
    };
    let whole = FrameGuard::new(1 << 20).feed(stream).is_ok();
    let mut g = FrameGuard::new(1 << 20);
    let pieces = stream
        .chunks(usize::from(cut).max(1))
        .try_for_each(|c| g.feed(c))
        .is_ok();
    assert_eq!(whole, pieces);
});
