//! The operations' inputs and outputs: what the app hands the backend and gets back, in domain
//! terms; and the injected HTTP.

use crate::deeplink::ThreadSearch;
use crate::dialects::agent_protocol::requests::{RunQuery, RunStreamOptions};
pub use crate::dialects::langgraph::convert::AssistantSchemas;
use crate::dialects::langgraph::requests::RunOptions as LangGraphRunOptions;
use crate::dialects::responses::requests::RunOptions as ResponsesRunOptions;
use crate::dialects::yandex::requests::RunOptions as YandexRunOptions;
use crate::domain::{Assistant, Interrupt, Message, ServerInfo, Thread, Values};
use crate::graph::AgentGraph;
use crate::http::{ApiError, HttpRequest};
use serde_json::{Map, Value};

/// A completed answer (any status: the backend decides what an error status means).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Executes one request against the connected server and reads the whole answer. A non-2xx answer is
/// an `Err(ApiError::Status)` with the server's own message (see [`crate::http::error_from_response`]).
// Single-threaded wasm: the browser's fetch futures are not `Send`, and nothing here needs them to be;
// static dispatch through `Backend` keeps the trait free of boxing.
#[allow(async_fn_in_trait)]
pub trait Http {
    async fn send(&self, req: &HttpRequest) -> Result<HttpResponse, ApiError>;

    /// Gives the platform its turn between the parts of a long piece of work (the browser: a new
    /// task, so that it can paint and answer input). Nothing to give where nothing waits.
    async fn pause(&self) {}
}

/// The messages of a long thread's state read between two [`Http::pause`]s.
pub const MESSAGES_READ_AT_ONCE: usize = 2_000;

/// Threads fetched per page of the thread list.
pub const THREADS_PAGE: u32 = 25;
/// Runs fetched per page of a thread's Runs tab.
pub const THREAD_RUNS_PAGE: u32 = 20;
/// Checkpoints fetched for the State tab.
pub const HISTORY_LIMIT: u32 = 20;

/// What connecting found: the server's own description, its assistants, and what it offers.
#[derive(Debug, Clone)]
pub struct Connected {
    pub backend: super::Backend,
    pub info: ServerInfo,
    pub assistants: Vec<Assistant>,
}

/// What the thread list asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadQuery {
    /// The search box: a thread id, metadata pairs, or nothing.
    pub search: ThreadSearch,
    /// `idle | busy | interrupted | error` (where [`ThreadFilters::status`] says so).
    pub status: Option<String>,
    pub oldest_first: bool,
}

/// A thread to create (name, description and labels where [`super::CreateThreadForm::Named`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewThread {
    pub name: String,
    pub description: String,
    pub labels: Map<String, Value>,
}

/// An assistant to create from a graph, or what an edit writes (each edit is a new version).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssistantDraft {
    /// The id asked for on creation (a UUID; one the server holds is refused), else the server's.
    pub id: Option<String>,
    pub graph_id: String,
    pub name: String,
    pub description: String,
    /// The run config (`configurable`, …): a JSON object, or `Null` for none.
    pub config: Value,
    /// The graph's context values: a JSON object, or `Null` for none.
    pub context: Value,
    pub metadata: Value,
}

/// An item of the long-term memory store.
#[derive(Debug, Clone, PartialEq)]
pub struct StoreItem {
    pub namespace: Vec<String>,
    pub key: String,
    pub value: Value,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    /// How well it matched a query (servers that index values).
    pub score: Option<f64>,
}

/// A search of the store: under a namespace prefix, a filter (each key equal), a query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoreQuery {
    pub prefix: Vec<String>,
    pub query: Option<String>,
    pub filter: Option<Value>,
    pub limit: u32,
    pub offset: u64,
}

/// A scheduled run as the server keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct CronJob {
    pub id: String,
    pub assistant_id: Option<String>,
    /// `None`: each run on a new thread.
    pub thread_id: Option<String>,
    pub schedule: String,
    pub next_run: Option<String>,
    pub end_time: Option<String>,
    pub created_at: Option<String>,
    /// What each run is sent (input, config…), as the server keeps it.
    pub payload: Value,
    /// What each run sends, in short: the first message's text, else the input as JSON (at most
    /// 200 characters).
    pub sends: String,
}

/// A scheduled run to create: each run sends `message` as the user's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewCron {
    pub assistant_id: String,
    pub schedule: String,
    pub message: String,
    /// On this thread; `None`: each run on a new thread.
    pub thread_id: Option<String>,
}

/// A thread as opened: what it holds now, and whether a run is going on it.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadSnapshot {
    pub messages: Vec<Message>,
    pub interrupts: Vec<Interrupt>,
    pub values: Values,
    /// What of the thread could not be read (a message of its state the others are shown without).
    pub problems: Vec<String>,
    /// `Some(true)`: the server says a run is going; `None`: the server does not say (Yandex threads
    /// have no status: only a run this tab remembers can tell).
    pub busy: Option<bool>,
    /// Stopped at a breakpoint (LangGraph): the nodes due and where Continue runs on from.
    pub pause: Option<crate::debugger::Pause>,
}

