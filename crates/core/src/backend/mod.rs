//! The operations a user performs on a server — connect, assistants, threads, runs, history — for every
//! dialect behind one type, [`Backend`], with the [`Capabilities`] a server was found to have.
//!
//! Nothing here does I/O: each operation builds the dialect's [`HttpRequest`]s, hands them to an
//! injected [`Http`] (the browser's fetch in the app, a test double over recorded traffic natively),
//! and turns the answers into dialect-neutral domain types. [`Backend::connect`] holds the only
//! `match` on the [`Dialect`]; everything above asks the backend and reads its capabilities.

// A dialect whose feature is off keeps only its connect form (each module below): the rest goes unused.
#[cfg_attr(not(feature = "agent-protocol"), allow(dead_code, unused_imports))]
mod agent_protocol;
mod api;
mod capabilities;
mod connect_form;
#[cfg_attr(not(feature = "langgraph"), allow(dead_code, unused_imports))]
mod langgraph;
#[cfg_attr(not(feature = "responses"), allow(dead_code, unused_imports))]
mod responses;
mod thread_client;
mod types;
#[cfg_attr(not(feature = "yandex"), allow(dead_code, unused_imports))]
mod yandex;

pub use agent_protocol::AgentProtocol;
use api::ServerApi;
pub use capabilities::*;
pub use connect_form::ConnectForm;
pub use langgraph::LangGraph;
pub use responses::{Responses, STOP_CANCEL};
pub use thread_client::{CommandAccepted, ThreadClient, ThreadCommand};
pub use types::*;
pub use yandex::Yandex;

use crate::decode::Decoder;
use crate::deeplink::ThreadSearch;
/// A run of a server-wide run search ([`ServerRunsKind::Search`]): every field as sent.
pub use crate::dialects::agent_protocol::convert::RunRecord as SearchRunRecord;
use crate::dialects::agent_protocol::requests::{RunQuery, RunStreamOptions};
/// A run of a folder ([`ServerRunsKind::Folder`]): every field, absent ones kept absent.
pub use crate::dialects::yandex::convert::RunRecord as FolderRunRecord;
use crate::dialects::StreamAdapter;
use crate::domain::{
    Assistant, Checkpoint, Dialect, Message, Page, PageCursor, Run, RunStatus, ServerProfile,
    Thread,
};
use crate::http::{ApiError, HttpRequest};
use crate::reducer::{Changes, ThreadView};
use crate::StreamPipeline;
use serde_json::{Map, Value};

#[cfg(not(any(
    feature = "langgraph",
    feature = "agent-protocol",
    feature = "yandex",
    feature = "responses"
)))]
compile_error!("agent-console-core needs at least one dialect feature: langgraph, agent-protocol, yandex, responses");

/// One server, spoken to in its dialect. Built only by [`Backend::connect`]. A dialect's variant
/// exists only in builds with its cargo feature (all by default), so a build for one server holds
/// that dialect's code alone.
#[derive(Debug, Clone)]
pub enum Backend {
    #[cfg(feature = "langgraph")]
    LangGraph(LangGraph),
    #[cfg(feature = "agent-protocol")]
    AgentProtocol(AgentProtocol),
    #[cfg(feature = "yandex")]
    Yandex(Yandex),
    #[cfg(feature = "responses")]
    Responses(Responses),
}

/// Whether this build speaks `dialect` (its cargo feature is on).
pub const fn speaks(dialect: Dialect) -> bool {
    match dialect {
        Dialect::LangGraph => cfg!(feature = "langgraph"),
        Dialect::AgentProtocol => cfg!(feature = "agent-protocol"),
        Dialect::Yandex => cfg!(feature = "yandex"),
        Dialect::Responses => cfg!(feature = "responses"),
    }
}

/// The dialects this build speaks, in the connect form's order.
pub fn spoken() -> impl Iterator<Item = Dialect> {
    Dialect::ALL.into_iter().filter(|d| speaks(*d))
}

/// What connecting to a dialect this build leaves out answers.
fn unspoken(dialect: Dialect) -> ApiError {
    ApiError::Status {
        status: 501,
        message: format!(
            "this build of agent-console does not speak {} (it was built without the cargo feature \"{}\")",
            connect_form_of(dialect).name,
            dialect.as_str()
        ),
        purpose: "connect",
    }
}

