//! Incremental decoders: bytes in arbitrary chunks → [`RawEvent`]s. Both are chunk-boundary invariant:
//! any split of the same bytes yields the same events.

pub mod ndjson;
pub mod sse;

pub use ndjson::NdjsonDecoder;
pub use sse::SseDecoder;

/// One event as it came off the wire, before any dialect looks at it.
///
/// For SSE this is a dispatched event; for NDJSON `event` is empty and `data` holds one JSON value's text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RawEvent {
    /// The stream's last event id at dispatch time (SSE `id:`), if any was set.
    pub id: Option<String>,
    /// The event type (SSE `event:`, `message` by default); empty for NDJSON.
    pub event: String,
    /// The event's data: SSE `data:` lines joined with `\n`, or one JSON text.
    pub data: String,
}

/// A decoder of a byte stream into raw events. Both wire formats implement it, so a transport can drive
/// either without knowing which.
pub trait Decoder {
    /// Feeds one chunk; complete events are pushed onto `out`.
    fn feed(&mut self, chunk: &[u8], out: &mut Vec<RawEvent>);
    /// Ends the stream. Returns a description of bytes that were left incomplete (and so discarded), if any.
    fn finish(&mut self) -> Option<String>;
    /// What the decoder had to drop since the last call (an event over [`MAX_EVENT_BYTES`], a line
    /// that is not JSON), in the user's words.
    fn take_problems(&mut self) -> Vec<String> {
        Vec::new()
    }
}

/// The most one event (an SSE event, one JSON value) may hold: past it the event is dropped and said,
/// so a server that never ends an event cannot fill the memory. The fault switch's big events are 5 MB.
pub const MAX_EVENT_BYTES: usize = 32 * 1024 * 1024;
