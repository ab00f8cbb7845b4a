//! How a stream or a waiter learns that a run moved on: every change rings a `Notify` bell; a waiter
//! checks the store, and if there is nothing for it yet, waits for the next ring (or half a second, so
//! a ring between its check and its wait is never missed for long).

use std::time::Duration;
use tokio::sync::Notify;

/// Calls `check` until it gives a value, waiting for the bell between calls.
pub async fn when<T>(bell: &Notify, mut check: impl FnMut() -> Option<T>) -> T {
    loop {
        let rung = bell.notified();
        tokio::pin!(rung);
        // Armed before the check: a ring during the check is not lost.
        rung.as_mut().enable();
        if let Some(v) = check() {
            return v;
        }
        let _ = tokio::time::timeout(Duration::from_millis(500), rung).await;
    }
}