/// The error an operation returns on a server that does not offer it (views hide what capabilities
/// exclude, so a user meets this only through a stale control).
pub(crate) fn unsupported(purpose: &'static str) -> ApiError {
    ApiError::Status {
        status: 501,
        message: "this server does not offer it".into(),
        purpose,
    }
}

/// What a dialect is, before any server: its connect form, its stream decoder and adapter, how it
/// connects. Each dialect's backend type implements it.
pub(crate) trait DialectSpec {
    const DIALECT: Dialect;
    /// Whether a stream that ends cleanly ends the run (LangGraph, Agent Protocol); otherwise a clean
    /// end without the run's last event is a drop to resume from (Yandex `Run.Listen`).
    const CLEAN_END_ENDS_RUN: bool = true;
    fn connect_form() -> ConnectForm;
    fn decoder() -> Box<dyn Decoder>;
    fn adapter() -> Box<dyn StreamAdapter>;
    /// Probes the server and lists its assistants. Each dialect's own is in builds with its
    /// feature; without it, this (never reached: `Backend::connect` answers first).
    #[allow(async_fn_in_trait)] // as `Http`
    async fn connect(profile: &ServerProfile, h: &impl Http) -> Result<Connected, ApiError> {
        let _ = (profile, h);
        Err(unspoken(Self::DIALECT))
    }
}

/// The one table from a [`Dialect`] to the type that speaks it: `of_dialect!(d, T => expr, else
/// other)` runs `expr` with `T` naming that type, or `other` for a dialect this build leaves out
/// (its cargo feature off). With [`Backend`] and `each!`, the only list of dialects here.
macro_rules! of_dialect {
    ($dialect:expr, $T:ident => $e:expr, else $other:expr) => {
        match $dialect {
            #[cfg(feature = "langgraph")]
            Dialect::LangGraph => {
                type $T = LangGraph;
                $e
            }
            #[cfg(feature = "agent-protocol")]
            Dialect::AgentProtocol => {
                type $T = AgentProtocol;
                $e
            }
            #[cfg(feature = "yandex")]
            Dialect::Yandex => {
                type $T = Yandex;
                $e
            }
            #[cfg(feature = "responses")]
            Dialect::Responses => {
                type $T = Responses;
                $e
            }
            #[allow(unreachable_patterns)]
            _ => $other,
        }
    };
}

/// The same table for what every build knows of every dialect (its connect form, how its streams
/// end): small constants, kept so a left-out dialect is still named and its recordings still read.
macro_rules! of_any_dialect {
    ($dialect:expr, $T:ident => $e:expr) => {
        match $dialect {
            Dialect::LangGraph => {
                type $T = LangGraph;
                $e
            }
            Dialect::AgentProtocol => {
                type $T = AgentProtocol;
                $e
            }
            Dialect::Yandex => {
                type $T = Yandex;
                $e
            }
            Dialect::Responses => {
                type $T = Responses;
                $e
            }
        }
    };
}

/// The wire decoder a dialect's streams need. A dialect this build leaves out gets SSE (what three
/// of the four send), so a recording of it still shows its events.
pub fn decoder_for(dialect: Dialect) -> Box<dyn Decoder> {
    of_dialect!(dialect, T => T::decoder(), else Box::new(crate::decode::SseDecoder::new()))
}

/// The stream adapter of a dialect. A dialect this build leaves out gets [`Unspoken`]: every event
/// kept as unknown, none lost.
pub fn adapter_for(dialect: Dialect) -> Box<dyn StreamAdapter> {
    of_dialect!(dialect, T => T::adapter(), else Box::new(Unspoken))
}

/// The stream adapter of a dialect this build leaves out: it keeps each event, as unknown.
struct Unspoken;

impl StreamAdapter for Unspoken {
    fn adapt(&mut self, raw: crate::decode::RawEvent) -> crate::event::EventBatch {
        let unknown = crate::event::StreamEvent::Unknown {
            event: raw.event,
            data: raw.data,
        };
        crate::event::EventBatch::new(None, vec![unknown])
    }
}

