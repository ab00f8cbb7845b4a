//! The inbox's routes on the servers that share LangGraph's thread routes (LangGraph; Agent Protocol
//! servers with the Threads and Runs stages): the threads that wait found by status, read again only
//! when their version changed, and answered by a background run.
//!
//! `lean` (LangGraph): the search takes `select`, `ids`, `sort_by` and `extract`, so a look at the
//! server carries each waiting thread's id and `updated_at` alone, and only the changed ones are read
//! with their interrupts. The Agent Protocol's search has none of those: each look reads the waiting
//! threads whole (at most [`MAX_PER_SERVER`] of them).

use super::Http;
use crate::dialects::langchain::messages_from_values;
use crate::dialects::langgraph::stream::interrupts_from;
use crate::domain::{Interrupt, Role};
use crate::http::{parse_json, percent_encode, truncate, ApiError, HttpRequest, Method};
use crate::inbox::{Waiting, WaitingScan, Why, MAX_PER_SERVER};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// How many changed threads one detail request reads (a failed thread comes with its values).
const DETAIL_CHUNK: usize = 50;
const FAILED_CHUNK: usize = 10;

/// A thread of a search, read by field (no typed wire struct: this code is in each dialect's part).
#[derive(Debug, Default)]
struct WireWaiting(Value);

impl WireWaiting {
    fn str(&self, k: &str) -> Option<String> {
        self.0.get(k).and_then(Value::as_str).map(str::to_owned)
    }
    fn id(&self) -> String {
        self.str("thread_id").unwrap_or_default()
    }
    fn at(&self, k: &str) -> &Value {
        self.0.get(k).unwrap_or(&Value::Null)
    }
}

/// Looks at the server: the interrupted and the failed threads.
pub async fn scan(
    h: &impl Http,
    known: &BTreeMap<String, String>,
    lean: bool,
) -> Result<WaitingScan, ApiError> {
    let mut out = WaitingScan::default();
    for status in ["interrupted", "error"] {
        let body = if lean {
            json!({"status": status, "select": ["thread_id", "updated_at"],
                   "sort_by": "updated_at", "sort_order": "asc", "limit": MAX_PER_SERVER})
        } else {
            json!({"status": status, "limit": MAX_PER_SERVER})
        };
        let list = search(h, body).await?;
        out.more |= list.len() >= MAX_PER_SERVER;
        let mut changed = Vec::new();
        for w in list {
            let version = w.str("updated_at").unwrap_or_default();
            out.present.push((w.id(), version.clone()));
            if known.get(&w.id()) == Some(&version) {
                continue;
            }
            if lean {
                changed.push(w.id());
            } else {
                out.changed.push(waiting_of(w, status));
            }
        }
        // LangGraph: the changed ones read with what they ask (a failed one's error comes only
        // with the whole thread: no `select`).
        let chunk = if status == "error" {
            FAILED_CHUNK
        } else {
            DETAIL_CHUNK
        };
        for ids in changed.chunks(chunk) {
            let mut body = json!({"ids": ids, "status": status, "limit": ids.len()});
            if status == "interrupted" {
                body["select"] = json!([
                    "thread_id",
                    "updated_at",
                    "state_updated_at",
                    "metadata",
                    "status",
                    "interrupts"
                ]);
                body["extract"] = json!({"first_message": "values.messages[0]"});
            }
            for w in search(h, body).await? {
                out.changed.push(waiting_of(w, status));
            }
        }
    }
    Ok(out)
}

async fn search(h: &impl Http, body: Value) -> Result<Vec<WireWaiting>, ApiError> {
    let r = h
        .send(
            &HttpRequest::new(
                Method::Post,
                "/threads/search",
                "looking for waiting threads",
            )
            .json(body)
            .reading(),
        )
        .await?;
    let list: Vec<Value> = parse_json(&r.body, "reading the waiting threads")?;
    Ok(list.into_iter().map(WireWaiting).collect())
}

