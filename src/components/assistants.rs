//! The assistant picker and its details: graph id, version, description, config, the schemas
//! (`/assistants/{id}/schemas`) and the graph (`/assistants/{id}/graph`) drawn as a small SVG.

use crate::agent_protocol;
use crate::app::use_app_state;
use crate::components::json_tree::json_tree;
use crate::transport;
use agent_console_core::dialects::agent_protocol as ap;
use agent_console_core::dialects::langgraph::convert::{self, AssistantSchemas};
use agent_console_core::dialects::langgraph::requests;
use agent_console_core::dialects::yandex;
use agent_console_core::domain::Assistant;
use agent_console_core::graph::{self, AgentGraph, NODE_HEIGHT, NODE_WIDTH};
use agent_console_core::Dialect;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

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
    let choose = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        state.wanted_assistant.set_value(Some(id.clone()));
        state.assistant_id.set(Some(id));
        state.update_url();
    };
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
    // `more`: the next page of the same search, appended.
    let search = move |more: bool| {
        let Some(profile) = state.profile.get_untracked() else {
            return;
        };
        let (name, meta) = (find.get_untracked(), find_meta.get_untracked());
        let offset = if more {
            state.assistants.with_untracked(Vec::len) as u64
        } else {
            0
        };
        spawn_local(async move {
            match agent_protocol::search_agents(&profile, &name, &meta, offset).await {
                Ok(list) if list.is_empty() && !more => {
                    find_error.set(Some("No agent matches.".into()));
                    state.assistants.set(list);
                }
                Ok(list) => {
                    find_error.set(None);
                    if more {
                        state.assistants.update(|a| a.extend(list));
                    } else {
                        if let Some(first) = list.first() {
                            let chosen = state.assistant_id.get_untracked();
                            if !list.iter().any(|a| Some(&a.id) == chosen.as_ref()) {
                                state.assistant_id.set(Some(first.id.clone()));
                            }
                        }
                        state.assistants.set(list);
                    }
                }
                Err(e) => find_error.set(Some(e)),
            }
        });
    };
    // A full page may have a next one.
    let may_have_more = move || {
        let n = state.assistants.with(Vec::len) as u32;
        n > 0 && n.is_multiple_of(agent_protocol::AGENTS_PAGE)
    };
    view! {
        <section class="ac-assistants">
            {move || (state.dialect() == Dialect::AgentProtocol).then(|| view! {
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
            <label class="ac-assistant-bar">{move || if state.dialect() == Dialect::AgentProtocol { "Agent" } else { "Assistant" }}
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
                <summary>{move || if state.dialect() == Dialect::AgentProtocol { "About this agent" } else { "About this assistant" }}</summary>
                {move || current().filter(|_| state.dialect() == Dialect::LangGraph).map(|a| view! {
                    <dl class="ac-assistant-facts">
                        <dt>"Id"</dt><dd class="ac-mono ac-assistant-id">{a.id.clone()}</dd>
                        <dt>"Graph"</dt><dd class="ac-assistant-graph-id">{a.graph_or_model.clone().unwrap_or_default()}</dd>
                        <dt>"Version"</dt><dd class="ac-assistant-version">{a.version.map(|v| v.to_string()).unwrap_or_default()}</dd>
                        <dt>"Created"</dt><dd>{a.created_at.clone().unwrap_or_default()}</dd>
                        <dt>"Description"</dt><dd class="ac-assistant-description">{a.description.clone().unwrap_or_else(|| "—".into())}</dd>
                    </dl>
                    <h4>"Config"</h4>
                    <div class="ac-assistant-config">{json_tree(&a.config)}</div>
                })}
                {move || (details_open.get() && state.assistant_id.get().is_some()).then(|| {
                    if state.dialect() == Dialect::Yandex {
                        view! { <YandexAssistant /> }.into_any()
                    } else if state.dialect() == Dialect::AgentProtocol {
                        view! { <AgentDetail /> }.into_any()
                    } else {
                        view! { <AssistantInsides /> }.into_any()
                    }
                })}
            </details>
        </section>
    }
}

/// Schemas and graph of the chosen assistant, loaded when its details are opened.
#[component]
fn AssistantInsides() -> impl IntoView {
    let state = use_app_state();
    let schemas = RwSignal::new(None::<Result<AssistantSchemas, String>>);
    let drawing = RwSignal::new(None::<Result<AgentGraph, String>>);
    Effect::new(move |_| {
        let (Some(profile), Some(id)) = (state.profile.get_untracked(), state.assistant_id.get())
        else {
            return;
        };
        schemas.set(None);
        drawing.set(None);
        spawn_local(async move {
            let s = transport::send(&profile, &requests::assistant_schemas(&id))
                .await
                .and_then(|r| convert::assistant_schemas(&r.body))
                .map_err(|e| e.to_string());
            schemas.set(Some(s));
            let g = transport::send(&profile, &requests::assistant_graph(&id))
                .await
                .and_then(|r| convert::assistant_graph(&r.body))
                .map_err(|e| e.to_string());
            drawing.set(Some(g));
        });
    });
    view! {
        <h4>"Graph"</h4>
        {move || match drawing.get() {
            None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
            Some(Ok(g)) => graph_svg(&g),
        }}
        <h4>"Schemas"</h4>
        {move || match schemas.get() {
            None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
            Some(Ok(s)) => schemas_view(
                vec![("Input", s.input), ("Output", s.output), ("State", s.state), ("Config", s.config), ("Context", s.context)],
                false,
            ),
        }}
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

/// The graph as boxes and arrows; names are SVG text nodes. Conditional edges are dashed.
fn graph_svg(g: &AgentGraph) -> AnyView {
    let l = graph::layout(g);
    let edges = l
        .edges
        .into_iter()
        .map(|e| {
            view! {
                <path class="ac-graph-edge" class:ac-graph-conditional=e.conditional d=e.path
                    data-source=e.source data-target=e.target marker-end="url(#ac-graph-arrow)" />
            }
        })
        .collect_view();
    let nodes = l
        .nodes
        .into_iter()
        .map(|n| {
            let special = n.id.starts_with("__");
            let name = n.id.clone();
            view! {
                <g class="ac-graph-node" class:ac-graph-terminal=special data-node=n.id.clone()>
                    <rect x=n.x y=n.y width=NODE_WIDTH height=NODE_HEIGHT rx="6" />
                    <text x=n.x + NODE_WIDTH / 2.0 y=n.y + NODE_HEIGHT / 2.0 + 4.0 text-anchor="middle">{name}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="ac-graph" viewBox=format!("0 0 {} {}", l.width, l.height) width=l.width height=l.height
            role="img" aria-label="The assistant's graph">
            <defs>
                <marker id="ac-graph-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" orient="auto">
                    <path d="M0,0 L8,4 L0,8 z" />
                </marker>
            </defs>
            {edges}
            {nodes}
        </svg>
    }
    .into_any()
}

/// A Yandex assistant as `Assistant.Get` gives it: model URI, instruction, options, tools, labels.
#[component]
fn YandexAssistant() -> impl IntoView {
    let state = use_app_state();
    let detail = RwSignal::new(None::<Result<Assistant, String>>);
    Effect::new(move |_| {
        let (Some(profile), Some(id)) = (state.profile.get_untracked(), state.assistant_id.get())
        else {
            return;
        };
        detail.set(None);
        spawn_local(async move {
            let a = transport::send(&profile, &yandex::requests::get_assistant(&id))
                .await
                .and_then(|r| yandex::convert::assistant(&r.body))
                .map_err(|e| e.to_string());
            detail.set(Some(a));
        });
    });
    move || match detail.get() {
        None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
        Some(Ok(a)) => {
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
                <h4>"Prompt truncation options"</h4>
                <div class="ac-assistant-truncation">{json_tree(&c["promptTruncationOptions"])}</div>
                <h4>"Completion options"</h4>
                <div class="ac-assistant-completion">{json_tree(&c["completionOptions"])}</div>
                <h4>"Tools"</h4>
                <div class="ac-assistant-tools">{json_tree(&c["tools"])}</div>
                <h4>"Labels"</h4>
                <div class="ac-assistant-labels">{json_tree(&a.metadata)}</div>
            }
            .into_any()
        }
    }
}

/// An Agent Protocol agent: `GET /agents/{id}` (capabilities, metadata) and `/agents/{id}/schemas`.
#[component]
fn AgentDetail() -> impl IntoView {
    let state = use_app_state();
    let detail = RwSignal::new(None::<Result<(Assistant, AssistantSchemas), String>>);
    Effect::new(move |_| {
        let (Some(profile), Some(id)) = (state.profile.get_untracked(), state.assistant_id.get())
        else {
            return;
        };
        detail.set(None);
        spawn_local(async move {
            let got = async {
                let a = transport::send(&profile, &ap::requests::get_agent(&id))
                    .await
                    .and_then(|r| ap::convert::agent(&r.body))?;
                let s = transport::send(&profile, &ap::requests::agent_schemas(&id))
                    .await
                    .and_then(|r| convert::assistant_schemas(&r.body))?;
                Ok::<_, agent_console_core::http::ApiError>((a, s))
            };
            detail.set(Some(got.await.map_err(|e| e.to_string())));
        });
    });
    move || match detail.get() {
        None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
        Some(Ok((a, s))) => {
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
                <h4>"Capabilities"</h4>
                <ul class="ac-capabilities">{capabilities}</ul>
                <h4>"Metadata"</h4>
                <div class="ac-agent-metadata">{json_tree(&a.metadata)}</div>
                <h4>"Schemas"</h4>
                {schemas_view(vec![("Input", s.input), ("Output", s.output), ("State", s.state), ("Config", s.config)], true)}
            }
            .into_any()
        }
    }
}
