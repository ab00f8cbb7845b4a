//! The debugger's breakpoints: where runs pause, per server (its base URL) and assistant, kept
//! while the tab is open and sent with every run while set.

use agent_console_core::debugger::{Breakpoints, NodeSet};
use agent_console_core::domain::ServerProfile;
use leptos::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub struct BreakpointStore {
    by_assistant: RwSignal<HashMap<(String, String), Breakpoints>>,
    profile: RwSignal<Option<ServerProfile>>,
    assistant: RwSignal<Option<String>>,
}

impl BreakpointStore {
    pub fn new(
        profile: RwSignal<Option<ServerProfile>>,
        assistant: RwSignal<Option<String>>,
    ) -> Self {
        Self {
            by_assistant: RwSignal::new(HashMap::new()),
            profile,
            assistant,
        }
    }

    fn key(&self) -> (String, String) {
        let server = self
            .profile
            .with(|p| p.as_ref().map(|p| p.base_url.clone()))
            .unwrap_or_default();
        (server, self.assistant.get().unwrap_or_default())
    }

    /// The chosen assistant's (tracked).
    pub fn get(&self) -> Breakpoints {
        let key = self.key();
        self.by_assistant
            .with(|m| m.get(&key).cloned().unwrap_or_default())
    }

    /// Reads one side of the chosen assistant's: before (`true`) or after (tracked).
    pub fn with_side<R>(&self, before: bool, f: impl FnOnce(&NodeSet) -> R) -> R {
        let b = self.get();
        f(if before { &b.before } else { &b.after })
    }

    /// The chosen assistant's, now (for actions).
    pub fn get_now(&self) -> Breakpoints {
        untrack(|| self.get())
    }

    /// Changes the chosen assistant's.
    pub fn update(&self, f: impl FnOnce(&mut Breakpoints)) {
        let key = untrack(|| self.key());
        self.by_assistant.update(|m| {
            let b = m.entry(key.clone()).or_default();
            f(b);
            if b.is_empty() {
                m.remove(&key);
            }
        });
    }
}
