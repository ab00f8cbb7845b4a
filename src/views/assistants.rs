//! The assistant picker and its details: what the server says an assistant is — a graph's schemas and
//! drawing, an agent's capabilities and schemas, or a model's settings — loaded when the details are
//! opened (the requests stop if they are closed first).

use crate::actions::assistants;
use crate::state::use_app_state;
use crate::views::graph::graph_svg;
use crate::views::json_tree::json_tree;
use crate::views::{part::Part, parts};
use agent_console_core::backend::{AssistantDetail, AssistantDetailKind};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Agents per page of a search: a full page may have a next one.
const AGENTS_PAGE: u32 = 50;

#[component]
pub fn AssistantPanel() -> impl IntoView {
    let state = use_app_state();
    let details_open = RwSignal::new(false);
    let current = move || {
        let id = state.assistant_id.get();
        state
            .assistants
            .with(|l| l.iter().find(|a| Some(&a.id) == id.as_ref()).cloned())
    };
    let choose = move |ev: leptos::ev::Event| assistants::choose(state, event_target_value(&ev));
    let on_toggle = move |ev: leptos::ev::Event| {
        if let Some(d) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
        {
            details_open.set(d.open());
        }
    };
    let find = RwSignal::new(String::new());
    let find_meta = RwSignal::new(String::new());
    let find_error = RwSignal::new(None::<String>);
    let search = move |more: bool| {
        assistants::search(
            state,
            find.get_untracked(),
            find_meta.get_untracked(),
            more,
            find_error,
        )
    };
    let may_have_more = move || {
        let n = state.assistants.with(Vec::len) as u32;
        n > 0 && n.is_multiple_of(AGENTS_PAGE)
    };
    let noun = move || state.caps().assistant_noun;
    view! {
        <section class="ac-assistants" hidden=move || !state.caps().assistant_picker>
            {move || state.caps().assistant_search.then(|| view! {
                <form class="ac-agent-search" on:submit=move |ev| { ev.prevent_default(); search(false); }>
                    <input class="ac-agent-name" placeholder="Find agents by name" prop:value=move || find.get()
                        on:input=move |ev| find.set(event_target_value(&ev)) />
                    <input class="ac-agent-metadata" placeholder="metadata key=value, …" prop:value=move || find_meta.get()
                        on:input=move |ev| find_meta.set(event_target_value(&ev)) />
                    <button type="submit">"Find"</button>
                    {move || may_have_more().then(|| view! {
                        <button type="button" class="ac-more-agents" on:click=move |_| search(true)>"More agents"</button>
                    })}
                </form>
                {move || find_error.get().map(|e| view! { <p class="ac-error" role="alert">{e}</p> })}
            })}
            <label class="ac-assistant-bar">{noun}
                <select class="ac-assistant-select" on:change=choose
                    prop:value=move || state.assistant_id.get().unwrap_or_default()>
                    <For each=move || state.assistants.get() key=|a| a.id.clone() let:a>
                        <option value=a.id.clone() selected={let id = a.id.clone(); move || state.assistant_id.get().as_deref() == Some(id.as_str())}>
                            {match &a.graph_or_model {
                                Some(g) if *g != a.name => format!("{} · {g}", a.name),
                                _ => a.name.clone(),
                            }}
                        </option>
                    </For>
                </select>
            </label>
            <details class="ac-assistant-details" on:toggle=on_toggle>
                <summary>{move || format!("About this {}", noun().to_lowercase())}</summary>
                {move || current().filter(|_| state.caps().assistant_detail == AssistantDetailKind::Graph).map(|a| view! {
                    <dl class="ac-assistant-facts">
                        <dt>"Id"</dt><dd class="ac-mono ac-assistant-id">{a.id.clone()}</dd>
                        <dt>"Graph"</dt><dd class="ac-assistant-graph-id">{a.graph_or_model.clone().unwrap_or_default()}</dd>
                        <dt>"Version"</dt><dd class="ac-assistant-version">{a.version.map(|v| v.to_string()).unwrap_or_default()}</dd>
                        <dt>"Created"</dt><dd>{a.created_at.clone().unwrap_or_default()}</dd>
                        <dt>"Description"</dt><dd class="ac-assistant-description">{a.description.clone().unwrap_or_else(|| "—".into())}</dd>
                    </dl>
                    <h3>"Config"</h3>
                    <div class="ac-assistant-config">{json_tree(&a.config)}</div>
                })}
                {move || (details_open.get() && state.assistant_id.get().is_some()).then(|| view! { <Part what="The assistant's details" load=parts::ASSISTANT /> })}
            </details>
        </section>
    }
}

