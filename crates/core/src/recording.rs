//! The flight recorder: a run's stream kept as it arrived — the request that started it, each
//! connection's status and headers, and the bytes with their arrival times — and written as the
//! exchange form `stream-replay` reads (`crate::exchange`). Credentials are never kept: a header that
//! can carry one is written `<redacted>`, whatever its value.

use crate::http::HttpRequest;
use std::collections::VecDeque;

/// What stands for a credential's value.
pub const REDACTED: &str = "<redacted>";

/// Whether a header can carry a credential (its value is then never recorded).
pub fn is_secret_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || ["key", "token", "secret", "auth", "password", "session"]
        .iter()
        .any(|w| n.contains(w))
}

/// Whether a request body's field can carry a credential (its value is then never recorded):
/// `api_key`, `apikey`, `token`, `password`, `authorization`, `secret`, and any `…_key`, `…-key`,
/// `…_token`, `…_secret`, `…_password` (a model provider's key put in `configurable`).
pub fn is_secret_field(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "api_key" | "apikey" | "token" | "password" | "authorization" | "secret"
    ) || ["_key", "-key", "_token", "-token", "_secret", "_password"]
        .iter()
        .any(|end| n.ends_with(end))
}

/// A request body as recorded: every value under a secret-looking field ([`is_secret_field`]), and
/// every string holding one of `secrets` (the profile's own header values), is `<redacted>`. Walked
/// with a stack, not recursion: the body may hold what a user typed, nested as deep as they like.
pub fn redacted_body(body: &serde_json::Value, secrets: &[String]) -> serde_json::Value {
    use serde_json::Value;
    let mut out = body.clone();
    let secrets: Vec<&str> = secrets
        .iter()
        .map(String::as_str)
        .filter(|s| s.len() >= 4)
        .collect();
    let mut stack: Vec<&mut Value> = vec![&mut out];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, child) in map.iter_mut() {
                    if is_secret_field(k) && !child.is_null() {
                        *child = Value::String(REDACTED.to_owned());
                    } else {
                        stack.push(child);
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::String(s) if secrets.iter().any(|secret| s.contains(secret)) => {
                *s = REDACTED.to_owned();
            }
            _ => {}
        }
    }
    out
}

/// One connection of a run's stream: the first, or a rejoin.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Connection {
    /// `POST /threads/…/runs/stream`, `GET …/stream` for a rejoin.
    pub request_line: String,
    pub status: Option<u16>,
    /// Response headers, secrets redacted.
    pub headers: Vec<(String, String)>,
    /// The bytes, each chunk with its arrival (ms since the recording began).
    pub chunks: Vec<(f64, Vec<u8>)>,
}

impl Connection {
    fn bytes(&self) -> usize {
        self.chunks.iter().map(|(_, b)| b.len()).sum()
    }
}

/// One run as it arrived.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recording {
    /// What the app calls the run (its id once known, else the thread).
    pub label: String,
    /// The dialect, for `stream-replay --dialect`.
    pub dialect: String,
    /// The thread it ran on, as first named (the label, until the run's id is known).
    pub thread_id: String,
    /// Its number in the session's recorder (1 for the first), set by [`Recorder::start`].
    pub seq: u64,
    /// The request that started the run: its body as sent; its headers, secrets redacted.
    pub request_body: Option<String>,
    pub request_headers: Vec<(String, String)>,
    pub connections: Vec<Connection>,
}

impl Recording {
    /// A recording of the run `first` started; its body is kept with secrets redacted
    /// ([`redacted_body`]; `secrets`: the profile's header values).
    pub fn new(
        label: impl Into<String>,
        dialect: impl Into<String>,
        first: &HttpRequest,
        secrets: &[String],
    ) -> Self {
        let label = label.into();
        Self {
            thread_id: label.clone(),
            seq: 0,
            label,
            dialect: dialect.into(),
            request_body: first
                .body
                .as_ref()
                .map(|b| redacted_body(b, secrets).to_string()),
            request_headers: redacted(&first.headers),
            connections: Vec::new(),
        }
    }

    /// A connection opened (the first, or a rejoin) with `req`.
    pub fn open(&mut self, req: &HttpRequest, status: Option<u16>, headers: &[(String, String)]) {
        self.connections.push(Connection {
            request_line: format!("{} {}", req.method.as_str(), req.url("")),
            status,
            headers: redacted(headers),
            chunks: Vec::new(),
        });
    }

    /// Bytes of the open connection, arrived at `at_ms`.
    pub fn chunk(&mut self, at_ms: f64, bytes: &[u8]) {
        if let Some(c) = self.connections.last_mut() {
            c.chunks.push((at_ms, bytes.to_vec()));
        }
    }

    pub fn bytes(&self) -> usize {
        self.connections.iter().map(Connection::bytes).sum()
    }

