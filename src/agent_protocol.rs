//! What the app does with an Agent Protocol server: connect (the agent list), open a thread
//! (`GET /threads/{id}`: messages beside values), send a run (`POST /runs/stream` with every RunStream
//! field the run options hold; no thread → a stateless run), answer an interrupt (a new run on the
//! thread whose input is the answer), stop a run, and the server-wide Runs page (`/runs/search`).

use crate::app::AppState;
use crate::run_follower::{self, Start};
use crate::transport;
use agent_console_core::dialects::agent_protocol::convert::{self, RunRecord};
use agent_console_core::dialects::agent_protocol::requests::{self, RunQuery};
use agent_console_core::domain::{
    Assistant, Message, Role, ServerInfo, ServerProfile, ThreadStatus,
};
use agent_console_core::http::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{json, Value};

/// Agents per page of `POST /agents/search` (connecting lists the first page; *More agents* the next).
pub const AGENTS_PAGE: u32 = 50;

/// Connecting = listing the agents (the spec has no `/info`).
pub async fn probe(profile: &ServerProfile) -> Result<(ServerInfo, Vec<Assistant>), ApiError> {
    let agents = transport::send(
        profile,
        &requests::search_agents(None, None, AGENTS_PAGE, 0),
    )
    .await
    .and_then(|r| convert::agents(&r.body))?;
    let info = ServerInfo {
        version: Some("Agent Protocol".into()),
        details: json!({"agents": agents.len()}),
    };
    Ok((info, agents))
}

/// A page of agents whose name contains `name` and whose metadata holds every `key=value` of
/// `metadata` (the rail's *Find agents*); the error says what is wrong.
pub async fn search_agents(
    profile: &ServerProfile,
    name: &str,
    metadata: &str,
    offset: u64,
) -> Result<Vec<Assistant>, String> {
    let metadata = parse_pairs(metadata)?;
    let req = requests::search_agents(Some(name), metadata, AGENTS_PAGE, offset);
    transport::send(profile, &req)
        .await
        .and_then(|r| convert::agents(&r.body))
        .map_err(|e| e.to_string())
}

/// Opens a thread: its messages and interrupt; a busy thread's pending run is joined.
pub async fn load_thread(state: AppState, profile: ServerProfile, thread_id: String) {
    let still_selected = move |t: &str| state.selected.get_untracked().as_deref() == Some(t);
    let req = agent_console_core::dialects::langgraph::requests::get_thread(&thread_id);
    let body = match transport::send(&profile, &req).await {
        Ok(r) => r.body,
        Err(e) => {
            state.session.error.set(Some(e.to_string()));
            return;
        }
    };
    match convert::thread_snapshot(&body) {
        Ok(snap) if still_selected(&thread_id) => {
            state
                .session
                .load(snap.messages, snap.interrupts, snap.values)
        }
        Ok(_) => return,
        Err(e) => {
            state.session.error.set(Some(e.to_string()));
            return;
        }
    }
    let busy = agent_console_core::dialects::langgraph::convert::thread_detail(&body)
        .is_ok_and(|t| t.status == ThreadStatus::Busy);
    if busy && still_selected(&thread_id) && !state.session.streaming.get_untracked() {
        if let Some(run_id) = run_follower::running_run(state, &thread_id).await {
            join(state, thread_id, run_id).await;
        }
    }
}

/// The pending run of a thread, if any.
pub async fn pending_run(profile: &ServerProfile, thread_id: &str) -> Option<String> {
    let q = RunQuery {
        thread_id: Some(thread_id.to_owned()),
        status: Some("pending".into()),
        ..RunQuery::default()
    };
    transport::send(profile, &requests::search_runs(&q, 1, 0))
        .await
        .and_then(|r| convert::runs(&r.body))
        .ok()?
        .into_iter()
        .next()
        .map(|r| r.run_id)
}

/// Follows a run from its first event (`GET /runs/{id}/stream`).
pub async fn join(state: AppState, thread_id: String, run_id: String) {
    state.session.set_run_id(&run_id);
    let req = requests::join_run(&run_id, None);
    run_follower::follow_run(state, thread_id, req, Start::JoinFromStart).await;
}

