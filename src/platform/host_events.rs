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
use js_sys::{Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
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

    fn emit(&self, name: &str, detail: &Object) {
        let Some(target) = self.target.get_value() else {
            return;
        };
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(detail);
        if let Ok(ev) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = target.dispatch_event(&ev);
        }
    }

    pub fn run_started(&self, thread_id: &str, session: &ThreadSession) {
        if self.target.with_value(Option::is_none) {
            return;
        }
        self.last_token.set_value((0.0, String::new()));
        self.emit("run-started", &run_detail(thread_id, session));
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
        let d = run_detail(thread_id, session);
        set(&d, "messageId", &JsValue::from_str(&message_id));
        set(&d, "text", &JsValue::from_str(&text));
        self.last_token.set_value((now, text));
        self.emit("token", &d);
    }

    /// The run's end: the last text, then `run-finished`, then `interrupt` if the run waits for an answer.
    pub fn run_finished(&self, thread_id: &str, session: &ThreadSession) {
        if self.target.with_value(Option::is_none) {
            return;
        }
        self.token(thread_id, session, true);
        let d = run_detail(thread_id, session);
        let status = session.status.get_untracked();
        set(&d, "status", &opt_str(status.as_ref().map(|s| s.as_str())));
        set(
            &d,
            "error",
            &opt_str(session.error.get_untracked().as_deref()),
        );
        self.emit("run-finished", &d);
        if let Some(i) = session
            .interrupts
            .with_untracked(|list| list.first().cloned())
        {
            self.interrupt(thread_id, session, &i);
        }
    }

    fn interrupt(&self, thread_id: &str, session: &ThreadSession, interrupt: &Interrupt) {
        let d = run_detail(thread_id, session);
        set(&d, "value", &json_to_js(&interrupt.value));
        set(&d, "question", &opt_str(interrupt.question()));
        let options = js_sys::Array::new();
        for o in interrupt.options() {
            options.push(&JsValue::from_str(&o));
        }
        set(&d, "options", &options);
        self.emit("interrupt", &d);
    }

    pub fn error(&self, message: &str) {
        let d = Object::new();
        set(&d, "message", &JsValue::from_str(message));
        self.emit("error", &d);
    }
}

impl Default for HostEvents {
    fn default() -> Self {
        Self::new()
    }
}

fn run_detail(thread_id: &str, session: &ThreadSession) -> Object {
    let d = Object::new();
    set(&d, "threadId", &JsValue::from_str(thread_id));
    set(
        &d,
        "runId",
        &opt_str(session.run_id.get_untracked().as_deref()),
    );
    d
}

fn set(o: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(key), value);
}

fn opt_str(s: Option<&str>) -> JsValue {
    s.map(JsValue::from_str).unwrap_or(JsValue::NULL)
}

fn json_to_js(v: &serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap_or(JsValue::NULL)
}
