//! The inbox: the rows every watched server's waiting threads give, each server's standing, what
//! the person did to rows (sent, hidden, refused) and whether new rows notify. Written by
//! `actions::inbox`'s watchers; read by the rail's count, the page's title and the Inbox page.

use agent_console_core::backend::Backend;
use agent_console_core::domain::ServerProfile;
use agent_console_core::inbox::Item;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Where one watched server stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Watch {
    Connecting,
    /// Its last look answered; `more`: it has more waiting than one look lists.
    Live {
        more: bool,
    },
    /// Its last look failed (its rows, if any, are as it last said); asked again after a wait.
    Unreachable(String),
    /// It cannot list what waits (its kind of server has no such search).
    Unsupported(String),
}

/// A watched server.
#[derive(Debug, Clone, PartialEq)]
pub struct Watched {
    pub label: String,
    pub watch: Watch,
}

/// Whether new rows raise a browser notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notify {
    Off,
    On,
    /// The browser was asked and said no (or has no notifications).
    Refused,
}

#[derive(Clone, Copy)]
pub struct InboxState {
    /// Every watched server's rows, oldest first.
    pub items: RwSignal<Vec<Item>>,
    pub servers: RwSignal<Vec<Watched>>,
    /// Rows the person ignored (key → the version ignored: a change of the thread shows it again).
    pub hidden: RwSignal<BTreeMap<String, String>>,
    /// Rows answered here, until the server's next look drops them (key → the version answered).
    pub sent: RwSignal<BTreeMap<String, String>>,
    /// A row's refusal, in the server's words (key → the version refused and the words).
    pub refused: RwSignal<BTreeMap<String, (String, String)>>,
    /// What was typed for a row and not sent (key → the arguments' JSON, the response): kept across
    /// looks and moves until the row goes.
    pub drafts: StoredValue<BTreeMap<String, (Option<String>, String)>>,
    pub notify: RwSignal<Notify>,
    /// The watchers run (started by the first visit to the page).
    pub watching: RwSignal<bool>,
    /// Each watched server's profile and its watcher's generation (a watcher whose generation is
    /// not the current one stops).
    pub(crate) watchers: StoredValue<BTreeMap<String, (ServerProfile, u32)>>,
    /// The next watcher's generation (only grows).
    pub(crate) next_generation: StoredValue<u32>,
    /// The connected backend of each watched server, for answering.
    pub(crate) backends: StoredValue<BTreeMap<String, Backend>>,
}

impl InboxState {
    pub fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            servers: RwSignal::new(Vec::new()),
            hidden: RwSignal::new(BTreeMap::new()),
            sent: RwSignal::new(BTreeMap::new()),
            refused: RwSignal::new(BTreeMap::new()),
            drafts: StoredValue::new(BTreeMap::new()),
            notify: RwSignal::new(Notify::Off),
            watching: RwSignal::new(false),
            watchers: StoredValue::new(BTreeMap::new()),
            next_generation: StoredValue::new(0),
            backends: StoredValue::new(BTreeMap::new()),
        }
    }

    /// Whether a row is shown (not ignored at its version, not answered here at its version).
    pub fn shown(&self, item: &Item) -> bool {
        let key = item.key();
        let at = |m: &BTreeMap<String, String>| m.get(&key) == Some(&item.version);
        !self.hidden.with(at) && !self.sent.with(at)
    }

    /// The rows that wait on `label` now (tracked).
    pub fn count(&self, label: &str) -> usize {
        self.items.with(|l| {
            l.iter()
                .filter(|i| i.server == label && self.shown(i))
                .count()
        })
    }

    /// Every row that waits now (tracked).
    pub fn total(&self) -> usize {
        self.items
            .with(|l| l.iter().filter(|i| self.shown(i)).count())
    }
}

impl Default for InboxState {
    fn default() -> Self {
        Self::new()
    }
}
