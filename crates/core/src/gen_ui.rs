//! Generative UI: the components an agent asks the client to show beside its messages (LangGraph's UI
//! messages, `push_ui_message` / `delete_ui_message` in `langgraph.graph.ui`).
//!
//! They arrive two ways, reduced the same way: live, as the run's `custom` stream events (one push or
//! removal each; a push with `metadata.merge` carries only the props that changed), and whole, as the
//! state's `ui` key (the server's own reduction: what a thread shows when it opens, on a branch, at a
//! checkpoint). The rules are `ui_message_reducer`'s: a new id is appended, a known one replaced in
//! place (its props merged shallowly, top-level keys, when `merge`), `remove-ui` deletes it (an unknown
//! id is ignored, as the JS SDK does).
//!
//! Everything here is the agent's: a name and props are data to show, never markup.

use crate::domain::Values;
use serde_json::{Map, Value};

/// At most this many components in a thread: the oldest go first beyond it (said, never silent).
pub const MAX_UI_MESSAGES: usize = 500;

/// One component the agent asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct UiMessage {
    pub id: String,
    /// Which component: a host page's element is chosen by it, else the built-in card shows it.
    pub name: String,
    /// The component's input (an object on the wire; anything else is kept under `value`).
    pub props: Map<String, Value>,
    /// The message it belongs to (`metadata.message_id`; the JS SDK's newer `metadata.id`).
    pub message_id: Option<String>,
    /// The run that pushed it.
    pub run_id: Option<String>,
}

/// One change to a thread's components.
#[derive(Debug, Clone, PartialEq)]
pub enum UiEvent {
    Push { message: UiMessage, merge: bool },
    Remove { id: String },
}

/// Reads a `custom` event's value as a change to the components, if it is one (`{"type": "ui", …}` or
/// `{"type": "remove-ui", "id"}`; the thread protocol's `{"payload": …}` around either too).
pub fn parse(value: &Value) -> Option<UiEvent> {
    let obj = value.as_object()?;
    let obj = match obj.get("type") {
        Some(_) => obj,
        None => obj.get("payload")?.as_object()?,
    };
    let id = obj.get("id")?.as_str()?.to_owned();
    match obj.get("type")?.as_str()? {
        "remove-ui" => Some(UiEvent::Remove { id }),
        "ui" => {
            let meta = obj.get("metadata").and_then(Value::as_object);
            let text = |key: &str| {
                meta.and_then(|m| m.get(key))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let props = match obj.get("props") {
                Some(Value::Object(m)) => m.clone(),
                None | Some(Value::Null) => Map::new(),
                Some(other) => Map::from_iter([("value".to_owned(), other.clone())]),
            };
            let merge = meta
                .and_then(|m| m.get("merge"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            Some(UiEvent::Push {
                message: UiMessage {
                    id,
                    name: obj
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned(),
                    props,
                    message_id: text("message_id").or_else(|| text("id")),
                    run_id: text("run_id"),
                },
                merge,
            })
        }
        _ => None,
    }
}

/// A thread's components, in the order they were first pushed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UiMessages {
    list: Vec<UiMessage>,
    /// How many were let go beyond [`MAX_UI_MESSAGES`].
    pub dropped: usize,
}

impl UiMessages {
    /// The components of a state's `ui` key (an array the server reduced; anything else: none).
    pub fn from_state(ui: &Value) -> Self {
        let mut all = Self::default();
        for item in ui.as_array().into_iter().flatten() {
            if let Some(e) = parse(item) {
                all.apply(e);
            }
        }
        all
    }

    /// The components of a thread's values, read without parsing the rest of them when they are still
    /// text (a long thread's values are megabytes; most have no `ui` key at all).
    pub fn from_values(values: &Values) -> Option<Self> {
        values.field("ui").map(|ui| Self::from_state(&ui))
    }

    /// Applies one change; whether anything shown changed.
    pub fn apply(&mut self, e: UiEvent) -> bool {
        match e {
            UiEvent::Remove { id } => {
                let before = self.list.len();
                self.list.retain(|m| m.id != id);
                self.list.len() != before
            }
            UiEvent::Push { message, merge } => {
                match self.list.iter_mut().find(|m| m.id == message.id) {
                    Some(m) => {
                        let mut message = message;
                        if merge {
                            let mut props = std::mem::take(&mut m.props);
                            props.extend(message.props);
                            message.props = props;
                        }
                        if *m == message {
                            return false;
                        }
                        *m = message;
                    }
                    None => {
                        self.list.push(message);
                        if self.list.len() > MAX_UI_MESSAGES {
                            let over = self.list.len() - MAX_UI_MESSAGES;
                            self.list.drain(..over);
                            self.dropped += over;
                        }
                    }
                }
                true
            }
        }
    }

    /// Keeps only the components of messages `kept` says are kept (a new branch from a checkpoint: the
    /// components of the messages it left behind go with them); whether any went.
    pub fn retain_messages(&mut self, mut kept: impl FnMut(&str) -> bool) -> bool {
        let before = self.list.len();
        self.list
            .retain(|m| m.message_id.as_deref().is_some_and(&mut kept));
        self.list.len() != before
    }

    pub fn all(&self) -> &[UiMessage] {
        &self.list
    }

    pub fn get(&self, id: &str) -> Option<&UiMessage> {
        self.list.iter().find(|m| m.id == id)
    }

    /// Whether message `message_id` has any component.
    pub fn has_for(&self, message_id: &str) -> bool {
        self.list
            .iter()
            .any(|m| m.message_id.as_deref() == Some(message_id))
    }

    /// The ids of the components that belong to message `message_id`.
    pub fn ids_for(&self, message_id: &str) -> Vec<String> {
        self.list
            .iter()
            .filter(|m| m.message_id.as_deref() == Some(message_id))
            .map(|m| m.id.clone())
            .collect()
    }

    /// The ids of the components that belong to none of `messages` (pushed with no message, or with
    /// one this thread does not show): shown after the conversation, not lost.
    pub fn ids_apart(&self, mut shown: impl FnMut(&str) -> bool) -> Vec<String> {
        self.list
            .iter()
            .filter(|m| !m.message_id.as_deref().is_some_and(&mut shown))
            .map(|m| m.id.clone())
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A tool the run asks the client to run (a frontend tool: a LangGraph interrupt whose value is
/// `{"type": "tool", "tool_call": {"id", "name", "args"}}`).
#[derive(Debug, Clone, PartialEq)]
pub struct ToolRequest {
    pub id: Option<String>,
    pub name: String,
    pub args: Value,
}

/// Reads an interrupt's value as a tool request, if it is one.
pub fn tool_request(value: &Value) -> Option<ToolRequest> {
    if value.get("type")?.as_str()? != "tool" {
        return None;
    }
    let call = value.get("tool_call")?.as_object()?;
    Some(ToolRequest {
        id: call.get("id").and_then(Value::as_str).map(str::to_owned),
        name: call.get("name")?.as_str()?.to_owned(),
        args: call.get("args").cloned().unwrap_or(Value::Null),
    })
}

#[cfg(test)]
mod tests;
