//! The server-wide Runs page of an Agent Protocol server (`POST /runs/search`): filters by thread,
//! agent, status and metadata; pages by offset with a page size; a row opens the run's detail with
//! Cancel, Delete, Wait (`GET /runs/{id}/wait`) and Join (`GET /runs/{id}/stream` into the view).

use crate::actions::server_runs::{load_search_runs as load_runs, run_action, show_search_run};
use crate::actions::thread::{join_run, open_thread};
use crate::state::use_app_state;
use crate::views::folder_runs::{cell, page_size_select};
use crate::views::json_tree::json_tree;
use agent_console_core::backend::RunAction;
use agent_console_core::backend::SearchRunRecord as RunRecord;
use agent_console_core::domain::status_class;
use leptos::prelude::*;

/// The statuses of the spec, for the filter.
const STATUSES: [&str; 5] = ["pending", "error", "success", "timeout", "interrupted"];

#[component]
pub fn SearchRunsPage() -> impl IntoView {
    let state = use_app_state();
    let page = state.search_runs;
    let text_filter = move |label: &'static str,
                            class: &'static str,
                            placeholder: &'static str,
                            sig: RwSignal<String>| {
        view! {
            <label>{label}
                <input class=class placeholder=placeholder prop:value=move || sig.get()
                    on:input=move |ev| sig.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { load_runs(state, 0) } />
            </label>
        }
    };
    view! {
        <section class="ac-runs-page ac-ap-runs-page">
            <header class="ac-thread-header">
                <h1>"Runs on this server"</h1>
                <button class="ac-refresh" title="Reload this page"
                    on:click=move |_| load_runs(state, page.offset.get_untracked())>"↻"</button>
            </header>
            <form class="ac-run-filters" on:submit=move |ev| { ev.prevent_default(); load_runs(state, 0); }>
                {text_filter("Thread id", "ac-filter-thread", "any", page.thread_id)}
                <label>"Agent"
                    <select class="ac-filter-agent" on:change=move |ev| page.agent_id.set(event_target_value(&ev))>
                        <option value="">"any"</option>
                        {move || state.assistants.get().into_iter().map(|a| {
                            let id = a.id.clone();
                            view! { <option value=a.id.clone() selected=move || page.agent_id.get() == id>{a.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>"Status"
                    <select class="ac-filter-status" on:change=move |ev| page.status.set(event_target_value(&ev))>
                        <option value="">"any"</option>
                        {STATUSES.into_iter().map(|s| view! { <option value=s selected=move || page.status.get() == s>{s}</option> }).collect_view()}
                    </select>
                </label>
                {text_filter("Metadata", "ac-filter-metadata", "key=value, …", page.metadata)}
                <button type="submit" class="ac-apply-filters">"Search"</button>
            </form>
            <div class="ac-pager">
                <button class="ac-prev-page" disabled=move || page.offset.get() == 0 || page.loading.get()
                    on:click=move |_| {
                        let step = page.page_size.get_untracked() as u64;
                        load_runs(state, page.offset.get_untracked().saturating_sub(step));
                    }>"← Previous"</button>
                <span class="ac-page-number">{move || {
                    let size = page.page_size.get().max(1) as u64;
                    format!("Page {}", page.offset.get() / size + 1)
                }}</span>
                <button class="ac-next-page" disabled=move || !page.has_next() || page.loading.get()
                    on:click=move |_| {
                        let step = page.page_size.get_untracked() as u64;
                        load_runs(state, page.offset.get_untracked() + step);
                    }>"Next →"</button>
                {page_size_select(page.page_size, move || load_runs(state, 0))}
                {move || page.loading.get().then(|| view! { <span class="ac-loading">"Loading…"</span> })}
            </div>
            {move || page.error.get().map(|e| view! { <p class="ac-error" role="alert">{e}</p> })}
            <div class="ac-table-scroll" tabindex="0" role="region" aria-label="Runs">
                <table class="ac-runs ac-server-runs">
                    <thead><tr>
                        <th>"run_id"</th><th>"thread_id"</th><th>"agent_id"</th><th>"created_at"</th>
                        <th>"updated_at"</th><th>"status"</th><th>"metadata"</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || page.items.get() key=|r| (r.run_id.clone(), r.status.clone(), r.updated_at.clone()) let:run>
                            {
                                let chosen = run.clone();
                                let status = run.status.clone();
                                view! {
                                    <tr class="ac-run-row" data-run-id=run.run_id.clone() data-status=status.clone()
                                        on:click=move |_| show_search_run(state, chosen.clone())>
                                        <td class="ac-mono" data-field="run_id">{run.run_id.clone()}</td>
                                        {cell("thread_id", run.thread_id.clone())}
                                        {cell("agent_id", run.agent_id.clone())}
                                        {cell("created_at", Some(run.created_at.clone()))}
                                        {cell("updated_at", Some(run.updated_at.clone()))}
                                        <td data-field="status"><span class=format!("ac-badge {}", status_class(&status))>{status.clone()}</span></td>
                                        <td data-field="metadata" class="ac-mono">{run.metadata.to_string()}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            {move || (page.items.with(Vec::is_empty) && !page.loading.get() && page.error.get().is_none())
                .then(|| view! { <p class="ac-empty">"No runs match."</p> })}
            {move || page.detail.get().map(|r| view! { <ApRunDetail run=r /> })}
        </section>
    }
}

/// One run: every field as sent, and what can be done to it.
#[component]
fn ApRunDetail(run: RunRecord) -> impl IntoView {
    let state = use_app_state();
    let page = state.search_runs;
    let id = run.run_id.clone();
    let act = move |a: RunAction| {
        let id = id.clone();
        move |_| run_action(state, id.clone(), a)
    };
    let pending = run.run_status().is_active();
    let join = {
        let (run_id, thread) = (run.run_id.clone(), run.thread_id.clone());
        move |_| join_run(state, thread.clone(), run_id.clone())
    };
    let open = run.thread_id.clone().map(|t| {
        view! { <button class="ac-open-thread" on:click=move |_| open_thread(state, t.clone())>"Open its thread"</button> }
    });
    view! {
        <section class="ac-run-detail-card" data-run-id=run.run_id.clone() data-status=run.status.clone()>
            <header>
                <h2>{format!("Run {}", run.run_id)}</h2>
                {open}
            </header>
            <div class="ac-run-actions">
                <button class="ac-run-refresh" on:click=act(RunAction::Refresh)>"Reload"</button>
                <button class="ac-run-join" on:click=join>"Join its stream"</button>
                <button class="ac-run-wait" on:click=act(RunAction::Wait)>"Wait for the end"</button>
                <button class="ac-run-cancel" disabled=!pending on:click=act(RunAction::Cancel)>"Cancel"</button>
                <button class="ac-run-delete" on:click=act(RunAction::Delete)>"Delete"</button>
            </div>
            {move || page.note.get().map(|n| match n {
                Ok(t) => view! { <p class="ac-run-note">{t}</p> }.into_any(),
                Err(e) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
            })}
            <dl class="ac-run-fields">
                <dt>"status"</dt><dd data-field="status">{run.status.clone()}</dd>
                <dt>"thread_id"</dt><dd data-field="thread_id">{run.thread_id.clone().unwrap_or_else(|| "— (stateless)".into())}</dd>
                <dt>"agent_id"</dt><dd data-field="agent_id">{run.agent_id.clone().unwrap_or_else(|| "— (the default agent)".into())}</dd>
                <dt>"created_at"</dt><dd>{run.created_at.clone()}</dd>
                <dt>"updated_at"</dt><dd>{run.updated_at.clone()}</dd>
            </dl>
            <h3>"The whole run (its RunStream fields too)"</h3>
            <div class="ac-run-raw">{json_tree(&run.raw)}</div>
        </section>
    }
}
