//! The composer's run options: stream modes, multitask strategy, on_disconnect, config and metadata;
//! for an Agent Protocol server every field of its RunStream request. JSON that does not parse is
//! marked in place and never sent.

use agent_console_core::backend::{RunOptionsForm, RunSettings};
use agent_console_core::dialects::agent_protocol::requests::RunStreamOptions;
use agent_console_core::dialects::langgraph::requests::{RunOptions, DEFAULT_STREAM_MODES};
use agent_console_core::dialects::responses::requests::RunOptions as ResponsesRunOptions;
use agent_console_core::dialects::yandex::requests::RunOptions as YandexRunOptions;
use agent_console_core::forms::*;
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
    /// LangGraph `stream_subgraphs`: subgraphs' events too (the timeline nests their nodes).
    pub subgraphs: RwSignal<bool>,
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
    /// Responses API options: a model other than the picker's, instructions, background, limits.
    pub r_model: RwSignal<String>,
    pub r_instructions: RwSignal<String>,
    pub r_background: RwSignal<bool>,
    pub r_max_output_tokens: RwSignal<String>,
    pub r_temperature: RwSignal<String>,
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
            subgraphs: RwSignal::new(false),
            multitask: RwSignal::new(String::new()),
            on_disconnect: RwSignal::new("continue".into()),
            cancel_action: RwSignal::new("interrupt".into()),
            config: RwSignal::new(String::new()),
            metadata: RwSignal::new(String::new()),
            y_max_tokens: RwSignal::new(String::new()),
            y_temperature: RwSignal::new(String::new()),
            y_max_prompt_tokens: RwSignal::new(String::new()),
            r_model: RwSignal::new(String::new()),
            r_instructions: RwSignal::new(String::new()),
            // Background responses can be resumed after a drop and stopped.
            r_background: RwSignal::new(true),
            r_max_output_tokens: RwSignal::new(String::new()),
            r_temperature: RwSignal::new(String::new()),
            ap_stateless: RwSignal::new(false),
            ap_thread_id: RwSignal::new(String::new()),
            ap_input: RwSignal::new(String::new()),
            ap_messages: RwSignal::new(String::new()),
            ap_tags: RwSignal::new(String::new()),
            ap_recursion_limit: RwSignal::new(String::new()),
            ap_configurable: RwSignal::new(String::new()),
            ap_webhook: RwSignal::new(String::new()),
            ap_on_completion: RwSignal::new(String::new()),
            // As for LangGraph: a dropped connection must not end the run, so that it can be rejoined.
            ap_on_disconnect: RwSignal::new("continue".into()),
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

    /// The Responses API options, or what is wrong with them.
    pub fn responses(&self) -> Result<ResponsesRunOptions, String> {
        Ok(ResponsesRunOptions {
            model: self.r_model.get_untracked().trim().to_owned(),
            instructions: self.r_instructions.get_untracked(),
            background: self.r_background.get_untracked(),
            max_output_tokens: parse_count(
                "Max output tokens",
                &self.r_max_output_tokens.get_untracked(),
            )?,
            temperature: parse_temperature(&self.r_temperature.get_untracked())?,
        })
    }

    /// The options to send, or what is wrong with them.
    pub fn build(&self, assistant_id: String) -> Result<RunOptions, String> {
        let mut o = RunOptions::new(assistant_id);
        o.stream_modes = self.modes.get_untracked();
        if o.stream_modes.is_empty() {
            return Err("Choose at least one stream mode.".into());
        }
        o.stream_subgraphs = self.subgraphs.get_untracked();
        o.multitask_strategy = Some(self.multitask.get_untracked()).filter(|m| !m.is_empty());
        o.on_disconnect = Some(self.on_disconnect.get_untracked());
        o.config = parse_object("Config", &self.config.get_untracked())?;
        o.metadata = parse_object("Metadata", &self.metadata.get_untracked())?;
        Ok(o)
    }

    /// The options the server's form collects, for a run of `assistant` (where the form needs one),
    /// or what is wrong with them.
    pub fn settings(
        &self,
        form: RunOptionsForm,
        assistant: Option<String>,
    ) -> Result<RunSettings, String> {
        match form {
            RunOptionsForm::LangGraph => {
                let assistant =
                    assistant.ok_or("No assistant to run: the server listed none.".to_owned())?;
                self.build(assistant).map(RunSettings::LangGraph)
            }
            RunOptionsForm::AgentProtocol => {
                self.agent_protocol()
                    .map(|options| RunSettings::AgentProtocol {
                        options,
                        stateless: self.ap_stateless.get_untracked(),
                    })
            }
            RunOptionsForm::Yandex => self.yandex().map(RunSettings::Yandex),
            RunOptionsForm::Responses => self.responses().map(RunSettings::Responses),
        }
    }

    /// Whether a second run may be sent while one streams, now (for actions).
    pub fn allows_concurrent_runs_now(&self) -> bool {
        !self.multitask.get_untracked().is_empty()
    }

    /// Whether runs go through the thread-centric protocol: chosen, and offered by the server.
    pub fn thread_protocol_on(&self, caps: &agent_console_core::backend::Capabilities) -> bool {
        caps.thread_protocol && self.thread_protocol.get_untracked()
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
