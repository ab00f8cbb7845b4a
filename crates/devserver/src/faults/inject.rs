//! The fault switch, for every route of the devserver and of its proxy: a request carrying
//! `x-ac-fault: <rule>` gets a bad answer of the rule's kind. A client under test sends it as one of
//! its profile's headers, so every request it makes carries the rule; `on=` picks the requests it
//! hits.
//!
//! The header holds one rule, or several separated by `||` (the first that hits a request applies).
//! `<rule>` is `<kind>[=<arg>]` then `; on=<METHOD> <path>`, `; times=<n>`, `; after=<n>` in any order:
//! - `on=` — the requests it hits: an optional method, then a path whose `*` is one segment and `**`
//!   any number of them (`on=POST /threads`, `on=**/stream`). Without it: every request.
//! - `times=n` — only the first n requests it hits (counted per rule text); then it lets them be.
//! - `key=<anything>` — makes the rule's text, and so its count, its own.
//! - `streams` — only `text/event-stream` answers are spoiled; others pass (and are not counted).
//!
//! Kinds that answer instead of the server (the request is not served):
//! `status=<code>` (a JSON error; 429 and 503 with `Retry-After: 1`), `html=<code>` (a proxy's HTML
//! error page), `stall=<ms>` (answers after a pause; with `after=n`, a stream pauses after n events).
//! Kinds that serve the request and spoil the answer:
//! `hold=<ms>` (the server gets the request at once; its answer is held back for ms — a client that
//! gives up first has started the run without hearing so), `empty` (200, no body), `json=null|array|none|number|string|object` (200 with that JSON; `none` is `[]`;
//! `messages-string` a thread state whose `messages` is a string, `deep-values` one whose values nest 300 deep),
//! `html` (200 with an HTML page), `truncate` (half the body; a stream ends cleanly inside its second
//! event), `invalid-utf8` (bytes that are not UTF-8 inside the first string; in a stream, an event of
//! them after the first), `cut-bytes=n` / `reset-bytes=n` (the body ends cleanly / the connection
//! breaks after n bytes: mid-event, mid-UTF-8), `cut-after=n` / `reset-after=n` (the same after n
//! events), `duplicate=n` (the n-th event sent twice), `malformed=n` (a broken line after the n-th
//! event), `big-event=n` (a 5 MB event after the n-th), `chunks=n` (the body in n-byte pieces),
//! `heartbeats` (200 and heartbeats forever instead of the body), `huge=<MiB>` (200 and a JSON body
//! of that many MiB, streamed without a length, instead of the server's), `chaos=<seed>` (each request it
//! hits gets, from the seed and its count, one of: untouched, cut-after, reset-after, cut-bytes,
//! reset-bytes — seeded, so a failing run can be replayed).
//!
//! Events are SSE events (`\n\n`) in `text/event-stream` answers, lines elsewhere (Yandex
//! `Run.Listen`). A rule that cannot be read is answered `400` naming what is wrong.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const HEADER: &str = "x-ac-fault";
/// The size of `big-event`'s event.
pub const BIG_EVENT_BYTES: usize = 5 * 1024 * 1024;
/// How deep `json=deep-values` nests (serde_json reads 128 levels, Python's json about 1,000).
const DEEP: usize = 300;

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Status(u16),
    Html(u16),
    Stall(u64),
    Hold(u64),
    Empty,
    Json(String),
    Truncate,
    InvalidUtf8,
    CutBytes(usize),
    ResetBytes(usize),
    CutAfter(usize),
    ResetAfter(usize),
    Duplicate(usize),
    Malformed(usize),
    BigEvent(usize),
    Chunks(usize),
    Heartbeats,
    Chaos(u64),
    /// 200 with a JSON body of this many MiB, streamed without a length (whitespace, then `[]`).
    Huge(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub kind: Kind,
    method: Option<Method>,
    path: Option<Vec<String>>,
    times: Option<u64>,
    /// With `stall`: pause after this many events of a stream instead of before the answer.
    after: Option<usize>,
    /// `streams`: only answers that are event streams are spoiled (a path that serves both).
    streams: bool,
    text: String,
}

