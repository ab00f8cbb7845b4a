//! Plain HTTP request descriptions and API errors. Dialects build [`HttpRequest`]s; a thin transport
//! (web fetch in the browser, a native client in tests) executes them. Nothing here does I/O.

use serde_json::Value;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }
}

/// A request, independent of any HTTP library.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub method: Method,
    /// Path below the server's base URL, starting with `/`; path segments are already percent-encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    /// A JSON body.
    pub body: Option<Value>,
    /// Whether the answer is a stream to be read incrementally.
    pub streaming: bool,
    /// What the user was doing, for error messages ("loading threads").
    pub purpose: &'static str,
    /// The request only reads (a `GET`, or a search sent as `POST`): asking it again changes nothing.
    pub reads_only: bool,
}

impl HttpRequest {
    pub fn new(method: Method, path: impl Into<String>, purpose: &'static str) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            streaming: false,
            purpose,
            reads_only: method == Method::Get,
        }
    }
    /// Marks a `POST` that only reads (a search): it may be asked again.
    pub fn reading(mut self) -> Self {
        self.reads_only = true;
        self
    }
    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
    pub fn query(mut self, k: &str, v: impl Into<String>) -> Self {
        self.query.push((k.to_owned(), v.into()));
        self
    }
    pub fn header(mut self, k: &str, v: impl Into<String>) -> Self {
        self.headers.push((k.to_owned(), v.into()));
        self
    }
    pub fn streaming(mut self) -> Self {
        self.streaming = true;
        self
    }

    /// The full URL below `base` (a trailing `/` on `base` is tolerated).
    pub fn url(&self, base: &str) -> String {
        let mut url = format!("{}{}", base.trim_end_matches('/'), self.path);
        for (i, (k, v)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&percent_encode(k));
            url.push('=');
            url.push_str(&percent_encode(v));
        }
        url
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A failed API call, with what the user needs to understand it.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server could not be reached at all (closed port, DNS, CORS refusal, offline).
    Unreachable { url: String, detail: String },
    /// The server answered with an error status.
    Status {
        status: u16,
        message: String,
        purpose: &'static str,
    },
    /// The server answered 2xx but the body was not what the API promises.
    Decode {
        purpose: &'static str,
        detail: String,
        body_start: String,
    },
    /// The stream broke off before the run ended.
    Dropped { detail: String },
    /// The server answered with a redirect, which is not followed: the request carried the profile's
    /// credential or headers, and those go to the profile's own server only.
    Redirected { url: String },
    /// No answer within the client's request timeout (the request was aborted).
    TimedOut { url: String, after_ms: u32 },
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable { url, detail } => write!(
                f,
                "Could not reach the server at {url}: {detail}. Check the URL, that the server is running, and that it allows this page's origin (CORS)."
            ),
            Self::Status { status: 401 | 403, message, purpose } => {
                write!(f, "The server refused {purpose} ({message}): check your API key.")
            }
            Self::Status { status, message, purpose } => write!(f, "{purpose} failed: {message} (HTTP {status})"),
            Self::Decode { purpose, detail, body_start } if body_start.is_empty() => {
                write!(f, "{purpose}: the server's answer could not be read ({detail}).")
            }
            Self::Decode { purpose, detail, body_start } => {
                write!(f, "{purpose}: the server's answer could not be read ({detail}). It began with: {body_start}")
            }
            Self::Dropped { detail } => write!(f, "The stream broke off: {detail}"),
            Self::TimedOut { url, after_ms } => write!(
                f,
                "The server at {url} did not answer within {} s; the request was stopped. The server may be overloaded or stalled: try again.",
                after_ms.div_ceil(1000)
            ),
            Self::Redirected { url } => write!(
                f,
                "The server at {url} answered with a redirect to another address. agent-console does not follow it: this profile's API key and headers go to this server only. Connect to the address the server redirects to."
            ),
        }
    }
}

impl std::error::Error for ApiError {}

