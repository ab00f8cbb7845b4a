//! The only code that does network I/O: executes core `HttpRequest`s with the browser's fetch and reads
//! streams through a `ReadableStream` reader, chunk by chunk as they arrive. [`FetchHttp`] is the
//! core backend's [`Http`] in the browser.

use crate::config::Timeouts;
use agent_console_core::backend::{Http, HttpResponse};
use agent_console_core::domain::ServerProfile;
use agent_console_core::http::{error_from_response, ApiError, HttpRequest};
use gloo_net::http::{Method, RequestBuilder, Response};
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, AbortSignal, Headers, RequestRedirect, ResponseType};

pub use super::stream::{open_stream, Chunk, StreamResponse};

/// A request's own deadline: aborts it when the time is up. Dropped before [`Deadline::release`] (the
/// request's future dropped with its task), it aborts the request too: a task that stops leaves no
/// fetch open. Its signal also follows the caller's abort, if there is one.
pub(super) struct Deadline {
    own: Option<AbortController>,
    /// Cleared when dropped (`gloo-timers`).
    timer: Option<Timeout>,
    fired: Rc<Cell<bool>>,
    ms: u32,
}

impl Deadline {
    pub(super) fn start(ms: u32) -> Deadline {
        let own = AbortController::new().ok();
        let fired = Rc::new(Cell::new(false));
        let timer = match &own {
            Some(c) if ms > 0 => {
                let (c, f) = (c.clone(), fired.clone());
                Some(Timeout::new(ms.min(i32::MAX as u32), move || {
                    f.set(true);
                    c.abort();
                }))
            }
            _ => None,
        };
        Deadline {
            own,
            timer,
            fired,
            ms,
        }
    }

    /// The signal a fetch gets: this deadline's, and the caller's abort too.
    pub(super) fn signal(&self, caller: Option<&AbortController>) -> Option<AbortSignal> {
        let own = self.own.as_ref().map(AbortController::signal);
        match (own, caller.map(AbortController::signal)) {
            (Some(a), Some(b)) => Some(AbortSignal::any(&js_sys::Array::of2(&a, &b))),
            (a, b) => a.or(b),
        }
    }

    /// The error to give when the request failed: a timeout, if the deadline is what stopped it.
    pub(super) fn explain(&self, url: &str, e: ApiError) -> ApiError {
        if self.fired.get() {
            ApiError::TimedOut {
                url: url.to_owned(),
                after_ms: self.ms,
            }
        } else {
            e
        }
    }

    /// The request is answered and what follows (a stream's body) lives on its own: no deadline, and
    /// dropping this no longer aborts it.
    pub(super) fn release(mut self) {
        self.timer.take();
        self.own.take();
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        // Aborting a request that has finished does nothing; one still going stops.
        if let Some(c) = self.own.take() {
            c.abort();
        }
    }
}

/// A completed, successful answer.
pub struct TextResponse {
    pub status: u16,
    pub headers: gloo_net::http::Headers,
    pub body: String,
}

impl TextResponse {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name)
    }
}

pub(super) fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the request failed".to_owned())
}

/// The request as gloo-net sends it: the dialect's headers, then the profile's own, then its
/// credential — all as headers, to the profile's own server only.
fn build_request(
    profile: &ServerProfile,
    req: &HttpRequest,
    signal: Option<&AbortSignal>,
) -> Result<gloo_net::http::Request, ApiError> {
    let bad = |detail: String| ApiError::Unreachable {
        url: profile.base_url.clone(),
        detail,
    };
    // Built with the fallible setter: a header the browser refuses is an error, not a throw.
    let headers = Headers::new().map_err(|e| bad(js_message(&e)))?;
    let set = |k: &str, v: &str| headers.set(k, v).map_err(|e| bad(js_message(&e)));
    if req.body.is_some() {
        set("content-type", "application/json")?;
    }
    // A request may name another type (Yandex `Run.Listen` streams JSON lines).
    if req.streaming {
        set("accept", "text/event-stream")?;
    }
    for (k, v) in &req.headers {
        set(k, v)?;
    }
    for (k, v) in &profile.extra_headers {
        set(k, v)?;
    }
    if let Some((k, v)) = profile.auth.header() {
        set(k, &v)?;
    }
    let method = match req.method {
        agent_console_core::http::Method::Get => Method::GET,
        agent_console_core::http::Method::Post => Method::POST,
        agent_console_core::http::Method::Patch => Method::PATCH,
        agent_console_core::http::Method::Put => Method::PUT,
        agent_console_core::http::Method::Delete => Method::DELETE,
    };
    // A profile's credential and headers go to its own server only: fetch would carry custom headers
    // across a redirect to another origin, so such a request does not follow redirects at all
    // (`manual`: the answer is an opaque redirect, refused in `fetch`).
    let carries_secrets = profile.auth.header().is_some() || !profile.extra_headers.is_empty();
    let redirect = if carries_secrets {
        RequestRedirect::Manual
    } else {
        RequestRedirect::Follow
    };
    // The query goes through gloo's own parameters (it appends them to the URL's).
    let path = format!("{}{}", profile.base_url.trim_end_matches('/'), req.path);
    let query = req.query.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let builder = RequestBuilder::new(&path)
        .query(query)
        .method(method)
        .headers(gloo_net::http::Headers::from_raw(headers))
        .abort_signal(signal)
        .redirect(redirect)
        // The app's own address (which thread is open) is no server's business.
        .referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    match &req.body {
        Some(body) => builder.body(body.to_string()),
        None => builder.build(),
    }
    .map_err(|e| bad(e.to_string()))
}

