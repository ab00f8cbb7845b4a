//! The app's state: signal handles grouped by what they describe, provided as one `Copy` context.
//! Actions write it; views read it. The connected server is a [`Server`]: its backend (what it
//! offers, how to speak to it) and the HTTP that reaches it.

mod app_tasks;
pub mod breakpoints;
pub mod host_events;
pub mod inbox;
pub mod protocol_memory;
pub mod replay;
pub mod run_options;
pub mod server_runs;
pub mod servers;
pub mod session;
mod tab;
pub mod threads;
mod url;

pub use tab::Tab;

use crate::config::{AppConfig, Mode, Theme, Timeouts};
use crate::platform::tasks::Tasks;
use crate::platform::transport::FetchHttp;
use agent_console_core::attachments::Attachment;
use agent_console_core::backend::{Backend, Capabilities};
use agent_console_core::domain::{Assistant, ServerProfile, Thread};
use agent_console_core::recording::Recorder;
use host_events::HostEvents;
use leptos::prelude::*;
use protocol_memory::ProtocolMemory;
use run_options::RunOptionsState;
use server_runs::{FolderRunsState, SearchRunsState};
use servers::ServersState;
use session::ThreadSession;
use threads::ThreadListState;

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

/// What the main pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The open thread (or a new conversation).
    Thread,
    /// The server's runs ([`Capabilities::server_runs`]).
    Runs,
    /// The server's assistants, managed ([`Capabilities::assistant_admin`]).
    Assistants,
    /// The server's long-term memory store ([`Capabilities::store`]).
    Store,
    /// The server's scheduled runs ([`Capabilities::crons`]).
    Crons,
    /// What waits for a person on every saved server (not only the connected one).
    Inbox,
}

/// The connected server: how to speak to it and what it offers.
#[derive(Clone, Debug)]
pub struct Server {
    pub backend: Backend,
    pub http: FetchHttp,
}