    /// The stream's body as one: each connection's bytes, a connection cut part-way (a rejoin followed
    /// it) only up to its last whole event — the rejoin sends the rest again.
    pub fn body(&self) -> Vec<u8> {
        self.timed()
            .into_iter()
            .flatten()
            .flat_map(|(_, b)| b)
            .collect()
    }

    /// The body's chunks with their arrival times (ms since the recording began), per connection; a
    /// connection cut part-way keeps its bytes up to its last whole event.
    pub fn timed(&self) -> Vec<Vec<(f64, Vec<u8>)>> {
        let last = self.connections.len().saturating_sub(1);
        self.connections
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == last {
                    return c.chunks.clone();
                }
                let sse = c.headers.iter().any(|(k, v)| {
                    k.eq_ignore_ascii_case("content-type") && v.contains("event-stream")
                });
                let all: Vec<u8> = c
                    .chunks
                    .iter()
                    .flat_map(|(_, b)| b.iter().copied())
                    .collect();
                let mut keep = whole_events(&all, sse);
                let mut out = Vec::new();
                for (at, b) in &c.chunks {
                    if keep == 0 {
                        break;
                    }
                    let n = b.len().min(keep);
                    out.push((*at, b[..n].to_vec()));
                    keep -= n;
                }
                out
            })
            .collect()
    }

    /// The exchange form `stream-replay` reads: the first request line, `request-body:`, `status:`,
    /// the request's and the first response's headers (secrets redacted), a blank line, the body.
    pub fn to_exchange(&self) -> Vec<u8> {
        let first = self.connections.first();
        let mut head = String::new();
        head.push_str(first.map_or("POST /", |c| c.request_line.as_str()));
        head.push('\n');
        if let Some(b) = &self.request_body {
            // One line: a body's own newlines would end the head.
            head.push_str(&format!("request-body: {}\n", b.replace(['\r', '\n'], " ")));
        }
        for (k, v) in &self.request_headers {
            head.push_str(&format!("request-{k}: {v}\n"));
        }
        if let Some(s) = first.and_then(|c| c.status) {
            head.push_str(&format!("status: {s}\n"));
        }
        for (k, v) in first.map(|c| c.headers.as_slice()).unwrap_or_default() {
            head.push_str(&format!("{k}: {v}\n"));
        }
        if self.connections.len() > 1 {
            head.push_str(&format!(
                "x-agent-console-connections: {}\n",
                self.connections.len()
            ));
        }
        let timed = self.timed();
        head.push_str(&format!("{DIALECT_HEADER}: {}\n", self.dialect));
        head.push_str(&format!("{CHUNKS_HEADER}: {}\n", chunk_times(&timed)));
        head.push('\n');
        let mut out = head.into_bytes();
        out.extend(timed.into_iter().flatten().flat_map(|(_, b)| b));
        out
    }

    /// A file name for the download.
    pub fn file_name(&self) -> String {
        let safe: String = self
            .label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .take(60)
            .collect();
        format!("agent-console-{}-{safe}.http", self.dialect)
    }
}

/// The head line that names the recording's dialect (what the player decodes it as).
pub const DIALECT_HEADER: &str = "x-agent-console-dialect";

/// The head line that keeps when each chunk of the body arrived (for `stream-replay --timeline`).
pub const CHUNKS_HEADER: &str = "x-agent-console-chunks";

/// `ms:len` per chunk, `|` between connections: `0.0:120 15.5:80 | 900.0:200`.
fn chunk_times(timed: &[Vec<(f64, Vec<u8>)>]) -> String {
    timed
        .iter()
        .map(|c| {
            c.iter()
                .map(|(at, b)| format!("{at:.1}:{}", b.len()))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// An exchange's body cut back into its timed chunks per connection, from [`CHUNKS_HEADER`]; without
/// it (or where it does not add up to the body) the body is one chunk at 0 ms.
pub fn timed_chunks(ex: &crate::exchange::Exchange) -> Vec<Vec<(f64, Vec<u8>)>> {
    let untimed = || vec![vec![(0.0, ex.body.clone())]];
    let Some(spec) = ex.header(CHUNKS_HEADER) else {
        return untimed();
    };
    let mut at = 0usize;
    let mut out = Vec::new();
    for conn in spec.split('|') {
        let mut chunks = Vec::new();
        for item in conn.split_whitespace() {
            let Some((ms, len)) = item.split_once(':') else {
                return untimed();
            };
            let (Ok(ms), Ok(len)) = (ms.parse::<f64>(), len.parse::<usize>()) else {
                return untimed();
            };
            let Some(bytes) = ex.body.get(at..at + len) else {
                return untimed();
            };
            chunks.push((ms, bytes.to_vec()));
            at += len;
        }
        out.push(chunks);
    }
    if at == ex.body.len() {
        out
    } else {
        untimed()
    }
}

/// Where the whole events of `bytes` end: after the last blank line of an SSE stream, after the last
/// line of any other.
fn whole_events(bytes: &[u8], sse: bool) -> usize {
    if sse {
        let lf = memchr::memmem::rfind(bytes, b"\n\n").map(|i| i + 2);
        let crlf = memchr::memmem::rfind(bytes, b"\r\n\r\n").map(|i| i + 4);
        lf.max(crlf).unwrap_or(0)
    } else {
        memchr::memrchr(b'\n', bytes).map_or(0, |i| i + 1)
    }
}

fn redacted(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            let v = if is_secret_header(k) {
                REDACTED.to_owned()
            } else {
                v.clone()
            };
            (k.to_ascii_lowercase(), v)
        })
        .collect()
}

/// The session's recordings, newest last, bounded by their bytes: the oldest go first, and how many
/// went is kept (the UI says so).
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    pub runs: VecDeque<Recording>,
    pub limit_bytes: usize,
    pub dropped: u32,
    /// Recordings started (the last one's `seq`).
    pub started: u64,
}

