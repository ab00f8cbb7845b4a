//! Playing a recording in the thread view: the bar above the messages (play, pause, step, speed, a
//! scrubber over every event, close), *Open a recording* (a file picker) and the drop target (the
//! thread pane takes a dropped file). The messages below are the session's, reduced event by event.

use crate::actions::replay::{close, open_file, pause, play, seek, set_speed, step};
use crate::state::replay::Speed;
use crate::state::{use_app_state, AppState};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Opens `file` for playing; what is wrong with it is said (`replay_error`).
pub fn open_picked(state: AppState, file: web_sys::File) {
    state.replay_error.set(None);
    state.spawn(async move {
        if let Err(e) = open_file(state, file).await {
            let _ = state.replay_error.try_set(Some(e));
        }
    });
}

/// A drop on the thread pane: images and PDFs are attached to the message being written (where
/// the server takes files); any other file is opened as a recording (its first one) — in the whole
/// client; the chat attaches every file (recordings are a developer's tool, and a chat-only build has
/// no player).
pub fn on_drop(state: AppState, ev: web_sys::DragEvent) {
    let files = ev
        .data_transfer()
        .and_then(|d| d.files())
        .map(crate::views::thread::file_list)
        .unwrap_or_default();
    let Some(first) = files.first().cloned() else {
        return;
    };
    ev.prevent_default();
    let media = files.iter().all(|f| {
        agent_console_core::attachments::kind_of(&f.name(), &f.type_())
            .is_some_and(|k| k.starts_with("image/") || k == "application/pdf")
    });
    if media || state.chat() {
        // A server that takes text only says so where the file was dropped.
        state.spawn(crate::actions::conversation::attach_files(state, files));
    } else {
        open_picked(state, first);
    }
}

/// Lets a dragged file be dropped (the browser would otherwise open it).
pub fn on_drag_over(ev: web_sys::DragEvent) {
    let files = ev.data_transfer().is_some_and(|d| {
        d.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    });
    if files {
        ev.prevent_default();
    }
}

/// *Open a recording…*: a file picker.
#[component]
pub fn OpenRecording() -> impl IntoView {
    let state = use_app_state();
    let picked = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            open_picked(state, file);
        }
        // The same file can be picked again.
        input.set_value("");
    };
    view! {
        <p class="ac-open-recording-line">
            <label class="ac-open-recording">"Open a recording… "
                <input type="file" class="ac-open-recording-input" accept=".http,.txt,.sse,.ndjson,.curl,text/plain"
                    on:change=picked /></label>
            <span class="ac-hint">" or drop one on the thread"</span>
        </p>
    }
}

/// The playback bar, while a recording is open; why a file could not be opened, at the top of the
/// thread (where it was dropped).
#[component]
pub fn ReplayBar() -> impl IntoView {
    let state = use_app_state();
    let error = move || {
        state.replay_error.get().map(|e| view! {
            <p class="ac-error ac-replay-error" role="alert">{e}
                <button type="button" class="ac-dismiss" on:click=move |_| state.replay_error.set(None)>"Dismiss"</button></p>
        })
    };
    let bar = move || {
        let r = state.replay.get()?;
        let len = r.events();
        let notes = r.player.with_value(|p| p.notes.clone());
        let request = r.player.with_value(|p| p.request.clone());
        Some(view! {
            <div class="ac-replay" role="region" aria-label="Recording playback">
                <p class="ac-replay-title">"Recording "<b>{r.name.get_value()}</b>
                    {request.map(|q| format!(" · {q}"))}</p>
                <div class="ac-replay-controls">
                    <button type="button" class="ac-replay-play" on:click=move |_| {
                        if r.playing.get_untracked() { pause(r) } else { play(state, r) }
                    }>{move || if r.playing.get() { "Pause" } else { "Play" }}</button>
                    <button type="button" class="ac-replay-step" title="Apply the next event"
                        disabled=move || { r.position.get() >= len } on:click=move |_| step(state, r)>"Step"</button>
                    <span class="ac-replay-speeds" role="group" aria-label="Speed">
                        {Speed::ALL.into_iter().map(|s| view! {
                            <button type="button" class="ac-replay-speed" data-speed=s.label()
                                aria-pressed=move || (r.speed.get() == s).to_string()
                                on:click=move |_| set_speed(r, s)>{s.label()}</button>
                        }).collect_view()}
                    </span>
                    <input type="range" class="ac-replay-scrub" min="0" max=len.to_string() aria-label="Event"
                        prop:value=move || r.position.get().to_string()
                        on:input=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse() { seek(state, r, n) }
                        } />
                    <span class="ac-replay-position" data-position=move || r.position.get().to_string()>
                        {move || format!("event {} / {len}", r.position.get())}</span>
                    <button type="button" class="ac-replay-close" on:click=move |_| close(state)>"Close"</button>
                </div>
                {notes.into_iter().map(|n| view! { <p class="ac-hint ac-replay-note">{n}</p> }).collect_view()}
            </div>
        })
    };
    view! { {error} {bar} }
}
