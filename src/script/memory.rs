//! The cell's memory guard. Rhai's own size limits check a whole array or map after every
//! operation (an O(n) walk: `a.push(i)` 300,000 times took 24.6 s, and a large variable left by a
//! failed cell made every later statement pay for the walk), so they are off; instead a cell that
//! grows the process's memory by more than its budget is stopped with a clear error, and what it
//! created is dropped (see `Session::eval`), so a refused allocation leaves nothing behind.
//!
//! The growth is read from [`CountingAlloc`] when the binary installs it as its global allocator
//! (the `indikator` binary and the tests do: one relaxed atomic load per operation, since
//! `a += a` doubles an array in a handful of operations), else from the resident size every
//! [`CHECK_EVERY`] operations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Blocks at least this large are counted (small ones would only add contention).
const COUNTED: usize = 4096;

static ALLOCATED: AtomicU64 = AtomicU64::new(0);
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// Note that the counting allocator is in use (one write, then reads only: no shared cache line
/// written on every allocation).
fn mark_installed() {
    if !INSTALLED.load(Ordering::Relaxed) {
        INSTALLED.store(true, Ordering::Relaxed);
    }
}

/// The system allocator, counting the bytes held in blocks of 4 KiB or more. Install it in a
/// binary with `#[global_allocator] static A: indikator::script::CountingAlloc =
/// indikator::script::CountingAlloc;` to give the memory guard an exact, cheap reading.
#[derive(Debug, Default, Clone, Copy)]
pub struct CountingAlloc;

// SAFETY: every call is forwarded to `System` with the same arguments; the counter is only
// arithmetic beside it.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if layout.size() >= COUNTED && !p.is_null() {
            ALLOCATED.fetch_add(layout.size() as u64, Ordering::Relaxed);
            mark_installed();
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if layout.size() >= COUNTED && !p.is_null() {
            ALLOCATED.fetch_add(layout.size() as u64, Ordering::Relaxed);
            mark_installed();
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if layout.size() >= COUNTED {
            ALLOCATED.fetch_sub(layout.size() as u64, Ordering::Relaxed);
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if layout.size() >= COUNTED {
                ALLOCATED.fetch_sub(layout.size() as u64, Ordering::Relaxed);
            }
            if new_size >= COUNTED {
                ALLOCATED.fetch_add(new_size as u64, Ordering::Relaxed);
                mark_installed();
            }
        }
        p
    }
}

/// Bytes held in large blocks, counted by [`CountingAlloc`] (0 when it is not installed).
fn counted() -> u64 {
    ALLOCATED.load(Ordering::Relaxed)
}

/// Operations between two reads of the resident memory (a read costs a few microseconds).
pub const CHECK_EVERY: u64 = 1 << 16;

/// The token a cell stopped by the guard ends with.
pub const TOKEN: &str = "memory";

/// The process's resident memory in bytes (Linux `/proc/self/statm`; 0 elsewhere).
pub fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// Memory available to the process now (`MemAvailable`; 8 GiB where it cannot be read).
pub fn available_bytes() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemAvailable:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .unwrap_or(8 * 1024 * 1024)
        * 1024
}

/// How much a cell may grow the process: `INDIKATOR_MAX_CELL_MB`, else a quarter of the memory
/// available when the cell starts (at least 512 MiB): the guard reads the growth between
/// operations, and one operation (`a += a`) may double what the cell holds.
pub fn cell_budget() -> u64 {
    const MIB: u64 = 1024 * 1024;
    if let Some(mb) = std::env::var("INDIKATOR_MAX_CELL_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return mb.saturating_mul(MIB);
    }
    (available_bytes() / 4).max(512 * MIB)
}

/// The resident size above which the running cell is stopped (0: no cell running).
#[derive(Debug, Default)]
pub struct Guard {
    /// Resident size above which the cell stops.
    limit: AtomicU64,
    /// Counted large blocks above which the cell stops.
    counted_limit: AtomicU64,
    budget: AtomicU64,
    /// A budget set for this session (MiB; 0: the default of [`cell_budget`]).
    fixed_mib: AtomicU64,
}

impl Guard {
    /// Arm the guard for a cell starting now.
    pub fn arm(&self) {
        let budget = match self.fixed_mib.load(Ordering::Relaxed) {
            0 => cell_budget(),
            mib => mib.saturating_mul(1024 * 1024),
        };
        self.budget.store(budget, Ordering::Relaxed);
        self.limit
            .store(resident_bytes().saturating_add(budget), Ordering::Relaxed);
        self.counted_limit
            .store(counted().saturating_add(budget), Ordering::Relaxed);
    }

    /// Whether the cell has grown past its budget: its large blocks at every operation (with
    /// [`CountingAlloc`]), its resident size every [`CHECK_EVERY`] operations.
    pub fn over(&self, operations: u64) -> bool {
        // Large blocks (an array doubling) at every operation, when they are counted…
        if INSTALLED.load(Ordering::Relaxed)
            && counted() > self.counted_limit.load(Ordering::Relaxed)
        {
            return true;
        }
        // …and everything (a map of small nodes) from the resident size now and then.
        if !operations.is_multiple_of(CHECK_EVERY) {
            return false;
        }
        let limit = self.limit.load(Ordering::Relaxed);
        limit > 0 && resident_bytes() > limit
    }