pub(super) async fn fetch(
    profile: &ServerProfile,
    req: &HttpRequest,
    signal: Option<&AbortSignal>,
) -> Result<Response, ApiError> {
    let resp = build_request(profile, req, signal)?
        .send()
        .await
        .map_err(|e| ApiError::Unreachable {
            url: profile.base_url.clone(),
            detail: e.to_string(),
        })?;
    if resp.type_() == ResponseType::Opaqueredirect {
        return Err(ApiError::Redirected {
            url: profile.base_url.clone(),
        });
    }
    Ok(resp)
}

/// The body as text, decoded the way `Response.text()` does (UTF-8, a leading BOM dropped, bytes that
/// are not UTF-8 replaced by U+FFFD) but from its bytes: copying the bytes into wasm is a copy, where
/// a JS string must be transcoded from UTF-16 (a 2 MB thread state: ~20 ms of the task that opens it).
///
/// Bounded: an answer over [`MAX_BODY_BYTES`] is not read on (said as such: what it was for, and
/// the limit), whether its `Content-Length` says so or its bytes keep coming.
pub(super) async fn text_of(resp: &Response, purpose: &'static str) -> Result<String, ApiError> {
    let too_large = || ApiError::Decode {
        purpose,
        detail: format!(
            "it is over {} MB, more than this client reads",
            MAX_BODY_BYTES >> 20
        ),
        body_start: String::new(),
    };
    let declared = resp
        .headers()
        .get("content-length")
        .and_then(|l| l.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let Some(body) = resp.body() else {
        return Ok(String::new());
    };
    let dropped = |e: JsValue| ApiError::Dropped {
        detail: js_message(&e),
    };
    let mut stream = wasm_streams::ReadableStream::from_raw(body)
        .try_into_stream()
        .map_err(|_| ApiError::Dropped {
            detail: "the answer's body was already being read".into(),
        })?;
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0).min(MAX_BODY_BYTES as u64) as usize);
    while let Some(chunk) = futures::StreamExt::next(&mut stream).await {
        let chunk: js_sys::Uint8Array = chunk.map_err(dropped)?.unchecked_into();
        if bytes.len() + chunk.length() as usize > MAX_BODY_BYTES {
            // Dropping the stream cancels the rest of the body.
            return Err(too_large());
        }
        let at = bytes.len();
        bytes.resize(at + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[at..]);
    }
    Ok(utf8_text(bytes))
}

/// The most a JSON answer may hold: a thread's state of tens of thousands of messages is a few MB.
pub const MAX_BODY_BYTES: usize = 64 << 20;