/// The connect form of a dialect.
pub(crate) fn connect_form_of(dialect: Dialect) -> ConnectForm {
    of_any_dialect!(dialect, T => T::connect_form())
}

/// Whether a clean end of a dialect's run stream ends the run (see [`DialectSpec::CLEAN_END_ENDS_RUN`]).
pub fn clean_end_ends_run(dialect: Dialect) -> bool {
    of_any_dialect!(dialect, T => T::CLEAN_END_ENDS_RUN)
}

/// Calls the same [`ServerApi`] method on whichever dialect this backend speaks.
macro_rules! each {
    ($self:expr, $b:ident => $call:expr) => {
        match $self {
            #[cfg(feature = "langgraph")]
            Backend::LangGraph($b) => $call,
            #[cfg(feature = "agent-protocol")]
            Backend::AgentProtocol($b) => $call,
            #[cfg(feature = "yandex")]
            Backend::Yandex($b) => $call,
            #[cfg(feature = "responses")]
            Backend::Responses($b) => $call,
        }
    };
}

impl Backend {
    /// Connects to `profile`'s server: probes what it offers and lists its assistants. The one place a
    /// dialect is chosen.
    pub async fn connect(profile: &ServerProfile, h: &impl Http) -> Result<Connected, ApiError> {
        of_dialect!(profile.dialect, T => T::connect(profile, h).await, else Err(unspoken(profile.dialect)))
    }

    pub fn capabilities(&self) -> &Capabilities {
        each!(self, b => b.capabilities())
    }

    /// A decoder and adapter for this server's run streams.
    pub fn pipeline(&self) -> StreamPipeline {
        StreamPipeline::new(self.dialect())
    }

    /// The dialect spoken (for the deep link and the stream pipeline).
    pub fn dialect(&self) -> Dialect {
        fn of<T: DialectSpec>(_: &T) -> Dialect {
            T::DIALECT
        }
        each!(self, b => of(b))
    }

    /// Agents whose name contains `name` and whose metadata holds `metadata`
    /// ([`Capabilities::assistant_search`]).
    pub async fn search_assistants(
        &self,
        h: &impl Http,
        name: &str,
        metadata: Option<Value>,
        offset: u64,
    ) -> Result<Vec<Assistant>, ApiError> {
        each!(self, b => b.search_assistants(h, name, metadata, offset).await)
    }

    pub async fn assistant_detail(
        &self,
        h: &impl Http,
        id: &str,
    ) -> Result<AssistantDetail, ApiError> {
        each!(self, b => b.assistant_detail(h, id).await)
    }

    /// One page of threads from `at` (the first page: [`PageCursor::Offset`]`(0)`). A thread id in the
    /// search box is looked up directly: the page is that thread, or a 404.
    pub async fn threads(
        &self,
        h: &impl Http,
        q: &ThreadQuery,
        at: &PageCursor,
    ) -> Result<Page<Thread>, ApiError> {
        each!(self, b => b.threads(h, q, at).await)
    }

    pub async fn create_thread(&self, h: &impl Http, new: &NewThread) -> Result<Thread, ApiError> {
        each!(self, b => b.create_thread(h, new).await)
    }

    pub async fn rename_thread(
        &self,
        h: &impl Http,
        id: &str,
        title: &str,
    ) -> Result<Thread, ApiError> {
        each!(self, b => b.rename_thread(h, id, title).await)
    }

    pub async fn delete_thread(&self, h: &impl Http, id: &str) -> Result<(), ApiError> {
        each!(self, b => b.delete_thread(h, id).await)
    }

    /// Copies a thread, history included ([`ThreadOps::copy`]).
    pub async fn copy_thread(&self, h: &impl Http, id: &str) -> Result<Thread, ApiError> {
        each!(self, b => b.copy_thread(h, id).await)
    }

    pub async fn open_thread(&self, h: &impl Http, id: &str) -> Result<ThreadSnapshot, ApiError> {
        each!(self, b => b.open_thread(h, id).await)
    }

    /// What the thread holds now; `busy` may be left unasked (`None`).
    pub async fn thread_state(&self, h: &impl Http, id: &str) -> Result<ThreadSnapshot, ApiError> {
        each!(self, b => b.thread_state(h, id).await)
    }

