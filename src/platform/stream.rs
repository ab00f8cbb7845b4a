//! An open stream's body, read chunk by chunk as it arrives: a `wasm-streams` stream over the fetch's
//! `ReadableStream`, each wait raced against a `gloo-timers` timer.

use super::transport::{fetch, js_message, text_of, Deadline};
use crate::config::Timeouts;
use agent_console_core::domain::ServerProfile;
use agent_console_core::http::{error_from_response, ApiError, HttpRequest};
use futures::future::{select, Either};
use futures::StreamExt;
use gloo_timers::future::TimeoutFuture;
use js_sys::Uint8Array;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_streams::readable::IntoStream;
use web_sys::AbortController;

/// An open stream: headers are here, the body arrives chunk by chunk. Dropping it cancels the body
/// (the server sees the connection close).
pub struct StreamResponse {
    pub status: u16,
    pub headers: gloo_net::http::Headers,
    /// The body as a Rust stream (`wasm-streams`): a read still waiting after
    /// [`StreamResponse::next_within`] gave up waiting stays inside it, so no chunk is lost.
    /// `None` while a read is under way, and once cancelled.
    body: RefCell<Option<IntoStream<'static>>>,
}

/// What a stream gave within a wait.
pub enum Chunk {
    Bytes(Vec<u8>),
    End,
    /// Nothing arrived in time; the stream is still open.
    Quiet,
}

impl StreamResponse {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name)
    }

    /// The headers the page may read (CORS exposes only some), as sent.
    pub fn header_list(&self) -> Vec<(String, String)> {
        self.headers.entries().collect()
    }

    /// The next chunk of bytes, `None` at the end of the stream.
    pub async fn next_chunk(&self) -> Result<Option<Vec<u8>>, ApiError> {
        match self.next_within(None).await? {
            Chunk::Bytes(b) => Ok(Some(b)),
            Chunk::End | Chunk::Quiet => Ok(None),
        }
    }

    /// The next chunk, waiting at most `ms` milliseconds for it (`None`: as long as it takes). The
    /// timer is cleared when the read wins.
    pub async fn next_within(&self, ms: Option<u32>) -> Result<Chunk, ApiError> {
        let Some(mut body) = self.body.borrow_mut().take() else {
            return Err(ApiError::Dropped {
                detail: "the stream was closed, or is read twice at once".into(),
            });
        };
        let item = match ms {
            None => Some(body.next().await),
            Some(ms) => match select(body.next(), TimeoutFuture::new(ms)).await {
                Either::Left((item, _timer)) => Some(item),
                Either::Right(((), _read)) => None,
            },
        };
        let chunk = match item {
            None => Ok(Chunk::Quiet),
            Some(None) => Ok(Chunk::End),
            Some(Some(Err(e))) => Err(ApiError::Dropped {
                detail: js_message(&e),
            }),
            Some(Some(Ok(value))) => Ok(Chunk::Bytes(
                value
                    .dyn_into::<Uint8Array>()
                    .map(|a| a.to_vec())
                    .unwrap_or_default(),
            )),
        };
        *self.body.borrow_mut() = Some(body);
        chunk
    }

    /// Stops reading; the server sees the connection close.
    pub fn cancel(&self) {
        if let Some(body) = self.body.borrow_mut().take() {
            // Cancelled through its own future: dropping the stream unread would cancel it too, but
            // hands JS a closure for good (wasm-streams forgets its rejection handler).
            wasm_bindgen_futures::spawn_local(async move {
                let _ = body.cancel().await;
            });
        }
    }
}

impl Drop for StreamResponse {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Opens a streaming request. A non-2xx answer is read whole and returned as an error. The request
/// timeout covers the wait for the answer's headers; the body may take as long as the run (the
/// follower watches it for silence).
pub async fn open_stream(
    profile: &ServerProfile,
    req: &HttpRequest,
    abort: Option<&AbortController>,
    timeouts: Timeouts,
) -> Result<StreamResponse, ApiError> {
    // The deadline covers the wait for the headers only: it is released once they are in.
    let deadline = Deadline::start(timeouts.request_ms);
    let signal = deadline.signal(abort);
    let resp = fetch(profile, req, signal.as_ref())
        .await
        .map_err(|e| deadline.explain(&profile.base_url, e))?;
    let status = resp.status();
    if !(200..300).contains(&status) {
        let body = text_of(&resp, req.purpose).await.unwrap_or_default();
        return Err(error_from_response(status, &body, req.purpose));
    }
    deadline.release();
    let body = resp.body().ok_or_else(|| ApiError::Dropped {
        detail: "the answer had no body".into(),
    })?;
    let body = wasm_streams::ReadableStream::from_raw(body)
        .try_into_stream()
        .map_err(|_| ApiError::Dropped {
            detail: "the answer's body was already being read".into(),
        })?;
    Ok(StreamResponse {
        status,
        headers: resp.headers(),
        body: RefCell::new(Some(body)),
    })
}