fn number<T: std::str::FromStr>(what: &str, v: Option<&str>) -> Result<T, String> {
    let v = v.ok_or_else(|| format!("{what} needs a number (`{what}=n`)"))?;
    v.trim()
        .parse()
        .map_err(|_| format!("{what}: {v:?} is not a number"))
}

impl Rule {
    pub fn parse(text: &str) -> Result<Rule, String> {
        let mut parts = text.split(';').map(str::trim);
        let head = parts.next().unwrap_or_default();
        let (name, arg) = match head.split_once('=') {
            Some((n, a)) => (n.trim(), Some(a.trim())),
            None => (head, None),
        };
        let kind = match name {
            "status" => Kind::Status(number(name, arg)?),
            "html" => Kind::Html(arg.map_or(Ok(200), |a| number(name, Some(a)))?),
            "stall" => Kind::Stall(number(name, arg)?),
            "hold" => Kind::Hold(number(name, arg)?),
            "empty" => Kind::Empty,
            "json" => {
                let body = match arg.unwrap_or_default() {
                    "null" => "null",
                    "array" => "[1,2,3]",
                    // A list with nothing in it: well formed, and empty (a server with no assistants).
                    "none" => "[]",
                    "number" => "42",
                    "string" => "\"not what you asked for\"",
                    "object" => "{\"unexpected\":{\"shape\":true}}",
                    // A thread's state whose messages are a string.
                    "messages-string" => {
                        "{\"values\":{\"messages\":\"not a list\"},\"next\":[],\"tasks\":[]}"
                    }
                    // A thread's state whose values nest deeper than a JSON reader goes.
                    "deep-values" => {
                        return Rule::of(
                            Kind::Json(format!(
                                "{{\"values\":{{\"messages\":[],\"deep\":{}1{}}},\"next\":[],\"tasks\":[]}}",
                                "[".repeat(DEEP),
                                "]".repeat(DEEP)
                            )),
                            text,
                            parts,
                        );
                    }
                    other => {
                        return Err(format!(
                            "json={other:?}: use null, array, none, number, string, object, messages-string or deep-values"
                        ))
                    }
                };
                Kind::Json(body.to_owned())
            }
            "truncate" => Kind::Truncate,
            "invalid-utf8" => Kind::InvalidUtf8,
            "cut-bytes" => Kind::CutBytes(number(name, arg)?),
            "reset-bytes" => Kind::ResetBytes(number(name, arg)?),
            "cut-after" => Kind::CutAfter(number(name, arg)?),
            "reset-after" => Kind::ResetAfter(number(name, arg)?),
            "duplicate" => Kind::Duplicate(number(name, arg)?),
            "malformed" => Kind::Malformed(number(name, arg)?),
            "big-event" => Kind::BigEvent(number(name, arg)?),
            "chunks" => Kind::Chunks(number::<usize>(name, arg)?.max(1)),
            "heartbeats" => Kind::Heartbeats,
            "huge" => Kind::Huge(number(name, arg)?),
            "chaos" => Kind::Chaos(number(name, arg)?),
            other => return Err(format!("unknown fault {other:?}")),
        };
        Rule::of(kind, text, parts)
    }

