//! The open thread: its messages (each body its own signal), a pending interrupt, errors, the composer.

use crate::actions::branches::{edit_message, regenerate, show_branch};
use crate::actions::conversation::{self, copy_text, set_tools_hidden, thread_title};
use crate::actions::thread::{cancel, resume, send_message};
use crate::state::session::MessageRow;
use crate::state::{use_app_state, AppState, Connection, Tab};
use crate::views::folder_runs::{LastRunTab, SeenRunsTab};
use crate::views::markdown::MarkdownStream;
use crate::views::run_options::RunOptionsPanel;
use crate::views::tabs::{EventsTab, RunsTab, StateTab};
use agent_console_core::attachments;
use agent_console_core::backend::ThreadRuns;
use agent_console_core::domain::{Block, Interrupt, Role};
use agent_console_core::interrupt_form::{self, FieldKind, FormField};
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

#[component]
pub fn ThreadPane() -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    let status_text = move || {
        let s = session.status.get().map(|s| s.as_str().to_owned());
        let run = session
            .run_id
            .get()
            .map(|r| format!(" · run {}", r.chars().take(8).collect::<String>()))
            .unwrap_or_default();
        s.map(|s| format!("{s}{run}")).unwrap_or_default()
    };
    let chat = move || state.chat();
    let replaying = move || state.replay.with(Option::is_some);
    view! {
        <section class="ac-thread-pane"
            on:dragover=crate::views::replay::on_drag_over
            on:drop=move |ev| crate::views::replay::on_drop(state, ev)>
            <header class="ac-thread-header">
                <h1>{move || title(state)}</h1>
                // The id in full, for copying (the title is the thread's name or first words).
                {move || state.selected.get().filter(|_| !chat()).map(|id| view! { <span class="ac-thread-id ac-mono" title="Thread id">{id}</span> })}
                {move || (!chat()).then(|| view! {
                    <label class="ac-check ac-hide-tools-toggle" title="Fold tool calls and their results away (remembered in this tab)">
                        <input type="checkbox" class="ac-hide-tools-input" prop:checked=move || state.hide_tools.get()
                            on:change=move |ev| set_tools_hidden(state, event_target_checked(&ev)) />
                        "Hide tool calls"</label>
                })}
                <span class="ac-run-status" data-status=move || session.status.get().map(|s| s.as_str().to_owned()).unwrap_or_default()
                    data-reconnects=move || session.reconnects.get()
                    data-run-id=move || session.run_id.get().unwrap_or_default()
                    data-streaming=move || session.streaming.get().to_string()>
                    {status_text}
                </span>
            </header>
            // The chat has no rail: a connection that failed is said here.
            {move || match state.connection.get() {
                Connection::Failed(e) if chat() => Some(view! { <p class="ac-error ac-connection-error" role="alert">{e}</p> }),
                _ => None,
            }}
            <crate::views::replay::ReplayBar />
            {move || (!chat()).then(|| view! { <nav class="ac-tabs" role="tablist">
                // A tab shows where the server has what it lists (state, runs).
                {move || Tab::ALL.into_iter().filter(|t| shows(state, *t)).map(|t| view! {
                    <button class="ac-tab" role="tab" data-tab=t.as_str()
                        class:ac-tab-active=move || state.tab.get() == t
                        on:click=move |_| { state.tab.set(t); state.update_url(); }>{t.label()}</button>
                }).collect_view()}
            </nav> })}
            <div class="ac-tab-body">
                // Tabs load for the open thread when mounted: a new thread remounts them.
                {move || { state.selected.track();
                // The chat shows the messages alone (in a chat-only build the other tabs are not compiled in).
                if chat() { return view! { <MessagesTab /> }.into_any(); }
                match (state.tab.get(), state.caps().thread_runs) {
                    (t, _) if !shows(state, t) => view! { <MessagesTab /> }.into_any(),
                    (Tab::Messages, _) => view! { <MessagesTab /> }.into_any(),
                    (Tab::State, _) => view! { <StateTab /> }.into_any(),
                    (Tab::Runs, Some(ThreadRuns::LastOnly)) => view! { <LastRunTab /> }.into_any(),
                    (Tab::Runs, Some(ThreadRuns::Seen)) => view! { <SeenRunsTab chain=false /> }.into_any(),
                    (Tab::Runs, Some(ThreadRuns::Chain)) => view! { <SeenRunsTab chain=true /> }.into_any(),
                    (Tab::Runs, _) => view! { <RunsTab /> }.into_any(),
                    (Tab::Timeline, _) => view! { <crate::views::timeline::TimelineTab /> }.into_any(),
                    (Tab::Events, _) => view! { <EventsTab /> }.into_any(),
                }}}
            </div>
            {move || (!chat() && !replaying()).then(|| view! { <crate::views::insight::RunMetersStrip /> })}
            {move || session.error.get().map(|e| view! { <p class="ac-error ac-thread-error" role="alert">{e}</p> })}
            {move || session.notice.get().map(|n| view! { <p class="ac-notice" role="status">{n}</p> })}
            {move || (!replaying()).then(|| view! { <Composer /> })}
        </section>
    }
}

