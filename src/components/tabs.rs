//! The State, Runs and Events tabs of the open thread.

use crate::app::use_app_state;
use crate::components::json_tree::json_tree;
use crate::transport;
use agent_console_core::dialects::agent_protocol as ap;
use agent_console_core::dialects::langgraph::{convert, requests};
use agent_console_core::domain::{Checkpoint, Run};
use agent_console_core::Dialect;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Runs fetched per page in the Runs tab.
const RUNS_PAGE: u32 = 20;

/// Current values as a JSON tree, and the thread's checkpoint history (newest first).
#[component]
pub fn StateTab() -> impl IntoView {
    let state = use_app_state();
    let history = RwSignal::new(None::<Result<Vec<Checkpoint>, String>>);
    if let (Some(profile), Some(thread_id)) = (
        state.profile.get_untracked(),
        state.selected.get_untracked(),
    ) {
        spawn_local(async move {
            let req = if profile.dialect == Dialect::AgentProtocol {
                ap::requests::thread_history(&thread_id, 20)
            } else {
                requests::thread_history(&thread_id, 20)
            };
            let r = transport::send(&profile, &req)
                .await
                .and_then(|r| convert::history(&r.body))
                .map_err(|e| e.to_string());
            history.set(Some(r));
        });
    }
    view! {
        <div class="ac-state-tab">
            <h3>"Current values"</h3>
            <div class="ac-state-values">{move || json_tree(&state.session.values.get())}</div>
            <h3>"History"</h3>
            {move || match history.get() {
                None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="ac-empty">"No checkpoints yet."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ol class="ac-history">
                        {list.into_iter().map(|c| {
                            let title = format!(
                                "step {} · {} · {}{}",
                                c.step.map(|s| s.to_string()).unwrap_or_else(|| "?".into()),
                                c.source.clone().unwrap_or_default(),
                                c.created_at.clone().unwrap_or_default(),
                                if c.next.is_empty() { String::new() } else { format!(" · next: {}", c.next.join(", ")) },
                            );
                            view! {
                                <li class="ac-checkpoint" data-checkpoint-id=c.id.clone().unwrap_or_default()>
                                    <details><summary>{title}</summary>{json_tree(&c.values)}</details>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </div>
    }
}

/// Every run of the thread with the fields of LangGraph's Run object, paged; a row opens its detail.
#[component]
pub fn RunsTab() -> impl IntoView {
    let state = use_app_state();
    let runs = RwSignal::new(Vec::<Run>::new());
    let error = RwSignal::new(None::<String>);
    let more = RwSignal::new(false);
    // The open detail is app state: it is the deep link's `run`.
    let open = state.open_run;
    let load = move |offset: u64| {
        let (Some(profile), Some(thread_id)) = (
            state.profile.get_untracked(),
            state.selected.get_untracked(),
        ) else {
            return;
        };
        spawn_local(async move {
            let listed = if profile.dialect == Dialect::AgentProtocol {
                let q = ap::requests::RunQuery {
                    thread_id: Some(thread_id),
                    ..Default::default()
                };
                transport::send(&profile, &ap::requests::search_runs(&q, RUNS_PAGE, offset))
                    .await
                    .and_then(|r| ap::convert::runs(&r.body))
                    .map(|l| l.iter().map(|r| r.to_run()).collect())
            } else {
                transport::send(
                    &profile,
                    &requests::list_runs(&thread_id, RUNS_PAGE, offset),
                )
                .await
                .and_then(|r| convert::runs(&r.body))
            };
            match listed {
                Ok(page) => {
                    more.set(page.len() as u32 == RUNS_PAGE);
                    runs.update(|r| r.extend(page));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    load(0);
    view! {
        <div class="ac-runs-tab">
            {move || error.get().map(|e| view! { <p class="ac-error" role="alert">{e}</p> })}
            <table class="ac-runs">
                <thead><tr>
                    <th>"Run"</th><th>"Status"</th><th>"Assistant"</th><th>"Created"</th><th>"Updated"</th><th>"Multitask"</th>
                </tr></thead>
                <tbody>
                    <For each=move || runs.get() key=|r| r.id.clone() let:run>
                        {
                            let id = run.id.clone();
                            let id2 = run.id.clone();
                            let status = run.status.as_str().to_owned();
                            let detail = run.clone();
                            view! {
                                <tr class="ac-run-row" data-run-id=run.id.clone()
                                    on:click=move |_| { open.update(|o| *o = if o.as_deref() == Some(id.as_str()) { None } else { Some(id.clone()) }); state.update_url(); }>
                                    <td class="ac-mono">{run.id.clone()}</td>
                                    <td><span class=format!("ac-badge ac-status-{status}")>{status.clone()}</span></td>
                                    <td class="ac-mono">{run.assistant_id.clone().unwrap_or_default()}</td>
                                    <td>{run.created_at.clone().unwrap_or_default()}</td>
                                    <td>{run.updated_at.clone().unwrap_or_default()}</td>
                                    <td>{run.multitask_strategy.clone().unwrap_or_default()}</td>
                                </tr>
                                {move || (open.get().as_deref() == Some(id2.as_str())).then(|| view! {
                                    <tr class="ac-run-detail"><td colspan="6">
                                        <p>{format!("Thread {}", detail.thread_id.clone().unwrap_or_default())}</p>
                                        <h4>"Metadata"</h4>{json_tree(&detail.metadata)}
                                        <h4>"Arguments (kwargs)"</h4>{json_tree(&detail.kwargs)}
                                    </td></tr>
                                })}
                            }
                        }
                    </For>
                </tbody>
            </table>
            {move || (runs.get().is_empty() && error.get().is_none()).then(|| view! { <p class="ac-empty">"No runs yet."</p> })}
            {move || more.get().then(|| view! {
                <button class="ac-more" on:click=move |_| load(runs.with_untracked(|r| r.len() as u64))>"Load more runs"</button>
            })}
        </div>
    }
}

/// The raw events of the runs followed in this view, filterable by event name — for debugging servers.
#[component]
pub fn EventsTab() -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    let filter = RwSignal::new(String::new());
    let shown = move || {
        let f = filter.get();
        session.events.with(|list| {
            list.iter()
                .filter(|e| f.is_empty() || e.event.contains(f.trim()))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="ac-events-tab">
            <div class="ac-events-toolbar">
                <input class="ac-events-filter" placeholder="Filter by event name (values, messages, updates|…)"
                    prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev)) />
                <span class="ac-events-count">{move || format!("{} events · {} reconnects", session.events.with(Vec::len), session.reconnects.get())}</span>
                <button class="ac-reconnect" disabled=move || !session.streaming.get()
                    on:click=move |_| crate::run_follower::drop_connection(state)
                    title="Drop the connection and rejoin the run from the last event">"Reconnect"</button>
            </div>
            <ol class="ac-events">
                <For each=shown key=|e| e.n let:e>
                    <li class="ac-event" data-event=e.event.clone()>
                        <span class="ac-event-name">{e.event.clone()}</span>
                        <span class="ac-event-id">{e.id.clone().map(|i| format!("id {i}")).unwrap_or_default()}</span>
                        <pre class="ac-event-data">{agent_console_core::http::truncate(&e.data, 2_000)}</pre>
                    </li>
                </For>
            </ol>
        </div>
    }
}
