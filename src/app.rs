//! The root component, the app-wide state, and the actions that talk to the server.

use crate::components::{
    assistants::AssistantPanel,
    connect::ConnectPanel,
    runs_page::{RunsPage, ScreenNav},
    thread_list::ThreadList,
    thread_view::ThreadPane,
};
use crate::config::{AppConfig, Mode, Theme};
use crate::host_events::HostEvents;
use crate::run_follower::{self, Start};
use crate::run_options::RunOptionsState;
use crate::servers::{connect, ServersState};
use crate::session::ThreadSession;
use crate::thread_actions::{load_threads, ThreadListState};
use crate::yandex::{self, RunsPageState};
use crate::{agent_protocol, components::ap_runs::ApRunsPage};
use crate::{thread_stream, transport};
use agent_console_core::deeplink::DeepLink;
use agent_console_core::dialects::langgraph::{convert, requests};
use agent_console_core::domain::{Assistant, Dialect, Message, Role, ServerProfile, ThreadStatus};
use agent_console_core::http::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// Where the connection to the server stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Connection {
    Disconnected,
    Connecting,
    /// `version`: what the server says it is (shown after "Connected · ").
    Connected {
        version: Option<String>,
    },
    Failed(String),
}

impl Connection {
    pub fn as_str(&self) -> &'static str {
        match self {
            Connection::Disconnected => "disconnected",
            Connection::Connecting => "connecting",
            Connection::Connected { .. } => "connected",
            Connection::Failed(_) => "failed",
        }
    }
}

/// The thread view's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Messages,
    State,
    Runs,
    Events,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Messages, Tab::State, Tab::Runs, Tab::Events];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Messages => "messages",
            Tab::State => "state",
            Tab::Runs => "runs",
            Tab::Events => "events",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Messages => "Messages",
            Tab::State => "State",
            Tab::Runs => "Runs",
            Tab::Events => "Events",
        }
    }
}

/// What the main pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The open thread (or a new conversation).
    Thread,
    /// The server's runs, paged (Yandex: the folder's `Run.List`).
    Runs,
}

/// App-wide state, provided as context. Copy: every field is a signal handle.
#[derive(Clone, Copy)]
pub struct AppState {
    pub profile: RwSignal<Option<ServerProfile>>,
    pub connection: RwSignal<Connection>,
    pub assistant_id: RwSignal<Option<String>>,
    /// The server's assistants, as listed when connecting.
    pub assistants: RwSignal<Vec<Assistant>>,
    pub servers: ServersState,
    pub threads: ThreadListState,
    pub selected: RwSignal<Option<String>>,
    pub tab: RwSignal<Tab>,
    pub run_options: RunOptionsState,
    pub session: ThreadSession,
    /// The composer's text: kept across errors so nothing typed is lost.
    pub draft: RwSignal<String>,
    /// The run whose detail the Runs tab shows (the deep link's `run`).
    pub open_run: RwSignal<Option<String>>,
    pub sync_url: StoredValue<bool>,
    pub(crate) wanted_assistant: StoredValue<Option<String>>,
    /// The whole client, or one thread's chat (the widget's `mode`).
    pub mode: RwSignal<Mode>,
    pub theme: RwSignal<Theme>,
    /// The embedding page's element, told what happens (widgets only).
    pub host: HostEvents,
    pub screen: RwSignal<Screen>,
    /// The server-wide Runs page (Yandex).
    pub runs_page: RunsPageState,
    /// The server-wide Runs page (Agent Protocol `/runs/search`).
    pub ap_runs: agent_protocol::RunsState,
}