/// Whether the server has what a tab shows (a Messages or Events tab always has something).
fn shows(state: AppState, tab: Tab) -> bool {
    let caps = state.caps();
    match tab {
        Tab::Messages | Tab::Events | Tab::Timeline => true,
        Tab::State => caps.state_tab,
        Tab::Runs => caps.thread_runs.is_some(),
    }
}

/// The pane's title: the thread — or, in the chat, the assistant one talks to.
fn title(state: AppState) -> String {
    if state.chat() {
        let id = state.assistant_id.get();
        let name = state.assistants.with(|list| {
            list.iter()
                .find(|a| Some(&a.id) == id.as_ref())
                .map(|a| a.name.clone())
        });
        return name.unwrap_or_else(|| "Chat".into());
    }
    if state.replay.with(Option::is_some) {
        return "Recording".into();
    }
    match state.selected.get() {
        None => "New conversation".into(),
        Some(id) => thread_title(state)
            .unwrap_or_else(|| format!("Thread {}", id.chars().take(8).collect::<String>())),
    }
}

/// Threads longer than this are windowed: only the rows in view, and `OVERSCAN_PX` above and below,
/// are in the DOM. Shorter ones are rendered whole.
const WINDOW_FROM: usize = 200;
const OVERSCAN_PX: f64 = 1_500.0;
/// The overscan of a window's first render: what is in view is rendered (and laid out) first, the
/// rest of the overscan in a task of its own.
const FIRST_OVERSCAN_PX: f64 = 200.0;
/// A row's height until it has been measured (px, with the list's gap).
const ESTIMATE_PX: f64 = 88.0;
/// The list's gap between rows (style: `.ac-messages { gap }`).
const GAP_PX: f64 = 12.0;
/// Closer to the end than this, the view sticks to the newest message as it streams.
const STICK_PX: f64 = 48.0;
/// How long a linked message is kept in view while the rows around it are measured (ms).
const ANCHOR_MS: f64 = 1_500.0;

/// Which rows a windowed list renders: `from..to`, and the space the rows above and below take.
#[derive(Clone, Copy, PartialEq, Debug)]
struct Window {
    from: usize,
    to: usize,
    above: f64,
    below: f64,
}

/// The window over `heights` (each row's, measured or estimated) for a viewport at `top`.
fn window_of(heights: impl Iterator<Item = f64>, top: f64, viewport: f64, overscan: f64) -> Window {
    let (start, end) = (top - overscan, top + viewport + overscan);
    let mut w = Window {
        from: 0,
        to: 0,
        above: 0.0,
        below: 0.0,
    };
    let mut y = 0.0;
    let mut first = None;
    for (i, h) in heights.enumerate() {
        if first.is_none() && y + h >= start {
            first = Some(i);
            w.above = y;
        }
        if y <= end {
            w.to = i + 1;
        } else {
            w.below += h;
        }
        y += h;
    }
    w.from = first.unwrap_or(w.to);
    w
}

/// How many frames the end is followed after the view was put there, while rows settle.
const SETTLE_FRAMES: u32 = 30;

/// Puts the view at the end of `list` and keeps where it landed in `pinned`; the end it put it at.
fn put_at_end(list: NodeRef<leptos::html::Div>, pinned: StoredValue<f64>) -> Option<i32> {
    let el = list.get_untracked()?;
    let end = el.scroll_height();
    el.set_scroll_top(end);
    pinned.set_value(f64::from(el.scroll_top()));
    Some(end)
}

/// At the next frame, while the view is stuck to the end: if the end moved from `end` (rows in view
/// rendered taller than estimated), put the view at the new end and look again; done once the end
/// holds for a frame, the user let go, or `frames` ran out.
fn settle_at_end(
    list: NodeRef<leptos::html::Div>,
    stick: StoredValue<bool>,
    pinned: StoredValue<f64>,
    settling: StoredValue<bool>,
    end: i32,
    frames: u32,
) {
    crate::platform::next_frame(move || {
        // The tab may be gone by then.
        if stick.try_get_value() != Some(true) || frames == 0 {
            let _ = settling.try_set_value(false);
            return;
        }
        let moved = list
            .get_untracked()
            .is_some_and(|el| el.scroll_height() != end);
        match moved.then(|| put_at_end(list, pinned)).flatten() {
            Some(now) => settle_at_end(list, stick, pinned, settling, now, frames - 1),
            None => settling.set_value(false),
        }
    });
}

