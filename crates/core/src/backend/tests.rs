//! The backend over real LangGraph traffic (`tests/fixtures/langgraph`, recorded from langgraph-api
//! 0.16.7): the same recordings serve as an Agent Protocol server that has the Threads stage but not
//! the Agents stage — what the real LangGraph server is.

use super::*;
use crate::exchange;
use crate::http::error_from_response;
use futures::executor::block_on;
use std::cell::RefCell;

const FIXTURES: &[&str] = &[
    include_str!("../../tests/fixtures/langgraph/info.http"),
    include_str!("../../tests/fixtures/langgraph/assistants_search.http"),
    include_str!("../../tests/fixtures/langgraph/threads_search_page1.http"),
    include_str!("../../tests/fixtures/langgraph/state_interrupted.http"),
    include_str!("../../tests/fixtures/langgraph/thread_interrupted.http"),
    include_str!("../../tests/fixtures/langgraph/run_get.http"),
    include_str!("../../tests/fixtures/langgraph/runs_list.http"),
    include_str!("../../tests/fixtures/langgraph/history.http"),
    include_str!("../../tests/fixtures/langgraph/error_unknown_thread.http"),
];

const INTERRUPTED: &str = "01a20b1a-e666-77bf-a3bc-cadb4a946090";

/// Answers each request with the recording of the same method and path (query ignored); anything
/// unrecorded is a 404, as a server without that route answers. Remembers what was asked.
struct Recorded {
    answers: Vec<(String, exchange::Exchange)>,
    asked: RefCell<Vec<HttpRequest>>,
}

impl Recorded {
    fn langgraph() -> Self {
        let answers = FIXTURES
            .iter()
            .map(|f| {
                let x = exchange::parse(f.as_bytes());
                let line = x.request_line.clone().unwrap_or_default();
                let key = line.split('?').next().unwrap_or_default().to_owned();
                (key, x)
            })
            .collect();
        Self {
            answers,
            asked: RefCell::new(Vec::new()),
        }
    }

    fn asked_paths(&self) -> Vec<String> {
        self.asked
            .borrow()
            .iter()
            .map(|r| format!("{} {}", r.method.as_str(), r.path))
            .collect()
    }
}

impl Http for Recorded {
    async fn send(&self, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
        self.asked.borrow_mut().push(req.clone());
        let key = format!("{} {}", req.method.as_str(), req.path);
        let Some((_, x)) = self.answers.iter().find(|(k, _)| *k == key) else {
            return Err(error_from_response(
                404,
                r#"{"detail":"Not Found"}"#,
                req.purpose,
            ));
        };
        let status = x.status.unwrap_or(200);
        let body = String::from_utf8_lossy(&x.body).into_owned();
        if !(200..300).contains(&status) {
            return Err(error_from_response(status, &body, req.purpose));
        }
        Ok(HttpResponse {
            status,
            headers: x.headers.clone(),
            body,
        })
    }
}

fn connect(dialect: Dialect, h: &Recorded) -> Connected {
    block_on(Backend::connect(
        &ServerProfile::new("http://x", dialect),
        h,
    ))
    .expect("connects")
}

#[test]
fn langgraph_connects_with_its_version_assistants_and_capabilities() {
    let h = Recorded::langgraph();
    let c = connect(Dialect::LangGraph, &h);
    let caps = c.backend.capabilities();
    assert_eq!(caps.status, "langgraph-api 0.16.7");
    assert!(!c.assistants.is_empty());
    assert_eq!(caps.stop, Some(STOP_INTERRUPT_OR_ROLLBACK));
    assert_eq!(caps.server_runs, None);
    assert_eq!(caps.thread_runs, Some(ThreadRuns::List));
    assert!(caps.thread_protocol && caps.state_tab && caps.thread_filters.order);
    assert_eq!(caps.stages, None);
}

