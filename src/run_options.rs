//! The composer's run options: stream modes, multitask strategy, on_disconnect, config and metadata;
//! for an Agent Protocol server every field of its RunStream request. JSON that does not parse is
//! marked in place and never sent.

use crate::app::use_app_state;
use agent_console_core::dialects::agent_protocol::requests::RunStreamOptions;
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
    /// Agent Protocol RunStream fields; empty = not sent (the server's default).
    pub ap_stateless: RwSignal<bool>,
    /// A thread id to run on instead of the open thread (with `if_not_exists: create`, a new one).
    pub ap_thread_id: RwSignal<String>,
    pub ap_input: RwSignal<String>,
    /// Messages (a JSON list) sent before the composer's one.
    pub ap_messages: RwSignal<String>,
    pub ap_tags: RwSignal<String>,
    pub ap_recursion_limit: RwSignal<String>,
    pub ap_configurable: RwSignal<String>,
    pub ap_webhook: RwSignal<String>,
    pub ap_on_completion: RwSignal<String>,
    pub ap_on_disconnect: RwSignal<String>,
    pub ap_if_not_exists: RwSignal<String>,
    pub ap_modes: RwSignal<Vec<String>>,
    /// Drive runs with thread-protocol commands and read the thread's subscription (LangGraph
    /// `/stream/events`, the spec's `/stream`) instead of a run stream.
    pub thread_protocol: RwSignal<bool>,
}

/// The Agent Protocol's stream modes.
pub const AP_STREAM_MODES: [&str; 4] = ["values", "messages", "updates", "custom"];

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
            ap_stateless: RwSignal::new(false),
            ap_thread_id: RwSignal::new(String::new()),
            ap_input: RwSignal::new(String::new()),
            ap_messages: RwSignal::new(String::new()),
            ap_tags: RwSignal::new(String::new()),
            ap_recursion_limit: RwSignal::new(String::new()),
            ap_configurable: RwSignal::new(String::new()),
            ap_webhook: RwSignal::new(String::new()),
            ap_on_completion: RwSignal::new(String::new()),
            ap_on_disconnect: RwSignal::new(String::new()),
            ap_if_not_exists: RwSignal::new(String::new()),
            // Tokens are what a user watches for: messages is on (the spec's default is values only).
            ap_modes: RwSignal::new(vec!["values".into(), "messages".into()]),
            thread_protocol: RwSignal::new(false),
        }
    }

    /// The Agent Protocol RunStream fields (no thread, agent or composer message yet), or what is
    /// wrong with them.
    pub fn agent_protocol(&self) -> Result<RunStreamOptions, String> {
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        let mut config = serde_json::Map::new();
        let tags: Vec<Value> = self
            .ap_tags
            .get_untracked()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(Value::from)
            .collect();
        if !tags.is_empty() {
            config.insert("tags".into(), Value::from(tags));
        }
        if let Some(n) = parse_int("Recursion limit", &self.ap_recursion_limit.get_untracked())? {
            config.insert("recursion_limit".into(), Value::from(n));
        }
        if let Some(c) = parse_object("Configurable", &self.ap_configurable.get_untracked())? {
            config.insert("configurable".into(), c);
        }
        let webhook = text(self.ap_webhook);
        if let Some(w) = &webhook {
            check_webhook(w)?;
        }
        let modes = self.ap_modes.get_untracked();
        if modes.is_empty() {
            return Err("Choose at least one stream mode.".into());
        }
        Ok(RunStreamOptions {
            thread_id: text(self.ap_thread_id),
            agent_id: None,
            input: parse_any("Input", &self.ap_input.get_untracked())?,
            messages: parse_list("Messages", &self.ap_messages.get_untracked())?,
            metadata: parse_object("Metadata", &self.metadata.get_untracked())?,
            config: (!config.is_empty()).then_some(Value::Object(config)),
            webhook,
            on_completion: text(self.ap_on_completion),
            on_disconnect: text(self.ap_on_disconnect),
            if_not_exists: text(self.ap_if_not_exists),
            stream_mode: AP_STREAM_MODES
                .iter()
                .filter(|m| modes.iter().any(|x| x == *m))
                .map(|m| (*m).to_owned())
                .collect(),
        })
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
            .or_else(|| {
                let t = self.ap_thread_id.get();
                (!t.trim().is_empty() && !is_uuid(t.trim()))
                    .then(|| "Thread id must be a UUID (8-4-4-4-12 hex digits).".to_owned())
            })
            .or_else(|| parse_any("Input", &self.ap_input.get()).err())
            .or_else(|| parse_list("Messages", &self.ap_messages.get()).err())
            .or_else(|| parse_object("Configurable", &self.ap_configurable.get()).err())
            .or_else(|| parse_int("Recursion limit", &self.ap_recursion_limit.get()).err())
            .or_else(|| {
                Some(self.ap_webhook.get())
                    .filter(|w| !w.trim().is_empty())
                    .and_then(|w| check_webhook(w.trim()).err())
            })
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

/// Empty → none; otherwise a whole number.
fn parse_int(name: &str, text: &str) -> Result<Option<i64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>()
        .map(Some)
        .map_err(|_| format!("{name} must be a whole number."))
}

