//! The inputs of a form a JSON Schema describes (core's `FormField`s): an interrupt's
//! `response_schema`, an assistant's context and `configurable`. One input per field, by its kind,
//! each bound to its text (booleans as "true" / "false").

use agent_console_core::interrupt_form::{FieldKind, FormField};
use leptos::prelude::*;

/// A labelled input for each field, bound to the text at the same place in `inputs`.
pub fn field_rows(fields: &[FormField], inputs: RwSignal<Vec<String>>) -> impl IntoView {
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let input = Input(inputs, i);
            // Its own text, told only when that changes: typing in one field leaves the others'
            // inputs alone (a number half typed is not rewritten).
            let text = Memo::new(move |_| input.get());
            let default_on = f.default == Some(serde_json::Value::Bool(true));
            let control = match &f.kind {
                FieldKind::Boolean => view! {
                    <input type="checkbox" name=f.name.clone()
                        prop:checked=move || text.with(|t| t == "true" || (t.is_empty() && default_on))
                        on:change=move |ev| input.set(event_target_checked(&ev).to_string()) />
                }
                .into_any(),
                FieldKind::Choice(choices) => view! {
                    <select name=f.name.clone() on:change=move |ev| input.set(event_target_value(&ev))>
                        {(!f.required).then(|| view! { <option value="">"—"</option> })}
                        {choices.iter().map(|c| {
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || text.with(|t| *t == c2)>{c.clone()}</option> }
                        }).collect_view()}
                    </select>
                }
                .into_any(),
                FieldKind::LongText | FieldKind::Json => view! {
                    <textarea name=f.name.clone() prop:value=move || text.get()
                        on:input=move |ev| input.set(event_target_value(&ev))></textarea>
                }
                .into_any(),
                FieldKind::Integer { .. } | FieldKind::Number { .. } => view! {
                    <input type="number" step=if matches!(f.kind, FieldKind::Integer { .. }) { "1" } else { "any" }
                        name=f.name.clone() prop:value=move || text.get()
                        on:input=move |ev| input.set(event_target_value(&ev)) />
                }
                .into_any(),
                FieldKind::Text => view! {
                    <input type="text" name=f.name.clone() prop:value=move || text.get()
                        on:input=move |ev| input.set(event_target_value(&ev)) />
                }
                .into_any(),
            };
            let label = if f.required { format!("{} *", f.label) } else { f.label.clone() };
            view! {
                <label class="ac-form-field" data-field=f.name.clone()>
                    <span class="ac-form-label">{label}</span>
                    {control}
                    {f.description.clone().map(|d| view! { <small>{d}</small> })}
                </label>
            }
        })
        .collect_view()
}

/// The text of one field: place `.1` in the form's inputs.
#[derive(Clone, Copy)]
struct Input(RwSignal<Vec<String>>, usize);

impl Input {
    fn get(&self) -> String {
        self.0.with(|v| v.get(self.1).cloned().unwrap_or_default())
    }

    fn set(&self, text: String) {
        self.0.update(|v| {
            if let Some(t) = v.get_mut(self.1) {
                *t = text;
            }
        });
    }
}