#[test]
fn langgraph_opens_an_interrupted_thread_with_its_interrupt() {
    let h = Recorded::langgraph();
    let b = connect(Dialect::LangGraph, &h).backend;
    let snap = block_on(b.open_thread(&h, INTERRUPTED)).expect("opens");
    assert_eq!(snap.interrupts.len(), 1);
    assert!(!snap.messages.is_empty());
    assert_eq!(snap.busy, Some(false), "an interrupted thread is not busy");
    let history = block_on(b.history(&h, INTERRUPTED, None, HISTORY_LIMIT)).expect("history");
    assert!(!history.is_empty());
}

#[test]
fn a_thread_id_search_is_a_lookup_and_an_unknown_id_a_404() {
    let h = Recorded::langgraph();
    let b = connect(Dialect::LangGraph, &h).backend;
    let q = |s: &str| ThreadQuery {
        search: ThreadSearch::parse(s),
        status: None,
        oldest_first: false,
    };
    let page = block_on(b.threads(&h, &q(INTERRUPTED), &PageCursor::Offset(0))).expect("found");
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id, INTERRUPTED);
    let missing = block_on(b.threads(
        &h,
        &q("00000000-0000-0000-0000-000000000000"),
        &PageCursor::Offset(0),
    ));
    assert!(matches!(missing, Err(ApiError::Status { status: 404, .. })));
    let listed = block_on(b.threads(&h, &q(""), &PageCursor::Offset(0))).expect("listed");
    assert_eq!(listed.items.len(), 3);
    let searched = h.asked.borrow().last().cloned().expect("asked");
    assert_eq!(
        searched.body.as_ref().map(|b| b["sort_order"].clone()),
        Some("desc".into())
    );
}

#[test]
fn langgraph_run_status_and_rejoin_after_the_last_group() {
    let h = Recorded::langgraph();
    let b = connect(Dialect::LangGraph, &h).backend;
    let status = block_on(b.run_status(
        &h,
        "01a20b1a-ee4d-7653-b366-ba40e89728e6",
        "01a20b1a-ee4e-7595-9f9e-ec4d514ae36c",
    ))
    .expect("status");
    assert!(!status.is_active());
    let rejoin = b.rejoin("t", "r", &ThreadView::new());
    assert_eq!(rejoin.path, "/threads/t/runs/r/stream");
    assert!(rejoin
        .headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("last-event-id") && v == "0"));
}

#[test]
fn agent_protocol_on_a_server_without_the_agents_stage_connects_and_runs_the_default_agent() {
    let h = Recorded::langgraph();
    let c = connect(Dialect::AgentProtocol, &h);
    let caps = c.backend.capabilities().clone();
    let stages = caps.stages.expect("stages probed");
    assert!(!stages.agents && stages.threads && !stages.runs_search);
    assert_eq!(caps.status, "Agent Protocol · stages: threads");
    assert!(!caps.assistant_picker && caps.threads && caps.thread_protocol);
    assert_eq!(
        caps.server_runs, None,
        "no /runs/search: no server-wide runs page"
    );
    assert_eq!(caps.thread_runs, None);
    assert!(c.assistants.is_empty());
    // Threads and a thread's messages and interrupt come from the thread routes.
    let snap = block_on(c.backend.open_thread(&h, INTERRUPTED)).expect("opens");
    assert_eq!(snap.interrupts.len(), 1);
    // A run names the thread but no agent, even when the UI still holds an assistant id.
    let started = block_on(c.backend.send(
        &h,
        SendRequest {
            thread: Some(INTERRUPTED.into()),
            assistant: Some("agent".into()),
            text: "hello".into(),
            message_id: "m1".into(),
            attachments: Vec::new(),
            checkpoint: None,
            settings: RunSettings::AgentProtocol {
                options: RunStreamOptions::default(),
                stateless: false,
            },
        },
    ))
    .expect("starts");
    let body = started.request.body.expect("a body");
    assert_eq!(started.request.path, "/runs/stream");
    assert_eq!(body["thread_id"], INTERRUPTED);
    assert!(body.get("agent_id").is_none(), "{body}");
    assert_eq!(body["messages"][0]["content"], "hello");
    let resume = c
        .backend
        .resume(INTERRUPTED, Some("agent"), None, "yes".into(), None)
        .expect("resume");
    assert!(resume.0.body.expect("body").get("agent_id").is_none());
    // Without the Runs routes, the run's end is read from the thread's status.
    let status = block_on(c.backend.run_status(&h, INTERRUPTED, "r")).expect("status");
    assert_eq!(status, RunStatus::Interrupted);
    assert!(h.asked_paths().iter().all(|p| p != "GET /runs/r"));
}

