//! The inbox: every thread that waits for a person, on every server the user saved — what each asks
//! (read from its interrupt's shape), the answer each reply sends, and how often each server is asked
//! again. Pure: the app's pollers feed it what the servers say ([`Waiting`]) and send what it builds.
//!
//! Shapes read (each from its own source, see README "Inbox"):
//! - agent-inbox's `HumanInterrupt` — `{action_request: {action, args}, config: {allow_accept,
//!   allow_edit, allow_respond, allow_ignore}, description}`, bare or as a list of one; answered with a
//!   list of one `HumanResponse` `{type: accept|edit|response|ignore, args}`;
//! - LangChain's human-in-the-loop middleware — `{action_requests: [{name, args, description}],
//!   review_configs: [{action_name, allowed_decisions}]}`, answered `{"decisions": [...]}` one per
//!   request in order; its per-call form `{type: "tool_approval", name, args, …}`, answered with one
//!   decision;
//! - anything else: a question (its text and options, as the thread's own interrupt form reads it).
//!
//! A thread whose last run failed waits too (answered by running it again), as does one paused at a
//! breakpoint (answered by continuing).

use crate::domain::Interrupt;
use serde_json::Value;

mod ask;
pub use ask::{act, Act, Allow, Ask, Proposed, Reply};

/// The most rows one server may hold (a server that lists more says so).
pub const MAX_PER_SERVER: usize = 1_000;

/// The most rows one thread gives (one per pending interrupt).
pub const MAX_PER_THREAD: usize = 50;

/// A thread that waits, as its server said.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub thread_id: String,
    pub title: Option<String>,
    pub assistant_id: Option<String>,
    /// The graph (or agent) the assistant runs, where the server says.
    pub graph_id: Option<String>,
    /// Since when it waits (the server's time of its last change of state).
    pub since: Option<String>,
    /// What changes whenever the thread does (its `updated_at`): a row is read again only then.
    pub version: String,
    pub why: Why,
}

/// Why a thread waits.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// Its run stopped on these interrupts.
    Asks(Vec<Interrupt>),
    /// Its last run failed, with the server's words.
    Failed(String),
    /// Its run stopped with nodes due and nothing asked: a breakpoint, or a run stopped mid-step.
    Paused,
}

/// What one look at a server found: every waiting thread's id and version, and the threads read
/// whole (those whose version was not known).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WaitingScan {
    pub present: Vec<(String, String)>,
    pub changed: Vec<Waiting>,
    /// More wait than were listed ([`MAX_PER_SERVER`]).
    pub more: bool,
}

/// The filter kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Question,
    Approval,
    Failed,
    Paused,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Question, Kind::Approval, Kind::Failed, Kind::Paused];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Question => "question",
            Kind::Approval => "approval",
            Kind::Failed => "failed",
            Kind::Paused => "paused",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Question => "Questions",
            Kind::Approval => "Approvals",
            Kind::Failed => "Failed runs",
            Kind::Paused => "Paused runs",
        }
    }
}

/// One row of the inbox: one interrupt of a thread (a thread with two has two rows), or the thread
/// itself where it failed or is paused.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The saved server's label.
    pub server: String,
    pub thread_id: String,
    pub interrupt_id: Option<String>,
    pub title: String,
    pub assistant_id: Option<String>,
    pub graph_id: Option<String>,
    pub since: Option<String>,
    /// Milliseconds since 1970 of `since`, where it reads as a time.
    pub since_ms: Option<f64>,
    pub version: String,
    pub ask: Ask,
}

impl Item {
    /// Unique across servers: the DOM's `data-key` and the selection's.
    pub fn key(&self) -> String {
        format!(
            "{}\u{1f}{}\u{1f}{}",
            self.server,
            self.thread_id,
            self.interrupt_id.as_deref().unwrap_or("")
        )
    }
}