/// App-wide state, provided as context. Copy: every field is a signal handle.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Every task the app runs; aborted all at once when the app is unmounted ([`AppState::spawn`]).
    tasks: StoredValue<Tasks, LocalStorage>,
    /// How long this app's requests may take and its streams stay silent.
    pub timeouts: StoredValue<Timeouts>,
    /// The thread-centric protocol's memory of this app (paths, last `seq`s, command ids).
    pub protocol: StoredValue<ProtocolMemory>,
    pub profile: RwSignal<Option<ServerProfile>>,
    pub connection: RwSignal<Connection>,
    /// A server a link named that is not trusted yet: the connect form asks before anything is sent
    /// to it (`None`: no question pending).
    pub link_server: RwSignal<Option<String>>,
    /// The origins this app may connect to (empty: any).
    pub allowed_servers: StoredValue<Vec<String>>,
    /// The last connect has done all it does (its assistants chosen, its threads listed, the thread
    /// asked for being opened) — or failed. What is sent before waits for it.
    pub connect_done: RwSignal<bool>,
    /// The server connected to (set once connecting found what it offers).
    pub server: RwSignal<Option<Server>>,
    pub assistant_id: RwSignal<Option<String>>,
    /// The server's assistants, as listed when connecting.
    pub assistants: RwSignal<Vec<Assistant>>,
    pub servers: ServersState,
    pub threads: ThreadListState,
    pub selected: RwSignal<Option<String>>,
    pub tab: RwSignal<Tab>,
    pub run_options: RunOptionsState,
    /// The debugger's breakpoints, per server and assistant, while the tab is open.
    pub breakpoints: breakpoints::BreakpointStore,
    pub session: ThreadSession,
    /// The composer's text: kept across errors so nothing typed is lost.
    pub draft: RwSignal<String>,
    /// The run whose detail the Runs tab shows (the deep link's `run`).
    pub open_run: RwSignal<Option<String>>,
    /// The message the view opens at (the deep link's `message`, a message's *Link*).
    pub open_message: RwSignal<Option<String>>,
    pub sync_url: StoredValue<bool>,
    /// The host page's components for the agent's UI messages (a UI name → a custom element's tag).
    pub components: RwSignal<Vec<(String, String)>>,
    /// Whether the page's `globalThis.agentConsoleTools` lends tools (the page's own app; to the
    /// servers the page names, `page_tools::page_lends_to`).
    pub page_tools_global: bool,
    /// The host page's tools (a widget's `tools`): functions a run may ask the client to call.
    pub page_tools: StoredValue<Vec<(String, js_sys::Function)>, LocalStorage>,
    /// The tool requests already answered by a page's tool (by interrupt): each is answered once.
    pub tools_answered: StoredValue<Vec<String>>,
    /// The tool request a page's tool is answering now.
    pub tool_running: RwSignal<Option<String>>,
    /// The flight recorder: every run's stream as it arrived, this session, bounded (Events tab);
    /// `recordings` moves when it changes.
    pub recorder: StoredValue<Recorder>,
    pub recordings: RwSignal<u64>,
    /// A recording opened to be played in the thread view (`None`: the thread view shows the thread).
    pub replay: RwSignal<Option<replay::Replay>>,
    /// Why the last file opened to be played could not be.
    pub replay_error: RwSignal<Option<String>>,
    /// *Hide tool calls*: tool calls and results folded away (remembered in the tab).
    pub hide_tools: RwSignal<bool>,
    /// The keyboard shortcuts' list is shown (`?`).
    pub shortcuts_open: RwSignal<bool>,
    /// Where the app is narrower than 900 px the rail is a drawer over the conversation: it is open.
    pub drawer_open: RwSignal<bool>,
    /// Messages typed while a run was going, sent in order once their thread is idle.
    pub queue: RwSignal<Vec<Queued>>,
    /// `↑` in an empty composer: the message whose editor should open.
    pub edit_request: RwSignal<Option<String>>,
    /// Files attached to the message being written.
    pub attachments: RwSignal<Vec<Attachment>>,
    /// Why a file was not attached, where it was offered.
    pub attach_error: RwSignal<Option<String>>,
    /// The deep link's branch (a head checkpoint), until the thread's branches are known.
    pub(crate) wanted_checkpoint: StoredValue<Option<String>>,
    pub(crate) wanted_assistant: StoredValue<Option<String>>,
    /// The deep link's server and thread, until a connect to that server takes it: a link to a
    /// server that needs a key (never in a link) opens its thread once the key is typed.
    wanted_thread: StoredValue<Option<(String, String)>>,
    /// The whole client, or one thread's chat (the widget's `mode`).
    pub mode: RwSignal<Mode>,
    pub theme: RwSignal<Theme>,
    /// The embedding page's element, told what happens (widgets only).
    pub host: HostEvents,
    pub screen: RwSignal<Screen>,
    /// The server-wide runs page of a folder (token pages).
    pub folder_runs: FolderRunsState,
    /// The server-wide runs page of a run search (filters, offset pages).
    pub search_runs: SearchRunsState,
    /// What waits for a person on every saved server.
    pub inbox: inbox::InboxState,
    /// Where the Store page is: a namespace (its parts joined by dots) and the item shown alone
    /// (its key; empty: none) — the deep link's `ns` and `key`.
    pub store_place: RwSignal<(String, String)>,
}

/// A message waiting for the run before it to end.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    pub id: u64,
    /// The thread it was typed on (`None`: a new thread).
    pub thread: Option<String>,
    pub text: String,
    pub attachments: Vec<Attachment>,
}