/// A thread as the inbox reads it.
fn waiting_of(w: WireWaiting, status: &str) -> Waiting {
    let meta = |k: &str| {
        w.at("metadata")
            .get(k)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let title = meta("title").or_else(|| first_human(&w));
    let why = if status == "error" {
        Why::Failed(error_words(w.at("error")))
    } else {
        let mut asks: Vec<Interrupt> = w
            .at("values")
            .get("__interrupt__")
            .map(interrupts_from)
            .unwrap_or_default();
        if asks.is_empty() {
            if let Some(by_task) = w.at("interrupts").as_object() {
                asks = by_task.values().flat_map(interrupts_from).collect();
            }
        }
        Why::Asks(asks)
    };
    Waiting {
        assistant_id: meta("assistant_id"),
        graph_id: meta("graph_id"),
        since: w.str("state_updated_at").or_else(|| w.str("updated_at")),
        version: w.str("updated_at").unwrap_or_default(),
        thread_id: w.id(),
        title,
        why,
    }
}

fn first_human(w: &WireWaiting) -> Option<String> {
    let list = if let Some(first) = w
        .at("extracted")
        .get("first_message")
        .filter(|m| m.is_object())
    {
        json!([first])
    } else {
        w.at("messages")
            .as_array()
            .or_else(|| w.at("values").get("messages").and_then(Value::as_array))
            .map(|l| json!(l.iter().take(4).collect::<Vec<_>>()))?
    };
    let (messages, _) = messages_from_values(&list);
    let m = messages.into_iter().find(|m| m.role == Role::Human)?;
    let t = m.plain_text();
    (!t.trim().is_empty()).then(|| truncate(t.trim(), 80))
}

fn error_words(e: &Value) -> String {
    let field = |k: &str| e.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    match (field("error"), field("message"), e.as_str()) {
        (Some(kind), Some(msg), _) => truncate(&format!("{kind}: {msg}"), 300),
        (_, Some(msg), _) | (Some(msg), None, _) | (None, None, Some(msg)) => truncate(msg, 300),
        _ => "The last run failed.".into(),
    }
}

/// Answers a waiting thread with a background run; the interrupts answered are checked first.
pub async fn run_on(
    h: &impl Http,
    thread: &str,
    answers: &[(Option<String>, Value)],
    lean: bool,
    body: Value,
) -> Result<(), ApiError> {
    let interrupts: Vec<&String> = answers.iter().filter_map(|(id, _)| id.as_ref()).collect();
    if !interrupts.is_empty() {
        let now = pending(h, thread, lean).await?;
        if let Some(gone) = interrupts.iter().find(|i| !now.contains(i)) {
            return Err(ApiError::Status {
                status: 409,
                message: format!(
                    "the question {gone} is no longer pending: it was answered elsewhere"
                ),
                purpose: "answering from the inbox",
            });
        }
    }
    let path = if lean {
        format!("/threads/{}/runs", percent_encode(thread))
    } else {
        "/runs".to_owned()
    };
    h.send(&HttpRequest::new(Method::Post, path, "answering from the inbox").json(body))
        .await
        .map(|_| ())
}

/// The ids of the interrupts the thread waits on now.
async fn pending(h: &impl Http, thread: &str, lean: bool) -> Result<Vec<String>, ApiError> {
    let w: WireWaiting = if lean {
        let list = search(
            h,
            json!({"ids": [thread], "select": ["thread_id", "status", "interrupts", "updated_at"], "limit": 1}),
        )
        .await?;
        list.into_iter()
            .find(|w| w.id() == thread)
            .unwrap_or_default()
    } else {
        let r = h
            .send(&HttpRequest::new(
                Method::Get,
                format!("/threads/{}", percent_encode(thread)),
                "reading the thread",
            ))
            .await?;
        WireWaiting(parse_json(&r.body, "reading the thread")?)
    };
    if w.str("status").as_deref() != Some("interrupted") {
        return Ok(Vec::new());
    }
    match waiting_of(w, "interrupted").why {
        Why::Asks(l) => Ok(l.into_iter().filter_map(|i| i.id).collect()),
        _ => Ok(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::HttpResponse;
    use super::*;
    use futures::executor::block_on;
    use std::cell::RefCell;

    /// A LangGraph server with one interrupted thread (two questions, from two tasks) and one failed
    /// thread, answering the inbox's searches as langgraph-api 0.16.7 does; remembers the bodies.
    struct Server {
        asked: RefCell<Vec<Value>>,
    }

    impl Http for Server {
        async fn send(&self, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
            let body = req.body.clone().unwrap_or(Value::Null);
            self.asked
                .borrow_mut()
                .push(json!({"path": req.path, "body": body}));
            let answer = match (body["status"].as_str(), body.get("ids").is_some()) {
                (Some("interrupted"), false) => json!([{"thread_id": "t1", "updated_at": "v2"}]),
                (Some("interrupted"), true) => json!([{
                    "thread_id": "t1", "updated_at": "v2", "state_updated_at": "2026-12-07T10:00:00+00:00",
                    "metadata": {"assistant_id": "a1", "graph_id": "agent"}, "status": "interrupted",
                    "interrupts": {
                        "task-a": [{"id": "aaaa", "value": {"question": "First?"}}],
                        "task-b": [{"id": "bbbb", "value": {"question": "Second?"}}]
                    },
                    "extracted": {"first_message": {"type": "human", "content": "fan out please", "id": "m1"}}
                }]),
                (Some("error"), false) => json!([{"thread_id": "t2", "updated_at": "v9"}]),
                (Some("error"), true) => json!([{
                    "thread_id": "t2", "updated_at": "v9", "metadata": {"title": "Crash"},
                    "status": "error", "values": {"messages": []},
                    "error": {"error": "RuntimeError", "message": "The graph crashed on purpose."}
                }]),
                (None, true) => json!([{"thread_id": "t1", "status": "interrupted",
                    "interrupts": {"task-a": [{"id": "aaaa", "value": {}}]}}]),
                _ => json!({}),
            };
            Ok(HttpResponse {
                status: 200,
                headers: Vec::new(),
                body: answer.to_string(),
            })
        }
    }

    #[test]
    fn a_look_reads_only_the_threads_whose_version_changed() {
        let s = Server {
            asked: RefCell::new(Vec::new()),
        };
        let first = block_on(scan(&s, &BTreeMap::new(), true)).unwrap();
        assert_eq!(
            first.present,
            [
                ("t1".to_owned(), "v2".to_owned()),
                ("t2".to_owned(), "v9".to_owned())
            ]
        );
        assert_eq!(first.changed.len(), 2);
        let t1 = &first.changed[0];
        assert_eq!(t1.title.as_deref(), Some("fan out please"));
        assert_eq!(t1.assistant_id.as_deref(), Some("a1"));
        assert_eq!(t1.graph_id.as_deref(), Some("agent"));
        assert_eq!(t1.since.as_deref(), Some("2026-12-07T10:00:00+00:00"));
        let Why::Asks(asks) = &t1.why else { panic!() };
        let ids: Vec<_> = asks.iter().filter_map(|i| i.id.as_deref()).collect();
        assert_eq!(ids, ["aaaa", "bbbb"]);
        assert_eq!(
            first.changed[1].why,
            Why::Failed("RuntimeError: The graph crashed on purpose.".into())
        );
        let asked = s.asked.borrow()[0]["body"].clone();
        assert_eq!(
            asked["select"],
            json!(["thread_id", "updated_at"]),
            "ids and versions alone"
        );
        assert_eq!(
            asked["limit"],
            json!(MAX_PER_SERVER),
            "the default (10) is never relied on"
        );

        // Nothing changed: two light searches, no detail read.
        let known: BTreeMap<String, String> = first.present.iter().cloned().collect();
        s.asked.borrow_mut().clear();
        let again = block_on(scan(&s, &known, true)).unwrap();
        assert!(again.changed.is_empty());
        assert_eq!(again.present.len(), 2);
        assert_eq!(s.asked.borrow().len(), 2);
    }

    #[test]
    fn an_answer_to_a_question_no_longer_pending_is_never_sent() {
        let s = Server {
            asked: RefCell::new(Vec::new()),
        };
        let body = json!({"assistant_id": "a1", "command": {"resume": {"bbbb": "x"}}});
        let e = block_on(run_on(
            &s,
            "t1",
            &[(Some("bbbb".to_owned()), json!("x"))],
            true,
            body.clone(),
        ))
        .unwrap_err();
        assert!(e.to_string().contains("answered elsewhere"), "{e}");
        assert!(s
            .asked
            .borrow()
            .iter()
            .all(|a| a["path"] != "/threads/t1/runs"));
        block_on(run_on(
            &s,
            "t1",
            &[(Some("aaaa".to_owned()), json!("x"))],
            true,
            body.clone(),
        ))
        .unwrap();
        let last = s.asked.borrow().last().cloned().unwrap();
        assert_eq!(last, json!({"path": "/threads/t1/runs", "body": body}));
    }
}
