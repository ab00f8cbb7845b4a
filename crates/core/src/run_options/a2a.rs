//! An A2A agent's run options: the output it may answer in, and metadata sent with the message.

use super::langgraph::METADATA;
use super::*;
use crate::dialects::a2a::requests::RunOptions;

pub(super) static SPEC: RunOptionsSpec = RunOptionsSpec {
    class: "ac-a2a-options",
    hint: None,
    options: &[
        RunOption {
            key: "accepted_output_modes",
            label: "Accepted output modes (comma-separated)",
            help: "configuration.acceptedOutputModes: the media types this client takes (text/plain, application/json…)",
            placeholder: "any",
            kind: OptionKind::List,
            default: "",
            class: "ac-a2a-output-modes",
            group: None,
        },
        RunOption {
            help: "Sent with the message (a JSON object)",
            ..METADATA
        },
    ],
};

pub(super) fn settings(form: &RunForm<'_>) -> Result<RunSettings, String> {
    Ok(RunSettings::A2a(RunOptions {
        accepted_output_modes: form
            .raw("accepted_output_modes")
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .collect(),
        metadata: json(form, "metadata")?,
    }))
}