/// Empty → none; otherwise any JSON value.
fn parse_any(name: &str, text: &str) -> Result<Option<Value>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str::<Value>(text)
        .map(Some)
        .map_err(|e| format!("{name} is not valid JSON: {e}"))
}

/// Empty → none; otherwise a JSON list of messages (`role` and `content` each).
fn parse_list(name: &str, text: &str) -> Result<Vec<Value>, String> {
    match parse_any(name, text)? {
        None => Ok(Vec::new()),
        Some(Value::Array(items))
            if items.iter().all(|m| {
                m.get("role").is_some_and(Value::is_string) && m.get("content").is_some()
            }) =>
        {
            Ok(items)
        }
        Some(_) => Err(format!(
            "{name} must be a JSON list of {{\"role\", \"content\"}} objects."
        )),
    }
}

/// A webhook is an http(s) URL.
fn check_webhook(w: &str) -> Result<(), String> {
    if (w.starts_with("http://") || w.starts_with("https://")) && !w.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err("Webhook must be an http:// or https:// URL.".into())
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
    if state.dialect_now() == Dialect::AgentProtocol {
        return agent_protocol_panel(state.selected, o).into_any();
    }
    if state.dialect_now() == Dialect::Yandex {
        return view! {
            <details class="ac-run-options ac-yandex-options">
                <summary>"Run options"</summary>
                <p class="ac-hint">"Empty fields keep the assistant's own settings."</p>
                {line_field("Max tokens", "ac-y-max-tokens", "assistant's", Some("decimal"), o.y_max_tokens, |t| parse_count("", t).is_err())}
                {line_field("Temperature (0–1)", "ac-y-temperature", "assistant's", Some("decimal"), o.y_temperature, |t| parse_temperature(t).is_err())}
                {line_field("Max prompt tokens", "ac-y-max-prompt-tokens", "7000", Some("decimal"), o.y_max_prompt_tokens, |t| parse_count("", t).is_err())}
            </details>
        }.into_any();
    }
    view! {
        <details class="ac-run-options">
            <summary>"Run options"</summary>
            <label class="ac-check" title="run.start / input.respond commands; the thread's event stream (channels values, updates, messages, tools, lifecycle, input, custom), resumed by seq">
                <input type="checkbox" class="ac-thread-protocol" prop:checked=move || o.thread_protocol.get()
                    on:change=move |ev| o.thread_protocol.set(event_target_checked(&ev)) />
                "Thread-centric stream (commands)"</label>
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
            {text_field("Config", "ac-config", "{}", o.config, |t| parse_object("", t).is_err())}
            {text_field("Metadata", "ac-metadata", "{}", o.metadata, |t| parse_object("", t).is_err())}
        </details>
    }
    .into_any()
}

