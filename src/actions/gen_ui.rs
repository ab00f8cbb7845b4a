//! What an agent's component asks for on the user's behalf (a host element's `ui-action` event): to
//! send a message, or to answer the question the run waits on — what `useStreamContext().submit`
//! does in React.

use crate::state::AppState;
use leptos::prelude::*;
use serde_json::Value;

/// Acts on a component's `ui-action` detail: `{"message": "text"}` sends the text as the user's next
/// message (queued, as typed text is, while a run goes on); `{"resume": value}` answers the pending
/// interrupt with `value`. Anything else, or a resume with no question pending, is refused with why.
pub fn component_action(state: AppState, name: &str, detail: &Value) -> Result<(), String> {
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