impl AppState {
    pub(crate) fn new(config: &AppConfig) -> Self {
        Self {
            profile: RwSignal::new(None),
            connection: RwSignal::new(Connection::Disconnected),
            assistant_id: RwSignal::new(None),
            assistants: RwSignal::new(Vec::new()),
            servers: ServersState::new(),
            threads: ThreadListState::new(),
            selected: RwSignal::new(None),
            tab: RwSignal::new(
                config
                    .view
                    .as_deref()
                    .and_then(Tab::parse)
                    .unwrap_or(Tab::Messages),
            ),
            run_options: RunOptionsState::new(),
            session: ThreadSession::new(),
            draft: RwSignal::new(String::new()),
            open_run: RwSignal::new(config.run.clone()),
            sync_url: StoredValue::new(config.sync_url),
            wanted_assistant: StoredValue::new(config.assistant.clone()),
            mode: RwSignal::new(config.mode),
            theme: RwSignal::new(config.theme),
            host: HostEvents::new(),
            screen: RwSignal::new(Screen::Thread),
            runs_page: RunsPageState::new(),
            ap_runs: agent_protocol::RunsState::new(),
        }
    }

    /// The connected (or connecting) server's dialect; views that call it follow a change.
    pub fn dialect(&self) -> Dialect {
        self.profile
            .with(|p| p.as_ref().map(|p| p.dialect))
            .unwrap_or(Dialect::LangGraph)
    }

    /// The dialect now, for actions (not tracked).
    pub fn dialect_now(&self) -> Dialect {
        self.profile
            .with_untracked(|p| p.as_ref().map(|p| p.dialect))
            .unwrap_or(Dialect::LangGraph)
    }

    pub(crate) fn profile_now(&self) -> Option<ServerProfile> {
        self.profile.get_untracked()
    }

    /// Keeps the address bar a deep link to what is shown (server, dialect, assistant, thread).
    pub fn update_url(&self) {
        if !self.sync_url.get_value() {
            return;
        }
        let Some(p) = self.profile_now() else { return };
        let link = DeepLink {
            server: Some(p.base_url),
            dialect: Some(p.dialect),
            assistant: self.wanted_assistant.get_value(),
            thread: self.selected.get_untracked(),
            run: self.open_run.get_untracked(),
            view: Some(self.tab.get_untracked().as_str().to_owned()).filter(|v| v != "messages"),
            ..DeepLink::default()
        };
        if let Some(w) = web_sys::window() {
            if let Ok(h) = w.history() {
                let _ = h.replace_state_with_url(
                    &wasm_bindgen::JsValue::NULL,
                    "",
                    Some(&format!("?{}", link.to_query())),
                );
            }
        }
    }
}

/// Opens a thread: loads its stored messages, values and any pending interrupt; if a run is going on
/// it (a busy thread, or this tab was reloaded mid-run), joins that run's stream.
pub fn open_thread(state: AppState, thread_id: String) {
    let Some(profile) = state.profile_now() else {
        return;
    };
    // Another thread's run detail does not belong to this one (the deep link's run stays for its thread).
    if state
        .selected
        .get_untracked()
        .is_some_and(|t| t != thread_id)
    {
        state.open_run.set(None);
    }
    state.selected.set(Some(thread_id.clone()));
    state.screen.set(Screen::Thread);
    state.session.clear();
    state.update_url();
    if profile.dialect == Dialect::Yandex {
        spawn_local(yandex::load_thread(state, profile, thread_id));
        return;
    }
    if profile.dialect == Dialect::AgentProtocol {
        spawn_local(agent_protocol::load_thread(state, profile, thread_id));
        return;
    }
    spawn_local(async move {
        let still_selected = move |t: &str| state.selected.get_untracked().as_deref() == Some(t);
        match transport::send(&profile, &requests::thread_state(&thread_id))
            .await
            .and_then(|r| convert::thread_state(&r.body))
        {
            Ok(snap) if still_selected(&thread_id) => {
                state
                    .session
                    .load(snap.messages, snap.interrupts, snap.values)
            }
            Ok(_) => return,
            Err(e) => {
                state.session.error.set(Some(e.to_string()));
                return;
            }
        }
        let busy = transport::send(&profile, &requests::get_thread(&thread_id))
            .await
            .and_then(|r| convert::thread_detail(&r.body))
            .is_ok_and(|t| t.status == ThreadStatus::Busy);
        if busy && still_selected(&thread_id) && !state.session.streaming.get_untracked() {
            if let Some(run_id) = run_follower::running_run(state, &thread_id).await {
                let join = requests::join_stream(&thread_id, &run_id, Some("0"));
                state.session.set_run_id(&run_id);
                run_follower::follow_run(state, thread_id, join, Start::JoinFromStart).await;
                load_threads(state).await;
            }
        }
    });
}

