//! Tells an embedding page what happens in its widget: `CustomEvent`s dispatched on the host element
//! (they bubble and cross the shadow boundary). Without a host element (the web app) nothing is sent.
//!
//! | event          | `detail`                                                            |
//! |----------------|---------------------------------------------------------------------|
//! | `run-started`  | `{ threadId, runId }` (`runId` null if the server named none)        |
//! | `token`        | `{ threadId, runId, messageId, text }`: the streaming message's whole text so far, at most every [`TOKEN_EVERY_MS`] and once more at the end |
//! | `run-finished` | `{ threadId, runId, status, error }` (`status` as the server says: success, error, interrupted, …) |
//! | `interrupt`    | `{ threadId, runId, value, question, options }`                     |
//! | `error`        | `{ message }`: what the widget shows (connection, request, stream)  |

use crate::state::session::ThreadSession;
use agent_console_core::domain::{Interrupt, Role};
use leptos::prelude::*;
use serde::Serialize;
use serde_json::Value;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// Least time between two `token` events of one widget.
pub const TOKEN_EVERY_MS: f64 = 100.0;

/// The host element events go to, and the `token` throttle's memory.
#[derive(Clone, Copy)]
pub struct HostEvents {
    target: StoredValue<Option<EventTarget>, LocalStorage>,
    /// When the last `token` went out, and the text it carried.
    last_token: StoredValue<(f64, String)>,
}

impl HostEvents {
    pub fn new() -> Self {
        Self {
            target: StoredValue::new_local(None),
            last_token: StoredValue::new((0.0, String::new())),
        }
    }

    pub fn attach(&self, target: EventTarget) {
        self.target.set_value(Some(target));
    }

    fn emit(&self, name: &str, detail: &impl Serialize) {
        let Some(target) = self.target.get_value() else {
            return;
        };
        // JSON-compatible: `None` is null, maps are plain objects.
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let Ok(detail) = detail.serialize(&serializer) else {
            return;
        };
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(ev) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = target.dispatch_event(&ev);
        }
    }

    pub fn run_started(&self, thread_id: &str, session: &ThreadSession) {
        if self.target.with_value(Option::is_none) {
            return;
        }
        self.last_token.set_value((0.0, String::new()));
        self.emit("run-started", &RunDetail::of(thread_id, session));
    }

    /// The streaming message's text, unless one went out less than [`TOKEN_EVERY_MS`] ago
    /// (`flush` sends any change regardless).
    pub fn token(&self, thread_id: &str, session: &ThreadSession, flush: bool) {
        if self.target.with_value(Option::is_none) {
            return;
        }
        let now = js_sys::Date::now();
        let (last_at, last_text) = self.last_token.get_value();
        if !flush && now - last_at < TOKEN_EVERY_MS {
            return;
        }
        let Some((message_id, text)) = session.rows.with_untracked(|rows| {
            rows.iter()
                .rev()
                .find(|r| r.role == Role::Ai)
                .map(|r| (r.id.clone(), r.text.get_untracked()))
        }) else {
            return;
        };
        if text == last_text {
            return;
        }
        let d = TokenDetail {
            run: RunDetail::of(thread_id, session),
            message_id,
            text: text.clone(),
        };
        self.last_token.set_value((now, text));
        self.emit("token", &d);
    }

    /// The run's end: the last text, then `run-finished`, then `interrupt` if the run waits for an answer.
    pub fn run_finished(&self, thread_id: &str, session: &ThreadSession) {
        if self.target.with_value(Option::is_none) {
            return;
        }
        self.token(thread_id, session, true);
        let d = FinishedDetail {
            run: RunDetail::of(thread_id, session),
            status: session
                .status
                .get_untracked()
                .map(|s| s.as_str().to_owned()),
            error: session.error.get_untracked(),
        };
        self.emit("run-finished", &d);
        if let Some(i) = session
            .interrupts
            .with_untracked(|list| list.first().cloned())
        {
            self.interrupt(thread_id, session, &i);
        }
    }

    fn interrupt(&self, thread_id: &str, session: &ThreadSession, interrupt: &Interrupt) {
        let d = InterruptDetail {
            run: RunDetail::of(thread_id, session),
            value: &interrupt.value,
            question: interrupt.question(),
            options: interrupt.options(),
        };
        self.emit("interrupt", &d);
    }

    pub fn error(&self, message: &str) {
        self.emit("error", &ErrorDetail { message });
    }
}

impl Default for HostEvents {
    fn default() -> Self {
        Self::new()
    }
}

/// What every run event says: `{ threadId, runId }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunDetail {
    thread_id: String,
    run_id: Option<String>,
}

impl RunDetail {
    fn of(thread_id: &str, session: &ThreadSession) -> Self {
        Self {
            thread_id: thread_id.to_owned(),
            run_id: session.run_id.get_untracked(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenDetail {
    #[serde(flatten)]
    run: RunDetail,
    message_id: String,
    text: String,
}

#[derive(Serialize)]
struct FinishedDetail {
    #[serde(flatten)]
    run: RunDetail,
    status: Option<String>,
    error: Option<String>,
}

#[derive(Serialize)]
struct InterruptDetail<'a> {
    #[serde(flatten)]
    run: RunDetail,
    value: &'a Value,
    question: Option<&'a str>,
    options: Vec<String>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    message: &'a str,
}
