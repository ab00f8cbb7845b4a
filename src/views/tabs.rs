//! The State, Runs and Events tabs of the open thread. The first two load when shown; leaving them
//! stops their requests.

use crate::actions::branches::{fork_from, rerun_from};
use crate::actions::thread::{compare_checkpoints, history, reconnect, thread_runs};
use crate::state::use_app_state;
use crate::views::json_tree::json_tree;
use agent_console_core::backend::{HISTORY_LIMIT, THREAD_RUNS_PAGE};
use agent_console_core::diff::WordOp;
use agent_console_core::domain::status_class;
use agent_console_core::domain::{Checkpoint, Message, Run};
use leptos::prelude::*;

/// Current values as a JSON tree, and the thread's checkpoint history (newest first), paged: *Older
/// checkpoints* reads the page before the oldest shown. It is read again when the history grows (a run
/// ended, a fork).
#[component]
pub fn StateTab() -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    let list = RwSignal::new(Vec::<Checkpoint>::new());
    let more = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    // The page asked for: the newest (`None`), or those older than a checkpoint.
    let before = RwSignal::new(None::<String>);
    let page = LocalResource::new(move || {
        session.revision.track();
        let b = before.get();
        let thread = state.selected.get_untracked();
        async move { (b.clone(), history(state, thread, b).await) }
    });
    Effect::new(move |_| match page.get() {
        Some((b, Ok(p))) => {
            more.set(p.len() as u32 == HISTORY_LIMIT);
            error.set(None);
            loaded.set(true);
            if b.is_none() {
                list.set(p);
            } else {
                list.update(|l| l.extend(p));
            }
        }
        Some((_, Err(e))) => error.set(Some(e)),
        None => {}
    });
    // A new revision starts from the newest page again.
    Effect::new(move |seen: Option<u64>| {
        let r = session.revision.get();
        if seen.is_some_and(|s| s != r) && before.get_untracked().is_some() {
            before.set(None);
        }
        r
    });
    let older = move |_| {
        if let Some(id) = list.with_untracked(|l| l.last().and_then(|c| c.id.clone())) {
            before.set(Some(id));
        }
    };
    view! {
        <div class="ac-state-tab">
            <h2>"Current values"</h2>
            {move || state.session.values.with(|v| v.problem()).map(|p| view! { <p class="ac-error ac-values-error" role="alert">{p}</p> })}
            <div class="ac-state-values">{move || json_tree(state.session.values.get().value())}</div>
            <h2>"History"</h2>
            {move || session.branch_note.get().map(|n| view! { <p class="ac-hint ac-branch-note">{n}</p> })}
            {move || error.get().map(|e| view! { <p class="ac-error" role="alert">{e}</p> })}
            {move || match (loaded.get(), list.with(Vec::is_empty)) {
                (false, _) => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
                (true, true) => view! { <p class="ac-empty">"No checkpoints yet."</p> }.into_any(),
                (true, false) => view! { <CheckpointHistory list /> }.into_any(),
            }}
            {move || more.get().then(|| view! {
                <button type="button" class="ac-history-older" on:click=older>"Older checkpoints"</button>
            })}
        </div>
    }
}

