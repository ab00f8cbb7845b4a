//! A recording opened again: its stream decoded by the same decoder and adapter as a live run, each
//! event with the time it arrived, for a player that applies them to a view one by one, at the
//! recorded pace, ten times faster, or all at once.

use crate::decode::RawEvent;
use crate::domain::Dialect;
use crate::event::EventBatch;
use crate::exchange;
use crate::recording::{timed_chunks, DIALECT_HEADER};
use crate::reducer::ThreadView;
use crate::StreamPipeline;

/// One event of a recording, with its arrival (ms since the run was asked for).
#[derive(Debug, Clone)]
pub struct Played {
    pub at_ms: f64,
    pub raw: RawEvent,
    pub batch: EventBatch,
}

#[derive(Debug, Clone)]
pub struct Player {
    pub dialect: Dialect,
    /// The request line that started the run, as recorded.
    pub request: Option<String>,
    pub events: Vec<Played>,
    /// What the file did not say and was assumed, or what it left incomplete.
    pub notes: Vec<String>,
}

/// The largest recording file opened: recordings keep at most [`crate::recording::DEFAULT_LIMIT_BYTES`]
/// of streams each, and a file is read whole into memory to be played.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// What is wrong with opening a file of `size` bytes, in words for the user.
pub fn file_too_large(name: &str, size: u64) -> Option<String> {
    (size > MAX_FILE_BYTES).then(|| {
        format!(
            "{name} is {} MB: recordings over {} MB are not opened (a recording of this client holds at most {} MB of streams).",
            size.div_ceil(1 << 20),
            MAX_FILE_BYTES >> 20,
            crate::recording::DEFAULT_LIMIT_BYTES >> 20
        )
    })
}

/// The dialect a recording is read in: its own (`true`: the file says it), else `fallback`, else
/// LangGraph's.
fn recorded_dialect(
    ex: &exchange::Exchange,
    fallback: Option<Dialect>,
) -> Result<(Dialect, bool), String> {
    match ex.header(DIALECT_HEADER) {
        Some(d) => Dialect::parse(d)
            .map(|d| (d, true))
            .ok_or_else(|| format!("Unknown dialect “{d}”.")),
        None => Ok((fallback.unwrap_or(Dialect::LangGraph), false)),
    }
}

impl Player {
    /// Reads a recording (the exchange form the recorder writes, or any recorded stream); the
    /// dialect is the recording's own, else `fallback` (the connected server's), else LangGraph's —
    /// said in `notes`.
    pub fn open(bytes: &[u8], fallback: Option<Dialect>) -> Result<Self, String> {
        Self::open_with(bytes, fallback, crate::backend::code_of)
    }

    /// The dialect [`Player::open`] reads a recording in (its own, else `fallback`, else LangGraph's).
    pub fn dialect_of(bytes: &[u8], fallback: Option<Dialect>) -> Result<Dialect, String> {
        recorded_dialect(&exchange::parse(bytes), fallback).map(|(d, _)| d)
    }