/// Creates a thread and selects it.
pub async fn create_thread(state: AppState) -> Result<String, ApiError> {
    let profile = state.profile_now().ok_or_else(|| ApiError::Dropped {
        detail: "not connected".into(),
    })?;
    if profile.dialect == Dialect::Yandex {
        return yandex::create_thread(state, "", "", &Default::default()).await;
    }
    let resp = transport::send(
        &profile,
        &requests::create_thread(Value::Object(Default::default())),
    )
    .await?;
    let page = convert::threads_page(&format!("[{}]", resp.body), None)?;
    let thread = page
        .items
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Decode {
            purpose: "creating a thread",
            detail: "no thread in the answer".into(),
            body_start: resp.body.chars().take(80).collect(),
        })?;
    Ok(show_new_thread(state, thread))
}

/// Puts a thread the server just created first in the list and selects it (empty); returns its id.
pub(crate) fn show_new_thread(
    state: AppState,
    thread: agent_console_core::domain::Thread,
) -> String {
    let id = thread.id.clone();
    state.threads.items.update(|t| t.insert(0, thread));
    state.selected.set(Some(id.clone()));
    state.session.clear();
    state.update_url();
    id
}

/// Sends the composer's text as a new run on the open thread (creating one if none is open).
pub fn send_message(state: AppState) {
    send_text(state, state.draft.get_untracked());
}

/// Sends `text` as a new run on the open thread (creating one if none is open). The composer is
/// cleared only if it holds this text and the server accepted the run.
pub fn send_text(state: AppState, text: String) {
    if text.trim().is_empty() {
        return;
    }
    // A second run while one streams only when the user chose how the server should treat it.
    if state.session.streaming.get_untracked()
        && state.run_options.multitask.get_untracked().is_empty()
    {
        return;
    }
    // An Agent Protocol run without agent_id runs the server's default agent.
    if state.dialect_now() == Dialect::AgentProtocol {
        agent_protocol::send_text(state, text, state.assistant_id.get_untracked());
        return;
    }
    let Some(assistant) = state.assistant_id.get_untracked() else {
        state
            .session
            .error
            .set(Some("No assistant to run: the server listed none.".into()));
        return;
    };
    if state.dialect_now() == Dialect::Yandex {
        yandex::send_text(state, text, assistant);
        return;
    }
    let options = match state.run_options.build(assistant) {
        Ok(o) => o,
        Err(problem) => {
            state.session.error.set(Some(problem));
            return;
        }
    };
    spawn_local(async move {
        let thread_id = match state.selected.get_untracked() {
            Some(t) => t,
            None => match create_thread(state).await {
                Ok(t) => t,
                Err(e) => {
                    state.session.error.set(Some(e.to_string()));
                    return;
                }
            },
        };
        let message_id = transport::random_id();
        let local = Message::text(message_id.clone(), Role::Human, text.clone());
        let sent = if state.run_options.thread_protocol.get_untracked() {
            let assistant = options.assistant_id.clone();
            thread_stream::start_run(state, thread_id, assistant, local, text.clone()).await
        } else {
            let req = requests::stream_run_with_message(&thread_id, &options, &text, &message_id);
            run_follower::follow_run(state, thread_id, req, Start::NewRun(Some(local))).await
        };
        if sent {
            clear_sent_draft(state, &text);
        }
        load_threads(state).await;
    });
}

