//! The server-wide Runs page (Yandex: the folder's `Run.List`): a table with every field of each run,
//! paged by token forward and back with a page size choice; a row opens the run's detail (`Run.Get`).
//! Absent fields are shown as absent ("—", `data-absent`), never as zero.

use crate::actions::server_runs::{close_page, load_folder_runs, open_folder_run, open_page};
use crate::actions::thread::{last_run, open_thread, seen_runs};
use crate::state::server_runs::Go;
use crate::state::{use_app_state, Screen};
use agent_console_core::backend::FolderRunRecord as RunRecord;
use leptos::prelude::*;

/// Conversation | the server's runs | its assistants, … for servers with such pages | the Inbox, with
/// what waits on each watched server once it is watched.
#[component]
pub fn ScreenNav() -> impl IntoView {
    let state = use_app_state();
    move || {
        let caps = state.caps();
        let (admin, store, crons) = (caps.assistant_admin, caps.store, caps.crons);
        let ib = state.inbox;
        Some(view! {
            <nav class="ac-screens">
                <button class="ac-screen-thread" class:ac-tab-active=move || state.screen.get() == Screen::Thread
                    on:click=move |_| close_page(state)>"Conversation"</button>
                {caps.server_runs.map(|spec| view! {
                    <button class="ac-screen-runs" class:ac-tab-active=move || state.screen.get() == Screen::Runs
                        on:click=move |_| open_page(state)>{spec.label}</button>
                })}
                {admin.then(|| view! {
                    <button class="ac-screen-assistants" class:ac-tab-active=move || state.screen.get() == Screen::Assistants
                        on:click=move |_| crate::actions::assistant_admin::open_page(state)>{format!("{}s", caps.assistant_noun)}</button>
                })}
                {store.then(|| view! {
                    <button class="ac-screen-store" class:ac-tab-active=move || state.screen.get() == Screen::Store
                        on:click=move |_| crate::actions::store::open_page(state)>"Store"</button>
                })}
                {crons.then(|| view! {
                    <button class="ac-screen-crons" class:ac-tab-active=move || state.screen.get() == Screen::Crons
                        on:click=move |_| crate::actions::crons::open_page(state)>"Schedules"</button>
                })}
                <button class="ac-screen-inbox" class:ac-tab-active=move || state.screen.get() == Screen::Inbox
                    on:click=move |_| crate::actions::inbox::open_page(state)>
                    {move || match ib.watching.get().then(|| ib.total()) {
                        Some(n) if n > 0 => format!("Inbox ({n})"),
                        _ => "Inbox".to_owned(),
                    }}
                </button>
            </nav>
            {move || ib.watching.get().then(|| view! {
                <ul class="ac-inbox-counts" aria-label="Waiting, per server">
                    {move || ib.servers.get().into_iter().map(|s| {
                        use crate::state::inbox::Watch;
                        let down = matches!(s.watch, Watch::Unreachable(_));
                        let said = match s.watch {
                            Watch::Live { .. } => ib.count(&s.label).to_string(),
                            Watch::Unreachable(_) => "unreachable".to_owned(),
                            Watch::Connecting => "…".to_owned(),
                            Watch::Unsupported(_) => "not watched".to_owned(),
                        };
                        view! { <li data-server=s.label.clone() class:ac-error=down>{format!("{}: {said}", s.label)}</li> }
                    }).collect_view()}
                </ul>
            })}
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
pub fn FolderRunsPage() -> impl IntoView {
    let state = use_app_state();
    let page = state.folder_runs;
    let columns = RunRecord::default()
        .fields()
        .into_iter()
        .map(|(name, _)| view! { <th>{name}</th> })
        .collect_view();
    view! {
        <section class="ac-runs-page">
            <header class="ac-thread-header">
                <h1>"Runs in the folder"</h1>
                <button class="ac-refresh" title="Reload this page" on:click=move |_| load_folder_runs(state, Go::Reload)>"↻"</button>
            </header>
            <div class="ac-pager">
                <button class="ac-prev-page" disabled=move || !page.pager.with(|p| p.has_prev()) || page.loading.get()
                    on:click=move |_| load_folder_runs(state, Go::Prev)>"← Previous"</button>
                <span class="ac-page-number">{move || format!("Page {}", page.pager.with(|p| p.page()))}</span>
                <button class="ac-next-page" disabled=move || !page.pager.with(|p| p.has_next()) || page.loading.get()
                    on:click=move |_| load_folder_runs(state, Go::Next)>"Next →"</button>
                {page_size_select(page.page_size, move || load_folder_runs(state, Go::First))}
                {move || page.loading.get().then(|| view! { <span class="ac-loading">"Loading…"</span> })}
            </div>
            {move || page.error.get().map(|e| view! { <p class="ac-error" role="alert">{e}</p> })}
            <div class="ac-table-scroll" tabindex="0" role="region" aria-label="Runs">
                <table class="ac-runs ac-folder-runs">
                    <thead><tr>{columns}</tr></thead>
                    <tbody>
                        <For each=move || page.items.get() key=|r| r.id.clone() let:run>
                            {
                                let id = run.id.clone();
                                let status = run.run_status().as_str().to_owned();
                                view! {
                                    <tr class="ac-run-row" data-run-id=run.id.clone() data-status=status
                                        on:click=move |_| open_folder_run(state, id.clone())>
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
                    <button class="ac-run-refresh" on:click=move |_| open_folder_run(state, id.clone())>"Reload the run (Run.Get)"</button>
                    <RunDetail run=r />
                }
            })}
        </section>
    }
}

/// A run's fields as `<dt>`/`<dd>` pairs; a field the server did not send reads "— (not set)".
fn field_rows(fields: Vec<(&'static str, Option<String>)>) -> impl IntoView {
    fields
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
        .collect_view()
}

/// A resource read again on *Reload* (the returned function) and when a run ends in this view.
fn reloaded<T, Fut>(
    state: crate::state::AppState,
    fetch: impl Fn() -> Fut + 'static,
) -> (LocalResource<T>, impl Fn() + Copy + 'static)
where
    T: 'static,
    Fut: std::future::Future<Output = T> + 'static,
{
    let version = RwSignal::new(0u32);
    let found = LocalResource::new(move || {
        version.track();
        fetch()
    });
    let load = move || version.update(|v| *v += 1);
    Effect::new(move |was: Option<bool>| {
        let now = state.session.streaming.get();
        if was == Some(true) && !now {
            load();
        }
        now
    });
    (found, load)
}

/// The runs this browser saw on the open thread, newest first, every field read fresh: for servers
/// that list no runs per thread. With `chain`, the responses of the thread's chain instead.
#[component]
pub fn SeenRunsTab(chain: bool) -> impl IntoView {
    let state = use_app_state();
    let (found, load) = reloaded(state, move || {
        seen_runs(state, state.selected.get_untracked())
    });
    let hint = if chain {
        "The responses of this chain, newest first (the thread is its newest response)."
    } else {
        "The runs this browser started or joined here, newest first: this server lists none per thread."
    };
    view! {
        <div class="ac-runs-tab ac-seen-runs">
            <p class="ac-hint">{hint}</p>
            <button class="ac-refresh" on:click=move |_| load()>"Reload"</button>
            {move || match found.get() {
                None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="ac-empty">"No runs seen here yet."</p> }.into_any(),
                Some(Ok(list)) => list.into_iter().map(|r| view! {
                    <section class="ac-run-detail-card" data-run-id=r.id.clone() data-status=r.status.as_str().to_owned()>
                        <header><h2>{format!("Run {}", r.id)}</h2></header>
                        <dl class="ac-run-fields">{field_rows(r.fields)}</dl>
                    </section>
                }).collect_view().into_any(),
            }}
        </div>
    }
}

/// One Yandex run, every field; its thread can be opened from here.
#[component]
pub fn RunDetail(run: RunRecord) -> impl IntoView {
    let state = use_app_state();
    let thread = run.thread_id.clone();
    let rows = field_rows(run.fields());
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
                <h2>{format!("Run {}", run.id)}</h2>
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
    let (found, load) = reloaded(state, move || {
        last_run(state, state.selected.get_untracked())
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
