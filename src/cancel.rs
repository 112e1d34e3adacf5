//! Cancellation: the one way a caller (the notebook's *Interrupt*, Ctrl-C in Python) stops a long
//! computation. A [`Cancel`] wraps a shared flag; [`Cancel::watch`] makes it the flag the
//! library's long loops on this thread check (demeaning sweeps, bootstrap replications, rolling
//! backtests), which then end with [`Error::Interrupted`].

use crate::error::{Error, Result};

/// A flag a caller sets to stop a long computation early (the notebook's *Interrupt*). Equal to
/// any other: it is not part of what is computed.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Option<std::sync::Arc<std::sync::atomic::AtomicBool>>);

impl PartialEq for Cancel {
    fn eq(&self, _: &Cancel) -> bool {
        true
    }
}

impl Cancel {
    /// Watch `flag`.
    pub fn new(flag: std::sync::Arc<std::sync::atomic::AtomicBool>) -> Cancel {
        Cancel(Some(flag))
    }
    /// `Err(Error::Interrupted)` once the flag is set.
    pub fn check(&self) -> Result<()> {
        if self.is_set() {
            Err(Error::Interrupted)
        } else {
            Ok(())
        }
    }

    /// Whether the flag is set.
    pub fn is_set(&self) -> bool {
        self.0
            .as_ref()
            .is_some_and(|f| f.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Run `f` with this flag watched by the library's long loops on this thread — the
    /// demeaning sweeps of a fixed-effects fit, which then end with [`Error::Interrupted`]
    /// instead of finishing. The notebook session runs every cell so.
    ///
    /// ```
    /// use std::sync::{Arc, atomic::AtomicBool};
    /// use indikator::cancel::Cancel;
    /// let flag = Arc::new(AtomicBool::new(true));
    /// let panel = indikator::datasets::jabar_panel().unwrap();
    /// let spec = indikator::model::ModelSpec::new("poverty_rate ~ unemployment_rate | region_code")
    ///     .unwrap();
    /// let r = Cancel::new(flag).watch(|| spec.fit_panel(&panel));
    /// assert!(matches!(r, Err(indikator::Error::Interrupted)));
    /// ```
    pub fn watch<T>(&self, f: impl FnOnce() -> T) -> T {
        struct Restore(Option<std::sync::Arc<std::sync::atomic::AtomicBool>>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let prev = self.0.take();
                WATCHED.with(|w| *w.borrow_mut() = prev);
            }
        }
        let _restore = Restore(WATCHED.with(|w| w.replace(self.0.clone())));
        f()
    }

    /// The flag watched on this thread (see [`Cancel::watch`]); none outside a watch.
    pub fn watched() -> Cancel {
        Cancel(WATCHED.with(|w| w.borrow().clone()))
    }
}

thread_local! {
    static WATCHED: std::cell::RefCell<Option<std::sync::Arc<std::sync::atomic::AtomicBool>>> =
        const { std::cell::RefCell::new(None) };
}
