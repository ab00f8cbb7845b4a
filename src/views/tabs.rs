//! The State, Runs and Events tabs of the open thread. The first two load when shown; leaving them
//! stops their requests.

use crate::actions::thread::{compare_checkpoints, history, reconnect, thread_runs};
use crate::state::use_app_state;
use crate::views::json_tree::json_tree;
use agent_console_core::backend::THREAD_RUNS_PAGE;
use agent_console_core::diff::{ValueChange, WordOp};
use agent_console_core::domain::{Checkpoint, Message, Run};
use leptos::prelude::*;

/// Current values as a JSON tree, and the thread's checkpoint history (newest first).
#[component]
pub fn StateTab() -> impl IntoView {
    let state = use_app_state();
    let checkpoints = LocalResource::new(move || history(state, state.selected.get_untracked()));
    view! {
        <div class="ac-state-tab">
            <h3>"Current values"</h3>
            <div class="ac-state-values">{move || json_tree(&state.session.values.get())}</div>
            <h3>"History"</h3>
            {move || match checkpoints.get() {
                None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="ac-empty">"No checkpoints yet."</p> }.into_any(),
                Some(Ok(list)) => view! { <CheckpointHistory list /> }.into_any(),
            }}
        </div>
    }
}

/// The checkpoints, newest first; ticking two compares them (the older one is "before").
#[component]
fn CheckpointHistory(list: Vec<Checkpoint>) -> impl IntoView {
    let list = StoredValue::new(list);
    // Indexes into `list` of the ticked checkpoints, at most two (a third tick drops the first).
    let picked = RwSignal::new(Vec::<usize>::new());
    let toggle = move |i: usize| {
        picked.update(|p| match p.iter().position(|&j| j == i) {
            Some(at) => {
                p.remove(at);
            }
            None => {
                p.push(i);
                if p.len() > 2 {
                    p.remove(0);
                }
            }
        })
    };
    let diff = move || {
        let p = picked.get();
        let [a, b] = p[..] else {
            return view! {
                <p class="ac-hint ac-diff-hint">"Tick two checkpoints to compare them."</p>
            }
            .into_any();
        };
        // Newest first: the larger index is the older checkpoint.
        let (old, new) = (a.max(b), a.min(b));
        list.with_value(|l| diff_view(&l[old], &l[new]))
    };
    view! {
        {diff}
        <ol class="ac-history">
            {list.with_value(|l| l.iter().enumerate().map(|(i, c)| {
                let id = c.id.clone().unwrap_or_default();
                view! {
                    <li class="ac-checkpoint" data-checkpoint-id=id>
                        <input type="checkbox" class="ac-compare-pick" aria-label="Compare this checkpoint"
                            prop:checked=move || picked.with(|p| p.contains(&i))
                            on:change=move |_| toggle(i) />
                        <details><summary>{checkpoint_title(c)}</summary>{json_tree(&c.values)}</details>
                    </li>
                }
            }).collect_view())}
        </ol>
    }
}

fn checkpoint_title(c: &Checkpoint) -> String {
    format!(
        "step {} · {} · {}{}",
        c.step.map(|s| s.to_string()).unwrap_or_else(|| "?".into()),
        c.source.clone().unwrap_or_default(),
        c.created_at.clone().unwrap_or_default(),
        if c.next.is_empty() {
            String::new()
        } else {
            format!(" · next: {}", c.next.join(", "))
        },
    )
}

fn step_of(c: &Checkpoint) -> String {
    c.step
        .map(|s| format!("step {s}"))
        .unwrap_or_else(|| "a checkpoint".into())
}

