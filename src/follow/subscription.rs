//! The thread-centric streaming protocol: a command (`run.start`, `input.respond`) drives the run; a
//! subscription to the thread's events, opened after the thread's past (`since` = the last `seq` this
//! tab saw on it, else what a catch-up replays, else the command's `applied_through_seq`), carries it. LangGraph serves the subscription at `POST /threads/{id}/stream/events`, the spec at
//! `POST /threads/{id}/stream`: the first that answers is remembered per server. A dropped subscription
//! is reopened with `since` = the last `seq` applied, so nothing is lost or shown twice.

use super::follower::{self as run_follower, Start};
use crate::platform::transport::{self, StreamResponse};
use crate::state::AppState;
use agent_console_core::backend::{ThreadClient, ThreadCommand};
use agent_console_core::decode::{Decoder, SseDecoder};
use agent_console_core::domain::{Message, ServerProfile};
use agent_console_core::event::EventKey;
use agent_console_core::http::ApiError;
use agent_console_core::http::HttpRequest;
use leptos::prelude::*;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// How long a catch-up subscription waits for the buffered events (sent in one burst) to stop coming.
const CATCH_UP_QUIET_MS: i32 = 400;

/// How long a probe or catch-up waits for a subscription to answer. A route that does not exist answers
/// at once; an open subscription may say nothing until its first event (Firefox resolves such a fetch
/// only then), so silence this long means "open".
const OPEN_WAIT_MS: i32 = 1_500;

/// Opens a subscription, waiting at most [`OPEN_WAIT_MS`] for the answer: `Ok(None)` = open but silent.
/// The caller aborts it with `abort` when done.
async fn open_within(
    state: AppState,
    profile: &ServerProfile,
    req: &HttpRequest,
    abort: &Option<web_sys::AbortController>,
) -> Result<Option<StreamResponse>, ApiError> {
    type Slot = Rc<RefCell<Option<Result<StreamResponse, ApiError>>>>;
    let slot: Slot = Rc::new(RefCell::new(None));
    {
        let (slot, profile, req, abort) =
            (slot.clone(), profile.clone(), req.clone(), abort.clone());
        let timeouts = state.timeouts.get_value();
        state.spawn(async move {
            let r = transport::open_stream(&profile, &req, abort.as_ref(), timeouts).await;
            *slot.borrow_mut() = Some(r);
        });
    }
    let mut waited = 0;
    while waited < OPEN_WAIT_MS {
        let answered = slot.borrow_mut().take();
        if let Some(r) = answered {
            return r.map(Some);
        }
        transport::sleep_ms(50).await;
        waited += 50;
    }
    Ok(None)
}

