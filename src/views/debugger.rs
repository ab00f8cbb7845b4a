//! The debugger's screens (a part of their own, fetched when first shown): the Graph tab — the
//! graph live, its nodes' breakpoints set by choosing a node — and the bar over the composer that
//! says where runs pause and, at a pause, continues, steps or edits the state there.

use crate::actions::debugger::{
    self, clear, edit_and_go_on, end_here, every_node, go_on, set_nodes, toggle,
};
use crate::state::{use_app_state, AppState};
use crate::views::graph::{graph_svg, Marks};
use leptos::prelude::*;

/// The graph of the chosen assistant, live: breakpoints, the node running or paused at, how often
/// each node ran and each edge was taken in the last run; a node chosen shows its own controls.
#[component]
pub fn GraphTab() -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    let xray = RwSignal::new(false);
    let graph =
        LocalResource::new(move || debugger::graph(state, state.assistant_id.get(), xray.get()));
    let chosen = RwSignal::new(None::<String>);
    let marks = Marks {
        breakpoints: Signal::derive(move || state.breakpoints.get()),
        walk: Signal::derive(move || {
            session.meters_tick.track();
            let mut w = debugger::walk(state);
            // A bar a stopped or failed run left open is not running.
            if !session.streaming.get() {
                w.running = None;
            }
            w
        }),
        paused_at: Signal::derive(move || {
            if session.streaming.get() {
                return Vec::new();
            }
            session
                .pause
                .with(|p| p.as_ref().map(|p| p.next.clone()).unwrap_or_default())
        }),
        chosen,
    };
    view! {
        <div class="ac-graph-tab">
            <div class="ac-graph-controls">
                <EveryNode />
                <label class="ac-check">
                    <input type="checkbox" class="ac-graph-xray" prop:checked=move || xray.get()
                        on:change=move |ev| xray.set(event_target_checked(&ev)) />
                    "Show subgraphs' nodes"
                </label>
            </div>
            {move || match graph.get().flatten() {
                None if state.assistant_id.with(Option::is_none) => view! { <p class="ac-empty">"No assistant is chosen: its graph is drawn here."</p> }.into_any(),
                None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(Some(g))) => graph_svg(&g, Some(marks)),
                Some(Ok(None)) => view! { <p class="ac-empty">"This server does not draw this assistant's graph: pause before or after every node above."</p> }.into_any(),
            }}
            <p class="ac-hint">"Choose a node to pause runs before or after it. Marked: the node running now, or the one a paused run is due to run; ×n: how often a node ran in the last run."</p>
            {move || chosen.get().map(|node| view! { <NodeDetail node=node /> })}
        </div>
    }
}

/// Where runs pause, in the composer's Run options: the Graph tab's every-node boxes and typed
/// lists (a node is chosen on the graph), for breakpoints set without the graph in view.
#[component]
pub fn RunBreakpoints() -> impl IntoView {
    view! {
        <p class="ac-hint">"Runs pause before or after these nodes; a paused run shows Continue and Step over the composer."</p>
        <EveryNode />
    }
}

/// Pause before / after every node.
#[component]
fn EveryNode() -> impl IntoView {
    let state = use_app_state();
    let side = move |before: bool| {
        view! {
            <label class="ac-check">
                <input type="checkbox" class=if before { "ac-break-all-before" } else { "ac-break-all-after" }
                    prop:checked=move || state.breakpoints.with_side(before, |s| s.all)
                    on:change=move |ev| every_node(state, before, event_target_checked(&ev)) />
                {if before { "Pause before every node" } else { "Pause after every node" }}
            </label>
        }
    };
    // The names, typed: for a graph the server does not draw, or a node easier typed than found.
    let list = move |before: bool| {
        view! {
            <label class="ac-break-list">{if before { "Pause before " } else { "Pause after " }}
                <input class=if before { "ac-break-list-before" } else { "ac-break-list-after" }
                    placeholder="node names, comma-separated"
                    prop:value=move || state.breakpoints.with_side(before, |s| s.nodes.iter().cloned().collect::<Vec<_>>().join(", "))
                    on:change=move |ev| set_nodes(state, before, &event_target_value(&ev)) />
            </label>
        }
    };
    view! {
        <div class="ac-break-every" role="group" aria-label="Breakpoints">
            {side(true)}{side(false)}{list(true)}{list(false)}
        </div>
    }
}

