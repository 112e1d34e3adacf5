//! Phase timings on stderr when `INDIKATOR_TRACE` is set: where the time of a command goes
//! (`fit: design: 12.3 ms`, `command: read: 40.1 ms`). Off by default; one environment lookup
//! per process.

static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// A stopwatch that prints each phase's time, prefixed by what it times.
pub struct Trace {
    on: bool,
    what: &'static str,
    t: std::time::Instant,
}

impl Trace {
    /// Start timing `what` (the prefix of every line).
    pub fn new(what: &'static str) -> Trace {
        Trace {
            on: *ON.get_or_init(|| std::env::var_os("INDIKATOR_TRACE").is_some()),
            what,
            t: std::time::Instant::now(),
        }
    }

    /// The time since the last phase (or the start), printed as phase `name`.
    pub fn phase(&mut self, name: &str) {
        if self.on {
            eprintln!(
                "{}: {name}: {:.1} ms",
                self.what,
                self.t.elapsed().as_secs_f64() * 1e3
            );
            self.t = std::time::Instant::now();
        }
    }
}
