//! The run options the user set, kept per server: one store of values, read through the connected
//! server's form (core's [`RunOptionsForm`]: its fields, checks and request). The app names no
//! option of any dialect; it reads the three every app needs through core's
//! [`agent_console_core::run_options::keys`].

use super::Server;
use agent_console_core::backend::{Capabilities, RunOptionsForm, RunSettings};
use agent_console_core::domain::ServerProfile;
use agent_console_core::run_options::{RunForm, RunOption, RunValue, RunValues};
use leptos::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub struct RunOptionsState {
    /// What the user changed, by server (its base URL); the rest keep their defaults.
    values: RwSignal<HashMap<String, RunValues>>,
    profile: RwSignal<Option<ServerProfile>>,
    server: RwSignal<Option<Server>>,
}

impl RunOptionsState {
    pub fn new(profile: RwSignal<Option<ServerProfile>>, server: RwSignal<Option<Server>>) -> Self {
        Self {
            values: RwSignal::new(HashMap::new()),
            profile,
            server,
        }
    }

    /// The connected server's form (tracked); before connecting, what [`Capabilities::before_connecting`] offers.
    pub fn form(&self) -> RunOptionsForm {
        self.server
            .with(|s| s.as_ref().map(|s| s.backend.capabilities().run_options))
            .unwrap_or_else(|| Capabilities::before_connecting().run_options)
    }

    fn key(&self) -> String {
        self.profile
            .with(|p| p.as_ref().map(|p| p.base_url.clone()))
            .unwrap_or_default()
    }

    fn key_now(&self) -> String {
        untrack(|| self.key())
    }

    /// Reads the connected server's values through `form` (tracked).
    pub fn with<R>(&self, f: impl FnOnce(&RunForm<'_>) -> R) -> R {
        let (form, key) = (self.form(), self.key());
        self.values.with(|all| {
            let empty = RunValues::default();
            f(&RunForm::new(form.spec(), all.get(&key).unwrap_or(&empty)))
        })
    }

    /// As [`Self::with`], not tracked (for actions).
    pub fn with_now<R>(&self, f: impl FnOnce(&RunForm<'_>) -> R) -> R {
        untrack(|| self.with(f))
    }

    /// Sets one option of the connected server.
    pub fn set(&self, key: &str, value: RunValue) {
        let server = self.key_now();
        self.values
            .update(|all| all.entry(server).or_default().set(key, value));
    }

    /// Ticks one choice of a set on or off.
    pub fn toggle(&self, option: &RunOption, choice: &str, on: bool) {
        let server = self.key_now();
        self.values
            .update(|all| all.entry(server).or_default().toggle(option, choice, on));
    }

    /// The options `form` sends with a run of `assistant`, or what is wrong with them.
    pub fn settings(
        &self,
        form: RunOptionsForm,
        assistant: Option<String>,
    ) -> Result<RunSettings, String> {
        let key = self.key_now();
        self.values.with_untracked(|all| {
            form.settings(all.get(&key).unwrap_or(&RunValues::default()), assistant)
        })
    }

    /// What is wrong with the form (tracked: the composer shows it and keeps Send disabled).
    pub fn problem(&self) -> Option<String> {
        self.with(|f| f.problem())
    }

    /// Whether a second run may be sent while one is streaming (tracked).
    pub fn allows_concurrent_runs(&self) -> bool {
        self.with(|f| f.allows_concurrent_runs())
    }

    /// As [`Self::allows_concurrent_runs`], now (for actions).
    pub fn allows_concurrent_runs_now(&self) -> bool {
        self.with_now(|f| f.allows_concurrent_runs())
    }

    /// Whether runs go through the thread-centric protocol: chosen, and offered by the server.
    pub fn thread_protocol_on(&self, caps: &Capabilities) -> bool {
        caps.thread_protocol && self.with_now(|f| f.thread_protocol())
    }

    /// What Stop asks the server to do.
    pub fn stop_action_now(&self) -> String {
        self.with_now(|f| f.stop_action())
    }
}
