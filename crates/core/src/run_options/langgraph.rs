//! A LangGraph server's run options: stream modes, subgraphs, multitask strategy, on_disconnect,
//! Stop's action, config, metadata, and the thread-centric stream.

use super::*;
use crate::dialects::langgraph::requests::RunOptions;

pub(super) static SPEC: RunOptionsSpec = RunOptionsSpec {
    class: "ac-langgraph-options",
    hint: None,
    options: &[
        RunOption {
            key: keys::THREAD_PROTOCOL,
            label: "Thread-centric stream (commands)",
            help: "run.start / input.respond commands; the thread's event stream (channels values, updates, messages, tools, lifecycle, input, custom), resumed by seq",
            placeholder: "",
            kind: OptionKind::Bool,
            default: "false",
            class: "ac-thread-protocol",
            group: None,
        },
        RunOption {
            key: "stream_mode",
            label: "Stream modes",
            help: "What the run's stream carries: full state (values), tokens (messages-tuple), node updates, what nodes write themselves (custom: the agent's UI components), and the rest",
            placeholder: "",
            kind: OptionKind::Many {
                options: &[
                    "values",
                    "messages-tuple",
                    "updates",
                    "custom",
                    "events",
                    "debug",
                    "tasks",
                    "checkpoints",
                ],
                item_class: "ac-mode",
            },
            default: "values,messages-tuple,updates,custom",
            class: "ac-stream-modes",
            group: None,
        },
        RunOption {
            key: "stream_subgraphs",
            label: "Stream subgraphs",
            help: "stream_subgraphs: the events of subgraphs too, under their node's namespace; the timeline nests their nodes under it",
            placeholder: "",
            kind: OptionKind::Bool,
            default: "false",
            class: "ac-subgraphs",
            group: None,
        },
        RunOption {
            key: keys::MULTITASK,
            label: "Multitask strategy",
            help: "What the server does with a run sent while another runs on the thread; any but the default lets Send start one while a run streams",
            placeholder: "",
            kind: OptionKind::Choice {
                options: &[
                    ("", "server default"),
                    ("reject", "reject"),
                    ("interrupt", "interrupt"),
                    ("rollback", "rollback"),
                    ("enqueue", "enqueue"),
                ],
                unset_label: None,
            },
            default: "",
            class: "ac-multitask",
            group: None,
        },
        RunOption {
            key: "on_disconnect",
            label: "On disconnect",
            help: "continue: a dropped connection does not end the run, so it can be rejoined",
            placeholder: "",
            kind: OptionKind::Choice {
                options: &[("continue", "continue"), ("cancel", "cancel")],
                unset_label: None,
            },
            default: "continue",
            class: "ac-on-disconnect",
            group: None,
        },
        STOP_ACTION,
        RunOption {
            key: "config",
            label: "Config",
            help: "The run's config (a JSON object): configurable, tags, recursion_limit",
            placeholder: "{}",
            kind: OptionKind::Json(JsonShape::Object),
            default: "",
            class: "ac-config",
            group: None,
        },
        METADATA,
    ],
};

/// What Stop asks the server to do (LangGraph and the Agent Protocol alike).
pub(super) const STOP_ACTION: RunOption = RunOption {
    key: keys::STOP_ACTION,
    label: "Stop does",
    help: "interrupt keeps what the run did; rollback undoes it",
    placeholder: "",
    kind: OptionKind::Choice {
        options: &[
            ("interrupt", "interrupt (keep what ran)"),
            ("rollback", "rollback (undo the run)"),
        ],
        unset_label: None,
    },
    default: "interrupt",
    class: "ac-cancel-action",
    group: None,
};

/// The run's metadata (LangGraph and the Agent Protocol alike).
pub(super) const METADATA: RunOption = RunOption {
    key: "metadata",
    label: "Metadata",
    help: "Kept on the run (a JSON object)",
    placeholder: "{}",
    kind: OptionKind::Json(JsonShape::Object),
    default: "",
    class: "ac-metadata",
    group: None,
};

pub(super) fn settings(
    form: &RunForm<'_>,
    assistant: Option<String>,
) -> Result<RunSettings, String> {
    let assistant = assistant.ok_or("No assistant to run: the server listed none.".to_owned())?;
    let mut o = RunOptions::new(assistant);
    o.stream_modes = form.set("stream_mode");
    o.stream_subgraphs = form.on("stream_subgraphs");
    o.multitask_strategy = form.text(keys::MULTITASK);
    o.on_disconnect = form.text("on_disconnect");
    o.config = json(form, "config")?;
    o.metadata = json(form, "metadata")?;
    Ok(RunSettings::LangGraph(o))
}