    /// A page of the thread's checkpoints, newest first: at most `limit`, all older than `before`
    /// when given ([`Capabilities::state_tab`]).
    pub async fn history(
        &self,
        h: &impl Http,
        id: &str,
        before: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Checkpoint>, ApiError> {
        each!(self, b => b.history(h, id, before, limit).await)
    }

    /// The stream request that runs the graph on from `checkpoint` with no new input — a reply
    /// regenerated, a run again from a checkpoint ([`Capabilities::time_travel`]). Its run's
    /// checkpoints branch off `checkpoint`.
    pub fn rerun(
        &self,
        thread: &str,
        assistant: Option<&str>,
        checkpoint: &str,
        settings: Option<RunSettings>,
    ) -> Result<HttpRequest, ApiError> {
        each!(self, b => b.rerun(thread, assistant, checkpoint, settings))
    }

    /// Writes `values` onto `checkpoint` as a new checkpoint — a fork — as if node `as_node` had
    /// returned them (the server picks the node when `None`); returns the new checkpoint's id
    /// ([`Capabilities::time_travel`]).
    pub async fn fork(
        &self,
        h: &impl Http,
        thread: &str,
        checkpoint: &str,
        values: Value,
        as_node: Option<&str>,
    ) -> Result<String, ApiError> {
        each!(self, b => b.fork(h, thread, checkpoint, values, as_node).await)
    }

    /// A page of the thread's runs ([`ThreadRuns::List`]).
    pub async fn thread_runs(
        &self,
        h: &impl Http,
        thread: &str,
        offset: u64,
    ) -> Result<Vec<Run>, ApiError> {
        each!(self, b => b.thread_runs(h, thread, offset).await)
    }

    /// The thread's last run ([`ThreadRuns::LastOnly`]); `None` when it has none.
    pub async fn last_run(
        &self,
        h: &impl Http,
        thread: &str,
    ) -> Result<Option<FolderRunRecord>, ApiError> {
        each!(self, b => b.last_run(h, thread).await)
    }

    /// Starts a run with the user's message: creates a thread if the server needs one and none is
    /// open, and returns the stream to follow.
    pub async fn send(&self, h: &impl Http, req: SendRequest) -> Result<Started, SendFailure> {
        each!(self, b => b.send(h, req).await)
    }

    /// The stream request that answers the thread's pending interrupt (`interrupt`: its id, where
    /// it has one) with `answer`, and how its follow starts (the answer shown at once where the
    /// thread keeps it as a message of its own).
    pub fn resume(
        &self,
        thread: &str,
        assistant: Option<&str>,
        interrupt: Option<&str>,
        answer: Value,
        settings: Option<RunSettings>,
    ) -> Result<(HttpRequest, Start), ApiError> {
        each!(self, b => b.resume(thread, assistant, interrupt, answer, settings))
    }

    /// The request that follows a run already going from its first event, and how that follow starts.
    pub fn join(&self, thread: &str, run: &str) -> (HttpRequest, Start) {
        each!(self, b => b.join(thread, run))
    }

    /// The request that picks a dropped run stream up where `view` stands (no event lost, none twice).
    pub fn rejoin(&self, thread: &str, run: &str, view: &ThreadView) -> HttpRequest {
        each!(self, b => b.rejoin(thread, run, view))
    }

    /// Readies the view before a run this client started streams into it (`fresh`: a new unique id).
    pub fn prepare_view(&self, view: &mut ThreadView, fresh: &str) -> Changes {
        each!(self, b => b.prepare_view(view, fresh))
    }

    /// The run id a stream's `Content-Location` names (LangGraph's run streams), if any.
    pub fn run_id_of_stream(&self, content_location: Option<&str>) -> Option<String> {
        content_location.and_then(crate::dialects::langgraph::convert::run_id_from_content_location)
    }

    /// The server's word on a run's status.
    pub async fn run_status(
        &self,
        h: &impl Http,
        thread: &str,
        run: &str,
    ) -> Result<RunStatus, ApiError> {
        each!(self, b => b.run_status(h, thread, run).await)
    }

    /// The server's word on a run's status, with its token usage where the run carries it.
    pub async fn run_outcome(
        &self,
        h: &impl Http,
        thread: &str,
        run: &str,
    ) -> Result<(RunStatus, Option<crate::domain::Usage>), ApiError> {
        each!(self, b => b.run_outcome(h, thread, run).await)
    }

    /// The run going on a busy thread, as the server lists it.
    pub async fn active_run(&self, h: &impl Http, thread: &str) -> Option<String> {
        each!(self, b => b.active_run(h, thread).await)
    }

    /// Stops a run ([`Capabilities::stop`]); `action` is one of its actions.
    pub async fn stop(
        &self,
        h: &impl Http,
        thread: &str,
        run: &str,
        action: &str,
    ) -> Result<(), ApiError> {
        each!(self, b => b.stop(h, thread, run, action).await)
    }

    /// One run with every field, fresh ([`ThreadRuns::Seen`]).
    pub async fn run_fields(&self, h: &impl Http, run: &str) -> Result<RunFields, ApiError> {
        each!(self, b => b.run_fields(h, run).await)
    }

    /// Every response of a thread that is a chain, newest first, each with every field
    /// ([`ThreadRuns::Chain`]).
    pub async fn chain_runs(
        &self,
        h: &impl Http,
        thread: &str,
    ) -> Result<Vec<RunFields>, ApiError> {
        each!(self, b => b.chain_runs(h, thread).await)
    }

    /// Where a thread's id is its newest run (a chain of responses on a server with no
    /// conversations), the thread after `run` on `thread` (`""`: none yet) — the app moves the
    /// thread there (its list entry, the selection, the address). Elsewhere a thread keeps its id:
    /// `None`.
    pub fn thread_after_run(&self, thread: &str, run: &str, view: &ThreadView) -> Option<Thread> {
        each!(self, b => b.thread_after_run(thread, run, view))
    }

    /// A page of the folder's runs by token ([`ServerRunsKind::Folder`]).
    pub async fn folder_runs(
        &self,
        h: &impl Http,
        page_size: u32,
        token: Option<&str>,
    ) -> Result<Page<FolderRunRecord>, ApiError> {
        each!(self, b => b.folder_runs(h, page_size, token).await)
    }

    /// One run of the folder, fresh.
    pub async fn folder_run(&self, h: &impl Http, run: &str) -> Result<FolderRunRecord, ApiError> {
        each!(self, b => b.folder_run(h, run).await)
    }

    /// A page of the server's runs matching `q` ([`ServerRunsKind::Search`]).
    pub async fn search_runs(
        &self,
        h: &impl Http,
        q: &RunSearch,
        limit: u32,
        offset: u64,
    ) -> Result<Vec<SearchRunRecord>, ApiError> {
        each!(self, b => b.search_runs(h, q, limit, offset).await)
    }

    /// Acts on a run of the search page; returns what to say and the run as it now is (`None`: deleted).
    pub async fn run_action(
        &self,
        h: &impl Http,
        run: &str,
        action: RunAction,
        stop_action: &str,
    ) -> Result<(String, Option<SearchRunRecord>), ApiError> {
        each!(self, b => b.run_action(h, run, action, stop_action).await)
    }
}

/// The run's `after` key for a rejoin: the id before the last group, "0" when nothing was applied.
fn resume_token(view: &ThreadView) -> String {
    view.resume_after()
        .map(|k| k.resume_token())
        .unwrap_or_else(|| "0".to_owned())
}

/// A full page of a server that sends no next-page marker may have a next one.
fn next_by_full_page(items: usize, limit: u32, offset: u64) -> PageCursor {
    if items as u32 >= limit && limit > 0 {
        PageCursor::Offset(offset + items as u64)
    } else {
        PageCursor::End
    }
}

fn offset_of(at: &PageCursor) -> u64 {
    match at {
        PageCursor::Offset(o) => *o,
        _ => 0,
    }
}

/// A new thread's name (for servers whose threads have names) from the first words of its first message.
fn name_from(text: &str) -> String {
    let mut name: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((i, _)) = name.char_indices().nth(40) {
        name.truncate(i);
        name.push('…');
    }
    name
}

/// A list holding one thread (an id looked up directly).
fn one(t: Thread) -> Page<Thread> {
    Page {
        items: vec![t],
        next: PageCursor::End,
    }
}

#[cfg(test)]
mod tests;
