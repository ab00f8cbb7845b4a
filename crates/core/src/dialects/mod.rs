//! One module per server dialect, each with the same inner shape:
//! `wire` (serde types exactly as sent), `requests` (build an [`HttpRequest`](crate::http::HttpRequest)),
//! `convert` (wire → domain), `stream` (raw event → normalized events).

pub mod a2a;
pub mod agent_protocol;
pub mod langchain;
pub mod langgraph;
pub mod responses;
pub mod store;
pub mod thread_protocol;
pub mod yandex;

use crate::decode::{Decoder, RawEvent};
use crate::domain::Dialect;
use crate::event::EventBatch;

/// Turns raw events of one stream into normalized events. Never fails: what it cannot read becomes
/// `Malformed`, what it does not know becomes `Unknown`.
pub trait StreamAdapter {
    fn adapt(&mut self, raw: RawEvent) -> EventBatch;
}

/// The wire decoder a dialect's streams need.
pub fn decoder_for(dialect: Dialect) -> Box<dyn Decoder> {
    crate::backend::decoder_for(dialect)
}

/// The stream adapter of a dialect.
pub fn adapter_for(dialect: Dialect) -> Box<dyn StreamAdapter> {
    crate::backend::adapter_for(dialect)
}