/// The subscription path of this server: probed once (a subscription opened and closed at once), then
/// remembered. A 404 or 405 means "not this path"; neither answering means no thread-centric stream.
pub async fn path_of(
    state: AppState,
    client: ThreadClient,
    profile: &ServerProfile,
    thread_id: &str,
) -> Result<&'static str, ApiError> {
    if let Some(p) = state.protocol.with_value(|m| m.path(&profile.base_url)) {
        return Ok(p);
    }
    let mut last = None;
    for path in client.paths() {
        let abort = web_sys::AbortController::new().ok();
        let probe = client.probe(thread_id, path);
        match open_within(state, profile, &probe, &abort).await {
            Ok(_) => {
                if let Some(a) = abort {
                    a.abort();
                }
                state
                    .protocol
                    .update_value(|m| m.choose(&profile.base_url, path));
                return Ok(path);
            }
            Err(e) if client.not_this_path(&e) => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(client.no_stream(last))
}

fn remember_seq(state: AppState, profile: &ServerProfile, thread_id: &str, seq: u64) {
    state
        .protocol
        .update_value(|m| m.saw_seq(&profile.base_url, thread_id, seq));
}

/// The last `seq` of the thread's buffered events: what this tab saw, else what a catch-up
/// subscription (`since: 0`; lifecycle, values and input) replays before it goes quiet. Events up to it are the
/// thread's past, so a run's subscription opens after it (a command's `applied_through_seq` is per
/// connection and was 0 in LangGraph's answers, which would replay every earlier run).
async fn last_seq(
    state: AppState,
    client: ThreadClient,
    profile: &ServerProfile,
    thread_id: &str,
    path: &'static str,
) -> Option<u64> {
    if let Some(s) = state
        .protocol
        .with_value(|m| m.last_seq(&profile.base_url, thread_id))
    {
        return Some(s);
    }
    let abort = web_sys::AbortController::new().ok();
    let req = client.catch_up(thread_id, path);
    // Silent (nothing buffered, and a browser that waits for bytes): no past to skip.
    let stream = match open_within(state, profile, &req, &abort).await {
        Ok(Some(s)) => s,
        _ => {
            if let Some(a) = abort {
                a.abort();
            }
            return None;
        }
    };
    let seen = Rc::new(std::cell::Cell::new(None::<u64>));
    let got = Rc::new(std::cell::Cell::new(0u32));
    {
        let (seen, got) = (seen.clone(), got.clone());
        state.spawn(async move {
            let mut decoder = SseDecoder::new();
            let mut events = Vec::new();
            while let Ok(Some(bytes)) = stream.next_chunk().await {
                decoder.feed(&bytes, &mut events);
                for e in events.drain(..) {
                    if let Some(n) = client.seq_of(&e) {
                        seen.set(Some(seen.get().map_or(n, |s| s.max(n))));
                    }
                }
                got.set(got.get() + 1);
            }
        });
    }
    // Wait until no chunk came for a quiet spell (the replay is one burst), at most ~3 s.
    let mut last = u32::MAX;
    for _ in 0..8 {
        transport::sleep_ms(CATCH_UP_QUIET_MS).await;
        if got.get() == last {
            break;
        }
        last = got.get();
    }
    if let Some(a) = abort {
        a.abort();
    }
    let s = seen.get();
    if let Some(n) = s {
        remember_seq(state, profile, thread_id, n);
    }
    s
}

/// Sends a command and follows the run it drives through the thread's subscription.
async fn drive(
    state: AppState,
    thread_id: String,
    command: ThreadCommand,
    local: Option<Message>,
) -> bool {
    let Some(profile) = state.profile.get_untracked() else {
        return false;
    };
    let Some(client) = state.server_now().and_then(|s| s.backend.thread_client()) else {
        state
            .session
            .fail("This server offers no thread-centric stream.".to_owned());
        return false;
    };
    let path = match path_of(state, client, &profile, &thread_id).await {
        Ok(p) => p,
        Err(e) => {
            state.session.fail(e.to_string());
            return false;
        }
    };
    let past = last_seq(state, client, &profile, &thread_id, path).await;
    let id = state
        .protocol
        .try_update_value(|m| m.next_command_id())
        .unwrap_or_default();
    let accepted = transport::send_timed(
        &profile,
        &client.command(&thread_id, id, &command),
        state.timeouts.get_value(),
    )
    .await
    .and_then(|r| client.accepted(&command, &r.body));
    let accepted = match accepted {
        Ok(a) => a,
        Err(e) => {
            state.session.fail(e.to_string());
            return false;
        }
    };
    let since = client.since(past, accepted.applied_through_seq);
    let subscribe = client.subscribe(&thread_id, path, since);
    let sent = run_follower::follow_run(
        state,
        thread_id.clone(),
        subscribe,
        Start::Subscription {
            run_id: accepted.run_id,
            local,
            path,
            since,
        },
    )
    .await;
    let reached = state
        .session
        .with_view(|v| match v.last_key {
            Some(EventKey::Seq(n)) => Some(n),
            _ => None,
        })
        .flatten();
    if let Some(n) = reached.or(since) {
        remember_seq(state, &profile, &thread_id, n);
    }
    sent
}

/// `run.start` with the assistant and the user's message (its text and files) as input.
pub async fn start_run(
    state: AppState,
    thread_id: String,
    assistant_id: String,
    local: Message,
    content: Value,
) -> bool {
    let command = ThreadCommand::Start {
        assistant: assistant_id,
        message_id: local.id.clone(),
        content,
    };
    drive(state, thread_id, command, Some(local)).await
}

/// `input.respond`: answers the interrupt `interrupt_id` (raised in `namespace`); the run resumes.
pub async fn respond(
    state: AppState,
    thread_id: String,
    interrupt_id: String,
    namespace: Vec<String>,
    answer: Value,
) -> bool {
    let command = ThreadCommand::Respond {
        interrupt: interrupt_id,
        namespace,
        answer,
    };
    drive(state, thread_id, command, None).await
}
