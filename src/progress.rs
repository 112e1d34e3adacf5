//! Progress of long work (bootstrap replications, rolling-backtest origins, the report's
//! stages), for whoever waits on it: the notebook updates one line in the cell's output
//! (Jupyter's `update_display_data`), the command line rewrites one line on standard error when
//! it is a terminal. Like [`crate::cancel::Cancel`], a caller [`watch`]es a computation with a
//! sink; the library's loops call [`report`], which does nothing outside a watch. Work that ends
//! within [`EVERY`] of the watch's start shows nothing; after that the sink gets at most one step
//! every [`EVERY`], and the last one.
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use std::time::Duration;
//! let seen = Arc::new(Mutex::new(Vec::new()));
//! let s = seen.clone();
//! indikator::progress::watch(Arc::new(move |p: &indikator::progress::Step| {
//!     s.lock().unwrap().push((p.done, p.total));
//! }), || {
//!     for i in 0..=8 {
//!         indikator::progress::report(("langkah", "step"), i, 8);
//!         std::thread::sleep(Duration::from_millis(100));
//!     }
//! });
//! // Nothing in the first 0.25 s, then one step in each 0.25 s, and the last.
//! let seen = seen.lock().unwrap();
//! assert!(seen.len() >= 3 && seen.len() <= 5, "{seen:?}");
//! assert_eq!(seen.last(), Some(&(8, 8)));
//! assert!(seen[0].0 >= 2);
//! ```

use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Least time between two steps passed to the sink.
pub const EVERY: Duration = Duration::from_millis(250);

/// One step of a long computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<'a> {
    /// What is being done, in Indonesian.
    pub id: &'a str,
    /// What is being done, in English.
    pub en: &'a str,
    /// Units done.
    pub done: usize,
    /// Units in all.
    pub total: usize,
}

impl Step<'_> {
    /// One line for a reader of both languages: `Bootstrap liar / wild bootstrap: 4,000 / 9,999
    /// (40%)`.
    pub fn line(&self) -> String {
        let pct = (100 * self.done).checked_div(self.total).unwrap_or(100);
        format!(
            "{} / {}: {} / {} ({pct}%)",
            self.id,
            self.en,
            crate::text::thousands(self.done as f64, ','),
            crate::text::thousands(self.total as f64, ','),
        )
    }
}

/// Where steps go.
pub type Sink = Arc<dyn Fn(&Step) + Send + Sync>;

struct Watched {
    sink: Sink,
    started: Instant,
    last: Option<Instant>,
}

thread_local! {
    static WATCHED: RefCell<Option<Watched>> = const { RefCell::new(None) };
}

/// Run `f` with `sink` receiving the progress [`report`]ed on this thread.
pub fn watch<T>(sink: Sink, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Watched>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let prev = self.0.take();
            WATCHED.with(|w| *w.borrow_mut() = prev);
        }
    }
    let _restore = Restore(WATCHED.with(|w| {
        w.replace(Some(Watched {
            sink,
            started: Instant::now(),
            last: None,
        }))
    }));
    f()
}

/// Report that `done` of `total` units of the work named `(id, en)` are done. Cheap outside a
/// watch; inside, the sink gets a step once the watch has run [`EVERY`], then one every
/// [`EVERY`], and the last one when an earlier one was shown.
pub fn report((id, en): (&str, &str), done: usize, total: usize) {
    let sink = WATCHED.with(|w| {
        let mut w = w.borrow_mut();
        let w = w.as_mut()?;
        let now = Instant::now();
        let due = match w.last {
            None => now.duration_since(w.started) >= EVERY,
            Some(t) => done >= total || now.duration_since(t) >= EVERY,
        };
        due.then(|| {
            w.last = Some(now);
            w.sink.clone()
        })
    });
    if let Some(sink) = sink {
        sink(&Step {
            id,
            en,
            done,
            total,
        });
    }
}