/// 20 MB of streams by default.
pub const DEFAULT_LIMIT_BYTES: usize = 20 * 1024 * 1024;

impl Recorder {
    pub fn new(limit_bytes: usize) -> Self {
        Self {
            limit_bytes,
            ..Self::default()
        }
    }

    /// Keeps `r` as the newest recording; returns its `seq`.
    pub fn start(&mut self, mut r: Recording) -> u64 {
        self.started += 1;
        r.seq = self.started;
        self.runs.push_back(r);
        self.trim();
        self.started
    }

    pub fn current(&mut self) -> Option<&mut Recording> {
        self.runs.back_mut()
    }

    /// Drops the oldest recordings while the whole is over the limit (the newest always stays).
    pub fn trim(&mut self) {
        let mut total: usize = self.runs.iter().map(Recording::bytes).sum();
        while total > self.limit_bytes && self.runs.len() > 1 {
            if let Some(old) = self.runs.pop_front() {
                total -= old.bytes();
                self.dropped += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange;
    use crate::http::Method;
    use serde_json::json;

    fn start() -> HttpRequest {
        HttpRequest::new(Method::Post, "/threads/t/runs/stream", "starting a run")
            .json(json!({"input": {"messages": [{"content": "hi\nthere"}]}}))
            .header("X-Api-Key", "sk-secret-1")
            .header("Authorization", "Bearer sk-secret-2")
            .header("x-team", "blue")
    }

    #[test]
    fn secret_looking_body_fields_and_the_profiles_header_values_are_redacted() {
        let req = HttpRequest::new(Method::Post, "/threads/t/runs/stream", "starting the run")
            .json(json!({
                "input": {"messages": [{"content": "my tenant is acme-tenant-77"}]},
                "config": {"configurable": {
                    "openai_api_key": "sk-provider-1", "model": "m",
                    "nested": [{"password": "pw-2", "Token": "tk-3", "note": "x-acme-tenant-77-y"}],
                    "empty_key": null,
                }},
                "webhook": "https://hooks.example/a",
            }));
        let r = Recording::new("run", "langgraph", &req, &["acme-tenant-77".to_owned()]);
        let body = r.request_body.clone().unwrap();
        for secret in ["sk-provider-1", "pw-2", "tk-3", "acme-tenant-77"] {
            assert!(!body.contains(secret), "{secret} in {body}");
        }
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            v["config"]["configurable"]["model"], "m",
            "other fields are kept"
        );
        assert_eq!(v["config"]["configurable"]["openai_api_key"], REDACTED);
        assert_eq!(
            v["config"]["configurable"]["empty_key"],
            serde_json::Value::Null
        );
        assert_eq!(v["webhook"], "https://hooks.example/a");
        for name in [
            "api_key",
            "OPENAI_API_KEY",
            "x-api-key",
            "refresh_token",
            "client_secret",
        ] {
            assert!(is_secret_field(name), "{name}");
        }
        for name in ["keys", "model", "monkey", "thread_id", "max_tokens"] {
            assert!(!is_secret_field(name), "{name}");
        }
        // As deep as a body parsed from what a user typed can be (serde_json stops at 128).
        let mut deep = json!({"api_key": "sk-deep"});
        for _ in 0..120 {
            deep = json!([deep]);
        }
        assert!(!redacted_body(&deep, &[]).to_string().contains("sk-deep"));
    }

    #[test]
    fn secrets_are_redacted_wherever_they_are() {
        let mut r = Recording::new("run 1", "langgraph", &start(), &[]);
        let sse = vec![
            ("content-type".to_owned(), "text/event-stream".to_owned()),
            ("set-cookie".to_owned(), "sid=sk-secret-3".to_owned()),
        ];
        r.open(&start(), Some(200), &sse);
        r.chunk(1.0, b"event: metadata\ndata: {}\n\n");
        let text = String::from_utf8(r.to_exchange()).unwrap();
        assert!(!text.contains("sk-secret"), "{text}");
        assert!(text.contains("request-x-api-key: <redacted>"));
        assert!(
            text.contains("request-x-team: blue"),
            "other headers are kept"
        );
        for name in [
            "Authorization",
            "x-api-key",
            "Api-Key",
            "X-Auth-Token",
            "cookie",
            "x-my-secret",
        ] {
            assert!(is_secret_header(name), "{name}");
        }
        assert!(!is_secret_header("content-type") && !is_secret_header("x-team"));
    }

    #[test]
    fn the_exchange_reads_back_with_the_request_status_and_body() {
        let mut r = Recording::new("run 1", "langgraph", &start(), &[]);
        r.open(
            &start(),
            Some(200),
            &[("Content-Type".into(), "text/event-stream".into())],
        );
        r.chunk(1.0, b"event: a\ndata: 1\n\nevent: b\nda");
        r.chunk(2.0, b"ta: 2\n\n");
        let ex = exchange::parse(&r.to_exchange());
        assert_eq!(
            ex.request_line.as_deref(),
            Some("POST /threads/t/runs/stream")
        );
        assert_eq!(ex.status, Some(200));
        assert_eq!(ex.header("content-type"), Some("text/event-stream"));
        // JSON escapes the body's newline: it is one line of the head.
        assert!(
            ex.header("request-body")
                .unwrap()
                .contains(r#""hi\nthere""#),
            "the body as sent"
        );
        assert_eq!(ex.body, b"event: a\ndata: 1\n\nevent: b\ndata: 2\n\n");
        assert_eq!(
            timed_chunks(&ex),
            [vec![
                (1.0, b"event: a\ndata: 1\n\nevent: b\nda".to_vec()),
                (2.0, b"ta: 2\n\n".to_vec())
            ]],
            "each chunk at its time"
        );
        let untimed = exchange::parse(b"POST /x\nstatus: 200\n\nevent: a\n\n");
        assert_eq!(
            timed_chunks(&untimed),
            [vec![(0.0, b"event: a\n\n".to_vec())]]
        );
    }

    #[test]
    fn a_cut_connection_keeps_its_whole_events_and_the_rejoin_the_rest() {
        let mut r = Recording::new("run 1", "langgraph", &start(), &[]);
        let sse = [("content-type".to_owned(), "text/event-stream".to_owned())];
        r.open(&start(), Some(200), &sse);
        r.chunk(1.0, b"id: 1\ndata: a\n\nid: 2\ndata: b");
        let rejoin = HttpRequest::new(Method::Get, "/threads/t/runs/r/stream", "joining");
        r.open(&rejoin, Some(200), &sse);
        r.chunk(5.0, b"id: 2\ndata: b\n\n");
        assert_eq!(r.body(), b"id: 1\ndata: a\n\nid: 2\ndata: b\n\n");
        let ex = exchange::parse(&r.to_exchange());
        assert_eq!(
            timed_chunks(&ex),
            [
                vec![(1.0, b"id: 1\ndata: a\n\n".to_vec())],
                vec![(5.0, b"id: 2\ndata: b\n\n".to_vec())]
            ],
            "the cut connection's chunk ends at its last whole event"
        );
        assert!(String::from_utf8(r.to_exchange())
            .unwrap()
            .contains("x-agent-console-connections: 2"));
        // Lines elsewhere (Yandex's NDJSON).
        assert_eq!(whole_events(b"{\"a\":1}\n{\"b\"", false), 8);
        assert_eq!(whole_events(b"data: 1\r\n\r\ndata", true), 11);
        assert_eq!(whole_events(b"data", true), 0);
    }

    #[test]
    fn the_recorder_drops_the_oldest_past_its_limit_and_counts_them() {
        let mut rec = Recorder::new(10);
        for i in 0..3 {
            let mut r = Recording::new(format!("run {i}"), "langgraph", &start(), &[]);
            r.open(&start(), Some(200), &[]);
            r.chunk(0.0, b"123456");
            rec.start(r);
            rec.trim();
        }
        assert_eq!(rec.runs.len(), 1);
        assert_eq!(rec.runs[0].label, "run 2");
        assert_eq!((rec.runs[0].seq, rec.started), (3, 3));
        assert_eq!(rec.dropped, 2);
        assert_eq!(
            rec.runs[0].file_name(),
            "agent-console-langgraph-run_2.http"
        );
    }
}
