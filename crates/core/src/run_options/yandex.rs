//! A Yandex assistant's run options: completion and truncation; empty keeps the assistant's own.

use super::*;
use crate::dialects::yandex::requests::RunOptions;

pub(super) static SPEC: RunOptionsSpec = RunOptionsSpec {
    class: "ac-yandex-options",
    hint: Some("Empty fields keep the assistant's own settings."),
    options: &[
        RunOption {
            key: "max_tokens",
            label: "Max tokens",
            help: "customCompletionOptions.maxTokens",
            placeholder: "assistant's",
            kind: OptionKind::Number(NumberRule::Count),
            default: "",
            class: "ac-y-max-tokens",
            group: None,
        },
        RunOption {
            key: "temperature",
            label: "Temperature (0–1)",
            help: "customCompletionOptions.temperature",
            placeholder: "assistant's",
            kind: OptionKind::Number(NumberRule::Fraction),
            default: "",
            class: "ac-y-temperature",
            group: None,
        },
        RunOption {
            key: "max_prompt_tokens",
            label: "Max prompt tokens",
            help: "truncationOptions.maxPromptTokens: older messages are left out past it",
            placeholder: "7000",
            kind: OptionKind::Number(NumberRule::Count),
            default: "",
            class: "ac-y-max-prompt-tokens",
            group: None,
        },
    ],
};

pub(super) fn settings(form: &RunForm<'_>) -> Result<RunSettings, String> {
    Ok(RunSettings::Yandex(RunOptions {
        max_tokens: parse_count("Max tokens", &form.raw("max_tokens"))?,
        temperature: parse_temperature(&form.raw("temperature"))?,
        max_prompt_tokens: parse_count("Max prompt tokens", &form.raw("max_prompt_tokens"))?,
    }))
}