/// Sends `text` as a run with the run options' RunStream fields: on the open thread (one is created
/// when none is open), on the thread id typed in the options, or on no thread (stateless).
pub fn send_text(state: AppState, text: String, agent: Option<String>) {
    let mut options = match state.run_options.agent_protocol() {
        Ok(o) => o,
        Err(problem) => {
            state.session.error.set(Some(problem));
            return;
        }
    };
    options.agent_id = agent;
    let message_id = transport::random_id();
    options
        .messages
        .push(json!({"role": "user", "content": text, "id": message_id}));
    let stateless = state.run_options.ap_stateless.get_untracked();
    spawn_local(async move {
        let typed = options.thread_id.clone();
        let thread_id = match (stateless, typed, state.selected.get_untracked()) {
            (true, ..) => None,
            (false, Some(t), _) => Some(t),
            (false, None, Some(open)) => Some(open),
            (false, None, None) => match crate::app::create_thread(state).await {
                Ok(t) => Some(t),
                Err(e) => {
                    state.session.error.set(Some(e.to_string()));
                    return;
                }
            },
        };
        options.thread_id = thread_id.clone();
        if thread_id.is_some() && state.selected.get_untracked() != thread_id {
            state.selected.set(thread_id.clone());
            state.update_url();
        }
        let local = Message::text(message_id, Role::Human, text.clone());
        let sent = match (state.run_options.thread_protocol.get_untracked(), thread_id) {
            // The thread-centric protocol: run.start on the thread, read from its subscription.
            (true, Some(t)) => {
                let agent = options.agent_id.clone().unwrap_or_default();
                crate::thread_stream::start_run(state, t, agent, local, text.clone()).await
            }
            // A stateless run has no thread: the view follows it on its own.
            (_, t) => {
                let req = requests::stream_run(&options);
                let view_thread = t.unwrap_or_default();
                run_follower::follow_run(state, view_thread, req, Start::NewRun(Some(local))).await
            }
        };
        if sent {
            crate::app::clear_sent_draft(state, &text);
        }
        crate::thread_actions::load_threads(state).await;
    });
}

/// Answers an interrupt: the spec has no resume command, so a new run on the thread carries the answer
/// as its input (what the reference server's demo agent reads).
pub fn resume(state: AppState, thread_id: String, answer: Value, agent: Option<String>) {
    let mut options = state.run_options.agent_protocol().unwrap_or_default();
    options.thread_id = Some(thread_id.clone());
    options.agent_id = agent;
    options.input = Some(answer);
    options.messages.clear();
    spawn_local(async move {
        let req = requests::stream_run(&options);
        run_follower::follow_run(state, thread_id, req, Start::NewRun(None)).await;
        crate::thread_actions::load_threads(state).await;
    });
}

/// Stop: `POST /runs/{id}/cancel` with the chosen action.
pub fn cancel(state: AppState, run_id: String) {
    let Some(profile) = state.profile.get_untracked() else {
        return;
    };
    let action = state.run_options.cancel_action.get_untracked();
    spawn_local(async move {
        if let Err(e) =
            transport::send(&profile, &requests::cancel_run(&run_id, &action, false)).await
        {
            state.session.error.set(Some(e.to_string()));
        }
    });
}

/// The Runs page: filters, the page shown, the run opened.
#[derive(Clone, Copy)]
pub struct RunsState {
    pub thread_id: RwSignal<String>,
    pub agent_id: RwSignal<String>,
    pub status: RwSignal<String>,
    /// `key=value` pairs, one per line or comma-separated.
    pub metadata: RwSignal<String>,
    pub page_size: RwSignal<u32>,
    pub offset: RwSignal<u64>,
    pub items: RwSignal<Vec<RunRecord>>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    pub detail: RwSignal<Option<RunRecord>>,
    /// What the detail's last action said (a wait's result, a cancel, an error).
    pub note: RwSignal<Option<Result<String, String>>>,
}

impl RunsState {
    pub fn new() -> Self {
        Self {
            thread_id: RwSignal::new(String::new()),
            agent_id: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
            metadata: RwSignal::new(String::new()),
            page_size: RwSignal::new(10),
            offset: RwSignal::new(0),
            items: RwSignal::new(Vec::new()),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            detail: RwSignal::new(None),
            note: RwSignal::new(None),
        }
    }

    pub fn reset(&self) {
        self.offset.set(0);
        self.items.set(Vec::new());
        self.error.set(None);
        self.detail.set(None);
        self.note.set(None);
    }