/// The checkpoints, newest first; ticking two compares them (the older one is "before"). Where the
/// server has time travel, each can be run again or forked with edited values.
#[component]
fn CheckpointHistory(list: RwSignal<Vec<Checkpoint>>) -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    // The ticked checkpoints' ids, at most two (a third tick drops the first).
    let picked = RwSignal::new(Vec::<String>::new());
    let toggle = move |id: String| {
        picked.update(|p| match p.iter().position(|j| *j == id) {
            Some(at) => {
                p.remove(at);
            }
            None => {
                p.push(id);
                if p.len() > 2 {
                    p.remove(0);
                }
            }
        })
    };
    let diff = move || {
        let p = picked.get();
        let found = list.with(|l| {
            let at = |id: &String| l.iter().position(|c| c.id.as_ref() == Some(id));
            match p[..] {
                [ref a, ref b] => at(a).zip(at(b)),
                _ => None,
            }
        });
        let Some((a, b)) = found else {
            return view! {
                <p class="ac-hint ac-diff-hint">"Tick two checkpoints to compare them (two branches' heads, say)."</p>
            }
            .into_any();
        };
        // Newest first: the larger index is the older checkpoint.
        let (old, new) = (a.max(b), a.min(b));
        list.with(|l| diff_view(&l[old], &l[new]))
    };
    let heads = Memo::new(move |_| {
        session.branches.with(|b| {
            b.as_ref()
                .filter(|b| b.forks())
                .map(|b| b.heads().into_iter().map(str::to_owned).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let time_travel = move || state.caps().time_travel;
    view! {
        {diff}
        <ol class="ac-history">
            <For each=move || list.get() key=|c| c.id.clone() let:c>
                {
                    let id = c.id.clone().unwrap_or_default();
                    // The parent is usually on the same page (newest first: the next one).
                    let parent = c.parent_id.as_ref().and_then(|p| {
                        list.with_untracked(|l| l.iter().find(|x| x.id.as_ref() == Some(p)).cloned())
                    });
                    let title = checkpoint_title(&c, parent.as_ref());
                    let values = json_tree(&c.values);
                    let (for_pick, for_toggle, for_head) = (id.clone(), id.clone(), id.clone());
                    let for_head = StoredValue::new(for_head);
                    let is_head = move || heads.with(|h| for_head.with_value(|id| h.contains(id)));
                    let forking = RwSignal::new(false);
                    let c = StoredValue::new(c);
                    view! {
                        <li class="ac-checkpoint" data-checkpoint-id=id class:ac-branch-head=is_head>
                            <input type="checkbox" class="ac-compare-pick" aria-label="Compare this checkpoint"
                                prop:checked=move || picked.with(|p| p.contains(&for_pick))
                                on:change=move |_| toggle(for_toggle.clone()) />
                            <details><summary>{title}{move || is_head().then_some(" · head of a branch")}</summary>{values}</details>
                            {move || time_travel().then(|| view! {
                                <span class="ac-checkpoint-actions">
                                    <button type="button" class="ac-rerun" disabled=move || session.streaming.get()
                                        on:click=move |_| rerun_from(state, c.get_value())>"Re-run from here"</button>
                                    <button type="button" class="ac-fork-open" aria-expanded=move || forking.get().to_string()
                                        on:click=move |_| forking.update(|f| *f = !*f)>"Fork from here"</button>
                                </span>
                            })}
                            {move || forking.get().then(|| view! { <ForkForm checkpoint=c.get_value() /> })}
                        </li>
                    }
                }
            </For>
        </ol>
    }
}

/// *Fork from here*: the checkpoint's values as JSON to edit, the node the edit is written as (blank:
/// the server picks it), then *Fork* (the fork becomes the thread's newest branch) or *Fork and run*
/// (the graph goes on from it). What the server refuses is said here, the edit kept.
#[component]
fn ForkForm(checkpoint: Checkpoint) -> impl IntoView {
    let state = use_app_state();
    let text = RwSignal::new(serde_json::to_string_pretty(&checkpoint.values).unwrap_or_default());
    let as_node = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);
    let checkpoint = StoredValue::new(checkpoint);
    let submit = move |then_run: bool| {
        working.set(true);
        error.set(None);
        state.spawn(async move {
            let r = fork_from(
                state,
                checkpoint.get_value(),
                text.get_untracked(),
                as_node.get_untracked(),
                then_run,
            )
            .await;
            let _ = working.try_set(false);
            if let Err(e) = r {
                let _ = error.try_set(Some(e));
            }
        });
    };
    view! {
        <div class="ac-fork-form" role="group" aria-label="Fork this checkpoint">
            <label>"Values (JSON; keys you change are written — a message by its id)"
                <textarea class="ac-fork-values" rows="10" prop:value=move || text.get()
                    on:input=move |e| text.set(event_target_value(&e))></textarea>
            </label>
            <label>"As node "
                <input class="ac-fork-node" placeholder="the server picks" prop:value=move || as_node.get()
                    on:input=move |e| as_node.set(event_target_value(&e)) />
            </label>
            <button type="button" class="ac-fork-only" disabled=move || working.get() || state.session.streaming.get()
                on:click=move |_| submit(false)>"Fork"</button>
            <button type="button" class="ac-fork-run" disabled=move || working.get() || state.session.streaming.get()
                on:click=move |_| submit(true)>"Fork and run"</button>
            {move || error.get().map(|e| view! { <p class="ac-error ac-fork-error" role="alert">{e}</p> })}
        </div>
    }
}

fn checkpoint_title(c: &Checkpoint, parent: Option<&Checkpoint>) -> String {
    let by = agent_console_core::branches::writers(c, parent);
    let writers = if by.is_empty() {
        String::new()
    } else {
        format!(" · by {}", by.join(", "))
    };
    format!(
        "step {} · {}{writers} · {}{}",
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
                <h3>{heading}</h3><p class="ac-empty">"No differences."</p>
            </section>
        }
        .into_any();
    }
    let rows = crate::views::diff_rows::change_rows(&d.values);
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
            <h3>{heading}</h3>
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
                                    <td><span class=format!("ac-badge {}", status_class(&status)) data-status=status.clone()>{status.clone()}</span></td>
                                    <td class="ac-mono">{run.assistant_id.clone().unwrap_or_default()}</td>
                                    <td>{run.created_at.clone().unwrap_or_default()}</td>
                                    <td>{run.updated_at.clone().unwrap_or_default()}</td>
                                    <td>{run.multitask_strategy.clone().unwrap_or_default()}</td>
                                </tr>
                                {move || (open.get().as_deref() == Some(id2.as_str())).then(|| view! {
                                    <tr class="ac-run-detail"><td colspan="6">
                                        <p>{format!("Thread {}", detail.thread_id.clone().unwrap_or_default())}</p>
                                        <h3>"Metadata"</h3>{json_tree(&detail.metadata)}
                                        <h3>"Arguments (kwargs)"</h3>{json_tree(&detail.kwargs)}
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
            <crate::views::insight::Recordings />
            <crate::views::replay::OpenRecording />
            <ol class="ac-events">
                <For each=shown key=|e| e.n let:e>
                    <li class="ac-event" data-event=e.event.clone() data-n=e.n.to_string()>
                        // While a recording plays: show the view as it was at this event.
                        {move || state.replay.with(Option::is_some).then(|| view! {
                            <button type="button" class="ac-event-jump" title="Show the thread as it was at this event"
                                on:click=move |_| { crate::actions::replay::jump_to_event(state, e.n); state.tab.set(crate::state::Tab::Messages); }>"Show here"</button>
                        })}
                        <span class="ac-event-name">{e.event.clone()}</span>
                        <span class="ac-event-id">{e.id.clone().map(|i| format!("id {i}")).unwrap_or_default()}</span>
                        <pre class="ac-event-data" tabindex="0">{agent_console_core::http::truncate(&e.data, 2_000)}</pre>
                    </li>
                </For>
            </ol>
        </div>
    }
}