/// Every RunStream field of the Agent Protocol. Empty fields are not sent; the selects' first choice
/// says what the server then does (the spec's defaults).
fn agent_protocol_panel(selected: RwSignal<Option<String>>, o: RunOptionsState) -> impl IntoView {
    // The spec: on_completion defaults to delete without a thread, keep with one.
    let has_thread = move || {
        !o.ap_stateless.get()
            && (selected.get().is_some() || !o.ap_thread_id.get().trim().is_empty())
    };
    let completion_default = move || {
        if has_thread() {
            "default (keep: the run has a thread)"
        } else {
            "default (delete: a stateless run)"
        }
    };
    view! {
        <details class="ac-run-options ac-ap-options">
            <summary>"Run options"</summary>
            <label class="ac-check" title="run.start / input.respond commands; the thread's event stream (POST /threads/{id}/stream), resumed by seq">
                <input type="checkbox" class="ac-thread-protocol" prop:checked=move || o.thread_protocol.get()
                    on:change=move |ev| o.thread_protocol.set(event_target_checked(&ev)) />
                "Thread-centric stream (commands)"</label>
            <label class="ac-check"><input type="checkbox" class="ac-ap-stateless"
                prop:checked=move || o.ap_stateless.get()
                on:change=move |ev| o.ap_stateless.set(event_target_checked(&ev)) />
                "Stateless run (no thread_id)"</label>
            {line_field("Thread id", "ac-ap-thread-id", "the open thread", None, o.ap_thread_id, |t| {
                let t = t.trim();
                !t.is_empty() && !is_uuid(t)
            })}
            <fieldset class="ac-stream-modes"><legend>"Stream modes"</legend>
                {AP_STREAM_MODES.into_iter().map(|m| view! {
                    <label><input type="checkbox" class="ac-ap-mode" value=m
                        prop:checked=move || o.ap_modes.with(|ms| ms.iter().any(|x| x == m))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            o.ap_modes.update(|ms| { ms.retain(|x| x != m); if on { ms.push(m.to_owned()); } });
                        } />{m}</label>
                }).collect_view()}
            </fieldset>
            {text_field("Input (JSON)", "ac-ap-input", "any JSON: {\"text\": \"…\"}", o.ap_input, |t| parse_any("", t).is_err())}
            {text_field("Messages (JSON list, before yours)", "ac-ap-messages", "[{\"role\": \"system\", \"content\": \"…\"}]", o.ap_messages, |t| parse_list("", t).is_err())}
            {text_field("Metadata (JSON object)", "ac-metadata", "{}", o.metadata, |t| parse_object("", t).is_err())}
            <fieldset class="ac-ap-config"><legend>"Config"</legend>
                {line_field("Tags (comma-separated)", "ac-ap-tags", "", None, o.ap_tags, |_| false)}
                {line_field("Recursion limit", "ac-ap-recursion-limit", "server's", None, o.ap_recursion_limit, |t| parse_int("", t).is_err())}
                {text_field("Configurable (JSON object)", "ac-ap-configurable", "{}", o.ap_configurable, |t| parse_object("", t).is_err())}
            </fieldset>
            {line_field("Webhook", "ac-ap-webhook", "https://…", None, o.ap_webhook, |t| !t.trim().is_empty() && check_webhook(t.trim()).is_err())}
            <label>"On completion"
                <select class="ac-ap-on-completion" on:change=move |ev| o.ap_on_completion.set(event_target_value(&ev))>
                    <option value="">{completion_default}</option>
                    <option value="keep">"keep"</option>
                    <option value="delete">"delete"</option>
                </select>
            </label>
            {choice("On disconnect", "ac-ap-on-disconnect", o.ap_on_disconnect, &[
                ("", "default (cancel)"), ("cancel", "cancel"), ("continue", "continue"),
            ])}
            {choice("If the thread does not exist", "ac-ap-if-not-exists", o.ap_if_not_exists, &[
                ("", "default (reject)"), ("reject", "reject"), ("create", "create"),
            ])}
            {choice("Stop does", "ac-cancel-action", o.cancel_action, &[
                ("interrupt", "interrupt (keep what ran)"), ("rollback", "rollback (undo the run)"),
            ])}
        </details>
    }
}

/// `8-4-4-4-12` hex digits.
fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A labelled one-line input writing into `sig`, marked invalid while `bad` says so.
fn line_field(
    label: &'static str,
    class: &'static str,
    placeholder: &'static str,
    inputmode: Option<&'static str>,
    sig: RwSignal<String>,
    bad: fn(&str) -> bool,
) -> impl IntoView {
    view! {
        <label>{label}
            <input class=class inputmode=inputmode placeholder=placeholder prop:value=move || sig.get()
                on:input=move |ev| sig.set(event_target_value(&ev)) class:ac-invalid=move || bad(&sig.get()) />
        </label>
    }
}

/// A labelled text area (JSON) writing into `sig`, marked invalid while `bad` says so.
fn text_field(
    label: &'static str,
    class: &'static str,
    placeholder: &'static str,
    sig: RwSignal<String>,
    bad: fn(&str) -> bool,
) -> impl IntoView {
    view! {
        <label class="ac-option-json">{label}
            <textarea class=class placeholder=placeholder prop:value=move || sig.get()
                on:input=move |ev| sig.set(event_target_value(&ev)) class:ac-invalid=move || bad(&sig.get())></textarea>
        </label>
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