/// What an assistant's details show, as its server describes it.
#[derive(Debug, Clone, PartialEq)]
pub enum AssistantDetail {
    /// Schemas and, where the server serves `/assistants/{id}/graph`, its graph (`None`: the server
    /// has no such route).
    Graph {
        schemas: AssistantSchemas,
        graph: Result<Option<AgentGraph>, String>,
    },
    /// An agent with its capabilities (in `config`) and its four schemas.
    Agent {
        agent: Box<Assistant>,
        schemas: AssistantSchemas,
    },
    /// A model-backed assistant: model URI, instruction, options, tools, labels (in `config`).
    Model { assistant: Box<Assistant> },
}

/// The run options as the server's form ([`super::RunOptionsForm`]) collected them.
#[derive(Debug, Clone)]
pub enum RunSettings {
    LangGraph(LangGraphRunOptions),
    AgentProtocol {
        options: RunStreamOptions,
        stateless: bool,
    },
    Yandex(YandexRunOptions),
    Responses(ResponsesRunOptions),
    A2a(crate::dialects::a2a::requests::RunOptions),
}

impl RunSettings {
    /// The same settings with the run pausing at `b` (where the server takes breakpoints; the
    /// others never offer them — `Capabilities::breakpoints`).
    pub fn with_breakpoints(mut self, b: &crate::debugger::Breakpoints) -> Self {
        if let RunSettings::LangGraph(o) = &mut self {
            o.interrupt_before = b.before.wire();
            o.interrupt_after = b.after.wire();
        }
        self
    }
}

/// A message to send as a new run.
#[derive(Debug, Clone)]
pub struct SendRequest {
    /// The open thread, if any (a thread is created when the server needs one and none is open).
    pub thread: Option<String>,
    pub assistant: Option<String>,
    pub text: String,
    /// Files sent with the text ([`super::Capabilities::attachments`] says which a server takes).
    pub attachments: Vec<crate::attachments::Attachment>,
    /// A client-made id the server keeps, so the message is shown at once and never twice.
    pub message_id: String,
    pub settings: RunSettings,
    /// Run from this checkpoint, not the thread's latest ([`super::Capabilities::time_travel`]): an
    /// edited message, or a message sent on an earlier branch.
    pub checkpoint: Option<String>,
}

/// How a follow of a run's stream starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Start {
    /// A run this client starts; the view holds the thread's messages. The message the user sent is
    /// shown once the server accepted the run (a refused run leaves the view as it was).
    NewRun(Option<Message>),
    /// A run from an earlier checkpoint (an edit, a regenerated reply, a re-run or a fork): once the
    /// server accepted it, the view holds `keep` — the messages at that checkpoint — and then `local`,
    /// the edited message if any; what came after the checkpoint is not on the new branch.
    Branch {
        keep: Vec<Message>,
        local: Option<Message>,
    },
    /// Joining a run already going (a busy thread, a reload): replay its stream from the start into an
    /// empty message list, since the stored state lacks what the run has streamed so far.
    JoinFromStart,
    /// A run created before its stream is opened (Yandex `Run.Create`, then `Run.Listen`): its id is
    /// known; `local` is the user's message, shown once the stream opens.
    Listen {
        run_id: String,
        local: Option<Message>,
    },
    /// A run driven by a thread-protocol command, read from the thread's subscription at `path`
    /// (`stream/events` or `stream`). The subscription outlives the run: the follow ends at the run's
    /// terminal `lifecycle` event; a drop reopens it with `since` = the last `seq`.
    Subscription {
        run_id: Option<String>,
        local: Option<Message>,
        path: &'static str,
        /// The `seq` the subscription was opened after.
        since: Option<u64>,
    },
}

/// A run the server accepted to start: the stream to follow.
#[derive(Debug, Clone)]
pub struct Started {
    /// The run's thread; `None` for a stateless run.
    pub thread: Option<String>,
    /// A thread the send created (to show first in the list).
    pub new_thread: Option<Thread>,
    pub request: HttpRequest,
    pub start: Start,
    /// The server already holds the sent text (the composer may let it go before the stream opens).
    pub text_stored: bool,
}

/// A send that did not start a run, with what it did before failing.
#[derive(Debug, Clone)]
pub struct SendFailure {
    pub error: ApiError,
    pub new_thread: Option<Thread>,
    /// The message the server stored before the run failed to start (shown with the error).
    pub posted: Option<Message>,
}

impl From<ApiError> for SendFailure {
    fn from(error: ApiError) -> Self {
        Self {
            error,
            new_thread: None,
            posted: None,
        }
    }
}

/// A run as its server describes it, every field by name (`None`: the server did not send it).
#[derive(Debug, Clone, PartialEq)]
pub struct RunFields {
    pub id: String,
    pub status: crate::domain::RunStatus,
    pub fields: Vec<(&'static str, Option<String>)>,
}

/// What the detail of a run on a server-wide search page can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunAction {
    Refresh,
    Cancel,
    Delete,
    Wait,
}

/// The filters of a server-wide run search; `None` = any.
pub type RunSearch = RunQuery;
