//! An OpenAI-compatible Responses server's run options: a model other than the picker's,
//! instructions, background, limits.

use super::*;
use crate::dialects::responses::requests::RunOptions;

pub(super) static SPEC: RunOptionsSpec = RunOptionsSpec {
    class: "ac-responses-options",
    hint: None,
    options: &[
        RunOption {
            key: "background",
            label: "Background (resumable, stoppable)",
            help: "A background response runs on if the connection drops: its stream is resumed where it broke, and Stop cancels it. Untick for servers that refuse background responses.",
            placeholder: "",
            kind: OptionKind::Bool,
            // Background responses can be resumed after a drop and stopped.
            default: "true",
            class: "ac-r-background",
            group: None,
        },
        RunOption {
            key: "model",
            label: "Model",
            help: "A model other than the picker's",
            placeholder: "the picker's",
            kind: OptionKind::Text {
                multiline: false,
                format: TextFormat::Plain,
            },
            default: "",
            class: "ac-r-model",
            group: None,
        },
        RunOption {
            key: "instructions",
            label: "Instructions",
            help: "System / developer instructions for this response",
            placeholder: "none",
            kind: OptionKind::Text {
                multiline: true,
                format: TextFormat::Plain,
            },
            default: "",
            class: "ac-r-instructions",
            group: None,
        },
        RunOption {
            key: "max_output_tokens",
            label: "Max output tokens",
            help: "max_output_tokens",
            placeholder: "server's",
            kind: OptionKind::Number(NumberRule::Count),
            default: "",
            class: "ac-r-max-output-tokens",
            group: None,
        },
        RunOption {
            key: "temperature",
            label: "Temperature (0–1)",
            help: "temperature",
            placeholder: "server's",
            kind: OptionKind::Number(NumberRule::Fraction),
            default: "",
            class: "ac-r-temperature",
            group: None,
        },
    ],
};

pub(super) fn settings(form: &RunForm<'_>) -> Result<RunSettings, String> {
    Ok(RunSettings::Responses(RunOptions {
        model: form.raw("model").trim().to_owned(),
        instructions: form.raw("instructions"),
        background: form.on("background"),
        max_output_tokens: parse_count("Max output tokens", &form.raw("max_output_tokens"))?,
        temperature: parse_temperature(&form.raw("temperature"))?,
    }))
}
