//! The root view: the rail (servers, assistants, the screens, threads) and the main pane (the thread,
//! or the server's runs page of the kind its capabilities name).

use crate::actions::connect::connect;
use crate::config::{AppConfig, Mode};
use crate::state::{AppState, Connection, Screen};
use crate::views::{
    assistants::AssistantPanel,
    connect::ConnectPanel,
    folder_runs::{FolderRunsPage, ScreenNav},
    search_runs::SearchRunsPage,
    thread_list::ThreadList,
    thread_view::ThreadPane,
};
use agent_console_core::backend::ServerRunsKind;
use leptos::prelude::*;

/// The whole client (or, in [`Mode::Chat`], one thread's chat).
#[component]
pub fn App(config: AppConfig) -> impl IntoView {
    let state = AppState::new(&config);
    app_view(state, config)
}

/// Provides `state` to the views below, connects to the configured server, and renders the client.
pub(crate) fn app_view(state: AppState, config: AppConfig) -> impl IntoView {
    provide_context(state);
    if let Some(profile) = config.profile() {
        // The link's thread; kept too for a connect by hand to the same server (a key typed).
        connect(state, profile, config.thread.clone());
    }
    let initial_server = config.server.unwrap_or_default();
    let initial_dialect = config.dialect.unwrap_or_default();
    let initial_folder = config.folder.unwrap_or_default();
    let chat = move || state.mode.get() == Mode::Chat;
    view! {
        <div class="ac-root" data-theme=move || state.theme.get().as_str()
            data-connection=move || state.connection.with(Connection::as_str)>
            <div class="ac-app" class:ac-chat=chat>
                {move || (!chat()).then(|| {
                    let initial_server = initial_server.clone();
                    let initial_folder = initial_folder.clone();
                    view! {
                        <aside class="ac-rail">
                            <ConnectPanel initial_server=initial_server initial_dialect=initial_dialect initial_folder=initial_folder />
                            <AssistantPanel />
                            <ScreenNav />
                            {move || state.caps().threads.then(|| view! { <ThreadList /> })}
                        </aside>
                    }
                })}
                <main class="ac-main">
                    {move || {
                        let runs = state.caps().server_runs.filter(|_| !chat() && state.screen.get() == Screen::Runs);
                        match runs.map(|r| r.kind) {
                            Some(ServerRunsKind::Search) => view! { <SearchRunsPage /> }.into_any(),
                            Some(ServerRunsKind::Folder) => view! { <FolderRunsPage /> }.into_any(),
                            None => view! { <ThreadPane /> }.into_any(),
                        }
                    }}
                </main>
            </div>
        </div>
    }
}

/// Mounts the app into `parent`; the app lives as long as the page. Used by `main`, tests and embedders.
pub fn mount_app(parent: web_sys::HtmlElement, config: AppConfig) {
    crate::platform::panic::install();
    crate::platform::panic::watch(parent.clone().into());
    let handle = leptos::mount::mount_to(parent, move || view! { <App config=config /> });
    handle.forget();
}
