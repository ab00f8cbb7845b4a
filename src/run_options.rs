//! The composer's run options: stream modes, multitask strategy, on_disconnect, config and metadata.
//! JSON that does not parse is marked in place and never sent.

use crate::app::use_app_state;
use agent_console_core::dialects::langgraph::requests::{RunOptions, DEFAULT_STREAM_MODES};
use agent_console_core::dialects::yandex::requests::RunOptions as YandexRunOptions;
use agent_console_core::Dialect;
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
    /// Yandex `Run.Create` options; empty = the assistant's own.
    pub y_max_tokens: RwSignal<String>,
    pub y_temperature: RwSignal<String>,
    pub y_max_prompt_tokens: RwSignal<String>,
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
            y_max_tokens: RwSignal::new(String::new()),
            y_temperature: RwSignal::new(String::new()),
            y_max_prompt_tokens: RwSignal::new(String::new()),
        }
    }

    /// The Yandex run's custom completion and truncation options, or what is wrong with them.
    pub fn yandex(&self) -> Result<YandexRunOptions, String> {
        Ok(YandexRunOptions {
            max_tokens: parse_count("Max tokens", &self.y_max_tokens.get_untracked())?,
            temperature: parse_temperature(&self.y_temperature.get_untracked())?,
            max_prompt_tokens: parse_count(
                "Max prompt tokens",
                &self.y_max_prompt_tokens.get_untracked(),
            )?,
        })
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
        check("Config", self.config.get())
            .or_else(|| check("Metadata", self.metadata.get()))
            .or_else(|| parse_count("Max tokens", &self.y_max_tokens.get()).err())
            .or_else(|| parse_temperature(&self.y_temperature.get()).err())
            .or_else(|| parse_count("Max prompt tokens", &self.y_max_prompt_tokens.get()).err())
    }
}

impl Default for RunOptionsState {
    fn default() -> Self {
        Self::new()
    }
}

/// Empty → none; otherwise a positive whole number (int64, sent as a string).
fn parse_count(name: &str, text: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u64>() {
        Ok(n) if n > 0 && n <= i64::MAX as u64 => Ok(Some(n)),
        _ => Err(format!("{name} must be a whole number above 0.")),
    }
}

/// Empty → none; otherwise a number from 0 to 1.
fn parse_temperature(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(Some(x)),
        _ => Err("Temperature must be a number from 0 to 1.".into()),
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
    if state.dialect_now() == Dialect::Yandex {
        let number = move |label: &'static str,
                           class: &'static str,
                           placeholder: &'static str,
                           sig: RwSignal<String>,
                           bad: fn(&str) -> bool| {
            view! {
                <label>{label}
                    <input class=class inputmode="decimal" placeholder=placeholder prop:value=move || sig.get()
                        on:input=move |ev| sig.set(event_target_value(&ev)) class:ac-invalid=move || bad(&sig.get()) />
                </label>
            }
        };
        return view! {
            <details class="ac-run-options ac-yandex-options">
                <summary>"Run options"</summary>
                <p class="ac-hint">"Empty fields keep the assistant's own settings."</p>
                {number("Max tokens", "ac-y-max-tokens", "assistant's", o.y_max_tokens, |t| parse_count("", t).is_err())}
                {number("Temperature (0–1)", "ac-y-temperature", "assistant's", o.y_temperature, |t| parse_temperature(t).is_err())}
                {number("Max prompt tokens", "ac-y-max-prompt-tokens", "7000", o.y_max_prompt_tokens, |t| parse_count("", t).is_err())}
            </details>
        }.into_any();
    }
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
    .into_any()
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