#[component]
fn MessagesTab() -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    let list = NodeRef::<leptos::html::Div>::new();
    // Long threads are a window over their rows: heights measured once shown (kept with each row),
    // estimated before; the view opens at the newest message and sticks to it while the user is at
    // the end.
    let measured = RwSignal::new(0u64);
    let overscan = RwSignal::new(FIRST_OVERSCAN_PX);
    let scroll_top = RwSignal::new(f64::MAX);
    let viewport = RwSignal::new(900.0);
    let stick = StoredValue::new(true);
    // Where the view last put itself (at the end): only the user scrolling up from there lets go.
    let pinned = StoredValue::new(f64::NAN);
    // Whether frames are watching the end settle after the view was put there.
    let settling = StoredValue::new(false);
    // A linked message (deep link `message=`, a message's *Link*): shown once its row is there.
    let target = state.open_message;
    let reached = StoredValue::new(None::<String>);
    let reached_at = StoredValue::new(0.0f64);
    let pending = move || {
        target
            .get_untracked()
            .filter(|t| reached.with_value(|r| r.as_ref() != Some(t)))
    };
    let window = Memo::new(move |_| {
        measured.track();
        let (top, vh) = (scroll_top.get(), viewport.get());
        session.rows.with(|rows| {
            if rows.len() <= WINDOW_FROM {
                return Window {
                    from: 0,
                    to: rows.len(),
                    above: 0.0,
                    below: 0.0,
                };
            }
            let each = rows.iter().map(|r| r.height().unwrap_or(ESTIMATE_PX));
            // Not scrolled yet: at the end.
            let total: f64 = if top == f64::MAX {
                each.clone().sum()
            } else {
                0.0
            };
            let top = if top == f64::MAX { total - vh } else { top };
            window_of(each, top, vh, overscan.get())
        })
    });
    // Frames come after the tab may have gone (another thread opened, a thread moved): its values
    // are then disposed, and a frame's work is dropped.
    let alive = move || stick.try_get_value().is_some();
    // `settle`: after the rows changed (not while a reply streams, which follows every frame anyway).
    let to_end = move |settle: bool| {
        if !alive() {
            return;
        }
        let Some(end) = put_at_end(list, pinned) else {
            return;
        };
        // Rows that came into view may render taller than their placeholders (a short thread's
        // rows are `content-visibility: auto`) and move the end away: followed until it holds.
        if settle && !settling.get_value() {
            settling.set_value(true);
            settle_at_end(list, stick, pinned, settling, end, SETTLE_FRAMES);
        }
    };
    // After the window renders: measure its rows; the next frame's layout is the real one.
    Effect::new(move |_| {
        window.track();
        crate::platform::next_frame(move || {
            if !alive() {
                return;
            }
            let Some(el) = list.get_untracked() else {
                return;
            };
            let Some(rows) = el.first_element_child().map(|ol| ol.children()) else {
                return;
            };
            let mut changed = false;
            // The rows rendered are the window's: each DOM row is found among them by its id.
            let w = window.get_untracked();
            session.rows.with_untracked(|all| {
                let shown = &all[w.from.min(all.len())..w.to.min(all.len())];
                let by_id: std::collections::HashMap<&str, &MessageRow> =
                    shown.iter().map(|r| (r.id.as_str(), r)).collect();
                for i in 0..rows.length() {
                    let Some(row) = rows.item(i) else { continue };
                    let Some(id) = row.get_attribute("data-message-id") else {
                        continue;
                    };
                    let Some(px) = row
                        .dyn_ref::<web_sys::HtmlElement>()
                        .map(|e| f64::from(e.offset_height()) + GAP_PX)
                    else {
                        continue;
                    };
                    let Some(r) = by_id.get(id.as_str()) else {
                        continue;
                    };
                    if r.height().is_none_or(|old| (old - px).abs() > 1.0) {
                        r.set_height(px);
                        changed = true;
                    }
                }
            });
            if changed && session.rows.with_untracked(Vec::len) > WINDOW_FROM {
                measured.update(|m| *m += 1);
            }
            // The rows in view are shown: the rest of the overscan comes in the next task.
            if overscan.get_untracked() < OVERSCAN_PX {
                state.spawn(async move {
                    crate::platform::next_task().await;
                    if alive() {
                        overscan.set(OVERSCAN_PX);
                    }
                });
            }
            // The linked message: put in view once its row is there, and kept there while the
            // heights around it settle (rows measured after it moved are not all as estimated).
            let now = js_sys::Date::now();
            let settling = changed && now - reached_at.get_value() < ANCHOR_MS;
            if let Some(id) = pending().or_else(|| target.get_untracked().filter(|_| settling)) {
                let sel = format!(".ac-message[data-message-id=\"{}\"]", id.replace('"', ""));
                if let Ok(Some(row)) = el.query_selector(&sel) {
                    row.scroll_into_view();
                    if reached.with_value(|r| r.as_ref() != Some(&id)) {
                        reached.set_value(Some(id));
                        reached_at.set_value(now);
                    }
                    stick.set_value(false);
                    return;
                }
            }
            if stick.get_value() {
                to_end(true);
            }
        });
    });
    // A linked message in a window: scroll to where its row is expected, so the window holds it (the
    // measuring above then puts it in view exactly).
    Effect::new(move |_| {
        target.track();
        let Some(id) = pending() else { return };
        stick.set_value(false);
        let offset = session.rows.with(|rows| {
            if rows.len() <= WINDOW_FROM {
                return None;
            }
            let at = rows.iter().position(|r| r.id == id)?;
            Some(
                rows[..at]
                    .iter()
                    .map(|r| r.height().unwrap_or(ESTIMATE_PX))
                    .sum::<f64>(),
            )
        });
        if let Some(y) = offset {
            scroll_top.set(y);
            if let Some(el) = list.get_untracked() {
                el.set_scroll_top(y as i32);
            }
        }
    });
    // The newest message growing (or a new one): follow it if the user is at the end.
    Effect::new(move |_| {
        session.rows.with(|r| r.last().map(|r| r.text.track()));
        if stick.get_value() {
            // Still stuck when the frame comes: a user who scrolled up meanwhile stays there.
            crate::platform::next_frame(move || {
                if stick.try_get_value() == Some(true) {
                    to_end(false);
                }
            });
        }
    });
    let on_scroll = move |_| {
        if let Some(el) = list.get_untracked() {
            let top = f64::from(el.scroll_top());
            let height = f64::from(el.client_height());
            let at_end = f64::from(el.scroll_height()) - top - height < STICK_PX;
            // Rows measured or grown under the view move the end away while the view stays where it
            // was put: still stuck to it. Scrolling up from there is the user's, and lets go.
            let held = stick.get_value() && top >= pinned.get_value() - 1.0;
            stick.set_value(at_end || held);
            viewport.set(height.max(1.0));
            scroll_top.set(top);
        }
    };
    // The space of the rows out of the window, as the list's padding (the first and last rows stay
    // the list's first and last children).
    let space = move || {
        let w = window.get();
        format!("--ac-above:{}px;--ac-below:{}px", w.above, w.below)
    };
    view! {
        <div class="ac-messages-scroll" node_ref=list on:scroll=on_scroll>
            <ol class="ac-messages" style=space data-rows=move || session.rows.with(Vec::len)
                class:ac-hide-tools=move || state.hide_tools.get()
                class:ac-windowed=move || { session.rows.with(Vec::len) > WINDOW_FROM }
                data-head=move || session.branch.with(|b| b.head.clone().unwrap_or_default())>
                <For each=move || { let w = window.get(); session.rows.with(|r| r[w.from.min(r.len())..w.to.min(r.len())].to_vec()) } key=|r| r.id.clone() let:row>
                    <MessageView row=row />
                </For>
            </ol>
            {move || session.echo.get().map(|m| {
                let files = m.blocks.len().saturating_sub(1);
                view! {
                    <div class="ac-pending-echo" data-role="human" aria-live="polite">
                        <span class="ac-pending-badge">"Sending…"</span>
                        <p class="ac-pending-text">{m.plain_text()}</p>
                        {(files > 0).then(|| view! { <p class="ac-file">{format!("📎 {files} file(s)")}</p> })}
                    </div>
                }
            })}
            <ExamplePrompts />
        </div>
        {move || session.interrupts.get().into_iter().next().map(|i| view! { <InterruptCard interrupt=i /> })}
        {move || {
            let w = session.warnings.get();
            (!w.is_empty()).then(|| view! { <details class="ac-warnings"><summary>{format!("{} part(s) could not be read", w.len())}</summary>
                <ul>{w.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul></details> })
        }}
    }
}