#[test]
fn agent_protocol_connect_fails_plainly_when_no_stage_answers() {
    let h = Recorded {
        answers: Vec::new(),
        asked: RefCell::new(Vec::new()),
    };
    let e = block_on(Backend::connect(
        &ServerProfile::new("http://x", Dialect::AgentProtocol),
        &h,
    ))
    .expect_err("nothing answered");
    assert!(
        e.to_string().contains("no Agent Protocol stage answered"),
        "{e}"
    );
}

#[cfg(feature = "yandex")]
#[test]
fn yandex_needs_a_folder_and_listens_after_the_last_cursor() {
    let h = Recorded::langgraph();
    let e = block_on(Backend::connect(
        &ServerProfile::new("http://x", Dialect::Yandex),
        &h,
    ))
    .expect_err("no folder");
    assert!(e.to_string().contains("folder id"), "{e}");
    assert!(
        h.asked.borrow().is_empty(),
        "nothing is sent without a folder"
    );
    let mut view = ThreadView::new();
    view.last_key = Some(crate::event::EventKey::Cursor(41));
    let r = Backend::of(Yandex::for_folder("f")).rejoin("t", "run1", &view);
    assert_eq!(r.path, "/assistants/v1/runs/listen");
    assert!(r.query.contains(&("eventsStartIdx".into(), "42".into())));
    assert_eq!(r.method, crate::http::Method::Get);
}

/// Answers every request with one thread state, and counts the pauses it was given.
struct OneState {
    body: String,
    pauses: std::cell::Cell<usize>,
}

impl Http for OneState {
    async fn send(&self, _: &HttpRequest) -> Result<HttpResponse, ApiError> {
        Ok(HttpResponse {
            status: 200,
            headers: vec![],
            body: self.body.clone(),
        })
    }

    async fn pause(&self) {
        self.pauses.set(self.pauses.get() + 1);
    }
}

