//! A dialect's code behind trait objects, so that a build can hold it in a part of its own and fetch it
//! when a server of that dialect is first connected (the app's split build: each dialect a wasm module).
//!
//! [`DialectCode`] is what a dialect is before any server (connect, its stream decoder and adapter);
//! [`DialectOps`] is a connected server's operations, which [`Backend`] calls. Both are made only by the
//! dialect's own code ([`code`], a dialect's `connect`), so their methods are reached only through
//! their vtables: code that never names a dialect type holds none of its code. [`DynHttp`] carries the
//! app's [`Http`] across: each dialect's code is compiled once, for [`Erased`].

use super::api::ServerApi;
use super::*;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

/// A future of a dialect's operation (single-threaded, as [`Http`]'s).
pub type LocalFut<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// [`Http`] as a trait object. Every `Http` is one.
pub trait DynHttp {
    fn send_dyn<'a>(&'a self, req: &'a HttpRequest)
        -> LocalFut<'a, Result<HttpResponse, ApiError>>;
    fn pause_dyn(&self) -> LocalFut<'_, ()>;
}

impl<T: Http> DynHttp for T {
    fn send_dyn<'a>(
        &'a self,
        req: &'a HttpRequest,
    ) -> LocalFut<'a, Result<HttpResponse, ApiError>> {
        Box::pin(self.send(req))
    }
    fn pause_dyn(&self) -> LocalFut<'_, ()> {
        Box::pin(self.pause())
    }
}

/// A [`DynHttp`] as an [`Http`]: what the dialects' code is compiled for.
pub struct Erased<'a>(pub &'a dyn DynHttp);

impl Http for Erased<'_> {
    async fn send(&self, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
        self.0.send_dyn(req).await
    }
    async fn pause(&self) {
        self.0.pause_dyn().await
    }
}

/// What a dialect is before any server: how it connects, how its streams are read.
pub trait DialectCode: Sync {
    fn dialect(&self) -> Dialect;
    fn decoder(&self) -> Box<dyn Decoder>;
    fn adapter(&self) -> Box<dyn StreamAdapter>;
    fn connect<'a>(
        &'a self,
        profile: &'a ServerProfile,
        h: &'a dyn DynHttp,
    ) -> LocalFut<'a, Result<Connected, ApiError>>;
}

/// The [`DialectCode`] of the dialect type `T`.
struct Code<T>(PhantomData<fn() -> T>);

impl<T: DialectSpec> DialectCode for Code<T> {
    fn dialect(&self) -> Dialect {
        T::DIALECT
    }
    fn decoder(&self) -> Box<dyn Decoder> {
        T::decoder()
    }
    fn adapter(&self) -> Box<dyn StreamAdapter> {
        T::adapter()
    }
    fn connect<'a>(
        &'a self,
        profile: &'a ServerProfile,
        h: &'a dyn DynHttp,
    ) -> LocalFut<'a, Result<Connected, ApiError>> {
        Box::pin(async move { T::connect(profile, &Erased(h)).await })
    }
}

/// The code of the dialect type `T`: the one place a dialect's code object is made.
pub(crate) fn code<T: DialectSpec + 'static>() -> &'static dyn DialectCode {
    Box::leak(Box::new(Code::<T>(PhantomData)))
}

/// The code of a dialect this build leaves out: connecting says so; its streams are read as SSE with
/// every event kept as unknown (a recording of it still shows its events).
pub(crate) struct UnspokenCode(pub Dialect);

impl DialectCode for UnspokenCode {
    fn dialect(&self) -> Dialect {
        self.0
    }
    fn decoder(&self) -> Box<dyn Decoder> {
        Box::new(crate::decode::SseDecoder::new())
    }
    fn adapter(&self) -> Box<dyn StreamAdapter> {
        Box::new(Unspoken)
    }
    fn connect<'a>(
        &'a self,
        _profile: &'a ServerProfile,
        _h: &'a dyn DynHttp,
    ) -> LocalFut<'a, Result<Connected, ApiError>> {
        let d = self.0;
        Box::pin(async move { Err(unspoken(d)) })
    }
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

