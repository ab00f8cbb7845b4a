//! An Agent Protocol server's run options: every field of its RunStream request. Empty fields are not
//! sent; a choice's first entry says what the server then does (the spec's defaults).

use super::langgraph::{METADATA, STOP_ACTION};
use super::*;
use crate::dialects::agent_protocol::requests::RunStreamOptions;

const STATELESS: &str = "stateless";
const THREAD_ID: &str = "thread_id";

pub(super) static SPEC: RunOptionsSpec = RunOptionsSpec {
    class: "ac-ap-options",
    hint: None,
    options: &[
        RunOption {
            key: keys::THREAD_PROTOCOL,
            label: "Thread-centric stream (commands)",
            help: "run.start / input.respond commands; the thread's event stream (POST /threads/{id}/stream), resumed by seq",
            placeholder: "",
            kind: OptionKind::Bool,
            default: "false",
            class: "ac-thread-protocol",
            group: None,
        },
        RunOption {
            key: STATELESS,
            label: "Stateless run (no thread_id)",
            help: "The run has no thread: nothing it does is kept on one",
            placeholder: "",
            kind: OptionKind::Bool,
            default: "false",
            class: "ac-ap-stateless",
            group: None,
        },
        RunOption {
            key: THREAD_ID,
            label: "Thread id",
            help: "A thread to run on instead of the open thread (with “create” below, a new one)",
            placeholder: "the open thread",
            kind: OptionKind::Text {
                multiline: false,
                format: TextFormat::Uuid,
            },
            default: "",
            class: "ac-ap-thread-id",
            group: None,
        },
        RunOption {
            key: "stream_mode",
            label: "Stream modes",
            help: "What the run's stream carries; tokens (messages) are on, the spec's default is values only",
            placeholder: "",
            kind: OptionKind::Many {
                options: &["values", "messages", "updates", "custom"],
                item_class: "ac-ap-mode",
            },
            default: "values,messages",
            class: "ac-stream-modes",
            group: None,
        },
        RunOption {
            key: "input",
            label: "Input (JSON)",
            help: "The run's input, any JSON",
            placeholder: "any JSON: {\"text\": \"…\"}",
            kind: OptionKind::Json(JsonShape::Any),
            default: "",
            class: "ac-ap-input",
            group: None,
        },
        RunOption {
            key: "messages",
            label: "Messages (JSON list, before yours)",
            help: "Messages sent before the composer's one",
            placeholder: "[{\"role\": \"system\", \"content\": \"…\"}]",
            kind: OptionKind::Json(JsonShape::Messages),
            default: "",
            class: "ac-ap-messages",
            group: None,
        },
        RunOption {
            label: "Metadata (JSON object)",
            ..METADATA
        },
        RunOption {
            key: "tags",
            label: "Tags (comma-separated)",
            help: "config.tags",
            placeholder: "",
            kind: OptionKind::List,
            default: "",
            class: "ac-ap-tags",
            group: Some("Config"),
        },
        RunOption {
            key: "recursion_limit",
            label: "Recursion limit",
            help: "config.recursion_limit",
            placeholder: "server's",
            kind: OptionKind::Number(NumberRule::Whole),
            default: "",
            class: "ac-ap-recursion-limit",
            group: Some("Config"),
        },
        RunOption {
            key: "configurable",
            label: "Configurable (JSON object)",
            help: "config.configurable",
            placeholder: "{}",
            kind: OptionKind::Json(JsonShape::Object),
            default: "",
            class: "ac-ap-configurable",
            group: Some("Config"),
        },
        RunOption {
            key: "webhook",
            label: "Webhook",
            help: "Called when the run ends",
            placeholder: "https://…",
            kind: OptionKind::Text {
                multiline: false,
                format: TextFormat::HttpUrl,
            },
            default: "",
            class: "ac-ap-webhook",
            group: None,
        },
        RunOption {
            key: "on_completion",
            label: "On completion",
            help: "Whether the run's thread is kept or deleted when it ends",
            placeholder: "",
            kind: OptionKind::Choice {
                options: &[("", "default"), ("keep", "keep"), ("delete", "delete")],
                unset_label: Some(completion_default),
            },
            default: "",
            class: "ac-ap-on-completion",
            group: None,
        },
        RunOption {
            key: "on_disconnect",
            label: "On disconnect",
            help: "continue: a dropped connection does not end the run, so it can be rejoined",
            placeholder: "",
            kind: OptionKind::Choice {
                options: &[
                    ("", "default (cancel)"),
                    ("cancel", "cancel"),
                    ("continue", "continue"),
                ],
                unset_label: None,
            },
            // As for LangGraph: a dropped connection must not end the run, so that it can be rejoined.
            default: "continue",
            class: "ac-ap-on-disconnect",
            group: None,
        },
        RunOption {
            key: "if_not_exists",
            label: "If the thread does not exist",
            help: "create: a thread id that is not there yet is made",
            placeholder: "",
            kind: OptionKind::Choice {
                options: &[
                    ("", "default (reject)"),
                    ("reject", "reject"),
                    ("create", "create"),
                ],
                unset_label: None,
            },
            default: "",
            class: "ac-ap-if-not-exists",
            group: None,
        },
        STOP_ACTION,
    ],
};

/// The spec: on_completion defaults to delete without a thread, keep with one.
fn completion_default(form: &RunForm<'_>, open_thread: bool) -> &'static str {
    if !form.on(STATELESS) && (open_thread || form.text(THREAD_ID).is_some()) {
        "default (keep: the run has a thread)"
    } else {
        "default (delete: a stateless run)"
    }
}

pub(super) fn settings(form: &RunForm<'_>) -> Result<RunSettings, String> {
    let mut config = serde_json::Map::new();
    let tags: Vec<Value> = form
        .raw("tags")
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(Value::from)
        .collect();
    if !tags.is_empty() {
        config.insert("tags".into(), Value::from(tags));
    }
    if let Some(n) = parse_int("Recursion limit", &form.raw("recursion_limit"))? {
        config.insert("recursion_limit".into(), Value::from(n));
    }
    if let Some(c) = json(form, "configurable")? {
        config.insert("configurable".into(), c);
    }
    let options = RunStreamOptions {
        thread_id: form.text(THREAD_ID),
        agent_id: None,
        input: json(form, "input")?,
        messages: parse_list("Messages", &form.raw("messages"))?,
        metadata: json(form, "metadata")?,
        config: (!config.is_empty()).then_some(Value::Object(config)),
        webhook: form.text("webhook"),
        on_completion: form.text("on_completion"),
        on_disconnect: form.text("on_disconnect"),
        if_not_exists: form.text("if_not_exists"),
        stream_mode: form.set_in_order("stream_mode"),
    };
    Ok(RunSettings::AgentProtocol {
        options,
        stateless: form.on(STATELESS),
    })
}