/// The files of a `FileList`, in order.
pub(crate) fn file_list(list: web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The message's attached files above the composer: a thumbnail of each image (from its own bytes),
/// a chip for the rest, each removable; and why a file was refused.
#[component]
fn Attachments() -> impl IntoView {
    let state = use_app_state();
    view! {
        {move || state.attach_error.get().map(|e| view! { <p class="ac-error ac-attach-error" role="alert">{e}</p> })}
        {move || {
            let list = state.attachments.get();
            (!list.is_empty()).then(|| view! {
                <ul class="ac-attachments" aria-label="Attached files">
                    {list.into_iter().enumerate().map(|(i, a)| {
                        let label = format!("{} · {}", a.name, attachments::human_size(a.size));
                        let thumb = a.is_image().then(|| view! { <img class="ac-thumb" src=a.data_url() alt=a.name.clone() /> });
                        view! {
                            <li class="ac-attachment">
                                {thumb}
                                <span class="ac-attachment-name">{label}</span>
                                <button type="button" class="ac-attachment-remove" aria-label=format!("Remove {}", a.name)
                                    on:click=move |_| conversation::remove_attachment(state, i)>"×"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })
        }}
    }
}

/// An empty thread offers the assistant's example prompts (its metadata's `example_prompts`); a
/// click sends one.
#[component]
fn ExamplePrompts() -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    let prompts = Memo::new(move |_| {
        let empty = session.rows.with(Vec::is_empty)
            && !session.streaming.get()
            && !session.sending.get()
            && state.replay.with(Option::is_none);
        if !empty {
            return Vec::new();
        }
        let id = state.assistant_id.get();
        state.assistants.with(|list| {
            list.iter()
                .find(|a| Some(&a.id) == id.as_ref())
                .map(|a| a.example_prompts())
                .unwrap_or_default()
        })
    });
    move || {
        let p = prompts.get();
        (!p.is_empty()).then(|| view! {
            <div class="ac-examples" role="group" aria-label="Example prompts">
                <p class="ac-examples-title">"Try"</p>
                {p.into_iter().map(|text| {
                    let t = text.clone();
                    view! { <button type="button" class="ac-example"
                        on:click=move |_| crate::actions::thread::send_text(state, t.clone(), Vec::new())>{text}</button> }
                }).collect_view()}
            </div>
        })
    }
}

/// A row of the list: the conversation's message, or a subagent's (streamed inside a subgraph).
#[component]
fn MessageView(row: MessageRow) -> impl IntoView {
    // The row's signals, held by this view for as long as it shows them.
    let group = RwSignal::from(row.group.clone());
    move || match group.get() {
        None => view! { <ConversationMessage row=row.clone() /> }.into_any(),
        Some(node) => view! { <SubagentMessage row=row.clone() node=node /> }.into_any(),
    }
}

/// A message a subgraph (a subagent) streamed, with its own live text: grouped under the node that
/// ran it, folded by default, apart from the conversation (it is in the subgraph's state, not the
/// thread's).
#[component]
fn SubagentMessage(row: MessageRow, node: String) -> impl IntoView {
    let text = RwSignal::from(row.text.clone());
    let words = move || text.with(|t| t.split_whitespace().count());
    let role = row.role.as_str().to_owned();
    let summary = format!("Subagent · {node}");
    view! {
        <li class="ac-subgraph-message" data-subgraph=node data-role=role data-message-id=row.id.clone()>
            <details class="ac-subgraph">
                <summary>{summary}<span class="ac-subgraph-size">{move || format!(" · {} words", words())}</span></summary>
                <div class="ac-subgraph-text ac-markdown"><MarkdownStream text=text /></div>
            </details>
        </li>
    }
}

#[component]
fn ConversationMessage(row: MessageRow) -> impl IntoView {
    let state = use_app_state();
    let role = row.role.as_str().to_owned();
    let linked = {
        let id = row.id.clone();
        move || {
            state
                .open_message
                .with(|m| m.as_deref() == Some(id.as_str()))
        }
    };
    let link = {
        let id = row.id.clone();
        move |_| {
            state.open_message.set(Some(id.clone()));
            state.update_url();
        }
    };
    let label = match row.role {
        Role::Human => "You".to_owned(),
        Role::Ai => "Assistant".to_owned(),
        Role::Tool => format!("Tool {}", row.name.clone().unwrap_or_default()),
        Role::System => "System".to_owned(),
        Role::Unknown(ref r) => r.clone(),
    };
    let text = RwSignal::from(row.text.clone());
    let extras = RwSignal::from(row.extras.clone());
    let usage = RwSignal::from(row.usage.clone());
    let reasoning = RwSignal::from(row.reasoning.clone());
    let has_reasoning = Memo::new(move |_| !reasoning.with(String::is_empty));
    // Copy: the message as markdown (what the agent wrote is markdown; what a user typed, as typed).
    let copied = RwSignal::new(None::<Result<(), String>>);
    let copy = move |_| {
        let t = text.get_untracked();
        state.spawn(async move {
            let r = copy_text(t).await;
            let _ = copied.try_set(Some(r));
        });
    };
    // A reply that only calls tools is hidden with them.
    let only_tools = move || {
        text.with(|t| t.trim().is_empty())
            && extras
                .with(|e| !e.is_empty() && e.iter().all(|b| matches!(b, Block::ToolCall { .. })))
    };
    let actions = view! { <BranchControls row=row.clone() /> };
    // Agent output is untrusted: markdown becomes elements and text nodes, never HTML. What the user
    // typed is shown as typed; a tool's result is raw data, folded like the call that asked for it.
    let body = match row.role {
        Role::Ai | Role::System | Role::Unknown(_) => view! {
            <div class="ac-text ac-markdown" aria-live="polite"><MarkdownStream text=text /></div>
        }
        .into_any(),
        Role::Human => {
            view! { <div class="ac-text ac-plain">{move || text.get()}</div> }.into_any()
        }
        Role::Tool => view! {
            <details class="ac-tool-result" open=true>
                <summary>"Result"</summary>
                <pre class="ac-text">{move || text.get()}</pre>
            </details>
        }
        .into_any(),
    };
    view! {
        <li class="ac-message" class:ac-linked=linked data-role=role data-message-id=row.id.clone()
            data-only-tools=move || only_tools().to_string()>
            <div class="ac-author">{label}
                <button type="button" class="ac-message-link" aria-label="Link to this message" title="Link to this message (the address then opens the thread here)" on:click=link>"#"</button>
                <button type="button" class="ac-copy-message" aria-label="Copy this message as markdown" on:click=copy>
                    {move || match copied.get() { Some(Ok(())) => "Copied", Some(Err(_)) => "Not copied", None => "Copy" }}</button>
                {move || copied.get().and_then(Result::err).map(|e| view! { <span class="ac-error ac-copy-error" role="alert">{e}</span> })}
                <MessageMeta id=row.id.clone() usage=usage />
                {move || usage.get().map(|u| {
                    let n = |v: Option<u64>| v.map_or_else(|| "—".to_owned(), |v| v.to_string());
                    view! { <span class="ac-usage" title="Token usage the server reported for this message"
                        data-completion=n(u.completion)>
                        {format!("{} in · {} out", n(u.prompt), n(u.completion))}</span> }
                })}
            </div>
            // Reasoning: folded above the answer; the same element stays, so it streams on while open.
            {move || has_reasoning.get().then(|| view! {
                <details class="ac-reasoning">
                    <summary>"Reasoning"{move || usage.get().and_then(|u| u.reasoning).map(|n| format!(" · {n} tokens"))}</summary>
                    <p class="ac-reasoning-text">{move || reasoning.get()}</p>
                </details>
            })}
            {body}
            {actions}
            {move || extras.get().into_iter().map(|b| match b {
                Block::ToolCall { name, args, .. } => view! {
                    <details class="ac-tool-call" open=true>
                        <summary>{format!("Tool call: {name}")}</summary>
                        <pre>{serde_json::to_string_pretty(&args).unwrap_or_default()}</pre>
                    </details>
                }.into_any(),
                Block::Image { url } => crate::views::markdown::image_view(url, String::new()),
                Block::File { name, mime, size } => view! {
                    <p class="ac-file">{format!("📎 {}{}{}", name.unwrap_or_else(|| "a file".into()),
                        mime.map(|m| format!(" · {m}")).unwrap_or_default(),
                        size.map(|s| format!(" · {}", attachments::human_size(s))).unwrap_or_default())}</p>
                }.into_any(),
                Block::Json { value } => view! { <pre class="ac-json">{value.to_string()}</pre> }.into_any(),
                Block::Text { .. } | Block::ToolResult { .. } | Block::Reasoning { .. } => ().into_any(),
            }).collect_view()}
        </li>
    }
}

/// A message's details on demand: its id, the checkpoint it first appears in on the branch shown
/// (where the server keeps a history), the usage the server reported.
#[component]
fn MessageMeta(
    id: String,
    usage: RwSignal<Option<agent_console_core::domain::Usage>>,
) -> impl IntoView {
    let state = use_app_state();
    let open = RwSignal::new(false);
    let checkpoint = {
        let id = id.clone();
        move || {
            state
                .session
                .branch
                .with(|b| b.messages.get(&id).map(|m| m.first_seen.clone()))
        }
    };
    let n = |v: Option<u64>| v.map_or_else(|| "—".to_owned(), |v| v.to_string());
    view! {
        <button type="button" class="ac-message-meta-toggle" aria-label="This message's details"
            aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>"Details"</button>
        {move || open.get().then(|| view! {
            <dl class="ac-message-meta">
                <dt>"id"</dt><dd class="ac-mono" data-field="id">{id.clone()}</dd>
                <dt>"checkpoint"</dt><dd class="ac-mono" data-field="checkpoint">{let c = checkpoint.clone(); move || c().unwrap_or_else(|| "—".into())}</dd>
                <dt>"usage"</dt><dd data-field="usage">{move || usage.get().map_or_else(|| "not reported".to_owned(), |u| format!("{} in · {} out · {} total", n(u.prompt), n(u.completion), n(u.total)))}</dd>
            </dl>
        })}
    }
}

/// A message's time travel, where the server has it: `‹ 2 / 3 ›` among the branches of the fork
/// above it, *Edit* (a human message) or *Regenerate* (a reply) — each a run from the checkpoint
/// before the message, making a new branch. Nothing while a run streams.
#[component]
fn BranchControls(row: MessageRow) -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    let id = StoredValue::new(row.id.clone());
    let info = Memo::new(move |_| {
        session
            .branch
            .with(|b| id.with_value(|id| b.messages.get(id).cloned()))
    });
    let idle = move || !session.streaming.get() && !session.sending.get();
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let text = RwSignal::from(row.text.clone());
    let human = row.role == Role::Human;
    // A tool's result or a system message is not written anew on its own.
    let kind_ok = human || row.role == Role::Ai;
    let rewritable = move || {
        kind_ok
            && state.caps().time_travel
            && info.with(|m| m.as_ref().is_some_and(|m| m.run_from.is_some()))
    };
    let go = move |head: Option<String>| {
        if let Some(h) = head {
            show_branch(state, h);
        }
    };
    let switch = move || {
        let sw = info.get()?.switch?;
        let prev = sw
            .index
            .checked_sub(1)
            .and_then(|i| sw.heads.get(i).cloned());
        let next = sw.heads.get(sw.index + 1).cloned();
        let (has_prev, has_next) = (prev.is_some(), next.is_some());
        Some(view! {
            <span class="ac-branch" role="group" aria-label="Branches of this message">
                <button type="button" class="ac-branch-prev" aria-label="Previous branch"
                    disabled=move || !has_prev || !idle() on:click=move |_| go(prev.clone())>"‹"</button>
                <span class="ac-branch-label">{sw.label()}</span>
                <button type="button" class="ac-branch-next" aria-label="Next branch"
                    disabled=move || !has_next || !idle() on:click=move |_| go(next.clone())>"›"</button>
            </span>
        })
    };
    // `↑` in the empty composer asked for this message's editor.
    let editor = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        let asked = state
            .edit_request
            .with(|r| id.with_value(|id| r.as_ref() == Some(id)));
        if !asked {
            return;
        }
        state.edit_request.set(None);
        if rewritable() && idle() {
            draft.set(text.get_untracked());
            editing.set(true);
            crate::platform::next_frame(move || {
                if let Some(t) = editor.get_untracked() {
                    let _ = t.focus();
                }
            });
        } else {
            // Not editable here (yet): its text comes back into the composer.
            state.draft.set(text.get_untracked());
        }
    });
    let submit = move |_| {
        let t = draft.get_untracked();
        if t.trim().is_empty() {
            return;
        }
        editing.set(false);
        let message = id.get_value();
        state.spawn(async move {
            // Refused: the editor comes back with the text (on success the row is gone: a new branch).
            if !edit_message(state, message, t.clone()).await {
                let _ = draft.try_set(t);
                let _ = editing.try_set(true);
            }
        });
    };
    view! {
        {switch}
        {move || (rewritable() && !editing.get()).then(|| if human {
            view! { <button type="button" class="ac-edit" disabled=move || !idle()
                on:click=move |_| { draft.set(text.get_untracked()); editing.set(true); }>"Edit"</button> }.into_any()
        } else {
            view! { <button type="button" class="ac-regenerate" disabled=move || !idle()
                on:click=move |_| regenerate(state, id.get_value())>"Regenerate"</button> }.into_any()
        })}
        {move || editing.get().then(|| view! {
            <div class="ac-editor">
                <textarea class="ac-edit-text" aria-label="The edited message" node_ref=editor prop:value=move || draft.get()
                    on:input=move |e| draft.set(event_target_value(&e))></textarea>
                <button type="button" class="ac-edit-send" disabled=move || !idle() on:click=submit>"Send edit"</button>
                <button type="button" class="ac-edit-cancel" on:click=move |_| editing.set(false)>"Cancel"</button>
            </div>
        })}
    }
}

/// A pending interrupt: its question, buttons for plain `options`, a form when `response_schema`
/// describes fields, and always a JSON answer.
#[component]
fn InterruptCard(interrupt: Interrupt) -> impl IntoView {
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
            <h3>"The agent is waiting for you"</h3>
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
fn InterruptForm(fields: Vec<FormField>) -> impl IntoView {
    let state = use_app_state();
    let inputs: Vec<RwSignal<String>> = fields
        .iter()
        .map(|f| RwSignal::new(interrupt_form::initial_input(f)))
        .collect();
    let error = RwSignal::new(None::<String>);
    let submit = {
        let fields = fields.clone();
        let inputs = inputs.clone();
        move |ev: web_sys::SubmitEvent| {
            ev.prevent_default();
            let typed: Vec<String> = inputs.iter().map(|i| i.get_untracked()).collect();
            match interrupt_form::answer_from_inputs(&fields, &typed) {
                Ok(v) => {
                    error.set(None);
                    resume(state, v);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let rows = fields
        .into_iter()
        .zip(inputs)
        .map(|(f, input)| {
            let control = match &f.kind {
                FieldKind::Boolean => view! {
                    <input type="checkbox" name=f.name.clone() prop:checked=move || input.get() == "true"
                        on:change=move |ev| input.set(event_target_checked(&ev).to_string()) />
                }
                .into_any(),
                FieldKind::Choice(choices) => view! {
                    <select name=f.name.clone() on:change=move |ev| input.set(event_target_value(&ev))>
                        {(!f.required).then(|| view! { <option value="">"—"</option> })}
                        {choices.iter().map(|c| {
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || input.get() == c2>{c.clone()}</option> }
                        }).collect_view()}
                    </select>
                }
                .into_any(),
                FieldKind::LongText | FieldKind::Json => view! {
                    <textarea name=f.name.clone() prop:value=move || input.get()
                        on:input=move |ev| input.set(event_target_value(&ev))></textarea>
                }
                .into_any(),
                FieldKind::Integer { .. } | FieldKind::Number { .. } => view! {
                    <input type="number" step=if matches!(f.kind, FieldKind::Integer { .. }) { "1" } else { "any" }
                        name=f.name.clone() prop:value=move || input.get()
                        on:input=move |ev| input.set(event_target_value(&ev)) />
                }
                .into_any(),
                FieldKind::Text => view! {
                    <input type="text" name=f.name.clone() prop:value=move || input.get()
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
        .collect_view();
    view! {
        <form class="ac-interrupt-form" on:submit=submit>
            {rows}
            {move || error.get().map(|e| view! { <p class="ac-error ac-form-error" role="alert">{e}</p> })}
            <button type="submit" class="ac-form-submit">"Send answer"</button>
        </form>
    }
}

#[component]
fn Composer() -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() {
            ev.prevent_default();
            send_message(state);
        } else if ev.key() == "ArrowUp"
            && !ev.alt_key()
            && state.draft.with_untracked(String::is_empty)
            && conversation::edit_last(state)
        {
            ev.prevent_default();
        }
    };
    // While a run goes on (and no multitask strategy is chosen) a message waits in the queue.
    let queueing = move || {
        (session.sending.get() || session.streaming.get())
            && !state.run_options.allows_concurrent_runs()
    };
    let blocked = move || queueing() || state.run_options.problem().is_some();
    // The thread idle again: its next queued message goes.
    Effect::new(move |_| {
        let idle = !session.streaming.get()
            && !session.sending.get()
            && !state.thread_loading()
            && state.connect_done.get();
        let waiting = state.queue.with(|q| !q.is_empty());
        state.selected.track();
        if idle && waiting {
            conversation::send_queued(state, false);
        }
    });
    let queued = move || {
        let selected = state.selected.get();
        state.queue.with(|q| {
            q.iter()
                .filter(|m| m.thread == selected)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let held =
        move || !session.interrupts.with(Vec::is_empty) || session.error.with(Option::is_some);
    let can_attach = move || state.caps().attachments.is_some();
    let chat = move || state.chat();
    let no_stop = move || state.caps().stop.is_none();
    view! {
        // The panel follows the server connected to.
        {move || { state.server.track(); (!chat()).then(|| view! { <RunOptionsPanel /> }) }}
        {move || state.run_options.problem().map(|p| view! { <p class="ac-error ac-options-error" role="alert">{p}</p> })}
        {move || {
            let q = queued();
            (!q.is_empty()).then(|| view! {
                <ol class="ac-queue" aria-label="Queued messages">
                    {q.into_iter().map(|m| {
                        let id = m.id;
                        view! {
                            <li class="ac-queued">
                                <span class="ac-queued-badge">"Queued"</span>
                                <span class="ac-queued-text">{m.text}</span>
                                <button type="button" class="ac-queued-remove" aria-label="Remove from the queue"
                                    on:click=move |_| conversation::unqueue(state, id)>"Remove"</button>
                            </li>
                        }
                    }).collect_view()}
                    {move || held().then(|| view! {
                        <li class="ac-queue-held">"Held: the run before needs you (an error or an interrupt). "
                            <button type="button" class="ac-queue-send-now"
                                on:click=move |_| conversation::send_queued(state, true)>"Send now"</button>
                        </li>
                    })}
                </ol>
            })
        }}
        <Attachments />
        <form class="ac-composer" on:submit=move |ev| { ev.prevent_default(); send_message(state); }
            on:dragover=crate::views::replay::on_drag_over
            on:drop=move |ev: web_sys::DragEvent| {
                // Files dropped on the composer are attached (elsewhere on the pane: see on_drop).
                let files = ev.data_transfer().and_then(|d| d.files()).map(file_list).unwrap_or_default();
                if !files.is_empty() && can_attach() {
                    ev.prevent_default();
                    ev.stop_propagation();
                    state.spawn(conversation::attach_files(state, files));
                }
            }>
            {move || can_attach().then(|| view! {
                <label class="ac-attach" title="Attach images, PDFs or text files (or drop or paste them here)">
                    <span aria-hidden="true">"Attach"</span>
                    <input type="file" class="ac-attach-input" multiple aria-label="Attach files"
                        accept="image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/markdown,text/csv,application/json,.md,.csv,.txt,.json"
                        on:change=move |ev| {
                            let input: web_sys::HtmlInputElement = event_target(&ev);
                            let files = input.files().map(file_list).unwrap_or_default();
                            input.set_value("");
                            state.spawn(conversation::attach_files(state, files));
                        } />
                </label>
            })}
            <textarea class="ac-composer-input" placeholder="Message the agent (Enter sends, Shift+Enter for a new line)"
                prop:value=move || state.draft.get()
                on:input=move |ev| state.draft.set(event_target_value(&ev))
                on:paste=move |ev: web_sys::ClipboardEvent| {
                    // A pasted image (a screenshot) is attached; pasted text goes in as text.
                    let files = ev.clipboard_data().and_then(|d| d.files()).map(file_list).unwrap_or_default();
                    if !files.is_empty() && can_attach() {
                        ev.prevent_default();
                        state.spawn(conversation::attach_files(state, files));
                    }
                }
                on:keydown=on_key></textarea>
            <button class="ac-send" type="submit" disabled=blocked>
                {move || if session.sending.get() { "Sending…" } else { "Send" }}
            </button>
            {move || queueing().then(|| view! {
                <button class="ac-queue-add" type="button" title="Sent when the run going on ends (Enter does the same)"
                    disabled=move || state.run_options.problem().is_some()
                    on:click=move |_| conversation::queue_message(state)>"Queue"</button>
            })}
            <button class="ac-cancel" type="button"
                // A run can be stopped once the server has named it.
                disabled=move || !session.streaming.get() || no_stop() || session.run_id.with(Option::is_none)
                title=move || no_stop().then_some("This server cannot stop a run") on:click=move |_| cancel(state)>"Stop"</button>
        </form>
    }
}