fn utf8_text(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Sends a request and reads the whole body. Non-2xx answers become [`ApiError::Status`] with the
/// server's own message.
pub async fn send(profile: &ServerProfile, req: &HttpRequest) -> Result<TextResponse, ApiError> {
    send_timed(profile, req, Timeouts::default()).await
}

/// [`send`] within an app's own `timeouts`.
pub async fn send_timed(
    profile: &ServerProfile,
    req: &HttpRequest,
    timeouts: Timeouts,
) -> Result<TextResponse, ApiError> {
    send_with(profile, req, None, timeouts).await
}

/// [`send`], aborted when `abort` is or when the page's request timeout is up. A request that only
/// reads (a `GET`, a search) and got no answer at all (a network error: a browser may fail a request on
/// a kept-alive connection the server or a proxy has just broken) is asked once more; others are not,
/// as the server may have acted on them.
async fn send_with(
    profile: &ServerProfile,
    req: &HttpRequest,
    abort: Option<&AbortController>,
    timeouts: Timeouts,
) -> Result<TextResponse, ApiError> {
    match send_once(profile, req, abort, timeouts).await {
        Err(ApiError::Unreachable { .. }) if req.reads_only && !aborted(abort) => {
            sleep_ms(250).await;
            send_once(profile, req, abort, timeouts).await
        }
        other => other,
    }
}

fn aborted(abort: Option<&AbortController>) -> bool {
    abort.is_some_and(|a| a.signal().aborted())
}

async fn send_once(
    profile: &ServerProfile,
    req: &HttpRequest,
    abort: Option<&AbortController>,
    timeouts: Timeouts,
) -> Result<TextResponse, ApiError> {
    let deadline = Deadline::start(timeouts.request_ms);
    let signal = deadline.signal(abort);
    let answer = async {
        let resp = fetch(profile, req, signal.as_ref()).await?;
        let body = text_of(&resp, req.purpose).await?;
        Ok::<_, ApiError>((resp, body))
    };
    let (resp, body) = answer
        .await
        .map_err(|e| deadline.explain(&profile.base_url, e))?;
    let status = resp.status();
    if !(200..300).contains(&status) {
        return Err(error_from_response(status, &body, req.purpose));
    }
    Ok(TextResponse {
        status,
        headers: resp.headers(),
        body,
    })
}

/// The backend's HTTP in the browser: every request goes to `profile`'s server with its headers; with
/// `abort`, a view's requests stop when the view goes (see [`FetchHttp::aborted_on_cleanup`]). One type
/// for both, so the backend's operations are compiled once.
#[derive(Clone)]
pub struct FetchHttp {
    pub profile: ServerProfile,
    /// How long its requests may take (the app's, or the widget's, own setting).
    pub timeouts: Timeouts,
    abort: Option<send_wrapper::SendWrapper<AbortController>>,
}

impl std::fmt::Debug for FetchHttp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FetchHttp")
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

impl FetchHttp {
    pub fn new(profile: ServerProfile) -> Self {
        Self::with_timeouts(profile, Timeouts::default())
    }

    /// Requests to `profile`'s server within `timeouts`.
    pub fn with_timeouts(profile: ServerProfile, timeouts: Timeouts) -> Self {
        Self {
            profile,
            timeouts,
            abort: None,
        }
    }

    /// The same server, with requests aborted when the reactive owner this is called under is
    /// cleaned up (a view that loads data and is left: its requests stop).
    pub fn aborted_on_cleanup(&self) -> FetchHttp {
        let controller = AbortController::new().ok();
        if let Some(c) = controller.clone() {
            let handle = send_wrapper::SendWrapper::new(c);
            leptos::prelude::on_cleanup(move || handle.abort());
        }
        FetchHttp {
            profile: self.profile.clone(),
            timeouts: self.timeouts,
            abort: controller.map(send_wrapper::SendWrapper::new),
        }
    }
}

impl Http for FetchHttp {
    async fn send(&self, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
        let abort = self.abort.as_deref();
        response_of(send_with(&self.profile, req, abort, self.timeouts).await?)
    }

    /// A task of its own for what comes next: the browser paints and answers input between.
    async fn pause(&self) {
        super::next_task().await;
    }
}

fn response_of(r: TextResponse) -> Result<HttpResponse, ApiError> {
    {
        let mut headers = Vec::new();
        // Only the headers a backend reads: iterating a `Headers` needs more bindings than it is worth.
        for name in ["x-pagination-next", "content-location", "content-type"] {
            if let Some(v) = r.header(name) {
                headers.push((name.to_owned(), v));
            }
        }
        Ok(HttpResponse {
            status: r.status,
            headers,
            body: r.body,
        })
    }
}

/// A random UUID v4 from the browser's crypto, for client-side message ids.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Waits `ms` milliseconds (a `gloo-timers` future: dropped with its task, the timer is cleared).
pub async fn sleep_ms(ms: i32) {
    TimeoutFuture::new(ms.max(0) as u32).await;
}
