//! The server-wide Runs page (Yandex: the folder's `Run.List`): a table with every field of each run,
//! paged by token forward and back with a page size choice; a row opens the run's detail (`Run.Get`).
//! Absent fields are shown as absent ("—", `data-absent`), never as zero.

use crate::app::{open_thread, use_app_state, Screen};
use crate::yandex::{self, Go};
use agent_console_core::dialects::yandex::convert::RunRecord;
use agent_console_core::Dialect;
use leptos::prelude::*;

/// Threads | Runs, for dialects with a server-wide runs list (Yandex, Agent Protocol).
#[component]
pub fn ScreenNav() -> impl IntoView {
    let state = use_app_state();
    let go = move |s: Screen| {
        state.screen.set(s);
        if s != Screen::Runs {
            return;
        }
        match state.dialect_now() {
            Dialect::Yandex if state.runs_page.items.with_untracked(Vec::is_empty) => {
                yandex::load_runs(state, Go::First)
            }
            Dialect::AgentProtocol => {
                crate::agent_protocol::load_runs(state, state.ap_runs.offset.get_untracked())
            }
            _ => {}
        }
    };
    move || {
        let label = match state.dialect() {
            Dialect::Yandex => "Runs in folder",
            Dialect::AgentProtocol => "Runs",
            Dialect::LangGraph => return None,
        };
        Some(view! {
            <nav class="ac-screens">
                <button class="ac-screen-thread" class:ac-tab-active=move || state.screen.get() == Screen::Thread
                    on:click=move |_| go(Screen::Thread)>"Conversation"</button>
                <button class="ac-screen-runs" class:ac-tab-active=move || state.screen.get() == Screen::Runs
                    on:click=move |_| go(Screen::Runs)>{label}</button>
            </nav>
        })
    }
}

/// The page sizes a server-wide runs page offers.
pub const RUN_PAGE_SIZES: [u32; 4] = [5, 10, 20, 50];