/// Declares each operation once: [`DialectOps`]' method (its future boxed, over [`DynHttp`]), its
/// implementation for every dialect type (the [`ServerApi`] method, for [`Erased`]), and
/// [`Backend`]'s public method that calls it.
macro_rules! operations {
    ($lt:lifetime;
     $( $(#[$am:meta])* async fn $a:ident($($aa:ident: $at:ty),*) -> $ar:ty; )*
     ---
     $( $(#[$sm:meta])* fn $s:ident($($sa:ident: $st:ty),*) -> $sr:ty; )*
    ) => {
        /// A connected server's operations ([`ServerApi`] as a trait object).
        pub trait DialectOps: Send + Sync {
            fn capabilities(&self) -> &Capabilities;
            $( fn $a<$lt>(&$lt self, h: &$lt dyn DynHttp, $($aa: $at),*) -> LocalFut<$lt, $ar>; )*
            $( fn $s<$lt>(&$lt self, $($sa: $st),*) -> $sr; )*
        }

        impl<T: ServerApi + Send + Sync> DialectOps for T {
            fn capabilities(&self) -> &Capabilities {
                ServerApi::capabilities(self)
            }
            $( fn $a<$lt>(&$lt self, h: &$lt dyn DynHttp, $($aa: $at),*) -> LocalFut<$lt, $ar> {
                Box::pin(async move { ServerApi::$a(self, &Erased(h), $($aa),*).await })
            } )*
            $( fn $s<$lt>(&$lt self, $($sa: $st),*) -> $sr {
                ServerApi::$s(self, $($sa),*)
            } )*
        }

        impl Backend {
            $( $(#[$am])*
            pub async fn $a<$lt>(&$lt self, h: &$lt impl Http, $($aa: $at),*) -> $ar {
                self.ops.$a(h, $($aa),*).await
            } )*
            $( $(#[$sm])*
            pub fn $s<$lt>(&$lt self, $($sa: $st),*) -> $sr {
                self.ops.$s($($sa),*)
            } )*
        }
    };
}

operations! { 'a;
    /// Agents whose name contains `name` and whose metadata holds `metadata`
    /// ([`Capabilities::assistant_search`]).
    async fn search_assistants(name: &'a str, metadata: Option<Value>, offset: u64) -> Result<Vec<Assistant>, ApiError>;
    async fn assistant_detail(id: &'a str) -> Result<AssistantDetail, ApiError>;
    /// Ends a run paused at a breakpoint where it stands: the nodes due are dropped
    /// ([`Capabilities::breakpoints`]).
    async fn end_pause(thread: &'a str, checkpoint: &'a str) -> Result<(), ApiError>;
    /// The threads that wait for a person ([`Capabilities::inbox`]): every one's id and version, and
    /// those whose version is not in `known` read whole.
    async fn waiting(known: &'a std::collections::BTreeMap<String, String>) -> Result<crate::inbox::WaitingScan, ApiError>;
    /// Runs a waiting thread on in the background: `answers` answer its interrupts (by id where
    /// they have one), each checked to be still pending first (an answer to a question answered
    /// elsewhere is never sent); none runs it again from where it stopped (a failed run, a paused one).
    async fn run_waiting(thread: &'a str, assistant: Option<&'a str>, answers: &'a [(Option<String>, Value)]) -> Result<(), ApiError>;
    /// The assistant's graph alone (`None`: none drawn); `xray`: subgraphs as their own nodes.
    async fn assistant_graph(id: &'a str, xray: bool) -> Result<Option<crate::graph::AgentGraph>, ApiError>;
    /// One page of threads from `at` (the first page: [`PageCursor::Offset`]`(0)`). A thread id in the
    /// search box is looked up directly: the page is that thread, or a 404.
    async fn threads(q: &'a ThreadQuery, at: &'a PageCursor) -> Result<Page<Thread>, ApiError>;
    async fn create_thread(new: &'a NewThread) -> Result<Thread, ApiError>;
    async fn rename_thread(id: &'a str, title: &'a str) -> Result<Thread, ApiError>;
    async fn delete_thread(id: &'a str) -> Result<(), ApiError>;
    /// Copies a thread, history included ([`ThreadOps::copy`]).
    async fn copy_thread(id: &'a str) -> Result<Thread, ApiError>;
    async fn open_thread(id: &'a str) -> Result<ThreadSnapshot, ApiError>;
    /// What the thread holds now; `busy` may be left unasked (`None`).
    async fn thread_state(id: &'a str) -> Result<ThreadSnapshot, ApiError>;
    /// A page of the thread's checkpoints, newest first: at most `limit`, all older than `before`
    /// when given ([`Capabilities::state_tab`]).
    async fn history(id: &'a str, before: Option<&'a str>, limit: u32) -> Result<Vec<Checkpoint>, ApiError>;
    /// Writes `values` onto `checkpoint` as a new checkpoint — a fork — as if node `as_node` had
    /// returned them (the server picks the node when `None`); returns the new checkpoint's id
    /// ([`Capabilities::time_travel`]).
    async fn fork(thread: &'a str, checkpoint: &'a str, values: Value, as_node: Option<&'a str>) -> Result<String, ApiError>;
    /// A page of the thread's runs ([`ThreadRuns::List`]).
    async fn thread_runs(thread: &'a str, offset: u64) -> Result<Vec<Run>, ApiError>;
    /// The thread's last run ([`ThreadRuns::LastOnly`]); `None` when it has none.
    async fn last_run(thread: &'a str) -> Result<Option<FolderRunRecord>, ApiError>;
    /// Starts a run with the user's message: creates a thread if the server needs one and none is
    /// open, and returns the stream to follow.
    async fn send(req: SendRequest) -> Result<Started, SendFailure>;
    /// The server's word on a run's status.
    async fn run_status(thread: &'a str, run: &'a str) -> Result<RunStatus, ApiError>;
    /// The server's word on a run's status, with its token usage where the run carries it.
    async fn run_outcome(thread: &'a str, run: &'a str) -> Result<(RunStatus, Option<crate::domain::Usage>), ApiError>;
    /// The run going on a busy thread, as the server lists it.
    async fn active_run(thread: &'a str) -> Option<String>;
    /// Stops a run ([`Capabilities::stop`]); `action` is one of its actions.
    async fn stop(thread: &'a str, run: &'a str, action: &'a str) -> Result<(), ApiError>;
    /// One run with every field, fresh ([`ThreadRuns::Seen`]).
    async fn run_fields(run: &'a str) -> Result<RunFields, ApiError>;
    /// Every response of a thread that is a chain, newest first, each with every field
    /// ([`ThreadRuns::Chain`]).
    async fn chain_runs(thread: &'a str) -> Result<Vec<RunFields>, ApiError>;
    /// A page of the folder's runs by token ([`ServerRunsKind::Folder`]).
    async fn folder_runs(page_size: u32, token: Option<&'a str>) -> Result<Page<FolderRunRecord>, ApiError>;
    /// One run of the folder, fresh.
    async fn folder_run(run: &'a str) -> Result<FolderRunRecord, ApiError>;
    /// A page of the server's runs matching `q` ([`ServerRunsKind::Search`]).
    async fn search_runs(q: &'a RunSearch, limit: u32, offset: u64) -> Result<Vec<SearchRunRecord>, ApiError>;
    /// Acts on a run of the search page; returns what to say and the run as it now is (`None`: deleted).
    async fn run_action(run: &'a str, action: RunAction, stop_action: &'a str) -> Result<(String, Option<SearchRunRecord>), ApiError>;
    ---
    /// The stream request that runs the graph on from `checkpoint` with no new input — a reply
    /// regenerated, a run again from a checkpoint ([`Capabilities::time_travel`]). Its run's
    /// checkpoints branch off `checkpoint`.
    fn rerun(thread: &'a str, assistant: Option<&'a str>, checkpoint: &'a str, settings: Option<RunSettings>) -> Result<HttpRequest, ApiError>;
    /// The stream request that answers the thread's pending interrupt (`interrupt`: its id, where
    /// it has one) with `answer`, and how its follow starts (the answer shown at once where the
    /// thread keeps it as a message of its own).
    fn resume(thread: &'a str, assistant: Option<&'a str>, interrupt: Option<&'a str>, answer: Value, settings: Option<RunSettings>) -> Result<(HttpRequest, Start), ApiError>;
    /// The request that follows a run already going from its first event, and how that follow starts.
    fn join(thread: &'a str, run: &'a str) -> (HttpRequest, Start);
    /// The request that picks a dropped run stream up where `view` stands (no event lost, none twice).
    fn rejoin(thread: &'a str, run: &'a str, view: &'a ThreadView) -> HttpRequest;
    /// Readies the view before a run this client started streams into it (`fresh`: a new unique id).
    fn prepare_view(view: &'a mut ThreadView, fresh: &'a str) -> Changes;
    /// Where a thread's id is its newest run (a chain of responses on a server with no
    /// conversations), the thread after `run` on `thread` (`""`: none yet) — the app moves the
    /// thread there (its list entry, the selection, the address). Elsewhere a thread keeps its id:
    /// `None`.
    fn thread_after_run(thread: &'a str, run: &'a str, view: &'a ThreadView) -> Option<Thread>;
}

/// One server, spoken to in its dialect: its operations and its dialect's code, both made by that
/// dialect's `connect` (or [`Backend::of`]).
#[derive(Clone)]
pub struct Backend {
    ops: Arc<dyn DialectOps>,
    code: &'static dyn DialectCode,
}

impl fmt::Debug for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Backend")
            .field("dialect", &self.dialect())
            .finish_non_exhaustive()
    }
}

impl Backend {
    /// The backend of a connected dialect type.
    pub(crate) fn of<T: DialectSpec + ServerApi + Send + Sync + 'static>(server: T) -> Self {
        Self {
            ops: Arc::new(server),
            code: code::<T>(),
        }
    }

    /// Connects to `profile`'s server with its dialect's `code` ([`code_of`], or a part of the app
    /// that holds it): probes what it offers and lists its assistants.
    pub async fn connect_with(
        code: &dyn DialectCode,
        profile: &ServerProfile,
        h: &impl Http,
    ) -> Result<Connected, ApiError> {
        if code.dialect() != profile.dialect {
            return Err(ApiError::Status {
                status: 501,
                message: format!(
                    "the code of {} was asked to connect a {} server",
                    ConnectForm::of(code.dialect()).name,
                    ConnectForm::of(profile.dialect).name
                ),
                purpose: "connect",
            });
        }
        code.connect(profile, h).await
    }

    pub fn capabilities(&self) -> &Capabilities {
        self.ops.capabilities()
    }

    /// A decoder and adapter for this server's run streams.
    pub fn pipeline(&self) -> StreamPipeline {
        StreamPipeline::of(self.code)
    }

    /// The dialect spoken (for the deep link and the stream pipeline).
    pub fn dialect(&self) -> Dialect {
        self.code.dialect()
    }

    /// The run id a stream's `Content-Location` names (LangGraph's run streams), if any.
    pub fn run_id_of_stream(&self, content_location: Option<&str>) -> Option<String> {
        content_location.and_then(crate::dialects::langgraph::convert::run_id_from_content_location)
    }
}