#[test]
fn a_long_threads_state_is_read_a_part_at_a_time_every_message_once_in_order() {
    let state = |n: usize| {
        let messages: Vec<String> = (0..n)
            .map(|i| match i {
                // One unreadable message: said, and the others' positions still theirs.
                2_500 => "7".to_owned(),
                _ => format!(r#"{{"type": "human", "content": "m{i}", "id": "m{i}"}}"#),
            })
            .collect();
        OneState {
            body: format!(r#"{{"values": {{"messages": [{}]}}}}"#, messages.join(",")),
            pauses: Default::default(),
        }
    };
    let b = Backend::of(LangGraph {
        caps: super::langgraph::capabilities(None),
    });
    let long = state(2 * MESSAGES_READ_AT_ONCE + 500);
    let snap = block_on(b.thread_state(&long, "t")).expect("a state");
    assert_eq!(long.pauses.get(), 3, "a pause before each part");
    let want: Vec<String> = (0..2 * MESSAGES_READ_AT_ONCE + 500)
        .filter(|&i| i != 2_500)
        .map(|i| format!("m{i}"))
        .collect();
    let ids: Vec<&str> = snap.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, want);
    assert_eq!(snap.messages[4_000].plain_text(), "m4001");
    // The same messages as read at once.
    let whole = crate::dialects::langgraph::convert::thread_state(&long.body).expect("a state");
    assert_eq!(
        (whole.messages, whole.problems),
        (snap.messages, snap.problems.clone())
    );
    // The unreadable one is said, by its own position.
    assert_eq!(snap.problems.len(), 1, "{:?}", snap.problems);
    assert!(snap.problems[0].starts_with("message 2500 of the state could not be read"));
    // A short one is read at once.
    let short = state(MESSAGES_READ_AT_ONCE);
    let snap = block_on(b.thread_state(&short, "t")).expect("a state");
    assert_eq!((short.pauses.get(), snap.messages.len()), (0, 2_000));
}

/// A build for LangGraph alone (`--no-default-features --features langgraph`; scripts/test.sh runs
/// it so): the connect form offers LangGraph only, a Yandex server is refused with a message that
/// names what is missing, without a request, and a Yandex recording's events are all kept.
#[cfg(all(feature = "langgraph", not(feature = "yandex")))]
#[test]
fn a_dialect_left_out_of_the_build_is_refused_by_name() {
    assert_eq!(spoken().collect::<Vec<_>>(), [Dialect::LangGraph]);
    assert_eq!(
        ConnectForm::all().map(|f| f.dialect).collect::<Vec<_>>(),
        [Dialect::LangGraph]
    );
    assert_eq!(Dialect::default(), Dialect::LangGraph);
    assert!(speaks(Dialect::LangGraph) && !speaks(Dialect::Yandex));

    let h = Recorded::langgraph();
    let err = block_on(Backend::connect(
        &ServerProfile::new("http://x", Dialect::Yandex),
        &h,
    ))
    .expect_err("a left-out dialect cannot connect");
    let said = err.to_string();
    assert!(said.contains("does not speak Yandex"), "{said}");
    assert!(said.contains("\"yandex\""), "{said}");
    assert!(
        h.asked_paths().is_empty(),
        "nothing was sent: {:?}",
        h.asked_paths()
    );
    // The dialect spoken still connects.
    connect(Dialect::LangGraph, &h);

    let mut pipe = crate::StreamPipeline::new(Dialect::Yandex);
    let batches = pipe.feed(b"event: message\ndata: {\"a\":1}\n\nevent: done\ndata: 2\n\n");
    let kept: Vec<_> = batches.iter().flat_map(|(_, b)| &b.events).collect();
    assert!(
        matches!(kept[..], [
            crate::event::StreamEvent::Unknown { event: e1, data: d1 },
            crate::event::StreamEvent::Unknown { event: e2, .. },
        ] if e1 == "message" && d1 == "{\"a\":1}" && e2 == "done"),
        "{kept:?}"
    );
}

/// A dialect's code connects only a profile of that dialect (the app fetched the wrong part, say):
/// refused before anything is sent. The code a connected backend carries is its dialect's.
#[cfg(all(feature = "langgraph", feature = "agent-protocol"))]
#[test]
fn a_dialects_code_connects_its_own_dialect_alone() {
    let h = Recorded::langgraph();
    let e = block_on(Backend::connect_with(
        super::agent_protocol_code(),
        &ServerProfile::new("http://x", Dialect::LangGraph),
        &h,
    ))
    .expect_err("another dialect's code");
    assert!(
        e.to_string()
            .contains("Agent Protocol was asked to connect a LangGraph"),
        "{e}"
    );
    assert!(h.asked.borrow().is_empty(), "nothing is sent");
    let c = block_on(Backend::connect_with(
        super::langgraph_code(),
        &ServerProfile::new("http://x", Dialect::LangGraph),
        &h,
    ))
    .expect("connects");
    assert_eq!(c.backend.dialect(), Dialect::LangGraph);
    assert_eq!(
        super::code_of(Dialect::LangGraph).dialect(),
        Dialect::LangGraph
    );
    assert_eq!(
        super::unspoken_code(Dialect::Yandex).dialect(),
        Dialect::Yandex
    );
}
