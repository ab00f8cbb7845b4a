//! The composer's run options: stream modes, multitask strategy, on_disconnect, config and metadata.
//! JSON that does not parse is marked in place and never sent.

use crate::app::use_app_state;
use agent_console_core::dialects::langgraph::requests::{RunOptions, DEFAULT_STREAM_MODES};
use leptos::prelude::*;
use serde_json::Value;

/// Every stream mode a LangGraph server offers.
pub const ALL_STREAM_MODES: [&str; 8] = [
    "values",
    "messages-tuple",
    "updates",
    "custom",
    "events",
    "debug",
    "tasks",
    "checkpoints",
];

#[derive(Clone, Copy)]
pub struct RunOptionsState {
    pub modes: RwSignal<Vec<String>>,
    /// Empty: the server's default (`enqueue` on LangGraph).
    pub multitask: RwSignal<String>,
    pub on_disconnect: RwSignal<String>,
    /// What Stop asks the server to do: `interrupt` (keep what ran) or `rollback` (undo the run).
    pub cancel_action: RwSignal<String>,
    pub config: RwSignal<String>,
    pub metadata: RwSignal<String>,
}

impl RunOptionsState {
    pub fn new() -> Self {
        Self {
            modes: RwSignal::new(
                DEFAULT_STREAM_MODES
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect(),
            ),
            multitask: RwSignal::new(String::new()),
            on_disconnect: RwSignal::new("continue".into()),
            cancel_action: RwSignal::new("interrupt".into()),
            config: RwSignal::new(String::new()),
            metadata: RwSignal::new(String::new()),
        }
    }

    /// The options to send, or what is wrong with them.
    pub fn build(&self, assistant_id: String) -> Result<RunOptions, String> {
        let mut o = RunOptions::new(assistant_id);
        o.stream_modes = self.modes.get_untracked();
        if o.stream_modes.is_empty() {
            return Err("Choose at least one stream mode.".into());
        }
        o.multitask_strategy = Some(self.multitask.get_untracked()).filter(|m| !m.is_empty());
        o.on_disconnect = Some(self.on_disconnect.get_untracked());
        o.config = parse_object("Config", &self.config.get_untracked())?;
        o.metadata = parse_object("Metadata", &self.metadata.get_untracked())?;
        Ok(o)
    }

    /// Whether a second run may be sent while one is streaming (that is what multitask strategies are for).
    pub fn allows_concurrent_runs(&self) -> bool {
        !self.multitask.get().is_empty()
    }

    pub fn problem(&self) -> Option<String> {
        let check = |name: &str, text: String| parse_object(name, &text).err();
        check("Config", self.config.get()).or_else(|| check("Metadata", self.metadata.get()))
    }
}

impl Default for RunOptionsState {
    fn default() -> Self {
        Self::new()
    }
}

/// Empty → none; otherwise a JSON object.
fn parse_object(name: &str, text: &str) -> Result<Option<Value>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v @ Value::Object(_)) => Ok(Some(v)),
        Ok(_) => Err(format!("{name} must be a JSON object.")),
        Err(e) => Err(format!("{name} is not valid JSON: {e}")),
    }
}

#[component]
pub fn RunOptionsPanel() -> impl IntoView {
    let state = use_app_state();
    let o = state.run_options;
    let json_field = move |label: &'static str, class: &'static str, sig: RwSignal<String>| {
        view! {
            <label class="ac-option-json">{label}
                <textarea class=class placeholder="{}" prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev))
                    class:ac-invalid=move || parse_object(label, &sig.get()).is_err()></textarea>
            </label>
        }
    };
    view! {
        <details class="ac-run-options">
            <summary>"Run options"</summary>
            <fieldset class="ac-stream-modes"><legend>"Stream modes"</legend>
                {ALL_STREAM_MODES.into_iter().map(|m| view! {
                    <label><input type="checkbox" class="ac-mode" value=m
                        prop:checked=move || o.modes.with(|ms| ms.iter().any(|x| x == m))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            o.modes.update(|ms| { ms.retain(|x| x != m); if on { ms.push(m.to_owned()); } });
                        } />{m}</label>
                }).collect_view()}
            </fieldset>
            {choice("Multitask strategy", "ac-multitask", o.multitask, &[
                ("", "server default"), ("reject", "reject"), ("interrupt", "interrupt"),
                ("rollback", "rollback"), ("enqueue", "enqueue"),
            ])}
            {choice("On disconnect", "ac-on-disconnect", o.on_disconnect, &[
                ("continue", "continue"), ("cancel", "cancel"),
            ])}
            {choice("Stop does", "ac-cancel-action", o.cancel_action, &[
                ("interrupt", "interrupt (keep what ran)"), ("rollback", "rollback (undo the run)"),
            ])}
            {json_field("Config", "ac-config", o.config)}
            {json_field("Metadata", "ac-metadata", o.metadata)}
        </details>
    }
}

/// A labelled select of fixed `(value, label)` choices writing into `sig`; the first is the default.
fn choice(
    label: &'static str,
    class: &'static str,
    sig: RwSignal<String>,
    options: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    view! {
        <label>{label}
            <select class=class on:change=move |ev| sig.set(event_target_value(&ev))>
                {options.iter().map(|(value, text)| view! { <option value=*value>{*text}</option> }).collect_view()}
            </select>
        </label>
    }
}
