//! The only code that does network I/O: executes core `HttpRequest`s with the browser's fetch and reads
//! streams through a `ReadableStream` reader, chunk by chunk as they arrive. [`FetchHttp`] is the
//! core backend's [`Http`] in the browser.

use agent_console_core::backend::{Http, HttpResponse};
use agent_console_core::domain::ServerProfile;
use agent_console_core::http::{error_from_response, ApiError, HttpRequest};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, ReadableStreamDefaultReader, Request, RequestInit, Response,
};

/// A completed, successful answer.
pub struct TextResponse {
    pub status: u16,
    pub headers: Headers,
    pub body: String,
}

impl TextResponse {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).ok().flatten()
    }
}

fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the request failed".to_owned())
}

fn unreachable(profile: &ServerProfile, e: &JsValue) -> ApiError {
    ApiError::Unreachable {
        url: profile.base_url.clone(),
        detail: js_message(e),
    }
}

fn build_request(
    profile: &ServerProfile,
    req: &HttpRequest,
    abort: Option<&AbortController>,
) -> Result<Request, ApiError> {
    let bad = |e: JsValue| ApiError::Unreachable {
        url: profile.base_url.clone(),
        detail: js_message(&e),
    };
    let headers = Headers::new().map_err(bad)?;
    if req.body.is_some() {
        headers
            .set("content-type", "application/json")
            .map_err(bad)?;
    }
    // A request may name another type (Yandex `Run.Listen` streams JSON lines).
    if req.streaming {
        headers.set("accept", "text/event-stream").map_err(bad)?;
    }
    for (k, v) in &req.headers {
        headers.set(k, v).map_err(bad)?;
    }
    // The profile's own headers, then its credential: both go only to the profile's own server.
    for (k, v) in &profile.extra_headers {
        headers.set(k, v).map_err(bad)?;
    }
    // The credential goes only to the profile's own server, as a header.
    if let Some((k, v)) = profile.auth.header() {
        headers.set(k, &v).map_err(bad)?;
    }
    let init = RequestInit::new();
    init.set_method(req.method.as_str());
    init.set_headers(&headers);
    if let Some(body) = &req.body {
        init.set_body(&JsValue::from_str(&body.to_string()));
    }
    if let Some(a) = abort {
        init.set_signal(Some(&a.signal()));
    }
    Request::new_with_str_and_init(&req.url(&profile.base_url), &init).map_err(bad)
}

async fn fetch(profile: &ServerProfile, request: Request) -> Result<Response, ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::Unreachable {
        url: profile.base_url.clone(),
        detail: "no window".into(),
    })?;
    let value = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|e| unreachable(profile, &e))?;
    value
        .dyn_into::<Response>()
        .map_err(|e| unreachable(profile, &e))
}

async fn text_of(profile: &ServerProfile, resp: &Response) -> Result<String, ApiError> {
    let promise = resp.text().map_err(|e| unreachable(profile, &e))?;
    let v = JsFuture::from(promise)
        .await
        .map_err(|e| ApiError::Dropped {
            detail: js_message(&e),
        })?;
    Ok(v.as_string().unwrap_or_default())
}

/// Sends a request and reads the whole body. Non-2xx answers become [`ApiError::Status`] with the
/// server's own message.
pub async fn send(profile: &ServerProfile, req: &HttpRequest) -> Result<TextResponse, ApiError> {
    send_with(profile, req, None).await
}

/// [`send`], aborted when `abort` is.
async fn send_with(
    profile: &ServerProfile,
    req: &HttpRequest,
    abort: Option<&AbortController>,
) -> Result<TextResponse, ApiError> {
    let resp = fetch(profile, build_request(profile, req, abort)?).await?;
    let status = resp.status();
    let body = text_of(profile, &resp).await?;
    if !(200..300).contains(&status) {
        return Err(error_from_response(status, &body, req.purpose));
    }
    Ok(TextResponse {
        status,
        headers: resp.headers(),
        body,
    })
}

/// The backend's HTTP in the browser: every request goes to `profile`'s server with its headers.
#[derive(Clone, Debug, PartialEq)]
pub struct FetchHttp {
    pub profile: ServerProfile,
}

impl Http for FetchHttp {
    async fn send(&self, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
        response_of(send(&self.profile, req).await?)
    }
}

impl FetchHttp {
    /// The same server, with requests aborted when the reactive owner this is called under is
    /// cleaned up (a view that loads data and is left: its requests stop).
    pub fn aborted_on_cleanup(&self) -> AbortingHttp {
        let controller = AbortController::new().ok();
        let handle = send_wrapper::SendWrapper::new(controller.clone());
        leptos::prelude::on_cleanup(move || {
            if let Some(c) = handle.take() {
                c.abort();
            }
        });
        AbortingHttp {
            profile: self.profile.clone(),
            controller,
        }
    }
}

/// [`FetchHttp`] whose requests an `AbortController` stops.
pub struct AbortingHttp {
    profile: ServerProfile,
    controller: Option<AbortController>,
}

impl Http for AbortingHttp {
    async fn send(&self, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
        response_of(send_with(&self.profile, req, self.controller.as_ref()).await?)
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

/// An open stream: headers are here, the body arrives chunk by chunk.
pub struct StreamResponse {
    pub headers: Headers,
    reader: ReadableStreamDefaultReader,
}

impl StreamResponse {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).ok().flatten()
    }

    /// The next chunk of bytes, `None` at the end of the stream.
    pub async fn next_chunk(&self) -> Result<Option<Vec<u8>>, ApiError> {
        let result = JsFuture::from(self.reader.read())
            .await
            .map_err(|e| ApiError::Dropped {
                detail: js_message(&e),
            })?;
        let done = Reflect::get(&result, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(None);
        }
        let value =
            Reflect::get(&result, &JsValue::from_str("value")).map_err(|e| ApiError::Dropped {
                detail: js_message(&e),
            })?;
        Ok(Some(
            value
                .dyn_into::<Uint8Array>()
                .map(|a| a.to_vec())
                .unwrap_or_default(),
        ))
    }

    /// Stops reading; the server sees the connection close.
    pub fn cancel(&self) {
        let _ = self.reader.cancel();
    }
}

/// Opens a streaming request. A non-2xx answer is read whole and returned as an error.
pub async fn open_stream(
    profile: &ServerProfile,
    req: &HttpRequest,
    abort: Option<&AbortController>,
) -> Result<StreamResponse, ApiError> {
    let resp = fetch(profile, build_request(profile, req, abort)?).await?;
    let status = resp.status();
    if !(200..300).contains(&status) {
        let body = text_of(profile, &resp).await.unwrap_or_default();
        return Err(error_from_response(status, &body, req.purpose));
    }
    let body = resp.body().ok_or_else(|| ApiError::Dropped {
        detail: "the answer had no body".into(),
    })?;
    let reader = body
        .get_reader()
        .dyn_into::<ReadableStreamDefaultReader>()
        .map_err(|e| ApiError::Dropped {
            detail: js_message(&e),
        })?;
    Ok(StreamResponse {
        headers: resp.headers(),
        reader,
    })
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

/// Waits `ms` milliseconds (setTimeout as a future).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
