//! The composer: what the user writes (text, attached files), the queue of messages typed during a run,
//! and an empty thread's example prompts.

use crate::actions::thread::{cancel, send_message};
use crate::actions::{conversation, queue};
use crate::state::use_app_state;
use crate::views::run_options::RunOptionsPanel;
use agent_console_core::attachments;
use leptos::prelude::*;

/// The files of a `FileList`, in order.
pub(crate) fn file_list(list: web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The message's attached files above the composer: a thumbnail of each image (from its own bytes),
/// a chip for the rest, each removable; and why a file was refused.
#[component]
pub(super) fn Attachments() -> impl IntoView {
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
pub(super) fn ExamplePrompts() -> impl IntoView {
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

#[component]
pub(super) fn Composer() -> impl IntoView {
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
        {move || state.no_assistant().map(|p| view! { <p class="ac-error ac-no-assistant" role="alert">{p}</p> })}
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
                                    on:click=move |_| queue::unqueue(state, id)>"Remove"</button>
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
                    on:click=move |_| queue::queue_message(state)>"Queue"</button>
            })}
            <button class="ac-cancel" type="button"
                // A run can be stopped once the server has named it.
                disabled=move || !session.streaming.get() || no_stop() || session.run_id.with(Option::is_none)
                title=move || no_stop().then_some("This server cannot stop a run") on:click=move |_| cancel(state)>"Stop"</button>
        </form>
    }
}