/// A node chosen on the graph: its breakpoints, and what it did in the last run.
#[component]
fn NodeDetail(node: String) -> impl IntoView {
    let state = use_app_state();
    let name = StoredValue::new(node.clone());
    let check = move |before: bool| {
        view! {
            <label class="ac-check">
                <input type="checkbox" class=if before { "ac-break-before" } else { "ac-break-after" }
                    prop:checked=move || state.breakpoints.with_side(before, |s| s.has(&name.get_value()))
                    on:change=move |_| toggle(state, &name.get_value(), before) />
                {if before { "Pause before it" } else { "Pause after it" }}
            </label>
        }
    };
    let ran = move || {
        state.session.meters_tick.track();
        debugger::last_bar(state, &name.get_value())
    };
    // A subgraph's node (`research:gather`): runs take breakpoints on the graph's own nodes only.
    let inner = node.split_once(':').map(|(outer, _)| outer.to_owned());
    view! {
        <section class="ac-node-detail" aria-label="The chosen node" data-node=node.clone()>
            <h2>"Node " <code>{node.clone()}</code></h2>
            {match inner {
                None => view! { {check(true)}{check(false)} }.into_any(),
                Some(outer) => view! { <p class="ac-hint ac-node-inner">
                    "A node of the subgraph " <code>{outer.clone()}</code> ": a run pauses only at the graph's own nodes — before or after "
                    <code>{outer}</code> " (without subgraphs' nodes shown)."
                </p> }.into_any(),
            }}
            <p class="ac-node-ran">{move || ran().unwrap_or_else(|| "It did not run in the last run seen here.".into())}</p>
        </section>
    }
}

/// Over the composer: where runs pause (with *Clear*), and a paused thread's controls.
#[component]
pub fn DebugBar() -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    let set = move || {
        let b = state.breakpoints.get();
        let mut said = Vec::new();
        if !b.before.is_empty() {
            said.push(format!("before {}", b.before.label()));
        }
        if !b.after.is_empty() {
            said.push(format!("after {}", b.after.label()));
        }
        (!said.is_empty()).then(|| format!("Runs pause {}.", said.join(" and ")))
    };
    view! {
        <section class="ac-debugger" aria-label="Debugger">
            {move || set().map(|s| view! {
                <p class="ac-breakpoints-set">{s}" "
                    <button type="button" class="ac-break-clear" on:click=move |_| clear(state)>"Clear breakpoints"</button>
                </p>
            })}
            {move || (!session.streaming.get()).then(|| session.pause.get()).flatten().map(|p| view! { <Paused pause=p /> })}
        </section>
    }
}

/// A thread paused at a breakpoint: where, what is due, and what to do.
#[component]
fn Paused(pause: agent_console_core::debugger::Pause) -> impl IntoView {
    let state = use_app_state();
    let editing = RwSignal::new(false);
    let ending = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);
    let after = (!pause.wrote.is_empty()).then(|| {
        view! { ", after " <code class="ac-paused-after">{pause.wrote.join(", ")}</code> }
    });
    let tasks = pause
        .tasks
        .iter()
        .map(|(name, id)| format!("{name} ({id})"))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <div class="ac-paused" data-next=pause.next.join(",")>
            <p role="status">"Paused before " <code class="ac-paused-before">{pause.next.join(", ")}</code>{after}"."</p>
            {(!tasks.is_empty()).then(|| view! { <p class="ac-hint ac-paused-tasks">"Due: "{tasks}</p> })}
            <div class="ac-paused-actions">
                <button type="button" class="ac-continue" on:click=move |_| go_on(state, false)
                    title="Run on to the next breakpoint or the end">"Continue"</button>
                <button type="button" class="ac-step" on:click=move |_| go_on(state, true)
                    title="Run the next node, then pause again">"Step"</button>
                <button type="button" class="ac-edit-state" aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>"Edit state and continue"</button>
                <button type="button" class="ac-end-here" title="Drop the nodes due: the thread is idle, as it stands"
                    disabled=move || working.get()
                    on:click=move |_| {
                        ending.set(None);
                        working.set(true);
                        state.spawn(async move {
                            let r = end_here(state).await;
                            let _ = working.try_set(false);
                            if let Err(e) = r {
                                let _ = ending.try_set(Some(e));
                            }
                        });
                    }>"Stop here"</button>
            </div>
            {move || ending.get().map(|e| view! { <p class="ac-error ac-end-error" role="alert">{e}</p> })}
            {move || editing.get().then(|| view! { <EditAtPause state=state /> })}
        </div>
    }
}

/// The state's values as JSON to edit; written as the node that wrote last, then the run goes on.
#[component]
fn EditAtPause(state: AppState) -> impl IntoView {
    let text = RwSignal::new(
        state
            .session
            .values
            .with_untracked(|v| serde_json::to_string_pretty(v.value()).unwrap_or_default()),
    );
    let (working, error) = (RwSignal::new(false), RwSignal::new(None::<String>));
    let submit = move |_| {
        working.set(true);
        error.set(None);
        state.spawn(async move {
            let r = edit_and_go_on(state, text.get_untracked()).await;
            let _ = working.try_set(false);
            if let Err(e) = r {
                let _ = error.try_set(Some(e));
            }
        });
    };
    view! {
        <div class="ac-pause-edit" role="group" aria-label="Edit the state at the pause">
            <label>"Values (JSON; the keys you change are written, a message by its id)"
                <textarea class="ac-pause-values" rows="12" prop:value=move || text.get()
                    on:input=move |e| text.set(event_target_value(&e))></textarea>
            </label>
            <button type="button" class="ac-edit-continue" disabled=move || working.get()
                on:click=submit>"Save and continue"</button>
            {move || error.get().map(|e| view! { <p class="ac-error ac-pause-error" role="alert">{e}</p> })}
        </div>
    }
}
