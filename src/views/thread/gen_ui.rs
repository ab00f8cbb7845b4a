//! The agent's components (generative UI) under the message they belong to: the host page's own
//! element where it maps the component's name to one, else a built-in card of the name and props.
//! Names and props are the agent's: text nodes and properties, never markup, classes or attributes.

use crate::actions::gen_ui::component_action;
use crate::state::{use_app_state, AppState};
use crate::views::json_tree::json_tree;
use crate::views::{part::Part, parts};
use agent_console_core::gen_ui::UiMessage;
use leptos::prelude::*;
use serde_json::{Map, Value};

/// Whose components a [`Components`] part shows: a message's, or (`None`) those of no message shown.
#[derive(Clone)]
pub struct UiAnchor(pub Option<String>);

/// The components of message `message_id` (nothing while `any` — its message's own reading — is
/// false): drawn by a part of their own, fetched when a thread first has any (the first download holds
/// only their reducer).
#[component]
pub(super) fn UiComponents(message_id: String, any: Memo<bool>) -> impl IntoView {
    move || {
        any.get().then(|| {
            provide_context(UiAnchor(Some(message_id.clone())));
            view! { <Part what="The agent's components" load=parts::GEN_UI /> }
        })
    }
}

/// The components that belong to no message shown (pushed with none, or with one this thread does
/// not show): after the conversation, not lost.
#[component]
pub(super) fn UiComponentsApart() -> impl IntoView {
    let state = use_app_state();
    let any = Memo::new(move |_| {
        !apart_ids(state).is_empty() || state.session.ui.with(|u| u.dropped > 0)
    });
    move || {
        any.get().then(|| {
            provide_context(UiAnchor(None));
            view! { <Part what="The agent's components" load=parts::GEN_UI /> }
        })
    }
}

fn apart_ids(state: AppState) -> Vec<String> {
    if state.session.ui.with(|u| u.is_empty()) {
        return Vec::new();
    }
    state.session.rows.with(|rows| {
        let shown: std::collections::HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        state
            .session
            .ui
            .with(|u| u.ids_apart(|m| shown.contains(m)))
    })
}

/// The part: the components of the [`UiAnchor`] above it, each followed as merges arrive.
#[component]
pub fn Components() -> impl IntoView {
    let state = use_app_state();
    let anchor = use_context::<UiAnchor>().and_then(|a| a.0);
    let apart = anchor.is_none();
    let ids = Memo::new(move |_| match &anchor {
        Some(id) => state.session.ui.with(|u| u.ids_for(id)),
        None => apart_ids(state),
    });
    let dropped = move || {
        let n = state.session.ui.with(|u| u.dropped);
        (apart && n > 0).then(|| view! {
            <p class="ac-ui-dropped">{format!("{n} older component(s) were let go: a thread keeps the last {}.", agent_console_core::gen_ui::MAX_UI_MESSAGES)}</p>
        })
    };
    view! {
        <div class="ac-ui-components">
            {dropped}
            <For each=move || ids.get() key=|id| id.clone() let:id>
                <UiComponent id=id />
            </For>
        </div>
    }
}

/// One component, following its props as merges arrive.
#[component]
fn UiComponent(id: String) -> impl IntoView {
    let state = use_app_state();
    let message = Memo::new(move |_| state.session.ui.with(|u| u.get(&id).cloned()));
    let name = message
        .with_untracked(|m| m.as_ref().map(|m| m.name.clone()))
        .unwrap_or_default();
    let tag = state
        .components
        .with_untracked(|c| c.iter().find(|(n, _)| *n == name).map(|(_, t)| t.clone()));
    match tag {
        Some(tag) => host_component(state, tag, name, message).into_any(),
        None => card(name, message).into_any(),
    }
}

/// The built-in card: the component's name and its props, as a table of text and JSON trees.
fn card(name: String, message: Memo<Option<UiMessage>>) -> impl IntoView {
    view! {
        <figure class="ac-ui-card">
            <figcaption class="ac-ui-name">{name}</figcaption>
            {move || message.with(|m| m.as_ref().map(|m| props_table(&m.props)))}
        </figure>
    }
}

fn props_table(props: &Map<String, Value>) -> impl IntoView {
    let rows = props
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Value::String(s) => s.clone().into_any(),
                Value::Number(_) | Value::Bool(_) | Value::Null => v.to_string().into_any(),
                _ => json_tree(v),
            };
            view! { <tr><th scope="row">{k.clone()}</th><td>{value}</td></tr> }
        })
        .collect_view();
    view! { <table class="ac-ui-props"><tbody>{rows}</tbody></table> }
}

/// The host page's element for the component: created in the conversation (inside the widget's
/// shadow root too), its `props` property set and set again on each change, its `ui-action` events
/// acted on (a problem said under it).
fn host_component(
    state: AppState,
    tag: String,
    name: String,
    message: Memo<Option<UiMessage>>,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let holder = NodeRef::<leptos::html::Div>::new();
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element(&tag).ok());
    if let Some(el) = element.clone() {
        let _ = js_sys::Reflect::set(&el, &"uiName".into(), &name.as_str().into());
        Effect::new({
            let el = el.clone();
            move || {
                let props = message.with(|m| m.as_ref().map(|m| Value::Object(m.props.clone())));
                if let Some(props) = props {
                    let js = crate::platform::json::to_js(&props);
                    let _ = js_sys::Reflect::set(&el, &"props".into(), &js);
                }
            }
        });
        let name = name.clone();
        crate::platform::on_event(
            el.clone().into(),
            "ui-action",
            move |ev: web_sys::CustomEvent| {
                let detail = crate::platform::json::from_js(&ev.detail()).unwrap_or(Value::Null);
                problem.set(component_action(state, &name, &detail).err());
            },
        );
        holder.on_load(move |h| {
            let _ = h.append_child(&el);
        });
    }
    let missing = element
        .is_none()
        .then(|| format!("The page's element <{tag}> could not be made."));
    view! {
        <div class="ac-ui-host" node_ref=holder>
            {missing.map(|m| view! { <p class="ac-error" role="alert">{m}</p> })}
            {move || problem.get().map(|p| view! { <p class="ac-error ac-ui-problem" role="alert">{p}</p> })}
        </div>
    }
}