/// The rows of one waiting thread on `server`.
pub fn items_of(server: &str, w: &Waiting) -> Vec<Item> {
    let row = |interrupt_id: Option<String>, ask: Ask| Item {
        server: server.to_owned(),
        thread_id: w.thread_id.clone(),
        interrupt_id,
        title: w
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| format!("Thread {}", short_id(&w.thread_id))),
        assistant_id: w.assistant_id.clone(),
        graph_id: w.graph_id.clone(),
        since: w.since.clone(),
        since_ms: w.since.as_deref().and_then(epoch_ms),
        version: w.version.clone(),
        ask,
    };
    match &w.why {
        Why::Asks(list) if !list.is_empty() => list
            .iter()
            .take(MAX_PER_THREAD)
            .map(|i| row(i.id.clone(), Ask::of(i)))
            .collect(),
        Why::Asks(_) | Why::Paused => vec![row(None, Ask::Paused)],
        Why::Failed(e) => vec![row(None, Ask::Failed(e.clone()))],
    }
}

/// The versions of `server`'s waiting threads held now (what the next look need not read again).
pub fn known_of(items: &[Item], server: &str) -> std::collections::BTreeMap<String, String> {
    items
        .iter()
        .filter(|i| i.server == server)
        .map(|i| (i.thread_id.clone(), i.version.clone()))
        .collect()
}

/// Takes one look at `server` into `items`: its threads no longer waiting leave, the changed ones
/// are replaced, the rest stay; kept sorted. Returns the keys of rows not held before.
pub fn merge(items: &mut Vec<Item>, server: &str, scan: &WaitingScan) -> Vec<String> {
    let before: std::collections::BTreeSet<String> = items
        .iter()
        .filter(|i| i.server == server)
        .map(Item::key)
        .collect();
    let present: std::collections::BTreeSet<&str> =
        scan.present.iter().map(|(id, _)| id.as_str()).collect();
    let changed: std::collections::BTreeSet<&str> =
        scan.changed.iter().map(|w| w.thread_id.as_str()).collect();
    items.retain(|i| {
        i.server != server
            || (present.contains(i.thread_id.as_str()) && !changed.contains(i.thread_id.as_str()))
    });
    let mut fresh = Vec::new();
    for w in scan
        .changed
        .iter()
        .filter(|w| present.contains(w.thread_id.as_str()))
    {
        for item in items_of(server, w) {
            if !before.contains(&item.key()) {
                fresh.push(item.key());
            }
            items.push(item);
        }
    }
    sort(items);
    fresh
}

/// Drops every row of `server` (it was forgotten).
pub fn forget(items: &mut Vec<Item>, server: &str) {
    items.retain(|i| i.server != server);
}

/// Oldest first (rows without a time last), then by server, thread and interrupt.
pub fn sort(items: &mut [Item]) {
    items.sort_by(|a, b| {
        let t = |i: &Item| i.since_ms.unwrap_or(f64::MAX);
        t(a).total_cmp(&t(b))
            .then_with(|| a.server.cmp(&b.server))
            .then_with(|| a.thread_id.cmp(&b.thread_id))
            .then_with(|| a.interrupt_id.cmp(&b.interrupt_id))
    });
}

/// The answers to several interrupts of one thread as one resume value: keyed by interrupt id
/// where every one has an id (LangGraph resumes each interrupt by its id; the ones not named are
/// asked again), else the one answer alone.
pub fn resume_value(answers: &[(Option<String>, Value)]) -> Result<Value, String> {
    match answers {
        [] => Err("Nothing to answer.".into()),
        [(_, v)] if answers[0].0.is_none() => Ok(v.clone()),
        _ if answers.iter().all(|(id, _)| id.is_some()) => Ok(Value::Object(
            answers
                .iter()
                .map(|(id, v)| (id.clone().unwrap_or_default(), v.clone()))
                .collect(),
        )),
        _ => {
            Err("These questions have no ids to tell them apart: answer them one at a time.".into())
        }
    }
}

fn short_id(id: &str) -> String {
    id.chars().take(8).collect()
}

mod timing;
pub use timing::{age, epoch_ms, Cadence};

#[cfg(test)]
mod tests;