    /// The rule of `kind` with the options in `parts` (what follows the kind in `text`).
    fn of<'a>(
        kind: Kind,
        text: &str,
        parts: impl Iterator<Item = &'a str>,
    ) -> Result<Rule, String> {
        let mut rule = Rule {
            kind,
            method: None,
            path: None,
            times: None,
            after: None,
            streams: false,
            text: text.trim().to_owned(),
        };
        for p in parts.filter(|p| !p.is_empty()) {
            if p.trim() == "streams" {
                rule.streams = true;
                continue;
            }
            let (k, v) = p
                .split_once('=')
                .ok_or_else(|| format!("{p:?} is not key=value"))?;
            match k.trim() {
                "on" => {
                    let v = v.trim();
                    let (m, path) = match v.split_once(' ') {
                        Some((m, path)) => (Some(m), path.trim()),
                        None if v.contains(['/', '*']) => (None, v),
                        None => (Some(v), "/**"),
                    };
                    rule.method = m
                        .map(|m| Method::from_bytes(m.to_ascii_uppercase().as_bytes()))
                        .transpose()
                        .map_err(|_| format!("on=: {m:?} is not a method"))?;
                    rule.path = Some(segments(path).map(str::to_owned).collect());
                }
                "times" => rule.times = Some(number("times", Some(v))?),
                "after" => rule.after = Some(number("after", Some(v))?),
                // Only names the rule: its count is its own.
                "key" => {}
                other => return Err(format!("unknown option {other:?}")),
            }
        }
        Ok(rule)
    }

    pub fn hits(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method)
            && self.path.as_ref().is_none_or(|p| {
                let p: Vec<&str> = p.iter().map(String::as_str).collect();
                glob(&p, &segments(path).collect::<Vec<_>>())
            })
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn glob(pattern: &[&str], path: &[&str]) -> bool {
    match (pattern.first(), path.first()) {
        (None, None) => true,
        (Some(&"**"), _) => {
            glob(&pattern[1..], path) || (!path.is_empty() && glob(pattern, &path[1..]))
        }
        (Some(p), Some(s)) => (*p == "*" || p == s) && glob(&pattern[1..], &path[1..]),
        _ => false,
    }
}

/// splitmix64: the seeded choice of `chaos`.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// What `chaos=<seed>` does to the `n`-th request it hits: `None` leaves it untouched.
pub fn chaos(seed: u64, n: u64) -> Option<Kind> {
    let x = mix(seed ^ mix(n));
    let events = 1 + (x >> 16) as usize % 30;
    let bytes = 1 + (x >> 16) as usize % 4_000;
    match x % 100 {
        0..=34 => None,
        35..=54 => Some(Kind::CutAfter(events)),
        55..=69 => Some(Kind::ResetAfter(events)),
        70..=84 => Some(Kind::CutBytes(bytes)),
        _ => Some(Kind::ResetBytes(bytes)),
    }
}

/// How many requests each rule has hit.
#[derive(Default)]
pub struct Counts(Mutex<HashMap<String, u64>>);

impl Counts {
    fn next(&self, rule: &str) -> u64 {
        let Ok(mut m) = self.0.lock() else { return 0 };
        let n = m.entry(rule.to_owned()).or_default();
        *n += 1;
        *n - 1
    }
}

