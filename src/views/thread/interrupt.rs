//! The interrupt card: the question a waiting run asks, answered with a button, a form or JSON.

use crate::actions::thread::resume;
use crate::state::use_app_state;
use crate::views::schema_fields::field_rows;
use agent_console_core::domain::Interrupt;
use agent_console_core::interrupt_form::{self, FormField};
use leptos::prelude::*;
use serde_json::Value;

/// A pending interrupt: its question, buttons for plain `options`, a form when `response_schema`
/// describes fields, and always a JSON answer.
#[component]
pub(super) fn InterruptCard(interrupt: Interrupt) -> impl IntoView {
    let state = use_app_state();
    let prompt = interrupt_form::prompt_of(&interrupt);
    let answer = RwSignal::new(String::from("\"yes\""));
    let answer_error = RwSignal::new(None::<String>);
    let send_json = move |_| match serde_json::from_str::<Value>(&answer.get_untracked()) {
        Ok(v) => {
            answer_error.set(None);
            resume(state, v);
        }
        Err(e) => answer_error.set(Some(format!("Not valid JSON: {e}"))),
    };
    let form = (!prompt.fields.is_empty())
        .then(|| view! { <InterruptForm fields=prompt.fields.clone() /> });
    // A recording's question is shown, never answered: playback acts on no live thread.
    let playing = move || state.replay.with(Option::is_some);
    view! {
        <fieldset class="ac-interrupt" role="group" disabled=playing>
            {move || playing().then(|| view! {
                <p class="ac-interrupt-recorded">"Recorded: this question is part of the recording and cannot be answered here."</p>
            })}
            <h2>"The agent is waiting for you"</h2>
            <p class="ac-interrupt-question">{prompt.question.clone().unwrap_or_else(|| serde_json::to_string_pretty(&interrupt.value).unwrap_or_default())}</p>
            <div class="ac-interrupt-options">
                {prompt.options.into_iter().map(|o| {
                    let v = Value::String(o.clone());
                    view! { <button class="ac-interrupt-option" on:click=move |_| resume(state, v.clone())>{o}</button> }
                }).collect_view()}
            </div>
            {form}
            <details class="ac-interrupt-json">
                <summary>"Answer with JSON"</summary>
                <textarea prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
                <button on:click=send_json>"Resume"</button>
                {move || answer_error.get().map(|e| view! { <p class="ac-error">{e}</p> })}
            </details>
        </fieldset>
    }
}

/// The form an interrupt's `response_schema` describes; its answer is checked before the run resumes.
#[component]
pub(super) fn InterruptForm(fields: Vec<FormField>) -> impl IntoView {
    let state = use_app_state();
    let inputs = RwSignal::new(
        fields
            .iter()
            .map(interrupt_form::initial_input)
            .collect::<Vec<_>>(),
    );
    let error = RwSignal::new(None::<String>);
    let submit = {
        let fields = fields.clone();
        move |ev: web_sys::SubmitEvent| {
            ev.prevent_default();
            let typed = inputs.get_untracked();
            match interrupt_form::answer_from_inputs(&fields, &typed) {
                Ok(v) => {
                    error.set(None);
                    resume(state, v);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let rows = field_rows(&fields, inputs);
    view! {
        <form class="ac-interrupt-form" on:submit=submit>
            {rows}
            {move || error.get().map(|e| view! { <p class="ac-error ac-form-error" role="alert">{e}</p> })}
            <button type="submit" class="ac-form-submit">"Send answer"</button>
        </form>
    }
}
