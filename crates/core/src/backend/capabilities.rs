//! What a connected server offers, found when connecting (its `/info`, the routes it answers, its
//! dialect's rules). Views read these instead of asking which dialect a server speaks.

/// Everything the UI may offer for one server.
#[derive(Debug, Clone, PartialEq)]
pub struct Capabilities {
    /// Shown after "Connected · " (e.g. `langgraph-api 0.16.7`, `Agent Protocol · stages: threads, runs`).
    pub status: String,
    /// What the server calls the thing a run runs: "Assistant" or "Agent".
    pub assistant_noun: &'static str,
    /// A picker of assistants (an Agent Protocol server without the Agents stage has none: runs go to
    /// its default agent).
    pub assistant_picker: bool,
    /// What an assistant's details hold.
    pub assistant_detail: AssistantDetailKind,
    /// *Find agents* by name and metadata, paged.
    pub assistant_search: bool,
    /// The thread list and thread views (the Agent Protocol's Threads stage): without it, every run is
    /// stateless.
    pub threads: bool,
    pub thread_filters: ThreadFilters,
    pub thread_ops: ThreadOps,
    /// Threads carry a status worth a badge.
    pub thread_status: bool,
    /// The State tab: values and checkpoint history.
    pub state_tab: bool,
    /// The thread's Runs tab (`None`: the server lists no runs per thread).
    pub thread_runs: Option<ThreadRuns>,
    /// The server-wide runs page, if the server lists runs across threads.
    pub server_runs: Option<ServerRuns>,
    /// Stop and what it can ask the server to do (`interrupt`, `rollback`); `None`: runs cannot be
    /// stopped.
    pub stop: Option<&'static [&'static str]>,
    /// Answering an interrupt.
    pub resume: bool,
    /// Time travel: runs from any checkpoint (edit a message, regenerate a reply, re-run), forks of a
    /// checkpoint with edited values, and the branches they make.
    pub time_travel: bool,
    /// The debugger: runs pause before / after chosen nodes, a paused thread is continued, stepped
    /// or edited where it stands (LangGraph's `interrupt_before` / `interrupt_after`).
    pub breakpoints: bool,
    /// Assistants created from a graph, edited (each save a version), their versions listed and one
    /// made the latest, deleted (LangGraph's `/assistants` routes).
    pub assistant_admin: bool,
    /// The long-term memory store: namespaces, items searched, written, deleted (LangGraph; an Agent
    /// Protocol server whose Store stage answered).
    pub store: bool,
    /// A store item can be written with a time to live (LangGraph's `ttl`, in minutes).
    pub store_ttl: bool,
    /// A store item is read by its namespace's parts joined by dots (LangGraph's labels hold none),
    /// not repeated as the Agent Protocol's spec has them.
    pub store_dotted: bool,
    /// Scheduled runs (LangGraph's `/runs/crons`, where `/info` says `flags.crons`).
    pub crons: bool,
    /// Its waiting threads can be listed for the inbox (interrupted or failed, found by status) and
    /// answered without a stream.
    pub inbox: bool,
    /// Files a message may carry (`None`: text only — Yandex AI Assistants' messages are text).
    pub attachments: Option<crate::attachments::AttachmentKinds>,
    /// Runs driven by thread-protocol commands and read from the thread's subscription.
    pub thread_protocol: bool,
    pub run_options: RunOptionsForm,
    /// The Agent Protocol stages the server answered (`None` for other dialects).
    pub stages: Option<Stages>,
}

/// What an assistant's details hold (see [`super::AssistantDetail`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssistantDetailKind {
    /// Graph id, version, config from the list; schemas and the graph loaded when opened.
    Graph,
    /// An agent with capabilities, metadata and four schemas.
    Agent,
    /// A model-backed assistant.
    Model,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadFilters {
    /// The server lists threads. Without it (OpenAI's conversations) the rail holds the threads made
    /// or opened here, and an id typed in the search box is added to them.
    pub listed: bool,
    pub status: bool,
    pub order: bool,
    pub metadata: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadOps {
    pub create: CreateThreadForm,
    pub rename: bool,
    pub copy: bool,
    pub delete: bool,
}

/// How a new thread is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateThreadForm {
    /// At once, empty.
    Plain,
    /// A form: name, description and labels.
    Named,
    /// Nothing to create: *New thread* empties the view, and the first reply makes the thread (a
    /// chain of responses).
    OnFirstMessage,
}

/// What the thread's Runs tab lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadRuns {
    /// Every run, paged.
    List,
    /// The thread's last run only.
    LastOnly,
    /// The runs this browser started or joined on the thread (the server lists none per thread),
    /// each read fresh from the server with every field.
    Seen,
    /// The responses of the thread's chain (its id is the newest), read back through
    /// `previous_response_id`, each with every field.
    Chain,
}

/// The server-wide runs page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerRuns {
    /// The rail's button ("Runs in folder", "Runs").
    pub label: &'static str,
    pub kind: ServerRunsKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerRunsKind {
    /// A folder's runs, paged by token forward and back; every field of a run record.
    Folder,
    /// A search with filters (thread, agent, status, metadata), paged by offset; wait, cancel, delete,
    /// join.
    Search,
}

/// Which run-options form the composer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunOptionsForm {
    /// Stream modes, multitask strategy, on_disconnect, config, metadata, thread-centric stream.
    LangGraph,
    /// Every RunStream field.
    AgentProtocol,
    /// Completion and truncation options.
    Yandex,
    /// Model, instructions, background, token limit, temperature.
    Responses,
    /// Accepted output modes and the request's metadata.
    A2a,
}

/// The Agent Protocol stages a server implements (probed: a 404 or 405 means absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stages {
    pub agents: bool,
    pub threads: bool,
    /// `POST /runs/search` (the server-wide runs page).
    pub runs_search: bool,
    pub store: bool,
}

impl Stages {
    /// "agents, threads, runs search", for the connect status.
    pub fn names(&self) -> String {
        let found: Vec<&str> = [
            (self.agents, "agents"),
            (self.threads, "threads"),
            (self.runs_search, "runs search"),
            (self.store, "store"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        if found.is_empty() {
            "none".into()
        } else {
            found.join(", ")
        }
    }
}

/// Stop's actions on servers that can interrupt or roll back a run.
pub const STOP_INTERRUPT_OR_ROLLBACK: &[&str] = &["interrupt", "rollback"];

impl Capabilities {
    /// What the UI offers before a server has said what it has: a LangGraph server's controls.
    pub fn before_connecting() -> Self {
        super::langgraph::capabilities(None)
    }
}