fn answer(status: u16, content_type: &'static str, body: impl Into<Body>) -> Response {
    let mut r = Response::new(body.into());
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

const HTML_PAGE: &str = "<!doctype html><html><head><title>502 Bad Gateway</title></head><body>\
<h1>Bad Gateway</h1><p>The upstream server did not answer.</p><hr><address>nginx</address></body></html>";

/// The middleware: applies the request's rule, if it has one and it hits.
pub async fn inject(State(counts): State<Arc<Counts>>, req: Request, next: Next) -> Response {
    let spec = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let Some(spec) = spec.filter(|_| req.method() != Method::OPTIONS) else {
        return next.run(req).await;
    };
    // Several rules are separated by `||`: the first that hits the request applies.
    let rules: Result<Vec<Rule>, String> = spec.split("||").map(Rule::parse).collect();
    let rules = match rules {
        Ok(r) => r,
        Err(e) => {
            let body = serde_json::json!({ "detail": format!("{HEADER}: {e}") }).to_string();
            return answer(400, "application/json", body);
        }
    };
    let Some(rule) = rules
        .into_iter()
        .find(|r| r.hits(req.method(), req.uri().path()))
    else {
        return next.run(req).await;
    };
    if rule.streams {
        let resp = next.run(req).await;
        let sse = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/event-stream"));
        if !sse {
            return resp;
        }
        let n = counts.next(&rule.text);
        if rule.times.is_some_and(|t| n >= t) {
            return resp;
        }
        return match rule.kind.clone() {
            Kind::Chaos(seed) => match chaos(seed, n) {
                Some(k) => spoil(resp, k, rule.after).await,
                None => resp,
            },
            k => spoil(resp, k, rule.after).await,
        };
    }
    let n = counts.next(&rule.text);
    if rule.times.is_some_and(|t| n >= t) {
        return next.run(req).await;
    }
    let kind = match rule.kind.clone() {
        Kind::Chaos(seed) => match chaos(seed, n) {
            Some(k) => k,
            None => return next.run(req).await,
        },
        k => k,
    };
    match kind {
        Kind::Status(code) => {
            let body = serde_json::json!({ "detail": format!("fault injected: {code}") });
            let mut r = answer(code, "application/json", body.to_string());
            if matches!(code, 429 | 503) {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            r
        }
        Kind::Html(code) if code != 200 => answer(code, "text/html", HTML_PAGE),
        Kind::Stall(ms) if rule.after.is_none() => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        Kind::Huge(mib) => {
            // The request is not served: a body of `mib` MiB, a MiB a piece, no Content-Length.
            let pieces = (0..mib)
                .map(|_| Ok::<_, std::io::Error>(Bytes::from(vec![b' '; 1 << 20])))
                .chain(std::iter::once(Ok(Bytes::from_static(b"[]"))));
            let mut r = Response::new(Body::from_stream(futures_util::stream::iter(pieces)));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            r
        }
        Kind::Hold(ms) => {
            let resp = next.run(req).await;
            tokio::time::sleep(Duration::from_millis(ms)).await;
            resp
        }
        kind => spoil(next.run(req).await, kind, rule.after).await,
    }
}

/// Serves the answer, spoiled.
async fn spoil(resp: Response, kind: Kind, after: Option<usize>) -> Response {
    match kind {
        Kind::Empty => return answer(200, "application/json", ""),
        Kind::Json(body) => return answer(200, "application/json", body),
        Kind::Html(_) => return answer(200, "text/html", HTML_PAGE),
        _ => {}
    }
    let (mut parts, body) = resp.into_parts();
    let sse = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/event-stream"));
    // A finite answer (it has a length) is spoiled whole.
    let finite = parts.headers.contains_key(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_LENGTH);
    if finite && matches!(kind, Kind::Truncate | Kind::InvalidUtf8) {
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap_or_default();
        let mut out = bytes.to_vec();
        if kind == Kind::Truncate {
            out.truncate(out.len() / 2);
        } else {
            let at = out.iter().position(|b| *b == b'"').map_or(0, |i| i + 1);
            out.splice(at..at, [0xff, 0xfe, 0xc3]);
        }
        return Response::from_parts(parts, Body::from(out));
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(16);
    tokio::spawn(pump(body, kind, after, sse, tx));
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// Where a spoiled body stands after sending something.
enum Flow {
    Go,
    Stop,
}

struct Out {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    sent: usize,
    /// `cut-bytes` / `reset-bytes`: the byte to stop at, and whether the stop is a reset.
    limit: Option<(usize, bool)>,
    chunk: Option<usize>,
}

impl Out {
    async fn send(&mut self, bytes: &[u8]) -> Flow {
        let mut bytes = bytes;
        let mut stop = None;
        if let Some((limit, reset)) = self.limit {
            let room = limit.saturating_sub(self.sent);
            if bytes.len() >= room {
                bytes = &bytes[..room];
                stop = Some(reset);
            }
        }
        let piece = self.chunk.unwrap_or(usize::MAX).max(1);
        for part in bytes.chunks(piece) {
            if self
                .tx
                .send(Ok(Bytes::copy_from_slice(part)))
                .await
                .is_err()
            {
                return Flow::Stop;
            }
            self.sent += part.len();
            if self.chunk.is_some() {
                tokio::task::yield_now().await;
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        match stop {
            None => Flow::Go,
            Some(reset) => {
                if reset {
                    self.reset().await;
                }
                Flow::Stop
            }
        }
    }

    async fn reset(&self) {
        let e = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "fault injected: reset");
        let _ = self.tx.send(Err(e)).await;
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where the first whole event in `buf` ends (past its blank line): an SSE event ends at a blank
/// line, `\n\n` or `\r\n\r\n` (LangGraph's server writes CRLF); a line of NDJSON at `\n`.
fn event_end(buf: &[u8], sse: bool) -> Option<usize> {
    if !sse {
        return find(buf, b"\n").map(|at| at + 1);
    }
    let lf = find(buf, b"\n\n").map(|at| at + 2);
    let crlf = find(buf, b"\r\n\r\n").map(|at| at + 4);
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

async fn pump(
    body: Body,
    kind: Kind,
    after: Option<usize>,
    sse: bool,
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
) {
    let mut out = Out {
        tx,
        sent: 0,
        limit: match kind {
            Kind::CutBytes(n) => Some((n, false)),
            Kind::ResetBytes(n) => Some((n, true)),
            _ => None,
        },
        chunk: match kind {
            Kind::Chunks(n) => Some(n),
            _ => None,
        },
    };
    if kind == Kind::Heartbeats {
        drop(body);
        let beat: &[u8] = if sse { b": heartbeat\n\n" } else { b"\n" };
        while let Flow::Go = out.send(beat).await {
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        return;
    }
    let mut data = body.into_data_stream();
    let mut buf: Vec<u8> = Vec::new();
    let mut events = 0usize;
    while let Some(next) = data.next().await {
        let Ok(bytes) = next else {
            out.reset().await;
            return;
        };
        buf.extend_from_slice(&bytes);
        while let Some(end) = event_end(&buf, sse) {
            let event: Vec<u8> = buf.drain(..end).collect();
            events += 1;
            if let Flow::Stop = on_event(&mut out, &kind, after, sse, events, &event).await {
                return;
            }
        }
    }
    if !buf.is_empty() {
        out.send(&buf).await;
    }
}

/// Sends one whole event of a spoiled stream, doing what the rule says at it.
async fn on_event(
    out: &mut Out,
    kind: &Kind,
    after: Option<usize>,
    sse: bool,
    n: usize,
    event: &[u8],
) -> Flow {
    match *kind {
        Kind::Truncate if n == 2 => {
            out.send(&event[..event.len() / 2]).await;
            return Flow::Stop;
        }
        _ => {}
    }
    if let Flow::Stop = out.send(event).await {
        return Flow::Stop;
    }
    let extra: Option<Vec<u8>> = match *kind {
        Kind::CutAfter(k) if k == n => return Flow::Stop,
        Kind::ResetAfter(k) if k == n => {
            out.reset().await;
            return Flow::Stop;
        }
        Kind::Stall(ms) if after == Some(n) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            None
        }
        Kind::Duplicate(k) if k == n => Some(event.to_vec()),
        Kind::Malformed(k) if k == n => Some(if sse {
            b"event: values\ndata: {\"messages\": [unterminated\n\n".to_vec()
        } else {
            b"{\"result\": {\"unterminated\"\n".to_vec()
        }),
        Kind::InvalidUtf8 if n == 1 => {
            let mut e = if sse {
                b"event: ac-fault\ndata: \"".to_vec()
            } else {
                b"{\"ac-fault\": \"".to_vec()
            };
            e.extend_from_slice(&[0xff, 0xfe, 0xc3, b'"']);
            e.extend_from_slice(if sse { b"\n\n" } else { b"}\n" });
            Some(e)
        }
        Kind::BigEvent(k) if k == n => {
            let pad = "x".repeat(BIG_EVENT_BYTES);
            Some(if sse {
                format!("event: ac-fault-big\ndata: {{\"pad\": \"{pad}\"}}\n\n").into_bytes()
            } else {
                format!("{{\"ac-fault-big\": \"{pad}\"}}\n").into_bytes()
            })
        }
        _ => None,
    };
    match extra {
        Some(e) => out.send(&e).await,
        None => Flow::Go,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_read_with_their_options() {
        let r = Rule::parse("cut-bytes=300; on=POST /threads/*/runs/stream; times=2").unwrap();
        assert_eq!(r.kind, Kind::CutBytes(300));
        assert_eq!(r.times, Some(2));
        assert!(r.hits(&Method::POST, "/threads/abc/runs/stream"));
        assert!(!r.hits(&Method::GET, "/threads/abc/runs/stream"));
        assert!(!r.hits(&Method::POST, "/threads/abc/runs"));
        let any = Rule::parse("status=500; on=**/stream").unwrap();
        assert!(any.hits(&Method::GET, "/threads/a/runs/b/stream"));
        assert!(any.hits(&Method::POST, "/runs/stream"));
        assert!(!any.hits(&Method::POST, "/runs/wait"));
        assert!(Rule::parse("json=object").unwrap().hits(&Method::GET, "/x"));
        // Events end at a blank line of either kind; a line of NDJSON at its newline.
        assert_eq!(event_end(b"data: 1\r\n\r\ndata: 2\n\n", true), Some(11));
        assert_eq!(event_end(b"data: 1\n\ndata: 2\r\n\r\n", true), Some(9));
        assert_eq!(event_end(b"data: 1\r\n", true), None);
        assert_eq!(event_end(b"{}\n{}", false), Some(3));
        let deep = Rule::parse("json=deep-values; on=GET /threads/*/state").unwrap();
        assert!(matches!(&deep.kind, Kind::Json(b) if b.contains(&"[".repeat(DEEP))));
        assert!(
            deep.hits(&Method::GET, "/threads/t/state"),
            "its options kept"
        );
        assert!(
            matches!(Rule::parse("json=messages-string").unwrap().kind, Kind::Json(b) if b.contains("\"messages\":\"not a list\""))
        );
        assert!(Rule::parse("stall=5; after=3").unwrap().after == Some(3));
        assert_eq!(Rule::parse("hold=2500").unwrap().kind, Kind::Hold(2500));
        assert!(
            Rule::parse("chaos=3; on=/v1/responses/**; streams")
                .unwrap()
                .streams
        );
        for bad in [
            "nonsense",
            "cut-bytes",
            "cut-bytes=x",
            "hold",
            "json=yaml",
            "empty; times",
            "empty; on=B(D /x",
        ] {
            assert!(Rule::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn chaos_is_seeded_and_mixes_every_kind() {
        let a: Vec<_> = (0..200).map(|n| chaos(7, n)).collect();
        assert_eq!(a, (0..200).map(|n| chaos(7, n)).collect::<Vec<_>>());
        assert_ne!(a, (0..200).map(|n| chaos(8, n)).collect::<Vec<_>>());
        let kinds = |f: fn(&Kind) -> bool| a.iter().flatten().filter(|k| f(k)).count();
        assert!(a.iter().filter(|k| k.is_none()).count() > 40);
        assert!(kinds(|k| matches!(k, Kind::CutAfter(_))) > 20);
        assert!(kinds(|k| matches!(k, Kind::ResetAfter(_))) > 10);
        assert!(kinds(|k| matches!(k, Kind::CutBytes(_))) > 10);
        assert!(kinds(|k| matches!(k, Kind::ResetBytes(_))) > 10);
    }
}
