//! The composer's run options panel: one generic form over the fields the connected server's
//! backend describes (core's [`RunOptionsSpec`]). Each field is rendered by its kind; a value that
//! does not pass its check is marked in place (and Send stays disabled).

use crate::state::run_options::RunOptionsState;
use crate::state::use_app_state;
use crate::views::part::Part;
use crate::views::parts;
use agent_console_core::run_options::{OptionKind, RunOption, RunOptionsSpec, RunValue};
use leptos::prelude::*;

#[component]
pub fn RunOptionsPanel() -> impl IntoView {
    let state = use_app_state();
    let o = state.run_options;
    let selected = state.selected;
    // The breakpoints (the debugger's part) are drawn, and so fetched, only once the panel is open.
    let open = RwSignal::new(false);
    let breakpoints = move || {
        (open.get() && state.caps().breakpoints).then(|| {
            view! {
                <fieldset class="ac-option-group ac-run-breakpoints"><legend>"Breakpoints"</legend>
                    <Part what="The breakpoints" load=parts::RUN_BREAKPOINTS />
                </fieldset>
            }
        })
    };
    move || {
        let spec: &'static RunOptionsSpec = o.form().spec();
        // Consecutive fields of one group share a fieldset.
        let mut parts: Vec<AnyView> = Vec::new();
        let mut i = 0;
        while i < spec.options.len() {
            let group = spec.options[i].group;
            let end = i + spec.options[i..]
                .iter()
                .take_while(|f| f.group == group && group.is_some())
                .count()
                .max(1);
            let fields: Vec<AnyView> = spec.options[i..end]
                .iter()
                .map(|f| field(o, selected, f))
                .collect();
            parts.push(match group {
                Some(legend) => view! {
                    <fieldset class="ac-option-group"><legend>{legend}</legend>{fields}</fieldset>
                }
                .into_any(),
                None => fields.into_any(),
            });
            i = end;
        }
        view! {
            <details class=format!("ac-run-options {}", spec.class) prop:open=move || open.get_untracked()
                on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                <summary>"Run options"</summary>
                {spec.hint.map(|h| view! { <p class="ac-hint">{h}</p> })}
                {parts}
                {breakpoints}
            </details>
        }
    }
}

/// One field, by its kind, reading and writing the store.
fn field(o: RunOptionsState, selected: RwSignal<Option<String>>, f: &'static RunOption) -> AnyView {
    let text = move || o.with(|form| form.raw(f.key));
    let bad = move || o.with(|form| form.value(f.key).and_then(|v| f.problem(&v)).is_some());
    let write = move |v: String| o.set(f.key, RunValue::Text(v));
    match f.kind {
        OptionKind::Bool => view! {
            <label class="ac-check" title=f.help>
                <input type="checkbox" class=f.class prop:checked=move || o.with(|form| form.on(f.key))
                    on:change=move |ev| o.set(f.key, RunValue::On(event_target_checked(&ev))) />
                {f.label}</label>
        }
        .into_any(),
        OptionKind::Many { options, item_class } => view! {
            <fieldset class=f.class title=f.help><legend>{f.label}</legend>
                {options.iter().map(|m| view! {
                    <label><input type="checkbox" class=item_class value=*m
                        prop:checked=move || o.with(|form| form.set(f.key).iter().any(|x| x == m))
                        on:change=move |ev| o.toggle(f, m, event_target_checked(&ev)) />{*m}</label>
                }).collect_view()}
            </fieldset>
        }
        .into_any(),
        OptionKind::Choice { options, unset_label } => view! {
            <label title=f.help>{f.label}
                <select class=f.class on:change=move |ev| write(event_target_value(&ev))>
                    {options.iter().map(|(value, label)| {
                        let label = move || match unset_label {
                            Some(say) if value.is_empty() => {
                                let open = selected.get().is_some();
                                o.with(|form| say(form, open))
                            }
                            _ => *label,
                        };
                        view! { <option value=*value prop:selected=move || text() == *value>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
        .into_any(),
        OptionKind::Json(_) | OptionKind::Text { multiline: true, .. } => view! {
            <label class="ac-option-json" title=f.help>{f.label}
                <textarea class=f.class placeholder=f.placeholder prop:value=text
                    on:input=move |ev| write(event_target_value(&ev)) class:ac-invalid=bad></textarea>
            </label>
        }
        .into_any(),
        OptionKind::Number(_) | OptionKind::Text { .. } | OptionKind::List => {
            let numeric = matches!(f.kind, OptionKind::Number(_)).then_some("decimal");
            view! {
                <label title=f.help>{f.label}
                    <input class=f.class inputmode=numeric placeholder=f.placeholder prop:value=text
                        on:input=move |ev| write(event_target_value(&ev)) class:ac-invalid=bad />
                </label>
            }
            .into_any()
        }
    }
}