impl AppState {
    /// The app's state, under the reactive owner of the app: when that owner is cleaned up (the app
    /// or widget unmounted), every task the app started is aborted.
    pub(crate) fn new(config: &AppConfig) -> Self {
        let tasks = Tasks::new();
        let closing = send_wrapper::SendWrapper::new(tasks.clone());
        on_cleanup(move || closing.close());
        let runs_page = config.page.as_deref() == Some("runs");
        let search_runs = SearchRunsState::new();
        let folder_runs = FolderRunsState::new();
        if runs_page {
            folder_runs.open.set(config.run.clone());
            search_runs.open.set(config.run.clone());
        }
        let (profile, server) = (RwSignal::new(None), RwSignal::new(None));
        let assistant_id = RwSignal::new(None);
        Self {
            tasks: StoredValue::new_local(tasks),
            timeouts: StoredValue::new(config.timeouts),
            protocol: StoredValue::new(ProtocolMemory::default()),
            profile,
            connection: RwSignal::new(Connection::Disconnected),
            connect_done: RwSignal::new(false),
            link_server: RwSignal::new(None),
            allowed_servers: StoredValue::new(config.allowed_servers.clone()),
            server,
            assistant_id,
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
            run_options: RunOptionsState::new(profile, server),
            breakpoints: breakpoints::BreakpointStore::new(profile, assistant_id),
            session: ThreadSession::new(),
            draft: RwSignal::new(String::new()),
            open_run: RwSignal::new(config.run.clone().filter(|_| !runs_page)),
            open_message: RwSignal::new(config.message.clone()),
            sync_url: StoredValue::new(config.sync_url),
            components: RwSignal::new(config.components.clone()),
            page_tools: StoredValue::new_local(Vec::new()),
            page_tools_global: config.page_tools,
            tools_answered: StoredValue::new(Vec::new()),
            tool_running: RwSignal::new(None),
            replay: RwSignal::new(None),
            replay_error: RwSignal::new(None),
            hide_tools: RwSignal::new(crate::platform::storage::tools_hidden()),
            shortcuts_open: RwSignal::new(false),
            drawer_open: RwSignal::new(false),
            queue: RwSignal::new(Vec::new()),
            edit_request: RwSignal::new(None),
            attachments: RwSignal::new(Vec::new()),
            attach_error: RwSignal::new(None),
            recorder: StoredValue::new(Recorder::new(
                config
                    .recorder_limit_bytes
                    .unwrap_or(agent_console_core::recording::DEFAULT_LIMIT_BYTES),
            )),
            recordings: RwSignal::new(0),
            wanted_checkpoint: StoredValue::new(config.checkpoint.clone()),
            wanted_assistant: StoredValue::new(config.assistant.clone()),
            wanted_thread: StoredValue::new(config.server.clone().zip(config.thread.clone())),
            mode: RwSignal::new(config.mode),
            theme: RwSignal::new(config.theme),
            host: HostEvents::new(),
            screen: RwSignal::new(match config.page.as_deref() {
                Some("runs") => Screen::Runs,
                Some("assistants") => Screen::Assistants,
                Some("store") => Screen::Store,
                Some("crons") => Screen::Crons,
                Some("inbox") => Screen::Inbox,
                _ => Screen::Thread,
            }),
            folder_runs,
            search_runs,
            inbox: inbox::InboxState::new(),
            store_place: RwSignal::new((
                config.store_ns.clone().unwrap_or_default(),
                config.store_key.clone().unwrap_or_default(),
            )),
        }
    }

    /// Why nothing can be sent, when the connected server lists no assistant to send to (`None`:
    /// there is one, or the server needs none). Tracked: views that call it follow a change.
    pub fn no_assistant(&self) -> Option<String> {
        let connected = self
            .connection
            .with(|c| matches!(c, Connection::Connected { .. }));
        let caps = self.caps();
        (connected && caps.assistant_picker && self.assistant_id.with(Option::is_none)).then(|| {
            format!(
                "This server lists no {noun}s: there is nothing to send a message to. Create one on the server, then connect again.",
                noun = caps.assistant_noun.to_lowercase()
            )
        })
    }