/// *Page size*: sets `size` and calls `reload` (the list starts again from its first page).
pub fn page_size_select(size: RwSignal<u32>, reload: impl Fn() + Copy + 'static) -> impl IntoView {
    view! {
        <label>"Page size"
            <select class="ac-page-size" on:change=move |ev| {
                if let Ok(n) = event_target_value(&ev).parse() {
                    size.set(n);
                    reload();
                }
            }>
                {RUN_PAGE_SIZES.into_iter().map(|n| view! {
                    <option value=n.to_string() selected=move || size.get() == n>{n.to_string()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// A field's value, or the mark of an absent one.
pub(crate) fn cell(name: &'static str, value: Option<String>) -> impl IntoView {
    let absent = value.is_none();
    view! {
        <td data-field=name data-absent=absent.then_some("true") class:ac-absent=absent
            title=absent.then_some("not set by the server")>
            {value.unwrap_or_else(|| "—".into())}
        </td>
    }
}

#[component]
pub fn RunsPage() -> impl IntoView {
    let state = use_app_state();
    let page = state.runs_page;
    let columns = RunRecord::default()
        .fields()
        .into_iter()
        .map(|(name, _)| view! { <th>{name}</th> })
        .collect_view();
    view! {
        <section class="ac-runs-page">
            <header class="ac-thread-header">
                <h1>"Runs in the folder"</h1>
                <button class="ac-refresh" title="Reload this page" on:click=move |_| yandex::load_runs(state, Go::Reload)>"↻"</button>
            </header>
            <div class="ac-pager">
                <button class="ac-prev-page" disabled=move || !page.pager.with(|p| p.has_prev()) || page.loading.get()
                    on:click=move |_| yandex::load_runs(state, Go::Prev)>"← Previous"</button>
                <span class="ac-page-number">{move || format!("Page {}", page.pager.with(|p| p.page()))}</span>
                <button class="ac-next-page" disabled=move || !page.pager.with(|p| p.has_next()) || page.loading.get()
                    on:click=move |_| yandex::load_runs(state, Go::Next)>"Next →"</button>
                {page_size_select(page.page_size, move || yandex::load_runs(state, Go::First))}
                {move || page.loading.get().then(|| view! { <span class="ac-loading">"Loading…"</span> })}
            </div>
            {move || page.error.get().map(|e| view! { <p class="ac-error" role="alert">{e}</p> })}
            <div class="ac-table-scroll">
                <table class="ac-runs ac-folder-runs">
                    <thead><tr>{columns}</tr></thead>
                    <tbody>
                        <For each=move || page.items.get() key=|r| r.id.clone() let:run>
                            {
                                let id = run.id.clone();
                                let status = run.run_status().as_str().to_owned();
                                view! {
                                    <tr class="ac-run-row" data-run-id=run.id.clone() data-status=status
                                        on:click=move |_| yandex::open_run(state, id.clone())>
                                        {run.fields().into_iter().map(|(n, v)| cell(n, v)).collect_view()}
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            {move || (page.items.with(Vec::is_empty) && !page.loading.get() && page.error.get().is_none())
                .then(|| view! { <p class="ac-empty">"No runs on this page: the list ends here."</p> })}
            {move || page.detail_error.get().map(|e| view! { <p class="ac-error" role="alert">{e}</p> })}
            {move || page.detail.get().map(|r| {
                let id = r.id.clone();
                view! {
                    <button class="ac-run-refresh" on:click=move |_| yandex::open_run(state, id.clone())>"Reload the run (Run.Get)"</button>
                    <RunDetail run=r />
                }
            })}
        </section>
    }
}

/// One Yandex run, every field; its thread can be opened from here.
#[component]
pub fn RunDetail(run: RunRecord) -> impl IntoView {
    let state = use_app_state();
    let thread = run.thread_id.clone();
    let rows = run
        .fields()
        .into_iter()
        .map(|(name, value)| {
            let absent = value.is_none();
            view! {
                <dt>{name}</dt>
                <dd data-field=name data-absent=absent.then_some("true") class:ac-absent=absent>
                    {value.unwrap_or_else(|| "— (not set)".into())}
                </dd>
            }
        })
        .collect_view();
    let calls = run
        .tool_calls
        .iter()
        .map(|c| {
            view! {
                <details class="ac-tool-call" open=true>
                    <summary>{format!("Tool call: {}", c.name)}</summary>
                    <pre>{serde_json::to_string_pretty(&c.arguments).unwrap_or_default()}</pre>
                </details>
            }
        })
        .collect_view();
    view! {
        <section class="ac-run-detail-card" data-run-id=run.id.clone()>
            <header>
                <h3>{format!("Run {}", run.id)}</h3>
                {thread.map(|t| view! {
                    <button class="ac-open-thread" on:click=move |_| open_thread(state, t.clone())>"Open its thread"</button>
                })}
            </header>
            <dl class="ac-run-fields">{rows}</dl>
            {calls}
        </section>
    }
}

/// The open thread's last run (`Run.GetLastByThread`), in the thread's Runs tab.
#[component]
pub fn LastRunTab() -> impl IntoView {
    let state = use_app_state();
    let found = RwSignal::new(None::<Result<Option<RunRecord>, String>>);
    let load = move || {
        let (Some(profile), Some(thread_id)) =
            (state.profile_now(), state.selected.get_untracked())
        else {
            found.set(Some(Ok(None)));
            return;
        };
        found.set(None);
        leptos::task::spawn_local(async move {
            let r = yandex::last_run(&profile, &thread_id)
                .await
                .map_err(|e| e.to_string());
            found.set(Some(r));
        });
    };
    load();
    // A run that ends in this view is the thread's last one: show it as the server has it.
    Effect::new(move |was: Option<bool>| {
        let now = state.session.streaming.get();
        if was == Some(true) && !now {
            load();
        }
        now
    });
    view! {
        <div class="ac-runs-tab ac-last-run">
            <button class="ac-refresh" on:click=move |_| load()>"Reload the last run"</button>
            {move || match found.get() {
                None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(None)) => view! { <p class="ac-empty">"No runs in this thread yet."</p> }.into_any(),
                Some(Ok(Some(r))) => view! { <RunDetail run=r /> }.into_any(),
            }}
        </div>
    }
}