    /// Refuse, before it allocates, one operation that asks for `count` items of `size` bytes
    /// beyond the cell's budget (`pad` with three billion elements).
    pub fn check_request(&self, count: i64, size: u64, what: &str) -> Result<(), String> {
        let budget = self.budget.load(Ordering::Relaxed);
        let asked = u64::try_from(count).unwrap_or(0).saturating_mul(size);
        if budget > 0 && asked > budget {
            return Err(format!(
                "{what} of {count} items asks for {} MiB, more than the cell's {} MiB (INDIKATOR_MAX_CELL_MB sets the limit)",
                asked / (1024 * 1024),
                budget / (1024 * 1024)
            ));
        }
        Ok(())
    }

    /// Set this session's budget (`None`: the default).
    pub fn set_budget_mib(&self, mib: Option<u64>) {
        self.fixed_mib.store(mib.unwrap_or(0), Ordering::Relaxed);
    }

    /// The budget of the running cell, in MiB.
    pub fn budget_mib(&self) -> u64 {
        self.budget.load(Ordering::Relaxed) / (1024 * 1024)
    }
}

impl Guard {
    /// Whether the cell has grown past its budget, read now (both the counted blocks and the
    /// resident size): for work outside Rhai's operations, such as a SQL query.
    pub fn over_now(&self) -> bool {
        let limit = self.limit.load(Ordering::Relaxed);
        (INSTALLED.load(Ordering::Relaxed)
            && counted() > self.counted_limit.load(Ordering::Relaxed))
            || (limit > 0 && resident_bytes() > limit)
    }

    /// The budget of the running cell, in bytes.
    pub fn budget_bytes(&self) -> u64 {
        self.budget.load(Ordering::Relaxed)
    }
}

thread_local! {
    static CURRENT: std::cell::RefCell<Option<std::sync::Arc<Guard>>> =
        const { std::cell::RefCell::new(None) };
}

/// Run `f` with `guard` as the running cell's guard on this thread (see [`current`]).
pub(crate) fn watch<T>(guard: &std::sync::Arc<Guard>, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<std::sync::Arc<Guard>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let prev = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = prev);
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.replace(Some(guard.clone()))));
    f()
}

/// The guard of the cell running on this thread, if any.
pub(crate) fn current() -> Option<std::sync::Arc<Guard>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Register the bulk-allocating built-ins (`pad` of arrays, strings and BLOBs, `blob(n)`) with a
/// check of the requested size first: Rhai's own limits are off (see the module).
pub(crate) fn register(engine: &mut rhai::Engine, guard: std::sync::Arc<Guard>) {
    use rhai::{Array, Blob, Dynamic, EvalAltResult, ImmutableString};
    type R<T> = Result<T, Box<EvalAltResult>>;
    let g = guard.clone();
    engine.register_fn(
        "pad",
        move |a: &mut Array, len: i64, item: Dynamic| -> R<()> {
            g.check_request(len, std::mem::size_of::<Dynamic>() as u64, "pad")?;
            if let Ok(n) = usize::try_from(len)
                && n > a.len()
            {
                a.resize(n, item);
            }
            Ok(())
        },
    );
    let g = guard.clone();
    engine.register_fn("pad", move |b: &mut Blob, len: i64, value: i64| -> R<()> {
        g.check_request(len, 1, "pad")?;
        if let Ok(n) = usize::try_from(len)
            && n > b.len()
        {
            b.resize(n, value as u8);
        }
        Ok(())
    });
    let g = guard.clone();
    engine.register_fn(
        "pad",
        move |s: &mut ImmutableString, len: i64, c: char| -> R<()> {
            g.check_request(len, c.len_utf8() as u64, "pad")?;
            let have = s.chars().count();
            if let Ok(n) = usize::try_from(len)
                && n > have
            {
                let mut t = s.to_string();
                t.extend(std::iter::repeat_n(c, n - have));
                *s = t.into();
            }
            Ok(())
        },
    );
    let g = guard.clone();
    engine.register_fn(
        "pad",
        move |s: &mut ImmutableString, len: i64, padding: &str| -> R<()> {
            g.check_request(len, 4, "pad")?;
            let have = s.chars().count();
            if let Ok(n) = usize::try_from(len)
                && n > have
                && !padding.is_empty()
            {
                let mut t = s.to_string();
                t.extend(padding.chars().cycle().take(n - have));
                *s = t.into();
            }
            Ok(())
        },
    );
    let g = guard.clone();
    engine.register_fn("blob", move |len: i64| -> R<Blob> {
        g.check_request(len, 1, "blob")?;
        Ok(vec![0; usize::try_from(len).unwrap_or(0)])
    });
    engine.register_fn("blob", move |len: i64, value: i64| -> R<Blob> {
        guard.check_request(len, 1, "blob")?;
        Ok(vec![value as u8; usize::try_from(len).unwrap_or(0)])
    });
}
