//! The thread list of the connected server, newest activity first.

use crate::app::{create_thread, load_threads, open_thread, use_app_state};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ThreadList() -> impl IntoView {
    let state = use_app_state();
    let new_thread = move |_| {
        spawn_local(async move {
            if let Err(e) = create_thread(state).await {
                state.threads_error.set(Some(e.to_string()));
            }
        })
    };
    let refresh = move |_| spawn_local(load_threads(state));
    view! {
        <section class="ac-threads">
            <header>
                <h2>"Threads"</h2>
                <button class="ac-new-thread" on:click=new_thread>"New thread"</button>
                <button class="ac-refresh" on:click=refresh title="Reload the list">"↻"</button>
            </header>
            {move || state.threads_error.get().map(|e| view! { <p class="ac-error" role="alert">{e}</p> })}
            <ul class="ac-thread-list">
                <For each=move || state.threads.get() key=|t| (t.id.clone(), t.status.as_str().to_owned(), t.title.clone()) let:thread>
                    {
                        let id = thread.id.clone();
                        let id_for_class = id.clone();
                        let title = thread.title.clone().unwrap_or_else(|| format!("Thread {}", &thread.id[..thread.id.len().min(8)]));
                        let status = thread.status.as_str().to_owned();
                        view! {
                            <li class="ac-thread" data-thread-id=id.clone()
                                class:ac-selected=move || state.selected.get().as_deref() == Some(id_for_class.as_str())
                                on:click=move |_| open_thread(state, id.clone())>
                                <span class="ac-thread-title">{title}</span>
                                <span class=format!("ac-badge ac-status-{status}")>{status.clone()}</span>
                            </li>
                        }
                    }
                </For>
            </ul>
            {move || (state.threads.get().is_empty() && !state.threads_loading.get())
                .then(|| view! { <p class="ac-empty">"No threads yet. Write a message to start one."</p> })}
        </section>
    }
}