    /// [`Self::no_assistant`], read once.
    pub fn no_assistant_now(&self) -> Option<String> {
        untrack(|| self.no_assistant())
    }

    /// Whether a connect is under way: what is sent meanwhile waits in the queue for it.
    pub fn connecting_now(&self) -> bool {
        !self.connect_done.get_untracked()
            && self
                .connection
                .with_untracked(|c| *c == Connection::Connecting)
    }

    /// Whether the open thread's stored messages are still being read.
    pub fn thread_loading(&self) -> bool {
        self.session
            .loading
            .with(|l| l.is_some() && *l == self.selected.get())
    }

    /// [`Self::thread_loading`], read without tracking.
    pub fn thread_loading_now(&self) -> bool {
        self.session
            .loading
            .with_untracked(|l| l.is_some() && *l == self.selected.get_untracked())
    }

    /// Whether only the chat is shown: the widget's `mode=chat`, and always in a build without the
    /// `full` feature (the chat-only widget bundle). A constant `true` there, so the compiler drops
    /// every view only the whole client shows (the rail, the tabs, the runs pages, run options).
    pub fn chat(&self) -> bool {
        !cfg!(feature = "full") || self.mode.get() == Mode::Chat
    }

    /// [`Self::chat`], read without tracking.
    pub fn chat_now(&self) -> bool {
        untrack(|| self.chat())
    }

    /// What the connected server offers; before a connection, what a LangGraph server would (the
    /// rail's controls are shown until the server says otherwise). Views that call it follow a change.
    pub fn caps(&self) -> Capabilities {
        self.server
            .with(|s| s.as_ref().map(|s| s.backend.capabilities().clone()))
            .unwrap_or_else(Capabilities::before_connecting)
    }

    /// What the connected server offers, read once (not tracked): for a view built anew when
    /// the server changes.
    pub fn caps_now(&self) -> Capabilities {
        self.server
            .with_untracked(|s| s.as_ref().map(|s| s.backend.capabilities().clone()))
            .unwrap_or_else(Capabilities::before_connecting)
    }

    /// The connected server, for actions (not tracked).
    pub fn server_now(&self) -> Option<Server> {
        self.server.get_untracked()
    }

    pub(crate) fn profile_now(&self) -> Option<ServerProfile> {
        self.profile.get_untracked()
    }

    /// A thread whose id is its newest run (a chain of responses) moved to `to`: its list entry
    /// takes the new id (keeping its title; first in the list when it was not there), and the
    /// selection and the address follow when it was the open thread. The view is not cleared.
    pub fn move_thread(&self, from: &str, to: Thread) {
        let id = to.id.clone();
        self.threads.items.update(move |items| {
            items.retain(|t| t.id != to.id);
            match items.iter_mut().find(|t| t.id == from) {
                Some(t) => {
                    let title = t.title.take().or(to.title.clone());
                    *t = Thread { title, ..to };
                }
                None => items.insert(0, to),
            }
        });
        let open = self.selected.get_untracked();
        if open.as_deref().unwrap_or_default() == from {
            self.selected.set(Some(id));
            self.update_url();
        }
    }

    /// The deep link's thread, once, for a connect to the deep link's server.
    pub fn take_wanted_thread(&self, base_url: &str) -> Option<String> {
        let norm = |u: &str| {
            crate::platform::absolute_url(u.trim())
                .trim_end_matches('/')
                .to_owned()
        };
        let (server, thread) = self
            .wanted_thread
            .try_update_value(Option::take)
            .flatten()?;
        (norm(&server) == norm(base_url)).then_some(thread)
    }
}

/// The state provided by the app; components under it call this.
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}

/// The HTTP that reaches `profile`'s server (its headers and credential go to it only).
pub(crate) fn server_http(profile: &ServerProfile, timeouts: Timeouts) -> FetchHttp {
    FetchHttp::with_timeouts(profile.clone(), timeouts)
}
