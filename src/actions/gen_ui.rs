//! What an agent's component asks for on the user's behalf (a host element's `ui-action` event): to
//! send a message, or to answer the question the run waits on — what `useStreamContext().submit`
//! does in React; and a tool the run asks the page to run (a page's `tools`), answered by it.

use crate::state::AppState;
use leptos::prelude::*;
use serde_json::Value;

/// Acts on a component's `ui-action` detail: `{"message": "text"}` sends the text as the user's next
/// message (queued, as typed text is, while a run goes on); `{"resume": value}` answers the pending
/// interrupt with `value`. Anything else, or a resume with no question pending, is refused with why.
pub fn component_action(state: AppState, name: &str, detail: &Value) -> Result<(), String> {
    if state.replay.with_untracked(Option::is_some) {
        return Err(format!(
            "The component {name:?} is part of a recording: it cannot act on a live thread."
        ));
    }
    let detail = detail.as_object();
    if let Some(text) = detail
        .and_then(|d| d.get("message"))
        .and_then(Value::as_str)
    {
        if text.trim().is_empty() {
            return Err(format!("The component {name:?} sent an empty message."));
        }
        if super::queue::must_queue(state) {
            super::queue::queue_text(state, text.to_owned(), Vec::new());
        } else {
            super::thread::send_text(state, text.to_owned(), Vec::new());
        }
        return Ok(());
    }
    if let Some(answer) = detail.and_then(|d| d.get("resume")) {
        if state.session.interrupts.with_untracked(Vec::is_empty) {
            return Err(format!(
                "The component {name:?} answered a question, but the run is waiting for none."
            ));
        }
        super::thread::resume(state, answer.clone());
        return Ok(());
    }
    Err(format!(
        "The component {name:?} asked for something this client does not do (a ui-action's detail is {{\"message\": text}} or {{\"resume\": value}})."
    ))
}

/// The page's tool for the request the run waits on, if the first pending interrupt is a tool request
/// (`{"type": "tool", "tool_call": …}`) naming one of the page's tools: the request's key (the
/// interrupt's id and the call's — LangGraph gives two interrupts of one node the same id) and the
/// request.
pub fn page_tool_for(state: AppState) -> Option<(String, agent_console_core::gen_ui::ToolRequest)> {
    let (key, request) = state.session.interrupts.with_untracked(|l| {
        let i = l.first()?;
        let request = agent_console_core::gen_ui::tool_request(&i.value)?;
        let of_interrupt = i.id.clone().unwrap_or_else(|| i.value.to_string());
        let key = format!("{of_interrupt}#{}", request.id.clone().unwrap_or_default());
        Some((key, request))
    })?;
    lent_tool(state, &request.name).map(|_| (key, request))
}

/// The page's tool named `name`, if it lends one.
fn lent_tool(state: AppState, name: &str) -> Option<js_sys::Function> {
    let find = |t: &[(String, js_sys::Function)]| {
        t.iter().find(|(n, _)| n == name).map(|(_, f)| f.clone())
    };
    state.page_tools.with_value(|t| find(t)).or_else(|| {
        let lends = state.page_tools_global
            && state
                .profile_now()
                .is_some_and(|p| crate::platform::page_tools::page_lends_to(&p.base_url));
        lends
            .then(crate::platform::page_tools::of_page)
            .and_then(|t| find(&t))
    })
}

/// Answers the tool request the run waits on with the page's tool of that name, once per request:
/// the run resumes with what the tool returned, or with `{"error": why}` when it threw — if the same
/// question still waits on the same thread when the tool answers (else the answer is not sent, and
/// that is said). While the tool runs, `tool_running` names the request; after, a request still
/// waiting (its resume failed) is the user's to answer.
pub fn answer_with_page_tool(state: AppState) {
    let Some((key, request)) = page_tool_for(state) else {
        return;
    };
    let first_time = state
        .tools_answered
        .try_update_value(|done| {
            if done.contains(&key) {
                return false;
            }
            if done.len() >= 256 {
                done.remove(0);
            }
            done.push(key.clone());
            true
        })
        .unwrap_or(false);
    let Some(tool) = lent_tool(state, &request.name).filter(|_| first_time) else {
        return;
    };
    let thread = state.selected.get_untracked();
    state.tool_running.set(Some(key.clone()));
    state.spawn(async move {
        let answer = match crate::platform::page_tools::call(&tool, &request.args).await {
            Ok(v) => v,
            Err(why) => serde_json::json!({ "error": why }),
        };
        state.tool_running.set(None);
        let still_asked = state.selected.get_untracked() == thread
            && state.replay.with_untracked(Option::is_none)
            && page_tool_for(state).is_some_and(|(k, _)| k == key);
        if still_asked {
            super::thread::resume(state, answer);
        } else {
            state.session.notice.set(Some(format!(
                "The page's tool {:?} answered after its question had gone (another thread, a recording, or answered already): its answer was not sent.",
                request.name
            )));
        }
    });
}
