//! The app's tasks: every future the app starts runs as one of them (`platform::tasks::Tasks`), so
//! unmounting the app aborts them all.

use super::AppState;
use crate::platform::tasks::Tasks;
use leptos::prelude::*;

impl AppState {
    /// Runs `task` as one of the app's: it stops when it ends or when the app goes, whichever is first
    /// (a task of an app already gone does not start).
    pub fn spawn(&self, task: impl std::future::Future<Output = ()> + 'static) {
        let _ = self.tasks.try_with_value(|t| t.spawn(task));
    }

    /// Runs `task` as the app's one task doing `job`: a task that did it until now is aborted (its
    /// request with it), so only the newest request's answer lands.
    pub fn spawn_latest(
        &self,
        job: &'static str,
        task: impl std::future::Future<Output = ()> + 'static,
    ) {
        let _ = self.tasks.try_with_value(|t| t.spawn_latest(job, task));
    }

    /// Aborts every task of the app and starts none after (the app is being unmounted).
    pub(crate) fn close_tasks(&self) {
        let _ = self.tasks.try_with_value(Tasks::close);
    }

    /// How many of the app's tasks are running (the unmount tests read it).
    pub fn tasks_running(&self) -> usize {
        self.tasks.try_with_value(Tasks::running).unwrap_or(0)
    }
}
