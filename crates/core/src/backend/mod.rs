//! The operations a user performs on a server — connect, assistants, threads, runs, history — for every
//! dialect behind one type, [`Backend`], with the [`Capabilities`] a server was found to have.
//!
//! Nothing here does I/O: each operation builds the dialect's [`HttpRequest`]s, hands them to an
//! injected [`Http`] (the browser's fetch in the app, a test double over recorded traffic natively),
//! and turns the answers into dialect-neutral domain types. [`code_of`] holds the only `match` from a
//! [`Dialect`] to its code; a connected [`Backend`] reaches its dialect through trait objects that the
//! dialect's own code made (`ops.rs`); everything above asks the backend and reads its capabilities.

// A dialect whose feature is off keeps only its connect form (each module below): the rest goes unused.
#[cfg_attr(not(feature = "a2a"), allow(dead_code, unused_imports))]
mod a2a;
#[cfg_attr(not(feature = "agent-protocol"), allow(dead_code, unused_imports))]
mod agent_protocol;
mod api;
mod capabilities;
mod connect_form;
#[cfg_attr(not(feature = "langgraph"), allow(dead_code, unused_imports))]
pub(crate) mod langgraph;
mod ops;
#[cfg_attr(not(feature = "responses"), allow(dead_code, unused_imports))]
mod responses;
mod thread_client;
mod types;
#[cfg_attr(
    not(any(feature = "langgraph", feature = "agent-protocol")),
    allow(dead_code, unused_imports)
)]
mod waiting;
#[cfg_attr(not(feature = "yandex"), allow(dead_code, unused_imports))]
mod yandex;

pub use a2a::A2a;
pub use agent_protocol::AgentProtocol;
use api::ServerApi;
pub use capabilities::*;
pub use connect_form::ConnectForm;
pub use langgraph::LangGraph;
use ops::UnspokenCode;
pub use ops::{Backend, DialectCode, DynHttp, LocalFut};
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
    feature = "responses",
    feature = "a2a"
)))]
compile_error!("agent-console-core needs at least one dialect feature: langgraph, agent-protocol, yandex, responses, a2a");

/// Whether this build speaks `dialect` (its cargo feature is on).
pub const fn speaks(dialect: Dialect) -> bool {
    match dialect {
        Dialect::LangGraph => cfg!(feature = "langgraph"),
        Dialect::AgentProtocol => cfg!(feature = "agent-protocol"),
        Dialect::Yandex => cfg!(feature = "yandex"),
        Dialect::Responses => cfg!(feature = "responses"),
        Dialect::A2a => cfg!(feature = "a2a"),
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
    /// The server's URL for what a user typed (A2A: a card's URL names its agent's).
    fn server_url(typed: &str) -> String {
        typed.to_owned()
    }
    fn decoder() -> Box<dyn Decoder>;
    fn adapter() -> Box<dyn StreamAdapter>;
    /// Probes the server and lists its assistants. Each dialect's own is in builds with its
    /// feature; without it, this (never reached: `code_of` gives such a dialect `UnspokenCode`).
    #[allow(async_fn_in_trait)] // as `Http`
    async fn connect(profile: &ServerProfile, h: &impl Http) -> Result<Connected, ApiError> {
        let _ = (profile, h);
        Err(unspoken(Self::DIALECT))
    }
}

/// The one table from a [`Dialect`] to the type that speaks it: `of_dialect!(d, T => expr, else
/// other)` runs `expr` with `T` naming that type, or `other` for a dialect this build leaves out
/// (its cargo feature off). With `of_any_dialect!`, `speaks` and `unspoken_code`, the only lists of
/// dialects here.
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
            #[cfg(feature = "a2a")]
            Dialect::A2a => {
                type $T = A2a;
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
            Dialect::A2a => {
                type $T = A2a;
                $e
            }
        }
    };
}

/// The code of a dialect: its own where this build speaks it, else [`UnspokenCode`] (connecting says
/// the build leaves it out; a recording of it is still read). The one table of dialect code: a build
/// whose app fetches each dialect's code when first connected (the split build) never calls it.
pub fn code_of(dialect: Dialect) -> &'static dyn DialectCode {
    of_dialect!(dialect, T => ops::code::<T>(), else unspoken_code(dialect))
}

/// The code of each dialect alone, for a build that holds each in a part of its own and fetches it
/// when a server of that dialect is first connected (the app's split build).
#[cfg(feature = "langgraph")]
pub fn langgraph_code() -> &'static dyn DialectCode {
    ops::code::<LangGraph>()
}
#[cfg(feature = "agent-protocol")]
pub fn agent_protocol_code() -> &'static dyn DialectCode {
    ops::code::<AgentProtocol>()
}
#[cfg(feature = "yandex")]
pub fn yandex_code() -> &'static dyn DialectCode {
    ops::code::<Yandex>()
}
#[cfg(feature = "responses")]
pub fn responses_code() -> &'static dyn DialectCode {
    ops::code::<Responses>()
}
#[cfg(feature = "a2a")]
pub fn a2a_code() -> &'static dyn DialectCode {
    ops::code::<A2a>()
}

/// The code of a dialect this build leaves out ([`code_of`]'s answer for it).
pub fn unspoken_code(dialect: Dialect) -> &'static dyn DialectCode {
    match dialect {
        Dialect::LangGraph => &UnspokenCode(Dialect::LangGraph),
        Dialect::AgentProtocol => &UnspokenCode(Dialect::AgentProtocol),
        Dialect::Yandex => &UnspokenCode(Dialect::Yandex),
        Dialect::Responses => &UnspokenCode(Dialect::Responses),
        Dialect::A2a => &UnspokenCode(Dialect::A2a),
    }
}

/// The wire decoder a dialect's streams need. A dialect this build leaves out gets SSE (what three
/// of the four send), so a recording of it still shows its events.
pub fn decoder_for(dialect: Dialect) -> Box<dyn Decoder> {
    code_of(dialect).decoder()
}

/// The stream adapter of a dialect. A dialect this build leaves out gets one that keeps every event
/// as unknown, none lost.
pub fn adapter_for(dialect: Dialect) -> Box<dyn StreamAdapter> {
    code_of(dialect).adapter()
}

/// The connect form of a dialect.
pub(crate) fn connect_form_of(dialect: Dialect) -> ConnectForm {
    of_any_dialect!(dialect, T => T::connect_form())
}

/// The server's URL for what a user typed in a dialect's connect form.
pub(crate) fn server_url_of(dialect: Dialect, typed: &str) -> String {
    of_any_dialect!(dialect, T => T::server_url(typed))
}

/// Whether a clean end of a dialect's run stream ends the run (see [`DialectSpec::CLEAN_END_ENDS_RUN`]).
pub fn clean_end_ends_run(dialect: Dialect) -> bool {
    of_any_dialect!(dialect, T => T::CLEAN_END_ENDS_RUN)
}

impl Backend {
    /// Connects to `profile`'s server: probes what it offers and lists its assistants (this build's
    /// code of its dialect, [`code_of`]).
    pub async fn connect(profile: &ServerProfile, h: &impl Http) -> Result<Connected, ApiError> {
        Self::connect_with(code_of(profile.dialect), profile, h).await
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

/// An interrupt's answer as words, where it is words: a string, or a form's one field `field`
/// holding a string (`{"output": …}`, `{"text": …}`).
fn answer_words(answer: &Value, field: &str) -> Option<String> {
    match answer {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) if m.len() == 1 => m.get(field)?.as_str().map(str::to_owned),
        _ => None,
    }
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
