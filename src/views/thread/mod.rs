//! The open thread: its messages (each body its own signal), a pending interrupt, errors, the composer —
//! one file for each: the pane and its tabs here, `message_list` (the window over the messages),
//! `message` (a message and its meta), `branch_controls`, `interrupt`, `composer` (with attachments and
//! example prompts), `window` (the window's arithmetic).

mod branch_controls;
mod composer;
mod gen_ui;
mod interrupt;
mod message;
mod message_list;
mod window;

use branch_controls::*;
pub(crate) use composer::file_list;
use composer::*;
pub use gen_ui::Components;
use gen_ui::*;
use interrupt::*;
use message::*;
use message_list::*;
use window::*;

use crate::actions::conversation::{set_tools_hidden, thread_title};
use crate::state::{use_app_state, AppState, Connection, Tab};
use crate::views::{part::Part, parts};
use agent_console_core::backend::ThreadRuns;
use leptos::prelude::*;

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
                // The id in full, for copying (the title is the thread's name or first words), in the details.
                {move || state.selected.get().filter(|_| !chat()).map(|id| view! {
                    <details class="ac-thread-details"><summary>"Details"</summary>
                        <div class="ac-thread-details-body">"Thread id "<p class="ac-thread-id ac-mono">{id}</p></div>
                    </details>
                })}
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
                        aria-selected=move || (state.tab.get() == t).to_string()
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
                    (Tab::State, _) => view! { <Part what="The State tab" load=parts::STATE /> }.into_any(),
                    (Tab::Runs, Some(ThreadRuns::LastOnly)) => view! { <Part what="The Runs tab" load=parts::LAST_RUN /> }.into_any(),
                    (Tab::Runs, Some(ThreadRuns::Seen)) => view! { <Part what="The Runs tab" load=parts::SEEN_RUNS /> }.into_any(),
                    (Tab::Runs, Some(ThreadRuns::Chain)) => view! { <Part what="The Runs tab" load=parts::CHAIN_RUNS /> }.into_any(),
                    (Tab::Runs, _) => view! { <Part what="The Runs tab" load=parts::RUNS /> }.into_any(),
                    (Tab::Timeline, _) => view! { <Part what="The Timeline tab" load=parts::TIMELINE /> }.into_any(),
                    (Tab::Events, _) => view! { <Part what="The Events tab" load=parts::EVENTS /> }.into_any(),
                    (Tab::Graph, _) => view! { <Part what="The Graph tab" load=parts::GRAPH /> }.into_any(),
                }}}
            </div>
            {move || (!chat() && !replaying()).then(|| view! { <crate::views::insight::RunMetersStrip /> })}
            // Where runs pause, and a paused run's controls: fetched once there is either.
            {move || debugging(state).then(|| view! { <Part what="The debugger" load=parts::DEBUG_BAR /> })}
            {move || session.error.get().map(|e| view! { <p class="ac-error ac-thread-error" role="alert">{e}</p> })}
            {move || session.notice.get().map(|n| view! { <p class="ac-notice" role="status">{n}</p> })}
            {move || (!replaying()).then(|| view! { <Composer /> })}
        </section>
    }
}

/// Whether the server has what a tab shows (a Messages or Events tab always has something).
pub(super) fn shows(state: AppState, tab: Tab) -> bool {
    let caps = state.caps();
    match tab {
        Tab::Messages | Tab::Events | Tab::Timeline => true,
        Tab::State => caps.state_tab,
        Tab::Runs => caps.thread_runs.is_some(),
        Tab::Graph => caps.breakpoints,
    }
}

/// Whether the debugger's bar shows: breakpoints are set, or the open thread is paused at one.
fn debugging(state: AppState) -> bool {
    state.caps().breakpoints
        && !state.chat()
        && state.replay.with(Option::is_none)
        && (state.session.pause.with(Option::is_some) || !state.breakpoints.get().is_empty())
}

/// The pane's title: the thread — or, in the chat, the assistant one talks to.
pub(super) fn title(state: AppState) -> String {
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