    /// [`Player::open`] with the code of the recording's dialect from `code` (an app that fetches a
    /// dialect's code first: [`Player::dialect_of`]).
    pub fn open_with(
        bytes: &[u8],
        fallback: Option<Dialect>,
        code: impl FnOnce(Dialect) -> &'static dyn crate::backend::DialectCode,
    ) -> Result<Self, String> {
        let ex = exchange::parse(bytes);
        let (dialect, said) = recorded_dialect(&ex, fallback)?;
        let mut notes = Vec::new();
        if !said {
            notes.push(format!(
                "The file does not say its dialect: read as {}.",
                dialect.as_str()
            ));
        }
        if let Some(s) = ex.status.filter(|s| !(200..300).contains(s)) {
            notes.push(format!("The recorded response had HTTP status {s}."));
        }
        if ex.header(crate::recording::CHUNKS_HEADER).is_none() {
            notes.push("The file has no arrival times: every event is at 0 ms.".into());
        }
        let mut p = StreamPipeline::of(code(dialect));
        let mut events = Vec::new();
        for (i, chunks) in timed_chunks(&ex).into_iter().enumerate() {
            if i > 0 {
                p.reconnected();
            }
            for (at_ms, bytes) in chunks {
                events.extend(p.feed(&bytes).into_iter().map(|(raw, batch)| Played {
                    at_ms,
                    raw,
                    batch,
                }));
            }
        }
        if let Some(rest) = p.finish() {
            notes.push(rest);
        }
        if events.is_empty() {
            return Err(
                "No events in this file: it is not a recorded stream of this dialect.".into(),
            );
        }
        Ok(Self {
            dialect,
            request: ex.request_line,
            events,
            notes,
        })
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// How long after event `i - 1` event `i` arrived (0 for the first).
    pub fn gap_ms(&self, i: usize) -> f64 {
        match (
            i.checked_sub(1).and_then(|p| self.events.get(p)),
            self.events.get(i),
        ) {
            (Some(a), Some(b)) => (b.at_ms - a.at_ms).max(0.0),
            _ => 0.0,
        }
    }

    /// The view after the first `n` events, reduced as a live run is (for tests and the CLI).
    pub fn view_after(&self, n: usize) -> ThreadView {
        let mut v = ThreadView::new();
        for e in self.events.iter().take(n) {
            v.apply(&e.batch);
        }
        if n >= self.events.len() && crate::backend::clean_end_ends_run(self.dialect) {
            v.finish_stream();
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_in_words() {
        assert_eq!(file_too_large("a.http", MAX_FILE_BYTES), None);
        let said = file_too_large("big.http", MAX_FILE_BYTES + 1).unwrap();
        assert!(
            said.starts_with("big.http is 65 MB: recordings over 64 MB are not opened"),
            "{said}"
        );
    }
    use crate::http::{HttpRequest, Method};
    use crate::recording::Recording;

    fn recorded() -> Vec<u8> {
        let req = HttpRequest::new(Method::Post, "/threads/t/runs/stream", "run");
        let mut r = Recording::new("t", "langgraph", &req, &[]);
        r.open(
            &req,
            Some(200),
            &[("content-type".into(), "text/event-stream".into())],
        );
        r.chunk(
            5.0,
            b"event: metadata\ndata: {\"run_id\":\"r1\"}\n\nevent: messages\n",
        );
        r.chunk(
            40.0,
            b"data: [{\"type\":\"AIMessageChunk\",\"id\":\"m\",\"content\":\"Hello \"},{}]\n\n",
        );
        r.chunk(
            90.0,
            b"event: messages\ndata: [{\"type\":\"AIMessageChunk\",\"id\":\"m\",\"content\":\"world\"},{}]\n\nevent: end\ndata: null\n\n",
        );
        r.to_exchange()
    }

    #[test]
    fn a_recording_plays_back_event_by_event_at_its_times() {
        let p = Player::open(&recorded(), Some(Dialect::Yandex)).unwrap();
        assert_eq!(p.dialect, Dialect::LangGraph, "the recording's own dialect");
        assert!(p.notes.is_empty(), "{:?}", p.notes);
        assert_eq!(p.len(), 4);
        let at: Vec<f64> = p.events.iter().map(|e| e.at_ms).collect();
        assert_eq!(
            at,
            [5.0, 40.0, 90.0, 90.0],
            "an event arrives with the chunk that ends it"
        );
        assert_eq!((p.gap_ms(0), p.gap_ms(1), p.gap_ms(3)), (0.0, 35.0, 0.0));
        let text = |v: &ThreadView| {
            v.messages
                .last()
                .map(|m| m.plain_text())
                .unwrap_or_default()
        };
        assert_eq!(text(&p.view_after(2)), "Hello ");
        let end = p.view_after(p.len());
        assert_eq!(text(&end), "Hello world");
        assert_eq!(end.status, Some(crate::domain::RunStatus::Success));
    }

    #[test]
    fn a_file_without_a_dialect_or_times_is_read_and_said_so_and_junk_is_refused() {
        let p = Player::open(b"event: end\ndata: null\n\n", None).unwrap();
        assert_eq!(p.notes.len(), 2, "{:?}", p.notes);
        assert!(p.notes[0].contains("read as langgraph"));
        let err = Player::open(b"hello, world", None).unwrap_err();
        assert!(err.starts_with("No events"), "{err}");
        let bad = Player::open(
            b"POST /x\nx-agent-console-dialect: soap\n\nevent: end\n\n",
            None,
        );
        assert_eq!(bad.unwrap_err(), "Unknown dialect “soap”.");
    }
}