/// Builds the error for a non-2xx answer from its body, whatever the dialect's error shape:
/// LangGraph `{"detail"}`, Agent Protocol `{"code","message"}`, Yandex `google.rpc.Status` `{"code","message"}`,
/// or an HTML page from a proxy.
pub fn error_from_response(status: u16, body: &str, purpose: &'static str) -> ApiError {
    let message = match serde_json::from_str::<Value>(body) {
        Ok(v) => v
            .get("detail")
            .or_else(|| v.get("message"))
            .or_else(|| v.pointer("/error/message"))
            .map(|m| match m {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_else(|| truncate(body, 200)),
        Err(_) if looks_like_html(body) => {
            "the server answered with an HTML page instead of JSON — is this the API's base URL?"
                .to_owned()
        }
        Err(_) if body.trim().is_empty() => status_text(status).to_owned(),
        Err(_) => truncate(body, 200),
    };
    ApiError::Status {
        status,
        message,
        purpose,
    }
}

/// Parses a 2xx JSON body, turning failure into a readable [`ApiError::Decode`].
pub fn parse_json<T: serde::de::DeserializeOwned>(
    body: &str,
    purpose: &'static str,
) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| {
        // A page's markup says nothing to a reader: its title does.
        if looks_like_html(body) {
            let title = html_title(body).map(|t| format!(" (\u{201c}{t}\u{201d})")).unwrap_or_default();
            return ApiError::Decode {
                purpose,
                detail: format!(
                    "an HTML page{title} instead of JSON — is this the API's base URL, or a proxy's error page?"
                ),
                body_start: String::new(),
            };
        }
        ApiError::Decode {
            purpose,
            detail: e.to_string(),
            body_start: truncate(body, 120),
        }
    })
}

/// A 2xx answer that parsed but is not what the API promises (`detail` says what is missing).
pub fn not_as_promised(purpose: &'static str, detail: &str, body: &str) -> ApiError {
    ApiError::Decode {
        purpose,
        detail: detail.to_owned(),
        body_start: truncate(body, 120),
    }
}

/// The text of an HTML page's `<title>`, if it has one.
pub fn html_title(body: &str) -> Option<String> {
    let lower = body.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    let t = body.get(open_end..close)?.trim();
    (!t.is_empty()).then(|| truncate(t, 80))
}

pub fn looks_like_html(body: &str) -> bool {
    let t = body
        .trim_start()
        .get(..15)
        .unwrap_or(body.trim_start())
        .to_ascii_lowercase();
    t.starts_with("<!doctype")
        || t.starts_with("<html")
        || t.starts_with("<head")
        || t.starts_with("<body")
}

fn status_text(status: u16) -> &'static str {
    match status {
        400 => "bad request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not found",
        409 => "conflict",
        422 => "unprocessable request",
        429 => "too many requests",
        500..=599 => "server error",
        _ => "error",
    }
}

pub fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn langgraph_detail_is_the_message() {
        let e = error_from_response(
            404,
            r#"{"detail":"Thread with ID x not found"}"#,
            "opening the thread",
        );
        assert_eq!(
            e.to_string(),
            "opening the thread failed: Thread with ID x not found (HTTP 404)"
        );
    }

    #[test]
    fn yandex_status_message_and_401_hint() {
        let e = error_from_response(
            401,
            r#"{"code":16,"message":"Token is invalid or has expired.","details":[]}"#,
            "listing runs",
        );
        assert!(e.to_string().contains("check your API key"));
        assert!(e.to_string().contains("Token is invalid"));
    }

    #[test]
    fn html_error_page_is_named() {
        let e = error_from_response(
            502,
            "<!DOCTYPE html><html><body>Bad gateway</body></html>",
            "loading threads",
        );
        assert!(e.to_string().contains("HTML page"));
    }

    #[test]
    fn a_refused_redirect_says_why_and_what_to_do() {
        let e = ApiError::Redirected {
            url: "https://a.example".into(),
        };
        let said = e.to_string();
        assert!(
            said.contains("https://a.example") && said.contains("redirect"),
            "{said}"
        );
        assert!(
            said.contains("API key") && said.contains("Connect to the address"),
            "{said}"
        );
    }

    #[test]
    fn url_encodes_query() {
        let r = HttpRequest::new(Method::Get, "/x", "t").query("a b", "c&d");
        assert_eq!(r.url("http://h/"), "http://h/x?a%20b=c%26d");
    }

    #[test]
    fn an_html_page_is_named_by_its_title_not_dumped() {
        let page = "<!doctype html><html><head><title> 502 Bad Gateway </title></head><body><script>x</script></body></html>";
        assert_eq!(html_title(page).as_deref(), Some("502 Bad Gateway"));
        let e = parse_json::<Value>(page, "reading the thread list").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("\u{201c}502 Bad Gateway\u{201d}"), "{msg}");
        assert!(!msg.contains('<'), "{msg}");
        assert_eq!(html_title("<html><body>no title</body></html>"), None);
        let shape = not_as_promised("reading the thread", "it names no thread_id", "{}");
        assert!(shape.to_string().contains("it names no thread_id"));
    }
}