/// The composer's text was accepted by the server (it now lives in the thread): clear the composer,
/// unless the user has typed something else meanwhile.
pub(crate) fn clear_sent_draft(state: AppState, text: &str) {
    if state.draft.get_untracked() == text {
        state.draft.set(String::new());
    }
}

/// Answers the pending interrupt and streams the resumed run.
pub fn resume(state: AppState, answer: Value) {
    let Some(thread_id) = state.selected.get_untracked() else {
        return;
    };
    // On the thread-centric protocol the answer is a command naming the interrupt.
    let pending = state.session.interrupts.with_untracked(|l| {
        l.first()
            .and_then(|i| i.id.clone().map(|id| (id, i.namespace.clone())))
    });
    if let (true, Some((interrupt_id, namespace))) =
        (state.run_options.thread_protocol.get_untracked(), pending)
    {
        spawn_local(async move {
            thread_stream::respond(state, thread_id, interrupt_id, namespace, answer).await;
            load_threads(state).await;
        });
        return;
    }
    if state.dialect_now() == Dialect::AgentProtocol {
        agent_protocol::resume(state, thread_id, answer, state.assistant_id.get_untracked());
        return;
    }
    let Some(assistant) = state.assistant_id.get_untracked() else {
        return;
    };
    spawn_local(async move {
        let req =
            requests::stream_resume(&thread_id, &requests::RunOptions::new(assistant), answer);
        run_follower::follow_run(state, thread_id, req, Start::NewRun(None)).await;
        load_threads(state).await;
    });
}

/// Stops the running run as the run options say: `interrupt` keeps what it produced so far, `rollback`
/// undoes it. (The Yandex API has no way to stop a run; its Stop button is disabled.)
pub fn cancel(state: AppState) {
    if state.dialect_now() == Dialect::Yandex {
        return;
    }
    if state.dialect_now() == Dialect::AgentProtocol {
        if let Some(run_id) = state.session.run_id.get_untracked() {
            agent_protocol::cancel(state, run_id);
        }
        return;
    }
    let (Some(profile), Some(thread_id), Some(run_id)) = (
        state.profile_now(),
        state.selected.get_untracked(),
        state.session.run_id.get_untracked(),
    ) else {
        return;
    };
    let action = state.run_options.cancel_action.get_untracked();
    spawn_local(async move {
        if let Err(e) = transport::send(
            &profile,
            &requests::cancel_run(&thread_id, &run_id, &action),
        )
        .await
        {
            state.session.error.set(Some(e.to_string()));
            return;
        }
        // A rollback deletes the run and restores the thread as it was before it: once the stream has
        // ended, show the thread as the server now has it.
        if action == "rollback" {
            for _ in 0..50 {
                if !state.session.streaming.get_untracked() {
                    break;
                }
                transport::sleep_ms(100).await;
            }
            if state.selected.get_untracked().as_deref() == Some(thread_id.as_str()) {
                open_thread(state, thread_id);
            }
        }
    });
}

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
        connect(state, profile, config.thread.clone());
    }
    let initial_server = config.server.unwrap_or_default();
    let initial_dialect = config.dialect.unwrap_or(Dialect::LangGraph);
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
                            <ThreadList />
                        </aside>
                    }
                })}
                <main class="ac-main">
                    {move || match state.screen.get() {
                        Screen::Runs if !chat() && state.dialect() == Dialect::AgentProtocol => view! { <ApRunsPage /> }.into_any(),
                        Screen::Runs if !chat() => view! { <RunsPage /> }.into_any(),
                        _ => view! { <ThreadPane /> }.into_any(),
                    }}
                </main>
            </div>
        </div>
    }
}

/// Mounts the app into `parent`; the app lives as long as the page. Used by `main`, tests and embedders.
pub fn mount_app(parent: web_sys::HtmlElement, config: AppConfig) {
    let handle = leptos::mount::mount_to(parent, move || view! { <App config=config /> });
    handle.forget();
}

/// The state provided by [`App`]; components under it call this.
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