    /// Whether a next page may exist (this one is full).
    pub fn has_next(&self) -> bool {
        self.items.with(|i| i.len() as u32 >= self.page_size.get())
    }

    fn query(&self) -> Result<RunQuery, String> {
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        Ok(RunQuery {
            thread_id: text(self.thread_id),
            agent_id: text(self.agent_id),
            status: text(self.status),
            metadata: parse_pairs(&self.metadata.get_untracked())?,
        })
    }
}

impl Default for RunsState {
    fn default() -> Self {
        Self::new()
    }
}

/// `key=value` pairs (comma or newline separated) → a metadata filter; numbers and booleans typed.
pub fn parse_pairs(text: &str) -> Result<Option<Value>, String> {
    let mut map = serde_json::Map::new();
    for part in text
        .split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("Metadata filter: {part:?} is not key=value."))?;
        let v = v.trim();
        let value = serde_json::from_str::<Value>(v)
            .ok()
            .filter(|x| x.is_number() || x.is_boolean())
            .unwrap_or_else(|| Value::from(v));
        map.insert(k.trim().to_owned(), value);
    }
    Ok((!map.is_empty()).then_some(Value::Object(map)))
}

/// Loads the page at `offset` with the filters.
pub fn load_runs(state: AppState, offset: u64) {
    let page = state.ap_runs;
    let Some(profile) = state.profile.get_untracked() else {
        return;
    };
    let q = match page.query() {
        Ok(q) => q,
        Err(e) => {
            page.error.set(Some(e));
            return;
        }
    };
    page.loading.set(true);
    let limit = page.page_size.get_untracked();
    spawn_local(async move {
        let got = transport::send(&profile, &requests::search_runs(&q, limit, offset))
            .await
            .and_then(|r| convert::runs(&r.body));
        page.loading.set(false);
        match got {
            Ok(items) => {
                page.error.set(None);
                page.offset.set(offset);
                page.items.set(items);
            }
            Err(e) => page.error.set(Some(e.to_string())),
        }
    });
}

/// What the detail's buttons do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RunAction {
    Refresh,
    Cancel,
    Delete,
    Wait,
}

pub fn run_action(state: AppState, run_id: String, action: RunAction) {
    let page = state.ap_runs;
    let Some(profile) = state.profile.get_untracked() else {
        return;
    };
    let cancel_action = state.run_options.cancel_action.get_untracked();
    page.note.set(None);
    spawn_local(async move {
        let result: Result<String, ApiError> = match action {
            RunAction::Refresh => Ok(String::new()),
            // The page shows the run as it is once stopped: wait for that.
            RunAction::Cancel => transport::send(
                &profile,
                &requests::cancel_run(&run_id, &cancel_action, true),
            )
            .await
            .map(|_| format!("Cancel ({cancel_action}) sent.")),
            RunAction::Delete => transport::send(&profile, &requests::delete_run(&run_id))
                .await
                .map(|_| "Deleted.".into()),
            RunAction::Wait => transport::send(&profile, &requests::wait_run(&run_id))
                .await
                .and_then(|r| convert::wait_response(&r.body))
                .map(|(run, whole)| {
                    format!(
                        "Ended: {}. Values: {}",
                        run.status,
                        whole.get("values").cloned().unwrap_or(Value::Null)
                    )
                }),
        };
        match result {
            Err(e) => page.note.set(Some(Err(e.to_string()))),
            Ok(said) => {
                if action == RunAction::Delete {
                    page.detail.set(None);
                    page.items.update(|l| l.retain(|r| r.run_id != run_id));
                } else {
                    match transport::send(&profile, &requests::get_run(&run_id))
                        .await
                        .and_then(|r| convert::run(&r.body))
                    {
                        Ok(fresh) => {
                            page.items.update(|l| {
                                if let Some(r) = l.iter_mut().find(|r| r.run_id == run_id) {
                                    *r = fresh.clone();
                                }
                            });
                            page.detail.set(Some(fresh));
                        }
                        Err(e) => page.note.set(Some(Err(e.to_string()))),
                    }
                }
                if !said.is_empty() {
                    page.note.set(Some(Ok(said)));
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_pairs() {
        assert_eq!(parse_pairs(" "), Ok(None));
        assert_eq!(
            parse_pairs("user=ana, n=2\nok=true"),
            Ok(Some(json!({"user": "ana", "n": 2, "ok": true})))
        );
        assert!(parse_pairs("oops").is_err());
    }
}
