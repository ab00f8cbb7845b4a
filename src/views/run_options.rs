//! The composer's run options panel: the form the server's capabilities name. JSON that does not
//! parse is marked in place (and Send stays disabled).

use crate::state::run_options::{RunOptionsState, ALL_STREAM_MODES, AP_STREAM_MODES};
use crate::state::use_app_state;
use agent_console_core::backend::RunOptionsForm;
use agent_console_core::forms::*;
use leptos::prelude::*;

#[component]
pub fn RunOptionsPanel() -> impl IntoView {
    let state = use_app_state();
    let o = state.run_options;
    let form = state
        .server_now()
        .map(|s| s.backend.capabilities().run_options)
        .unwrap_or(RunOptionsForm::LangGraph);
    match form {
        RunOptionsForm::AgentProtocol => agent_protocol_panel(state.selected, o).into_any(),
        RunOptionsForm::Yandex => yandex_panel(o).into_any(),
        RunOptionsForm::Responses => responses_panel(o).into_any(),
        RunOptionsForm::LangGraph => langgraph_panel(o).into_any(),
    }
}

/// Completion and truncation options; empty keeps the assistant's own.
fn yandex_panel(o: RunOptionsState) -> impl IntoView {
    view! {
            <details class="ac-run-options ac-yandex-options">
                <summary>"Run options"</summary>
                <p class="ac-hint">"Empty fields keep the assistant's own settings."</p>
                {line_field("Max tokens", "ac-y-max-tokens", "assistant's", Some("decimal"), o.y_max_tokens, |t| parse_count("", t).is_err())}
                {line_field("Temperature (0–1)", "ac-y-temperature", "assistant's", Some("decimal"), o.y_temperature, |t| parse_temperature(t).is_err())}
                {line_field("Max prompt tokens", "ac-y-max-prompt-tokens", "7000", Some("decimal"), o.y_max_prompt_tokens, |t| parse_count("", t).is_err())}
            </details>
    }
}

/// The model (empty: the picker's), instructions, background, token limit and temperature.
fn responses_panel(o: RunOptionsState) -> impl IntoView {
    view! {
            <details class="ac-run-options ac-responses-options">
                <summary>"Run options"</summary>
                <label class="ac-check" title="A background response runs on if the connection drops: its stream is resumed where it broke, and Stop cancels it. Untick for servers that refuse background responses.">
                    <input type="checkbox" class="ac-r-background" prop:checked=move || o.r_background.get()
                        on:change=move |ev| o.r_background.set(event_target_checked(&ev)) />
                    "Background (resumable, stoppable)"</label>
                {line_field("Model", "ac-r-model", "the picker's", None, o.r_model, |_| false)}
                {text_field("Instructions", "ac-r-instructions", "none", o.r_instructions, |_| false)}
                {line_field("Max output tokens", "ac-r-max-output-tokens", "server's", Some("decimal"), o.r_max_output_tokens, |t| parse_count("", t).is_err())}
                {line_field("Temperature (0–1)", "ac-r-temperature", "server's", Some("decimal"), o.r_temperature, |t| parse_temperature(t).is_err())}
            </details>
    }
}

/// Stream modes, multitask strategy, on_disconnect, Stop's action, config and metadata, and the
/// thread-centric stream.
fn langgraph_panel(o: RunOptionsState) -> impl IntoView {
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
            <label class="ac-check" title="stream_subgraphs: the events of subgraphs too, under their node's namespace; the timeline nests their nodes under it">
                <input type="checkbox" class="ac-subgraphs" prop:checked=move || o.subgraphs.get()
                    on:change=move |ev| o.subgraphs.set(event_target_checked(&ev)) />
                "Stream subgraphs"</label>
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