/// The differences between two checkpoints: a table of value changes by JSON path, then the messages
/// only one side has and those whose text changed (as a word diff). All text nodes.
fn diff_view(before: &Checkpoint, after: &Checkpoint) -> AnyView {
    let d = compare_checkpoints(before, after);
    let heading = format!("{} → {}", step_of(before), step_of(after));
    if d.is_empty() {
        return view! {
            <section class="ac-diff" aria-label="Comparison">
                <h4>{heading}</h4><p class="ac-empty">"No differences."</p>
            </section>
        }
        .into_any();
    }
    let json = |v: &serde_json::Value| serde_json::to_string(v).unwrap_or_default();
    let rows = d.values.iter().map(|c| {
        let (kind, old, new) = match c {
            ValueChange::Added { after, .. } => ("added", String::new(), json(after)),
            ValueChange::Removed { before, .. } => ("removed", json(before), String::new()),
            ValueChange::Changed { before, after, .. } => ("changed", json(before), json(after)),
        };
        view! {
            <tr class=format!("ac-diff-{kind}") data-path=c.path().to_owned()>
                <td>{kind}</td><td class="ac-mono">{c.path().to_owned()}</td>
                <td class="ac-mono ac-diff-old">{old}</td><td class="ac-mono ac-diff-new">{new}</td>
            </tr>
        }
    }).collect_view();
    let one = |m: &Message, side: &'static str| {
        view! {
            <li class=format!("ac-diff-{side}") data-message-id=m.id.clone()>
                <span class="ac-diff-mark">{if side == "only-after" { "+ " } else { "− " }}</span>
                <span class="ac-role">{m.role.as_str().to_owned()}</span>" "
                <span class="ac-diff-text">{m.plain_text()}</span>
            </li>
        }
    };
    let m = &d.messages;
    let messages = m
        .only_before
        .iter()
        .map(|x| one(x, "only-before"))
        .chain(m.only_after.iter().map(|x| one(x, "only-after")))
        .collect_view();
    let changed = m
        .changed
        .iter()
        .map(|c| {
            view! {
                <li class="ac-diff-changed" data-message-id=c.after.id.clone()>
                    <span class="ac-diff-mark">"~ "</span>
                    <span class="ac-role">{c.after.role.as_str().to_owned()}</span>" "
                    <span class="ac-diff-text">{c.words.iter().map(|w| match w {
                        WordOp::Same(t) => view! { <span>{t.clone()}</span> }.into_any(),
                        WordOp::Removed(t) => view! { <del>{t.clone()}</del> }.into_any(),
                        WordOp::Added(t) => view! { <ins>{t.clone()}</ins> }.into_any(),
                    }).collect_view()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="ac-diff" aria-label="Comparison">
            <h4>{heading}</h4>
            {(!d.values.is_empty()).then(|| view! {
                <table class="ac-diff-values">
                    <thead><tr><th>"Change"</th><th>"Path"</th><th>"Before"</th><th>"After"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            })}
            {(!m.is_empty()).then(|| view! { <ul class="ac-diff-messages">{messages}{changed}</ul> })}
        </section>
    }
    .into_any()
}

/// Every run of the thread with the fields of its Run object, paged; a row opens its detail.
#[component]
pub fn RunsTab() -> impl IntoView {
    let state = use_app_state();
    let runs = RwSignal::new(Vec::<Run>::new());
    let error = RwSignal::new(None::<String>);
    let more = RwSignal::new(false);
    // The open detail is app state: it is the deep link's `run`.
    let open = state.open_run;
    // The page asked for; each arrives into `runs`.
    let offset = RwSignal::new(0u64);
    let page = LocalResource::new(move || {
        thread_runs(state, state.selected.get_untracked(), offset.get())
    });
    Effect::new(move |_| match page.get() {
        Some(Ok(list)) => {
            more.set(list.len() as u32 == THREAD_RUNS_PAGE);
            runs.update(|r| r.extend(list));
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let load = move |next: u64| offset.set(next);
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
                <span class="ac-events-count">{move || format!("{} events · {} reconnects", session.events.with(std::collections::VecDeque::len), session.reconnects.get())}</span>
                <button class="ac-reconnect" disabled=move || !session.streaming.get()
                    on:click=move |_| reconnect(state)
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