/// What the server says the chosen assistant is, loaded while the details are open.
#[component]
pub(crate) fn AssistantInsides() -> impl IntoView {
    let state = use_app_state();
    let detail = LocalResource::new(move || assistants::detail(state, state.assistant_id.get()));
    move || {
        match detail.get().flatten() {
        None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
        Some(Ok(AssistantDetail::Graph { schemas: s, graph })) => view! {
            <h3>"Graph"</h3>
            {match graph {
                Err(e) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
                Ok(None) => view! { <p class="ac-empty">"This server does not draw graphs."</p> }.into_any(),
                Ok(Some(g)) => graph_svg(&g, None),
            }}
            <h3>"Schemas"</h3>
            {schemas_view(
                vec![("Input", s.input), ("Output", s.output), ("State", s.state), ("Config", s.config), ("Context", s.context)],
                false,
            )}
        }
        .into_any(),
        Some(Ok(AssistantDetail::Model { assistant: a })) => {
            let c = &a.config;
            let instruction = c["instruction"]
                .as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_owned);
            view! {
                <dl class="ac-assistant-facts ac-yandex-assistant">
                    <dt>"Id"</dt><dd class="ac-mono ac-assistant-id">{a.id.clone()}</dd>
                    <dt>"Model URI"</dt><dd class="ac-mono ac-assistant-model">{a.graph_or_model.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Created"</dt><dd>{a.created_at.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Description"</dt><dd class="ac-assistant-description">{a.description.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Instruction"</dt><dd class="ac-assistant-instruction">{instruction.unwrap_or_else(|| "—".into())}</dd>
                </dl>
                <h3>"Prompt truncation options"</h3>
                <div class="ac-assistant-truncation">{json_tree(&c["promptTruncationOptions"])}</div>
                <h3>"Completion options"</h3>
                <div class="ac-assistant-completion">{json_tree(&c["completionOptions"])}</div>
                <h3>"Tools"</h3>
                <div class="ac-assistant-tools">{json_tree(&c["tools"])}</div>
                <h3>"Labels"</h3>
                <div class="ac-assistant-labels">{json_tree(&a.metadata)}</div>
            }
            .into_any()
                }
        Some(Ok(AssistantDetail::Agent { agent: a, schemas: s })) => {
            let capabilities = a
                .config
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            let on = v.as_bool();
                            view! {
                                <li class="ac-capability" data-capability=k.clone()
                                    data-on=on.map(|b| b.to_string())>
                                    {format!("{k}: {}", match on { Some(true) => "yes".to_owned(), Some(false) => "no".to_owned(), None => v.to_string() })}
                                </li>
                            }
                        })
                        .collect_view()
                })
                .into_iter()
                .collect_view();
            view! {
                <dl class="ac-assistant-facts ac-agent-facts">
                    <dt>"Id"</dt><dd class="ac-mono ac-assistant-id">{a.id.clone()}</dd>
                    <dt>"Name"</dt><dd class="ac-agent-name-shown">{a.name.clone()}</dd>
                    <dt>"Description"</dt><dd class="ac-assistant-description">{a.description.clone().unwrap_or_else(|| "—".into())}</dd>
                </dl>
                <h3>"Capabilities"</h3>
                <ul class="ac-capabilities">{capabilities}</ul>
                <h3>"Metadata"</h3>
                <div class="ac-agent-metadata">{json_tree(&a.metadata)}</div>
                <h3>"Schemas"</h3>
                {schemas_view(vec![("Input", s.input), ("Output", s.output), ("State", s.state), ("Config", s.config)], true)}
            }
            .into_any()
                }
    }
    }
}

/// Named JSON schemas, each a collapsible tree (`open`: shown unfolded).
fn schemas_view(schemas: Vec<(&'static str, serde_json::Value)>, open: bool) -> AnyView {
    view! {
        <div class="ac-schemas">
            {schemas.into_iter().map(|(name, schema)| view! {
                <details class="ac-schema" data-schema=name.to_lowercase() open=open>
                    <summary>{format!("{name} schema{}", if schema.is_null() { " (none)" } else { "" })}</summary>
                    {json_tree(&schema)}
                </details>
            }).collect_view()}
        </div>
    }
    .into_any()
}
