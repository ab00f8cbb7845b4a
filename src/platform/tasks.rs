//! The tasks of one app: every future an app (or a widget) starts is spawned here, and all of them
//! are aborted when the app's reactive owner is cleaned up — an unmounted widget leaves no task, no
//! open fetch (dropping a request's future aborts it, dropping a stream cancels its body) and no
//! timer (timers are `gloo-timers` futures, cleared when dropped). So no task writes a signal after
//! its app is gone: by design, not by a guard at each write.

use futures::future::{AbortHandle, Abortable};
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

/// The running tasks of one app; cloning gives another handle to the same set.
#[derive(Clone, Default)]
pub struct Tasks {
    inner: Rc<RefCell<Inner>>,
}

#[derive(Default)]
struct Inner {
    /// Set once the app is gone: nothing more is started.
    closed: bool,
    next: u64,
    running: HashMap<u64, AbortHandle>,
    /// The task now doing each job that only its newest request may do (a search typed again).
    latest: HashMap<&'static str, u64>,
}

impl Tasks {
    pub fn new() -> Tasks {
        Tasks::default()
    }

    /// Runs `task` until it ends or the set is closed, whichever comes first. After [`Tasks::close`]
    /// nothing is started.
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        self.start(None, task);
    }

    /// Runs `task` as the one doing `job`, aborting the task that did it until now: only the newest
    /// request of a job answers (an older search's late answer never overwrites a newer one's).
    pub fn spawn_latest(&self, job: &'static str, task: impl Future<Output = ()> + 'static) {
        self.start(Some(job), task);
    }

    fn start(&self, job: Option<&'static str>, task: impl Future<Output = ()> + 'static) {
        let (handle, registration) = AbortHandle::new_pair();
        let id = {
            let mut inner = self.inner.borrow_mut();
            if inner.closed {
                return;
            }
            inner.next += 1;
            let id = inner.next;
            inner.running.insert(id, handle);
            if let Some(job) = job {
                if let Some(old) = inner.latest.insert(job, id) {
                    if let Some(old) = inner.running.remove(&old) {
                        old.abort();
                    }
                }
            }
            id
        };
        let set = Rc::downgrade(&self.inner);
        wasm_bindgen_futures::spawn_local(async move {
            let _ = Abortable::new(task, registration).await;
            if let Some(set) = set.upgrade() {
                let mut inner = set.borrow_mut();
                inner.running.remove(&id);
                if let Some(job) = job {
                    if inner.latest.get(job) == Some(&id) {
                        inner.latest.remove(job);
                    }
                }
            }
        });
    }

    /// Aborts every running task (each is dropped before it runs again) and refuses new ones.
    pub fn close(&self) {
        let running = {
            let mut inner = self.inner.borrow_mut();
            inner.closed = true;
            std::mem::take(&mut inner.running)
        };
        for handle in running.values() {
            handle.abort();
        }
    }

    /// Whether the set was closed (its app is gone).
    pub fn is_closed(&self) -> bool {
        self.inner.borrow().closed
    }

    /// How many tasks are running (for the tests of unmounting).
    pub fn running(&self) -> usize {
        self.inner.borrow().running.len()
    }
}

/// Runs `f` in a microtask of its own, after the code running now has returned (an app unmounted
/// from a handler of its own events is disposed once the code that emitted the event is done).
pub fn after_this_task(f: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move { f() });
}
